package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/ident"
	"github.com/wushehub/wushe/internal/store"
)

// bigRegister writes a CSV register of n new Shalong volunteers.
func bigRegister(t *testing.T, path string, n int) {
	t.Helper()
	var b bytes.Buffer
	b.WriteString("社区代码,姓名,公民身份号码,志愿者类别,服务时长(小时),注册日期\n")
	start := time.Date(1950, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		id := ident.MakeResidentID("520221", start.AddDate(0, 0, i/900), i%900+100)
		fmt.Fprintf(&b, "520204002012,志愿者%d,%s,居民志愿者,%d,2024-05-06\n", i, id, i%50)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func countVolunteers(t *testing.T, dsn string) (volunteers, audited int) {
	t.Helper()
	db, err := store.Open(context.Background(), normalizeDSN(dsn))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := authz.SystemContext(context.Background())
	v, err := db.Client.Volunteer.Query().Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	a, err := db.Client.AuditEntry.Query().Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return v, a
}

var progressCount = regexp.MustCompile(`\((\d+)/`)

// TestImportKilled kills an import process mid-way (SIGKILL) and checks the
// database is as before: no row of the file, no audit entry.
func TestImportKilled(t *testing.T) {
	bin := buildServer(t)
	eachBackend(t, func(t *testing.T, dir, dsn string) {
		env := envFor(dir)
		if err := run(context.Background(), []string{"seed", "--demo", "--database", dsn}, env, &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
			t.Fatal(err)
		}
		file := filepath.Join(dir, "register.csv")
		bigRegister(t, file, 30000)
		before, audited := countVolunteers(t, dsn)
		cmd := exec.Command(bin, "import", file, "--entity", "volunteer", "--agency", "520204002012", "--role", "COMMUNITY_OFFICER", "--database", dsn)
		cmd.Env = append(os.Environ(), "WUSHE_DATA_DIR="+dir, "WUSHE_LOG_LEVEL=warn")
		stderr := &syncBuffer{}
		cmd.Stderr, cmd.Stdout = stderr, stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		deadline := time.After(3 * time.Minute)
		killed := false
		for !killed {
			select {
			case err := <-done:
				t.Fatalf("import finished (%v) before it could be killed:\n%s", err, lastLines(stderr.String(), 5))
			case <-deadline:
				_ = cmd.Process.Kill()
				t.Fatalf("import showed no progress within 3 minutes:\n%s", lastLines(stderr.String(), 5))
			case <-time.After(20 * time.Millisecond):
			}
			m := progressCount.FindAllStringSubmatch(stderr.String(), -1)
			if len(m) > 0 {
				if n, _ := strconv.Atoi(m[len(m)-1][1]); n >= 2000 {
					if err := cmd.Process.Kill(); err != nil {
						t.Fatal(err)
					}
					killed = true
					t.Logf("killed after %d rows", n)
				}
			}
		}
		<-done
		after, auditedAfter := countVolunteers(t, dsn)
		if after != before || auditedAfter != audited {
			t.Errorf("after the kill: %d volunteers (was %d), %d audit entries (was %d); want none added", after, before, auditedAfter, audited)
		}
		var out bytes.Buffer
		if err := run(context.Background(), []string{"audit", "verify", "--database", dsn}, env, &out, &bytes.Buffer{}); err != nil {
			t.Fatalf("audit verify: %v", err)
		}
		if !strings.Contains(out.String(), "intact") {
			t.Errorf("audit verify: %s", out.String())
		}
		// The same file imported to the end writes every row.
		out.Reset()
		if err := run(context.Background(), []string{"import", file, "--entity", "volunteer", "--agency", "520204002012", "--role", "COMMUNITY_OFFICER", "--database", dsn, "--quiet", "--lang", "en"}, env, &out, &bytes.Buffer{}); err != nil {
			t.Fatalf("import: %v\n%s", err, out.String())
		}
		if !strings.Contains(out.String(), "30000 rows, 30000 created") {
			t.Errorf("import: %s", out.String())
		}
		if n, _ := countVolunteers(t, dsn); n != before+30000 {
			t.Errorf("after the import: %d volunteers, want %d", n, before+30000)
		}
	})
}

// TestImportNeedsViewer: the command line names the agency and role it
// acts for; without them it refuses.
func TestImportNeedsViewer(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "v.csv")
	bigRegister(t, file, 1)
	err := run(context.Background(), []string{"import", file, "--entity", "volunteer", "--database", filepath.Join(dir, "w.db")}, envFor(dir), &bytes.Buffer{}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "--role ROLE and --agency CODE") {
		t.Errorf("import without a viewer: %v, want a refusal naming --role and --agency", err)
	}
}

// TestSheetsOverHTTP: templates are served to anyone; exports answer the
// request's viewer — its rows, its fields — and refuse bad credentials.
func TestSheetsOverHTTP(t *testing.T) {
	eachBackend(t, func(t *testing.T, dir, dsn string) {
		env := envFor(dir)
		srv := start(t, env, "--database", dsn, "--demo")
		tokens := map[string]string{}
		for _, m := range tokenLine.FindAllStringSubmatch(srv.stdout.String(), -1) {
			tokens[m[1]] = m[2]
		}
		get := func(path, token string) (int, string, string) {
			req, _ := http.NewRequest("GET", srv.base+path, nil)
			if token != "" {
				req.Header.Set("Authorization", "Bearer "+token)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			return resp.StatusCode, resp.Header.Get("Content-Type"), string(body)
		}
		code, ct, body := get("/templates/volunteer.xlsx", "")
		if code != 200 || !strings.Contains(ct, "spreadsheetml") || !strings.HasPrefix(body, "PK") {
			t.Errorf("template: %d %s", code, ct)
		}
		if code, _, _ := get("/templates/nothing.xlsx", ""); code != 404 {
			t.Errorf("unknown template: %d, want 404", code)
		}
		lines := func(body string) []string { return strings.Split(strings.TrimSpace(body), "\n") }
		path := "/export/volunteer.csv?codePrefix=520204002012"
		code, _, body = get(path, tokens["COMMUNITY_OFFICER"])
		if code != 200 || len(lines(body)) != 2+123 || !strings.Contains(lines(body)[2], "5202") {
			t.Errorf("community export: %d, %d lines, first row %q", code, len(lines(body)), lines(body)[min(2, len(lines(body))-1)])
		}
		code, _, body = get(path, tokens["STREET_OFFICER"])
		if code != 200 || len(lines(body)) != 2+102 || !strings.Contains(lines(body)[2], "【无权查看】") {
			t.Errorf("street export: %d, %d lines (want 104: adults only), first row %q", code, len(lines(body)), lines(body)[min(2, len(lines(body))-1)])
		}
		code, _, body = get(path, "")
		if code != 200 || len(lines(body)) != 2 {
			t.Errorf("public export: %d, %d lines, want the headers alone", code, len(lines(body)))
		}
		if code, _, _ := get(path, "not-a-token"); code != 401 {
			t.Errorf("bad token: %d, want 401", code)
		}
		if code, _, _ := get("/export/volunteer.csv?where=%7B%22hasCommunityWith%22%3A%5B%5D%7D", tokens["COMMUNITY_OFFICER"]); code != 400 {
			t.Errorf("filter across an edge: %d, want 400", code)
		}
	})
}
