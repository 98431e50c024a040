package server

import (
	_ "embed"
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/wushehub/wushe/internal/records"
)

// verifyCertificate serves /verify/<code>: the public check of a service
// certificate (志愿服务证明验证), with no personal data but a masked name.
// 404 (with the page) for an unknown code.
func verifyCertificate(svc *records.Service, fail func(http.ResponseWriter, *http.Request, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		page, found, err := svc.VerifyPage(r.Context(), chi.URLParam(r, "code"))
		if err != nil {
			fail(w, r, err)
			return
		}
		h := w.Header()
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cache-Control", "no-store")
		if !found {
			w.WriteHeader(http.StatusNotFound)
		}
		_, _ = w.Write([]byte(page))
	}
}

// checkinPage is the organisers' check-in page (扫码签到), built from web/
// by `npm ci && npm run build`: it scans a volunteer's code with the
// device's camera (or takes the scanned text pasted), checks in and out
// through /graphql, and keeps scans made offline to upload later.
//
//go:embed checkin/index.html
var checkinPage []byte

// checkin serves the check-in page at /checkin; the camera's stream plays
// from a blob: or mediastream: URL.
func checkin() http.HandlerFunc {
	return embeddedPage(checkinPage, "style-src 'unsafe-inline'", "img-src data:", "media-src blob: mediastream:")
}
