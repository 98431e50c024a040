package demo_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/ent/activity"
	"github.com/wushehub/wushe/ent/charityresource"
	"github.com/wushehub/wushe/ent/community"
	"github.com/wushehub/wushe/ent/consultation"
	"github.com/wushehub/wushe/ent/division"
	"github.com/wushehub/wushe/ent/enterprise"
	"github.com/wushehub/wushe/ent/facility"
	"github.com/wushehub/wushe/ent/grid"
	"github.com/wushehub/wushe/ent/jointmeeting"
	"github.com/wushehub/wushe/ent/ledgerentry"
	"github.com/wushehub/wushe/ent/pairing"
	"github.com/wushehub/wushe/ent/partnershipagreement"
	"github.com/wushehub/wushe/ent/predicate"
	"github.com/wushehub/wushe/ent/revenueproject"
	"github.com/wushehub/wushe/ent/schema/enum"
	"github.com/wushehub/wushe/ent/school"
	"github.com/wushehub/wushe/ent/serviceitem"
	"github.com/wushehub/wushe/ent/servicerecord"
	"github.com/wushehub/wushe/ent/serviceteam"
	"github.com/wushehub/wushe/ent/socialorganization"
	"github.com/wushehub/wushe/ent/socialworker"
	"github.com/wushehub/wushe/ent/student"
	"github.com/wushehub/wushe/ent/teachingsite"
	"github.com/wushehub/wushe/ent/trainingbatch"
	"github.com/wushehub/wushe/ent/university"
	"github.com/wushehub/wushe/ent/volunteer"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/demo"
	"github.com/wushehub/wushe/internal/ident"
	"github.com/wushehub/wushe/internal/store"
	"github.com/wushehub/wushe/internal/store/storetest"
)

// sys is the context the tests query with: the hub itself, which may read
// every row.
func sys() context.Context { return authz.SystemContext(context.Background()) }

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// sameDay reports whether a and b are the same calendar date.
func sameDay(a, b time.Time) bool { return a.Format(time.DateOnly) == b.Format(time.DateOnly) }

// counts returns the number of rows of every entity.
func counts(tb testing.TB, c *ent.Client) map[string]int {
	tb.Helper()
	ctx := sys()
	qs := map[string]func(context.Context) (int, error){
		"Activity": c.Activity.Query().Count, "CharityResource": c.CharityResource.Query().Count,
		"Community": c.Community.Query().Count, "Consultation": c.Consultation.Query().Count,
		"Department": c.Department.Query().Count, "Division": c.Division.Query().Count,
		"Enterprise": c.Enterprise.Query().Count, "Facility": c.Facility.Query().Count,
		"Grid": c.Grid.Query().Count, "IncubationBase": c.IncubationBase.Query().Count,
		"JointMeeting": c.JointMeeting.Query().Count, "LedgerEntry": c.LedgerEntry.Query().Count,
		"Need": c.Need.Query().Count, "Pairing": c.Pairing.Query().Count,
		"PartnershipAgreement": c.PartnershipAgreement.Query().Count, "PointsEntry": c.PointsEntry.Query().Count,
		"Residency": c.Residency.Query().Count, "RevenueProject": c.RevenueProject.Query().Count,
		"School": c.School.Query().Count, "ServiceItem": c.ServiceItem.Query().Count,
		"ServiceTeam": c.ServiceTeam.Query().Count, "SocialOrganization": c.SocialOrganization.Query().Count,
		"SocialWorker": c.SocialWorker.Query().Count, "Student": c.Student.Query().Count,
		"StudentGroup": c.StudentGroup.Query().Count, "TeachingSite": c.TeachingSite.Query().Count,
		"TrainingBatch": c.TrainingBatch.Query().Count, "University": c.University.Query().Count,
		"Volunteer": c.Volunteer.Query().Count,
	}
	out := make(map[string]int, len(qs))
	for name, count := range qs {
		n, err := count(ctx)
		if err != nil {
			tb.Fatalf("count %s: %v", name, err)
		}
		out[name] = n
	}
	return out
}

// must returns a function that returns v, failing tb when err is not nil:
// must(query.All(ctx))(t).
func must[T any](v T, err error) func(testing.TB) T {
	return func(tb testing.TB) T {
		tb.Helper()
		if err != nil {
			tb.Fatal(err)
		}
		return v
	}
}

func inXixia() predicate.Community {
	return community.HasStreetWith(division.HasParentWith(division.Code(demo.XixiaCode)))
}

func TestLoad(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		start := time.Now()
		loaded, err := demo.Load(context.Background(), db.Client)
		if err != nil {
			t.Fatalf("first Load: %v", err)
		}
		if !loaded {
			t.Fatal("first Load: loaded = false, want true")
		}
		t.Logf("demo loaded on %s in %s", db.Dialect, time.Since(start).Round(time.Millisecond))
		before := counts(t, db.Client)
		t.Logf("rows: %v", before)
		loaded, err = demo.Load(context.Background(), db.Client)
		if err != nil {
			t.Fatalf("second Load: %v", err)
		}
		if loaded {
			t.Error("second Load: loaded = true, want false")
		}
		if after := counts(t, db.Client); fmt.Sprint(after) != fmt.Sprint(before) {
			t.Errorf("second Load changed the row counts:\n got %v\nwant %v", after, before)
		}
		c := db.Client
		// The upgrade's carried-over rows come only from data older than
		// the migrations: a freshly loaded demo has none.
		if n := c.ServiceRecord.Query().Where(servicerecord.SourceEQ(servicerecord.SourceMIGRATED)).CountX(sys()); n != 0 {
			t.Errorf("opening records carried over by the upgrade in a fresh demo: got %d, want 0", n)
		}
		t.Run("xixia", func(t *testing.T) { checkXixia(t, c) })
		t.Run("shalong", func(t *testing.T) { checkShalong(t, c) })
		t.Run("heze", func(t *testing.T) { checkHeze(t, c) })
		t.Run("identifiers", func(t *testing.T) { checkIdentifiers(t, c) })
		t.Run("viewers' agencies", func(t *testing.T) { checkAgencies(t, c) })
	})
}

func TestLoadRollsBack(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		// A university already registered under the code of 宁夏大学 makes
		// the load fail half-way, after the divisions and communities.
		if _, err := db.Client.University.Create().SetCode(demo.NXUCode).SetName("宁夏大学").
			SetKind(university.KindUNIVERSITY).Save(sys()); err != nil {
			t.Fatal(err)
		}
		loaded, err := demo.Load(context.Background(), db.Client)
		if err == nil || loaded {
			t.Fatalf("Load = %v, %v; want an error", loaded, err)
		}
		if !strings.HasPrefix(err.Error(), "load demo: ") {
			t.Errorf("error %q does not start with \"load demo: \"", err)
		}
		got := counts(t, db.Client)
		for name, n := range got {
			if want := map[string]int{"University": 1}[name]; n != want {
				t.Errorf("%s: %d rows after the failed load, want %d", name, n, want)
			}
		}
	})
}

func TestLoadCancelled(t *testing.T) {
	db := storetest.SQLite(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if loaded, err := demo.Load(ctx, db.Client); err == nil || loaded {
		t.Fatalf("Load with a cancelled context = %v, %v; want an error", loaded, err)
	}
	if n := must(db.Client.Division.Query().Count(sys()))(t); n != 0 {
		t.Errorf("divisions after a cancelled load: got %d, want 0", n)
	}
}

func checkXixia(t *testing.T, c *ent.Client) {
	ctx := sys()
	t.Run("communities and pairings", func(t *testing.T) {
		comms := must(c.Community.Query().Where(inXixia()).
			WithPairings(func(q *ent.PairingQuery) { q.Where(pairing.StatusEQ(pairing.StatusACTIVE)) }).
			All(ctx))(t)
		if len(comms) != 66 {
			t.Errorf("communities under %s: got %d, want 66", demo.XixiaCode, len(comms))
		}
		added := 0
		for _, cm := range comms {
			if n := len(cm.Edges.Pairings); n < 1 || n > 3 {
				t.Errorf("community %s %s: %d ACTIVE pairings, want 1–3", cm.Code, cm.Name, n)
			}
			if cm.Remark != "" {
				added++
			}
			if cm.Latitude == nil || *cm.Latitude < 38.46 || *cm.Latitude > 38.56 || *cm.Longitude < 106.05 || *cm.Longitude > 106.20 {
				t.Errorf("community %s: position outside Xixia's urban area", cm.Code)
			}
			if cm.Households < 1500 || cm.Households > 6000 || cm.ElderlyShare < 0.10 || cm.ElderlyShare > 0.30 || cm.MinorShare < 0.10 || cm.MinorShare > 0.22 {
				t.Errorf("community %s: implausible figures %d households, elderly %.3f, minor %.3f", cm.Code, cm.Households, cm.ElderlyShare, cm.MinorShare)
			}
		}
		if added != 2 {
			t.Errorf("communities marked as additions: got %d, want 2", added)
		}
		groups := must(c.StudentGroup.Query().
			WithPairings(func(q *ent.PairingQuery) { q.Where(pairing.StatusEQ(pairing.StatusACTIVE)) }).
			All(ctx))(t)
		if len(groups) < 40 {
			t.Errorf("student groups: got %d, want at least 40", len(groups))
		}
		for _, g := range groups {
			if n := len(g.Edges.Pairings); n > g.Capacity {
				t.Errorf("group %s: %d ACTIVE pairings, over its capacity %d", g.Name, n, g.Capacity)
			}
			if g.Capacity < 1 || g.Capacity > 3 || len(g.ServiceSkills) == 0 {
				t.Errorf("group %s: capacity %d, skills %v", g.Name, g.Capacity, g.ServiceSkills)
			}
		}
		active := must(c.Pairing.Query().Where(pairing.StatusEQ(pairing.StatusACTIVE)).All(ctx))(t)
		for _, p := range active {
			if p.Source != pairing.SourceMANUAL || p.Since == nil || p.Since.Year() < 2022 || p.Since.Year() > 2024 {
				t.Errorf("pairing %d: source %s since %v, want MANUAL since 2022–2024", p.ID, p.Source, p.Since)
			}
		}
	})
	t.Run("students", func(t *testing.T) {
		n := must(c.Student.Query().Count(ctx))(t)
		if n < 500 {
			t.Errorf("students: got %d, want at least 500", n)
		}
		if lone := must(c.Student.Query().Where(student.Not(student.HasGroups())).Count(ctx))(t); lone != 0 {
			t.Errorf("students in no group: got %d, want 0", lone)
		}
		adult := date(2008, 11, 1)
		for _, s := range must(c.Student.Query().All(ctx))(t) {
			if s.BirthDate == nil || s.BirthDate.After(adult) {
				t.Errorf("student %s: birth date %v, want an adult's", s.StudentNumber, s.BirthDate)
				break
			}
		}
	})
	t.Run("training", func(t *testing.T) {
		batches := must(c.TrainingBatch.Query().WithUniversities().Order(trainingbatch.ByNumber()).All(ctx))(t)
		if len(batches) != 7 {
			t.Fatalf("training batches: got %d, want 7", len(batches))
		}
		var universities []string
		for i, b := range batches {
			done := i < 6
			if b.Completed != done || (done && b.Phase != trainingbatch.PhaseROADSHOW) {
				t.Errorf("batch %d: completed %v in phase %s", b.Number, b.Completed, b.Phase)
			}
			for _, u := range b.Edges.Universities {
				universities = append(universities, u.Name)
			}
		}
		for _, want := range []string{"宁夏大学", "银川能源学院", "宁夏工商职业技术大学"} {
			if !slices.Contains(universities, want) {
				t.Errorf("no batch trained students of %s", want)
			}
		}
		trained := must(c.Student.Query().Where(student.HasTrainingBatches()).Count(ctx))(t)
		if trained <= 500 {
			t.Errorf("distinct students trained: got %d, want more than 500", trained)
		}
		base := must(c.IncubationBase.Query().WithResidencies().Only(ctx))(t)
		if !base.RentFree || len(base.Edges.Residencies) < 8 {
			t.Errorf("incubation base: rent free %v, %d residents", base.RentFree, len(base.Edges.Residencies))
		}
	})
	t.Run("social workers", func(t *testing.T) {
		workers := must(c.SocialWorker.Query().Where(socialworker.HasCommunityWith(inXixia())).WithTalents().All(ctx))(t)
		if len(workers) < 1000 {
			t.Errorf("social workers in Xixia: got %d, want at least 1000", len(workers))
		}
		certified, talents, housing := 0, 0, 0
		for _, w := range workers {
			if w.Level != socialworker.LevelNONE {
				certified++
			}
			var titles []string
			for _, tr := range w.Edges.Talents {
				titles = append(titles, tr.Name)
			}
			if slices.Contains(titles, demo.TitleTopTalent) || slices.Contains(titles, demo.TitleInnovator) {
				talents++
			}
			if slices.Contains(titles, demo.TitleHousing) {
				housing++
			}
			if w.EmployerID == nil {
				t.Errorf("worker %s has no employer", w.Name)
			}
		}
		if certified != 421 {
			t.Errorf("certified social workers in Xixia: got %d, want 421", certified)
		}
		if talents < 10 {
			t.Errorf("workers with talent titles: got %d, want at least 10", talents)
		}
		if housing != 38 {
			t.Errorf("workers with housing support: got %d, want 38", housing)
		}
	})
	t.Run("agreements", func(t *testing.T) {
		for _, code := range []string{demo.NXUCode, demo.NMUCode, demo.NXVTUCode} {
			as := must(c.PartnershipAgreement.Query().
				Where(partnershipagreement.KindEQ(partnershipagreement.KindBILATERAL),
					partnershipagreement.HasUniversitiesWith(university.Code(code))).
				WithDepartments(func(q *ent.DepartmentQuery) { q.WithDivision() }).All(ctx))(t)
			if len(as) != 1 || len(as[0].Edges.Departments) != 1 || as[0].Edges.Departments[0].Edges.Division.Code != demo.XixiaCode {
				t.Errorf("university %s: want one bilateral agreement with a Xixia department", code)
			}
		}
	})
	t.Run("volunteers, activities and needs", func(t *testing.T) {
		vols := must(c.Volunteer.Query().Where(volunteer.HasCommunityWith(inXixia())).Count(ctx))(t)
		withPoints := must(c.Volunteer.Query().Where(volunteer.HasCommunityWith(inXixia()), volunteer.HasPoints()).Count(ctx))(t)
		if vols < 500 || withPoints != vols {
			t.Errorf("Xixia volunteers: %d, %d with points, want many, all with points", vols, withPoints)
		}
		acts := must(c.Activity.Query().Where(activity.HasCommunityWith(inXixia())).WithGroups().All(ctx))(t)
		if len(acts) < 66 {
			t.Errorf("Xixia activities: got %d", len(acts))
		}
		paired := map[[2]int]bool{}
		for _, p := range must(c.Pairing.Query().Where(pairing.StatusEQ(pairing.StatusACTIVE)).All(ctx))(t) {
			paired[[2]int{p.CommunityID, p.GroupID}] = true
		}
		for _, a := range acts {
			if len(a.Edges.Groups) == 0 || !paired[[2]int{a.CommunityID, a.Edges.Groups[0].ID}] {
				t.Errorf("activity %q is not co-organised by a group paired with its community", a.Title)
				break
			}
		}
		for _, cm := range must(c.Community.Query().Where(inXixia()).WithNeeds().All(ctx))(t) {
			if len(cm.Edges.Needs) < 4 {
				t.Errorf("community %s: %d needs", cm.Code, len(cm.Edges.Needs))
			}
			for _, n := range cm.Edges.Needs {
				if n.Weight < 0 || n.Weight > 1 {
					t.Errorf("community %s: need %s weight %v", cm.Code, n.Category, n.Weight)
				}
			}
		}
	})
}

func checkShalong(t *testing.T, c *ent.Client) {
	ctx := sys()
	sl := must(c.Community.Query().Where(community.Code(demo.ShalongCode)).WithStreet().Only(ctx))(t)
	t.Run("figures", func(t *testing.T) {
		tests := []struct {
			name      string
			got, want any
		}{
			{"name", sl.Name, "沙龙社区"},
			{"street", sl.Edges.Street.Code, demo.ShuangshuiCode},
			{"households", sl.Households, 2423},
			{"population", sl.Population, 10419},
			{"area", sl.AreaKm2, 0.5},
			{"relocated share", sl.RelocatedShare, 0.976},
			{"founded", sl.FoundedOn != nil && sameDay(*sl.FoundedOn, date(2018, 12, 1)), true},
			{"pilot year", sl.PilotYear != nil && *sl.PilotYear == 2023, true},
			{"youth-friendly honour", slices.Contains(sl.Honours, "市级青年友好型发展型社区"), true},
			{"pilot honour", slices.Contains(sl.Honours, "贵州省五社联动试点社区"), true},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				if tt.got != tt.want {
					t.Errorf("got %v, want %v", tt.got, tt.want)
				}
			})
		}
	})
	t.Run("teams", func(t *testing.T) {
		teams := must(c.ServiceTeam.Query().Where(serviceteam.CommunityID(sl.ID)).
			WithSocialWorkers(func(q *ent.SocialWorkerQuery) { q.WithEmployer() }).WithVolunteers().All(ctx))(t)
		if len(teams) != 6 {
			t.Errorf("teams: got %d, want 6", len(teams))
		}
		people := map[string]bool{}
		party := 0
		for _, tm := range teams {
			people["lead "+tm.LeadName] = true
			if len(tm.Edges.SocialWorkers) != 2 {
				t.Errorf("team %s: %d workers", tm.Name, len(tm.Edges.SocialWorkers))
			}
			for _, w := range tm.Edges.SocialWorkers {
				people[fmt.Sprint("worker ", w.ID)] = true
				if w.CommunityID == nil || *w.CommunityID != sl.ID || w.Edges.Employer == nil || w.Edges.Employer.Name != demo.YuxinName {
					t.Errorf("team %s: worker %s is not a 榆心社工 worker stationed in Shalong", tm.Name, w.Name)
				}
			}
			for _, v := range tm.Edges.Volunteers {
				people[fmt.Sprint("volunteer ", v.ID)] = true
				if v.Kind == volunteer.KindPARTY_MEMBER {
					party++
				}
			}
		}
		if len(people) != 120 {
			t.Errorf("distinct people in the teams: got %d, want 120", len(people))
		}
		if party == 0 {
			t.Error("no PARTY_MEMBER volunteer (党员双报到) in the teams")
		}
	})
	t.Run("grids", func(t *testing.T) {
		grids := must(c.Grid.Query().Where(grid.CommunityID(sl.ID)).All(ctx))(t)
		households := 0
		for _, g := range grids {
			households += g.Households
			if g.TenHouseholdUnits*10 < g.Households {
				t.Errorf("grid %s: %d ten-household units for %d households", g.Name, g.TenHouseholdUnits, g.Households)
			}
		}
		if len(grids) == 0 || households != sl.Households {
			t.Errorf("%d grids with %d households, want them to hold the community's %d", len(grids), households, sl.Households)
		}
	})
	t.Run("activities", func(t *testing.T) {
		acts := must(c.Activity.Query().Where(activity.CommunityID(sl.ID)).All(ctx))(t)
		if len(acts) != 68 {
			t.Errorf("activities: got %d, want 68", len(acts))
		}
		cats := map[enum.ServiceCategory]bool{}
		offSite := 0
		for _, a := range acts {
			cats[a.Category] = true
			if a.OffSite {
				offSite++
			}
			if y := a.HeldOn.Year(); y < 2023 || y > 2025 {
				t.Errorf("activity %q held in %d", a.Title, y)
			}
		}
		want := map[enum.ServiceCategory]bool{enum.ElderlyDisabled: true, enum.Medical: true, enum.Safety: true, enum.CultureScience: true}
		if fmt.Sprint(cats) != fmt.Sprint(want) {
			t.Errorf("activity categories: got %v, want %v", cats, want)
		}
		if offSite == 0 {
			t.Error("no off-site (飞地) activity")
		}
	})
	t.Run("premises and lists", func(t *testing.T) {
		rooms := must(c.Facility.Query().Where(facility.CommunityID(sl.ID)).All(ctx))(t)
		var office, total float64
		kinds := map[facility.Kind]bool{}
		for _, r := range rooms {
			total += r.AreaM2
			if r.Kind == facility.KindOFFICE {
				office += r.AreaM2
			}
			kinds[r.Kind] = true
		}
		if total == 0 || office*5 != total {
			t.Errorf("office area %v of %v m², want exactly 20%%", office, total)
		}
		for _, k := range []facility.Kind{facility.KindCOUNCIL_HALL, facility.KindCHILDREN_COUNCIL, facility.KindCOUNSELING, facility.KindPLAYROOM,
			facility.KindSOCIAL_WORK_STATION, facility.KindONE_STOP_SERVICE, facility.KindLIAISON_ROOM, facility.KindBOOK_HOUSE} {
			if !kinds[k] {
				t.Errorf("no %s room", k)
			}
		}
		oneStop := must(c.ServiceItem.Query().Where(serviceitem.CommunityID(sl.ID), serviceitem.ListEQ(serviceitem.ListONE_STOP)).All(ctx))(t)
		if len(oneStop) <= 140 {
			t.Errorf("one-stop items: got %d, want more than 140", len(oneStop))
		}
		windows := map[string]bool{}
		for _, it := range oneStop {
			windows[it.Window] = true
		}
		for _, w := range []string{"民政", "医保", "人社"} {
			if !windows[w] {
				t.Errorf("no one-stop item at window %s", w)
			}
		}
		for _, list := range []serviceitem.List{serviceitem.ListSERVICE, serviceitem.ListPROJECT, serviceitem.ListACTIVITY} {
			if n := must(c.ServiceItem.Query().Where(serviceitem.CommunityID(sl.ID), serviceitem.ListEQ(list)).Count(ctx))(t); n == 0 {
				t.Errorf("no %s items", list)
			}
		}
	})
	t.Run("self-funding", func(t *testing.T) {
		projects := must(c.RevenueProject.Query().Where(revenueproject.CommunityID(sl.ID)).WithPartner().All(ctx))(t)
		if len(projects) != 5 {
			t.Errorf("revenue projects: got %d, want 5", len(projects))
		}
		kinds := map[revenueproject.Kind]bool{}
		for _, p := range projects {
			kinds[p.Kind] = true
		}
		for _, k := range []revenueproject.Kind{revenueproject.KindNIGHT_MARKET, revenueproject.KindPARKING, revenueproject.KindSTALL_RENTAL, revenueproject.KindSHOPFRONT_RENTAL} {
			if !kinds[k] {
				t.Errorf("no %s project", k)
			}
		}
		if projects[0].Edges.Partner == nil || projects[0].Edges.Partner.Name != demo.ChuangyuxuanName {
			t.Errorf("night market partner: want %s", demo.ChuangyuxuanName)
		}
		entries := must(c.LedgerEntry.Query().Where(ledgerentry.HasProjectWith(revenueproject.CommunityID(sl.ID))).All(ctx))(t)
		var upkeep, care, income, expense int64
		for _, e := range entries {
			if e.OccurredOn.Before(date(2023, 1, 1)) {
				t.Errorf("ledger entry before 2023: %v", e.OccurredOn)
			}
			switch e.Category {
			case ledgerentry.CategoryINFRASTRUCTURE, ledgerentry.CategoryPUBLIC_LIGHTING, ledgerentry.CategoryOFFICE_SUPPLIES:
				upkeep += e.AmountFen
			case ledgerentry.CategorySTUDENT_AID, ledgerentry.CategoryCARE_VISITS:
				care += e.AmountFen
			}
			if e.Direction == ledgerentry.DirectionINCOME {
				income += e.AmountFen
			} else {
				expense += e.AmountFen
			}
		}
		if upkeep <= 400_000_00 {
			t.Errorf("upkeep spending: %d fen, want more than 400,000 yuan", upkeep)
		}
		if care <= 100_000_00 {
			t.Errorf("care spending: %d fen, want more than 100,000 yuan", care)
		}
		if income <= expense {
			t.Errorf("income %d fen not above expenses %d fen", income, expense)
		}
	})
	t.Run("consultations", func(t *testing.T) {
		all := must(c.Consultation.Query().Where(consultation.CommunityID(sl.ID)).All(ctx))(t)
		resolved, open := 0, 0
		cats := map[consultation.Category]int{}
		for _, x := range all {
			switch x.Status {
			case consultation.StatusRESOLVED:
				resolved++
				cats[x.Category]++
			case consultation.StatusRAISED, consultation.StatusDISCUSSING:
				open++
				if x.ResolvedOn != nil {
					t.Errorf("open consultation %q has a closing date", x.Title)
				}
			}
			if x.ResolvedOn != nil && x.ResolvedOn.Before(x.RaisedOn) {
				t.Errorf("consultation %q closed before it was raised", x.Title)
			}
		}
		if resolved <= 120 {
			t.Errorf("resolved consultations: got %d, want more than 120", resolved)
		}
		if open == 0 {
			t.Error("no open consultation")
		}
		for _, cat := range []consultation.Category{consultation.CategoryFLYING_WIRE_CHARGING, consultation.CategoryPARKING, consultation.CategoryCHARGING_PILES} {
			if cats[cat] == 0 {
				t.Errorf("no resolved %s consultation", cat)
			}
		}
	})
	t.Run("children's committee", func(t *testing.T) {
		org := must(c.SocialOrganization.Query().Where(socialorganization.Name(demo.ChildrenCommitteeName)).
			WithMembers().WithCommunities().Only(ctx))(t)
		if org.Kind != socialorganization.KindCOMMUNITY_BASED || !org.MinorLed || org.FoundedOn == nil || org.FoundedOn.Year() != 2023 {
			t.Errorf("committee: kind %s, minor-led %v, founded %v", org.Kind, org.MinorLed, org.FoundedOn)
		}
		if len(org.Edges.Communities) != 1 || org.Edges.Communities[0].ID != sl.ID {
			t.Error("committee does not serve Shalong alone")
		}
		if len(org.Edges.Members) < 10 {
			t.Errorf("committee members: got %d", len(org.Edges.Members))
		}
		for _, m := range org.Edges.Members {
			fromID, err := ident.BirthDate(m.IDNumber)
			if err != nil || m.BirthDate == nil || !sameDay(fromID, *m.BirthDate) {
				t.Errorf("member %s: birth date %v does not agree with ID %s", m.Name, m.BirthDate, m.IDNumber)
				continue
			}
			if y := m.BirthDate.Year(); y < 2012 || y > 2016 {
				t.Errorf("member %s born %d, want a minor born 2012–2016", m.Name, y)
			}
		}
	})
	t.Run("partners and meetings", func(t *testing.T) {
		if n := must(c.School.Query().Where(school.HasCommunitiesWith(community.ID(sl.ID))).Count(ctx))(t); n != 2 {
			t.Errorf("schools linked to Shalong: got %d, want 2", n)
		}
		if n := must(c.Enterprise.Query().Where(enterprise.HasCommunitiesWith(community.ID(sl.ID))).Count(ctx))(t); n != 2 {
			t.Errorf("enterprises linked to Shalong: got %d, want 2", n)
		}
		meetings := must(c.JointMeeting.Query().Where(jointmeeting.CommunityID(sl.ID)).
			WithDepartments().WithOrganizations().WithSchools().WithEnterprises().All(ctx))(t)
		if len(meetings) == 0 {
			t.Fatal("no joint meeting")
		}
		var schools, enterprises bool
		for _, m := range meetings {
			if len(m.Edges.Departments) == 0 || len(m.Decisions) == 0 || len(m.Edges.Organizations) == 0 {
				t.Errorf("meeting %q: %d departments, %d decisions, %d organisations", m.Title, len(m.Edges.Departments), len(m.Decisions), len(m.Edges.Organizations))
			}
			schools = schools || len(m.Edges.Schools) > 0
			enterprises = enterprises || len(m.Edges.Enterprises) > 0
		}
		if !schools || !enterprises {
			t.Error("schools and enterprises never attend a joint meeting")
		}
		if n := must(c.CharityResource.Query().Where(charityresource.CommunityID(sl.ID)).Count(ctx))(t); n == 0 {
			t.Error("no charity resource")
		}
	})
}

func checkHeze(t *testing.T, c *ent.Client) {
	ctx := sys()
	agreements := must(c.PartnershipAgreement.Query().
		Where(partnershipagreement.SignedOn(date(2024, 8, 23))).
		WithUniversities().WithDepartments().WithSchools().WithEnterprises().WithOrganizations().
		All(ctx))(t)
	tests := []struct {
		kind    partnershipagreement.Kind
		parties int
	}{
		{partnershipagreement.KindBILATERAL, 2},
		{partnershipagreement.KindTRIPARTITE, 3},
	}
	if len(agreements) != len(tests) {
		t.Fatalf("agreements signed 2024-08-23: got %d, want %d", len(agreements), len(tests))
	}
	for _, tt := range tests {
		t.Run(string(tt.kind), func(t *testing.T) {
			for _, a := range agreements {
				if a.Kind != tt.kind {
					continue
				}
				e := a.Edges
				if n := len(e.Universities) + len(e.Departments) + len(e.Schools) + len(e.Enterprises) + len(e.Organizations); n != tt.parties {
					t.Errorf("%s: %d parties, want %d", a.Title, n, tt.parties)
				}
				if !slices.ContainsFunc(e.Universities, func(u *ent.University) bool { return u.Code == demo.HezeHVCCode }) {
					t.Errorf("%s: 菏泽家政职业学院 is not a party", a.Title)
				}
				return
			}
			t.Errorf("no %s agreement", tt.kind)
		})
	}
	sites := must(c.TeachingSite.Query().Where(teachingsite.HasUniversityWith(university.Code(demo.HezeHVCCode))).All(ctx))(t)
	if len(sites) < 6 || len(sites) > 10 {
		t.Errorf("teaching sites: got %d, want 6–10", len(sites))
	}
	for _, s := range sites {
		if s.Latitude == nil || *s.Latitude < 34.7 || *s.Latitude > 35.3 || *s.Longitude < 115.4 || *s.Longitude > 116.2 || s.DivisionID == nil {
			t.Errorf("teaching site %s: position %v, %v, division %v", s.Name, s.Latitude, s.Longitude, s.DivisionID)
		}
		if s.PublishedOn == nil || !sameDay(*s.PublishedOn, date(2024, 8, 23)) {
			t.Errorf("teaching site %s: published %v", s.Name, s.PublishedOn)
		}
	}
}

func checkIdentifiers(t *testing.T, c *ent.Client) {
	ctx := sys()
	now := time.Now()
	var usccs []string
	for _, o := range must(c.SocialOrganization.Query().All(ctx))(t) {
		if o.Uscc == "" {
			if o.Kind != socialorganization.KindCOMMUNITY_BASED {
				t.Errorf("organisation %s has no credit code", o.Name)
			}
			continue
		}
		usccs = append(usccs, o.Uscc)
		if o.Uscc[0] != '5' {
			t.Errorf("organisation %s: code %s is not a civil-affairs code", o.Name, o.Uscc)
		}
	}
	for _, e := range must(c.Enterprise.Query().All(ctx))(t) {
		usccs = append(usccs, e.Uscc)
	}
	for _, s := range must(c.School.Query().All(ctx))(t) {
		usccs = append(usccs, s.Uscc)
	}
	var ids []string
	for _, w := range must(c.SocialWorker.Query().All(ctx))(t) {
		ids = append(ids, w.IDNumber)
	}
	vols := must(c.Volunteer.Query().Where(volunteer.IDNumberNEQ("")).All(ctx))(t)
	for _, v := range vols {
		ids = append(ids, v.IDNumber)
		if b, err := ident.BirthDate(v.IDNumber); err != nil || v.BirthDate == nil || !sameDay(b, *v.BirthDate) {
			t.Errorf("volunteer %s: birth date %v disagrees with ID number", v.Name, v.BirthDate)
		}
	}
	tests := []struct {
		name  string
		codes []string
		check func(string) error
	}{
		{"credit codes", usccs, ident.CheckUSCC},
		{"resident ID numbers", ids, func(s string) error { return ident.CheckResidentID(s, now) }},
		{"viewer codes", []string{demo.YuxinUSCC, demo.ChuangyuxuanUSCC, demo.ShalongSchoolUSCC, demo.ShalongKindergartenUSCC, demo.HealthCentreUSCC}, ident.CheckUSCC},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if len(tt.codes) == 0 {
				t.Fatal("none found")
			}
			seen := map[string]bool{}
			for _, code := range tt.codes {
				if err := tt.check(code); err != nil {
					t.Errorf("%s: %v", code, err)
				}
				if seen[code] {
					t.Errorf("%s used twice", code)
				}
				seen[code] = true
			}
		})
	}
	t.Run("division codes", func(t *testing.T) {
		levels := map[division.Level]ident.Level{
			division.LevelPROVINCE: ident.LevelProvince, division.LevelCITY: ident.LevelCity,
			division.LevelDISTRICT: ident.LevelDistrict, division.LevelSTREET: ident.LevelStreet,
		}
		for _, d := range must(c.Division.Query().All(ctx))(t) {
			if err := ident.CheckDivisionCode(d.Code, levels[d.Level]); err != nil {
				t.Errorf("division %s %s: %v", d.Code, d.Name, err)
			}
		}
		for _, cm := range must(c.Community.Query().All(ctx))(t) {
			if err := ident.CheckDivisionCode(cm.Code, ident.LevelCommunity); err != nil {
				t.Errorf("community %s %s: %v", cm.Code, cm.Name, err)
			}
		}
	})
}

// checkAgencies checks that every demo viewer's agency is in the database.
func checkAgencies(t *testing.T, c *ent.Client) {
	ctx := sys()
	for _, v := range demo.Viewers() {
		t.Run(string(v.Viewer.Role), func(t *testing.T) {
			code := v.Viewer.Agency
			if v.Viewer.Role == authz.PlatformAdmin {
				if code != "" {
					t.Errorf("platform admin has agency %q", code)
				}
				return
			}
			found := must(c.Division.Query().Where(division.Code(code)).Exist(ctx))(t) ||
				must(c.Community.Query().Where(community.Code(code)).Exist(ctx))(t) ||
				must(c.University.Query().Where(university.Code(code)).Exist(ctx))(t) ||
				must(c.SocialOrganization.Query().Where(socialorganization.Uscc(code)).Exist(ctx))(t) ||
				must(c.School.Query().Where(school.Uscc(code)).Exist(ctx))(t) ||
				must(c.Enterprise.Query().Where(enterprise.Uscc(code)).Exist(ctx))(t)
			if !found {
				t.Errorf("agency %s of %s not found", code, v.Label)
			}
		})
	}
}

func TestViewers(t *testing.T) {
	viewers := demo.Viewers()
	if len(viewers) != len(authz.Roles) {
		t.Fatalf("viewers: got %d, want one per role (%d)", len(viewers), len(authz.Roles))
	}
	subjects := map[string]bool{}
	for i, v := range viewers {
		if v.Viewer.Role != authz.Roles[i] {
			t.Errorf("viewer %d: role %s, want %s", i, v.Viewer.Role, authz.Roles[i])
		}
		if !strings.HasPrefix(v.Viewer.Subject, "demo-") || subjects[v.Viewer.Subject] {
			t.Errorf("viewer %d: subject %q, want a unique demo- subject", i, v.Viewer.Subject)
		}
		subjects[v.Viewer.Subject] = true
		if v.Label == "" || (v.Viewer.Agency != "" && !strings.Contains(v.Label, v.Viewer.Agency)) {
			t.Errorf("viewer %d: label %q does not name agency %s", i, v.Label, v.Viewer.Agency)
		}
	}
}

// fingerprint describes a loaded demo by its names, codes and figures, not
// by its ids and timestamps, each part sorted.
func fingerprint(tb testing.TB, c *ent.Client) map[string][]string {
	tb.Helper()
	ctx := sys()
	d := func(t *time.Time) string {
		if t == nil {
			return "-"
		}
		return t.Format(time.DateOnly)
	}
	f := map[string][]string{"counts": {fmt.Sprint(counts(tb, c))}}
	for _, x := range must(c.Community.Query().All(ctx))(tb) {
		f["communities"] = append(f["communities"], fmt.Sprint(x.Code, x.Name, x.Households, x.Population, x.AreaKm2, x.ElderlyShare, x.MinorShare, *x.Latitude, *x.Longitude, d(x.FoundedOn)))
	}
	for _, x := range must(c.Student.Query().WithUniversity().WithGroups().All(ctx))(tb) {
		var groups []string
		for _, g := range x.Edges.Groups {
			groups = append(groups, g.Name)
		}
		slices.Sort(groups)
		f["students"] = append(f["students"], fmt.Sprint(x.Edges.University.Code, x.StudentNumber, x.Name, x.Major, x.Year, x.Phone, d(x.BirthDate), groups))
	}
	for _, x := range must(c.Pairing.Query().WithCommunity().WithGroup(func(q *ent.StudentGroupQuery) { q.WithUniversity() }).All(ctx))(tb) {
		f["pairings"] = append(f["pairings"], fmt.Sprint(x.Edges.Community.Code, x.Edges.Group.Edges.University.Code, x.Edges.Group.Name, x.Status, d(x.Since), d(x.Until)))
	}
	for _, x := range must(c.SocialWorker.Query().WithCommunity().WithTalents().All(ctx))(tb) {
		var titles []string
		for _, tr := range x.Edges.Talents {
			titles = append(titles, fmt.Sprint(tr.Kind, tr.Name, tr.GrantedBy, tr.Year))
		}
		f["workers"] = append(f["workers"], fmt.Sprint(x.IDNumber, x.Name, x.Level, titles, x.Phone, x.Edges.Community.Code))
	}
	for _, x := range must(c.Volunteer.Query().WithCommunity().All(ctx))(tb) {
		f["volunteers"] = append(f["volunteers"], fmt.Sprint(x.Edges.Community.Code, x.Name, x.IDNumber, x.Kind, x.Hours, x.Phone))
	}
	for _, x := range must(c.Activity.Query().WithCommunity().All(ctx))(tb) {
		f["activities"] = append(f["activities"], fmt.Sprint(x.Edges.Community.Code, x.Title, x.Category, d(&x.HeldOn), x.Participants, x.VolunteerHours))
	}
	for _, x := range must(c.LedgerEntry.Query().All(ctx))(tb) {
		f["ledger"] = append(f["ledger"], fmt.Sprint(x.Direction, x.Category, x.AmountFen, d(&x.OccurredOn), x.Note))
	}
	for _, x := range must(c.SocialOrganization.Query().All(ctx))(tb) {
		f["organisations"] = append(f["organisations"], fmt.Sprint(x.Name, x.Uscc, x.Kind))
	}
	for _, part := range f {
		slices.Sort(part)
	}
	return f
}

func TestDeterministic(t *testing.T) {
	dbs := map[string]*store.DB{"sqlite 1": storetest.SQLite(t), "sqlite 2": storetest.SQLite(t)}
	if os.Getenv(storetest.PostgresEnv) != "" {
		dbs["postgres"] = storetest.Postgres(t)
	}
	prints := map[string]map[string][]string{}
	for name, db := range dbs {
		if _, err := demo.Load(context.Background(), db.Client); err != nil {
			t.Fatalf("%s: Load: %v", name, err)
		}
		prints[name] = fingerprint(t, db.Client)
	}
	want := prints["sqlite 1"]
	for name, got := range prints {
		for part, rows := range want {
			if !slices.Equal(got[part], rows) {
				i := 0
				for i < min(len(rows), len(got[part])) && rows[i] == got[part][i] {
					i++
				}
				t.Errorf("%s differs from sqlite 1 in %s (%d vs %d rows), first at row %d", name, part, len(got[part]), len(rows), i)
			}
		}
	}
}
