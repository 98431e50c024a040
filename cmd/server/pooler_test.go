package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/wushehub/wushe/internal/store"
)

// bouncer is a PgBouncer of the test's own in front of a pgCluster, in
// transaction pooling mode.
type bouncer struct {
	port int
	cmd  *exec.Cmd
	dir  string
}

// newBouncer starts PgBouncer (the Debian package pgbouncer) on a free
// port in front of c, stopped with t.
func newBouncer(t *testing.T, c *pgCluster) *bouncer {
	t.Helper()
	bin, err := exec.LookPath("pgbouncer")
	if err != nil {
		if bin, err = exec.LookPath("/usr/sbin/pgbouncer"); err != nil {
			needFault(t, "no pgbouncer binary (apt-get install pgbouncer)")
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	b := &bouncer{port: ln.Addr().(*net.TCPAddr).Port, dir: c.dir}
	ln.Close()
	conf := fmt.Sprintf(`[databases]
* = host=127.0.0.1 port=%d

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = %d
unix_socket_dir =
auth_type = trust
auth_file = %[3]s/userlist.txt
pool_mode = transaction
max_client_conn = 500
default_pool_size = 20
logfile = %[3]s/pgbouncer.log
pidfile = %[3]s/pgbouncer.pid
admin_users = postgres
`, c.port, b.port, c.dir)
	if err := os.WriteFile(filepath.Join(c.dir, "pgbouncer.ini"), []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(c.dir, "userlist.txt"), []byte(`"postgres" ""`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{filepath.Join(c.dir, "pgbouncer.ini")}
	if c.asPostgres {
		b.cmd = exec.Command("runuser", append([]string{"-u", "postgres", "--", bin}, args...)...)
	} else {
		b.cmd = exec.Command(bin, args...)
	}
	if err := b.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		// runuser passes no signal on: stop pgbouncer by its pid file.
		if pid, err := os.ReadFile(filepath.Join(c.dir, "pgbouncer.pid")); err == nil {
			if n, err := strconv.Atoi(strings.TrimSpace(string(pid))); err == nil && n > 1 {
				_ = syscall.Kill(n, syscall.SIGINT)
			}
		}
		_ = b.cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { _ = b.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = b.cmd.Process.Kill()
		}
	})
	deadline := time.Now().Add(10 * time.Second)
	for {
		conn, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", b.port), time.Second)
		if err == nil {
			conn.Close()
			return b
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(filepath.Join(c.dir, "pgbouncer.log"))
			t.Fatalf("pgbouncer does not listen: %v\n%s", err, log)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (b *bouncer) dsn() string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", b.port)
}

// TestPgBouncer runs the hub behind PgBouncer in transaction mode: two
// server processes on the pooled URL (migrating, listening and settling
// the database's settings through the direct one), writers and audited
// readers on one, a subscriber on the other receiving every event with
// its position; every acknowledged write is there, the database's
// settings reach pooled connections. First it shows what breaks without
// the fix: the session settings sent on connecting are refused, and
// statements prepared in two round trips fail when the pooler hands their
// execution to another server connection.
func TestPgBouncer(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a PostgreSQL cluster and PgBouncer")
	}
	bin := faultBinary(t)
	pg := newCluster(t)
	pgb := newBouncer(t, pg)
	direct, pooled := pg.dsn(), pgb.dsn()
	ctx := context.Background()

	// Before: the hub's usual connection is refused by the pooler.
	if db, err := store.Open(ctx, pooled); err == nil {
		db.Close()
		t.Error("store.Open through PgBouncer succeeded: want the pooler to refuse the session settings")
	} else {
		t.Logf("without the fix, connecting through PgBouncer: %v", err)
	}
	// Before: lib/pq without binary_parameters prepares in two round trips.
	// (On another database: the pooler's server connections opened now
	// would keep their settings for the rest of the test.)
	if raw, err := sql.Open("postgres", strings.Replace(pooled, "/postgres?", "/template1?", 1)); err == nil {
		var failed atomic.Int64
		var first atomic.Value
		var wg sync.WaitGroup
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range 200 {
					var n int
					if err := raw.QueryRow("SELECT $1::int", i).Scan(&n); err != nil {
						failed.Add(1)
						first.CompareAndSwap(nil, err.Error())
					}
				}
			}()
		}
		wg.Wait()
		raw.Close()
		t.Logf("without binary_parameters through PgBouncer: %d of 1600 statements failed (first: %v)", failed.Load(), first.Load())
	}

	dir := t.TempDir()
	env := []string{"WUSHE_DATA_DIR=" + dir, "WUSHE_DATABASE_URL=" + pooled, "WUSHE_DATABASE_DIRECT_URL=" + direct}
	a := newHub(t, env, "--demo")
	b := newHub(t, env)
	token, community := shalong(t, bin, dir, direct, a.p.base)

	sub := dialGraphQL(t, b.p.base, "graphql-transport-ws", token)
	sub.send(t, wsMessage{ID: "c", Type: "subscribe", Payload: jsonRaw(map[string]any{
		"query": `subscription ($c: ID!) { consultationUpdated(community: $c) { title } }`, "variables": map[string]any{"c": community}})})
	time.Sleep(500 * time.Millisecond)

	l := startLoad(t, a.p.base, token, community, "pgb", 3, 2)
	const n = 20
	for i := range n {
		a.p.post(t, token, `mutation ($c: ID!, $t: String!) { createConsultation(input: {communityID: $c, title: $t, category: PARKING, raisedOn: "2025-05-06"}) { id } }`,
			map[string]any{"c": community, "t": fmt.Sprintf("停车议题%d", i)}, nil)
	}
	last := ""
	for i := range n {
		m := sub.next(t)
		var p struct {
			Data struct {
				ConsultationUpdated struct{ Title string }
			}
			Extensions struct{ Position string }
		}
		if err := json.Unmarshal(m.Payload, &p); err != nil || m.Type != "next" {
			t.Fatalf("event %d: %s %s", i, m.Type, m.Payload)
		}
		if want := fmt.Sprintf("停车议题%d", i); p.Data.ConsultationUpdated.Title != want || p.Extensions.Position == "" || p.Extensions.Position == last {
			t.Errorf("event %d on B: %q at position %q, want %q with a new position", i, p.Data.ConsultationUpdated.Title, p.Extensions.Position, want)
		}
		last = p.Extensions.Position
	}
	time.Sleep(2 * time.Second)
	l.halt()
	outs := l.snapshot()
	problems(t, outs)
	phaseReport(t, "behind PgBouncer", outs)
	if lost := checkWrites(t, direct, outs, "pgb"); lost > 0 {
		t.Errorf("%d acknowledged writes lost behind PgBouncer", lost)
	}

	// The database's settings reach the pooler's connections.
	raw := openRaw(t, pooled)
	var jit, workMem string
	if err := raw.QueryRow("SHOW jit").Scan(&jit); err != nil {
		t.Fatal(err)
	}
	if err := raw.QueryRow("SHOW work_mem").Scan(&workMem); err != nil {
		t.Fatal(err)
	}
	if jit != "off" || workMem != "32MB" {
		t.Errorf("through PgBouncer: jit %s, work_mem %s; want off, 32MB", jit, workMem)
	}
	for _, h := range []*hub{a, b} {
		if err, took := h.signal(os.Interrupt, 30*time.Second); err != nil {
			t.Errorf("server behind PgBouncer: %v (%s)", err, took)
		}
		noPanics(t, h.logs())
		if strings.Contains(h.logs(), "level=ERROR") {
			t.Errorf("server log has errors:\n%s", lastLines(h.logs(), 20))
		}
	}
	auditVerify(t, bin, dir, direct)
}
