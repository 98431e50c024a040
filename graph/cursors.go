package graph

import (
	"context"
	"errors"
	"strings"
	"time"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/wushehub/wushe/internal/fault"
)

// A connection's cursors (after, before) are opaque to clients: base64 of
// the ID of a record and, for each field of orderBy, the record's value of
// it. A cursor the server did not issue for the connection and its order is
// refused as input (BAD_USER_INPUT naming the argument), never left to fail
// inside the pagination or the database: the limiter checks every cursor
// argument of the document before it runs, and a database that cannot
// compare a cursor's value with its column (PostgreSQL: a cursor of a page
// of another order) is answered the same way by the error presenter.

// cursorError is a cursor argument the server did not issue.
type cursorError struct{ arg string }

func (e *cursorError) Error() string { return e.fault().Error() }

func (e *cursorError) fault() *fault.Error {
	return fault.BadInput(e.arg, fault.T(
		"%s is not a cursor of this connection in this order: pass the endCursor (for after) or startCursor (for before) of a page fetched with the same orderBy, unchanged",
		"%s不是该连接在此排序下的分页游标：请原样传入以相同orderBy取得的某页的endCursor（after）或startCursor（before）", e.arg))
}

func (e *cursorError) gqlError(lang fault.Lang) *gqlerror.Error {
	fe := e.fault()
	return &gqlerror.Error{Message: fe.Message(lang), Extensions: map[string]any{"code": string(fe.Code), "field": fe.Field}}
}

// cursors checks the cursor arguments of f, written in the document or
// passed in variables; the first the server did not issue is kept in
// m.badCursor.
func (m *measure) cursors(f *ast.Field) {
	if m.badCursor != nil || f.Definition == nil {
		return
	}
	for _, a := range f.Arguments {
		if a.Value == nil || a.Value.ExpectedType == nil || a.Value.ExpectedType.Name() != "Cursor" {
			continue
		}
		v, err := a.Value.Value(m.vars)
		if err != nil || v == nil {
			continue
		}
		if n, list, known := m.order(f); !issuedCursor(v, n, list, known) {
			m.badCursor = &cursorError{arg: a.Name}
			return
		}
	}
}

// order says how many values a cursor of f carries: one per entry of an
// orderBy list (list false when orderBy takes a single order, known false
// when f has no orderBy).
func (m *measure) order(f *ast.Field) (n int, list, known bool) {
	def := f.Definition.Arguments.ForName("orderBy")
	if def == nil {
		return 0, false, false
	}
	list = def.Type.Elem != nil
	a := f.Arguments.ForName("orderBy")
	if a == nil {
		return 0, list, true
	}
	v, err := a.Value.Value(m.vars)
	switch v := v.(type) {
	case nil:
		if err != nil {
			return 0, list, false
		}
		return 0, list, true
	case []any:
		return len(v), list, true
	default: // a single order given for a list
		return 1, list, true
	}
}

// issuedCursor reports whether v decodes as a cursor the server issues for
// a connection whose order has n fields: base64 of an ID and nothing else
// (no order), or of an ID and one scalar value per order field.
func issuedCursor(v any, n int, list, known bool) bool {
	var c entgql.Cursor[int]
	if c.UnmarshalGQL(v) != nil {
		return false
	}
	if c.Value == nil || !known {
		return c.Value == nil || scalarValues(c.Value)
	}
	if !list {
		return scalarValue(c.Value)
	}
	values, ok := c.Value.([]any)
	return ok && len(values) == n && scalarValues(c.Value)
}

// scalarValues reports whether v is a scalar or a list of scalars.
func scalarValues(v any) bool {
	values, ok := v.([]any)
	if !ok {
		return scalarValue(v)
	}
	for _, x := range values {
		if !scalarValue(x) {
			return false
		}
	}
	return true
}

// scalarValue reports whether v is a value a record's field may have, as
// a cursor decodes it.
func scalarValue(v any) bool {
	switch v.(type) {
	case nil, bool, string, time.Time,
		int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, float32, float64:
		return true
	}
	return false
}

// badCursorValue returns the cursor argument of the field of ctx when err
// is the database refusing to compare a value of it with its column
// (PostgreSQL's data exceptions, SQLSTATE class 22: a cursor of a page of
// another order).
func badCursorValue(ctx context.Context, err error) (*cursorError, bool) {
	var state interface{ SQLState() string }
	if !errors.As(err, &state) || !strings.HasPrefix(state.SQLState(), "22") {
		return nil, false
	}
	fc := graphql.GetFieldContext(ctx)
	if fc == nil {
		return nil, false
	}
	for _, arg := range []string{"after", "before"} {
		if c, ok := fc.Args[arg].(*entgql.Cursor[int]); ok && c != nil {
			return &cursorError{arg: arg}, true
		}
	}
	return nil, false
}
