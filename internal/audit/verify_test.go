package audit_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/wushehub/wushe/ent/auditentry"
	"github.com/wushehub/wushe/internal/audit"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/store"
	"github.com/wushehub/wushe/internal/store/storetest"
)

// chainLength is more than one page of Verify (2000 entries), so that a
// break at the boundary between two pages is checked too.
const chainLength = 2005

// appendChain appends n read entries to db's log in one transaction.
func appendChain(t *testing.T, db *store.DB, n int) {
	t.Helper()
	ctx := authz.SystemContext(context.Background())
	entries := make([]audit.Entry, n)
	for i := range entries {
		entries[i] = audit.Entry{At: time.Now(), Subject: "verify-test", Role: "PLATFORM_ADMIN", Operation: "Read",
			Action: auditentry.ActionREAD, Entity: "Volunteer", EntityID: i + 1, Fields: []string{"phone"}}
	}
	tx, err := db.Client.Tx(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := audit.Append(ctx, tx.Client(), db.Dialect, entries...); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

func exec(t *testing.T, db *store.DB, q string) {
	t.Helper()
	if _, err := db.SQL.Exec(q); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// unguard drops what keeps rows from being removed or repeated: the
// append-only trigger and the unique index on seq, as someone with power
// over the database could.
func unguard(t *testing.T, db *store.DB) {
	t.Helper()
	if db.Dialect == "postgres" {
		exec(t, db, "ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_no_update")
	} else {
		exec(t, db, "DROP TRIGGER audit_entries_no_delete")
	}
	exec(t, db, "DROP INDEX audit_entries_seq_key")
}

// duplicate inserts a copy of entry seq: same content, same hashes.
func duplicate(t *testing.T, db *store.DB, seq string) {
	t.Helper()
	const cols = "seq, at, subject, agency, role, purpose, operation, document_hash, action, entity, entity_id, fields, prev_hash, hash"
	exec(t, db, "INSERT INTO audit_entries ("+cols+") SELECT "+cols+" FROM audit_entries WHERE seq = "+seq)
}

// TestVerifySequence: verification checks that the entries are numbered
// from 1 without a gap or a repeated number, and names the first break,
// wherever it lies (at the boundary between two pages too).
func TestVerifySequence(t *testing.T) {
	cases := []struct {
		name    string
		breakIt func(t *testing.T, db *store.DB)
		at      int64  // BrokenAt; 0 when intact
		reason  string // in English
	}{
		{name: "intact"},
		{"one entry missing", func(t *testing.T, db *store.DB) {
			exec(t, db, "DELETE FROM audit_entries WHERE seq = 7")
		}, 8, "entry 7 is missing: entry 6 is followed by entry 8"},
		{"entries missing", func(t *testing.T, db *store.DB) {
			exec(t, db, "DELETE FROM audit_entries WHERE seq BETWEEN 7 AND 9")
		}, 10, "entries 7 to 9 are missing: entry 6 is followed by entry 10"},
		{"the first entry missing", func(t *testing.T, db *store.DB) {
			exec(t, db, "DELETE FROM audit_entries WHERE seq = 1")
		}, 2, "entry 1 is missing: the log begins at entry 2"},
		{"an entry repeated", func(t *testing.T, db *store.DB) {
			duplicate(t, db, "5")
		}, 5, "entry 5 appears more than once"},
		{"an entry repeated at the end of a page", func(t *testing.T, db *store.DB) {
			duplicate(t, db, "2000")
		}, 2000, "entry 2000 appears more than once"},
		{"a gap at the start of a page", func(t *testing.T, db *store.DB) {
			exec(t, db, "DELETE FROM audit_entries WHERE seq = 2001")
		}, 2002, "entry 2001 is missing: entry 2000 is followed by entry 2002"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, db *store.DB) {
				appendChain(t, db, chainLength)
				if c.breakIt != nil {
					unguard(t, db)
					c.breakIt(t, db)
				}
				res, err := audit.Verify(authz.SystemContext(context.Background()), db.Client)
				if err != nil {
					t.Fatal(err)
				}
				if c.at == 0 {
					if !res.OK || res.Checked != chainLength {
						t.Fatalf("verify = %+v, want ok over %d entries", res, chainLength)
					}
					return
				}
				if res.OK || res.BrokenAt != c.at || res.Entry == nil || res.Entry.Seq != c.at {
					t.Fatalf("verify = ok %v, broken at %d (%s), want broken at %d", res.OK, res.BrokenAt, res.Reason.En, c.at)
				}
				if got := res.Reason.In(fault.English); !strings.HasPrefix(got, c.reason) {
					t.Errorf("reason = %q, want %q", got, c.reason)
				}
				if res.Reason.Zh == "" || res.Reason.Zh == res.Reason.En {
					t.Errorf("no Chinese reason: %+v", res.Reason)
				}
			})
		})
	}
}
