package outage_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/lib/pq"
	_ "modernc.org/sqlite" // registers "sqlite"

	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/outage"
)

// sqliteError returns the error SQLite itself gives for stmt on db.
func sqliteError(t *testing.T, db *sql.DB, stmt string, args ...any) error {
	t.Helper()
	_, err := db.Exec(stmt, args...)
	if err == nil {
		t.Fatalf("%.60s: no error", stmt)
	}
	return fmt.Errorf("ent: wrapped: %w", err)
}

// TestFault: real driver errors, and the codes PostgreSQL documents, map
// to their classes; other errors to none.
func TestFault(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x.db")
	rw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer rw.Close()
	if _, err := rw.Exec("CREATE TABLE t (a TEXT)"); err != nil {
		t.Fatal(err)
	}
	ro, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	small, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "small.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer small.Close()
	small.SetMaxOpenConns(1)
	for _, stmt := range []string{"CREATE TABLE t (a TEXT)", "PRAGMA max_page_count = 3"} {
		if _, err := small.Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
	many := make([]any, 40000)
	marks := strings.Repeat("?,", len(many)-1) + "?"
	refused := func() error {
		db, _ := sql.Open("postgres", "postgres://u@127.0.0.1:1/x?sslmode=disable&connect_timeout=2")
		defer db.Close()
		return fmt.Errorf("ent: starting a transaction: %w", db.PingContext(context.Background()))
	}()
	cases := []struct {
		name   string
		err    error
		code   fault.Code
		reason string
	}{
		{"sqlite read-only", sqliteError(t, ro, "INSERT INTO t VALUES ('x')"), fault.Unavailable, outage.ReasonReadOnly},
		{"sqlite disk full", sqliteError(t, small, "INSERT INTO t VALUES (?)", strings.Repeat("x", 64<<10)), fault.Unavailable, outage.ReasonDiskFull},
		{"sqlite disk full as text", errors.New("audit: writing reads: database or disk is full (13)"), fault.Unavailable, outage.ReasonDiskFull},
		{"sqlite read-only as text", errors.New("commit: attempt to write a readonly database (8)"), fault.Unavailable, outage.ReasonReadOnly},
		{"sqlite I/O error as text", errors.New("commit: disk I/O error (10)"), fault.Unavailable, outage.ReasonIO},
		{"EROFS", fmt.Errorf("open: %w", syscall.EROFS), fault.Unavailable, outage.ReasonReadOnly},
		{"sqlite too many variables", sqliteError(t, rw, "SELECT 1 WHERE 1 IN ("+marks+")", many...), fault.BadUserInput, ""},
		{"sqlite LIKE pattern too complex", sqliteError(t, rw, "SELECT 1 WHERE 'a' LIKE ?", strings.Repeat("%_", 30000)), fault.BadUserInput, ""},
		{"postgres refused", refused, fault.Unavailable, outage.ReasonUnreachable},
		{"postgres starting up", &pq.Error{Code: "57P03", Message: "the database system is starting up"}, fault.Unavailable, outage.ReasonStarting},
		{"postgres admin shutdown", &pq.Error{Code: "57P01"}, fault.Unavailable, outage.ReasonStarting},
		{"postgres disk full", &pq.Error{Code: "53100"}, fault.Unavailable, outage.ReasonDiskFull},
		{"postgres too many connections", &pq.Error{Code: "53300"}, fault.Unavailable, outage.ReasonBusy},
		{"postgres read-only", &pq.Error{Code: "25006"}, fault.Unavailable, outage.ReasonReadOnly},
		{"postgres connection failure", &pq.Error{Code: "08006"}, fault.Unavailable, outage.ReasonUnreachable},
		{"postgres NUL", &pq.Error{Code: "22021"}, fault.BadUserInput, ""},
		{"postgres cancelled", &pq.Error{Code: "57014"}, fault.QueryTooComplex, ""},
		{"closed pool", fmt.Errorf("x: %w", errors.New("sql: database is closed")), fault.Unavailable, outage.ReasonUnreachable},
		{"bad conn", fmt.Errorf("x: %w", sql.ErrConnDone), fault.Unavailable, outage.ReasonUnreachable},
		{"ENOSPC", fmt.Errorf("write: %w", syscall.ENOSPC), fault.Unavailable, outage.ReasonDiskFull},
		{"unique violation is not an outage", &pq.Error{Code: "23505"}, "", ""},
		{"plain error", errors.New("boom"), "", ""},
		{"nil", nil, "", ""},
	}
	for _, c := range cases {
		fe := outage.Fault(c.err)
		var code fault.Code
		if fe != nil {
			code = fe.Code
			if fe.Message(fault.English) == "" || fe.Message(fault.Chinese) == "" || strings.Contains(fe.Message(fault.English), "pq:") {
				t.Errorf("%s: message %q", c.name, fe.Message(fault.English))
			}
		}
		if code != c.code {
			t.Errorf("%s: code %q, want %q (err %v)", c.name, code, c.code, c.err)
		}
		if r := outage.Reason(c.err); r != c.reason {
			t.Errorf("%s: reason %q, want %q", c.name, r, c.reason)
		}
	}
}
