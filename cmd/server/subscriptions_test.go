package main

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/wushehub/wushe/internal/demo"
	"github.com/wushehub/wushe/internal/store/storetest"
)

// process is a server running as an OS process of its own.
type process struct {
	base   string
	cmd    *exec.Cmd
	stderr *syncBuffer
	done   chan error
	once   sync.Once
}

// buildServer builds the server binary into a temporary directory.
func buildServer(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "wushe")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// startProcess runs `bin serve args...` with env (added to this process's
// environment) and waits for its "listening on" line.
func startProcess(t *testing.T, bin string, env []string, args ...string) *process {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"serve"}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p := &process{cmd: cmd, stderr: &syncBuffer{}, done: make(chan error, 1)}
	cmd.Stderr = p.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
	}()
	go func() { p.done <- cmd.Wait() }()
	t.Cleanup(func() { p.stop(t) })
	select {
	case p.base = <-addr:
	case err := <-p.done:
		t.Fatalf("server exited before listening: %v\n%s", err, p.stderr.String())
	case <-time.After(3 * time.Minute):
		t.Fatalf("server did not listen within 3 minutes\n%s", p.stderr.String())
	}
	return p
}

// stop interrupts the process and waits for it: it must exit cleanly.
func (p *process) stop(t *testing.T) {
	p.once.Do(func() {
		_ = p.cmd.Process.Signal(os.Interrupt)
		select {
		case err := <-p.done:
			if err != nil {
				t.Errorf("server exited with %v\n%s", err, lastLines(p.stderr.String(), 20))
			}
		case <-time.After(30 * time.Second):
			_ = p.cmd.Process.Kill()
			t.Errorf("server did not stop within 30 s of SIGINT")
		}
	})
}

// post sends a GraphQL request to the process.
func (p *process) post(t *testing.T, token, query string, vars map[string]any, out any) {
	t.Helper()
	(&running{base: p.base}).must(t, token, query, vars, out)
}

// wsMessage is a message of graphql-transport-ws or graphql-ws.
type wsMessage struct {
	ID      string          `json:"id,omitempty"`
	Type    string          `json:"type"`
	Payload json.RawMessage `json:"payload,omitempty"`
}

// wsConn is a GraphQL-over-WebSocket client connection: it answers pings,
// skips keep-alives and queues every other message.
type wsConn struct {
	c    *websocket.Conn
	msgs chan wsMessage
	mu   sync.Mutex
}

// dialGraphQL connects to base's /graphql with protocol, sends token in
// connection_init and waits for connection_ack.
func dialGraphQL(t *testing.T, base, protocol, token string) *wsConn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(base, "http")+"/graphql", &websocket.DialOptions{Subprotocols: []string{protocol}})
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	if c.Subprotocol() != protocol {
		t.Fatalf("subprotocol %q, want %q", c.Subprotocol(), protocol)
	}
	w := &wsConn{c: c, msgs: make(chan wsMessage, 100)}
	t.Cleanup(func() { c.CloseNow() })
	go func() {
		defer close(w.msgs)
		for {
			_, b, err := c.Read(context.Background())
			if err != nil {
				return
			}
			var m wsMessage
			if json.Unmarshal(b, &m) != nil {
				return
			}
			switch m.Type {
			case "ping":
				w.send(t, wsMessage{Type: "pong"})
			case "ka", "pong":
			default:
				w.msgs <- m
			}
		}
	}()
	w.send(t, wsMessage{Type: "connection_init", Payload: jsonRaw(map[string]string{"Authorization": "Bearer " + token})})
	if m := w.next(t); m.Type != "connection_ack" {
		t.Fatalf("connection_init: got %s %s", m.Type, m.Payload)
	}
	return w
}

func jsonRaw(v any) json.RawMessage {
	b, _ := json.Marshal(v)
	return b
}

func (w *wsConn) send(t *testing.T, m wsMessage) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := w.c.Write(context.Background(), websocket.MessageText, jsonRaw(m)); err != nil {
		t.Logf("websocket write: %v", err)
	}
}

func (w *wsConn) next(t *testing.T) wsMessage {
	t.Helper()
	select {
	case m, ok := <-w.msgs:
		if !ok {
			t.Fatal("the connection closed")
		}
		return m
	case <-time.After(15 * time.Second):
		t.Fatal("no message within 15 s")
	}
	return wsMessage{}
}

// data waits for the next result of operation id and returns its data.
func (w *wsConn) data(t *testing.T, id string) string {
	t.Helper()
	m := w.next(t)
	if m.ID != id || (m.Type != "next" && m.Type != "data") || strings.Contains(string(m.Payload), `"errors"`) {
		t.Fatalf("got %s %s %s, want a result of %s", m.Type, m.ID, m.Payload, id)
	}
	return string(m.Payload)
}

// TestSubscriptionsAcrossProcesses runs two server processes on one
// PostgreSQL database: a mutation on server A reaches a subscriber of
// server B, over graphql-transport-ws and the legacy graphql-ws, through
// LISTEN/NOTIFY; a socket dropped mid-subscription leaves B serving and its
// subscription released.
func TestSubscriptionsAcrossProcesses(t *testing.T) {
	dsn := storetest.PostgresDSN(t)
	began := time.Now()
	bin := buildServer(t)
	built := time.Since(began)
	key := strings.Repeat("wushe-test-key-", 3)
	env := func(dir string) []string {
		return []string{"WUSHE_DATABASE_URL=" + dsn, "WUSHE_ADDR=127.0.0.1:0", "WUSHE_TOKEN_KEY=" + key,
			"WUSHE_DATA_DIR=" + dir, "WUSHE_LOG_LEVEL=info", "WUSHE_RATE_LIMIT=0"}
	}
	a := startProcess(t, bin, env(t.TempDir()), "--demo")
	b := startProcess(t, bin, env(t.TempDir()))
	started := time.Since(began)

	getenv := func(k string) string {
		return map[string]string{"WUSHE_TOKEN_KEY": key, "WUSHE_DATA_DIR": t.TempDir(), "WUSHE_LOG_LEVEL": "warn"}[k]
	}
	shalong := issueToken(t, getenv, "--role", "COMMUNITY_OFFICER", "--agency", demo.ShalongCode, "--database", dsn)
	street := issueToken(t, getenv, "--role", "STREET_OFFICER", "--agency", demo.ShuangshuiCode, "--database", dsn)
	var found struct {
		Communities struct {
			Edges []struct{ Node struct{ ID string } }
		}
	}
	a.post(t, shalong, `{ communities(where: {code: "`+demo.ShalongCode+`"}) { edges { node { id } } } }`, nil, &found)
	if len(found.Communities.Edges) != 1 {
		t.Fatalf("Shalong community: %+v", found)
	}
	community := found.Communities.Edges[0].Node.ID

	// On B: consultations over graphql-transport-ws, activities over graphql-ws.
	modern := dialGraphQL(t, b.base, "graphql-transport-ws", shalong)
	modern.send(t, wsMessage{ID: "c", Type: "subscribe", Payload: jsonRaw(map[string]any{
		"query": `subscription ($c: ID!) { consultationUpdated(community: $c) { title raisedBy community { name } } }`, "variables": map[string]any{"c": community}})})
	legacy := dialGraphQL(t, b.base, "graphql-ws", street)
	legacy.send(t, wsMessage{ID: "a", Type: "start", Payload: jsonRaw(map[string]any{
		"query": `subscription ($d: ID!) { activityAdded(division: $d) { title community { code } } }`, "variables": map[string]any{"d": community}})})
	dropped := dialGraphQL(t, b.base, "graphql-transport-ws", street)
	dropped.send(t, wsMessage{ID: "p", Type: "subscribe", Payload: jsonRaw(map[string]any{
		"query": `subscription ($c: ID!) { pairingChanged(community: $c) { status } }`, "variables": map[string]any{"c": community}})})
	time.Sleep(300 * time.Millisecond) // the subscriptions reach B's bus

	// On A: the mutations.
	mutated := time.Now()
	a.post(t, shalong, `mutation ($c: ID!) { createConsultation(input: {communityID: $c, title: "楼道堆物清理", category: SANITATION, raisedOn: "2025-05-06", raisedBy: "3栋居民"}) { id } }`,
		map[string]any{"c": community}, nil)
	if got := modern.data(t, "c"); !strings.Contains(got, "楼道堆物清理") || !strings.Contains(got, "3栋居民") || !strings.Contains(got, "沙龙社区") {
		t.Errorf("graphql-transport-ws on B got %s", got)
	}
	latency := time.Since(mutated)
	a.post(t, shalong, `mutation ($c: ID!) { createActivity(input: {communityID: $c, title: "端午包粽子", category: CULTURE_SCIENCE, heldOn: "2025-05-31"}) { id } }`,
		map[string]any{"c": community}, nil)
	if got := legacy.data(t, "a"); !strings.Contains(got, "端午包粽子") || !strings.Contains(got, demo.ShalongCode) {
		t.Errorf("graphql-ws on B got %s", got)
	}

	// A socket dropped mid-subscription: B keeps serving, the subscription is released.
	dropped.c.CloseNow()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(b.stderr.String(), `msg="subscription ended" field=pairingChanged`) {
		if time.Now().After(deadline) {
			t.Fatalf("B never released the dropped subscription:\n%s", lastLines(b.stderr.String(), 10))
		}
		time.Sleep(50 * time.Millisecond)
	}
	a.post(t, shalong, `mutation ($c: ID!) { createConsultation(input: {communityID: $c, title: "断线之后的议题", category: OTHER, raisedOn: "2025-05-07"}) { id } }`,
		map[string]any{"c": community}, nil)
	if got := modern.data(t, "c"); !strings.Contains(got, "断线之后的议题") {
		t.Errorf("after the drop, B got %s", got)
	}
	resp, err := http.Get(b.base + "/healthz")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("B after the drop: %v %v", resp, err)
	}
	resp.Body.Close()
	for _, p := range []*process{a, b} {
		if s := p.stderr.String(); strings.Contains(s, "panic") || strings.Contains(s, "level=ERROR") {
			t.Errorf("server log has errors:\n%s", lastLines(s, 20))
		}
	}

	// B stops cleanly with subscriptions open: they complete.
	b.stop(t)
	if m := modern.next(t); m.Type != "complete" {
		t.Errorf("at B's shutdown: %s %s, want complete", m.Type, m.Payload)
	}
	t.Logf("two processes: build %s, both listening after %s, event from A to B in %s, test %s",
		built.Round(time.Millisecond), started.Round(time.Millisecond), latency.Round(time.Millisecond), time.Since(began).Round(time.Millisecond))
}
