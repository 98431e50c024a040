package server

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"strings"
	"sync"
	"time"
)

// dashboardPage is the dashboard (看板) with everything it needs inline
// (script, ECharts, styles): one page that loads nothing but /graphql, built
// from web/ by `npm ci && npm run build`.
//
//go:embed dashboard/index.html
var dashboardPage []byte

// dashboard serves the dashboard page at /dashboard, gzip-compressed when the
// client accepts it, with an ETag. Its Content-Security-Policy allows only
// the page's own inline script (by hash), inline styles (ECharts styles its
// SVG), and connections to this origin: no workers, frames, fonts or
// images from anywhere.
func dashboard() http.HandlerFunc {
	sum := sha256.Sum256(dashboardPage)
	etag := `"` + hex.EncodeToString(sum[:8]) + `"`
	csp := dashboardPolicy(dashboardPage)
	var (
		once    sync.Once
		gzipped []byte
	)
	return func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cache-Control", "no-cache")
		h.Add("Vary", "Accept-Encoding")
		body := dashboardPage
		h.Set("ETag", etag)
		if acceptsGzip(r.Header.Get("Accept-Encoding")) {
			once.Do(func() { gzipped = gzipBytes(dashboardPage) })
			body = gzipped
			h.Set("Content-Encoding", "gzip")
			h.Set("ETag", strings.TrimSuffix(etag, `"`)+`-gzip"`)
		}
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
	}
}

// dashboardPolicy returns the Content-Security-Policy of page: its inline
// scripts allowed by their SHA-256 hashes, inline styles, connections to
// this origin, nothing else.
func dashboardPolicy(page []byte) string {
	var hashes []string
	for _, script := range inlineScripts(page) {
		sum := sha256.Sum256(script)
		hashes = append(hashes, "'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'")
	}
	return strings.Join([]string{
		"default-src 'none'",
		"script-src " + strings.Join(hashes, " "),
		"style-src 'unsafe-inline'", // the page's styles and ECharts' SVG styles
		"connect-src 'self'",        // /graphql
		"img-src data:",
		"base-uri 'none'",
		"form-action 'none'",
		"frame-ancestors 'none'",
	}, "; ")
}
