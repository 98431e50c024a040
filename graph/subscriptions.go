package graph

import (
	"context"
	"errors"
	"log/slog"
	"strconv"
	"time"

	"entgo.io/ent/privacy"
	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/events"
	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/ident"
	"github.com/wushehub/wushe/internal/store"
)

// This file holds what the subscription resolvers share. A subscription
// reads the bus's events of one entity type, keeps those of its community or
// division, and loads each event's record as the subscriber, so that the
// privacy rules filter it like any query: a record the subscriber may not
// read is dropped. Before each event the connection's credentials and the
// sharing agreement it names are checked again, so that an expired token,
// a deactivated account or a revoked agreement ends the subscription with
// its error. The records then go through the field middleware (shareFields)
// as in queries; see stream for how they get there.

// stream is one subscription operation, set up by the WebSocket transport
// (websocket.go) before its resolver runs.
type stream struct {
	bus    events.Bus   // nil: this server has no bus
	feed   *events.Feed // nil: events come from the bus, with no replay
	client *ent.Client
	log    *slog.Logger
	field  graphql.CollectedField // the root field subscribed to

	// pull waits for the resolver's next record and hands it to the
	// executor; set by the resolver (attach), nil until then.
	pull func(ctx context.Context) (row any, ok bool)
	// event is the event of the record pull handed over last.
	event events.Event
}

// delivery is a record of a subscription with the event that brought it.
type delivery[T any] struct {
	row   T
	event events.Event
}

type streamKey struct{}

func withStream(ctx context.Context, s *stream) context.Context {
	return context.WithValue(ctx, streamKey{}, s)
}

func streamOf(ctx context.Context) *stream {
	s, _ := ctx.Value(streamKey{}).(*stream)
	return s
}

var errNoStreams = &fault.Error{Code: fault.Internal, Text: fault.T("subscriptions are not available on this server", "本服务器不支持订阅")}

// follow streams the records of entity whose events match, loaded by load
// as the subscriber, until the subscription ends: from the change feed,
// after the position after when given (replayed events go through the same
// checks as live ones), or else from the bus.
func follow[T any](ctx context.Context, entity string, after *string, match func(events.Event) bool, load func(context.Context, int) (T, error)) (<-chan T, error) {
	st := streamOf(ctx)
	if st == nil || (st.bus == nil && st.feed == nil) {
		return nil, errNoStreams
	}
	in, cancel, err := source(ctx, st, entity, after)
	if err != nil {
		return nil, err
	}
	out := make(chan delivery[T])
	v := authz.FromContext(ctx)
	go func() {
		defer close(out) // after an error is added: the transport reads it once out closes
		defer cancel()
		began, delivered, why := time.Now(), 0, "ended by the client (stopped, or its connection closed)"
		defer func() {
			st.log.InfoContext(ctx, "subscription ended", "field", st.field.Name, "role", string(v.Role), "agency", v.Agency,
				"delivered", delivered, "took", time.Since(began).Round(time.Millisecond), "why", why)
		}()
		for {
			var e events.Event
			select {
			case <-ctx.Done():
				return
			case got, ok := <-in:
				if !ok {
					if ctx.Err() == nil {
						why = "the event stream closed (server shutting down, or the client fell behind)"
					}
					return
				}
				e = got
			}
			if !match(e) {
				continue
			}
			// What the rules look up, afresh for each event, and the record,
			// from the primary: a read replica may not have the change yet.
			ectx := authz.WithRequest(store.OnPrimary(ctx), st.client)
			if err := checkCredentials(ectx); err != nil {
				why = "credentials refused"
				endWith(ctx, err)
				return
			}
			if err := authz.CheckPurpose(ectx); err != nil {
				why = "sharing agreement no longer in force"
				endWith(ctx, err)
				return
			}
			row, err := load(ectx, e.ID)
			switch {
			case ent.IsNotFound(err) || errors.Is(err, privacy.Deny):
				continue // the subscriber may not read it
			case err != nil:
				st.log.ErrorContext(ctx, "subscription: loading an event's record", "entity", e.Entity, "id", e.ID, "err", err)
				continue
			}
			select {
			case out <- delivery[T]{row: row, event: e}:
				delivered++
			case <-ctx.Done():
				return
			}
		}
	}()
	return attach(st, out), nil
}

// source returns the events of entity the subscription of st follows.
func source(ctx context.Context, st *stream, entity string, after *string) (<-chan events.Event, func(), error) {
	if st.feed == nil {
		if after != nil {
			return nil, nil, fault.BadInput("after", fault.T("this server keeps no change feed to resume from", "本服务器未保存变更日志，无法续订"))
		}
		in, cancel := st.bus.Subscribe(ctx, entity)
		return in, cancel, nil
	}
	var pos int64
	if after != nil {
		p, err := strconv.ParseInt(*after, 10, 64)
		if err != nil || p < 0 {
			return nil, nil, fault.BadInput("after", fault.T("must be a position of the change feed: a previous message's extensions.position", "应为变更日志中的位置，即此前消息的 extensions.position"))
		}
		pos = p
	}
	fctx, cancel := context.WithCancel(ctx)
	in, err := st.feed.Follow(fctx, entity, pos, after != nil)
	switch {
	case errors.Is(err, events.ErrExpired):
		cancel()
		return nil, nil, fault.BadInput("after", fault.T("position %d is older than the change feed's retention: its events were removed; subscribe without after and reload the records", "位置%d早于变更日志的保留期限，其后的事件已删除：请不带 after 重新订阅并重新读取数据", pos))
	case errors.Is(err, events.ErrAhead):
		cancel()
		return nil, nil, fault.BadInput("after", fault.T("position %d is ahead of the change feed", "位置%d超出变更日志的末尾", pos))
	case err != nil:
		cancel()
		return nil, nil, err
	}
	return in, cancel, nil
}

// attach hands the records of source to the executor through the stream:
// stream.pull receives one, and only then puts it on the channel returned,
// which the executor reads at once; so the transport knows which record
// each response marshals, and with which event (see websocket.go).
func attach[T any](st *stream, source <-chan delivery[T]) <-chan T {
	out := make(chan T, 1)
	st.pull = func(ctx context.Context) (any, bool) {
		select {
		case d, ok := <-source:
			if !ok {
				close(out)
				return nil, false
			}
			select {
			case <-out: // a record the executor did not take (a middleware answered instead)
			default:
			}
			st.event = d.event
			out <- d.row
			return d.row, true
		case <-ctx.Done():
			return nil, false
		}
	}
	return out
}

// endWith ends the subscription of ctx with err, as its client sees errors.
func endWith(ctx context.Context, err error) {
	fe := Classify(err)
	e := &gqlerror.Error{Message: fe.Message(fault.LangFrom(ctx)), Extensions: map[string]any{"code": string(fe.Code)}}
	if fc := graphql.GetFieldContext(ctx); fc != nil {
		e.Path = fc.Path()
	}
	transport.AddSubscriptionError(ctx, e)
}

// inCommunity matches the events of the community with code.
func inCommunity(code string) func(events.Event) bool {
	return func(e events.Event) bool { return e.Community == code }
}

// inDivision matches the events of the communities in the division or
// community with code.
func inDivision(code string) func(events.Event) bool {
	return func(e events.Event) bool { return ident.Contains(code, e.Community) }
}

// divisionCode returns the code of a Division or Community.
func divisionCode(ctx context.Context, c *ent.Client, id int) (string, error) {
	switch typ, _ := ent.TypeOfID(id); typ {
	case "Division":
		d, err := c.Division.Get(ctx, id)
		if err != nil {
			return "", err
		}
		return d.Code, nil
	case "Community":
		cm, err := c.Community.Get(ctx, id)
		if err != nil {
			return "", err
		}
		return cm.Code, nil
	default:
		return "", fault.BadInput("division", fault.T("must be the ID of a division or a community", "应为区划或社区的ID"))
	}
}

// mayFollowActivities refuses a viewer who could read no activity of the
// division or community with code: the public, and offices and community
// committees outside it. Partners and co-organisers may follow any
// division; the records they may not read are dropped one by one.
func mayFollowActivities(ctx context.Context, code string) error {
	v := authz.FromContext(ctx)
	p, all := authz.ReadScope(ctx, events.Activity)
	refused := fault.Denied(fault.T("you may not follow the activities of this division", "无权订阅该区划的活动"))
	switch {
	case all:
		return nil
	case p == nil: // the public, and whoever reads no activity at all
		return refused
	case v.IsOffice() && !ident.Contains(v.Agency, code) && !ident.Contains(code, v.Agency):
		return refused
	case v.Role == authz.CommunityOfficer && !ident.Contains(code, v.Agency):
		return refused
	}
	return nil
}

// mayFollowConsultations: a community's consultations are for the community
// itself and the offices above it (and the platform).
func mayFollowConsultations(ctx context.Context, code string) error {
	v := authz.FromContext(ctx)
	if v.Covers(code) || (v.Role == authz.CommunityOfficer && v.Agency == code) {
		return nil
	}
	return fault.Denied(fault.T("the consultations of a community are for the community and the offices above it",
		"社区议事仅供本社区及其上级街道、区级部门订阅"))
}
