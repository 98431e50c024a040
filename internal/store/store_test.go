package store_test

import (
	"context"
	"database/sql"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"entgo.io/ent/dialect"

	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/store"
	"github.com/wushehub/wushe/internal/store/storetest"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// TestMigrateFromEmpty applies every migration to an empty database, checks
// each is recorded, and that a second run applies nothing.
func TestMigrateFromEmpty(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var versions int
		if err := db.SQL.QueryRowContext(ctx, "SELECT COUNT(*) FROM goose_db_version WHERE version_id > 0").Scan(&versions); err != nil {
			t.Fatalf("reading revisions: %v", err)
		}
		files, err := fs.Glob(store.Migrations, store.MigrationsDir(db.Dialect)+"/*.sql")
		if err != nil {
			t.Fatal(err)
		}
		if versions != len(files) {
			t.Errorf("recorded revisions = %d, want %d (one per file)", versions, len(files))
		}
		applied, err := db.Migrate(ctx, quiet)
		if err != nil {
			t.Fatalf("second migrate: %v", err)
		}
		if len(applied) != 0 {
			t.Errorf("second migrate applied %d migrations, want 0", len(applied))
		}
		if n, err := db.Pending(ctx); err != nil || n != 0 {
			t.Errorf("Pending() = %d, %v; want 0, nil", n, err)
		}
		// The schema works: a write and a read through ent.
		sctx := authz.SystemContext(ctx)
		d, err := db.Client.Division.Create().SetCode("640000000000").SetName("宁夏回族自治区").SetLevel("PROVINCE").Save(sctx)
		if err != nil {
			t.Fatalf("create division: %v", err)
		}
		if got, err := db.Client.Division.Get(sctx, d.ID); err != nil || got.Name != "宁夏回族自治区" {
			t.Fatalf("read back = %v, %v", got, err)
		}
	})
}

// TestMigrationsMatchSchema replays the committed migrations on an empty
// development database and diffs them against the ent schema: a schema
// change without its migration (`server migrate diff NAME`) fails here.
func TestMigrationsMatchSchema(t *testing.T) {
	for _, d := range []string{dialect.SQLite, dialect.Postgres} {
		t.Run(d, func(t *testing.T) {
			ctx := context.Background()
			dir := t.TempDir()
			src := store.MigrationsDir(d)
			entries, err := fs.ReadDir(store.Migrations, src)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range entries {
				b, err := fs.ReadFile(store.Migrations, src+"/"+e.Name())
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			var dev *sql.DB
			if d == dialect.SQLite {
				dev, err = sql.Open("sqlite3", store.SQLiteMemory(t.Name()))
			} else {
				dev = scratchPostgres(t)
			}
			if err != nil {
				t.Fatal(err)
			}
			defer dev.Close()
			if err := store.Diff(ctx, store.DevDriver(d, dev), dir, "drift"); err != nil {
				t.Fatalf("diff: %v", err)
			}
			after, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			if len(after) != len(entries) {
				var names []string
				for _, e := range after {
					names = append(names, e.Name())
				}
				t.Errorf("the ent schema differs from the committed migrations: diff wrote new files (%v); run `go run ./cmd/server migrate diff NAME` and commit them", names)
			}
		})
	}
}

func scratchPostgres(t *testing.T) *sql.DB {
	t.Helper()
	db := storetest.Postgres(t) // a migrated database we do not need: take an empty sibling instead
	name := "wushe_dev_" + t.Name()
	name = sanitize(name)
	if _, err := db.SQL.Exec("DROP DATABASE IF EXISTS " + name); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = db.SQL.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)") })
	dev, err := sql.Open("postgres", storetest.WithDatabase(t, storetest.PostgresURL(t), name))
	if err != nil {
		t.Fatal(err)
	}
	return dev
}

func sanitize(s string) string {
	out := []byte{}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			out = append(out, c)
		case c >= 'A' && c <= 'Z':
			out = append(out, c+'a'-'A')
		default:
			out = append(out, '_')
		}
	}
	return string(out)
}

// TestPostgresSessionSettings: the hub's PostgreSQL connections start with
// JIT off and 32 MB of work memory, unless the URL says otherwise.
func TestPostgresSessionSettings(t *testing.T) {
	dsn := storetest.PostgresURL(t)
	show := func(dsn string) (jit, workMem string) {
		db, err := store.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if err := db.SQL.QueryRow(`SELECT current_setting('jit'), current_setting('work_mem')`).Scan(&jit, &workMem); err != nil {
			t.Fatal(err)
		}
		return jit, workMem
	}
	if jit, mem := show(dsn); jit != "off" || mem != "32MB" {
		t.Errorf("default session: jit %s, work_mem %s; want off, 32MB", jit, mem)
	}
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	if jit, mem := show(dsn + sep + "jit=on&work_mem=8MB"); jit != "on" || mem != "8MB" {
		t.Errorf("settings in the URL: jit %s, work_mem %s; want on, 8MB", jit, mem)
	}
}

// TestBinaryParameters: PostgreSQL connections send arguments in one round
// trip (lib/pq's binary_parameters), and []byte arguments — JSON for jsonb
// columns, through ent and raw SQL alike — still arrive as text (in binary
// format PostgreSQL would read them as jsonb's binary form and refuse them).
func TestBinaryParameters(t *testing.T) {
	db := storetest.Postgres(t)
	ctx := context.Background()
	if _, err := db.SQL.ExecContext(ctx, `CREATE TABLE params_check (id int PRIMARY KEY, doc jsonb, note text)`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL.ExecContext(ctx, `INSERT INTO params_check VALUES ($1, $2, $3)`, 1, []byte(`{"a": [1, 2]}`), []byte("笔记")); err != nil {
		t.Fatalf("[]byte into jsonb and text: %v", err)
	}
	var doc, note string
	if err := db.SQL.QueryRowContext(ctx, `SELECT doc::text, note FROM params_check WHERE id = $1`, 1).Scan(&doc, &note); err != nil {
		t.Fatal(err)
	}
	if doc != `{"a": [1, 2]}` || note != "笔记" {
		t.Errorf("read back %q, %q", doc, note)
	}
	var nilDoc sql.NullString
	if _, err := db.SQL.ExecContext(ctx, `INSERT INTO params_check VALUES ($1, $2, NULL)`, 2, []byte(nil)); err != nil {
		t.Fatal(err)
	}
	if err := db.SQL.QueryRowContext(ctx, `SELECT doc::text FROM params_check WHERE id = 2`).Scan(&nilDoc); err != nil || nilDoc.Valid {
		t.Errorf("nil []byte: %v, %+v; want NULL", err, nilDoc)
	}
}
