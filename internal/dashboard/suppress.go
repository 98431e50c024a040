package dashboard

import (
	"cmp"
	"math"
	"slices"

	"github.com/wushehub/wushe/internal/dashboard/audit"
)

// Statistical disclosure control of the aggregate-only figures.
//
// A figure that counts persons (volunteers, their hours, social workers,
// students trained, participants in activities) is withheld when it counts
// 1 to MinPersons-1 persons (primary suppression). A withheld figure could
// still be worked out where it is one term of a sum whose other terms are
// shown — a total and its parts (the volunteers of each kind add up to all
// volunteers), an area and the areas below it (the streets' volunteers add
// up to the district's) — or from several such sums together, with what a
// reason tells (a small count is 1 to 4, a complement at least MinPersons).
// So others are withheld with it (complementary suppression) until, as far
// as the tables below tell, none can be worked out.
//
// Which figures are withheld depends on the figures alone, never on the
// area asked for nor on the viewer: every answer is a view of one pattern
// over the whole hierarchy, so that answers put together give away no more
// than each. The pattern is decided table by table from the top: the
// hierarchy's root (a province) first, with its own figures; then each
// area with the areas directly below it, the area's own figures as they
// were decided in the table above it and never changed, complements taken
// only among the areas below. The table of an area therefore depends on
// the figures of its ancestors and of their children, which a dashboard
// reads (one GROUP BY per panel over the root's codes). Within a table:
//
//  1. every figure of 1 to 4 persons below the area is withheld, and
//     every figure that would pin the communities' it sums (where each of
//     them counts 1, or each 4: see spread);
//  2. while a sum has exactly one withheld term, another of its terms below
//     the area is withheld: a positive figure (zeros are always shown),
//     one whose column can still be closed (another area below has a
//     positive figure there, or the area's own is withheld), the smallest
//     of those of at least protectFrom, else the largest;
//  3. the table is audited as an attacker would solve it (audit: linear
//     programming over its sums, a small count being 1 to 4, a
//     complement at least 5, and a figure at least the number of its
//     communities counting any: see spread), twice: with the area's own figures as if
//     shown, so that the figures below stay protected whatever is known of
//     those above; and together with the table above (its area's figures
//     as if shown), so that the two tables together pin none of the area's
//     figures. While a figure comes out as a single value, a further
//     complement is withheld, as in 2, in the sum through it with the
//     fewest withheld terms.
//
// What this does not reach: a figure shown in a table above may still
// leave the figures below it no room (the spread rule of 1 covers only
// volunteers and workers, and only its plainest cases), and the tables of
// an area's siblings are not audited with its own; protecting those would
// need a table to look further down than a dashboard reads. The audits in
// graph/dashboard_attack_test.go and suppress_test.go measure what is left.
//
// Figures of a FULL area are decided like any other and then shown: the
// viewer may read them in any case, and gets beside them what PUBLIC gets.

// protectFrom is the smallest complement that leaves a small count its
// whole range: with a count of 1 to 4 and a complement of at least 5
// adding up to a shown k, the count is 1 to min(4, k−5).
const protectFrom = 9

// unit is a figure with the figures withheld along with it (a number of
// volunteers and their hours).
type unit struct {
	counts   []*Count
	measures []*Measure
	interior bool // below the table's area: may be withheld here
	column   string
	spread   *spread // over the communities, where known
}

func (u *unit) value() int64 { return u.counts[0].Value }

func (u *unit) withheld() bool { return u.counts[0].Withheld != "" }

func (u *unit) withhold(r Reason) {
	for _, c := range u.counts {
		c.Withheld = r
	}
	for _, m := range u.measures {
		m.Withheld = r
	}
}

// sum says that total is the sum of parts.
type sum struct {
	total *unit
	parts []*unit
}

func (s sum) terms() []*unit { return append([]*unit{s.total}, s.parts...) }

// figures holds one area's units by a name that is the same in every area,
// so that an area's figure and its children's line up.
type figures struct {
	units map[string]*unit
	order []string
	sums  []sum
}

func (fs *figures) add(name string, c *Count, ms ...*Measure) *unit {
	u := &unit{counts: []*Count{c}, measures: ms, column: name}
	fs.units[name] = u
	fs.order = append(fs.order, name)
	return u
}

// students is the one person figure that is no sum: students trained are
// distinct persons across batches.
const students = "students"

// unitsOf lists the person figures of a and the sums among them.
func unitsOf(a *Area) *figures {
	fs := &figures{units: map[string]*unit{}}

	act := fs.add("activities", &a.Activities.Total.Participants)
	var parts []*unit
	for _, x := range a.Activities.ByCategory {
		parts = append(parts, fs.add("activities/category/"+string(x.Category), &x.Participants))
	}
	fs.sums = append(fs.sums, sum{act, parts})
	parts = nil
	for _, x := range a.Activities.ByMonth {
		parts = append(parts, fs.add("activities/month/"+x.Month, &x.Participants))
	}
	fs.sums = append(fs.sums, sum{act, parts})

	v := &a.Volunteers
	vol := fs.add("volunteers", &v.Total, &v.Hours)
	parts = nil
	for _, k := range v.ByKind {
		parts = append(parts, fs.add("volunteers/kind/"+string(k.Kind), &k.Count, &k.Hours))
	}
	fs.sums = append(fs.sums, sum{vol, parts})
	parts = nil
	for _, s := range v.Stars {
		parts = append(parts, fs.add("volunteers/stars/"+itoa(s.Stars), &s.Count))
	}
	fs.sums = append(fs.sums, sum{vol, parts})

	w := &a.Workers
	all := fs.add("workers", &w.Total, &w.PerCommunity)
	cert := fs.add("workers/certified", &w.Certified)
	var levels, certified []*unit
	for _, l := range w.ByLevel {
		u := fs.add("workers/level/"+string(l.Level), &l.Count)
		levels = append(levels, u)
		if l.Level == "NONE" {
			fs.sums = append(fs.sums, sum{all, []*unit{cert, u}})
		} else {
			certified = append(certified, u)
		}
	}
	fs.sums = append(fs.sums, sum{all, levels}, sum{cert, certified})

	fs.add(students, &a.Training.Students)
	for name, sp := range a.spread {
		if u := fs.units[name]; u != nil {
			u.spread = &sp
		}
	}
	return fs
}

// bounds returns what anyone can tell of u's value from its reason and
// from how it is spread over the communities (see spread).
func (u *unit) bounds() (lo, hi float64) {
	lo, hi = MinPersons, math.Inf(1)
	if u.counts[0].Withheld == SmallCount {
		lo, hi = 1, MinPersons-1
	}
	if sp := u.spread; sp != nil {
		lo = math.Max(lo, float64(sp.positive))
		if sp.small == sp.positive {
			hi = math.Min(hi, float64((MinPersons-1)*sp.positive))
		}
	}
	return lo, hi
}

// tight reports whether u, shown, would pin the figures of the
// communities it sums: it is the number of those counting any (each
// counts 1), or MinPersons-1 times it (each counts MinPersons-1).
func (u *unit) tight() bool {
	sp, v := u.spread, u.value()
	return sp != nil && sp.positive > 0 && v >= MinPersons &&
		(v == sp.positive || (sp.small == sp.positive && v == (MinPersons-1)*sp.positive))
}

// table is an area with the areas directly below it; for the hierarchy's
// root, its figures alone (top nil).
type grid struct {
	top  *Area
	kids []*Area
}

// suppress decides the withheld figures of the tables, which run from the
// hierarchy's root down, each table's area decided in an earlier one (or
// the root, decided by a first table of its own): see the top of this file.
// Values stay as counted; reveal shows or blanks them for the viewer.
func suppress(tables []grid) {
	if len(tables) == 0 {
		return
	}
	// The table each area is one of the areas below, once decided.
	decided := map[*Area]*solved{}
	root := solve(nil, []*Area{tables[0].top}, nil)
	decided[tables[0].top] = root
	for _, t := range tables {
		if len(t.kids) > 0 {
			s := solve(t.top, t.kids, decided[t.top])
			for _, k := range t.kids {
				decided[k] = s
			}
		}
	}
}

// reveal blanks the withheld figures of an aggregate-only area and shows
// every figure of a FULL one.
func reveal(a *Area) {
	fs := unitsOf(a)
	for _, name := range fs.order {
		u := fs.units[name]
		if a.Access == Full {
			u.withhold("")
			continue
		}
		if u.withheld() {
			for _, c := range u.counts {
				c.Value = 0
			}
			for _, m := range u.measures {
				m.Value = 0
			}
		}
	}
}

// solved is a decided table: its units, the area's first, and its sums
// (the area's own among them).
type solved struct {
	units []*unit
	sums  []sum
	top   int // units of the area: the first top
}

// solve decides one table: the figures of kids, those of top (nil for the
// root's own table) being settled, in above (the table top is one of the
// areas below; nil for the root's).
func solve(top *Area, kids []*Area, above *solved) *solved {
	var topF *figures
	rows := []*figures{}
	if top != nil {
		topF = unitsOf(top)
		rows = append(rows, topF)
	}
	var kidsF []*figures
	for _, k := range kids {
		fs := unitsOf(k)
		kidsF = append(kidsF, fs)
		rows = append(rows, fs)
	}
	var units []*unit
	for _, fs := range rows {
		for _, name := range fs.order {
			u := fs.units[name]
			u.interior = fs != topF
			units = append(units, u)
		}
	}
	// The sums that may need a complement: the rows below and the columns.
	var sums []sum
	for _, fs := range kidsF {
		sums = append(sums, fs.sums...)
	}
	if topF != nil {
		for _, name := range topF.order {
			if name == students {
				continue
			}
			s := sum{total: topF.units[name]}
			for _, fs := range kidsF {
				if u := fs.units[name]; u != nil {
					s.parts = append(s.parts, u)
				}
			}
			sums = append(sums, s)
		}
	}
	through := map[*unit][]int{} // the sums each unit is a term of
	for i, s := range sums {
		for _, u := range s.terms() {
			through[u] = append(through[u], i)
		}
	}

	// closable reports whether withholding u leaves its column able to take
	// a second withheld term.
	closable := func(u *unit) bool {
		if topF == nil {
			return true
		}
		t := topF.units[u.column]
		if t == nil || t.withheld() {
			return true
		}
		for _, fs := range kidsF {
			if o := fs.units[u.column]; o != nil && o != u && o.value() > 0 {
				return true
			}
		}
		return false
	}
	// complement withholds a further term of s, and reports whether there
	// was one to withhold.
	complement := func(s sum) bool {
		var pick *unit
		better := func(u *unit) bool {
			if pick == nil {
				return true
			}
			a, b := u.value(), pick.value()
			switch {
			case a >= protectFrom && b >= protectFrom:
				return a < b
			case a >= protectFrom || b >= protectFrom:
				return a >= protectFrom
			}
			return a > b
		}
		// A part, else the total: a withheld total asks for a withheld
		// part in each of its other sums.
		for _, u := range append(s.parts, s.total) {
			if u == s.total && pick != nil {
				break
			}
			if u.interior && !u.withheld() && u.value() > 0 && closable(u) && better(u) {
				pick = u
			}
		}
		if pick == nil {
			return false
		}
		pick.withhold(Complementary)
		return true
	}
	single := func() {
		for changed := true; changed; {
			changed = false
			for _, s := range sums {
				n := 0
				for _, u := range s.terms() {
					if u.withheld() {
						n++
					}
				}
				if n == 1 && complement(s) {
					changed = true
				}
			}
		}
	}

	for _, u := range units {
		if v := u.value(); u.interior && v > 0 && v < MinPersons {
			u.withhold(SmallCount)
		}
	}
	for _, u := range units {
		if u.interior && !u.withheld() && u.tight() {
			u.withhold(Complementary)
		}
	}
	single()
	// Audit the table and withhold more while a figure can be worked out.
	all := sums
	if topF != nil {
		all = append(slices.Clone(sums), topF.sums...)
	}
	nTop := 0
	if topF != nil {
		nTop = len(topF.order)
	}
	// The audit is run twice: with the area's own figures as if shown, so
	// that the figures below stay protected whatever is known of those
	// above; and with the table above too (its area's figures as if
	// shown), so that this table, put together with the one above, pins
	// none of the area's figures either.
	var joint []*unit
	var jointSums []sum
	if above != nil {
		joint = append(slices.Clone(above.units), units...)
		jointSums = append(slices.Clone(above.sums), all...)
	}
	aboveTop := map[*Count]bool{}
	if above != nil {
		for _, u := range above.units[:above.top] {
			aboveTop[u.counts[0]] = true
		}
	}
	stuck := map[*unit]bool{}
	for range len(units) {
		var worked []*unit
		found := pinned(units[nTop:], units, all, func(u *unit) bool { return !u.interior })
		if len(found) == 0 && above != nil {
			found = pinned(units, joint, jointSums, func(u *unit) bool { return aboveTop[u.counts[0]] })
		}
		for _, u := range found {
			if !stuck[u] {
				worked = append(worked, u)
			}
		}
		if len(worked) == 0 {
			break
		}
		// A complement for each figure worked out, in order, unless one
		// already went into a sum through it in this round.
		touched := map[int]bool{}
		withheldIn := func(i int) int {
			n := 0
			for _, t := range sums[i].terms() {
				if t.withheld() {
					n++
				}
			}
			return n
		}
		for _, u := range worked {
			order := slices.Clone(through[u])
			if slices.ContainsFunc(order, func(i int) bool { return touched[i] }) {
				continue
			}
			slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(withheldIn(a), withheldIn(b)) })
			done := false
			for _, i := range order {
				if complement(sums[i]) {
					touched[i] = true
					done = true
					break
				}
			}
			if !done {
				stuck[u] = true
			}
		}
		single()
	}
	return &solved{units: units, sums: all, top: nTop}
}

// pinned returns the withheld units of check, in order, that the shown
// figures and the sums pin to a single value, given what the reasons tell:
// a small count is 1 to MinPersons-1, a complement at least MinPersons
// (zeros are never withheld). Units for which known is true count as
// shown. Units are told apart by their count: the same figure may be a
// unit of two tables.
func pinned(check, units []*unit, sums []sum, known func(*unit) bool) []*unit {
	var sys audit.System
	vars := map[*Count]int{}
	for _, u := range units {
		c := u.counts[0]
		if _, ok := vars[c]; ok || !u.withheld() || known(u) {
			continue
		}
		vars[c] = sys.Var(u.bounds())
	}
	if len(vars) == 0 {
		return nil
	}
	for _, s := range sums {
		var terms []audit.Term
		rhs := 0.0
		for i, u := range s.terms() {
			coef := 1.0
			if i == 0 {
				coef = -1
			}
			if v, ok := vars[u.counts[0]]; ok {
				terms = append(terms, audit.Term{Var: v, Coef: coef})
			} else {
				rhs -= coef * float64(u.value())
			}
		}
		if len(terms) > 0 {
			sys.Equation(terms, rhs)
		}
	}
	got, ok := sys.Pinned()
	if !ok {
		return nil
	}
	var out []*unit
	for _, u := range check {
		if v, ok := vars[u.counts[0]]; ok {
			if _, ok := got[v]; ok {
				out = append(out, u)
			}
		}
	}
	return out
}
