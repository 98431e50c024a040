package scale

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"entgo.io/ent/dialect"
	"github.com/lib/pq"
)

// batch is how many rows one transaction writes.
const batch = 50_000

// table is one table's rows: n rows, row i's values written into v in the
// order of cols.
type table struct {
	name string
	cols []string
	n    int
	row  func(i int, v []any)
}

// write writes t's rows into db in transactions of batch rows: by COPY on
// PostgreSQL (one statement per batch, so that statement-level triggers see
// each batch once), by multi-row INSERTs on SQLite. Each batch's rows are
// reported to done.
func write(ctx context.Context, db *sql.DB, d string, t table, done func(int)) error {
	v := make([]any, len(t.cols))
	for start := 0; start < t.n; start += batch {
		if err := ctx.Err(); err != nil {
			return err
		}
		end := min(start+batch, t.n)
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("%s: %w", t.name, err)
		}
		if d == dialect.Postgres {
			err = copyRows(ctx, tx, t, start, end, v)
		} else {
			err = insertRows(ctx, tx, t, start, end, v)
		}
		if err != nil {
			tx.Rollback() //nolint:errcheck // the write's error is the one to report
			return fmt.Errorf("%s: %w", t.name, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("%s: %w", t.name, err)
		}
		done(end - start)
	}
	return nil
}

func copyRows(ctx context.Context, tx *sql.Tx, t table, start, end int, v []any) error {
	stmt, err := tx.PrepareContext(ctx, pq.CopyIn(t.name, t.cols...))
	if err != nil {
		return err
	}
	defer stmt.Close()
	for i := start; i < end; i++ {
		t.row(i, v)
		if _, err := stmt.ExecContext(ctx, v...); err != nil {
			return err
		}
	}
	_, err = stmt.ExecContext(ctx)
	return err
}

// insertRows writes rows start to end with INSERTs of up to 32,000
// parameters (SQLite's limit is 32,766).
func insertRows(ctx context.Context, tx *sql.Tx, t table, start, end int, v []any) error {
	per := min(500, 32_000/len(t.cols))
	query := func(rows int) string {
		var b strings.Builder
		fmt.Fprintf(&b, "INSERT INTO %s (%s) VALUES ", t.name, strings.Join(t.cols, ", "))
		one := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(t.cols)), ", ") + ")"
		for r := range rows {
			if r > 0 {
				b.WriteString(", ")
			}
			b.WriteString(one)
		}
		return b.String()
	}
	full, err := tx.PrepareContext(ctx, query(per))
	if err != nil {
		return err
	}
	defer full.Close()
	args := make([]any, 0, per*len(t.cols))
	for i := start; i < end; i += per {
		rows := min(per, end-i)
		args = args[:0]
		for r := range rows {
			t.row(i+r, v)
			args = append(args, v...)
		}
		if rows == per {
			_, err = full.ExecContext(ctx, args...)
		} else {
			_, err = tx.ExecContext(ctx, query(rows), args...)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// ids returns the ids of table's rows in the order they were written (ids
// are handed out in increasing order to one writer).
func ids(ctx context.Context, db *sql.DB, table string) ([]int, error) {
	rows, err := db.QueryContext(ctx, "SELECT id FROM "+table+" ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("%s: %w", table, err)
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("%s: %w", table, err)
		}
		out = append(out, id)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", table, err)
	}
	return out, nil
}
