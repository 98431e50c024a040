package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	entsql "entgo.io/ent/dialect/sql"
	"github.com/lib/pq"

	"github.com/wushehub/wushe/internal/bulk"
)

// WithBulkCopy returns ctx under which a transaction on PostgreSQL sends
// the multi-row INSERTs of bulk writes (ent's CreateBulk, the audit log's
// batches) as COPY FROM STDIN, which the server loads several times faster
// than it parses and plans an INSERT of hundreds of rows. The rows, their
// order, their ids (taken from the table's identity sequence first, as the
// INSERT would) and the errors' SQLSTATE codes are those of the INSERT: the
// hooks, privacy rules and audit entries that built the statement are
// untouched. An import marks its transaction so.
func WithBulkCopy(ctx context.Context) context.Context { return bulk.With(ctx) }

func bulkCopy(ctx context.Context) bool { return bulk.On(ctx) }

// minCopyRows is the row count from which an INSERT goes as COPY.
const minCopyRows = 32

// multiInsert is a multi-row INSERT as ent's builder writes it for
// PostgreSQL: INSERT INTO "t" ("a", "b") VALUES ($1, $2), ($3, $4)
// [RETURNING "id"], every value a placeholder in order.
type multiInsert struct {
	table     string
	cols      []string
	returning bool  // RETURNING "id"
	values    []any // row after row, len(cols) each
}

// placeholders reads the VALUES list of an INSERT of n columns whose every
// value is a placeholder ($1, $2, … in order) or NULL, and returns the
// values of its rows.
func placeholders(s string, n int, args []any) ([]any, bool) {
	vals := make([]any, 0, len(args)+len(args)/4)
	next := 0
	for row := 0; ; row++ {
		if row > 0 {
			var ok bool
			if s, ok = strings.CutPrefix(s, ", "); !ok {
				return nil, false
			}
		}
		var ok bool
		if s, ok = strings.CutPrefix(s, "("); !ok {
			return nil, false
		}
		for col := 0; col < n; col++ {
			if col > 0 {
				if s, ok = strings.CutPrefix(s, ", "); !ok {
					return nil, false
				}
			}
			if r, ok := strings.CutPrefix(s, "NULL"); ok {
				vals, s = append(vals, nil), r
				continue
			}
			if r, ok := strings.CutPrefix(s, "$"+strconv.Itoa(next+1)); ok && next < len(args) && (r == "" || r[0] < '0' || r[0] > '9') {
				vals, s = append(vals, args[next]), r
				next++
				continue
			}
			return nil, false
		}
		if s, ok = strings.CutPrefix(s, ")"); !ok {
			return nil, false
		}
		if s == "" {
			return vals, next == len(args)
		}
	}
}

// parseInsert recognises query as a multi-row INSERT of len(args) values
// that COPY can load exactly; false for anything else (ON CONFLICT,
// defaults, expressions, other RETURNING lists, bytea or JSON values).
func parseInsert(query string, args []any) (multiInsert, bool) {
	var m multiInsert
	rest, ok := strings.CutPrefix(query, `INSERT INTO "`)
	if !ok {
		return m, false
	}
	i := strings.IndexByte(rest, '"')
	if i <= 0 {
		return m, false
	}
	m.table, rest = rest[:i], rest[i+1:]
	rest, ok = strings.CutPrefix(rest, " (")
	if !ok {
		return m, false
	}
	i = strings.Index(rest, ") VALUES ")
	if i < 0 {
		return m, false
	}
	for _, c := range strings.Split(rest[:i], ", ") {
		name, ok := strings.CutPrefix(c, `"`)
		name, ok2 := strings.CutSuffix(name, `"`)
		if !ok || !ok2 || name == "" || strings.ContainsAny(name, `"`) {
			return m, false
		}
		m.cols = append(m.cols, name)
	}
	values := rest[i+len(") VALUES "):]
	values, m.returning = strings.CutSuffix(values, ` RETURNING "id"`)
	vals, ok := placeholders(values, len(m.cols), args)
	if !ok || len(vals)/len(m.cols) < minCopyRows {
		return m, false
	}
	for _, a := range vals {
		if !copyable(a) {
			return m, false
		}
	}
	m.values = vals
	return m, true
}

// copyable reports whether COPY's text encoding of v is what the INSERT's
// parameter would store: not for bytes, which COPY would write as bytea
// whatever the column's type.
func copyable(v any) bool {
	if vr, ok := v.(driver.Valuer); ok {
		var err error
		if v, err = vr.Value(); err != nil {
			return false
		}
	}
	switch v.(type) {
	case nil, string, int64, float64, bool, time.Time:
		return true
	}
	dv, err := driver.DefaultParameterConverter.ConvertValue(v)
	if err != nil {
		return false
	}
	switch dv.(type) {
	case nil, string, int64, float64, bool, time.Time:
		return true
	}
	return false
}

// copies counts the INSERTs sent as COPY (for tests).
var copies atomic.Int64

// copyInsert loads the rows of m's INSERT with COPY in tx and returns the
// ids it gave them when m returns them. With detach, it returns once the
// rows are sent, and hands detach the wait for the server's answer.
func copyInsert(ctx context.Context, tx *sql.Tx, sequence func(context.Context, string) (string, error), detach func(func() error), m multiInsert, args []any) ([]int64, error) {
	copies.Add(1)
	n := len(m.cols)
	args = m.values
	rows := len(args) / n
	cols := m.cols
	var ids []int64
	if m.returning {
		var err error
		if ids, err = nextIDs(ctx, tx, sequence, m.table, rows); err != nil {
			return nil, err
		}
		cols = append([]string{"id"}, cols...)
	}
	stmt, err := tx.PrepareContext(ctx, pq.CopyIn(m.table, cols...))
	if err != nil {
		return nil, err
	}
	sent := false
	defer func() {
		if !sent {
			_ = stmt.Close()
		}
	}()
	row := make([]any, 0, len(cols))
	for r := range rows {
		row = row[:0]
		if ids != nil {
			row = append(row, ids[r])
		}
		row = append(row, args[r*n:(r+1)*n]...)
		if _, err := stmt.ExecContext(ctx, row...); err != nil {
			return nil, err
		}
	}
	// The end of the data: the server has stored the rows when it answers.
	end := func() error {
		if _, err := stmt.ExecContext(ctx); err != nil {
			_ = stmt.Close()
			return err
		}
		return stmt.Close()
	}
	sent = true
	if detach != nil {
		detach(end)
		return ids, nil
	}
	return ids, end()
}

// nextIDs takes n values of table's id sequence, in order. The sequence is
// named once per table and transaction: pg_get_serial_sequence evaluated
// for each row costs eight times the nextval calls themselves (measured:
// 0.45 s against 0.05 s for 100,000 ids).
func nextIDs(ctx context.Context, tx *sql.Tx, sequence func(context.Context, string) (string, error), table string, n int) ([]int64, error) {
	seq, err := sequence(ctx, table)
	if err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT nextval($1::regclass) FROM generate_series(1, $2::int)`, seq, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ids := make([]int64, 0, n)
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(ids) != n {
		return nil, fmt.Errorf("store: %d ids of %s for %d rows", len(ids), table, n)
	}
	slices.Sort(ids)
	return ids, nil
}

// idRows is the result of an INSERT … RETURNING "id" sent as COPY.
type idRows struct {
	ids []int64
	i   int
}

var _ entsql.ColumnScanner = (*idRows)(nil)

func (r *idRows) Close() error { return nil }
func (r *idRows) ColumnTypes() ([]*sql.ColumnType, error) {
	return nil, errors.New("store: no column types")
}
func (r *idRows) Columns() ([]string, error) { return []string{"id"}, nil }
func (r *idRows) Err() error                 { return nil }
func (r *idRows) NextResultSet() bool        { return false }

func (r *idRows) Next() bool {
	if r.i >= len(r.ids) {
		return false
	}
	r.i++
	return true
}

func (r *idRows) Scan(dest ...any) error {
	if r.i == 0 || r.i > len(r.ids) || len(dest) != 1 {
		return io.ErrUnexpectedEOF
	}
	id := r.ids[r.i-1]
	switch d := dest[0].(type) {
	case *int64:
		*d = id
	case *int:
		*d = int(id)
	case *any:
		*d = id
	case sql.Scanner:
		return d.Scan(id)
	default:
		return fmt.Errorf("store: cannot scan an id into %T", dest[0])
	}
	return nil
}
