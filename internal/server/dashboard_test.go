package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

// TestDashboardPage: /dashboard serves the embedded dashboard build, whose
// one inline script is allowed by hash in a Content-Security-Policy that
// allows connections to this origin only, which loads nothing from
// another origin and asks /graphql with the token of wushe.token.
func TestDashboardPage(t *testing.T) {
	w := httptest.NewRecorder()
	dashboard()(w, httptest.NewRequest(http.MethodGet, "/dashboard", nil))
	res := w.Result()
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "text/html; charset=utf-8" {
		t.Fatalf("GET /dashboard = %d %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	page := w.Body.Bytes()
	if !bytes.Equal(page, dashboardPage) || len(page) < 100<<10 {
		t.Fatalf("GET /dashboard served %d bytes, want the embedded build (%d bytes; run `npm ci && npm run build` in web/)", len(page), len(dashboardPage))
	}
	scripts := inlineScripts(page)
	if len(scripts) != 1 {
		t.Fatalf("the page has %d inline scripts, want 1", len(scripts))
	}
	sum := sha256.Sum256(scripts[0])
	csp := res.Header.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'none'", "script-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'", "connect-src 'self'", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("Content-Security-Policy %q lacks %q", csp, want)
		}
	}
	for _, bad := range []string{"unsafe-eval", "script-src 'unsafe-inline'", "worker-src", "http:", "https:"} {
		if strings.Contains(csp, bad) {
			t.Errorf("Content-Security-Policy %q allows %s", csp, bad)
		}
	}
	external := regexp.MustCompile(`(?i)<(script|link|img|iframe)[^>]+(src|href)=["']?(https?:)?//|@import`)
	if m := external.Find(page); m != nil {
		t.Errorf("the page loads from another origin: %s", m)
	}
	for _, want := range []string{`"/graphql"`, "wushe.token", "dashboard(division:", "breakdown", "echarts"} {
		if !bytes.Contains(scripts[0], []byte(want)) {
			t.Errorf("the script lacks %s", want)
		}
	}

	r := httptest.NewRequest(http.MethodGet, "/dashboard", nil)
	r.Header.Set("Accept-Encoding", "gzip")
	w = httptest.NewRecorder()
	dashboard()(w, r)
	if w.Header().Get("Content-Encoding") != "gzip" || w.Body.Len() >= len(dashboardPage)/2 {
		t.Errorf("gzip: encoding %q, %d bytes", w.Header().Get("Content-Encoding"), w.Body.Len())
	}
}
