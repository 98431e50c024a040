package webhook_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/wushehub/wushe/ent/agency"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/events"
	"github.com/wushehub/wushe/internal/store"
	"github.com/wushehub/wushe/internal/webhook"
)

// TestWebhookCredentials: a webhook delivers while the credentials that
// registered it stay valid. One registered by an account and one by an API
// key both deliver; once the account is deactivated and the key revoked,
// each is SUSPENDED with the reason, no longer active, and receives
// nothing more — while a third, whose account stays active, goes on.
func TestWebhookCredentials(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		sys := authz.SystemContext(ctx)
		c := db.Client
		_, own := kangzhuang(sys, c)
		ag := c.Agency.Create().SetCode(own.Code).SetName("康庄社区居民委员会").SetKind(agency.KindCOMMUNITY).SaveX(sys)
		leaving := c.Account.Create().SetUsername("kz.leaving").SetRole(string(authz.CommunityOfficer)).SetAgency(ag).SaveX(sys)
		c.Account.Create().SetUsername("kz.staying").SetRole(string(authz.CommunityOfficer)).SetAgency(ag).SaveX(sys)
		key, prefix, err := authz.NewKey()
		if err != nil {
			t.Fatal(err)
		}
		apiKey := c.APIKey.Create().SetAgency(ag).SetName("第三方平台").SetPrefix(prefix).SetHash(authz.HashKey(key)).SetRole(string(authz.CommunityOfficer)).SaveX(sys)
		tokens, err := authz.NewTokens([]byte("0123456789abcdef0123456789abcdef"))
		if err != nil {
			t.Fatal(err)
		}
		auth := authz.NewAuthenticator(tokens, c)

		feed, err := events.NewFeed(ctx, events.FeedConfig{DB: db.SQL, Dialect: db.Dialect, Log: quiet, Poll: 50 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		defer feed.Close()
		svc := webhook.New(webhook.Config{DB: db.SQL, Dialect: db.Dialect, Client: c, Feed: feed, Log: quiet, AllowPrivate: true,
			Poll: 20 * time.Millisecond, Backoff: 50 * time.Millisecond, Credentials: auth.Check})
		viewerOf := func(subject string) context.Context {
			return authz.NewContext(ctx, authz.Viewer{Subject: subject, Agency: own.Code, Role: authz.CommunityOfficer})
		}
		type hook struct {
			name string
			rcv  *receiver
			w    webhook.Webhook
		}
		var hooks []*hook
		for _, subject := range []string{"kz.leaving", "apikey:" + prefix, "kz.staying"} {
			rcv := &receiver{t: t}
			srv := httptest.NewServer(rcv)
			defer srv.Close()
			w, secret, err := svc.Register(viewerOf(subject), srv.URL+"/hook", []string{events.Consultation})
			if err != nil {
				t.Fatal(err)
			}
			rcv.mu.Lock()
			rcv.secret = secret
			rcv.mu.Unlock()
			hooks = append(hooks, &hook{name: subject, rcv: rcv, w: w})
		}
		raise := func(title string) {
			c.Consultation.Create().SetCommunity(own).SetTitle(title).SetCategory("PARKING").
				SetRaisedOn(time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)).SaveX(sys)
		}
		runCtx, stop := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { svc.Run(runCtx); close(done) }()
		defer func() { stop(); <-done }()
		waitFor := func(what string, ok func() bool) {
			t.Helper()
			for deadline := time.Now().Add(15 * time.Second); !ok(); time.Sleep(20 * time.Millisecond) {
				if time.Now().After(deadline) {
					t.Fatalf("timed out waiting for %s", what)
				}
			}
		}
		raise("停车难")
		for _, h := range hooks {
			waitFor(h.name+"'s first event", func() bool { return len(h.rcv.events()) == 1 })
		}
		c.Account.UpdateOne(leaving).SetActive(false).ExecX(sys)
		c.APIKey.UpdateOne(apiKey).SetRevokedAt(time.Now()).ExecX(sys)
		raise("飞线充电")
		waitFor("the staying account's second event", func() bool { return len(hooks[2].rcv.events()) == 2 })
		list, err := svc.List(viewerOf("kz.staying"))
		if err != nil {
			t.Fatal(err)
		}
		for i, want := range []string{"account or its agency is deactivated", "revoked"} {
			h := hooks[i]
			waitFor(h.name+" suspended", func() bool {
				w, err := svc.Get(viewerOf("kz.staying"), h.w.ID)
				return err == nil && w.State == webhook.StateSuspended
			})
			w, _ := svc.Get(viewerOf("kz.staying"), h.w.ID)
			if w.Active || !strings.Contains(w.LastError, want) {
				t.Errorf("%s: active %v, last error %q; want inactive, saying %q", h.name, w.Active, w.LastError, want)
			}
			if n := len(h.rcv.events()); n != 1 {
				t.Errorf("%s received %d events, want 1: nothing after its credentials went", h.name, n)
			}
		}
		if len(list) != 3 {
			t.Errorf("%d webhooks listed, want 3 (suspended ones stay listed)", len(list))
		}
		if w, _ := svc.Get(viewerOf("kz.staying"), hooks[2].w.ID); w.State != webhook.StateOK || !w.Active {
			t.Errorf("the staying account's webhook: %s, active %v; want OK and active", w.State, w.Active)
		}
	})
}
