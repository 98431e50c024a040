package dashboard

import "testing"

func i64(n int64) *int64     { return &n }
func f64(x float64) *float64 { return &x }
func shownArea(code string, active int64, hours float64, acc Access) VolunteeringArea {
	return VolunteeringArea{Code: code, Access: acc, ActiveVolunteers: i64(active), Hours: f64(hours), PointsIssued: i64(int64(hours)), PointsRedeemed: i64(0),
		TalentTitles: i64(0), HousingGrants: i64(0)}
}

// TestVolunteeringComplements: no withheld figure of the volunteer-service
// dashboard is the total minus the figures shown beside it.
func TestVolunteeringComplements(t *testing.T) {
	v := &Volunteering{
		Area: shownArea("640105000000", 40, 400, Aggregate),
		Breakdown: []VolunteeringArea{
			{Code: "640105001000", Access: Aggregate, PointsRedeemed: i64(0)}, // 1 to 4 persons: withheld by persons (a 0 is shown)
			shownArea("640105002000", 20, 150, Aggregate),
			shownArea("640105003000", 10, 60, Aggregate),
			shownArea("640105004000", 7, 170, Full),
		},
		ByMonth: []VolunteeringMonth{
			{Month: "2026-01", ActiveVolunteers: i64(30), Hours: f64(300)},
			{Month: "2026-02"}, // withheld
			{Month: "2026-03", ActiveVolunteers: i64(9), Hours: f64(80)},
		},
		Stars:   []StarCount{{Level: 0, Count: i64(30)}, {Level: 1, Count: nil}, {Level: 2, Count: i64(6)}},
		Talents: []TalentCount{{Kind: "TITLE", Name: "a", Count: i64(7)}, {Kind: "TITLE", Name: "b", Count: nil}},
	}
	v.Area.TalentTitles = i64(9)
	complementVolunteering(v, false)
	// The months are decided top down: here the area is the root.
	complementRows([]*VolunteeringArea{&v.Area}, [][]VolunteeringMonth{v.ByMonth})
	if v.Breakdown[2].Hours != nil || v.Breakdown[2].ActiveVolunteers != nil {
		t.Errorf("the smallest street the viewer does not see in full is shown: %+v", v.Breakdown[2])
	}
	if v.Breakdown[1].Hours == nil || v.Breakdown[3].Hours == nil {
		t.Errorf("more withheld than needed: %+v", v.Breakdown)
	}
	if v.ByMonth[2].Hours != nil {
		t.Errorf("March gives February away: %+v", v.ByMonth)
	}
	for _, s := range v.Stars {
		if s.Count != nil {
			t.Errorf("star level %d shown beside a withheld one", s.Level)
		}
	}
	if v.Talents[0].Count != nil && v.Area.TalentTitles != nil {
		t.Errorf("title b is the total minus title a: %+v, total %v", v.Talents, *v.Area.TalentTitles)
	}
	// In full, nothing changes.
	w := &Volunteering{Area: shownArea("x", 3, 3, Full), Breakdown: []VolunteeringArea{{Code: "y"}, shownArea("z", 2, 2, Full)}}
	complementVolunteering(w, true)
	if w.Breakdown[1].Hours == nil {
		t.Error("a full viewer's figures withheld")
	}
}

// TestVolunteeringMonthsTable: in the table of the months of the areas
// below an area, a month withheld above with every area's month shown
// beside it, or one area's month withheld alone, takes another with it.
func TestVolunteeringMonthsTable(t *testing.T) {
	top := []VolunteeringMonth{
		{Month: "2026-01", Hours: f64(10), PointsIssued: nil, PointsRedeemed: i64(0)}, // points withheld above
		{Month: "2026-02", Hours: f64(20), PointsIssued: i64(5), PointsRedeemed: i64(0)},
	}
	month := func(m string, h float64, p int64) VolunteeringMonth {
		return VolunteeringMonth{Month: m, ActiveVolunteers: i64(5), Hours: f64(h), PointsIssued: i64(p), PointsRedeemed: i64(0)}
	}
	rows := [][]VolunteeringMonth{
		{month("2026-01", 6, 30), month("2026-02", 10, 3)},
		{month("2026-01", 4, 12), {Month: "2026-02", Hours: nil, PointsIssued: nil, PointsRedeemed: i64(0)}}, // withheld: 10 h, 2 points
	}
	totals := []*VolunteeringArea{
		{Hours: nil, PointsIssued: nil, PointsRedeemed: i64(0)},
		{Hours: nil, PointsIssued: nil, PointsRedeemed: i64(0)},
	}
	complementTable(top, totals, rows)
	if rows[0][0].PointsIssued != nil && rows[1][0].PointsIssued != nil {
		t.Errorf("January's points withheld above, each area's shown: %+v", rows)
	}
	if rows[0][1].Hours != nil {
		t.Errorf("February's hours of the second area are the area's minus the first's: %+v", rows)
	}
}
