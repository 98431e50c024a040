package main

import (
	"bytes"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// TestDashboardInBrowser serves the demo through run and opens /dashboard
// in headless Chromium with a Xixia district officer's token (as `server
// token` issues it): the panels must render with the demo's figures — 66 of
// 66 communities paired, 421 certified social workers — every chart and the
// map must be drawn, with Xixia's streets outlined and named, a click on the
// breakdown must drill down, the volunteer-service panel must show Xixia's
// 12 talent titles and 38 housing grants, PUBLIC must see Shalong's figures
// with the small counts of persons withheld, and in a Xixia street's
// volunteer service communities and months withheld, shown as "—" (not 0), and each viewer must land on its own
// area — PUBLIC on the district with the most communities, Xixia — named
// in the picker after a reload too.
func TestDashboardInBrowser(t *testing.T) {
	node := needNode(t, "playwright-core", "echarts")
	needChromium(t)
	dir := t.TempDir()
	env := envFor(dir)
	srv := start(t, env, "--demo")
	token := issueToken(t, env, "--role", "DISTRICT_OFFICER", "--agency", "640105000000", "--database", filepath.Join(dir, "wushe.db"))
	began := time.Now()
	out := runNode(t, node, 3*time.Minute, "dashboard.mjs", srv.base, token, "640105000000",
		"paired=66 / 66", "certified=421", "agreements=3", "vol-titles=12", "vol-grants=38",
		"--", "520204002012", "activities=68", "certified=—", "one-stop=142",
		"--", "640105000000",
		"--", "640105001000", "withheld#vol-breakdown=—", "withheld#vol-months=—")
	t.Logf("dashboard browser test took %s:\n%s", time.Since(began).Round(100*time.Millisecond), strings.TrimRight(out, "\n"))
}

// TestImportPanelInBrowser is the walk-through of the import panel as
// Shalong's community committee: it exports the community's volunteers
// (GET /export/volunteer.xlsx with its token), changes the first one's
// phone number in the workbook — and, in a second copy, also writes an
// impossible registration date — then in headless Chromium uploads the bad
// copy (the dry run reports the bad cell and the report downloads), then
// the good one (1 updated), confirms, and finds the new phone number
// through GraphQL.
func TestImportPanelInBrowser(t *testing.T) {
	node := needNode(t, "playwright-core")
	needChromium(t)
	dir := t.TempDir()
	env := envFor(dir)
	srv := start(t, env, "--demo")
	token := issueToken(t, env, "--role", "COMMUNITY_OFFICER", "--agency", "520204002012", "--database", filepath.Join(dir, "wushe.db"))
	req, _ := http.NewRequest("GET", srv.base+"/export/volunteer.xlsx?codePrefix=520204002012", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	export, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("export: %d %s", resp.StatusCode, export)
	}
	good, name := editExport(t, export, filepath.Join(dir, "沙龙志愿者.xlsx"), map[string]string{"手机号": "13912345678"})
	bad, _ := editExport(t, export, filepath.Join(dir, "bad.xlsx"), map[string]string{"手机号": "13912345678", "注册日期": "2023-02-30"})
	began := time.Now()
	out := runNode(t, node, 3*time.Minute, "import.mjs", srv.base, token, "520204002012", "volunteer",
		bad, "import-updated=0", "import-refused=1", "cell=2023-02-30",
		"--", good, "import-rows=123", "import-updated=1", "import-refused=0", "import-unchanged=122")
	t.Logf("import panel browser test took %s:\n%s", time.Since(began).Round(100*time.Millisecond), strings.TrimRight(out, "\n"))
	var d struct {
		Volunteers struct {
			Edges []struct{ Node struct{ Phone string } }
		}
	}
	srv.must(t, token, `query($n: String) { volunteers(where: {name: $n}) { edges { node { phone } } } }`, map[string]any{"n": name}, &d)
	if len(d.Volunteers.Edges) != 1 || d.Volunteers.Edges[0].Node.Phone != "13912345678" {
		t.Errorf("after the import, %s: %+v, want phone 13912345678", name, d)
	}
}

// editExport writes to path a copy of an exported workbook whose first data
// row has the cells of the columns named in set changed, and returns path
// and that row's name.
func editExport(t *testing.T, export []byte, path string, set map[string]string) (string, string) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(export))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetList()[0]
	rows, err := f.GetRows(sheet)
	if err != nil || len(rows) < 3 {
		t.Fatalf("export rows: %v (%d)", err, len(rows))
	}
	name := ""
	for i, h := range rows[0] {
		h = strings.TrimPrefix(h, "*")
		cell, _ := excelize.CoordinatesToCellName(i+1, 3)
		if h == "姓名" {
			name = rows[2][i]
		}
		if v, ok := set[h]; ok {
			if err := f.SetCellStr(sheet, cell, v); err != nil {
				t.Fatal(err)
			}
			delete(set, h)
		}
	}
	if len(set) > 0 || name == "" {
		t.Fatalf("columns %v not in the export's headers %q", set, rows[0])
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path, name
}
