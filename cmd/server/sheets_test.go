package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
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

// TestImportAppendsToFeed: activities imported from the command line go to
// the change feed in the import's transaction, one event each, as a
// GraphQL write's do; a dry run appends none.
func TestImportAppendsToFeed(t *testing.T) {
	eachBackend(t, func(t *testing.T, dir, dsn string) {
		env := envFor(dir)
		if err := run(context.Background(), []string{"seed", "--demo", "--database", dsn}, env, &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
			t.Fatal(err)
		}
		file := filepath.Join(dir, "activities.csv")
		sheet := "社区代码,活动日期,活动名称,服务类别,参与人数\n" +
			"520204002012,2026-11-02,导入的敬老联欢会,ELDERLY_DISABLED,30\n" +
			"520204002012,2026-11-09,导入的垃圾分类宣传,ENVIRONMENT,12\n"
		if err := os.WriteFile(file, []byte(sheet), 0o644); err != nil {
			t.Fatal(err)
		}
		events := func() int {
			t.Helper()
			db, err := store.Open(context.Background(), normalizeDSN(dsn))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			var n int
			if err := db.SQL.QueryRow("SELECT COUNT(*) FROM change_events WHERE entity = 'Activity' AND kind = 'CREATED'").Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		before := events()
		for _, dry := range []bool{true, false} {
			args := []string{"import", file, "--entity", "activity", "--agency", "520204002012", "--role", "COMMUNITY_OFFICER", "--database", dsn, "--quiet", "--lang", "en"}
			if dry {
				args = append(args, "--dry-run")
			}
			var out bytes.Buffer
			if err := run(context.Background(), args, env, &out, &bytes.Buffer{}); err != nil {
				t.Fatalf("import (dry run %v): %v\n%s", dry, err, out.String())
			}
			if !strings.Contains(out.String(), "2 rows, 2 created") {
				t.Fatalf("import (dry run %v): %s", dry, out.String())
			}
			want := before
			if !dry {
				want += 2
			}
			if n := events(); n != want {
				t.Errorf("after the import (dry run %v): %d activity events in the feed, want %d", dry, n, want)
			}
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

// upload sends an importRows request with token and returns the job's ID
// and status.
func (r *running) upload(t *testing.T, token, name string, data []byte, dryRun bool) (id, status string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	ops, _ := json.Marshal(map[string]any{
		"query":     `mutation($file: Upload!, $dry: Boolean) { importRows(file: $file, entity: "volunteer", dryRun: $dry) { id status } }`,
		"variables": map[string]any{"file": nil, "dry": dryRun},
	})
	_ = mw.WriteField("operations", string(ops))
	_ = mw.WriteField("map", `{"0": ["variables.file"]}`)
	fw, _ := mw.CreateFormFile("0", name)
	_, _ = fw.Write(data)
	_ = mw.Close()
	req, _ := http.NewRequest("POST", r.base+"/graphql", &b)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var gr gqlResponse
	if err := json.NewDecoder(resp.Body).Decode(&gr); err != nil || len(gr.Errors) > 0 {
		t.Fatalf("importRows: %d %+v %v", resp.StatusCode, gr.Errors, err)
	}
	var d struct{ ImportRows struct{ ID, Status string } }
	if err := json.Unmarshal(gr.Data, &d); err != nil {
		t.Fatal(err)
	}
	return d.ImportRows.ID, d.ImportRows.Status
}

// job reads an import job's status and report URL with token.
func (r *running) job(t *testing.T, token, id string) (status string, rows int, report string) {
	t.Helper()
	var d struct {
		ImportJob struct {
			Status    string
			RowsDone  int
			ReportURL *string
		}
	}
	r.must(t, token, `query($id: ID!) { importJob(id: $id) { status rowsDone reportURL } }`, map[string]any{"id": id}, &d)
	if d.ImportJob.ReportURL != nil {
		report = *d.ImportJob.ReportURL
	}
	return d.ImportJob.Status, d.ImportJob.RowsDone, report
}

// TestImportWhileServing uploads a large register to a running server: the
// server keeps answering reads and readiness while it imports (on SQLite
// the import holds the write lock; readers go on in WAL mode), a second
// upload waits QUEUED on SQLite (one import at a time) and runs beside it
// on PostgreSQL; the annotated report is served to the uploader only, once
// the job is done.
func TestImportWhileServing(t *testing.T) {
	eachBackend(t, func(t *testing.T, dir, dsn string) {
		srv := start(t, envFor(dir), "--database", dsn, "--demo")
		tokens := map[string]string{}
		for _, m := range tokenLine.FindAllStringSubmatch(srv.stdout.String(), -1) {
			tokens[m[1]] = m[2]
		}
		owner := tokens["COMMUNITY_OFFICER"]
		file := filepath.Join(dir, "register.csv")
		bigRegister(t, file, 30000)
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		big, _ := srv.upload(t, owner, "register.csv", data, true)
		deadline := time.Now().Add(time.Minute)
		for {
			status, rows, _ := srv.job(t, owner, big)
			if status == "RUNNING" && rows > 0 {
				break
			}
			if status != "RUNNING" && status != "QUEUED" || time.Now().After(deadline) {
				t.Fatalf("the large import is %s before it could be watched running", status)
			}
			time.Sleep(20 * time.Millisecond)
		}
		began := time.Now()
		var d struct{ Communities struct{ TotalCount int } }
		srv.must(t, owner, `{ communities { totalCount } }`, nil, &d)
		if took := time.Since(began); took > 2*time.Second || d.Communities.TotalCount == 0 {
			t.Errorf("a read during the import took %s (%d communities)", took, d.Communities.TotalCount)
		}
		resp, err := http.Get(srv.base + "/readyz")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("/readyz during the import: %d, want 200", resp.StatusCode)
		}
		small, status := srv.upload(t, owner, "small.csv", []byte("社区代码,姓名,志愿者类别\n520204002012,新志愿者,居民志愿者\n"), false)
		if sqlite := !strings.HasPrefix(dsn, "postgres"); sqlite && status != "QUEUED" {
			t.Errorf("a second upload on SQLite is %s, want QUEUED", status)
		}
		get := func(path, token string) (int, []byte) {
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
			return resp.StatusCode, body
		}
		if code, body := get("/imports/"+big+"/report.xlsx", owner); code != 409 {
			t.Errorf("the report of a running import: %d %s, want 409", code, body)
		}
		var report string
		for _, id := range []string{big, small} {
			for {
				status, _, url := srv.job(t, owner, id)
				if status == "DONE" {
					report = url
					break
				}
				if status == "FAILED" || time.Now().After(deadline.Add(2*time.Minute)) {
					t.Fatalf("job %s is %s", id, status)
				}
				time.Sleep(50 * time.Millisecond)
			}
		}
		if _, rows, _ := srv.job(t, owner, small); rows != 1 {
			t.Errorf("the small import did %d rows, want 1", rows)
		}
		if code, body := get(report, owner); code != 200 || !bytes.HasPrefix(body, []byte("PK")) {
			t.Errorf("the report as its uploader: %d", code)
		}
		for _, other := range []string{tokens["STREET_OFFICER"], tokens["PLATFORM_ADMIN"], ""} {
			if code, body := get(report, other); code != 404 || !strings.Contains(string(body), "NOT_FOUND") {
				t.Errorf("the report as another viewer: %d %s, want 404 NOT_FOUND", code, body)
			}
		}
	})
}
