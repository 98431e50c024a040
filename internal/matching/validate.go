package matching

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/wushehub/wushe/internal/fault"
)

// need is one need of a community, its category interned.
type need struct {
	cat  int
	name string
	w    float64
}

// problem is a validated instance with defaults applied, communities and
// groups sorted by ID so that the plan does not depend on input order.
type problem struct {
	labels map[string]string // need category → Chinese name
	params Params
	comms  []Community
	groups []Group
	// commPos and groupPos are the input positions, for error fields.
	commPos, groupPos []int
	minG, maxG        []int
	needs             [][]need   // per community, sorted by category
	skills            [][]uint64 // per group, a bit set of categories
	existing          [][]int32  // per community, sorted group indices
	cvec, gvec        []vec3     // unit vectors of known locations
	ccos, gcos        []float64  // cosines of their latitudes
	cknown, gknown    []bool
}

// vec3 is a point on the unit sphere.
type vec3 struct{ x, y, z float64 }

// at returns coordinate a: 0 for x, 1 for y, 2 for z.
func (v vec3) at(a int) float64 {
	switch a {
	case 0:
		return v.x
	case 1:
		return v.y
	}
	return v.z
}

func toVec(p Point) vec3 {
	lat, lon := p.Lat*degree, p.Lon*degree
	return vec3{math.Cos(lat) * math.Cos(lon), math.Cos(lat) * math.Sin(lon), math.Sin(lat)}
}

// distance returns the Haversine distance between located community c and
// located group g.
func (p *problem) distance(c int, g int32) float64 {
	return haversine(*p.comms[c].Location, *p.groups[g].Location, p.ccos[c], p.gcos[g])
}

func badInput(field, en, zh string, args ...any) error {
	return fault.BadInput(field, fault.T(en, zh, args...))
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

func checkWeight(field string, x float64) error {
	if !finite(x) {
		return badInput(field, "must be a finite number", "必须是有限数值")
	}
	if x < 0 {
		return badInput(field, "must not be negative, got %g", "不能为负数，当前为 %g", x)
	}
	return nil
}

func checkPoint(field string, p *Point) error {
	if p == nil {
		return nil
	}
	if !finite(p.Lat) || p.Lat < -90 || p.Lat > 90 {
		return badInput(field+".lat", "latitude must be within [-90, 90], got %g", "纬度必须在 [-90, 90] 之间，当前为 %g", p.Lat)
	}
	if !finite(p.Lon) || p.Lon < -180 || p.Lon > 180 {
		return badInput(field+".lon", "longitude must be within [-180, 180], got %g", "经度必须在 [-180, 180] 之间，当前为 %g", p.Lon)
	}
	return nil
}

func checkParams(p Params) error {
	if err := checkWeight("params.needWeight", p.NeedWeight); err != nil {
		return err
	}
	if err := checkWeight("params.distanceWeight", p.DistanceWeight); err != nil {
		return err
	}
	if err := checkWeight("params.continuityBonus", p.ContinuityBonus); err != nil {
		return err
	}
	if err := checkWeight("params.maxDistanceKm", p.MaxDistanceKm); err != nil {
		return err
	}
	if p.Candidates < 0 {
		return badInput("params.candidates", "must not be negative, got %d", "不能为负数，当前为 %d", p.Candidates)
	}
	return nil
}

// prepare validates in and returns it as a problem. Every error is a
// fault.BadInput naming the offending field.
func prepare(in Instance) (*problem, error) {
	p := &problem{params: in.Params, labels: in.Labels}
	if p.params == (Params{}) {
		p.params = DefaultParams()
	}
	if err := checkParams(p.params); err != nil {
		return nil, err
	}

	cats := map[string]int{}
	intern := func(s string) int {
		c, ok := cats[s]
		if !ok {
			c = len(cats)
			cats[s] = c
		}
		return c
	}

	groupIdx := make(map[string]int, len(in.Groups))
	for i, g := range in.Groups {
		f := fmt.Sprintf("groups[%d]", i)
		if strings.TrimSpace(g.ID) == "" {
			return nil, badInput(f+".id", "must not be empty", "不能为空")
		}
		if j, dup := groupIdx[g.ID]; dup {
			return nil, badInput(f+".id", "duplicate id %q, also groups[%d]", "ID %q 重复，与 groups[%d] 相同", g.ID, j)
		}
		groupIdx[g.ID] = i
		if err := checkPoint(f+".location", g.Location); err != nil {
			return nil, err
		}
		for k, s := range g.Skills {
			if strings.TrimSpace(s) == "" {
				return nil, badInput(fmt.Sprintf("%s.skills[%d]", f, k), "must not be empty", "不能为空")
			}
			intern(s)
		}
		if g.Capacity < 0 {
			return nil, badInput(f+".capacity", "must not be negative, got %d", "不能为负数，当前为 %d", g.Capacity)
		}
	}

	commIdx := make(map[string]int, len(in.Communities))
	for i, c := range in.Communities {
		f := fmt.Sprintf("communities[%d]", i)
		if strings.TrimSpace(c.ID) == "" {
			return nil, badInput(f+".id", "must not be empty", "不能为空")
		}
		if j, dup := commIdx[c.ID]; dup {
			return nil, badInput(f+".id", "duplicate id %q, also communities[%d]", "ID %q 重复，与 communities[%d] 相同", c.ID, j)
		}
		commIdx[c.ID] = i
		if err := checkPoint(f+".location", c.Location); err != nil {
			return nil, err
		}
		for _, k := range sortedKeys(c.Needs) {
			nf := fmt.Sprintf("%s.needs[%q]", f, k)
			if strings.TrimSpace(k) == "" {
				return nil, badInput(nf, "need category must not be empty", "需求类别不能为空")
			}
			if err := checkWeight(nf, c.Needs[k]); err != nil {
				return nil, err
			}
			intern(k)
		}
		if c.MinGroups < 0 {
			return nil, badInput(f+".minGroups", "must not be negative, got %d", "不能为负数，当前为 %d", c.MinGroups)
		}
		if c.MaxGroups < 0 {
			return nil, badInput(f+".maxGroups", "must not be negative, got %d", "不能为负数，当前为 %d", c.MaxGroups)
		}
		if c.MinGroups > c.MaxGroups {
			return nil, badInput(f+".maxGroups", "must not be less than minGroups (%d), got %d", "不能小于 minGroups（%d），当前为 %d", c.MinGroups, c.MaxGroups)
		}
		seen := make(map[string]bool, len(c.Existing))
		for k, id := range c.Existing {
			ef := fmt.Sprintf("%s.existing[%d]", f, k)
			if _, ok := groupIdx[id]; !ok {
				return nil, badInput(ef, "unknown group id %q", "未知的团体 ID %q", id)
			}
			if seen[id] {
				return nil, badInput(ef, "duplicate group id %q", "团体 ID %q 重复", id)
			}
			seen[id] = true
		}
	}

	// Sort by ID: the plan must not depend on input order.
	p.groupPos = make([]int, len(in.Groups))
	for i := range p.groupPos {
		p.groupPos[i] = i
	}
	slices.SortFunc(p.groupPos, func(a, b int) int { return strings.Compare(in.Groups[a].ID, in.Groups[b].ID) })
	p.commPos = make([]int, len(in.Communities))
	for i := range p.commPos {
		p.commPos[i] = i
	}
	slices.SortFunc(p.commPos, func(a, b int) int { return strings.Compare(in.Communities[a].ID, in.Communities[b].ID) })

	words := (len(cats) + 63) / 64
	nG := len(in.Groups)
	p.groups = make([]Group, nG)
	p.skills = make([][]uint64, nG)
	p.gvec = make([]vec3, nG)
	p.gknown = make([]bool, nG)
	p.gcos = make([]float64, nG)
	bits := make([]uint64, nG*words)
	sorted := make(map[string]int32, nG)
	for i, pos := range p.groupPos {
		g := in.Groups[pos]
		p.groups[i] = g
		sorted[g.ID] = int32(i)
		p.skills[i] = bits[i*words : (i+1)*words : (i+1)*words]
		for _, s := range g.Skills {
			c := cats[s]
			p.skills[i][c/64] |= 1 << (c % 64)
		}
		if g.Location != nil {
			p.gvec[i], p.gknown[i] = toVec(*g.Location), true
			p.gcos[i] = math.Cos(g.Location.Lat * degree)
		}
	}

	nC := len(in.Communities)
	p.comms = make([]Community, nC)
	p.minG = make([]int, nC)
	p.maxG = make([]int, nC)
	p.needs = make([][]need, nC)
	p.existing = make([][]int32, nC)
	p.cvec = make([]vec3, nC)
	p.cknown = make([]bool, nC)
	p.ccos = make([]float64, nC)
	for i, pos := range p.commPos {
		c := in.Communities[pos]
		p.comms[i] = c
		p.minG[i], p.maxG[i] = c.MinGroups, c.MaxGroups
		if c.MinGroups == 0 && c.MaxGroups == 0 {
			p.minG[i], p.maxG[i] = 1, 3
		}
		for _, k := range sortedKeys(c.Needs) {
			p.needs[i] = append(p.needs[i], need{cat: cats[k], name: k, w: c.Needs[k]})
		}
		for _, id := range c.Existing {
			p.existing[i] = append(p.existing[i], sorted[id])
		}
		slices.Sort(p.existing[i])
		if c.Location != nil {
			p.cvec[i], p.cknown[i] = toVec(*c.Location), true
			p.ccos[i] = math.Cos(c.Location.Lat * degree)
		}
	}
	return p, nil
}

func sortedKeys(m map[string]float64) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// coverage returns the sum of community c's need weights that group g's
// skills cover, summed in category order.
func (p *problem) coverage(c, g int) float64 {
	sum := 0.0
	sk := p.skills[g]
	for _, n := range p.needs[c] {
		if sk[n.cat/64]&(1<<(n.cat%64)) != 0 {
			sum += n.w
		}
	}
	return sum
}

// isExisting reports whether g is one of community c's existing pairings.
func (p *problem) isExisting(c int, g int32) bool {
	_, ok := slices.BinarySearch(p.existing[c], g)
	return ok
}

// fit returns the fit of community c and group g at km (UnknownDistance when
// unknown).
func (p *problem) fit(c, g int, km float64) float64 {
	f := p.params.NeedWeight * p.coverage(c, g)
	if km >= 0 {
		f -= p.params.DistanceWeight * km
	}
	if p.isExisting(c, int32(g)) {
		f += p.params.ContinuityBonus
	}
	return f
}
