package events

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"entgo.io/ent"
	"entgo.io/ent/dialect"
	"entgo.io/ent/privacy"

	gen "github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/ent/activity"
	"github.com/wushehub/wushe/ent/community"
	"github.com/wushehub/wushe/ent/consultation"
	"github.com/wushehub/wushe/ent/pairing"
)

// Hook returns the global ent hook that makes an event of every pairing
// created or updated, activity created and consultation created or
// updated: it appends the event to the change feed's table (see Feed) in
// the write's own transaction, on a database of dialect d, and publishes it
// on bus, with its position, once the transaction commits — on PostgreSQL
// the event is a NOTIFY in the write's transaction, which PostgreSQL
// delivers on commit and drops on rollback; on other buses it waits for the
// commit (ent's OnCommit hook). A write outside a transaction appends and
// publishes at once. Register it with client.Use where the bus is made
// (cmd/server serve).
func Hook(bus Bus, d string) ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			kind, ok := kindOf(m)
			if !ok {
				return next.Mutate(ctx, m)
			}
			var ids []int
			if m.Op().Is(ent.OpUpdate) { // many rows: which, before they change
				im, ok := m.(interface {
					IDs(context.Context) ([]int, error)
				})
				if !ok {
					return nil, fmt.Errorf("events: mutation %T has no IDs", m)
				}
				var err error
				if ids, err = im.IDs(ctx); err != nil {
					return nil, err
				}
			}
			v, err := next.Mutate(ctx, m)
			if err != nil {
				return v, err
			}
			client := clientOf(m)
			if client == nil {
				return nil, fmt.Errorf("events: mutation %T has no client", m)
			}
			if r, ok := single(v); ok && d == dialect.Postgres {
				e, err := appendOne(ctx, client, bus, Event{Kind: kind, Entity: m.Type(), ID: r.id}, r.community)
				if err != nil {
					return nil, err
				}
				if _, ok := bus.(*Postgres); !ok {
					if err := publish(ctx, bus, client, m, []Event{e}); err != nil {
						return nil, err
					}
				}
				return v, nil
			}
			evs, err := eventsOf(ctx, client, m.Type(), kind, v, ids)
			if err != nil {
				return nil, err
			}
			if err := appendLog(ctx, client, d, evs); err != nil {
				return nil, err
			}
			if err := publish(ctx, bus, client, m, evs); err != nil {
				return nil, err
			}
			return v, nil
		})
	}
}

// kindOf says which event a mutation makes, if any.
func kindOf(m ent.Mutation) (Kind, bool) {
	create, update := m.Op().Is(ent.OpCreate), m.Op().Is(ent.OpUpdate|ent.OpUpdateOne)
	switch m.Type() {
	case Pairing, Consultation:
		if create {
			return Created, true
		}
		if update {
			return Updated, true
		}
	case Activity:
		if create {
			return Created, true
		}
	}
	return "", false
}

// row is a changed record: its id and community.
type row struct{ id, community int }

// eventsOf returns the events of a mutation that returned v (the record, or
// the count of rows ids updated).
func eventsOf(ctx context.Context, c *gen.Client, entity string, kind Kind, v ent.Value, ids []int) ([]Event, error) {
	ctx = privacy.DecisionContext(ctx, privacy.Allow) // the hub's own lookups
	var rows []row
	switch r := v.(type) {
	case *gen.Pairing:
		rows = []row{{r.ID, r.CommunityID}}
	case *gen.Activity:
		rows = []row{{r.ID, r.CommunityID}}
	case *gen.Consultation:
		rows = []row{{r.ID, r.CommunityID}}
	default:
		if n, ok := v.(int); len(ids) == 0 || (ok && n == 0) {
			return nil, nil
		}
		var err error
		if rows, err = load(ctx, c, entity, ids); err != nil {
			return nil, err
		}
	}
	codes, err := communityCodes(ctx, c, rows)
	if err != nil {
		return nil, err
	}
	evs := make([]Event, 0, len(rows))
	for _, r := range rows {
		evs = append(evs, Event{Kind: kind, Entity: entity, ID: r.id, Community: codes[r.community]})
	}
	return evs, nil
}

// single returns the record a mutation of one record (a create, or an
// update of one) returned.
func single(v ent.Value) (row, bool) {
	switch r := v.(type) {
	case *gen.Pairing:
		return row{r.ID, r.CommunityID}, true
	case *gen.Activity:
		return row{r.ID, r.CommunityID}, true
	case *gen.Consultation:
		return row{r.ID, r.CommunityID}, true
	}
	return row{}, false
}

// appendOneSQL appends one event to the change feed on PostgreSQL in one
// round trip, with the community's code read in the same statement: the
// feed's lock first ($1), so that the position is drawn under it, then the
// row, returning its position and code. appendNotifySQL also notifies the
// event (with NOTIFY's payload as encode writes it, keys in another order)
// on the channel $7.
const (
	appendOneSQL = `WITH feed_lock AS (SELECT pg_advisory_xact_lock($1)),
ev AS (INSERT INTO change_events (entity, kind, record_id, community, created_at)
  SELECT $2::text, $3::text, $4::bigint, c.code, $5::bigint FROM communities c CROSS JOIN feed_lock WHERE c.id = $6
  RETURNING pos, community)
SELECT pos, community FROM ev`
	appendNotifySQL = `WITH feed_lock AS (SELECT pg_advisory_xact_lock($1)),
ev AS (INSERT INTO change_events (entity, kind, record_id, community, created_at)
  SELECT $2::text, $3::text, $4::bigint, c.code, $5::bigint FROM communities c CROSS JOIN feed_lock WHERE c.id = $6
  RETURNING pos, community)
SELECT pos, community, pg_notify($7, json_build_object('kind', $3::text, 'entity', $2::text, 'id', $4::bigint,
  'community', community, 'position', pos)::text)::text FROM ev`
)

// appendOne appends e, an event of a record of community, to the change
// feed on PostgreSQL through c (the write's transaction client) in one
// statement — and notifies it there when bus is PostgreSQL's — and returns
// it with its position and community code. It takes the place of the
// lookup of the code, the lock, the insert and the notification, four
// round trips while the write holds the feed's lock.
func appendOne(ctx context.Context, c *gen.Client, bus Bus, e Event, community int) (Event, error) {
	query, args := appendOneSQL, []any{feedLock, e.Entity, string(e.Kind), int64(e.ID), time.Now().UnixMilli(), community}
	if _, ok := bus.(*Postgres); ok {
		query, args = appendNotifySQL, append(args, Channel)
	}
	rows, err := c.QueryContext(privacy.DecisionContext(ctx, privacy.Allow), query, args...)
	if err != nil {
		return e, fmt.Errorf("events: appending to the change feed: %w", err)
	}
	if rows.Next() {
		if len(args) == 7 {
			var notified sql.NullString
			err = rows.Scan(&e.Position, &e.Community, &notified)
		} else {
			err = rows.Scan(&e.Position, &e.Community)
		}
	}
	if cerr := rows.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = rows.Err()
	}
	if err == nil && e.Position == 0 {
		err = fmt.Errorf("no position returned (community %d not found)", community)
	}
	if err != nil {
		return e, fmt.Errorf("events: appending to the change feed: %w", err)
	}
	return e, nil
}

// load reads the community of each record of entity in ids.
func load(ctx context.Context, c *gen.Client, entity string, ids []int) ([]row, error) {
	var rows []row
	var err error
	switch entity {
	case Pairing:
		var ps []*gen.Pairing
		ps, err = c.Pairing.Query().Where(pairing.IDIn(ids...)).Select(pairing.FieldCommunityID).All(ctx)
		for _, p := range ps {
			rows = append(rows, row{p.ID, p.CommunityID})
		}
	case Activity:
		var as []*gen.Activity
		as, err = c.Activity.Query().Where(activity.IDIn(ids...)).Select(activity.FieldCommunityID).All(ctx)
		for _, a := range as {
			rows = append(rows, row{a.ID, a.CommunityID})
		}
	case Consultation:
		var cs []*gen.Consultation
		cs, err = c.Consultation.Query().Where(consultation.IDIn(ids...)).Select(consultation.FieldCommunityID).All(ctx)
		for _, x := range cs {
			rows = append(rows, row{x.ID, x.CommunityID})
		}
	}
	if err != nil {
		return nil, fmt.Errorf("events: loading changed %s records: %w", entity, err)
	}
	return rows, nil
}

// communityCodes returns the code of each community of rows.
func communityCodes(ctx context.Context, c *gen.Client, rows []row) (map[int]string, error) {
	var ids []int
	seen := map[int]bool{}
	for _, r := range rows {
		if !seen[r.community] {
			seen[r.community] = true
			ids = append(ids, r.community)
		}
	}
	codes := map[int]string{}
	if len(ids) == 0 {
		return codes, nil
	}
	cs, err := c.Community.Query().Where(community.IDIn(ids...)).Select(community.FieldCode).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("events: loading community codes: %w", err)
	}
	for _, cm := range cs {
		codes[cm.ID] = cm.Code
	}
	return codes, nil
}

// feedLock is the PostgreSQL advisory lock that serialises appends to the
// change feed until their transactions end, so that positions grow in
// commit order: a reader that has seen position n never later finds a
// smaller one committed. It is the audit chain's lock (internal/audit),
// which every audited write holds until it ends anyway: one lock, so that
// writes taking both cannot deadlock on their order.
const feedLock = 0x7775736865_61

// appendLog appends evs to the change feed through c (the write's
// transaction client, if any), setting their positions.
func appendLog(ctx context.Context, c *gen.Client, d string, evs []Event) error {
	if len(evs) == 0 {
		return nil
	}
	insert := "INSERT INTO change_events (entity, kind, record_id, community, created_at) VALUES (?, ?, ?, ?, ?) RETURNING pos"
	if d == dialect.Postgres {
		if _, err := c.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", feedLock); err != nil {
			return fmt.Errorf("events: locking the change feed: %w", err)
		}
		insert = "INSERT INTO change_events (entity, kind, record_id, community, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING pos"
	}
	now := time.Now().UnixMilli()
	for i := range evs {
		e := &evs[i]
		rows, err := c.QueryContext(ctx, insert, e.Entity, string(e.Kind), int64(e.ID), e.Community, now)
		if err != nil {
			return fmt.Errorf("events: appending to the change feed: %w", err)
		}
		if rows.Next() {
			err = rows.Scan(&e.Position)
		}
		if cerr := rows.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			err = rows.Err()
		}
		if err == nil && e.Position == 0 {
			err = errors.New("no position returned")
		}
		if err != nil {
			return fmt.Errorf("events: appending to the change feed: %w", err)
		}
	}
	return nil
}

// txNotifier is a bus that publishes within the write's transaction.
type txNotifier interface {
	notify(ctx context.Context, x execer, e Event) error
}

// publish sends evs when the transaction of m commits.
func publish(ctx context.Context, bus Bus, c *gen.Client, m ent.Mutation, evs []Event) error {
	for _, e := range evs {
		if _, err := encode(e); err != nil { // so that publishing after the commit cannot fail
			return err
		}
	}
	if n, ok := bus.(txNotifier); ok {
		for _, e := range evs {
			if err := n.notify(ctx, c, e); err != nil { // c is the transaction's, if any
				return err
			}
		}
		return nil
	}
	if t, ok := m.(interface{ Tx() (*gen.Tx, error) }); ok {
		if tx, err := t.Tx(); err == nil {
			tx.OnCommit(func(next gen.Committer) gen.Committer {
				return gen.CommitFunc(func(ctx context.Context, tx *gen.Tx) error {
					if err := next.Commit(ctx, tx); err != nil {
						return err
					}
					for _, e := range evs {
						_ = bus.Publish(context.WithoutCancel(ctx), e) // encodable (checked above): cannot fail
					}
					return nil
				})
			})
			return nil
		}
	}
	for _, e := range evs {
		if err := bus.Publish(ctx, e); err != nil {
			return err
		}
	}
	return nil
}

func clientOf(m ent.Mutation) *gen.Client {
	if c, ok := m.(interface{ Client() *gen.Client }); ok {
		return c.Client()
	}
	return nil
}
