package main

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// webDir is the npm project holding the GraphiQL build and the scripts that
// audit /graphql and drive a browser.
var webDir = filepath.Join("..", "..", "web")

// requireWeb is the variable that turns the skips of the tests below into
// failures (.ci/run sets it, so that CI cannot pass by skipping them).
const requireWeb = "WUSHE_REQUIRE_WEB_TESTS"

// needNode returns the path of node, skipping t (or failing it when
// WUSHE_REQUIRE_WEB_TESTS is set) when node or web/'s npm packages are
// missing.
func needNode(t *testing.T, packages ...string) string {
	t.Helper()
	return needNodeIn(t, webDir, packages...)
}

// needNodeIn is needNode for the npm project in dir.
func needNodeIn(t *testing.T, dir string, packages ...string) string {
	t.Helper()
	skip := t.Skipf
	if os.Getenv(requireWeb) != "" {
		skip = t.Fatalf
	}
	node, err := exec.LookPath("node")
	if err != nil {
		skip("node is not installed: %v", err)
	}
	for _, p := range packages {
		if _, err := os.Stat(filepath.Join(dir, "node_modules", p, "package.json")); err != nil {
			skip("%s is missing: run `npm ci` in %s (%v)", filepath.Join(dir, "node_modules", p), dir, err)
		}
	}
	return node
}

// needChromium skips t (or fails it when WUSHE_REQUIRE_WEB_TESTS is set)
// when Chromium ($CHROMIUM, default /usr/bin/chromium) is not installed.
func needChromium(t *testing.T) {
	t.Helper()
	chromium := os.Getenv("CHROMIUM")
	if chromium == "" {
		chromium = "/usr/bin/chromium"
	}
	if _, err := os.Stat(chromium); err != nil {
		if os.Getenv(requireWeb) != "" {
			t.Fatalf("chromium is not installed (apt-get install chromium): %v", err)
		}
		t.Skipf("chromium is not installed (apt-get install chromium): %v", err)
	}
}

// runNode runs a script of web/ with args and returns its output, failing t
// when it exits non-zero.
func runNode(t *testing.T, node string, limit time.Duration, script string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, append([]string{script}, args...)...)
	cmd.Dir = webDir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("node %s: %v\n%s", script, err, out)
	}
	return string(out)
}

// TestGraphQLOverHTTPAudit runs the GraphQL-over-HTTP audits of the npm
// package graphql-http (serverAudits) against /graphql of a real server:
// every MUST and SHOULD audit has to pass.
func TestGraphQLOverHTTPAudit(t *testing.T) {
	node := needNode(t, "graphql-http")
	// Against the default configuration, as README's command runs it: the
	// audits introspect without credentials and send a burst of requests
	// from one address, within the rate limit of one run.
	srv := start(t, envFor(t.TempDir()))
	out := runNode(t, node, 2*time.Minute, "audit.mjs", srv.base+"/graphql")
	summary := regexp.MustCompile(`(?m)^(MUST|SHOULD|MAY) +(\d+) passed, (\d+) failed$`).FindAllStringSubmatch(out, -1)
	if len(summary) != 3 {
		t.Fatalf("no summary in the audit's output:\n%s", out)
	}
	for _, m := range summary {
		t.Logf("%-6s %s passed, %s failed", m[1], m[2], m[3])
		if m[1] != "MAY" && m[3] != "0" {
			t.Errorf("%s audits failed:\n%s", m[1], out)
		}
	}
}

// TestGraphiQLInBrowser opens GraphiQL at / in headless Chromium, runs
// { viewer { role } } and expects PUBLIC, then runs it again with a token
// typed into the token box and expects that token's role, then runs a
// subscription and expects a mutation's event to show; the page may load
// nothing from another origin.
func TestGraphiQLInBrowser(t *testing.T) {
	node := needNode(t, "playwright-core")
	needChromium(t)
	env := envFor(t.TempDir())
	if err := run(context.Background(), []string{"migrate"}, env, io.Discard, io.Discard); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	token := issueToken(t, env, "--role", "PLATFORM_ADMIN")
	srv := start(t, env)
	began := time.Now()
	out := runNode(t, node, 3*time.Minute, "browser.mjs", srv.base, token, "PLATFORM_ADMIN")
	t.Logf("browser test took %s:\n%s", time.Since(began).Round(100*time.Millisecond), strings.TrimRight(out, "\n"))
}

// TestPublicIntrospection: GraphiQL's first request, introspection without
// credentials, answers the schema by default; an operator who turns it off
// gets a clear FORBIDDEN that says where the schema is and how to pass.
func TestPublicIntrospection(t *testing.T) {
	doc := `{ __schema { queryType { name } } }`
	srv := start(t, envFor(t.TempDir()))
	var out struct {
		Schema struct{ QueryType struct{ Name string } } `json:"__schema"`
	}
	srv.must(t, "", doc, nil, &out)
	if out.Schema.QueryType.Name != "Query" {
		t.Errorf("introspection without credentials: %+v", out)
	}
	base := envFor(t.TempDir())
	off := start(t, func(k string) string {
		if k == "WUSHE_PUBLIC_INTROSPECTION" {
			return "false"
		}
		return base(k)
	})
	_, gr := off.post(t, "", "zh", doc, nil, nil)
	if len(gr.Errors) != 1 || gr.Errors[0].Extensions["code"] != "FORBIDDEN" || !strings.Contains(gr.Errors[0].Message, "/schema.graphql") {
		t.Errorf("introspection turned off: %+v", gr.Errors)
	}
}
