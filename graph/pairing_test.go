package graph_test

import (
	"testing"

	"github.com/wushehub/wushe/ent/community"
	"github.com/wushehub/wushe/ent/division"
	"github.com/wushehub/wushe/ent/pairing"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/demo"
	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/store"
	"github.com/wushehub/wushe/internal/store/storetest"
)

const planQuery = `query($in: PairingPlanInput!) { pairingPlan(input: $in) {
  coveredCommunities totalCommunities objective
  assignments { community { id code } group { id name university { code } } score distanceKm continuing reasons }
  uncovered { community { code } reason }
  stats { candidatePairs milliseconds } } }`

type planResult struct {
	CoveredCommunities, TotalCommunities int
	Objective                            float64
	Assignments                          []struct {
		Community struct{ ID, Code string }
		Group     struct {
			ID, Name   string
			University struct{ Code string }
		}
		Score      float64
		Continuing bool
		Reasons    []string
	}
}

// TestPairingPlanFlow, on the demo district: a district office plans Xixia,
// applies the plan (PROPOSED pairings, idempotent, never more than three
// open per community), the community and the university both accept, and
// the pairing becomes ACTIVE. Viewers outside the district are refused.
func TestPairingPlanFlow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := sys()
		if _, err := demo.Load(ctx, db.Client); err != nil {
			t.Fatal(err)
		}
		xixia := db.Client.Division.Query().Where(division.Code(demo.XixiaCode)).OnlyX(ctx)
		officer := newAPI(t, db, authz.Viewer{Subject: "o", Agency: demo.XixiaCode, Role: authz.DistrictOfficer}, fault.Chinese)

		// Free one community: end its pairings, so the plan has something to propose.
		target := db.Client.Community.Query().Where(community.HasStreetWith(division.ParentID(xixia.ID))).Order(community.ByCode()).FirstX(ctx)
		for _, p := range db.Client.Pairing.Query().Where(pairing.CommunityID(target.ID), pairing.StatusEQ(pairing.StatusACTIVE)).AllX(ctx) {
			officer.mustDo(`mutation($id: ID!) { endPairing(id: $id, reason: "团支部毕业换届") { status endReason until } }`, map[string]any{"id": gid(p.ID)}, nil)
		}

		in := map[string]any{"division": gid(xixia.ID)}
		var out struct{ PairingPlan planResult }
		officer.mustDo(planQuery, map[string]any{"in": in}, &out)
		plan := out.PairingPlan
		if plan.TotalCommunities != 66 || plan.CoveredCommunities != 66 {
			t.Fatalf("plan covers %d of %d communities, want 66 of 66", plan.CoveredCommunities, plan.TotalCommunities)
		}
		perCommunity := map[string]int{}
		var fresh []string
		for _, a := range plan.Assignments {
			perCommunity[a.Community.Code]++
			if len(a.Reasons) == 0 {
				t.Errorf("assignment %s–%s has no reasons", a.Community.Code, a.Group.Name)
			}
			if a.Community.Code == target.Code {
				if a.Continuing {
					t.Errorf("ended pairing planned as continuing: %+v", a)
				}
				fresh = append(fresh, a.Group.ID)
			}
		}
		for code, n := range perCommunity {
			if n < 1 || n > 3 {
				t.Errorf("community %s planned %d groups, want 1–3", code, n)
			}
		}
		if len(fresh) == 0 {
			t.Fatalf("no new group planned for the freed community %s", target.Code)
		}

		apply := `mutation($in: PairingPlanInput!) { applyPairingPlan(input: $in) { kept created { id status source score community { code } group { name university { code } } } skipped { reason } } }`
		var applied struct {
			ApplyPairingPlan struct {
				Kept    int
				Created []struct {
					ID, Status, Source string
					Score              float64
					Community          struct{ Code string }
					Group              struct {
						Name       string
						University struct{ Code string }
					}
				}
			}
		}
		officer.mustDo(apply, map[string]any{"in": in}, &applied)
		if len(applied.ApplyPairingPlan.Created) == 0 {
			t.Fatal("applying the plan created no pairing")
		}
		for _, c := range applied.ApplyPairingPlan.Created {
			if c.Status != "PROPOSED" || c.Source != "MATCHER" {
				t.Errorf("created pairing %+v, want PROPOSED from MATCHER", c)
			}
		}
		var again struct {
			ApplyPairingPlan struct {
				Created []struct{ ID string }
			}
		}
		officer.mustDo(apply, map[string]any{"in": in}, &again)
		if n := len(again.ApplyPairingPlan.Created); n != 0 {
			t.Errorf("applying the same plan again created %d pairings, want 0", n)
		}
		for _, c := range db.Client.Community.Query().AllX(ctx) {
			open := db.Client.Pairing.Query().Where(pairing.CommunityID(c.ID), pairing.StatusIn(pairing.StatusPROPOSED, pairing.StatusACTIVE)).CountX(ctx)
			if open > 3 {
				t.Errorf("community %s has %d open pairings", c.Code, open)
			}
		}

		// Both sides accept one proposal for the freed community.
		var proposal string
		var uni string
		for _, c := range applied.ApplyPairingPlan.Created {
			if c.Community.Code == target.Code {
				proposal, uni = c.ID, c.Group.University.Code
				break
			}
		}
		if proposal == "" {
			t.Fatal("no proposal for the freed community")
		}
		respond := `mutation($id: ID!, $ok: Boolean!) { respondToPairing(id: $id, accept: $ok, note: "同意") { status communityResponse universityResponse since } }`
		stranger := newAPI(t, db, authz.Viewer{Subject: "u", Agency: "4164014624", Role: authz.UniversityStaff}, fault.English)
		if uni == "4164014624" {
			stranger = newAPI(t, db, authz.Viewer{Subject: "u", Agency: "4164010752", Role: authz.UniversityStaff}, fault.English)
		}
		if errs := stranger.do(respond, map[string]any{"id": proposal, "ok": true}, nil); len(errs) != 1 || errs[0].code() != string(fault.Forbidden) {
			t.Errorf("another university answering: errors %+v, want FORBIDDEN", errs)
		}
		comm := newAPI(t, db, authz.Viewer{Subject: "c", Agency: target.Code, Role: authz.CommunityOfficer}, fault.English)
		var r1 struct {
			RespondToPairing struct{ Status, CommunityResponse, UniversityResponse string }
		}
		comm.mustDo(respond, map[string]any{"id": proposal, "ok": true}, &r1)
		if r1.RespondToPairing.Status != "PROPOSED" || r1.RespondToPairing.CommunityResponse != "ACCEPTED" {
			t.Errorf("after the community accepts: %+v", r1.RespondToPairing)
		}
		univ := newAPI(t, db, authz.Viewer{Subject: "u", Agency: uni, Role: authz.UniversityStaff}, fault.English)
		var r2 struct {
			RespondToPairing struct{ Status, Since string }
		}
		univ.mustDo(respond, map[string]any{"id": proposal, "ok": true}, &r2)
		if r2.RespondToPairing.Status != "ACTIVE" || r2.RespondToPairing.Since == "" {
			t.Errorf("after both accept: %+v, want ACTIVE with a since date", r2.RespondToPairing)
		}
		if errs := univ.do(respond, map[string]any{"id": proposal, "ok": true}, nil); len(errs) != 1 || errs[0].code() != string(fault.Conflict) {
			t.Errorf("answering an ACTIVE pairing: errors %+v, want CONFLICT", errs)
		}

		// The university sees only its own groups in a plan.
		var uniPlan struct{ PairingPlan planResult }
		univ.mustDo(planQuery, map[string]any{"in": in}, &uniPlan)
		if len(uniPlan.PairingPlan.Assignments) == 0 {
			t.Error("the university sees no pair of its groups")
		}
		for _, a := range uniPlan.PairingPlan.Assignments {
			if a.Group.University.Code != uni {
				t.Errorf("university %s sees another university's pair: %+v", uni, a)
			}
		}
		// A street office of another district may not plan Xixia; bad weights are bad input.
		street := newAPI(t, db, authz.Viewer{Subject: "s", Agency: demo.ShuangshuiCode, Role: authz.StreetOfficer}, fault.English)
		if errs := street.do(planQuery, map[string]any{"in": in}, nil); len(errs) != 1 || errs[0].code() != string(fault.Forbidden) {
			t.Errorf("street office of Shuicheng planning Xixia: errors %+v, want FORBIDDEN", errs)
		}
		bad := map[string]any{"division": gid(xixia.ID), "distanceWeight": -1}
		if errs := officer.do(planQuery, map[string]any{"in": bad}, nil); len(errs) != 1 || errs[0].code() != string(fault.BadUserInput) {
			t.Errorf("negative weight: errors %+v, want BAD_USER_INPUT", errs)
		}
	})
}
