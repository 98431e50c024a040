package graph_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/wushehub/wushe/graph"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/store/storetest"
)

// httpHandler returns the /graphql handler over a fresh SQLite database for
// requests as viewer, in the language of their Accept-Language header (what
// internal/server's middleware does). The transports do not depend on the
// database, so PostgreSQL adds nothing here.
func httpHandler(t *testing.T, viewer authz.Viewer) http.Handler {
	t.Helper()
	db := storetest.SQLite(t)
	h := graph.NewHandler(graph.Options{Client: db.Client, Dialect: db.Dialect, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := authz.NewContext(r.Context(), viewer)
		ctx = fault.WithLang(ctx, fault.ParseAcceptLanguage(r.Header.Get("Accept-Language")))
		h.ServeHTTP(w, r.WithContext(ctx))
	})
}

// exchange is one request to /graphql and what is expected back.
type exchange struct {
	name    string
	method  string
	query   url.Values // GET parameters
	body    string     // POST body
	headers map[string]string

	status      int
	contentType string // media type of the response ("" = application/json)
	allow       string // Allow header, for 405
	code        string // extensions.code of the first error ("" = no error)
	message     string // substring of the first error's message
	data        string // "absent", "null" or a substring of data's JSON
}

const (
	jsonCT = "application/json"
	grCT   = "application/graphql-response+json"
)

func (x exchange) request() *http.Request {
	method := x.method
	if method == "" {
		method = http.MethodPost
	}
	target := "/graphql"
	if x.query != nil {
		target += "?" + x.query.Encode()
	}
	r := httptest.NewRequest(method, target, strings.NewReader(x.body))
	if method == http.MethodPost {
		r.Header.Set("Content-Type", jsonCT)
	}
	for k, v := range x.headers {
		if v == "" {
			r.Header.Del(k)
		} else {
			r.Header.Set(k, v)
		}
	}
	return r
}

// check sends x to h and compares the response with what x expects.
func (x exchange) check(t *testing.T, h http.Handler) {
	t.Helper()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, x.request())
	res := w.Result()
	body := w.Body.String()
	if res.StatusCode != x.status {
		t.Errorf("status = %d, want %d; body %s", res.StatusCode, x.status, body)
	}
	wantCT := x.contentType
	if wantCT == "" {
		wantCT = jsonCT
	}
	if got := res.Header.Get("Content-Type"); got != wantCT+"; charset=utf-8" {
		t.Errorf("Content-Type = %q, want %q", got, wantCT+"; charset=utf-8")
	}
	if got := res.Header.Get("Allow"); got != x.allow {
		t.Errorf("Allow = %q, want %q", got, x.allow)
	}
	var resp struct {
		Data   *json.RawMessage `json:"data"`
		Errors []gqlError       `json:"errors"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &resp); err != nil {
		t.Fatalf("response is not JSON: %v: %s", err, body)
	}
	var raw map[string]json.RawMessage
	_ = json.Unmarshal(w.Body.Bytes(), &raw)
	_, hasData := raw["data"]
	switch {
	case x.data == "absent" && hasData:
		t.Errorf("body has a data entry, want none: %s", body)
	case x.data == "null" && (!hasData || string(raw["data"]) != "null"):
		t.Errorf("data = %s, want null", raw["data"])
	case x.data != "absent" && x.data != "null" && !strings.Contains(string(raw["data"]), x.data):
		t.Errorf("data = %s, want it to contain %s", raw["data"], x.data)
	}
	if x.code == "" {
		if len(resp.Errors) > 0 {
			t.Errorf("unexpected errors: %+v", resp.Errors)
		}
		return
	}
	if len(resp.Errors) == 0 {
		t.Fatalf("no errors, want %s: %s", x.code, body)
	}
	if got := resp.Errors[0].code(); got != x.code {
		t.Errorf("extensions.code = %q, want %q (%s)", got, x.code, resp.Errors[0].Message)
	}
	if !strings.Contains(resp.Errors[0].Message, x.message) {
		t.Errorf("message = %q, want it to contain %q", resp.Errors[0].Message, x.message)
	}
}

func q(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}

func accept(a string) map[string]string { return map[string]string{"Accept": a} }

// TestTransportRequests: malformed requests get a clear error and a 4xx
// status, never a panic or a 500; well-formed requests that fail before
// execution get 200 under application/json and 400 under
// application/graphql-response+json, without a data entry.
func TestTransportRequests(t *testing.T) {
	h := httpHandler(t, public)
	for _, x := range []exchange{
		// Well-formed requests that execute.
		{name: "POST query", body: `{"query":"{ viewer { role } }"}`, status: 200, data: `"PUBLIC"`},
		{name: "POST graphql-response+json", body: `{"query":"{ viewer { role } }"}`, headers: accept(grCT),
			status: 200, contentType: grCT, data: `"PUBLIC"`},
		{name: "POST null optional parameters", body: `{"query":"{ __typename }","operationName":null,"variables":null,"extensions":null}`,
			status: 200, data: `"Query"`},
		{name: "POST charset utf-8 and BOM", body: "\uFEFF" + `{"query":"{ __typename }"}`,
			headers: map[string]string{"Content-Type": "application/json; charset=UTF-8"}, status: 200, data: `"Query"`},
		{name: "POST unknown keys ignored", body: `{"query":"{ __typename }","documentId":"x"}`, status: 200, data: `"Query"`},
		{name: "GET query", method: "GET", query: q("query", "{ viewer { role } }"), status: 200, data: `"PUBLIC"`},
		{name: "GET with variables and operationName", method: "GET",
			query:  q("query", "query A { a: __typename } query B($s: Boolean!) { b: __typename @skip(if: $s) }", "operationName", "B", "variables", `{"s": false}`),
			status: 200, data: `"b":"Query"`},
		{name: "GET empty operationName is absent", method: "GET", query: q("query", "{ __typename }", "operationName", ""),
			status: 200, data: `"Query"`},
		{name: "field error executes: data null, 200 under graphql-response+json",
			body:    `{"query":"mutation { createDivision(input: {code: \"640000000000\", name: \"x\", level: PROVINCE}) { id } }"}`,
			headers: accept(grCT), status: 200, contentType: grCT, code: "UNAUTHENTICATED", data: "null"},

		// Malformed requests: 4xx under both media types, code BAD_USER_INPUT.
		{name: "malformed JSON", body: `{"query":`, status: 400, code: "BAD_USER_INPUT", message: "not valid JSON", data: "absent"},
		{name: "malformed JSON graphql-response+json", body: `NONSENSE`, headers: accept(grCT),
			status: 400, contentType: grCT, code: "BAD_USER_INPUT", message: "not valid JSON", data: "absent"},
		{name: "trailing garbage", body: `{"query":"{ __typename }"} {}`, status: 400, code: "BAD_USER_INPUT", message: "not valid JSON", data: "absent"},
		{name: "empty body", body: ``, status: 400, code: "BAD_USER_INPUT", message: "empty", data: "absent"},
		{name: "body not an object", body: `["{ __typename }"]`, status: 400, code: "BAD_USER_INPUT", message: "JSON object", data: "absent"},
		{name: "no query", body: `{"qeury":"{ __typename }"}`, status: 400, code: "BAD_USER_INPUT", message: "no query", data: "absent"},
		{name: "query not a string", body: `{"query":{"a":1}}`, status: 400, code: "BAD_USER_INPUT", message: "query must be a string", data: "absent"},
		{name: "operationName not a string", body: `{"query":"{ __typename }","operationName":7}`, status: 400, code: "BAD_USER_INPUT", message: "operationName", data: "absent"},
		{name: "variables not an object", body: `{"query":"query Q($i: Int!) { __typename }","variables":[7]}`,
			status: 400, code: "BAD_USER_INPUT", message: "variables must be an object", data: "absent"},
		{name: "extensions not an object", body: `{"query":"{ __typename }","extensions":"x"}`, status: 400, code: "BAD_USER_INPUT", message: "extensions", data: "absent"},
		{name: "invalid UTF-8 in POST body", body: "{\"query\":\"{ __typename \xff }\"}", status: 400, code: "BAD_USER_INPUT", message: "UTF-8", data: "absent"},
		{name: "invalid UTF-8 in GET query", method: "GET", query: q("query", "{ __typename \xc3\x28 }"), status: 400, code: "BAD_USER_INPUT", message: "UTF-8", data: "absent"},
		{name: "GET no query", method: "GET", query: q(), status: 400, code: "BAD_USER_INPUT", message: "no query", data: "absent"},
		{name: "GET query twice", method: "GET", query: q("query", "{ a: __typename }", "query", "{ b: __typename }"),
			status: 400, code: "BAD_USER_INPUT", message: "more than once", data: "absent"},
		{name: "GET variables not JSON", method: "GET", query: q("query", "{ __typename }", "variables", "{n:1"),
			status: 400, code: "BAD_USER_INPUT", message: "JSON-encoded object", data: "absent"},
		{name: "GET variables an array", method: "GET", query: q("query", "{ __typename }", "variables", "[1]"),
			status: 400, code: "BAD_USER_INPUT", message: "variables must be an object", data: "absent"},
		{name: "message in Chinese", body: `{"query":`, headers: map[string]string{"Accept-Language": "zh-CN"},
			status: 400, code: "BAD_USER_INPUT", message: "请求体不是有效的JSON", data: "absent"},

		// Media types and methods.
		{name: "content type text/plain", body: `{"query":"{ __typename }"}`, headers: map[string]string{"Content-Type": "text/plain"},
			status: 415, code: "BAD_USER_INPUT", message: "unsupported content type", data: "absent"},
		{name: "no content type", body: `{"query":"{ __typename }"}`, headers: map[string]string{"Content-Type": ""},
			status: 415, code: "BAD_USER_INPUT", message: "application/json", data: "absent"},
		{name: "content type with another charset", body: `{"query":"{ __typename }"}`, headers: map[string]string{"Content-Type": "application/json; charset=latin1"},
			status: 415, code: "BAD_USER_INPUT", data: "absent"},
		{name: "form-encoded POST", body: `query=%7B__typename%7D`, headers: map[string]string{"Content-Type": "application/x-www-form-urlencoded"},
			status: 415, code: "BAD_USER_INPUT", data: "absent"},
		{name: "Accept of neither type", body: `{"query":"{ __typename }"}`, headers: accept("text/html"),
			status: 406, code: "BAD_USER_INPUT", message: "Accept", data: "absent"},
		{name: "Accept with q=0", body: `{"query":"{ __typename }"}`, headers: accept("application/json;q=0, application/graphql-response+json;q=0"),
			status: 406, code: "BAD_USER_INPUT", data: "absent"},
		{name: "PUT", method: "PUT", body: `{"query":"{ __typename }"}`, status: 405, allow: "GET, POST, OPTIONS", code: "BAD_USER_INPUT", message: "PUT", data: "absent"},
		{name: "DELETE", method: "DELETE", status: 405, allow: "GET, POST, OPTIONS", code: "BAD_USER_INPUT", data: "absent"},
		{name: "mutation over GET", method: "GET", query: q("query", "mutation { __typename }"), headers: accept(grCT),
			status: 405, allow: "POST", contentType: grCT, code: "BAD_USER_INPUT", message: "use POST", data: "absent"},
		{name: "mutation over GET selected by operationName, variables missing", method: "GET",
			query:  q("query", "query A { __typename } mutation B($in: CreateDivisionInput!) { createDivision(input: $in) { id } }", "operationName", "B"),
			status: 405, allow: "POST", code: "BAD_USER_INPUT", data: "absent"},
		{name: "query over GET beside a mutation", method: "GET",
			query: q("query", "query A { __typename } mutation B { __typename }", "operationName", "A"), status: 200, data: `"Query"`},

		// Request errors: 200 under application/json, 400 under graphql-response+json, no data.
		{name: "parse error", body: `{"query":"{"}`, status: 200, code: "GRAPHQL_PARSE_FAILED", data: "absent"},
		{name: "parse error graphql-response+json", body: `{"query":"{"}`, headers: accept(grCT),
			status: 400, contentType: grCT, code: "GRAPHQL_PARSE_FAILED", data: "absent"},
		{name: "empty query", body: `{"query":""}`, status: 200, code: "GRAPHQL_VALIDATION_FAILED", message: "no operation", data: "absent"},
		{name: "validation error", body: `{"query":"{ nosuchfield }"}`, status: 200, code: "GRAPHQL_VALIDATION_FAILED", message: "nosuchfield", data: "absent"},
		{name: "validation error graphql-response+json", body: `{"query":"{ nosuchfield }"}`, headers: accept(grCT),
			status: 400, contentType: grCT, code: "GRAPHQL_VALIDATION_FAILED", data: "absent"},
		{name: "unknown operationName", body: `{"query":"query A { __typename } query B { __typename }","operationName":"C"}`,
			status: 200, code: "GRAPHQL_VALIDATION_FAILED", message: "operation C not found", data: "absent"},
		{name: "unknown operationName graphql-response+json", body: `{"query":"query A { __typename }","operationName":"C"}`, headers: accept(grCT),
			status: 400, contentType: grCT, code: "GRAPHQL_VALIDATION_FAILED", message: "operation C not found", data: "absent"},
		{name: "GET unknown operationName", method: "GET", query: q("query", "query A { __typename }", "operationName", "null"),
			status: 200, code: "GRAPHQL_VALIDATION_FAILED", message: "operation null not found", data: "absent"},
		{name: "variable coercion failure", body: `{"query":"query Q($id: ID!) { node(id: $id) { id } }","variables":{"id":null}}`,
			status: 200, code: "GRAPHQL_VALIDATION_FAILED", data: "absent"},
		{name: "variable coercion failure graphql-response+json", body: `{"query":"query Q($id: ID!) { node(id: $id) { id } }","variables":{"id":null}}`,
			headers: accept(grCT), status: 400, contentType: grCT, code: "GRAPHQL_VALIDATION_FAILED", data: "absent"},
		{name: "unknown persisted query", body: `{"extensions":{"persistedQuery":{"version":1,"sha256Hash":"` + strings.Repeat("0", 64) + `"}}}`,
			status: 200, code: "PERSISTED_QUERY_NOT_FOUND", data: "absent"},
	} {
		t.Run(x.name, func(t *testing.T) { x.check(t, h) })
	}
}

// TestTransportAccept: the response media type follows Accept — q-values,
// wildcards, specificity — and is application/json without one.
func TestTransportAccept(t *testing.T) {
	h := httpHandler(t, public)
	for _, c := range []struct{ accept, want string }{
		{"", jsonCT},
		{"*/*", jsonCT},
		{"application/*", jsonCT},
		{"application/json", jsonCT},
		{"application/graphql-response+json", grCT},
		{"application/graphql-response+json; charset=utf-8, application/json; charset=utf-8", grCT},
		{"application/json, application/graphql-response+json", grCT},
		{"application/graphql-response+json;q=0.9, application/json", jsonCT},
		{"application/json;q=0.5, application/graphql-response+json;q=0.8", grCT},
		{"text/html, application/xhtml+xml, */*;q=0.8", jsonCT},
		{"*/*, application/graphql-response+json", grCT},
		{"application/json, */*", jsonCT},
		{"application/graphql-response+json;q=0, */*", jsonCT},
		{"application/graphql-response+json; charset=iso-8859-1, application/json;q=0.1", jsonCT},
		{"garbage;;, application/graphql-response+json", grCT},
	} {
		t.Run(c.accept, func(t *testing.T) {
			exchange{body: `{"query":"{ __typename }"}`, headers: accept(c.accept), status: 200, contentType: c.want, data: `"Query"`}.check(t, h)
		})
	}
}

// TestTransportPersistedMutationOverGET: a persisted query registered by a
// POST cannot be run as a mutation over GET by its hash alone.
func TestTransportPersistedMutationOverGET(t *testing.T) {
	h := httpHandler(t, admin)
	query := "mutation { __typename }"
	sum := sha256.Sum256([]byte(query))
	ext := `{"persistedQuery":{"version":1,"sha256Hash":"` + hex.EncodeToString(sum[:]) + `"}}`
	exchange{body: `{"query":"` + query + `","extensions":` + ext + `}`, status: 200, data: `"Mutation"`}.check(t, h)
	exchange{method: "GET", query: q("extensions", ext), status: 405, allow: "POST", code: "BAD_USER_INPUT", data: "absent"}.check(t, h)
}

// TestTransportBodyLimit: a body over the limit is 413, not read whole.
func TestTransportBodyLimit(t *testing.T) {
	h := httpHandler(t, public)
	big := `{"query":"{ __typename }","variables":{"pad":"` + strings.Repeat("x", 10<<20) + `"}}`
	exchange{body: big, status: 413, code: "BAD_USER_INPUT", message: "larger than", data: "absent"}.check(t, h)

	// The limit is configurable.
	db := storetest.SQLite(t)
	small := graph.NewHandler(graph.Options{Client: db.Client, Dialect: db.Dialect, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Limits: graph.Limits{MaxBodyBytes: 1000}})
	h = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		small.ServeHTTP(w, r.WithContext(authz.NewContext(r.Context(), public)))
	})
	exchange{body: `{"query":"{ __typename }","variables":{"pad":"` + strings.Repeat("x", 1000) + `"}}`, status: 413, code: "BAD_USER_INPUT", message: "larger than 1000 bytes", data: "absent"}.check(t, h)
	exchange{body: `{"query":"{ __typename }"}`, status: 200, data: "__typename"}.check(t, h)
}

// FuzzTransportPOST: no body and no content type makes the handler panic or
// answer 5xx, and every answer is a JSON object with errors or data.
func FuzzTransportPOST(f *testing.F) {
	for _, seed := range []string{
		`{"query":"{ viewer { role } }"}`, `{"query":"{"}`, `{"query":`, `[]`, `null`, `""`, `{"query":null}`,
		`{"query":"query Q($v: Int) { __typename }","variables":{"v":1e400}}`,
		`{"query":"{ __typename }","extensions":{"persistedQuery":{"version":2}}}`,
		`{"query":"{ __typename }","extensions":{"persistedQuery":"x"}}`,
		"{\"query\":\"\\ud800\"}", "\xff\xfe", `{"query":"subscription { x }"}`,
	} {
		f.Add(seed, "application/json")
	}
	f.Add(`{"query":"{ __typename }"}`, "application/json; charset=\"utf-8\"; x")
	db := storetest.SQLite(f)
	h := graph.NewHandler(graph.Options{Client: db.Client, Dialect: db.Dialect, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	f.Fuzz(func(t *testing.T, body, contentType string) {
		r := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(body))
		r.Header.Set("Content-Type", contentType)
		r = r.WithContext(authz.NewContext(r.Context(), public))
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code >= 500 {
			t.Fatalf("status %d for %q (%s): %s", w.Code, body, contentType, w.Body)
		}
		var resp map[string]json.RawMessage
		if err := json.Unmarshal(w.Body.Bytes(), &resp); err != nil || (resp["errors"] == nil && resp["data"] == nil) {
			t.Fatalf("not a GraphQL response for %q: %s", body, w.Body)
		}
	})
}
