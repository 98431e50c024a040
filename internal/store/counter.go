package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync/atomic"

	"entgo.io/ent/dialect"
)

// Counter counts the SQL statements sent to the database: in all, and per
// context for those marked with CountStatements.
type Counter struct {
	total atomic.Int64
}

// Total returns the number of statements sent since the database opened.
func (c *Counter) Total() int64 { return c.total.Load() }

type countKey struct{}

// CountStatements returns ctx whose statements are counted in the returned
// counter, e.g. to log or bound the round trips of one request.
func CountStatements(ctx context.Context) (context.Context, *atomic.Int64) {
	n := new(atomic.Int64)
	return context.WithValue(ctx, countKey{}, n), n
}

// StatementsIn returns the count of ctx's statements so far (0 when ctx is
// not counted).
func StatementsIn(ctx context.Context) int64 {
	if n, ok := ctx.Value(countKey{}).(*atomic.Int64); ok {
		return n.Load()
	}
	return 0
}

func (c *Counter) add(ctx context.Context) {
	c.total.Add(1)
	if n, ok := ctx.Value(countKey{}).(*atomic.Int64); ok {
		n.Add(1)
	}
}

// countingDriver counts every Exec and Query, inside transactions too, and
// sends reads to the read replicas when there are (replicas.go).
type countingDriver struct {
	dialect.Driver
	counter *Counter
	reads   *atomic.Pointer[Replicas]
}

func (d countingDriver) Exec(ctx context.Context, query string, args, v any) error {
	d.counter.add(ctx)
	ReadPrimary(ctx) // the request wrote: it reads its writes from now on
	return d.Driver.Exec(ctx, query, args, v)
}

func (d countingDriver) Query(ctx context.Context, query string, args, v any) error {
	d.counter.add(ctx)
	if d.reads != nil {
		if done, err := d.reads.Load().query(ctx, query, args, v); done {
			return err
		}
	}
	return d.Driver.Query(ctx, query, args, v)
}

func (d countingDriver) Tx(ctx context.Context) (dialect.Tx, error) {
	ReadPrimary(ctx)
	tx, err := d.Driver.Tx(ctx)
	if err != nil {
		return nil, err
	}
	return countingTx{Tx: tx, counter: d.counter, stmts: newStmtCache(tx, d.Driver.Dialect())}, nil
}

// BeginTx keeps the driver's support for transaction options (isolation).
func (d countingDriver) BeginTx(ctx context.Context, opts *sql.TxOptions) (dialect.Tx, error) {
	type beginner interface {
		BeginTx(context.Context, *sql.TxOptions) (dialect.Tx, error)
	}
	ReadPrimary(ctx)
	b, ok := d.Driver.(beginner)
	if !ok {
		return d.Tx(ctx)
	}
	tx, err := b.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return countingTx{Tx: tx, counter: d.counter, stmts: newStmtCache(tx, d.Driver.Dialect())}, nil
}

type countingTx struct {
	dialect.Tx
	counter *Counter
	stmts   *stmtCache // nil when the transaction is not database/sql's
}

// Commit waits for a detached statement in flight, closes the
// transaction's prepared statements, then commits; when a detached
// statement failed it rolls back and returns that statement's error.
func (t countingTx) Commit() error {
	if err := t.stmts.wait(); err != nil {
		t.stmts.close()
		_ = t.Tx.Rollback()
		return err
	}
	t.stmts.close()
	return t.Tx.Commit()
}

// Rollback waits for a detached statement in flight, closes the
// transaction's prepared statements, then rolls back.
func (t countingTx) Rollback() error {
	_ = t.stmts.wait()
	t.stmts.close()
	return t.Tx.Rollback()
}

func (t countingTx) Exec(ctx context.Context, query string, args, v any) error {
	t.counter.add(ctx)
	if err := t.stmts.wait(); err != nil {
		return err
	}
	if done, err := t.stmts.entExec(ctx, query, args, v); done {
		return err
	}
	return t.Tx.Exec(ctx, query, args, v)
}

func (t countingTx) Query(ctx context.Context, query string, args, v any) error {
	t.counter.add(ctx)
	if err := t.stmts.wait(); err != nil {
		return err
	}
	if done, err := t.stmts.entQuery(ctx, query, args, v); done {
		return err
	}
	return t.Tx.Query(ctx, query, args, v)
}

// execQuerier is implemented by ent's SQL driver and transactions: the raw
// database/sql calls behind ent's ExecContext and QueryContext.
type execQuerier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// ExecContext runs a raw statement, counted.
func (d countingDriver) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	d.counter.add(ctx)
	ReadPrimary(ctx)
	return d.Driver.(execQuerier).ExecContext(ctx, query, args...)
}

// QueryContext runs a raw query, counted.
func (d countingDriver) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	d.counter.add(ctx)
	return d.Driver.(execQuerier).QueryContext(ctx, query, args...)
}

// ExecContext runs a raw statement in the transaction, counted.
func (t countingTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	t.counter.add(ctx)
	if err := t.stmts.wait(); err != nil {
		return nil, err
	}
	if res, done, err := t.stmts.exec(ctx, query, args); done {
		return res, err
	}
	eq, ok := t.Tx.(execQuerier)
	if !ok {
		return nil, fmt.Errorf("transaction %T cannot run raw statements", t.Tx)
	}
	return eq.ExecContext(ctx, query, args...)
}

// QueryContext runs a raw query in the transaction, counted.
func (t countingTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	t.counter.add(ctx)
	if err := t.stmts.wait(); err != nil {
		return nil, err
	}
	if rows, done, err := t.stmts.query(ctx, query, args); done {
		return rows, err
	}
	eq, ok := t.Tx.(execQuerier)
	if !ok {
		return nil, fmt.Errorf("transaction %T cannot run raw queries", t.Tx)
	}
	return eq.QueryContext(ctx, query, args...)
}
