package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"entgo.io/ent/dialect"
	"github.com/lib/pq"
)

// Behind a connection pooler in transaction mode (PgBouncer's
// pool_mode = transaction) each transaction, and each statement outside
// one, may run on another server connection, and the pooler refuses
// startup parameters it does not know. So:
//
//   - The hub's session settings (postgresSettings: jit, work_mem) cannot
//     be sent when connecting; Settle writes them into the database's own
//     configuration (ALTER DATABASE … SET, or ALTER ROLE … IN DATABASE
//     when the role does not own the database), which every server
//     connection the pooler opens starts with.
//   - Statements must not outlive their transaction on a connection:
//     lib/pq's binary_parameters (pqtext.go) sends parse, bind and
//     execute of an unnamed statement with one Sync, so that no pooler
//     can hand the execution to another server connection; the hub never
//     prepares named statements.
//   - Session locks and LISTEN need a connection of their own: migrations
//     (goose's session lock) and the event bus's LISTEN use the direct URL
//     (WUSHE_DATABASE_DIRECT_URL in cmd/server), never the pooled one.

// driverSetting marks the postgresSettings lib/pq consumes itself (sent to
// no server), which a pooled connection keeps.
var driverSetting = map[string]bool{"binary_parameters": true}

// OpenPooled opens the PostgreSQL database at dsn, a URL of a connection
// pooler in transaction mode: it sends no session settings when
// connecting (call Settle on a direct connection for them). It does not
// migrate: migrate through a direct connection.
func OpenPooled(ctx context.Context, dsn string) (*DB, error) {
	return open(ctx, dsn, true)
}

// Settle writes the hub's session settings into the configuration of the
// database db is connected to (db must be a direct connection of
// PostgreSQL), for the connections a pooler opens: the database's when
// the role may alter it, else the role's in this database. Connections
// opened before keep what they had. It logs, and returns nil, when the
// role may do neither.
func (db *DB) Settle(ctx context.Context, log *slog.Logger) error {
	if db.Dialect != dialect.Postgres {
		return nil
	}
	var name string
	if err := db.SQL.QueryRowContext(ctx, "SELECT current_database()").Scan(&name); err != nil {
		return fmt.Errorf("database settings: %w", err)
	}
	for _, kv := range postgresSettings {
		if driverSetting[kv[0]] {
			continue
		}
		set := fmt.Sprintf("SET %s = %s", pq.QuoteIdentifier(kv[0]), pq.QuoteLiteral(kv[1]))
		_, err := db.SQL.ExecContext(ctx, "ALTER DATABASE "+pq.QuoteIdentifier(name)+" "+set)
		if denied(err) {
			_, err = db.SQL.ExecContext(ctx, "ALTER ROLE CURRENT_USER IN DATABASE "+pq.QuoteIdentifier(name)+" "+set)
		}
		if denied(err) {
			log.WarnContext(ctx, "database settings: the role may alter neither the database nor itself; pooled connections run without the setting",
				"setting", kv[0], "value", kv[1])
			continue
		}
		if err != nil {
			return fmt.Errorf("database settings: %s: %w", kv[0], err)
		}
	}
	return nil
}

// denied reports a PostgreSQL insufficient_privilege error.
func denied(err error) bool {
	var pe *pq.Error
	return errors.As(err, &pe) && pe.Code == "42501"
}
