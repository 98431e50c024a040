package graph_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/wushehub/wushe/internal/demo"
	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/store"
	"github.com/wushehub/wushe/internal/store/storetest"
)

type countConn struct {
	TotalCount int `json:"totalCount"`
	Edges      []struct {
		Cursor string `json:"cursor"`
	} `json:"edges"`
}

// TestWindowedTotalCount: a page whose totalCount comes with it (counted by
// a window function in the page's statement, ent/template) counts, for every
// viewer of the access matrix, what the connection's COUNT statement counts
// (asked for without edges), at the root and on a nested connection, with
// filters, with last, for an empty page, and after a cursor (counted apart).
func TestWindowedTotalCount(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if _, err := demo.Load(sys(), db.Client); err != nil {
			t.Fatal(err)
		}
		roots := []struct{ conn, args string }{
			{"volunteers", `where: {kind: PARTY_MEMBER}`},
			{"volunteers", ``},
			{"students", ``},
			{"consultations", `where: {status: RESOLVED}`},
			{"pairings", `where: {status: ACTIVE}`},
			{"communities", `where: {code: "000000000000"}`},
			{"activities", `where: {category: CULTURE_SCIENCE}`},
		}
		nested := []struct{ conn, args string }{
			{"pairings", `where: {status: ACTIVE}`},
			{"activities", `where: {category: CULTURE_SCIENCE}`},
			{"volunteers", ``},
			{"consultations", ``},
		}
		var beyondPage bool
		for _, v := range matrixViewers {
			a := newAPI(t, db, v, fault.English)
			for _, r := range roots {
				args := r.args
				if args != "" {
					args = ", " + args
				}
				whole := map[string]countConn{}
				q := fmt.Sprintf(`{ c: %s { totalCount } }`, r.conn)
				if r.args != "" {
					q = fmt.Sprintf(`{ c: %s(%s) { totalCount } }`, r.conn, r.args)
				}
				a.mustDo(q, nil, &whole)
				want := whole["c"].TotalCount
				for _, page := range []string{"first: 2", "last: 2"} {
					var got map[string]countConn
					a.mustDo(fmt.Sprintf(`{ c: %s(%s%s) { totalCount edges { cursor } } }`, r.conn, page, args), nil, &got)
					if got["c"].TotalCount != want {
						t.Errorf("%s: %s(%s%s) totalCount %d, want %d (its COUNT)", viewerName(v), r.conn, page, args, got["c"].TotalCount, want)
					}
					if want > 3 {
						beyondPage = true
					}
					if page != "first: 2" || len(got["c"].Edges) == 0 {
						continue
					}
					var after map[string]countConn
					a.mustDo(fmt.Sprintf(`{ c: %s(first: 2, after: %q%s) { totalCount edges { cursor } } }`, r.conn, got["c"].Edges[len(got["c"].Edges)-1].Cursor, args), nil, &after)
					if after["c"].TotalCount != want {
						t.Errorf("%s: %s after a cursor: totalCount %d, want %d", viewerName(v), r.conn, after["c"].TotalCount, want)
					}
				}
			}
			for _, n := range nested {
				args := n.args
				type comm struct {
					Node struct {
						Code string    `json:"code"`
						C    countConn `json:"c"`
					} `json:"node"`
				}
				var whole, paged map[string]struct {
					Edges []comm `json:"edges"`
				}
				sel := ""
				if args != "" {
					sel = "(" + args + ")"
				}
				a.mustDo(fmt.Sprintf(`{ communities(first: 100) { edges { node { code c: %s%s { totalCount } } } } }`, n.conn, sel), nil, &whole)
				want := map[string]int{}
				for _, e := range whole["communities"].Edges {
					want[e.Node.Code] = e.Node.C.TotalCount
				}
				if len(want) == 0 {
					continue
				}
				if args != "" {
					args = ", " + args
				}
				for _, page := range []string{"first: 1", "last: 2"} {
					a.mustDo(fmt.Sprintf(`{ communities(first: 100) { edges { node { code c: %s(%s%s) { totalCount edges { cursor } } } } } }`, n.conn, page, args), nil, &paged)
					if len(paged["communities"].Edges) != len(want) {
						t.Fatalf("%s: %d communities, want %d", viewerName(v), len(paged["communities"].Edges), len(want))
					}
					for _, e := range paged["communities"].Edges {
						if w := want[e.Node.Code]; e.Node.C.TotalCount != w {
							t.Errorf("%s: community %s %s(%s%s) totalCount %d, want %d (its COUNT)", viewerName(v), e.Node.Code, n.conn, page, args, e.Node.C.TotalCount, w)
						}
						if e.Node.C.TotalCount > len(e.Node.C.Edges) {
							beyondPage = true
						}
					}
				}
			}
		}
		if !beyondPage {
			t.Error("no connection counted more than its page: the test shows nothing")
		}
	})
}

// TestDeferredFragment: a document that defers a fragment (the executor
// builds each object's deferred group in full only then, graph/lists.go)
// gets the deferred fields, and one that does not gets the same answer.
func TestDeferredFragment(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if _, err := demo.Load(sys(), db.Client); err != nil {
			t.Fatal(err)
		}
		a := newAPI(t, db, matrixViewers[1], fault.English)
		var deferred, plain any
		a.mustDo(`{ communities(first: 2) { edges { node { code ... @defer(label: "more") { name } } } } }`, nil, &deferred)
		a.mustDo(`{ communities(first: 2) { edges { node { code ... { name } } } } }`, nil, &plain)
		if d, p := fmt.Sprint(deferred), fmt.Sprint(plain); d != p || !strings.Contains(p, "name:") {
			t.Errorf("deferred %s, plain %s", d, p)
		}
	})
}
