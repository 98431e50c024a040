package dashboard

import (
	"testing"

	"github.com/wushehub/wushe/ent/volunteer"
)

// area returns an area whose volunteers are of the kinds given (resident,
// party member, student, staff), each with 10 hours, all without a star.
func area(access Access, kinds ...int64) *Area {
	a := &Area{Access: access, Communities: 1}
	for i, n := range kinds {
		k := a.Volunteers.kind(volunteerKinds[i])
		k.Count.Value, k.Hours.Value = n, float64(10*n)
		a.Volunteers.Total.Value += n
		a.Volunteers.Hours.Value += float64(10 * n)
		a.Volunteers.star(0).Count.Value += n
	}
	a.finish(DefaultStarHours)
	return a
}

// withheld returns the reason of each kind's count, "" for shown ones, and
// of the total under "ALL"; and what is wrong with the withheld figures:
// hours not withheld with their count, values left behind.
func withheld(a *Area) (map[string]Reason, []string) {
	out := map[string]Reason{"ALL": a.Volunteers.Total.Withheld}
	var wrong []string
	check := func(name string, c Count, h Measure) {
		if h.Withheld != c.Withheld {
			wrong = append(wrong, name+": hours withheld "+string(h.Withheld)+", count "+string(c.Withheld))
		}
		if c.Withheld != "" && (c.Value != 0 || h.Value != 0) {
			wrong = append(wrong, name+": a withheld value is left")
		}
	}
	check("ALL", a.Volunteers.Total, a.Volunteers.Hours)
	for _, k := range a.Volunteers.ByKind {
		out[string(k.Kind)] = k.Count.Withheld
		check(string(k.Kind), k.Count, k.Hours)
	}
	return out, wrong
}

func TestSuppress(t *testing.T) {
	kind := func(k volunteer.Kind) string { return string(k) }
	tests := []struct {
		name     string
		top      *Area
		children []*Area
		want     map[string]Reason   // of top
		kids     []map[string]Reason // of children, by index (only the keys given)
	}{
		{
			name: "full access withholds nothing",
			top:  area(Full, 72, 38, 9, 4),
			want: map[string]Reason{"ALL": "", kind(volunteer.KindSTAFF): "", kind(volunteer.KindSTUDENT): ""},
		},
		{
			name: "a small count and the smallest other part",
			top:  area(Aggregate, 72, 38, 9, 4),
			want: map[string]Reason{"ALL": "", kind(volunteer.KindRESIDENT): "", kind(volunteer.KindPARTY_MEMBER): "",
				kind(volunteer.KindSTUDENT): Complementary, kind(volunteer.KindSTAFF): SmallCount},
		},
		{
			name: "zeros are shown and two small counts protect each other",
			top:  area(Aggregate, 50, 0, 2, 3),
			want: map[string]Reason{"ALL": "", kind(volunteer.KindRESIDENT): "", kind(volunteer.KindPARTY_MEMBER): "",
				kind(volunteer.KindSTUDENT): SmallCount, kind(volunteer.KindSTAFF): SmallCount},
		},
		{
			name: "a small total is withheld with its only part",
			top:  area(Aggregate, 3, 0, 0, 0),
			want: map[string]Reason{"ALL": SmallCount, kind(volunteer.KindRESIDENT): SmallCount, kind(volunteer.KindPARTY_MEMBER): ""},
		},
		{
			name:     "a small child and the smallest other child",
			top:      area(Aggregate, 40, 0, 0, 0),
			children: []*Area{area(Aggregate, 3, 0, 0, 0), area(Aggregate, 30, 0, 0, 0), area(Aggregate, 7, 0, 0, 0)},
			want:     map[string]Reason{"ALL": ""},
			kids:     []map[string]Reason{{"ALL": SmallCount}, {"ALL": ""}, {"ALL": Complementary}},
		},
		{
			name:     "the viewer's own child is shown, so the total goes",
			top:      area(Aggregate, 20, 0, 0, 0),
			children: []*Area{area(Full, 17, 0, 0, 0), area(Aggregate, 3, 0, 0, 0)},
			want:     map[string]Reason{"ALL": Complementary},
			kids:     []map[string]Reason{{"ALL": ""}, {"ALL": SmallCount}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			suppress(tt.top, tt.children)
			got, wrong := withheld(tt.top)
			for k, want := range tt.want {
				if got[k] != want {
					t.Errorf("top %s: withheld %q, want %q (all: %v)", k, got[k], want, got)
				}
			}
			for i, want := range tt.kids {
				got, w := withheld(tt.children[i])
				wrong = append(wrong, w...)
				for k, w := range want {
					if got[k] != w {
						t.Errorf("child %d %s: withheld %q, want %q", i, k, got[k], w)
					}
				}
			}
			for _, w := range wrong {
				t.Error(w)
			}
			// No sum may be left with a single withheld term.
			fs := []*figures{unitsOf(tt.top)}
			for _, c := range tt.children {
				fs = append(fs, unitsOf(c))
			}
			for _, f := range fs {
				for _, s := range f.sums {
					n := 0
					for _, u := range append([]*unit{s.total}, s.parts...) {
						if u.withheld() {
							n++
						}
					}
					if n == 1 {
						t.Errorf("a sum has one withheld term: total %+v", s.total.counts[0])
					}
				}
			}
		})
	}
}
