package matching

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/wushehub/wushe/internal/fault"
)

// Scale is the number of integer cost units per unit of fit: fits are
// rounded to multiples of 1/Scale for the (exact, integer) optimisation.
const Scale = 1e6

// maxCost bounds the coverage bonus so that potentials and reduced costs of
// the network simplex stay far from int64 overflow.
const maxCost = 1 << 58

// Solve returns an optimal pairing plan for in.
//
// The plan first fills as many minimum slots (each community's first
// MinGroups groups) as the candidates and capacities allow, and among such
// plans it has the greatest total fit, fits counted in units of 1/Scale. A
// minimum slot is filled even at a negative fit; a group beyond a community's
// MinGroups, up to MaxGroups, only at a positive fit. The plan depends only on
// the content of in, not on the order of its slices or maps.
//
// Only candidate pairs (see Params.MaxDistanceKm and Params.Candidates) are
// considered. A zero Params stands for DefaultParams().
//
// Invalid input yields a *fault.Error of code BadUserInput whose Field names
// the offending input path, such as "communities[3].maxGroups" (indices as
// in in): empty or duplicate IDs, negative capacities, MinGroups or
// MaxGroups, MinGroups > MaxGroups, latitudes outside [-90, 90], longitudes
// outside [-180, 180], NaN, infinite or negative weights and need weights,
// empty need categories or skills, Existing naming an unknown or repeated
// group, negative MaxDistanceKm or Candidates, weights so large that the
// integer costs would overflow, and more than 2^24 candidate pairs. When ctx
// ends Solve returns its error, wrapped.
func Solve(ctx context.Context, in Instance) (Plan, error) {
	began := time.Now()
	if err := ctx.Err(); err != nil {
		return Plan{}, fmt.Errorf("solve: %w", err)
	}
	p, err := prepare(in)
	if err != nil {
		return Plan{}, fmt.Errorf("solve: %w", err)
	}
	cands, start, err := p.candidates(ctx)
	if err != nil {
		return Plan{}, fmt.Errorf("solve: %w", err)
	}
	chosen, stats, err := p.optimise(ctx, cands, start)
	if err != nil {
		return Plan{}, fmt.Errorf("solve: %w", err)
	}
	plan := p.plan(cands, start, chosen)
	plan.Stats = stats
	plan.Stats.CandidatePairs = len(cands)
	plan.Stats.Elapsed = time.Since(began)
	return plan, nil
}

// optimise solves the min-cost flow and returns which candidates are chosen.
//
// The network is source → group (capacity Capacity) → community (one unit
// per candidate pair, cost −fit) → sink, where each community has two arcs
// to the sink: its minimum slots at cost −M and its further slots up to
// MaxGroups at cost 0, plus a bypass arc source → sink at cost 0 so that the
// flow value is free. M exceeds the largest fit change along any simple
// cycle of the residual network (nodes × largest |fit|), so that a plan
// with more filled minimum slots always costs less: the lexicographic order
// is exact.
func (p *problem) optimise(ctx context.Context, cands []cand, start []int) ([]bool, Stats, error) {
	chosen := make([]bool, len(cands))
	if len(cands) == 0 {
		return chosen, Stats{}, nil
	}
	s, scaled, err := p.network(cands, start)
	if err != nil {
		return nil, Stats{}, err
	}
	pivots, err := s.run(ctx)
	if err != nil {
		return nil, Stats{}, err
	}
	for i := range cands {
		chosen[i] = s.flow[i] > 0
	}

	// Drop groups beyond the minimum whose fit is not positive: they do not
	// lower the cost, so the plan stays optimal without them.
	for c := range p.comms {
		got := 0
		for i := start[c]; i < start[c+1]; i++ {
			if chosen[i] {
				got++
			}
		}
		for i := start[c+1] - 1; i >= start[c] && got > p.minG[c]; i-- {
			if chosen[i] && scaled[i] <= 0 {
				chosen[i] = false
				got--
			}
		}
	}
	return chosen, Stats{Nodes: len(s.parent), Arcs: len(s.src), Iterations: pivots}, nil
}

// network builds the flow network of the candidate pairs, pair arcs first
// in the order of cands, with a strongly feasible initial tree, and returns
// it with the fits in integer units.
func (p *problem) network(cands []cand, start []int) (*simplex, []int64, error) {
	deg := make([]int, len(p.groups))
	for _, cd := range cands {
		deg[cd.g]++
	}
	// Node 0 is the sink and the root of the tree, 1 the source.
	const sink, source = 0, 1
	gnode := make([]int32, len(p.groups))
	nodes := int32(2)
	for g := range p.groups {
		gnode[g] = -1
		if deg[g] > 0 {
			gnode[g] = nodes
			nodes++
		}
	}
	cnode := make([]int32, len(p.comms))
	for c := range p.comms {
		cnode[c] = -1
		if start[c+1] > start[c] {
			cnode[c] = nodes
			nodes++
		}
	}
	scaled := make([]int64, len(cands))
	var maxAbs int64
	for i, cd := range cands {
		x := cd.fit * Scale
		if !(math.Abs(x) <= 1<<53) {
			return nil, nil, p.overflow(cands, start)
		}
		scaled[i] = int64(math.Round(x))
		maxAbs = max(maxAbs, scaled[i], -scaled[i])
	}
	if maxAbs > (maxCost-1)/int64(nodes) {
		return nil, nil, p.overflow(cands, start)
	}
	bigM := int64(nodes)*maxAbs + 1

	arcs := len(cands) + len(p.groups) + 2*len(p.comms) + 1
	s := newSimplex(int(nodes), arcs)
	tree := make([]int32, nodes) // the arc joining each node to its parent
	for i := range tree {
		tree[i] = -1
	}
	order := make([]int32, 0, nodes)
	for c := range p.comms {
		for i := start[c]; i < start[c+1]; i++ {
			g := cands[i].g
			e := s.addArc(gnode[g], cnode[c], 1, -scaled[i])
			if tree[gnode[g]] < 0 {
				tree[gnode[g]] = e
			}
		}
	}
	var supply int64
	for g := range p.groups {
		if deg[g] > 0 {
			capa := int64(min(p.groups[g].Capacity, deg[g]))
			s.addArc(source, gnode[g], capa, 0)
			supply += capa
		}
	}
	for c := range p.comms {
		if cnode[c] < 0 {
			continue
		}
		d := start[c+1] - start[c]
		lo, hi := min(p.minG[c], d), min(p.maxG[c], d)
		first := int32(-1)
		if lo > 0 {
			first = s.addArc(cnode[c], sink, int64(lo), -bigM)
		}
		if hi > lo {
			e := s.addArc(cnode[c], sink, int64(hi-lo), 0)
			if first < 0 {
				first = e
			}
		}
		tree[cnode[c]] = first
	}
	bypass := s.addArc(source, sink, supply+1, 0)

	// The initial tree: the source hangs from the sink by the bypass, which
	// carries the whole supply; each community by one of its sink arcs; each
	// group from a community by a pair arc. Every tree arc can carry more
	// flow towards the sink, so the tree is strongly feasible.
	flow := make([]int64, len(s.src))
	flow[bypass] = supply
	tree[source] = bypass
	order = append(order, source)
	for c := range p.comms {
		if cnode[c] >= 0 {
			order = append(order, cnode[c])
		}
	}
	for g := range p.groups {
		if deg[g] > 0 {
			order = append(order, gnode[g])
		}
	}
	s.start(flow, tree, order)
	return s, scaled, nil
}

// overflow returns the error for fits too large for the integer costs,
// naming the weight of the largest term.
func (p *problem) overflow(cands []cand, start []int) error {
	var needMax, distMax float64
	needComm := 0
	for c := range p.comms {
		for i := start[c]; i < start[c+1]; i++ {
			if cov := p.coverage(c, int(cands[i].g)); !(cov <= needMax) {
				needMax, needComm = cov, c
			}
			if km := cands[i].km; km > distMax {
				distMax = km
			}
		}
	}
	needTerm := p.params.NeedWeight * needMax
	distTerm := p.params.DistanceWeight * distMax
	en, zh := "weights too large: the fit of a pair reaches %g, beyond what the solver can weigh exactly",
		"权重过大：某一结对的匹配度达到 %g，超出求解器可精确计算的范围"
	switch {
	case !(needTerm <= distTerm) && !(needTerm <= p.params.ContinuityBonus):
		if p.params.NeedWeight > 1 {
			return badInput("params.needWeight", en, zh, needTerm)
		}
		return badInput(fmt.Sprintf("communities[%d].needs", p.commPos[needComm]), en, zh, needTerm)
	case !(distTerm <= p.params.ContinuityBonus):
		return badInput("params.distanceWeight", en, zh, distTerm)
	default:
		return badInput("params.continuityBonus", en, zh, p.params.ContinuityBonus)
	}
}

// plan turns the chosen candidates into a Plan.
func (p *problem) plan(cands []cand, start []int, chosen []bool) Plan {
	plan := Plan{Assignments: []Assignment{}, Uncovered: []Uncovered{}}
	used := make([]int, len(p.groups))
	for i, ok := range chosen {
		if ok {
			used[cands[i].g]++
		}
	}
	capable := 0
	for _, g := range p.groups {
		if g.Capacity > 0 {
			capable++
		}
	}
	for c, comm := range p.comms {
		got := 0
		for i := start[c]; i < start[c+1]; i++ {
			if !chosen[i] {
				continue
			}
			got++
			a := p.assignment(c, cands[i])
			a.Reasons = append(a.Reasons, p.alternative(cands[start[c]:start[c+1]], chosen[start[c]:start[c+1]], cands[i], used))
			plan.Objective += a.Score
			plan.Assignments = append(plan.Assignments, a)
		}
		if got > 0 {
			plan.Covered++
		}
		if got < p.minG[c] {
			plan.Uncovered = append(plan.Uncovered, Uncovered{
				CommunityID: comm.ID,
				Got:         got,
				Wanted:      p.minG[c],
				Reason:      p.uncoveredReason(got, start[c+1]-start[c], p.minG[c], capable),
			})
		}
	}
	return plan
}

func (p *problem) assignment(c int, cd cand) Assignment {
	a := Assignment{
		CommunityID:  p.comms[c].ID,
		GroupID:      p.groups[cd.g].ID,
		Score:        cd.fit,
		DistanceKm:   cd.km,
		NeedsCovered: []string{},
		Continuing:   p.isExisting(c, cd.g),
	}
	sk := p.skills[cd.g]
	var en, zh []string
	cov := 0.0
	notes := p.comms[c].NeedNotes
	for _, n := range p.needs[c] {
		if sk[n.cat/64]&(1<<(n.cat%64)) != 0 {
			a.NeedsCovered = append(a.NeedsCovered, n.name)
			note := notes[n.name]
			if note.En == "" {
				note = fault.T("weight", "权重")
			}
			en = append(en, fmt.Sprintf("%s (%s %.2f)", n.name, note.En, n.w))
			zh = append(zh, fmt.Sprintf("%s（%s %.2f）", p.label(n.name), note.Zh, n.w))
			cov += n.w
		}
	}
	w := p.params
	if len(en) > 0 {
		a.Reasons = append(a.Reasons, fault.Text{
			En: fmt.Sprintf("brings what the community needs: %s: %+.3f (the needs' weights add up to %.2f, × need factor %g)",
				strings.Join(en, ", "), w.NeedWeight*cov, cov, w.NeedWeight),
			Zh: fmt.Sprintf("带来社区所需的服务：%s：%+.3f（所覆盖需求的权重合计 %.2f，× 需求系数 %g）",
				strings.Join(zh, "、"), w.NeedWeight*cov, cov, w.NeedWeight),
		})
	} else {
		a.Reasons = append(a.Reasons, fault.T(
			"its skills meet none of the community's needs: +0",
			"其专长不对应社区的任何需求：+0"))
	}
	a.Reasons = append(a.Reasons, placeReasons(a, w)...)
	return a
}

// placeReasons explains the terms of a's score that do not rest on the
// community's needs: distance and continuity.
func placeReasons(a Assignment, w Params) []fault.Text {
	var out []fault.Text
	if a.DistanceKm >= 0 {
		out = append(out, fault.T(
			"the campus is %.1f km away: %+.3f (%g per km)",
			"校区距社区 %.1f 公里：%+.3f（每公里 %g）",
			a.DistanceKm, -w.DistanceWeight*a.DistanceKm, w.DistanceWeight))
	} else {
		t := fault.T(
			"distance unknown (community or campus location missing): no distance penalty",
			"距离未知（社区或校区位置缺失）：不计距离扣分")
		if w.MaxDistanceKm > 0 {
			t.En += fmt.Sprintf(", and not held to the %g km limit", w.MaxDistanceKm)
			t.Zh += fmt.Sprintf("，也不受 %g 公里上限约束", w.MaxDistanceKm)
		}
		out = append(out, t)
	}
	if a.Continuing {
		out = append(out, fault.T(
			"keeps an active pairing going, so the work already begun goes on: %+.3f",
			"双方已有有效结对，保留可延续已开展的工作：%+.3f", w.ContinuityBonus))
	}
	return out
}

// ReasonsWithoutNeeds returns the reasons of a, solved with params p, for
// someone who may not read the community's needs: one line saying that the
// fit to the needs is not shown, then distance and continuity as in
// a.Reasons. No category, weight or coverage figure appears. A zero p
// stands for DefaultParams(), as in Solve.
func ReasonsWithoutNeeds(a Assignment, p Params) []fault.Text {
	if p == (Params{}) {
		p = DefaultParams()
	}
	out := []fault.Text{fault.T(
		"fit to the community's needs: shown only to those who may read its needs",
		"与社区需求的匹配：仅向有权查看该社区需求者显示")}
	return append(out, placeReasons(a, p)...)
}

// uncoveredReason explains why a community got only got of wanted groups,
// having cands candidate groups; capable groups have any capacity.
func (p *problem) uncoveredReason(got, cands, wanted, capable int) fault.Text {
	w := p.params
	switch {
	case len(p.groups) == 0:
		return fault.T("there are no groups", "没有任何团体")
	case capable == 0:
		return fault.T("no group has any capacity", "所有团体的服务容量均为 0")
	case cands == 0 && w.MaxDistanceKm > 0:
		return fault.T("no group with capacity within %g km", "%g 公里内没有可服务的团体", w.MaxDistanceKm)
	case cands == 0:
		return fault.T("no candidate group", "没有候选团体")
	}
	only := fault.T("only %d groups with capacity are candidates", "仅有 %d 个有容量的候选团体", cands)
	if cands == 1 {
		only.En = "only 1 group with capacity is a candidate"
	}
	var limits, limitsZh []string
	if w.MaxDistanceKm > 0 {
		limits = append(limits, fmt.Sprintf("within %g km", w.MaxDistanceKm))
		limitsZh = append(limitsZh, fmt.Sprintf("%g 公里内", w.MaxDistanceKm))
	}
	if w.Candidates > 0 {
		limits = append(limits, fmt.Sprintf("among the %d nearest", w.Candidates))
		limitsZh = append(limitsZh, fmt.Sprintf("最近的 %d 个", w.Candidates))
	}
	if len(limits) > 0 {
		only.En += " (" + strings.Join(limits, ", ") + ")"
		only.Zh += "（" + strings.Join(limitsZh, "、") + "）"
	}
	fewer := fault.T(", fewer than the %d wanted", "，少于所需的 %d 个", wanted)
	used := fault.T("the capacity of its other candidate groups is used by other communities",
		"其余候选团体的容量已被其他社区占用")
	if got == 0 {
		used = fault.T("the capacity of its candidate groups is used by other communities",
			"候选团体的容量已被其他社区占用")
	}
	switch {
	case got == cands:
		return fault.Text{En: only.En + fewer.En, Zh: only.Zh + fewer.Zh}
	case cands < wanted:
		return fault.Text{En: only.En + fewer.En + ", and " + used.En, Zh: only.Zh + fewer.Zh + "；" + used.Zh}
	default:
		return used
	}
}

// label is the Chinese name of need category cat, or cat.
func (p *problem) label(cat string) string {
	if l, ok := p.labels[cat]; ok && l != "" {
		return l
	}
	return cat
}

// alternative says why the plan gave the community this group rather than
// the best candidate it did not get: that one scored lower, or its places
// went to other communities (its capacity ran out), or there was none.
// mine and chosen are the community's candidates and which were chosen.
func (p *problem) alternative(mine []cand, chosen []bool, this cand, used []int) fault.Text {
	best := -1
	for i, cd := range mine {
		if chosen[i] {
			continue
		}
		if best < 0 || cd.fit > mine[best].fit {
			best = i
		}
	}
	if best < 0 {
		return fault.T("no other group was a candidate (within the distance limit, with places free)",
			"没有其他候选团支部/社团（在距离上限内且有服务名额）")
	}
	alt := mine[best]
	name := p.groups[alt.g].Name
	if name == "" {
		name = p.groups[alt.g].ID
	}
	if cap := p.groups[alt.g].Capacity; used[alt.g] >= cap {
		if cap == 1 {
			return fault.T("the next best, %s (score %.3f), had its one place taken by another community",
				"次优的%s（得分 %.3f）唯一的服务名额已用于其他社区", name, alt.fit)
		}
		return fault.T("the next best, %s (score %.3f), had all %d of its places taken by other communities",
			"次优的%s（得分 %.3f）的 %d 个服务名额已全部用于其他社区", name, alt.fit, cap)
	}
	return fault.T("the next best, %s, scores %.3f against this group's %.3f",
		"次优的%s得分 %.3f，低于本组的 %.3f", name, alt.fit, this.fit)
}
