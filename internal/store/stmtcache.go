package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strings"
	"sync"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"github.com/lib/pq"

	"github.com/wushehub/wushe/internal/bulk"
)

// minPreparedArgs is the argument count from which a statement a
// transaction sends again is prepared once and reused: the multi-row
// INSERTs and key lookups of a bulk write (an import writes the same
// 500-row INSERT hundreds of times), whose parsing and planning otherwise
// cost as much as the rows. Small statements are left to the driver.
const minPreparedArgs = 64

// maxPrepared bounds the statements one transaction keeps prepared.
const maxPrepared = 32

// stmtCache holds the prepared statements of one transaction, by text.
// database/sql closes them when the transaction ends; in transaction
// pooling behind a connection pooler, a statement lives no longer than the
// transaction that prepared it.
type stmtCache struct {
	mu       sync.Mutex // a transaction may serve concurrent resolvers
	tx       *sql.Tx
	postgres bool
	seen     map[string]bool
	stmts    map[string]*sql.Stmt
	seqs     map[string]string // table → its id sequence, for COPY

	// A detached statement in flight (bulk.Detach), and the first error
	// one returned: the transaction cannot go on after it.
	amu     sync.Mutex
	pending chan error
	failed  error
}

// detach runs end, the rest of a detached statement, while its writer goes
// on; the transaction's next statement waits for it (wait).
func (c *stmtCache) detach(end func() error) {
	ch := make(chan error, 1)
	c.amu.Lock()
	c.pending = ch
	c.amu.Unlock()
	go func() { ch <- end() }()
}

// wait waits for the detached statement in flight, if any, and returns the
// error a detached statement of the transaction returned.
func (c *stmtCache) wait() error {
	if c == nil {
		return nil
	}
	c.amu.Lock()
	defer c.amu.Unlock()
	if c.pending != nil {
		if err := <-c.pending; err != nil && c.failed == nil {
			c.failed = fmt.Errorf("a bulk write of this transaction failed: %w", err)
		}
		c.pending = nil
	}
	return c.failed
}

// sequence returns the name of table's id sequence, looked up once per
// transaction.
func (c *stmtCache) sequence(ctx context.Context, table string) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if seq, ok := c.seqs[table]; ok {
		return seq, nil
	}
	var seq string
	if err := c.tx.QueryRowContext(ctx, `SELECT pg_get_serial_sequence($1, 'id')`, pq.QuoteIdentifier(table)).Scan(&seq); err != nil {
		return "", err
	}
	if c.seqs == nil {
		c.seqs = map[string]string{}
	}
	c.seqs[table] = seq
	return seq, nil
}

func newStmtCache(tx any, dialectName string) *stmtCache {
	et, ok := tx.(*entsql.Tx)
	if !ok {
		return nil
	}
	stx, ok := et.ExecQuerier.(*sql.Tx)
	if !ok {
		return nil
	}
	return &stmtCache{tx: stx, postgres: dialectName == dialect.Postgres}
}

// stmt returns the prepared statement of query when it is one to reuse: a
// bulk statement sent before in this transaction.
func (c *stmtCache) stmt(ctx context.Context, query string, args []any) (*sql.Stmt, error) {
	if c == nil || len(args) < minPreparedArgs {
		return nil, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.stmts[query]; ok {
		return s, nil
	}
	if !c.seen[query] {
		if c.seen == nil {
			c.seen = map[string]bool{}
		}
		if len(c.seen) < 4*maxPrepared {
			c.seen[query] = true
		}
		return nil, nil
	}
	if len(c.stmts) >= maxPrepared {
		return nil, nil
	}
	s, err := c.tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if c.stmts == nil {
		c.stmts = map[string]*sql.Stmt{}
	}
	c.stmts[query] = s
	return s, nil
}

// close closes the prepared statements while the transaction still holds
// its connection: behind a pooler in transaction mode, a statement closed
// after the commit (as database/sql would) could reach another client's
// server connection.
func (c *stmtCache) close() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for q, s := range c.stmts {
		_ = s.Close()
		delete(c.stmts, q)
	}
}

// exec runs query in the transaction, prepared when it is one to reuse;
// false when it is not.
// A detached INSERT (bulk.Detach) returns once it is sent (COPY) or at
// once (a prepared statement, run in its own goroutine), counting its rows
// as it will write them.
func (c *stmtCache) exec(ctx context.Context, query string, args []any) (sql.Result, bool, error) {
	var detach func(func() error)
	if bulk.Detached(ctx) && strings.HasPrefix(query, "INSERT ") {
		detach = c.detach
	}
	if m, ok := c.copyable(ctx, query, args); ok && !m.returning {
		_, err := copyInsert(ctx, c.tx, c.sequence, detach, m, args)
		return driver.RowsAffected(len(m.values) / len(m.cols)), true, err
	}
	s, err := c.stmt(ctx, query, args)
	if s == nil || err != nil {
		return nil, err != nil, err
	}
	if detach != nil {
		rows := strings.Count(query, "), (") + 1
		detach(func() error {
			_, err := s.ExecContext(ctx, args...)
			return err
		})
		return driver.RowsAffected(rows), true, nil
	}
	res, err := s.ExecContext(ctx, args...)
	return res, true, err
}

func (c *stmtCache) query(ctx context.Context, query string, args []any) (*sql.Rows, bool, error) {
	s, err := c.stmt(ctx, query, args)
	if s == nil || err != nil {
		return nil, err != nil, err
	}
	rows, err := s.QueryContext(ctx, args...)
	return rows, true, err
}

// copyable returns the INSERT query when it is to go as COPY.
func (c *stmtCache) copyable(ctx context.Context, query string, args []any) (multiInsert, bool) {
	if c == nil || !c.postgres || len(args) < minCopyRows || !bulkCopy(ctx) {
		return multiInsert{}, false
	}
	return parseInsert(query, args)
}

// entExec and entQuery run ent's Exec and Query through the cache: ent's
// own driver calls do nothing else with a transaction's statements when no
// session variables are set on ctx (ent's WithVar, not used here).
func (c *stmtCache) entExec(ctx context.Context, query string, args, v any) (bool, error) {
	argv, ok := args.([]any)
	if !ok || c == nil || len(argv) < minPreparedArgs {
		return false, nil
	}
	switch v := v.(type) {
	case nil:
		_, done, err := c.exec(ctx, query, argv)
		return done, err
	case *sql.Result:
		res, done, err := c.exec(ctx, query, argv)
		if done && err == nil {
			*v = res
		}
		return done, err
	}
	return false, nil
}

func (c *stmtCache) entQuery(ctx context.Context, query string, args, v any) (bool, error) {
	argv, ok := args.([]any)
	vr, isRows := v.(*entsql.Rows)
	if !ok || !isRows || c == nil || len(argv) < minPreparedArgs {
		return false, nil
	}
	if m, ok := c.copyable(ctx, query, argv); ok && m.returning {
		ids, err := copyInsert(ctx, c.tx, c.sequence, nil, m, argv)
		if err == nil {
			*vr = entsql.Rows{ColumnScanner: &idRows{ids: ids}}
		}
		return true, err
	}
	rows, done, err := c.query(ctx, query, argv)
	if done && err == nil {
		*vr = entsql.Rows{ColumnScanner: rows}
	}
	return done, err
}
