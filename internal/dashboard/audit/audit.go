// Package audit works out what a set of published figures gives away: given
// figures that are known to be sums of others, some of them shown and some
// withheld, it finds for each withheld figure the smallest and largest
// values it may take. A withheld figure whose smallest and largest values
// are the same is disclosed: anyone holding the published figures can work
// it out.
//
// Each withheld figure is a variable with bounds (at least 0, and what the
// reason it is withheld for tells: a small count is 1 to 4); each sum is a
// linear equation. The bounds of each variable are found by linear
// programming (the simplex method, on each connected part of the system
// apart), and narrowed to whole numbers: what an attacker with an LP solver
// gets, which is at least what propagating intervals gets.
package audit

import (
	"math"
	"slices"
)

// System is a set of variables with bounds and linear equations over them.
type System struct {
	vars []variable
	eqs  []equation
}

type variable struct {
	lo, hi       float64 // hi may be +Inf
	gapLo, gapHi float64 // values in [gapLo, gapHi] are excluded; gapLo > gapHi for none
}

// Term is a coefficient of a variable in an equation.
type Term struct {
	Var  int
	Coef float64
}

type equation struct {
	terms []Term
	rhs   float64
}

// Var adds a variable with values in [lo, hi] (hi may be math.Inf(1)) and
// returns its index.
func (s *System) Var(lo, hi float64) int {
	s.vars = append(s.vars, variable{lo: lo, hi: hi, gapLo: 1, gapHi: 0})
	return len(s.vars) - 1
}

// Exclude says that variable v takes no value in [lo, hi] (a figure
// withheld as a complement is 0 or at least 5: never a small count).
func (s *System) Exclude(v int, lo, hi float64) {
	s.vars[v].gapLo, s.vars[v].gapHi = lo, hi
}

// Equation adds Σ terms = rhs.
func (s *System) Equation(terms []Term, rhs float64) {
	s.eqs = append(s.eqs, equation{terms: slices.Clone(terms), rhs: rhs})
}

const eps = 1e-7

// Pinned returns the variables that take a single whole value in every
// solution, with that value. Excluded ranges are applied repeatedly: a
// variable that is at most the start of its excluded range is at most the
// value below it, one at least its start is above its end, until nothing
// changes. It returns false if the system has no solution.
func (s *System) Pinned() (map[int]float64, bool) {
	out := map[int]float64{}
	for _, comp := range s.components() {
		vars := slices.Clone(s.vars)
		for {
			res, ok := s.solve(comp, vars)
			if !ok {
				return nil, false
			}
			changed := false
			for i, v := range comp {
				x := &vars[v]
				r := res[i]
				if x.gapLo <= x.gapHi && !r.wide {
					lo, hi := r.lo, r.hi
					if hi >= x.gapLo && hi <= x.gapHi {
						hi = x.gapLo - 1
					}
					if lo >= x.gapLo && lo <= x.gapHi {
						lo = x.gapHi + 1
					}
					if lo > x.lo+eps || hi < x.hi-eps {
						x.lo, x.hi = math.Max(x.lo, lo), math.Min(x.hi, hi)
						changed = true
					}
				}
			}
			if !changed {
				for i, v := range comp {
					if r := res[i]; !r.wide && r.lo == r.hi {
						out[v] = r.lo
					}
				}
				break
			}
		}
	}
	return out, true
}

// components splits the variables into sets linked by equations.
func (s *System) components() [][]int {
	parent := make([]int, len(s.vars))
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for _, e := range s.eqs {
		for _, t := range e.terms[1:] {
			parent[find(t.Var)] = find(e.terms[0].Var)
		}
	}
	byRoot := map[int][]int{}
	var roots []int
	for i := range s.vars {
		r := find(i)
		if _, ok := byRoot[r]; !ok {
			roots = append(roots, r)
		}
		byRoot[r] = append(byRoot[r], i)
	}
	var out [][]int
	for _, r := range roots {
		out = append(out, byRoot[r])
	}
	return out
}

// result is what solve finds of one variable: its whole-number bounds, or
// wide when two solutions more than a whole number apart were seen (the
// bounds are then not worked out: it is not pinned, and no excluded range
// can narrow it).
type result struct {
	lo, hi float64
	wide   bool
}

// solve finds each variable of comp (in its order) under the bounds vars,
// or returns false if there is no solution.
func (s *System) solve(comp []int, vars []variable) ([]result, bool) {
	index := map[int]int{}
	for i, v := range comp {
		index[v] = i
	}
	n := len(comp)
	var rows [][]float64
	var rhs []float64
	for _, e := range s.eqs {
		if len(e.terms) == 0 {
			continue
		}
		if _, ok := index[e.terms[0].Var]; !ok {
			continue
		}
		row := make([]float64, n)
		for _, t := range e.terms {
			row[index[t.Var]] += t.Coef
		}
		rows = append(rows, row)
		rhs = append(rhs, e.rhs)
	}
	lo := make([]float64, n)
	hi := make([]float64, n)
	for i, v := range comp {
		lo[i], hi[i] = vars[v].lo, vars[v].hi
		if lo[i] > hi[i]+eps {
			return nil, false
		}
	}
	base, ok := feasible(rows, rhs, lo, hi)
	if !ok {
		return nil, false
	}
	// The values seen in the solutions found so far: a variable seen at two
	// whole numbers apart is not pinned, and needs no programme of its own.
	seenLo := make([]float64, n)
	seenHi := make([]float64, n)
	for i := range n {
		seenLo[i], seenHi[i] = math.Inf(1), math.Inf(-1)
	}
	see := func(x []float64) {
		for i, v := range x {
			seenLo[i], seenHi[i] = math.Min(seenLo[i], v), math.Max(seenHi[i], v)
		}
	}
	see(base.solution())
	wide := func(i int) bool {
		if math.Ceil(seenLo[i]-eps) >= math.Floor(seenHi[i]+eps) {
			return false
		}
		x := vars[comp[i]]
		if x.gapLo > x.gapHi {
			return true
		}
		// Seen below the excluded range and above it: nothing to narrow.
		return seenLo[i] < x.gapLo-eps && seenHi[i] > x.gapHi+eps
	}
	out := make([]result, n)
	for i := range n {
		if wide(i) {
			out[i] = result{wide: true}
			continue
		}
		min, xmin, ok := base.optimize(i, 1)
		if !ok {
			return nil, false
		}
		see(xmin)
		max, xmax, ok := base.optimize(i, -1)
		if !ok {
			return nil, false
		}
		see(xmax)
		out[i] = result{lo: math.Ceil(min - eps), hi: math.Floor(-max + eps)}
		if math.IsInf(max, -1) {
			out[i].hi = math.Inf(1)
		}
	}
	return out, true
}

// tableau is a simplex tableau over y = x − lo ≥ 0 (x first, then a slack
// per finite upper bound, then an artificial variable per row), kept in a
// basic feasible solution.
type tableau struct {
	t       [][]float64
	b       []float64
	basis   []int
	n, real int // variables x; columns that are not artificial
	lo      []float64
}

func (tb *tableau) solution() []float64 {
	x := slices.Clone(tb.lo)
	for i, j := range tb.basis {
		if j < tb.n {
			x[j] += tb.b[i]
		}
	}
	return x
}

func (tb *tableau) pivotOn(leave, enter int) {
	t, b := tb.t, tb.b
	p := t[leave][enter]
	for j := range t[leave] {
		t[leave][j] /= p
	}
	b[leave] /= p
	for i := range t {
		if i != leave && t[i][enter] != 0 {
			f := t[i][enter]
			for j := range t[i] {
				t[i][j] -= f * t[leave][j]
			}
			b[i] -= f * b[leave]
		}
	}
	tb.basis[leave] = enter
}

// run minimizes cost c over the first cols columns with Bland's rule,
// returning the minimum (−Inf when unbounded), or false if it does not end.
func (tb *tableau) run(c []float64, cols int) (float64, bool) {
	t, b := tb.t, tb.b
	m := len(t)
	inBasis := make([]bool, len(t[0]))
	for _, j := range tb.basis {
		inBasis[j] = true
	}
	for iter := 0; iter < 50*(m+cols)+1000; iter++ {
		enter := -1
		for j := range cols {
			if inBasis[j] {
				continue
			}
			r := c[j]
			for i := range m {
				if cb := c[tb.basis[i]]; cb != 0 {
					r -= cb * t[i][j]
				}
			}
			if r < -eps {
				enter = j
				break
			}
		}
		if enter < 0 {
			v := 0.0
			for i := range m {
				v += c[tb.basis[i]] * b[i]
			}
			return v, true
		}
		leave := -1
		best := math.Inf(1)
		for i := range m {
			if t[i][enter] > eps {
				ratio := b[i] / t[i][enter]
				if ratio < best-eps || (ratio < best+eps && leave >= 0 && tb.basis[i] < tb.basis[leave]) {
					best, leave = ratio, i
				}
			}
		}
		if leave < 0 {
			return math.Inf(-1), true
		}
		inBasis[tb.basis[leave]] = false
		inBasis[enter] = true
		tb.pivotOn(leave, enter)
	}
	return 0, false
}

// feasible builds the tableau of rows·x = rhs, lo ≤ x ≤ hi and finds a
// basic feasible solution (phase one), or returns false if there is none.
func feasible(rows [][]float64, rhs, lo, hi []float64) (*tableau, bool) {
	n := len(lo)
	var ub []int
	for j := range n {
		if !math.IsInf(hi[j], 1) {
			ub = append(ub, j)
		}
	}
	m := len(rows) + len(ub)
	real := n + len(ub)
	cols := real + m
	tb := &tableau{t: make([][]float64, m), b: make([]float64, m), basis: make([]int, m), n: n, real: real, lo: lo}
	for i, r := range rows {
		tb.t[i] = make([]float64, cols)
		copy(tb.t[i], r)
		tb.b[i] = rhs[i]
		for j := range n {
			tb.b[i] -= r[j] * lo[j]
		}
	}
	for u, j := range ub {
		i := len(rows) + u
		tb.t[i] = make([]float64, cols)
		tb.t[i][j] = 1
		tb.t[i][n+u] = 1
		tb.b[i] = hi[j] - lo[j]
	}
	for i := range m {
		if tb.b[i] < 0 {
			for j := range cols {
				tb.t[i][j] = -tb.t[i][j]
			}
			tb.b[i] = -tb.b[i]
		}
		tb.t[i][real+i] = 1
		tb.basis[i] = real + i
	}
	phase1 := make([]float64, cols)
	for j := real; j < cols; j++ {
		phase1[j] = 1
	}
	v, ok := tb.run(phase1, cols)
	if !ok || v > 1e-6 {
		return nil, false
	}
	// Drive the artificial variables out of the basis where a row allows.
	for i := range m {
		if tb.basis[i] < real {
			continue
		}
		for j := range real {
			if math.Abs(tb.t[i][j]) > eps && !slices.Contains(tb.basis, j) {
				tb.pivotOn(i, j)
				break
			}
		}
	}
	return tb, true
}

// optimize minimizes sign·x[k] from the tableau's basic feasible solution,
// returning the minimum (−Inf when unbounded), the solution and whether it
// ended. The tableau stays feasible: the next programme starts from where
// this one stopped.
func (tb *tableau) optimize(k int, sign float64) (float64, []float64, bool) {
	cost := make([]float64, len(tb.t[0]))
	cost[k] = sign
	v, ok := tb.run(cost, tb.real)
	if !ok {
		return 0, nil, false
	}
	if math.IsInf(v, -1) {
		return v, tb.solution(), true
	}
	return v + sign*tb.lo[k], tb.solution(), true
}
