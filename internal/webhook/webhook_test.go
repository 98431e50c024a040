package webhook_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/events"
	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/store"
	"github.com/wushehub/wushe/internal/store/storetest"
	"github.com/wushehub/wushe/internal/webhook"

	_ "github.com/wushehub/wushe/ent/runtime"
)

var quiet = slog.New(slog.DiscardHandler)

// each runs f on SQLite and on PostgreSQL, with the change feed's hook.
func each(t *testing.T, f func(t *testing.T, db *store.DB)) {
	t.Run("sqlite", func(t *testing.T) {
		db := storetest.SQLite(t)
		db.Client.Use(events.Hook(events.NewLocal(quiet), db.Dialect))
		f(t, db)
	})
	t.Run("postgres", func(t *testing.T) {
		db := storetest.Postgres(t)
		db.Client.Use(events.Hook(events.NewLocal(quiet), db.Dialect))
		f(t, db)
	})
}

// kangzhuang writes Kangzhuang community (康庄社区) under its street and
// the divisions above, and returns the street and the community.
func kangzhuang(sys context.Context, c *ent.Client) (*ent.Division, *ent.Community) {
	province := c.Division.Create().SetCode("640000000000").SetName("宁夏回族自治区").SetLevel("PROVINCE").SaveX(sys)
	city := c.Division.Create().SetCode("640100000000").SetName("银川市").SetLevel("CITY").SetParent(province).SaveX(sys)
	district := c.Division.Create().SetCode("640105000000").SetName("西夏区").SetLevel("DISTRICT").SetParent(city).SaveX(sys)
	street := c.Division.Create().SetCode("640105001000").SetName("西花园路街道").SetLevel("STREET").SetParent(district).SaveX(sys)
	return street, c.Community.Create().SetCode("640105001002").SetName("康庄社区").SetStreet(street).SaveX(sys)
}

// receiver is an endpoint that checks signatures and fails the first
// failures requests.
type receiver struct {
	t        *testing.T
	secret   string
	mu       sync.Mutex
	failures int
	got      []webhook.Batch
	bodies   []string
	calls    int
}

func (r *receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls++
	if !webhook.Verify(r.secret, req.Header.Get(webhook.TimestampHeader), body, req.Header.Get(webhook.SignatureHeader)) {
		r.t.Errorf("bad signature %q", req.Header.Get(webhook.SignatureHeader))
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	if r.failures > 0 {
		r.failures--
		http.Error(w, "try later", http.StatusServiceUnavailable)
		return
	}
	var b webhook.Batch
	if err := json.Unmarshal(body, &b); err != nil {
		r.t.Errorf("body %s: %v", body, err)
	}
	r.got = append(r.got, b)
	r.bodies = append(r.bodies, string(body))
}

func (r *receiver) events() []webhook.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []webhook.Event
	for _, b := range r.got {
		out = append(out, b.Events...)
	}
	return out
}

// TestWebhooks: a community office registers an endpoint for
// consultations; the hub POSTs signed batches of the consultations it may
// read — its own community's, never the neighbour's, never the CONDITIONAL
// raisedBy — retries after failures with growing waits, records every
// attempt, and settles back to OK; other agencies neither see nor delete
// the webhook; bad input is refused.
func TestWebhooks(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		sys := authz.SystemContext(ctx)
		c := db.Client
		street, own := kangzhuang(sys, c)
		other := c.Community.Create().SetCode("640105001003").SetName("丽景街社区").SetStreet(street).SaveX(sys)

		feed, err := events.NewFeed(ctx, events.FeedConfig{DB: db.SQL, Dialect: db.Dialect, Log: quiet, Poll: 50 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		defer feed.Close()
		svc := webhook.New(webhook.Config{DB: db.SQL, Dialect: db.Dialect, Client: c, Feed: feed, Log: quiet, AllowPrivate: true,
			Poll: 20 * time.Millisecond, Backoff: 50 * time.Millisecond, Batch: 3})
		office := authz.NewContext(ctx, authz.Viewer{Subject: "kz", Agency: own.Code, Role: authz.CommunityOfficer})
		neighbour := authz.NewContext(ctx, authz.Viewer{Subject: "lj", Agency: other.Code, Role: authz.CommunityOfficer})

		// Bad input and the public.
		for _, tc := range []struct {
			ctx      context.Context
			url      string
			entities []string
			code     fault.Code
		}{
			{office, "ftp://example.org/x", []string{events.Consultation}, fault.BadUserInput},
			{office, "http://127.0.0.1/x", nil, fault.BadUserInput},
			{office, "http://127.0.0.1/x", []string{"Student"}, fault.BadUserInput},
			{authz.NewContext(ctx, authz.Viewer{Role: authz.Public}), "http://127.0.0.1/x", []string{events.Consultation}, fault.Unauthenticated},
		} {
			if _, _, err := svc.Register(tc.ctx, tc.url, tc.entities); fault.CodeOf(err) != tc.code {
				t.Errorf("register %s %v: got %v, want %s", tc.url, tc.entities, err, tc.code)
			}
		}

		rcv := &receiver{t: t, failures: 3}
		srv := httptest.NewServer(rcv)
		defer srv.Close()
		w, secret, err := svc.Register(office, srv.URL+"/hook", []string{events.Consultation})
		if err != nil {
			t.Fatal(err)
		}
		rcv.mu.Lock()
		rcv.secret = secret
		rcv.mu.Unlock()

		raise := func(cm *ent.Community, title string) int {
			x := c.Consultation.Create().SetCommunity(cm).SetTitle(title).SetCategory("PARKING").SetRaisedBy("王阿姨").
				SetRaisedOn(time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)).SaveX(sys)
			return x.ID
		}
		var want []int
		for i, title := range []string{"停车难", "飞线充电", "楼道堆物", "充电桩", "绿化"} {
			want = append(want, raise(own, title))
			raise(other, title+"（邻社区）")
			_ = i
		}
		runCtx, stop := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { svc.Run(runCtx); close(done) }()
		deadline := time.Now().Add(15 * time.Second)
		for len(rcv.events()) < len(want) && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		stop()
		<-done
		got := rcv.events()
		if len(got) != len(want) {
			t.Fatalf("received %d events, want %d (the own community's)", len(got), len(want))
		}
		for i, e := range got {
			if e.Entity != events.Consultation || e.Community != own.Code || e.Kind != "CREATED" {
				t.Errorf("event %d: %+v, want a consultation of %s", i, e, own.Code)
			}
			if i > 0 && e.Position <= got[i-1].Position && len(e.Position) == len(got[i-1].Position) {
				t.Errorf("event %d: position %s after %s", i, e.Position, got[i-1].Position)
			}
			var rec map[string]any
			_ = json.Unmarshal(e.Record, &rec)
			if rec["title"] == nil || rec["communityID"] == nil {
				t.Errorf("event %d: record %s lacks title or communityID", i, e.Record)
			}
		}
		for _, b := range rcv.bodies {
			if strings.Contains(b, "王阿姨") || strings.Contains(b, "raisedBy") || strings.Contains(b, "邻社区") {
				t.Errorf("a body carries what the office may not read: %s", b)
			}
		}
		// Attempts recorded: three failures with growing waits, then OK.
		hooks, err := svc.List(office)
		if err != nil || len(hooks) != 1 {
			t.Fatalf("list: %v %v", hooks, err)
		}
		if h := hooks[0]; h.State != webhook.StateOK || h.Attempts != 0 || h.LastStatus != 200 || h.DeliveredThrough <= w.DeliveredThrough {
			t.Errorf("after delivery: %+v, want OK, 0 attempts, 200, moved on", h)
		}
		ds, err := svc.Deliveries(ctx, hooks[0], 50)
		if err != nil {
			t.Fatal(err)
		}
		failed, ok := 0, 0
		for _, d := range ds {
			if d.OK {
				ok++
			} else {
				failed++
				if d.Status != http.StatusServiceUnavailable {
					t.Errorf("failed attempt with status %d, want 503", d.Status)
				}
			}
		}
		if failed != 3 || ok < 2 {
			t.Errorf("deliveries: %d failed, %d acknowledged; want 3 and at least 2 (batches of 3)", failed, ok)
		}
		if b := webhook.Backoff(time.Second, 4); b != 8*time.Second {
			t.Errorf("backoff after 4 failures: %s, want 8s", b)
		}
		// Another agency neither sees nor deletes it.
		if theirs, err := svc.List(neighbour); err != nil || len(theirs) != 0 {
			t.Errorf("the neighbour lists %v, %v; want none", theirs, err)
		}
		if err := svc.Delete(neighbour, w.ID); fault.CodeOf(err) != fault.NotFound {
			t.Errorf("the neighbour deletes it: %v, want NOT_FOUND", err)
		}
		if err := svc.Delete(office, w.ID); err != nil {
			t.Errorf("the office deletes it: %v", err)
		}
		if _, err := svc.Get(office, w.ID); !errors.Is(err, err) || fault.CodeOf(err) != fault.NotFound {
			t.Errorf("after deletion: %v, want NOT_FOUND", err)
		}
	})
}

// TestWebhookBehindRetention: events removed by the feed's retention
// before a webhook received them are recorded as a failed delivery naming
// the gap, and the webhook goes on after them.
func TestWebhookBehindRetention(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		sys := authz.SystemContext(ctx)
		c := db.Client
		_, own := kangzhuang(sys, c)
		feed, err := events.NewFeed(ctx, events.FeedConfig{DB: db.SQL, Dialect: db.Dialect, Log: quiet})
		if err != nil {
			t.Fatal(err)
		}
		defer feed.Close()
		rcv := &receiver{t: t}
		srv := httptest.NewServer(rcv)
		defer srv.Close()
		svc := webhook.New(webhook.Config{DB: db.SQL, Dialect: db.Dialect, Client: c, Feed: feed, Log: quiet, AllowPrivate: true})
		office := authz.NewContext(ctx, authz.Viewer{Subject: "kz", Agency: own.Code, Role: authz.CommunityOfficer})
		w, secret, err := svc.Register(office, srv.URL, []string{events.Consultation})
		if err != nil {
			t.Fatal(err)
		}
		rcv.secret = secret
		c.Consultation.Create().SetCommunity(own).SetTitle("旧议题").SetCategory("PARKING").
			SetRaisedOn(time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)).SaveX(sys)
		if err := feed.Prune(ctx, time.Now().Add(time.Second)); err != nil {
			t.Fatal(err)
		}
		svc.DeliverDue(ctx)
		h, err := svc.Get(office, w.ID)
		if err != nil {
			t.Fatal(err)
		}
		horizon, _ := feed.Horizon(ctx)
		if h.DeliveredThrough != horizon || horizon <= w.DeliveredThrough {
			t.Errorf("delivered through %d, want the horizon %d (after %d)", h.DeliveredThrough, horizon, w.DeliveredThrough)
		}
		ds, err := svc.Deliveries(ctx, h, 10)
		if err != nil || len(ds) != 1 || ds[0].OK || !strings.Contains(ds[0].Error, "retention") {
			t.Errorf("deliveries %+v, %v: want one failed naming the retention", ds, err)
		}
		if len(rcv.events()) != 0 {
			t.Errorf("the receiver got %v, want nothing", rcv.events())
		}
	})
}
