package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/wushehub/wushe/graph"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/events"
	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/scalar"
	"github.com/wushehub/wushe/internal/store"
	"github.com/wushehub/wushe/internal/store/storetest"
	"github.com/wushehub/wushe/internal/webhook"
)

// exponentialFragments is a document of n fragments each spreading the
// next one twice: a few hundred bytes that stand for 2^n fields.
func exponentialFragments(n int) string {
	var b strings.Builder
	b.WriteString("{ ...F0 }\n")
	for i := range n {
		fmt.Fprintf(&b, "fragment F%d on Query { ...F%d ...F%d }\n", i, i+1, i+1)
	}
	fmt.Fprintf(&b, "fragment F%d on Query { viewer { role } }\n", n)
	return b.String()
}

// fragmentChain is a document of n fragments each spreading the next.
func fragmentChain(n int) string {
	var b strings.Builder
	b.WriteString("{ ...F0 }\n")
	for i := range n {
		fmt.Fprintf(&b, "fragment F%d on Query { ...F%d }\n", i, i+1)
	}
	fmt.Fprintf(&b, "fragment F%d on Query { viewer { role } }\n", n)
	return b.String()
}

// repeatedDirectives is a field under n @skip directives.
func repeatedDirectives(n int) string {
	return "{ viewer { role " + strings.Repeat("@skip(if: false) ", n) + "} }"
}

// bounded serves requests with the default limits and counts the SQL
// statements each one sends.
type bounded struct {
	t testing.TB
	h http.Handler
}

func newBounded(t testing.TB, db *store.DB) *bounded {
	t.Helper()
	feed, err := events.NewFeed(context.Background(), events.FeedConfig{DB: db.SQL, Dialect: db.Dialect})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { feed.Close() })
	hooks := webhook.New(webhook.Config{DB: db.SQL, Dialect: db.Dialect, Client: db.Client, Feed: feed})
	return &bounded{t: t, h: graph.NewHandler(graph.Options{Client: db.Client, Dialect: db.Dialect, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Feed: feed, Webhooks: hooks})}
}

// reply is what a request got.
type reply struct {
	body       []byte
	errs       []gqlError
	statements int64
}

// post sends query and vars (JSON, or "") as viewer in lang.
func (b *bounded) post(v authz.Viewer, lang fault.Lang, query, vars string) reply {
	b.t.Helper()
	q, _ := json.Marshal(query)
	body := `{"query": ` + string(q)
	if vars != "" {
		body += `, "variables": ` + vars
	}
	body += "}"
	req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	ctx := fault.WithLang(authz.NewContext(req.Context(), v), lang)
	ctx, n := store.CountStatements(ctx)
	rec := httptest.NewRecorder()
	b.h.ServeHTTP(rec, req.WithContext(ctx))
	var out struct {
		Errors []gqlError `json:"errors"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		b.t.Fatalf("response %.200s: %v", rec.Body.Bytes(), err)
	}
	return reply{body: rec.Body.Bytes(), errs: out.Errors, statements: n.Load()}
}

// TestBoundsBeforeExecution: the hostile documents reported against the
// hub — fragments that each spread the next one twice, a chain of 5,000
// fragments, 10,000 directives, a 1.6 MB string, NUL bytes — and their
// smaller cousins are each refused with one error naming the limit, and
// no resolver runs (no SQL statement is sent).
func TestBoundsBeforeExecution(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db.Client)
		b := newBounded(t, db)
		district := scalar.EncodeID(f.district.ID)
		title := strings.Repeat("议", 1600<<10/3) // 1.6 MB
		volunteer := `mutation($n: String!, $c: ID!) { createVolunteer(input: {name: $n, kind: RESIDENT, communityID: $c}) { id } }`
		community := scalar.EncodeID(f.community.ID)
		vars := func(name string) string {
			v, _ := json.Marshal(map[string]any{"n": name, "c": community})
			return string(v)
		}
		withDirectives := func(n int) string {
			return "{ viewer { role " + strings.Repeat("@include(if: true) ", n) + "} }"
		}
		manyDirectives := "{ viewer { " + strings.Repeat("role @skip(if: false) @include(if: true) ", 30) + "} }"
		fragments := "{ ...F0 }" + strings.Repeat(" fragment F0 on Query { viewer { role } }", 1)
		for i := 1; i <= 100; i++ {
			fragments += fmt.Sprintf(" fragment F%d on Query { viewer { role } }", i)
		}
		for _, tc := range []struct {
			name, query, vars  string
			code, limit, field string
		}{
			{"40 levels of fragments spreading the next twice", exponentialFragments(40), "", "QUERY_TOO_COMPLEX", "expanded size", ""},
			{"26 levels of fragments spreading the next twice", exponentialFragments(26), "", "QUERY_TOO_COMPLEX", "expanded size", ""},
			{"a chain of 5,000 fragments", fragmentChain(5000), "", "QUERY_TOO_COMPLEX", "token count", ""},
			{"10,000 @skip on one field", repeatedDirectives(10000), "", "QUERY_TOO_COMPLEX", "token count", ""},
			{"6 directives on one field", withDirectives(6), "", "QUERY_TOO_COMPLEX", "directives per location", ""},
			{"60 directives in the document", manyDirectives, "", "QUERY_TOO_COMPLEX", "directive count", ""},
			{"101 fragments", fragments, "", "QUERY_TOO_COMPLEX", "fragment count", ""},
			{"one field 31 times", "{ viewer { " + strings.Repeat("role ", 31) + "} }", "", "QUERY_TOO_COMPLEX", "field repeats", ""},
			{"one field 40 times through fragments", "{ viewer { ...A ...B ...C ...D } } " +
				"fragment A on Viewer { " + strings.Repeat("role ", 10) + "} fragment B on Viewer { " + strings.Repeat("role ", 10) + "} " +
				"fragment C on Viewer { " + strings.Repeat("role ", 10) + "} fragment D on Viewer { " + strings.Repeat("role ", 10) + "}",
				"", "QUERY_TOO_COMPLEX", "field repeats", ""},
			{"a 1.6 MB name in a variable", volunteer, vars(title), "BAD_USER_INPUT", "string length", "n"},
			{"a 1.6 MB name written in the document", `mutation { createVolunteer(input: {name: "` + title + `", kind: RESIDENT, communityID: "` + community + `"}) { id } }`, "",
				"BAD_USER_INPUT", "string length", "input.name"},
			{"NUL in a variable", volunteer, vars("张\x00三"), "BAD_USER_INPUT", "", "n"},
			{"NUL in an input object of a variable", `mutation($i: CreateVolunteerInput!) { createVolunteer(input: $i) { id } }`,
				`{"i": {"name": "ok", "kind": "RESIDENT", "communityID": "` + community + `", "phone": "1\u0000"}}`, "BAD_USER_INPUT", "", "i.phone"},
			{"NUL in a list written in the document", `{ communities(where: {codeIn: ["640105001002", "a\u0000"]}) { totalCount } }`, "", "BAD_USER_INPUT", "", "where.codeIn[1]"},
			{"both first and last", `{ communities(first: 1, last: 1) { totalCount } }`, "", "BAD_USER_INPUT", "", "last"},
			{"a negative first", `{ communities(first: -1) { totalCount } }`, "", "BAD_USER_INPUT", "", "first"},
			{"a negative last in a variable", `query($n: Int) { communities(last: $n) { totalCount } }`, `{"n": -5}`, "BAD_USER_INPUT", "", "last"},
			{"pages under each community of the dashboard's map", `query($d: ID!) { dashboard(division: $d) { map { communities { pairings(first: 1000) { edges { node { id } } } } } } }`,
				`{"d": "` + district + `"}`, "QUERY_TOO_COMPLEX", "cost", ""},
			{"pages under each area of the dashboard's breakdown", `query($d: ID!) { dashboard(division: $d) { breakdown { space { communities { community { activities(first: 100) { edges { node { id title } } } } } } } } }`,
				`{"d": "` + district + `"}`, "QUERY_TOO_COMPLEX", "cost", ""},
		} {
			t.Run(tc.name, func(t *testing.T) {
				r := b.post(admin, fault.English, tc.query, tc.vars)
				if len(r.errs) != 1 || r.errs[0].code() != tc.code {
					t.Fatalf("errors %.300s, want one %s", r.body, tc.code)
				}
				if got, _ := r.errs[0].Extensions["limit"].(string); got != tc.limit {
					t.Errorf("limit = %q, want %q", got, tc.limit)
				}
				if r.errs[0].field() != tc.field {
					t.Errorf("field = %q, want %q", r.errs[0].field(), tc.field)
				}
				if r.statements != 0 {
					t.Errorf("%d SQL statements sent before the refusal", r.statements)
				}
				if len(r.body) > 1<<10 {
					t.Errorf("the refusal is %d bytes long", len(r.body))
				}
			})
		}
		// In Chinese, too.
		r := b.post(admin, fault.Chinese, `{ communities(first: 1, last: 1) { totalCount } }`, "")
		if len(r.errs) != 1 || !strings.Contains(r.errs[0].Message, "只能给出其一") {
			t.Errorf("both first and last in Chinese: %s", r.body)
		}
		r = b.post(admin, fault.Chinese, exponentialFragments(40), "")
		if len(r.errs) != 1 || !strings.Contains(r.errs[0].Message, "超过上限10000") {
			t.Errorf("expanded size in Chinese: %s", r.body)
		}
		// Nothing was stored.
		if n := db.Client.Volunteer.Query().CountX(sys()); n != len(f.volunteers) {
			t.Errorf("%d volunteers, want %d", n, len(f.volunteers))
		}
	})
}

// TestBoundsLetLegitimateDocumentsThrough: the largest documents the hub's
// own clients send — the dashboard page's, GraphiQL's introspection, the
// example client's and README's — pass every limit.
func TestBoundsLetLegitimateDocumentsThrough(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db.Client)
		b := newBounded(t, db)
		refused := func(r reply) bool {
			for _, e := range r.errs {
				switch e.code() {
				case "QUERY_TOO_COMPLEX", "GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED", "INTERNAL":
					return true
				}
				if e.Extensions["limit"] != nil {
					return true
				}
			}
			return false
		}
		district := scalar.EncodeID(f.district.ID)
		r := b.post(admin, fault.English, dashboardPageQuery(t), `{"id": "`+district+`", "from": "2024-01-01", "to": "2024-12-31"}`)
		if len(r.errs) > 0 || !bytes.Contains(r.body, []byte(`"breakdown"`)) {
			t.Errorf("the dashboard page's query: %.500s", r.body)
		}
		introspection, err := os.ReadFile(filepath.Join("testdata", "introspection.graphql"))
		if err != nil {
			t.Fatal(err)
		}
		if r := b.post(viewerOf("street"), fault.English, string(introspection), ""); len(r.errs) > 0 || !bytes.Contains(r.body, []byte(`"__schema"`)) {
			t.Errorf("GraphiQL's introspection as a street office: %.500s", r.body)
		}
		for _, doc := range readmeDocuments(t) {
			if r := b.post(admin, fault.English, doc, ""); refused(r) {
				t.Errorf("README's %.60s…: %.500s", doc, r.body)
			}
		}
		client, err := os.ReadFile(filepath.Join("..", "examples", "client", "client.mjs"))
		if err != nil {
			t.Fatal(err)
		}
		page := regexp.MustCompile("(?s)const page = `(.*?)`;").FindSubmatch(client)
		if page == nil {
			t.Fatal("examples/client/client.mjs has no page query")
		}
		if r := b.post(admin, fault.English, string(page[1]), `{"after": null}`); len(r.errs) > 0 {
			t.Errorf("the example client's page: %.500s", r.body)
		}
		if r := b.post(admin, fault.English, NestedQuery, `{"n": 100}`); len(r.errs) > 0 {
			t.Errorf("the nested query: %.500s", r.body)
		}
	})
}

// dashboardPageQuery is the document web/src/dashboard/main.js sends.
func dashboardPageQuery(t testing.TB) string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "web", "src", "dashboard", "main.js"))
	if err != nil {
		t.Fatal(err)
	}
	figures := regexp.MustCompile("(?s)const figures = `(.*?)`;").FindSubmatch(src)
	query := regexp.MustCompile("(?s)const dashboardQuery = `(.*?)`;").FindSubmatch(src)
	if figures == nil || query == nil {
		t.Fatal("web/src/dashboard/main.js: the dashboard query was not found")
	}
	return strings.Replace(string(query[1]), "${figures}", string(figures[1]), 1)
}

// readmeDocuments returns the GraphQL blocks of README.md, comments cut.
func readmeDocuments(t testing.TB) []string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	var docs []string
	for _, m := range regexp.MustCompile("(?s)```graphql\n(.*?)```").FindAllSubmatch(src, -1) {
		for _, line := range strings.Split(string(m[1]), "\n") {
			if strings.HasPrefix(line, "subscription ") {
				docs = append(docs, strings.TrimSpace(strings.SplitN(line, "#", 2)[0]))
			}
		}
		if !bytes.HasPrefix(m[1], []byte("subscription ")) {
			docs = append(docs, string(m[1]))
		}
	}
	if len(docs) < 3 {
		t.Fatalf("README.md: %d GraphQL examples found", len(docs))
	}
	return docs
}
