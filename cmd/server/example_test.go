package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestExampleClient runs README's recipe for examples/client/client.mjs,
// the client front-end developers copy, exactly as README writes it, from
// the repository's root against a demo server: token, paginated query, a
// mutation's validation error and a subscription event must all work, and
// the demo's data must be left as it was.
func TestExampleClient(t *testing.T) {
	root := filepath.Join("..", "..")
	needNodeIn(t, filepath.Join(root, "examples", "client"), "graphql-ws", "ws")
	recipe := readmeBlock(t, filepath.Join(root, "README.md"), "## For front-end developers")
	tmp := t.TempDir()
	env := envFor(tmp)
	srv := start(t, env, "--demo")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", "-euo", "pipefail", "-c", recipe)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "WUSHE_DATA_DIR="+tmp, "WUSHE_LOG_LEVEL=warn", "WUSHE_URL="+srv.base, "LANG=en_US.UTF-8")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("README's recipe:\n%s\n%v\n%s", recipe, err, out)
	}
	for _, want := range []string{
		`viewer: {"role":"DISTRICT_OFFICER","agency":"640105000000"}`,
		"communities: 66 read in pages of 25",
		"validation error: code=BAD_USER_INPUT field=idNumber",
		`subscription event: {"id":`,
		"restored: ",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("client output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(lineAfter(string(out), "restored: "), "示例客户端") {
		t.Errorf("the client left its change behind:\n%s", out)
	}

	// Without a token it says how to get one, and changes nothing.
	bare := exec.CommandContext(ctx, "node", "examples/client/client.mjs")
	bare.Dir = root
	bare.Env = append(os.Environ(), "WUSHE_URL="+srv.base, "TOKEN=")
	out, err = bare.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "go run ./cmd/server token") {
		t.Errorf("client without a token: %v\n%s", err, out)
	}
}

// readmeBlock is the first ```sh block after the heading in README.
func readmeBlock(t *testing.T, path, heading string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(b), "\n"+heading)
	if !ok {
		t.Fatalf("README has no %q", heading)
	}
	_, rest, ok = strings.Cut(rest, "```sh\n")
	if !ok {
		t.Fatalf("README's %q has no sh block", heading)
	}
	block, _, _ := strings.Cut(rest, "```")
	return block
}

// lineAfter is the rest of the line that follows prefix in s.
func lineAfter(s, prefix string) string {
	_, rest, _ := strings.Cut(s, prefix)
	line, _, _ := strings.Cut(rest, "\n")
	return line
}
