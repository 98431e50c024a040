package scale_test

import (
	"context"
	"fmt"
	"math"
	"testing"

	"entgo.io/ent/dialect"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/ent/activity"
	"github.com/wushehub/wushe/ent/division"
	"github.com/wushehub/wushe/ent/pairing"
	_ "github.com/wushehub/wushe/ent/runtime"
	"github.com/wushehub/wushe/ent/schema/enum"
	"github.com/wushehub/wushe/ent/socialorganization"
	"github.com/wushehub/wushe/ent/socialworker"
	"github.com/wushehub/wushe/ent/student"
	"github.com/wushehub/wushe/ent/studentgroup"
	"github.com/wushehub/wushe/ent/university"
	"github.com/wushehub/wushe/ent/volunteer"
	"github.com/wushehub/wushe/internal/audit"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/dashboard"
	"github.com/wushehub/wushe/internal/scale"
	"github.com/wushehub/wushe/internal/store"
	"github.com/wushehub/wushe/internal/store/storetest"
)

func district(t *testing.T) scale.Size {
	t.Helper()
	s, err := scale.SizeNamed("district")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func load(t *testing.T, db *store.DB, s scale.Size) {
	t.Helper()
	if err := scale.Load(context.Background(), db, s, nil); err != nil {
		t.Fatal(err)
	}
}

// TestDeterministic loads the district twice, into two fresh databases of
// one kind: the same rows in every table (the same counts and checksum),
// and the counts the size promises.
func TestDeterministic(t *testing.T) {
	storetest.Each(t, func(t *testing.T, first *store.DB) {
		ctx := context.Background()
		s := district(t)
		kind := "sqlite"
		if first.Dialect == dialect.Postgres {
			kind = "postgres"
		}
		second := storetest.Open(t, kind)
		var counts [2][]scale.Count
		var sums [2]string
		for i, db := range []*store.DB{first, second} {
			load(t, db, s)
			var err error
			if counts[i], err = scale.Counts(ctx, db); err != nil {
				t.Fatal(err)
			}
			if sums[i], err = scale.Checksum(ctx, db); err != nil {
				t.Fatal(err)
			}
		}
		if fmt.Sprint(counts[0]) != fmt.Sprint(counts[1]) {
			t.Errorf("counts differ:\n%v\n%v", counts[0], counts[1])
		}
		if sums[0] != sums[1] {
			t.Errorf("checksums differ: %s, %s", sums[0], sums[1])
		}
		want := map[string]int64{
			"divisions":   1 + 1 + 1 + 5,
			"communities": int64(s.Communities()),
			"students":    int64(s.Universities * s.StudentsPerUniversity),
			"volunteers":  int64(s.Communities() * s.VolunteersPerCommunity),
			"activities":  int64(s.Communities() * s.ActivitiesPerCommunity),
			// the platform, a district, 5 streets, 100 communities, 6
			// universities, 1 organisation
			"agencies": 1 + 1 + 5 + 100 + 6 + 1,
		}
		for _, c := range counts[0] {
			if w, ok := want[c.Table]; ok && c.Rows != w {
				t.Errorf("%s: %d rows, want %d", c.Table, c.Rows, w)
			}
			if c.Rows == 0 {
				t.Errorf("%s: no rows", c.Table)
			}
		}
		t.Logf("checksum %s", sums[0])
	})
}

// TestRefusesNonEmpty: Empty says no once a data set is loaded.
func TestRefusesNonEmpty(t *testing.T) {
	db := storetest.SQLite(t)
	ctx := context.Background()
	if empty, err := scale.Empty(ctx, db); err != nil || !empty {
		t.Fatalf("fresh database: empty %v, %v", empty, err)
	}
	if _, err := authz.SyncAgencies(ctx, db.Client); err != nil { // the platform's agency alone
		t.Fatal(err)
	}
	if empty, err := scale.Empty(ctx, db); err != nil || !empty {
		t.Fatalf("with the platform's agency: empty %v, %v", empty, err)
	}
	db.Client.Division.Create().SetCode("370102000000").SetName("历下区").SetLevel("DISTRICT").SaveX(authz.SystemContext(ctx))
	if empty, err := scale.Empty(ctx, db); err != nil || empty {
		t.Fatalf("with a division: empty %v, %v", empty, err)
	}
}

// TestHubChecks runs the hub's own checks on the district: the audit chain
// verifies, the activity rollups equal the sums of the activities, the
// dashboard of the district equals its figures computed from the rows, and
// the rows pass the write rules — every row through the field validators,
// and a sample of each entity rewritten through ent, whose hooks check the
// rules that span fields and rows.
func TestHubChecks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		sys := authz.SystemContext(ctx)
		load(t, db, district(t))

		v, err := audit.Verify(sys, db.Client)
		if err != nil || !v.OK {
			t.Errorf("audit verify: %+v, %v", v, err)
		}

		// The rollups, kept by the triggers, against the activities.
		month := "substr(CAST(a.held_on AS TEXT), 1, 7)"
		var diff int
		if err := db.SQL.QueryRow(`SELECT COUNT(*) FROM (
			SELECT c.street_id, ` + month + ` AS month, a.category, COUNT(*) AS n, SUM(a.participants) AS p, SUM(a.volunteer_hours) AS h,
			       SUM(CASE WHEN a.off_site THEN 1 ELSE 0 END) AS o
			FROM activities a JOIN communities c ON c.id = a.community_id GROUP BY 1, 2, 3) w
			FULL OUTER JOIN activity_rollups r ON r.street_id = w.street_id AND r.month = w.month AND r.category = w.category
			WHERE w.n IS NULL OR r.activities IS NULL OR r.activities <> w.n OR r.participants <> w.p OR r.off_site <> w.o
			   OR ABS(r.volunteer_hours - w.h) > 0.001`).Scan(&diff); err != nil {
			t.Fatal(err)
		}
		if diff != 0 {
			t.Errorf("%d activity rollups disagree with the activities", diff)
		}

		// The dashboard of the district, as the platform, against the rows.
		id := db.Client.Division.Query().Where(division.Code(scale.DistrictCode)).OnlyIDX(sys)
		admin := authz.NewContext(ctx, authz.Viewer{Subject: "test", Role: authz.PlatformAdmin})
		d, err := dashboard.New(db.Client).Get(admin, dashboard.Request{Area: id})
		if err != nil {
			t.Fatal(err)
		}
		var rows struct {
			communities, households, population, paired, active                      int64
			activities, participants, offSite, volunteers, workers, certified, teams int64
			hours, volunteerHours                                                    float64
		}
		scan := func(q string, dst ...any) {
			t.Helper()
			if err := db.SQL.QueryRow(q).Scan(dst...); err != nil {
				t.Fatalf("%v\n%s", err, q)
			}
		}
		scan(`SELECT COUNT(*), SUM(households), SUM(population) FROM communities`, &rows.communities, &rows.households, &rows.population)
		scan(`SELECT COUNT(DISTINCT community_id), COUNT(*) FROM pairings WHERE status = 'ACTIVE'`, &rows.paired, &rows.active)
		scan(`SELECT COUNT(*), SUM(participants), SUM(volunteer_hours), SUM(CASE WHEN off_site THEN 1 ELSE 0 END) FROM activities`,
			&rows.activities, &rows.participants, &rows.hours, &rows.offSite)
		scan(`SELECT COUNT(*), SUM(hours) FROM volunteers`, &rows.volunteers, &rows.volunteerHours)
		scan(`SELECT COUNT(*), SUM(CASE WHEN level <> 'NONE' THEN 1 ELSE 0 END) FROM social_workers`, &rows.workers, &rows.certified)
		scan(`SELECT COUNT(*) FROM service_teams`, &rows.teams)
		for _, c := range []struct {
			name      string
			got, want any
		}{
			{"communities", d.Communities, rows.communities},
			{"households", d.Households, rows.households},
			{"population", d.Population, rows.population},
			{"paired communities", d.Pairing.Paired, rows.paired},
			{"active pairings", d.Pairing.ActivePairings, rows.active},
			{"activities", d.Activities.Total.Count, rows.activities},
			{"participants", d.Activities.Total.Participants, dashboard.Count{Value: rows.participants}},
			{"off-site activities", d.Activities.Total.OffSite, rows.offSite},
			{"activity volunteer hours", math.Round(d.Activities.Total.VolunteerHours), math.Round(rows.hours)},
			{"volunteers", d.Volunteers.Total, dashboard.Count{Value: rows.volunteers}},
			{"volunteer hours", math.Round(d.Volunteers.Hours.Value), math.Round(rows.volunteerHours)},
			{"service teams", d.Volunteers.ServiceTeams, rows.teams},
			{"social workers", d.Workers.Total, dashboard.Count{Value: rows.workers}},
			{"certified social workers", d.Workers.Certified, dashboard.Count{Value: rows.certified}},
		} {
			if fmt.Sprint(c.got) != fmt.Sprint(c.want) {
				t.Errorf("dashboard %s: %v, rows say %v", c.name, c.got, c.want)
			}
		}
		if len(d.Breakdown) != 5 {
			t.Errorf("dashboard breakdown: %d streets, want 5", len(d.Breakdown))
		}

		validators(t, sys, db.Client)
		rewrite(t, sys, db.Client)
	})
}

// validators runs the field validators of ent on every row's checked
// identifiers.
func validators(t *testing.T, ctx context.Context, client *ent.Client) {
	t.Helper()
	check := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Errorf("%s: %v", what, err)
		}
	}
	for _, v := range client.Volunteer.Query().AllX(ctx) {
		check("volunteer "+v.IDNumber, volunteer.IDNumberValidator(v.IDNumber))
		check("volunteer phone "+v.Phone, volunteer.PhoneValidator(v.Phone))
	}
	for _, w := range client.SocialWorker.Query().AllX(ctx) {
		check("social worker "+w.IDNumber, socialworker.IDNumberValidator(w.IDNumber))
	}
	for _, o := range client.SocialOrganization.Query().AllX(ctx) {
		check("organisation "+o.Uscc, socialorganization.UsccValidator(o.Uscc))
	}
	for _, u := range client.University.Query().AllX(ctx) {
		check("university "+u.Code, university.CodeValidator(u.Code))
	}
	for _, s := range client.Student.Query().AllX(ctx) {
		check("student phone "+s.Phone, student.PhoneValidator(s.Phone))
	}
}

// rewrite writes a sample of each entity again, with its own values,
// through ent in a transaction that is rolled back: the field validators
// and the hooks (ID number and birth date, credit code and kind, at most
// three ACTIVE pairings, 1+2+N teams, consultation dates, ledger
// categories, training phases, agreement parties, division and community
// codes and nesting) must accept them.
func rewrite(t *testing.T, ctx context.Context, client *ent.Client) {
	t.Helper()
	tx, err := client.Tx(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback() //nolint:errcheck // nothing is kept
	c := tx.Client()
	fail := func(what string, id int, err error) {
		t.Helper()
		if err != nil {
			t.Errorf("rewriting %s %d: %v", what, id, err)
		}
	}
	for _, d := range c.Division.Query().WithParent().AllX(ctx) {
		u := c.Division.UpdateOne(d).SetCode(d.Code).SetLevel(d.Level)
		if d.Edges.Parent != nil {
			u.SetParentID(d.Edges.Parent.ID)
		}
		_, err := u.Save(ctx)
		fail("division", d.ID, err)
	}
	for _, x := range c.Community.Query().AllX(ctx) {
		_, err := c.Community.UpdateOne(x).SetCode(x.Code).SetStreetID(x.StreetID).SetHouseholds(x.Households).Save(ctx)
		fail("community", x.ID, err)
	}
	for i, v := range c.Volunteer.Query().AllX(ctx) {
		if i%37 == 0 {
			_, err := c.Volunteer.UpdateOne(v).SetIDNumber(v.IDNumber).SetBirthDate(*v.BirthDate).SetPhone(v.Phone).SetKind(v.Kind).SetHours(v.Hours).Save(ctx)
			fail("volunteer", v.ID, err)
		}
	}
	for i, w := range c.SocialWorker.Query().AllX(ctx) {
		if i%7 == 0 {
			_, err := c.SocialWorker.UpdateOne(w).SetIDNumber(w.IDNumber).SetCommunityID(*w.CommunityID).SetLevel(w.Level).Save(ctx)
			fail("social worker", w.ID, err)
		}
	}
	for _, o := range c.SocialOrganization.Query().AllX(ctx) {
		_, err := c.SocialOrganization.UpdateOne(o).SetUscc(o.Uscc).SetKind(o.Kind).Save(ctx)
		fail("organisation", o.ID, err)
	}
	for _, p := range c.Pairing.Query().Where(pairing.StatusEQ(pairing.StatusACTIVE)).AllX(ctx) {
		_, err := c.Pairing.UpdateOne(p).SetStatus(p.Status).SetCommunityID(p.CommunityID).SetGroupID(p.GroupID).Save(ctx)
		fail("pairing", p.ID, err)
	}
	for _, s := range c.ServiceTeam.Query().AllX(ctx) {
		_, err := c.ServiceTeam.UpdateOne(s).SetCommunityID(s.CommunityID).Save(ctx)
		fail("service team", s.ID, err)
	}
	for i, x := range c.Consultation.Query().AllX(ctx) {
		if i%11 == 0 {
			u := c.Consultation.UpdateOne(x).SetStatus(x.Status).SetRaisedOn(x.RaisedOn)
			if x.ResolvedOn != nil {
				u.SetResolvedOn(*x.ResolvedOn)
			}
			_, err := u.Save(ctx)
			fail("consultation", x.ID, err)
		}
	}
	for i, e := range c.LedgerEntry.Query().AllX(ctx) {
		if i%13 == 0 {
			_, err := c.LedgerEntry.UpdateOne(e).SetDirection(e.Direction).SetCategory(e.Category).Save(ctx)
			fail("ledger entry", e.ID, err)
		}
	}
	for _, b := range c.TrainingBatch.Query().AllX(ctx) {
		u := c.TrainingBatch.UpdateOne(b).SetPhase(b.Phase).SetCompleted(b.Completed).SetStartedOn(b.StartedOn)
		if b.EndedOn != nil {
			u.SetEndedOn(*b.EndedOn)
		}
		_, err := u.Save(ctx)
		fail("training batch", b.ID, err)
	}
	for _, a := range c.PartnershipAgreement.Query().AllX(ctx) {
		_, err := c.PartnershipAgreement.UpdateOne(a).SetKind(a.Kind).Save(ctx)
		fail("agreement", a.ID, err)
	}
	// New rows take ids after the data set's (PostgreSQL's sequences moved
	// with the rows).
	last := c.Activity.Query().Aggregate(ent.Max(activity.FieldID)).IntX(ctx)
	x0 := c.Community.Query().FirstX(ctx)
	a, err := c.Activity.Create().SetTitle("新活动").SetCategory(enum.Elderly).SetHeldOn(x0.CreatedAt).SetCommunityID(x0.ID).Save(ctx)
	switch {
	case err != nil:
		t.Errorf("a new activity after the data set: %v", err)
	case a.ID <= last:
		t.Errorf("a new activity after the data set has id %d, not after %d", a.ID, last)
	}
	// A fourth ACTIVE pairing is refused: the rule does run on these rows.
	var x *ent.Community
	for _, y := range c.Community.Query().WithPairings().AllX(ctx) {
		if len(y.Edges.Pairings) == 3 {
			x = y
			break
		}
	}
	if x == nil {
		t.Fatal("no community with 3 pairings")
	}
	var taken []int
	for _, p := range x.Edges.Pairings {
		taken = append(taken, p.GroupID)
	}
	g := c.StudentGroup.Query().Where(studentgroup.IDNotIn(taken...)).FirstIDX(ctx)
	if _, err := c.Pairing.Create().SetCommunityID(x.ID).SetGroupID(g).SetStatus(pairing.StatusACTIVE).Save(ctx); err == nil {
		t.Errorf("a fourth ACTIVE pairing of community %s was accepted", x.Code)
	}
}
