// Package events carries change events of the hub's records — a pairing
// proposed or answered, an activity recorded, a consultation raised or
// resolved — from the write that made them to the subscriptions that want
// them, across server processes: in process on SQLite (Local), through
// PostgreSQL LISTEN/NOTIFY between replicas (Postgres).
//
// An event names the record and the community it belongs to, never its
// content: a subscriber loads the record itself, as its own viewer, so the
// privacy rules decide what it receives. Events are published only once the
// transaction that made the change commits (Hook).
package events

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"
)

// The entity types that have events; each is also a topic.
const (
	Pairing      = "Pairing"
	Activity     = "Activity"
	Consultation = "Consultation"
)

// Kind says what happened to a record.
type Kind string

// The kinds of events.
const (
	Created Kind = "CREATED"
	Updated Kind = "UPDATED"
)

// Event says that a record changed: what happened, its entity type and id,
// and the code of the community it belongs to. It carries no personal data.
type Event struct {
	Kind      Kind   `json:"kind"`
	Entity    string `json:"entity"`
	ID        int    `json:"id"`
	Community string `json:"community"` // 12-digit community code
	// Position is the event's place in the change feed (Feed), growing in
	// commit order; 0 for an event published without the feed.
	Position int64 `json:"position,omitempty"`
}

// MaxPayload is the size limit of an encoded event: PostgreSQL refuses
// NOTIFY payloads of 8000 bytes or more.
const MaxPayload = 8000 - 1

// encode returns the wire form of e.
func encode(e Event) ([]byte, error) {
	b, err := json.Marshal(e)
	if err != nil {
		return nil, fmt.Errorf("encode event: %w", err)
	}
	if len(b) > MaxPayload {
		return nil, fmt.Errorf("encode event: %d bytes, more than the %d a notification may carry", len(b), MaxPayload)
	}
	return b, nil
}

// decode reads the wire form of an event.
func decode(b []byte) (Event, error) {
	var e Event
	if err := json.Unmarshal(b, &e); err != nil {
		return Event{}, fmt.Errorf("decode event: %w", err)
	}
	if e.Entity == "" || e.ID == 0 {
		return Event{}, fmt.Errorf("decode event: %q lacks entity or id", b)
	}
	return e, nil
}

// Bus delivers published events to the subscribers of their entity type
// (the topic), in every server process sharing the bus.
type Bus interface {
	// Publish sends e to the subscribers of e.Entity. Writes publish through
	// Hook, which waits for their transaction to commit.
	Publish(ctx context.Context, e Event) error
	// Subscribe returns the events of topic (an entity type) from now on,
	// until ctx is done or cancel is called; then the channel is closed. It
	// is also closed when the subscriber falls too far behind (the events it
	// missed are not replayed) and when the bus closes.
	Subscribe(ctx context.Context, topic string) (events <-chan Event, cancel func())
	// Close ends every subscription and stops the bus.
	Close() error
}

// Buffer is how many events a subscriber may fall behind before its
// subscription is ended.
const Buffer = 64

// fanout holds the subscribers of a process and hands them events.
type fanout struct {
	log *slog.Logger

	mu     sync.Mutex
	topics map[string]map[*subscriber]struct{}
	closed bool
}

type subscriber struct {
	topic string
	ch    chan Event
}

func newFanout(log *slog.Logger) *fanout {
	return &fanout{log: log, topics: map[string]map[*subscriber]struct{}{}}
}

// subscribe adds a subscriber to topic until ctx is done or cancel is called.
func (f *fanout) subscribe(ctx context.Context, topic string) (<-chan Event, func()) {
	s := &subscriber{topic: topic, ch: make(chan Event, Buffer)}
	f.mu.Lock()
	if f.closed {
		f.mu.Unlock()
		close(s.ch)
		return s.ch, func() {}
	}
	if f.topics[topic] == nil {
		f.topics[topic] = map[*subscriber]struct{}{}
	}
	f.topics[topic][s] = struct{}{}
	f.mu.Unlock()

	var (
		once sync.Once
		stop func() bool // guarded by f.mu: cancel may run before it is set
	)
	cancel := func() {
		once.Do(func() {
			f.mu.Lock()
			f.removeLocked(s)
			st := stop
			f.mu.Unlock()
			if st != nil {
				st()
			}
		})
	}
	st := context.AfterFunc(ctx, cancel)
	f.mu.Lock()
	stop = st
	f.mu.Unlock()
	return s.ch, cancel
}

// removeLocked drops s and closes its channel, once.
func (f *fanout) removeLocked(s *subscriber) {
	subs := f.topics[s.topic]
	if _, ok := subs[s]; !ok {
		return
	}
	delete(subs, s)
	if len(subs) == 0 {
		delete(f.topics, s.topic)
	}
	close(s.ch)
}

// deliver hands e to the subscribers of its entity without ever blocking:
// a subscriber whose buffer is full is dropped.
func (f *fanout) deliver(e Event) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for s := range f.topics[e.Entity] {
		select {
		case s.ch <- e:
		default:
			f.removeLocked(s)
			f.log.Warn("events: subscriber dropped: it fell behind", "topic", s.topic, "buffer", Buffer)
		}
	}
}

// count returns the number of open subscriptions.
func (f *fanout) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, subs := range f.topics {
		n += len(subs)
	}
	return n
}

// close ends every subscription; later ones are closed at once.
func (f *fanout) close() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.closed = true
	for _, subs := range f.topics {
		for s := range subs {
			f.removeLocked(s)
		}
	}
}
