package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestDashboardInBrowser serves the demo through run and opens /dashboard
// in headless Chromium with a Xixia district officer's token (as `server
// token` issues it): the panels must render with the demo's figures — 66 of
// 66 communities paired, 421 certified social workers — every chart and the
// map must be drawn, a click on the breakdown must drill down, and PUBLIC
// must see Shalong's figures with the small counts of persons withheld.
func TestDashboardInBrowser(t *testing.T) {
	node := needNode(t, "playwright-core", "echarts")
	needChromium(t)
	dir := t.TempDir()
	env := envFor(dir)
	srv := start(t, env, "--demo")
	token := issueToken(t, env, "--role", "DISTRICT_OFFICER", "--agency", "640105000000", "--database", filepath.Join(dir, "wushe.db"))
	began := time.Now()
	out := runNode(t, node, 3*time.Minute, "dashboard.mjs", srv.base, token, "640105000000",
		"paired=66 / 66", "certified=421", "agreements=3",
		"--", "520204002012", "activities=68", "certified=—", "one-stop=142")
	t.Logf("dashboard browser test took %s:\n%s", time.Since(began).Round(100*time.Millisecond), strings.TrimRight(out, "\n"))
}
