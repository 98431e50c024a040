package graph_test

import (
	"strings"
	"testing"
	"time"

	"github.com/wushehub/wushe/ent/sharingagreement"
	"github.com/wushehub/wushe/ent/volunteer"
	"github.com/wushehub/wushe/internal/audit"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/demo"
	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/store"
	"github.com/wushehub/wushe/internal/store/storetest"
)

func viewerOf(name string) authz.Viewer {
	for _, v := range matrixViewers {
		if viewerName(v) == name {
			return v
		}
	}
	panic("no viewer " + name)
}

// demoWorld loads the demo into db and returns its world.
func demoWorld(t *testing.T, db *store.DB) *world {
	t.Helper()
	if _, err := demo.Load(sys(), db.Client); err != nil {
		t.Fatal(err)
	}
	universityIDs = map[string]int{}
	for _, u := range db.Client.University.Query().AllX(sys()) {
		universityIDs[u.Code] = u.ID
	}
	return loadWorld(t, db.Client)
}

// TestFilterOracle: filters across edges to restricted rows (has…With),
// empty has…With lists, and the absence of filters and orderings that
// would count or probe hidden rows or fields.
func TestFilterOracle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := demoWorld(t, db)
		// Names of volunteers and students, each with the communities
		// (universities) they belong to.
		for _, name := range []string{"public", "street", "nxu", "kangzhuang", "org", "district"} {
			v := viewerOf(name)
			t.Run(name, func(t *testing.T) {
				a := newAPI(t, db, v, fault.English)
				visibleVol := map[int]bool{}
				for _, id := range w.expected(v, "volunteers") {
					visibleVol[id] = true
				}
				probes := 0
				for _, vol := range w.volunteers {
					if visibleVol[vol.ID] || vol.CommunityID == nil || probes >= 3 {
						continue
					}
					probes++
					want := map[int]bool{}
					for _, other := range w.volunteers {
						if other.Name == vol.Name && visibleVol[other.ID] && other.CommunityID != nil {
							want[*other.CommunityID] = true
						}
					}
					var out struct{ Communities struct{ TotalCount int } }
					a.mustDo(`query($n: String!) { communities(where: {hasVolunteersWith: {name: $n}}) { totalCount } }`, map[string]any{"n": vol.Name}, &out)
					if out.Communities.TotalCount != len(want) {
						t.Errorf("hasVolunteersWith name %q (hidden): %d communities, want %d", vol.Name, out.Communities.TotalCount, len(want))
					}
				}
				withAny := map[int]bool{}
				for _, vol := range w.volunteers {
					if visibleVol[vol.ID] && vol.CommunityID != nil {
						withAny[*vol.CommunityID] = true
					}
				}
				var anyVol struct{ Communities struct{ TotalCount int } }
				a.mustDo(`{ communities(where: {hasVolunteersWith: []}) { totalCount } }`, nil, &anyVol)
				if anyVol.Communities.TotalCount != len(withAny) {
					t.Errorf("hasVolunteersWith []: %d communities, want %d", anyVol.Communities.TotalCount, len(withAny))
				}
				visibleStu := map[int]bool{}
				for _, id := range w.expected(v, "students") {
					visibleStu[id] = true
				}
				for _, s := range w.students[:5] {
					want := map[int]bool{}
					for _, other := range w.students {
						if other.Name == s.Name && visibleStu[other.ID] {
							want[other.UniversityID] = true
						}
					}
					var out struct{ Universities struct{ TotalCount int } }
					a.mustDo(`query($n: String!) { universities(where: {hasStudentsWith: {name: $n}}) { totalCount } }`, map[string]any{"n": s.Name}, &out)
					if out.Universities.TotalCount != len(want) {
						t.Errorf("hasStudentsWith name %q: %d universities, want %d", s.Name, out.Universities.TotalCount, len(want))
					}
				}
				// Nested where inside a nested connection is scoped too.
				var nested struct {
					Universities struct {
						Edges []struct {
							Node struct {
								Groups struct{ TotalCount int }
							}
						}
					}
				}
				a.mustDo(`{ universities { edges { node { groups(where: {hasMembersWith: []}) { totalCount } } } } }`, nil, &nested)
				groupsWithVisible := map[int]bool{}
				for _, s := range w.students {
					if visibleStu[s.ID] {
						for _, g := range s.Edges.Groups {
							groupsWithVisible[g.ID] = true
						}
					}
				}
				total := 0
				for _, e := range nested.Universities.Edges {
					total += e.Node.Groups.TotalCount
				}
				if total != len(groupsWithVisible) {
					t.Errorf("groups(where: {hasMembersWith: []}) under universities: %d, want %d", total, len(groupsWithVisible))
				}
			})
		}
		// Predicates that would probe hidden rows or protected fields do not exist.
		a := newAPI(t, db, viewerOf("public"), fault.English)
		for _, probe := range []string{
			`{ universities(where: {hasStudents: true}) { totalCount } }`,
			`{ communities(where: {hasVolunteers: true}) { totalCount } }`,
			`{ volunteers(where: {phoneHasPrefix: "139"}) { totalCount } }`,
			`{ volunteers(where: {idNumberHasPrefix: "52"}) { totalCount } }`,
			`{ students(where: {birthDateGT: "2012-01-01"}) { totalCount } }`,
			`{ studentGroups(orderBy: [{field: MEMBERS_COUNT}]) { totalCount } }`,
			`{ universities(orderBy: [{field: STUDENTS_COUNT}]) { totalCount } }`,
			`{ communities(orderBy: [{field: ACTIVITIES_COUNT}]) { totalCount } }`,
		} {
			errs := a.do(probe, nil, nil)
			if len(errs) == 0 || errs[0].code() != "GRAPHQL_VALIDATION_FAILED" {
				t.Errorf("%s: errors %+v, want a validation error (no such filter or ordering)", probe, errs)
			}
		}
		// Orderings by counts of public rows stay.
		a.mustDo(`{ communities(first: 3, orderBy: [{field: PAIRINGS_COUNT, direction: DESC}]) { totalCount } }`, nil, nil)
	})
}

// fieldResult is one row with fields that may come back null.
type fieldRow struct {
	ID        string
	Name      string
	Phone     *string
	IDNumber  *string `json:"idNumber"`
	BirthDate *string `json:"birthDate"`
}

type fieldPage struct {
	TotalCount int
	Edges      []struct{ Node fieldRow }
}

// forbiddenPaths returns the paths of FORBIDDEN errors, as strings.
func forbiddenPaths(errs []gqlError) map[string]bool {
	out := map[string]bool{}
	for _, e := range errs {
		if e.code() == string(fault.Forbidden) {
			var parts []string
			for _, p := range e.Path {
				parts = append(parts, strings.TrimSuffix(strings.TrimPrefix(strings.ReplaceAll(fmtAny(p), " ", ""), "\""), "\""))
			}
			out[strings.Join(parts, ".")] = true
		}
	}
	return out
}

// TestFieldSharing: CONDITIONAL fields for owners and hierarchy, NONE for
// owners only; a refused field is null with FORBIDDEN at its path while the
// rest of the response arrives; minors' records stay with their community.
func TestFieldSharing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := demoWorld(t, db)
		q := `{ volunteers(first: 500) { totalCount edges { node { id name phone idNumber birthDate } } } }`
		// Shalong reads its volunteers' phones and ID numbers.
		shalong := newAPI(t, db, viewerOf("shalong"), fault.English)
		var out struct{ Volunteers fieldPage }
		if errs := shalong.do(q, nil, &out); len(errs) > 0 {
			t.Fatalf("Shalong reading its volunteers: %+v", errs)
		}
		if len(out.Volunteers.Edges) == 0 || out.Volunteers.Edges[0].Node.Phone == nil || out.Volunteers.Edges[0].Node.IDNumber == nil {
			t.Fatalf("Shalong does not see its volunteers' phone and ID number: %+v", out.Volunteers.Edges[:1])
		}
		// The street office sees phones (hierarchy), not ID numbers or birth dates (NONE).
		street := newAPI(t, db, viewerOf("street"), fault.English)
		var sout struct{ Volunteers fieldPage }
		errs := street.do(q, nil, &sout)
		paths := forbiddenPaths(errs)
		for i, e := range sout.Volunteers.Edges {
			if e.Node.Phone == nil {
				t.Errorf("street office: volunteer %d phone refused", i)
			}
			if e.Node.IDNumber != nil || e.Node.BirthDate != nil {
				t.Errorf("street office: volunteer %d ID number or birth date readable", i)
			}
			for _, f := range []string{"idNumber", "birthDate"} {
				if !paths[pathOf("volunteers", i, f)] {
					t.Errorf("no FORBIDDEN error at %s", pathOf("volunteers", i, f))
				}
			}
			if e.Node.Name == "" {
				t.Errorf("street office: volunteer %d name missing: the rest of the response must arrive", i)
			}
		}
		// Minors: only Shalong sees the children's committee members.
		minors := 0
		for _, v := range w.volunteers {
			if w.minor(v.BirthDate) {
				minors++
			}
		}
		if minors == 0 {
			t.Fatal("the demo has no minor volunteers")
		}
		if got, want := out.Volunteers.TotalCount, len(w.expected(viewerOf("shalong"), "volunteers")); got != want {
			t.Errorf("Shalong volunteers = %d, want %d", got, want)
		}
		for _, name := range []string{"street", "admin", "org"} {
			a := newAPI(t, db, viewerOf(name), fault.English)
			var page struct{ Volunteers fieldPage }
			a.do(q, nil, &page)
			for _, e := range page.Volunteers.Edges {
				id, _ := decode(e.Node.ID)
				v := db.Client.Volunteer.Query().Where(volunteer.ID(id)).OnlyX(sys())
				if w.minor(v.BirthDate) {
					t.Errorf("%s sees the record of a minor (%s)", name, v.Name)
				}
			}
		}
		// A partner community sees the paired students' names, nothing more.
		k := newAPI(t, db, viewerOf("kangzhuang"), fault.English)
		var st struct {
			Students struct {
				Edges []struct {
					Node struct {
						Name          string
						Phone         *string
						StudentNumber *string
						BirthDate     *string
					}
				}
			}
		}
		errs = k.do(`{ students(first: 50) { edges { node { name phone studentNumber birthDate } } } }`, nil, &st)
		if len(st.Students.Edges) == 0 {
			t.Fatal("康庄社区 sees no student of its paired groups")
		}
		for i, e := range st.Students.Edges {
			if e.Node.Name == "" || e.Node.Phone != nil || e.Node.StudentNumber != nil || e.Node.BirthDate != nil {
				t.Errorf("partner community, student %d: %+v; want the name only", i, e.Node)
			}
		}
		if len(forbiddenPaths(errs)) != 3*len(st.Students.Edges) {
			t.Errorf("partner community: %d FORBIDDEN errors, want %d", len(forbiddenPaths(errs)), 3*len(st.Students.Edges))
		}
		// The owning university sees them all.
		u := newAPI(t, db, viewerOf("nxu"), fault.English)
		var own struct {
			Students struct {
				Edges []struct {
					Node struct{ Phone, BirthDate *string }
				}
			}
		}
		u.mustDo(`{ students(first: 5) { edges { node { phone birthDate } } } }`, nil, &own)
		for _, e := range own.Students.Edges {
			if e.Node.Phone == nil || e.Node.BirthDate == nil {
				t.Errorf("university reading its own student: %+v", e.Node)
			}
		}
	})
}

func pathOf(conn string, i int, field string) string {
	return conn + ".edges." + itoa(i) + ".node." + field
}

// TestSharingAgreements: the grantee reads the granted CONDITIONAL fields
// only under an agreement in force named as purpose.
func TestSharingAgreements(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		demoWorld(t, db)
		ctx := sys()
		byPurpose := func(prefix string) string {
			for _, a := range db.Client.SharingAgreement.Query().AllX(ctx) {
				if strings.HasPrefix(a.Purpose, prefix) {
					return gid(a.ID)
				}
			}
			t.Fatalf("no agreement %q", prefix)
			return ""
		}
		inForce, expired, revoked := byPurpose(demo.AgreementInForce), byPurpose(demo.AgreementExpired), byPurpose(demo.AgreementRevoked)
		q := `{ volunteers(first: 20) { totalCount edges { node { id name phone idNumber } } } }`
		org := viewerOf("org")
		plain := newAPI(t, db, org, fault.English)
		var none struct{ Volunteers fieldPage }
		plain.mustDo(q, nil, &none)
		if none.Volunteers.TotalCount != 0 {
			t.Errorf("without a purpose the organisation sees %d of Shalong's volunteers", none.Volunteers.TotalCount)
		}
		org.Purpose = inForce
		granted := newAPI(t, db, org, fault.English)
		var got struct{ Volunteers fieldPage }
		errs := granted.do(q, nil, &got)
		if got.Volunteers.TotalCount == 0 {
			t.Fatal("under the agreement the organisation sees no volunteer")
		}
		for i, e := range got.Volunteers.Edges {
			if e.Node.Phone == nil {
				t.Errorf("granted phone %d refused", i)
			}
			if e.Node.IDNumber != nil {
				t.Errorf("ID number (NONE) readable under an agreement")
			}
		}
		if len(forbiddenPaths(errs)) != len(got.Volunteers.Edges) {
			t.Errorf("want one FORBIDDEN (idNumber) per row, got %+v", errs)
		}
		// The reads are audited with the agreement as purpose.
		n := db.Client.AuditEntry.Query().AllX(ctx)
		found := false
		for _, e := range n {
			if e.Action == "READ" && e.Purpose == inForce && e.Entity == "Volunteer" {
				found = true
			}
		}
		if !found {
			t.Error("no READ audit entry names the agreement")
		}
		for _, c := range []struct {
			name, purpose, word string
			viewer              authz.Viewer
			query               string
		}{
			{"expired", expired, "expired", org, q},
			{"revoked", revoked, "revoked", viewerOf("kangzhuang"), `{ students(first: 3) { edges { node { name phone } } } }`},
			{"not the grantee", inForce, "sharing agreement", viewerOf("street"), `{ communities(first:1) { totalCount } volunteers(first: 3) { edges { node { phone } } } }`},
			{"garbage", "not-an-id", "sharing agreement", org, q},
		} {
			v := c.viewer
			v.Purpose = c.purpose
			a := newAPI(t, db, v, fault.English)
			errs := a.do(c.query, nil, nil)
			if len(errs) != 1 || errs[0].code() != string(fault.Forbidden) || !strings.Contains(errs[0].Message, c.word) {
				t.Errorf("%s: errors %+v, want one FORBIDDEN mentioning %q", c.name, errs, c.word)
			}
		}
		// Grantors create and revoke their own agreements only.
		shalong := newAPI(t, db, viewerOf("shalong"), fault.English)
		agencyID := func(code string) string {
			return gid(db.Client.Agency.Query().AllX(ctx)[indexOfAgency(db, code)].ID)
		}
		create := `mutation($in: CreateSharingAgreementInput!) { createSharingAgreement(input: $in) { id } }`
		in := func(grantor string, fields []string) map[string]any {
			return map[string]any{"in": map[string]any{
				"entity": "Volunteer", "fields": fields, "purpose": "社区活动联络", "legalBasis": "CONSENT",
				"validFrom": "2026-01-01T00:00:00Z", "validUntil": "2027-01-01T00:00:00Z",
				"grantorID": agencyID(grantor), "granteeID": agencyID(demo.ShalongSchoolUSCC)}}
		}
		var made struct{ CreateSharingAgreement struct{ ID string } }
		shalong.mustDo(create, in(demo.ShalongCode, []string{"phone"}), &made)
		if errs := shalong.do(create, in(demo.ShalongCode, []string{"idNumber"}), nil); len(errs) != 1 || errs[0].code() != string(fault.BadUserInput) {
			t.Errorf("sharing a NONE field: %+v, want BAD_USER_INPUT", errs)
		}
		if errs := shalong.do(create, in(demo.KangzhuangCode, []string{"phone"}), nil); len(errs) != 1 || errs[0].code() != string(fault.Forbidden) {
			t.Errorf("granting another agency's records: %+v, want FORBIDDEN", errs)
		}
		revoke := `mutation($id: ID!) { revokeSharingAgreement(id: $id, reason: "活动结束") { revokedAt } }`
		if errs := newAPI(t, db, viewerOf("street"), fault.English).do(revoke, map[string]any{"id": made.CreateSharingAgreement.ID}, nil); len(errs) != 1 || errs[0].code() != string(fault.NotFound) {
			t.Errorf("revoking another's agreement: %+v, want NOT_FOUND", errs)
		}
		shalong.mustDo(revoke, map[string]any{"id": made.CreateSharingAgreement.ID}, nil)
		if errs := shalong.do(revoke, map[string]any{"id": made.CreateSharingAgreement.ID}, nil); len(errs) != 1 || errs[0].code() != string(fault.Conflict) {
			t.Errorf("revoking twice: %+v, want CONFLICT", errs)
		}
		_ = sharingagreement.FieldID
	})
}

func indexOfAgency(db *store.DB, code string) int {
	for i, a := range db.Client.Agency.Query().AllX(sys()) {
		if a.Code == code {
			return i
		}
	}
	panic("no agency " + code)
}

// TestWritesByRole: each role writes within its own records and no further.
func TestWritesByRole(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		demoWorld(t, db)
		ctx := sys()
		community := func(code string) string {
			for _, c := range db.Client.Community.Query().AllX(ctx) {
				if c.Code == code {
					return gid(c.ID)
				}
			}
			t.Fatalf("no community %s", code)
			return ""
		}
		shalong, kangzhuang := community(demo.ShalongCode), community(demo.KangzhuangCode)
		consultationOf := func(code string) string {
			for _, c := range db.Client.Consultation.Query().WithCommunity().AllX(ctx) {
				if c.Edges.Community.Code == code {
					return gid(c.ID)
				}
			}
			return ""
		}
		otherUniversity := gid(universityIDs["4164011407"])
		nxu := gid(universityIDs[demo.NXUCode])
		otherGroup := ""
		for _, g := range db.Client.StudentGroup.Query().AllX(ctx) {
			if g.UniversityID == universityIDs["4164011407"] {
				otherGroup = gid(g.ID)
				break
			}
		}
		addVolunteer := `mutation($c: ID!) { createVolunteer(input: {name: "新志愿者", kind: RESIDENT, communityID: $c}) { id } }`
		editConsultation := `mutation($id: ID!) { updateConsultation(id: $id, input: {outcome: "已协调"}) { id } }`
		addStudent := `mutation($u: ID!) { createStudent(input: {studentNumber: "T20260001", name: "测试学生", year: 2026, universityID: $u}) { id } }`
		renameGroup := `mutation($g: ID!) { updateStudentGroup(id: $g, input: {description: "改"}) { id } }`
		editCommunity := `mutation($c: ID!) { updateCommunity(id: $c, input: {remark: "核对"}) { id } }`
		cases := []struct {
			viewer, query string
			vars          map[string]any
			want          fault.Code // "" = allowed
		}{
			{"shalong", addVolunteer, map[string]any{"c": shalong}, ""},
			{"shalong", addVolunteer, map[string]any{"c": kangzhuang}, fault.Forbidden},
			{"shalong", editConsultation, map[string]any{"id": consultationOf(demo.ShalongCode)}, ""},
			{"shalong", editConsultation, map[string]any{"id": consultationOf(demo.KangzhuangCode)}, fault.NotFound},
			{"street", editConsultation, map[string]any{"id": consultationOf(demo.ShalongCode)}, ""},
			{"street", editCommunity, map[string]any{"c": kangzhuang}, fault.NotFound},
			{"district", editCommunity, map[string]any{"c": kangzhuang}, ""},
			{"district", addVolunteer, map[string]any{"c": shalong}, fault.Forbidden},
			{"auditor", editCommunity, map[string]any{"c": kangzhuang}, fault.Forbidden},
			{"nxu", addStudent, map[string]any{"u": nxu}, ""},
			{"nxu", addStudent, map[string]any{"u": otherUniversity}, fault.Forbidden},
			{"nxu", renameGroup, map[string]any{"g": otherGroup}, fault.NotFound},
			{"kangzhuang", addVolunteer, map[string]any{"c": kangzhuang}, ""},
			{"org", editCommunity, map[string]any{"c": shalong}, fault.Forbidden},
			{"school", addVolunteer, map[string]any{"c": shalong}, fault.Forbidden},
			{"enterprise", editConsultation, map[string]any{"id": consultationOf(demo.ShalongCode)}, fault.Forbidden},
			{"public", addVolunteer, map[string]any{"c": shalong}, fault.Unauthenticated},
			{"admin", editCommunity, map[string]any{"c": shalong}, ""},
		}
		for _, c := range cases {
			a := newAPI(t, db, viewerOf(c.viewer), fault.English)
			errs := a.do(c.query, c.vars, nil)
			switch {
			case c.want == "" && len(errs) > 0:
				t.Errorf("%s %s: refused %+v", c.viewer, firstLine(c.query), errs)
			case c.want != "" && (len(errs) != 1 || errs[0].code() != string(c.want)):
				t.Errorf("%s %s: errors %+v, want %s", c.viewer, firstLine(c.query), errs, c.want)
			}
			for _, e := range errs {
				if strings.Contains(e.Message, "privacy") || strings.Contains(e.Message, "ent:") {
					t.Errorf("message leaks internals: %q", e.Message)
				}
			}
		}
	})
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '{'); i >= 0 && i+40 < len(s) {
		return s[i : i+40]
	}
	return s
}

// TestAuditLog: mutations are audited in their transaction, refused ones
// leave no entry, reads of CONDITIONAL and NONE fields are audited, the
// chain verifies, the database refuses changes to it, and a row changed
// behind its back is named by verification.
func TestAuditLog(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		demoWorld(t, db)
		ctx := sys()
		before := db.Client.AuditEntry.Query().CountX(ctx)
		shalong := newAPI(t, db, viewerOf("shalong"), fault.English)
		comm := db.Client.Community.Query().AllX(ctx)
		var shalongID string
		for _, c := range comm {
			if c.Code == demo.ShalongCode {
				shalongID = gid(c.ID)
			}
		}
		var created struct{ CreateVolunteer struct{ ID string } }
		shalong.mustDo(`mutation Add($c: ID!) { createVolunteer(input: {name: "审计测试", kind: RESIDENT, communityID: $c, phone: "13800001111"}) { id } }`, map[string]any{"c": shalongID}, &created)
		shalong.do(`mutation Bad($c: ID!) { createVolunteer(input: {name: "", kind: RESIDENT, communityID: $c}) { id } }`, map[string]any{"c": shalongID}, nil)
		shalong.mustDo(`query Read($id: ID!) { node(id: $id) { ... on Volunteer { phone idNumber } } }`, map[string]any{"id": created.CreateVolunteer.ID}, nil)
		entries := db.Client.AuditEntry.Query().AllX(ctx)
		var creates, reads int
		for _, e := range entries[before:] {
			switch e.Action {
			case "CREATE":
				creates++
				if e.Operation != "Add" || e.Agency != demo.ShalongCode || e.DocumentHash == "" {
					t.Errorf("create entry lacks who/what: %+v", e)
				}
			case "READ":
				reads++
				if e.Operation != "Read" || strings.Join(e.Fields, ",") != "idNumber,phone" {
					t.Errorf("read entry: %+v", e)
				}
			}
		}
		if creates != 1 || reads != 1 {
			t.Errorf("audit entries: %d creates, %d reads; want 1 and 1 (the refused write leaves none)", creates, reads)
		}
		res, err := audit.Verify(ctx, db.Client)
		if err != nil || !res.OK {
			t.Fatalf("verify: %+v %v", res, err)
		}
		auditor := newAPI(t, db, viewerOf("auditor"), fault.English)
		var ver struct {
			VerifyAuditChain struct {
				Ok      bool
				Checked int64
			}
		}
		auditor.mustDo(`{ verifyAuditChain { ok checked } }`, nil, &ver)
		if !ver.VerifyAuditChain.Ok || ver.VerifyAuditChain.Checked != int64(len(entries)) {
			t.Errorf("verifyAuditChain = %+v, want ok over %d entries", ver.VerifyAuditChain, len(entries))
		}
		if errs := shalong.do(`{ verifyAuditChain { ok } }`, nil, nil); len(errs) != 1 || errs[0].code() != string(fault.Forbidden) {
			t.Errorf("community verifying the chain: %+v, want FORBIDDEN", errs)
		}
		// The database refuses changes to the log.
		target := entries[len(entries)/2]
		if _, err := db.SQL.Exec(rebind(db, "UPDATE audit_entries SET fields = ? WHERE id = ?"), `["phone"]`, target.ID); err == nil {
			t.Error("the database let an audit entry be updated")
		}
		if _, err := db.SQL.Exec(rebind(db, "DELETE FROM audit_entries WHERE id = ?"), target.ID); err == nil {
			t.Error("the database let an audit entry be deleted")
		}
		// Someone with the power to drop the guard tampers with a row.
		if db.Dialect == "postgres" {
			mustExec(t, db, "ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_no_update")
		} else {
			mustExec(t, db, "DROP TRIGGER audit_entries_no_update")
		}
		mustExec(t, db, rebind(db, "UPDATE audit_entries SET agency = ? WHERE id = ?"), "640105000000", target.ID)
		auditor.mustDo(`{ verifyAuditChain { ok checked brokenAt reason entry { seq } } }`, nil, &struct{}{})
		res, err = audit.Verify(ctx, db.Client)
		if err != nil || res.OK || res.BrokenAt != target.Seq {
			t.Errorf("after tampering with entry %d: %+v %v", target.Seq, res, err)
		}
	})
}

func rebind(db *store.DB, q string) string {
	if db.Dialect != "postgres" {
		return q
	}
	n := 0
	var b strings.Builder
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteString("$" + itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func mustExec(t *testing.T, db *store.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.SQL.Exec(q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// TestAccessHistory: the owner of a person's record sees who read its
// protected fields and why; others get NOT_FOUND.
func TestAccessHistory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		demoWorld(t, db)
		ctx := sys()
		var agreement string
		for _, a := range db.Client.SharingAgreement.Query().AllX(ctx) {
			if strings.HasPrefix(a.Purpose, demo.AgreementInForce) {
				agreement = gid(a.ID)
			}
		}
		org := viewerOf("org")
		org.Purpose = agreement
		var page struct{ Volunteers fieldPage }
		newAPI(t, db, org, fault.English).mustDo(`query Notify { volunteers(first: 1) { edges { node { id phone } } } }`, nil, &page)
		subject := page.Volunteers.Edges[0].Node.ID
		q := `query($s: ID!) { accessHistory(subject: $s) { at agency agencyName role purpose fields operation } }`
		var hist struct {
			AccessHistory []struct {
				Agency, AgencyName, Role, Purpose, Operation string
				Fields                                       []string
				At                                           time.Time
			}
		}
		newAPI(t, db, viewerOf("shalong"), fault.English).mustDo(q, map[string]any{"s": subject}, &hist)
		if len(hist.AccessHistory) != 1 {
			t.Fatalf("history = %+v, want one read", hist.AccessHistory)
		}
		h := hist.AccessHistory[0]
		if h.Agency != demo.YuxinUSCC || h.Purpose != agreement || h.Operation != "Notify" || h.AgencyName == "" || strings.Join(h.Fields, ",") != "phone" {
			t.Errorf("history entry = %+v", h)
		}
		for _, name := range []string{"street", "org", "public"} {
			if errs := newAPI(t, db, viewerOf(name), fault.English).do(q, map[string]any{"s": subject}, nil); len(errs) != 1 || errs[0].code() != string(fault.NotFound) {
				t.Errorf("%s asking for the history: %+v, want NOT_FOUND", name, errs)
			}
		}
	})
}

// TestStatementBoundByViewer: privacy filters do not make the nested query
// N+1: the same number of statements for a platform administrator and a
// district office, at page sizes 10 and 100.
func TestStatementBoundByViewer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db.Client)
		manyCommunities(t, db.Client, f, 120)
		counts := map[string]int64{}
		for _, v := range []authz.Viewer{admin, {Subject: "d", Agency: "640105000000", Role: authz.DistrictOfficer}, {Subject: "c", Agency: "640105001200", Role: authz.CommunityOfficer}} {
			a := newAPI(t, db, v, fault.English)
			for _, n := range []int{10, 100} {
				a.mustDo(NestedQuery, map[string]any{"n": n}, nil)
				counts[string(v.Role)+itoa(n)] = a.statements()
			}
		}
		t.Logf("statements: %v", counts)
		for k, c := range counts {
			if c != counts["PLATFORM_ADMIN10"] {
				t.Errorf("%s: %d statements, want %d like the platform at 10", k, c, counts["PLATFORM_ADMIN10"])
			}
		}
	})
}
