package graph_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/ent/community"
	"github.com/wushehub/wushe/ent/volunteer"
	"github.com/wushehub/wushe/internal/dashboard"
	"github.com/wushehub/wushe/internal/store"
	"github.com/wushehub/wushe/internal/store/storetest"
)

// TestDashboardVolunteerRollup: the counts and hours the database keeps per
// community, kind and star band (volunteer_rollups) are, after volunteers are
// created, updated in hours and kind, moved between communities and deleted,
// and after a division sets thresholds that are not bands yet, what the
// volunteers themselves sum to; and the district's volunteers panel, read
// from the rollup, counts each star level by the thresholds in force.
func TestDashboardVolunteerRollup(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c, ctx := db.Client, sys()
		d := newSynthetic(t, c).district("640105", 3, 4)
		communities := c.Community.Query().Where(community.CodeHasPrefix("640105")).Order(ent.Asc(community.FieldCode)).AllX(ctx)

		type key struct {
			community int
			kind      string
			band      int
		}
		type sums struct {
			n     int
			hours float64
		}
		check := func(step string) {
			t.Helper()
			bands := starBands(t, db)
			want := map[key]sums{}
			for _, v := range c.Volunteer.Query().AllX(ctx) {
				band := 0
				for _, b := range bands {
					if v.Hours >= float64(b) {
						band = b
					}
				}
				if v.CommunityID == nil {
					continue
				}
				k := key{*v.CommunityID, string(v.Kind), band}
				s := want[k]
				s.n++
				s.hours += v.Hours
				want[k] = s
			}
			got := map[key]sums{}
			rs, err := db.SQL.Query(`SELECT community_id, kind, band, volunteers, hours FROM volunteer_rollups WHERE volunteers <> 0`)
			if err != nil {
				t.Fatal(err)
			}
			for rs.Next() {
				var k key
				var s sums
				if err := rs.Scan(&k.community, &k.kind, &k.band, &s.n, &s.hours); err != nil {
					t.Fatal(err)
				}
				got[k] = s
			}
			rs.Close()
			if len(want) == 0 || len(got) != len(want) {
				t.Errorf("%s: %d sums kept, %d in the rows", step, len(got), len(want))
			}
			for k, w := range want {
				if g := got[k]; g.n != w.n || math.Abs(g.hours-w.hours) > 1e-6 {
					t.Errorf("%s: %+v: kept %+v, the rows say %+v", step, k, g, w)
				}
			}
			// The district's panel, as the platform (nothing withheld).
			thresholds := dashboard.DefaultStarHours
			if dv := c.Division.GetX(ctx, d.ID); len(dv.VolunteerStarHours) > 0 {
				thresholds = dv.VolunteerStarHours
			}
			stars := map[int]int{}
			total := 0
			for _, v := range c.Volunteer.Query().Where(volunteer.HasCommunityWith(community.CodeHasPrefix("640105"))).AllX(ctx) {
				level := 0
				for i, h := range thresholds {
					if v.Hours >= float64(h) {
						level = i + 1
					}
				}
				stars[level]++
				total++
			}
			out, _ := dashboardOf(t, db, admin, d.ID, nil)
			vf := out.Dashboard.Volunteers
			if value(t, step+": volunteers", vf.Total) != total || fmt.Sprint(vf.StarHours) != fmt.Sprint(thresholds) {
				t.Errorf("%s: the panel counts %d volunteers by %v, the rows %d by %v", step, value(t, "volunteers", vf.Total), vf.StarHours, total, thresholds)
			}
			for _, s := range vf.Stars {
				if got := value(t, step+": stars", s.Count); got != stars[s.Stars] {
					t.Errorf("%s: %d volunteers with %d stars, the rows say %d", step, got, s.Stars, stars[s.Stars])
				}
			}
		}
		check("as created")

		// Creates, in bulk and one by one, across the bands.
		var bulk []*ent.VolunteerCreate
		for i := range 40 {
			bulk = append(bulk, c.Volunteer.Create().SetName(fmt.Sprintf("汇总志愿者%d", i)).
				SetKind([]volunteer.Kind{volunteer.KindRESIDENT, volunteer.KindSTAFF}[i%2]).
				SetHours(float64(i*47%1800)+0.25).SetCommunity(communities[i%len(communities)]))
		}
		created := c.Volunteer.CreateBulk(bulk...).SaveX(ctx)
		c.Volunteer.Create().SetName("单个志愿者").SetKind(volunteer.KindPARTY_MEMBER).SetHours(299.5).SetCommunity(communities[0]).SaveX(ctx)
		check("after creates")

		// Updates of hours and kind, one and many; an update of neither.
		c.Volunteer.UpdateOne(created[0]).SetHours(1200).SaveX(ctx)
		c.Volunteer.Update().Where(volunteer.KindEQ(volunteer.KindSTAFF)).AddHours(150).SetKind(volunteer.KindSTUDENT).SaveX(ctx)
		c.Volunteer.Update().Where(volunteer.KindEQ(volunteer.KindRESIDENT)).SetName("改名志愿者").SaveX(ctx)
		check("after updates")

		// Moves between communities (of other streets too).
		c.Volunteer.UpdateOne(created[1]).SetCommunity(communities[len(communities)-1]).SaveX(ctx)
		c.Volunteer.Update().Where(volunteer.HasCommunityWith(community.ID(communities[1].ID))).SetCommunity(communities[2]).SaveX(ctx)
		check("after moves")

		// Deletes.
		c.Volunteer.DeleteOne(created[2]).ExecX(ctx)
		c.Volunteer.Delete().Where(volunteer.HoursLT(100)).ExecX(ctx)
		check("after deletes")

		// Thresholds that are not bands yet: the bands grow and every
		// volunteer's band is counted again; then more writes.
		c.Division.UpdateOneID(d.ID).SetVolunteerStarHours([]int{50, 150, 250, 400}).SaveX(ctx)
		check("after new thresholds")
		c.Volunteer.UpdateOne(created[3]).SetHours(260).SaveX(ctx)
		c.Volunteer.Create().SetName("新门槛志愿者").SetKind(volunteer.KindRESIDENT).SetHours(155).SetCommunity(communities[3]).SaveX(ctx)
		check("after writes under the new thresholds")

		bands := starBands(t, db)
		if fmt.Sprint(bands) != "[50 100 150 250 300 400 600 1000 1500]" {
			t.Errorf("bands %v, want the defaults %v and the district's", bands, dashboard.DefaultStarHours)
		}
	})
}

// starBands returns the star bands in use, in ascending order.
func starBands(t *testing.T, db *store.DB) []int {
	t.Helper()
	rs, err := db.SQL.Query(`SELECT hours FROM star_bands ORDER BY hours`)
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	var bands []int
	for rs.Next() {
		var h int
		if err := rs.Scan(&h); err != nil {
			t.Fatal(err)
		}
		bands = append(bands, h)
	}
	if err := rs.Err(); err != nil {
		t.Fatal(err)
	}
	return bands
}
