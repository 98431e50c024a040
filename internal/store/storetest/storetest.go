// Package storetest gives tests a fresh, migrated database: in-memory SQLite
// always, and PostgreSQL when WUSHE_TEST_POSTGRES names a server where
// scratch databases may be created.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"strings"
	"testing"

	_ "github.com/lib/pq"                     // PostgreSQL driver
	_ "github.com/wushehub/wushe/ent/runtime" // ent hooks and privacy policies

	"github.com/wushehub/wushe/internal/store"
)

// PostgresEnv names the variable holding the PostgreSQL test server URL.
const PostgresEnv = "WUSHE_TEST_POSTGRES"

// Each runs f as a subtest on a fresh SQLite database and on a fresh
// PostgreSQL database; the PostgreSQL subtest is skipped, saying why, when
// WUSHE_TEST_POSTGRES is unset.
func Each(t *testing.T, f func(t *testing.T, db *store.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { f(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { f(t, Postgres(t)) })
}

// SQLite returns a migrated in-memory SQLite database private to tb.
func SQLite(tb testing.TB) *store.DB {
	tb.Helper()
	db, err := store.Open(context.Background(), store.SQLiteMemory(tb.Name()+"-"+suffix()))
	if err != nil {
		tb.Fatalf("open sqlite: %v", err)
	}
	// An in-memory database lives as long as one of its connections: keep one.
	db.SQL.SetMaxIdleConns(4)
	db.SQL.SetConnMaxLifetime(0)
	tb.Cleanup(func() { db.Close() })
	migrate(tb, db)
	return db
}

// Postgres returns a migrated PostgreSQL database created for tb and dropped
// after it. It skips tb when WUSHE_TEST_POSTGRES is unset.
func Postgres(tb testing.TB) *store.DB {
	tb.Helper()
	dsn := PostgresDSN(tb)
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		tb.Fatalf("open test database: %v", err)
	}
	tb.Cleanup(func() { db.Close() })
	migrate(tb, db)
	return db
}

// PostgresURL returns WUSHE_TEST_POSTGRES, skipping tb when it is unset.
func PostgresURL(tb testing.TB) string {
	tb.Helper()
	u := lookupEnv(PostgresEnv)
	if u == "" {
		tb.Skipf("PostgreSQL tests skipped: set %s=postgres://user@host:5432/db?sslmode=disable (a server where test databases may be created)", PostgresEnv)
	}
	return u
}

// WithDatabase returns the URL u pointing at database name instead.
func WithDatabase(tb testing.TB, u, name string) string {
	tb.Helper()
	parsed, err := url.Parse(u)
	if err != nil {
		tb.Fatalf("%s is not a URL: %v", PostgresEnv, err)
	}
	parsed.Path = "/" + name
	return parsed.String()
}

func migrate(tb testing.TB, db *store.DB) {
	tb.Helper()
	if _, err := db.Migrate(context.Background(), slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		tb.Fatalf("migrate: %v", err)
	}
}

func suffix() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return strings.ToLower(hex.EncodeToString(b))
}

// Open opens a migrated database for a benchmark or tool by kind: "sqlite"
// or "postgres".
func Open(tb testing.TB, kind string) *store.DB {
	tb.Helper()
	switch kind {
	case "sqlite":
		return SQLite(tb)
	case "postgres":
		return Postgres(tb)
	default:
		panic(fmt.Sprintf("storetest: unknown kind %q", kind))
	}
}

// PostgresDSN returns the URL of a new, empty PostgreSQL database created
// for tb and dropped after it (for tests that migrate it themselves, such as
// end-to-end runs of the server). It skips tb when WUSHE_TEST_POSTGRES is unset.
func PostgresDSN(tb testing.TB) string {
	tb.Helper()
	admin := PostgresURL(tb)
	name := "wushe_test_" + suffix()
	adminDB, err := sql.Open("postgres", admin)
	if err != nil {
		tb.Fatalf("open postgres: %v", err)
	}
	if _, err := adminDB.Exec("CREATE DATABASE " + name); err != nil {
		adminDB.Close()
		tb.Fatalf("create test database: %v", err)
	}
	tb.Cleanup(func() {
		if _, err := adminDB.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
			tb.Logf("drop test database %s: %v", name, err)
		}
		adminDB.Close()
	})
	return WithDatabase(tb, admin, name)
}
