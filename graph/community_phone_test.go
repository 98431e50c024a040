package graph_test

import (
	"testing"

	"github.com/wushehub/wushe/ent/auditentry"
	"github.com/wushehub/wushe/ent/community"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/demo"
	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/store"
	"github.com/wushehub/wushe/internal/store/storetest"
)

// TestCommunityPhone: the committee office's phone is CONDITIONAL — its
// own community and the offices above it read it (audited), everyone else,
// a paired university included, gets null with FORBIDDEN, by root query,
// node(id:) and across an edge.
func TestCommunityPhone(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if _, err := demo.Load(sys(), db.Client); err != nil {
			t.Fatal(err)
		}
		xixia := db.Client.Community.Query().Where(community.CodeHasPrefix("640105")).Order(community.ByCode()).FirstX(sys())
		shalong := db.Client.Community.Query().Where(community.Code(demo.ShalongCode)).OnlyX(sys())
		if xixia.Phone == "" || shalong.Phone == "" {
			t.Fatalf("the demo's communities have no phone: %q %q", xixia.Phone, shalong.Phone)
		}
		viewers := map[string]authz.Viewer{}
		for _, dv := range demo.Viewers() {
			viewers[string(dv.Viewer.Role)] = dv.Viewer
		}
		viewers["PUBLIC"] = public
		byRoot := `query($c: String!) { communities(where: {code: $c}) { edges { node { code phone } } } }`
		byNode := `query($id: ID!) { node(id: $id) { ... on Community { code phone } } }`
		for _, c := range []struct {
			role    string
			code    string
			id      int
			phone   string // "" when withheld
			readers bool
		}{
			{"PUBLIC", xixia.Code, xixia.ID, "", false},
			{"UNIVERSITY_STAFF", xixia.Code, xixia.ID, "", false},
			{"ENTERPRISE_STAFF", demo.ShalongCode, shalong.ID, "", false},
			{"COMMUNITY_OFFICER", xixia.Code, xixia.ID, "", false},
			{"COMMUNITY_OFFICER", demo.ShalongCode, shalong.ID, shalong.Phone, true},
			{"STREET_OFFICER", demo.ShalongCode, shalong.ID, shalong.Phone, true},
			{"DISTRICT_OFFICER", xixia.Code, xixia.ID, xixia.Phone, true},
			{"DISTRICT_OFFICER", demo.ShalongCode, shalong.ID, "", false},
			{"PLATFORM_ADMIN", xixia.Code, xixia.ID, xixia.Phone, true},
		} {
			a := newAPI(t, db, viewers[c.role], fault.English)
			before := db.Client.AuditEntry.Query().Where(auditentry.ActionEQ(auditentry.ActionREAD), auditentry.Entity("Community"), auditentry.EntityID(c.id)).CountX(sys())
			var root struct {
				Communities struct {
					Edges []struct{ Node struct{ Code, Phone *string } }
				}
			}
			errs := a.do(byRoot, map[string]any{"c": c.code}, &root)
			var node struct {
				Node struct{ Code, Phone *string }
			}
			errs = append(errs, a.do(byNode, map[string]any{"id": gid(c.id)}, &node)...)
			if len(root.Communities.Edges) != 1 {
				t.Fatalf("%s: %s not listed", c.role, c.code)
			}
			for _, got := range []*string{root.Communities.Edges[0].Node.Phone, node.Node.Phone} {
				switch {
				case c.phone == "" && got != nil:
					t.Errorf("%s read %s's phone %q", c.role, c.code, *got)
				case c.phone != "" && (got == nil || *got != c.phone):
					t.Errorf("%s: %s's phone = %v, want %s (%+v)", c.role, c.code, got, c.phone, errs)
				}
			}
			if c.phone == "" && (len(errs) != 2 || errs[0].code() != string(fault.Forbidden)) {
				t.Errorf("%s on %s: errors %+v, want FORBIDDEN on each phone", c.role, c.code, errs)
			}
			after := db.Client.AuditEntry.Query().Where(auditentry.ActionEQ(auditentry.ActionREAD), auditentry.Entity("Community"), auditentry.EntityID(c.id)).CountX(sys())
			if c.readers && after != before+2 {
				t.Errorf("%s read %s's phone twice with %d READ entries", c.role, c.code, after-before)
			}
			if !c.readers && after != before {
				t.Errorf("%s was refused %s's phone but %d READ entries were written", c.role, c.code, after-before)
			}
		}

		// Across an edge: the university's own pairings lead to the
		// communities, not to their phones.
		var p struct {
			Pairings struct {
				Edges []struct {
					Node struct{ Community struct{ Phone *string } }
				}
			}
		}
		errs := newAPI(t, db, viewers["UNIVERSITY_STAFF"], fault.English).do(`{ pairings(first: 5) { edges { node { community { phone } } } } }`, nil, &p)
		if len(p.Pairings.Edges) == 0 {
			t.Fatal("the university sees no pairing")
		}
		for _, e := range p.Pairings.Edges {
			if e.Node.Community.Phone != nil {
				t.Errorf("the university read a phone through its pairings: %s", *e.Node.Community.Phone)
			}
		}
		if len(errs) != len(p.Pairings.Edges) {
			t.Errorf("through pairings: %d errors for %d phones", len(errs), len(p.Pairings.Edges))
		}
	})
}
