package server

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

// TestGraphiQLPage: / serves the embedded GraphiQL build, whose one inline
// script is allowed by hash in its Content-Security-Policy, which loads
// nothing from another origin, and which points its fetcher at /graphql
// over HTTP and WebSocket (graphql-transport-ws).
func TestGraphiQLPage(t *testing.T) {
	h := graphiQL()
	w := httptest.NewRecorder()
	h(w, httptest.NewRequest(http.MethodGet, "/", nil))
	res := w.Result()
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "text/html; charset=utf-8" {
		t.Fatalf("GET / = %d %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	page := w.Body.Bytes()
	if !bytes.Equal(page, graphiQLPage) {
		t.Fatalf("GET / served %d bytes, want the embedded page (%d bytes)", len(page), len(graphiQLPage))
	}
	if len(page) < 1<<20 {
		t.Errorf("the page has %d bytes: not a GraphiQL build (run `npm ci && npm run build` in web/)", len(page))
	}

	scripts := inlineScripts(page)
	if len(scripts) != 1 {
		t.Fatalf("the page has %d inline scripts, want 1", len(scripts))
	}
	sum := sha256.Sum256(scripts[0])
	csp := res.Header.Get("Content-Security-Policy")
	if want := "script-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"; !strings.Contains(csp, want) {
		t.Errorf("Content-Security-Policy %q lacks %q", csp, want)
	}
	for _, want := range []string{"default-src 'none'", "worker-src blob:", "connect-src 'self'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("Content-Security-Policy %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-eval") || strings.Contains(csp, "script-src 'unsafe-inline'") {
		t.Errorf("Content-Security-Policy allows arbitrary scripts: %q", csp)
	}

	// Nothing from elsewhere: no src or href to another origin, no @import.
	external := regexp.MustCompile(`(?i)<(script|link|img|iframe)[^>]+(src|href)=["']?(https?:)?//|@import`)
	if m := external.Find(page); m != nil {
		t.Errorf("the page loads from another origin: %s", m)
	}
	for _, want := range []string{`"/graphql"`, "graphql-transport-ws", "MonacoEnvironment", "wushe.token"} {
		if !bytes.Contains(scripts[0], []byte(want)) {
			t.Errorf("the script lacks %s", want)
		}
	}
	if bytes.Contains(bytes.ToLower(scripts[0]), []byte("<script")) || bytes.Contains(scripts[0], []byte("<!--")) {
		t.Error(`the inline script contains "<script" or "<!--"`)
	}
}

// TestGraphiQLPageEncoding: gzip when accepted, with its own ETag, and 304
// on revalidation.
func TestGraphiQLPageEncoding(t *testing.T) {
	h := graphiQL()
	get := func(headers ...string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		for i := 0; i+1 < len(headers); i += 2 {
			r.Header.Set(headers[i], headers[i+1])
		}
		w := httptest.NewRecorder()
		h(w, r)
		return w
	}

	plain := get()
	zipped := get("Accept-Encoding", "br, gzip;q=0.8")
	if zipped.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("Content-Encoding = %q, want gzip", zipped.Header().Get("Content-Encoding"))
	}
	t.Logf("page %d bytes, gzipped %d", len(graphiQLPage), zipped.Body.Len())
	zr, err := gzip.NewReader(zipped.Body)
	if err != nil {
		t.Fatal(err)
	}
	unzipped, err := io.ReadAll(zr)
	if err != nil || !bytes.Equal(unzipped, graphiQLPage) {
		t.Fatalf("gzipped page does not decode to the page: %v", err)
	}
	if get("Accept-Encoding", "gzip;q=0").Header().Get("Content-Encoding") != "" {
		t.Error("gzip;q=0 got gzip")
	}

	etag, zetag := plain.Header().Get("ETag"), zipped.Header().Get("ETag")
	if etag == "" || etag == zetag {
		t.Fatalf("ETags %q and %q: want two different ones", etag, zetag)
	}
	if w := get("If-None-Match", etag); w.Code != http.StatusNotModified || w.Body.Len() != 0 {
		t.Errorf("revalidation: %d with %d bytes, want 304 and none", w.Code, w.Body.Len())
	}
	if w := get("If-None-Match", etag, "Accept-Encoding", "gzip"); w.Code != http.StatusOK {
		t.Errorf("identity ETag for a gzip request: %d, want 200", w.Code)
	}
	if w := get("If-None-Match", zetag, "Accept-Encoding", "gzip"); w.Code != http.StatusNotModified {
		t.Errorf("gzip revalidation: %d, want 304", w.Code)
	}
}
