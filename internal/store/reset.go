package store

import (
	"context"
	"errors"
	"fmt"

	"entgo.io/ent/dialect"
)

// Reset empties db's database so that the next Migrate starts from
// nothing: on SQLite every table, index and trigger is dropped and the file
// vacuumed; on PostgreSQL the public schema is dropped and created again.
// Records, accounts, API keys and the audit log all go. Stop the servers
// that use the database first.
func (db *DB) Reset(ctx context.Context) error {
	if db.Dialect == dialect.Postgres {
		if _, err := db.SQL.ExecContext(ctx, "DROP SCHEMA public CASCADE; CREATE SCHEMA public"); err != nil {
			return fmt.Errorf("reset %s: %w", db.source, err)
		}
		return nil
	}
	conn, err := db.SQL.Conn(ctx)
	if err != nil {
		return fmt.Errorf("reset %s: %w", db.source, err)
	}
	defer conn.Close()
	rows, err := conn.QueryContext(ctx, "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND type IN ('table', 'view')")
	if err != nil {
		return fmt.Errorf("reset %s: %w", db.source, err)
	}
	var drops []string
	for rows.Next() {
		var typ, name string
		if err := rows.Scan(&typ, &name); err != nil {
			rows.Close()
			return fmt.Errorf("reset %s: %w", db.source, err)
		}
		drops = append(drops, fmt.Sprintf("DROP %s IF EXISTS %q", typ, name))
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return fmt.Errorf("reset %s: %w", db.source, err)
	}
	if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
		return fmt.Errorf("reset %s: %w", db.source, err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA foreign_keys = ON") //nolint:errcheck // the connection is closed next
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("reset %s: %w", db.source, err)
	}
	for _, q := range drops {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			tx.Rollback() //nolint:errcheck // the drop's error is the one to report
			return fmt.Errorf("reset %s: %w", db.source, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("reset %s: %w", db.source, err)
	}
	if _, err := conn.ExecContext(ctx, "VACUUM"); err != nil {
		return fmt.Errorf("reset %s: %w", db.source, err)
	}
	return nil
}
