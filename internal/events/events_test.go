package events_test

import (
	"context"
	"database/sql"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/wushehub/wushe/internal/events"
	"github.com/wushehub/wushe/internal/store/storetest"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// next returns the next event of ch, failing t after a while.
func next(t *testing.T, ch <-chan events.Event) events.Event {
	t.Helper()
	select {
	case e, ok := <-ch:
		if !ok {
			t.Fatal("the subscription ended, want an event")
		}
		return e
	case <-time.After(5 * time.Second):
		t.Fatal("no event within 5 s")
	}
	return events.Event{}
}

// none checks that ch delivers nothing for a moment.
func none(t *testing.T, ch <-chan events.Event, wait time.Duration) {
	t.Helper()
	select {
	case e, ok := <-ch:
		if ok {
			t.Fatalf("got %+v, want no event", e)
		}
		t.Fatal("the subscription ended, want it open and quiet")
	case <-time.After(wait):
	}
}

// ended checks that ch is closed (after draining what it holds).
func ended(t *testing.T, ch <-chan events.Event) {
	t.Helper()
	timeout := time.After(5 * time.Second)
	for {
		select {
		case _, ok := <-ch:
			if !ok {
				return
			}
		case <-timeout:
			t.Fatal("the subscription is still open")
		}
	}
}

func TestLocal(t *testing.T) {
	bus := events.NewLocal(quiet)
	ctx := context.Background()
	pairings, stopPairings := bus.Subscribe(ctx, events.Pairing)
	activities, stopActivities := bus.Subscribe(ctx, events.Activity)
	defer stopActivities()
	if got := bus.Subscribers(); got != 2 {
		t.Fatalf("Subscribers() = %d, want 2", got)
	}

	want := events.Event{Kind: events.Updated, Entity: events.Pairing, ID: 42, Community: "640105001002"}
	if err := bus.Publish(ctx, want); err != nil {
		t.Fatal(err)
	}
	if got := next(t, pairings); got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
	none(t, activities, 50*time.Millisecond)

	t.Run("cancel", func(t *testing.T) {
		stopPairings()
		stopPairings() // twice is fine
		ended(t, pairings)
		if got := bus.Subscribers(); got != 1 {
			t.Errorf("Subscribers() after cancel = %d, want 1", got)
		}
	})

	t.Run("context", func(t *testing.T) {
		sctx, cancel := context.WithCancel(ctx)
		ch, _ := bus.Subscribe(sctx, events.Consultation)
		cancel()
		ended(t, ch)
	})

	t.Run("slow subscriber is dropped", func(t *testing.T) {
		ch, cancel := bus.Subscribe(ctx, events.Consultation)
		defer cancel()
		for i := range events.Buffer + 1 {
			if err := bus.Publish(ctx, events.Event{Kind: events.Created, Entity: events.Consultation, ID: i + 1}); err != nil {
				t.Fatal(err)
			}
		}
		n := 0
		for range ch {
			n++
		}
		if n != events.Buffer {
			t.Errorf("the slow subscriber got %d events before its channel closed, want %d", n, events.Buffer)
		}
	})

	t.Run("too large", func(t *testing.T) {
		err := bus.Publish(ctx, events.Event{Kind: events.Created, Entity: events.Activity, ID: 1, Community: strings.Repeat("1", events.MaxPayload)})
		if err == nil || !strings.Contains(err.Error(), "bytes") {
			t.Errorf("an event over %d bytes: %v, want an error", events.MaxPayload, err)
		}
	})

	t.Run("close", func(t *testing.T) {
		if err := bus.Close(); err != nil {
			t.Fatal(err)
		}
		ended(t, activities)
		ch, _ := bus.Subscribe(ctx, events.Activity)
		ended(t, ch)
		if got := bus.Subscribers(); got != 0 {
			t.Errorf("Subscribers() after Close = %d, want 0", got)
		}
	})
}

// TestPostgres: two buses on one database, as two replicas: an event
// published on one reaches the subscribers of both; after the listening
// connection is killed, the bus reconnects, LISTENs again and delivers
// what is published next.
func TestPostgres(t *testing.T) {
	dsn := storetest.PostgresDSN(t)
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	a, err := events.NewPostgres(ctx, dsn, db, quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := events.NewPostgres(ctx, dsn, db, quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()

	onA, _ := a.Subscribe(ctx, events.Consultation)
	onB, _ := b.Subscribe(ctx, events.Consultation)
	otherTopic, _ := b.Subscribe(ctx, events.Pairing)
	want := events.Event{Kind: events.Created, Entity: events.Consultation, ID: 7, Community: "520204002012"}
	if err := a.Publish(ctx, want); err != nil {
		t.Fatal(err)
	}
	for name, ch := range map[string]<-chan events.Event{"publisher": onA, "other replica": onB} {
		if got := next(t, ch); got != want {
			t.Errorf("%s got %+v, want %+v", name, got, want)
		}
	}
	none(t, otherTopic, 100*time.Millisecond)

	t.Run("only on commit", func(t *testing.T) {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		e := events.Event{Kind: events.Updated, Entity: events.Consultation, ID: 8, Community: "520204002012"}
		if _, err := tx.ExecContext(ctx, "SELECT pg_notify($1, $2)", events.Channel, `{"kind":"UPDATED","entity":"Consultation","id":8,"community":"520204002012"}`); err != nil {
			t.Fatal(err)
		}
		none(t, onB, 200*time.Millisecond)
		if err := tx.Rollback(); err != nil {
			t.Fatal(err)
		}
		none(t, onB, 200*time.Millisecond)
		if err := b.Publish(ctx, e); err != nil {
			t.Fatal(err)
		}
		if got := next(t, onB); got != e {
			t.Errorf("got %+v, want %+v", got, e)
		}
		next(t, onA)
	})

	t.Run("garbage is ignored", func(t *testing.T) {
		if _, err := db.ExecContext(ctx, "NOTIFY "+events.Channel+", 'not an event'"); err != nil {
			t.Fatal(err)
		}
		none(t, onB, 200*time.Millisecond)
	})

	t.Run("reconnect", func(t *testing.T) {
		// Kill every LISTEN connection of this database: both buses'.
		var killed int
		err := db.QueryRowContext(ctx, `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
			WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE 'LISTEN%'`).Scan(&killed)
		if err != nil {
			t.Fatal(err)
		}
		if killed != 2 {
			t.Fatalf("terminated %d LISTEN connections, want 2", killed)
		}
		e := events.Event{Kind: events.Created, Entity: events.Consultation, ID: 9, Community: "520204002012"}
		// Each listener reconnects on its own schedule: publish until both
		// the other bus's and the publisher's own have an event again
		// (events sent while a listener is down are lost).
		for name, on := range map[string]<-chan events.Event{"the other bus": onB, "the publishing bus": onA} {
			deadline := time.Now().Add(20 * time.Second)
			for got := false; !got; {
				if time.Now().After(deadline) {
					t.Fatalf("no event on %s after the LISTEN connection was killed: it did not reconnect", name)
				}
				if err := a.Publish(ctx, e); err != nil {
					t.Fatal(err)
				}
				select {
				case ev, ok := <-on:
					if !ok {
						t.Fatalf("the subscription on %s ended when the connection was lost", name)
					}
					got = ev == e
				case <-time.After(200 * time.Millisecond):
				}
			}
		}
		// Drain what was published meanwhile.
		for {
			select {
			case <-onA:
				continue
			case <-onB:
				continue
			case <-time.After(300 * time.Millisecond):
			}
			break
		}
	})

	t.Run("close", func(t *testing.T) {
		if err := b.Close(); err != nil {
			t.Fatal(err)
		}
		ended(t, onB)
		if err := b.Close(); err != nil {
			t.Errorf("second Close: %v", err)
		}
		if got := b.Subscribers(); got != 0 {
			t.Errorf("Subscribers() after Close = %d", got)
		}
	})
}

// TestPostgresUnreachable: a bus that cannot LISTEN fails when its context
// ends, without leaving anything running.
func TestPostgresUnreachable(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	_, err := events.NewPostgres(ctx, "postgres://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=1", nil, quiet)
	if err == nil || !strings.Contains(err.Error(), "LISTEN") {
		t.Errorf("NewPostgres on a closed port: %v, want a LISTEN error", err)
	}
}
