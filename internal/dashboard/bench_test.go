package dashboard_test

import (
	"context"
	"database/sql"
	"io"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/dashboard"
	"github.com/wushehub/wushe/internal/scale"
	"github.com/wushehub/wushe/internal/store"
	"github.com/wushehub/wushe/internal/store/storetest"
)

// BenchmarkDashboard times the dashboard of a district (100 communities,
// 100,000 activities), a city (1,000 communities) and the province (5,000
// communities, 5 million activities, 1 million volunteers: the synthetic
// province of package scale, as `server seed --scale province` writes it)
// on PostgreSQL with the hub's session settings (jit off, work_mem 32MB),
// and reports the statements each costs. It builds the province (a few
// minutes) outside the timer, in a scratch database; with
// WUSHE_BENCH_PROVINCE set to a database URL it builds it there once and
// reuses it on later runs.
//
//	WUSHE_TEST_POSTGRES=postgres://… go test -run xxx -bench Dashboard -benchtime 10x ./internal/dashboard/
func BenchmarkDashboard(b *testing.B) {
	dsn := os.Getenv("WUSHE_BENCH_PROVINCE")
	if dsn == "" {
		dsn = storetest.PostgresDSN(b) // skips without WUSHE_TEST_POSTGRES
	}
	ctx := context.Background()
	db := open(b, dsn)
	built := time.Now()
	var have int
	if err := db.SQL.QueryRow(`SELECT COUNT(*) FROM communities WHERE code LIKE '45%'`).Scan(&have); err != nil {
		b.Fatal(err)
	}
	if have == 0 {
		province, err := scale.SizeNamed("province")
		if err != nil {
			b.Fatal(err)
		}
		if err := scale.Load(ctx, db, province, nil); err != nil {
			b.Fatalf("building the province: %v", err)
		}
	}
	var activities, communities int
	if err := db.SQL.QueryRow(`SELECT (SELECT COUNT(*) FROM activities), (SELECT COUNT(*) FROM communities)`).Scan(&activities, &communities); err != nil {
		b.Fatal(err)
	}
	b.Logf("province ready in %s: %d communities, %d activities", time.Since(built).Round(time.Second), communities, activities)
	for _, area := range []struct{ name, code string }{
		{"district", scale.DistrictCode},
		{"city", scale.CityCode},
		{"province", scale.ProvinceCode},
	} {
		id := divisionID(b, db.SQL, area.code)
		b.Run(area.name, func(b *testing.B) {
			svc := dashboard.New(db.Client)
			ctx := authz.NewContext(ctx, authz.Viewer{Subject: "bench", Role: authz.PlatformAdmin})
			var statements int64
			for b.Loop() {
				cctx, n := store.CountStatements(ctx)
				if _, err := svc.Get(cctx, dashboard.Request{Area: id}); err != nil {
					b.Fatal(err)
				}
				statements = n.Load()
			}
			b.ReportMetric(float64(statements), "statements/op")
		})
	}
	// Where the time goes: each panel alone, for the district and the
	// province (the base figures are read with every one).
	for _, area := range []struct{ name, code string }{{"district", scale.DistrictCode}, {"province", scale.ProvinceCode}} {
		id := divisionID(b, db.SQL, area.code)
		for _, p := range []struct {
			name   string
			panels dashboard.Panels
		}{
			{"pairing", dashboard.PanelPairing}, {"activities", dashboard.PanelActivities}, {"volunteers", dashboard.PanelVolunteers},
			{"workers", dashboard.PanelWorkers}, {"consultations", dashboard.PanelConsultations}, {"selfFunding", dashboard.PanelSelfFunding},
			{"space", dashboard.PanelSpace | dashboard.PanelSpaceList}, {"training", dashboard.PanelTraining}, {"map", dashboard.PanelMap},
		} {
			b.Run(area.name+"-panel/"+p.name, func(b *testing.B) {
				svc := dashboard.New(db.Client)
				ctx := authz.NewContext(ctx, authz.Viewer{Subject: "bench", Role: authz.PlatformAdmin})
				for b.Loop() {
					if _, err := svc.Get(ctx, dashboard.Request{Area: id, Panels: p.panels}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// open opens and migrates the database at dsn for tb.
func open(tb testing.TB, dsn string) *store.DB {
	tb.Helper()
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background(), slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		tb.Fatal(err)
	}
	return db
}

func divisionID(tb testing.TB, db *sql.DB, code string) int {
	tb.Helper()
	var id int
	if err := db.QueryRow(`SELECT id FROM divisions WHERE code = $1`, code).Scan(&id); err != nil {
		tb.Fatalf("division %s: %v", code, err)
	}
	return id
}
