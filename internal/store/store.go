// Package store opens the hub's database — embedded SQLite by default,
// PostgreSQL when given a postgres:// URL — applies the versioned
// migrations, and hands out the ent client.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"modernc.org/sqlite"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/internal/audit"
	"github.com/wushehub/wushe/internal/outage"
)

func init() {
	// ent and Atlas name the SQLite driver "sqlite3"; modernc registers
	// "sqlite". Never link another "sqlite3" driver beside it.
	if !registered("sqlite3") {
		sql.Register("sqlite3", &sqlite.Driver{})
	}
}

func registered(name string) bool {
	for _, d := range sql.Drivers() {
		if d == name {
			return true
		}
	}
	return false
}

// DB is an open database with its ent client.
type DB struct {
	Client  *ent.Client
	SQL     *sql.DB
	Dialect string // dialect.SQLite or dialect.Postgres
	Counter *Counter
	reads   *atomic.Pointer[Replicas] // read replicas, when used (replicas.go)
	source  string                    // what was opened, without credentials, for logs
	dsn     string
}

// Source describes the database for logs (no password).
func (db *DB) Source() string { return db.source }

// Close closes the client and the connection pool.
func (db *DB) Close() error { return db.Client.Close() }

// Ping checks the database answers, for readiness probes.
func (db *DB) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	return db.SQL.PingContext(ctx)
}

// SQLitePath returns the DSN of the SQLite database file at path, with
// foreign keys on, WAL, a busy timeout and immediate write transactions.
// Every commit is synced to disk before it returns (synchronous=FULL): with
// NORMAL, WAL commits are synced only at checkpoints, and a write the hub
// acknowledged was lost when the filesystem turned read-only after an
// error (or would be on power loss) before the next checkpoint.
func SQLitePath(path string) string {
	return "file:" + path + "?_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_txlock=immediate"
}

// SQLiteFile returns the path of the SQLite file a DSN names, and false
// for PostgreSQL URLs and in-memory databases.
func SQLiteFile(dsn string) (string, bool) {
	if !strings.HasPrefix(dsn, "file:") || strings.Contains(dsn, "mode=memory") {
		return "", false
	}
	path := strings.TrimPrefix(dsn, "file:")
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	return path, true
}

// SQLiteMemory returns the DSN of a private in-memory SQLite database named
// name (shared by the connections of one pool), for tests.
func SQLiteMemory(name string) string {
	return "file:" + url.PathEscape(name) + "?mode=memory&cache=shared&_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)"
}

// maxOpenConns bounds the connections to PostgreSQL of one process.
const maxOpenConns = 20

// Open opens the database named by dsn: a postgres:// or postgresql:// URL,
// or a SQLite DSN ("file:…"). For a SQLite file the directory is created.
// It does not migrate; call Migrate.
func Open(ctx context.Context, dsn string) (*DB, error) {
	return open(ctx, dsn, false)
}

// open opens the database; pooled: dsn goes through a connection pooler
// in transaction mode (pooler.go).
func open(ctx context.Context, dsn string, pooled bool) (*DB, error) {
	drvName, source := dialect.SQLite, "sqlite"
	switch {
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		drvName, source = dialect.Postgres, redact(dsn)
	case strings.HasPrefix(dsn, "file:"):
		path := strings.TrimPrefix(dsn, "file:")
		if i := strings.IndexByte(path, '?'); i >= 0 {
			path = path[:i]
		}
		source = "sqlite " + path
		if !strings.Contains(dsn, "mode=memory") {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				return nil, fmt.Errorf("open database: creating directory: %w", err)
			}
			if err := writable(path); err != nil {
				return nil, fmt.Errorf("open database %s: %w", source, err)
			}
		}
	default:
		return nil, fmt.Errorf("open database: %q is neither a postgres:// URL nor a SQLite file: DSN", redact(dsn))
	}
	sqlName := drvName
	if drvName == dialect.SQLite {
		sqlName = "sqlite3"
	}
	if drvName == dialect.Postgres {
		dsn = postgresDefaults(dsn, pooled)
	}
	var db *sql.DB
	if drvName == dialect.Postgres {
		connector, err := newTextConnector(dsn)
		if err != nil {
			return nil, fmt.Errorf("open database %s: %w", source, err)
		}
		db = sql.OpenDB(connector)
	} else {
		var err error
		if db, err = sql.Open(sqlName, dsn); err != nil {
			return nil, fmt.Errorf("open database %s: %w", source, err)
		}
	}
	if drvName == dialect.Postgres {
		// As many idle connections kept as may be open: with fewer, a burst
		// of more concurrent requests than idle slots closed a connection
		// at the end of each statement and opened a new one (a backend
		// started by PostgreSQL) at the next — 200 reconnections in 30 s
		// of 16 clients on the nested page with 10. Idle ones still close
		// after five minutes.
		db.SetMaxOpenConns(maxOpenConns)
		db.SetMaxIdleConns(maxOpenConns)
		db.SetConnMaxIdleTime(5 * time.Minute)
	}
	ping := pingRetry
	if drvName == dialect.SQLite {
		ping = func(ctx context.Context, db *sql.DB) error { return db.PingContext(ctx) }
	}
	if err := ping(ctx, db); err != nil {
		db.Close()
		return nil, fmt.Errorf("open database %s: %w", source, err)
	}
	counter := &Counter{}
	reads := &atomic.Pointer[Replicas]{}
	drv := countingDriver{Driver: entsql.OpenDB(drvName, db), counter: counter, reads: reads}
	client := ent.NewClient(ent.Driver(drv))
	// Every mutation is audited in its own transaction.
	client.Use(audit.Hook(drvName))
	return &DB{
		Client:  client,
		SQL:     db,
		Dialect: drvName,
		Counter: counter,
		reads:   reads,
		source:  source,
		dsn:     dsn,
	}, nil
}

// writable checks that the SQLite database at path, and the directory that
// holds it and its write-ahead log, can be written, saying which cannot.
func writable(path string) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, ".wushe-write-check-*")
	if err != nil {
		return fmt.Errorf("the directory %s is read-only or not writable (%w): the database and its write-ahead log are kept there; make it writable or set WUSHE_DATA_DIR", dir, errors.Unwrap(err))
	}
	name := f.Name()
	f.Close()
	os.Remove(name)
	if fi, err := os.Stat(path); err == nil && !fi.IsDir() {
		g, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return fmt.Errorf("the database file %s is read-only or not writable (%w)", path, errors.Unwrap(err))
		}
		g.Close()
	}
	return nil
}

// pingRetry waits up to 10 s for the database to answer (a database
// starting beside the hub).
func pingRetry(ctx context.Context, db *sql.DB) error {
	deadline := time.Now().Add(10 * time.Second)
	for {
		pctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		err := db.PingContext(pctx)
		cancel()
		if err == nil || time.Now().After(deadline) || ctx.Err() != nil {
			return err
		}
		select {
		case <-ctx.Done():
			return errors.Join(err, ctx.Err())
		case <-time.After(500 * time.Millisecond):
		}
	}
}

// redact removes the password from a URL.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}

// postgresSettings are the session settings the hub's PostgreSQL
// connections start with unless the URL sets them: JIT compilation costs
// more than it saves on the hub's short statements (it added 70 ms to a
// district dashboard of 100,000 activities), and a dashboard's groupings
// fit in 32 MB of work memory as hash tables instead of spilling sorts to
// disk. binary_parameters sends each statement with arguments in one round
// trip instead of two (pqtext.go). The pool holds at most 20 connections.
var postgresSettings = [][2]string{{"jit", "off"}, {"work_mem", "32MB"}, {"binary_parameters", "yes"}}

// postgresDefaults adds postgresSettings missing from the URL dsn as
// run-time parameters, which the driver sends when a connection starts —
// but for a pooled dsn only the driver's own (a pooler refuses the
// others; the database's settings carry them instead, see Settle).
func postgresDefaults(dsn string, pooled bool) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return dsn // sql.Open reports it
	}
	q := u.Query()
	for _, kv := range postgresSettings {
		if pooled && !driverSetting[kv[0]] {
			continue
		}
		if !q.Has(kv[0]) {
			q.Set(kv[0], kv[1])
		}
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// Writable checks that the database can take a write now: it commits a
// transaction that writes (SQLite rewrites its user_version header field
// with its own value; PostgreSQL assigns a transaction id, so that the
// commit writes to its log). The error says why not (outage.Reason).
func (db *DB) Writable(ctx context.Context) error {
	err := db.writeCheck(ctx)
	if err == nil || db.Dialect != dialect.SQLite {
		return err
	}
	// SQLite reports a write the filesystem refused as an I/O error (10)
	// or a read-only database (8) alike; the directory says which it is
	// when it is read-only or full.
	if r := outage.Reason(err); r == outage.ReasonIO || r == outage.ReasonReadOnly || r == outage.ReasonDiskFull {
		if path, ok := SQLiteFile(db.dsn); ok {
			if perr := writable(path); perr != nil && (errors.Is(perr, syscall.EROFS) || errors.Is(perr, syscall.ENOSPC)) {
				return fmt.Errorf("write check: %w (sqlite: %v)", perr, err)
			}
		}
	}
	return err
}

// writeCheck commits a transaction that writes.
func (db *DB) writeCheck(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	tx, err := db.SQL.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("write check: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it does nothing
	if db.Dialect == dialect.Postgres {
		var recovery bool
		if err := tx.QueryRowContext(ctx, "SELECT pg_is_in_recovery()").Scan(&recovery); err != nil {
			return fmt.Errorf("write check: %w", err)
		}
		if recovery {
			return fmt.Errorf("write check: %w", ErrRecovery)
		}
		if _, err := tx.ExecContext(ctx, "SELECT txid_current()"); err != nil {
			return fmt.Errorf("write check: %w", err)
		}
	} else {
		var v int64
		if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
			return fmt.Errorf("write check: %w", err)
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", v)); err != nil {
			return fmt.Errorf("write check: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("write check: %w", err)
	}
	return nil
}

// ReasonOf says why err (from Ping, Writable or a query) means the database
// cannot serve: an outage reason, "in recovery", or "error".
func ReasonOf(err error) string {
	if errors.Is(err, ErrRecovery) {
		return "in recovery"
	}
	if r := outage.Reason(err); r != "" {
		return r
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return outage.ReasonUnreachable
	}
	return "error"
}

// ErrRecovery: the PostgreSQL server is a standby or recovering; it takes
// no writes.
var ErrRecovery = errors.New("the server is in recovery and takes no writes")
