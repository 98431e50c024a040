package server_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/server"
	"github.com/wushehub/wushe/internal/store/storetest"
)

func newServer(t *testing.T, prot server.Protection, metricsToken string) *httptest.Server {
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
	return srv
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
