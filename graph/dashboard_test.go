package graph_test

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/ent/activity"
	"github.com/wushehub/wushe/ent/community"
	"github.com/wushehub/wushe/ent/consultation"
	"github.com/wushehub/wushe/ent/division"
	"github.com/wushehub/wushe/ent/schema/enum"
	"github.com/wushehub/wushe/ent/socialworker"
	"github.com/wushehub/wushe/ent/university"
	"github.com/wushehub/wushe/ent/volunteer"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/demo"
	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/store"
	"github.com/wushehub/wushe/internal/store/storetest"
)

// DashboardQuery asks for every figure of a dashboard, its breakdown and
// its map.
const DashboardQuery = `query Dashboard($id: ID!, $from: Date, $to: Date) {
  dashboard(division: $id, from: $from, to: $to) {
    ...Figures
    from to
    breakdown { ...Figures }
    map {
      communities { id name latitude longitude }
      campuses { id name latitude longitude }
      teachingSites { id name latitude longitude }
      pairings { community { id } university { id } groups }
    }
  }
}
fragment Figures on DashboardFigures {
  code name level access communities households population
  division { id } community { id }
  pairing { communities paired coverage activePairings groupsPerCommunity { groups communities } }
  activities { total { ...Activity } byCategory { category ...Activity } byMonth { month ...Activity } }
  volunteers {
    total { ...Count } hours { ...Measure }
    byKind { kind count { ...Count } hours { ...Measure } }
    stars { stars minHours count { ...Count } }
    starHours serviceTeams
  }
  socialWorkers { total { ...Count } certified { ...Count } byLevel { level count { ...Count } } perCommunity { ...Measure } communitiesWithout }
  consultations { raised resolved open rejected medianDaysToResolve byCategory { category raised resolved } }
  selfFunding { projects income expense balance incomeByCategory { category amount entries } expenseByCategory { category amount entries } }
  space { officeM2 serviceM2 officeShare limit flagged communitiesMeasured communitiesFlagged communities { community { id name } officeM2 serviceM2 officeShare flagged } }
  training { batches completed byPhase { phase batches } studentsTrained { ...Count } agreements bilateral tripartite teachingSites oneStopItems }
}
fragment Activity on ActivityFigures { count participants { ...Count } volunteerHours offSite offSiteShare }
fragment Count on PersonCount { value suppressed reason }
fragment Measure on PersonMeasure { value suppressed reason }`

type personCount struct {
	Value      *int
	Suppressed *string
	Reason     *string
}

type personMeasure struct {
	Value      *float64
	Suppressed *string
	Reason     *string
}

type activityFigures struct {
	Category, Month string
	Count           int
	Participants    personCount
	VolunteerHours  float64
	OffSite         int
	OffSiteShare    *float64
}

type dashFigures struct {
	Code, Name, Level, Access           string
	Communities, Households, Population int
	Division, Community                 *struct{ ID string }
	Pairing                             struct {
		Communities, Paired int
		Coverage            *float64
		ActivePairings      int
		GroupsPerCommunity  []struct{ Groups, Communities int }
	}
	Activities struct {
		Total               activityFigures
		ByCategory, ByMonth []activityFigures
	}
	Volunteers struct {
		Total  personCount
		Hours  personMeasure
		ByKind []struct {
			Kind  string
			Count personCount
			Hours personMeasure
		}
		Stars []struct {
			Stars, MinHours int
			Count           personCount
		}
		StarHours    []int
		ServiceTeams int
	}
	SocialWorkers struct {
		Total, Certified personCount
		ByLevel          []struct {
			Level string
			Count personCount
		}
		PerCommunity       personMeasure
		CommunitiesWithout int
	}
	Consultations struct {
		Raised, Resolved, Open, Rejected int
		MedianDaysToResolve              *float64
		ByCategory                       []struct {
			Category         string
			Raised, Resolved int
		}
	}
	SelfFunding struct {
		Projects                            int
		Income, Expense, Balance            int64
		IncomeByCategory, ExpenseByCategory []struct {
			Category string
			Amount   int64
			Entries  int
		}
	}
	Space struct {
		OfficeM2, ServiceM2                     float64
		OfficeShare                             *float64
		Limit                                   float64
		Flagged                                 bool
		CommunitiesMeasured, CommunitiesFlagged int
		Communities                             []struct {
			Community                        struct{ ID, Name string }
			OfficeM2, ServiceM2, OfficeShare float64
			Flagged                          bool
		}
	}
	Training struct {
		Batches, Completed int
		ByPhase            []struct {
			Phase   string
			Batches int
		}
		StudentsTrained                                                personCount
		Agreements, Bilateral, Tripartite, TeachingSites, OneStopItems int
	}
}

type mapPoint struct {
	ID, Name            string
	Latitude, Longitude *float64
}

type dashboardResult struct {
	Dashboard struct {
		dashFigures
		From, To  *string
		Breakdown []dashFigures
		Map       struct {
			Communities, Campuses, TeachingSites []mapPoint
			Pairings                             []struct {
				Community, University struct{ ID string }
				Groups                int
			}
		}
	}
}

// dashboardOf runs DashboardQuery for the area with ID id as v.
func dashboardOf(t *testing.T, db *store.DB, v authz.Viewer, id int, vars map[string]any) (*dashboardResult, *api) {
	t.Helper()
	a := newAPI(t, db, v, fault.English)
	all := map[string]any{"id": gid(id)}
	for k, x := range vars {
		all[k] = x
	}
	var out dashboardResult
	a.mustDo(DashboardQuery, all, &out)
	return &out, a
}

// value returns the value of a person count, failing when it is withheld.
func value(t *testing.T, what string, c personCount) int {
	t.Helper()
	if c.Value == nil {
		t.Fatalf("%s is withheld (%v), want a value", what, deref(c.Suppressed))
	}
	return *c.Value
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// synthetic builds districts of synthetic communities through ent, each
// community with pairings, activities, volunteers, social workers,
// consultations, rooms, a revenue project and its ledger, and a one-stop
// item; each district with a training batch, an agreement and a teaching
// site.
type synthetic struct {
	t      testing.TB
	c      *ent.Client
	city   *ent.Division
	univ   *ent.University
	groups []*ent.StudentGroup
	n      int // districts built
}

func newSynthetic(t testing.TB, c *ent.Client) *synthetic {
	t.Helper()
	ctx := sys()
	s := &synthetic{t: t, c: c}
	province := c.Division.Create().SetCode("640000000000").SetName("宁夏回族自治区").SetLevel("PROVINCE").SaveX(ctx)
	s.city = c.Division.Create().SetCode("640100000000").SetName("银川市").SetLevel("CITY").SetParent(province).SaveX(ctx)
	s.univ = c.University.Create().SetCode("4164010749").SetName("宁夏大学").SetKind(university.KindUNIVERSITY).
		SetLatitude(38.496).SetLongitude(106.137).SaveX(ctx)
	for i := range 6 {
		s.groups = append(s.groups, c.StudentGroup.Create().SetName(fmt.Sprintf("志愿服务队%d", i)).SetKind("CLUB").SetCapacity(1000).SetUniversity(s.univ).SaveX(ctx))
	}
	return s
}

func bulk[B, T any](t testing.TB, builders []B, save func([]B) ([]T, error)) []T {
	t.Helper()
	var out []T
	for i := 0; i < len(builders); i += 300 {
		rows, err := save(builders[i:min(i+300, len(builders))])
		if err != nil {
			t.Fatalf("synthetic rows: %v", err)
		}
		out = append(out, rows...)
	}
	return out
}

// district builds district code6 with streets streets of per communities.
func (s *synthetic) district(code6 string, streets, per int) *ent.Division {
	t, c, ctx := s.t, s.c, sys()
	t.Helper()
	s.n++
	d := c.Division.Create().SetCode(code6 + "000000").SetName(fmt.Sprintf("合成区%d", s.n)).SetLevel("DISTRICT").SetParent(s.city).SaveX(ctx)
	var cb []*ent.CommunityCreate
	for i := range streets {
		st := c.Division.Create().SetCode(fmt.Sprintf("%s%03d000", code6, i+1)).SetName(fmt.Sprintf("合成街道%d", i+1)).SetLevel("STREET").SetParent(d).SaveX(ctx)
		for j := range per {
			cb = append(cb, c.Community.Create().SetCode(fmt.Sprintf("%s%03d%03d", code6, i+1, j+1)).SetName(fmt.Sprintf("合成社区%d-%d", i+1, j+1)).
				SetStreet(st).SetHouseholds(1000+j).SetPopulation(3000+j).
				SetLatitude(38.4+float64(i)/100).SetLongitude(106.1+float64(j)/1000))
		}
	}
	communities := bulk(t, cb, func(b []*ent.CommunityCreate) ([]*ent.Community, error) {
		return c.Community.CreateBulk(b...).Save(ctx)
	})
	var (
		pairings      []*ent.PairingCreate
		activities    []*ent.ActivityCreate
		volunteers    []*ent.VolunteerCreate
		workers       []*ent.SocialWorkerCreate
		consultations []*ent.ConsultationCreate
		rooms         []*ent.FacilityCreate
		projects      []*ent.RevenueProjectCreate
		items         []*ent.ServiceItemCreate
	)
	day := func(k int) time.Time { return time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, k) }
	for i, cm := range communities {
		for k := 0; k <= i%3; k++ {
			pairings = append(pairings, c.Pairing.Create().SetCommunity(cm).SetGroup(s.groups[(i+k)%len(s.groups)]).SetStatus("ACTIVE"))
		}
		for k := range 4 {
			activities = append(activities, c.Activity.Create().SetTitle("合成活动").SetCategory([]enum.ServiceCategory{enum.Elderly, enum.Children, enum.Safety, enum.Medical}[k]).
				SetHeldOn(day(i%300+k*20)).SetParticipants(20+k).SetVolunteerHours(float64(6+k)).SetOffSite(k == 3).SetCommunity(cm))
		}
		for k := range 6 {
			volunteers = append(volunteers, c.Volunteer.Create().SetName("合成志愿者").SetKind([]volunteer.Kind{volunteer.KindRESIDENT, volunteer.KindPARTY_MEMBER, volunteer.KindSTUDENT}[k%3]).
				SetHours(float64(k*120+i%50)).SetCommunity(cm))
		}
		for k := range 3 {
			workers = append(workers, c.SocialWorker.Create().SetName("合成社工").SetLevel([]socialworker.Level{socialworker.LevelNONE, socialworker.LevelASSISTANT, socialworker.LevelINTERMEDIATE}[k]).SetCommunity(cm))
		}
		consultations = append(consultations,
			c.Consultation.Create().SetTitle("合成议题").SetCategory("PARKING").SetStatus("RESOLVED").SetRaisedOn(day(i%200)).SetResolvedOn(day(i%200+i%17+1)).SetCommunity(cm),
			c.Consultation.Create().SetTitle("合成议题").SetCategory("NOISE").SetStatus("DISCUSSING").SetRaisedOn(day(i%200+3)).SetCommunity(cm),
			c.Consultation.Create().SetTitle("合成议题").SetCategory("OTHER").SetStatus("REJECTED").SetRaisedOn(day(i%200+5)).SetResolvedOn(day(i%200+9)).SetCommunity(cm))
		rooms = append(rooms,
			c.Facility.Create().SetName("办公室").SetKind("OFFICE").SetAreaM2(float64(20+i%30)).SetCommunity(cm),
			c.Facility.Create().SetName("活动室").SetKind("ACTIVITY_ROOM").SetAreaM2(120).SetCommunity(cm))
		projects = append(projects, c.RevenueProject.Create().SetName("合成项目").SetKind("PARKING").SetCommunity(cm))
		items = append(items, c.ServiceItem.Create().SetName("合成事项").SetList("ONE_STOP").SetCommunity(cm))
	}
	bulk(t, pairings, func(b []*ent.PairingCreate) ([]*ent.Pairing, error) { return c.Pairing.CreateBulk(b...).Save(ctx) })
	bulk(t, activities, func(b []*ent.ActivityCreate) ([]*ent.Activity, error) { return c.Activity.CreateBulk(b...).Save(ctx) })
	bulk(t, volunteers, func(b []*ent.VolunteerCreate) ([]*ent.Volunteer, error) {
		return c.Volunteer.CreateBulk(b...).Save(ctx)
	})
	bulk(t, workers, func(b []*ent.SocialWorkerCreate) ([]*ent.SocialWorker, error) {
		return c.SocialWorker.CreateBulk(b...).Save(ctx)
	})
	bulk(t, consultations, func(b []*ent.ConsultationCreate) ([]*ent.Consultation, error) {
		return c.Consultation.CreateBulk(b...).Save(ctx)
	})
	bulk(t, rooms, func(b []*ent.FacilityCreate) ([]*ent.Facility, error) { return c.Facility.CreateBulk(b...).Save(ctx) })
	bulk(t, items, func(b []*ent.ServiceItemCreate) ([]*ent.ServiceItem, error) {
		return c.ServiceItem.CreateBulk(b...).Save(ctx)
	})
	created := bulk(t, projects, func(b []*ent.RevenueProjectCreate) ([]*ent.RevenueProject, error) {
		return c.RevenueProject.CreateBulk(b...).Save(ctx)
	})
	var entries []*ent.LedgerEntryCreate
	for i, p := range created {
		entries = append(entries,
			c.LedgerEntry.Create().SetDirection("INCOME").SetCategory("OPERATING").SetAmountFen(int64(100000+i)).SetOccurredOn(day(i%300)).SetProject(p),
			c.LedgerEntry.Create().SetDirection("EXPENSE").SetCategory("PUBLIC_LIGHTING").SetAmountFen(int64(40000+i)).SetOccurredOn(day(i%300+1)).SetProject(p))
	}
	bulk(t, entries, func(b []*ent.LedgerEntryCreate) ([]*ent.LedgerEntry, error) {
		return c.LedgerEntry.CreateBulk(b...).Save(ctx)
	})

	base := c.IncubationBase.Create().SetName(d.Name + "孵化基地").SetDivision(d).SaveX(ctx)
	var sb []*ent.StudentCreate
	for k := range 12 {
		sb = append(sb, c.Student.Create().SetStudentNumber(fmt.Sprintf("%s%04d", code6, k)).SetName("合成学生").SetYear(2023).SetUniversity(s.univ))
	}
	students := bulk(t, sb, func(b []*ent.StudentCreate) ([]*ent.Student, error) { return c.Student.CreateBulk(b...).Save(ctx) })
	c.TrainingBatch.Create().SetNumber(1).SetName("第一批校外实训").SetStartedOn(day(10)).SetBase(base).
		AddParticipants(students...).AddCommunities(communities[:5]...).AddUniversities(s.univ).SaveX(ctx)
	dept := c.Department.Create().SetName(d.Name + "民政局").SetKind("GOVERNMENT").SetDivision(d).SaveX(ctx)
	c.PartnershipAgreement.Create().SetTitle(d.Name + "校地合作协议").SetKind("BILATERAL").SetSignedOn(day(30)).
		AddDepartments(dept).AddUniversities(s.univ).SaveX(ctx)
	c.TeachingSite.Create().SetName(d.Name + "现场教学点").SetDivision(d).SetCommunity(communities[0]).
		SetUniversity(s.univ).SetLatitude(38.45).SetLongitude(106.15).SaveX(ctx)
	return d
}

// TestDashboardStatementBound: a district's dashboard — every panel, the
// breakdown by street and the map — costs the same number of SQL
// statements for a district of 66 communities and one of 600: the figures
// are grouped in the database, never counted row by row.
func TestDashboardStatementBound(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSynthetic(t, db.Client)
		districts := map[int]*ent.Division{
			66:  s.district("640105", 6, 11),
			600: s.district("640106", 10, 60),
		}
		counts := map[int]int64{}
		for _, n := range []int{66, 600} {
			d := districts[n]
			officer := authz.Viewer{Subject: "officer", Agency: d.Code, Role: authz.DistrictOfficer}
			began := time.Now()
			out, a := dashboardOf(t, db, officer, d.ID, nil)
			counts[n] = a.statements()
			t.Logf("%d communities: %d statements, %s", n, counts[n], time.Since(began).Round(time.Millisecond))
			got := out.Dashboard
			if got.Communities != n || got.Pairing.Paired != n || got.Access != "FULL" {
				t.Errorf("%d communities: got communities %d, paired %d, access %s", n, got.Communities, got.Pairing.Paired, got.Access)
			}
			if want := 4 * n; got.Activities.Total.Count != want {
				t.Errorf("%d communities: %d activities, want %d", n, got.Activities.Total.Count, want)
			}
			if v := value(t, "volunteers", got.Volunteers.Total); v != 6*n {
				t.Errorf("%d communities: %d volunteers, want %d", n, v, 6*n)
			}
			if w := value(t, "certified", got.SocialWorkers.Certified); w != 2*n {
				t.Errorf("%d communities: %d certified workers, want %d", n, w, 2*n)
			}
			if got.Consultations.Raised != 3*n || got.Consultations.Resolved != n || got.Consultations.Rejected != n || got.Consultations.Open != n {
				t.Errorf("%d communities: consultations %+v", n, got.Consultations)
			}
			if got.SelfFunding.Projects != n || got.Space.CommunitiesMeasured != n || len(got.Space.Communities) != n || got.Training.OneStopItems != n {
				t.Errorf("%d communities: projects %d, rooms of %d (%d listed), items %d", n, got.SelfFunding.Projects, got.Space.CommunitiesMeasured, len(got.Space.Communities), got.Training.OneStopItems)
			}
			if got.Training.Batches != 1 || value(t, "students", got.Training.StudentsTrained) != 12 || got.Training.Agreements != 1 || got.Training.TeachingSites != 1 {
				t.Errorf("%d communities: training %+v", n, got.Training)
			}
			if len(got.Breakdown) == 0 || len(got.Map.Communities) != n || len(got.Map.Pairings) != n || len(got.Map.Campuses) != 1 {
				t.Errorf("%d communities: %d streets, map of %d communities, %d lines, %d campuses", n, len(got.Breakdown), len(got.Map.Communities), len(got.Map.Pairings), len(got.Map.Campuses))
			}
			sum := 0
			for _, b := range got.Breakdown {
				sum += b.Communities
			}
			if sum != n {
				t.Errorf("%d communities: the streets hold %d", n, sum)
			}
		}
		if counts[66] != counts[600] {
			t.Errorf("statements: %d for 66 communities, %d for 600: want the same", counts[66], counts[600])
		}
	})
}

// demoIDs returns the ids of the demo's places by code.
func demoIDs(t *testing.T, db *store.DB) map[string]int {
	t.Helper()
	ids := map[string]int{}
	for _, d := range db.Client.Division.Query().Where(division.CodeIn(demo.XixiaCode, demo.ShuichengCode, demo.ShuangshuiCode, demo.HezeCode, demo.YinchuanCode)).AllX(sys()) {
		ids[d.Code] = d.ID
	}
	for _, c := range db.Client.Community.Query().Where(community.CodeIn(demo.ShalongCode, demo.KangzhuangCode)).AllX(sys()) {
		ids[c.Code] = c.ID
	}
	return ids
}

// TestDashboardSeedFigures: on the demo, the dashboards show every figure
// the field reports give (seed/five-society-linkage-reports.zh.txt),
// computed from the rows.
func TestDashboardSeedFigures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if _, err := demo.Load(sys(), db.Client); err != nil {
			t.Fatal(err)
		}
		ids := demoIDs(t, db)
		officer := authz.Viewer{Subject: "officer", Agency: demo.XixiaCode, Role: authz.DistrictOfficer}

		// 西夏区: 对辖区66个城市社区实现了社会服务全覆盖; 组织社区与1-3个院校团支部或社团结对;
		// 社会工作者1000余人，其中持证社工421名; 校外实训7批次 (分组讨论+方案指导+社区实践+
		// 经验总结+汇报路演), 累计参训大学生500余人; 与宁夏大学、北方民族大学、宁夏职业技术
		// 学院等院校签订校地共建合作协议.
		out, _ := dashboardOf(t, db, officer, ids[demo.XixiaCode], nil)
		x := out.Dashboard
		if x.Communities != 66 || x.Pairing.Paired != 66 || deref(x.Pairing.Coverage) != 1 {
			t.Errorf("Xixia: %d of %d communities paired (coverage %v), want 66 of 66", x.Pairing.Paired, x.Communities, deref(x.Pairing.Coverage))
		}
		for _, b := range x.Pairing.GroupsPerCommunity {
			if (b.Groups == 0 || b.Groups > 3) && b.Communities != 0 {
				t.Errorf("Xixia: %d communities with %d groups, want 1-3 groups each", b.Communities, b.Groups)
			}
		}
		if w := value(t, "workers", x.SocialWorkers.Total); w < 1000 || w >= 1100 {
			t.Errorf("Xixia: %d social workers, want 1000余", w)
		}
		if c := value(t, "certified", x.SocialWorkers.Certified); c != 421 {
			t.Errorf("Xixia: %d certified social workers, want 421", c)
		}
		tr := x.Training
		if tr.Batches != 7 {
			t.Errorf("Xixia: %d training batches, want 7", tr.Batches)
		}
		if s := value(t, "students", tr.StudentsTrained); s < 500 || s >= 600 {
			t.Errorf("Xixia: %d students trained, want 500余", s)
		}
		if len(tr.ByPhase) != 5 || tr.ByPhase[0].Phase != "GROUP_DISCUSSION" || tr.ByPhase[4].Phase != "ROADSHOW" || tr.ByPhase[4].Batches != tr.Completed {
			t.Errorf("Xixia: phases %+v, completed %d", tr.ByPhase, tr.Completed)
		}
		if tr.Agreements != 3 || tr.Bilateral != 3 {
			t.Errorf("Xixia: %d agreements (%d bilateral), want 3 with 宁夏大学, 北方民族大学, 宁夏职业技术学院", tr.Agreements, tr.Bilateral)
		}
		if len(x.Breakdown) == 0 {
			t.Fatal("Xixia: no breakdown by street")
		}
		paired, certified := 0, 0
		for _, b := range x.Breakdown {
			paired += b.Pairing.Paired
			certified += value(t, b.Name+" certified", b.SocialWorkers.Certified)
		}
		if paired != 66 || certified != 421 {
			t.Errorf("Xixia's streets: %d paired, %d certified; want 66 and 421", paired, certified)
		}
		if len(x.Map.Communities) != 66 || len(x.Map.Pairings) == 0 || len(x.Map.Campuses) < 3 {
			t.Errorf("Xixia's map: %d communities, %d lines, %d campuses", len(x.Map.Communities), len(x.Map.Pairings), len(x.Map.Campuses))
		}

		// 沙龙社区: 现有常住人口2423户10419人; 活动68场(次); 阵地空间的20%用于办公、80%用于
		// 服务群众; 有效解决……群众急难愁盼问题120余件; 对接下放140余项群众办事清单; 经营
		// 业务5项; “造血自给”投入基础设施维护、小区公共照明、办公耗材等支出40万余元，用于
		// 助学助残、爱心帮扶……等暖心活动支出10万余元; 先锋队6支; 活动“飞地”共建共享.
		out, _ = dashboardOf(t, db, viewerOf("shalong"), ids[demo.ShalongCode], nil)
		s := out.Dashboard
		if s.Households != 2423 || s.Population != 10419 {
			t.Errorf("Shalong: %d households, %d residents; want 2423 and 10419", s.Households, s.Population)
		}
		if s.Activities.Total.Count != 68 {
			t.Errorf("Shalong: %d activities, want 68", s.Activities.Total.Count)
		}
		if s.Activities.Total.OffSite == 0 {
			t.Error("Shalong: no off-site (飞地) activities")
		}
		if deref(s.Space.OfficeShare) != 0.2 || s.Space.Flagged || s.Space.OfficeM2 != 120 || s.Space.ServiceM2 != 480 {
			t.Errorf("Shalong: office %v m², service %v m², share %v, flagged %v; want the 20/80 split", s.Space.OfficeM2, s.Space.ServiceM2, deref(s.Space.OfficeShare), s.Space.Flagged)
		}
		if r := s.Consultations.Resolved; r < 120 || r >= 130 {
			t.Errorf("Shalong: %d consultations resolved, want 120余", r)
		}
		var took []int
		for _, c := range db.Client.Consultation.Query().Where(consultation.HasCommunityWith(community.Code(demo.ShalongCode)), consultation.StatusEQ(consultation.StatusRESOLVED)).AllX(sys()) {
			took = append(took, int(c.ResolvedOn.Sub(c.RaisedOn).Hours()/24))
		}
		slices.Sort(took)
		if want := float64(took[(len(took)-1)/2]+took[len(took)/2]) / 2; deref(s.Consultations.MedianDaysToResolve) != want || len(took) != s.Consultations.Resolved {
			t.Errorf("Shalong: median %v days to resolve, want %v (of %d)", deref(s.Consultations.MedianDaysToResolve), want, len(took))
		}
		if s.Training.OneStopItems < 140 || s.Training.OneStopItems >= 150 {
			t.Errorf("Shalong: %d one-stop items, want 140余", s.Training.OneStopItems)
		}
		if s.SelfFunding.Projects != 5 || s.Volunteers.ServiceTeams != 6 {
			t.Errorf("Shalong: %d revenue projects, %d service teams; want 5 and 6", s.SelfFunding.Projects, s.Volunteers.ServiceTeams)
		}
		spent := map[string]int64{}
		for _, c := range s.SelfFunding.ExpenseByCategory {
			spent[c.Category] = c.Amount
		}
		upkeep := spent["INFRASTRUCTURE"] + spent["PUBLIC_LIGHTING"] + spent["OFFICE_SUPPLIES"]
		care := spent["STUDENT_AID"] + spent["CARE_VISITS"]
		if upkeep < 40_0000_00 || upkeep >= 50_0000_00 || care < 10_0000_00 || care >= 20_0000_00 {
			t.Errorf("Shalong: upkeep %d fen, care %d fen; want 40万余 and 10万余 yuan", upkeep, care)
		}
		if s.SelfFunding.Balance != s.SelfFunding.Income-s.SelfFunding.Expense || s.SelfFunding.Income == 0 {
			t.Errorf("Shalong: income %d, expense %d, balance %d", s.SelfFunding.Income, s.SelfFunding.Expense, s.SelfFunding.Balance)
		}
		// The street's breakdown counts Shalong the same.
		out, _ = dashboardOf(t, db, viewerOf("street"), ids[demo.ShuangshuiCode], nil)
		found := false
		for _, b := range out.Dashboard.Breakdown {
			if b.Code == demo.ShalongCode {
				found = true
				if b.Activities.Total.Count != 68 || b.Consultations.Resolved != s.Consultations.Resolved || b.Level != "COMMUNITY" {
					t.Errorf("Shuangshui's Shalong entry: %d activities, %d resolved, level %s", b.Activities.Total.Count, b.Consultations.Resolved, b.Level)
				}
			}
		}
		if !found {
			t.Error("Shuangshui's breakdown lacks Shalong")
		}

		// 菏泽: 签订校地合作协议 and 三方校地合作协议; 发布现场教学点名单及地图.
		out, _ = dashboardOf(t, db, viewerOf("public"), ids[demo.HezeCode], nil)
		h := out.Dashboard
		sites := db.Client.TeachingSite.Query().CountX(sys())
		if h.Training.Agreements != 2 || h.Training.Bilateral != 1 || h.Training.Tripartite != 1 {
			t.Errorf("Heze: %d agreements (%d bilateral, %d tripartite), want 2 (1 and 1)", h.Training.Agreements, h.Training.Bilateral, h.Training.Tripartite)
		}
		if h.Training.TeachingSites != sites || len(h.Map.TeachingSites) != sites || sites == 0 {
			t.Errorf("Heze: %d teaching sites, %d on the map; want %d", h.Training.TeachingSites, len(h.Map.TeachingSites), sites)
		}
	})
}

// withheldOnce reports the sums of a response in which exactly one term is
// withheld: each would let the withheld figure be worked out.
func withheldOnce(top dashFigures, children []dashFigures) []string {
	var bad []string
	check := func(what string, total personCount, parts ...personCount) {
		n := 0
		for _, c := range append([]personCount{total}, parts...) {
			if c.Value == nil {
				n++
			}
		}
		if n == 1 {
			bad = append(bad, what)
		}
	}
	for _, a := range append([]dashFigures{top}, children...) {
		var kinds, stars, levels, certified []personCount
		for _, k := range a.Volunteers.ByKind {
			kinds = append(kinds, k.Count)
		}
		for _, s := range a.Volunteers.Stars {
			stars = append(stars, s.Count)
		}
		var none personCount
		for _, l := range a.SocialWorkers.ByLevel {
			levels = append(levels, l.Count)
			if l.Level == "NONE" {
				none = l.Count
			} else {
				certified = append(certified, l.Count)
			}
		}
		var cats, months []personCount
		for _, c := range a.Activities.ByCategory {
			cats = append(cats, c.Participants)
		}
		for _, m := range a.Activities.ByMonth {
			months = append(months, m.Participants)
		}
		check(a.Name+" volunteers by kind", a.Volunteers.Total, kinds...)
		check(a.Name+" volunteers by stars", a.Volunteers.Total, stars...)
		check(a.Name+" workers by level", a.SocialWorkers.Total, levels...)
		check(a.Name+" certified workers", a.SocialWorkers.Certified, certified...)
		check(a.Name+" certified and not", a.SocialWorkers.Total, a.SocialWorkers.Certified, none)
		check(a.Name+" participants by category", a.Activities.Total.Participants, cats...)
		check(a.Name+" participants by month", a.Activities.Total.Participants, months...)
	}
	if len(children) > 0 {
		var vols, workers []personCount
		for _, c := range children {
			vols = append(vols, c.Volunteers.Total)
			workers = append(workers, c.SocialWorkers.Total)
		}
		check("volunteers by child", top.Volunteers.Total, vols...)
		check("workers by child", top.SocialWorkers.Total, workers...)
		for i, k := range top.Volunteers.ByKind {
			var parts []personCount
			for _, c := range children {
				parts = append(parts, c.Volunteers.ByKind[i].Count)
			}
			check("volunteers of kind "+k.Kind+" by child", k.Count, parts...)
		}
		for i, l := range top.SocialWorkers.ByLevel {
			var parts []personCount
			for _, c := range children {
				parts = append(parts, c.SocialWorkers.ByLevel[i].Count)
			}
			check("workers of level "+l.Level+" by child", l.Count, parts...)
		}
	}
	return bad
}

// TestDashboardAccess: who gets which dashboards in full. Offices get their
// subtree, a community itself, the platform everything; everyone else —
// PUBLIC, universities, offices elsewhere, another community — gets
// aggregates, with small counts of persons withheld (null with a reason)
// and no sum with a single withheld term; beside the areas a viewer gets
// in full, it gets exactly what PUBLIC gets. Nothing is refused.
func TestDashboardAccess(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if _, err := demo.Load(sys(), db.Client); err != nil {
			t.Fatal(err)
		}
		ids := demoIDs(t, db)
		cases := []struct {
			viewer, area string
			access       string
			children     map[string]string // code → access; the rest like access
		}{
			{"admin", demo.XixiaCode, "FULL", nil},
			{"district", demo.XixiaCode, "FULL", nil},
			{"auditor", demo.XixiaCode, "FULL", nil},
			{"district", demo.ShuichengCode, "AGGREGATE", nil},
			{"street", demo.ShuangshuiCode, "FULL", nil},
			{"street", demo.ShuichengCode, "AGGREGATE", map[string]string{demo.ShuangshuiCode: "FULL"}},
			{"shalong", demo.ShalongCode, "FULL", nil},
			{"shalong", demo.ShuangshuiCode, "AGGREGATE", map[string]string{demo.ShalongCode: "FULL"}},
			{"shalong", demo.KangzhuangCode, "AGGREGATE", nil},
			{"kangzhuang", demo.ShalongCode, "AGGREGATE", nil},
			{"public", demo.XixiaCode, "AGGREGATE", nil},
			{"public", demo.ShalongCode, "AGGREGATE", nil},
			{"nxu", demo.XixiaCode, "AGGREGATE", nil},
			{"school", demo.ShalongCode, "AGGREGATE", nil},
			{"enterprise", demo.ShalongCode, "AGGREGATE", nil},
			{"org", demo.ShuangshuiCode, "AGGREGATE", nil},
		}
		for _, c := range cases {
			t.Run(c.viewer+" on "+c.area, func(t *testing.T) {
				out, _ := dashboardOf(t, db, viewerOf(c.viewer), ids[c.area], nil)
				d := out.Dashboard
				if d.Access != c.access {
					t.Errorf("access %s, want %s", d.Access, c.access)
				}
				for _, b := range d.Breakdown {
					want := c.access
					if w, ok := c.children[b.Code]; ok {
						want = w
					}
					if b.Access != want {
						t.Errorf("%s (%s): access %s, want %s", b.Name, b.Code, b.Access, want)
					}
				}
				full := false
				for _, a := range append([]dashFigures{d.dashFigures}, d.Breakdown...) {
					checkWithheld(t, a)
					full = full || a.Access == "FULL"
				}
				if !full {
					if bad := withheldOnce(d.dashFigures, d.Breakdown); len(bad) > 0 {
						t.Errorf("sums with exactly one withheld term: %v", bad)
					}
					return
				}
				// Beside the areas it gets in full, a viewer gets what
				// PUBLIC gets: one pattern, whoever asks.
				if d.Access == "FULL" && len(c.children) == 0 {
					return
				}
				public, _ := dashboardOf(t, db, viewerOf("public"), ids[c.area], nil)
				pub := map[string]dashFigures{public.Dashboard.Code: public.Dashboard.dashFigures}
				for _, b := range public.Dashboard.Breakdown {
					pub[b.Code] = b
				}
				for _, a := range append([]dashFigures{d.dashFigures}, d.Breakdown...) {
					if a.Access == "FULL" {
						continue
					}
					mine, _ := figureNames(a)
					theirs, _ := figureNames(pub[a.Code])
					for name, c := range mine {
						p := theirs[name]
						if deref(c.Value) != deref(p.Value) || deref(c.Suppressed) != deref(p.Suppressed) {
							t.Errorf("%s %s: %v/%s, PUBLIC gets %v/%s", a.Name, name, deref(c.Value), deref(c.Suppressed), deref(p.Value), deref(p.Suppressed))
						}
					}
				}
			})
		}

		// Shalong's volunteers: 72 residents, 38 party members, 9 students
		// and 4 staff. In full for itself; for PUBLIC the 4 staff are
		// withheld, and the 9 students with them, since 123 − 72 − 38 − 9
		// would give the 4 away.
		kinds := func(v authz.Viewer) map[string]personCount {
			out, _ := dashboardOf(t, db, v, ids[demo.ShalongCode], nil)
			m := map[string]personCount{"TOTAL": out.Dashboard.Volunteers.Total}
			for _, k := range out.Dashboard.Volunteers.ByKind {
				m[k.Kind] = k.Count
			}
			return m
		}
		full, public := kinds(viewerOf("shalong")), kinds(viewerOf("public"))
		for kind, want := range map[string]int{"TOTAL": 123, "RESIDENT": 72, "PARTY_MEMBER": 38, "STUDENT": 9, "STAFF": 4} {
			if got := deref(full[kind].Value); got != want {
				t.Errorf("Shalong for itself: %s = %d, want %d", kind, got, want)
			}
		}
		for kind, want := range map[string]string{"TOTAL": "", "RESIDENT": "", "PARTY_MEMBER": "", "STUDENT": "COMPLEMENTARY", "STAFF": "SMALL_COUNT"} {
			c := public[kind]
			if deref(c.Suppressed) != want || (want != "") != (c.Value == nil) || (want != "") != (c.Reason != nil) {
				t.Errorf("Shalong for PUBLIC: %s = %v withheld %q (%q), want withheld %q", kind, deref(c.Value), deref(c.Suppressed), deref(c.Reason), want)
			}
		}
		if r := deref(public["STAFF"].Reason); !strings.Contains(r, "fewer than 5") {
			t.Errorf("reason %q does not say fewer than 5 persons", r)
		}
		var zh dashboardResult
		newAPI(t, db, viewerOf("public"), fault.Chinese).mustDo(DashboardQuery, map[string]any{"id": gid(ids[demo.ShalongCode])}, &zh)
		for _, k := range zh.Dashboard.Volunteers.ByKind {
			if k.Kind == "STAFF" && !strings.Contains(deref(k.Count.Reason), "少于5人") {
				t.Errorf("Chinese reason %q", deref(k.Count.Reason))
			}
		}
	})
}

// checkWithheld checks an area's person figures: in full, every one has a
// value; aggregate-only, no shown one counts 1 to 4 persons and every
// withheld one says why.
func checkWithheld(t *testing.T, a dashFigures) {
	t.Helper()
	counts := map[string]personCount{
		"volunteers": a.Volunteers.Total, "workers": a.SocialWorkers.Total, "certified": a.SocialWorkers.Certified,
		"students": a.Training.StudentsTrained, "participants": a.Activities.Total.Participants,
	}
	for _, k := range a.Volunteers.ByKind {
		counts["volunteers "+k.Kind] = k.Count
	}
	for _, s := range a.Volunteers.Stars {
		counts[fmt.Sprintf("volunteers with %d stars", s.Stars)] = s.Count
	}
	for _, l := range a.SocialWorkers.ByLevel {
		counts["workers "+l.Level] = l.Count
	}
	for _, c := range a.Activities.ByCategory {
		counts["participants "+c.Category] = c.Participants
	}
	for _, m := range a.Activities.ByMonth {
		counts["participants "+m.Month] = m.Participants
	}
	for what, c := range counts {
		switch {
		case a.Access == "FULL" && c.Value == nil:
			t.Errorf("%s: %s withheld in a FULL area", a.Name, what)
		case c.Value == nil && (c.Suppressed == nil || c.Reason == nil):
			t.Errorf("%s: %s is null without a reason", a.Name, what)
		case c.Value != nil && (c.Suppressed != nil || c.Reason != nil):
			t.Errorf("%s: %s has a value and a reason", a.Name, what)
		case a.Access == "AGGREGATE" && c.Value != nil && *c.Value > 0 && *c.Value < 5:
			t.Errorf("%s: %s = %d persons shown to an aggregate-only viewer", a.Name, what, *c.Value)
		}
	}
	measures := map[string]struct {
		m personMeasure
		c personCount
	}{
		"volunteer hours": {a.Volunteers.Hours, a.Volunteers.Total},
		"per community":   {a.SocialWorkers.PerCommunity, a.SocialWorkers.Total},
	}
	for what, x := range measures {
		if (x.m.Value == nil) != (x.c.Value == nil) {
			t.Errorf("%s: %s withheld %v, its count withheld %v", a.Name, what, x.m.Value == nil, x.c.Value == nil)
		}
	}
}

// TestDashboardPeriodAndThresholds: flows count within the period, from
// the rows; the star thresholds are the district's when it sets them, and
// refused unless positive and strictly increasing.
func TestDashboardPeriodAndThresholds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if _, err := demo.Load(sys(), db.Client); err != nil {
			t.Fatal(err)
		}
		ids := demoIDs(t, db)
		from, to := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)
		want := db.Client.Activity.Query().Where(activity.HasCommunityWith(community.Code(demo.ShalongCode)),
			activity.HeldOnGTE(from), activity.HeldOnLTE(to)).CountX(sys())
		out, _ := dashboardOf(t, db, admin, ids[demo.ShalongCode], map[string]any{"from": "2024-01-01", "to": "2024-12-31"})
		if got := out.Dashboard.Activities.Total.Count; got != want || got == 0 || got == 68 {
			t.Errorf("Shalong in 2024: %d activities, want %d", got, want)
		}
		if deref(out.Dashboard.From) != "2024-01-01" || deref(out.Dashboard.To) != "2024-12-31" {
			t.Errorf("period %v–%v", deref(out.Dashboard.From), deref(out.Dashboard.To))
		}
		for _, m := range out.Dashboard.Activities.ByMonth {
			if !strings.HasPrefix(m.Month, "2024-") {
				t.Errorf("month %s outside 2024", m.Month)
			}
		}

		a := newAPI(t, db, admin, fault.English)
		errs := a.do(`query($id: ID!) { dashboard(division: $id, from: "2025-01-01", to: "2024-01-01") { code } }`, map[string]any{"id": gid(ids[demo.XixiaCode])}, nil)
		if len(errs) != 1 || errs[0].code() != "BAD_USER_INPUT" || errs[0].field() != "to" {
			t.Errorf("period ending before it starts: %+v", errs)
		}
		errs = a.do(`query($id: ID!) { dashboard(division: $id) { code } }`, map[string]any{"id": gid(db.Client.University.Query().FirstIDX(sys()))}, nil)
		if len(errs) != 1 || errs[0].code() != "BAD_USER_INPUT" || errs[0].field() != "division" {
			t.Errorf("a university's ID: %+v", errs)
		}

		update := `mutation($id: ID!, $in: UpdateDivisionInput!) { updateDivision(id: $id, input: $in) { volunteerStarHours } }`
		for _, bad := range []map[string]any{
			{"volunteerStarHours": []int{100, 100}},
			{"volunteerStarHours": []int{0, 10}},
			{"volunteerStarHours": []int{}},
			{"volunteerStarHours": []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}},
		} {
			errs := a.do(update, map[string]any{"id": gid(ids[demo.XixiaCode]), "in": bad}, nil)
			if len(errs) != 1 || errs[0].code() != "BAD_USER_INPUT" || errs[0].field() != "volunteerStarHours" {
				t.Errorf("updateDivision %v: %+v, want BAD_USER_INPUT on volunteerStarHours", bad, errs)
			}
		}
		// Appending is refused too (entgql's appendVolunteerStarHours input
		// appends nothing, so the rule is checked through ent).
		_, err := db.Client.Division.UpdateOneID(ids[demo.XixiaCode]).AppendVolunteerStarHours([]int{2000}).Save(sys())
		if fe, ok := fault.As(err); !ok || fe.Code != fault.BadUserInput || fe.Field != "volunteerStarHours" {
			t.Errorf("appending a threshold: %v, want BAD_USER_INPUT on volunteerStarHours", err)
		}
		before, _ := dashboardOf(t, db, admin, ids[demo.XixiaCode], nil)
		a.mustDo(update, map[string]any{"id": gid(ids[demo.XixiaCode]), "in": map[string]any{"volunteerStarHours": []int{50, 150}}}, nil)
		after, _ := dashboardOf(t, db, admin, ids[demo.XixiaCode], nil)
		v := after.Dashboard.Volunteers
		if fmt.Sprint(v.StarHours) != "[50 150]" || len(v.Stars) != 3 || v.Stars[1].MinHours != 50 || v.Stars[2].MinHours != 150 {
			t.Fatalf("after setting 50/150: thresholds %v, stars %+v", v.StarHours, v.Stars)
		}
		total := 0
		for _, s := range v.Stars {
			total += value(t, "stars", s.Count)
		}
		if total != value(t, "volunteers", v.Total) || value(t, "0 stars", v.Stars[0].Count) >= value(t, "0 stars before", before.Dashboard.Volunteers.Stars[0].Count) {
			t.Errorf("stars %+v do not add up to %d or did not move", v.Stars, value(t, "volunteers", v.Total))
		}
		for _, b := range after.Dashboard.Breakdown {
			if fmt.Sprint(b.Volunteers.StarHours) != "[50 150]" {
				t.Errorf("%s: thresholds %v, want the district's", b.Name, b.Volunteers.StarHours)
			}
		}
		// Shalong is not in Xixia: it keeps the defaults.
		other, _ := dashboardOf(t, db, admin, ids[demo.ShalongCode], nil)
		if fmt.Sprint(other.Dashboard.Volunteers.StarHours) != "[100 300 600 1000 1500]" {
			t.Errorf("Shalong's thresholds %v, want the defaults", other.Dashboard.Volunteers.StarHours)
		}
	})
}

// TestDashboardActivityRollup: a district's activities come from the sums
// the database keeps per street, month and category (activity_rollups);
// after activities are updated, moved to another street's community and
// deleted, and a community moves to another street, each street's figures
// in the district's breakdown — over the whole time, whole months, parts
// of months and a few days — are what the street's own dashboard, read
// from the activities themselves, says.
func TestDashboardActivityRollup(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c, ctx := db.Client, sys()
		d := newSynthetic(t, c).district("640105", 3, 4)
		streets := c.Division.Query().Where(division.HasParentWith(division.ID(d.ID))).Order(ent.Asc(division.FieldCode)).AllX(ctx)
		first := c.Community.Query().Where(community.Code("640105001001")).OnlyX(ctx)
		other := c.Community.Query().Where(community.Code("640105002001")).OnlyX(ctx)

		c.Activity.Update().Where(activity.CategoryEQ(enum.Children)).SetCategory(enum.Legal).AddParticipants(5).SaveX(ctx)
		c.Activity.Update().Where(activity.CategoryEQ(enum.Medical), activity.HeldOnLT(time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC))).
			SetOffSite(false).SetHeldOn(time.Date(2025, 3, 14, 0, 0, 0, 0, time.UTC)).SaveX(ctx)
		moved := c.Activity.Query().Where(activity.CommunityID(first.ID)).FirstX(ctx)
		c.Activity.UpdateOne(moved).SetCommunityID(other.ID).SetVolunteerHours(2.5).SaveX(ctx)
		c.Activity.Delete().Where(activity.CategoryEQ(enum.Safety), activity.HeldOnLT(time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC))).ExecX(ctx)
		c.Community.UpdateOneID(c.Community.Query().Where(community.Code("640105001002")).OnlyIDX(ctx)).
			SetCode("640105003099").SetStreet(streets[2]).SaveX(ctx)

		figures := func(a dashFigures) string {
			line := func(x activityFigures) string {
				return fmt.Sprintf("%s%s:%d/%d/%.4f/%d ", x.Category, x.Month, x.Count, deref(x.Participants.Value), x.VolunteerHours, x.OffSite)
			}
			s := line(a.Activities.Total)
			for _, x := range a.Activities.ByCategory {
				s += line(x)
			}
			for _, x := range a.Activities.ByMonth {
				s += line(x)
			}
			return s
		}
		api := newAPI(t, db, admin, fault.English)
		for _, period := range []map[string]any{
			nil,
			{"from": "2024-02-01", "to": "2024-03-31"},
			{"from": "2024-01-10", "to": "2024-02-25"},
			{"from": "2024-01-05", "to": "2024-01-09"},
			{"from": "2024-02-10"},
			{"to": "2024-01-20"},
		} {
			out, _ := dashboardOf(t, db, admin, d.ID, period)
			if len(out.Dashboard.Breakdown) != 3 {
				t.Fatalf("%v: %d streets", period, len(out.Dashboard.Breakdown))
			}
			total := 0
			for _, b := range out.Dashboard.Breakdown {
				vars := map[string]any{"id": b.Division.ID}
				for k, v := range period {
					vars[k] = v
				}
				var street dashboardResult
				api.mustDo(DashboardQuery, vars, &street)
				if got, want := figures(b), figures(street.Dashboard.dashFigures); got != want {
					t.Errorf("%v: %s in the district's breakdown:\n  %s\nits own dashboard:\n  %s", period, b.Name, got, want)
				}
				total += b.Activities.Total.Count
			}
			q := c.Activity.Query().Where(activity.HasCommunityWith(community.CodeHasPrefix("640105")))
			if from, ok := period["from"].(string); ok {
				q.Where(activity.HeldOnGTE(must(time.Parse(time.DateOnly, from))))
			}
			if to, ok := period["to"].(string); ok {
				q.Where(activity.HeldOnLTE(must(time.Parse(time.DateOnly, to))))
			}
			if want := q.CountX(ctx); out.Dashboard.Activities.Total.Count != want || total != want || want == 0 {
				t.Errorf("%v: the district counts %d activities, its streets %d; the rows say %d", period, out.Dashboard.Activities.Total.Count, total, want)
			}
		}
		// A street whose communities all moved away may be deleted; its
		// (zero) sums go with it.
		for i, cm := range c.Community.Query().Where(community.StreetID(streets[0].ID)).AllX(ctx) {
			c.Community.UpdateOne(cm).SetCode(fmt.Sprintf("640105002%03d", 90+i)).SetStreet(streets[1]).SaveX(ctx)
		}
		c.Division.DeleteOne(streets[0]).ExecX(ctx)
		var left int
		if err := db.SQL.QueryRow(`SELECT COUNT(*) FROM activity_rollups WHERE street_id = ` + fmt.Sprint(streets[0].ID)).Scan(&left); err != nil || left != 0 {
			t.Errorf("the deleted street keeps %d sums (%v)", left, err)
		}
		out, _ := dashboardOf(t, db, admin, d.ID, nil)
		if n := c.Activity.Query().Where(activity.HasCommunityWith(community.CodeHasPrefix("640105"))).CountX(ctx); out.Dashboard.Activities.Total.Count != n || out.Dashboard.Breakdown[0].Activities.Total.Count == 0 {
			t.Errorf("after the street went: %d activities, the rows say %d", out.Dashboard.Activities.Total.Count, n)
		}
	})
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestActivityRollupConcurrentWriters: writers adding activities in bulk at
// once, to the same streets, months and categories in different orders,
// neither deadlock nor lose a sum.
func TestActivityRollupConcurrentWriters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c, ctx := db.Client, sys()
		newSynthetic(t, c).district("640105", 3, 4)
		communities := c.Community.Query().Order(ent.Asc(community.FieldCode)).AllX(ctx)
		categories := []enum.ServiceCategory{enum.Elderly, enum.Children, enum.Legal}
		const writers, batches, rows = 6, 8, 9
		errs := make(chan error, writers)
		for w := range writers {
			go func() {
				for b := range batches {
					var bulk []*ent.ActivityCreate
					for k := range rows {
						i := (w*7 + b*5 + k*(w+1)) % len(communities)
						if w%2 == 1 {
							i = len(communities) - 1 - i // the other order
						}
						bulk = append(bulk, c.Activity.Create().SetTitle("并发活动").SetCategory(categories[(w+k)%3]).
							SetHeldOn(time.Date(2025, time.Month(1+k%3), 1+b, 0, 0, 0, 0, time.UTC)).
							SetParticipants(k).SetVolunteerHours(0.5).SetCommunity(communities[i]))
					}
					if _, err := c.Activity.CreateBulk(bulk...).Save(ctx); err != nil {
						errs <- fmt.Errorf("writer %d, batch %d: %w", w, b, err)
						return
					}
				}
				errs <- nil
			}()
		}
		for range writers {
			if err := <-errs; err != nil {
				t.Fatal(err)
			}
		}
		type key struct {
			street          int
			month, category string
		}
		type sums struct {
			n, participants int
			hours           float64
		}
		want := map[key]sums{}
		for _, a := range c.Activity.Query().WithCommunity().AllX(ctx) {
			k := key{a.Edges.Community.StreetID, a.HeldOn.UTC().Format("2006-01"), string(a.Category)}
			s := want[k]
			s.n++
			s.participants += a.Participants
			s.hours += a.VolunteerHours
			want[k] = s
		}
		rs, err := db.SQL.Query(`SELECT street_id, month, category, activities, participants, volunteer_hours FROM activity_rollups WHERE activities <> 0`)
		if err != nil {
			t.Fatal(err)
		}
		defer rs.Close()
		got := map[key]sums{}
		for rs.Next() {
			var k key
			var s sums
			if err := rs.Scan(&k.street, &k.month, &k.category, &s.n, &s.participants, &s.hours); err != nil {
				t.Fatal(err)
			}
			got[k] = s
		}
		if len(got) != len(want) {
			t.Errorf("%d sums kept, %d in the rows", len(got), len(want))
		}
		for k, w := range want {
			if g := got[k]; g.n != w.n || g.participants != w.participants || math.Abs(g.hours-w.hours) > 1e-6 {
				t.Errorf("%+v: kept %+v, the rows say %+v", k, g, w)
			}
		}
	})
}
