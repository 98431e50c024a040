package graph_test

import (
	"testing"

	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/demo"
	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/store"
	"github.com/wushehub/wushe/internal/store/storetest"
)

// TestAreaByCode: where an area is asked, its 12-digit code does what its
// global ID does; an unknown code is NOT_FOUND and a bad value names the
// argument it was given in.
func TestAreaByCode(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if _, err := demo.Load(sys(), db.Client); err != nil {
			t.Fatal(err)
		}
		officer := authz.Viewer{Subject: "officer", Agency: demo.XixiaCode, Role: authz.DistrictOfficer}
		a := newAPI(t, db, officer, fault.English)
		type dash struct {
			Dashboard struct {
				Name, Code  string
				Communities int
			}
		}
		for _, code := range []string{demo.XixiaCode, "520204002012"} {
			var byCode dash
			a.mustDo(`query($d: ID!) { dashboard(division: $d) { name code communities } }`, map[string]any{"d": code}, &byCode)
			if byCode.Dashboard.Code != code {
				t.Errorf("dashboard(division: %q) answered %+v", code, byCode.Dashboard)
			}
		}
		var plan struct {
			PairingPlan struct{ TotalCommunities int } `json:"pairingPlan"`
		}
		a.mustDo(`{ pairingPlan(input: {division: "640105001000"}) { totalCommunities } }`, nil, &plan)
		if plan.PairingPlan.TotalCommunities == 0 {
			t.Errorf("pairingPlan by street code: %+v", plan)
		}
		errs := a.do(`{ dashboard(division: "640105999999") { name } }`, nil, nil)
		if len(errs) != 1 || errs[0].code() != string(fault.NotFound) || errs[0].field() != "division" {
			t.Errorf("unknown code: %+v", errs)
		}
		errs = a.do(`{ dashboard(division: "abc") { name } }`, nil, nil)
		if len(errs) != 1 || errs[0].code() != string(fault.BadUserInput) || errs[0].field() != "division" {
			t.Errorf("bad value: %+v, want BAD_USER_INPUT on division", errs)
		}
	})
}
