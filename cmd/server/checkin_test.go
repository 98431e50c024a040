package main

import (
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
