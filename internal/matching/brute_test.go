package matching

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// randomSmall returns a random instance small enough for brute force.
func randomSmall(rng *rand.Rand) Instance {
	cats := []string{"ELDERLY", "CHILDREN", "DISABLED", "HEALTH"}
	campuses := []Point{{38.45, 106.10}, {38.50, 106.20}, {38.60, 106.05}}
	loc := func() *Point {
		switch rng.IntN(10) {
		case 0:
			return nil
		case 1, 2, 3:
			p := campuses[rng.IntN(len(campuses))]
			return &p
		default:
			return &Point{Lat: 38.3 + rng.Float64()*0.4, Lon: 105.9 + rng.Float64()*0.4}
		}
	}
	var in Instance
	nG := 1 + rng.IntN(4)
	for i := range nG {
		g := Group{ID: fmt.Sprintf("g%d", i), Location: loc(), Capacity: rng.IntN(4)}
		if rng.IntN(8) == 0 {
			g.Capacity = 0
		}
		for _, c := range cats {
			if rng.IntN(2) == 0 {
				g.Skills = append(g.Skills, c)
			}
		}
		in.Groups = append(in.Groups, g)
	}
	nC := 1 + rng.IntN(5)
	for i := range nC {
		c := Community{ID: fmt.Sprintf("c%d", i), Location: loc(), Needs: map[string]float64{}}
		switch rng.IntN(4) {
		case 0: // defaults
		case 1:
			c.MinGroups, c.MaxGroups = 0, 1+rng.IntN(3)
		default:
			c.MinGroups = 1 + rng.IntN(3)
			c.MaxGroups = c.MinGroups + rng.IntN(3)
		}
		for _, cat := range cats {
			if rng.IntN(2) == 0 {
				c.Needs[cat] = float64(rng.IntN(5)) / 10
			}
		}
		for _, g := range in.Groups {
			if rng.IntN(4) == 0 {
				c.Existing = append(c.Existing, g.ID)
			}
		}
		in.Communities = append(in.Communities, c)
	}
	if rng.IntN(4) > 0 {
		in.Params = Params{
			NeedWeight:      rng.Float64() * 2,
			DistanceWeight:  rng.Float64() * 0.2,
			ContinuityBonus: rng.Float64(),
		}
		if rng.IntN(3) == 0 {
			in.Params.MaxDistanceKm = 5 + rng.Float64()*25
		}
		if rng.IntN(3) == 0 {
			in.Params.Candidates = 1 + rng.IntN(3)
		}
	}
	return in
}

// refFit computes the fit of community c and group g from scratch.
func refFit(prm Params, c Community, g Group) (fit, km float64) {
	cov := 0.0
	for _, k := range sortedKeys(c.Needs) {
		if slices.Contains(g.Skills, k) {
			cov += c.Needs[k]
		}
	}
	fit = prm.NeedWeight * cov
	km = -1
	if c.Location != nil && g.Location != nil {
		km = Haversine(*c.Location, *g.Location)
		fit -= prm.DistanceWeight * km
	}
	if slices.Contains(c.Existing, g.ID) {
		fit += prm.ContinuityBonus
	}
	return fit, km
}

func effective(c Community) (lo, hi int) {
	if c.MinGroups == 0 && c.MaxGroups == 0 {
		return 1, 3
	}
	return c.MinGroups, c.MaxGroups
}

func effectiveParams(p Params) Params {
	if p == (Params{}) {
		return DefaultParams()
	}
	return p
}

// refCandidates returns the candidate groups of community c, straight from
// the definition.
func refCandidates(in Instance, c Community) []Group {
	prm := effectiveParams(in.Params)
	type rk struct {
		g       Group
		known   bool
		km, fit float64
	}
	var all []rk
	for _, g := range in.Groups {
		if g.Capacity <= 0 {
			continue
		}
		fit, km := refFit(prm, c, g)
		if km >= 0 && prm.MaxDistanceKm > 0 && km > prm.MaxDistanceKm {
			continue
		}
		all = append(all, rk{g, km >= 0, km, fit})
	}
	slices.SortFunc(all, func(a, b rk) int {
		switch {
		case a.known && !b.known:
			return -1
		case !a.known && b.known:
			return 1
		case a.known:
			if c := cmp.Compare(a.km, b.km); c != 0 {
				return c
			}
		default:
			if c := cmp.Compare(b.fit, a.fit); c != 0 {
				return c
			}
		}
		return cmp.Compare(a.g.ID, b.g.ID)
	})
	var out []Group
	for i, r := range all {
		if prm.Candidates == 0 || i < prm.Candidates || slices.Contains(c.Existing, r.g.ID) {
			out = append(out, r.g)
		}
	}
	return out
}

// bruteForce returns the lexicographic optimum (filled minimum slots, total
// fit) over every feasible assignment set.
func bruteForce(in Instance) (slots int, fit float64) {
	prm := effectiveParams(in.Params)
	capLeft := map[string]int{}
	for _, g := range in.Groups {
		capLeft[g.ID] = g.Capacity
	}
	bestSlots, bestFit := -1, math.Inf(-1)
	var rec func(i, slots int, fit float64)
	rec = func(i, slots int, fit float64) {
		if i == len(in.Communities) {
			if slots > bestSlots || slots == bestSlots && fit > bestFit {
				bestSlots, bestFit = slots, fit
			}
			return
		}
		c := in.Communities[i]
		lo, hi := effective(c)
		cands := refCandidates(in, c)
		// Choose a subset of the candidates, one candidate at a time.
		var sub func(j, n int, f float64)
		sub = func(j, n int, f float64) {
			if j == len(cands) {
				rec(i+1, slots+min(n, lo), fit+f)
				return
			}
			sub(j+1, n, f)
			g := cands[j]
			if n < hi && capLeft[g.ID] > 0 {
				capLeft[g.ID]--
				gf, _ := refFit(prm, c, g)
				sub(j+1, n+1, f+gf)
				capLeft[g.ID]++
			}
		}
		sub(0, 0, 0)
	}
	rec(0, 0, 0)
	return bestSlots, bestFit
}

// checkPlan checks that plan is a feasible plan for in and consistent with
// itself; it returns the filled minimum slots.
func checkPlan(tb testing.TB, in Instance, plan Plan) (slots int) {
	tb.Helper()
	prm := effectiveParams(in.Params)
	comms := map[string]Community{}
	for _, c := range in.Communities {
		comms[c.ID] = c
	}
	groups := map[string]Group{}
	for _, g := range in.Groups {
		groups[g.ID] = g
	}
	perComm := map[string]int{}
	perGroup := map[string]int{}
	scores := map[string][]float64{}
	total := 0.0
	for i, a := range plan.Assignments {
		if i > 0 {
			prev := plan.Assignments[i-1]
			if cmp.Or(cmp.Compare(prev.CommunityID, a.CommunityID), cmp.Compare(prev.GroupID, a.GroupID)) >= 0 {
				tb.Fatalf("assignments %d and %d out of order: %s/%s then %s/%s", i-1, i, prev.CommunityID, prev.GroupID, a.CommunityID, a.GroupID)
			}
		}
		c, okc := comms[a.CommunityID]
		g, okg := groups[a.GroupID]
		if !okc || !okg {
			tb.Fatalf("assignment %d names unknown community %q or group %q", i, a.CommunityID, a.GroupID)
		}
		perComm[c.ID]++
		perGroup[g.ID]++
		fit, km := refFit(prm, c, g)
		if math.Abs(a.Score-fit) > 1e-9 {
			tb.Errorf("%s/%s: got score %v, want %v", c.ID, g.ID, a.Score, fit)
		}
		if a.DistanceKm != km {
			tb.Errorf("%s/%s: got distance %v, want %v", c.ID, g.ID, a.DistanceKm, km)
		}
		if km >= 0 && prm.MaxDistanceKm > 0 && km > prm.MaxDistanceKm {
			tb.Errorf("%s/%s: %v km apart, beyond the limit %v", c.ID, g.ID, km, prm.MaxDistanceKm)
		}
		if got, want := a.Continuing, slices.Contains(c.Existing, g.ID); got != want {
			tb.Errorf("%s/%s: got continuing %v, want %v", c.ID, g.ID, got, want)
		}
		if len(a.Reasons) < 2 {
			tb.Errorf("%s/%s: got %d reasons, want at least 2", c.ID, g.ID, len(a.Reasons))
		}
		if !slices.IsSorted(a.NeedsCovered) {
			tb.Errorf("%s/%s: needs covered not sorted: %v", c.ID, g.ID, a.NeedsCovered)
		}
		scores[c.ID] = append(scores[c.ID], a.Score)
		total += a.Score
	}
	for id, n := range perGroup {
		if n > groups[id].Capacity {
			tb.Errorf("group %s: got %d communities, capacity %d", id, n, groups[id].Capacity)
		}
	}
	covered := 0
	var uncovered []Uncovered
	for _, c := range in.Communities {
		lo, hi := effective(c)
		n := perComm[c.ID]
		if n > hi {
			tb.Errorf("community %s: got %d groups, max %d", c.ID, n, hi)
		}
		if n > lo {
			for _, s := range scores[c.ID] {
				if s <= 0 {
					tb.Errorf("community %s: %d groups beyond its minimum %d include a fit %v <= 0", c.ID, n, lo, s)
				}
			}
		}
		if n > 0 {
			covered++
		}
		if n < lo {
			uncovered = append(uncovered, Uncovered{CommunityID: c.ID, Got: n, Wanted: lo})
		}
		slots += min(n, lo)
	}
	slices.SortFunc(uncovered, func(a, b Uncovered) int { return cmp.Compare(a.CommunityID, b.CommunityID) })
	if plan.Covered != covered {
		tb.Errorf("got covered %d, want %d", plan.Covered, covered)
	}
	if math.Abs(plan.Objective-total) > 1e-9 {
		tb.Errorf("got objective %v, want the sum of scores %v", plan.Objective, total)
	}
	if len(plan.Uncovered) != len(uncovered) {
		tb.Fatalf("got uncovered %+v, want %+v", plan.Uncovered, uncovered)
	}
	for i, u := range plan.Uncovered {
		w := uncovered[i]
		if u.CommunityID != w.CommunityID || u.Got != w.Got || u.Wanted != w.Wanted {
			tb.Errorf("uncovered[%d]: got %s %d/%d, want %s %d/%d", i, u.CommunityID, u.Got, u.Wanted, w.CommunityID, w.Got, w.Wanted)
		}
		if u.Reason.En == "" || u.Reason.Zh == "" {
			tb.Errorf("uncovered[%d]: reason missing: %+v", i, u.Reason)
		}
	}
	return slots
}

func TestSolveMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 600 {
		in := randomSmall(rng)
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			plan, err := Solve(context.Background(), in)
			if err != nil {
				t.Fatalf("Solve: %v", err)
			}
			slots := checkPlan(t, in, plan)
			wantSlots, wantFit := bruteForce(in)
			if slots != wantSlots {
				t.Fatalf("got %d minimum slots filled, want %d (plan %+v)", slots, wantSlots, plan.Assignments)
			}
			// Fits are optimised in units of 1/Scale: allow the rounding
			// of every assignment of both plans.
			const tol = 40 / Scale
			if math.Abs(plan.Objective-wantFit) > tol {
				t.Fatalf("got objective %v, want %v", plan.Objective, wantFit)
			}
		})
	}
}
