package records_test

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/ent/servicerecord"
	"github.com/wushehub/wushe/ent/talentrecord"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/records"
	"github.com/wushehub/wushe/internal/store"
	"github.com/wushehub/wushe/internal/store/storetest"
)

// versionBefore returns the version of the migration that precedes the one
// whose file name ends in suffix, in dialect d's directory.
func versionBefore(t *testing.T, d, suffix string) int64 {
	t.Helper()
	entries, err := fs.ReadDir(store.Migrations, store.MigrationsDir(d))
	if err != nil {
		t.Fatal(err)
	}
	var prev int64
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		v, err := strconv.ParseInt(strings.SplitN(e.Name(), "_", 2)[0], 10, 64)
		if err != nil {
			t.Fatalf("migration %s: %v", e.Name(), err)
		}
		if strings.HasSuffix(e.Name(), suffix) {
			if prev == 0 {
				t.Fatalf("no migration before %s", e.Name())
			}
			return prev
		}
		prev = v
	}
	t.Fatalf("no migration named *%s", suffix)
	return 0
}

// oldDB is a database at the schema before service records, for raw
// inserts as the hub of that time made them.
type oldDB struct {
	t  *testing.T
	db *store.DB
}

// insert runs an INSERT … RETURNING id with ? placeholders.
func (o oldDB) insert(query string, args ...any) int {
	o.t.Helper()
	if o.db.Dialect == dialect.Postgres {
		n := 0
		query = replaceEach(query, "?", func() string { n++; return fmt.Sprintf("$%d", n) })
	}
	var id int
	if err := o.db.SQL.QueryRowContext(context.Background(), query+" RETURNING id", args...).Scan(&id); err != nil {
		o.t.Fatalf("%s: %v", query, err)
	}
	return id
}

// json is a JSON column's value as ent of that time wrote it: bytes on
// SQLite, text on PostgreSQL.
func (o oldDB) json(s string) any {
	if s == "" {
		return nil
	}
	if o.db.Dialect == dialect.Postgres {
		return s
	}
	return []byte(s)
}

func replaceEach(s, old string, f func() string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, old)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteString(f())
		s = s[i+len(old):]
	}
}

// TestUpgradeCarriesOver builds a database at the schema before service
// records, with social workers holding titles, volunteers with typed-in
// hours and a points ledger, applies the rest of the migrations, and checks
// that the titles became talent records, the hours an opening record that
// the derived hours, stars and balance agree with, and that a confirmation
// afterwards adds to the old hours.
func TestUpgradeCarriesOver(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
		if _, err := db.MigrateTo(ctx, quiet, versionBefore(t, db.Dialect, "_volunteer_service_records.sql")); err != nil {
			t.Fatalf("migrate to the schema before service records: %v", err)
		}
		o := oldDB{t, db}
		created := time.Date(2023, 5, 1, 8, 0, 0, 0, time.UTC)
		at := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
		div := func(code, name, level string, parent any, stars string) int {
			return o.insert("INSERT INTO divisions (created_at, updated_at, code, name, level, parent_id, volunteer_star_hours) VALUES (?, ?, ?, ?, ?, ?, ?)",
				at, at, code, name, level, parent, o.json(stars))
		}
		prov := div("640000000000", "宁夏回族自治区", "PROVINCE", nil, "")
		city := div("640100000000", "银川市", "CITY", prov, "")
		xixia := div("640105000000", "西夏区", "DISTRICT", city, "[2, 5, 9]")
		street := div("640105001000", "西花园路街道", "STREET", xixia, "")
		gz := div("520000000000", "贵州省", "PROVINCE", nil, "")
		sc := div("520204000000", "水城区", "DISTRICT", gz, "")
		ss := div("520204002000", "双水街道", "STREET", sc, "")
		comm := func(code, name string, street int) int {
			return o.insert("INSERT INTO communities (created_at, updated_at, code, name, street_id) VALUES (?, ?, ?, ?, ?)", at, at, code, name, street)
		}
		kang := comm("640105001002", "康庄社区", street)
		shalong := comm("520204002012", "沙龙社区", ss)
		worker := func(name, titles string, community any) int {
			return o.insert("INSERT INTO social_workers (created_at, updated_at, name, titles, community_id) VALUES (?, ?, ?, ?, ?)",
				created, at, name, o.json(titles), community)
		}
		w1 := worker("马社工", `["银川市高精尖缺人才", "西夏区科创菁英", "银川市高精尖缺人才", " "]`, kang)
		w2 := worker("李社工", `["银川市大学生住房保障"]`, kang)
		w3 := worker("张社工", "", nil)
		w4 := worker("赵社工", `[]`, shalong)
		vol := func(name string, hours float64, community any) int {
			return o.insert("INSERT INTO volunteers (created_at, updated_at, name, kind, hours, community_id) VALUES (?, ?, ?, 'RESIDENT', ?, ?)",
				at, at, name, hours, community)
		}
		ma := vol("马兰", 6.5, kang)      // Xixia's thresholds 2, 5, 9: two stars
		wang := vol("王芳", 350, shalong) // the defaults 100, 300, …: two stars
		none := vol("杨帆", 0, kang)      // no hours, no record
		lone := vol("刘洋", 120, nil)     // no community: no record can hold the hours
		for _, p := range []int{30, -5} {
			o.insert("INSERT INTO points_entries (created_at, updated_at, points, reason, occurred_on, volunteer_id) VALUES (?, ?, ?, '参加议事', ?, ?)",
				at, at, p, at.Truncate(24*time.Hour), ma)
		}
		if _, err := db.Migrate(ctx, quiet); err != nil {
			t.Fatalf("migrate the rest: %v", err)
		}

		c := db.Client
		sctx := sys()
		type talent struct {
			kind       talentrecord.Kind
			name, by   string
			year, whom int
		}
		var got []talent
		for _, r := range c.TalentRecord.Query().Order(ent.Asc(talentrecord.FieldID)).AllX(sctx) {
			got = append(got, talent{r.Kind, r.Name, r.GrantedBy, r.Year, r.SocialWorkerID})
		}
		want := []talent{
			{talentrecord.KindTITLE, "西夏区科创菁英", "（迁移前录入）", 2023, w1},
			{talentrecord.KindTITLE, "银川市高精尖缺人才", "（迁移前录入）", 2023, w1},
			{talentrecord.KindBENEFIT, "银川市大学生住房保障", "（迁移前录入）", 2023, w2},
		}
		slices.SortFunc(got, func(a, b talent) int { return cmpTalent(a.whom, a.name, b.whom, b.name) })
		slices.SortFunc(want, func(a, b talent) int { return cmpTalent(a.whom, a.name, b.whom, b.name) })
		if !slices.Equal(got, want) {
			t.Errorf("talent records: got %+v, want %+v (none for workers %d and %d)", got, want, w3, w4)
		}

		recs := c.ServiceRecord.Query().Order(ent.Asc(servicerecord.FieldVolunteerID)).AllX(sctx)
		if len(recs) != 2 {
			t.Fatalf("opening records: got %d, want 2 (one each for the volunteers with hours and a community)", len(recs))
		}
		for i, want := range []struct {
			vol, comm int
			hours     float64
		}{{ma, kang, 6.5}, {wang, shalong, 350}} {
			r := recs[i]
			if r.VolunteerID != want.vol || r.CommunityID != want.comm || r.Hours != want.hours || r.Status != servicerecord.StatusCONFIRMED ||
				r.Source != servicerecord.SourceMIGRATED || r.Kind != servicerecord.KindSERVICE || r.ConfirmedAt == nil || !strings.Contains(r.Content, "结转") {
				t.Errorf("opening record %d: got %+v, want volunteer %d of community %d, %v hours, CONFIRMED, MIGRATED, SERVICE, explained", i, r, want.vol, want.comm, want.hours)
			}
		}

		for _, want := range []struct {
			id, stars, balance int
			hours              float64
		}{{ma, 2, 25, 6.5}, {wang, 2, 0, 350}, {none, 0, 0, 0}, {lone, 1, 0, 120}} {
			v := c.Volunteer.GetX(sctx, want.id)
			if v.Hours != want.hours || v.StarLevel != want.stars || len(v.StarsReached) != want.stars || v.PointsBalance != want.balance {
				t.Errorf("volunteer %s: got %v hours, %d stars (%v), balance %d; want %v, %d, %d", v.Name, v.Hours, v.StarLevel, v.StarsReached, v.PointsBalance, want.hours, want.stars, want.balance)
			}
		}

		// A confirmation after the upgrade adds to the old hours; the
		// levels reached before keep their dates.
		if _, err := authz.SyncAgencies(sctx, c); err != nil {
			t.Fatal(err)
		}
		svc := records.New(c, records.NewSigner([]byte(strings.Repeat("k", 32))))
		before := c.Volunteer.GetX(sctx, ma).StarsReached
		act := c.Activity.Create().SetTitle("敬老助残入户探访").SetCategory("ELDERLY_DISABLED").
			SetHeldOn(time.Now().UTC().Truncate(24 * time.Hour)).SetCommunityID(kang).SaveX(sctx)
		octx := as(c, authz.Viewer{Subject: "officer@640105001002", Agency: "640105001002", Role: authz.CommunityOfficer})
		start := time.Now().Add(-4 * time.Hour).Truncate(time.Second)
		rec, err := svc.Record(octx, records.Manual{Volunteer: ma, Activity: act.ID, Start: start, End: start.Add(3 * time.Hour), Content: "入户探访"})
		if err != nil {
			t.Fatalf("record: %v", err)
		}
		if _, err := svc.Confirm(octx, rec.ID, nil, ""); err != nil {
			t.Fatalf("confirm: %v", err)
		}
		v := c.Volunteer.GetX(sctx, ma)
		if v.Hours != 9.5 || v.StarLevel != 3 || len(v.StarsReached) != 3 || !v.StarsReached[0].Equal(before[0]) || !v.StarsReached[1].Equal(before[1]) {
			t.Fatalf("after a confirmation: got %v hours, %d stars (%v), want 6.5 + 3 = 9.5, 3 stars, the first two dated as before (%v)", v.Hours, v.StarLevel, v.StarsReached, before)
		}
		// The opening record is corrected as any confirmed one: reversed.
		if _, _, err := svc.Reverse(octx, recs[0].ID, "升级前时长有误", nil); err != nil {
			t.Fatalf("reverse the opening record: %v", err)
		}
		if v := c.Volunteer.GetX(sctx, ma); v.Hours != 3 || v.StarLevel != 1 {
			t.Fatalf("after reversing the opening record: got %v hours, %d stars, want 3, 1", v.Hours, v.StarLevel)
		}
	})
}

func cmpTalent(w1 int, n1 string, w2 int, n2 string) int {
	if w1 != w2 {
		return w1 - w2
	}
	return strings.Compare(n1, n2)
}

// each runs f on a fresh, unmigrated SQLite database and, when
// WUSHE_TEST_POSTGRES is set, PostgreSQL database.
func each(t *testing.T, f func(t *testing.T, db *store.DB)) {
	t.Helper()
	open := func(t *testing.T, dsn string) *store.DB {
		db, err := store.Open(context.Background(), dsn)
		if err != nil {
			t.Fatalf("open: %v", err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	t.Run("sqlite", func(t *testing.T) {
		db := open(t, store.SQLiteMemory(t.Name()+"-"+strconv.FormatInt(time.Now().UnixNano(), 36)))
		db.SQL.SetMaxIdleConns(4)
		db.SQL.SetConnMaxLifetime(0)
		f(t, db)
	})
	t.Run("postgres", func(t *testing.T) { f(t, open(t, storetest.PostgresDSN(t))) })
}
