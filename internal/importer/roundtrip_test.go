package importer_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/demo"
	"github.com/wushehub/wushe/internal/importer"
	"github.com/wushehub/wushe/internal/store"
	"github.com/wushehub/wushe/internal/store/storetest"
)

// loadDemo returns a database with the demo district.
func loadDemo(t *testing.T, db *store.DB) {
	t.Helper()
	if _, err := demo.Load(context.Background(), db.Client); err != nil {
		t.Fatalf("load demo: %v", err)
	}
}

// viewer returns the demo viewer of role.
func viewer(t *testing.T, r authz.Role) context.Context {
	t.Helper()
	for _, v := range demo.Viewers() {
		if v.Viewer.Role == r {
			return authz.NewContext(context.Background(), v.Viewer)
		}
	}
	t.Fatalf("no demo viewer of role %s", r)
	return nil
}

// TestRoundTrip exports every entity with a template, as the viewers that
// keep such records, imports the export back and expects every row
// unchanged, in both formats.
func TestRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		loadDemo(t, db)
		ex := &importer.Exporter{Client: db.Client, Dialect: db.Dialect}
		im := &importer.Importer{Client: db.Client, Dialect: db.Dialect}
		roles := []authz.Role{authz.PlatformAdmin, authz.DistrictOfficer, authz.StreetOfficer, authz.CommunityOfficer, authz.UniversityStaff, authz.OrganizationStaff}
		for _, spec := range importer.Specs() {
			t.Run(spec.Slug, func(t *testing.T) {
				seen := 0
				for _, role := range roles {
					for _, f := range []importer.Format{importer.XLSX, importer.CSV} {
						ctx := viewer(t, role)
						var buf bytes.Buffer
						n, err := ex.Export(ctx, spec, &buf, importer.ExportOptions{Format: f})
						if err != nil {
							t.Fatalf("%s export as %s: %v", f, role, err)
						}
						rep, err := im.Import(ctx, spec, bytes.NewReader(buf.Bytes()), f, importer.Options{DryRun: true}, nil)
						if err != nil {
							t.Fatalf("%s import as %s: %v", f, role, err)
						}
						if rep.Rows != n || rep.Unchanged != n {
							t.Errorf("%s as %s: exported %d, imported %d rows: %d created, %d updated, %d unchanged, %d refused; want all unchanged",
								f, role, n, rep.Rows, rep.Created, rep.Updated, rep.Unchanged, rep.Refused)
							shown := 0
							for _, r := range rep.All() {
								if r.Outcome != importer.Unchanged && shown < 3 {
									shown++
									t.Logf("  row %d: %s %+v", r.Row, r.Outcome, r.Problems)
								}
							}
						}
						seen += n
					}
				}
				if seen == 0 {
					t.Errorf("no viewer exported any %s record: the round trip proves nothing", spec.Slug)
				}
			})
		}
	})
}
