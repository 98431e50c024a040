package events

import (
	"context"
	"log/slog"
)

// Local is the bus of one server process: events reach the subscribers of
// the process that published them. It serves SQLite, whose database one
// process owns, and tests.
type Local struct {
	subs *fanout
}

var _ Bus = (*Local)(nil)

// NewLocal returns an in-process bus.
func NewLocal(log *slog.Logger) *Local {
	return &Local{subs: newFanout(log)}
}

// Publish delivers e to the process's subscribers of e.Entity; it never
// blocks and fails only for an event too large to notify.
func (b *Local) Publish(_ context.Context, e Event) error {
	if _, err := encode(e); err != nil { // the same limit as PostgreSQL's
		return err
	}
	b.subs.deliver(e)
	return nil
}

// Subscribe returns the events of topic until ctx is done or cancel is
// called.
func (b *Local) Subscribe(ctx context.Context, topic string) (<-chan Event, func()) {
	return b.subs.subscribe(ctx, topic)
}

// Subscribers returns the number of open subscriptions.
func (b *Local) Subscribers() int { return b.subs.count() }

// Close ends every subscription.
func (b *Local) Close() error {
	b.subs.close()
	return nil
}
