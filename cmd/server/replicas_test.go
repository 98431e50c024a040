package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// newStandby makes a streaming replica of primary with pg_basebackup, on a
// free port of its own, and starts it.
func newStandby(t *testing.T, primary *pgCluster) *pgCluster {
	t.Helper()
	dir, err := os.MkdirTemp("", "wushe-faults-standby-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	s := &pgCluster{bin: primary.bin, dir: dir, data: filepath.Join(dir, "data"), asPostgres: primary.asPostgres}
	if s.asPostgres {
		sh(t, "chown", "postgres:postgres", dir)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.port = ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	if s.port == 5432 {
		t.Fatal("refusing port 5432: it is the shared cluster's")
	}
	s.run(t, "pg_basebackup", "-h", "127.0.0.1", "-p", fmt.Sprint(primary.port), "-U", "postgres", "-D", s.data, "-R", "-X", "stream", "--no-sync")
	t.Cleanup(func() { _ = s.cmd("pg_ctl", "-D", s.data, "-m", "immediate", "-w", "stop").Run() })
	s.ctl(t, "start", "-o", "-c hot_standby_feedback=on")
	return s
}

// psql runs sql on the cluster's postgres database and returns its output.
func (c *pgCluster) psql(t *testing.T, sql string) string {
	t.Helper()
	out, err := c.cmd("psql", "-h", "127.0.0.1", "-p", fmt.Sprint(c.port), "-U", "postgres", "-d", "postgres", "-Atc", sql).CombinedOutput()
	if err != nil {
		t.Fatalf("psql %q: %v\n%s", sql, err, out)
	}
	return strings.TrimSpace(string(out))
}

// replicaReads returns how many read-only transactions the standby
// committed: it grows as the hub reads from it. (Backends report their
// counts about once a second when idle: it waits for them.)
func replicaReads(t *testing.T, s *pgCluster) int {
	t.Helper()
	time.Sleep(2 * time.Second)
	var n int
	fmt.Sscan(s.psql(t, "SELECT sum(xact_commit) FROM pg_stat_database"), &n)
	return n
}

// gql posts a query as token with extra headers and returns the decoded
// answer.
func gql(t *testing.T, base, token, query string, vars map[string]any, header map[string]string) (data map[string]json.RawMessage, codes []string) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest("POST", base+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		Data   map[string]json.RawMessage
		Errors []struct{ Extensions struct{ Code string } }
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatalf("answer of %d: %v", resp.StatusCode, err)
	}
	for _, e := range out.Errors {
		codes = append(codes, e.Extensions.Code)
	}
	return out.Data, codes
}

// readRate runs readers against base for d and returns the reads per
// second answered without error.
func readRate(t *testing.T, base, token string, readers int, d time.Duration) float64 {
	t.Helper()
	var ok, failed atomic.Int64
	stop := time.Now().Add(d)
	var wg sync.WaitGroup
	client := &http.Client{Timeout: 20 * time.Second}
	body, _ := json.Marshal(map[string]any{"query": `{ activities(first: 20, orderBy: {field: HELD_ON, direction: DESC}) { totalCount edges { node { id title category community { name } } } } }`})
	for range readers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(stop) {
				req, _ := http.NewRequest("POST", base+"/graphql", bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer "+token)
				resp, err := client.Do(req)
				if err != nil {
					failed.Add(1)
					continue
				}
				var out struct{ Errors []any }
				_ = json.NewDecoder(resp.Body).Decode(&out)
				resp.Body.Close()
				if resp.StatusCode == 200 && len(out.Errors) == 0 {
					ok.Add(1)
				} else {
					failed.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	if failed.Load() > 0 {
		t.Errorf("%d reads failed", failed.Load())
	}
	return float64(ok.Load()) / d.Seconds()
}

// TestReadReplicas runs the hub on a primary with a streaming replica of
// the test's own: reads go to the replica, mutations and the requests that
// ask (X-Read-Primary) to the primary; a replica whose replay is paused
// leaves rotation once it lags past the bound and comes back when it
// catches up; a replica stopped is survived without an error and used
// again once started. Reports the read throughput with the replica against
// the primary alone, in the same run.
func TestReadReplicas(t *testing.T) {
	if testing.Short() {
		t.Skip("starts two PostgreSQL clusters")
	}
	bin := faultBinary(t)
	primary := newCluster(t)
	standby := newStandby(t, primary)
	dir := t.TempDir()
	replicaURL := standby.dsn()
	env := []string{"WUSHE_DATA_DIR=" + dir, "WUSHE_DATABASE_URL=" + primary.dsn(),
		"WUSHE_DATABASE_REPLICA_URLS=" + replicaURL, "WUSHE_REPLICA_MAX_LAG=2s"}
	h := newHub(t, env, "--demo")
	token, community := shalong(t, bin, dir, primary.dsn(), h.p.base)
	waitFor := func(what string, limit time.Duration, ok func() bool) {
		t.Helper()
		deadline := time.Now().Add(limit)
		for !ok() {
			if time.Now().After(deadline) {
				t.Fatalf("%s: not within %s\n%s", what, limit, lastLines(h.logs(), 15))
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	count := func(header map[string]string) int {
		data, codes := gql(t, h.p.base, token, `{ consultations(where: {titleHasPrefix: "副本"}) { totalCount } }`, nil, header)
		if len(codes) > 0 {
			t.Fatalf("read: %v", codes)
		}
		var c struct{ TotalCount int }
		_ = json.Unmarshal(data["consultations"], &c)
		return c.TotalCount
	}
	create := func(title string) {
		data, codes := gql(t, h.p.base, token, `mutation ($c: ID!, $t: String!) { createConsultation(input: {communityID: $c, title: $t, category: PARKING, raisedOn: "2025-05-06"}) { id title } }`,
			map[string]any{"c": community, "t": title}, nil)
		if len(codes) > 0 || !strings.Contains(string(data["createConsultation"]), title) {
			t.Fatalf("mutation: %s %v", data, codes)
		}
	}
	primaryHeader := map[string]string{"X-Read-Primary": "1"}
	// /metrics says whether the replica is in rotation.
	inRotation := func() string {
		t.Helper()
		resp, err := http.Get(h.p.base + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		for _, line := range strings.Split(string(body), "\n") {
			if strings.HasPrefix(line, "wushe_replica_in_rotation{") {
				return line[strings.LastIndexByte(line, ' ')+1:]
			}
		}
		t.Fatalf("/metrics has no wushe_replica_in_rotation:\n%s", body)
		return ""
	}
	waitFor("/metrics showing the replica in rotation", 15*time.Second, func() bool { return inRotation() == "1" })

	// Reads go to the replica.
	before := replicaReads(t, standby)
	for range 20 {
		count(nil)
	}
	if got := replicaReads(t, standby) - before; got < 20 {
		t.Errorf("20 reads: the replica committed %d transactions, want at least 20", got)
	}
	// The primary serves the mutation and the reads that ask for it; with
	// replay paused, the replica does not see the write.
	standby.psql(t, "SELECT pg_wal_replay_pause()")
	create("副本一")
	if n := count(primaryHeader); n != 1 {
		t.Errorf("X-Read-Primary after the write: %d consultations, want 1", n)
	}
	if n := count(nil); n != 0 {
		t.Errorf("read from the paused replica right after the write: %d, want 0 (the replica's view)", n)
	}
	// Lagging past the bound: out of rotation, reads see the write.
	waitFor("the lagging replica leaves rotation", 15*time.Second, func() bool { return count(nil) == 1 })
	if !strings.Contains(h.logs(), "read replica out of rotation") {
		t.Errorf("no log of the replica leaving rotation")
	}
	waitFor("/metrics showing the lagging replica out of rotation", 15*time.Second, func() bool { return inRotation() == "0" })
	standby.psql(t, "SELECT pg_wal_replay_resume()")
	waitFor("the replica back in rotation", 15*time.Second, func() bool {
		return strings.Count(h.logs(), "read replica in rotation") >= 2
	})

	// The replica stopped: reads go on, from the primary, without an error.
	standby.ctl(t, "stop", "-m", "immediate")
	create("副本二")
	for range 20 {
		if n := count(nil); n != 2 {
			t.Fatalf("replica down: %d consultations, want 2", n)
		}
	}
	standby.ctl(t, "start")
	waitFor("the restarted replica back in rotation", 20*time.Second, func() bool {
		return strings.Count(h.logs(), "read replica in rotation") >= 3
	})
	before = replicaReads(t, standby)
	for range 10 {
		if n := count(nil); n != 2 {
			t.Errorf("replica back: %d consultations, want 2", n)
		}
	}
	if got := replicaReads(t, standby) - before; got < 10 {
		t.Errorf("replica back: it committed %d transactions for 10 reads", got)
	}

	// Throughput, same run: this hub (replica) and one on the primary alone.
	alone := newHub(t, []string{"WUSHE_DATA_DIR=" + dir, "WUSHE_DATABASE_URL=" + primary.dsn()})
	const readers, d = 8, 4 * time.Second
	var withReplica, primaryOnly float64
	for range 2 { // interleaved, so that neither has the warmer caches
		primaryOnly += readRate(t, alone.p.base, token, readers, d) / 2
		withReplica += readRate(t, h.p.base, token, readers, d) / 2
	}
	t.Logf("read throughput, %d readers for %s: with one replica %.0f/s, primary only %.0f/s, ratio %.2f", readers, d, withReplica, primaryOnly, withReplica/primaryOnly)
	for _, x := range []*hub{h, alone} {
		if err, took := x.signal(os.Interrupt, 30*time.Second); err != nil {
			t.Errorf("server: %v (%s)", err, took)
		}
		noPanics(t, x.logs())
	}
}
