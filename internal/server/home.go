package server

import (
	_ "embed"
	"net/http"
)

// homePage is a small query console served from the binary (no CDN).
//
//go:embed home.html
var homePage []byte

func home(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'")
	_, _ = w.Write(homePage)
}
