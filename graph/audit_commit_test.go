package graph_test

import (
	"testing"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/ent/auditentry"
	"github.com/wushehub/wushe/internal/audit"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/scalar"
	"github.com/wushehub/wushe/internal/store"
	"github.com/wushehub/wushe/internal/store/storetest"
)

// TestMutationAuditAtCommit: a mutation's audit entries, appended just
// before its commit, are in the chain when it answers — its write's first,
// then the reads of the protected values of its answer — and a mutation
// one of whose fields fails leaves neither its rows nor their entries.
func TestMutationAuditAtCommit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db.Client)
		officer := authz.Viewer{Subject: "kz", Agency: f.community.Code, Role: authz.CommunityOfficer}
		a := newAPI(t, db, officer, fault.English)
		community := scalar.EncodeID(f.community.ID)

		var got struct {
			CreateVolunteer struct{ ID, Phone string }
		}
		a.mustDo(`mutation Add($c: ID!) { createVolunteer(input: {name: "提交前审计", kind: RESIDENT, communityID: $c, phone: "13900003333"}) { id phone } }`,
			map[string]any{"c": community}, &got)
		id, err := scalar.DecodeID(got.CreateVolunteer.ID)
		if err != nil || got.CreateVolunteer.Phone != "13900003333" {
			t.Fatalf("createVolunteer answered %+v (%v)", got, err)
		}
		entries, err := db.Client.AuditEntry.Query().Where(auditentry.Entity("Volunteer"), auditentry.EntityID(id)).
			Order(ent.Asc(auditentry.FieldSeq)).All(sys())
		if err != nil {
			t.Fatal(err)
		}
		var actions []auditentry.Action
		for _, e := range entries {
			actions = append(actions, e.Action)
		}
		if len(actions) != 2 || actions[0] != auditentry.ActionCREATE || actions[1] != auditentry.ActionREAD {
			t.Errorf("entries of the new volunteer %v, want [CREATE READ]", actions)
		}

		creates := func() int {
			n, err := db.Client.AuditEntry.Query().Where(auditentry.Entity("Activity"), auditentry.ActionEQ(auditentry.ActionCREATE)).Count(sys())
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		before := creates()
		errs := a.do(`mutation Two($c: ID!, $x: ID!) {
  a: createActivity(input: {title: "半途而废", category: CULTURE_SCIENCE, heldOn: "2026-06-01", communityID: $c}) { id }
  b: createActivity(input: {title: "半途而废", category: CULTURE_SCIENCE, heldOn: "2026-06-01", communityID: $x}) { id } }`,
			map[string]any{"c": community, "x": scalar.EncodeID(f.community.ID + 1000000)}, nil)
		if len(errs) == 0 {
			t.Fatal("a createActivity in a community that does not exist succeeded")
		}
		var rows int
		if err := db.SQL.QueryRow(rebind(db, "SELECT count(*) FROM activities WHERE title = ?"), "半途而废").Scan(&rows); err != nil || rows != 0 {
			t.Errorf("%d activities (%v) left by a mutation one of whose fields failed, want 0", rows, err)
		}
		if n := creates(); n != before {
			t.Errorf("%d CREATE entries of activities after the failed mutation, want %d", n, before)
		}
		if res, err := audit.Verify(sys(), db.Client); err != nil || !res.OK {
			t.Fatalf("verify: %+v %v", res, err)
		}
	})
}
