package importer_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/wushehub/wushe/internal/importer"
)

// TestTemplates checks each template: the data sheet first, with the
// Chinese headers (required ones marked *), the English headers, the
// example row and a drop-down list per enum and yes/no column; the
// instructions sheet; the lists hidden.
func TestTemplates(t *testing.T) {
	for _, s := range importer.Specs() {
		t.Run(s.Slug, func(t *testing.T) {
			var buf bytes.Buffer
			if err := importer.Template(&buf, s); err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenReader(&buf)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if got := strings.Join(f.GetSheetList(), ","); got != s.Zh+",说明,选项" {
				t.Errorf("sheets %s, want %s,说明,选项", got, s.Zh)
			}
			if v, _ := f.GetSheetVisible("选项"); v {
				t.Errorf("the lists sheet is visible")
			}
			rows, err := f.GetRows(s.Zh)
			if err != nil || len(rows) != 3 {
				t.Fatalf("data sheet has %d rows (%v), want headers and an example", len(rows), err)
			}
			lists := 0
			for i, c := range s.Columns {
				want := c.Zh
				if c.Required {
					want = "*" + c.Zh
				}
				if rows[0][i] != want || rows[1][i] != c.En {
					t.Errorf("column %d headers %q / %q, want %q / %q", i+1, rows[0][i], rows[1][i], want, c.En)
				}
				if c.Kind == importer.Enum || c.Kind == importer.Bool {
					lists++
				}
			}
			dvs, err := f.GetDataValidations(s.Zh)
			if err != nil || len(dvs) != lists {
				t.Errorf("%d drop-down lists (%v), want %d", len(dvs), err, lists)
			}
			help, _ := f.GetRows("说明")
			if len(help) < len(s.Columns)+10 || !strings.Contains(help[3][0], s.KeyZh) {
				t.Errorf("instructions: %d rows, key line %q", len(help), help[min(3, len(help)-1)])
			}
		})
	}
}
