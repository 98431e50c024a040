package graph_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wushehub/wushe/graph"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/events"
	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/scalar"
	"github.com/wushehub/wushe/internal/store"
)

// feedURL serves the GraphQL handler with the change feed f as viewer and
// returns its ws:// URL.
func feedURL(t *testing.T, db *store.DB, b events.Bus, f *events.Feed, viewer authz.Viewer) string {
	t.Helper()
	h := graph.NewHandler(graph.Options{Client: db.Client, Dialect: db.Dialect, Log: slog.New(slog.DiscardHandler), Bus: b, Feed: f})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := authz.NewContext(fault.WithLang(r.Context(), fault.English), viewer)
		h.ServeHTTP(w, r.WithContext(ctx))
	}))
	t.Cleanup(srv.Close)
	return "ws" + strings.TrimPrefix(srv.URL, "http")
}

// fed is a subscription message with its position in the change feed.
type fed struct {
	result
	Extensions struct {
		Position string `json:"position"`
		Kind     string `json:"kind"`
	} `json:"extensions"`
}

// fedEvent waits for the next result of operation id.
func (w *wsClient) fedEvent(t *testing.T, id string) fed {
	t.Helper()
	m := w.next(t)
	if m.ID != id || m.Type != "next" {
		t.Fatalf("got %s %s %s, want the next result of %s", m.Type, m.ID, m.Payload, id)
	}
	var r fed
	if err := json.Unmarshal(m.Payload, &r); err != nil {
		t.Fatal(err)
	}
	return r
}

// TestSubscriptionResume: a subscriber resuming with after: receives the
// events it missed, in order, each with its position, then the live ones;
// replayed events pass the access rules as live ones do (a street office
// following its district gets its own street's activities only, the public
// is refused); a position past the retention or not a position is refused
// with BAD_USER_INPUT.
func TestSubscriptionResume(t *testing.T) {
	eachBus(t, func(t *testing.T, db *store.DB, b bus) {
		w := newWorld2(t, db.Client)
		feed, err := events.NewFeed(context.Background(), events.FeedConfig{DB: db.SQL, Dialect: db.Dialect, Bus: b})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { feed.Close() })
		admin := newAPI(t, db, admin, fault.English)
		createActivity := func(community int, title string) string {
			var out struct{ CreateActivity struct{ ID string } }
			admin.mustDo(`mutation ($c: ID!, $t: String!) { createActivity(input: {communityID: $c, title: $t, category: ELDERLY, heldOn: "2025-04-02"}) { id } }`,
				map[string]any{"c": scalar.EncodeID(community), "t": title}, &out)
			return out.CreateActivity.ID
		}
		start, err := feed.Head(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		// Written while nobody follows.
		own1 := createActivity(w.community.ID, "重阳敬老")
		createActivity(w.neighbour.ID, "邻街活动") // another street: not the street office's
		createActivity(w.farAway.ID, "金凤活动")   // another district
		own2 := createActivity(w.community.ID, "义诊")

		street := authz.Viewer{Subject: "xhy", Agency: w.street.Code, Role: authz.StreetOfficer}
		c, ce := dial(t, feedURL(t, db, b, feed, street), "graphql-transport-ws", nil)
		if ce != nil {
			t.Fatal(ce)
		}
		sub := `subscription ($d: ID!, $after: String) { activityAdded(division: $d, after: $after) { id title } }`
		district := scalar.EncodeID(w.district.ID)
		c.subscribe("1", sub, map[string]any{"d": district, "after": strconv.FormatInt(start, 10)})
		first := c.fedEvent(t, "1")
		second := c.fedEvent(t, "1")
		var a1, a2 struct{ ID, Title string }
		_ = json.Unmarshal(first.Data["activityAdded"], &a1)
		_ = json.Unmarshal(second.Data["activityAdded"], &a2)
		if a1.ID != own1 || a2.ID != own2 {
			t.Fatalf("replayed %s then %s, want %s then %s (the street's own, in order)", a1.ID, a2.ID, own1, own2)
		}
		p1, _ := strconv.ParseInt(first.Extensions.Position, 10, 64)
		p2, _ := strconv.ParseInt(second.Extensions.Position, 10, 64)
		if p1 <= start || p2 <= p1 || first.Extensions.Kind != "CREATED" {
			t.Errorf("positions %d, %d after %d (kind %q): want growing positions after the start, CREATED", p1, p2, start, first.Extensions.Kind)
		}
		c.quiet(t)
		// Live after the replay.
		own3 := createActivity(w.community.ID, "反诈宣传")
		third := c.fedEvent(t, "1")
		var a3 struct{ ID string }
		_ = json.Unmarshal(third.Data["activityAdded"], &a3)
		if p3, _ := strconv.ParseInt(third.Extensions.Position, 10, 64); a3.ID != own3 || p3 <= p2 {
			t.Errorf("live after the replay: %s at %d, want %s after %d", a3.ID, p3, own3, p2)
		}
		// Resuming from the first position replays only what came after it.
		c.subscribe("2", sub, map[string]any{"d": district, "after": first.Extensions.Position})
		if r := c.fedEvent(t, "2"); r.Extensions.Position != second.Extensions.Position {
			t.Errorf("resumed after %s: got position %s, want %s", first.Extensions.Position, r.Extensions.Position, second.Extensions.Position)
		}
		if r := c.fedEvent(t, "2"); r.Extensions.Position != third.Extensions.Position {
			t.Errorf("resumed after %s: got position %s, want %s", first.Extensions.Position, r.Extensions.Position, third.Extensions.Position)
		}

		// The public may not follow activities, resuming or not.
		public, ce := dial(t, feedURL(t, db, b, feed, authz.Viewer{Role: authz.Public}), "graphql-transport-ws", nil)
		if ce != nil {
			t.Fatal(ce)
		}
		public.subscribe("3", sub, map[string]any{"d": district, "after": strconv.FormatInt(start, 10)})
		public.refused(t, "3", "FORBIDDEN")

		c.subscribe("4", sub, map[string]any{"d": district, "after": "yesterday"})
		c.refused(t, "4", "BAD_USER_INPUT")
		if err := feed.Prune(context.Background(), time.Now().Add(time.Second)); err != nil {
			t.Fatal(err)
		}
		c.subscribe("5", sub, map[string]any{"d": district, "after": strconv.FormatInt(start, 10)})
		r := c.event(t, "5")
		if len(r.Errors) != 1 || r.Errors[0].code() != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, "retention") {
			t.Fatalf("resume before the retention: %+v, want BAD_USER_INPUT naming the retention", r.Errors)
		}
	})
}
