package dashboard

import (
	"testing"
	"time"
)

func TestCodeRange(t *testing.T) {
	tests := []struct{ prefix, lo, hi string }{
		{"640105", "640105", "640106"},
		{"640109", "640109", "64011"},
		{"520204002012", "520204002012", "520204002013"},
		{"99", "99", ""},
	}
	for _, tt := range tests {
		t.Run(tt.prefix, func(t *testing.T) {
			lo, hi := codeRange(tt.prefix)
			if lo != tt.lo || hi != tt.hi {
				t.Errorf("codeRange(%q) = %q, %q; want %q, %q", tt.prefix, lo, hi, tt.lo, tt.hi)
			}
		})
	}
}

func TestKey(t *testing.T) {
	tests := []struct {
		name     string
		area     string
		children []string
		want     string
	}{
		{"community", "520204002012", nil, "substr(c.code, 1, 12)"},
		{"district by street", "640105", []string{"640105001", "640105002"}, "substr(c.code, 1, 9)"},
		{"province with directly administered counties", "42", []string{"4201", "4202", "429004"},
			"CASE WHEN substr(c.code, 1, 4) IN ('4201', '4202') THEN substr(c.code, 1, 4) ELSE substr(c.code, 1, 6) END"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var kids []*Area
			for _, p := range tt.children {
				kids = append(kids, &Area{prefix: p})
			}
			sc := newScope(&Area{prefix: tt.area}, kids, nil, nil, AllPanels)
			if got := sc.key("c.code"); got != tt.want {
				t.Errorf("key = %s\nwant  %s", got, tt.want)
			}
		})
	}
}

func TestPeriod(t *testing.T) {
	d := func(s string) *time.Time {
		v, _ := time.Parse(time.DateOnly, s)
		return &v
	}
	if _, _, err := period(d("2025-01-02"), d("2025-01-01")); err == nil {
		t.Error("a period ending before it starts was accepted")
	}
	from, to, err := period(d("2025-01-01"), d("2025-01-01"))
	if err != nil || from.Format(time.DateOnly) != "2025-01-01" || to.Format(time.DateOnly) != "2025-01-01" {
		t.Errorf("one-day period: %v %v %v", from, to, err)
	}
	sc := newScope(&Area{prefix: "640105"}, nil, from, to, AllPanels)
	if x := sc.during("a.held_on"); x.text != "a.held_on >= ? AND a.held_on < ?" || x.args[0] != "2025-01-01" || x.args[1] != "2025-01-02" {
		t.Errorf("during = %+v: the last day must be included", x)
	}
}

func TestStarLevel(t *testing.T) {
	th := thresholds{rules: []starRule{{prefix: "640105001", hours: []int{10}}, {prefix: "640105", hours: []int{50, 150}}}}
	if got := th.hoursFor("640105002"); len(got) != 2 {
		t.Errorf("a street without rules takes its district's: %v", got)
	}
	if got := th.hoursFor("640105001003"); len(got) != 1 {
		t.Errorf("a community takes its street's: %v", got)
	}
	if got := th.hoursFor("520204"); len(got) != len(DefaultStarHours) {
		t.Errorf("elsewhere the defaults: %v", got)
	}
	want := "CASE WHEN substr(c.code, 1, 9) = '640105001' THEN CASE WHEN v.hours >= 10 THEN 1 ELSE 0 END" +
		" WHEN substr(c.code, 1, 6) = '640105' THEN CASE WHEN v.hours >= 150 THEN 2 WHEN v.hours >= 50 THEN 1 ELSE 0 END" +
		" ELSE CASE WHEN v.hours >= 1500 THEN 5 WHEN v.hours >= 1000 THEN 4 WHEN v.hours >= 600 THEN 3 WHEN v.hours >= 300 THEN 2 WHEN v.hours >= 100 THEN 1 ELSE 0 END END"
	if got := th.starLevel("c.code", "v.hours"); got != want {
		t.Errorf("starLevel =\n%s\nwant\n%s", got, want)
	}
}

func TestMedian(t *testing.T) {
	tests := []struct {
		hist map[float64]int64
		want float64
	}{
		{map[float64]int64{3: 1}, 3},
		{map[float64]int64{1: 1, 2: 1, 10: 1}, 2},
		{map[float64]int64{1: 2, 4: 2}, 2.5},
		{map[float64]int64{5: 3, 1: 1}, 5},
		{map[float64]int64{7: 0, 2: 1, 9: 1}, 5.5},
	}
	for _, tt := range tests {
		if got := median(tt.hist); got == nil || *got != tt.want {
			t.Errorf("median(%v) = %v, want %v", tt.hist, got, tt.want)
		}
	}
	if got := median(nil); got != nil {
		t.Errorf("median of nothing = %v, want nil", *got)
	}
}
