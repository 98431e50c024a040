package importer_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/wushehub/wushe/ent/community"
	"github.com/wushehub/wushe/ent/volunteer"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/demo"
	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/importer"
	"github.com/wushehub/wushe/internal/store"
	"github.com/wushehub/wushe/internal/store/storetest"
)

// TestBatchLookup: the records of a sheet's rows are looked up by natural
// key a batch at a time, not a row at a time, and each row still finds
// what a row written alone would: the record it updates, the row before it
// that created the record it names by another key.
func TestBatchLookup(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		loadDemo(t, db)
		im := &importer.Importer{Client: db.Client, Dialect: db.Dialect}
		const n = 1200
		register := func(day func(i int) int) string {
			var b strings.Builder
			b.WriteString("社区代码,姓名,公民身份号码,志愿者类别,注册日期\n")
			for i := range n {
				fmt.Fprintf(&b, "%s,批量%d,%s,居民志愿者,2024-05-%02d\n", demo.ShalongCode, i, id(1000+i), day(i))
			}
			return b.String()
		}
		run := func(csv string) (*importer.Report, int64) {
			t.Helper()
			ctx, count := store.CountStatements(viewer(t, authz.CommunityOfficer))
			rep, err := im.Import(ctx, spec(t, "volunteer"), strings.NewReader(csv), importer.CSV, importer.Options{Lang: fault.English}, nil)
			if err != nil {
				t.Fatal(err)
			}
			return rep, count.Load()
		}
		rep, stmts := run(register(func(int) int { return 1 }))
		if rep.Created != n || !rep.Committed {
			t.Fatalf("first import: created %d of %d, committed %v", rep.Created, n, rep.Committed)
		}
		// Per batch of 500 rows: a savepoint and its release, one lookup,
		// one INSERT of the records, the chain's head, lock and entries.
		if max := int64(10 * (n/500 + 1)); stmts > max {
			t.Errorf("first import: %d statements for %d rows, want at most %d", stmts, n, max)
		}
		rep, stmts = run(register(func(i int) int { return 1 + i%2 }))
		if rep.Updated != n/2 || rep.Unchanged != n/2 || rep.Created != 0 {
			t.Errorf("second import: created %d, updated %d, unchanged %d; want 0, %d, %d", rep.Created, rep.Updated, rep.Unchanged, n/2, n/2)
		}
		// Updates are written one by one (the audit hook reads the ids an
		// update touches, the update, the updated record read back): three
		// statements per updated row, none per unchanged one, beside the
		// batches' own.
		if max := int64(3*n/2 + 10*(n/500+1)); stmts > max {
			t.Errorf("second import: %d statements for %d rows, want at most %d", stmts, n, max)
		}
		shalong, err := db.Client.Community.Query().Where(community.Code(demo.ShalongCode)).OnlyID(sys())
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.Client.Volunteer.Query().Where(volunteer.CommunityID(shalong), volunteer.NameHasPrefix("批量")).Count(sys())
		if err != nil || got != n {
			t.Errorf("volunteers after two imports: %d (%v), want %d", got, err, n)
		}

		// A row matched by name finds the record the row before it created
		// with an ID number, as if each row were written alone.
		mixed := "社区代码,姓名,公民身份号码,志愿者类别,注册日期\n" +
			demo.ShalongCode + ",混合," + id(3000) + ",居民志愿者,2024-05-03\n" +
			demo.ShalongCode + ",混合,,居民志愿者,2024-05-04\n"
		rep, _ = run(mixed)
		if want := "row 2 CREATED\nrow 3 UPDATED\n"; summary(rep) != want {
			t.Errorf("mixed keys: report\n%s\nwant\n%s", summary(rep), want)
		}
		vs, err := db.Client.Volunteer.Query().Where(volunteer.CommunityID(shalong), volunteer.Name("混合")).All(sys())
		if err != nil || len(vs) != 1 || vs[0].RegisteredOn == nil || vs[0].RegisteredOn.Day() != 4 {
			t.Errorf("mixed keys: %d records (%v), want one registered on the 4th", len(vs), err)
		}
	})
}
