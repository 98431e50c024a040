package matching

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/wushehub/wushe/internal/fault"
)

func pt(lat, lon float64) *Point { return &Point{Lat: lat, Lon: lon} }

// east returns the point km kilometres east of (38.49, 106.13).
func east(km float64) *Point {
	return pt(38.49, 106.13+km/(111.19508*math.Cos(38.49*math.Pi/180)))
}

func TestHaversine(t *testing.T) {
	tests := []struct {
		name string
		a, b Point
		want float64
	}{
		{"same point", Point{38.49, 106.13}, Point{38.49, 106.13}, 0},
		{"one degree of latitude", Point{0, 0}, Point{1, 0}, 111.19508},
		{"one degree of longitude at the equator", Point{0, 10}, Point{0, 11}, 111.19508},
		{"antipodes", Point{0, 0}, Point{0, 180}, math.Pi * EarthRadiusKm},
		{"pole to pole", Point{90, 0}, Point{-90, 0}, math.Pi * EarthRadiusKm},
		{"across the antimeridian", Point{0, 179.5}, Point{0, -179.5}, 111.19508},
		{"equator to pole", Point{0, 42}, Point{90, -3}, math.Pi / 2 * EarthRadiusKm},
		{"a quarter of the equator", Point{0, -45}, Point{0, 45}, math.Pi / 2 * EarthRadiusKm},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Haversine(tt.a, tt.b)
			if math.Abs(got-tt.want) > 1e-4 {
				t.Errorf("got %v km, want %v", got, tt.want)
			}
		})
	}
}

func TestSolveCases(t *testing.T) {
	skills := []string{"ELDERLY"}
	needs := map[string]float64{"ELDERLY": 0.5}
	tests := []struct {
		name      string
		in        Instance
		want      []string          // "community/group", in plan order
		uncovered map[string]string // community ID -> substring of the English reason
	}{
		{
			name: "no communities",
			in:   Instance{Groups: []Group{{ID: "g1", Capacity: 2}}},
		},
		{
			name: "no groups",
			in:   Instance{Communities: []Community{{ID: "c1"}, {ID: "c2", MinGroups: 0, MaxGroups: 2}}},
			// c2 wants none at least.
			uncovered: map[string]string{"c1": "there are no groups"},
		},
		{
			name: "more communities than capacity",
			in: Instance{
				Communities: []Community{
					{ID: "c1", Location: east(1), Needs: needs},
					{ID: "c2", Location: east(2)},
					{ID: "c3", Location: east(3), Needs: needs},
					{ID: "c4", Location: east(4)},
				},
				Groups: []Group{{ID: "g1", Location: east(0), Skills: skills, Capacity: 2}},
			},
			want: []string{"c1/g1", "c3/g1"},
			uncovered: map[string]string{
				"c2": "used by other communities",
				"c4": "used by other communities",
			},
		},
		{
			name: "zero capacities",
			in: Instance{
				Communities: []Community{{ID: "c1"}},
				Groups:      []Group{{ID: "g1", Capacity: 0}, {ID: "g2", Capacity: 0}},
			},
			uncovered: map[string]string{"c1": "no group has any capacity"},
		},
		{
			name: "everyone too far",
			in: Instance{
				Communities: []Community{{ID: "c1", Location: east(0)}, {ID: "c2", Location: east(1)}},
				Groups:      []Group{{ID: "g1", Location: east(50), Capacity: 3}},
				Params:      Params{NeedWeight: 1, DistanceWeight: 0.05, MaxDistanceKm: 10},
			},
			uncovered: map[string]string{
				"c1": "no group with capacity within 10 km",
				"c2": "no group with capacity within 10 km",
			},
		},
		{
			name: "unknown location is not excluded by the distance limit",
			in: Instance{
				Communities: []Community{{ID: "c1"}},
				Groups:      []Group{{ID: "g1", Location: east(50), Capacity: 1}},
				Params:      Params{NeedWeight: 1, DistanceWeight: 0.05, MaxDistanceKm: 10},
			},
			want: []string{"c1/g1"},
		},
		{
			name: "a minimum slot is filled at a negative fit",
			in: Instance{
				Communities: []Community{{ID: "c1", Location: east(0)}},
				Groups:      []Group{{ID: "g1", Location: east(40), Capacity: 1}},
			},
			want: []string{"c1/g1"},
		},
		{
			name: "no group beyond the minimum at a fit <= 0",
			in: Instance{
				Communities: []Community{{ID: "c1", Location: east(0), Needs: needs, MinGroups: 1, MaxGroups: 3}},
				Groups: []Group{
					{ID: "g1", Location: east(1), Skills: skills, Capacity: 1},  // 0.5 - 0.05
					{ID: "g2", Location: east(10), Skills: skills, Capacity: 1}, // 0.5 - 0.5 = 0
					{ID: "g3", Location: east(20), Skills: skills, Capacity: 1}, // 0.5 - 1
					{ID: "g4", Location: east(2), Skills: skills, Capacity: 1},  // 0.5 - 0.1
				},
				Params: Params{NeedWeight: 1, DistanceWeight: 0.05},
			},
			want: []string{"c1/g1", "c1/g4"},
		},
		{
			name: "a community with no minimum takes only positive fits",
			in: Instance{
				Communities: []Community{{ID: "c1", Location: east(0), MinGroups: 0, MaxGroups: 2}},
				Groups:      []Group{{ID: "g1", Location: east(5), Capacity: 1}},
			},
		},
		{
			name: "covering one more community beats any fit",
			in: Instance{
				// g1 fits c1 far better than g2 does, but only g1 reaches c2.
				Communities: []Community{
					{ID: "c1", Location: east(0), Needs: map[string]float64{"ELDERLY": 100}},
					{ID: "c2", Location: east(9)},
				},
				Groups: []Group{
					{ID: "g1", Location: east(4), Skills: skills, Capacity: 1},
					{ID: "g2", Location: east(-5), Capacity: 1},
				},
				Params: Params{NeedWeight: 1, DistanceWeight: 0.05, MaxDistanceKm: 6},
			},
			want: []string{"c1/g2", "c2/g1"},
		},
		{
			name: "an existing pairing is a candidate beyond the nearest",
			in: Instance{
				Communities: []Community{{ID: "c1", Location: east(0), Existing: []string{"g2"}, MinGroups: 1, MaxGroups: 1}},
				Groups: []Group{
					{ID: "g1", Location: east(1), Capacity: 1},
					{ID: "g2", Location: east(8), Capacity: 1},
				},
				Params: Params{NeedWeight: 1, DistanceWeight: 0.05, ContinuityBonus: 1, Candidates: 1},
			},
			want: []string{"c1/g2"},
		},
		{
			name: "an existing pairing beyond the distance limit is not",
			in: Instance{
				Communities: []Community{{ID: "c1", Location: east(0), Existing: []string{"g2"}}},
				Groups: []Group{
					{ID: "g1", Location: east(1), Capacity: 1},
					{ID: "g2", Location: east(8), Capacity: 1},
				},
				Params: Params{NeedWeight: 1, DistanceWeight: 0.05, ContinuityBonus: 1, MaxDistanceKm: 5},
			},
			want: []string{"c1/g1"},
		},
		{
			name: "fewer candidates than the minimum",
			in: Instance{
				Communities: []Community{{ID: "c1", Location: east(0), MinGroups: 3, MaxGroups: 3}},
				Groups: []Group{
					{ID: "g1", Location: east(1), Capacity: 1},
					{ID: "g2", Location: east(2), Capacity: 1},
					{ID: "g3", Location: east(30), Capacity: 1},
				},
				Params: Params{NeedWeight: 1, DistanceWeight: 0.05, MaxDistanceKm: 10},
			},
			want:      []string{"c1/g1", "c1/g2"},
			uncovered: map[string]string{"c1": "only 2 groups with capacity are candidates (within 10 km), fewer than the 3 wanted"},
		},
		{
			name: "huge capacities and limits",
			in: Instance{
				Communities: []Community{{ID: "c1", Location: east(0), MinGroups: math.MaxInt, MaxGroups: math.MaxInt}},
				Groups:      []Group{{ID: "g1", Location: east(1), Capacity: math.MaxInt}},
				Params:      Params{NeedWeight: 1, MaxDistanceKm: math.MaxFloat64, Candidates: math.MaxInt},
			},
			want:      []string{"c1/g1"},
			uncovered: map[string]string{"c1": "only 1 group with capacity is a candidate"},
		},
		{
			name: "all weights zero",
			in: Instance{
				Communities: []Community{{ID: "c1"}, {ID: "c2"}},
				Groups:      []Group{{ID: "g1", Capacity: 0}, {ID: "g2", Capacity: 2}},
				Params:      Params{Candidates: 1},
			},
			want: []string{"c1/g2", "c2/g2"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan, err := Solve(context.Background(), tt.in)
			if err != nil {
				t.Fatalf("Solve: %v", err)
			}
			checkPlan(t, tt.in, plan)
			var got []string
			for _, a := range plan.Assignments {
				got = append(got, a.CommunityID+"/"+a.GroupID)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got assignments %v, want %v", got, tt.want)
			}
			gotUnc := map[string]string{}
			for _, u := range plan.Uncovered {
				gotUnc[u.CommunityID] = u.Reason.En
			}
			if len(gotUnc) != len(tt.uncovered) {
				t.Errorf("got uncovered %v, want %v", gotUnc, tt.uncovered)
			}
			for id, want := range tt.uncovered {
				if got, ok := gotUnc[id]; !ok || !strings.Contains(got, want) {
					t.Errorf("community %s: got reason %q, want one containing %q", id, got, want)
				}
			}
		})
	}
}

func TestSolveReasons(t *testing.T) {
	in := Instance{
		Communities: []Community{
			{ID: "c1", Location: east(0), Needs: map[string]float64{"ELDERLY": 0.4, "CHILDREN": 0.3, "HEALTH": 0.2}, Existing: []string{"g1"}},
			{ID: "c2", Needs: map[string]float64{"ELDERLY": 0.4}},
		},
		Groups: []Group{
			{ID: "g1", Location: east(2), Skills: []string{"HEALTH", "ELDERLY", "CHILDREN"}, Capacity: 1},
			{ID: "g2", Location: east(3), Skills: []string{"LEGAL"}, Capacity: 1},
		},
		Params: Params{NeedWeight: 1, DistanceWeight: 0.05, ContinuityBonus: 0.5, MaxDistanceKm: 20},
	}
	plan, err := Solve(context.Background(), in)
	if err != nil {
		t.Fatalf("Solve: %v", err)
	}
	checkPlan(t, in, plan)
	want := []Assignment{
		{
			CommunityID: "c1", GroupID: "g1", Continuing: true,
			NeedsCovered: []string{"CHILDREN", "ELDERLY", "HEALTH"},
			Reasons: []fault.Text{
				{
					En: "brings what the community needs: CHILDREN (weight 0.30), ELDERLY (weight 0.40), HEALTH (weight 0.20): +0.900 (the needs' weights add up to 0.90, × need factor 1)",
					Zh: "带来社区所需的服务：CHILDREN（权重 0.30）、ELDERLY（权重 0.40）、HEALTH（权重 0.20）：+0.900（所覆盖需求的权重合计 0.90，× 需求系数 1）",
				},
				{En: "the campus is 2.0 km away: -0.100 (0.05 per km)", Zh: "校区距社区 2.0 公里：-0.100（每公里 0.05）"},
				{En: "keeps an active pairing going, so the work already begun goes on: +0.500", Zh: "双方已有有效结对，保留可延续已开展的工作：+0.500"},
				{En: "the next best, g2 (score -0.150), had its one place taken by another community", Zh: "次优的g2（得分 -0.150）唯一的服务名额已用于其他社区"},
			},
		},
		{
			CommunityID: "c2", GroupID: "g2", DistanceKm: UnknownDistance,
			NeedsCovered: []string{},
			Reasons: []fault.Text{
				{En: "its skills meet none of the community's needs: +0", Zh: "其专长不对应社区的任何需求：+0"},
				{
					En: "distance unknown (community or campus location missing): no distance penalty, and not held to the 20 km limit",
					Zh: "距离未知（社区或校区位置缺失）：不计距离扣分，也不受 20 公里上限约束",
				},
				{En: "the next best, g1 (score 0.400), had its one place taken by another community", Zh: "次优的g1（得分 0.400）唯一的服务名额已用于其他社区"},
			},
		},
	}
	if len(plan.Assignments) != len(want) {
		t.Fatalf("got %d assignments, want %d", len(plan.Assignments), len(want))
	}
	for i, got := range plan.Assignments {
		w := want[i]
		w.Score, w.DistanceKm = got.Score, got.DistanceKm
		if i == 1 {
			w.DistanceKm = UnknownDistance
		}
		if !reflect.DeepEqual(got, w) {
			t.Errorf("assignment %d:\ngot  %+v\nwant %+v", i, got, w)
		}
	}
}

// TestReasonsWithoutNeeds: the reasons for someone who may not read the
// community's needs name no category, weight or coverage, whether the pair
// covers needs or none (which would tell), and keep distance and
// continuity as Solve gives them.
func TestReasonsWithoutNeeds(t *testing.T) {
	in := Instance{
		Communities: []Community{
			{ID: "c1", Location: east(0), Needs: map[string]float64{"ELDERLY": 0.4, "CHILDREN": 0.3}, Existing: []string{"g1"}},
			{ID: "c2", Needs: map[string]float64{"ELDERLY": 0.4}},
		},
		Groups: []Group{
			{ID: "g1", Location: east(2), Skills: []string{"ELDERLY", "CHILDREN"}, Capacity: 1},
			{ID: "g2", Location: east(3), Skills: []string{"LEGAL"}, Capacity: 1},
		},
		Params: Params{NeedWeight: 2, DistanceWeight: 0.05, ContinuityBonus: 0.5, MaxDistanceKm: 20},
	}
	plan, err := Solve(context.Background(), in)
	if err != nil {
		t.Fatalf("Solve: %v", err)
	}
	if len(plan.Assignments) != 2 {
		t.Fatalf("got %d assignments, want 2", len(plan.Assignments))
	}
	var first fault.Text
	for i, a := range plan.Assignments {
		got := ReasonsWithoutNeeds(a, in.Params)
		// Without the first line (the needs) and the last (the next best
		// candidate, whose score rests on the needs).
		if want := a.Reasons[1 : len(a.Reasons)-1]; len(got) != len(want)+1 || !reflect.DeepEqual(got[1:], want) {
			t.Errorf("assignment %d: reasons without needs %+v, want the need line then %+v", i, got, want)
			continue
		}
		if i == 0 {
			first = got[0]
		} else if got[0] != first {
			t.Errorf("the need line differs between a pair that covers needs (%+v) and one that covers none (%+v)", first, got[0])
		}
		for _, r := range got {
			for _, bad := range []string{"ELDERLY", "CHILDREN", "0.40", "0.30", "0.70", "coverage", "covers", "覆盖", "next best", "次优"} {
				if strings.Contains(r.En, bad) || strings.Contains(r.Zh, bad) {
					t.Errorf("assignment %d: reason %+v gives away %q", i, r, bad)
				}
			}
		}
	}
	// A zero Params stands for the defaults, as in Solve.
	a := plan.Assignments[0]
	if got, want := ReasonsWithoutNeeds(a, Params{}), ReasonsWithoutNeeds(a, DefaultParams()); !reflect.DeepEqual(got, want) {
		t.Errorf("zero params: %+v, want the defaults' %+v", got, want)
	}
}

func TestSolveDeterministic(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	type named struct {
		name string
		in   Instance
	}
	instances := []named{{"district", district()}}
	med := synthetic(rng, 400, 250, []city{
		{at: Point{38.49, 106.23}, weight: 3, campus: 3, spread: 0.1},
		{at: Point{37.5, 105.2}, weight: 1, campus: 1, spread: 0.05},
	})
	med.Params.Candidates = 8
	med.Params.MaxDistanceKm = 30
	instances = append(instances, named{"medium", med})
	for i := range 20 {
		instances = append(instances, named{fmt.Sprintf("small %d", i), randomSmall(rng)})
	}
	for _, tt := range instances {
		in := tt.in
		t.Run(tt.name, func(t *testing.T) {
			want, err := Solve(context.Background(), in)
			if err != nil {
				t.Fatalf("Solve: %v", err)
			}
			for round := range 3 {
				got, err := Solve(context.Background(), shuffled(rng, in))
				if err != nil {
					t.Fatalf("Solve shuffled: %v", err)
				}
				got.Stats.Elapsed = want.Stats.Elapsed
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("round %d: the shuffled instance gave a different plan:\ngot  %+v\nwant %+v", round, got, want)
				}
			}
		})
	}
}

// shuffled returns a deep copy of in with every slice shuffled.
func shuffled(rng *rand.Rand, in Instance) Instance {
	out := Instance{Params: in.Params}
	for _, c := range in.Communities {
		c.Existing = slices.Clone(c.Existing)
		rng.Shuffle(len(c.Existing), func(i, j int) { c.Existing[i], c.Existing[j] = c.Existing[j], c.Existing[i] })
		needs := map[string]float64{}
		for k, v := range c.Needs {
			needs[k] = v
		}
		c.Needs = needs
		out.Communities = append(out.Communities, c)
	}
	for _, g := range in.Groups {
		g.Skills = slices.Clone(g.Skills)
		rng.Shuffle(len(g.Skills), func(i, j int) { g.Skills[i], g.Skills[j] = g.Skills[j], g.Skills[i] })
		out.Groups = append(out.Groups, g)
	}
	rng.Shuffle(len(out.Communities), func(i, j int) {
		out.Communities[i], out.Communities[j] = out.Communities[j], out.Communities[i]
	})
	rng.Shuffle(len(out.Groups), func(i, j int) { out.Groups[i], out.Groups[j] = out.Groups[j], out.Groups[i] })
	return out
}

func TestSolveBadInput(t *testing.T) {
	base := func() Instance {
		return Instance{
			Communities: []Community{
				{ID: "c1", Location: pt(38.49, 106.13), Needs: map[string]float64{"ELDERLY": 0.5}, Existing: []string{"g1"}},
				{ID: "c2", Location: pt(38.50, 106.14)},
			},
			Groups: []Group{
				{ID: "g1", Location: pt(38.48, 106.12), Skills: []string{"ELDERLY", "HEALTH"}, Capacity: 2},
				{ID: "g2", Location: pt(38.47, 106.11), Capacity: 1},
			},
			Params: DefaultParams(),
		}
	}
	tests := []struct {
		name   string
		mutate func(in *Instance)
		field  string
	}{
		{"empty community id", func(in *Instance) { in.Communities[1].ID = "" }, "communities[1].id"},
		{"blank community id", func(in *Instance) { in.Communities[1].ID = "  " }, "communities[1].id"},
		{"duplicate community id", func(in *Instance) { in.Communities[1].ID = "c1" }, "communities[1].id"},
		{"empty group id", func(in *Instance) { in.Groups[0].ID = "" }, "groups[0].id"},
		{"duplicate group id", func(in *Instance) { in.Groups[1].ID = "g1" }, "groups[1].id"},
		{"negative capacity", func(in *Instance) { in.Groups[1].Capacity = -1 }, "groups[1].capacity"},
		{"empty skill", func(in *Instance) { in.Groups[0].Skills[1] = "" }, "groups[0].skills[1]"},
		{"group latitude", func(in *Instance) { in.Groups[0].Location.Lat = 90.5 }, "groups[0].location.lat"},
		{"group longitude", func(in *Instance) { in.Groups[1].Location.Lon = 200 }, "groups[1].location.lon"},
		{"community latitude NaN", func(in *Instance) { in.Communities[0].Location.Lat = math.NaN() }, "communities[0].location.lat"},
		{"community longitude", func(in *Instance) { in.Communities[1].Location.Lon = -180.01 }, "communities[1].location.lon"},
		{"negative min", func(in *Instance) { in.Communities[1].MinGroups = -1 }, "communities[1].minGroups"},
		{"negative max", func(in *Instance) { in.Communities[1].MaxGroups = -1 }, "communities[1].maxGroups"},
		{"min above max", func(in *Instance) { in.Communities[1].MinGroups, in.Communities[1].MaxGroups = 3, 2 }, "communities[1].maxGroups"},
		{"min without max", func(in *Instance) { in.Communities[0].MinGroups = 1 }, "communities[0].maxGroups"},
		{"negative need", func(in *Instance) { in.Communities[0].Needs["ELDERLY"] = -0.1 }, `communities[0].needs["ELDERLY"]`},
		{"NaN need", func(in *Instance) { in.Communities[0].Needs["HEALTH"] = math.NaN() }, `communities[0].needs["HEALTH"]`},
		{"infinite need", func(in *Instance) { in.Communities[0].Needs["X"] = math.Inf(1) }, `communities[0].needs["X"]`},
		{"empty need category", func(in *Instance) { in.Communities[0].Needs[""] = 1 }, `communities[0].needs[""]`},
		{"unknown existing", func(in *Instance) { in.Communities[0].Existing = []string{"g1", "nope"} }, "communities[0].existing[1]"},
		{"duplicate existing", func(in *Instance) { in.Communities[0].Existing = []string{"g1", "g1"} }, "communities[0].existing[1]"},
		{"negative need weight", func(in *Instance) { in.Params.NeedWeight = -1 }, "params.needWeight"},
		{"NaN need weight", func(in *Instance) { in.Params.NeedWeight = math.NaN() }, "params.needWeight"},
		{"infinite distance weight", func(in *Instance) { in.Params.DistanceWeight = math.Inf(1) }, "params.distanceWeight"},
		{"negative continuity bonus", func(in *Instance) { in.Params.ContinuityBonus = -0.5 }, "params.continuityBonus"},
		{"negative max distance", func(in *Instance) { in.Params.MaxDistanceKm = -1 }, "params.maxDistanceKm"},
		{"infinite max distance", func(in *Instance) { in.Params.MaxDistanceKm = math.Inf(1) }, "params.maxDistanceKm"},
		{"negative candidates", func(in *Instance) { in.Params.Candidates = -1 }, "params.candidates"},
		{"need weight overflows", func(in *Instance) { in.Params.NeedWeight = 1e12 }, "params.needWeight"},
		{"distance weight overflows", func(in *Instance) { in.Params.DistanceWeight = 1e12 }, "params.distanceWeight"},
		{"continuity bonus overflows", func(in *Instance) { in.Params.ContinuityBonus = 1e15 }, "params.continuityBonus"},
		{"need overflows", func(in *Instance) { in.Communities[0].Needs["ELDERLY"] = 1e300 }, "communities[0].needs"},
		{"need sum is infinite", func(in *Instance) {
			in.Communities[0].Needs = map[string]float64{"ELDERLY": math.MaxFloat64, "HEALTH": math.MaxFloat64}
		}, "communities[0].needs"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := base()
			tt.mutate(&in)
			_, err := Solve(context.Background(), in)
			fe, ok := fault.As(err)
			if !ok {
				t.Fatalf("got error %v, want a *fault.Error", err)
			}
			if fe.Code != fault.BadUserInput {
				t.Errorf("got code %s, want %s", fe.Code, fault.BadUserInput)
			}
			if fe.Field != tt.field {
				t.Errorf("got field %q, want %q (%v)", fe.Field, tt.field, err)
			}
			if fe.Text.En == "" || fe.Text.Zh == "" || fe.Text.En == fe.Text.Zh {
				t.Errorf("got text %+v, want English and Chinese", fe.Text)
			}
		})
	}
	t.Run("valid base", func(t *testing.T) {
		if _, err := Solve(context.Background(), base()); err != nil {
			t.Fatalf("Solve: %v", err)
		}
	})
}

func TestSolveCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Solve(ctx, district())
	if !errors.Is(err, context.Canceled) {
		t.Errorf("got error %v, want context.Canceled", err)
	}
	if code := fault.CodeOf(err); code != fault.Internal {
		t.Errorf("got code %s, want %s", code, fault.Internal)
	}
}

func TestCandidatesMatchDefinition(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range 24 {
		in := synthetic(rng, 150, 120, []city{
			{at: Point{38.49, 106.23}, weight: 2, campus: 2, spread: 0.1},
			{at: Point{36.0, 106.3}, weight: 1, campus: 1, spread: 0.05},
		})
		in.Params.Candidates = []int{0, 1, 5, 30}[i%4]
		in.Params.MaxDistanceKm = []float64{0, 3, 20}[i%3]
		for j := range in.Communities {
			if rng.IntN(20) == 0 {
				in.Communities[j].Location = nil
			}
		}
		for j := range in.Groups {
			switch rng.IntN(20) {
			case 0:
				in.Groups[j].Location = nil
			case 1:
				in.Groups[j].Capacity = 0
			}
		}
		t.Run(fmt.Sprintf("K=%d max=%g", in.Params.Candidates, in.Params.MaxDistanceKm), func(t *testing.T) {
			p, err := prepare(in)
			if err != nil {
				t.Fatalf("prepare: %v", err)
			}
			cands, start, err := p.candidates(context.Background())
			if err != nil {
				t.Fatalf("candidates: %v", err)
			}
			for c, comm := range p.comms {
				var got, want []string
				for _, cd := range cands[start[c]:start[c+1]] {
					got = append(got, p.groups[cd.g].ID)
				}
				for _, g := range refCandidates(in, comm) {
					want = append(want, g.ID)
				}
				slices.Sort(want)
				if !slices.Equal(got, want) {
					t.Fatalf("community %s: got candidates %v, want %v", comm.ID, got, want)
				}
			}
		})
	}
}

// refFlow solves the same lexicographic problem by successive shortest paths
// with Bellman–Ford, one unit at a time, and returns the filled minimum slots
// and the total fit in units of 1/Scale.
func refFlow(in Instance) (slots int, fit int64) {
	prm := effectiveParams(in.Params)
	type arc struct {
		to, rev, capa int
		cost          int64
	}
	nG, nC := len(in.Groups), len(in.Communities)
	source, sink := 0, 1
	adj := make([][]arc, 2+nG+nC)
	add := func(u, v, capa int, cost int64) {
		adj[u] = append(adj[u], arc{v, len(adj[v]), capa, cost})
		adj[v] = append(adj[v], arc{u, len(adj[u]) - 1, 0, -cost})
	}
	gIdx := map[string]int{}
	for i, g := range in.Groups {
		gIdx[g.ID] = 2 + i
		add(source, 2+i, g.Capacity, 0)
	}
	const bigM = 1e13
	for i, c := range in.Communities {
		lo, hi := effective(c)
		add(2+nG+i, sink, lo, -bigM)
		add(2+nG+i, sink, hi-lo, 0)
		for _, g := range refCandidates(in, c) {
			f, _ := refFit(prm, c, g)
			add(gIdx[g.ID], 2+nG+i, 1, -int64(math.Round(f*Scale)))
		}
	}
	n := len(adj)
	for {
		dist := make([]int64, n)
		prev := make([][2]int, n)
		for i := range dist {
			dist[i] = math.MaxInt64
		}
		dist[source] = 0
		for range n {
			changed := false
			for u := range n {
				if dist[u] == math.MaxInt64 {
					continue
				}
				for k, a := range adj[u] {
					if a.capa > 0 && dist[u]+a.cost < dist[a.to] {
						dist[a.to] = dist[u] + a.cost
						prev[a.to] = [2]int{u, k}
						changed = true
					}
				}
			}
			if !changed {
				break
			}
		}
		if dist[sink] >= 0 {
			break
		}
		for v := sink; v != source; {
			u, k := prev[v][0], prev[v][1]
			adj[u][k].capa--
			adj[v][adj[u][k].rev].capa++
			v = u
		}
	}
	for i := range in.Communities {
		u := 2 + nG + i
		got := 0
		for _, a := range adj[u] {
			if a.to >= 2 && a.to < 2+nG && a.capa > 0 {
				got += a.capa
				fit -= int64(a.capa) * a.cost
			}
		}
		lo, _ := effective(in.Communities[i])
		slots += min(got, lo)
	}
	return slots, -fit
}

func TestSolveMatchesReferenceFlow(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for i := range 12 {
		in := synthetic(rng, 30+rng.IntN(40), 15+rng.IntN(30), []city{
			{at: Point{38.49, 106.23}, weight: 2, campus: 2, spread: 0.08},
			{at: Point{38.2, 106.0}, weight: 1, campus: 0.3, spread: 0.04},
		})
		in.Params.Candidates = []int{0, 3, 8}[i%3]
		in.Params.MaxDistanceKm = []float64{0, 15}[i%2]
		in.Params.ContinuityBonus = rng.Float64()
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			plan, err := Solve(context.Background(), in)
			if err != nil {
				t.Fatalf("Solve: %v", err)
			}
			slots := checkPlan(t, in, plan)
			var fit int64
			for _, a := range plan.Assignments {
				fit += int64(math.Round(a.Score * Scale))
			}
			wantSlots, wantFit := refFlow(in)
			if slots != wantSlots || fit != wantFit {
				t.Errorf("got %d slots and fit %d, want %d and %d", slots, fit, wantSlots, wantFit)
			}
		})
	}
}
