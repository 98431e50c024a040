package graph_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/graph"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/events"
	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/scalar"
	"github.com/wushehub/wushe/internal/store"
	"github.com/wushehub/wushe/internal/store/storetest"
)

// bus is an event bus the tests can count the subscriptions of.
type bus interface {
	events.Bus
	Subscribers() int
}

// eachBus runs f on SQLite with the in-process bus and on PostgreSQL with
// the LISTEN/NOTIFY bus, the event hook registered on the client.
func eachBus(t *testing.T, f func(t *testing.T, db *store.DB, b bus)) {
	t.Run("sqlite", func(t *testing.T) {
		db := storetest.SQLite(t)
		b := events.NewLocal(slog.New(slog.DiscardHandler))
		t.Cleanup(func() { b.Close() })
		db.Client.Use(events.Hook(b, db.Dialect))
		f(t, db, b)
	})
	t.Run("postgres", func(t *testing.T) {
		dsn := storetest.PostgresDSN(t)
		ctx := context.Background()
		db, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		if _, err := db.Migrate(ctx, slog.New(slog.DiscardHandler)); err != nil {
			t.Fatal(err)
		}
		b, err := events.NewPostgres(ctx, dsn, db.SQL, slog.New(slog.DiscardHandler))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { b.Close() })
		db.Client.Use(events.Hook(b, db.Dialect))
		f(t, db, b)
	})
}

// wsURL serves the GraphQL handler over a test server whose requests are
// made by viewer (nil: by the credentials they carry, checked by auth) and
// returns its ws:// URL.
func wsURL(t *testing.T, db *store.DB, b events.Bus, viewer *authz.Viewer, auth *authz.Authenticator) string {
	t.Helper()
	h := graph.NewHandler(graph.Options{Client: db.Client, Dialect: db.Dialect, Log: slog.New(slog.DiscardHandler), Bus: b, Auth: auth})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := fault.WithLang(r.Context(), fault.English)
		if viewer != nil {
			ctx = authz.NewContext(ctx, *viewer)
		}
		h.ServeHTTP(w, r.WithContext(ctx))
	}))
	t.Cleanup(srv.Close)
	return "ws" + strings.TrimPrefix(srv.URL, "http")
}

// wsMsg is a message of graphql-transport-ws or graphql-ws.
type wsMsg struct {
	ID      string          `json:"id,omitempty"`
	Type    string          `json:"type"`
	Payload json.RawMessage `json:"payload,omitempty"`
}

// wsClient is a GraphQL-over-WebSocket client: it answers pings, skips
// keep-alives and queues every other message.
type wsClient struct {
	t     *testing.T
	c     *websocket.Conn
	msgs  chan wsMsg
	close chan websocket.CloseError
}

// dial connects to url with protocol and sends connection_init with
// payload; it returns the client after connection_ack, or nil and the
// close error when the server refuses.
func dial(t *testing.T, url, protocol string, payload map[string]any) (*wsClient, *websocket.CloseError) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, _, err := websocket.Dial(ctx, url, &websocket.DialOptions{Subprotocols: []string{protocol}})
	if err != nil {
		t.Fatalf("dial %s: %v", url, err)
	}
	w := &wsClient{t: t, c: c, msgs: make(chan wsMsg, 100), close: make(chan websocket.CloseError, 1)}
	t.Cleanup(func() { c.CloseNow() })
	go w.read()
	w.send(wsMsg{Type: "connection_init", Payload: mustJSON(payload)})
	for {
		select {
		case m, ok := <-w.msgs:
			if !ok {
				select {
				case ce := <-w.close:
					return nil, &ce
				default:
					t.Fatal("the connection closed without a close frame")
				}
			}
			switch m.Type {
			case "connection_ack":
				return w, nil
			case "connection_error":
				continue // graphql-ws says why, then closes
			default:
				t.Fatalf("before connection_ack: %+v", m)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("no connection_ack within 10 s")
		}
	}
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

func (w *wsClient) read() {
	defer close(w.msgs)
	for {
		_, b, err := w.c.Read(context.Background())
		if err != nil {
			var ce websocket.CloseError
			if asClose(err, &ce) {
				w.close <- ce
			}
			return
		}
		var m wsMsg
		if err := json.Unmarshal(b, &m); err != nil {
			w.t.Errorf("bad message %s: %v", b, err)
			return
		}
		switch m.Type {
		case "ping":
			w.send(wsMsg{Type: "pong"})
		case "ka", "pong":
		default:
			w.msgs <- m
		}
	}
}

func asClose(err error, ce *websocket.CloseError) bool {
	if websocket.CloseStatus(err) == -1 {
		return false
	}
	for e := err; e != nil; {
		if c, ok := e.(websocket.CloseError); ok {
			*ce = c
			return true
		}
		u, ok := e.(interface{ Unwrap() error })
		if !ok {
			return false
		}
		e = u.Unwrap()
	}
	return false
}

func (w *wsClient) send(m wsMsg) {
	b, _ := json.Marshal(m)
	if err := w.c.Write(context.Background(), websocket.MessageText, b); err != nil {
		w.t.Logf("write: %v", err)
	}
}

// subscribe starts operation id of the graphql-transport-ws protocol.
func (w *wsClient) subscribe(id, query string, vars map[string]any) {
	w.send(wsMsg{ID: id, Type: "subscribe", Payload: mustJSON(map[string]any{"query": query, "variables": vars})})
}

// next returns the next message, failing after a while.
func (w *wsClient) next(t *testing.T) wsMsg {
	t.Helper()
	select {
	case m, ok := <-w.msgs:
		if !ok {
			t.Fatal("the connection closed")
		}
		return m
	case <-time.After(10 * time.Second):
		t.Fatal("no message within 10 s")
	}
	return wsMsg{}
}

// quiet checks that nothing arrives for a moment.
func (w *wsClient) quiet(t *testing.T) {
	t.Helper()
	select {
	case m := <-w.msgs:
		t.Fatalf("got %s %s %s, want nothing", m.Type, m.ID, m.Payload)
	case <-time.After(400 * time.Millisecond):
	}
}

// result is the payload of a next (or data) message.
type result struct {
	Data   map[string]json.RawMessage `json:"data"`
	Errors []gqlError                 `json:"errors"`
}

// event waits for the next result of operation id and returns it.
func (w *wsClient) event(t *testing.T, id string) result {
	t.Helper()
	m := w.next(t)
	if m.ID != id || (m.Type != "next" && m.Type != "data") {
		t.Fatalf("got %s %s %s, want the next result of %s", m.Type, m.ID, m.Payload, id)
	}
	var r result
	if err := json.Unmarshal(m.Payload, &r); err != nil {
		t.Fatal(err)
	}
	return r
}

// refused expects operation id to fail at once with code, then complete.
func (w *wsClient) refused(t *testing.T, id, code string) {
	t.Helper()
	r := w.event(t, id)
	if len(r.Errors) != 1 || r.Errors[0].code() != code {
		t.Fatalf("operation %s: errors %+v, want one %s", id, r.Errors, code)
	}
	if m := w.next(t); m.ID != id || m.Type != "complete" {
		t.Fatalf("after the error: %s %s, want complete", m.Type, m.ID)
	}
}

// waitSubscribers waits until b has n subscriptions open.
func waitSubscribers(t *testing.T, b bus, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for b.Subscribers() != n {
		if time.Now().After(deadline) {
			t.Fatalf("%d subscriptions open, want %d", b.Subscribers(), n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// world2 adds to the fixture a second street of Xixia with a community,
// and a second district with a community.
type world2 struct {
	*fixture
	neighbour, farAway *ent.Community // 640105002001 (another street), 640106001001 (another district)
}

func newWorld2(t *testing.T, c *ent.Client) world2 {
	t.Helper()
	ctx := sys()
	f := newFixture(t, c)
	street2 := c.Division.Create().SetCode("640105002000").SetName("北京西路街道").SetLevel("STREET").SetParent(f.district).SaveX(ctx)
	neighbour := c.Community.Create().SetCode("640105002001").SetName("丽子园社区").SetStreet(street2).SaveX(ctx)
	jinfeng := c.Division.Create().SetCode("640106000000").SetName("金凤区").SetLevel("DISTRICT").SetParent(f.city).SaveX(ctx)
	street3 := c.Division.Create().SetCode("640106001000").SetName("满城北街街道").SetLevel("STREET").SetParent(jinfeng).SaveX(ctx)
	far := c.Community.Create().SetCode("640106001001").SetName("宝湖社区").SetStreet(street3).SaveX(ctx)
	return world2{fixture: f, neighbour: neighbour, farAway: far}
}

const (
	subConsultations = `subscription ($c: ID!) { consultationUpdated(community: $c) { id title status raisedBy community { code } } }`
	subPairings      = `subscription ($c: ID!) { pairingChanged(community: $c) { id status note group { name } } }`
	subActivities    = `subscription ($d: ID!) { activityAdded(division: $d) { id title community { code } } }`
)

// TestSubscriptions: each kind of viewer receives the events of the
// records it may read, with the fields it may read, and is refused at once
// what it may never see; a rolled-back mutation notifies nobody; stopping
// or dropping a subscription releases it.
func TestSubscriptions(t *testing.T) {
	eachBus(t, func(t *testing.T, db *store.DB, b bus) {
		w := newWorld2(t, db.Client)
		admin := newAPI(t, db, admin, fault.English)
		id := scalar.EncodeID
		kangzhuang, neighbour, far := id(w.community.ID), id(w.neighbour.ID), id(w.farAway.ID)
		as := func(v authz.Viewer) *wsClient {
			c, ce := dial(t, wsURL(t, db, b, &v, nil), "graphql-transport-ws", nil)
			if ce != nil {
				t.Fatalf("connection refused: %v", ce)
			}
			return c
		}
		community := as(authz.Viewer{Subject: "kz", Agency: w.community.Code, Role: authz.CommunityOfficer})
		street := as(authz.Viewer{Subject: "xhy", Agency: w.street.Code, Role: authz.StreetOfficer})
		anyone := as(authz.Viewer{Role: authz.Public})
		university := as(authz.Viewer{Subject: "nxu", Agency: w.university.Code, Role: authz.UniversityStaff})
		jinfeng := as(authz.Viewer{Subject: "jf", Agency: "640106000000", Role: authz.DistrictOfficer})
		neighbourOfficer := as(authz.Viewer{Subject: "lzy", Agency: w.neighbour.Code, Role: authz.CommunityOfficer})

		createConsultation := func(community, title string) string {
			var out struct{ CreateConsultation struct{ ID string } }
			admin.mustDo(`mutation ($c: ID!, $t: String!) { createConsultation(input: {communityID: $c, title: $t, category: PARKING, raisedOn: "2025-04-01", raisedBy: "王阿姨"}) { id } }`,
				map[string]any{"c": community, "t": title}, &out)
			return out.CreateConsultation.ID
		}
		createActivity := func(community, title string) string {
			var out struct{ CreateActivity struct{ ID string } }
			admin.mustDo(`mutation ($c: ID!, $t: String!) { createActivity(input: {communityID: $c, title: $t, category: ELDERLY, heldOn: "2025-04-02"}) { id } }`,
				map[string]any{"c": community, "t": title}, &out)
			return out.CreateActivity.ID
		}

		t.Run("consultations: the community and the offices above it", func(t *testing.T) {
			community.subscribe("c", subConsultations, map[string]any{"c": kangzhuang})
			street.subscribe("c", subConsultations, map[string]any{"c": kangzhuang})
			anyone.subscribe("c", subConsultations, map[string]any{"c": kangzhuang})
			anyone.refused(t, "c", "FORBIDDEN")
			university.subscribe("c", subConsultations, map[string]any{"c": kangzhuang})
			university.refused(t, "c", "FORBIDDEN")
			neighbourOfficer.subscribe("c", subConsultations, map[string]any{"c": kangzhuang})
			neighbourOfficer.refused(t, "c", "FORBIDDEN")
			waitSubscribers(t, b, 2)

			createConsultation(neighbour, "别的社区的议题") // not theirs
			cid := createConsultation(kangzhuang, "电动车飞线充电")
			for name, c := range map[string]*wsClient{"community": community, "street": street} {
				r := c.event(t, "c")
				var got struct{ ID, Title, RaisedBy string }
				if err := json.Unmarshal(r.Data["consultationUpdated"], &got); err != nil || len(r.Errors) > 0 {
					t.Fatalf("%s: %s %+v %v", name, r.Data["consultationUpdated"], r.Errors, err)
				}
				if got.ID != cid || got.Title != "电动车飞线充电" || got.RaisedBy != "王阿姨" {
					t.Errorf("%s got %+v, want the new consultation with raisedBy (CONDITIONAL, theirs to read)", name, got)
				}
			}
			admin.mustDo(`mutation ($id: ID!) { updateConsultation(id: $id, input: {status: DISCUSSING}) { id } }`, map[string]any{"id": cid}, nil)
			if r := street.event(t, "c"); !strings.Contains(string(r.Data["consultationUpdated"]), `"DISCUSSING"`) {
				t.Errorf("update: got %s", r.Data["consultationUpdated"])
			}
			community.event(t, "c")
			community.quiet(t)
		})

		t.Run("a rolled-back mutation notifies nobody", func(t *testing.T) {
			raw, stop := b.Subscribe(context.Background(), events.Consultation) // the bus itself: no event either
			defer stop()
			errs := admin.do(`mutation ($c: ID!) {
				a: createConsultation(input: {communityID: $c, title: "回滚的议题", category: NOISE, raisedOn: "2025-04-03"}) { id }
				b: createConsultation(input: {communityID: $c, title: "", category: NOISE, raisedOn: "2025-04-03"}) { id } }`,
				map[string]any{"c": kangzhuang}, nil)
			if len(errs) == 0 {
				t.Fatal("the second createConsultation succeeded")
			}
			var n int
			if err := db.SQL.QueryRow("SELECT count(*) FROM consultations WHERE title = '回滚的议题'").Scan(&n); err != nil || n != 0 {
				t.Fatalf("rolled back: %d rows (%v), want none", n, err)
			}
			street.quiet(t)
			select {
			case e := <-raw:
				t.Fatalf("the bus carried %+v from a rolled-back mutation", e)
			default:
			}
			cid := createConsultation(kangzhuang, "提交的议题")
			if e := <-raw; scalar.EncodeID(e.ID) != cid {
				t.Errorf("the bus carried %+v, want %s", e, cid)
			}
			r := street.event(t, "c")
			if !strings.Contains(string(r.Data["consultationUpdated"]), cid) {
				t.Errorf("the first event after a rollback is %s, want %s", r.Data["consultationUpdated"], cid)
			}
			community.event(t, "c")
		})

		t.Run("pairings: anyone, CONDITIONAL fields refused", func(t *testing.T) {
			anyone.subscribe("p", subPairings, map[string]any{"c": kangzhuang})
			community.subscribe("p", subPairings, map[string]any{"c": kangzhuang})
			waitSubscribers(t, b, 4) // and none left by the previous test
			var out struct{ CreatePairing struct{ ID string } }
			admin.mustDo(`mutation ($c: ID!, $g: ID!) { createPairing(input: {communityID: $c, groupID: $g, status: ACTIVE, since: "2025-04-01", note: "每周六上门"}) { id } }`,
				map[string]any{"c": kangzhuang, "g": id(w.groups[0].ID)}, &out)

			r := anyone.event(t, "p")
			if !strings.Contains(string(r.Data["pairingChanged"]), `"note":null`) || !strings.Contains(string(r.Data["pairingChanged"]), w.groups[0].Name) {
				t.Errorf("public got %s, want the pairing with note null", r.Data["pairingChanged"])
			}
			if len(r.Errors) != 1 || r.Errors[0].code() != "FORBIDDEN" || fmtAny(r.Errors[0].Path) != "[pairingChanged note]" {
				t.Errorf("public errors %+v, want FORBIDDEN at pairingChanged.note", r.Errors)
			}
			r = community.event(t, "p")
			if !strings.Contains(string(r.Data["pairingChanged"]), `"note":"每周六上门"`) || len(r.Errors) > 0 {
				t.Errorf("the community got %s %+v, want its note", r.Data["pairingChanged"], r.Errors)
			}
		})

		t.Run("activities: what each may read, in the division followed", func(t *testing.T) {
			district := id(w.district.ID)
			street.subscribe("a", subActivities, map[string]any{"d": district})
			university.subscribe("a", subActivities, map[string]any{"d": district}) // kangzhuang is paired with its group now
			community.subscribe("a", subActivities, map[string]any{"d": kangzhuang})
			anyone.subscribe("a", subActivities, map[string]any{"d": district})
			anyone.refused(t, "a", "FORBIDDEN")
			jinfeng.subscribe("a", subActivities, map[string]any{"d": district})
			jinfeng.refused(t, "a", "FORBIDDEN")
			neighbourOfficer.subscribe("a", subActivities, map[string]any{"d": kangzhuang})
			neighbourOfficer.refused(t, "a", "FORBIDDEN")
			jinfeng.subscribe("a2", subActivities, map[string]any{"d": id(w.farAway.ID)})
			waitSubscribers(t, b, 8)

			createActivity(neighbour, "另一街道的活动") // Xixia, but not the street's, nor a partner's
			createActivity(far, "金凤区的活动")        // another district
			aid := createActivity(kangzhuang, "重阳敬老")
			for name, c := range map[string]*wsClient{"street": street, "university": university, "community": community} {
				r := c.event(t, "a")
				if !strings.Contains(string(r.Data["activityAdded"]), aid) || len(r.Errors) > 0 {
					t.Errorf("%s got %s %+v, want %s", name, r.Data["activityAdded"], r.Errors, aid)
				}
				c.quiet(t)
			}
			if r := jinfeng.event(t, "a2"); !strings.Contains(string(r.Data["activityAdded"]), "金凤区的活动") {
				t.Errorf("金凤区 got %s", r.Data["activityAdded"])
			}
		})

		t.Run("bad arguments", func(t *testing.T) {
			street.subscribe("x1", subConsultations, map[string]any{"c": id(w.street.ID)}) // a division, not a community
			street.refused(t, "x1", "NOT_FOUND")
			street.subscribe("x2", subActivities, map[string]any{"d": id(w.university.ID)})
			street.refused(t, "x2", "BAD_USER_INPUT")
			street.subscribe("x3", subActivities, map[string]any{"d": "bm90IGFuIGlk"})
			if m := street.next(t); m.ID != "x3" || (m.Type != "error" && m.Type != "next") || !strings.Contains(string(m.Payload), "not an ID") {
				t.Errorf("a malformed ID: %s %s", m.Type, m.Payload)
			}
			if m := street.next(t); m.ID != "x3" || m.Type != "complete" {
				t.Errorf("a malformed ID: then %s %s", m.Type, m.Payload)
			}
		})

		t.Run("stopped and dropped subscriptions are released", func(t *testing.T) {
			open := b.Subscribers()
			community.send(wsMsg{ID: "a", Type: "complete"})
			waitSubscribers(t, b, open-1)
			if m := community.next(t); m.ID != "a" || m.Type != "complete" {
				t.Errorf("after complete: %s %s", m.Type, m.ID)
			}
			street.c.CloseNow() // two subscriptions, gone without a word
			waitSubscribers(t, b, open-3)
			createConsultation(kangzhuang, "断线之后")
			if r := community.event(t, "c"); !strings.Contains(string(r.Data["consultationUpdated"]), "断线之后") {
				t.Errorf("the other connection got %s", r.Data["consultationUpdated"])
			}
		})

		t.Run("legacy graphql-ws", func(t *testing.T) {
			v := authz.Viewer{Subject: "xhy2", Agency: w.street.Code, Role: authz.StreetOfficer}
			c, ce := dial(t, wsURL(t, db, b, &v, nil), "graphql-ws", nil)
			if ce != nil {
				t.Fatal(ce)
			}
			open := b.Subscribers()
			c.send(wsMsg{ID: "1", Type: "start", Payload: mustJSON(map[string]any{"query": subConsultations, "variables": map[string]any{"c": kangzhuang}})})
			waitSubscribers(t, b, open+1)
			cid := createConsultation(kangzhuang, "旧协议")
			if r := c.event(t, "1"); !strings.Contains(string(r.Data["consultationUpdated"]), cid) {
				t.Errorf("graphql-ws got %s", r.Data["consultationUpdated"])
			}
			c.send(wsMsg{ID: "1", Type: "stop"})
			if m := c.next(t); m.Type != "complete" {
				t.Errorf("after stop: %s", m.Type)
			}
		})
	})
}

// TestSubscriptionCredentials: a connection authenticates from its
// connection_init payload (or its upgrade request); bad credentials close
// it with 4403; a token that expires ends the subscription with
// UNAUTHENTICATED at the next event.
func TestSubscriptionCredentials(t *testing.T) {
	db := storetest.SQLite(t)
	b := events.NewLocal(slog.New(slog.DiscardHandler))
	defer b.Close()
	db.Client.Use(events.Hook(b, db.Dialect))
	w := newWorld2(t, db.Client)
	ctx := context.Background()
	if _, err := authz.SyncAgencies(ctx, db.Client); err != nil {
		t.Fatal(err)
	}
	tokens, err := authz.NewTokens([]byte(strings.Repeat("k", 32)))
	if err != nil {
		t.Fatal(err)
	}
	officer := authz.Viewer{Subject: "kz", Agency: w.community.Code, Role: authz.CommunityOfficer}
	if _, err := authz.EnsureAccount(ctx, db.Client, officer.Subject, officer.Role, officer.Agency); err != nil {
		t.Fatal(err)
	}
	long, err := tokens.Issue(officer, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	short, err := tokens.Issue(officer, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	url := wsURL(t, db, b, nil, authz.NewAuthenticator(tokens, db.Client))
	kangzhuang := scalar.EncodeID(w.community.ID)

	if _, ce := dial(t, url, "graphql-transport-ws", map[string]any{"Authorization": "Bearer nonsense"}); ce == nil || ce.Code != 4403 || ce.Reason == "" {
		t.Errorf("a bad token: closed with %+v, want 4403 and a reason", ce)
	}
	anon, ce := dial(t, url, "graphql-transport-ws", nil)
	if ce != nil {
		t.Fatal(ce)
	}
	anon.subscribe("1", subConsultations, map[string]any{"c": kangzhuang})
	anon.refused(t, "1", "FORBIDDEN") // PUBLIC

	good, ce := dial(t, url, "graphql-transport-ws", map[string]any{"headers": map[string]any{"authorization": "Bearer " + long}})
	if ce != nil {
		t.Fatal(ce)
	}
	good.subscribe("1", subConsultations, map[string]any{"c": kangzhuang})
	expiring, ce := dial(t, url, "graphql-transport-ws", map[string]any{"Authorization": "Bearer " + short})
	if ce != nil {
		t.Fatal(ce)
	}
	expiring.subscribe("1", subConsultations, map[string]any{"c": kangzhuang})
	waitSubscribers(t, b, 2)
	time.Sleep(2100 * time.Millisecond) // the short token expires
	admin := newAPI(t, db, admin, fault.English)
	admin.mustDo(`mutation ($c: ID!) { createConsultation(input: {communityID: $c, title: "过期之后", category: OTHER, raisedOn: "2025-04-05"}) { id } }`,
		map[string]any{"c": kangzhuang}, nil)
	if r := good.event(t, "1"); !strings.Contains(string(r.Data["consultationUpdated"]), "过期之后") {
		t.Errorf("with a valid token: %s", r.Data["consultationUpdated"])
	}
	m := expiring.next(t)
	var errs []gqlError
	if m.Type != "error" || json.Unmarshal(m.Payload, &errs) != nil || len(errs) != 1 || errs[0].code() != "UNAUTHENTICATED" {
		t.Errorf("with an expired token: %s %s, want an UNAUTHENTICATED error", m.Type, m.Payload)
	}
	waitSubscribers(t, b, 1)

	// Cross-origin browsers are refused; same-origin ones are not.
	for origin, want := range map[string]int{"http://evil.example": http.StatusForbidden, strings.Replace(url, "ws://", "http://", 1): http.StatusSwitchingProtocols} {
		dctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		c, resp, err := websocket.Dial(dctx, url, &websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}, HTTPHeader: http.Header{"Origin": {origin}}})
		cancel()
		if resp == nil || resp.StatusCode != want {
			t.Errorf("Origin %s: %v %v, want %d", origin, resp, err, want)
		}
		if c != nil {
			c.CloseNow()
		}
	}
}

// TestWebSocketOrigins: pages of the origins allowed cross-origin (the CORS
// allow-list) may open WebSocket connections too, and only they.
func TestWebSocketOrigins(t *testing.T) {
	db := storetest.SQLite(t)
	b := events.NewLocal(slog.New(slog.DiscardHandler))
	t.Cleanup(func() { b.Close() })
	for _, tc := range []struct {
		origins []string
		want    map[string]int
	}{
		{[]string{"https://app.example.cn", "https://*.wushe.example"}, map[string]int{
			"https://app.example.cn":     http.StatusSwitchingProtocols,
			"https://dash.wushe.example": http.StatusSwitchingProtocols,
			"http://app.example.cn":      http.StatusForbidden, // another scheme is another origin
			"https://evil.example":       http.StatusForbidden,
		}},
		{[]string{"*"}, map[string]int{"https://evil.example": http.StatusSwitchingProtocols}},
		{nil, map[string]int{"https://app.example.cn": http.StatusForbidden}},
	} {
		h := graph.NewHandler(graph.Options{Client: db.Client, Dialect: db.Dialect, Log: slog.New(slog.DiscardHandler), Bus: b, Origins: tc.origins})
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h.ServeHTTP(w, r.WithContext(authz.NewContext(r.Context(), public)))
		}))
		url := "ws" + strings.TrimPrefix(srv.URL, "http")
		for origin, want := range tc.want {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			c, resp, err := websocket.Dial(ctx, url, &websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}, HTTPHeader: http.Header{"Origin": {origin}}})
			cancel()
			if resp == nil || resp.StatusCode != want {
				t.Errorf("allowed %v, Origin %s: %v %v, want %d", tc.origins, origin, resp, err, want)
			}
			if c != nil {
				c.CloseNow()
			}
		}
		srv.Close()
	}
}
