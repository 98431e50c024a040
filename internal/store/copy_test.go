package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/ent/auditentry"
	"github.com/wushehub/wushe/ent/division"
	"github.com/wushehub/wushe/internal/audit"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/store"
	"github.com/wushehub/wushe/internal/store/storetest"
)

// TestBulkCopy: a bulk write under WithBulkCopy stores what the same write
// stores without it — the rows, their ids in order, NULLs, the audit
// entries of the hash chain — on both databases (COPY on PostgreSQL, the
// INSERT on SQLite), a bulk INSERT sent again in one transaction is
// prepared once and gives the same results, and a duplicate key fails
// with the database's constraint error either way.
func TestBulkCopy(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		sctx := authz.SystemContext(context.Background())
		write := func(ctx context.Context, prefix string, n int) []*ent.Division {
			t.Helper()
			tx, err := db.Client.Tx(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var out []*ent.Division
			for batch := range 3 { // the same statement thrice: prepared from the second
				bs := make([]*ent.DivisionCreate, n)
				for i := range bs {
					bs[i] = tx.Division.Create().SetCode(fmt.Sprintf("%s%03d000", prefix, batch*n+i+1)).SetName(fmt.Sprintf("区划%d", i)).SetLevel("STREET")
				}
				got, err := tx.Division.CreateBulk(bs...).Save(ctx)
				if err != nil {
					tx.Rollback()
					t.Fatalf("bulk create: %v", err)
				}
				out = append(out, got...)
			}
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
			return out
		}
		before := store.Copies()
		plain := write(sctx, "110101", 100)
		if store.Copies() != before {
			t.Fatal("an INSERT went as COPY without WithBulkCopy")
		}
		copied := write(store.WithBulkCopy(sctx), "120101", 100)
		if want := map[bool]int64{true: 3, false: 0}[db.Dialect == dialect.Postgres]; store.Copies()-before != want {
			t.Fatalf("%d INSERTs went as COPY, want %d", store.Copies()-before, want)
		}
		if len(copied) != len(plain) {
			t.Fatalf("%d rows written, want %d", len(copied), len(plain))
		}
		for i, d := range copied {
			got, err := db.Client.Division.Get(sctx, d.ID)
			if err != nil {
				t.Fatalf("row %d (id %d) not stored: %v", i, d.ID, err)
			}
			if got.Code != d.Code || got.Name != d.Name || got.Level != d.Level || got.ParentID != nil {
				t.Fatalf("row %d stored as %+v, written as %+v", i, got, d)
			}
			if i > 0 && d.ID <= copied[i-1].ID {
				t.Fatalf("ids not in order: %d after %d", d.ID, copied[i-1].ID)
			}
		}
		if copied[0].ID <= plain[len(plain)-1].ID {
			t.Errorf("copied ids start at %d, not after the sequence's %d", copied[0].ID, plain[len(plain)-1].ID)
		}
		// A later ordinary insert takes the next id of the sequence.
		next, err := db.Client.Division.Create().SetCode("130101001000").SetName("后").SetLevel("STREET").Save(sctx)
		if err != nil {
			t.Fatal(err)
		}
		if next.ID <= copied[len(copied)-1].ID {
			t.Errorf("next id %d, not after the copied rows' %d", next.ID, copied[len(copied)-1].ID)
		}
		n, err := db.Client.Division.Query().Where(division.CodeHasPrefix("120101")).Count(sctx)
		if err != nil || n != 300 {
			t.Fatalf("copied rows counted %d, %v; want 300", n, err)
		}
		// Audit entries appended in bulk (as an import's are) make one chain
		// that verifies, with NULLs and field lists as stored without COPY.
		for _, ctx := range []context.Context{sctx, store.WithBulkCopy(sctx)} {
			tx, err := db.Client.Tx(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var entries []audit.Entry
			for _, d := range copied[:200] {
				entries = append(entries, audit.Entry{At: time.Now(), Subject: "s", Role: "COMMUNITY_OFFICER", Operation: "import division",
					Action: auditentry.ActionCREATE, Entity: "Division", EntityID: d.ID, Fields: []string{"code", "name"}})
			}
			if err := audit.Append(ctx, tx.Client(), db.Dialect, entries...); err != nil {
				tx.Rollback()
				t.Fatalf("appending audit entries: %v", err)
			}
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
		}
		res, err := audit.Verify(sctx, db.Client)
		if err != nil || !res.OK || res.Checked != 400 {
			t.Fatalf("audit chain after bulk copy: %+v, %v (want 400 entries)", res, err)
		}
		stored, err := db.Client.AuditEntry.Query().Order(ent.Asc(auditentry.FieldSeq)).All(sctx)
		if err != nil {
			t.Fatal(err)
		}
		for i := range 200 {
			a, b := stored[i], stored[200+i]
			if a.EntityID == 0 || a.EntityID != b.EntityID || a.Agency != b.Agency || a.Purpose != b.Purpose ||
				strings.Join(a.Fields, ",") != strings.Join(b.Fields, ",") || a.Subject != b.Subject {
				t.Fatalf("entry %d stored as %+v with COPY, %+v without", i, b, a)
			}
		}
		// A duplicate key fails as a constraint violation, and nothing of
		// the batch stays.
		tx, err := db.Client.Tx(store.WithBulkCopy(sctx))
		if err != nil {
			t.Fatal(err)
		}
		bs := make([]*ent.DivisionCreate, 50)
		for i := range bs {
			bs[i] = tx.Division.Create().SetCode(fmt.Sprintf("140101%03d000", i%49+1)).SetName("重").SetLevel("STREET")
		}
		_, err = tx.Division.CreateBulk(bs...).Save(sctx)
		tx.Rollback()
		if err == nil || !ent.IsConstraintError(err) {
			t.Fatalf("duplicate codes in a copied batch: %v, want a constraint error", err)
		}
	})
}
