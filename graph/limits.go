package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/fault"
)

// Limits protect the server from documents that would cost too much: they
// are checked after validation, before execution, and a document over any
// of them is refused with QUERY_TOO_COMPLEX (or BAD_USER_INPUT for a page
// size) naming the limit.
type Limits struct {
	MaxDepth      int // nesting of fields
	MaxCost       int // fields, each connection's edges counted once per requested row, nodes' selection once per ID
	MaxAliases    int // aliased fields
	MaxRootFields int // fields at the top of the operation
	MaxDirectives int // directives in the document
	MaxPageSize   int // largest first/last of a connection, and most ids of nodes
	// MaxBodyBytes bounds a POST body (HTTP 413 over it), and the JSON
	// parts of a multipart request.
	MaxBodyBytes int64
	// MaxUploadBytes bounds a multipart request, its files included (HTTP
	// 413 over it).
	MaxUploadBytes int64
	// PublicIntrospection lets PUBLIC viewers introspect the schema (it is
	// served at /schema.graphql anyway).
	PublicIntrospection bool
}

// DefaultLimits are the limits of a server that sets none. Depth allows the
// Relay shape (connection → edges → node) three levels deep; cost allows a
// page of 100 communities with their pairings, groups and universities.
func DefaultLimits() Limits {
	return Limits{MaxDepth: 15, MaxCost: 20000, MaxAliases: 30, MaxRootFields: 20, MaxDirectives: 50, MaxPageSize: 1000, MaxBodyBytes: 2 << 20, MaxUploadBytes: 20 << 20}
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	pick := func(v, def int) int {
		if v <= 0 {
			return def
		}
		return v
	}
	body, upload := l.MaxBodyBytes, l.MaxUploadBytes
	if body <= 0 {
		body = d.MaxBodyBytes
	}
	if upload <= 0 {
		upload = d.MaxUploadBytes
	}
	return Limits{
		MaxDepth: pick(l.MaxDepth, d.MaxDepth), MaxCost: pick(l.MaxCost, d.MaxCost),
		MaxAliases: pick(l.MaxAliases, d.MaxAliases), MaxRootFields: pick(l.MaxRootFields, d.MaxRootFields),
		MaxDirectives: pick(l.MaxDirectives, d.MaxDirectives), MaxPageSize: pick(l.MaxPageSize, d.MaxPageSize),
		MaxBodyBytes:        body,
		MaxUploadBytes:      upload,
		PublicIntrospection: l.PublicIntrospection,
	}
}

// limiter is the gqlgen extension enforcing Limits and who may introspect.
type limiter struct{ limits Limits }

var (
	_ graphql.HandlerExtension        = limiter{}
	_ graphql.OperationContextMutator = limiter{}
)

// ExtensionName names the extension.
func (limiter) ExtensionName() string { return "Limits" }

// Validate accepts any schema.
func (limiter) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext measures the operation and refuses it when over a limit.
func (l limiter) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if authz.FromContext(ctx).Role == authz.Public && !l.limits.PublicIntrospection {
		oc.DisableIntrospection = true
	} else {
		oc.DisableIntrospection = false
	}
	if oc.Operation == nil {
		return nil
	}
	m := measure{vars: oc.Variables, limits: l.limits}
	m.rootFields = countRoot(oc.Operation.SelectionSet, 0)
	m.cost = m.selection(oc.Operation.SelectionSet, 1, map[string]bool{}, nil)
	m.directives += len(oc.Operation.Directives)
	lang := fault.LangFrom(ctx)
	tooMuch := func(what, zh string, got, limit int) *gqlerror.Error {
		text := fault.Text{
			En: fmt.Sprintf("the document's %s is %d, over the limit of %d", what, got, limit),
			Zh: fmt.Sprintf("文档的%s为%d，超过上限%d", zh, got, limit),
		}
		return &gqlerror.Error{Message: text.In(lang), Extensions: map[string]any{"code": string(fault.QueryTooComplex), "limit": what}}
	}
	switch {
	case m.badCursor != nil:
		return m.badCursor.gqlError(lang)
	case m.badIDs:
		return &gqlerror.Error{Message: fault.T("ids may list at most %d IDs", "ids最多列出%d个ID", l.limits.MaxPageSize).In(lang),
			Extensions: map[string]any{"code": string(fault.BadUserInput), "field": "ids"}}
	case m.badPage != "":
		return &gqlerror.Error{Message: fault.T("%s may be at most %d", "%s最多为%d", m.badPage, l.limits.MaxPageSize).In(lang),
			Extensions: map[string]any{"code": string(fault.BadUserInput), "field": m.badPage}}
	case m.depth > l.limits.MaxDepth:
		return tooMuch("depth", "嵌套深度", m.depth, l.limits.MaxDepth)
	case m.aliases > l.limits.MaxAliases:
		return tooMuch("alias count", "别名数", m.aliases, l.limits.MaxAliases)
	case m.rootFields > l.limits.MaxRootFields:
		return tooMuch("root field count", "顶层字段数", m.rootFields, l.limits.MaxRootFields)
	case m.directives > l.limits.MaxDirectives:
		return tooMuch("directive count", "指令数", m.directives, l.limits.MaxDirectives)
	case m.cost > l.limits.MaxCost:
		return tooMuch("cost", "复杂度", m.cost, l.limits.MaxCost)
	}
	return nil
}

// measure walks an operation once.
type measure struct {
	vars                       map[string]any
	limits                     Limits
	depth, aliases, rootFields int
	directives, cost           int
	badPage                    string // first or last over MaxPageSize
	badIDs                     bool   // nodes(ids:) over MaxPageSize
	badCursor                  *cursorError
}

func countRoot(set ast.SelectionSet, guard int) int {
	if guard > 20 {
		return 0
	}
	n := 0
	for _, s := range set {
		switch s := s.(type) {
		case *ast.Field:
			n++
		case *ast.InlineFragment:
			n += countRoot(s.SelectionSet, guard+1)
		case *ast.FragmentSpread:
			if s.Definition != nil {
				n += countRoot(s.Definition.SelectionSet, guard+1)
			}
		}
	}
	return n
}

// selection returns the cost of a selection set at depth, counting depth,
// aliases and directives on the way; fragments, named or inline, count as
// if their fields were written in place. Each field costs rows(field) times
// its own cost (once when rows is nil). Introspection fields are free.
func (m *measure) selection(set ast.SelectionSet, depth int, seen map[string]bool, rows func(*ast.Field) int) int {
	cost := 0
	for _, s := range set {
		switch s := s.(type) {
		case *ast.Field:
			m.directives += len(s.Directives)
			if strings.HasPrefix(s.Name, "__") {
				continue
			}
			if depth > m.depth {
				m.depth = depth
			}
			if s.Alias != "" && s.Alias != s.Name {
				m.aliases++
			}
			n := 1
			if rows != nil {
				n = rows(s)
			}
			cost += n * m.field(s, depth, seen)
		case *ast.InlineFragment:
			m.directives += len(s.Directives)
			cost += m.selection(s.SelectionSet, depth, seen, rows)
		case *ast.FragmentSpread:
			m.directives += len(s.Directives)
			if s.Definition == nil || seen[s.Name] {
				continue
			}
			seen[s.Name] = true
			cost += m.selection(s.Definition.SelectionSet, depth, seen, rows)
			delete(seen, s.Name)
		}
	}
	return cost
}

// field costs 1, plus its children: the edges of a connection count once
// per row asked for (first or last, or the largest page when neither), and
// the whole selection of nodes(ids:) once per ID.
func (m *measure) field(f *ast.Field, depth int, seen map[string]bool) int {
	m.cursors(f)
	var rows func(*ast.Field) int
	switch {
	case f.Definition != nil && strings.HasSuffix(f.Definition.Type.Name(), "Connection"):
		n := m.pageSize(f)
		rows = func(child *ast.Field) int {
			if child.Name == "edges" {
				return n
			}
			return 1
		}
	case f.Name == "nodes" && f.ObjectDefinition != nil && f.ObjectDefinition.Name == "Query":
		n := m.ids(f)
		rows = func(*ast.Field) int { return n }
	case f.Definition != nil && f.Definition.Type.Elem != nil && f.Definition.Arguments.ForName("first") != nil:
		// A list with a page size (an import job's rows): its selection
		// once per row asked for.
		n := m.pageSize(f)
		rows = func(*ast.Field) int { return n }
	}
	return 1 + m.selection(f.SelectionSet, depth+1, seen, rows)
}

// pageSize is the number of rows a connection field asks for.
func (m *measure) pageSize(f *ast.Field) int {
	rows := m.limits.MaxPageSize
	for _, name := range []string{"first", "last"} {
		if a := f.Arguments.ForName(name); a != nil {
			v, err := a.Value.Value(m.vars)
			if err != nil || v == nil {
				continue
			}
			n := toInt(v)
			if n > m.limits.MaxPageSize {
				m.badPage = name
			}
			rows = max(n, 0)
		}
	}
	return rows
}

// ids is the number of IDs nodes(ids:) asks for, written in the document
// or passed in a variable (a single ID stands for a list of one).
func (m *measure) ids(f *ast.Field) int {
	a := f.Arguments.ForName("ids")
	if a == nil {
		return 0
	}
	v, err := a.Value.Value(m.vars)
	if err != nil || v == nil {
		return 0
	}
	n := 1
	if list, ok := v.([]any); ok {
		n = len(list)
	}
	if n > m.limits.MaxPageSize {
		m.badIDs = true
	}
	return n
}

func toInt(v any) int {
	switch n := v.(type) {
	case int:
		return n
	case int64:
		return int(n)
	case float64:
		return int(n)
	case string:
		i, _ := strconv.Atoi(n)
		return i
	case json.Number:
		i, _ := n.Int64()
		return int(i)
	}
	return 0
}
