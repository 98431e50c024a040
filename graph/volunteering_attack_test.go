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

// volunteeringAttackQuery asks for every figure of the volunteer-service
// dashboard, and the codes and IDs to walk down.
const volunteeringAttackQuery = `query($d: ID!) { volunteeringDashboard(division: $d) {
	area { code access hours activeVolunteers pointsIssued pointsRedeemed talentTitles housingGrants }
	breakdown { code hours activeVolunteers pointsIssued pointsRedeemed talentTitles housingGrants }
	byMonth { month hours activeVolunteers pointsIssued pointsRedeemed }
	stars { level count }
	talents { kind name count } } }`

type vArea struct {
	Code, Access                                   string
	Hours                                          *float64
	ActiveVolunteers, PointsIssued, PointsRedeemed *int
	TalentTitles, HousingGrants                    *int
}

type vAnswer struct {
	Area      vArea
	Breakdown []vArea
	ByMonth   []struct {
		Month                                          string
		Hours                                          *float64
		ActiveVolunteers, PointsIssued, PointsRedeemed *int
	}
	Stars []struct {
		Level int
		Count *int
	}
	Talents []struct {
		Kind, Name string
		Count      *int
	}
}

// vHarvest holds the additive figures of the answers (hours in hundredths,
// as the hub rounds them), withheld (nil) or shown, and the sums that link
// them.
type vHarvest struct {
	cells map[cellKey]*vCell
	order []cellKey
	sums  [][2][]cellKey
}

type vCell struct {
	value *int64
	shown map[int64]bool
	held  bool
}

func (h *vHarvest) see(area, name string, v *int64) cellKey {
	k := cellKey{area, name}
	c := h.cells[k]
	if c == nil {
		c = &vCell{shown: map[int64]bool{}}
		h.cells[k] = c
		h.order = append(h.order, k)
	}
	if v == nil {
		c.held = true
	} else {
		c.shown[*v] = true
		x := *v
		c.value = &x
	}
	return k
}

func hundredths(h *float64) *int64 {
	if h == nil {
		return nil
	}
	x := int64(math.Round(*h * 100))
	return &x
}

func count64(n *int) *int64 {
	if n == nil {
		return nil
	}
	x := int64(*n)
	return &x
}

// areaFigures are the additive figures of an area row, by name: hours and
// points add up over areas and months, titles and grants over areas and
// names. (Active volunteers are distinct persons: they do not add up.)
func areaFigures(a vArea) map[string]*int64 {
	return map[string]*int64{
		"hours": hundredths(a.Hours), "pointsIssued": count64(a.PointsIssued), "pointsRedeemed": count64(a.PointsRedeemed),
		"talentTitles": count64(a.TalentTitles), "housingGrants": count64(a.HousingGrants),
	}
}

// ownFigures are the figures an answer gives of its area only: by month,
// by star level, by title; an absent month, level or title is 0.
func ownFigures(d vAnswer) map[string]*int64 {
	m := map[string]*int64{}
	for _, x := range d.ByMonth {
		m["hours/"+x.Month] = hundredths(x.Hours)
		m["pointsIssued/"+x.Month] = count64(x.PointsIssued)
		m["pointsRedeemed/"+x.Month] = count64(x.PointsRedeemed)
	}
	for _, s := range d.Stars {
		m[fmt.Sprintf("stars/%d", s.Level)] = count64(s.Count)
	}
	for _, t := range d.Talents {
		m["talent/"+t.Kind+"/"+t.Name] = count64(t.Count)
	}
	return m
}

var zero64 = func() *int64 { z := int64(0); return &z }

// TestVolunteeringSuppressionAcrossAnswers: an aggregate-only viewer
// (PUBLIC) asks for the volunteer-service dashboard
// of each province of the demo and of every area below it, and solves all
// the answers together as the main dashboard's audit does
// (TestDashboardSuppressionAcrossAnswers): shown figures are known,
// withheld ones at least 0, and every sum an equation — an area's hours
// and points are those of its breakdown and of its months, its titles and
// grants those of its breakdown and of the titles by name, and, across
// answers, an area's figure by month, star level or title is the sum of
// the same figure of the areas of its breakdown. No withheld figure may
// come out as a single value, and every figure is the same in every
// answer. (A university's staff sees what PUBLIC sees here.) Before the
// months were decided top down over the hierarchy, zeros shown and the
// complements taken figure by figure, 2,999 of the 5,525 withheld figures
// came out (SQLite).
func TestVolunteeringSuppressionAcrossAnswers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if _, err := demo.Load(sys(), db.Client); err != nil {
			t.Fatal(err)
		}
		var roots []int
		for _, d := range db.Client.Division.Query().Where(division.CodeIn(demo.NingxiaCode, demo.GuizhouCode)).AllX(sys()) {
			roots = append(roots, d.ID)
		}
		for _, name := range []string{"public"} {
			t.Run(name, func(t *testing.T) {
				a := newAPI(t, db, viewerOf(name), fault.English)
				h := &vHarvest{cells: map[cellKey]*vCell{}}
				answers := map[string]vAnswer{}
				var walk func(id string)
				walk = func(id string) {
					var out struct{ VolunteeringDashboard vAnswer }
					a.mustDo(volunteeringAttackQuery, map[string]any{"d": id}, &out)
					d := out.VolunteeringDashboard
					if d.Area.Access != "AGGREGATE" {
						t.Fatalf("%s: access %s", d.Area.Code, d.Area.Access)
					}
					answers[d.Area.Code] = d
					for _, b := range d.Breakdown {
						if b.Code != d.Area.Code {
							walk(b.Code)
						}
					}
				}
				for _, id := range roots {
					walk(gid(id))
				}
				for _, code := range slices.Sorted(mapKeys(answers)) {
					d := answers[code]
					own := areaFigures(d.Area)
					keys := map[string]cellKey{}
					for _, n := range slices.Sorted(mapKeys(own)) {
						keys[n] = h.see(code, n, own[n])
					}
					byName := ownFigures(d)
					for _, n := range slices.Sorted(mapKeys(byName)) {
						h.see(code, n, byName[n])
					}
					// The area's total over its months and over its titles.
					for _, total := range []struct{ name, prefix string }{
						{"hours", "hours/"}, {"pointsIssued", "pointsIssued/"}, {"pointsRedeemed", "pointsRedeemed/"},
						{"talentTitles", "talent/TITLE/"}, {"housingGrants", "talent/BENEFIT/"},
					} {
						var parts []cellKey
						for _, n := range slices.Sorted(mapKeys(byName)) {
							if strings.HasPrefix(n, total.prefix) {
								parts = append(parts, cellKey{code, n})
							}
						}
						h.sums = append(h.sums, [2][]cellKey{{keys[total.name]}, parts})
					}
					if len(d.Breakdown) == 0 {
						continue
					}
					// The area is the sum of its breakdown, figure by figure.
					for _, n := range slices.Sorted(mapKeys(own)) {
						var parts []cellKey
						for _, b := range d.Breakdown {
							parts = append(parts, h.see(b.Code, n, areaFigures(b)[n]))
						}
						h.sums = append(h.sums, [2][]cellKey{{keys[n]}, parts})
					}
					// Across answers: each month, level and title of the
					// area is the sum of the same of the areas below.
					names := map[string]bool{}
					for n := range byName {
						names[n] = true
					}
					for _, b := range d.Breakdown {
						for n := range ownFigures(answers[b.Code]) {
							names[n] = true
						}
					}
					for _, n := range slices.Sorted(mapKeys(names)) {
						total := cellKey{code, n}
						if _, ok := byName[n]; !ok {
							total = h.see(code, n, zero64())
						}
						var parts []cellKey
						for _, b := range d.Breakdown {
							v, ok := ownFigures(answers[b.Code])[n]
							if !ok {
								v = zero64()
							}
							parts = append(parts, h.see(b.Code, n, v))
						}
						h.sums = append(h.sums, [2][]cellKey{{total}, parts})
					}
				}
				withheld := 0
				for _, c := range h.cells {
					if c.held {
						withheld++
					}
				}
				got := h.recovered(t)
				t.Logf("%s: %d answers, %d figures, %d withheld, %d worked out", name, len(answers), len(h.cells), withheld, len(got))
				if withheld == 0 {
					t.Fatal("nothing is withheld: the test shows nothing")
				}
				if len(got) > 0 {
					var lines []string
					kinds := map[string]int{}
					for _, k := range h.order {
						if v, ok := got[k]; ok {
							if len(lines) < 40 {
								lines = append(lines, fmt.Sprintf("%s %s = %d", k.area, k.name, v))
							}
							kind := strings.SplitN(k.name, "/", 2)[0]
							if strings.Contains(k.name, "/") {
								kind += "/…"
							}
							kinds[fmt.Sprintf("%s at level %d", kind, len(strings.TrimRight(k.area, "0")))]++
						}
					}
					var byKind []string
					for _, k := range slices.Sorted(mapKeys(kinds)) {
						byKind = append(byKind, fmt.Sprintf("%s: %d", k, kinds[k]))
					}
					t.Errorf("%d withheld figures worked out from the answers (hours in hundredths); by figure and code length:\n  %s\nthe first:\n  %s",
						len(got), strings.Join(byKind, "\n  "), strings.Join(lines, "\n  "))
				}
			})
		}
	})
}

// recovered solves the harvest: each withheld figure a variable of at least
// 0, each sum an equation; it returns the withheld figures pinned to one
// value (or shown in another answer).
func (h *vHarvest) recovered(t *testing.T) map[cellKey]int64 {
	t.Helper()
	var sys audit.System
	vars := map[cellKey]int{}
	out := map[cellKey]int64{}
	for _, k := range h.order {
		c := h.cells[k]
		if len(c.shown) > 1 {
			t.Errorf("%v shown as %v in different answers", k, c.shown)
		}
		if !c.held {
			continue
		}
		if c.value != nil {
			out[k] = *c.value
			continue
		}
		vars[k] = sys.Var(0, math.Inf(1))
	}
	equations(t, &sys, h.sums, vars, func(k cellKey) float64 { return float64(*h.cells[k].value) })
	pinned, ok := sys.Pinned()
	if !ok {
		t.Fatal("the answers admit no solution")
	}
	for k, v := range vars {
		if x, ok := pinned[v]; ok {
			out[k] = int64(x)
		}
	}
	return out
}
