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
// range of the area, how a code maps to a child, and the period.
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
}

func newScope(area *Area, children []*Area, from, to *time.Time, panels Panels) *scope {
	sc := &scope{area: area, children: children, child: map[string]*Area{}, panels: panels}
	sc.lo, sc.hi = codeRange(area.prefix)
	for _, c := range children {
		sc.child[c.prefix] = c
		sc.prefixes = append(sc.prefixes, c.prefix)
		if !slices.Contains(sc.lens, len(c.prefix)) {
			sc.lens = append(sc.lens, len(c.prefix))
		}
	}
	slices.Sort(sc.lens)
	if from != nil {
		sc.from = from.Format(time.DateOnly)
	}
	if to != nil {
		sc.to = to.AddDate(0, 0, 1).Format(time.DateOnly)
	}
	return sc
}

// key returns the SQL expression of the child key of the code in column
// col: its first digits, as many as the children's prefixes have. Children
// of different tiers (a province's cities and directly administered
// counties) are told apart by trying the shorter prefixes first.
func (sc *scope) key(col string) string {
	switch len(sc.lens) {
	case 0:
		return fmt.Sprintf("substr(%s, 1, %d)", col, len(sc.area.prefix))
	case 1:
		return fmt.Sprintf("substr(%s, 1, %d)", col, sc.lens[0])
	}
	var b strings.Builder
	b.WriteString("CASE")
	for _, n := range sc.lens[:len(sc.lens)-1] {
		var in []string
		for _, p := range sc.prefixes {
			if len(p) == n {
				in = append(in, "'"+p+"'") // digits only: ident.Prefix of a valid code
			}
		}
		fmt.Fprintf(&b, " WHEN substr(%s, 1, %d) IN (%s) THEN substr(%s, 1, %d)", col, n, strings.Join(in, ", "), col, n)
	}
	fmt.Fprintf(&b, " ELSE substr(%s, 1, %d) END", col, sc.lens[len(sc.lens)-1])
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

// rollsUp says whether the area's activities are read from
// activity_rollups: the area is a district or larger and its children are
// streets or larger, so that a street's code says which child it is in.
func (sc *scope) rollsUp() bool {
	const street = 9 // digits of a street's prefix
	if len(sc.area.prefix) >= street {
		return false
	}
	for _, n := range sc.lens {
		if n > street {
			return false
		}
	}
	return true
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
