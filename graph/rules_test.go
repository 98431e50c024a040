package graph_test

import (
	"strings"
	"testing"

	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/ident"
	"github.com/wushehub/wushe/internal/scalar"
	"github.com/wushehub/wushe/internal/store"
	"github.com/wushehub/wushe/internal/store/storetest"
)

var gid = scalar.EncodeID

// A valid civil-affairs code of a social service agency (52) registered in
// Xixia, and variants.
var (
	goodAgencyCode  = ident.MakeUSCC('5', '2', "640105", "MJ000001")
	goodEnterprise  = ident.MakeUSCC('9', '1', "640105", "MA760001")
	badCheckUSCC    = goodEnterprise[:17] + flip(goodEnterprise[17])
	goodResidentID  = ident.MakeResidentID("640105", date("1990-03-07"), 123)
	badCheckID      = goodResidentID[:17] + flipDigit(goodResidentID[17])
	badBirthDateID  = fixCheck("64010519990230123")
	futureBirthID   = fixCheck("64010521990101123")
	goodFoundation  = ident.MakeUSCC('5', '3', "640105", "MJ000002")
	wrongKindOfCode = ident.MakeUSCC('5', '2', "640105", "MJ000003") // a 52 code for a FOUNDATION
)

func flip(c byte) string {
	if c == '0' {
		return "1"
	}
	return "0"
}

func flipDigit(c byte) string {
	if c == '1' {
		return "2"
	}
	return "1"
}

// fixCheck completes 17 digits with the right check character, so that only
// the birth date is wrong.
func fixCheck(first17 string) string {
	for _, c := range "0123456789X" {
		id := first17 + string(c)
		if err := ident.CheckResidentID(id, date("2100-01-01")); err == nil || !strings.Contains(err.Error(), "check character") {
			return id
		}
	}
	panic("no check character")
}

type ruleCase struct {
	name      string
	query     string
	vars      func(f *fixture) map[string]any
	wantCode  fault.Code // "" when the write must succeed
	wantField string
}

// TestWriteRules checks each write rule with a failing and a passing case,
// on SQLite and PostgreSQL, through the GraphQL API.
func TestWriteRules(t *testing.T) {
	cases := []ruleCase{
		{
			name:  "uscc check character wrong",
			query: `mutation($in: CreateEnterpriseInput!) { createEnterprise(input: $in) { id } }`,
			vars: func(f *fixture) map[string]any {
				return map[string]any{"in": map[string]any{"uscc": badCheckUSCC, "name": "某商贸有限公司", "kind": "ENTERPRISE"}}
			},
			wantCode: fault.BadUserInput, wantField: "uscc",
		},
		{
			name:  "uscc check character right",
			query: `mutation($in: CreateEnterpriseInput!) { createEnterprise(input: $in) { id uscc } }`,
			vars: func(f *fixture) map[string]any {
				return map[string]any{"in": map[string]any{"uscc": goodEnterprise, "name": "某商贸有限公司", "kind": "ENTERPRISE"}}
			},
		},
		{
			name:  "organisation kind disagrees with code",
			query: `mutation($in: CreateSocialOrganizationInput!) { createSocialOrganization(input: $in) { id } }`,
			vars: func(f *fixture) map[string]any {
				return map[string]any{"in": map[string]any{"uscc": wrongKindOfCode, "name": "某公益基金会", "kind": "FOUNDATION"}}
			},
			wantCode: fault.BadUserInput, wantField: "uscc",
		},
		{
			name:  "organisation kind agrees with code",
			query: `mutation($in: CreateSocialOrganizationInput!) { createSocialOrganization(input: $in) { id } }`,
			vars: func(f *fixture) map[string]any {
				return map[string]any{"in": map[string]any{"uscc": goodFoundation, "name": "某公益基金会", "kind": "FOUNDATION"}}
			},
		},
		{
			name:  "resident id check digit wrong",
			query: `mutation($in: CreateSocialWorkerInput!) { createSocialWorker(input: $in) { id } }`,
			vars: func(f *fixture) map[string]any {
				return map[string]any{"in": map[string]any{"name": "周琳", "idNumber": badCheckID}}
			},
			wantCode: fault.BadUserInput, wantField: "idNumber",
		},
		{
			name:  "resident id with impossible birth date",
			query: `mutation($in: CreateSocialWorkerInput!) { createSocialWorker(input: $in) { id } }`,
			vars: func(f *fixture) map[string]any {
				return map[string]any{"in": map[string]any{"name": "周琳", "idNumber": badBirthDateID}}
			},
			wantCode: fault.BadUserInput, wantField: "idNumber",
		},
		{
			name:  "resident id born in the future",
			query: `mutation($in: CreateSocialWorkerInput!) { createSocialWorker(input: $in) { id } }`,
			vars: func(f *fixture) map[string]any {
				return map[string]any{"in": map[string]any{"name": "周琳", "idNumber": futureBirthID}}
			},
			wantCode: fault.BadUserInput, wantField: "idNumber",
		},
		{
			name:  "resident id valid",
			query: `mutation($in: CreateSocialWorkerInput!) { createSocialWorker(input: $in) { id } }`,
			vars: func(f *fixture) map[string]any {
				return map[string]any{"in": map[string]any{"name": "周琳", "idNumber": goodResidentID}}
			},
		},
		{
			name:  "division code not 12 digits",
			query: `mutation($in: CreateDivisionInput!) { createDivision(input: $in) { id } }`,
			vars: func(f *fixture) map[string]any {
				return map[string]any{"in": map[string]any{"code": "640105002", "name": "北京西路街道", "level": "STREET", "parentID": gid(f.district.ID)}}
			},
			wantCode: fault.BadUserInput, wantField: "code",
		},
		{
			name:  "street code does not extend its district's",
			query: `mutation($in: CreateDivisionInput!) { createDivision(input: $in) { id } }`,
			vars: func(f *fixture) map[string]any {
				return map[string]any{"in": map[string]any{"code": "640106002000", "name": "北京西路街道", "level": "STREET", "parentID": gid(f.district.ID)}}
			},
			wantCode: fault.BadUserInput, wantField: "parentID",
		},
		{
			name:  "street hung below a city",
			query: `mutation($in: CreateDivisionInput!) { createDivision(input: $in) { id } }`,
			vars: func(f *fixture) map[string]any {
				return map[string]any{"in": map[string]any{"code": "640105002000", "name": "北京西路街道", "level": "STREET", "parentID": gid(f.city.ID)}}
			},
			wantCode: fault.BadUserInput, wantField: "parentID",
		},
		{
			name:  "street nests in its district",
			query: `mutation($in: CreateDivisionInput!) { createDivision(input: $in) { id } }`,
			vars: func(f *fixture) map[string]any {
				return map[string]any{"in": map[string]any{"code": "640105002000", "name": "北京西路街道", "level": "STREET", "parentID": gid(f.district.ID)}}
			},
		},
		{
			name:  "community code does not extend its street's",
			query: `mutation($in: CreateCommunityInput!) { createCommunity(input: $in) { id } }`,
			vars: func(f *fixture) map[string]any {
				return map[string]any{"in": map[string]any{"code": "640105002001", "name": "幸福巷社区", "streetID": gid(f.street.ID)}}
			},
			wantCode: fault.BadUserInput, wantField: "code",
		},
		{
			name:  "community nests in its street",
			query: `mutation($in: CreateCommunityInput!) { createCommunity(input: $in) { id } }`,
			vars: func(f *fixture) map[string]any {
				return map[string]any{"in": map[string]any{"code": "640105001003", "name": "青山巷社区", "streetID": gid(f.street.ID), "households": 2100, "population": 6000}}
			},
		},
		{
			name:  "negative households",
			query: `mutation($id: ID!, $in: UpdateCommunityInput!) { updateCommunity(id: $id, input: $in) { id } }`,
			vars: func(f *fixture) map[string]any {
				return map[string]any{"id": gid(f.community.ID), "in": map[string]any{"households": -1}}
			},
			wantCode: fault.BadUserInput, wantField: "households",
		},
		{
			name:  "negative area",
			query: `mutation($in: CreateFacilityInput!) { createFacility(input: $in) { id } }`,
			vars: func(f *fixture) map[string]any {
				return map[string]any{"in": map[string]any{"name": "办公室", "kind": "OFFICE", "areaM2": -3.5, "communityID": gid(f.community.ID)}}
			},
			wantCode: fault.BadUserInput, wantField: "areaM2",
		},
		{
			name:  "share above one",
			query: `mutation($id: ID!, $in: UpdateCommunityInput!) { updateCommunity(id: $id, input: $in) { id } }`,
			vars: func(f *fixture) map[string]any {
				return map[string]any{"id": gid(f.community.ID), "in": map[string]any{"relocatedShare": 97.6}}
			},
			wantCode: fault.BadUserInput, wantField: "relocatedShare",
		},
		{
			name:  "counts and areas non-negative",
			query: `mutation($id: ID!, $in: UpdateCommunityInput!) { updateCommunity(id: $id, input: $in) { households areaKm2 relocatedShare } }`,
			vars: func(f *fixture) map[string]any {
				return map[string]any{"id": gid(f.community.ID), "in": map[string]any{"households": 2423, "areaKm2": 0.5, "relocatedShare": 0.976}}
			},
		},
		{
			name:  "1+2+N team with one social worker",
			query: `mutation($in: CreateServiceTeamInput!) { createServiceTeam(input: $in) { id } }`,
			vars: func(f *fixture) map[string]any {
				return map[string]any{"in": map[string]any{"name": "互助服务队", "kind": "MUTUAL_AID", "leadName": "刘强", "communityID": gid(f.community.ID),
					"socialWorkerIDs": []string{gid(f.workers[0].ID)}, "volunteerIDs": []string{gid(f.volunteers[0].ID)}}}
			},
			wantCode: fault.BadUserInput, wantField: "socialWorkerIDs",
		},
		{
			name:  "1+2+N team without volunteers",
			query: `mutation($in: CreateServiceTeamInput!) { createServiceTeam(input: $in) { id } }`,
			vars: func(f *fixture) map[string]any {
				return map[string]any{"in": map[string]any{"name": "互助服务队", "kind": "MUTUAL_AID", "leadName": "刘强", "communityID": gid(f.community.ID),
					"socialWorkerIDs": []string{gid(f.workers[0].ID), gid(f.workers[1].ID)}}}
			},
			wantCode: fault.BadUserInput, wantField: "volunteerIDs",
		},
		{
			name:  "1+2+N team complete",
			query: `mutation($in: CreateServiceTeamInput!) { createServiceTeam(input: $in) { id socialWorkers { totalCount } volunteers { totalCount } } }`,
			vars: func(f *fixture) map[string]any {
				return map[string]any{"in": map[string]any{"name": "互助服务队", "kind": "MUTUAL_AID", "leadName": "刘强", "communityID": gid(f.community.ID),
					"socialWorkerIDs": []string{gid(f.workers[0].ID), gid(f.workers[1].ID)}, "volunteerIDs": []string{gid(f.volunteers[0].ID), gid(f.volunteers[1].ID)}}}
			},
		},
		{
			name:  "bilateral agreement with two parties",
			query: `mutation($in: CreatePartnershipAgreementInput!) { createPartnershipAgreement(input: $in) { id } }`,
			vars: func(f *fixture) map[string]any {
				return map[string]any{"in": map[string]any{"title": "校地共建合作协议", "kind": "BILATERAL", "signedOn": "2023-05-10",
					"universityIDs": []string{gid(f.university.ID)}, "departmentIDs": []string{gid(f.department.ID)}, "organizationIDs": []string{}}}
			},
		},
		{
			name:  "tripartite agreement with two parties",
			query: `mutation($in: CreatePartnershipAgreementInput!) { createPartnershipAgreement(input: $in) { id } }`,
			vars: func(f *fixture) map[string]any {
				return map[string]any{"in": map[string]any{"title": "三方校地合作协议", "kind": "TRIPARTITE", "signedOn": "2024-08-23",
					"universityIDs": []string{gid(f.university.ID)}, "departmentIDs": []string{gid(f.department.ID)}}}
			},
			wantCode: fault.BadUserInput, wantField: "kind",
		},
		{
			name:  "consultation resolved before raised",
			query: `mutation($in: CreateConsultationInput!) { createConsultation(input: $in) { id } }`,
			vars: func(f *fixture) map[string]any {
				return map[string]any{"in": map[string]any{"title": "楼道飞线充电", "category": "FLYING_WIRE_CHARGING", "status": "RESOLVED",
					"raisedOn": "2024-03-10", "resolvedOn": "2024-03-01", "communityID": gid(f.community.ID)}}
			},
			wantCode: fault.BadUserInput, wantField: "resolvedOn",
		},
		{
			name:  "consultation resolved after raised",
			query: `mutation($in: CreateConsultationInput!) { createConsultation(input: $in) { id status resolvedOn } }`,
			vars: func(f *fixture) map[string]any {
				return map[string]any{"in": map[string]any{"title": "楼道飞线充电", "category": "FLYING_WIRE_CHARGING", "status": "RESOLVED",
					"raisedOn": "2024-03-10", "resolvedOn": "2024-03-12", "communityID": gid(f.community.ID)}}
			},
		},
		{
			name:  "money as a fraction of a fen",
			query: `mutation($in: CreateCharityResourceInput!) { createCharityResource(input: $in) { id } }`,
			vars: func(f *fixture) map[string]any {
				return map[string]any{"in": map[string]any{"donorName": "爱心企业", "kind": "FUNDS", "valueFen": 1050.5, "receivedOn": "2024-06-01", "communityID": gid(f.community.ID)}}
			},
			wantCode: fault.BadUserInput,
		},
		{
			name:  "money negative",
			query: `mutation($in: CreateCharityResourceInput!) { createCharityResource(input: $in) { id } }`,
			vars: func(f *fixture) map[string]any {
				return map[string]any{"in": map[string]any{"donorName": "爱心企业", "kind": "FUNDS", "valueFen": -100, "receivedOn": "2024-06-01", "communityID": gid(f.community.ID)}}
			},
			wantCode: fault.BadUserInput, wantField: "valueFen",
		},
		{
			name:  "money in integer fen",
			query: `mutation($in: CreateCharityResourceInput!) { createCharityResource(input: $in) { valueFen } }`,
			vars: func(f *fixture) map[string]any {
				return map[string]any{"in": map[string]any{"donorName": "爱心企业", "kind": "FUNDS", "valueFen": 5000000, "receivedOn": "2024-06-01", "communityID": gid(f.community.ID)}}
			},
		},
	}
	cases = append(cases, ruleCase{
		name:  "bilateral agreement with three parties",
		query: `mutation($in: CreatePartnershipAgreementInput!) { createPartnershipAgreement(input: $in) { id } }`,
		vars: func(f *fixture) map[string]any {
			return map[string]any{"in": map[string]any{"title": "校地共建合作协议", "kind": "BILATERAL", "signedOn": "2023-05-10",
				"universityIDs": []string{gid(f.university.ID)}, "departmentIDs": []string{gid(f.department.ID)}, "enterpriseIDs": []string{gid(f.enterprise.ID)}}}
		},
		wantCode: fault.BadUserInput, wantField: "kind",
	}, ruleCase{
		name:  "tripartite agreement with three parties",
		query: `mutation($in: CreatePartnershipAgreementInput!) { createPartnershipAgreement(input: $in) { id universities { totalCount } departments { totalCount } enterprises { totalCount } } }`,
		vars: func(f *fixture) map[string]any {
			return map[string]any{"in": map[string]any{"title": "三方校地合作协议", "kind": "TRIPARTITE", "signedOn": "2024-08-23",
				"universityIDs": []string{gid(f.university.ID)}, "departmentIDs": []string{gid(f.department.ID)}, "enterpriseIDs": []string{gid(f.enterprise.ID)}}}
		},
	})
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db.Client)
		a := newAPI(t, db, admin, fault.English)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				a.t = t
				errs := a.do(tc.query, tc.vars(f), nil)
				if tc.wantCode == "" {
					if len(errs) > 0 {
						t.Fatalf("write refused: %+v", errs)
					}
					return
				}
				if len(errs) != 1 {
					t.Fatalf("got %d errors %+v, want one %s", len(errs), errs, tc.wantCode)
				}
				if got := errs[0].code(); got != string(tc.wantCode) {
					t.Errorf("code = %q, want %q (%s)", got, tc.wantCode, errs[0].Message)
				}
				if tc.wantField != "" && errs[0].field() != tc.wantField {
					t.Errorf("field = %q, want %q (%s)", errs[0].field(), tc.wantField, errs[0].Message)
				}
				if strings.Contains(errs[0].Message, "ent:") || strings.Contains(errs[0].Message, "pq:") || strings.Contains(errs[0].Message, "SQL") {
					t.Errorf("message leaks internals: %q", errs[0].Message)
				}
			})
		}
	})
}

// TestActivePairingLimit: a community takes at most three ACTIVE pairings;
// the fourth is a CONFLICT whether created ACTIVE or activated later, and an
// ended pairing frees a slot.
func TestActivePairingLimit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db.Client)
		a := newAPI(t, db, admin, fault.English)
		create := `mutation($in: CreatePairingInput!) { createPairing(input: $in) { id status since } }`
		pair := func(g int, status string) map[string]any {
			return map[string]any{"in": map[string]any{"communityID": gid(f.community.ID), "groupID": gid(f.groups[g].ID), "status": status}}
		}
		var ids []string
		for g := 0; g < 3; g++ {
			var out struct {
				CreatePairing struct{ ID, Status, Since string }
			}
			a.mustDo(create, pair(g, "ACTIVE"), &out)
			if out.CreatePairing.Since == "" {
				t.Errorf("active pairing %d has no since date", g)
			}
			ids = append(ids, out.CreatePairing.ID)
		}
		errs := a.do(create, pair(3, "ACTIVE"), nil)
		if len(errs) != 1 || errs[0].code() != string(fault.Conflict) || errs[0].field() != "status" {
			t.Fatalf("fourth ACTIVE pairing: errors %+v, want one CONFLICT on status", errs)
		}
		// Proposed is fine; activating it is not.
		var proposed struct{ CreatePairing struct{ ID string } }
		a.mustDo(create, pair(3, "PROPOSED"), &proposed)
		activate := `mutation($id: ID!) { updatePairing(id: $id, input: {status: ACTIVE}) { id } }`
		errs = a.do(activate, map[string]any{"id": proposed.CreatePairing.ID}, nil)
		if len(errs) != 1 || errs[0].code() != string(fault.Conflict) {
			t.Fatalf("activating a fourth pairing: errors %+v, want CONFLICT", errs)
		}
		// The same group twice is a conflict too.
		errs = a.do(create, pair(0, "PROPOSED"), nil)
		if len(errs) != 1 || errs[0].code() != string(fault.Conflict) || errs[0].field() != "groupID" {
			t.Fatalf("duplicate open pairing: errors %+v, want CONFLICT on groupID", errs)
		}
		// Ending needs a reason; ending one frees its slot.
		if errs := a.do(`mutation($id: ID!) { updatePairing(id: $id, input: {status: ENDED}) { id } }`, map[string]any{"id": ids[0]}, nil); len(errs) != 1 || errs[0].field() != "endReason" {
			t.Fatalf("ending without a reason: errors %+v, want BAD_USER_INPUT on endReason", errs)
		}
		a.mustDo(`mutation($id: ID!) { updatePairing(id: $id, input: {status: ENDED, endReason: "学期结束"}) { until } }`, map[string]any{"id": ids[0]}, nil)
		a.mustDo(activate, map[string]any{"id": proposed.CreatePairing.ID}, nil)
		var count struct {
			Pairings struct{ TotalCount int }
		}
		a.mustDo(`{ pairings(where: {status: ACTIVE}) { totalCount } }`, nil, &count)
		if count.Pairings.TotalCount != 3 {
			t.Errorf("active pairings = %d, want 3", count.Pairings.TotalCount)
		}
	})
}

// TestTrainingPhasesForward: a batch moves through its five phases in order
// and never back.
func TestTrainingPhasesForward(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newAPI(t, db, admin, fault.English)
		var created struct{ CreateTrainingBatch struct{ ID, Phase string } }
		a.mustDo(`mutation { createTrainingBatch(input: {number: 1, name: "第一批校外实训", startedOn: "2023-09-01"}) { id phase } }`, nil, &created)
		if created.CreateTrainingBatch.Phase != "GROUP_DISCUSSION" {
			t.Errorf("new batch phase = %s, want GROUP_DISCUSSION", created.CreateTrainingBatch.Phase)
		}
		id := created.CreateTrainingBatch.ID
		set := `mutation($id: ID!, $in: UpdateTrainingBatchInput!) { updateTrainingBatch(id: $id, input: $in) { phase completed } }`
		a.mustDo(set, map[string]any{"id": id, "in": map[string]any{"phase": "COMMUNITY_PRACTICE"}}, nil)
		errs := a.do(set, map[string]any{"id": id, "in": map[string]any{"phase": "PLAN_GUIDANCE"}}, nil)
		if len(errs) != 1 || errs[0].code() != string(fault.BadUserInput) || errs[0].field() != "phase" {
			t.Fatalf("moving back: errors %+v, want BAD_USER_INPUT on phase", errs)
		}
		errs = a.do(set, map[string]any{"id": id, "in": map[string]any{"completed": true}}, nil)
		if len(errs) != 1 || errs[0].field() != "completed" {
			t.Fatalf("completing before the roadshow: errors %+v, want BAD_USER_INPUT on completed", errs)
		}
		a.mustDo(set, map[string]any{"id": id, "in": map[string]any{"phase": "ROADSHOW", "completed": true, "endedOn": "2023-10-20"}}, nil)
	})
}

// TestErrorsInChinese: the same rule answers in Chinese when the request
// asks for it, and still names the field.
func TestErrorsInChinese(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db.Client)
		zh := newAPI(t, db, admin, fault.Chinese)
		errs := zh.do(`mutation($in: CreateServiceTeamInput!) { createServiceTeam(input: $in) { id } }`, map[string]any{"in": map[string]any{
			"name": "互助服务队", "kind": "MUTUAL_AID", "leadName": "刘强", "communityID": gid(f.community.ID),
			"socialWorkerIDs": []string{gid(f.workers[0].ID)}, "volunteerIDs": []string{gid(f.volunteers[0].ID)}}}, nil)
		if len(errs) != 1 || !strings.Contains(errs[0].Message, "驻点社工") || errs[0].field() != "socialWorkerIDs" {
			t.Fatalf("errors %+v, want a Chinese message on socialWorkerIDs", errs)
		}
		errs = zh.do(`mutation { createEnterprise(input: {uscc: "91640105MA7600000X", name: "某公司", kind: ENTERPRISE}) { id } }`, nil, nil)
		if len(errs) != 1 || !strings.Contains(errs[0].Message, "校验码") {
			t.Fatalf("errors %+v, want the check character message in Chinese", errs)
		}
	})
}

// TestFailedWriteLeavesNothing: a refused multi-row write (a team with its
// member edges) leaves no row behind.
func TestFailedWriteLeavesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db.Client)
		a := newAPI(t, db, admin, fault.English)
		// The third worker is stationed elsewhere after this update.
		other, err := db.Client.Community.Create().SetCode("640105001004").SetName("西花园社区").SetStreet(f.street).Save(sys())
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Client.SocialWorker.UpdateOne(f.workers[2]).SetCommunity(other).Exec(sys()); err != nil {
			t.Fatal(err)
		}
		errs := a.do(`mutation($in: CreateServiceTeamInput!) { createServiceTeam(input: $in) { id } }`, map[string]any{"in": map[string]any{
			"name": "志愿服务队", "kind": "VOLUNTEER_SERVICE", "leadName": "刘强", "communityID": gid(f.community.ID),
			"socialWorkerIDs": []string{gid(f.workers[0].ID), gid(f.workers[2].ID)}, "volunteerIDs": []string{gid(f.volunteers[0].ID)}}}, nil)
		if len(errs) != 1 || errs[0].field() != "socialWorkerIDs" {
			t.Fatalf("errors %+v, want BAD_USER_INPUT on socialWorkerIDs", errs)
		}
		if n := db.Client.ServiceTeam.Query().CountX(sys()); n != 0 {
			t.Errorf("service teams after a refused write = %d, want 0", n)
		}
	})
}

// residentIDEndingInX is a valid resident ID number whose check character
// is X.
func residentIDEndingInX() string {
	for seq := 100; ; seq++ {
		if id := ident.MakeResidentID("640105", date("1988-08-08"), seq); strings.HasSuffix(id, "X") {
			return id
		}
	}
}

// TestIdentifiersAsWritten: an ID number ending in a lowercase x, and a
// credit code in lowercase with spaces around it, are what people type;
// they are stored normalised, not refused.
func TestIdentifiersAsWritten(t *testing.T) {
	idX := residentIDEndingInX()
	lowerID := strings.ToLower(idX)
	code := ident.MakeUSCC('9', '1', "640105", "MA76XY01")
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newAPI(t, db, admin, fault.English)
		var w struct {
			CreateSocialWorker struct{ ID string } `json:"createSocialWorker"`
		}
		a.mustDo(`mutation($in: CreateSocialWorkerInput!) { createSocialWorker(input: $in) { id } }`,
			map[string]any{"in": map[string]any{"name": "周琳", "idNumber": " " + lowerID + " "}}, &w)
		var v struct {
			CreateVolunteer struct{ ID string } `json:"createVolunteer"`
		}
		f := newFixture(t, db.Client)
		a.mustDo(`mutation($in: CreateVolunteerInput!) { createVolunteer(input: $in) { id } }`,
			map[string]any{"in": map[string]any{"name": "张三", "kind": "RESIDENT", "idNumber": lowerID, "communityID": gid(f.community.ID)}}, &v)
		var e struct {
			CreateEnterprise struct{ Uscc string } `json:"createEnterprise"`
		}
		a.mustDo(`mutation($in: CreateEnterpriseInput!) { createEnterprise(input: $in) { uscc } }`,
			map[string]any{"in": map[string]any{"uscc": " " + strings.ToLower(code), "name": "某科技有限公司", "kind": "ENTERPRISE"}}, &e)
		if e.CreateEnterprise.Uscc != code {
			t.Errorf("enterprise uscc = %q, want %q", e.CreateEnterprise.Uscc, code)
		}
		wid, _ := scalarDecode(w.CreateSocialWorker.ID)
		if got := db.Client.SocialWorker.GetX(sys(), wid).IDNumber; got != idX {
			t.Errorf("worker id number = %q, want %q", got, idX)
		}
		vid, _ := scalarDecode(v.CreateVolunteer.ID)
		if got := db.Client.Volunteer.GetX(sys(), vid).IDNumber; got != idX {
			t.Errorf("volunteer id number = %q, want %q", got, idX)
		}
	})
}

// TestWriteRefusalsSayWhy: a write without credentials is UNAUTHENTICATED
// (a credential may allow it), a write the viewer's role does not allow is
// FORBIDDEN; in Chinese both name the entity in Chinese, not by its type.
func TestWriteRefusalsSayWhy(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db.Client)
		auditor := authz.Viewer{Subject: "auditor", Role: authz.DistrictAuditor, Agency: f.district.Code}
		add := `mutation($c: ID!) { createActivity(input: {title: "敬老活动", category: ELDERLY_DISABLED, heldOn: "2026-12-01", participants: 3, communityID: $c}) { id } }`
		for _, c := range []struct {
			viewer authz.Viewer
			code   fault.Code
			zh     string
		}{
			{public, fault.Unauthenticated, "修改活动记录须先认证"},
			{auditor, fault.Forbidden, "无权修改活动记录"},
		} {
			for _, lang := range []fault.Lang{fault.Chinese, fault.English} {
				errs := newAPI(t, db, c.viewer, lang).do(add, map[string]any{"c": gid(f.community.ID)}, nil)
				if len(errs) != 1 || errs[0].code() != string(c.code) {
					t.Fatalf("%s (%v): %+v, want one %s", c.viewer.Role, lang, errs, c.code)
				}
				msg := errs[0].Message
				if lang == fault.Chinese && (!strings.Contains(msg, c.zh) || strings.Contains(msg, "Activity")) {
					t.Errorf("%s in Chinese: %q, want it to say %q without the type name", c.viewer.Role, msg, c.zh)
				}
				if lang == fault.English && !strings.Contains(msg, "Activity") {
					t.Errorf("%s in English: %q", c.viewer.Role, msg)
				}
			}
		}
		if n := db.Client.Activity.Query().CountX(sys()); n != 0 {
			t.Errorf("%d activities written by refused writes", n)
		}
	})
}

// TestCreateOutsideNamesTheField: a create that hangs on nothing of the
// viewer's own names the input field to give, in a whole sentence.
func TestCreateOutsideNamesTheField(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db.Client)
		officer := authz.Viewer{Subject: "officer", Role: authz.DistrictOfficer, Agency: f.district.Code}
		a := newAPI(t, db, officer, fault.English)
		errs := a.do(`mutation($in: CreateSocialOrganizationInput!) { createSocialOrganization(input: $in) { id } }`,
			map[string]any{"in": map[string]any{"uscc": goodFoundation, "name": "某公益基金会", "kind": "FOUNDATION"}}, nil)
		if len(errs) != 1 || errs[0].code() != string(fault.Forbidden) || errs[0].field() != "divisionID" ||
			!strings.Contains(errs[0].Message, "give divisionID") {
			t.Fatalf("create without divisionID: %+v", errs)
		}
		zh := newAPI(t, db, officer, fault.Chinese).do(`mutation($in: CreateSocialOrganizationInput!) { createSocialOrganization(input: $in) { id } }`,
			map[string]any{"in": map[string]any{"uscc": goodFoundation, "name": "某公益基金会", "kind": "FOUNDATION"}}, nil)
		if len(zh) != 1 || !strings.Contains(zh[0].Message, "新增社会组织记录") || strings.Contains(zh[0].Message, "SocialOrganization") {
			t.Errorf("in Chinese: %+v", zh)
		}
	})
}

// TestViewerNulls: the platform and PUBLIC have no agency, and PUBLIC no
// subject: null, as the schema says, never "".
func TestViewerNulls(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		for _, v := range []authz.Viewer{admin, public} {
			var out struct {
				Viewer map[string]any `json:"viewer"`
			}
			newAPI(t, db, v, fault.English).mustDo(`{ viewer { role agency subject } }`, nil, &out)
			if a, ok := out.Viewer["agency"]; !ok || a != nil {
				t.Errorf("%s: agency = %#v, want null", v.Role, a)
			}
			if s := out.Viewer["subject"]; (v.Subject == "") != (s == nil) {
				t.Errorf("%s: subject = %#v", v.Role, s)
			}
		}
	})
}
