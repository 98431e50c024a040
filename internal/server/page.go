package server

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"strings"
	"sync"
	"time"
)

// embeddedPage serves page, a self-contained HTML page built from web/ and
// embedded in the binary: gzip-compressed when the client accepts it, with
// an ETag so that browsers revalidate instead of downloading it again, and
// a Content-Security-Policy that allows the page's own inline scripts (by
// their SHA-256 hashes), connections to this origin, the directives given,
// and nothing else from anywhere.
func embeddedPage(page []byte, directives ...string) http.HandlerFunc {
	sum := sha256.Sum256(page)
	etag := `"` + hex.EncodeToString(sum[:8]) + `"`
	csp := pagePolicy(page, directives...)
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
		body := page
		h.Set("ETag", etag)
		if acceptsGzip(r.Header.Get("Accept-Encoding")) {
			once.Do(func() { gzipped = gzipBytes(page) })
			body = gzipped
			h.Set("Content-Encoding", "gzip")
			h.Set("ETag", strings.TrimSuffix(etag, `"`)+`-gzip"`)
		}
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
	}
}

// pagePolicy returns the Content-Security-Policy of page.
func pagePolicy(page []byte, directives ...string) string {
	var hashes []string
	for _, script := range inlineScripts(page) {
		sum := sha256.Sum256(script)
		hashes = append(hashes, "'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'")
	}
	policy := []string{
		"default-src 'none'",
		"script-src " + strings.Join(hashes, " "),
		"connect-src 'self'", // /graphql over HTTP and WebSocket
	}
	policy = append(policy, directives...)
	policy = append(policy, "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'")
	return strings.Join(policy, "; ")
}

// inlineScripts returns the contents of the <script> elements of page (the
// builds write them without attributes).
func inlineScripts(page []byte) [][]byte {
	var scripts [][]byte
	for {
		_, rest, ok := bytes.Cut(page, []byte("<script>"))
		if !ok {
			return scripts
		}
		script, after, ok := bytes.Cut(rest, []byte("</script>"))
		if !ok {
			return scripts
		}
		scripts = append(scripts, script)
		page = after
	}
}

// acceptsGzip reports whether an Accept-Encoding header allows gzip.
func acceptsGzip(header string) bool {
	for part := range strings.SplitSeq(header, ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(coding), "gzip") {
			q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
			return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
		}
	}
	return false
}

func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
	_, _ = zw.Write(b)
	_ = zw.Close()
	return buf.Bytes()
}
