package main

import (
	"bytes"
	"context"
	"database/sql"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/wushehub/wushe/graph"
	"github.com/wushehub/wushe/internal/authz"
)

// postWith sends a GraphQL request with arbitrary headers.
func (r *running) postWith(t *testing.T, headers map[string]string, query string) (int, gqlResponse) {
	t.Helper()
	return r.postBody(t, headers, `{"query":`+quote(query)+`}`)
}

// postBody sends a GraphQL request body with arbitrary headers.
func (r *running) postBody(t *testing.T, headers map[string]string, body string) (int, gqlResponse) {
	t.Helper()
	req, _ := http.NewRequest("POST", r.base+"/graphql", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var gr gqlResponse
	answer, _ := io.ReadAll(resp.Body)
	_ = jsonUnmarshal(answer, &gr)
	return resp.StatusCode, gr
}

// TestCredentials: API keys (created, used, read-only, revoked), tokens
// naming unregistered agencies or the wrong kind of agency, and both
// credentials at once — through a real server on SQLite and PostgreSQL.
func TestCredentials(t *testing.T) {
	eachBackend(t, func(t *testing.T, dir, dsn string) {
		env := envFor(dir)
		srv := start(t, env, "--database", dsn, "--demo")
		cli := func(args ...string) (string, error) {
			var out, errb bytes.Buffer
			err := run(context.Background(), append(args, "--database", dsn), env, &out, &errb)
			return strings.TrimSpace(out.String()), err
		}
		readKey, err := cli("apikey", "create", "--agency", "520204002012", "--role", "COMMUNITY_OFFICER", "--name", "沙龙社区小程序")
		if err != nil || !strings.HasPrefix(readKey, "wsk_") {
			t.Fatalf("apikey create: %q %v", readKey, err)
		}
		writeKey, err := cli("apikey", "create", "--agency", "520204002012", "--role", "COMMUNITY_OFFICER", "--name", "台账系统", "--scope", "READ_WRITE")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := cli("apikey", "create", "--agency", "520204002012", "--role", "UNIVERSITY_STAFF", "--name", "x"); err == nil {
			t.Error("a key whose role does not fit its agency was created")
		}
		if _, err := cli("apikey", "create", "--agency", "640105001999", "--role", "COMMUNITY_OFFICER", "--name", "x"); err == nil {
			t.Error("a key for an unregistered agency was created")
		}
		var v struct {
			Viewer struct{ Role, Agency string }
		}
		status, gr := srv.postWith(t, map[string]string{"X-API-Key": readKey}, `{ viewer { role agency } volunteers { totalCount } }`)
		if status != 200 || len(gr.Errors) > 0 || !strings.Contains(string(gr.Data), `"COMMUNITY_OFFICER"`) {
			t.Fatalf("read with an API key: %d %s %+v", status, gr.Data, gr.Errors)
		}
		_ = v
		mutation := `mutation { updateCommunity(id: "x", input: {remark: "x"}) { id } }`
		_, gr = srv.postWith(t, map[string]string{"X-API-Key": readKey}, mutation)
		if len(gr.Errors) == 0 || !strings.Contains(gr.Errors[0].Message, "read") {
			t.Errorf("mutation with a READ key: %+v, want refused", gr.Errors)
		}
		_, gr = srv.postWith(t, map[string]string{"X-API-Key": writeKey}, mutation)
		if len(gr.Errors) == 0 || gr.Errors[0].Extensions["code"] != "BAD_USER_INPUT" {
			t.Errorf("mutation with a READ_WRITE key reaches the resolver: %+v", gr.Errors)
		}
		// A trusted-only key runs the documents its agency registered and
		// nothing else.
		trustedKey, err := cli("apikey", "create", "--agency", "520204002012", "--role", "COMMUNITY_OFFICER", "--name", "大屏", "--trusted-only")
		if err != nil {
			t.Fatal(err)
		}
		doc := `query Volunteers { volunteers { totalCount } }`
		_, gr = srv.postWith(t, map[string]string{"X-API-Key": writeKey}, `mutation { registerDocuments(documents: [`+quote(doc)+`]) { hash } }`)
		if len(gr.Errors) > 0 || !strings.Contains(string(gr.Data), graph.DocumentHash(doc)) {
			t.Fatalf("registerDocuments: %s %+v", gr.Data, gr.Errors)
		}
		_, gr = srv.postWith(t, map[string]string{"X-API-Key": trustedKey}, `{ volunteers { totalCount } }`)
		if len(gr.Errors) == 0 || gr.Errors[0].Extensions["code"] != "FORBIDDEN" {
			t.Errorf("a trusted-only key ran an unregistered document: %s %+v", gr.Data, gr.Errors)
		}
		_, gr = srv.postWith(t, map[string]string{"X-API-Key": trustedKey}, doc)
		if len(gr.Errors) > 0 {
			t.Errorf("a trusted-only key sending the text of a registered document: %+v", gr.Errors)
		}
		byHash := func(hash string) gqlResponse {
			_, gr := srv.postBody(t, map[string]string{"X-API-Key": trustedKey}, `{"extensions":{"persistedQuery":{"version":1,"sha256Hash":"`+hash+`"}}}`)
			return gr
		}
		if gr := byHash(graph.DocumentHash(doc)); len(gr.Errors) > 0 || !strings.Contains(string(gr.Data), "totalCount") {
			t.Errorf("a trusted-only key sending a registered hash: %s %+v", gr.Data, gr.Errors)
		}
		if gr := byHash(graph.DocumentHash(`{ viewer { role } }`)); len(gr.Errors) == 0 || gr.Errors[0].Extensions["code"] != "FORBIDDEN" {
			t.Errorf("a trusted-only key sending an unregistered hash: %s %+v", gr.Data, gr.Errors)
		}
		list, err := cli("apikey", "list")
		if err != nil || strings.Count(list, "520204002012") != 3 || strings.Contains(list, readKey) {
			t.Fatalf("apikey list (must not show keys): %q %v", list, err)
		}
		prefix := readKey[:12]
		if out, err := cli("apikey", "revoke", "--prefix", prefix); err != nil || !strings.Contains(out, prefix) {
			t.Fatalf("revoke: %q %v", out, err)
		}
		deadline := time.Now().Add(20 * time.Second)
		for {
			status, gr = srv.postWith(t, map[string]string{"X-API-Key": readKey}, `{ viewer { role } }`)
			if status == 401 || time.Now().After(deadline) {
				break
			}
			time.Sleep(500 * time.Millisecond)
		}
		if status != 401 || len(gr.Errors) == 0 || gr.Errors[0].Extensions["code"] != "UNAUTHENTICATED" {
			t.Errorf("revoked key: %d %+v, want 401 UNAUTHENTICATED", status, gr.Errors)
		}
		for name, headers := range map[string]map[string]string{
			"unknown key":  {"X-API-Key": "wsk_nothing"},
			"both at once": {"X-API-Key": writeKey, "Authorization": "Bearer x"},
		} {
			if status, _ := srv.postWith(t, headers, `{ viewer { role } }`); status != 401 {
				t.Errorf("%s: status %d, want 401", name, status)
			}
		}
		// Tokens: only for registered agencies and accounts; a deactivated
		// account's tokens stop working.
		if err := run(context.Background(), []string{"token", "--role", "COMMUNITY_OFFICER", "--agency", "640105001199", "--database", dsn}, env, io.Discard, io.Discard); err == nil {
			t.Error("a token for an unregistered agency was issued")
		}
		if err := run(context.Background(), []string{"token", "--role", "DISTRICT_OFFICER", "--agency", "520204002012", "--database", dsn}, env, io.Discard, io.Discard); err == nil {
			t.Error("a district token for a community code was issued")
		}
		key, err := authz.LoadKey(env, dir)
		if err != nil {
			t.Fatal(err)
		}
		signer, _ := authz.NewTokens(key)
		forged, _ := signer.Issue(authz.Viewer{Subject: "nobody", Agency: "520204002012", Role: authz.CommunityOfficer}, time.Hour)
		if status, gr := srv.postWith(t, map[string]string{"Authorization": "Bearer " + forged}, `{ viewer { role } }`); status != 401 || !strings.Contains(gr.Errors[0].Message, "account") {
			t.Errorf("token of an unknown account: %d %+v", status, gr.Errors)
		}
		worker := issueToken(t, env, "--role", "COMMUNITY_OFFICER", "--agency", "520204002012", "--account", "shalong-clerk", "--database", dsn)
		srv.must(t, worker, `{ viewer { role } }`, nil, nil)
		admin := issueToken(t, env, "--role", "PLATFORM_ADMIN", "--database", dsn)
		var accts struct {
			Accounts struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
		srv.must(t, admin, `{ accounts(where: {username: "shalong-clerk"}) { edges { node { id } } } }`, nil, &accts)
		srv.must(t, admin, `mutation($id: ID!) { updateAccount(id: $id, input: {active: false}) { active } }`, map[string]any{"id": accts.Accounts.Edges[0].Node.ID}, nil)
		deadline = time.Now().Add(20 * time.Second)
		for {
			status, _ = srv.postWith(t, map[string]string{"Authorization": "Bearer " + worker}, `{ viewer { role } }`)
			if status == 401 || time.Now().After(deadline) {
				break
			}
			time.Sleep(500 * time.Millisecond)
		}
		if status != 401 {
			t.Errorf("token of a deactivated account: status %d, want 401", status)
		}
		// The audit chain verifies from the command line.
		if err := srv.stop(); err != nil {
			t.Fatal(err)
		}
		if out, err := cli("audit", "verify"); err != nil || !strings.Contains(out, "intact") {
			t.Errorf("audit verify: %q %v", out, err)
		}
	})
}

// TestReadsSurviveShutdown: reads audited just before a graceful stop are
// in the log after it.
func TestReadsSurviveShutdown(t *testing.T) {
	eachBackend(t, func(t *testing.T, dir, dsn string) {
		env := envFor(dir)
		srv := start(t, env, "--database", dsn, "--demo")
		tok := issueToken(t, env, "--role", "COMMUNITY_OFFICER", "--agency", "520204002012", "--database", dsn)
		for i := 0; i < 5; i++ {
			srv.must(t, tok, `query Phones { volunteers(first: 20) { edges { node { phone } } } }`, nil, nil)
		}
		if err := srv.stop(); err != nil {
			t.Fatal(err)
		}
		var n int
		driver, src := "sqlite3", sqliteDSN(dsn)
		if strings.HasPrefix(dsn, "postgres") {
			driver, src = "postgres", dsn
		}
		db, err := sql.Open(driver, src)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if err := db.QueryRow("SELECT COUNT(*) FROM audit_entries WHERE action = 'READ' AND operation = 'Phones'").Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 100 {
			t.Errorf("audited reads after shutdown = %d, want 100 (one per volunteer and request)", n)
		}
	})
}
