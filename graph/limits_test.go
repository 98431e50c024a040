package graph_test

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/client"

	"github.com/wushehub/wushe/graph"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/scalar"
	"github.com/wushehub/wushe/internal/store"
	"github.com/wushehub/wushe/internal/store/storetest"
)

// strictAPI is an API client with the default limits.
func strictAPI(t *testing.T, db *store.DB, v authz.Viewer) *client.Client {
	t.Helper()
	h := graph.NewHandler(graph.Options{Client: db.Client, Dialect: db.Dialect, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	return client.New(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r.WithContext(authz.NewContext(r.Context(), v)))
	}))
}

func rawErrors(t *testing.T, c *client.Client, query string, opts ...client.Option) []gqlError {
	t.Helper()
	resp, err := c.RawPost(query, opts...)
	if err != nil {
		t.Fatal(err)
	}
	var errs []gqlError
	if len(resp.Errors) > 0 {
		if err := jsonUnmarshal(resp.Errors, &errs); err != nil {
			t.Fatal(err)
		}
	}
	return errs
}

// TestLimits: deep, wide, aliased and oversized documents are refused before
// they run, with QUERY_TOO_COMPLEX naming the limit; reasonable ones run.
func TestLimits(t *testing.T) {
	db := storetest.SQLite(t)
	c := strictAPI(t, db, admin)
	deep := strings.Repeat("{ children(first: 1) { edges { node ", 34) + "{ id }" + strings.Repeat(" } } }", 34)
	aliases := make([]string, 200)
	for i := range aliases {
		aliases[i] = fmt.Sprintf("a%d: viewer { role }", i)
	}
	roots := make([]string, 25)
	for i := range roots {
		roots[i] = fmt.Sprintf("r%d: divisions(first: 1) { totalCount }", i)
	}
	cases := []struct {
		name, query, code, limit string
	}{
		{"depth 100", "{ divisions(first: 1) { edges { node " + deep + " } } }", "QUERY_TOO_COMPLEX", "depth"},
		{"200 aliases", "{ " + strings.Join(aliases, " ") + " }", "QUERY_TOO_COMPLEX", "alias count"},
		{"25 root fields", "{ " + strings.Join(roots, " ") + " }", "QUERY_TOO_COMPLEX", "root field count"},
		{"page too large", "{ communities(first: 5000) { totalCount } }", "BAD_USER_INPUT", ""},
		{"cost", "{ communities(first: 1000) { edges { node { pairings(first: 1000) { edges { node { id } } } } } } }", "QUERY_TOO_COMPLEX", "cost"},
		{"cost through a named fragment", "{ communities(first: 1000) { ...Rows } } fragment Rows on CommunityConnection { edges { node { pairings(first: 1000) { ...Pairs } } } } fragment Pairs on PairingConnection { edges { node { id } } }", "QUERY_TOO_COMPLEX", "cost"},
		{"cost through an inline fragment", "{ communities(first: 1000) { ... on CommunityConnection { edges { node { pairings(first: 1000) { ... { edges { node { id } } } } } } } } }", "QUERY_TOO_COMPLEX", "cost"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			errs := rawErrors(t, c, tc.query)
			if len(errs) != 1 || errs[0].code() != tc.code {
				t.Fatalf("errors %+v, want one %s", errs, tc.code)
			}
			if tc.limit != "" && errs[0].Extensions["limit"] != tc.limit {
				t.Errorf("limit = %v, want %q", errs[0].Extensions["limit"], tc.limit)
			}
		})
	}
	for _, ok := range []string{
		NestedQuery,
		"{ a: viewer { role } b: viewer { role } }",
		"query($n: Int!) { communities(first: $n) { totalCount } }",
	} {
		if errs := rawErrors(t, c, ok, client.Var("n", 100)); len(errs) > 0 {
			t.Errorf("%.40s…: refused %+v", ok, errs)
		}
	}
	// A page size given by a variable is checked too.
	errs := rawErrors(t, c, "query($n: Int!) { communities(first: $n) { totalCount } }", client.Var("n", 100000))
	if len(errs) != 1 || errs[0].code() != "BAD_USER_INPUT" {
		t.Errorf("first from a variable over the limit: %+v", errs)
	}
}

// TestIntrospection: PUBLIC may not introspect (the SDL is served at
// /schema.graphql); credentials may.
func TestIntrospection(t *testing.T) {
	db := storetest.SQLite(t)
	q := `{ __schema { queryType { name } } }`
	if errs := rawErrors(t, strictAPI(t, db, public), q); len(errs) == 0 {
		t.Error("PUBLIC introspected the schema")
	}
	if errs := rawErrors(t, strictAPI(t, db, admin), q); len(errs) > 0 {
		t.Errorf("admin introspection refused: %+v", errs)
	}
	if errs := rawErrors(t, strictAPI(t, db, public), `{ __typename viewer { role } }`); len(errs) > 0 {
		t.Errorf("__typename refused to PUBLIC: %+v", errs)
	}
}

// TestTrustedDocuments: an agency registers documents; clients send the
// hash; a trusted-only viewer runs registered documents only, others may
// also use automatic persisted queries.
func TestTrustedDocuments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		demoWorld(t, db)
		shalong := viewerOf("shalong")
		doc := `query Mine { volunteers { totalCount } }`
		reg := newAPI(t, db, shalong, fault.English)
		var out struct {
			RegisterDocuments []struct{ Hash, Name string }
		}
		reg.mustDo(`mutation($d: [String!]!) { registerDocuments(documents: $d) { hash name } }`, map[string]any{"d": []string{doc}}, &out)
		hash := out.RegisterDocuments[0].Hash
		if hash != graph.DocumentHash(doc) || out.RegisterDocuments[0].Name != "Mine" {
			t.Fatalf("registered %+v", out.RegisterDocuments)
		}
		if errs := reg.do(`mutation($d: [String!]!) { registerDocuments(documents: $d) { hash } }`, map[string]any{"d": []string{"{ nope }"}}, nil); len(errs) != 1 || errs[0].code() != string(fault.BadUserInput) {
			t.Errorf("registering an invalid document: %+v", errs)
		}
		persisted := client.Extensions(map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hash}})
		trustedOnly := shalong
		trustedOnly.TrustedOnly = true
		tc := strictAPI(t, db, trustedOnly)
		if errs := rawErrors(t, tc, "", persisted); len(errs) > 0 {
			t.Errorf("registered hash refused: %+v", errs)
		}
		if errs := rawErrors(t, tc, doc); len(errs) > 0 {
			t.Errorf("registered document sent in full refused: %+v", errs)
		}
		if errs := rawErrors(t, tc, `{ consultations { totalCount } }`); len(errs) != 1 || errs[0].code() != string(fault.Forbidden) {
			t.Errorf("unregistered document from a trusted-only viewer: %+v, want FORBIDDEN", errs)
		}
		// Another agency does not see Shalong's registry; without trusted-only
		// it may use automatic persisted queries.
		other := strictAPI(t, db, viewerOf("street"))
		if errs := rawErrors(t, other, "", persisted); len(errs) != 1 || !strings.Contains(errs[0].Message, "PersistedQueryNotFound") {
			t.Errorf("another agency sending Shalong's hash: %+v, want PersistedQueryNotFound", errs)
		}
		apq := `{ communities { totalCount } }`
		withText := client.Extensions(map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": graph.DocumentHash(apq)}})
		if errs := rawErrors(t, other, apq, withText); len(errs) > 0 {
			t.Errorf("APQ registration: %+v", errs)
		}
		if errs := rawErrors(t, other, "", withText); len(errs) > 0 {
			t.Errorf("APQ by hash: %+v", errs)
		}
	})
}

// TestNodesCost: nodes(ids:) costs its selection once per ID, as a page
// costs its edges once per row, whether the IDs are written in the
// document or passed in a variable and whether the selection is in a
// fragment; more IDs than the page-size limit are refused; node(id:) costs
// its selection once.
func TestNodesCost(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db.Client)
		c := strictAPI(t, db, admin)
		id := scalar.EncodeID(f.community.ID)
		ids := func(n int) []string {
			out := make([]string, n)
			for i := range out {
				out[i] = id
			}
			return out
		}
		literal := func(n int) string { return `["` + strings.Join(ids(n), `", "`) + `"]` }
		// Each ID costs 502 (id, and a page of 100 pairings of 5 fields
		// each): 60 of them are over the default cost of 20,000, 10 are not.
		const inline = `{ id ... on Community { pairings(first: 100) { edges { node { id group { name } } } } } }`
		const named = `query($ids: [ID!]!) { nodes(ids: $ids) { id ...Pages } }
			fragment Pages on Community { pairings(first: 100) { edges { node { id group { name } } } } }`
		for _, tc := range []struct {
			name, query string
			vars        []string
		}{
			{"60 ids written in the document", "{ nodes(ids: " + literal(60) + ") " + inline + " }", nil},
			{"60 ids in a variable", named, ids(60)},
		} {
			var opts []client.Option
			if tc.vars != nil {
				opts = append(opts, client.Var("ids", tc.vars))
			}
			errs := rawErrors(t, c, tc.query, opts...)
			if len(errs) != 1 || errs[0].code() != string(fault.QueryTooComplex) || errs[0].Extensions["limit"] != "cost" {
				t.Errorf("%s: errors %+v, want one QUERY_TOO_COMPLEX for the cost", tc.name, errs)
			}
		}
		var out struct {
			Nodes []struct {
				ID       string
				Pairings any
			}
		}
		if err := c.Post(named, &out, client.Var("ids", ids(10))); err != nil || len(out.Nodes) != 10 || out.Nodes[0].ID != id {
			t.Errorf("10 ids within the cost: %v, %+v", err, out.Nodes)
		}
		var one struct {
			Node struct {
				ID       string
				Pairings any
			}
		}
		if err := c.Post(`query($id: ID!) { node(id: $id) `+inline+` }`, &one, client.Var("id", id)); err != nil || one.Node.ID != id {
			t.Errorf("node(id:) with a page of 100: %v, %+v", err, one)
		}
		// More IDs than a page may hold are refused as a too large first is.
		for name, run := range map[string]func() []gqlError{
			"written": func() []gqlError { return rawErrors(t, c, "{ nodes(ids: "+literal(1001)+") { id } }") },
			"variable": func() []gqlError {
				return rawErrors(t, c, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, client.Var("ids", ids(1001)))
			},
		} {
			if errs := run(); len(errs) != 1 || errs[0].code() != string(fault.BadUserInput) || errs[0].field() != "ids" {
				t.Errorf("1001 ids %s: errors %+v, want one BAD_USER_INPUT for ids", name, errs)
			}
		}
		if err := c.Post(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, &out, client.Var("ids", ids(1000))); err != nil || len(out.Nodes) != 1000 {
			t.Errorf("1000 ids: %v, %d nodes", err, len(out.Nodes))
		}
	})
}

// sharedClients returns one client per viewer, all served by one handler,
// so that they share its caches.
func sharedClients(t *testing.T, db *store.DB, viewers ...authz.Viewer) []*client.Client {
	t.Helper()
	h := graph.NewHandler(graph.Options{Client: db.Client, Dialect: db.Dialect, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	out := make([]*client.Client, len(viewers))
	for i, v := range viewers {
		out[i] = client.New(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h.ServeHTTP(w, r.WithContext(authz.NewContext(r.Context(), v)))
		}))
	}
	return out
}

// TestPersistedQueriesPerAgency: a hash an agency's request registered as
// an automatic persisted query is known to that agency's requests only;
// requests without credentials register nothing, so that no one learns by
// a hash which documents another client ran.
func TestPersistedQueriesPerAgency(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		cs := sharedClients(t, db, viewerOf("street"), viewerOf("street"), viewerOf("shalong"), public, public, admin)
		agencyA, sameAgency, agencyB, publicA, publicB, platform := cs[0], cs[1], cs[2], cs[3], cs[4], cs[5]
		doc := `{ communities { totalCount } }`
		ext := client.Extensions(map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": graph.DocumentHash(doc)}})
		notFound := func(name string, c *client.Client) {
			t.Helper()
			if errs := rawErrors(t, c, "", ext); len(errs) != 1 || errs[0].code() != "PERSISTED_QUERY_NOT_FOUND" {
				t.Errorf("%s sending only the hash: %+v, want PERSISTED_QUERY_NOT_FOUND", name, errs)
			}
		}
		if errs := rawErrors(t, agencyA, doc, ext); len(errs) > 0 {
			t.Fatalf("registering with the text: %+v", errs)
		}
		for name, c := range map[string]*client.Client{"the agency": agencyA, "another request of the agency": sameAgency} {
			if errs := rawErrors(t, c, "", ext); len(errs) > 0 {
				t.Errorf("%s sending only the hash: %+v", name, errs)
			}
		}
		notFound("another agency", agencyB)
		notFound("PUBLIC", publicA)
		notFound("the platform", platform)
		// A request without credentials runs the text it sends, and
		// registers it for no one.
		if errs := rawErrors(t, publicA, doc, ext); len(errs) > 0 {
			t.Errorf("PUBLIC sending text and hash: %+v", errs)
		}
		notFound("PUBLIC after sending the text", publicA)
		notFound("another PUBLIC client", publicB)
	})
}

// TestCostHintsAtFirst: a nested query refused for its cost because its
// connections have no first says which ones to page, in either language.
func TestCostHintsAtFirst(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := strictAPI(t, db, admin)
		errs := rawErrors(t, c, `{ communities { edges { node { name pairings { edges { node { group { name } } } } } } } }`)
		if len(errs) != 1 || errs[0].code() != string(fault.QueryTooComplex) ||
			!strings.Contains(errs[0].Message, "give first (or last) to pairings, communities") {
			t.Errorf("unpaged nested query: %+v", errs)
		}
		// Paged, the same shape runs; and a refusal for another reason
		// carries no hint.
		if errs := rawErrors(t, c, `{ communities(first: 20) { edges { node { name pairings(first: 3) { edges { node { group { name } } } } } } } }`); len(errs) != 0 {
			t.Errorf("paged nested query: %+v", errs)
		}
		errs = rawErrors(t, c, `{ communities(first: 1000) { edges { node { name pairings(first: 1000) { edges { node { id } } } } } } }`)
		if len(errs) != 1 || strings.Contains(errs[0].Message, "give first") {
			t.Errorf("paged but too big: %+v", errs)
		}
	})
}
