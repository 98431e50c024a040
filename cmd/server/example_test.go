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

// TestExampleClient runs examples/client/client.mjs, the client front-end
// developers copy, against a demo server: token, paginated query, a
// mutation's validation error and a subscription event must all work.
func TestExampleClient(t *testing.T) {
	dir := filepath.Join("..", "..", "examples", "client")
	node := needNodeIn(t, dir, "graphql-ws", "ws")
	tmp := t.TempDir()
	env := envFor(tmp)
	dsn := filepath.Join(tmp, "wushe.db")
	srv := start(t, env, "--database", dsn, "--demo")
	token := issueToken(t, env, "--role", "DISTRICT_OFFICER", "--agency", "640105000000", "--database", dsn)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "client.mjs")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "WUSHE_URL="+srv.base, "TOKEN="+token, "LANG=en_US.UTF-8")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("client.mjs: %v\n%s", err, out)
	}
	for _, want := range []string{
		`viewer: {"role":"DISTRICT_OFFICER","agency":"640105000000"}`,
		"communities: 66 read in pages of 25",
		"validation error: code=BAD_USER_INPUT field=idNumber",
		`subscription event: {"id":`,
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("client output lacks %q:\n%s", want, out)
		}
	}
}
