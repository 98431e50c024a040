package graph_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/ent/community"
	"github.com/wushehub/wushe/ent/division"
	"github.com/wushehub/wushe/ent/need"
	"github.com/wushehub/wushe/ent/pairing"
	"github.com/wushehub/wushe/ent/schema/enum"
	"github.com/wushehub/wushe/ent/studentgroup"
	"github.com/wushehub/wushe/ent/university"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/demo"
	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/store"
	"github.com/wushehub/wushe/internal/store/storetest"
)

// englishCode finds an enum code (ELDERLY, CULTURE_SCIENCE) in a text.
var englishCode = regexp.MustCompile(`\b[A-Z][A-Z_]{2,}\b`)

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
			for _, r := range a.Reasons {
				// Shown in Chinese: the needs by their Chinese names.
				if code := englishCode.FindString(r); code != "" {
					t.Errorf("a Chinese reason shows the code %s: %q", code, r)
				}
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
		// (Figures resting on needs it may not read are FORBIDDEN; see
		// TestPairingPlanWithholdsHiddenNeeds.)
		var uniPlan struct{ PairingPlan planResult }
		for _, e := range univ.do(planQuery, map[string]any{"in": in}, &uniPlan) {
			if e.code() != string(fault.Forbidden) {
				t.Errorf("university plan: unexpected error %+v", e)
			}
		}
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

// withheldPlanQuery asks for every figure of a plan that could rest on a
// community's needs.
const withheldPlanQuery = `query($in: PairingPlanInput!) { pairingPlan(input: $in) {
  objective coveredCommunities totalCommunities
  assignments { community { id code } group { id university { code } } score distanceKm needsCovered continuing reasons }
  uncovered { community { code } reason } } }`

type withheldPlan struct {
	PairingPlan struct {
		Objective   *float64
		Assignments []struct {
			Community struct{ ID, Code string }
			Group     struct {
				ID         string
				University struct{ Code string }
			}
			Score        *float64
			DistanceKm   *float64
			NeedsCovered *[]string
			Continuing   bool
			Reasons      []string
		}
	}
}

// TestPairingPlanWithholdsHiddenNeeds: a university sees the district's
// plan for its groups, but for a community whose needs it may not read no
// part of the answer shows them — no category or weight in the reasons (in
// English and Chinese), and the score, the needs covered and the objective
// are null with FORBIDDEN at their paths; for a community it is paired with
// it sees everything, as the office does. It may not change the weights
// (which would let it probe the hidden ones). Applied plans store on the
// pairings, which everyone may read, only what everyone may read.
func TestPairingPlanWithholdsHiddenNeeds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := sys()
		if _, err := demo.Load(ctx, db.Client); err != nil {
			t.Fatal(err)
		}
		xixia := db.Client.Division.Query().Where(division.Code(demo.XixiaCode)).OnlyX(ctx)
		officer := newAPI(t, db, authz.Viewer{Subject: "o", Agency: demo.XixiaCode, Role: authz.DistrictOfficer}, fault.English)
		uniViewer := authz.Viewer{Subject: "demo-university-staff", Agency: demo.NXUCode, Role: authz.UniversityStaff}
		in := map[string]any{"division": gid(xixia.ID)}

		// End the pairings of a few communities the university is paired
		// with: it may no longer read their needs, and the plan pairs them
		// anew.
		nxu := db.Client.Pairing.Query().Where(pairing.StatusEQ(pairing.StatusACTIVE),
			pairing.HasGroupWith(studentgroup.HasUniversityWith(university.Code(demo.NXUCode))),
			pairing.HasCommunityWith(community.HasStreetWith(division.ParentID(xixia.ID)))).
			Order(pairing.ByCommunityID()).AllX(ctx)
		freed := map[int]bool{}
		for _, p := range nxu {
			if len(freed) < 3 || freed[p.CommunityID] {
				freed[p.CommunityID] = true
			}
		}
		for _, p := range db.Client.Pairing.Query().Where(pairing.CommunityIDIn(keys(freed)...), pairing.StatusEQ(pairing.StatusACTIVE)).AllX(ctx) {
			officer.mustDo(`mutation($id: ID!) { endPairing(id: $id, reason: "团支部毕业换届") { status } }`, map[string]any{"id": gid(p.ID)}, nil)
		}

		var office withheldPlan
		officer.mustDo(withheldPlanQuery, map[string]any{"in": in}, &office)
		if office.PairingPlan.Objective == nil {
			t.Fatal("the office gets no objective")
		}
		type pair struct{ community, group string }
		officeReasons := map[pair][]string{}
		officeScore := map[pair]float64{}
		for _, a := range office.PairingPlan.Assignments {
			k := pair{a.Community.ID, a.Group.ID}
			officeReasons[k] = a.Reasons
			if a.Score == nil || a.NeedsCovered == nil {
				t.Fatalf("the office gets no score or needs covered for %s: %+v", a.Community.Code, a)
			}
			officeScore[k] = *a.Score
			// The office's reasons name the needs covered and their weights.
			for _, n := range *a.NeedsCovered {
				if !strings.Contains(strings.Join(a.Reasons, " "), n) {
					t.Errorf("office reasons for %s omit the need %s: %q", a.Community.Code, n, a.Reasons)
				}
			}
		}

		// needs of a community as the viewer reads them, and as recorded.
		readable := func(u *api, id string) int {
			var out struct{ Needs struct{ TotalCount int } }
			u.mustDo(`query($id: ID!) { needs(where: {hasCommunityWith: {id: $id}}) { totalCount } }`, map[string]any{"id": id}, &out)
			return out.Needs.TotalCount
		}
		recorded := func(id string) []*ent.Need {
			n, err := scalarDecode(id)
			if err != nil {
				t.Fatal(err)
			}
			return db.Client.Need.Query().Where(need.CommunityID(n)).AllX(ctx)
		}

		for _, l := range []struct {
			lang fault.Lang
			name string
		}{{fault.English, "en"}, {fault.Chinese, "zh"}} {
			lang := l.name
			uni := newAPI(t, db, uniViewer, l.lang)
			var got withheldPlan
			errs := uni.do(withheldPlanQuery, map[string]any{"in": in}, &got)
			forbidden := map[string]bool{}
			for _, e := range errs {
				if e.code() != string(fault.Forbidden) || len(e.Path) == 0 {
					t.Fatalf("%s: unexpected error %+v", lang, e)
				}
				forbidden[fmtAny(e.Path)] = true
			}
			plan := got.PairingPlan
			if plan.Objective != nil {
				t.Errorf("%s: the university gets the objective %v, which sums hidden need weights", lang, *plan.Objective)
			} else if !forbidden["[pairingPlan objective]"] {
				t.Errorf("%s: objective null without FORBIDDEN at its path (errors %+v)", lang, errs)
			}
			// The university's pairs are the office plan's pairs of its groups.
			want := 0
			for _, a := range office.PairingPlan.Assignments {
				if a.Group.University.Code == demo.NXUCode {
					want++
				}
			}
			if len(plan.Assignments) != want {
				t.Errorf("%s: the university sees %d pairs, the office plan has %d of its groups", lang, len(plan.Assignments), want)
			}
			hidden, shown := 0, 0
			for i, a := range plan.Assignments {
				k := pair{a.Community.ID, a.Group.ID}
				if _, ok := officeReasons[k]; !ok {
					t.Errorf("%s: pair %s–%s is not in the office's plan", lang, a.Community.Code, a.Group.ID)
				}
				needs := recorded(a.Community.ID)
				if readable(uni, a.Community.ID) > 0 || len(needs) == 0 {
					shown++
					if a.Score == nil || *a.Score != officeScore[k] {
						t.Errorf("%s: pair %s with readable needs: score %v, office has %v", lang, a.Community.Code, a.Score, officeScore[k])
					}
					if lang == "en" && strings.Join(a.Reasons, "|") != strings.Join(officeReasons[k], "|") {
						t.Errorf("pair %s with readable needs: reasons %q, office has %q", a.Community.Code, a.Reasons, officeReasons[k])
					}
					continue
				}
				hidden++
				text := strings.Join(a.Reasons, " | ")
				if len(a.Reasons) == 0 {
					t.Errorf("%s: pair %s has no reasons", lang, a.Community.Code)
				}
				for _, c := range enum.ServiceCategories {
					if strings.Contains(text, string(c)) || strings.Contains(text, enum.ServiceCategoryNames[c]) {
						t.Errorf("%s: reasons for %s (needs hidden) name the category %s: %s", lang, a.Community.Code, c, text)
					}
				}
				for _, n := range needs {
					for _, w := range []string{fmt.Sprintf("(%.2f)", n.Weight), fmt.Sprintf("（%.2f）", n.Weight)} {
						if strings.Contains(text, w) {
							t.Errorf("%s: reasons for %s (needs hidden) give the weight %s: %s", lang, a.Community.Code, w, text)
						}
					}
				}
				for _, word := range []string{"coverage", "覆盖度"} {
					if strings.Contains(text, word) {
						t.Errorf("%s: reasons for %s (needs hidden) give the coverage: %s", lang, a.Community.Code, text)
					}
				}
				if a.Score != nil {
					t.Errorf("%s: pair %s (needs hidden) has the score %v", lang, a.Community.Code, *a.Score)
				} else if !forbidden[fmt.Sprintf("[pairingPlan assignments %d score]", i)] {
					t.Errorf("%s: score of pair %d null without FORBIDDEN at its path", lang, i)
				}
				if a.NeedsCovered != nil {
					t.Errorf("%s: pair %s (needs hidden) lists the needs covered %v", lang, a.Community.Code, *a.NeedsCovered)
				} else if !forbidden[fmt.Sprintf("[pairingPlan assignments %d needsCovered]", i)] {
					t.Errorf("%s: needsCovered of pair %d null without FORBIDDEN at its path", lang, i)
				}
				if a.DistanceKm == nil {
					t.Errorf("%s: pair %s lost its distance, which rests on public locations", lang, a.Community.Code)
				}
			}
			if hidden == 0 || shown == 0 {
				t.Fatalf("%s: %d pairs with hidden needs and %d with readable ones; the demo should have both", lang, hidden, shown)
			}
		}

		// Changing the weights would let the university probe the hidden
		// needs (by when a pair flips); only the defaults are open to it.
		uni := newAPI(t, db, uniViewer, fault.English)
		probe := map[string]any{"division": gid(xixia.ID), "distanceWeight": 0.07}
		if errs := uni.do(withheldPlanQuery, map[string]any{"in": probe}, nil); len(errs) != 1 || errs[0].code() != string(fault.Forbidden) {
			t.Errorf("university changing the weights: errors %+v, want FORBIDDEN", errs)
		}
		officer.mustDo(withheldPlanQuery, map[string]any{"in": probe}, nil)

		// Applying (the freed communities get new pairs): the proposed
		// pairings, which everyone may read, carry no need, weight or score.
		var applied struct {
			ApplyPairingPlan struct {
				Created []struct {
					ID        string
					Score     *float64
					Reasons   []string
					Community struct{ ID string }
					Group     struct{ University struct{ Code string } }
				}
			}
		}
		officer.mustDo(`mutation($in: PairingPlanInput!) { applyPairingPlan(input: $in) { created { id score reasons community { id } group { university { code } } } } }`,
			map[string]any{"in": in}, &applied)
		if len(applied.ApplyPairingPlan.Created) == 0 {
			t.Fatal("applying the plan created no pairing")
		}
		clean := func(who string, score *float64, reasons []string) {
			t.Helper()
			text := strings.Join(reasons, " | ")
			if score != nil {
				t.Errorf("%s: a proposed pairing carries the score %v", who, *score)
			}
			if len(reasons) == 0 {
				t.Errorf("%s: a proposed pairing carries no reasons", who)
			}
			for _, c := range enum.ServiceCategories {
				if strings.Contains(text, string(c)) || strings.Contains(text, enum.ServiceCategoryNames[c]) {
					t.Errorf("%s: a proposed pairing's reasons name the category %s: %s", who, c, text)
				}
			}
			if strings.Contains(text, "覆盖度") || strings.Contains(text, "coverage") {
				t.Errorf("%s: a proposed pairing's reasons give the coverage: %s", who, text)
			}
		}
		for _, c := range applied.ApplyPairingPlan.Created {
			clean("office", c.Score, c.Reasons)
		}
		var pub struct {
			Pairings struct {
				Edges []struct {
					Node struct {
						Score   *float64
						Reasons []string
					}
				}
			}
		}
		newAPI(t, db, public, fault.Chinese).mustDo(`{ pairings(first: 1000, where: {source: MATCHER}) { edges { node { score reasons } } } }`, nil, &pub)
		if len(pub.Pairings.Edges) != len(applied.ApplyPairingPlan.Created) {
			t.Errorf("PUBLIC reads %d proposed pairings, %d were created", len(pub.Pairings.Edges), len(applied.ApplyPairingPlan.Created))
		}
		for _, e := range pub.Pairings.Edges {
			clean("PUBLIC", e.Node.Score, e.Node.Reasons)
		}
		// The university answering a proposal for one of its groups.
		for _, c := range applied.ApplyPairingPlan.Created {
			u := c.Group.University.Code
			univ := newAPI(t, db, authz.Viewer{Subject: "u", Agency: u, Role: authz.UniversityStaff}, fault.Chinese)
			var r struct {
				RespondToPairing struct {
					Status  string
					Score   *float64
					Reasons []string
				}
			}
			univ.mustDo(`mutation($id: ID!) { respondToPairing(id: $id, accept: true) { status score reasons } }`, map[string]any{"id": c.ID}, &r)
			clean("university "+u, r.RespondToPairing.Score, r.RespondToPairing.Reasons)
		}
	})
}

func keys(m map[int]bool) []int {
	out := make([]int, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestUniversityProposesPairing: a university proposes a pairing of its
// own group with a community; the community's answer activates it. Another
// university's group, a community office, PUBLIC, a pair already open and a
// full community are refused, and nothing is written for them.
func TestUniversityProposesPairing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := sys()
		if _, err := demo.Load(ctx, db.Client); err != nil {
			t.Fatal(err)
		}
		nxu := authz.Viewer{Subject: "u", Agency: demo.NXUCode, Role: authz.UniversityStaff}
		own := db.Client.StudentGroup.Query().Where(studentgroup.HasUniversityWith(university.Code(demo.NXUCode))).Order(studentgroup.ByID()).FirstX(ctx)
		other := db.Client.StudentGroup.Query().Where(studentgroup.Not(studentgroup.HasUniversityWith(university.Code(demo.NXUCode)))).FirstX(ctx)
		// A Xixia community with fewer than 3 open pairings, none with own.
		var target *ent.Community
		for _, c := range db.Client.Community.Query().Where(community.CodeHasPrefix("640105")).Order(community.ByCode()).AllX(ctx) {
			open := db.Client.Pairing.Query().Where(pairing.CommunityID(c.ID), pairing.StatusIn(pairing.StatusPROPOSED, pairing.StatusACTIVE)).AllX(ctx)
			paired := false
			for _, p := range open {
				paired = paired || p.GroupID == own.ID
			}
			if len(open) < 3 && !paired {
				target = c
				break
			}
		}
		if target == nil {
			t.Fatal("no Xixia community to propose to")
		}
		propose := `mutation($c: ID!, $g: ID!) { proposePairing(community: $c, group: $g, note: "法律援助进社区") { id status source universityResponse communityResponse } }`
		before := db.Client.Pairing.Query().CountX(ctx)
		for _, c := range []struct {
			name   string
			viewer authz.Viewer
			group  int
			code   fault.Code
		}{
			{"public", public, own.ID, fault.Unauthenticated},
			{"a community office", authz.Viewer{Subject: "c", Agency: target.Code, Role: authz.CommunityOfficer}, own.ID, fault.Forbidden},
			{"another university's group", nxu, other.ID, fault.Forbidden},
		} {
			errs := newAPI(t, db, c.viewer, fault.English).do(propose, map[string]any{"c": target.Code, "g": gid(c.group)}, nil)
			if len(errs) != 1 || errs[0].code() != string(c.code) {
				t.Errorf("%s: %+v, want %s", c.name, errs, c.code)
			}
		}
		if n := db.Client.Pairing.Query().CountX(ctx); n != before {
			t.Fatalf("refused proposals wrote %d pairings", n-before)
		}

		var out struct {
			ProposePairing struct{ ID, Status, Source, UniversityResponse, CommunityResponse string } `json:"proposePairing"`
		}
		newAPI(t, db, nxu, fault.English).mustDo(propose, map[string]any{"c": target.Code, "g": gid(own.ID)}, &out)
		p := out.ProposePairing
		if p.Status != "PROPOSED" || p.Source != "UNIVERSITY" || p.UniversityResponse != "ACCEPTED" || p.CommunityResponse != "PENDING" {
			t.Fatalf("proposed: %+v", p)
		}
		errs := newAPI(t, db, nxu, fault.English).do(propose, map[string]any{"c": target.Code, "g": gid(own.ID)}, nil)
		if len(errs) != 1 || errs[0].code() != string(fault.Conflict) {
			t.Errorf("the same pair again: %+v, want CONFLICT", errs)
		}
		var answered struct {
			RespondToPairing struct{ Status string } `json:"respondToPairing"`
		}
		newAPI(t, db, authz.Viewer{Subject: "c", Agency: target.Code, Role: authz.CommunityOfficer}, fault.English).
			mustDo(`mutation($id: ID!) { respondToPairing(id: $id, accept: true, note: "欢迎") { status } }`, map[string]any{"id": p.ID}, &answered)
		if answered.RespondToPairing.Status != "ACTIVE" {
			t.Errorf("after the community accepted: %s, want ACTIVE", answered.RespondToPairing.Status)
		}

		// A community with 3 open pairings takes no proposal.
		full := db.Client.Community.Query().Where(community.CodeHasPrefix("640105")).AllX(ctx)
		for _, c := range full {
			if db.Client.Pairing.Query().Where(pairing.CommunityID(c.ID), pairing.StatusIn(pairing.StatusPROPOSED, pairing.StatusACTIVE)).CountX(ctx) >= 3 &&
				!db.Client.Pairing.Query().Where(pairing.CommunityID(c.ID), pairing.GroupID(own.ID)).ExistX(ctx) {
				errs := newAPI(t, db, nxu, fault.English).do(propose, map[string]any{"c": c.Code, "g": gid(own.ID)}, nil)
				if len(errs) != 1 || errs[0].code() != string(fault.Conflict) || errs[0].field() != "community" {
					t.Errorf("a full community: %+v, want CONFLICT on community", errs)
				}
				break
			}
		}
	})
}
