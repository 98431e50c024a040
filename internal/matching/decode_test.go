package matching

import (
	"context"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/wushehub/wushe/internal/fault"
)

func TestDecodeExample(t *testing.T) {
	f, err := os.Open("testdata/example.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	in, err := Decode(f)
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	if got, want := len(in.Communities), 3; got != want {
		t.Fatalf("got %d communities, want %d", got, want)
	}
	if got, want := len(in.Groups), 3; got != want {
		t.Fatalf("got %d groups, want %d", got, want)
	}
	c := in.Communities[1]
	if c.ID != "C-XINGQING-02" || c.Name != "湖滨西街社区" || c.MinGroups != 2 || c.MaxGroups != 3 ||
		c.Location == nil || *c.Location != (Point{38.4861, 106.2189}) || c.Needs["EDUCATION"] != 0.4 {
		t.Errorf("got communities[1] %+v, want the file's", c)
	}
	if in.Communities[2].Location != nil {
		t.Errorf("got location %v for a community without one, want nil", in.Communities[2].Location)
	}
	if got, want := in.Communities[0].Existing, []string{"G-NXU-MED"}; !reflect.DeepEqual(got, want) {
		t.Errorf("got existing %v, want %v", got, want)
	}
	want := Params{NeedWeight: 1, DistanceWeight: 0.05, ContinuityBonus: 0.5, MaxDistanceKm: 25, Candidates: 10}
	if in.Params != want {
		t.Errorf("got params %+v, want %+v (defaults for the keys left out)", in.Params, want)
	}
	plan, err := Solve(context.Background(), in)
	if err != nil {
		t.Fatalf("Solve: %v", err)
	}
	checkPlan(t, in, plan)
	if plan.Covered != 3 || len(plan.Uncovered) != 0 {
		t.Errorf("got %d covered and uncovered %+v, want all 3 covered", plan.Covered, plan.Uncovered)
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name  string
		json  string
		field string
		text  string // substring of the English message
	}{
		{
			name:  "unknown top-level field",
			json:  `{"communities": [], "extra": 1}`,
			field: "extra",
			text:  `unknown field "extra" at line 1, column 21`,
		},
		{
			name:  "unknown nested field",
			json:  "{\"communities\": [\n  {\"id\": \"c1\"},\n  {\"id\": \"c2\", \"maxGroup\": 2}\n]}",
			field: "communities[1].maxGroup",
			text:  `unknown field "maxGroup" at line 3, column 16`,
		},
		{
			name:  "field names are case-sensitive",
			json:  `{"groups": [{"ID": "g1"}]}`,
			field: "groups[0].ID",
			text:  `unknown field "ID"`,
		},
		{
			name:  "unknown field in a location",
			json:  `{"groups": [{"id": "g1", "location": {"lat": 1, "lng": 2}}]}`,
			field: "groups[0].location.lng",
			text:  "unknown field",
		},
		{
			name:  "wrong type",
			json:  `{"communities": [{"id": "c1", "maxGroups": "three"}]}`,
			field: "communities[0].maxGroups",
			text:  "expected an integer at line 1, column 44",
		},
		{
			name:  "fraction for an integer",
			json:  `{"groups": [{"id": "g1", "capacity": 1.5}]}`,
			field: "groups[0].capacity",
			text:  "expected an integer within range",
		},
		{
			name:  "string need weight",
			json:  `{"communities": [{"id": "c1", "needs": {"ELDERLY": "high"}}]}`,
			field: `communities[0].needs["ELDERLY"]`,
			text:  "expected a number",
		},
		{
			name:  "number out of range",
			json:  `{"params": {"needWeight": 1e999}}`,
			field: "params.needWeight",
			text:  "number out of range",
		},
		{
			name:  "null where a value is required",
			json:  `{"params": {"candidates": null}}`,
			field: "params.candidates",
			text:  "must not be null",
		},
		{
			name:  "not an object",
			json:  `[1, 2]`,
			field: "",
			text:  "expected an object at line 1, column 1",
		},
		{
			name:  "malformed JSON",
			json:  "{\"communities\": [\n  {\"id\": \"c1\",}\n]}",
			field: "communities[0]",
			text:  "malformed JSON",
		},
		{
			name:  "truncated",
			json:  `{"communities": [{"id": "c1"`,
			field: "communities[0]",
			text:  "unexpected end of input",
		},
		{
			name:  "empty input",
			json:  ``,
			field: "",
			text:  "unexpected end of input",
		},
		{
			name:  "trailing data",
			json:  `{"communities": []} {"groups": []}`,
			field: "",
			text:  "unexpected data after the instance at line 1, column 21",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode(strings.NewReader(tt.json))
			fe, ok := fault.As(err)
			if !ok {
				t.Fatalf("got error %v, want a *fault.Error", err)
			}
			if fe.Code != fault.BadUserInput {
				t.Errorf("got code %s, want %s", fe.Code, fault.BadUserInput)
			}
			if fe.Field != tt.field {
				t.Errorf("got field %q, want %q", fe.Field, tt.field)
			}
			if !strings.Contains(fe.Text.En, tt.text) {
				t.Errorf("got message %q, want one containing %q", fe.Text.En, tt.text)
			}
			if fe.Text.Zh == "" || fe.Text.Zh == fe.Text.En {
				t.Errorf("got Chinese message %q, want a translation", fe.Text.Zh)
			}
		})
	}
}

func TestDecodeNulls(t *testing.T) {
	in, err := Decode(strings.NewReader(`{"communities": [{"id": "c1", "location": null, "needs": null, "existing": null}], "groups": null}`))
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	if len(in.Communities) != 1 || in.Communities[0].Location != nil || in.Groups != nil {
		t.Errorf("got %+v, want one community and no groups", in)
	}
	if in.Params != DefaultParams() {
		t.Errorf("got params %+v, want the defaults", in.Params)
	}
}
