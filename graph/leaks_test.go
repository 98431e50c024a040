package graph_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/ent/migrate"
	"github.com/wushehub/wushe/graph"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/store"
	"github.com/wushehub/wushe/internal/store/storetest"
)

// The tests of this file attack the rules as a stranger would: through
// every filter, mutation input and unique key the schema offers, not the
// few a person thought of.

// edgeFilter is a has…With input field of a root connection's where input
// that reaches an entity type.
type edgeFilter struct {
	conn, field, target string
	directives          ast.DirectiveList
}

// rootConnections maps every root connection field with a where argument to
// the entity type it lists.
func rootConnections(s *ast.Schema) map[string]string {
	out := map[string]string{}
	for _, f := range s.Query.Fields {
		if f.Arguments.ForName("where") == nil || !strings.HasSuffix(f.Type.Name(), "Connection") {
			continue
		}
		out[f.Name] = strings.TrimSuffix(f.Type.Name(), "Connection")
	}
	return out
}

// edgeFilters lists every has…With field of every where input.
func edgeFilters(s *ast.Schema) []edgeFilter {
	var out []edgeFilter
	conns := rootConnections(s)
	names := make([]string, 0, len(conns))
	for c := range conns {
		names = append(names, c)
	}
	sort.Strings(names)
	for _, conn := range names {
		where := s.Types[conns[conn]+"WhereInput"]
		if where == nil {
			continue
		}
		for _, f := range where.Fields {
			if f.Type.Elem == nil || !strings.HasSuffix(f.Type.Name(), "WhereInput") {
				continue
			}
			target := strings.TrimSuffix(f.Type.Name(), "WhereInput")
			if target == conns[conn] && (f.Name == "and" || f.Name == "or") {
				continue
			}
			out = append(out, edgeFilter{conn: conn, field: f.Name, target: target, directives: f.Directives})
		}
	}
	return out
}

// restrictedFor reports whether some viewer of matrixViewers may not read
// every row of entity.
func restrictedFor(entity string) bool {
	for _, v := range matrixViewers {
		if _, all := authz.ReadScope(authz.NewContext(context.Background(), v), entity); !all {
			return true
		}
	}
	return false
}

// TestEdgeFiltersScopedInSchema: every edge filter that reaches an entity
// some viewer may not read in full is scoped to what the viewer sees, and no
// bare has… predicate (which counts hidden rows) is offered for it. The
// list comes from the executable schema, so a new edge, or a name spelled
// differently by the generator, cannot slip through.
func TestEdgeFiltersScopedInSchema(t *testing.T) {
	s := graph.NewExecutableSchema(graph.Config{}).Schema()
	checked := 0
	for entity := range ent.FieldSharing {
		if restrictedFor(entity) && !ent.RestrictedRows[entity] {
			t.Errorf("%s: some viewers may not read every row, but the schema does not mark its rows restricted (sharing.Restricted)", entity)
		}
	}
	for _, def := range s.Types {
		if def.Kind != ast.InputObject || !strings.HasSuffix(def.Name, "WhereInput") {
			continue
		}
		for _, f := range def.Fields {
			if f.Type.Elem == nil || !strings.HasSuffix(f.Type.Name(), "WhereInput") {
				continue
			}
			target := strings.TrimSuffix(f.Type.Name(), "WhereInput")
			if !restrictedFor(target) {
				continue
			}
			checked++
			if f.Directives.ForName("scoped") == nil && f.Name != "and" && f.Name != "or" && f.Name != "not" {
				t.Errorf("%s.%s reaches %s, whose rows are restricted, without @scoped", def.Name, f.Name, target)
			}
			if bare := strings.TrimSuffix(f.Name, "With"); bare != f.Name && def.Fields.ForName(bare) != nil {
				t.Errorf("%s.%s counts %s rows the viewer may not see", def.Name, bare, target)
			}
		}
	}
	if checked < 20 {
		t.Errorf("checked %d edge filters to restricted types; the schema has more", checked)
	}
}

// TestEdgeFiltersHideRowsFromStrangers: every has…With filter of every root
// connection that reaches a restricted type, tried as PUBLIC, finds nothing
// (PUBLIC reads no restricted row), while the platform finds rows through
// the same filter — so the filter is live and only the scope hides them.
func TestEdgeFiltersHideRowsFromStrangers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		demoWorld(t, db)
		agencyID := db.Client.Agency.Query().FirstIDX(sys())
		key, err := db.Client.APIKey.Create().SetAgencyID(agencyID).SetName("测试密钥").SetPrefix("wsk_7i4test").
			SetHash("0000000000000000000000000000000000000000000000000000000000000000").SetRole("COMMUNITY_OFFICER").Save(sys())
		if err != nil {
			t.Fatal(err)
		}
		_ = key
		s := graph.NewExecutableSchema(graph.Config{}).Schema()
		pub := newAPI(t, db, public, fault.English)
		adm := newAPI(t, db, admin, fault.English)
		live, total := 0, 0
		for _, f := range edgeFilters(s) {
			if !restrictedFor(f.target) || f.target == "AuditEntry" {
				continue
			}
			total++
			q := fmt.Sprintf(`{ %s(where: {%s: [{idNotIn: [%q]}]}) { totalCount } }`, f.conn, f.field, gid(1))
			var got, seen map[string]struct{ TotalCount int }
			pub.mustDo(q, nil, &got)
			adm.mustDo(q, nil, &seen)
			if n := got[f.conn].TotalCount; n != 0 {
				t.Errorf("PUBLIC %s(where: {%s}) finds %d rows through hidden %s rows", f.conn, f.field, n, f.target)
			}
			if seen[f.conn].TotalCount > 0 {
				live++
			}
		}
		// The filter the report found: an agency found by its key's prefix.
		var got struct{ Agencies struct{ TotalCount int } }
		pub.mustDo(`{ agencies(where: {hasAPIKeysWith: [{prefixHasPrefix: "wsk_7i4"}]}) { totalCount } }`, nil, &got)
		if got.Agencies.TotalCount != 0 {
			t.Errorf("PUBLIC finds the agency of an API key by its prefix: %d", got.Agencies.TotalCount)
		}
		if live < total/2 {
			t.Errorf("only %d of %d filters find rows as the platform: the demo no longer exercises them", live, total)
		}
	})
}

// hiddenVolunteer returns a volunteer of another community than code's, with
// an ID number, and a minor of code's community (nil when none).
func volunteersFor(t *testing.T, w *world, code string) (other, minor *ent.Volunteer) {
	t.Helper()
	for _, v := range w.volunteers {
		if v.CommunityID == nil {
			continue
		}
		own := w.communities[*v.CommunityID].Code == code
		if !own && other == nil && v.IDNumber != "" && !w.minor(v.BirthDate) {
			other = v
		}
		if own && minor == nil && w.minor(v.BirthDate) {
			minor = v
		}
	}
	if other == nil {
		t.Fatalf("no volunteer outside %s with an ID number", code)
	}
	return other, minor
}

// missingID returns an id of entity's range that no row has.
func missingID(ids []int) int {
	max := 0
	for _, id := range ids {
		if id > max {
			max = id
		}
	}
	return max + 100000
}

// sameAnswer compares the refusal of a hidden row with that of a missing one.
func sameAnswer(t *testing.T, what string, hidden, missing []gqlError) {
	t.Helper()
	if len(hidden) == 0 {
		t.Errorf("%s: a hidden row was changed", what)
		return
	}
	if len(missing) == 0 || hidden[0].Message != missing[0].Message || hidden[0].code() != missing[0].code() || hidden[0].field() != missing[0].field() {
		t.Errorf("%s: a hidden row answers %+v, a missing one %+v", what, hidden, missing)
	}
}

// TestMutationsSeeOnlyReadableRows: a mutation may not touch, return or
// quote a row the viewer cannot read. Updates of hidden rows answer as a
// missing row does — before any write rule reads the stored row — and what
// a mutation returns passes the same field rules as a query.
func TestMutationsSeeOnlyReadableRows(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := demoWorld(t, db)
		ctx := sys()
		plat := newAPI(t, db, viewerOf("admin"), fault.English)
		var stranger *api
		street := newAPI(t, db, viewerOf("street"), fault.English)
		_, minor := volunteersFor(t, w, "520204002012")
		if minor == nil {
			t.Fatal("the demo has no minor volunteer in Shalong")
		}
		volIDs := make([]int, 0, len(w.volunteers))
		for _, v := range w.volunteers {
			volIDs = append(volIDs, v.ID)
		}
		missingVol := gid(missingID(volIDs))

		// The platform cannot read a minor's record: it cannot update it
		// either, nor learn its name through the mutation's answer.
		q := `mutation($id: ID!) { updateVolunteer(id: $id, input: {}) { name kind hours community { name } } }`
		var out map[string]any
		hidden := plat.do(q, map[string]any{"id": gid(minor.ID)}, &out)
		sameAnswer(t, "platform updateVolunteer(minor)", hidden, plat.do(q, map[string]any{"id": missingVol}, nil))
		if out["updateVolunteer"] != nil {
			t.Errorf("platform updateVolunteer(minor) returned %v", out["updateVolunteer"])
		}
		var points []int
		for _, p := range w.points {
			points = append(points, p.ID)
		}
		for _, p := range w.points {
			if p.VolunteerID != minor.ID {
				continue
			}
			q := `mutation($id: ID!) { updatePointsEntry(id: $id, input: {}) { points reason volunteer { name } } }`
			sameAnswer(t, "platform updatePointsEntry(minor's)", plat.do(q, map[string]any{"id": gid(p.ID)}, nil),
				plat.do(q, map[string]any{"id": gid(missingID(points))}, nil))
			break
		}
		// What a mutation returns passes the field rules: the platform
		// updating an adult gets no ID number.
		var adult *ent.Volunteer
		for _, v := range w.volunteers {
			if v.IDNumber != "" && !w.minor(v.BirthDate) {
				adult = v
				break
			}
		}
		errs := plat.do(`mutation($id: ID!) { updateVolunteer(id: $id, input: {}) { name idNumber birthDate } }`, map[string]any{"id": gid(adult.ID)}, nil)
		paths := forbiddenPaths(errs)
		if !paths["updateVolunteer.idNumber"] || !paths["updateVolunteer.birthDate"] {
			t.Errorf("platform reads a volunteer's NONE fields through a mutation: %+v", errs)
		}

		// Write rules that read the stored row do not run on a hidden row,
		// and say nothing of it.
		hiddenOf := func(ids []int, visible []int) int {
			for _, id := range ids {
				if !contains(visible, id) {
					return id
				}
			}
			t.Fatalf("no hidden row")
			return 0
		}
		var consultations, ledger []int
		for _, c := range w.consultations {
			consultations = append(consultations, c.ID)
		}
		for _, l := range w.ledger {
			ledger = append(ledger, l.ID)
		}
		// Kangzhuang's office, whose community has no ledger, trying Shalong's.
		sv := viewerOf("kangzhuang")
		stranger = newAPI(t, db, sv, fault.English)
		hc := hiddenOf(consultations, w.expected(sv, "consultations"))
		q = `mutation($id: ID!) { updateConsultation(id: $id, input: {resolvedOn: "1900-01-01"}) { id } }`
		sameAnswer(t, "updateConsultation(hidden, resolvedOn)", stranger.do(q, map[string]any{"id": gid(hc)}, nil),
			stranger.do(q, map[string]any{"id": gid(missingID(consultations))}, nil))
		hl := hiddenOf(ledger, w.expected(sv, "ledgerEntries"))
		for _, cat := range []string{"DONATION", "MATERIALS"} {
			q = fmt.Sprintf(`mutation($id: ID!) { updateLedgerEntry(id: $id, input: {category: %s}) { id } }`, cat)
			sameAnswer(t, "updateLedgerEntry(hidden, category)", stranger.do(q, map[string]any{"id": gid(hl)}, nil),
				stranger.do(q, map[string]any{"id": gid(missingID(ledger))}, nil))
		}
		teams := db.Client.ServiceTeam.Query().WithCommunity().AllX(ctx)
		var teamIDs []int
		var foreignTeam *ent.ServiceTeam
		for _, tm := range teams {
			teamIDs = append(teamIDs, tm.ID)
			if tm.Edges.Community.Code != sv.Agency && foreignTeam == nil {
				foreignTeam = tm
			}
		}
		ownWorker := 0
		for _, wk := range w.workers {
			if w.inScope(sv, wk.CommunityID) {
				ownWorker = wk.ID
				break
			}
		}
		if foreignTeam != nil {
			q = `mutation($id: ID!, $w: ID!) { updateServiceTeam(id: $id, input: {addSocialWorkerIDs: [$w]}) { id } }`
			sameAnswer(t, "updateServiceTeam(hidden, addSocialWorkerIDs)", stranger.do(q, map[string]any{"id": gid(foreignTeam.ID), "w": gid(ownWorker)}, nil),
				stranger.do(q, map[string]any{"id": gid(missingID(teamIDs)), "w": gid(ownWorker)}, nil))
		}
		// A street office may update an adult's record but not read its ID
		// number or birth date: a wrong birth date is refused without
		// saying what the stored number gives.
		var streetAdult *ent.Volunteer
		for _, v := range w.volunteers {
			if v.IDNumber != "" && v.BirthDate != nil && !w.minor(v.BirthDate) && w.inScope(viewerOf("street"), v.CommunityID) {
				streetAdult = v
				break
			}
		}
		errs = street.do(`mutation($id: ID!) { updateVolunteer(id: $id, input: {birthDate: "1950-01-01"}) { id } }`, map[string]any{"id": gid(streetAdult.ID)}, nil)
		stored := streetAdult.BirthDate.Format("2006-01-02")
		if len(errs) != 1 || errs[0].code() != string(fault.BadUserInput) {
			t.Errorf("street office setting a wrong birth date: %+v, want BAD_USER_INPUT", errs)
		} else if strings.Contains(errs[0].Message, stored) || strings.Contains(errs[0].Message, streetAdult.IDNumber[6:14]) {
			t.Errorf("the refusal quotes the stored birth date: %q", errs[0].Message)
		}
	})
}

// TestUniqueKeysRevealNothing: a writer creating a person with the ID number
// of someone registered by another agency is not told that the person
// exists there; within its own register the number stays unique.
func TestUniqueKeysRevealNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := demoWorld(t, db)
		ctx := sys()
		sv := viewerOf("shalong")
		shalong := newAPI(t, db, sv, fault.English)
		shalongID := 0
		for id, c := range w.communities {
			if c.Code == sv.Agency {
				shalongID = id
			}
		}
		other, _ := volunteersFor(t, w, sv.Agency)
		var own *ent.Volunteer
		for _, v := range w.volunteers {
			if v.CommunityID != nil && *v.CommunityID == shalongID && v.IDNumber != "" && !w.minor(v.BirthDate) {
				own = v
				break
			}
		}
		create := `mutation($c: ID!, $n: String!) { createVolunteer(input: {name: "重名者", kind: RESIDENT, communityID: $c, idNumber: $n}) { id } }`
		if errs := shalong.do(create, map[string]any{"c": gid(shalongID), "n": other.IDNumber}, nil); len(errs) > 0 {
			t.Errorf("creating a volunteer with another community's volunteer's ID number: %+v (the number is not Shalong's to know)", errs)
		}
		errs := shalong.do(create, map[string]any{"c": gid(shalongID), "n": own.IDNumber}, nil)
		if len(errs) != 1 || errs[0].code() != string(fault.Conflict) || errs[0].field() != "idNumber" {
			t.Errorf("a second volunteer with the same ID number in one register: %+v, want CONFLICT on idNumber", errs)
		}

		// Social workers: an organisation hiring someone another
		// organisation employs is not told so.
		ov := viewerOf("org")
		orgAPI := newAPI(t, db, ov, fault.English)
		orgID := 0
		for id, code := range w.organizationCode {
			if code == ov.Agency {
				orgID = id
			}
		}
		var foreign, mine *ent.SocialWorker
		for _, wk := range w.workers {
			switch {
			case wk.IDNumber == "":
			case wk.EmployerID != nil && *wk.EmployerID == orgID:
				if mine == nil {
					mine = wk
				}
			case foreign == nil:
				foreign = wk
			}
		}
		hire := `mutation($o: ID!, $n: String!) { createSocialWorker(input: {name: "新社工", level: ASSISTANT, employerID: $o, idNumber: $n}) { id } }`
		if errs := orgAPI.do(hire, map[string]any{"o": gid(orgID), "n": foreign.IDNumber}, nil); len(errs) > 0 {
			t.Errorf("hiring a worker another organisation employs: %+v", errs)
		}
		if mine != nil {
			errs := orgAPI.do(hire, map[string]any{"o": gid(orgID), "n": mine.IDNumber}, nil)
			if len(errs) != 1 || errs[0].code() != string(fault.Conflict) {
				t.Errorf("hiring one's own worker twice: %+v, want CONFLICT", errs)
			}
		}
		// Workers without an employer are unique within their community.
		street := newAPI(t, db, viewerOf("street"), fault.English)
		station := `mutation($c: ID!, $n: String!) { createSocialWorker(input: {name: "驻点社工", level: NONE, communityID: $c, idNumber: $n}) { id } }`
		n := fixCheck("52020419800101123")
		street.mustDo(station, map[string]any{"c": gid(shalongID), "n": n}, nil)
		errs = street.do(station, map[string]any{"c": gid(shalongID), "n": n}, nil)
		if len(errs) != 1 || errs[0].code() != string(fault.Conflict) {
			t.Errorf("stationing the same person twice: %+v, want CONFLICT", errs)
		}

		// Every unique key of an entity with restricted rows is scoped by
		// its owner (or set by the hub, not by the writer): a new unique
		// column fails here until it is.
		owned := map[string]string{
			"volunteers": "community_id", "social_workers": "employer_id", "students": "university_id",
			"persisted_documents": "agency_id", "needs": "community_id",
		}
		exempt := map[string]string{
			"accounts.username":           "accounts are opened by the platform and the token command, never by an agency",
			"api_keys.prefix":             "chosen at random by the hub",
			"api_keys.hash":               "chosen at random by the hub",
			"audit_entries.seq":           "set by the hub",
			"audit_entries.hash":          "set by the hub",
			"sharing_agreements.*":        "no unique key",
			"certificates.code":           "chosen at random by the hub",
			"volunteer_codes.serial":      "chosen at random by the hub",
			"service_records.in_scan":     "set by the hub: a digest of the scan, of a code the writer holds",
			"service_records.out_scan":    "set by the hub: a digest of the scan, of a code the writer holds",
			"service_records.reverses_id": "set by the hub, on a record the writer must read and change to reverse",
		}
		_ = ctx
		restricted := map[string]bool{}
		for entity := range ent.RestrictedRows {
			restricted[ent.EntityTable[entity]] = true
		}
		for _, tbl := range migrate.Tables {
			if !restricted[tbl.Name] {
				continue
			}
			for _, c := range tbl.Columns {
				if c.Unique && exempt[tbl.Name+"."+c.Name] == "" && c.Name != "id" {
					t.Errorf("%s.%s is unique across owners: a conflict reveals another agency's row", tbl.Name, c.Name)
				}
			}
			for _, ix := range tbl.Indexes {
				if !ix.Unique {
					continue
				}
				scoped := false
				for _, c := range ix.Columns {
					scoped = scoped || c.Name == owned[tbl.Name]
				}
				if !scoped {
					t.Errorf("unique index %s of %s is not scoped by its owner column", ix.Name, tbl.Name)
				}
			}
		}
	})
}

// TestFieldRulesIndependentOfSelection: whether a protected field may be
// read does not depend on which other columns the query selected: a
// university reads its own students' phones and birth dates through its
// groups' members without asking for universityID.
func TestFieldRulesIndependentOfSelection(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		demoWorld(t, db)
		a := newAPI(t, db, viewerOf("nxu"), fault.English)
		var out struct {
			StudentGroups struct {
				Edges []struct {
					Node struct {
						Members struct {
							Edges []struct {
								Node struct{ Phone, BirthDate *string }
							}
						}
					}
				}
			}
		}
		errs := a.do(`{ studentGroups(first: 20, where: {hasUniversityWith: {code: "4164010749"}}) { edges { node {
			members(first: 20) { edges { node { phone birthDate } } } } } } }`, nil, &out)
		if len(errs) > 0 {
			t.Errorf("a university reading its own students through its groups: %+v", errs[:1])
		}
		n := 0
		for _, g := range out.StudentGroups.Edges {
			for _, m := range g.Node.Members.Edges {
				if m.Node.Phone != nil || m.Node.BirthDate != nil {
					n++
				}
			}
		}
		if n == 0 {
			t.Errorf("no member's phone or birth date was read")
		}
		// Ids, counts and existence through the same rules still work.
		var counts struct{ Students struct{ TotalCount int } }
		a.mustDo(`{ students(where: {hasGroupsWith: {nameContains: "团支部"}}) { totalCount } }`, nil, &counts)
	})
}

// TestLinksNeedRightsOnBothRows: the self-associations the report found —
// an agency adding someone else's rows to its own record's edges to read
// them — are refused, while the links one side makes alone (a community
// naming co-organisers, its volunteer joining an organisation) still work.
func TestLinksNeedRightsOnBothRows(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := demoWorld(t, db)
		ctx := sys()
		ids := map[string]int{}
		for id, code := range w.organizationCode {
			ids["org:"+code] = id
		}
		for id, code := range w.enterpriseCode {
			ids["enterprise:"+code] = id
		}
		for id, code := range w.schoolCode {
			ids["school:"+code] = id
		}
		for id, c := range w.communities {
			ids["community:"+c.Code] = id
		}
		orgV, entV, shalongV := viewerOf("org"), viewerOf("enterprise"), viewerOf("shalong")
		other, _ := volunteersFor(t, w, shalongV.Agency)
		var xixiaActivity, shalongActivity int
		for _, a := range w.activities {
			code := w.communities[a.CommunityID].Code
			if strings.HasPrefix(code, "640105") && xixiaActivity == 0 {
				xixiaActivity = a.ID
			}
			if code == shalongV.Agency && shalongActivity == 0 {
				shalongActivity = a.ID
			}
		}
		var foreignProject, foreignDonation, foreignWorker int
		for _, p := range db.Client.RevenueProject.Query().AllX(ctx) {
			if (p.OperatorID == nil || *p.OperatorID != ids["org:"+orgV.Agency]) && (p.PartnerID == nil || *p.PartnerID != ids["enterprise:"+entV.Agency]) {
				foreignProject = p.ID
				break
			}
		}
		for _, c := range w.charities {
			if c.DonorEnterpriseID == nil || *c.DonorEnterpriseID != ids["enterprise:"+entV.Agency] {
				foreignDonation = c.ID
				break
			}
		}
		for _, wk := range w.workers {
			if !w.inScope(shalongV, wk.CommunityID) {
				foreignWorker = wk.ID
				break
			}
		}
		var ownAdult int
		for _, v := range w.volunteers {
			if w.inScope(shalongV, v.CommunityID) && !w.minor(v.BirthDate) && len(v.Edges.Organizations) == 0 {
				ownAdult = v.ID
				break
			}
		}
		var school int
		for id := range w.schoolCode {
			school = id
			break
		}
		org, ent_, shalong := gid(ids["org:"+orgV.Agency]), gid(ids["enterprise:"+entV.Agency]), gid(ids["community:"+shalongV.Agency])
		cases := []struct {
			viewer, query string
			vars          map[string]any
			ok            bool
			after         string // a query whose totalCount must stay what it was
		}{
			{"org", `mutation($id: ID!, $t: ID!) { updateSocialOrganization(id: $id, input: {addMemberIDs: [$t]}) { id } }`,
				map[string]any{"id": org, "t": gid(other.ID)}, false, `{ volunteers { totalCount } }`},
			{"org", `mutation($id: ID!, $t: ID!) { updateSocialOrganization(id: $id, input: {addActivityIDs: [$t]}) { id } }`,
				map[string]any{"id": org, "t": gid(xixiaActivity)}, false, `{ activities { totalCount } }`},
			{"org", `mutation($id: ID!, $t: ID!) { updateSocialOrganization(id: $id, input: {addOperatedProjectIDs: [$t]}) { id } }`,
				map[string]any{"id": org, "t": gid(foreignProject)}, false, `{ ledgerEntries { totalCount } }`},
			{"enterprise", `mutation($id: ID!, $t: ID!) { updateEnterprise(id: $id, input: {addRevenueProjectIDs: [$t]}) { id } }`,
				map[string]any{"id": ent_, "t": gid(foreignProject)}, false, `{ ledgerEntries { totalCount } }`},
			{"enterprise", `mutation($id: ID!, $t: ID!) { updateEnterprise(id: $id, input: {addDonationIDs: [$t]}) { id } }`,
				map[string]any{"id": ent_, "t": gid(foreignDonation)}, false, `{ charityResources { totalCount } }`},
			{"shalong", `mutation($id: ID!, $t: ID!) { updateCommunity(id: $id, input: {addVolunteerIDs: [$t]}) { id } }`,
				map[string]any{"id": shalong, "t": gid(other.ID)}, false, `{ volunteers { totalCount } }`},
			{"shalong", `mutation($id: ID!, $t: ID!) { updateCommunity(id: $id, input: {addStationedWorkerIDs: [$t]}) { id } }`,
				map[string]any{"id": shalong, "t": gid(foreignWorker)}, false, `{ socialWorkers { totalCount } }`},
			{"shalong", `mutation($c: ID!, $t: ID!) { createServiceTeam(input: {name: "借来的队", kind: MUTUAL_AID, leadName: "王某", communityID: $c, volunteerIDs: [$t]}) { id } }`,
				map[string]any{"c": shalong, "t": gid(other.ID)}, false, `{ volunteers { totalCount } }`},
			{"shalong", `mutation($id: ID!, $t: ID!) { updateActivity(id: $id, input: {addSchoolIDs: [$t]}) { id } }`,
				map[string]any{"id": gid(shalongActivity), "t": gid(school)}, true, ""},
			{"shalong", `mutation($id: ID!, $t: ID!) { updateVolunteer(id: $id, input: {addOrganizationIDs: [$t]}) { id } }`,
				map[string]any{"id": gid(ownAdult), "t": org}, true, ""},
		}
		for _, c := range cases {
			a := newAPI(t, db, viewerOf(c.viewer), fault.English)
			var before, after map[string]struct{ TotalCount int }
			if c.after != "" {
				a.mustDo(c.after, nil, &before)
			}
			errs := a.do(c.query, c.vars, nil)
			switch {
			case c.ok && len(errs) > 0:
				t.Errorf("%s %s: refused %+v", c.viewer, firstLine(c.query), errs)
			case !c.ok && (len(errs) != 1 || errs[0].code() != string(fault.Forbidden) && errs[0].code() != string(fault.NotFound)):
				t.Errorf("%s %s: %+v, want FORBIDDEN or NOT_FOUND", c.viewer, firstLine(c.query), errs)
			}
			if c.after != "" {
				a.mustDo(c.after, nil, &after)
				for k := range before {
					if after[k] != before[k] {
						t.Errorf("%s %s: %s went from %d to %d", c.viewer, firstLine(c.query), k, before[k].TotalCount, after[k].TotalCount)
					}
				}
			}
		}
	})
}

// safeOneSided are the edges a row's writer may set alone, each because the
// link shares the written row with the other side and gives its writer
// nothing of the other's (the rules' own list must agree).
var safeOneSided = map[string]bool{
	"Activity.enterprises": true, "Activity.groups": true, "Activity.organizations": true, "Activity.schools": true,
	"JointMeeting.community": true, "JointMeeting.division": true, "JointMeeting.departments": true,
	"JointMeeting.enterprises": true, "JointMeeting.organizations": true, "JointMeeting.schools": true,
	"PartnershipAgreement.universities": true, "PartnershipAgreement.departments": true, "PartnershipAgreement.schools": true,
	"PartnershipAgreement.enterprises": true, "PartnershipAgreement.organizations": true,
	"CharityResource.donor_enterprise": true, "CharityResource.donor_organization": true,
	"RevenueProject.operator": true, "RevenueProject.partner": true, "Pairing.group": true,
	"SocialWorker.community": true, "SocialWorker.employer": true, "Volunteer.organizations": true,
	"ServiceTeam.social_workers": true, "ServiceTeam.volunteers": true, "Student.training_batches": true,
	"TrainingBatch.communities": true, "TrainingBatch.universities": true,
	"TeachingSite.community": true, "TeachingSite.division": true, "TeachingSite.university": true,
	"Residency.organization": true, "SharingAgreement.grantee": true,
	"Community.organizations": true, "Community.schools": true, "Community.enterprises": true,
}

// updateInputEdge finds the edge an update input field sets (addMemberIDs,
// communityID).
func updateInputEdge(entity, field string) (string, ent.EdgeTarget, bool) {
	for name, et := range ent.EdgeTargets[entity] {
		var want string
		if et.Unique {
			n := strings.TrimPrefix(et.Setter, "Set")
			want = lowerInitialism(n)
		} else {
			want = "add" + strings.TrimPrefix(et.Setter, "Add")
		}
		if want == field {
			return name, et, true
		}
	}
	return "", ent.EdgeTarget{}, false
}

// lowerInitialism lower-cases the first word of a Go name (APIKeyID → apiKeyID).
func lowerInitialism(s string) string {
	i := 0
	for i < len(s) && s[i] >= 'A' && s[i] <= 'Z' {
		i++
	}
	switch {
	case i == 0:
		return s
	case i == 1 || i == len(s):
		return strings.ToLower(s[:i]) + s[i:]
	default:
		return strings.ToLower(s[:i-1]) + s[i-1:]
	}
}

// TestLinkSweep tries every id-taking input of every update mutation, as
// each kind of writer, on a row it may write, against rows of other
// agencies: a row it may not read answers exactly as a missing row does,
// and a row it may read but not write is refused unless the edge is one a
// writer sets alone.
func TestLinkSweep(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := demoWorld(t, db)
		s := graph.NewExecutableSchema(graph.Config{}).Schema()
		connOf := map[string]string{}
		for conn, typ := range updatable {
			connOf[typ] = conn
		}
		probes, refusals := 0, 0
		for _, name := range []string{"admin", "shalong", "street", "district", "nxu", "org", "enterprise", "school"} {
			v := viewerOf(name)
			t.Run(name, func(t *testing.T) {
				a := newAPI(t, db, v, fault.English)
				visible := func(entity string) []int {
					conn := connOf[entity]
					if _, ok := w.public[conn]; ok {
						return w.public[conn]
					}
					return w.expected(v, conn)
				}
				writable := map[int]bool{}
				canWrite := func(entity string, id int) bool {
					if ok, seen := writable[id]; seen {
						return ok
					}
					errs := a.do(fmt.Sprintf(`mutation($id: ID!) { update%s(id: $id, input: {}) { id } }`, entity), map[string]any{"id": gid(id)}, nil)
					writable[id] = len(errs) == 0
					return writable[id]
				}
				entities := make([]string, 0, len(connOf))
				for e := range connOf {
					entities = append(entities, e)
				}
				sort.Strings(entities)
				for _, entity := range entities {
					own := 0
					for i, id := range visible(entity) {
						if i >= 40 {
							break
						}
						if canWrite(entity, id) {
							own = id
							break
						}
					}
					input := s.Types["Update"+entity+"Input"]
					if own == 0 || input == nil {
						continue
					}
					for _, f := range input.Fields {
						edge, et, ok := updateInputEdge(entity, f.Name)
						if !ok || connOf[et.Type] == "" {
							continue
						}
						arg := "$t"
						if f.Type.Elem != nil {
							arg = "[$t]"
						}
						q := fmt.Sprintf(`mutation($id: ID!, $t: ID!) { update%s(id: $id, input: {%s: %s}) { id } }`, entity, f.Name, arg)
						seen := visible(et.Type)
						all := w.allIDs(connOf[et.Type])
						if _, ok := w.public[connOf[et.Type]]; ok {
							all = w.public[connOf[et.Type]]
						}
						for _, id := range all {
							if contains(seen, id) {
								continue
							}
							probes++
							sameAnswer(t, fmt.Sprintf("%s %s.%s → hidden %s", name, entity, f.Name, et.Type),
								a.do(q, map[string]any{"id": gid(own), "t": gid(id)}, nil),
								a.do(q, map[string]any{"id": gid(own), "t": gid(missingID(all))}, nil))
							break
						}
						if safeOneSided[entity+"."+edge] {
							continue
						}
						for i, id := range seen {
							if i >= 40 {
								break
							}
							if canWrite(et.Type, id) {
								continue
							}
							probes++
							errs := a.do(q, map[string]any{"id": gid(own), "t": gid(id)}, nil)
							if len(errs) == 0 {
								t.Errorf("%s links its %s %d to %s %d, which it may not change, through %s", name, entity, own, et.Type, id, f.Name)
							} else {
								refusals++
							}
							break
						}
					}
				}
			})
		}
		t.Logf("%d probes, %d links to rows the writer may not change refused", probes, refusals)
		if probes < 100 {
			t.Errorf("only %d probes: the sweep no longer reaches the mutations", probes)
		}
	})
}
