package matching

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
)

// checkOptimal checks the reduced-cost optimality conditions of a solved
// network, which prove its flow a min-cost flow by LP duality whatever the
// pivots were: the flow is feasible and conserved, tree arcs have reduced
// cost 0, arcs at their lower bound >= 0 and at their upper bound <= 0.
func checkOptimal(tb testing.TB, s *simplex) {
	tb.Helper()
	n, m := len(s.parent), len(s.src)
	supply := s.capa[m-1] - 1 // the bypass, last arc, has capacity supply+1
	net := make([]int64, n)
	tree := 0
	for e := range m {
		f, u, v := s.flow[e], s.src[e], s.dst[e]
		if f < 0 || f > s.capa[e] {
			tb.Fatalf("arc %d: flow %d outside [0, %d]", e, f, s.capa[e])
		}
		net[u] += f
		net[v] -= f
		rc := s.cost[e] + s.pi[u] - s.pi[v]
		switch s.state[e] {
		case stateTree:
			tree++
			if rc != 0 {
				tb.Fatalf("tree arc %d: reduced cost %d, want 0", e, rc)
			}
		case stateLower:
			if f != 0 || rc < 0 {
				tb.Fatalf("arc %d at lower bound: flow %d, reduced cost %d", e, f, rc)
			}
		case stateUpper:
			if f != s.capa[e] || rc > 0 {
				tb.Fatalf("arc %d at upper bound: flow %d of %d, reduced cost %d", e, f, s.capa[e], rc)
			}
		}
	}
	if tree != n-1 {
		tb.Fatalf("got %d tree arcs, want %d", tree, n-1)
	}
	for u := range n {
		want := int64(0)
		switch u {
		case 0:
			want = -supply
		case 1:
			want = supply
		}
		if net[u] != want {
			tb.Fatalf("node %d: net outflow %d, want %d", u, net[u], want)
		}
		if u == 0 {
			continue
		}
		e, p := s.pred[u], s.parent[u]
		if s.state[e] != stateTree || s.up[u] != (s.src[e] == int32(u)) ||
			s.up[u] && s.dst[e] != p || !s.up[u] && s.src[e] != p || s.depth[u] != s.depth[p]+1 {
			tb.Fatalf("node %d: inconsistent tree (parent %d, arc %d)", u, p, e)
		}
	}
}

func TestSimplexOptimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	type named struct {
		name string
		in   Instance
	}
	instances := []named{{"district", district()}, {"province", province()}}
	for i := range 30 {
		instances = append(instances, named{fmt.Sprintf("small %d", i), randomSmall(rng)})
	}
	for _, tt := range instances {
		t.Run(tt.name, func(t *testing.T) {
			p, err := prepare(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			cands, start, err := p.candidates(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if len(cands) == 0 {
				t.Skip("no candidates")
			}
			s, _, err := p.network(cands, start)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.run(context.Background()); err != nil {
				t.Fatal(err)
			}
			checkOptimal(t, s)
		})
	}
}
