package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	entsql "entgo.io/ent/dialect/sql"
	"entgo.io/ent/dialect/sql/sqlgraph"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/ent/division"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/bulk"
	"github.com/wushehub/wushe/internal/store"
	"github.com/wushehub/wushe/internal/store/storetest"
)

// TestDetachedInsert: a bulk INSERT marked detached returns before the
// database has answered; the transaction's next statement sees its rows,
// and when it failed, the next statement and the commit fail with its
// error and nothing of the transaction stays — on both databases (COPY on
// PostgreSQL, a prepared statement in its own goroutine on SQLite, which
// detaches from the statement's second sending).
func TestDetachedInsert(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		sctx := authz.SystemContext(context.Background())
		ctx := bulk.Detach(store.WithBulkCopy(sctx))
		insert := func(tx *ent.Tx, prefix string, codes func(i int) int) error {
			t.Helper()
			now := time.Now()
			ins := entsql.Dialect(db.Dialect).Insert(division.Table).Columns(division.FieldCreatedAt, division.FieldUpdatedAt, division.FieldCode, division.FieldName, division.FieldLevel)
			for i := range 40 {
				ins.Values(now, now, fmt.Sprintf("%s%03d000", prefix, codes(i)), "区划", "STREET")
			}
			q, args := ins.Query()
			_, err := tx.ExecContext(ctx, q, args...)
			return err
		}
		count := func(c *ent.Client, prefix string) int {
			t.Helper()
			n, err := c.Division.Query().Where(division.CodeHasPrefix(prefix)).Count(sctx)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		// Rows written detached are there for the next statement, and commit.
		tx, err := db.Client.Tx(sctx)
		if err != nil {
			t.Fatal(err)
		}
		for round, prefix := range []string{"150101", "150102", "150103"} {
			if err := insert(tx, prefix, func(i int) int { return i + 1 }); err != nil {
				tx.Rollback()
				t.Fatalf("round %d: %v", round, err)
			}
			if n := count(tx.Client(), prefix); n != 40 {
				tx.Rollback()
				t.Fatalf("round %d: the next statement sees %d rows, want 40", round, n)
			}
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		if n := count(db.Client, "15010"); n != 120 {
			t.Fatalf("%d rows committed, want 120", n)
		}
		// A detached INSERT that fails (a duplicate code, the divisions'
		// unique key) fails the next statement and the commit, which rolls
		// back.
		tx, err = db.Client.Tx(sctx)
		if err != nil {
			t.Fatal(err)
		}
		for round := range 2 { // the second sending is prepared, and detached, on SQLite too
			prefix := fmt.Sprintf("16010%d", round)
			err := insert(tx, prefix, func(i int) int { return i + 1 })
			if err == nil {
				_, err = tx.Division.Query().Where(division.CodeHasPrefix(prefix)).Count(sctx)
			}
			if err != nil {
				tx.Rollback()
				t.Fatalf("round %d: %v", round, err)
			}
		}
		err = insert(tx, "160101", func(i int) int { return i%39 + 1 }) // the same codes again, and one repeated
		if err == nil {
			_, err = tx.Division.Query().Count(sctx)
		}
		if err == nil || !sqlgraph.IsUniqueConstraintError(err) {
			tx.Rollback()
			t.Fatalf("the statement after a failed detached INSERT: %v, want the INSERT's constraint error", err)
		}
		if _, err2 := tx.Division.Query().Count(sctx); err2 == nil {
			t.Errorf("the transaction went on after a failed detached INSERT")
		}
		if err := tx.Commit(); err == nil {
			t.Fatal("commit after a failed detached INSERT succeeded")
		}
		if n := count(db.Client, "16010"); n != 0 {
			t.Fatalf("%d rows of the failed transaction stayed", n)
		}
	})
}
