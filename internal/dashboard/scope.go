package dashboard

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	entsql "entgo.io/ent/dialect/sql"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/ent/community"
	"github.com/wushehub/wushe/ent/division"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/ident"
)

// An area is identified by its code: every record is attributed to areas
// through the code of its community (or of its division), whose leading
// digits are those of the district, street… that contain it. The children of
// an area are told apart by the next digits, so one GROUP BY over a prefix of
// the code gives the figures of every child at once.

var levels = map[division.Level]Level{
	division.LevelPROVINCE: Province,
	division.LevelCITY:     City,
	division.LevelDISTRICT: District,
	division.LevelSTREET:   Street,
}

// load reads the area and its children: the divisions directly below a
// division, or the communities of a street. It returns the database's
// dialect too.
func (s *Service) load(ctx context.Context, id int) (*Dashboard, string, error) {
	ictx := internal(ctx)
	kind, _ := ent.TypeOfID(id)
	d := &Dashboard{}
	var dia string
	dialectOf := func(s *entsql.Selector) { dia = s.Dialect() }
	switch kind {
	case ent.TypeDivision:
		div, err := s.client.Division.Query().Where(division.ID(id), dialectOf).Only(ictx)
		if err != nil {
			return nil, "", notFound(err)
		}
		d.Area = Area{Code: div.Code, Name: div.Name, Level: levels[div.Level], Division: div, prefix: ident.Prefix(div.Code)}
		if d.prefix == "" {
			return nil, "", fmt.Errorf("dashboard: division %d has the malformed code %q", div.ID, div.Code)
		}
		if div.Level == division.LevelSTREET {
			lo, hi := codeRange(d.prefix)
			cs, err := s.client.Community.Query().Where(inCodeRange(community.FieldCode, lo, hi)).Order(ent.Asc(community.FieldCode)).All(ictx)
			if err != nil {
				return nil, "", fmt.Errorf("dashboard: loading communities: %w", err)
			}
			for _, c := range cs {
				d.Breakdown = append(d.Breakdown, communityArea(c))
			}
			break
		}
		ds, err := s.client.Division.Query().Where(division.ParentID(div.ID)).Order(ent.Asc(division.FieldCode)).All(ictx)
		if err != nil {
			return nil, "", fmt.Errorf("dashboard: loading divisions: %w", err)
		}
		for _, c := range ds {
			if p := ident.Prefix(c.Code); p != "" && strings.HasPrefix(p, d.prefix) && p != d.prefix {
				d.Breakdown = append(d.Breakdown, &Area{Code: c.Code, Name: c.Name, Level: levels[c.Level], Division: c, prefix: p})
			}
		}
	case ent.TypeCommunity:
		c, err := s.client.Community.Query().Where(community.ID(id), dialectOf).Only(ictx)
		if err != nil {
			return nil, "", notFound(err)
		}
		d.Area = *communityArea(c)
	default:
		return nil, "", fault.BadInput("division", fault.T("give the ID of a division or of a community", "请给出区划或社区的ID"))
	}
	return d, dia, nil
}

// tables reads what the suppression of d's person figures needs (see
// suppress.go): the divisions above d's area, each with the divisions
// directly below it, in one statement, and, for a community, the
// communities of its street in another. It returns the tables from the
// hierarchy's root down to d's area and its breakdown; d's area and
// breakdown are the same Areas in them.
func (s *Service) tables(ctx context.Context, d *Dashboard) ([]grid, error) {
	ictx := internal(ctx)
	var above []any
	for _, n := range []int{2, 4, 6, 9} {
		if n < len(d.prefix) {
			above = append(above, d.Code[:n]+strings.Repeat("0", 12-n))
		}
	}
	own := []grid{{top: &d.Area, kids: d.Breakdown}}
	if len(above) == 0 {
		return own, nil
	}
	divs, err := s.client.Division.Query().
		Where(func(q *entsql.Selector) {
			ids := entsql.Select(division.FieldID).From(entsql.Table(division.Table)).Where(entsql.In(division.FieldCode, above...))
			q.Where(entsql.Or(entsql.In(q.C(division.FieldCode), above...), entsql.In(q.C(division.FieldParentID), ids)))
		}).
		Order(ent.Asc(division.FieldCode)).
		All(ictx)
	if err != nil {
		return nil, fmt.Errorf("dashboard: loading the divisions above: %w", err)
	}
	byID := map[int]*ent.Division{}
	for _, x := range divs {
		byID[x.ID] = x
	}
	// The divisions above, outermost first, each a table with its
	// children; the innermost's children include d's area.
	var tables []grid
	for _, code := range above {
		var top *ent.Division
		for _, x := range divs {
			if x.Code == code {
				top = x
			}
		}
		if top == nil {
			continue
		}
		t := grid{top: &Area{Code: top.Code, Name: top.Name, Level: levels[top.Level], Division: top, prefix: ident.Prefix(top.Code)}}
		for _, x := range divs {
			p := ident.Prefix(x.Code)
			if x.ParentID == nil || *x.ParentID != top.ID || p == "" || p == t.top.prefix || !strings.HasPrefix(p, t.top.prefix) {
				continue
			}
			t.kids = append(t.kids, &Area{Code: x.Code, Name: x.Name, Level: levels[x.Level], Division: x, prefix: p})
		}
		tables = append(tables, t)
	}
	if d.Level == Community && len(d.prefix) == 12 {
		street := d.Code[:9]
		lo, hi := codeRange(street)
		cs, err := s.client.Community.Query().Where(inCodeRange(community.FieldCode, lo, hi)).Order(ent.Asc(community.FieldCode)).All(ictx)
		if err != nil {
			return nil, fmt.Errorf("dashboard: loading the communities of the street: %w", err)
		}
		var kids []*Area
		for _, c := range cs {
			kids = append(kids, communityArea(c))
		}
		// The street's table, when the street is a division above.
		for i := range tables {
			if tables[i].top.prefix == street {
				tables[i].kids = kids
			}
		}
	}
	// Chain the tables: each one's area is one of the areas of the table
	// above it; the tables that do not chain (a division missing between
	// two others) are left out.
	tables = append(tables, own...)
	var chained []grid
	for i := len(tables) - 1; i >= 0; i-- {
		t := tables[i]
		if len(chained) > 0 {
			below := chained[0].top
			at := slices.IndexFunc(t.kids, func(a *Area) bool { return a.prefix == below.prefix })
			if at < 0 {
				break
			}
			t.kids[at] = below
		}
		chained = append([]grid{t}, chained...)
	}
	return chained, nil
}

func communityArea(c *ent.Community) *Area {
	return &Area{Code: c.Code, Name: c.Name, Level: Community, Community: c, prefix: c.Code}
}

func notFound(err error) error {
	if ent.IsNotFound(err) {
		return fault.Missing("division", fault.T("no such division or community", "区划或社区不存在"))
	}
	return fmt.Errorf("dashboard: loading the area: %w", err)
}

// period checks the period and returns it as the first day and the day
// after the last.
func period(from, to *time.Time) (*time.Time, *time.Time, error) {
	day := func(t *time.Time) *time.Time {
		if t == nil {
			return nil
		}
		d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
		return &d
	}
	from, to = day(from), day(to)
	if from != nil && to != nil && to.Before(*from) {
		return nil, nil, fault.BadInput("to", fault.T("the period ends on %s, before it starts on %s", "统计期止于%s，早于起始日%s",
			to.Format(time.DateOnly), from.Format(time.DateOnly)))
	}
	return from, to, nil
}

// access decides, per area, what the viewer of ctx gets: the full figures
// when its office's division contains the area, when it is the area's own
// community committee, or for the platform; aggregates otherwise.
func access(ctx context.Context, d *Dashboard) {
	v := authz.FromContext(ctx)
	decide := func(a *Area) {
		a.Access = Aggregate
		if v.Covers(a.Code) || (v.Role == authz.CommunityOfficer && a.Level == Community && v.Agency == a.Code) {
			a.Access = Full
		}
	}
	decide(&d.Area)
	for _, a := range d.Breakdown {
		decide(a)
	}
}

// codeRange returns the codes starting with prefix as the half-open range
// [lo, hi) ("" for no upper bound): a range, not LIKE, so that a plain
// B-tree index serves it under any collation.
func codeRange(prefix string) (lo, hi string) {
	b := []byte(prefix)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < '9' {
			b[i]++
			return prefix, string(b[:i+1])
		}
	}
	return prefix, ""
}

// inCodeRange keeps the rows whose column col lies in [lo, hi).
func inCodeRange(col, lo, hi string) func(*entsql.Selector) {
	return func(s *entsql.Selector) {
		s.Where(entsql.GTE(s.C(col), lo))
		if hi != "" {
			s.Where(entsql.LT(s.C(col), hi))
		}
	}
}

// scope is what every aggregate query of one dashboard shares: the code
// range of the area, how a code maps to a child, and the period; and, for
// the figures that count persons, the tables of their suppression (see
// suppress.go): the root's code range and how a code maps to an area of
// the tables.
type scope struct {
	area     *Area
	children []*Area
	child    map[string]*Area // by key
	lo, hi   string
	lens     []int    // distinct lengths of the children's prefixes, ascending
	prefixes []string // the children's prefixes
	from, to string   // the period as dates, to exclusive; "" for open
	panels   Panels
	dialect  string
	thresholds
	spaceRows []spaceRow // per community, with PanelSpaceList

	tables         []grid           // from the root down; the last is the area's
	rows           map[string]*Area // every area of the tables, by prefix
	root           *Area
	rootLo, rootHi string
}

func newScope(area *Area, children []*Area, from, to *time.Time, panels Panels) *scope {
	sc := &scope{area: area, children: children, child: map[string]*Area{}, panels: panels}
	sc.lo, sc.hi = codeRange(area.prefix)
	sc.prefixes, sc.lens = prefixesOf(children)
	for _, c := range children {
		sc.child[c.prefix] = c
	}
	if from != nil {
		sc.from = from.Format(time.DateOnly)
	}
	if to != nil {
		sc.to = to.AddDate(0, 0, 1).Format(time.DateOnly)
	}
	sc.setTables([]grid{{top: area, kids: children}})
	return sc
}

// setTables sets the tables of the suppression, from the root down to the
// area's, and links each area to the one above it.
func (sc *scope) setTables(tables []grid) {
	sc.tables = tables
	sc.root = tables[0].top
	sc.root.up = nil
	sc.rootLo, sc.rootHi = codeRange(sc.root.prefix)
	sc.rows = map[string]*Area{}
	for _, t := range tables {
		sc.rows[t.top.prefix] = t.top
		for _, k := range t.kids {
			k.up = t.top
			sc.rows[k.prefix] = k
		}
	}
}

// areas returns every area of the tables: the root, then each table's
// areas below it.
func (sc *scope) areas() []*Area {
	out := []*Area{sc.root}
	for _, t := range sc.tables {
		out = append(out, t.kids...)
	}
	return out
}

func prefixesOf(areas []*Area) (prefixes []string, lens []int) {
	for _, a := range areas {
		prefixes = append(prefixes, a.prefix)
		if !slices.Contains(lens, len(a.prefix)) {
			lens = append(lens, len(a.prefix))
		}
	}
	slices.Sort(lens)
	return prefixes, lens
}

// key returns the SQL expression of the child key of the code in column
// col: its first digits, as many as the children's prefixes have. Children
// of different tiers (a province's cities and directly administered
// counties) are told apart by trying the shorter prefixes first.
func (sc *scope) key(col string) string { return childKey(col, sc.area.prefix, sc.prefixes, sc.lens) }

// childKey is the key of the code in col among children with the given
// prefixes (of the lengths lens) of an area with prefix own: the area's
// own prefix when it has no children.
func childKey(col, own string, prefixes []string, lens []int) string {
	switch len(lens) {
	case 0:
		return fmt.Sprintf("substr(%s, 1, %d)", col, len(own))
	case 1:
		return fmt.Sprintf("substr(%s, 1, %d)", col, lens[0])
	}
	var b strings.Builder
	b.WriteString("CASE")
	for _, n := range lens[:len(lens)-1] {
		var in []string
		for _, p := range prefixes {
			if len(p) == n {
				in = append(in, "'"+p+"'") // digits only: ident.Prefix of a valid code
			}
		}
		fmt.Fprintf(&b, " WHEN substr(%s, 1, %d) IN (%s) THEN substr(%s, 1, %d)", col, n, strings.Join(in, ", "), col, n)
	}
	fmt.Fprintf(&b, " ELSE substr(%s, 1, %d) END", col, lens[len(lens)-1])
	return b.String()
}

// pathKey returns the SQL expression of the key of the code in column col
// among the areas of the tables: within the area, its child (as key);
// else within the innermost table area holding it, that area's child.
func (sc *scope) pathKey(col string) string {
	if len(sc.tables) == 1 {
		return sc.key(col)
	}
	var b strings.Builder
	b.WriteString("CASE")
	for i := len(sc.tables) - 1; i > 0; i-- {
		t := sc.tables[i]
		prefixes, lens := prefixesOf(t.kids)
		// t.top.prefix is digits only: the prefix of a valid code.
		fmt.Fprintf(&b, " WHEN substr(%s, 1, %d) = '%s' THEN %s", col, len(t.top.prefix), t.top.prefix, childKey(col, t.top.prefix, prefixes, lens))
	}
	prefixes, lens := prefixesOf(sc.tables[0].kids)
	fmt.Fprintf(&b, " ELSE %s END", childKey(col, sc.root.prefix, prefixes, lens))
	return b.String()
}

// totalKey is the key of rows that stand for the whole area, in queries of
// figures that are not the sum of the children's (distinct counts, medians).
const totalKey = "*"

// in returns the condition that the code in column col lies in the area.
func (sc *scope) in(col string) frag {
	if sc.hi == "" {
		return f(col+" >= ?", sc.lo)
	}
	return f(col+" >= ? AND "+col+" < ?", sc.lo, sc.hi)
}

// inRoot returns the condition that the code in column col lies in the
// hierarchy's root: the range of the person figures.
func (sc *scope) inRoot(col string) frag {
	if sc.rootHi == "" {
		return f(col+" >= ?", sc.rootLo)
	}
	return f(col+" >= ? AND "+col+" < ?", sc.rootLo, sc.rootHi)
}

// up adds a row of a person figure, read over the root's range and keyed
// by pathKey: fn is called for the area the key names (or, for a key naming
// none, the innermost table area holding it) and for each area above it.
func (sc *scope) up(key string, fn func(*Area)) {
	a := sc.rows[key]
	for i := len(sc.tables) - 1; a == nil && i >= 0; i-- {
		if strings.HasPrefix(key, sc.tables[i].top.prefix) {
			a = sc.tables[i].top
		}
	}
	for ; a != nil; a = a.up {
		fn(a)
	}
}

// during returns the condition that the date in column col lies in the
// period (TRUE when it is open).
func (sc *scope) during(col string) frag {
	switch {
	case sc.from != "" && sc.to != "":
		return f(col+" >= ? AND "+col+" < ?", sc.from, sc.to)
	case sc.from != "":
		return f(col+" >= ?", sc.from)
	case sc.to != "":
		return f(col+" < ?", sc.to)
	}
	return f("1 = 1")
}

// activitySources splits the root's codes between the activities read
// one by one and the sums of activity_rollups: direct(col) is the
// condition that the code in col is read from the activities (text ""
// when none is), rolled(col) that it is read from the rollups (rolled nil
// when none is). The rollups serve the codes keyed at a street or above;
// the communities of a street's table (a street's or a community's
// dashboard) are read one by one, and so is everything should a table of
// an area above a street key by a code inside a street.
func (sc *scope) activitySources() (direct, rolled func(col string) frag) {
	const street = 9 // digits of a street's prefix
	var inside string
	for _, t := range sc.tables {
		if len(t.top.prefix) == street {
			inside = t.top.prefix
		}
		for _, k := range t.kids {
			if len(t.top.prefix) < street && len(k.prefix) > street {
				return sc.inRoot, nil
			}
		}
	}
	if len(sc.root.prefix) >= street {
		return sc.inRoot, nil
	}
	if inside == "" {
		return func(string) frag { return frag{} }, sc.inRoot
	}
	lo, hi := codeRange(inside)
	direct = func(col string) frag {
		if hi == "" {
			return f(col+" >= ?", lo)
		}
		return f(col+" >= ? AND "+col+" < ?", lo, hi)
	}
	rolled = func(col string) frag { return join("%s AND NOT (%s)", sc.inRoot(col), direct(col)) }
	return direct, rolled
}

// wholeMonths returns the condition that a rollup's month (column r.month,
// "2006-01") lies in the months the period covers whole, and the first
// and last-plus-one days of those months ("" when the period is open on
// that side).
func (sc *scope) wholeMonths() (cond frag, from, to string) {
	from, to = sc.from, sc.to
	if from != "" && !strings.HasSuffix(from, "-01") {
		t, _ := time.Parse(time.DateOnly, from)
		from = time.Date(t.Year(), t.Month()+1, 1, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
	}
	if to != "" {
		to = to[:8] + "01"
	}
	switch {
	case from != "" && to != "" && from >= to:
		return f("1 = 0"), sc.from, sc.from // no whole month: the days are read below
	case from != "" && to != "":
		return f("r.month >= ? AND r.month < ?", from[:7], to[:7]), from, to
	case from != "":
		return f("r.month >= ?", from[:7]), from, to
	case to != "":
		return f("r.month < ?", to[:7]), from, to
	}
	return f("1 = 1"), from, to
}

// partMonths returns the condition that the date in column col lies in
// the period but outside [from, to), the whole months wholeMonths read
// from the rollup; an empty fragment when there are no such days.
func (sc *scope) partMonths(from, to, col string) frag {
	var parts []frag
	if sc.from != "" && sc.from < from {
		parts = append(parts, f(col+" >= ? AND "+col+" < ?", sc.from, from))
	}
	if to != "" && to < sc.to { // to is set only when sc.to is
		parts = append(parts, f(col+" >= ? AND "+col+" < ?", to, sc.to))
	}
	switch len(parts) {
	case 0:
		return frag{}
	case 1:
		return parts[0]
	}
	return join("(%s) OR (%s)", parts[0], parts[1])
}

// each adds a row of a figure that sums over the children: fn is called for
// the area and, when the key names one, the child.
func (sc *scope) each(key string, fn func(*Area)) {
	fn(sc.area)
	if c := sc.child[key]; c != nil {
		fn(c)
	}
}

// exact adds a row of a figure that does not sum (a distinct count, a
// median): fn is called for the area when the row is keyed totalKey, else
// for the child the key names.
func (sc *scope) exact(key string, fn func(*Area)) {
	if key == totalKey {
		fn(sc.area)
		return
	}
	if c := sc.child[key]; c != nil {
		fn(c)
	}
}

// frag is a fragment of SQL with ? placeholders and their arguments, bound
// by ent's builder (numbered $1, $2… on PostgreSQL).
type frag struct {
	text string
	args []any
}

func f(text string, args ...any) frag { return frag{text, args} }

// join formats the fragments into format (one %s each, in order) and
// gathers their arguments in the same order.
func join(format string, parts ...frag) frag {
	texts := make([]any, len(parts))
	var args []any
	for i, p := range parts {
		texts[i] = p.text
		args = append(args, p.args...)
	}
	return frag{fmt.Sprintf(format, texts...), args}
}

// write writes the fragment to b, binding its arguments.
func (x frag) write(b *entsql.Builder) {
	parts := strings.Split(x.text, "?")
	for i, p := range parts {
		b.WriteString(p)
		if i < len(parts)-1 {
			b.Arg(x.args[i])
		}
	}
}

func (x frag) expr() entsql.Querier { return entsql.ExprFunc(x.write) }

func (x frag) pred() *entsql.Predicate { return entsql.P(x.write) }

// sel starts a SELECT of the given expressions (each "… AS alias") for
// dialect d.
func sel(d string, exprs ...frag) *entsql.Selector {
	qs := make([]entsql.Querier, len(exprs))
	for i, x := range exprs {
		qs[i] = x.expr()
	}
	return entsql.Dialect(d).Select().SelectExpr(qs...)
}

// table is a table with an alias, for FROM and JOIN.
func table(d, name, as string) *entsql.SelectTable {
	return entsql.Dialect(d).Table(name).As(as)
}

// scan runs the query that build returns for the database's dialect and
// scans its rows into dst, a pointer to a slice of structs whose fields are
// tagged with the column aliases. It runs through ent (a Community query
// whose statement build replaces), so it is counted and traced like any
// other, with privacy bypassed.
func (s *Service) scan(ctx context.Context, what string, dst any, build func(d string) *entsql.Selector) error {
	var built error
	err := s.client.Community.Query().Modify(func(q *entsql.Selector) {
		b := build(q.Dialect())
		if err := b.Err(); err != nil {
			built = err
		}
		*q = *b
	}).Scan(internal(ctx), dst)
	if built != nil {
		err = built
	}
	if err != nil {
		return fmt.Errorf("dashboard: %s: %w", what, err)
	}
	return nil
}
