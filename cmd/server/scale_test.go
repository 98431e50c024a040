package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestSeedScale loads the synthetic district through run on both
// databases: a second load into the now non-empty database is refused,
// the audit chain verifies, a token is issued for one of its communities,
// and a nested query as that community's office sees only its own
// community, pairings and records while the platform sees all of them.
func TestSeedScale(t *testing.T) {
	eachBackend(t, func(t *testing.T, dir, dsn string) {
		env := envFor(dir)
		ctx := context.Background()
		var out, errb bytes.Buffer
		if err := run(ctx, []string{"seed", "--scale", "district", "--database", dsn}, env, &out, &errb); err != nil {
			t.Fatalf("seed --scale district: %v\n%s", err, errb.String())
		}
		if !strings.Contains(out.String(), "Synthetic district loaded") || !strings.Contains(errb.String(), "100%") {
			t.Errorf("seed --scale output:\n%s\nprogress:\n%s", out.String(), errb.String())
		}
		err := run(ctx, []string{"seed", "--scale", "district", "--database", dsn}, env, &out, &errb)
		if err == nil || !strings.Contains(err.Error(), "already holds records") {
			t.Errorf("second seed --scale into the same database: %v, want a refusal", err)
		}
		if err := run(ctx, []string{"seed", "--scale", "county", "--database", dsn}, env, &out, &errb); err == nil || !strings.Contains(err.Error(), "one of district, city, province") {
			t.Errorf("seed --scale county: %v", err)
		}
		out.Reset()
		if err := run(ctx, []string{"audit", "verify", "--database", dsn}, env, &out, &errb); err != nil {
			t.Errorf("audit verify: %v\n%s", err, out.String())
		}

		office := issueToken(t, env, "--role", "COMMUNITY_OFFICER", "--agency", "450101001001", "--database", dsn)
		admin := issueToken(t, env, "--role", "PLATFORM_ADMIN", "--database", dsn)
		srv := start(t, env, "--database", dsn)
		// The partnership graph (communities, pairings, groups,
		// universities) is public; a community's registers are its own.
		const nested = `{ communities(first: 20, orderBy: [{field: CODE}]) { totalCount
			edges { node { code pairings(first: 3) { totalCount edges { node { status group { name university { code } } } } }
				volunteers(first: 2) { totalCount edges { node { name phone } } } consultations(first: 1) { totalCount } } } }
			activities(first: 1) { totalCount } volunteers(first: 1) { totalCount } }`
		type page struct {
			Communities struct {
				TotalCount int
				Edges      []struct {
					Node struct {
						Code     string
						Pairings struct {
							TotalCount int
							Edges      []struct {
								Node struct {
									Status string
									Group  struct {
										Name       string
										University struct{ Code string }
									}
								}
							}
						}
						Volunteers struct {
							TotalCount int
							Edges      []struct{ Node struct{ Name, Phone string } }
						}
						Consultations struct{ TotalCount int }
					}
				}
			}
			Activities, Volunteers struct{ TotalCount int }
		}
		var own, all page
		srv.must(t, office, nested, nil, &own)
		srv.must(t, admin, nested, nil, &all)
		if all.Communities.TotalCount != 100 || all.Activities.TotalCount != 100_000 || all.Volunteers.TotalCount != 20_000 {
			t.Errorf("the platform sees %d communities, %d activities, %d volunteers; want 100, 100000, 20000",
				all.Communities.TotalCount, all.Activities.TotalCount, all.Volunteers.TotalCount)
		}
		if own.Activities.TotalCount != 1000 || own.Volunteers.TotalCount != 200 {
			t.Errorf("the community office sees %d activities and %d volunteers, want its own 1000 and 200", own.Activities.TotalCount, own.Volunteers.TotalCount)
		}
		if len(own.Communities.Edges) != 20 || len(all.Communities.Edges) != 20 {
			t.Fatalf("pages of %d and %d communities, want 20", len(own.Communities.Edges), len(all.Communities.Edges))
		}
		for i, e := range own.Communities.Edges {
			c, a := e.Node, all.Communities.Edges[i].Node
			if c.Code != a.Code || c.Pairings.TotalCount != a.Pairings.TotalCount || c.Pairings.TotalCount != len(c.Pairings.Edges) {
				t.Errorf("community %s: the office sees %d pairings, the platform %d (community %s)", c.Code, c.Pairings.TotalCount, a.Pairings.TotalCount, a.Code)
			}
			if a.Volunteers.TotalCount != 200 || a.Consultations.TotalCount != 30 {
				t.Errorf("community %s: the platform sees %d volunteers and %d consultations, want 200 and 30", a.Code, a.Volunteers.TotalCount, a.Consultations.TotalCount)
			}
			ownCommunity := c.Code == "450101001001"
			switch {
			case ownCommunity && (c.Volunteers.TotalCount != 200 || c.Consultations.TotalCount != 30 || len(c.Volunteers.Edges) != 2 || c.Volunteers.Edges[0].Node.Phone == ""):
				t.Errorf("its own community: %d volunteers %+v, %d consultations; want 200 with their phones and 30", c.Volunteers.TotalCount, c.Volunteers.Edges, c.Consultations.TotalCount)
			case !ownCommunity && (c.Volunteers.TotalCount != 0 || len(c.Volunteers.Edges) != 0 || c.Consultations.TotalCount != 0):
				t.Errorf("community %s: the office of 450101001001 sees %d volunteers and %d consultations, want none", c.Code, c.Volunteers.TotalCount, c.Consultations.TotalCount)
			}
		}
	})
}
