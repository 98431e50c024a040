package graph_test

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/wushehub/wushe/ent/division"
	"github.com/wushehub/wushe/internal/dashboard/audit"
	"github.com/wushehub/wushe/internal/demo"
	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/store"
	"github.com/wushehub/wushe/internal/store/storetest"
)

// cellKey names one person figure of one area: the same in every answer.
type cellKey struct{ area, name string }

// sighting is what the answers say of one figure.
type sighting struct {
	value   *int
	reasons map[string]bool // of the answers withholding it
	shown   map[int]bool    // values shown, by the answers showing it
}

// harvest gathers every person count of every answer, and the sums that
// link them: an area's total and its parts, an area and the areas of its
// breakdown.
type harvest struct {
	cells map[cellKey]*sighting
	order []cellKey
	sums  [][2][]cellKey // total (one cell), parts
}

func newHarvest() *harvest { return &harvest{cells: map[cellKey]*sighting{}} }

func (h *harvest) see(area, name string, c personCount) cellKey {
	k := cellKey{area, name}
	s := h.cells[k]
	if s == nil {
		s = &sighting{reasons: map[string]bool{}, shown: map[int]bool{}}
		h.cells[k] = s
		h.order = append(h.order, k)
	}
	if c.Value != nil {
		s.shown[*c.Value] = true
		v := *c.Value
		s.value = &v
	} else {
		s.reasons[deref(c.Suppressed)] = true
	}
	return k
}

func (h *harvest) sum(total cellKey, parts ...cellKey) {
	h.sums = append(h.sums, [2][]cellKey{{total}, parts})
}

// figureNames returns the person counts of an area by name, in a fixed
// order, with the sums among them as (total, parts) names.
func figureNames(a dashFigures) (map[string]personCount, [][2][]string) {
	m := map[string]personCount{}
	var sums [][2][]string
	add := func(name string, c personCount) string { m[name] = c; return name }

	act := add("activities", a.Activities.Total.Participants)
	var cats, months []string
	for _, x := range a.Activities.ByCategory {
		cats = append(cats, add("activities/category/"+x.Category, x.Participants))
	}
	for _, x := range a.Activities.ByMonth {
		months = append(months, add("activities/month/"+x.Month, x.Participants))
	}
	sums = append(sums, [2][]string{{act}, cats}, [2][]string{{act}, months})

	vol := add("volunteers", a.Volunteers.Total)
	var kinds, stars []string
	for _, k := range a.Volunteers.ByKind {
		kinds = append(kinds, add("volunteers/kind/"+k.Kind, k.Count))
	}
	for _, s := range a.Volunteers.Stars {
		stars = append(stars, add(fmt.Sprintf("volunteers/stars/%d", s.Stars), s.Count))
	}
	sums = append(sums, [2][]string{{vol}, kinds}, [2][]string{{vol}, stars})

	all := add("workers", a.SocialWorkers.Total)
	cert := add("workers/certified", a.SocialWorkers.Certified)
	var levels, certified []string
	for _, l := range a.SocialWorkers.ByLevel {
		n := add("workers/level/"+l.Level, l.Count)
		levels = append(levels, n)
		if l.Level != "NONE" {
			certified = append(certified, n)
		}
	}
	sums = append(sums, [2][]string{{all}, levels}, [2][]string{{cert}, certified})
	return m, sums
}

// take adds one answer: its area, its breakdown and the sums linking them.
func (h *harvest) take(d dashFigures, breakdown []dashFigures) {
	rows := append([]dashFigures{d}, breakdown...)
	named := make([]map[string]personCount, len(rows))
	for i, a := range rows {
		m, sums := figureNames(a)
		named[i] = m
		keys := map[string]cellKey{}
		for _, n := range slices.Sorted(mapKeys(m)) {
			keys[n] = h.see(a.Code, n, m[n])
		}
		for _, s := range sums {
			var parts []cellKey
			for _, p := range s[1] {
				parts = append(parts, keys[p])
			}
			h.sum(keys[s[0][0]], parts...)
		}
	}
	if len(breakdown) == 0 {
		return
	}
	// The area is the sum of its breakdown, figure by figure; a figure
	// missing from an entry (a category without activities) is 0 there.
	for _, n := range slices.Sorted(mapKeys(named[0])) {
		var parts []cellKey
		for i, b := range breakdown {
			c, ok := named[i+1][n]
			if !ok {
				zero := 0
				c = personCount{Value: &zero}
			}
			parts = append(parts, h.see(b.Code, n, c))
		}
		h.sum(cellKey{d.Code, n}, parts...)
	}
}

func mapKeys[K comparable, V any](m map[K]V) func(func(K) bool) {
	return func(yield func(K) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// recovered solves the harvest as an attacker would: every figure shown in
// any answer is known; every other is a variable, at least 0 (informed:
// also 1 to 4 when withheld as a small count, 0 or at least 5 when
// withheld as a complement, as the reasons tell); each sum is an equation. It returns the withheld figures
// that the answers pin to a single value (or show in another answer), with
// the value.
func (h *harvest) recovered(t *testing.T, informed bool) map[cellKey]int {
	t.Helper()
	var sys audit.System
	vars := map[cellKey]int{}
	out := map[cellKey]int{}
	for _, k := range h.order {
		s := h.cells[k]
		if len(s.shown) > 1 {
			t.Errorf("%v shown as %v in different answers", k, s.shown)
		}
		if len(s.reasons) == 0 {
			continue
		}
		if s.value != nil {
			out[k] = *s.value // withheld in one answer, shown in another
			continue
		}
		lo, hi := 0.0, math.Inf(1)
		if informed && s.reasons["SMALL_COUNT"] && !s.reasons["COMPLEMENTARY"] {
			lo, hi = 1, 4
		}
		v := sys.Var(lo, hi)
		if informed && s.reasons["COMPLEMENTARY"] && !s.reasons["SMALL_COUNT"] {
			sys.Exclude(v, 1, 4)
		}
		vars[k] = v
	}
	equations(t, &sys, h.sums, vars, func(k cellKey) float64 { return float64(*h.cells[k].value) })
	pinned, ok := sys.Pinned()
	if !ok {
		t.Fatal("the answers admit no solution")
	}
	for k, v := range vars {
		if x, ok := pinned[v]; ok {
			out[k] = int(x)
		}
	}
	return out
}

// equations adds each sum of sums (a total, and its parts) to sys as
// Σ parts − total = 0: the figures with a variable in vars as terms, the
// others known (known gives their value) and moved right. A sum whose
// figures are all known must add up.
func equations(t *testing.T, sys *audit.System, sums [][2][]cellKey, vars map[cellKey]int, known func(cellKey) float64) {
	t.Helper()
	for _, s := range sums {
		var terms []audit.Term
		rhs := 0.0
		add := func(k cellKey, coef float64) {
			if v, ok := vars[k]; ok {
				terms = append(terms, audit.Term{Var: v, Coef: coef})
				return
			}
			rhs -= coef * known(k)
		}
		add(s[0][0], -1)
		for _, p := range s[1] {
			add(p, 1)
		}
		if len(terms) == 0 {
			if math.Abs(rhs) > 1e-9 {
				t.Errorf("shown figures do not add up: %v = %v (off by %v)", s[0][0], s[1], rhs)
			}
			continue
		}
		sys.Equation(terms, rhs)
	}
}

// TestDashboardSuppressionAcrossAnswers: an aggregate-only viewer (PUBLIC,
// a university's staff) asks for the dashboard of each province of the
// demo and of every area below it — city, district, each street and each
// community — and solves every figure all the answers show for the
// withheld ones: shown figures are known, withheld ones are at least 0, a
// total is the sum of its parts and an area the sum of its breakdown
// (linear programming: internal/dashboard/audit). No withheld figure may
// come out as a single value, and every figure is the same in every
// answer — nor knowing also what the reasons tell: a small count is 1 to
// 4, a complement at least 5. (Before the pattern was one over the
// hierarchy, 33 came out, counts of 1 to 4 among them; 102 knowing the
// reasons.)
func TestDashboardSuppressionAcrossAnswers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if _, err := demo.Load(sys(), db.Client); err != nil {
			t.Fatal(err)
		}
		var roots []int
		for _, d := range db.Client.Division.Query().Where(division.CodeIn(demo.NingxiaCode, demo.GuizhouCode)).AllX(sys()) {
			roots = append(roots, d.ID)
		}
		for _, name := range []string{"public", "nxu"} {
			t.Run(name, func(t *testing.T) {
				v := viewerOf(name)
				a := newAPI(t, db, v, fault.English)
				h := newHarvest()
				withheld, answers := 0, 0
				var walk func(id string)
				walk = func(id string) {
					var out dashboardResult
					a.mustDo(DashboardQuery, map[string]any{"id": id}, &out)
					answers++
					d := out.Dashboard
					if d.Access != "AGGREGATE" {
						t.Fatalf("%s: access %s", d.Name, d.Access)
					}
					h.take(d.dashFigures, d.Breakdown)
					for _, b := range d.Breakdown {
						switch {
						case b.Division != nil:
							walk(b.Division.ID)
						case b.Community != nil:
							walk(b.Community.ID)
						}
					}
				}
				for _, id := range roots {
					walk(gid(id))
				}
				for _, s := range h.cells {
					if len(s.reasons) > 0 {
						withheld++
					}
				}
				got := h.recovered(t, false)
				informed := h.recovered(t, true)
				t.Logf("%s: %d answers, %d figures, %d withheld, %d worked out (%d knowing what the reasons tell)", name, answers, len(h.cells), withheld, len(got), len(informed))
				if withheld == 0 {
					t.Fatal("nothing is withheld: the test shows nothing")
				}
				for what, got := range map[string]map[cellKey]int{"": got, " knowing what the reasons tell": informed} {
					if len(got) == 0 {
						continue
					}
					var lines []string
					for _, k := range h.order {
						if v, ok := got[k]; ok {
							lines = append(lines, fmt.Sprintf("%s %s = %d (%s)", k.area, k.name, v, strings.Join(slices.Sorted(mapKeys(h.cells[k].reasons)), ",")))
						}
					}
					t.Errorf("%d withheld figures worked out from the answers%s:\n  %s", len(got), what, strings.Join(lines, "\n  "))
				}
			})
		}
	})
}
