package events_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/ent/schema/enum"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/events"
	"github.com/wushehub/wushe/internal/store"
)

// newFeed opens a feed on db woken by bus (none: it polls), closed with t.
func newFeed(t *testing.T, db *store.DB, bus events.Bus, poll time.Duration) *events.Feed {
	t.Helper()
	f, err := events.NewFeed(context.Background(), events.FeedConfig{DB: db.SQL, Dialect: db.Dialect, Bus: bus, Log: quiet, Poll: poll})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// addActivity records an activity of cm in a transaction of its own.
func addActivity(t testing.TB, c *ent.Client, cm *ent.Community, title string) int {
	return addActivityHeld(t, c, cm, title, 0)
}

// addActivityHeld records an activity of cm in a transaction of its own
// that commits hold after the write.
func addActivityHeld(t testing.TB, c *ent.Client, cm *ent.Community, title string, hold time.Duration) int {
	t.Helper()
	ctx := authz.SystemContext(context.Background())
	tx, err := c.Tx(ctx)
	if err != nil {
		t.Fatal(err)
	}
	a, err := tx.Activity.Create().SetCommunity(cm).SetTitle(title).SetCategory(enum.ElderlyDisabled).
		SetHeldOn(time.Date(2025, 3, 2, 0, 0, 0, 0, time.UTC)).Save(ctx)
	if err != nil {
		_ = tx.Rollback()
		t.Fatal(err)
	}
	time.Sleep(hold)
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return a.ID
}

// take reads n events of ch, failing when they do not come within limit.
func take(t *testing.T, ch <-chan events.Event, n int, limit time.Duration) []events.Event {
	t.Helper()
	var got []events.Event
	deadline := time.After(limit)
	for len(got) < n {
		select {
		case e, ok := <-ch:
			if !ok {
				t.Fatalf("the feed closed after %d of %d events", len(got), n)
			}
			got = append(got, e)
		case <-deadline:
			t.Fatalf("%d of %d events within %s", len(got), n, limit)
		}
	}
	return got
}

// addConsultation raises a consultation of cm in a transaction of its own
// that commits hold after the write. (Consultations, unlike activities,
// take no row lock that other writers wait for: activities update their
// street's monthly sums.)
func addConsultation(t testing.TB, c *ent.Client, cm *ent.Community, title string, hold time.Duration) int {
	t.Helper()
	ctx := authz.SystemContext(context.Background())
	tx, err := c.Tx(ctx)
	if err != nil {
		t.Fatal(err)
	}
	x, err := tx.Consultation.Create().SetCommunity(cm).SetTitle(title).SetCategory("FLYING_WIRE_CHARGING").
		SetRaisedOn(time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)).Save(ctx)
	if err != nil {
		_ = tx.Rollback()
		t.Fatal(err)
	}
	time.Sleep(hold)
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return x.ID
}

// TestFeedResume: a follower resuming after a position first receives every
// event after it, in commit order with growing positions, then the live
// ones; a follower without a position receives only what comes after it
// subscribed; a position past the end is refused.
func TestFeedResume(t *testing.T) {
	eachBus(t, func(t *testing.T, db *store.DB, bus events.Bus) {
		p := newPlaces(t, db.Client)
		f := newFeed(t, db, bus, time.Second)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var ids []int
		for i := range 5 {
			ids = append(ids, addActivity(t, db.Client, p.community, fmt.Sprintf("活动%d", i)))
		}
		start, err := f.Head(ctx)
		if err != nil {
			t.Fatal(err)
		}
		live, err := f.Follow(ctx, events.Activity, 0, false)
		if err != nil {
			t.Fatal(err)
		}
		replay, err := f.Follow(ctx, events.Activity, 0, true)
		if err != nil {
			t.Fatal(err)
		}
		got := take(t, replay, 5, 5*time.Second)
		for i, e := range got {
			if e.ID != ids[i] || e.Kind != events.Created || e.Community != p.community.Code {
				t.Errorf("replayed event %d: got %+v, want activity %d created", i, e, ids[i])
			}
			if i > 0 && e.Position <= got[i-1].Position {
				t.Errorf("positions do not grow: %d after %d", e.Position, got[i-1].Position)
			}
		}
		if got[4].Position != start {
			t.Errorf("last replayed position %d, want the feed's end %d", got[4].Position, start)
		}
		// From the middle.
		mid, err := f.Follow(ctx, events.Activity, got[2].Position, true)
		if err != nil {
			t.Fatal(err)
		}
		if rest := take(t, mid, 2, 5*time.Second); rest[0].ID != ids[3] || rest[1].ID != ids[4] {
			t.Errorf("resumed after the third: got %+v, want activities %d and %d", rest, ids[3], ids[4])
		}
		// Live: both followers get the new ones, once.
		newer := addActivity(t, db.Client, p.community, "新活动")
		for name, ch := range map[string]<-chan events.Event{"live": live, "replay": replay, "mid": mid} {
			e := take(t, ch, 1, 5*time.Second)[0]
			if e.ID != newer || e.Position <= start {
				t.Errorf("%s: got %+v, want activity %d after position %d", name, e, newer, start)
			}
			none(t, ch, 200*time.Millisecond)
		}
		if _, err := f.Follow(ctx, events.Activity, start+1000, true); !errors.Is(err, events.ErrAhead) {
			t.Errorf("resume past the end: got %v, want ErrAhead", err)
		}
	})
}

// TestFeedCommitOrder: writers committing at once from many connections;
// a live follower still receives every event, with growing positions —
// without the feed's lock, a transaction that took its position first but
// committed last would be skipped by a follower that already moved past it.
// Reports the events per second through the feed.
func TestFeedCommitOrder(t *testing.T) {
	eachBus(t, func(t *testing.T, db *store.DB, bus events.Bus) {
		p := newPlaces(t, db.Client)
		f := newFeed(t, db, bus, time.Second)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		ch, err := f.Follow(ctx, events.Consultation, 0, false)
		if err != nil {
			t.Fatal(err)
		}
		const writers, each = 4, 50
		began := time.Now()
		var wg sync.WaitGroup
		want := map[int]bool{}
		var mu sync.Mutex
		for w := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range each {
					hold := time.Duration(rand.IntN(3000)) * time.Microsecond // commits in another order than writes
					id := addConsultation(t, db.Client, p.community, fmt.Sprintf("w%d-%d", w, i), hold)
					mu.Lock()
					want[id] = true
					mu.Unlock()
				}
			}()
		}
		got := take(t, ch, writers*each, 20*time.Second)
		took := time.Since(began)
		wg.Wait()
		for i, e := range got {
			if !want[e.ID] {
				t.Errorf("event %d: activity %d was not written, or came twice", i, e.ID)
			}
			delete(want, e.ID)
			if i > 0 && e.Position <= got[i-1].Position {
				t.Errorf("event %d: position %d after %d", i, e.Position, got[i-1].Position)
			}
		}
		t.Logf("%s: %d events written by %d writers and received in %s: %.0f events/s", db.Dialect, len(got), writers, took.Round(time.Millisecond), float64(len(got))/took.Seconds())
	})
}

// TestFeedWithoutWakeups: a feed whose notifications are lost (no bus)
// still delivers every event, by polling; and a follower that does not
// read for a while (falling more than its buffer behind) catches up from
// the table, missing nothing.
func TestFeedWithoutWakeups(t *testing.T) {
	eachBus(t, func(t *testing.T, db *store.DB, _ events.Bus) {
		p := newPlaces(t, db.Client)
		f := newFeed(t, db, nil, 50*time.Millisecond)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		ch, err := f.Follow(ctx, events.Activity, 0, false)
		if err != nil {
			t.Fatal(err)
		}
		const n = 600 // more than a follower's buffer
		tx, err := db.Client.Tx(authz.SystemContext(ctx))
		if err != nil {
			t.Fatal(err)
		}
		builders := make([]*ent.ActivityCreate, n)
		for i := range builders {
			builders[i] = tx.Activity.Create().SetCommunityID(p.community.ID).SetTitle(fmt.Sprintf("批量%d", i)).
				SetCategory(enum.ElderlyDisabled).SetHeldOn(time.Date(2025, 3, 2, 0, 0, 0, 0, time.UTC))
		}
		for i := 0; i < n; i += 100 {
			if _, err := tx.Activity.CreateBulk(builders[i : i+100]...).Save(authz.SystemContext(ctx)); err != nil {
				t.Fatal(err)
			}
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(300 * time.Millisecond) // the feed reads them all while the follower waits
		got := take(t, ch, n, 10*time.Second)
		for i := 1; i < n; i++ {
			if got[i].Position != got[i-1].Position+1 {
				t.Fatalf("event %d: position %d after %d: one missing or twice", i, got[i].Position, got[i-1].Position)
			}
		}
	})
}

// TestFeedRetention: events older than the retention are removed, and a
// resume position before them is refused with ErrExpired, while one at the
// last removed position still resumes.
func TestFeedRetention(t *testing.T) {
	eachBus(t, func(t *testing.T, db *store.DB, bus events.Bus) {
		p := newPlaces(t, db.Client)
		f := newFeed(t, db, bus, time.Second)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		addActivity(t, db.Client, p.community, "旧活动1")
		addActivity(t, db.Client, p.community, "旧活动2")
		last, err := f.Head(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.Prune(ctx, time.Now().Add(time.Second)); err != nil {
			t.Fatal(err)
		}
		if _, err := f.Follow(ctx, events.Activity, last-1, true); !errors.Is(err, events.ErrExpired) {
			t.Errorf("resume before removed events: got %v, want ErrExpired", err)
		}
		ch, err := f.Follow(ctx, events.Activity, last, true)
		if err != nil {
			t.Fatalf("resume at the last removed position: %v", err)
		}
		id := addActivity(t, db.Client, p.community, "新活动")
		if e := take(t, ch, 1, 5*time.Second)[0]; e.ID != id || e.Position <= last {
			t.Errorf("after pruning: got %+v, want activity %d after %d", e, id, last)
		}
		if head, err := f.Head(ctx); err != nil || head <= last {
			t.Errorf("head after pruning: %d, %v; want more than %d", head, err, last)
		}
	})
}

// TestFeedReplayRate: how fast a follower resuming from far behind reads
// the feed — 20,000 events, more than a minute of the writes of
// TestFeedCommitOrder — reported, and every one delivered in order.
func TestFeedReplayRate(t *testing.T) {
	eachBus(t, func(t *testing.T, db *store.DB, bus events.Bus) {
		p := newPlaces(t, db.Client)
		f := newFeed(t, db, bus, time.Second)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		const n = 20000
		fill := "INSERT INTO change_events (entity, kind, record_id, community, created_at) " +
			"WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 20000) SELECT 'Activity', 'CREATED', i, ?, ? FROM s"
		if db.Dialect == "postgres" {
			fill = "INSERT INTO change_events (entity, kind, record_id, community, created_at) " +
				"SELECT 'Activity', 'CREATED', i, $1, $2 FROM generate_series(1, 20000) i"
		}
		if _, err := db.SQL.ExecContext(ctx, fill, p.community.Code, time.Now().UnixMilli()); err != nil {
			t.Fatal(err)
		}
		began := time.Now()
		ch, err := f.Follow(ctx, events.Activity, 0, true)
		if err != nil {
			t.Fatal(err)
		}
		got := take(t, ch, n, time.Minute)
		took := time.Since(began)
		for i := range got {
			if got[i].ID != i+1 {
				t.Fatalf("event %d: record %d, want %d", i, got[i].ID, i+1)
			}
		}
		t.Logf("%s: replayed %d events in %s: %.0f events/s", db.Dialect, n, took.Round(time.Millisecond), n/took.Seconds())
	})
}
