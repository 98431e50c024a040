package scale

import (
	"context"
	"fmt"
	"time"

	"entgo.io/ent/dialect"

	"github.com/wushehub/wushe/internal/ident"
	"github.com/wushehub/wushe/internal/store"
)

// Service categories, in the order of enum.ServiceCategories.
var categories = []string{"ELDERLY_DISABLED", "MEDICAL", "SAFETY", "CULTURE_SCIENCE", "CHILDREN", "ELDERLY", "EDUCATION",
	"PSYCHOLOGY", "LEGAL", "ENVIRONMENT", "EMPLOYMENT", "GOVERNANCE", "OTHER"}

// Per community, besides volunteers and activities.
const (
	workersPerCommunity       = 15 // social workers stationed there
	consultationsPerCommunity = 30
	itemsPerCommunity         = 20 // service items
	entriesPerProject         = 24 // ledger entries of the revenue project
	needsPerCommunity         = 3
	teamVolunteers            = 5 // the N of the 1+2+N service team
	traineesPerBatch          = 50
)

// gen generates the rows of one data set; the id slices are filled as the
// tables they refer to are written.
type gen struct {
	s       Size
	at      time.Time // created_at and updated_at of every row
	dialect string

	divisions, communities, universities, groups, students []int
	volunteers, workers, teams, projects, bases, batches   []int
	departments, agreements, organizations                 []int
	firstActivity                                          int     // activities have consecutive ids from it
	cityGroups                                             [][]int // group indexes by city
}

// Codes and positions. Community ci lies in street ci/M, district
// ci/(S·M), city ci/(D·S·M) (M communities per street, S streets per
// district, D districts per city); divisions are written province, cities,
// districts, streets, so division ids are found by offset.
func (g *gen) cityCode(c int) string { return fmt.Sprintf("45%02d00000000", c+1) }
func (g *gen) districtCode(d int) string {
	return fmt.Sprintf("%s%02d000000", g.cityCode(d / g.s.DistrictsPerCity)[:4], d%g.s.DistrictsPerCity+1)
}
func (g *gen) streetCode(st int) string {
	return fmt.Sprintf("%s%03d000", g.districtCode(st / g.s.StreetsPerDistrict)[:6], st%g.s.StreetsPerDistrict+1)
}
func (g *gen) communityCode(ci int) string {
	return fmt.Sprintf("%s%03d", g.streetCode(ci / g.s.CommunitiesPerStreet)[:9], ci%g.s.CommunitiesPerStreet+1)
}
func (g *gen) cityName(c int) string { return fmt.Sprintf("合成市%d", c+1) }
func (g *gen) districtName(d int) string {
	return fmt.Sprintf("%s合成区%d", g.cityName(d/g.s.DistrictsPerCity), d%g.s.DistrictsPerCity+1)
}
func (g *gen) streetName(st int) string {
	return fmt.Sprintf("%s街道%d", g.districtName(st/g.s.StreetsPerDistrict), st%g.s.StreetsPerDistrict+1)
}
func (g *gen) communityName(ci int) string {
	return fmt.Sprintf("%s社区%d", g.streetName(ci/g.s.CommunitiesPerStreet), ci%g.s.CommunitiesPerStreet+1)
}
func (g *gen) perDistrict() int            { return g.s.StreetsPerDistrict * g.s.CommunitiesPerStreet }
func (g *gen) districtOf(ci int) int       { return ci / g.perDistrict() }
func (g *gen) cityOf(ci int) int           { return ci / (g.perDistrict() * g.s.DistrictsPerCity) }
func (g *gen) districtID(d int) int        { return g.divisions[1+g.s.Cities+d] }
func (g *gen) streetID(st int) int         { return g.divisions[1+g.s.Cities+g.s.districts()+st] }
func (g *gen) universityCity(u int) int    { return u % g.s.Cities }
func (g *gen) universityCode(u int) string { return fmt.Sprintf("41450%05d", u+1) }

// pairedGroups returns the group indexes community ci is paired with: 1 to
// 3 distinct groups of universities in its city.
func (g *gen) pairedGroups(ci int) []int {
	local := g.cityGroups[g.cityOf(ci)]
	n := 1 + ci%3
	out := make([]int, n)
	for k := range n {
		out[k] = local[(ci*7+k*13)%len(local)]
	}
	return out
}

// json returns a JSON document as the driver stores one written by ent.
func (g *gen) json(s string) any {
	if g.dialect == dialect.Postgres {
		return s
	}
	return []byte(s)
}

// read returns a before step that fills *dst with the ids of table.
func read(dst *[]int, table string) func(context.Context, *store.DB) error {
	return func(ctx context.Context, db *store.DB) error {
		v, err := ids(ctx, db.SQL, table)
		*dst = v
		return err
	}
}

// then chains before steps.
func then(fs ...func(context.Context, *store.DB) error) func(context.Context, *store.DB) error {
	return func(ctx context.Context, db *store.DB) error {
		for _, f := range fs {
			if err := f(ctx, db); err != nil {
				return err
			}
		}
		return nil
	}
}

func (g *gen) steps() []step {
	s := g.s
	C, D, S := s.Cities, s.districts(), s.streets()
	N := s.Communities()
	U, G := s.Universities, s.Universities*s.GroupsPerUniversity
	students := s.Universities * s.StudentsPerUniversity
	V, A := s.VolunteersPerCommunity, s.ActivitiesPerCommunity
	at := g.at
	g.cityGroups = make([][]int, C)
	for gi := range G {
		c := g.universityCity(gi / s.GroupsPerUniversity)
		g.cityGroups[c] = append(g.cityGroups[c], gi)
	}
	// pairings lists each community's pairings in order: (community, group).
	type pair struct{ ci, gi int }
	var pairings []pair
	for ci := range N {
		for _, gi := range g.pairedGroups(ci) {
			pairings = append(pairings, pair{ci, gi})
		}
	}
	timeCols := []string{"created_at", "updated_at"}
	cols := func(c ...string) []string { return append(append([]string{}, timeCols...), c...) }

	return []step{
		// Divisions level by level, each reading its parents' ids.
		{table: table{name: "divisions", cols: cols("code", "name", "level", "parent_id"), n: 1,
			row: func(i int, v []any) {
				v[0], v[1], v[2], v[3], v[4], v[5] = at, at, ProvinceCode, "合成省", "PROVINCE", nil
			}}},
		{before: read(&g.divisions, "divisions"),
			table: table{name: "divisions", cols: cols("code", "name", "level", "parent_id"), n: C,
				row: func(c int, v []any) {
					v[0], v[1], v[2], v[3], v[4], v[5] = at, at, g.cityCode(c), g.cityName(c), "CITY", g.divisions[0]
				}}},
		{before: read(&g.divisions, "divisions"),
			table: table{name: "divisions", cols: cols("code", "name", "level", "parent_id"), n: D,
				row: func(d int, v []any) {
					v[0], v[1], v[2], v[3], v[4], v[5] = at, at, g.districtCode(d), g.districtName(d), "DISTRICT", g.divisions[1+d/s.DistrictsPerCity]
				}}},
		{before: read(&g.divisions, "divisions"),
			table: table{name: "divisions", cols: cols("code", "name", "level", "parent_id"), n: S,
				row: func(st int, v []any) {
					v[0], v[1], v[2], v[3], v[4], v[5] = at, at, g.streetCode(st), g.streetName(st), "STREET", g.districtID(st/s.StreetsPerDistrict)
				}}},
		{before: read(&g.divisions, "divisions"),
			table: table{name: "communities", cols: cols("code", "name", "street_id", "households", "population", "area_km2",
				"relocated_share", "elderly_share", "minor_share", "founded_on", "pilot_year", "latitude", "longitude"), n: N,
				row: func(ci int, v []any) {
					st := ci / s.CommunitiesPerStreet
					c := ci % s.CommunitiesPerStreet
					var pilot any
					if ci%4 == 0 {
						pilot = 2021 + ci%4
					}
					v[0], v[1], v[2], v[3], v[4] = at, at, g.communityCode(ci), g.communityName(ci), g.streetID(st)
					v[5], v[6], v[7] = 1000+c*37+mix(ci, 1)%800, 3000+c*101+mix(ci, 2)%2500, 0.5+float64(mix(ci, 3)%300)/100
					v[8], v[9], v[10] = float64(mix(ci, 4)%40)/100, float64(10+mix(ci, 5)%25)/100, float64(5+mix(ci, 6)%15)/100
					v[11], v[12] = day("1985-01-01", mix(ci, 7)%12000), pilot
					v[13], v[14] = 22+float64(st%97)/20+float64(c)/500, 108+float64(st%89)/20+float64(c)/500
				}}},
		{before: read(&g.communities, "communities"),
			table: table{name: "universities", cols: cols("code", "name", "kind", "city", "latitude", "longitude"), n: U,
				row: func(u int, v []any) {
					kind := "UNIVERSITY"
					if u%4 == 3 {
						kind = "VOCATIONAL"
					}
					c := g.universityCity(u)
					v[0], v[1], v[2], v[3], v[4] = at, at, g.universityCode(u), fmt.Sprintf("合成大学%d", u+1), kind
					v[5], v[6], v[7] = g.cityName(c), 22.5+float64(c)/2+float64(u%50)/200, 108.3+float64(c)/2+float64(u%47)/200
				}}},
		{before: read(&g.universities, "universities"),
			table: table{name: "student_groups", cols: cols("name", "kind", "capacity", "service_skills", "university_id"), n: G,
				row: func(gi int, v []any) {
					u, k := gi/s.GroupsPerUniversity, gi%s.GroupsPerUniversity
					kind, name := "YOUTH_LEAGUE_BRANCH", fmt.Sprintf("合成大学%d团支部%d", u+1, k+1)
					if k%2 == 1 {
						kind, name = "CLUB", fmt.Sprintf("合成大学%d社团%d", u+1, k+1)
					}
					a, b := categories[gi%13], categories[(gi+5)%13]
					v[0], v[1], v[2], v[3], v[4] = at, at, name, kind, 2+gi%3
					v[5], v[6] = g.json(`["`+a+`","`+b+`"]`), g.universities[u]
				}}},
		{before: read(&g.groups, "student_groups"),
			table: table{name: "students", cols: cols("student_number", "name", "major", "year", "phone", "birth_date", "university_id"), n: students,
				row: func(si int, v []any) {
					u, k := si/s.StudentsPerUniversity, si%s.StudentsPerUniversity
					year := 2021 + k%4
					v[0], v[1], v[2], v[3] = at, at, fmt.Sprintf("%d%06d", year, k+1), fmt.Sprintf("学生%d", si+1)
					v[4], v[5], v[6] = [...]string{"社会工作", "公共管理", "护理学", "法学", "心理学"}[k%5], year, phone(si, 10)
					v[7], v[8] = day("2002-01-01", mix(si, 11)%1500), g.universities[u]
				}}},
		{before: read(&g.students, "students"),
			table: table{name: "student_group_members", cols: []string{"student_group_id", "student_id"}, n: students,
				row: func(si int, v []any) {
					u, k := si/s.StudentsPerUniversity, si%s.StudentsPerUniversity
					v[0], v[1] = g.groups[u*s.GroupsPerUniversity+k%s.GroupsPerUniversity], g.students[si]
				}}},
		{table: table{name: "pairings", cols: cols("status", "source", "since", "community_id", "group_id"), n: len(pairings),
			row: func(i int, v []any) {
				p := pairings[i]
				v[0], v[1], v[2], v[3] = at, at, "ACTIVE", "MANUAL"
				v[4], v[5], v[6] = day("2024-03-01", p.ci%180), g.communities[p.ci], g.groups[p.gi]
			}}},
		{table: table{name: "needs", cols: cols("category", "weight", "recorded_on", "community_id"), n: N * needsPerCommunity,
			row: func(i int, v []any) {
				ci, k := i/needsPerCommunity, i%needsPerCommunity
				v[0], v[1], v[2] = at, at, categories[(ci+k*5)%13]
				v[3], v[4], v[5] = 0.4+float64((ci*7+k*3)%60)/100, day("2024-01-15", ci%60), g.communities[ci]
			}}},
		{table: table{name: "volunteers", cols: cols("name", "kind", "hours", "registered_on", "phone", "id_number", "birth_date", "community_id"), n: N * V,
			row: func(i int, v []any) {
				ci, k := i/V, i%V
				id, birth := residentID(g.districtCode(g.districtOf(ci))[:6], (ci%g.perDistrict())*V+k, 0, 18000, 0)
				v[0], v[1], v[2] = at, at, fmt.Sprintf("志愿者%d", i+1)
				v[3], v[4] = [...]string{"RESIDENT", "PARTY_MEMBER", "STUDENT", "STAFF"}[k%4], float64((k*37+ci)%1700)
				v[5], v[6], v[7], v[8], v[9] = day("2020-01-01", mix(i, 20)%1800), phone(i, 21), id, birth, g.communities[ci]
			}}},
		{before: read(&g.volunteers, "volunteers"),
			table: table{name: "social_workers", cols: cols("name", "level", "phone", "id_number", "community_id"), n: N * workersPerCommunity,
				row: func(i int, v []any) {
					ci, k := i/workersPerCommunity, i%workersPerCommunity
					id, _ := residentID(g.districtCode(g.districtOf(ci))[:6], (ci%g.perDistrict())*workersPerCommunity+k, 5000, 12000, 500)
					v[0], v[1], v[2] = at, at, fmt.Sprintf("社工%d", i+1)
					v[3], v[4], v[5], v[6] = [...]string{"NONE", "NONE", "ASSISTANT", "INTERMEDIATE", "SENIOR"}[(k+ci)%5], phone(i, 30), id, g.communities[ci]
				}}},
		{before: read(&g.workers, "social_workers"),
			table: table{name: "service_teams", cols: cols("name", "kind", "lead_name", "lead_phone", "formed_on", "community_id"), n: N,
				row: func(ci int, v []any) {
					v[0], v[1], v[2], v[3] = at, at, g.communityName(ci)+"先锋队", "VOLUNTEER_SERVICE"
					v[4], v[5], v[6], v[7] = "队长", phone(ci, 40), day("2023-05-01", ci%200), g.communities[ci]
				}}},
		{before: read(&g.teams, "service_teams"),
			table: table{name: "service_team_social_workers", cols: []string{"service_team_id", "social_worker_id"}, n: 2 * N,
				row: func(i int, v []any) {
					v[0], v[1] = g.teams[i/2], g.workers[(i/2)*workersPerCommunity+i%2]
				}}},
		{table: table{name: "service_team_volunteers", cols: []string{"service_team_id", "volunteer_id"}, n: teamVolunteers * N,
			row: func(i int, v []any) {
				v[0], v[1] = g.teams[i/teamVolunteers], g.volunteers[(i/teamVolunteers)*V+i%teamVolunteers]
			}}},
		{table: table{name: "activities", cols: cols("title", "category", "held_on", "participants", "volunteer_hours", "venue", "off_site", "community_id"), n: N * A,
			row: func(i int, v []any) {
				ci, k := i/A, i%A+1
				off := k%20 == 0
				venue := "社区活动室"
				if off {
					venue = "飞地活动点"
				}
				v[0], v[1], v[2], v[3] = at, at, fmt.Sprintf("%s活动%d", categories[(k+ci)%13], k), categories[(k+ci)%13]
				v[4], v[5], v[6] = day("2023-01-01", (k*7+ci)%1400), 10+(k*13)%150, float64((k*3)%40)/2
				v[7], v[8], v[9] = venue, off, g.communities[ci]
			}}},
		// One activity in ten is co-organised by the community's first paired group.
		{before: func(ctx context.Context, db *store.DB) error {
			var err error
			g.firstActivity, err = firstID(ctx, db, "activities", N*A)
			return err
		}, table: table{name: "activity_groups", cols: []string{"activity_id", "student_group_id"}, n: N * (A / 10),
			row: func(i int, v []any) {
				ci, k := i/(A/10), i%(A/10)
				v[0], v[1] = g.firstActivity+ci*A+k*10, g.groups[g.pairedGroups(ci)[0]]
			}}},
		{table: table{name: "consultations", cols: cols("title", "category", "status", "raised_on", "resolved_on", "community_id"), n: N * consultationsPerCommunity,
			row: func(i int, v []any) {
				ci, k := i/consultationsPerCommunity, i%consultationsPerCommunity+1
				raised := (k*31 + ci) % 1300
				status, resolved := "RESOLVED", any(day("2023-01-01", raised+1+(k*7+ci)%45))
				switch k % 10 {
				case 8:
					status, resolved = "DISCUSSING", nil
				case 9:
					status = "REJECTED"
				}
				v[0], v[1], v[2] = at, at, fmt.Sprintf("议题%d", k)
				v[3] = [...]string{"FLYING_WIRE_CHARGING", "PARKING", "CHARGING_PILES", "NOISE", "OTHER"}[k%5]
				v[4], v[5], v[6], v[7] = status, day("2023-01-01", raised), resolved, g.communities[ci]
			}}},
		{table: table{name: "facilities", cols: cols("name", "kind", "area_m2", "community_id"), n: N * 4,
			row: func(i int, v []any) {
				ci, k := i/4, i%4
				kind := [...]string{"OFFICE", "COUNCIL_HALL", "PLAYROOM", "ACTIVITY_ROOM"}[k]
				v[0], v[1], v[2], v[3] = at, at, "功能室"+kind, kind
				v[4], v[5] = float64(20+((k+1)*17+ci)%90), g.communities[ci]
			}}},
		{table: table{name: "revenue_projects", cols: cols("name", "kind", "started_on", "community_id"), n: N,
			row: func(ci int, v []any) {
				v[0], v[1], v[2], v[3], v[4], v[5] = at, at, "造血项目", "PARKING", day("2022-06-01", ci%300), g.communities[ci]
			}}},
		{before: read(&g.projects, "revenue_projects"),
			table: table{name: "ledger_entries", cols: cols("direction", "category", "amount_fen", "occurred_on", "project_id"), n: N * entriesPerProject,
				row: func(i int, v []any) {
					p, k := i/entriesPerProject, i%entriesPerProject+1
					dir, cat := "EXPENSE", "PUBLIC_LIGHTING"
					if k%2 == 0 {
						dir, cat = "INCOME", "OPERATING"
					}
					v[0], v[1], v[2], v[3] = at, at, dir, cat
					v[4], v[5], v[6] = 10000+k*100+mix(i, 50)%5000, day("2023-01-01", k*30), g.projects[p]
				}}},
		{table: table{name: "service_items", cols: cols("name", "list", "category", "community_id"), n: N * itemsPerCommunity,
			row: func(i int, v []any) {
				ci, k := i/itemsPerCommunity, i%itemsPerCommunity
				list := "SERVICE"
				if k%2 == 0 {
					list = "ONE_STOP"
				}
				v[0], v[1], v[2], v[3], v[4], v[5] = at, at, fmt.Sprintf("事项%d", k+1), list, categories[k%13], g.communities[ci]
			}}},
		{table: table{name: "social_organizations", cols: cols("uscc", "name", "kind", "founded_on", "division_id"), n: D,
			row: func(d int, v []any) {
				code := ident.MakeUSCC('5', '2', g.districtCode(d)[:6], fmt.Sprintf("MJ%06d", d+1))
				v[0], v[1], v[2], v[3] = at, at, code, g.districtName(d)+"社会工作服务中心"
				v[4], v[5], v[6] = "SOCIAL_SERVICE_AGENCY", day("2015-01-01", d*13), g.districtID(d)
			}}},
		// Each district's organisation serves its first street's communities.
		{before: read(&g.organizations, "social_organizations"),
			table: table{name: "social_organization_communities", cols: []string{"social_organization_id", "community_id"}, n: D * s.CommunitiesPerStreet,
				row: func(i int, v []any) {
					d, c := i/s.CommunitiesPerStreet, i%s.CommunitiesPerStreet
					v[0], v[1] = g.organizations[d], g.communities[d*g.perDistrict()+c]
				}}},
		{table: table{name: "incubation_bases", cols: cols("name", "opened_on", "rent_free", "division_id"), n: D,
			row: func(d int, v []any) {
				v[0], v[1], v[2], v[3], v[4], v[5] = at, at, g.districtName(d)+"孵化基地", day("2021-09-01", d), true, g.districtID(d)
			}}},
		{before: read(&g.bases, "incubation_bases"),
			table: table{name: "training_batches", cols: cols("number", "name", "phase", "started_on", "ended_on", "completed", "base_id"), n: D,
				row: func(d int, v []any) {
					v[0], v[1], v[2], v[3], v[4] = at, at, 1, "第一批", "ROADSHOW"
					v[5], v[6], v[7], v[8] = day("2024-03-01", 0), day("2024-06-30", 0), true, g.bases[d]
				}}},
		// Each batch: the first community of each of its district's streets,
		// and 50 students of one university.
		{before: read(&g.batches, "training_batches"),
			table: table{name: "training_batch_communities", cols: []string{"training_batch_id", "community_id"}, n: D * s.StreetsPerDistrict,
				row: func(i int, v []any) {
					d, st := i/s.StreetsPerDistrict, i%s.StreetsPerDistrict
					v[0], v[1] = g.batches[d], g.communities[d*g.perDistrict()+st*s.CommunitiesPerStreet]
				}}},
		{table: table{name: "training_batch_participants", cols: []string{"training_batch_id", "student_id"}, n: D * traineesPerBatch,
			row: func(i int, v []any) {
				d, k := i/traineesPerBatch, i%traineesPerBatch
				v[0], v[1] = g.batches[d], g.students[(d%U)*s.StudentsPerUniversity+k]
			}}},
		{table: table{name: "training_batch_universities", cols: []string{"training_batch_id", "university_id"}, n: D,
			row: func(d int, v []any) { v[0], v[1] = g.batches[d], g.universities[d%U] }}},
		{table: table{name: "departments", cols: cols("name", "kind", "division_id"), n: D,
			row: func(d int, v []any) {
				v[0], v[1], v[2], v[3], v[4] = at, at, g.districtName(d)+"民政局", "GOVERNMENT", g.districtID(d)
			}}},
		// A bilateral agreement per district: its civil affairs bureau and a
		// university of its city.
		{before: read(&g.departments, "departments"),
			table: table{name: "partnership_agreements", cols: cols("title", "kind", "signed_on", "valid_until", "scope"), n: D,
				row: func(d int, v []any) {
					v[0], v[1], v[2], v[3] = at, at, g.districtName(d)+"校地合作协议", "BILATERAL"
					v[4], v[5], v[6] = day("2024-05-01", d), day("2027-04-30", d), "社区治理与志愿服务"
				}}},
		{before: read(&g.agreements, "partnership_agreements"),
			table: table{name: "partnership_agreement_departments", cols: []string{"partnership_agreement_id", "department_id"}, n: D,
				row: func(d int, v []any) { v[0], v[1] = g.agreements[d], g.departments[d] }}},
		{table: table{name: "partnership_agreement_universities", cols: []string{"partnership_agreement_id", "university_id"}, n: D,
			row: func(d int, v []any) {
				v[0], v[1] = g.agreements[d], g.universities[g.cityUniversity(d/s.DistrictsPerCity, d)]
			}}},
		{table: table{name: "teaching_sites", cols: cols("name", "focus", "published_on", "division_id", "latitude", "longitude"), n: 2 * D,
			row: func(i int, v []any) {
				d, k := i/2, i%2
				v[0], v[1], v[2], v[3] = at, at, fmt.Sprintf("%s教学点%d", g.districtName(d), k+1), "社区治理"
				v[4], v[5], v[6], v[7] = day("2024-09-01", 0), g.districtID(d), 23.0+float64(k)/10+float64(d)/100, 108.5+float64(d)/100
			}}},
	}
}

// cityUniversity returns the index of a university in city c, the n-th
// (modulo the city's universities).
func (g *gen) cityUniversity(c, n int) int {
	var in []int
	for u := range g.s.Universities {
		if g.universityCity(u) == c {
			in = append(in, u)
		}
	}
	return in[n%len(in)]
}

// firstID returns the first id of table, whose n rows must have
// consecutive ids (one writer, a fresh table).
func firstID(ctx context.Context, db *store.DB, table string, n int) (int, error) {
	var lo, hi, count int
	if err := db.SQL.QueryRowContext(ctx, "SELECT MIN(id), MAX(id), COUNT(*) FROM "+table).Scan(&lo, &hi, &count); err != nil {
		return 0, fmt.Errorf("%s: %w", table, err)
	}
	if count != n || hi-lo+1 != n {
		return 0, fmt.Errorf("%s: %d rows with ids %d to %d, not %d consecutive ids", table, count, lo, hi, n)
	}
	return lo, nil
}
