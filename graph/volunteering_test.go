package graph_test

import (
	"strings"
	"testing"
	"time"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/graph"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/scalar"
	"github.com/wushehub/wushe/internal/store"
	"github.com/wushehub/wushe/internal/store/storetest"
)

// records is the fixture with what service records need: a second
// community with a volunteer, a minor in the first, an activity in each,
// and the agencies registered.
type recordsWorld struct {
	*fixture
	other         *ent.Community
	outsider      *ent.Volunteer
	minor         *ent.Volunteer
	act, otherAct *ent.Activity
}

func newRecordsWorld(t *testing.T, db *store.DB) *recordsWorld {
	t.Helper()
	c := db.Client
	f := newFixture(t, c)
	ctx := sys()
	w := &recordsWorld{fixture: f}
	w.other = c.Community.Create().SetCode("640105001003").SetName("花园社区").SetStreet(f.street).SaveX(ctx)
	w.outsider = c.Volunteer.Create().SetName("赵强").SetKind("RESIDENT").SetCommunity(w.other).SaveX(ctx)
	w.minor = c.Volunteer.Create().SetName("小雨").SetKind("STUDENT").SetCommunity(f.community).
		SetBirthDate(time.Now().AddDate(-11, 0, 0)).SaveX(ctx)
	held := time.Now().UTC().Truncate(24 * time.Hour)
	w.act = c.Activity.Create().SetTitle("敬老助残入户探访").SetCategory("ELDERLY_DISABLED").SetHeldOn(held).SetCommunity(f.community).SaveX(ctx)
	w.otherAct = c.Activity.Create().SetTitle("垃圾分类宣传").SetCategory("ENVIRONMENT").SetHeldOn(held).SetCommunity(w.other).SaveX(ctx)
	if _, err := authz.SyncAgencies(ctx, c); err != nil {
		t.Fatal(err)
	}
	return w
}

type recordPage struct {
	ServiceRecords struct {
		TotalCount int
		Edges      []struct{ Node struct{ ID string } }
	}
}

func TestServiceRecordsEndToEnd(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newRecordsWorld(t, db)
		kang := newRecordsAPI(t, db, authz.Viewer{Subject: "kang", Agency: w.community.Code, Role: authz.CommunityOfficer}, fault.English)
		vol := w.volunteers[0]
		var issued struct {
			IssueVolunteerCode struct{ ID, Token, Png, Svg string }
		}
		kang.mustDo(`mutation($v: ID!) { issueVolunteerCode(volunteer: $v) { id token png svg } }`, map[string]any{"v": gid(vol.ID)}, &issued)
		code := issued.IssueVolunteerCode
		if !strings.HasPrefix(code.Token, "WSV1.") || !strings.HasPrefix(code.Png, "data:image/png;base64,") || !strings.HasPrefix(code.Svg, "<svg") {
			t.Fatalf("code: %+v", code)
		}
		if strings.Contains(code.Token, vol.Name) {
			t.Fatalf("the token names the volunteer: %s", code.Token)
		}
		// Check in, check out, confirm: hours, stars and points follow.
		at := time.Now().Add(-3 * time.Hour).UTC().Truncate(time.Second)
		var in struct{ CheckIn struct{ ID, Status string } }
		kang.mustDo(`mutation($c: String!, $a: ID!, $at: Time) { checkIn(input: {code: $c, direction: IN, activity: $a, at: $at}) { id status } }`,
			map[string]any{"c": code.Token, "a": gid(w.act.ID), "at": at.Format(time.RFC3339)}, &in)
		errs := kang.do(`mutation($c: String!, $a: ID!) { checkIn(input: {code: $c, direction: IN, activity: $a}) { id } }`,
			map[string]any{"c": code.Token, "a": gid(w.act.ID)}, nil)
		if len(errs) != 1 || errs[0].code() != "CONFLICT" {
			t.Fatalf("second check-in: got %+v, want CONFLICT", errs)
		}
		errs = kang.do(`mutation($c: String!, $a: ID!) { checkIn(input: {code: $c, direction: IN, activity: $a}) { id } }`,
			map[string]any{"c": code.Token[:len(code.Token)-3] + "xyz", "a": gid(w.act.ID)}, nil)
		if len(errs) != 1 || errs[0].code() != "BAD_USER_INPUT" || errs[0].field() != "code" {
			t.Fatalf("tampered code: got %+v, want BAD_USER_INPUT on code", errs)
		}
		var out struct {
			CheckIn struct {
				ID    string
				Hours float64
			}
		}
		kang.mustDo(`mutation($c: String!, $a: ID!, $at: Time) { checkIn(input: {code: $c, direction: OUT, activity: $a, at: $at}) { id hours } }`,
			map[string]any{"c": code.Token, "a": gid(w.act.ID), "at": at.Add(2 * time.Hour).Format(time.RFC3339)}, &out)
		if out.CheckIn.ID != in.CheckIn.ID || out.CheckIn.Hours != 2 {
			t.Fatalf("check-out: got %+v, want record %s with 2 hours", out.CheckIn, in.CheckIn.ID)
		}
		var conf struct {
			ConfirmServiceRecord struct {
				Status    string
				Volunteer struct {
					Hours         float64
					StarLevel     int
					PointsBalance int
				}
			}
		}
		kang.mustDo(`mutation($id: ID!) { confirmServiceRecord(id: $id, evaluation: "认真") { status volunteer { hours starLevel pointsBalance } } }`,
			map[string]any{"id": in.CheckIn.ID}, &conf)
		if c := conf.ConfirmServiceRecord; c.Status != "CONFIRMED" || c.Volunteer.Hours != 2 {
			t.Fatalf("confirm: %+v", c)
		}
		recID := in.CheckIn.ID
		id, _ := scalar.DecodeID(recID)
		// A record of the minor, confirmed by hand.
		minorRec := db.Client.ServiceRecord.Create().SetVolunteerID(w.minor.ID).SetCommunityID(w.community.ID).
			SetActivityID(w.act.ID).SetHours(1).SetStatus("CONFIRMED").SaveX(sys())

		own := authz.Viewer{Subject: "self", Agency: w.community.Code, Role: authz.Volunteer, Person: vol.ID}
		viewers := []struct {
			name        string
			v           authz.Viewer
			sees, minor bool
		}{
			{"public", public, false, false},
			{"platform", admin, true, false},
			{"own community", authz.Viewer{Subject: "kang", Agency: w.community.Code, Role: authz.CommunityOfficer}, true, true},
			{"other community", authz.Viewer{Subject: "huayuan", Agency: w.other.Code, Role: authz.CommunityOfficer}, false, false},
			{"district", authz.Viewer{Subject: "xixia", Agency: w.district.Code, Role: authz.DistrictOfficer}, true, false},
			{"university", authz.Viewer{Subject: "nxu", Agency: w.university.Code, Role: authz.UniversityStaff}, false, false},
			{"the volunteer", own, true, false},
			{"another volunteer", authz.Viewer{Subject: "other", Agency: w.other.Code, Role: authz.Volunteer, Person: w.outsider.ID}, false, false},
		}
		for _, c := range viewers {
			t.Run(c.name, func(t *testing.T) {
				a := newRecordsAPI(t, db, c.v, fault.English)
				var page recordPage
				a.mustDo(`{ serviceRecords(first: 100) { totalCount edges { node { id } } } }`, nil, &page)
				want := 0
				if c.sees {
					want++
				}
				if c.minor {
					want++
				}
				if page.ServiceRecords.TotalCount != want || len(page.ServiceRecords.Edges) != want {
					t.Errorf("serviceRecords: got %d, want %d", page.ServiceRecords.TotalCount, want)
				}
				var node struct{ Node *struct{ ID string } }
				a.do(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": recID}, &node)
				if (node.Node != nil) != c.sees {
					t.Errorf("node(id:) of the record: got %v, want visible %v", node.Node, c.sees)
				}
				a.do(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": gid(minorRec.ID)}, &node)
				if (node.Node != nil) != c.minor {
					t.Errorf("node(id:) of the minor's record: got %v, want visible %v", node.Node, c.minor)
				}
				// Through the volunteer's edge.
				var edge struct {
					Node *struct{ ServiceRecords struct{ TotalCount int } }
				}
				a.do(`query($id: ID!) { node(id: $id) { ... on Volunteer { serviceRecords { totalCount } } } }`, map[string]any{"id": gid(vol.ID)}, &edge)
				if got := edge.Node != nil && edge.Node.ServiceRecords.TotalCount == 1; got != c.sees {
					t.Errorf("volunteer.serviceRecords: got %+v, want visible %v", edge.Node, c.sees)
				}
				// The current code: to the community and the person only.
				var cur struct{ VolunteerCode *struct{ Token string } }
				a.do(`query($v: ID!) { volunteerCode(volunteer: $v) { token } }`, map[string]any{"v": gid(vol.ID)}, &cur)
				codeVisible := c.name == "own community" || c.name == "the volunteer" || c.name == "platform"
				if (cur.VolunteerCode != nil) != codeVisible {
					t.Errorf("volunteerCode: got %v, want visible %v", cur.VolunteerCode, codeVisible)
				}
				// Nobody but the organising community's writers confirms.
				if c.name != "own community" && c.name != "platform" && c.name != "district" {
					errs := a.do(`mutation($id: ID!) { voidServiceRecord(id: $id, reason: "x") { id } }`, map[string]any{"id": gid(minorRec.ID)}, nil)
					if len(errs) == 0 {
						t.Errorf("voidServiceRecord: no error")
					}
				}
			})
		}
		// The volunteer's own account reads its own record's evaluation
		// (CONDITIONAL) and cannot write.
		me := newRecordsAPI(t, db, own, fault.English)
		var mine struct{ Node struct{ Evaluation *string } }
		me.mustDo(`query($id: ID!) { node(id: $id) { ... on ServiceRecord { evaluation } } }`, map[string]any{"id": recID}, &mine)
		if mine.Node.Evaluation == nil || *mine.Node.Evaluation != "认真" {
			t.Errorf("own evaluation: got %v", mine.Node.Evaluation)
		}
		errs = me.do(`mutation($c: String!, $a: ID!) { checkIn(input: {code: $c, direction: IN, activity: $a}) { id } }`,
			map[string]any{"c": code.Token, "a": gid(w.act.ID)}, nil)
		if len(errs) != 1 || (errs[0].code() != "FORBIDDEN" && errs[0].code() != "NOT_FOUND") {
			t.Errorf("a volunteer checking itself in: got %+v, want FORBIDDEN", errs)
		}
		// Audited: the check-in and the confirmation.
		n := db.Client.AuditEntry.Query().CountX(sys())
		if n == 0 {
			t.Errorf("no audit entries")
		}
		_ = id
	})
}

// codeKey is the hub key of the records tests: every handler signs and
// checks identity codes with it.
var codeKey = []byte(strings.Repeat("k", 32))

func newRecordsAPI(t testing.TB, db *store.DB, v authz.Viewer, lang fault.Lang) *api {
	t.Helper()
	return newAPIWith(t, db, v, lang, func(o *graph.Options) { o.CodeKey = codeKey })
}

func TestVolunteeringDashboard(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newRecordsWorld(t, db)
		c := db.Client
		at := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
		for i, v := range w.volunteers {
			c.ServiceRecord.Create().SetVolunteerID(v.ID).SetCommunityID(w.community.ID).SetActivityID(w.act.ID).
				SetStartedAt(at.AddDate(0, i, 0)).SetHours(2.5).SetStatus("CONFIRMED").ExecX(sys())
		}
		c.ServiceRecord.Create().SetVolunteerID(w.outsider.ID).SetCommunityID(w.other.ID).SetActivityID(w.otherAct.ID).
			SetStartedAt(at).SetHours(4).SetStatus("PENDING").ExecX(sys())
		c.TalentRecord.Create().SetKind("TITLE").SetName("银川市高精尖缺人才").SetGrantedBy("银川市人才工作领导小组").SetYear(2024).
			SetSocialWorkerID(w.workers[0].ID).ExecX(sys())
		c.TalentRecord.Create().SetKind("BENEFIT").SetName("银川市大学生住房保障").SetGrantedBy("银川市住房和城乡建设局").SetYear(2025).
			SetSocialWorkerID(w.workers[1].ID).ExecX(sys())
		q := `query($d: ID!) { volunteeringDashboard(division: $d) {
			area { code access hours activeVolunteers talentTitles housingGrants }
			breakdown { code hours activeVolunteers }
			byMonth { month hours activeVolunteers }
			stars { level count } talents { kind name count } } }`
		type areaFig struct {
			Code, Access                                  string
			Hours                                         *float64
			ActiveVolunteers, TalentTitles, HousingGrants *int
		}
		var out struct {
			VolunteeringDashboard struct {
				Area      areaFig
				Breakdown []areaFig
				ByMonth   []struct {
					Month            string
					Hours            *float64
					ActiveVolunteers *int
				}
				Talents []struct {
					Kind, Name string
					Count      *int
				}
			}
		}
		district := newRecordsAPI(t, db, authz.Viewer{Subject: "x", Agency: w.district.Code, Role: authz.DistrictOfficer}, fault.English)
		district.mustDo(q, map[string]any{"d": w.street.Code}, &out)
		d := out.VolunteeringDashboard
		if d.Area.Access != "FULL" || d.Area.Hours == nil || *d.Area.Hours != 5 || *d.Area.ActiveVolunteers != 2 ||
			*d.Area.TalentTitles != 1 || *d.Area.HousingGrants != 1 {
			t.Fatalf("street in full: %+v", d.Area)
		}
		if len(d.Breakdown) != 2 || *d.Breakdown[0].Hours != 5 || *d.Breakdown[1].Hours != 0 {
			t.Fatalf("breakdown: %+v", d.Breakdown)
		}
		if len(d.ByMonth) != 2 || d.ByMonth[0].Month != "2026-03" || *d.ByMonth[0].Hours != 2.5 {
			t.Fatalf("months: %+v", d.ByMonth)
		}
		// PUBLIC gets aggregates: 2 volunteers, 1 title are withheld.
		pub := newRecordsAPI(t, db, public, fault.English)
		pub.mustDo(q, map[string]any{"d": w.street.Code}, &out)
		d = out.VolunteeringDashboard
		if d.Area.Access != "AGGREGATE" || d.Area.Hours != nil || d.Area.ActiveVolunteers != nil || d.Area.TalentTitles != nil {
			t.Fatalf("street to PUBLIC: %+v", d.Area)
		}
		for _, m := range d.ByMonth {
			if m.Hours != nil || m.ActiveVolunteers != nil {
				t.Fatalf("a month of 1 volunteer shown to PUBLIC: %+v", m)
			}
		}
	})
}
