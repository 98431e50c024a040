package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"sync"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
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
func (c *stmtCache) exec(ctx context.Context, query string, args []any) (sql.Result, bool, error) {
	if m, ok := c.copyable(ctx, query, args); ok && !m.returning {
		_, err := copyInsert(ctx, c.tx, m, args)
		return driver.RowsAffected(len(m.values) / len(m.cols)), true, err
	}
	s, err := c.stmt(ctx, query, args)
	if s == nil || err != nil {
		return nil, err != nil, err
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
		ids, err := copyInsert(ctx, c.tx, m, argv)
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
