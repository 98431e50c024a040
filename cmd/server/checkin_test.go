package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestCheckInPageInBrowser serves the demo through run and drives /checkin
// in headless Chromium as Shalong's community committee: a volunteer's
// code (issued through GraphQL, its text pasted in place of the camera) is
// checked in, refused a second time, checked out offline and uploaded;
// then the record is PENDING with the hours between the scans, and the
// verification page of a certificate issued for the volunteer shows no
// name but a masked one.
func TestCheckInPageInBrowser(t *testing.T) {
	node := needNode(t, "playwright-core")
	needChromium(t)
	dir := t.TempDir()
	env := envFor(dir)
	srv := start(t, env, "--demo")
	token := issueToken(t, env, "--role", "COMMUNITY_OFFICER", "--agency", "520204002012", "--database", filepath.Join(dir, "wushe.db"))
	var data struct {
		Volunteers struct {
			Edges []struct{ Node struct{ ID, Name string } }
		}
		Activities struct {
			Edges []struct{ Node struct{ ID string } }
		}
	}
	srv.must(t, token, `{ volunteers(first: 1, where: {hasCommunityWith: {code: "520204002012"}}) { edges { node { id name } } }
		activities(first: 1, orderBy: [{field: HELD_ON, direction: DESC}]) { edges { node { id } } } }`, nil, &data)
	vol, act := data.Volunteers.Edges[0].Node, data.Activities.Edges[0].Node.ID
	var code struct{ IssueVolunteerCode struct{ Token string } }
	srv.must(t, token, `mutation($v: ID!) { issueVolunteerCode(volunteer: $v) { token } }`, map[string]any{"v": vol.ID}, &code)
	began := time.Now()
	out := runNode(t, node, 3*time.Minute, "checkin.mjs", srv.base, token, act, code.IssueVolunteerCode.Token)
	t.Logf("check-in browser test took %s:\n%s", time.Since(began).Round(100*time.Millisecond), strings.TrimRight(out, "\n"))
	var recs struct {
		ServiceRecords struct {
			Edges []struct {
				Node struct {
					Status, Source string
					EndedAt        *string
				}
			}
		}
	}
	srv.must(t, token, `query($v: ID!) { serviceRecords(where: {hasVolunteerWith: {id: $v}, status: PENDING}) { edges { node { status source endedAt } } } }`,
		map[string]any{"v": vol.ID}, &recs)
	if len(recs.ServiceRecords.Edges) != 1 || recs.ServiceRecords.Edges[0].Node.EndedAt == nil {
		t.Fatalf("records after the check-in page: %+v, want one PENDING record, checked out", recs.ServiceRecords.Edges)
	}
}

// TestCertificatePrints issues a certificate for a demo volunteer through
// GraphQL, prints its page to PDF in headless Chromium (the Chinese text
// set in an embedded CJK font), and checks /verify/<code>: the figures and
// a masked name, never the name; an unknown code is 404.
func TestCertificatePrints(t *testing.T) {
	needChromium(t)
	dir := t.TempDir()
	env := envFor(dir)
	srv := start(t, env, "--demo")
	token := issueToken(t, env, "--role", "COMMUNITY_OFFICER", "--agency", "520204002012", "--database", filepath.Join(dir, "wushe.db"))
	var data struct {
		Volunteers struct {
			Edges []struct{ Node struct{ ID, Name string } }
		}
	}
	srv.must(t, token, `{ volunteers(first: 1, where: {hasCommunityWith: {code: "520204002012"}}) { edges { node { id name } } } }`, nil, &data)
	vol := data.Volunteers.Edges[0].Node
	var cert struct {
		IssueCertificate struct{ Code, HTML, VerifyPath string }
	}
	srv.must(t, token, `mutation($v: ID!) { issueCertificate(volunteer: $v, community: "520204002012") { code html verifyPath } }`,
		map[string]any{"v": vol.ID}, &cert)
	c := cert.IssueCertificate
	if !strings.Contains(c.HTML, vol.Name) || !strings.Contains(c.HTML, c.Code) {
		t.Fatalf("certificate page lacks the name or the code")
	}
	page := filepath.Join(dir, "cert.html")
	pdf := filepath.Join(dir, "cert.pdf")
	if err := os.WriteFile(page, []byte(c.HTML), 0o644); err != nil {
		t.Fatal(err)
	}
	bin := os.Getenv("CHROMIUM")
	if bin == "" {
		bin = "/usr/bin/chromium"
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
		"--user-data-dir="+filepath.Join(dir, "profile"), "--no-pdf-header-footer", "--print-to-pdf="+pdf, "file://"+page)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chromium --print-to-pdf: %v\n%s", err, out)
	}
	b, err := os.ReadFile(pdf)
	if err != nil || !bytes.HasPrefix(b, []byte("%PDF")) {
		t.Fatalf("no PDF: %v", err)
	}
	if !bytes.Contains(b, []byte("CJK")) {
		t.Errorf("the PDF embeds no CJK font (%d bytes): install fonts-noto-cjk", len(b))
	}
	resp, err := http.Get(srv.base + c.VerifyPath)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || strings.Contains(string(body), vol.Name) || !strings.Contains(string(body), c.Code) {
		t.Errorf("verify page: %d, name shown %v", resp.StatusCode, strings.Contains(string(body), vol.Name))
	}
	if resp, err := http.Get(srv.base + "/verify/NOPE-NOPE-NOPE-NOPE"); err != nil || resp.StatusCode != 404 {
		t.Errorf("unknown code: %v %v, want 404", resp.StatusCode, err)
	}
}
