package graph_test

import (
	"encoding/base64"
	"fmt"
	"strings"
	"testing"

	"entgo.io/ent/dialect"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/store"
	"github.com/wushehub/wushe/internal/store/storetest"
)

// NestedQuery is the foundation's three-level query: communities → pairings
// → group → university, with connection totals.
const NestedQuery = `query($n: Int!) {
  communities(first: $n, orderBy: [{field: CODE}]) {
    totalCount
    edges { node { id name
      pairings(first: 3) { totalCount edges { node { status
        group { name university { name code } } } } } } }
  }
}`

// manyCommunities adds n communities to f's street, each with up to three
// ACTIVE pairings to groups of two universities.
func manyCommunities(t testing.TB, c *ent.Client, f *fixture, n int) {
	t.Helper()
	ctx := sys()
	other, err := c.University.Create().SetCode("4164011407").SetName("北方民族大学").SetKind("UNIVERSITY").Save(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var groups []*ent.StudentGroup
	groups = append(groups, f.groups...)
	for i := 0; i < 5; i++ {
		g, err := c.StudentGroup.Create().SetName(fmt.Sprintf("志愿服务队%d", i)).SetKind("YOUTH_LEAGUE_BRANCH").SetUniversity(other).Save(ctx)
		if err != nil {
			t.Fatal(err)
		}
		groups = append(groups, g)
	}
	builders := make([]*ent.CommunityCreate, n)
	for i := range builders {
		builders[i] = c.Community.Create().SetCode(fmt.Sprintf("640105001%03d", 200+i)).SetName(fmt.Sprintf("测试社区%03d", i)).SetStreet(f.street)
	}
	communities, err := c.Community.CreateBulk(builders...).Save(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var pairings []*ent.PairingCreate
	for i, cm := range communities {
		for k := 0; k <= i%3; k++ {
			g := groups[(i+k)%len(groups)]
			pairings = append(pairings, c.Pairing.Create().SetCommunity(cm).SetGroup(g).SetStatus("ACTIVE"))
		}
	}
	if _, err := c.Pairing.CreateBulk(pairings...).Save(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestNestedQueryStatementBound: the three-level query costs the same small
// number of SQL statements for a page of 10 and a page of 100 communities —
// nested connections are eager-loaded, not fetched per parent.
func TestNestedQueryStatementBound(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db.Client)
		manyCommunities(t, db.Client, f, 120)
		a := newAPI(t, db, admin, fault.English)
		counts := map[int]int64{}
		for _, n := range []int{10, 100} {
			var out struct {
				Communities struct {
					TotalCount int
					Edges      []struct {
						Node struct {
							Pairings struct {
								TotalCount int
								Edges      []struct {
									Node struct {
										Group struct {
											Name       string
											University struct{ Name string }
										}
									}
								}
							}
						}
					}
				}
			}
			a.mustDo(NestedQuery, map[string]any{"n": n}, &out)
			if got := len(out.Communities.Edges); got != n {
				t.Fatalf("page of %d returned %d communities", n, got)
			}
			paired := 0
			for _, e := range out.Communities.Edges {
				if e.Node.Pairings.TotalCount != len(e.Node.Pairings.Edges) {
					t.Errorf("pairings totalCount %d but %d edges", e.Node.Pairings.TotalCount, len(e.Node.Pairings.Edges))
				}
				for _, p := range e.Node.Pairings.Edges {
					if p.Node.Group.University.Name == "" {
						t.Fatalf("pairing without its group's university: %+v", p)
					}
					paired++
				}
			}
			if paired == 0 {
				t.Fatal("no pairings came back")
			}
			counts[n] = a.statements()
			t.Logf("page size %d: %d SQL statements", n, counts[n])
		}
		const bound = 6
		if counts[10] != counts[100] || counts[100] > bound {
			t.Errorf("statements: %d at page size 10, %d at 100; want the same, at most %d", counts[10], counts[100], bound)
		}
	})
}

// TestNodeRoundTrip: every object's opaque ID resolves back through node
// and nodes to the same object, and malformed or foreign IDs are refused.
func TestNodeRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db.Client)
		a := newAPI(t, db, admin, fault.English)
		for _, id := range []int{f.community.ID, f.street.ID, f.university.ID, f.groups[0].ID, f.department.ID} {
			var out struct {
				Node struct {
					ID       string `json:"id"`
					Typename string `json:"__typename"`
				}
			}
			a.mustDo(`query($id: ID!) { node(id: $id) { id __typename } }`, map[string]any{"id": gid(id)}, &out)
			if out.Node.ID != gid(id) {
				t.Errorf("node(%s).id = %s", gid(id), out.Node.ID)
			}
		}
		var nodes struct {
			Nodes []struct {
				Typename string `json:"__typename"`
			}
		}
		a.mustDo(`query($ids: [ID!]!) { nodes(ids: $ids) { __typename } }`, map[string]any{"ids": []string{gid(f.community.ID), gid(f.university.ID)}}, &nodes)
		if len(nodes.Nodes) != 2 || nodes.Nodes[0].Typename != "Community" || nodes.Nodes[1].Typename != "University" {
			t.Errorf("nodes = %+v, want Community then University", nodes.Nodes)
		}
		for _, bad := range []string{"42", "not base64!", gid(f.community.ID) + "x"} {
			errs := a.do(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": bad}, nil)
			if len(errs) == 0 || errs[0].code() != string(fault.BadUserInput) {
				t.Errorf("node(%q): errors %+v, want BAD_USER_INPUT", bad, errs)
			}
		}
		// A well-formed ID of a deleted or never-created object.
		errs := a.do(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": gid(f.community.ID + 999)}, nil)
		if len(errs) == 0 || errs[0].code() != string(fault.NotFound) {
			t.Errorf("node(missing): errors %+v, want NOT_FOUND", errs)
		}
	})
}

// TestBadCursor: a cursor the server did not issue for the connection and
// its order — not base64, base64 of anything else, a cursor of another
// order — is BAD_USER_INPUT naming the argument, in the request's language,
// whether written in the document or passed in a variable.
func TestBadCursor(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db.Client)
		manyCommunities(t, db.Client, f, 3)
		en, zh := newAPI(t, db, admin, fault.English), newAPI(t, db, admin, fault.Chinese)
		var page struct {
			Communities struct{ PageInfo struct{ EndCursor string } }
		}
		en.mustDo(`{ communities(first: 1, orderBy: [{field: NAME}]) { edges { cursor } pageInfo { endCursor } } }`, nil, &page)
		byName := page.Communities.PageInfo.EndCursor
		// The cursor works with its own order.
		en.mustDo(`query($c: Cursor) { communities(first: 1, after: $c, orderBy: [{field: NAME}]) { totalCount } }`, map[string]any{"c": byName}, nil)
		junk := base64.RawStdEncoding.EncodeToString([]byte("hello, world"))
		wrongShape := base64.RawStdEncoding.EncodeToString([]byte{0x81, 0xa1, 'i', 0xa1, 'x'}) // {"i": "x"}
		for _, tc := range []struct {
			name, query, field string
			vars               map[string]any
		}{
			{"not base64", `{ communities(after: "garbage") { totalCount } }`, "after", nil},
			{"base64 of text", `{ communities(before: "` + junk + `", last: 2) { totalCount } }`, "before", nil},
			{"a map of the wrong type", `query($c: Cursor) { communities(after: $c) { totalCount } }`, "after", map[string]any{"c": wrongShape}},
			{"not a string", `query($c: Cursor) { communities(after: $c) { totalCount } }`, "after", map[string]any{"c": 12}},
			{"in a nested connection", `{ communities(first: 1) { edges { node { pairings(after: "garbage") { totalCount } } } } }`, "after", nil},
			{"of another order", `query($c: Cursor) { communities(after: $c, orderBy: [{field: NAME}, {field: CODE}]) { edges { node { id } } } }`, "after", map[string]any{"c": byName}},
			{"of no order", `query($c: Cursor) { communities(after: $c) { edges { node { id } } } }`, "after", map[string]any{"c": byName}},
		} {
			errs := en.do(tc.query, tc.vars, nil)
			if len(errs) != 1 || errs[0].code() != string(fault.BadUserInput) || errs[0].field() != tc.field || !strings.Contains(errs[0].Message, "cursor") {
				t.Errorf("%s: errors %+v, want one BAD_USER_INPUT for %s about the cursor", tc.name, errs, tc.field)
			}
		}
		// A value of another field: PostgreSQL cannot compare it with the
		// column, SQLite compares anyway and answers a page.
		errs := en.do(`query($c: Cursor) { communities(after: $c, orderBy: [{field: HOUSEHOLDS}]) { edges { node { id } } } }`, map[string]any{"c": byName}, nil)
		switch {
		case db.Dialect == dialect.Postgres && (len(errs) != 1 || errs[0].code() != string(fault.BadUserInput) || errs[0].field() != "after"):
			t.Errorf("a cursor of another field on PostgreSQL: errors %+v, want one BAD_USER_INPUT for after", errs)
		case db.Dialect != dialect.Postgres && len(errs) > 0:
			t.Errorf("a cursor of another field on SQLite: errors %+v", errs)
		}
		if errs := zh.do(`{ communities(after: "garbage") { totalCount } }`, nil, nil); len(errs) != 1 || !strings.Contains(errs[0].Message, "游标") {
			t.Errorf("in Chinese: %+v", errs)
		}
	})
}
