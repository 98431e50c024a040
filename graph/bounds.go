package graph

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/lexer"
	"github.com/vektah/gqlparser/v2/parser"

	"github.com/wushehub/wushe/internal/fault"
)

// A document is measured twice before it runs. First, here, before
// gqlparser validates it: validation walks every fragment from each
// operation and from each fragment definition on its own (a chain of 5,000
// fragments spreading the next one costs it 12 million visits and 2 GB),
// so what it may cost is bounded from the text alone — tokens, fragments,
// directives, the selections the document holds with every fragment
// written out (each fragment's size computed once, so that this pass stays
// linear however the fragments multiply), how often one field is selected
// at one place (validation compares every two such selections), and the
// strings it carries and its variables carry. Then, after validation, the limiter (limits.go)
// measures the operation as it will run: depth, cost, aliases, root fields,
// page sizes, cursors.

// bounds is the gqlgen extension refusing, before validation, a request
// whose document or variables are over the limits.
type bounds struct {
	limits Limits
	// admitted is the executor's cache of parsed documents: a document in
	// it has passed these checks already (only documents that did are
	// parsed and validated by the executor).
	admitted graphql.Cache[*ast.QueryDocument]
}

var _ graphql.OperationParameterMutator = bounds{}

// ExtensionName names the extension.
func (bounds) ExtensionName() string { return "Bounds" }

// Validate accepts any schema.
func (bounds) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationParameters refuses a document or variables over a limit.
func (b bounds) MutateOperationParameters(ctx context.Context, p *graphql.RawParams) *gqlerror.Error {
	lang := fault.LangFrom(ctx)
	if p.Query != "" {
		if _, ok := b.admitted.Get(ctx, p.Query); !ok {
			if r := b.limits.checkDocument(p.Query); r != nil {
				return r.gqlError(lang)
			}
		}
	}
	for name, v := range p.Variables {
		if r := b.limits.checkValue(name, v); r != nil {
			return r.gqlError(lang)
		}
	}
	return nil
}

// refusal is a request refused before it runs: a limit of the document
// (QUERY_TOO_COMPLEX, extensions.limit naming it) or an input value
// (BAD_USER_INPUT, extensions.field naming it).
type refusal struct {
	code  fault.Code
	limit string // extensions.limit, when a limit refused it
	field string // extensions.field, for an input value
	text  fault.Text
}

func (r *refusal) Error() string { return r.fault().Error() }

func (r *refusal) fault() *fault.Error {
	return &fault.Error{Code: r.code, Field: r.field, Text: r.text}
}

func (r *refusal) gqlError(lang fault.Lang) *gqlerror.Error {
	ext := map[string]any{"code": string(r.code)}
	if r.limit != "" {
		ext["limit"] = r.limit
	}
	if r.field != "" {
		ext["field"] = r.field
	}
	return &gqlerror.Error{Message: r.fault().Message(lang), Extensions: ext}
}

// huge is where counts stop: a document whose fragments multiply one
// another would otherwise overflow them.
const huge = 1 << 50

// add and mul count up to huge.
func add(a, b int) int { return min(a+b, huge) }

func mul(a, b int) int {
	if a == 0 || b == 0 {
		return 0
	}
	if a >= huge/b {
		return huge
	}
	return a * b
}

// overLimit refuses a document whose what (zh in Chinese) is got, over
// limit; got is -1 when it was not counted to the end.
func overLimit(what, zh string, got, limit int) *refusal {
	r := &refusal{code: fault.QueryTooComplex, limit: what}
	if got < 0 || got >= huge {
		r.text = fault.Text{
			En: fmt.Sprintf("the document's %s is over the limit of %d", what, limit),
			Zh: fmt.Sprintf("文档的%s超过上限%d", zh, limit),
		}
		return r
	}
	r.text = fault.Text{
		En: fmt.Sprintf("the document's %s is %d, over the limit of %d", what, got, limit),
		Zh: fmt.Sprintf("文档的%s为%d，超过上限%d", zh, got, limit),
	}
	return r
}

// checkDocument measures a document's text before validation; a document
// that does not parse passes, for the parser to report.
func (l Limits) checkDocument(query string) *refusal {
	src := &ast.Source{Input: query}
	lx := lexer.New(src)
	for tokens := 0; ; {
		tok, err := lx.ReadToken()
		if err != nil || tok.Kind == lexer.EOF {
			break
		}
		if tok.Kind == lexer.Comment {
			continue
		}
		if tokens++; tokens > l.MaxTokens {
			return overLimit("token count", "词法单元数", -1, l.MaxTokens)
		}
	}
	doc, err := parser.ParseQuery(src)
	if err != nil {
		return nil
	}
	if n := len(doc.Fragments); n > l.MaxFragments {
		return overLimit("fragment count", "片段数", n, l.MaxFragments)
	}
	w := textWalk{limits: l}
	for _, op := range doc.Operations {
		w.directives(op.Directives)
		for _, v := range op.VariableDefinitions {
			w.directives(v.Directives)
			w.value("$"+v.Variable, v.DefaultValue)
		}
		w.selection(op.SelectionSet)
	}
	for _, f := range doc.Fragments {
		w.directives(f.Directives)
		w.selection(f.SelectionSet)
	}
	switch {
	case w.crowded > 0:
		return overLimit("directives per location", "同一位置的指令数", w.crowded, l.MaxDirectivesPerLocation)
	case w.count > l.MaxDirectives:
		return overLimit("directive count", "指令数", w.count, l.MaxDirectives)
	case w.bad != nil:
		return w.bad
	}
	defs := fragmentsByName(doc)
	n, cyclic := expandedSize(doc, defs)
	if n > l.MaxExpanded {
		return overLimit("expanded size", "展开后的选择数", n, l.MaxExpanded)
	}
	if cyclic {
		return nil // validation refuses the cycle
	}
	if n := mostRepeated(doc, defs); n > l.MaxFieldRepeats {
		return &refusal{code: fault.QueryTooComplex, limit: "field repeats", text: fault.T(
			"the document selects one field %d times at the same place of the response, fragments written out, over the limit of %d",
			"文档在响应的同一位置选择同一字段%d次（片段展开后），超过上限%d", n, l.MaxFieldRepeats)}
	}
	return nil
}

// textWalk visits every selection of a document once, as written
// (fragments are not entered where they are spread).
type textWalk struct {
	limits  Limits
	count   int      // directives
	crowded int      // most directives at one location, when over the limit
	bad     *refusal // first string argument over a limit
}

func (w *textWalk) directives(list ast.DirectiveList) {
	w.count += len(list)
	if len(list) > w.limits.MaxDirectivesPerLocation {
		w.crowded = max(w.crowded, len(list))
	}
	for _, d := range list {
		w.arguments(d.Arguments)
	}
}

func (w *textWalk) arguments(list ast.ArgumentList) {
	for _, a := range list {
		w.value(a.Name, a.Value)
	}
}

func (w *textWalk) selection(set ast.SelectionSet) {
	for _, s := range set {
		switch s := s.(type) {
		case *ast.Field:
			w.arguments(s.Arguments)
			w.directives(s.Directives)
			w.selection(s.SelectionSet)
		case *ast.InlineFragment:
			w.directives(s.Directives)
			w.selection(s.SelectionSet)
		case *ast.FragmentSpread:
			w.directives(s.Directives)
		}
	}
}

// value checks the strings of a value written in the document, in lists
// and input objects too.
func (w *textWalk) value(field string, v *ast.Value) {
	if v == nil || w.bad != nil {
		return
	}
	switch v.Kind {
	case ast.StringValue, ast.BlockValue:
		w.bad = w.limits.checkString(field, v.Raw)
	case ast.ListValue:
		for i, c := range v.Children {
			w.value(field+"["+strconv.Itoa(i)+"]", c.Value)
		}
	case ast.ObjectValue:
		for _, c := range v.Children {
			w.value(field+"."+c.Name, c.Value)
		}
	}
}

// checkValue checks the strings of a variable's value, as decoded from
// JSON, in lists and input objects too.
func (l Limits) checkValue(field string, v any) *refusal {
	switch v := v.(type) {
	case string:
		return l.checkString(field, v)
	case []any:
		for i, c := range v {
			if r := l.checkValue(field+"["+strconv.Itoa(i)+"]", c); r != nil {
				return r
			}
		}
	case map[string]any:
		for k, c := range v {
			if r := l.checkValue(field+"."+k, c); r != nil {
				return r
			}
		}
	}
	return nil
}

// checkString refuses a string over MaxStringBytes or holding NUL, which
// no field stores (PostgreSQL refuses it in text).
func (l Limits) checkString(field, s string) *refusal {
	switch {
	case len(s) > l.MaxStringBytes:
		return &refusal{code: fault.BadUserInput, limit: "string length", field: field,
			text: fault.T("a string may be at most %d bytes long; this one is %d", "字符串最长%d字节，此处为%d字节", l.MaxStringBytes, len(s))}
	case strings.IndexByte(s, 0) >= 0:
		return &refusal{code: fault.BadUserInput, field: field,
			text: fault.T("a string may not contain the NUL character (U+0000)", "字符串不能包含NUL字符（U+0000）")}
	}
	return nil
}

// expandedSize counts the selections of a document — fields, inline
// fragments and fragment spreads — with every fragment spread written out
// where it is spread, over each operation and each fragment definition
// (validation walks each of them on its own). Each fragment's size is
// computed once; a spread of a fragment being computed (a cycle, which
// validation refuses) or of an unknown one counts 1.
func expandedSize(doc *ast.QueryDocument, defs map[string]*ast.FragmentDefinition) (size int, cyclic bool) {
	const computing = -1
	sizes := make(map[string]int, len(defs))
	var set func(ast.SelectionSet) int
	fragment := func(name string) int {
		n, ok := sizes[name]
		switch {
		case ok && n == computing:
			cyclic = true
			return 0
		case ok:
			return n
		}
		def := defs[name]
		if def == nil {
			return 0
		}
		sizes[name] = computing
		n = set(def.SelectionSet)
		sizes[name] = n
		return n
	}
	set = func(s ast.SelectionSet) int {
		n := 0
		for _, sel := range s {
			switch sel := sel.(type) {
			case *ast.Field:
				n = add(n, add(1, set(sel.SelectionSet)))
			case *ast.InlineFragment:
				n = add(n, add(1, set(sel.SelectionSet)))
			case *ast.FragmentSpread:
				n = add(n, add(1, fragment(sel.Name)))
			}
		}
		return n
	}
	total := 0
	for _, op := range doc.Operations {
		total = add(total, set(op.SelectionSet))
	}
	for _, f := range doc.Fragments {
		total = add(total, fragment(f.Name))
	}
	return total, cyclic
}

// fragmentsByName indexes the fragment definitions of doc (the first of a
// name, as validation does).
func fragmentsByName(doc *ast.QueryDocument) map[string]*ast.FragmentDefinition {
	defs := make(map[string]*ast.FragmentDefinition, len(doc.Fragments))
	for _, f := range doc.Fragments {
		if _, ok := defs[f.Name]; !ok {
			defs[f.Name] = f
		}
	}
	return defs
}

// mostRepeated returns the most times one field — one response name at
// one place of the response — is selected, fragments written out, over
// each operation and fragment definition. Validation compares every two
// selections of a field (OverlappingFieldsCanBeMerged), so its work grows
// with the square of this count. The walk visits each selection of the
// expanded document once: call it on an acyclic document whose expanded
// size is bounded.
func mostRepeated(doc *ast.QueryDocument, defs map[string]*ast.FragmentDefinition) int {
	most := 0
	type group struct {
		n    int
		subs []ast.SelectionSet
	}
	var merge func(sets []ast.SelectionSet)
	merge = func(sets []ast.SelectionSet) {
		groups := map[string]*group{}
		var keys []string
		var collect func(ast.SelectionSet)
		collect = func(set ast.SelectionSet) {
			for _, sel := range set {
				switch sel := sel.(type) {
				case *ast.Field:
					key := sel.Alias
					if key == "" {
						key = sel.Name
					}
					g := groups[key]
					if g == nil {
						g = &group{}
						groups[key] = g
						keys = append(keys, key)
					}
					g.n++
					if len(sel.SelectionSet) > 0 {
						g.subs = append(g.subs, sel.SelectionSet)
					}
				case *ast.InlineFragment:
					collect(sel.SelectionSet)
				case *ast.FragmentSpread:
					if def := defs[sel.Name]; def != nil {
						collect(def.SelectionSet)
					}
				}
			}
		}
		for _, s := range sets {
			collect(s)
		}
		for _, k := range keys {
			g := groups[k]
			most = max(most, g.n)
			if len(g.subs) > 0 {
				merge(g.subs)
			}
		}
	}
	for _, op := range doc.Operations {
		merge([]ast.SelectionSet{op.SelectionSet})
	}
	for _, f := range doc.Fragments {
		merge([]ast.SelectionSet{f.SelectionSet})
	}
	return most
}
