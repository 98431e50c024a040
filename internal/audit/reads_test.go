package audit_test

import (
	"context"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/wushehub/wushe/ent/runtime" // ent hooks and privacy policies

	"github.com/wushehub/wushe/ent/auditentry"
	"github.com/wushehub/wushe/internal/audit"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/store"
)

// TestReadsWaitForTheWriteLock holds SQLite's write lock, as an import
// does while it runs, for longer than the read writer's retries would
// last with a short busy timeout: the audited reads handed over meanwhile
// must be written once the lock is released, none given up.
func TestReadsWaitForTheWriteLock(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "wushe.db")
	db, err := store.Open(ctx, "file:"+path+"?_pragma=foreign_keys(1)&_pragma=busy_timeout(50)&_pragma=journal_mode(WAL)&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	lock, err := db.SQL.BeginTx(ctx, nil) // immediate: the write lock
	if err != nil {
		t.Fatal(err)
	}
	reads := audit.NewReads(db.Client, db.Dialect, slog.New(slog.DiscardHandler))
	reads.Record([]audit.Entry{{At: time.Now(), Subject: "s", Role: "COMMUNITY_OFFICER", Operation: "q", Action: auditentry.ActionREAD, Entity: "Volunteer", EntityID: 1, Fields: []string{"phone"}}})
	time.Sleep(5 * time.Second) // five attempts and their pauses: 0.2 + 0.4 + 0.6 + 0.8 + 1.0 s
	if err := lock.Rollback(); err != nil {
		t.Fatal(err)
	}
	if err := reads.Close(ctx); err != nil {
		t.Fatal(err)
	}
	n, err := db.Client.AuditEntry.Query().Where(auditentry.ActionEQ(auditentry.ActionREAD)).Count(authz.SystemContext(ctx))
	if err != nil || n != 1 {
		t.Errorf("%d read entries written (%v), want 1", n, err)
	}
}
