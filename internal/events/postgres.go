package events

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"time"

	"github.com/lib/pq"
)

// Channel is the PostgreSQL notification channel of the hub's events.
const Channel = "wushe_events"

// Postgres is the bus of server replicas sharing one PostgreSQL database:
// events are published with NOTIFY on Channel and every replica LISTENs on
// one dedicated connection, so a write on one replica reaches the
// subscribers of all. The listening connection is re-established, and
// LISTEN issued again, after it is lost; events notified while it was down
// are lost (logged).
type Postgres struct {
	db       *sql.DB
	listener *pq.Listener
	subs     *fanout
	log      *slog.Logger
	done     chan struct{} // closed by Close
	stopped  chan struct{} // closed when the dispatch loop has ended

	closeOnce sync.Once
}

var _ Bus = (*Postgres)(nil)

// pingEvery is how often the listening connection is checked, so that a
// connection dropped without notice is noticed and re-established.
const pingEvery = 30 * time.Second

// NewPostgres returns a bus that LISTENs on the database at dsn (a
// postgres:// URL) and NOTIFYs through db. It fails when LISTEN does not
// succeed before ctx is done.
func NewPostgres(ctx context.Context, dsn string, db *sql.DB, log *slog.Logger) (*Postgres, error) {
	p := &Postgres{db: db, subs: newFanout(log), log: log, done: make(chan struct{}), stopped: make(chan struct{})}
	p.listener = pq.NewListener(dsn, 100*time.Millisecond, 10*time.Second, p.event)
	listened := make(chan error, 1)
	go func() { listened <- p.listener.Listen(Channel) }()
	select {
	case err := <-listened:
		if err != nil {
			_ = p.listener.Close()
			return nil, fmt.Errorf("events: LISTEN %s: %w", Channel, err)
		}
	case <-ctx.Done():
		_ = p.listener.Close()
		return nil, fmt.Errorf("events: LISTEN %s: %w", Channel, ctx.Err())
	}
	go p.dispatch()
	return p, nil
}

// event logs the listening connection's state changes.
func (p *Postgres) event(ev pq.ListenerEventType, err error) {
	switch ev {
	case pq.ListenerEventDisconnected:
		p.log.Warn("events: lost the LISTEN connection; reconnecting", "err", err)
	case pq.ListenerEventConnectionAttemptFailed:
		p.log.Warn("events: reconnecting the LISTEN connection failed", "err", err)
	case pq.ListenerEventReconnected:
		p.log.Warn("events: LISTEN connection re-established; events notified while it was down were lost")
	}
}

// dispatch hands every notification to the subscribers until the listener
// closes.
func (p *Postgres) dispatch() {
	defer close(p.stopped)
	ping := time.NewTicker(pingEvery)
	defer ping.Stop()
	for {
		select {
		case n, ok := <-p.listener.Notify:
			if !ok {
				return
			}
			if n == nil { // reconnected: see event
				continue
			}
			e, err := decode([]byte(n.Extra))
			if err != nil {
				p.log.Warn("events: ignoring a notification", "err", err)
				continue
			}
			p.subs.deliver(e)
		case <-ping.C:
			go func() { _ = p.listener.Ping() }() // a failed ping makes the listener reconnect
		case <-p.done:
			// Close closed the listener; drain until it closes Notify.
			for range p.listener.Notify {
			}
			return
		}
	}
}

// Publish notifies e to every replica, at once: outside of the transaction
// of a write (Hook publishes within it).
func (p *Postgres) Publish(ctx context.Context, e Event) error {
	return p.notify(ctx, p.db, e)
}

// execer runs a statement: a *sql.DB, or an ent client or transaction.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// notify runs pg_notify on x. Within a transaction PostgreSQL delivers the
// notification when, and only if, the transaction commits.
func (p *Postgres) notify(ctx context.Context, x execer, e Event) error {
	b, err := encode(e)
	if err != nil {
		return err
	}
	if _, err := x.ExecContext(ctx, "SELECT pg_notify($1, $2)", Channel, string(b)); err != nil {
		return fmt.Errorf("events: notify: %w", err)
	}
	return nil
}

// Subscribe returns the events of topic, from every replica, until ctx is
// done or cancel is called.
func (p *Postgres) Subscribe(ctx context.Context, topic string) (<-chan Event, func()) {
	return p.subs.subscribe(ctx, topic)
}

// Subscribers returns the number of open subscriptions in this process.
func (p *Postgres) Subscribers() int { return p.subs.count() }

// Close ends every subscription and closes the listening connection.
func (p *Postgres) Close() error {
	var err error
	p.closeOnce.Do(func() {
		p.subs.close()
		err = p.listener.Close()
		if errors.Is(err, net.ErrClosed) {
			err = nil
		}
		close(p.done)
		<-p.stopped
	})
	return err
}
