package server_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/wushehub/wushe/ent/agency"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/server"
	"github.com/wushehub/wushe/internal/store"
	"github.com/wushehub/wushe/internal/store/storetest"
)

func newServer(t *testing.T, prot server.Protection, metricsToken string) *httptest.Server {
	t.Helper()
	srv, _, _ := newServerDB(t, prot, metricsToken)
	return srv
}

// newServerDB is newServer that also returns its database and the tokens
// it accepts.
func newServerDB(t *testing.T, prot server.Protection, metricsToken string) (*httptest.Server, *store.DB, *authz.Tokens) {
	t.Helper()
	db := storetest.SQLite(t)
	tokens, err := authz.NewTokens([]byte("0123456789abcdef0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	h := server.New(server.Config{
		DB: db, Auth: authz.NewAuthenticator(tokens, db.Client), Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Protection: prot, MetricsToken: metricsToken,
	})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv, db, tokens
}

func post(t *testing.T, url, query string, headers map[string]string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest("POST", url+"/graphql", strings.NewReader(`{"query":"`+query+`"}`))
	req.Header.Set("Content-Type", "application/json")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, string(b)
}

// TestRateLimit: an agency over its bucket gets 429, RATE_LIMITED and
// Retry-After; the refusal shows in /metrics.
func TestRateLimit(t *testing.T) {
	srv := newServer(t, server.Protection{RatePerSecond: 1, Burst: 3, Timeout: time.Second}, "")
	var limited *http.Response
	var body string
	for i := 0; i < 10; i++ {
		resp, b := post(t, srv.URL, "{ viewer { role } }", nil)
		if resp.StatusCode == http.StatusTooManyRequests {
			limited, body = resp, b
			break
		}
	}
	if limited == nil {
		t.Fatal("10 requests at once were never limited")
	}
	if limited.Header.Get("Retry-After") == "" || !strings.Contains(body, `"RATE_LIMITED"`) {
		t.Errorf("429 without Retry-After or RATE_LIMITED: %v %s", limited.Header, body)
	}
	resp, err := http.Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	metrics, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{"wushe_graphql_subscriptions_open", `wushe_rate_limited_total{role="PUBLIC"}`, `wushe_graphql_operations_total{code="OK",operation="anonymous",type="query"}`, "wushe_graphql_operation_duration_seconds_bucket", "wushe_http_requests_total", "go_sql_max_open_connections"} {
		if !strings.Contains(string(metrics), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

// wsConn is a GraphQL-over-WebSocket connection to /graphql.
type wsConn struct {
	t        *testing.T
	c        *websocket.Conn
	protocol string
}

type wsMessage struct {
	ID      string          `json:"id,omitempty"`
	Type    string          `json:"type"`
	Payload json.RawMessage `json:"payload,omitempty"`
}

// dialGraphQL opens a connection with protocol, its upgrade request
// carrying header, and initialises it with payload, returning after
// connection_ack.
func dialGraphQL(t *testing.T, base, protocol string, header http.Header, payload map[string]any) *wsConn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(base, "http")+"/graphql", &websocket.DialOptions{Subprotocols: []string{protocol}, HTTPHeader: header})
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	t.Cleanup(func() { c.CloseNow() })
	w := &wsConn{t: t, c: c, protocol: protocol}
	w.send(wsMessage{Type: "connection_init", Payload: mustJSON(payload)})
	for m := w.next(); m.Type != "connection_ack"; m = w.next() {
		if m.Type != "ka" {
			t.Fatalf("before connection_ack: %+v", m)
		}
	}
	return w
}

func mustJSON(v any) json.RawMessage {
	b, _ := json.Marshal(v)
	return b
}

func (w *wsConn) send(m wsMessage) {
	w.t.Helper()
	b, _ := json.Marshal(m)
	if err := w.c.Write(context.Background(), websocket.MessageText, b); err != nil {
		w.t.Fatalf("write: %v", err)
	}
}

// next returns the next message but pings and keep-alives.
func (w *wsConn) next() wsMessage {
	w.t.Helper()
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		_, b, err := w.c.Read(ctx)
		cancel()
		if err != nil {
			w.t.Fatalf("read: %v", err)
		}
		var m wsMessage
		if err := json.Unmarshal(b, &m); err != nil {
			w.t.Fatalf("message %s: %v", b, err)
		}
		switch m.Type {
		case "ping":
			w.send(wsMessage{Type: "pong"})
		case "ka", "pong":
		default:
			return m
		}
	}
}

// run starts operation id with query and returns its result messages (next
// or data) and errors (error), up to its complete.
func (w *wsConn) run(id, query string) (results int, refusals []json.RawMessage) {
	w.t.Helper()
	start := "subscribe"
	if w.protocol == "graphql-ws" {
		start = "start"
	}
	w.send(wsMessage{ID: id, Type: start, Payload: mustJSON(map[string]any{"query": query})})
	for {
		m := w.next()
		if m.ID != id {
			w.t.Fatalf("operation %s: got %s for %s", id, m.Type, m.ID)
		}
		switch m.Type {
		case "next", "data":
			results++
		case "error":
			refusals = append(refusals, m.Payload)
		case "complete":
			return results, refusals
		default:
			w.t.Fatalf("operation %s: got %s %s", id, m.Type, m.Payload)
		}
	}
}

// TestRateLimitWebSocket: every operation sent over a WebSocket connection
// draws from the bucket the HTTP requests of its viewer draw from (the
// agency's; the client address's for PUBLIC): over it the operation gets an
// error message with RATE_LIMITED and the seconds to wait, the connection
// stays open, and HTTP requests of the same viewer get 429.
func TestRateLimitWebSocket(t *testing.T) {
	for _, protocol := range []string{"graphql-transport-ws", "graphql-ws"} {
		t.Run(protocol, func(t *testing.T) {
			// Five tokens a bucket, none added during the test.
			srv, db, tokens := newServerDB(t, server.Protection{RatePerSecond: 0.001, Burst: 5, Timeout: 10 * time.Second}, "")
			burst := func(w *wsConn, prefix string, n int) (answered int, limited []json.RawMessage) {
				t.Helper()
				for i := range n {
					results, refusals := w.run(prefix+strconv.Itoa(i), "{ viewer { role } }")
					answered += results
					limited = append(limited, refusals...)
				}
				return answered, limited
			}
			checkRefusals := func(limited []json.RawMessage) {
				t.Helper()
				for _, p := range limited {
					var errs []struct {
						Message    string
						Extensions map[string]any
					}
					if err := json.Unmarshal(p, &errs); err != nil || len(errs) != 1 || errs[0].Extensions["code"] != "RATE_LIMITED" {
						t.Fatalf("refusal %s, want one RATE_LIMITED error", p)
					}
					if secs, _ := errs[0].Extensions["retryAfter"].(float64); secs < 1 {
						t.Errorf("refusal %s: retryAfter, want seconds to wait", p)
					}
				}
			}

			// PUBLIC: the upgrade request takes one token of the address's
			// bucket, four operations the rest.
			w := dialGraphQL(t, srv.URL, protocol, nil, map[string]any{})
			answered, limited := burst(w, "p", 8)
			if answered != 4 || len(limited) != 4 {
				t.Fatalf("PUBLIC: %d answered and %d refused of 8 operations, want 4 and 4", answered, len(limited))
			}
			checkRefusals(limited)
			if resp, body := post(t, srv.URL, "{ viewer { role } }", nil); resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
				t.Errorf("HTTP after the WebSocket burst: %d %s, want 429 with Retry-After", resp.StatusCode, body)
			}

			// An agency: its connection's operations drain the agency's bucket,
			// not the address's, and then its HTTP requests are refused.
			ctx := authz.SystemContext(context.Background())
			code := "640105001002"
			db.Client.Agency.Create().SetCode(code).SetName("康庄社区居民委员会").SetKind(agency.KindCOMMUNITY).SaveX(ctx)
			if _, err := authz.EnsureAccount(ctx, db.Client, "kz", authz.CommunityOfficer, code); err != nil {
				t.Fatal(err)
			}
			tok, err := tokens.Issue(authz.Viewer{Subject: "kz", Agency: code, Role: authz.CommunityOfficer}, time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			bearer := map[string]string{"Authorization": "Bearer " + tok}
			if resp, body := post(t, srv.URL, "{ viewer { role } }", bearer); resp.StatusCode != http.StatusOK {
				t.Fatalf("the agency's first HTTP request: %d %s", resp.StatusCode, body)
			}
			// The address's bucket is empty, so the upgrade carries the
			// agency's credentials (as a client outside a browser may):
			// it draws from the agency's bucket.
			aw := dialGraphQL(t, srv.URL, protocol, http.Header{"Authorization": {"Bearer " + tok}}, map[string]any{"Authorization": "Bearer " + tok})
			// Five tokens: one HTTP request, one upgrade, three operations.
			answered, limited = burst(aw, "a", 6)
			if answered != 3 || len(limited) != 3 {
				t.Fatalf("agency: %d answered and %d refused of 6 operations, want 3 and 3", answered, len(limited))
			}
			checkRefusals(limited)
			if resp, body := post(t, srv.URL, "{ viewer { role } }", bearer); resp.StatusCode != http.StatusTooManyRequests {
				t.Errorf("the agency's HTTP request after its WebSocket burst: %d %s, want 429", resp.StatusCode, body)
			}
			// The connection is still open: a refused operation does not end it.
			if _, refusals := aw.run("again", "{ viewer { role } }"); len(refusals) != 1 {
				t.Errorf("after the burst: %d refusals, want 1", len(refusals))
			}
		})
	}
}

// TestCORS: preflights from allowed origins pass with the headers a
// front-end needs; others get no CORS headers.
func TestCORS(t *testing.T) {
	srv := newServer(t, server.Protection{CORSOrigins: []string{"https://app.example.cn"}}, "")
	preflight := func(origin string) *http.Response {
		req, _ := http.NewRequest(http.MethodOptions, srv.URL+"/graphql", nil)
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", "POST")
		req.Header.Set("Access-Control-Request-Headers", "authorization, content-type, x-purpose")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	ok := preflight("https://app.example.cn")
	if ok.Header.Get("Access-Control-Allow-Origin") != "https://app.example.cn" || !strings.Contains(strings.ToLower(ok.Header.Get("Access-Control-Allow-Headers")), "x-purpose") {
		t.Errorf("allowed origin: %v", ok.Header)
	}
	if bad := preflight("https://evil.example.com"); bad.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("other origin allowed: %v", bad.Header)
	}
}

// TestMetricsToken: with a token set, /metrics needs it.
func TestMetricsToken(t *testing.T) {
	srv := newServer(t, server.DefaultProtection(), "s3cret")
	resp, err := http.Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("/metrics without the token: %d", resp.StatusCode)
	}
	req, _ := http.NewRequest("GET", srv.URL+"/metrics", nil)
	req.Header.Set("Authorization", "Bearer s3cret")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("/metrics with the token: %d", resp.StatusCode)
	}
}
