package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"entgo.io/ent/dialect"

	"github.com/wushehub/wushe/internal/store"
)

func migrate(ctx context.Context, cfg config, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "diff" {
		return migrateDiff(ctx, cfg, args[1:], stdout, stderr)
	}
	fs := newFlags("migrate", stderr)
	database := fs.String("database", "", "database URL or SQLite file")
	if help, err := parse(fs, args); help || err != nil {
		return err
	}
	dsn := cfg.dsn(*database)
	if direct := cfg.directURL(dsn); direct != "" {
		dsn = direct // the migrations' session lock needs a connection of its own
	}
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	applied, err := db.Migrate(ctx, cfg.log)
	if err != nil {
		return err
	}
	if len(applied) == 0 {
		fmt.Fprintf(stdout, "%s: up to date\n", db.Source())
		return nil
	}
	for _, a := range applied {
		fmt.Fprintf(stdout, "applied %d %s\n", a.Version, a.Source)
	}
	return nil
}

func migrateDiff(ctx context.Context, cfg config, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("migrate diff", stderr)
	devPG := fs.String("dev-postgres", cfg.getenv("WUSHE_TEST_POSTGRES"), "PostgreSQL URL where a scratch database may be created")
	if len(args) == 0 || args[0] == "" || args[0][0] == '-' {
		return errors.New("migrate diff: name the migration, e.g. `server migrate diff add_grid_leader`")
	}
	name := args[0]
	if help, err := parse(fs, args[1:]); help || err != nil {
		return err
	}
	if *devPG == "" {
		return errors.New("migrate diff: PostgreSQL migrations need --dev-postgres URL (or WUSHE_TEST_POSTGRES)")
	}
	root := "internal/store"
	if _, err := os.Stat(filepath.Join(root, "migrations")); err != nil {
		return errors.New("migrate diff: run from the repository root (internal/store/migrations not found)")
	}

	sqliteDir := filepath.Join(root, store.MigrationsDir(dialect.SQLite))
	dev, err := sql.Open("sqlite3", store.SQLiteMemory(fmt.Sprintf("diff-%d", time.Now().UnixNano())))
	if err != nil {
		return err
	}
	defer dev.Close()
	if err := store.Diff(ctx, store.DevDriver(dialect.SQLite, dev), sqliteDir, name); err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}

	pgDir := filepath.Join(root, store.MigrationsDir(dialect.Postgres))
	err = withScratchPostgres(ctx, *devPG, func(db *sql.DB) error {
		return store.Diff(ctx, store.DevDriver(dialect.Postgres, db), pgDir, name)
	})
	if err != nil {
		return fmt.Errorf("postgres: %w", err)
	}
	fmt.Fprintf(stdout, "migrations written to %s and %s (nothing is written when the schema is unchanged)\n", sqliteDir, pgDir)
	return nil
}

// withScratchPostgres runs f on a new, empty database on the server of
// adminURL, dropped afterwards.
func withScratchPostgres(ctx context.Context, adminURL string, f func(*sql.DB) error) error {
	admin, err := sql.Open("postgres", adminURL)
	if err != nil {
		return err
	}
	defer admin.Close()
	name := fmt.Sprintf("wushe_dev_%d", time.Now().UnixNano())
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		return fmt.Errorf("creating scratch database: %w", err)
	}
	defer admin.ExecContext(context.WithoutCancel(ctx), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	u, err := url.Parse(adminURL)
	if err != nil {
		return err
	}
	u.Path = "/" + name
	db, err := sql.Open("postgres", u.String())
	if err != nil {
		return err
	}
	defer db.Close()
	return f(db)
}
