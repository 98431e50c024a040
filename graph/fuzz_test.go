package graph_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wushehub/wushe/graph"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/scalar"
	"github.com/wushehub/wushe/internal/store/storetest"
)

// fuzzCodes are the extensions.code values a fuzzed request may get: the
// hub's classes but INTERNAL (which would be a bug), and gqlgen's for a
// document that does not parse or validate.
var fuzzCodes = map[string]bool{
	"UNAUTHENTICATED": true, "FORBIDDEN": true, "BAD_USER_INPUT": true, "NOT_FOUND": true, "CONFLICT": true,
	"RATE_LIMITED": true, "QUERY_TOO_COMPLEX": true, "UNAVAILABLE": true,
	"GRAPHQL_PARSE_FAILED": true, "GRAPHQL_VALIDATION_FAILED": true, "PERSISTED_QUERY_NOT_FOUND": true,
}

const (
	// fuzzDeadline bounds each request's work: a request still running
	// at it has escaped the limits.
	fuzzDeadline = 10 * time.Second
	// fuzzMaxResponse bounds a response: GraphiQL's introspection, the
	// largest document the fixture answers, is some 400 KB.
	fuzzMaxResponse = 2 << 20
)

// panics records what the recover func logs.
type panics struct {
	slog.Handler
	mu   sync.Mutex
	seen []string
}

func (p *panics) Enabled(context.Context, slog.Level) bool { return true }

func (p *panics) Handle(ctx context.Context, r slog.Record) error {
	if r.Message == "graphql: panic" || r.Message == "graphql: internal error" {
		var detail strings.Builder
		detail.WriteString(r.Message)
		r.Attrs(func(a slog.Attr) bool {
			detail.WriteString(" " + a.String())
			return true
		})
		p.mu.Lock()
		p.seen = append(p.seen, detail.String())
		p.mu.Unlock()
	}
	return nil
}

func (p *panics) take() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := p.seen
	p.seen = nil
	return out
}

// FuzzDocument sends whole documents — fragments, directives, arguments —
// with variables as JSON to the real schema over SQLite with a small
// district, as the platform administrator (who reaches the most), and
// checks that nothing panics or fails as INTERNAL, that every error has a
// code of the hub's set, that each answer comes before a deadline and is
// bounded in size. The seed corpus (testdata/fuzz/FuzzDocument: the
// hostile documents reported against the hub and their cousins) runs with
// go test ./graph/.
func FuzzDocument(f *testing.F) {
	db := storetest.SQLite(f)
	fx := newFixture(f, db.Client)
	log := &panics{Handler: slog.DiscardHandler}
	h := graph.NewHandler(graph.Options{Client: db.Client, Dialect: db.Dialect, Log: slog.New(log)})
	district := scalar.EncodeID(fx.district.ID)
	introspection, err := os.ReadFile(filepath.Join("testdata", "introspection.graphql"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(dashboardPageQuery(f), `{"id": "`+district+`", "from": "2024-01-01", "to": "2024-12-31"}`)
	f.Add(string(introspection), "")
	f.Add(NestedQuery, `{"n": 100}`)
	f.Add(`query($d: ID!) { dashboard(division: $d) { map { communities { id name pairings(first: 10) { totalCount } } } } }`, `{"d": "`+district+`"}`)
	f.Add(`mutation($c: ID!) { createVolunteer(input: {name: "张三", kind: RESIDENT, communityID: $c}) { id name } }`, `{"c": "`+scalar.EncodeID(fx.community.ID)+`"}`)
	f.Fuzz(func(t *testing.T, doc, vars string) {
		q, _ := json.Marshal(doc)
		body := `{"query": ` + string(q)
		if vars != "" && json.Valid([]byte(vars)) {
			body += `, "variables": ` + vars
		}
		body += "}"
		ctx, cancel := context.WithTimeout(authz.NewContext(context.Background(), admin), fuzzDeadline)
		defer cancel()
		req := httptest.NewRequestWithContext(ctx, http.MethodPost, "/graphql", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if ctx.Err() != nil {
			t.Fatalf("the request was still running at the %v deadline", fuzzDeadline)
		}
		for _, p := range log.take() {
			t.Errorf("%s", p)
		}
		if n := rec.Body.Len(); n > fuzzMaxResponse {
			t.Fatalf("a response of %d bytes", n)
		}
		var resp struct {
			Errors []gqlError `json:"errors"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
			t.Fatalf("HTTP %d, a body that is not JSON: %.300q", rec.Code, rec.Body.Bytes())
		}
		for _, e := range resp.Errors {
			if !fuzzCodes[e.code()] {
				t.Errorf("error %q has code %q", e.Message, e.code())
			}
		}
	})
}
