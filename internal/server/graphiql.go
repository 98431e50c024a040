package server

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"strings"
	"sync"
	"time"
)

// graphiQLPage is GraphiQL with everything it needs inline (script, styles,
// fonts, Monaco's workers): one page that loads nothing but /graphql, built
// from web/ by `npm ci && npm run build`.
//
//go:embed graphiql/index.html
var graphiQLPage []byte

// graphiQL serves the GraphiQL page at /, gzip-compressed when the client
// accepts it (7 MB shrink to about 2), with an ETag so that browsers
// revalidate instead of downloading it again. Its Content-Security-Policy
// allows only the page's own inline script (by hash), inline styles, workers
// from blob: URLs and connections to this origin.
func graphiQL() http.HandlerFunc {
	sum := sha256.Sum256(graphiQLPage)
	etag := `"` + hex.EncodeToString(sum[:8]) + `"`
	csp := graphiQLPolicy(graphiQLPage)
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
		body := graphiQLPage
		h.Set("ETag", etag)
		if acceptsGzip(r.Header.Get("Accept-Encoding")) {
			once.Do(func() { gzipped = gzipBytes(graphiQLPage) })
			body = gzipped
			h.Set("Content-Encoding", "gzip")
			h.Set("ETag", strings.TrimSuffix(etag, `"`)+`-gzip"`)
		}
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
	}
}

// graphiQLPolicy returns the Content-Security-Policy of page: its inline
// scripts allowed by their SHA-256 hashes, nothing else from anywhere.
func graphiQLPolicy(page []byte) string {
	var hashes []string
	for _, script := range inlineScripts(page) {
		sum := sha256.Sum256(script)
		hashes = append(hashes, "'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'")
	}
	return strings.Join([]string{
		"default-src 'none'",
		"script-src " + strings.Join(hashes, " "),
		"style-src 'unsafe-inline'", // Monaco and GraphiQL set styles at run time
		"worker-src blob:",          // Monaco's workers, bundled into the page
		"connect-src 'self'",        // /graphql over HTTP and WebSocket
		"img-src 'self' data:",
		"font-src data:",
		"base-uri 'none'",
		"form-action 'none'",
		"frame-ancestors 'none'",
	}, "; ")
}

// inlineScripts returns the contents of the <script> elements of page (the
// build writes them without attributes).
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
