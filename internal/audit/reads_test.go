package audit_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/wushehub/wushe/ent/auditentry"
	"github.com/wushehub/wushe/internal/audit"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/store"
	"github.com/wushehub/wushe/internal/store/storetest"
)

// eachFile runs f on a SQLite file, whose writers wait for each other as
// the server's do, and on PostgreSQL.
func eachFile(t *testing.T, f func(t *testing.T, db *store.DB)) {
	t.Run("sqlite", func(t *testing.T) {
		db, err := store.Open(context.Background(), store.SQLitePath(filepath.Join(t.TempDir(), "hub.db")))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		if _, err := db.Migrate(context.Background(), slog.New(slog.DiscardHandler)); err != nil {
			t.Fatal(err)
		}
		f(t, db)
	})
	t.Run("postgres", func(t *testing.T) { f(t, storetest.Postgres(t)) })
}

// holdWrites keeps every other writer of the audit log waiting until
// release is called.
func holdWrites(t *testing.T, db *store.DB) (release func()) {
	t.Helper()
	ctx := context.Background()
	conn, err := db.SQL.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	lock := []string{"BEGIN IMMEDIATE"}
	if db.Dialect == "postgres" {
		lock = []string{"BEGIN", "LOCK TABLE audit_entries IN EXCLUSIVE MODE"}
	}
	for _, q := range lock {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	return func() {
		if _, err := conn.ExecContext(ctx, "ROLLBACK"); err != nil {
			t.Error(err)
		}
		conn.Close()
	}
}

func reads(n int, op string) []audit.Entry {
	out := make([]audit.Entry, n)
	for i := range out {
		out[i] = audit.Entry{At: time.Now(), Subject: "reads-test", Role: "DISTRICT_OFFICER", Operation: op,
			Action: auditentry.ActionREAD, Entity: "Volunteer", EntityID: i + 1, Fields: []string{"phone"}}
	}
	return out
}

func countOp(t *testing.T, db *store.DB, op string) int {
	t.Helper()
	n, err := db.Client.AuditEntry.Query().Where(auditentry.Operation(op)).Count(authz.SystemContext(context.Background()))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestReads: Record returns once its entries are in the log, for many
// requests at once; it waits no longer than its context; Close writes what
// is pending, and a request recording after it writes its own.
func TestReads(t *testing.T) {
	eachFile(t, func(t *testing.T, db *store.DB) {
		r := audit.NewReads(db.Client, db.Dialect, slog.New(slog.NewTextHandler(io.Discard, nil)))
		ctx := context.Background()

		var wg sync.WaitGroup
		errs := make(chan error, 20)
		for i := range 20 {
			wg.Go(func() {
				op := "Many" + string(rune('A'+i))
				if err := r.Record(ctx, reads(10, op)); err != nil {
					errs <- err
					return
				}
				if n := countOp(t, db, op); n != 10 {
					errs <- errors.New(op + ": entries missing when Record returned")
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}

		release := holdWrites(t, db)
		wait, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
		start := time.Now()
		err := r.Record(wait, reads(3, "Held"))
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 3*time.Second {
			t.Errorf("Record while the log is locked: %v after %v, want the deadline after 300 ms", err, time.Since(start))
		}
		release()

		if err := r.Record(ctx, reads(2, "After")); err != nil {
			t.Fatal(err)
		}
		if err := r.Close(ctx); err != nil {
			t.Fatal(err)
		}
		if err := r.Record(ctx, reads(4, "Closed")); err != nil || countOp(t, db, "Closed") != 4 {
			t.Errorf("Record after Close: %v, %d entries, want 4", err, countOp(t, db, "Closed"))
		}
		if n := countOp(t, db, "Held"); n != 3 {
			t.Errorf("%d entries of the request that gave up waiting, want 3 (written once the log was free)", n)
		}
		res, err := audit.Verify(authz.SystemContext(ctx), db.Client)
		if err != nil || !res.OK || res.Checked != 200+3+2+4 {
			t.Errorf("verify = %+v %v, want ok over %d entries", res, err, 200+3+2+4)
		}
	})
}
