package main

import (
	"fmt"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestShutdownGrace: a request still in flight when the grace period ends
// — here one whose body never finishes arriving — is cancelled and its
// connection closed, and the server stops cleanly instead of waiting for it.
func TestShutdownGrace(t *testing.T) {
	tmp := t.TempDir()
	env := envFor(tmp)
	getenv := func(k string) string {
		if k == "WUSHE_SHUTDOWN_GRACE" {
			return "1s"
		}
		return env(k)
	}
	srv := start(t, getenv, "--database", filepath.Join(tmp, "wushe.db"))
	conn, err := net.Dial("tcp", strings.TrimPrefix(srv.base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// Half a body: the handler waits for the rest.
	if _, err := fmt.Fprintf(conn, "POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"query\": \"{ viewer"); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond) // the request is in flight
	stopped := make(chan error, 1)
	go func() { stopped <- srv.stop() }()
	select {
	case err := <-stopped:
		if err != nil {
			t.Fatalf("shutdown with a request in flight: %v", err)
		}
	case <-time.After(12 * time.Second): // the grace period, and the audit log's flush
		t.Fatal("the server waited for the request in flight past the grace period")
	}
	_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := conn.Read(make([]byte, 1)); err == nil {
		// An answer is fine too; a connection left open is not.
		return
	} else if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Error("the connection of the request in flight was left open")
	}
}
