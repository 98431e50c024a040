package events

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"entgo.io/ent/dialect"
)

// Topics are the entity types that have events.
var Topics = []string{Pairing, Activity, Consultation}

// Feed is the durable change feed: every change event is appended, in the
// write's own transaction, to the change_events table (Hook), under a
// position that grows in commit order; a bus (LISTEN/NOTIFY on PostgreSQL)
// only wakes the feeds of the server processes, which then read the table
// after the last position they saw — and also every Poll, so that a
// notification lost while a listener reconnects delays events but loses
// none. Follow replays a subscriber's missed events from its last
// position, then hands it the live ones; a subscriber that falls behind
// catches up from the table instead of being dropped. Events older than
// the retention are removed.
type Feed struct {
	db        *sql.DB
	dialect   string
	bus       Bus
	log       *slog.Logger
	retention time.Duration
	poll      time.Duration

	mu        sync.Mutex
	head      int64 // the last position read from the table
	followers map[*follower]struct{}
	closed    bool

	wake      chan struct{}
	done      chan struct{}
	stopped   sync.WaitGroup
	closeOnce sync.Once
}

// FeedConfig configures a Feed.
type FeedConfig struct {
	DB      *sql.DB // the primary database, migrated
	Dialect string  // dialect.SQLite or dialect.Postgres
	// Bus wakes the feed when a write in any process appended events; nil
	// leaves it to Poll.
	Bus Bus
	Log *slog.Logger
	// Retention is how long events are kept (default DefaultRetention).
	Retention time.Duration
	// Poll is how often the table is read without a wake-up (default 1 s).
	Poll time.Duration
}

// DefaultRetention is how long the feed keeps events unless configured.
const DefaultRetention = 7 * 24 * time.Hour

// batch is how many events one read of the table returns at most.
const batch = 500

// NewFeed opens the feed of cfg.DB from its current end, and starts
// following the table and removing events past the retention.
func NewFeed(ctx context.Context, cfg FeedConfig) (*Feed, error) {
	if cfg.Retention <= 0 {
		cfg.Retention = DefaultRetention
	}
	if cfg.Poll <= 0 {
		cfg.Poll = time.Second
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	f := &Feed{db: cfg.DB, dialect: cfg.Dialect, bus: cfg.Bus, log: cfg.Log, retention: cfg.Retention, poll: cfg.Poll,
		followers: map[*follower]struct{}{}, wake: make(chan struct{}, 1), done: make(chan struct{})}
	head, err := f.Head(ctx)
	if err != nil {
		return nil, err
	}
	f.head = head
	if f.bus != nil {
		for _, topic := range Topics {
			f.stopped.Add(1)
			go f.listen(topic)
		}
	}
	f.stopped.Add(2)
	go f.tail()
	go f.prune()
	return f, nil
}

// q adapts a statement written with $n placeholders to the dialect.
func (f *Feed) q(query string) string {
	if f.dialect == dialect.Postgres {
		return query
	}
	for i := 9; i >= 1; i-- {
		query = strings.ReplaceAll(query, fmt.Sprintf("$%d", i), "?")
	}
	return query
}

// Head returns the last position in the table (0 when it is empty and
// nothing was ever removed).
func (f *Feed) Head(ctx context.Context) (int64, error) {
	var head, pruned sql.NullInt64
	if err := f.db.QueryRowContext(ctx, "SELECT MAX(pos) FROM change_events").Scan(&head); err != nil {
		return 0, fmt.Errorf("change feed: reading its end: %w", err)
	}
	if !head.Valid {
		var err error
		if pruned, err = f.horizon(ctx); err != nil {
			return 0, err
		}
		return pruned.Int64, nil
	}
	return head.Int64, nil
}

// Horizon returns the last position removed by retention (0: none).
func (f *Feed) Horizon(ctx context.Context) (int64, error) {
	h, err := f.horizon(ctx)
	return h.Int64, err
}

// horizon returns the last position removed by retention.
func (f *Feed) horizon(ctx context.Context) (sql.NullInt64, error) {
	var h sql.NullInt64
	err := f.db.QueryRowContext(ctx, "SELECT pruned_through FROM change_feed_horizon WHERE id = 1").Scan(&h)
	if errors.Is(err, sql.ErrNoRows) {
		return sql.NullInt64{}, nil
	}
	if err != nil {
		return h, fmt.Errorf("change feed: reading its horizon: %w", err)
	}
	return h, nil
}

// Read returns up to limit events after position after, in order, of the
// given topics (all when none).
func (f *Feed) Read(ctx context.Context, after int64, limit int, topics ...string) ([]Event, error) {
	query := "SELECT pos, entity, kind, record_id, community FROM change_events WHERE pos > $1"
	args := []any{after}
	switch len(topics) {
	case 0:
	case 1:
		query += " AND entity = $3"
		args = append(args, topics[0])
	default:
		marks := make([]string, len(topics))
		for i, t := range topics {
			marks[i] = fmt.Sprintf("$%d", i+3)
			args = append(args, t)
		}
		query += " AND entity IN (" + strings.Join(marks, ", ") + ")"
	}
	query += " ORDER BY pos LIMIT $2"
	// $2 comes last in the text: order the arguments as they appear for
	// SQLite's positional ones.
	if f.dialect == dialect.Postgres {
		args = append([]any{args[0], limit}, args[1:]...)
	} else {
		args = append(args, limit)
	}
	rows, err := f.db.QueryContext(ctx, f.q(query), args...)
	if err != nil {
		return nil, fmt.Errorf("change feed: reading events: %w", err)
	}
	defer rows.Close()
	var evs []Event
	for rows.Next() {
		var e Event
		var id int64
		if err := rows.Scan(&e.Position, &e.Entity, &e.Kind, &id, &e.Community); err != nil {
			return nil, fmt.Errorf("change feed: reading events: %w", err)
		}
		e.ID = int(id)
		evs = append(evs, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("change feed: reading events: %w", err)
	}
	return evs, nil
}

// Wake makes the feed read the table now (after a write of this process
// on a feed without a bus).
func (f *Feed) Wake() {
	select {
	case f.wake <- struct{}{}:
	default:
	}
}

// listen turns the bus's events of topic into wake-ups.
func (f *Feed) listen(topic string) {
	defer f.stopped.Done()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { <-f.done; cancel() }()
	for {
		in, stop := f.bus.Subscribe(ctx, topic)
		for range in {
			f.Wake()
		}
		stop()
		select {
		case <-f.done:
			return
		case <-time.After(100 * time.Millisecond): // the bus dropped or closed the subscription
		}
		select {
		case <-f.done:
			return
		default:
		}
	}
}

// tail reads the table after head whenever woken, and every poll, handing
// the events to the followers.
func (f *Feed) tail() {
	defer f.stopped.Done()
	tick := time.NewTicker(f.poll)
	defer tick.Stop()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { <-f.done; cancel() }()
	for {
		select {
		case <-f.done:
			return
		case <-f.wake:
		case <-tick.C:
		}
		for {
			f.mu.Lock()
			head := f.head
			f.mu.Unlock()
			evs, err := f.Read(ctx, head, batch)
			if err != nil {
				if ctx.Err() == nil {
					f.log.Warn("change feed: reading new events failed; retrying", "err", err)
				}
				break
			}
			f.deliver(evs)
			if len(evs) < batch {
				break
			}
		}
	}
}

// deliver hands evs to the followers of their topics, and moves head.
func (f *Feed) deliver(evs []Event) {
	if len(evs) == 0 {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, e := range evs {
		if e.Position <= f.head {
			continue
		}
		f.head = e.Position
		for fl := range f.followers {
			if fl.topic != e.Entity {
				continue
			}
			select {
			case fl.ch <- e:
			default: // it fell behind: it catches up from the table
				fl.lagged = true
				f.removeLocked(fl)
			}
		}
	}
}

// prune removes the events past the retention, now and then.
func (f *Feed) prune() {
	defer f.stopped.Done()
	every := min(max(f.retention/4, 100*time.Millisecond), time.Minute)
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		if err := f.Prune(ctx, time.Now().Add(-f.retention)); err != nil {
			f.log.Warn("change feed: removing old events failed", "err", err)
		}
		cancel()
		select {
		case <-f.done:
			return
		case <-tick.C:
		}
	}
}

// Prune removes the events appended before cut, recording the last
// position removed.
func (f *Feed) Prune(ctx context.Context, cut time.Time) error {
	tx, err := f.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("change feed: prune: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it does nothing
	var last sql.NullInt64
	if err := tx.QueryRowContext(ctx, f.q("SELECT MAX(pos) FROM change_events WHERE created_at < $1"), cut.UnixMilli()).Scan(&last); err != nil {
		return fmt.Errorf("change feed: prune: %w", err)
	}
	if !last.Valid {
		return nil
	}
	if _, err := tx.ExecContext(ctx, f.q("DELETE FROM change_events WHERE pos <= $1"), last.Int64); err != nil {
		return fmt.Errorf("change feed: prune: %w", err)
	}
	upsert := "INSERT INTO change_feed_horizon (id, pruned_through) VALUES (1, $1) " +
		"ON CONFLICT (id) DO UPDATE SET pruned_through = CASE WHEN change_feed_horizon.pruned_through > excluded.pruned_through " +
		"THEN change_feed_horizon.pruned_through ELSE excluded.pruned_through END"
	if _, err := tx.ExecContext(ctx, f.q(upsert), last.Int64); err != nil {
		return fmt.Errorf("change feed: prune: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("change feed: prune: %w", err)
	}
	return nil
}

// ErrExpired: a resume position is older than the feed's retention; the
// events after it were removed.
var ErrExpired = errors.New("the resume position is older than the change feed's retention")

// ErrAhead: a resume position the feed has not reached.
var ErrAhead = errors.New("the resume position is ahead of the change feed")

// follower is one subscriber of the feed.
type follower struct {
	topic  string
	ch     chan Event
	lagged bool // guarded by Feed.mu: it was dropped for falling behind
}

// followBuffer is how many live events a follower may fall behind before
// it reads them from the table instead.
const followBuffer = 256

// register adds a follower of topic, returning it and the feed's head.
func (f *Feed) register(topic string) (*follower, int64, bool) {
	fl := &follower{topic: topic, ch: make(chan Event, followBuffer)}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return nil, 0, false
	}
	f.followers[fl] = struct{}{}
	return fl, f.head, true
}

func (f *Feed) removeLocked(fl *follower) {
	if _, ok := f.followers[fl]; ok {
		delete(f.followers, fl)
		close(fl.ch)
	}
}

func (f *Feed) unregister(fl *follower) (lagged bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.removeLocked(fl)
	return fl.lagged
}

// Follow returns the events of topic in position order until ctx is done
// or the feed closes (then the channel is closed): from now on, or, when
// resume is set, every event after position after first — replayed from
// the table — and then the live ones. An event may come twice only across
// a server restart or a client's reconnection, with the same position. It
// fails with ErrExpired when events after after were removed by retention
// and with ErrAhead when after is past the feed's end.
func (f *Feed) Follow(ctx context.Context, topic string, after int64, resume bool) (<-chan Event, error) {
	if resume {
		h, err := f.horizon(ctx)
		if err != nil {
			return nil, err
		}
		if h.Valid && after < h.Int64 {
			return nil, fmt.Errorf("%w: events up to %d were removed", ErrExpired, h.Int64)
		}
		head, err := f.Head(ctx)
		if err != nil {
			return nil, err
		}
		if after > head {
			return nil, fmt.Errorf("%w: its last position is %d", ErrAhead, head)
		}
	}
	fl, head, ok := f.register(topic)
	out := make(chan Event)
	if !ok {
		close(out)
		return out, nil
	}
	cursor := head
	if resume {
		cursor = after
	} else {
		// From now on: what the table holds already is not for this
		// follower, though the feed may not have read it yet.
		end, err := f.Head(ctx)
		if err != nil {
			f.unregister(fl)
			return nil, err
		}
		cursor = max(cursor, end)
	}
	send := func(e Event) bool {
		select {
		case out <- e:
			cursor = e.Position
			return true
		case <-ctx.Done():
			return false
		}
	}
	go func() {
		defer close(out)
		replay := resume
		for {
			if replay {
				for {
					evs, err := f.Read(ctx, cursor, batch, topic)
					if err != nil {
						f.unregister(fl)
						if ctx.Err() == nil {
							f.log.Warn("change feed: replaying events failed; ending the subscription", "err", err)
						}
						return
					}
					for _, e := range evs {
						if !send(e) {
							f.unregister(fl)
							return
						}
					}
					if len(evs) < batch {
						break
					}
				}
			}
			for live := true; live; {
				select {
				case e, open := <-fl.ch:
					if !open {
						live = false
						break
					}
					if e.Position > cursor && !send(e) {
						f.unregister(fl)
						return
					}
				case <-ctx.Done():
					f.unregister(fl)
					return
				}
			}
			if !f.unregister(fl) { // the feed closed
				return
			}
			if fl, _, ok = f.register(topic); !ok {
				return
			}
			replay = true
		}
	}()
	return out, nil
}

// Followers returns the number of open subscriptions of the feed.
func (f *Feed) Followers() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.followers)
}

// Close ends every subscription and stops following the table; it does
// not close the bus.
func (f *Feed) Close() error {
	f.closeOnce.Do(func() {
		f.mu.Lock()
		f.closed = true
		for fl := range f.followers {
			f.removeLocked(fl)
		}
		f.mu.Unlock()
		close(f.done)
		f.stopped.Wait()
	})
	return nil
}
