package events_test

import (
	"context"
	"testing"
	"time"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/ent/consultation"
	"github.com/wushehub/wushe/ent/schema/enum"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/events"
	"github.com/wushehub/wushe/internal/store"
	"github.com/wushehub/wushe/internal/store/storetest"
)

// eachBus runs f on SQLite with the in-process bus and on PostgreSQL with
// the LISTEN/NOTIFY bus, the hook registered on the client.
func eachBus(t *testing.T, f func(t *testing.T, db *store.DB, bus events.Bus)) {
	t.Run("sqlite", func(t *testing.T) {
		db := storetest.SQLite(t)
		bus := events.NewLocal(quiet)
		t.Cleanup(func() { bus.Close() })
		db.Client.Use(events.Hook(bus, db.Dialect))
		f(t, db, bus)
	})
	t.Run("postgres", func(t *testing.T) {
		dsn := storetest.PostgresDSN(t)
		ctx := context.Background()
		db, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		if _, err := db.Migrate(ctx, quiet); err != nil {
			t.Fatal(err)
		}
		bus, err := events.NewPostgres(ctx, dsn, db.SQL, quiet)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { bus.Close() })
		db.Client.Use(events.Hook(bus, db.Dialect))
		f(t, db, bus)
	})
}

// places is a community with a student group, and a second community.
type places struct {
	community, other *ent.Community
	group            *ent.StudentGroup
}

func newPlaces(t *testing.T, c *ent.Client) places {
	t.Helper()
	ctx := authz.SystemContext(context.Background())
	province := c.Division.Create().SetCode("640000000000").SetName("宁夏回族自治区").SetLevel("PROVINCE").SaveX(ctx)
	city := c.Division.Create().SetCode("640100000000").SetName("银川市").SetLevel("CITY").SetParent(province).SaveX(ctx)
	district := c.Division.Create().SetCode("640105000000").SetName("西夏区").SetLevel("DISTRICT").SetParent(city).SaveX(ctx)
	street := c.Division.Create().SetCode("640105001000").SetName("西花园路街道").SetLevel("STREET").SetParent(district).SaveX(ctx)
	var p places
	p.community = c.Community.Create().SetCode("640105001002").SetName("康庄社区").SetStreet(street).SaveX(ctx)
	p.other = c.Community.Create().SetCode("640105001003").SetName("丽景街社区").SetStreet(street).SaveX(ctx)
	u := c.University.Create().SetCode("4164010749").SetName("宁夏大学").SetKind("UNIVERSITY").SaveX(ctx)
	p.group = c.StudentGroup.Create().SetName("支教协会").SetKind("CLUB").SetUniversity(u).SaveX(ctx)
	return p
}

// TestHook: pairings created or updated, activities created and
// consultations created or updated publish an event naming the record and
// its community — only once their transaction commits, never when it rolls
// back or the write fails.
func TestHook(t *testing.T) {
	eachBus(t, func(t *testing.T, db *store.DB, bus events.Bus) {
		c := db.Client
		p := newPlaces(t, c)
		ctx := authz.SystemContext(context.Background())
		sctx, stop := context.WithCancel(context.Background())
		defer stop()
		pairings, _ := bus.Subscribe(sctx, events.Pairing)
		activities, _ := bus.Subscribe(sctx, events.Activity)
		consultations, _ := bus.Subscribe(sctx, events.Consultation)
		quietFor := 300 * time.Millisecond

		// Outside a transaction: at once.
		pr := c.Pairing.Create().SetCommunity(p.community).SetGroup(p.group).SaveX(ctx)
		want := events.Event{Kind: events.Created, Entity: events.Pairing, ID: pr.ID, Community: "640105001002"}
		if got := hooked(t, pairings); got != want {
			t.Errorf("create pairing: got %+v, want %+v", got, want)
		}
		c.Pairing.UpdateOne(pr).SetStatus("ACTIVE").SaveX(ctx)
		want.Kind = events.Updated
		if got := hooked(t, pairings); got != want {
			t.Errorf("update pairing: got %+v, want %+v", got, want)
		}

		// In a transaction: on commit.
		tx, err := c.Tx(ctx)
		if err != nil {
			t.Fatal(err)
		}
		cs := tx.Consultation.Create().SetCommunity(p.other).SetTitle("飞线充电").SetCategory("FLYING_WIRE_CHARGING").
			SetRaisedOn(time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)).SaveX(ctx)
		none(t, consultations, quietFor)
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		wantC := events.Event{Kind: events.Created, Entity: events.Consultation, ID: cs.ID, Community: "640105001003"}
		if got := hooked(t, consultations); got != wantC {
			t.Errorf("committed consultation: got %+v, want %+v", got, wantC)
		}

		// Rolled back: never.
		tx, err = c.Tx(ctx)
		if err != nil {
			t.Fatal(err)
		}
		tx.Activity.Create().SetCommunity(p.community).SetTitle("敬老活动").SetCategory(enum.ElderlyDisabled).
			SetHeldOn(time.Date(2025, 3, 2, 0, 0, 0, 0, time.UTC)).SaveX(ctx)
		if err := tx.Rollback(); err != nil {
			t.Fatal(err)
		}
		none(t, activities, quietFor)

		// A failed write: never.
		if _, err := c.Consultation.Create().SetCommunity(p.community).SetTitle("").SetCategory("PARKING").
			SetRaisedOn(time.Now()).Save(ctx); err == nil {
			t.Fatal("an empty title was accepted")
		}
		none(t, consultations, quietFor)

		// Activities: created only.
		a := c.Activity.Create().SetCommunity(p.community).SetTitle("义诊").SetCategory(enum.Medical).
			SetHeldOn(time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC)).SaveX(ctx)
		if got := hooked(t, activities); got.ID != a.ID || got.Kind != events.Created || got.Community != "640105001002" {
			t.Errorf("create activity: got %+v", got)
		}
		c.Activity.UpdateOne(a).SetParticipants(30).SaveX(ctx)
		none(t, activities, quietFor)

		// Many rows at once: one event each.
		c.Consultation.Create().SetCommunity(p.other).SetTitle("车辆停放").SetCategory("PARKING").
			SetRaisedOn(time.Date(2025, 3, 4, 0, 0, 0, 0, time.UTC)).SaveX(ctx)
		next(t, consultations)
		n := c.Consultation.Update().Where(consultation.CommunityID(p.other.ID)).SetStatus("DISCUSSING").SaveX(ctx)
		if n != 2 {
			t.Fatalf("updated %d consultations, want 2", n)
		}
		for range n {
			if got := hooked(t, consultations); got.Kind != events.Updated || got.Community != "640105001003" {
				t.Errorf("bulk update: got %+v", got)
			}
		}
		if got := c.Consultation.Update().Where(consultation.Title("none such")).SetStatus("RESOLVED").SaveX(ctx); got != 0 {
			t.Fatalf("updated %d", got)
		}
		none(t, consultations, quietFor)
	})
}

// hooked returns the next event of ch, which the hook published with its
// position in the change feed, without the position.
func hooked(t *testing.T, ch <-chan events.Event) events.Event {
	t.Helper()
	e := next(t, ch)
	if e.Position <= 0 {
		t.Errorf("event %+v has no position in the change feed", e)
	}
	e.Position = 0
	return e
}
