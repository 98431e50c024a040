package matching

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
)

// maxPairs bounds the number of candidate pairs, and so the memory Solve
// uses (about 100 bytes a pair).
const maxPairs = 1 << 24

// cand is a candidate pair of a community with a group.
type cand struct {
	g   int32   // group index
	km  float64 // UnknownDistance when unknown
	fit float64
}

// zEntry is a located group, ordered by one coordinate (the sweep axis) of
// its unit vector.
type zEntry struct {
	z float64
	g int32
}

// near is a located group at squared chord distance d2 from a community.
type near struct {
	d2 float64
	g  int32
}

func (a near) less(b near) bool { return a.d2 < b.d2 || a.d2 == b.d2 && a.g < b.g }

// selector finds the candidate groups of each community. Distances are
// compared as chords between unit vectors, which order pairs exactly as great
// circles do. The difference along any axis bounds the chord from below, so a
// scan outward from the community over the groups sorted along the axis can
// stop as soon as the next group is provably too far. The axis is the one
// along which the groups spread most.
type selector struct {
	p       *problem
	axis    int      // 0, 1, 2: x, y, z
	byZ     []zEntry // groups with capacity and a location, along the axis
	unknown []int32  // groups with capacity and no location
	// maxKm > 0 limits distance; inside2 and outside2 are squared chords:
	// d2 <= inside2 is surely within maxKm, d2 > outside2 surely beyond, and
	// anything between is decided by Haversine.
	maxKm             float64
	inside2, outside2 float64

	heap  []near
	sel   []int32
	rank  []ranked
	stamp []int // stamp[g] == c+1 when g is selected for community c
}

type ranked struct {
	fit float64
	g   int32
}

func newSelector(p *problem) *selector {
	s := &selector{p: p, maxKm: p.params.MaxDistanceKm, stamp: make([]int, len(p.groups))}
	lo, hi := [3]float64{1, 1, 1}, [3]float64{-1, -1, -1}
	for g, gr := range p.groups {
		if gr.Capacity <= 0 {
			continue
		}
		if !p.gknown[g] {
			s.unknown = append(s.unknown, int32(g))
			continue
		}
		for a := range 3 {
			lo[a], hi[a] = min(lo[a], p.gvec[g].at(a)), max(hi[a], p.gvec[g].at(a))
		}
	}
	for a := 1; a < 3; a++ {
		if hi[a]-lo[a] > hi[s.axis]-lo[s.axis] {
			s.axis = a
		}
	}
	for g, gr := range p.groups {
		if gr.Capacity > 0 && p.gknown[g] {
			s.byZ = append(s.byZ, zEntry{p.gvec[g].at(s.axis), int32(g)})
		}
	}
	slices.SortFunc(s.byZ, func(a, b zEntry) int {
		if c := cmp.Compare(a.z, b.z); c != 0 {
			return c
		}
		return cmp.Compare(a.g, b.g)
	})
	s.inside2, s.outside2 = math.Inf(1), math.Inf(1)
	if s.maxKm > 0 {
		if theta := s.maxKm / EarthRadiusKm; theta < math.Pi {
			ch := 2 * math.Sin(theta/2)
			s.inside2 = ch * ch * (1 - 1e-9)
			hi := ch*(1+1e-9) + 1e-12
			s.outside2 = hi * hi
		}
	}
	return s
}

// within reports whether located community c and located group g, at squared
// chord d2, are within the distance limit.
func (s *selector) within(c int, g int32, d2 float64) bool {
	if d2 <= s.inside2 {
		return true
	}
	if d2 > s.outside2 {
		return false
	}
	return s.p.distance(c, g) <= s.maxKm
}

func dist2(a, b vec3) float64 {
	dx, dy, dz := a.x-b.x, a.y-b.y, a.z-b.z
	return dx*dx + dy*dy + dz*dz
}

// push offers n to the max-heap of the k nearest.
func (s *selector) push(n near, k int) {
	h := s.heap
	if len(h) < k {
		h = append(h, n)
		for i := len(h) - 1; i > 0; {
			parent := (i - 1) / 2
			if !h[parent].less(h[i]) {
				break
			}
			h[parent], h[i] = h[i], h[parent]
			i = parent
		}
		s.heap = h
		return
	}
	if !n.less(h[0]) {
		return
	}
	h[0] = n
	for i := 0; ; {
		l, r, big := 2*i+1, 2*i+2, i
		if l < len(h) && h[big].less(h[l]) {
			big = l
		}
		if r < len(h) && h[big].less(h[r]) {
			big = r
		}
		if big == i {
			break
		}
		h[i], h[big] = h[big], h[i]
		i = big
	}
}

// located selects, for located community c, the located groups within the
// distance limit: the k nearest (ties by index), or all when k is 0.
func (s *selector) located(c int, k int) {
	q := s.p.cvec[c]
	qz := q.at(s.axis)
	byZ := s.byZ
	hi := sort.Search(len(byZ), func(i int) bool { return byZ[i].z >= qz })
	lo := hi - 1
	s.heap = s.heap[:0]
	for lo >= 0 || hi < len(byZ) {
		var i int
		var dz float64
		switch {
		case lo < 0:
			i, dz = hi, byZ[hi].z-qz
			hi++
		case hi >= len(byZ):
			i, dz = lo, qz-byZ[lo].z
			lo--
		case qz-byZ[lo].z <= byZ[hi].z-qz:
			i, dz = lo, qz-byZ[lo].z
			lo--
		default:
			i, dz = hi, byZ[hi].z-qz
			hi++
		}
		// Every group not yet seen is at least |dz| away along the axis.
		dz2 := dz * dz
		if dz2 > s.outside2 || k > 0 && len(s.heap) == k && dz2 > s.heap[0].d2 {
			break
		}
		g := byZ[i].g
		d2 := dist2(q, s.p.gvec[g])
		if !s.within(c, g, d2) {
			continue
		}
		if k == 0 {
			s.sel = append(s.sel, g)
			continue
		}
		s.push(near{d2, g}, k)
	}
	for _, n := range s.heap {
		s.sel = append(s.sel, n.g)
	}
}

// bestUnknown selects up to k (all when k is 0) of groups, whose distance to
// community c is unknown, best fit first, ties by index.
func (s *selector) bestUnknown(c int, groups []int32, k int) {
	if k == 0 || k >= len(groups) {
		s.sel = append(s.sel, groups...)
		return
	}
	s.rank = s.rank[:0]
	for _, g := range groups {
		s.rank = append(s.rank, ranked{s.p.fit(c, int(g), UnknownDistance), g})
	}
	slices.SortFunc(s.rank, func(a, b ranked) int {
		if c := cmp.Compare(b.fit, a.fit); c != 0 {
			return c
		}
		return cmp.Compare(a.g, b.g)
	})
	for _, r := range s.rank[:k] {
		s.sel = append(s.sel, r.g)
	}
}

// candidates returns the candidate pairs of every community, those of
// community c being cands[start[c]:start[c+1]], sorted by group index.
//
// A pair is a candidate when the group has capacity, the two are within
// MaxDistanceKm (or either location is unknown), and the group is one of the
// community's Candidates nearest such groups (those at unknown distance
// ranked after every known one, best fit first) or has an existing pairing
// with it.
func (p *problem) candidates(ctx context.Context) (cands []cand, start []int, err error) {
	s := newSelector(p)
	k := p.params.Candidates
	start = make([]int, len(p.comms)+1)
	var capable []int32 // every group with capacity, by index
	for g, gr := range p.groups {
		if gr.Capacity > 0 {
			capable = append(capable, int32(g))
		}
	}
	if k > 0 {
		n := len(p.comms) * min(k, len(capable))
		for _, e := range p.existing {
			n += len(e)
		}
		cands = make([]cand, 0, min(n, maxPairs))
	}
	for c := range p.comms {
		if c%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, nil, fmt.Errorf("select candidates: %w", err)
			}
		}
		s.sel = s.sel[:0]
		if !p.cknown[c] {
			s.bestUnknown(c, capable, k)
		} else {
			s.located(c, k)
			if k == 0 {
				s.bestUnknown(c, s.unknown, 0)
			} else if n := len(s.sel); n < k {
				s.bestUnknown(c, s.unknown, k-n)
			}
		}
		for _, g := range s.sel {
			s.stamp[g] = c + 1
		}
		for _, g := range p.existing[c] {
			if s.stamp[g] == c+1 || p.groups[g].Capacity <= 0 {
				continue
			}
			if p.cknown[c] && p.gknown[g] && !s.within(c, g, dist2(p.cvec[c], p.gvec[g])) {
				continue
			}
			s.stamp[g] = c + 1
			s.sel = append(s.sel, g)
		}
		if len(cands)+len(s.sel) > maxPairs {
			return nil, nil, badInput("params.candidates",
				"more than %d candidate pairs: set candidates or maxDistanceKm to limit them",
				"候选结对超过 %d 个：请设置 candidates 或 maxDistanceKm 加以限制", maxPairs)
		}
		slices.Sort(s.sel)
		for _, g := range s.sel {
			km := float64(UnknownDistance)
			if p.cknown[c] && p.gknown[g] {
				km = p.distance(c, g)
			}
			cands = append(cands, cand{g: g, km: km, fit: p.fit(c, int(g), km)})
		}
		start[c+1] = len(cands)
	}
	return cands, start, nil
}
