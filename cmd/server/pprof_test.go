package main

import (
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
)

// TestProfiling: with WUSHE_PPROF_ADDR the runtime profiles are served on
// that address, and never on the API's.
func TestProfiling(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	dir := t.TempDir()
	env := map[string]string{"WUSHE_DATA_DIR": dir, "WUSHE_LOG_LEVEL": "warn", "WUSHE_PPROF_ADDR": addr}
	srv := start(t, func(k string) string { return env[k] })

	get := func(url string) (int, string) {
		t.Helper()
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	const index = "Types of profiles available"
	if code, body := get("http://" + addr + "/debug/pprof/"); code != 200 || !strings.Contains(body, index) {
		t.Errorf("GET /debug/pprof/ on WUSHE_PPROF_ADDR: %d, want 200 with the profiles' index\n%.300s", code, body)
	}
	if code, body := get("http://" + addr + "/debug/pprof/heap?debug=1"); code != 200 || !strings.Contains(body, "heap profile") {
		t.Errorf("GET /debug/pprof/heap: %d\n%.300s", code, body)
	}
	if _, body := get(srv.base + "/debug/pprof/"); strings.Contains(body, index) {
		t.Errorf("the API's address serves the runtime profiles")
	}
}
