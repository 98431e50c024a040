package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/importer"
)

// Limits protect the server from documents that would cost too much. The
// limits of the text (tokens, fragments, directives, expanded size,
// strings) are checked before validation (bounds.go), the others after it,
// before execution; a document over any of them is refused with
// QUERY_TOO_COMPLEX naming the limit in extensions.limit (or BAD_USER_INPUT
// naming the argument, for a page size or a string).
type Limits struct {
	MaxDepth      int // nesting of fields
	MaxCost       int // fields, each connection's edges counted once per requested row, nodes' selection once per ID, a list's once per ListSize
	MaxAliases    int // aliased fields, with fragments written out
	MaxRootFields int // fields at the top of the operation
	MaxDirectives int // directives in the document, as written and with fragments written out
	MaxPageSize   int // largest first/last of a connection, and most ids of nodes
	// MaxTokens bounds the document's lexical tokens (names, punctuation,
	// values; comments are free).
	MaxTokens int
	// MaxFragments bounds the fragment definitions of the document.
	MaxFragments int
	// MaxDirectivesPerLocation bounds the directives on one field,
	// fragment, operation or variable.
	MaxDirectivesPerLocation int
	// MaxExpanded bounds the selections of the document (fields, inline
	// fragments, spreads) counted with every fragment written out where it
	// is spread, over each operation and fragment definition.
	MaxExpanded int
	// MaxFieldRepeats bounds how often one field (one response name at one
	// place of the response) is selected, fragments written out.
	MaxFieldRepeats int
	// MaxStringBytes bounds each string of the document and of its
	// variables.
	MaxStringBytes int
	// ListSize is the number of entries the cost assumes of a list whose
	// length is not known before it runs (the dashboard's map and
	// breakdown, a pairing plan's assignments).
	ListSize int
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
// page of 100 communities with their pairings, groups and universities, and
// the dashboard page; the limits of the text leave the dashboard page's
// document (some 300 tokens, 4 fragments, 800 selections expanded) and
// GraphiQL's introspection ten times the room they need.
func DefaultLimits() Limits {
	return Limits{MaxDepth: 15, MaxCost: 20000, MaxAliases: 30, MaxRootFields: 20, MaxDirectives: 50, MaxPageSize: 1000,
		MaxTokens: 5000, MaxFragments: 100, MaxDirectivesPerLocation: 5, MaxExpanded: 10000, MaxFieldRepeats: 30, MaxStringBytes: 64 << 10,
		ListSize: 20, MaxBodyBytes: 2 << 20, MaxUploadBytes: 20 << 20}
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
		MaxTokens: pick(l.MaxTokens, d.MaxTokens), MaxFragments: pick(l.MaxFragments, d.MaxFragments),
		MaxDirectivesPerLocation: pick(l.MaxDirectivesPerLocation, d.MaxDirectivesPerLocation),
		MaxExpanded:              pick(l.MaxExpanded, d.MaxExpanded), MaxFieldRepeats: pick(l.MaxFieldRepeats, d.MaxFieldRepeats),
		MaxStringBytes:      pick(l.MaxStringBytes, d.MaxStringBytes),
		ListSize:            pick(l.ListSize, d.ListSize),
		MaxBodyBytes:        body,
		MaxUploadBytes:      upload,
		PublicIntrospection: l.PublicIntrospection,
	}
}

// limiter is the gqlgen extension enforcing Limits after validation, and
// who may introspect.
type limiter struct {
	limits Limits
	lists  map[string]int // "Type.field" → most entries of a list whose length is known
}

var (
	_ graphql.HandlerExtension        = limiter{}
	_ graphql.OperationContextMutator = limiter{}
)

func newLimiter(limits Limits, schema *ast.Schema) limiter {
	return limiter{limits: limits, lists: knownLists(schema)}
}

// keyedLists are the plain lists with at most one entry per value of an
// enum (the dashboard's figures by category, kind, level or phase).
var keyedLists = map[string]string{
	"ActivityPanel.byCategory":           "ServiceCategory",
	"ConsultationPanel.byCategory":       "ConsultationCategory",
	"SelfFundingPanel.incomeByCategory":  "LedgerEntryCategory",
	"SelfFundingPanel.expenseByCategory": "LedgerEntryCategory",
	"SocialWorkerPanel.byLevel":          "SocialWorkerLevel",
	"TrainingPanel.byPhase":              "TrainingBatchPhase",
	"VolunteerPanel.byKind":              "VolunteerKind",
}

// knownLists returns the most entries of each plain list whose length is
// known from the schema: the keyed lists, and the star levels (0 stars and
// at most 10 thresholds). It panics when the schema lacks one of them, so
// that a renamed field or enum cannot silently fall back to ListSize.
func knownLists(schema *ast.Schema) map[string]int {
	out := map[string]int{"VolunteerPanel.stars": 11, "ImportRow.cells": importCells()}
	for list, enum := range keyedLists {
		typ, field, _ := strings.Cut(list, ".")
		def, e := schema.Types[typ], schema.Types[enum]
		if def == nil || def.Fields.ForName(field) == nil || e == nil || e.Kind != ast.Enum {
			panic(fmt.Sprintf("graph: list %s or enum %s is not in the schema", list, enum))
		}
		out[list] = len(e.EnumValues)
	}
	return out
}

// importCells is the most cells a refused row of an import names: one per
// column of the widest template.
func importCells() int {
	n := 1
	for _, s := range importer.Specs() {
		n = max(n, len(s.Columns))
	}
	return n
}

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
	m := measure{vars: oc.Variables, limits: l.limits, lists: l.lists, fragments: map[string]*shape{}}
	s := m.set(oc.Operation.SelectionSet)
	s.directives = add(s.directives, len(oc.Operation.Directives))
	lang := fault.LangFrom(ctx)
	var r *refusal
	switch {
	case m.badCursor != nil:
		return m.badCursor.gqlError(lang)
	case m.bad != nil:
		r = m.bad
	case s.depth > l.limits.MaxDepth:
		r = overLimit("depth", "嵌套深度", s.depth, l.limits.MaxDepth)
	case s.aliases > l.limits.MaxAliases:
		r = overLimit("alias count", "别名数", s.aliases, l.limits.MaxAliases)
	case s.roots > l.limits.MaxRootFields:
		r = overLimit("root field count", "顶层字段数", s.roots, l.limits.MaxRootFields)
	case s.directives > l.limits.MaxDirectives:
		r = overLimit("directive count", "指令数", s.directives, l.limits.MaxDirectives)
	case s.cost() > l.limits.MaxCost:
		r = overLimit("cost", "复杂度", s.cost(), l.limits.MaxCost)
		if len(m.unpaged) > 0 {
			names := strings.Join(m.unpaged, ", ")
			r.text.En += fmt.Sprintf("; give first (or last) to %s: without it a connection counts as a page of %d", names, l.limits.MaxPageSize)
			r.text.Zh += fmt.Sprintf("；请为 %s 指定 first（或 last）：未指定时每个连接按 %d 行计", strings.Join(m.unpaged, "、"), l.limits.MaxPageSize)
		}
	default:
		return nil
	}
	return r.gqlError(lang)
}

// measure walks an operation as it will run, each fragment measured once
// however often it is spread, so that the walk is linear in the document.
type measure struct {
	vars      map[string]any
	limits    Limits
	lists     map[string]int
	fragments map[string]*shape // measured fragments; nil while being measured
	bad       *refusal          // first argument refused: a page size, ids
	badCursor *cursorError
	unpaged   []string // connections asked without first or last, for the hint
}

// shape is what a selection set holds, fragments written out.
type shape struct {
	depth      int // of its deepest field: 1 for a field of the set itself, 0 when it has none
	edges      int // cost of its fields named edges
	other      int // cost of its other fields
	aliases    int
	directives int
	roots      int // fields of the set itself, fragments entered
}

func (s shape) cost() int { return add(s.edges, s.other) }

// merge adds the fields of t, selected at the same level, to s.
func (s *shape) merge(t shape) {
	s.depth = max(s.depth, t.depth)
	s.edges, s.other = add(s.edges, t.edges), add(s.other, t.other)
	s.aliases, s.directives = add(s.aliases, t.aliases), add(s.directives, t.directives)
	s.roots = add(s.roots, t.roots)
}

// set measures a selection set; fragments, named or inline, count as if
// their fields were written in place. Introspection fields are free.
func (m *measure) set(sel ast.SelectionSet) shape {
	var s shape
	for _, x := range sel {
		switch x := x.(type) {
		case *ast.Field:
			s.roots = add(s.roots, 1)
			s.directives = add(s.directives, len(x.Directives))
			if x.Alias != "" && x.Alias != x.Name {
				s.aliases = add(s.aliases, 1)
			}
			if strings.HasPrefix(x.Name, "__") {
				continue
			}
			cost, inner := m.field(x)
			s.depth = max(s.depth, inner.depth+1)
			s.aliases, s.directives = add(s.aliases, inner.aliases), add(s.directives, inner.directives)
			if x.Name == "edges" {
				s.edges = add(s.edges, cost)
			} else {
				s.other = add(s.other, cost)
			}
		case *ast.InlineFragment:
			s.directives = add(s.directives, len(x.Directives))
			s.merge(m.set(x.SelectionSet))
		case *ast.FragmentSpread:
			s.directives = add(s.directives, len(x.Directives))
			s.merge(m.fragment(x))
		}
	}
	return s
}

// fragment measures the fragment of a spread, once per operation.
func (m *measure) fragment(x *ast.FragmentSpread) shape {
	if s, ok := m.fragments[x.Name]; ok {
		if s == nil { // a cycle: validation refuses it
			return shape{}
		}
		return *s
	}
	if x.Definition == nil {
		return shape{}
	}
	m.fragments[x.Name] = nil
	s := m.set(x.Definition.SelectionSet)
	s.directives = add(s.directives, len(x.Definition.Directives))
	m.fragments[x.Name] = &s
	return s
}

// field costs 1, plus its selection: the edges of a connection once per
// row asked for (first or last, or the largest page when neither), the
// whole selection of nodes(ids:) once per ID, and that of any other list
// once per entry it may have (ListSize when unknown).
func (m *measure) field(f *ast.Field) (int, shape) {
	m.cursors(f)
	inner := m.set(f.SelectionSet)
	var cost int
	switch {
	case f.Definition != nil && strings.HasSuffix(f.Definition.Type.Name(), "Connection"):
		cost = add(mul(m.pageSize(f), inner.edges), inner.other)
	case f.Name == "nodes" && f.ObjectDefinition != nil && f.ObjectDefinition.Name == "Query":
		cost = mul(m.ids(f), inner.cost())
	case f.Definition != nil && f.Definition.Type.Elem != nil && f.Definition.Arguments.ForName("first") != nil:
		// A list with a page size (an import job's rows): its selection
		// once per row asked for.
		cost = mul(m.pageSize(f), inner.cost())
	case f.Definition != nil && f.Definition.Type.Elem != nil && len(f.SelectionSet) > 0 && !m.pageEdges(f):
		cost = mul(m.listSize(f), inner.cost())
	default:
		cost = inner.cost()
	}
	return add(1, cost), inner
}

// pageEdges reports whether f is the edges of a connection, counted once
// per row by the connection field.
func (m *measure) pageEdges(f *ast.Field) bool {
	return f.Name == "edges" && f.ObjectDefinition != nil && strings.HasSuffix(f.ObjectDefinition.Name, "Connection")
}

// listSize is the number of entries the list field f may have.
func (m *measure) listSize(f *ast.Field) int {
	if f.ObjectDefinition != nil {
		if n, ok := m.lists[f.ObjectDefinition.Name+"."+f.Name]; ok {
			return n
		}
	}
	return m.limits.ListSize
}

// refuse keeps the first argument refused.
func (m *measure) refuse(field string, text fault.Text) {
	if m.bad == nil {
		m.bad = &refusal{code: fault.BadUserInput, field: field, text: text}
	}
}

// pageSize is the number of rows a connection field asks for; a negative
// first or last, one over MaxPageSize, or both given are refused.
func (m *measure) pageSize(f *ast.Field) int {
	rows, given := m.limits.MaxPageSize, ""
	for _, name := range []string{"first", "last"} {
		a := f.Arguments.ForName(name)
		if a == nil {
			continue
		}
		v, err := a.Value.Value(m.vars)
		if err != nil || v == nil {
			continue
		}
		n := toInt(v)
		switch {
		case n < 0:
			m.refuse(name, fault.T("may not be negative (got %d)", "不能为负数（传入%d）", n))
		case n > m.limits.MaxPageSize:
			m.refuse(name, fault.T("may be at most %d", "最多为%d", m.limits.MaxPageSize))
		case given != "":
			m.refuse(name, fault.T("give first or last, not both", "first与last只能给出其一"))
		}
		rows, given = max(n, 0), name
	}
	if given == "" && f.Definition != nil {
		// The field's own default page, when its schema gives one.
		if d := f.Definition.Arguments.ForName("first"); d != nil && d.DefaultValue != nil {
			if v, err := d.DefaultValue.Value(nil); err == nil && v != nil {
				rows = min(max(toInt(v), 0), m.limits.MaxPageSize)
				given = "default"
			}
		}
	}
	if given == "" && len(m.unpaged) < 5 && !slices.Contains(m.unpaged, f.Name) {
		m.unpaged = append(m.unpaged, f.Name)
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
		m.refuse("ids", fault.T("may list at most %d IDs", "最多列出%d个ID", m.limits.MaxPageSize))
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
