package graph_test

import (
	"context"
	"testing"

	"github.com/wushehub/wushe/graph"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/events"
	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/store"
	"github.com/wushehub/wushe/internal/store/storetest"
	"github.com/wushehub/wushe/internal/webhook"
)

// TestWebhookAccess: a community office registers a webhook and sees it
// with its secret once; another community's office neither lists nor
// deletes it; the public may not register; bad input is BAD_USER_INPUT.
func TestWebhookAccess(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db.Client)
		feed, err := events.NewFeed(context.Background(), events.FeedConfig{DB: db.SQL, Dialect: db.Dialect})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { feed.Close() })
		svc := webhook.New(webhook.Config{DB: db.SQL, Dialect: db.Dialect, Client: db.Client, Feed: feed, AllowPrivate: true})
		with := func(o *graph.Options) { o.Webhooks = svc }
		office := newAPIWith(t, db, authz.Viewer{Subject: "kz", Agency: f.community.Code, Role: authz.CommunityOfficer}, fault.English, with)
		other := newAPIWith(t, db, authz.Viewer{Subject: "lj", Agency: "640105001099", Role: authz.CommunityOfficer}, fault.English, with)
		public := newAPIWith(t, db, authz.Viewer{Role: authz.Public}, fault.English, with)

		const register = `mutation ($u: String!, $e: [String!]!) { registerWebhook(url: $u, entities: $e) { secret webhook { id url entities agency state deliveredThrough deliveries { ok } } } }`
		var got struct {
			RegisterWebhook struct {
				Secret  string
				Webhook struct {
					ID, URL, Agency, State string
					Entities               []string
				}
			}
		}
		office.mustDo(register, map[string]any{"u": "https://mirror.example.org/hub", "e": []string{"Consultation", "Activity"}}, &got)
		w := got.RegisterWebhook
		if len(w.Secret) < 40 || w.Webhook.Agency != f.community.Code || w.Webhook.State != "OK" || len(w.Webhook.Entities) != 2 {
			t.Errorf("registered: %+v", w)
		}
		var list struct{ Webhooks []struct{ ID, URL string } }
		office.mustDo(`{ webhooks { id url state deliveries(last: 5) { ok } } }`, nil, &list)
		if len(list.Webhooks) != 1 || list.Webhooks[0].ID != w.Webhook.ID {
			t.Errorf("the office lists %+v, want its webhook", list.Webhooks)
		}
		list.Webhooks = nil
		other.mustDo(`{ webhooks { id } }`, nil, &list)
		if len(list.Webhooks) != 0 {
			t.Errorf("another office lists %+v, want none", list.Webhooks)
		}
		if errs := other.do(`mutation ($id: String!) { deleteWebhook(id: $id) }`, map[string]any{"id": w.Webhook.ID}, nil); len(errs) != 1 || errs[0].code() != "NOT_FOUND" {
			t.Errorf("another office deletes it: %+v, want NOT_FOUND", errs)
		}
		if errs := public.do(register, map[string]any{"u": "https://x.example.org/", "e": []string{"Consultation"}}, nil); len(errs) != 1 || errs[0].code() != "UNAUTHENTICATED" {
			t.Errorf("the public registers: %+v, want UNAUTHENTICATED", errs)
		}
		if errs := public.do(`{ webhooks { id } }`, nil, nil); len(errs) != 1 || errs[0].code() != "UNAUTHENTICATED" {
			t.Errorf("the public lists: %+v, want UNAUTHENTICATED", errs)
		}
		for _, vars := range []map[string]any{
			{"u": "javascript:alert(1)", "e": []string{"Consultation"}},
			{"u": "https://x.example.org/", "e": []string{"Student"}},
		} {
			if errs := office.do(register, vars, nil); len(errs) != 1 || errs[0].code() != "BAD_USER_INPUT" {
				t.Errorf("register %v: %+v, want BAD_USER_INPUT", vars, errs)
			}
		}
		var deleted struct{ DeleteWebhook bool }
		office.mustDo(`mutation ($id: String!) { deleteWebhook(id: $id) }`, map[string]any{"id": w.Webhook.ID}, &deleted)
		if !deleted.DeleteWebhook {
			t.Error("the office could not delete its webhook")
		}
	})
}
