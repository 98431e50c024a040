package graph_test

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/ent/pairing"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/demo"
	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/store"
	"github.com/wushehub/wushe/internal/store/storetest"
)

// The viewers of the authorization matrix: one per role, plus a second
// community (康庄社区, Xixia, paired with university groups).
var matrixViewers = []authz.Viewer{
	{Role: authz.Public},
	{Subject: "m-admin", Role: authz.PlatformAdmin},
	{Subject: "m-district", Agency: demo.XixiaCode, Role: authz.DistrictOfficer},
	{Subject: "m-auditor", Agency: demo.XixiaCode, Role: authz.DistrictAuditor},
	{Subject: "m-street", Agency: demo.ShuangshuiCode, Role: authz.StreetOfficer},
	{Subject: "m-shalong", Agency: demo.ShalongCode, Role: authz.CommunityOfficer},
	{Subject: "m-kangzhuang", Agency: demo.KangzhuangCode, Role: authz.CommunityOfficer},
	{Subject: "m-nxu", Agency: demo.NXUCode, Role: authz.UniversityStaff},
	{Subject: "m-school", Agency: demo.ShalongSchoolUSCC, Role: authz.SchoolStaff},
	{Subject: "m-enterprise", Agency: demo.ChuangyuxuanUSCC, Role: authz.EnterpriseStaff},
	{Subject: "m-org", Agency: demo.YuxinUSCC, Role: authz.OrganizationStaff},
}

func viewerName(v authz.Viewer) string {
	if v.Subject == "" {
		return "public"
	}
	return strings.TrimPrefix(v.Subject, "m-")
}

// world is every row of the demo, loaded with what the oracle needs.
type world struct {
	now                                          time.Time
	communities                                  map[int]*ent.Community
	divisions                                    map[int]*ent.Division
	students                                     []*ent.Student
	workers                                      []*ent.SocialWorker
	volunteers                                   []*ent.Volunteer
	points                                       []*ent.PointsEntry
	records                                      []*ent.ServiceRecord
	talents                                      []*ent.TalentRecord
	activities                                   []*ent.Activity
	needs                                        []*ent.Need
	consultations                                []*ent.Consultation
	meetings                                     []*ent.JointMeeting
	charities                                    []*ent.CharityResource
	ledger                                       []*ent.LedgerEntry
	agreements                                   []*ent.SharingAgreement
	accounts                                     []*ent.Account
	groupUniversity                              map[int]string // group id → university code
	activePairs                                  map[int][]int  // community id → groups with ACTIVE pairing
	public                                       map[string][]int
	auditAgencies                                map[int]string
	schoolCode, enterpriseCode, organizationCode map[int]string
}

func loadWorld(t *testing.T, c *ent.Client) *world {
	t.Helper()
	ctx := sys()
	w := &world{now: time.Now(), communities: map[int]*ent.Community{}, divisions: map[int]*ent.Division{},
		groupUniversity: map[int]string{}, activePairs: map[int][]int{}, public: map[string][]int{}, auditAgencies: map[int]string{},
		schoolCode: map[int]string{}, enterpriseCode: map[int]string{}, organizationCode: map[int]string{}}
	for _, cm := range c.Community.Query().AllX(ctx) {
		w.communities[cm.ID] = cm
	}
	for _, d := range c.Division.Query().AllX(ctx) {
		w.divisions[d.ID] = d
	}
	for _, g := range c.StudentGroup.Query().WithUniversity().AllX(ctx) {
		w.groupUniversity[g.ID] = g.Edges.University.Code
	}
	for _, p := range c.Pairing.Query().Where(pairing.StatusEQ(pairing.StatusACTIVE)).AllX(ctx) {
		w.activePairs[p.CommunityID] = append(w.activePairs[p.CommunityID], p.GroupID)
	}
	for _, s := range c.School.Query().AllX(ctx) {
		w.schoolCode[s.ID] = s.Uscc
	}
	for _, e := range c.Enterprise.Query().AllX(ctx) {
		w.enterpriseCode[e.ID] = e.Uscc
	}
	for _, o := range c.SocialOrganization.Query().AllX(ctx) {
		w.organizationCode[o.ID] = o.Uscc
	}
	w.students = c.Student.Query().WithGroups().AllX(ctx)
	w.workers = c.SocialWorker.Query().AllX(ctx)
	w.volunteers = c.Volunteer.Query().WithOrganizations().AllX(ctx)
	w.points = c.PointsEntry.Query().AllX(ctx)
	w.records = c.ServiceRecord.Query().WithVolunteer().AllX(ctx)
	w.talents = c.TalentRecord.Query().WithSocialWorker().AllX(ctx)
	w.activities = c.Activity.Query().WithGroups().WithOrganizations().WithSchools().WithEnterprises().AllX(ctx)
	w.needs = c.Need.Query().AllX(ctx)
	w.consultations = c.Consultation.Query().AllX(ctx)
	w.meetings = c.JointMeeting.Query().WithOrganizations().WithSchools().WithEnterprises().AllX(ctx)
	w.charities = c.CharityResource.Query().AllX(ctx)
	w.ledger = c.LedgerEntry.Query().WithProject().AllX(ctx)
	w.agreements = c.SharingAgreement.Query().WithGrantor().WithGrantee().AllX(ctx)
	w.accounts = c.Account.Query().WithAgency().AllX(ctx)
	for _, a := range c.AuditEntry.Query().AllX(ctx) {
		w.auditAgencies[a.ID] = a.Agency
	}
	ids := func(name string, got []int) { sort.Ints(got); w.public[name] = got }
	ids("agencies", c.Agency.Query().IDsX(ctx))
	ids("divisions", c.Division.Query().IDsX(ctx))
	ids("departments", c.Department.Query().IDsX(ctx))
	ids("communities", c.Community.Query().IDsX(ctx))
	ids("grids", c.Grid.Query().IDsX(ctx))
	ids("universities", c.University.Query().IDsX(ctx))
	ids("studentGroups", c.StudentGroup.Query().IDsX(ctx))
	ids("schools", c.School.Query().IDsX(ctx))
	ids("enterprises", c.Enterprise.Query().IDsX(ctx))
	ids("pairings", c.Pairing.Query().IDsX(ctx))
	ids("partnershipAgreements", c.PartnershipAgreement.Query().IDsX(ctx))
	ids("incubationBases", c.IncubationBase.Query().IDsX(ctx))
	ids("residencies", c.Residency.Query().IDsX(ctx))
	ids("trainingBatches", c.TrainingBatch.Query().IDsX(ctx))
	ids("teachingSites", c.TeachingSite.Query().IDsX(ctx))
	ids("socialOrganizations", c.SocialOrganization.Query().IDsX(ctx))
	ids("serviceTeams", c.ServiceTeam.Query().IDsX(ctx))
	ids("revenueProjects", c.RevenueProject.Query().IDsX(ctx))
	ids("facilities", c.Facility.Query().IDsX(ctx))
	ids("serviceItems", c.ServiceItem.Query().IDsX(ctx))
	ids("pointsRules", c.PointsRule.Query().IDsX(ctx))
	ids("rewards", c.Reward.Query().IDsX(ctx))
	return w
}

// The oracle: a second, plain-Go statement of DESIGN.md "Who sees what".

func (w *world) minor(birth *time.Time) bool {
	return birth != nil && birth.After(w.now.AddDate(-14, 0, 0))
}

func office(v authz.Viewer) string {
	switch v.Role {
	case authz.DistrictOfficer, authz.DistrictAuditor:
		return v.Agency[:6]
	case authz.StreetOfficer:
		return v.Agency[:9]
	}
	return ""
}

// inScope reports whether community id is the viewer's own (community
// officer) or in its subtree (office).
func (w *world) inScope(v authz.Viewer, id *int) bool {
	if id == nil {
		return false
	}
	c := w.communities[*id]
	if c == nil {
		return false
	}
	if v.Role == authz.CommunityOfficer {
		return c.Code == v.Agency
	}
	p := office(v)
	return p != "" && strings.HasPrefix(c.Code, p)
}

func (w *world) partner(v authz.Viewer, community int) bool {
	if v.Role != authz.UniversityStaff {
		return false
	}
	for _, g := range w.activePairs[community] {
		if w.groupUniversity[g] == v.Agency {
			return true
		}
	}
	return false
}

func admin_(v authz.Viewer) bool { return v.Role == authz.PlatformAdmin }

func ptr(i int) *int { return &i }

// expected returns the ids of entity's rows viewer may read.
func (w *world) expected(v authz.Viewer, entity string) []int {
	var out []int
	add := func(ok bool, id int) {
		if ok {
			out = append(out, id)
		}
	}
	switch entity {
	case "students":
		for _, s := range w.students {
			own := v.Role == authz.UniversityStaff && s.UniversityID == universityIDs[v.Agency]
			paired := false
			if v.Role == authz.CommunityOfficer {
				for _, g := range s.Edges.Groups {
					for cid, groups := range w.activePairs {
						if w.communities[cid].Code == v.Agency && contains(groups, g.ID) {
							paired = true
						}
					}
				}
			}
			add(own || (admin_(v) || paired) && !w.minor(s.BirthDate), s.ID)
		}
	case "socialWorkers":
		for _, s := range w.workers {
			org := v.Role == authz.OrganizationStaff && s.EmployerID != nil && w.organizationCode[*s.EmployerID] == v.Agency
			add(admin_(v) || org || w.inScope(v, s.CommunityID), s.ID)
		}
	case "volunteers":
		for _, s := range w.volunteers {
			add(w.volunteerVisible(v, s), s.ID)
		}
	case "pointsEntries":
		byID := map[int]*ent.Volunteer{}
		for _, s := range w.volunteers {
			byID[s.ID] = s
		}
		for _, p := range w.points {
			add(w.volunteerVisible(v, byID[p.VolunteerID]), p.ID)
		}
	case "serviceRecords":
		// The organising community's (minors' included) and the offices'
		// above it (adults only).
		for _, r := range w.records {
			minor := w.minor(r.Edges.Volunteer.BirthDate)
			ok := admin_(v) && !minor
			ok = ok || v.Role == authz.CommunityOfficer && w.inScope(v, ptr(r.CommunityID))
			ok = ok || office(v) != "" && w.inScope(v, ptr(r.CommunityID)) && !minor
			add(ok, r.ID)
		}
	case "talentRecords":
		for _, tr := range w.talents {
			s := tr.Edges.SocialWorker
			org := v.Role == authz.OrganizationStaff && s.EmployerID != nil && w.organizationCode[*s.EmployerID] == v.Agency
			add(admin_(v) || org || w.inScope(v, s.CommunityID), tr.ID)
		}
	case "activities":
		for _, a := range w.activities {
			ok := admin_(v) || w.inScope(v, ptr(a.CommunityID)) || w.partner(v, a.CommunityID)
			for _, g := range a.Edges.Groups {
				ok = ok || v.Role == authz.UniversityStaff && w.groupUniversity[g.ID] == v.Agency
			}
			for _, o := range a.Edges.Organizations {
				ok = ok || v.Role == authz.OrganizationStaff && o.Uscc == v.Agency
			}
			for _, s := range a.Edges.Schools {
				ok = ok || v.Role == authz.SchoolStaff && s.Uscc == v.Agency
			}
			for _, e := range a.Edges.Enterprises {
				ok = ok || v.Role == authz.EnterpriseStaff && e.Uscc == v.Agency
			}
			add(ok, a.ID)
		}
	case "needs":
		for _, n := range w.needs {
			add(admin_(v) || w.inScope(v, ptr(n.CommunityID)) || w.partner(v, n.CommunityID), n.ID)
		}
	case "consultations":
		for _, c := range w.consultations {
			add(admin_(v) || w.inScope(v, ptr(c.CommunityID)), c.ID)
		}
	case "jointMeetings":
		for _, m := range w.meetings {
			ok := admin_(v) || w.inScope(v, m.CommunityID)
			if p := office(v); p != "" && m.DivisionID != nil {
				ok = ok || strings.HasPrefix(w.divisions[*m.DivisionID].Code, p)
			}
			for _, o := range m.Edges.Organizations {
				ok = ok || v.Role == authz.OrganizationStaff && o.Uscc == v.Agency
			}
			for _, s := range m.Edges.Schools {
				ok = ok || v.Role == authz.SchoolStaff && s.Uscc == v.Agency
			}
			for _, e := range m.Edges.Enterprises {
				ok = ok || v.Role == authz.EnterpriseStaff && e.Uscc == v.Agency
			}
			add(ok, m.ID)
		}
	case "charityResources":
		for _, c := range w.charities {
			ok := admin_(v) || w.inScope(v, ptr(c.CommunityID))
			ok = ok || v.Role == authz.EnterpriseStaff && c.DonorEnterpriseID != nil && w.enterpriseCode[*c.DonorEnterpriseID] == v.Agency
			ok = ok || v.Role == authz.OrganizationStaff && c.DonorOrganizationID != nil && w.organizationCode[*c.DonorOrganizationID] == v.Agency
			add(ok, c.ID)
		}
	case "ledgerEntries":
		for _, l := range w.ledger {
			p := l.Edges.Project
			ok := admin_(v) || w.inScope(v, ptr(p.CommunityID))
			ok = ok || v.Role == authz.OrganizationStaff && p.OperatorID != nil && w.organizationCode[*p.OperatorID] == v.Agency
			ok = ok || v.Role == authz.EnterpriseStaff && p.PartnerID != nil && w.enterpriseCode[*p.PartnerID] == v.Agency
			add(ok, l.ID)
		}
	case "sharingAgreements":
		for _, a := range w.agreements {
			add(admin_(v) || v.Agency != "" && (a.Edges.Grantor.Code == v.Agency || a.Edges.Grantee.Code == v.Agency), a.ID)
		}
	case "auditLog":
		for id, agency := range w.auditAgencies {
			add(admin_(v) || v.Role == authz.DistrictAuditor && strings.HasPrefix(agency, office(v)), id)
		}
	case "accounts":
		for _, a := range w.accounts {
			add(admin_(v) || v.Agency != "" && a.Edges.Agency.Code == v.Agency, a.ID)
		}
	case "apiKeys":
		// The demo issues no API key.
	default:
		out = append(out, w.public[entity]...)
	}
	sort.Ints(out)
	return out
}

var universityIDs map[string]int

func contains(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func (w *world) volunteerVisible(v authz.Viewer, s *ent.Volunteer) bool {
	if v.Role == authz.CommunityOfficer {
		return w.inScope(v, s.CommunityID)
	}
	if w.minor(s.BirthDate) {
		return false
	}
	if admin_(v) || w.inScope(v, s.CommunityID) {
		return true
	}
	for _, o := range s.Edges.Organizations {
		if v.Role == authz.OrganizationStaff && o.Uscc == v.Agency {
			return true
		}
	}
	return false
}

// connections are the root connection fields, one per entity.
var connections = []string{
	"accounts", "activities", "agencies", "apiKeys", "auditLog", "charityResources", "communities", "consultations",
	"departments", "divisions", "enterprises", "facilities", "grids", "incubationBases", "jointMeetings",
	"ledgerEntries", "needs", "pairings", "partnershipAgreements", "pointsEntries", "residencies",
	"revenueProjects", "schools", "serviceItems", "serviceTeams", "sharingAgreements", "socialOrganizations",
	"socialWorkers", "students", "studentGroups", "teachingSites", "trainingBatches", "universities", "volunteers",
	"serviceRecords", "talentRecords", "pointsRules", "rewards",
}

type idPage struct {
	TotalCount int
	Edges      []struct{ Node struct{ ID string } }
}

func decodeIDs(t *testing.T, p idPage) []int {
	t.Helper()
	out := make([]int, 0, len(p.Edges))
	for _, e := range p.Edges {
		id, err := decode(e.Node.ID)
		if err != nil {
			t.Fatalf("bad id %q: %v", e.Node.ID, err)
		}
		out = append(out, id)
	}
	sort.Ints(out)
	return out
}

// TestAuthorizationMatrix: every role × every entity, on the root
// connection (rows and totalCount), node(id:) for visible and hidden rows,
// and nested connections with their totalCount, checked against the oracle
// — on SQLite and PostgreSQL.
func TestAuthorizationMatrix(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if _, err := demo.Load(sys(), db.Client); err != nil {
			t.Fatal(err)
		}
		universityIDs = map[string]int{}
		for _, u := range db.Client.University.Query().AllX(sys()) {
			universityIDs[u.Code] = u.ID
		}
		w := loadWorld(t, db.Client)
		for _, v := range matrixViewers {
			v := v
			t.Run(viewerName(v), func(t *testing.T) {
				a := newAPI(t, db, v, fault.English)
				for _, conn := range connections {
					want := w.expected(v, conn)
					var out map[string]idPage
					a.mustDo(fmt.Sprintf(`{ %s(first: 10000) { totalCount edges { node { id } } } }`, conn), nil, &out)
					got := decodeIDs(t, out[conn])
					if out[conn].TotalCount != len(want) || !equal(got, want) {
						t.Errorf("%s: got %d rows (totalCount %d), want %d", conn, len(got), out[conn].TotalCount, len(want))
						continue
					}
					checkNodes(t, a, w, v, conn, want)
				}
				checkNested(t, a, w, v)
			})
		}
	})
}

func equal(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// allIDs lists every row of a restricted connection, for picking hidden ones.
func (w *world) allIDs(conn string) []int {
	return w.expected(authz.Viewer{Role: authz.PlatformAdmin}, conn)
}

// checkNodes: node(id:) returns visible rows and NOT_FOUND for hidden ones,
// never FORBIDDEN ("exists but forbidden" would be a hint).
func checkNodes(t *testing.T, a *api, w *world, v authz.Viewer, conn string, visible []int) {
	t.Helper()
	if _, ok := w.public[conn]; ok {
		return
	}
	seen := map[int]bool{}
	for _, id := range visible {
		seen[id] = true
	}
	hidden, shown := 0, 0
	for _, id := range w.allIDs(conn) {
		if seen[id] && shown < 2 {
			shown++
			var out struct{ Node *struct{ ID string } }
			a.mustDo(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": gid(id)}, &out)
			if out.Node == nil {
				t.Errorf("%s: node(%d) is visible but came back empty", conn, id)
			}
		}
		if !seen[id] && hidden < 2 {
			hidden++
			errs := a.do(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": gid(id)}, nil)
			if len(errs) != 1 || errs[0].code() != string(fault.NotFound) {
				t.Errorf("%s: node(%d) hidden: errors %+v, want NOT_FOUND", conn, id, errs)
			}
		}
	}
}

// checkNested: nested connections under communities and universities, with
// their totalCount, hold only visible rows.
func checkNested(t *testing.T, a *api, w *world, v authz.Viewer) {
	t.Helper()
	type counts struct {
		Communities struct {
			Edges []struct {
				Node struct {
					ID               string
					Volunteers       idPage
					Activities       idPage
					Consultations    idPage
					Needs            idPage
					StationedWorkers idPage
				}
			}
		}
	}
	var out counts
	a.mustDo(`{ communities(first: 200) { edges { node { id
		volunteers(first: 1000) { totalCount edges { node { id } } }
		activities(first: 1000) { totalCount edges { node { id } } }
		consultations(first: 1000) { totalCount edges { node { id } } }
		needs(first: 1000) { totalCount edges { node { id } } }
		stationedWorkers(first: 2000) { totalCount edges { node { id } } } } } } }`, nil, &out)
	sets := map[string]map[int]bool{}
	for _, conn := range []string{"volunteers", "activities", "consultations", "needs", "socialWorkers"} {
		sets[conn] = map[int]bool{}
		for _, id := range w.expected(v, conn) {
			sets[conn][id] = true
		}
	}
	for _, e := range out.Communities.Edges {
		for name, page := range map[string]idPage{"volunteers": e.Node.Volunteers, "activities": e.Node.Activities,
			"consultations": e.Node.Consultations, "needs": e.Node.Needs, "socialWorkers": e.Node.StationedWorkers} {
			ids := decodeIDs(t, page)
			if page.TotalCount != len(ids) {
				t.Errorf("community %s %s: totalCount %d but %d rows", e.Node.ID, name, page.TotalCount, len(ids))
			}
			for _, id := range ids {
				if !sets[name][id] {
					t.Errorf("community %s %s: row %d is not visible to %s", e.Node.ID, name, id, viewerName(v))
				}
			}
		}
	}
	var univ struct {
		Universities struct {
			Edges []struct {
				Node struct{ Students idPage }
			}
		}
	}
	a.mustDo(`{ universities { edges { node { students(first: 2000) { totalCount edges { node { id } } } } } } }`, nil, &univ)
	total := 0
	for _, e := range univ.Universities.Edges {
		ids := decodeIDs(t, e.Node.Students)
		if e.Node.Students.TotalCount != len(ids) {
			t.Errorf("university students: totalCount %d but %d rows", e.Node.Students.TotalCount, len(ids))
		}
		total += len(ids)
	}
	if want := len(w.expected(v, "students")); total != want {
		t.Errorf("students through universities: %d, want %d", total, want)
	}
}

func decode(id string) (int, error) { return scalarDecode(id) }

// updatable maps root connections to the entity type of their generic
// update mutation.
var updatable = map[string]string{
	"activities": "Activity", "agencies": "Agency", "charityResources": "CharityResource", "communities": "Community",
	"consultations": "Consultation", "departments": "Department", "divisions": "Division", "enterprises": "Enterprise",
	"facilities": "Facility", "grids": "Grid", "incubationBases": "IncubationBase", "jointMeetings": "JointMeeting",
	"ledgerEntries": "LedgerEntry", "needs": "Need", "pairings": "Pairing", "partnershipAgreements": "PartnershipAgreement",
	"pointsRules": "PointsRule", "rewards": "Reward", "talentRecords": "TalentRecord", "residencies": "Residency", "revenueProjects": "RevenueProject", "schools": "School",
	"serviceItems": "ServiceItem", "serviceTeams": "ServiceTeam", "socialOrganizations": "SocialOrganization",
	"socialWorkers": "SocialWorker", "students": "Student", "studentGroups": "StudentGroup", "teachingSites": "TeachingSite",
	"trainingBatches": "TrainingBatch", "universities": "University", "volunteers": "Volunteer",
}

// TestUpdateMatrix: for every role and every entity with an update
// mutation, a row the viewer cannot read cannot be updated (NOT_FOUND, never
// success or a hint); PUBLIC and auditors update nothing; the platform
// updates any row.
func TestUpdateMatrix(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := demoWorld(t, db)
		for _, v := range matrixViewers {
			v := v
			t.Run(viewerName(v), func(t *testing.T) {
				a := newAPI(t, db, v, fault.English)
				for conn, typ := range updatable {
					visible := map[int]bool{}
					for _, id := range w.expected(v, conn) {
						visible[id] = true
					}
					all := w.allIDs(conn)
					if _, ok := w.public[conn]; ok {
						all = w.public[conn]
					}
					tried := 0
					for _, id := range all {
						if tried >= 2 {
							break
						}
						hidden := !visible[id]
						readOnly := v.Role == authz.Public || v.Role == authz.DistrictAuditor
						if !hidden && !readOnly && !admin_(v) {
							continue
						}
						tried++
						errs := a.do(fmt.Sprintf(`mutation($id: ID!) { update%s(id: $id, input: {}) { id } }`, typ), map[string]any{"id": gid(id)}, nil)
						switch {
						case admin_(v):
							if len(errs) > 0 {
								t.Errorf("platform updating %s %d: %+v", typ, id, errs)
							}
						case v.Role == authz.Public:
							// Without credentials, whatever the row: a
							// credential may allow it.
							if len(errs) != 1 || errs[0].code() != string(fault.Unauthenticated) {
								t.Errorf("public updating %s %d: %+v, want UNAUTHENTICATED", typ, id, errs)
							}
						case hidden:
							if len(errs) != 1 || (errs[0].code() != string(fault.NotFound) && errs[0].code() != string(fault.Forbidden)) {
								t.Errorf("updating hidden %s %d: %+v, want NOT_FOUND", typ, id, errs)
							}
						case readOnly:
							if len(errs) != 1 || errs[0].code() != string(fault.Forbidden) {
								t.Errorf("%s updating %s %d: %+v, want FORBIDDEN", viewerName(v), typ, id, errs)
							}
						}
					}
				}
			})
		}
	})
}
