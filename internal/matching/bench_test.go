package matching

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"
)

var needCategories = []string{
	"ELDERLY", "CHILDREN", "DISABLED", "MIGRANT", "HEALTH",
	"EDUCATION", "CULTURE", "ENVIRONMENT", "LEGAL", "EMPLOYMENT",
}

// city is a centre of population: communities and campuses scatter around
// it with standard deviation spread degrees.
type city struct {
	at     Point
	weight float64 // share of communities
	campus float64 // share of campuses
	spread float64
}

func pick(rng *rand.Rand, weights []float64) int {
	total := 0.0
	for _, w := range weights {
		total += w
	}
	x := rng.Float64() * total
	for i, w := range weights {
		if x -= w; x < 0 {
			return i
		}
	}
	return len(weights) - 1
}

func scatter(rng *rand.Rand, c city) *Point {
	return &Point{Lat: c.at.Lat + rng.NormFloat64()*c.spread, Lon: c.at.Lon + rng.NormFloat64()*c.spread*1.25}
}

// synthetic returns a deterministic instance of nC communities and nG groups
// (about 10 per campus) around cities.
func synthetic(rng *rand.Rand, nC, nG int, cities []city) Instance {
	var cw, gw []float64
	for _, c := range cities {
		cw = append(cw, c.weight)
		gw = append(gw, c.campus)
	}
	var in Instance
	nCampus := max(1, nG/10)
	campuses := make([]*Point, nCampus)
	for i := range campuses {
		campuses[i] = scatter(rng, cities[pick(rng, gw)])
	}
	for i := range nG {
		g := Group{
			ID:       fmt.Sprintf("G%05d", i),
			Name:     fmt.Sprintf("团支部 %d", i),
			Location: campuses[rng.IntN(nCampus)],
			Capacity: 1 + rng.IntN(3),
		}
		for _, k := range rng.Perm(len(needCategories))[:2+rng.IntN(3)] {
			g.Skills = append(g.Skills, needCategories[k])
		}
		in.Groups = append(in.Groups, g)
	}
	for i := range nC {
		c := Community{
			ID:       fmt.Sprintf("C%05d", i),
			Name:     fmt.Sprintf("社区 %d", i),
			Location: scatter(rng, cities[pick(rng, cw)]),
			Needs:    map[string]float64{},
		}
		for _, k := range rng.Perm(len(needCategories))[:2+rng.IntN(3)] {
			c.Needs[needCategories[k]] = float64(1+rng.IntN(5)) / 10
		}
		switch rng.IntN(10) {
		case 0:
			c.MinGroups, c.MaxGroups = 2, 3
		case 1:
			c.MinGroups, c.MaxGroups = 0, 2
		case 2:
			c.MinGroups, c.MaxGroups = 1, 2
		}
		if rng.IntN(5) == 0 {
			c.Existing = []string{in.Groups[rng.IntN(nG)].ID}
		}
		in.Communities = append(in.Communities, c)
	}
	in.Params = DefaultParams()
	return in
}

// district is shaped like the demo district: 66 communities within about
// 10 km of each other, 45 groups from 10 campuses.
func district() Instance {
	rng := rand.New(rand.NewPCG(38, 106))
	return synthetic(rng, 66, 45, []city{
		{at: Point{38.49, 106.13}, weight: 1, campus: 1, spread: 0.03},
	})
}

// province has 5,000 communities and 3,000 groups in and around 20 cities,
// half of the campuses in the capital; 30 candidates per community.
func province() Instance {
	rng := rand.New(rand.NewPCG(5000, 3000))
	cities := []city{{at: Point{38.49, 106.23}, weight: 8, campus: 15, spread: 0.08}}
	for range 19 {
		cities = append(cities, city{
			at:     Point{35.2 + rng.Float64()*4.2, 104.2 + rng.Float64()*3.5},
			weight: 0.5 + rng.Float64()*2,
			campus: rng.Float64(),
			spread: 0.03 + rng.Float64()*0.05,
		})
	}
	in := synthetic(rng, 5000, 3000, cities)
	in.Params.Candidates = 30
	return in
}

func BenchmarkSolveDistrict(b *testing.B) {
	in := district()
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Solve(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSolveProvince(b *testing.B) {
	in := province()
	ctx := context.Background()
	peak, plan := peakHeap(b, in)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := Solve(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
	b.ReportMetric(float64(plan.Stats.Iterations), "pivots")
	b.ReportMetric(float64(plan.Stats.Arcs), "arcs")
	b.ReportMetric(float64(plan.Covered), "covered")
}

// peakHeap solves in once, sampling the live heap, and returns the largest
// HeapAlloc seen above the heap before the solve.
func peakHeap(tb testing.TB, in Instance) (uint64, Plan) {
	tb.Helper()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	done := make(chan struct{})
	sampled := make(chan uint64)
	go func() {
		var ms runtime.MemStats
		peak := base
		for {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc)
			select {
			case <-done:
				sampled <- peak
				return
			case <-time.After(200 * time.Microsecond):
			}
		}
	}()
	plan, err := Solve(context.Background(), in)
	close(done)
	peak := <-sampled
	if err != nil {
		tb.Fatal(err)
	}
	return peak - base, plan
}
