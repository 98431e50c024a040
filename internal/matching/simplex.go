package matching

import (
	"context"
	"fmt"
	"math"
)

// Arc states of the network simplex: a non-tree arc is at its lower bound
// (flow 0) or its upper bound (flow = capacity). The values make
// state·reducedCost negative exactly when the arc may enter the basis.
const (
	stateUpper int8 = -1
	stateTree  int8 = 0
	stateLower int8 = 1
)

// simplex is a min-cost flow network solved by the primal network simplex
// method with a strongly feasible spanning tree (Cunningham's rule, which
// prevents cycling) and block search pivoting, after LEMON's NetworkSimplex.
//
// Potentials follow LEMON's sign: the reduced cost of arc e is
// cost[e] + pi[src[e]] - pi[dst[e]], zero on tree arcs.
type simplex struct {
	src, dst   []int32
	cost       []int64
	capa, flow []int64
	state      []int8

	// The spanning tree, rooted at node 0: parent, the arc to it (pred),
	// whether that arc points to the parent (up), depth, and child lists.
	parent, pred                 []int32
	up                           []bool
	depth                        []int32
	firstChild, nextSib, prevSib []int32
	pi                           []int64
}

func newSimplex(nodes, arcs int) *simplex {
	s := &simplex{
		src:        make([]int32, 0, arcs),
		dst:        make([]int32, 0, arcs),
		cost:       make([]int64, 0, arcs),
		capa:       make([]int64, 0, arcs),
		parent:     make([]int32, nodes),
		pred:       make([]int32, nodes),
		up:         make([]bool, nodes),
		depth:      make([]int32, nodes),
		firstChild: make([]int32, nodes),
		nextSib:    make([]int32, nodes),
		prevSib:    make([]int32, nodes),
		pi:         make([]int64, nodes),
	}
	for i := range nodes {
		s.parent[i], s.pred[i], s.firstChild[i], s.nextSib[i], s.prevSib[i] = -1, -1, -1, -1, -1
	}
	return s
}

// addArc adds arc u→v and returns its index.
func (s *simplex) addArc(u, v int32, capa, cost int64) int32 {
	s.src = append(s.src, u)
	s.dst = append(s.dst, v)
	s.capa = append(s.capa, capa)
	s.cost = append(s.cost, cost)
	return int32(len(s.src) - 1)
}

// start sets the initial flows and fixes the arcs of the initial tree: tree[u]
// is the arc joining node u != 0 to its parent, which must be the other end
// of the arc, and nodes must be listed parents first. The tree must be
// strongly feasible: every node can send positive flow to the root along it.
func (s *simplex) start(flow []int64, tree []int32, order []int32) {
	s.flow = flow
	s.state = make([]int8, len(s.src))
	for e := range s.state {
		s.state[e] = stateLower
	}
	for _, u := range order {
		e := tree[u]
		s.state[e] = stateTree
		s.pred[u] = e
		if s.src[e] == u {
			s.up[u] = true
			s.parent[u] = s.dst[e]
			s.pi[u] = s.pi[s.parent[u]] - s.cost[e]
		} else {
			s.parent[u] = s.src[e]
			s.pi[u] = s.pi[s.parent[u]] + s.cost[e]
		}
		s.depth[u] = s.depth[s.parent[u]] + 1
		s.link(u, s.parent[u])
	}
}

func (s *simplex) link(u, p int32) {
	f := s.firstChild[p]
	s.nextSib[u], s.prevSib[u] = f, -1
	if f >= 0 {
		s.prevSib[f] = u
	}
	s.firstChild[p] = u
}

func (s *simplex) unlink(u int32) {
	n, pr := s.nextSib[u], s.prevSib[u]
	if pr >= 0 {
		s.nextSib[pr] = n
	} else {
		s.firstChild[s.parent[u]] = n
	}
	if n >= 0 {
		s.prevSib[n] = pr
	}
}

// run pivots until no arc has a negative reduced cost, and returns the
// number of pivots.
func (s *simplex) run(ctx context.Context) (int, error) {
	m := len(s.src)
	if m == 0 {
		return 0, nil
	}
	block := max(int(math.Sqrt(float64(m))/8), 16)
	next, pivots := 0, 0
	for {
		if pivots&1023 == 0 {
			if err := ctx.Err(); err != nil {
				return pivots, fmt.Errorf("network simplex: %w", err)
			}
		}
		// Block search: scan blocks of arcs from where the last search
		// stopped; take the most negative arc of the first block that has
		// one.
		in, best := int32(-1), int64(0)
		e, left := next, block
		for range m {
			if c := int64(s.state[e]) * (s.cost[e] + s.pi[s.src[e]] - s.pi[s.dst[e]]); c < best {
				best, in = c, int32(e)
			}
			if e++; e == m {
				e = 0
			}
			if left--; left == 0 {
				if in >= 0 {
					break
				}
				left = block
			}
		}
		if in < 0 {
			return pivots, nil
		}
		next = e
		pivots++
		s.pivot(in)
	}
}

// pivot brings arc in into the tree, sends flow around the cycle it closes
// and takes out the blocking arc that keeps the tree strongly feasible.
func (s *simplex) pivot(in int32) {
	parent, pred, up, depth := s.parent, s.pred, s.up, s.depth
	// Flow goes around the cycle first → second along in, up to the join
	// node, and down again to first.
	first, second := s.src[in], s.dst[in]
	if s.state[in] == stateUpper {
		first, second = second, first
	}
	u, v := first, second
	for u != v {
		switch {
		case depth[u] > depth[v]:
			u = parent[u]
		case depth[v] > depth[u]:
			v = parent[v]
		default:
			u, v = parent[u], parent[v]
		}
	}
	join := u

	// The leaving arc: the last blocking arc met going around the cycle
	// from the join node.
	delta := s.capa[in]
	uOut, result := int32(-1), 0
	for u := first; u != join; u = parent[u] {
		e := pred[u]
		d := s.flow[e]
		if !up[u] {
			d = s.capa[e] - d
		}
		if d < delta {
			delta, uOut, result = d, u, 1
		}
	}
	for u := second; u != join; u = parent[u] {
		e := pred[u]
		d := s.flow[e]
		if up[u] {
			d = s.capa[e] - d
		}
		if d <= delta {
			delta, uOut, result = d, u, 2
		}
	}

	if delta > 0 {
		val := int64(s.state[in]) * delta
		s.flow[in] += val
		for u := s.src[in]; u != join; u = parent[u] {
			if up[u] {
				s.flow[pred[u]] -= val
			} else {
				s.flow[pred[u]] += val
			}
		}
		for u := s.dst[in]; u != join; u = parent[u] {
			if up[u] {
				s.flow[pred[u]] += val
			} else {
				s.flow[pred[u]] -= val
			}
		}
	}
	if result == 0 {
		s.state[in] = -s.state[in]
		return
	}
	out := pred[uOut]
	s.state[in] = stateTree
	if s.flow[out] == 0 {
		s.state[out] = stateLower
	} else {
		s.state[out] = stateUpper
	}
	uIn, vIn := first, second
	if result == 2 {
		uIn, vIn = second, first
	}
	s.reroot(in, uIn, vIn, uOut)
}

// reroot replaces the tree arc above uOut by arc in, which joins uIn (in the
// subtree of uOut) to vIn (outside it): the path from uIn up to uOut is
// reversed so that the subtree hangs from vIn by uIn, and its potentials and
// depths are updated.
func (s *simplex) reroot(in, uIn, vIn, uOut int32) {
	s.unlink(uOut)
	cur, np, npred, nup := uIn, vIn, in, s.src[in] == uIn
	for {
		next, nextPred, nextUp := s.parent[cur], s.pred[cur], !s.up[cur]
		if cur != uOut {
			s.unlink(cur)
		}
		s.parent[cur], s.pred[cur], s.up[cur] = np, npred, nup
		s.link(cur, np)
		if cur == uOut {
			break
		}
		np, npred, nup, cur = cur, nextPred, nextUp, next
	}

	var sigma int64
	if s.up[uIn] {
		sigma = s.pi[vIn] - s.cost[in] - s.pi[uIn]
	} else {
		sigma = s.pi[vIn] + s.cost[in] - s.pi[uIn]
	}
	// Walk the subtree of uIn in preorder.
	u := uIn
	for {
		s.pi[u] += sigma
		s.depth[u] = s.depth[s.parent[u]] + 1
		if c := s.firstChild[u]; c >= 0 {
			u = c
			continue
		}
		for u != uIn && s.nextSib[u] < 0 {
			u = s.parent[u]
		}
		if u == uIn {
			return
		}
		u = s.nextSib[u]
	}
}
