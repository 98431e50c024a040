package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rivo/uniseg"

	"github.com/wushehub/wushe/internal/store/storetest"
)

// backend is a database for an end-to-end run: a SQLite file or a fresh
// PostgreSQL database.
type backend struct {
	name string
	dsn  func(t *testing.T, dir string) string
}

var backends = []backend{
	{"sqlite", func(t *testing.T, dir string) string { return filepath.Join(dir, "wushe.db") }},
	{"postgres", func(t *testing.T, dir string) string { return storetest.PostgresDSN(t) }},
}

// eachBackend runs f on SQLite and PostgreSQL.
func eachBackend(t *testing.T, f func(t *testing.T, dir, dsn string)) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			dir := t.TempDir()
			f(t, dir, b.dsn(t, dir))
		})
	}
}

func envFor(dir string) func(string) string {
	env := map[string]string{"WUSHE_DATA_DIR": dir, "WUSHE_LOG_LEVEL": "warn"}
	return func(k string) string { return env[k] }
}

// syncBuffer is a goroutine-safe buffer for a server's output.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// running is a server started through run.
type running struct {
	base   string
	stdout *syncBuffer
	stop   func() error
}

var listening = regexp.MustCompile(`listening on (http://[0-9.:]+)`)

// start runs `server serve --addr 127.0.0.1:0 args...` and waits for /healthz.
func start(t *testing.T, getenv func(string) string, args ...string) *running {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	out := &syncBuffer{}
	stderr := &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		err := run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), getenv, pw, stderr)
		pw.Close()
		done <- err
	}()
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			line := sc.Text()
			out.Write([]byte(line + "\n"))
			if m := listening.FindStringSubmatch(line); m != nil {
				addr <- m[1]
			}
		}
	}()
	var base string
	select {
	case base = <-addr:
	case err := <-done:
		cancel()
		t.Fatalf("server stopped before listening: %v\n%s", err, stderr.String())
	case <-time.After(120 * time.Second):
		cancel()
		t.Fatalf("server did not start in time\n%s", stderr.String())
	}
	r := &running{base: base, stdout: out}
	var once sync.Once
	var stopErr error
	r.stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case stopErr = <-done:
			case <-time.After(30 * time.Second):
				stopErr = fmt.Errorf("server did not stop within 30 s")
			}
		})
		return stopErr
	}
	t.Cleanup(func() { _ = r.stop() })
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get(base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("/healthz never answered 200: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return r
}

type gqlResponse struct {
	Data   json.RawMessage `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

// post sends a GraphQL request and decodes data into out.
func (r *running) post(t *testing.T, token, lang, query string, vars map[string]any, out any) (int, gqlResponse) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest("POST", r.base+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if lang != "" {
		req.Header.Set("Accept-Language", lang)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("post: %v", err)
	}
	defer resp.Body.Close()
	var gr gqlResponse
	if err := json.NewDecoder(resp.Body).Decode(&gr); err != nil {
		t.Fatalf("decode response: %v", err)
	}
	if out != nil && len(gr.Data) > 0 {
		if err := json.Unmarshal(gr.Data, out); err != nil {
			t.Fatalf("decode data %s: %v", gr.Data, err)
		}
	}
	return resp.StatusCode, gr
}

func (r *running) must(t *testing.T, token, query string, vars map[string]any, out any) {
	t.Helper()
	if _, gr := r.post(t, token, "", query, vars, out); len(gr.Errors) > 0 {
		t.Fatalf("errors: %+v\nquery: %s", gr.Errors, query)
	}
}

// issueToken runs `server token`.
func issueToken(t *testing.T, getenv func(string) string, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	if err := run(context.Background(), append([]string{"token"}, args...), getenv, &out, &errb); err != nil {
		t.Fatalf("token: %v\n%s", err, errb.String())
	}
	return strings.TrimSpace(out.String())
}

// TestServeEndToEnd drives a real server through run over HTTP: readiness,
// mutations and their validation errors, node round trip, filters,
// multi-field ordering, cursor pagination both ways, authentication, and
// graceful shutdown.
func TestServeEndToEnd(t *testing.T) {
	eachBackend(t, func(t *testing.T, dir, dsn string) {
		env := envFor(dir)
		if err := run(context.Background(), []string{"migrate", "--database", dsn}, env, io.Discard, io.Discard); err != nil {
			t.Fatalf("migrate: %v", err)
		}
		adminToken := issueToken(t, env, "--role", "PLATFORM_ADMIN", "--database", dsn)
		srv := start(t, env, "--database", dsn)

		resp, err := http.Get(srv.base + "/readyz")
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("/readyz: %v %v", resp, err)
		}
		resp.Body.Close()

		// Build a district through the API.
		mkDivision := `mutation($in: CreateDivisionInput!) { createDivision(input: $in) { id code } }`
		var parent string
		for _, d := range []struct{ code, name, level string }{
			{"640000000000", "宁夏回族自治区", "PROVINCE"}, {"640100000000", "银川市", "CITY"},
			{"640105000000", "西夏区", "DISTRICT"}, {"640105001000", "西花园路街道", "STREET"},
		} {
			in := map[string]any{"code": d.code, "name": d.name, "level": d.level}
			if parent != "" {
				in["parentID"] = parent
			}
			var out struct{ CreateDivision struct{ ID, Code string } }
			srv.must(t, adminToken, mkDivision, map[string]any{"in": in}, &out)
			parent = out.CreateDivision.ID
		}
		street := parent
		households := []int{3200, 1800, 4100, 2600, 3900, 1500, 2900, 4100, 2200, 3300, 5100, 2700}
		mkCommunity := `mutation($in: CreateCommunityInput!) { createCommunity(input: $in) { id name households } }`
		ids := map[string]string{}
		for i, h := range households {
			var out struct{ CreateCommunity struct{ ID, Name string } }
			srv.must(t, adminToken, mkCommunity, map[string]any{"in": map[string]any{
				"code": fmt.Sprintf("640105001%03d", i+2), "name": fmt.Sprintf("社区%02d", i), "streetID": street,
				"households": h, "population": h * 3,
			}}, &out)
			ids[out.CreateCommunity.Name] = out.CreateCommunity.ID
		}

		// A validation error: localised, with its code and field, HTTP 200, nothing written.
		status, gr := srv.post(t, adminToken, "zh-CN,zh;q=0.9", mkCommunity, map[string]any{"in": map[string]any{
			"code": "640105002099", "name": "错位社区", "streetID": street, "households": -5}}, nil)
		if status != 200 || len(gr.Errors) != 1 || gr.Errors[0].Extensions["code"] != "BAD_USER_INPUT" {
			t.Fatalf("validation error: status %d errors %+v", status, gr.Errors)
		}
		if f := gr.Errors[0].Extensions["field"]; f != "households" && f != "code" {
			t.Errorf("validation error field = %v", f)
		}
		if !strings.ContainsAny(gr.Errors[0].Message, "应不能为") {
			t.Errorf("message not in Chinese: %q", gr.Errors[0].Message)
		}

		// node(id:) round trip.
		var node struct {
			Node struct {
				ID         string
				Typename   string `json:"__typename"`
				Households int
			}
		}
		srv.must(t, adminToken, `query($id: ID!) { node(id: $id) { id __typename ... on Community { households } } }`,
			map[string]any{"id": ids["社区03"]}, &node)
		if node.Node.ID != ids["社区03"] || node.Node.Typename != "Community" || node.Node.Households != 2600 {
			t.Errorf("node round trip = %+v", node.Node)
		}

		// Filters.
		var filtered struct{ Communities struct{ TotalCount int } }
		srv.must(t, adminToken, `{ communities(where: {householdsGTE: 3000, nameHasPrefix: "社区"}) { totalCount } }`, nil, &filtered)
		want := 0
		for _, h := range households {
			if h >= 3000 {
				want++
			}
		}
		if filtered.Communities.TotalCount != want {
			t.Errorf("filtered totalCount = %d, want %d", filtered.Communities.TotalCount, want)
		}

		// Multi-field ordering: households descending, then name ascending.
		type page struct {
			Communities struct {
				TotalCount int
				PageInfo   struct {
					HasNextPage, HasPreviousPage bool
					StartCursor, EndCursor       string
				}
				Edges []struct {
					Node struct {
						Name       string
						Households int
					}
				}
			}
		}
		order := `[{field: HOUSEHOLDS, direction: DESC}, {field: NAME}]`
		var all page
		srv.must(t, adminToken, `{ communities(first: 50, orderBy: `+order+`) { totalCount edges { node { name households } } } }`, nil, &all)
		var names []string
		for i, e := range all.Communities.Edges {
			names = append(names, e.Node.Name)
			if i > 0 {
				prev := all.Communities.Edges[i-1].Node
				if prev.Households < e.Node.Households || (prev.Households == e.Node.Households && prev.Name > e.Node.Name) {
					t.Errorf("order broken at %d: %+v then %+v", i, prev, e.Node)
				}
			}
		}
		if len(names) != len(households) {
			t.Fatalf("got %d communities, want %d", len(names), len(households))
		}

		// Cursor pagination forwards, then backwards, must give the same order.
		var forward []string
		after := ""
		for {
			var p page
			srv.must(t, adminToken, `query($after: Cursor) { communities(first: 5, after: $after, orderBy: `+order+`) {
				pageInfo { hasNextPage endCursor } edges { node { name } } } }`, map[string]any{"after": nilIfEmpty(after)}, &p)
			for _, e := range p.Communities.Edges {
				forward = append(forward, e.Node.Name)
			}
			if !p.Communities.PageInfo.HasNextPage {
				break
			}
			after = p.Communities.PageInfo.EndCursor
		}
		var backward []string
		before := ""
		for {
			var p page
			srv.must(t, adminToken, `query($before: Cursor) { communities(last: 5, before: $before, orderBy: `+order+`) {
				pageInfo { hasPreviousPage startCursor } edges { node { name } } } }`, map[string]any{"before": nilIfEmpty(before)}, &p)
			var chunk []string
			for _, e := range p.Communities.Edges {
				chunk = append(chunk, e.Node.Name)
			}
			backward = append(chunk, backward...)
			if !p.Communities.PageInfo.HasPreviousPage {
				break
			}
			before = p.Communities.PageInfo.StartCursor
		}
		if strings.Join(forward, ",") != strings.Join(names, ",") || strings.Join(backward, ",") != strings.Join(names, ",") {
			t.Errorf("pagination:\n forward  %v\n backward %v\n want     %v", forward, backward, names)
		}
		sorted := append([]string(nil), names...)
		sort.Strings(sorted)
		if strings.Join(sorted, ",") == strings.Join(names, ",") {
			t.Log("note: household order coincides with name order")
		}

		// Authentication: a bad token is 401; PUBLIC may read open data but not write.
		status, gr = srv.post(t, "not-a-token", "", `{ viewer { role } }`, nil, nil)
		if status != 401 || len(gr.Errors) == 0 || gr.Errors[0].Extensions["code"] != "UNAUTHENTICATED" {
			t.Errorf("bad token: status %d errors %+v", status, gr.Errors)
		}
		var viewer struct{ Viewer struct{ Role string } }
		srv.must(t, "", `{ viewer { role } }`, nil, &viewer)
		if viewer.Viewer.Role != "PUBLIC" {
			t.Errorf("viewer without credentials = %s", viewer.Viewer.Role)
		}
		_, gr = srv.post(t, "", "", mkCommunity, map[string]any{"in": map[string]any{"code": "640105001099", "name": "x", "streetID": street}}, nil)
		if len(gr.Errors) != 1 || gr.Errors[0].Extensions["code"] != "UNAUTHENTICATED" {
			t.Errorf("PUBLIC mutation: errors %+v, want UNAUTHENTICATED", gr.Errors)
		}

		// The schema is served; shutdown is graceful.
		resp, err = http.Get(srv.base + "/schema.graphql")
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("/schema.graphql: %v", err)
		}
		sdl, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if !strings.Contains(string(sdl), "type Community implements Node") {
			t.Error("/schema.graphql lacks the Community type")
		}
		if err := srv.stop(); err != nil {
			t.Errorf("graceful shutdown: %v", err)
		}
	})
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// TestHelp documents the subcommands and the environment.
func TestHelp(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"help"}, envFor(t.TempDir()), &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"serve", "migrate", "seed --demo", "token", "export-schema", "WUSHE_DATABASE_URL", "WUSHE_ADDR", "WUSHE_TOKEN_KEY"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("help lacks %q", want)
		}
	}
	var errb bytes.Buffer
	if err := run(context.Background(), []string{"serve", "--help"}, envFor(t.TempDir()), io.Discard, &errb); err != nil {
		t.Errorf("serve --help: %v", err)
	}
	if !strings.Contains(errb.String(), "-addr") {
		t.Errorf("serve --help lacks its flags: %s", errb.String())
	}
	if err := run(context.Background(), []string{"frobnicate"}, envFor(t.TempDir()), io.Discard, io.Discard); err == nil {
		t.Error("an unknown subcommand succeeded")
	}
}

var tokenLine = regexp.MustCompile(`(?m)^  ([A-Z_]+) — .*\n  (ey[A-Za-z0-9_.-]+)$`)

// TestServeDemo: `serve --demo` loads the demo once, prints a working token
// per role, and a second start finds it loaded; `match` plans the demo
// district and `seed --demo` is idempotent.
func TestServeDemo(t *testing.T) {
	eachBackend(t, func(t *testing.T, dir, dsn string) {
		env := envFor(dir)
		srv := start(t, env, "--database", dsn, "--demo")
		out := srv.stdout.String()
		if !strings.Contains(out, "Demo district loaded") {
			t.Fatalf("no load message in:\n%s", out)
		}
		tokens := map[string]string{}
		for _, m := range tokenLine.FindAllStringSubmatch(out, -1) {
			tokens[m[1]] = m[2]
		}
		for _, role := range []string{"PLATFORM_ADMIN", "DISTRICT_OFFICER", "DISTRICT_AUDITOR", "STREET_OFFICER", "COMMUNITY_OFFICER",
			"UNIVERSITY_STAFF", "SCHOOL_STAFF", "ENTERPRISE_STAFF", "ORGANIZATION_STAFF"} {
			tok, ok := tokens[role]
			if !ok {
				t.Errorf("no demo token printed for %s", role)
				continue
			}
			var v struct{ Viewer struct{ Role string } }
			srv.must(t, tok, `{ viewer { role } }`, nil, &v)
			if v.Viewer.Role != role {
				t.Errorf("token for %s authenticates as %s", role, v.Viewer.Role)
			}
		}
		var xixia struct {
			Communities struct{ TotalCount int }
		}
		srv.must(t, tokens["PLATFORM_ADMIN"], `{ communities(where: {codeHasPrefix: "640105"}) { totalCount } }`, nil, &xixia)
		if xixia.Communities.TotalCount != 66 {
			t.Errorf("Xixia communities = %d, want 66", xixia.Communities.TotalCount)
		}
		if err := srv.stop(); err != nil {
			t.Fatal(err)
		}

		var seedOut bytes.Buffer
		if err := run(context.Background(), []string{"seed", "--demo", "--database", dsn}, env, &seedOut, io.Discard); err != nil {
			t.Fatalf("seed --demo: %v", err)
		}
		if !strings.Contains(seedOut.String(), "already loaded") {
			t.Errorf("second load: %q, want 'already loaded'", seedOut.String())
		}
		var plan bytes.Buffer
		if err := run(context.Background(), []string{"match", "--division", "640105000000", "--database", dsn}, env, &plan, io.Discard); err != nil {
			t.Fatalf("match: %v", err)
		}
		if !strings.Contains(plan.String(), "Covered 66 of 66 communities") {
			t.Errorf("match output lacks full coverage:\n%s", lastLines(plan.String(), 3))
		}
		// In Chinese: the summary too, needs by their Chinese names, and
		// the columns aligned on a terminal (a Chinese character is two
		// cells wide).
		var zh bytes.Buffer
		if err := run(context.Background(), []string{"match", "--division", "640105000000", "--database", dsn, "--lang", "zh"}, env, &zh, io.Discard); err != nil {
			t.Fatalf("match --lang zh: %v", err)
		}
		if !strings.Contains(zh.String(), "覆盖 66 个社区中的 66 个") || strings.Contains(zh.String(), "Covered") {
			t.Errorf("match --lang zh summary:\n%s", lastLines(zh.String(), 3))
		}
		if code := regexp.MustCompile(`\b[A-Z][A-Z_]{2,}\b`).FindString(zh.String()); code != "" {
			t.Errorf("match --lang zh shows the code %s", code)
		}
		var scoreAt []int
		for _, line := range strings.Split(zh.String(), "\n") {
			if m := regexp.MustCompile(`  -?\d+\.\d{3}  `).FindStringIndex(line); m != nil {
				scoreAt = append(scoreAt, uniseg.StringWidth(line[:m[0]]))
			}
		}
		if len(scoreAt) < 66 {
			t.Errorf("match --lang zh: %d rows with a score", len(scoreAt))
		}
		for _, at := range scoreAt {
			if at != scoreAt[0] {
				t.Errorf("match --lang zh: the score column starts at cells %v", scoreAt)
				break
			}
		}
		var js bytes.Buffer
		if err := run(context.Background(), []string{"match", "--division", "640105000000", "--database", dsn, "--json"}, env, &js, io.Discard); err != nil {
			t.Fatalf("match --json: %v", err)
		}
		var rep struct {
			Covered, Total int
			Assignments    []json.RawMessage
		}
		if err := json.Unmarshal(js.Bytes(), &rep); err != nil || rep.Covered != 66 || len(rep.Assignments) < 66 {
			t.Errorf("match --json: %v covered %d assignments %d", err, rep.Covered, len(rep.Assignments))
		}
	})
}

// TestMatchInputFile: what-if planning from an instance file, and a clear
// error for a bad one.
func TestMatchInputFile(t *testing.T) {
	env := envFor(t.TempDir())
	var out bytes.Buffer
	if err := run(context.Background(), []string{"match", "--input", "../../internal/matching/testdata/example.json"}, env, &out, io.Discard); err != nil {
		t.Fatalf("match --input: %v", err)
	}
	if !strings.Contains(out.String(), "Covered 3 of 3 communities") {
		t.Errorf("unexpected output:\n%s", out.String())
	}
	bad := filepath.Join(t.TempDir(), "bad.json")
	if err := os.WriteFile(bad, []byte(`{"communities": [{"id": "a", "maxGroups": -1}], "groups": []}`), 0o644); err != nil {
		t.Fatal(err)
	}
	err := run(context.Background(), []string{"match", "--input", bad}, env, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "maxGroups") || !strings.Contains(err.Error(), "BAD_USER_INPUT") {
		t.Errorf("bad instance: %v, want a BAD_USER_INPUT naming maxGroups", err)
	}
	if err := run(context.Background(), []string{"match"}, env, io.Discard, io.Discard); err == nil {
		t.Error("match without --division or --input succeeded")
	}
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

// sqliteDSN turns a SQLite file path into a DSN.
func sqliteDSN(path string) string { return normalizeDSN(path) }

// TestCommandsDoNotCreateDatabases: the commands that only use a database
// refuse to create one where they happen to run, and say where they looked;
// seed creates it, and then they work.
func TestCommandsDoNotCreateDatabases(t *testing.T) {
	dir := t.TempDir()
	env := envFor(dir)
	for _, args := range [][]string{
		{"token", "--role", "DISTRICT_OFFICER", "--agency", "640105000000"},
		{"apikey", "list"},
		{"audit", "verify"},
		{"match", "--division", "640105000000"},
		{"export", "--entity", "volunteer"},
	} {
		err := run(context.Background(), args, env, io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "no database at "+filepath.Join(dir, "wushe.db")) {
			t.Errorf("%v in an empty directory: %v, want it to say where it looked", args, err)
		}
		if _, err := os.Stat(filepath.Join(dir, "wushe.db")); err == nil {
			t.Fatalf("%v created a database", args)
		}
	}
	if err := run(context.Background(), []string{"seed", "--demo"}, env, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"token", "--role", "DISTRICT_OFFICER", "--agency", "640105000000"}, env, &out, io.Discard); err != nil || out.Len() == 0 {
		t.Errorf("token after seed: %v %q", err, out.String())
	}
}
