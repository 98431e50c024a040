package dashboard

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/wushehub/wushe/ent/schema/enum"
	"github.com/wushehub/wushe/ent/volunteer"
	"github.com/wushehub/wushe/internal/dashboard/audit"
)

// area returns an area whose volunteers are of the kinds given (resident,
// party member, student, staff), each with 10 hours, all without a star.
func area(access Access, kinds ...int64) *Area {
	a := &Area{Access: access, Communities: 1}
	for i, n := range kinds {
		k := a.Volunteers.kind(volunteerKinds[i])
		k.Count.Value, k.Hours.Value = n, float64(10*n)
		a.Volunteers.Total.Value += n
		a.Volunteers.Hours.Value += float64(10 * n)
		a.Volunteers.star(0).Count.Value += n
	}
	a.finish(DefaultStarHours)
	return a
}

// withheld returns the reason of each kind's count, "" for shown ones, and
// of the total under "ALL"; and what is wrong with the withheld figures:
// hours not withheld with their count, values left behind.
func withheld(a *Area) (map[string]Reason, []string) {
	out := map[string]Reason{"ALL": a.Volunteers.Total.Withheld}
	var wrong []string
	check := func(name string, c Count, h Measure) {
		if h.Withheld != c.Withheld {
			wrong = append(wrong, name+": hours withheld "+string(h.Withheld)+", count "+string(c.Withheld))
		}
		if c.Withheld != "" && (c.Value != 0 || h.Value != 0) {
			wrong = append(wrong, name+": a withheld value is left")
		}
	}
	check("ALL", a.Volunteers.Total, a.Volunteers.Hours)
	for _, k := range a.Volunteers.ByKind {
		out[string(k.Kind)] = k.Count.Withheld
		check(string(k.Kind), k.Count, k.Hours)
	}
	return out, wrong
}

func TestSuppress(t *testing.T) {
	kind := func(k volunteer.Kind) string { return string(k) }
	tests := []struct {
		name     string
		top      *Area
		children []*Area
		want     map[string]Reason   // of top
		kids     []map[string]Reason // of children, by index (only the keys given)
	}{
		{
			name: "a small count and the smallest other part of at least 9",
			top:  area(Aggregate, 72, 38, 9, 4),
			want: map[string]Reason{"ALL": "", kind(volunteer.KindRESIDENT): "", kind(volunteer.KindPARTY_MEMBER): "",
				kind(volunteer.KindSTUDENT): Complementary, kind(volunteer.KindSTAFF): SmallCount},
		},
		{
			name: "else the largest other part",
			top:  area(Aggregate, 0, 6, 8, 1),
			want: map[string]Reason{"ALL": "", kind(volunteer.KindRESIDENT): "", kind(volunteer.KindPARTY_MEMBER): "",
				kind(volunteer.KindSTUDENT): Complementary, kind(volunteer.KindSTAFF): SmallCount},
		},
		{
			name: "zeros are shown and two small counts protect each other",
			top:  area(Aggregate, 50, 0, 2, 3),
			want: map[string]Reason{"ALL": "", kind(volunteer.KindRESIDENT): "", kind(volunteer.KindPARTY_MEMBER): "",
				kind(volunteer.KindSTUDENT): SmallCount, kind(volunteer.KindSTAFF): SmallCount},
		},
		{
			name: "two small counts of 1 pin each other: a third goes",
			top:  area(Aggregate, 50, 12, 1, 1),
			want: map[string]Reason{"ALL": "", kind(volunteer.KindRESIDENT): "", kind(volunteer.KindPARTY_MEMBER): Complementary,
				kind(volunteer.KindSTUDENT): SmallCount, kind(volunteer.KindSTAFF): SmallCount},
		},
		{
			name: "a small total is withheld with its only part",
			top:  area(Aggregate, 3, 0, 0, 0),
			want: map[string]Reason{"ALL": SmallCount, kind(volunteer.KindRESIDENT): SmallCount, kind(volunteer.KindPARTY_MEMBER): ""},
		},
		{
			name:     "a small child and the smallest other child of at least 9",
			top:      area(Aggregate, 40, 0, 0, 0),
			children: []*Area{area(Aggregate, 3, 0, 0, 0), area(Aggregate, 30, 0, 0, 0), area(Aggregate, 7, 0, 0, 0)},
			want:     map[string]Reason{"ALL": ""},
			kids:     []map[string]Reason{{"ALL": SmallCount}, {"ALL": Complementary}, {"ALL": ""}},
		},
		{
			name:     "a FULL area is decided like the others, then shown",
			top:      area(Aggregate, 20, 0, 0, 0),
			children: []*Area{area(Full, 17, 0, 0, 0), area(Aggregate, 3, 0, 0, 0)},
			want:     map[string]Reason{"ALL": ""},
			kids:     []map[string]Reason{{"ALL": ""}, {"ALL": SmallCount}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			suppress([]grid{{top: tt.top, kids: tt.children}})
			var bad []string
			for _, f := range append([]*figures{unitsOf(tt.top)}, figuresOf(tt.children)...) {
				for _, s := range f.sums {
					if n := withheldTerms(s); n == 1 {
						bad = append(bad, fmt.Sprintf("a sum has one withheld term: total %+v", s.total.counts[0]))
					}
				}
			}
			for _, a := range append([]*Area{tt.top}, tt.children...) {
				reveal(a)
			}
			got, wrong := withheld(tt.top)
			for k, want := range tt.want {
				if got[k] != want {
					t.Errorf("top %s: withheld %q, want %q (all: %v)", k, got[k], want, got)
				}
			}
			for i, want := range tt.kids {
				got, w := withheld(tt.children[i])
				wrong = append(wrong, w...)
				for k, w := range want {
					if got[k] != w {
						t.Errorf("child %d %s: withheld %q, want %q", i, k, got[k], w)
					}
				}
			}
			for _, w := range append(wrong, bad...) {
				t.Error(w)
			}
		})
	}
	// The FULL child: decided like the others (its 17 protects the 3
	// beside it) and shown in full.
	full := area(Full, 17, 0, 0, 0)
	suppress([]grid{{top: area(Aggregate, 20, 0, 0, 0), kids: []*Area{full, area(Aggregate, 3, 0, 0, 0)}}})
	if full.Volunteers.Total.Withheld != Complementary {
		t.Errorf("the FULL child's total is withheld %q in the pattern, want %q", full.Volunteers.Total.Withheld, Complementary)
	}
	reveal(full)
	if full.Volunteers.Total.Withheld != "" || full.Volunteers.Total.Value != 17 {
		t.Errorf("the FULL child shows %+v", full.Volunteers.Total)
	}
}

func figuresOf(areas []*Area) []*figures {
	var out []*figures
	for _, a := range areas {
		out = append(out, unitsOf(a))
	}
	return out
}

func withheldTerms(s sum) int {
	n := 0
	for _, u := range s.terms() {
		if u.withheld() {
			n++
		}
	}
	return n
}

// node is an area of a synthetic hierarchy with the areas below it.
type node struct {
	area *Area
	kids []*node
}

// randomTree builds a province of cities, districts, streets and
// communities; each community has volunteers of each kind and star level,
// social workers of each level and activities of a few categories and
// months, many of them 1 to 4 persons, some 0.
func randomTree(r *rand.Rand) *node {
	small := func() int64 {
		switch r.IntN(6) {
		case 0:
			return 0
		case 1, 2:
			return int64(1 + r.IntN(4))
		case 3:
			return int64(5 + r.IntN(6))
		}
		return int64(r.IntN(40))
	}
	categories := []enum.ServiceCategory{enum.Elderly, enum.Children, enum.Safety}
	months := []string{"2024-01", "2024-02", "2024-03"}
	var build func(prefix string, depth int) *node
	build = func(prefix string, depth int) *node {
		n := &node{area: &Area{Code: prefix, prefix: prefix}}
		if depth == 4 {
			a := n.area
			for _, k := range volunteerKinds {
				for s := 0; s <= 2; s++ {
					v := small() / 3
					if r.IntN(3) == 0 {
						v = 0
					}
					a.Volunteers.kind(k).Count.Value += v
					a.Volunteers.star(s).Count.Value += v
					a.Volunteers.Total.Value += v
				}
			}
			for _, l := range workerLevels {
				a.Workers.level(l).Count.Value = small() / 2
			}
			for _, c := range categories {
				for _, m := range months {
					v := small()
					if r.IntN(2) == 0 {
						v = 0
					}
					a.Activities.category(c).Participants.Value += v
					a.Activities.month(m).Participants.Value += v
					a.Activities.Total.Participants.Value += v
				}
			}
			a.finish([]int{100, 300})
			// The spread of the figures dashboards read it for: volunteers
			// and workers.
			fs := unitsOf(a)
			for _, name := range fs.order {
				if v := fs.units[name].value(); v > 0 && (strings.HasPrefix(name, "volunteers") || strings.HasPrefix(name, "workers")) {
					small := int64(0)
					if v < MinPersons {
						small = 1
					}
					a.spreadOf(name, 1, small)
				}
			}
			return n
		}
		width := []int{2, 3, 3, 4}[depth] - r.IntN(2)
		for i := range width {
			n.kids = append(n.kids, build(fmt.Sprintf("%s%d", prefix, i+1), depth+1))
		}
		// The area's figures are its children's sums.
		a := n.area
		for _, k := range n.kids {
			b := k.area
			for _, x := range b.Volunteers.ByKind {
				a.Volunteers.kind(x.Kind).Count.Value += x.Count.Value
			}
			for _, x := range b.Volunteers.Stars {
				a.Volunteers.star(x.Stars).Count.Value += x.Count.Value
			}
			a.Volunteers.Total.Value += b.Volunteers.Total.Value
			for _, x := range b.Workers.ByLevel {
				a.Workers.level(x.Level).Count.Value += x.Count.Value
			}
			for _, x := range b.Activities.ByCategory {
				a.Activities.category(x.Category).Participants.Value += x.Participants.Value
			}
			for _, x := range b.Activities.ByMonth {
				a.Activities.month(x.Month).Participants.Value += x.Participants.Value
			}
			a.Activities.Total.Participants.Value += b.Activities.Total.Participants.Value
			for name, sp := range b.spread {
				a.spreadOf(name, sp.positive, sp.small)
			}
		}
		a.finish([]int{100, 300})
		return n
	}
	return build("9", 0)
}

// grids lists the tables of the whole tree, from the root down.
func grids(root *node) []grid {
	var out []grid
	queue := []*node{root}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		if len(n.kids) == 0 {
			continue
		}
		g := grid{top: n.area}
		for _, k := range n.kids {
			g.kids = append(g.kids, k.area)
			queue = append(queue, k)
		}
		out = append(out, g)
	}
	return out
}

// attack solves the pattern over every area of the tables — what all the
// dashboards show together — as an attacker would: shown figures known, a
// withheld one at least 0 (informed: 1 to 4 for a small count, at least 5
// for a complement, as the reasons and the rule tell), every sum an
// equation. It returns the withheld figures pinned to a single value, and
// how many are withheld.
func attack(t *testing.T, root *Area, tables []grid, informed bool) (worked []string, withheld int) {
	t.Helper()
	var sys audit.System
	vars := map[*Count]int{}
	names := map[*Count]string{}
	var sums []sum
	for _, a := range append([]*Area{root}, kidsOf(tables)...) {
		fs := unitsOf(a)
		sums = append(sums, fs.sums...)
		for _, name := range fs.order {
			c := fs.units[name].counts[0]
			names[c] = a.Code + " " + name
			switch {
			case c.Withheld == "":
				continue
			case informed && c.Withheld == SmallCount:
				vars[c] = sys.Var(1, MinPersons-1)
			case informed:
				vars[c] = sys.Var(MinPersons, math.Inf(1))
			default:
				vars[c] = sys.Var(0, math.Inf(1))
			}
		}
	}
	for _, g := range tables {
		top := unitsOf(g.top)
		for _, name := range top.order {
			if name == students {
				continue
			}
			s := sum{total: top.units[name]}
			for _, k := range g.kids {
				if u := unitsOf(k).units[name]; u != nil {
					s.parts = append(s.parts, u)
				}
			}
			sums = append(sums, s)
		}
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
		t.Fatal("the pattern admits no solution")
	}
	for c, v := range vars {
		if x, ok := got[v]; ok {
			worked = append(worked, fmt.Sprintf("%s = %v (%s)", names[c], x, c.Withheld))
		}
	}
	return worked, len(vars)
}

// pattern returns the reason of every person figure of the tables' areas,
// by code and name.
func pattern(root *Area, tables []grid) map[string]Reason {
	out := map[string]Reason{}
	for _, a := range append([]*Area{root}, kidsOf(tables)...) {
		fs := unitsOf(a)
		for _, name := range fs.order {
			out[a.Code+" "+name] = fs.units[name].counts[0].Withheld
		}
	}
	return out
}

// TestSuppressHierarchy: on synthetic provinces full of small counts, the
// pattern is the same whichever dashboard decides it — the whole
// hierarchy's tables at once, or only those from the root down to one
// community, as a dashboard reads them — shows no count of 1 to 4 and
// withholds no complement below 5; and an attacker solving every sum of
// every area at once (each withheld figure at least 0) pins almost none:
// fewer than 1 in 1,000, each where a figure shown above leaves the ones
// below no room (a community alone in a month of its street, say) — the
// table above would have to look further down than a dashboard reads.
// With what the reasons tell (1 to 4, at least 5) about 1 in 100 are
// pinned on such data; both counts are logged.
func TestSuppressHierarchy(t *testing.T) {
	worked, informed, withheldAll := 0, 0, 0
	for seed := range 30 {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			tree := func() *node { return randomTree(rand.New(rand.NewPCG(uint64(seed), 7))) }
			root := tree()
			tables := grids(root)
			suppress(tables)
			all := pattern(root.area, tables)
			for _, a := range append([]*Area{root.area}, kidsOf(tables)...) {
				fs := unitsOf(a)
				for _, name := range fs.order {
					c := fs.units[name].counts[0]
					if c.Withheld == "" && c.Value > 0 && c.Value < MinPersons {
						t.Errorf("%s %s: %d persons shown", a.Code, name, c.Value)
					}
					if c.Withheld == Complementary && c.Value < MinPersons {
						t.Errorf("%s %s: a complement of %d", a.Code, name, c.Value)
					}
				}
			}
			// The path down to each community of the first street of each
			// district, decided alone.
			fresh := tree()
			var paths [][]*node
			var walk func(n *node, path []*node)
			walk = func(n *node, path []*node) {
				path = append(slices.Clone(path), n)
				if len(n.kids) == 0 {
					paths = append(paths, path)
					return
				}
				walk(n.kids[0], path)
				if len(path) < 3 {
					for _, k := range n.kids[1:] {
						walk(k, path)
					}
				}
			}
			walk(fresh, nil)
			for _, path := range paths {
				var gs []grid
				for _, n := range path {
					g := grid{top: n.area}
					for _, k := range n.kids {
						g.kids = append(g.kids, k.area)
					}
					gs = append(gs, g)
				}
				clear := func() {
					var all []*Area
					var rec func(*node)
					rec = func(n *node) {
						all = append(all, n.area)
						for _, k := range n.kids {
							rec(k)
						}
					}
					rec(fresh)
					for _, a := range all {
						fs := unitsOf(a)
						for _, name := range fs.order {
							fs.units[name].withhold("")
						}
					}
				}
				clear()
				suppress(gs)
				for key, r := range pattern(fresh.area, gs) {
					if all[key] != r {
						t.Errorf("%s: withheld %q when the path to %s decides it, %q when the whole hierarchy does", key, r, path[len(path)-1].area.Code, all[key])
					}
				}
			}

			got, n := attack(t, root.area, tables, false)
			withheldAll += n
			worked += len(got)
			in, _ := attack(t, root.area, tables, true)
			informed += len(in)
			if len(got) > 0 {
				t.Logf("%d of %d withheld figures worked out:\n  %s", len(got), n, strings.Join(got, "\n  "))
			}
		})
	}
	t.Logf("%d withheld figures in all; %d worked out, %d knowing what the reasons tell", withheldAll, worked, informed)
	if worked*1000 >= withheldAll {
		t.Errorf("%d of %d withheld figures worked out: 1 in 1,000 or more", worked, withheldAll)
	}
}

func kidsOf(tables []grid) []*Area {
	var out []*Area
	for _, g := range tables {
		out = append(out, g.kids...)
	}
	return out
}
