package demo

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/ent/department"
	"github.com/wushehub/wushe/ent/facility"
	"github.com/wushehub/wushe/ent/pairing"
	"github.com/wushehub/wushe/ent/pointsentry"
	"github.com/wushehub/wushe/ent/schema/enum"
	"github.com/wushehub/wushe/ent/servicerecord"
	"github.com/wushehub/wushe/ent/socialworker"
	"github.com/wushehub/wushe/ent/studentgroup"
	"github.com/wushehub/wushe/ent/talentrecord"
	"github.com/wushehub/wushe/ent/university"
	"github.com/wushehub/wushe/ent/volunteer"
	"github.com/wushehub/wushe/internal/dashboard"
)

// Figures of Xixia, as the district reports them.
const (
	XixiaSocialWorkers      = 1036 // 全职或兼职的社会工作者1000余人
	XixiaCertifiedWorkers   = 421  // 持证社工421名
	XixiaTalentTitleWorkers = 12   // 各类人才称号10余名
	XixiaHousingWorkers     = 38   // 38名青年社工人才享受银川市大学生住房保障
	XixiaTrainingBatches    = 7    // 校外实训7批次
)

// Talent titles of social workers.
const (
	TitleTopTalent = "银川市高精尖缺人才"
	TitleInnovator = "西夏区科创菁英"
	TitleHousing   = "银川市大学生住房保障"
)

// BaseName is the name of Xixia's incubation base.
const BaseName = "西夏区社会组织孵化基地"

// xgroup is a student group with its campus and remaining capacity.
type xgroup struct {
	spec     groupSpec
	univ     string
	id       int
	lat, lon float64
	left     int
}

// xstudent is a student.
type xstudent struct {
	univ, number, name, major, phone string
	year                             int
	birth                            time.Time
	groups                           []int
	id                               int
	trained                          bool
}

// xorg is a social organisation of the demo.
type xorg struct {
	spec        orgSpec
	uscc        string
	id          int
	communities []int // community ids served
}

// departmentSpecs are the departments of the demo's divisions.
var departmentSpecs = []struct {
	name     string
	kind     department.Kind
	division string
}{
	{"西夏区民政局", department.KindGOVERNMENT, XixiaCode},
	{"西夏区委组织部", department.KindPARTY_COMMITTEE, XixiaCode},
	{"西夏区委社会工作部", department.KindPARTY_COMMITTEE, XixiaCode},
	{"水城区民政局", department.KindGOVERNMENT, ShuichengCode},
	{"水城区委社会工作部", department.KindPARTY_COMMITTEE, ShuichengCode},
	{"水城区卫生健康局", department.KindGOVERNMENT, ShuichengCode},
	{"水城区教育局", department.KindGOVERNMENT, ShuichengCode},
	{"水城区住房和城乡建设局", department.KindGOVERNMENT, ShuichengCode},
	{"双水街道办事处", department.KindSTREET_OFFICE, ShuangshuiCode},
	{"菏泽市委社会工作部", department.KindPARTY_COMMITTEE, HezeCode},
	{"单县县委社会工作部", department.KindPARTY_COMMITTEE, ShanxianCode},
}

// departments creates the departments.
func (l *loader) departments(ctx context.Context) error {
	var builders []*ent.DepartmentCreate
	for _, d := range departmentSpecs {
		builders = append(builders, l.tx.Department.Create().SetName(d.name).SetKind(d.kind).SetDivisionID(l.div[d.division]))
	}
	created, err := saveAll(ctx, builders, func(ctx context.Context, b []*ent.DepartmentCreate) ([]*ent.Department, error) {
		return l.tx.Department.CreateBulk(b...).Save(ctx)
	})
	if err != nil {
		return fmt.Errorf("departments: %w", err)
	}
	for _, d := range created {
		l.dept[d.Name] = d.ID
	}
	return nil
}

// universities creates the universities of the reference data and 华东理工大学.
func (l *loader) universities(ctx context.Context) error {
	rows, err := readCSV("universities.csv")
	if err != nil {
		return err
	}
	var builders []*ent.UniversityCreate
	for _, r := range rows {
		kind := university.KindVOCATIONAL
		if r["level"] == "本科" {
			kind = university.KindUNIVERSITY
		}
		code := r["school_code"]
		b := l.tx.University.Create().
			SetCode(code).
			SetName(r["current_official_name"]).
			SetKind(kind).
			SetCity(r["city"]).
			SetAddress(r["main_campus_address"])
		if r["name"] != r["current_official_name"] {
			b.SetFormerName(r["name"])
		}
		lat, ok, err := r.float("lat_wgs84")
		if err != nil {
			return fmt.Errorf("universities: %s: %w", code, err)
		}
		lon, ok2, err := r.float("lon_wgs84")
		if err != nil {
			return fmt.Errorf("universities: %s: %w", code, err)
		}
		if ok && ok2 {
			b.SetLatitude(lat).SetLongitude(lon)
			l.campus[code] = [2]float64{lat, lon}
		}
		l.univName[code] = r["current_official_name"]
		builders = append(builders, b)
	}
	// 华东理工大学, party to the Heze tripartite agreement; coordinates of
	// its Xuhui campus, approximate.
	builders = append(builders, l.tx.University.Create().
		SetCode(ECUSTCode).SetName("华东理工大学").SetKind(university.KindUNIVERSITY).
		SetCity("上海市").SetAddress("徐汇区梅陇路130号").
		SetLatitude(31.145).SetLongitude(121.425))
	l.univName[ECUSTCode] = "华东理工大学"
	created, err := saveAll(ctx, builders, func(ctx context.Context, b []*ent.UniversityCreate) ([]*ent.University, error) {
		return l.tx.University.CreateBulk(b...).Save(ctx)
	})
	if err != nil {
		return fmt.Errorf("universities: %w", err)
	}
	for _, u := range created {
		l.univ[u.Code] = u.ID
	}
	return nil
}

// xixiaGroups creates the student groups.
func (l *loader) xixiaGroups(ctx context.Context) error {
	var builders []*ent.StudentGroupCreate
	for _, u := range universityGroups {
		campus, ok := l.campus[u.code]
		if !ok {
			return fmt.Errorf("student groups: university %s has no campus coordinates", u.code)
		}
		for _, g := range u.groups {
			l.groups = append(l.groups, &xgroup{spec: g, univ: u.code, lat: campus[0], lon: campus[1], left: g.capacity})
			names := make([]string, len(g.skills))
			for i, s := range g.skills {
				names[i] = enum.ServiceCategoryNames[s]
			}
			desc := fmt.Sprintf("%s学生社团，服务专长：%s", l.univName[u.code], strings.Join(names, "、"))
			if g.kind == studentgroup.KindYOUTH_LEAGUE_BRANCH {
				desc = fmt.Sprintf("%s%s专业%d级学生团支部，服务专长：%s", l.univName[u.code], g.major, g.year, strings.Join(names, "、"))
			}
			builders = append(builders, l.tx.StudentGroup.Create().
				SetName(g.name).
				SetKind(g.kind).
				SetServiceSkills(g.skills).
				SetCapacity(g.capacity).
				SetDescription(desc).
				SetUniversityID(l.univ[u.code]))
		}
	}
	created, err := saveAll(ctx, builders, func(ctx context.Context, b []*ent.StudentGroupCreate) ([]*ent.StudentGroup, error) {
		return l.tx.StudentGroup.CreateBulk(b...).Save(ctx)
	})
	if err != nil {
		return fmt.Errorf("student groups: %w", err)
	}
	for i, g := range created {
		l.groups[i].id = g.ID
	}
	return nil
}

// xixiaStudents creates the students: each youth-league branch gets students
// of its major and year; each club new members and some branch members.
func (l *loader) xixiaStudents(ctx context.Context) error {
	r := newRand("students")
	gi := 0
	for _, u := range universityGroups {
		seq := 0
		var branchMembers []int
		add := func(major string, year int) int {
			seq++
			male := r.IntN(2) == 0
			s := &xstudent{
				univ:   u.code,
				number: fmt.Sprintf("%d%02d%04d", year, slices.Index(u.majors, major)+1, seq),
				name:   l.people.name(r, ningxia, male),
				major:  major,
				year:   year,
				phone:  l.people.mobile(r),
				birth:  between(r, day(year-19, 9, 1), day(year-17, 8, 31)),
			}
			l.students = append(l.students, s)
			return len(l.students) - 1
		}
		for _, g := range u.groups {
			if g.kind == studentgroup.KindYOUTH_LEAGUE_BRANCH {
				for range intIn(r, 13, 18) {
					s := add(g.major, g.year)
					l.students[s].groups = append(l.students[s].groups, gi)
					branchMembers = append(branchMembers, s)
				}
			} else {
				for range intIn(r, 8, 12) {
					s := add(pick(r, u.majors), intIn(r, 2021, 2025))
					l.students[s].groups = append(l.students[s].groups, gi)
				}
				if len(branchMembers) > 0 {
					for _, i := range r.Perm(len(branchMembers))[:min(len(branchMembers), intIn(r, 3, 6))] {
						s := branchMembers[i]
						l.students[s].groups = append(l.students[s].groups, gi)
					}
				}
			}
			gi++
		}
	}
	var builders []*ent.StudentCreate
	for _, s := range l.students {
		ids := make([]int, len(s.groups))
		for i, g := range s.groups {
			ids[i] = l.groups[g].id
		}
		builders = append(builders, l.tx.Student.Create().
			SetStudentNumber(s.number).
			SetName(s.name).
			SetMajor(s.major).
			SetYear(s.year).
			SetPhone(s.phone).
			SetBirthDate(s.birth).
			SetUniversityID(l.univ[s.univ]).
			AddGroupIDs(ids...))
	}
	created, err := saveAll(ctx, builders, func(ctx context.Context, b []*ent.StudentCreate) ([]*ent.Student, error) {
		return l.tx.Student.CreateBulk(b...).Save(ctx)
	})
	if err != nil {
		return fmt.Errorf("students: %w", err)
	}
	for i, s := range created {
		l.students[i].id = s.ID
	}
	return nil
}

// xixiaPairings pairs every Xixia community with 1–3 groups, chosen by how
// well the groups' skills cover its needs and how near their campus is,
// within each group's capacity. Every community gets its first group before
// any gets a second.
func (l *loader) xixiaPairings(ctx context.Context) error {
	r := newRand("pairings")
	type cand struct {
		c, g      int
		score, km float64
	}
	var cands []cand
	for ci, c := range l.xixia {
		for gi, g := range l.groups {
			km := distanceKm(c.lat, c.lon, g.lat, g.lon)
			cover := 0.0
			for _, n := range c.needs {
				if slices.Contains(g.spec.skills, n.cat) {
					cover += n.weight
				}
			}
			cands = append(cands, cand{ci, gi, cover - 0.12*km + 0.15*r.Float64(), km})
		}
	}
	slices.SortStableFunc(cands, func(a, b cand) int { return cmp.Compare(b.score, a.score) })
	km := map[[2]int]float64{}
	for pass := 1; pass <= 3; pass++ {
		for _, x := range cands {
			c, g := l.xixia[x.c], l.groups[x.g]
			if len(c.groups) >= pass || len(c.groups) >= c.want || g.left == 0 || slices.Contains(c.groups, x.g) {
				continue
			}
			c.groups = append(c.groups, x.g)
			g.left--
			km[[2]int{x.c, x.g}] = x.km
		}
	}
	var builders []*ent.PairingCreate
	for ci, c := range l.xixia {
		if err := ctx.Err(); err != nil {
			return err
		}
		if len(c.groups) == 0 {
			return fmt.Errorf("pairings: community %s got no group: the groups' capacity is too small", c.code)
		}
		// A few communities had a club before their current groups.
		if ci%9 == 4 {
			for gi, g := range l.groups {
				if g.spec.kind == studentgroup.KindCLUB && !slices.Contains(c.groups, gi) && g.univ == l.groups[c.groups[0]].univ {
					since := between(r, day(2021, 3, 1), day(2021, 10, 31))
					builders = append(builders, l.tx.Pairing.Create().
						SetStatus(pairing.StatusENDED).
						SetSource(pairing.SourceMANUAL).
						SetCommunityResponse(pairing.CommunityResponseACCEPTED).
						SetUniversityResponse(pairing.UniversityResponseACCEPTED).
						SetSince(since).
						SetUntil(since.AddDate(0, intIn(r, 9, 14), 0)).
						SetEndReason("社团换届，结对调整为新学年的团支部").
						SetCommunityID(c.id).
						SetGroupID(g.id))
					break
				}
			}
		}
		for _, gi := range c.groups {
			g := l.groups[gi]
			from := day(2022, 3, 1)
			if g.spec.year > 0 {
				from = day(g.spec.year, 10, 8)
			}
			since := between(r, from, day(2024, 12, 20))
			c.since = append(c.since, since)
			var covered []string
			for _, n := range c.needs {
				if slices.Contains(g.spec.skills, n.cat) {
					covered = append(covered, enum.ServiceCategoryNames[n.cat])
				}
			}
			note := fmt.Sprintf("按居民结构和需求结对；校区距社区约%.1f公里", km[[2]int{ci, gi}])
			if len(covered) > 0 {
				note = fmt.Sprintf("按居民结构和需求结对：覆盖%s需求；校区距社区约%.1f公里", strings.Join(covered, "、"), km[[2]int{ci, gi}])
			}
			// Both sides agreed to a manual pairing before it became active.
			builders = append(builders, l.tx.Pairing.Create().
				SetStatus(pairing.StatusACTIVE).
				SetSource(pairing.SourceMANUAL).
				SetCommunityResponse(pairing.CommunityResponseACCEPTED).
				SetUniversityResponse(pairing.UniversityResponseACCEPTED).
				SetSince(since).
				SetNote(note).
				SetCommunityID(c.id).
				SetGroupID(g.id))
		}
	}
	if _, err := saveAll(ctx, builders, func(ctx context.Context, b []*ent.PairingCreate) ([]*ent.Pairing, error) {
		return l.tx.Pairing.CreateBulk(b...).Save(ctx)
	}); err != nil {
		return fmt.Errorf("pairings: %w", err)
	}
	return nil
}

// xixiaOrganizations creates Xixia's social organisations and decides which
// agencies employ the social workers of each community.
func (l *loader) xixiaOrganizations(ctx context.Context) error {
	r := newRand("organizations")
	var agencies []int
	for _, s := range xixiaOrgSpecs {
		o := &xorg{spec: s}
		if s.category != 0 {
			o.uscc = l.codes.uscc(r, '5', s.category, s.division6, "MJ")
		}
		if s.community != "" {
			o.communities = append(o.communities, l.comm[s.community])
		}
		if s.agency {
			agencies = append(agencies, len(l.orgs))
		}
		l.orgs = append(l.orgs, o)
	}
	for _, c := range l.xixia {
		primary := pick(r, agencies)
		c.agencies = []int{primary}
		if r.IntN(2) == 0 {
			if second := pick(r, agencies); second != primary {
				c.agencies = append(c.agencies, second)
			}
		}
		for _, a := range c.agencies {
			l.orgs[a].communities = append(l.orgs[a].communities, c.id)
		}
	}
	return l.createOrganizations(ctx, l.orgs, r)
}

// createOrganizations creates orgs and records their ids.
func (l *loader) createOrganizations(ctx context.Context, orgs []*xorg, r *rand.Rand) error {
	var builders []*ent.SocialOrganizationCreate
	for _, o := range orgs {
		b := l.tx.SocialOrganization.Create().
			SetName(o.spec.name).
			SetKind(o.spec.kind).
			SetFoundedOn(o.spec.founded).
			SetPhone(fmt.Sprintf("0951-%07d", 5000000+r.IntN(4000000))).
			AddCommunityIDs(o.communities...)
		if o.uscc != "" {
			b.SetUscc(o.uscc)
		}
		if o.spec.grade != "" {
			b.SetGrade(o.spec.grade)
		}
		switch {
		case o.spec.street != "":
			b.SetDivisionID(l.div[o.spec.street])
		case o.spec.division6 == "640000":
			b.SetDivisionID(l.div[NingxiaCode])
		default:
			b.SetDivisionID(l.div[XixiaCode])
		}
		builders = append(builders, b)
	}
	created, err := saveAll(ctx, builders, func(ctx context.Context, b []*ent.SocialOrganizationCreate) ([]*ent.SocialOrganization, error) {
		return l.tx.SocialOrganization.CreateBulk(b...).Save(ctx)
	})
	if err != nil {
		return fmt.Errorf("social organisations: %w", err)
	}
	for i, o := range created {
		orgs[i].id = o.ID
	}
	return nil
}

// apportion divides total among weights by the largest remainder, each
// share at least floor.
func apportion(total int, weights []float64, floor int) []int {
	shares := make([]int, len(weights))
	rest := total - floor*len(weights)
	sum := 0.0
	for _, w := range weights {
		sum += w
	}
	type rem struct {
		i int
		f float64
	}
	rems := make([]rem, len(weights))
	used := 0
	for i, w := range weights {
		exact := float64(rest) * w / sum
		shares[i] = floor + int(exact)
		used += int(exact)
		rems[i] = rem{i, exact - math.Floor(exact)}
	}
	slices.SortStableFunc(rems, func(a, b rem) int { return cmp.Compare(b.f, a.f) })
	for k := 0; k < rest-used; k++ {
		shares[rems[k].i]++
	}
	return shares
}

// xixiaWorkers creates Xixia's social workers: stationed in every community
// in proportion to its population, exactly XixiaCertifiedWorkers of them
// certified, some with talent titles and housing support.
func (l *loader) xixiaWorkers(ctx context.Context) error {
	r := newRand("xixia-workers")
	weights := make([]float64, len(l.xixia))
	for i, c := range l.xixia {
		weights[i] = float64(c.population)
	}
	type worker struct {
		person
		community, employer int
		fullTime            bool
		level               socialworker.Level
		cert                string
		titles              []string
	}
	var workers []*worker
	for i, n := range apportion(XixiaSocialWorkers, weights, 8) {
		c := l.xixia[i]
		for range n {
			employer := c.agencies[0]
			if len(c.agencies) > 1 && r.IntN(10) < 3 {
				employer = c.agencies[1]
			}
			workers = append(workers, &worker{
				person:    l.people.generate(r, ningxia, day(1968, 1, 1), day(2001, 12, 31), true),
				community: c.id,
				employer:  l.orgs[employer].id,
				fullTime:  r.IntN(100) < 88,
				level:     socialworker.LevelNONE,
			})
		}
	}
	// The certified: the oldest hold the higher levels and the talent titles.
	order := r.Perm(len(workers))
	certified := slices.Clone(order[:XixiaCertifiedWorkers])
	slices.SortStableFunc(certified, func(a, b int) int { return workers[a].birth.Compare(workers[b].birth) })
	serial := 0
	for k, i := range certified {
		w := workers[i]
		switch {
		case k < 9:
			w.level = socialworker.LevelSENIOR
		case k < 9+118:
			w.level = socialworker.LevelINTERMEDIATE
		default:
			w.level = socialworker.LevelASSISTANT
		}
		serial++
		year := intIn(r, max(2010, w.birth.Year()+23), 2025)
		w.cert = fmt.Sprintf("%d6401%06d", year, serial)
		switch {
		case k < XixiaTalentTitleWorkers/2:
			w.titles = []string{TitleTopTalent}
		case k < XixiaTalentTitleWorkers:
			w.titles = []string{TitleInnovator}
		}
	}
	housing := 0
	for _, i := range order {
		if housing == XixiaHousingWorkers {
			break
		}
		if w := workers[i]; w.birth.Year() >= 1994 && len(w.titles) == 0 {
			w.titles = append(w.titles, TitleHousing)
			housing++
		}
	}
	if housing != XixiaHousingWorkers {
		return fmt.Errorf("social workers: only %d young enough for housing support", housing)
	}
	var builders []*ent.SocialWorkerCreate
	for _, w := range workers {
		b := l.tx.SocialWorker.Create().
			SetName(w.name).
			SetLevel(w.level).
			SetFullTime(w.fullTime).
			SetPhone(w.phone).
			SetIDNumber(w.id).
			SetEmployerID(w.employer).
			SetCommunityID(w.community)
		if w.cert != "" {
			b.SetCertificateNo(w.cert)
		}
		builders = append(builders, b)
	}
	saved, err := saveAll(ctx, builders, func(ctx context.Context, b []*ent.SocialWorkerCreate) ([]*ent.SocialWorker, error) {
		return l.tx.SocialWorker.CreateBulk(b...).Save(ctx)
	})
	if err != nil {
		return fmt.Errorf("social workers: %w", err)
	}
	// Talent titles and the graduate housing grant are records of their
	// own: title or benefit, granting body, year.
	var talents []*ent.TalentRecordCreate
	for i, w := range workers {
		for _, t := range w.titles {
			kind, by := talentrecord.KindTITLE, "银川市人才工作领导小组"
			switch t {
			case TitleInnovator:
				by = "中共银川市西夏区委人才工作领导小组"
			case TitleHousing:
				kind, by = talentrecord.KindBENEFIT, "银川市住房和城乡建设局"
			}
			talents = append(talents, l.tx.TalentRecord.Create().SetKind(kind).SetName(t).SetGrantedBy(by).
				SetYear(2021+i%4).SetSocialWorkerID(saved[i].ID))
		}
	}
	if _, err := saveAll(ctx, talents, func(ctx context.Context, b []*ent.TalentRecordCreate) ([]*ent.TalentRecord, error) {
		return l.tx.TalentRecord.CreateBulk(b...).Save(ctx)
	}); err != nil {
		return fmt.Errorf("talent records: %w", err)
	}
	return nil
}

// volunteerKind draws a volunteer's kind and birth-date range.
func volunteerKind(n int) (volunteer.Kind, time.Time, time.Time) {
	switch {
	case n < 50:
		return volunteer.KindRESIDENT, day(1950, 1, 1), day(2000, 12, 31)
	case n < 75:
		return volunteer.KindPARTY_MEMBER, day(1952, 1, 1), day(1995, 12, 31)
	case n < 85:
		return volunteer.KindSTAFF, day(1972, 1, 1), day(2000, 12, 31)
	default:
		return volunteer.KindSTUDENT, day(2002, 1, 1), day(2005, 8, 31)
	}
}

// volunteerSpec is a volunteer to create, with its points ledger.
type volunteerSpec struct {
	person
	kind       volunteer.Kind
	hours      float64
	registered time.Time
	community  int
	points     []pointsSpec
}

type pointsSpec struct {
	points int
	reason string
	on     time.Time
}

// pointsFor draws n points-ledger lines after registered.
func pointsFor(r *rand.Rand, n int, registered time.Time) []pointsSpec {
	from := registered
	if from.Before(day(2023, 1, 1)) {
		from = day(2023, 1, 1)
	}
	days := int(day(2026, 10, 31).Sub(from).Hours() / 24)
	var out []pointsSpec
	for range n {
		p := volunteerPoints[r.IntN(len(volunteerPoints))]
		out = append(out, pointsSpec{p.points, p.reason, from.AddDate(0, 0, r.IntN(days+1))})
	}
	return out
}

// createVolunteers creates volunteers, the confirmed service records their
// hours come from, and their points ledgers, and returns the volunteers'
// ids in order. A volunteer's hours, star level (with the day each level
// was reached) and balance are derived from those rows, as the hub derives
// them.
func (l *loader) createVolunteers(ctx context.Context, vs []*volunteerSpec) ([]int, error) {
	type derivedFigures struct {
		services []serviceSpec
		hours    float64
		reached  []time.Time
		points   []pointsSpec
		balance  int
	}
	figures := make([]derivedFigures, len(vs))
	var builders []*ent.VolunteerCreate
	for i, v := range vs {
		f := &figures[i]
		r := newRand(fmt.Sprintf("service-records-%d-%s", v.community, v.name))
		f.services = serviceFor(r, v.hours, v.registered)
		for _, rec := range f.services {
			before := f.hours
			f.hours = round(before+rec.hours, 2)
			for lvl, t := range dashboard.DefaultStarHours {
				if before < float64(t) && f.hours >= float64(t) && len(f.reached) == lvl {
					f.reached = append(f.reached, day(rec.start.Year(), rec.start.Month(), rec.start.Day()))
				}
			}
		}
		for _, p := range v.points {
			if f.balance+p.points < 0 {
				// A penalty never takes the balance below zero: the
				// volunteer served instead.
				p = pointsSpec{volunteerPoints[0].points, volunteerPoints[0].reason, p.on}
			}
			f.balance += p.points
			f.points = append(f.points, p)
		}
		b := l.tx.Volunteer.Create().
			SetName(v.name).
			SetKind(v.kind).
			SetHours(f.hours).
			SetStarLevel(len(f.reached)).
			SetStarsReached(f.reached).
			SetPointsBalance(f.balance).
			SetRegisteredOn(v.registered).
			SetCommunityID(v.community)
		if v.id != "" {
			b.SetIDNumber(v.id).SetBirthDate(v.birth)
		}
		if v.phone != "" {
			b.SetPhone(v.phone)
		}
		builders = append(builders, b)
	}
	created, err := saveAll(ctx, builders, func(ctx context.Context, b []*ent.VolunteerCreate) ([]*ent.Volunteer, error) {
		return l.tx.Volunteer.CreateBulk(b...).Save(ctx)
	})
	if err != nil {
		return nil, fmt.Errorf("volunteers: %w", err)
	}
	ids := make([]int, len(created))
	var points []*ent.PointsEntryCreate
	var recs []*ent.ServiceRecordCreate
	for i, v := range created {
		ids[i] = v.ID
		for _, rec := range figures[i].services {
			recs = append(recs, l.tx.ServiceRecord.Create().SetVolunteerID(v.ID).SetCommunityID(vs[i].community).
				SetStartedAt(rec.start).SetEndedAt(rec.start.Add(time.Duration(rec.hours*float64(time.Hour)))).
				SetHours(rec.hours).SetContent(rec.content).SetStatus(servicerecord.StatusCONFIRMED).
				SetSource(servicerecord.SourceMANUAL).SetConfirmedBy("demo").SetConfirmedAt(rec.start.Add(24*time.Hour)))
		}
		for _, p := range figures[i].points {
			points = append(points, l.tx.PointsEntry.Create().SetPoints(p.points).SetReason(p.reason).SetOccurredOn(p.on).
				SetVolunteerID(v.ID).SetKind(pointsKind(p)))
		}
	}
	if _, err := saveAll(ctx, recs, func(ctx context.Context, b []*ent.ServiceRecordCreate) ([]*ent.ServiceRecord, error) {
		return l.tx.ServiceRecord.CreateBulk(b...).Save(ctx)
	}); err != nil {
		return nil, fmt.Errorf("service records: %w", err)
	}
	if _, err := saveAll(ctx, points, func(ctx context.Context, b []*ent.PointsEntryCreate) ([]*ent.PointsEntry, error) {
		return l.tx.PointsEntry.CreateBulk(b...).Save(ctx)
	}); err != nil {
		return nil, fmt.Errorf("points entries: %w", err)
	}
	return ids, nil
}

// serviceSpec is one confirmed service of a demo volunteer.
type serviceSpec struct {
	start   time.Time
	hours   float64
	content string
}

// serviceContents are what demo services were.
var serviceContents = []string{
	"走访慰问独居老人", "楼道清洁与环境整治", "文明劝导值守", "平安巡逻", "协助义诊与健康宣传",
	"社区议事会会务", "儿童课业辅导", "垃圾分类宣传", "防诈骗宣传", "助老助餐服务",
}

// serviceFor turns a volunteer's total hours into confirmed records: up
// to six recent services of 1 to 4 hours (halves) in 2026, each a few
// days apart, and, for the rest, one opening record of the hours served
// before the hub kept records (as a register's total is carried over).
func serviceFor(r *rand.Rand, total float64, registered time.Time) []serviceSpec {
	var recent []serviceSpec
	left := total
	at := day(2026, 6, 1).Add(time.Duration(8+r.IntN(4)) * time.Hour)
	if registered.After(at) {
		at = registered.Add(9 * time.Hour)
	}
	for n := intIn(r, 2, 6); n > 0 && left > 0; n-- {
		h := min(left, float64(intIn(r, 2, 8))/2)
		recent = append(recent, serviceSpec{start: at, hours: h, content: serviceContents[r.IntN(len(serviceContents))]})
		left = round(left-h, 2)
		at = at.AddDate(0, 0, intIn(r, 3, 20))
	}
	if left <= 0 {
		return recent
	}
	opening := serviceSpec{start: registered.Add(9 * time.Hour), hours: left, content: "建档前累计服务时长（纸质记录转录）"}
	return append([]serviceSpec{opening}, recent...)
}

// pointsKind is the kind of a demo ledger line.
func pointsKind(p pointsSpec) pointsentry.Kind {
	switch {
	case p.points < 0:
		return pointsentry.KindPENALTY
	case strings.Contains(p.reason, "议事"):
		return pointsentry.KindCONSULTATION
	case strings.Contains(p.reason, "优秀"):
		return pointsentry.KindBONUS
	}
	return pointsentry.KindOTHER
}

// xixiaVolunteers creates the volunteers of Xixia's communities.
func (l *loader) xixiaVolunteers(ctx context.Context) error {
	r := newRand("xixia-volunteers")
	var vs []*volunteerSpec
	for _, c := range l.xixia {
		for range 10 + c.population/1500 {
			kind, from, to := volunteerKind(r.IntN(100))
			v := &volunteerSpec{
				kind:      kind,
				hours:     round(uniform(r, 2, 320)*2, 0) / 2,
				community: c.id,
			}
			if r.IntN(10) < 9 {
				v.person = l.people.generate(r, ningxia, from, to, true)
			} else {
				v.person = person{name: l.people.name(r, ningxia, r.IntN(2) == 0), phone: l.people.mobile(r), birth: from}
			}
			// Registered as an adult, from 2018 on.
			first := v.birth.AddDate(18, 0, 0)
			if first.Before(day(2018, 3, 5)) {
				first = day(2018, 3, 5)
			}
			v.registered = between(r, first, day(2025, 12, 5))
			v.points = pointsFor(r, intIn(r, 1, 5), v.registered)
			vs = append(vs, v)
		}
	}
	_, err := l.createVolunteers(ctx, vs)
	return err
}

// xixiaActivities creates activities of Xixia's communities, co-organised by
// their paired groups and sometimes by the stationed workers' agency.
func (l *loader) xixiaActivities(ctx context.Context) error {
	r := newRand("xixia-activities")
	venues := []string{"社区党群服务中心", "社区新时代文明实践站", "小区中心广场", "社区活动室", "社区日间照料中心"}
	var builders []*ent.ActivityCreate
	for _, c := range l.xixia {
		needs := make([]enum.ServiceCategory, len(c.needs))
		for i, n := range c.needs {
			needs[i] = n.cat
		}
		for k, gi := range c.groups {
			g := l.groups[gi]
			var cats []enum.ServiceCategory
			for _, s := range g.spec.skills {
				if slices.Contains(needs, s) {
					cats = append(cats, s)
				}
			}
			if len(cats) == 0 {
				cats = g.spec.skills
			}
			for range intIn(r, 2, 4) {
				cat := pick(r, cats)
				volunteers := intIn(r, 4, 18)
				venue, offSite := c.name+pick(r, venues), false
				if r.IntN(20) == 0 {
					venue, offSite = l.univName[g.univ]+"校园（飞地活动）", true
				}
				b := l.tx.Activity.Create().
					SetTitle(pick(r, activityTitles[cat])).
					SetCategory(cat).
					SetHeldOn(between(r, c.since[k].AddDate(0, 0, 14), day(2026, 10, 31))).
					SetParticipants(intIn(r, 15, 120)).
					SetVolunteerHours(round(float64(volunteers)*uniform(r, 2, 4)*2, 0) / 2).
					SetVenue(venue).
					SetOffSite(offSite).
					SetDescription(fmt.Sprintf("%s与%s%s联办，%d名大学生志愿者参与", c.name, l.univName[g.univ], g.spec.name, volunteers)).
					SetCommunityID(c.id).
					AddGroupIDs(g.id)
				if r.IntN(10) < 4 {
					b.AddOrganizationIDs(l.orgs[c.agencies[0]].id)
				}
				builders = append(builders, b)
			}
		}
	}
	if _, err := saveAll(ctx, builders, func(ctx context.Context, b []*ent.ActivityCreate) ([]*ent.Activity, error) {
		return l.tx.Activity.CreateBulk(b...).Save(ctx)
	}); err != nil {
		return fmt.Errorf("activities: %w", err)
	}
	return nil
}

// xixiaNeedsGridsRooms creates the needs, grids, rooms and consultations of
// Xixia's communities.
func (l *loader) xixiaNeedsGridsRooms(ctx context.Context) error {
	r := newRand("xixia-records")
	var needs []*ent.NeedCreate
	var grids []*ent.GridCreate
	var rooms []*ent.FacilityCreate
	var consultations []*ent.ConsultationCreate
	for _, c := range l.xixia {
		recorded := between(r, day(2024, 3, 1), day(2024, 5, 31))
		for _, n := range c.needs {
			needs = append(needs, l.tx.Need.Create().SetCategory(n.cat).SetWeight(n.weight).SetDescription(n.desc).SetRecordedOn(recorded).SetCommunityID(c.id))
		}
		grids = append(grids, l.gridBuilders(r, c.id, c.households, ningxia)...)
		opened := between(r, day(2015, 1, 1), day(2023, 12, 31))
		rooms = append(rooms, l.tx.Facility.Create().SetName("社区办公室").SetKind(facility.KindOFFICE).SetAreaM2(float64(intIn(r, 40, 110))).SetOpenedOn(opened).SetCommunityID(c.id))
		for _, i := range r.Perm(len(xixiaRooms))[:intIn(r, 3, 5)] {
			room := xixiaRooms[i]
			rooms = append(rooms, l.tx.Facility.Create().SetName(room.name).SetKind(room.kind).SetAreaM2(float64(intIn(r, room.min, room.max))).SetOpenedOn(opened).SetCommunityID(c.id))
		}
		for range intIn(r, 2, 6) {
			consultations = append(consultations, l.consultation(r, c.id, between(r, day(2024, 1, 1), day(2026, 9, 30)), r.IntN(10) < 8))
		}
	}
	if _, err := saveAll(ctx, needs, func(ctx context.Context, b []*ent.NeedCreate) ([]*ent.Need, error) {
		return l.tx.Need.CreateBulk(b...).Save(ctx)
	}); err != nil {
		return fmt.Errorf("needs: %w", err)
	}
	if _, err := saveAll(ctx, grids, func(ctx context.Context, b []*ent.GridCreate) ([]*ent.Grid, error) {
		return l.tx.Grid.CreateBulk(b...).Save(ctx)
	}); err != nil {
		return fmt.Errorf("grids: %w", err)
	}
	if _, err := saveAll(ctx, rooms, func(ctx context.Context, b []*ent.FacilityCreate) ([]*ent.Facility, error) {
		return l.tx.Facility.CreateBulk(b...).Save(ctx)
	}); err != nil {
		return fmt.Errorf("facilities: %w", err)
	}
	if _, err := saveAll(ctx, consultations, func(ctx context.Context, b []*ent.ConsultationCreate) ([]*ent.Consultation, error) {
		return l.tx.Consultation.CreateBulk(b...).Save(ctx)
	}); err != nil {
		return fmt.Errorf("consultations: %w", err)
	}
	return nil
}

// gridBuilders splits a community's households into grids of about 350
// households, each in ten-household units (一中心一张网十联户).
func (l *loader) gridBuilders(r *rand.Rand, community, households int, reg region) []*ent.GridCreate {
	n := (households + 349) / 350
	sizes := split(r, int64(households), n, 100)
	var out []*ent.GridCreate
	for i, h := range sizes {
		out = append(out, l.tx.Grid.Create().
			SetCode(fmt.Sprintf("%02d", i+1)).
			SetName(fmt.Sprintf("第%d网格", i+1)).
			SetHouseholds(int(h)).
			SetTenHouseholdUnits(int((h+9)/10)).
			SetLeader(l.people.name(r, reg, r.IntN(2) == 0)).
			SetCommunityID(community))
	}
	return out
}

// distanceKm returns the great-circle distance between two WGS84 points.
func distanceKm(lat1, lon1, lat2, lon2 float64) float64 {
	const earthRadiusKm = 6371.0088
	rad := math.Pi / 180
	dLat, dLon := (lat2-lat1)*rad, (lon2-lon1)*rad
	h := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * earthRadiusKm * math.Asin(math.Sqrt(h))
}
