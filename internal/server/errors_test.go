package server_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/wushehub/wushe/ent/agency"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/server"
	"github.com/wushehub/wushe/internal/store"
	"github.com/wushehub/wushe/internal/store/storetest"
)

// errorBody is what every refusal carries.
type errorBody struct {
	Errors []struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

func do(t *testing.T, method, url, contentType, body string, headers map[string]string) (*http.Response, errorBody, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var eb errorBody
	_ = json.Unmarshal(b, &eb)
	return resp, eb, string(b)
}

// TestEveryRefusalHasJSONErrors: whatever is refused, and however, the
// answer has a JSON errors body with a code.
func TestEveryRefusalHasJSONErrors(t *testing.T) {
	srv := newServer(t, server.Protection{}, "secret")
	cases := []struct {
		name, method, path, ctype, body string
		headers                         map[string]string
		status                          int
		code                            string
	}{
		{"POST to a probe", "POST", "/healthz", "", "", nil, http.StatusMethodNotAllowed, "BAD_USER_INPUT"},
		{"unknown page", "GET", "/nope", "", "", nil, http.StatusNotFound, "NOT_FOUND"},
		{"PUT /graphql", "PUT", "/graphql", "application/json", `{"query":"{ viewer { role } }"}`, nil, http.StatusMethodNotAllowed, "BAD_USER_INPUT"},
		{"bad JSON", "POST", "/graphql", "application/json", `{"query":`, nil, http.StatusBadRequest, "BAD_USER_INPUT"},
		{"text body", "POST", "/graphql", "text/plain", `{ viewer { role } }`, nil, http.StatusUnsupportedMediaType, "BAD_USER_INPUT"},
		{"bad token", "POST", "/graphql", "application/json", `{"query":"{ viewer { role } }"}`, map[string]string{"Authorization": "Bearer nope"}, http.StatusUnauthorized, "UNAUTHENTICATED"},
		{"bad API key", "POST", "/graphql", "application/json", `{"query":"{ viewer { role } }"}`, map[string]string{"X-API-Key": "wsk_nope"}, http.StatusUnauthorized, "UNAUTHENTICATED"},
		{"metrics without token", "GET", "/metrics", "", "", nil, http.StatusUnauthorized, "UNAUTHENTICATED"},
	}
	for _, c := range cases {
		resp, eb, raw := do(t, c.method, srv.URL+c.path, c.ctype, c.body, c.headers)
		if resp.StatusCode != c.status {
			t.Errorf("%s: HTTP %d, want %d (%s)", c.name, resp.StatusCode, c.status, raw)
		}
		if len(eb.Errors) == 0 || eb.Errors[0].Extensions["code"] != c.code || eb.Errors[0].Message == "" {
			t.Errorf("%s: body %q, want errors with code %s", c.name, raw, c.code)
		}
		if !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/") {
			t.Errorf("%s: Content-Type %q", c.name, resp.Header.Get("Content-Type"))
		}
	}
}

// TestDatabaseGoneIsUnavailable: with its database gone, the hub answers
// every request — with credentials or without, query or mutation, and its
// readiness probe — with 503, UNAVAILABLE and Retry-After: no panic, no
// empty 500, no driver text, and credentials are not called invalid.
func TestDatabaseGoneIsUnavailable(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		tokens, err := authz.NewTokens([]byte("0123456789abcdef0123456789abcdef"))
		if err != nil {
			t.Fatal(err)
		}
		ctx := authz.SystemContext(t.Context())
		ag := db.Client.Agency.Create().SetCode("640105000000").SetName("西夏区").SetKind(agency.KindDISTRICT_OFFICE).SaveX(ctx)
		db.Client.Account.Create().SetUsername("li.na").SetRole(string(authz.DistrictOfficer)).SetAgency(ag).SaveX(ctx)
		key, prefix, err := authz.NewKey()
		if err != nil {
			t.Fatal(err)
		}
		db.Client.APIKey.Create().SetAgency(ag).SetName("大屏").SetPrefix(prefix).SetHash(authz.HashKey(key)).SetRole(string(authz.DistrictOfficer)).SaveX(ctx)
		token, err := tokens.Issue(authz.Viewer{Subject: "li.na", Agency: "640105000000", Role: authz.DistrictOfficer}, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(server.New(server.Config{
			DB: db, Auth: authz.NewAuthenticator(tokens, db.Client), Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		}))
		defer srv.Close()
		if resp, _, raw := do(t, "GET", srv.URL+"/readyz", "", "", nil); resp.StatusCode != http.StatusOK {
			t.Fatalf("/readyz before: %d %s", resp.StatusCode, raw)
		}
		db.SQL.Close() // the database goes away
		query := `{"query":"{ communities { totalCount } }"}`
		mutation := `{"query":"mutation { createAgency(input: {code: \"640105001000\", name: \"街道\", kind: STREET_OFFICE}) { id } }"}`
		cases := []struct {
			name, body string
			headers    map[string]string
		}{
			{"public query", query, nil},
			{"token", query, map[string]string{"Authorization": "Bearer " + token}},
			{"API key", query, map[string]string{"X-API-Key": key}},
			{"mutation", mutation, map[string]string{"Authorization": "Bearer " + token}},
		}
		for _, c := range cases {
			resp, eb, raw := do(t, "POST", srv.URL+"/graphql", "application/json", c.body, c.headers)
			if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
				t.Errorf("%s: HTTP %d Retry-After %q, want 503 with Retry-After (%s)", c.name, resp.StatusCode, resp.Header.Get("Retry-After"), raw)
			}
			if len(eb.Errors) == 0 || eb.Errors[0].Extensions["code"] != "UNAVAILABLE" {
				t.Errorf("%s: %s, want UNAVAILABLE", c.name, raw)
			}
			for _, leak := range []string{"sql:", "pq:", "dial", "closed", "ent:"} {
				if strings.Contains(raw, leak) {
					t.Errorf("%s: the answer quotes the driver (%q): %s", c.name, leak, raw)
				}
			}
		}
		resp, _, raw := do(t, "GET", srv.URL+"/readyz", "", "", nil)
		if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(raw, "unreachable") {
			t.Errorf("/readyz with the database gone: %d %s", resp.StatusCode, raw)
		}
	})
}
