package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// feedFollower follows the consultations of a community on one server
// process, reconnecting with the last position it saw, and keeps what
// arrived: each title once, with its position.
type feedFollower struct {
	name, token, community string

	mu        sync.Mutex
	seen      map[string]int64 // title → position
	again     int              // events delivered again, with the same position
	twice     []string         // events delivered again under another position
	disorder  []string         // positions that did not grow within a connection
	last      int64
	conn      *wsConn
	connected time.Time
}

// connect subscribes on base after the last position seen (from now on the
// first time).
func (f *feedFollower) connect(t *testing.T, base string) {
	t.Helper()
	vars := map[string]any{"c": f.community}
	f.mu.Lock()
	if f.last > 0 {
		vars["after"] = strconv.FormatInt(f.last, 10)
	}
	f.mu.Unlock()
	w := dialGraphQL(t, base, "graphql-transport-ws", f.token)
	w.send(t, wsMessage{ID: "c", Type: "subscribe", Payload: jsonRaw(map[string]any{
		"query": `subscription ($c: ID!, $after: String) { consultationUpdated(community: $c, after: $after) { title } }`, "variables": vars})})
	f.mu.Lock()
	f.conn, f.connected = w, time.Now()
	f.mu.Unlock()
	go func() {
		var prev int64
		for m := range w.msgs {
			if m.Type != "next" {
				continue
			}
			var p struct {
				Data struct {
					ConsultationUpdated struct{ Title string }
				}
				Extensions struct{ Position string }
			}
			if json.Unmarshal(m.Payload, &p) != nil {
				continue
			}
			pos, _ := strconv.ParseInt(p.Extensions.Position, 10, 64)
			title := p.Data.ConsultationUpdated.Title
			f.mu.Lock()
			if pos <= prev {
				f.disorder = append(f.disorder, fmt.Sprintf("%d after %d", pos, prev))
			}
			prev = pos
			if had, ok := f.seen[title]; ok {
				if had == pos {
					f.again++
				} else {
					f.twice = append(f.twice, fmt.Sprintf("%s at %d and %d", title, had, pos))
				}
			} else {
				f.seen[title] = pos
			}
			f.last = max(f.last, pos)
			f.mu.Unlock()
		}
	}()
}

// drop closes the follower's connection.
func (f *feedFollower) drop() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.conn != nil {
		f.conn.c.CloseNow()
	}
}

// missing returns the titles of want not seen yet.
func (f *feedFollower) missing(want []string) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, w := range want {
		if _, ok := f.seen[w]; !ok {
			out = append(out, w)
		}
	}
	return out
}

// feedWriter raises consultations one after another on a server process
// and keeps the titles acknowledged.
type feedWriter struct {
	base, token, community string
	mu                     sync.Mutex
	acked, failed          []string
	stop                   chan struct{}
	done                   chan struct{}
}

func (w *feedWriter) run() {
	defer close(w.done)
	client := &http.Client{Timeout: 20 * time.Second}
	for n := 0; ; n++ {
		select {
		case <-w.stop:
			return
		default:
		}
		title := fmt.Sprintf("多副本议题%d", n)
		body, _ := json.Marshal(map[string]any{
			"query":     `mutation ($c: ID!, $t: String!) { createConsultation(input: {communityID: $c, title: $t, category: PARKING, raisedOn: "2025-05-06"}) { id } }`,
			"variables": map[string]any{"c": w.community, "t": title}})
		req, _ := http.NewRequest("POST", w.base+"/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+w.token)
		ok := false
		if resp, err := client.Do(req); err == nil {
			var out struct {
				Data   map[string]any
				Errors []any
			}
			_ = json.NewDecoder(resp.Body).Decode(&out)
			resp.Body.Close()
			ok = resp.StatusCode == 200 && len(out.Errors) == 0 && out.Data["createConsultation"] != nil
		}
		w.mu.Lock()
		if ok {
			w.acked = append(w.acked, title)
		} else {
			w.failed = append(w.failed, title)
		}
		w.mu.Unlock()
		time.Sleep(20 * time.Millisecond)
	}
}

func (w *feedWriter) ackedSoFar() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.acked...)
}

// TestMultiReplica: three server processes behind PgBouncer on a primary
// with a streaming replica. Mutations on A; subscribers on B and C. C is
// killed with SIGKILL mid-stream and started again, its subscriber resuming
// from its last position; the replica is stopped and started; B's
// subscriber disconnects for a while and resumes. Every acknowledged event
// reaches both subscribers, none twice under two positions, positions grow
// within each connection, and reads through B count every write. Reports
// the replay time after B's disconnect (60 s with WUSHE_FAULT_LONG=1).
func TestMultiReplica(t *testing.T) {
	if testing.Short() {
		t.Skip("starts two PostgreSQL clusters, PgBouncer and three servers")
	}
	bin := faultBinary(t)
	primary := newCluster(t)
	standby := newStandby(t, primary)
	pgb := newBouncer(t, primary)
	dir := t.TempDir()
	env := []string{"WUSHE_DATA_DIR=" + dir, "WUSHE_DATABASE_URL=" + pgb.dsn(), "WUSHE_DATABASE_DIRECT_URL=" + primary.dsn(),
		"WUSHE_DATABASE_REPLICA_URLS=" + standby.dsn(), "WUSHE_REPLICA_MAX_LAG=2s"}
	a := newHub(t, env, "--demo")
	b := newHub(t, env)
	c := newHub(t, env)
	token, community := shalong(t, bin, dir, primary.dsn(), a.p.base)

	fb := &feedFollower{name: "B", token: token, community: community, seen: map[string]int64{}}
	fc := &feedFollower{name: "C", token: token, community: community, seen: map[string]int64{}}
	fb.connect(t, b.p.base)
	fc.connect(t, c.p.base)
	time.Sleep(500 * time.Millisecond)
	w := &feedWriter{base: a.p.base, token: token, community: community, stop: make(chan struct{}), done: make(chan struct{})}
	go w.run()
	defer func() {
		select {
		case <-w.stop:
		default:
			close(w.stop)
		}
		<-w.done
	}()

	time.Sleep(2 * time.Second)
	if err, _ := c.signal(syscall.SIGKILL, 10*time.Second); err == nil {
		t.Log("C exited cleanly on SIGKILL?")
	}
	time.Sleep(2 * time.Second)
	c.start()
	fc.connect(t, c.p.base)
	time.Sleep(2 * time.Second)
	standby.ctl(t, "stop", "-m", "immediate")
	time.Sleep(2 * time.Second)
	standby.ctl(t, "start")

	away := 5 * time.Second
	if longFaults() {
		away = time.Minute
	}
	fb.drop()
	time.Sleep(away)
	missed := w.ackedSoFar()
	behind := len(fb.missing(missed))
	back := time.Now()
	fb.connect(t, b.p.base)
	deadline := time.Now().Add(2 * time.Minute)
	for len(fb.missing(missed)) > 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	replay := time.Since(back)
	time.Sleep(2 * time.Second)
	close(w.stop)
	<-w.done
	acked := w.ackedSoFar()
	deadline = time.Now().Add(30 * time.Second)
	for (len(fb.missing(acked)) > 0 || len(fc.missing(acked)) > 0) && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	for _, f := range []*feedFollower{fb, fc} {
		if m := f.missing(acked); len(m) > 0 {
			t.Errorf("%s: %d of %d acknowledged events never arrived (first %s)", f.name, len(m), len(acked), m[0])
		}
		f.mu.Lock()
		if len(f.twice) > 0 {
			t.Errorf("%s: delivered twice under two positions: %v", f.name, f.twice[:min(3, len(f.twice))])
		}
		if len(f.disorder) > 0 {
			t.Errorf("%s: positions out of order: %v", f.name, f.disorder[:min(3, len(f.disorder))])
		}
		t.Logf("%s: %d events, %d delivered again with their position", f.name, len(f.seen), f.again)
		f.mu.Unlock()
	}
	w.mu.Lock()
	t.Logf("writes on A: %d acknowledged, %d failed", len(w.acked), len(w.failed))
	w.mu.Unlock()
	t.Logf("B away %s: replayed the %d events it missed in %s (reconnecting included)", away, behind, replay.Round(time.Millisecond))

	// Reads through B: from the primary when asked, and from the replica
	// once it caught up.
	readAll := func(header map[string]string) int {
		data, codes := gql(t, b.p.base, token, `{ consultations(where: {titleHasPrefix: "多副本议题"}) { totalCount } }`, nil, header)
		if len(codes) > 0 {
			t.Fatalf("read through B: %v", codes)
		}
		var n struct{ TotalCount int }
		_ = json.Unmarshal(data["consultations"], &n)
		return n.TotalCount
	}
	if n := readAll(map[string]string{"X-Read-Primary": "1"}); n < len(acked) || n > len(acked)+len(w.failed) {
		t.Errorf("read from the primary through B: %d consultations, want %d acknowledged (+ at most %d unacknowledged)", n, len(acked), len(w.failed))
	}
	deadline = time.Now().Add(15 * time.Second)
	for readAll(nil) < len(acked) && time.Now().Before(deadline) {
		time.Sleep(200 * time.Millisecond)
	}
	if n := readAll(nil); n < len(acked) {
		t.Errorf("read through B once the replica caught up: %d consultations, want %d", n, len(acked))
	}
	for _, h := range []*hub{a, b, c} {
		if err, took := h.signal(os.Interrupt, 30*time.Second); err != nil {
			t.Errorf("server: %v (%s)", err, took)
		}
		noPanics(t, h.logs())
		if strings.Contains(h.logs(), "level=ERROR") {
			t.Errorf("server log has errors:\n%s", lastLines(h.logs(), 20))
		}
	}
}
