package graph_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/99designs/gqlgen/client"

	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/demo"
	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/scalar"
	"github.com/wushehub/wushe/internal/store"
	"github.com/wushehub/wushe/internal/store/storetest"
)

// A shape is one of the requests of the side-by-side benchmark
// (scripts/bench): its GraphQL document, the most SQL statements it may
// cost, and the same answer computed by hand — the fewest plain SQL
// statements through database/sql, encoded with encoding/json — which the
// benchmark times as its baseline.
type shape struct {
	name       string
	query      string
	vars       func(db *store.DB) map[string]any
	statements int64
	direct     func(ctx context.Context, db *sql.DB, vars map[string]any) (any, error)
}

var shapes = []shape{
	{
		name: "nested",
		query: `query Nested { communities(first: 20, orderBy: [{field: CODE, direction: DESC}]) { totalCount
  edges { node { id name pairings(first: 3) { totalCount
    edges { node { status group { name university { name code } } } } } } } } }`,
		statements: 6,
		direct:     directNested,
	},
	{
		name: "flat",
		query: `query Flat { communities(first: 20, orderBy: [{field: CODE, direction: DESC}]) {
  edges { node { id code name households population areaKm2 } } } }`,
		statements: 1,
		direct:     directFlat,
	},
	{
		name:  "node",
		query: `query Node($id: ID!) { node(id: $id) { id ... on Community { code name households population } } }`,
		vars: func(db *store.DB) map[string]any {
			var id int
			if err := db.SQL.QueryRow(`SELECT id FROM communities WHERE code = '` + demo.KangzhuangCode + `'`).Scan(&id); err != nil {
				panic(err)
			}
			return map[string]any{"id": scalar.EncodeID(id)}
		},
		statements: 1,
		direct:     directNode,
	},
	{
		name: "groups",
		query: `query Groups { studentGroups(first: 20, orderBy: [{field: NAME}]) {
  edges { node { id name kind capacity university { name code } } } } }`,
		statements: 2,
		direct:     directGroups,
	},
}

// shapeViewers are the benchmark's viewers: the platform, and the
// community office of Kangzhuang.
var shapeViewers = []struct {
	name   string
	viewer authz.Viewer
}{
	{"platform", admin},
	{"community", authz.Viewer{Subject: "kangzhuang", Agency: demo.KangzhuangCode, Role: authz.CommunityOfficer}},
}

type obj = map[string]any

func idList(ids []int) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = fmt.Sprint(id)
	}
	return strings.Join(s, ",")
}

func directNested(ctx context.Context, db *sql.DB, _ map[string]any) (any, error) {
	var total int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM communities`).Scan(&total); err != nil {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, `SELECT id, name FROM communities ORDER BY code DESC LIMIT 20`)
	if err != nil {
		return nil, err
	}
	var ids []int
	var names []string
	for rows.Next() {
		var id int
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		ids, names = append(ids, id), append(names, name)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	in := idList(ids)
	counts := map[int]int{}
	rows, err = db.QueryContext(ctx, `SELECT community_id, count(*) FROM pairings WHERE community_id IN (`+in+`) GROUP BY community_id`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var c, n int
		if err := rows.Scan(&c, &n); err != nil {
			return nil, err
		}
		counts[c] = n
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	type pairing struct {
		status string
		group  int
	}
	pairings := map[int][]pairing{}
	var groupIDs []int
	rows, err = db.QueryContext(ctx, `SELECT community_id, status, group_id FROM (
  SELECT id, community_id, status, group_id, row_number() OVER (PARTITION BY community_id ORDER BY id) AS n
  FROM pairings WHERE community_id IN (`+in+`)) p WHERE n <= 3 ORDER BY community_id, id`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var c int
		var p pairing
		if err := rows.Scan(&c, &p.status, &p.group); err != nil {
			return nil, err
		}
		pairings[c] = append(pairings[c], p)
		groupIDs = append(groupIDs, p.group)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	groups := map[int]obj{}
	if len(groupIDs) > 0 {
		rows, err = db.QueryContext(ctx, `SELECT g.id, g.name, u.name, u.code FROM student_groups g
  JOIN universities u ON u.id = g.university_id WHERE g.id IN (`+idList(groupIDs)+`)`)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int
			var name, uname, ucode string
			if err := rows.Scan(&id, &name, &uname, &ucode); err != nil {
				return nil, err
			}
			groups[id] = obj{"name": name, "university": obj{"name": uname, "code": ucode}}
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
	}
	edges := make([]any, len(ids))
	for i, id := range ids {
		pe := []any{}
		for _, p := range pairings[id] {
			pe = append(pe, obj{"node": obj{"status": p.status, "group": groups[p.group]}})
		}
		edges[i] = obj{"node": obj{"id": scalar.EncodeID(id), "name": names[i],
			"pairings": obj{"totalCount": counts[id], "edges": pe}}}
	}
	return obj{"communities": obj{"totalCount": total, "edges": edges}}, nil
}

func directFlat(ctx context.Context, db *sql.DB, _ map[string]any) (any, error) {
	rows, err := db.QueryContext(ctx, `SELECT id, code, name, households, population, area_km2 FROM communities ORDER BY code DESC LIMIT 20`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	edges := []any{}
	for rows.Next() {
		var id, households, population int
		var code, name string
		var area float64
		if err := rows.Scan(&id, &code, &name, &households, &population, &area); err != nil {
			return nil, err
		}
		edges = append(edges, obj{"node": obj{"id": scalar.EncodeID(id), "code": code, "name": name,
			"households": households, "population": population, "areaKm2": area}})
	}
	return obj{"communities": obj{"edges": edges}}, rows.Err()
}

func directNode(ctx context.Context, db *sql.DB, vars map[string]any) (any, error) {
	id, err := scalar.DecodeID(vars["id"].(string))
	if err != nil {
		return nil, err
	}
	var households, population int
	var code, name string
	if err := db.QueryRowContext(ctx, `SELECT code, name, households, population FROM communities WHERE id = `+fmt.Sprint(id)).
		Scan(&code, &name, &households, &population); err != nil {
		return nil, err
	}
	return obj{"node": obj{"id": scalar.EncodeID(id), "code": code, "name": name, "households": households, "population": population}}, nil
}

func directGroups(ctx context.Context, db *sql.DB, _ map[string]any) (any, error) {
	rows, err := db.QueryContext(ctx, `SELECT g.id, g.name, g.kind, g.capacity, u.name, u.code FROM student_groups g
  JOIN universities u ON u.id = g.university_id ORDER BY g.name, g.id LIMIT 20`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	edges := []any{}
	for rows.Next() {
		var id, capacity int
		var name, kind, uname, ucode string
		if err := rows.Scan(&id, &name, &kind, &capacity, &uname, &ucode); err != nil {
			return nil, err
		}
		edges = append(edges, obj{"node": obj{"id": scalar.EncodeID(id), "name": name, "kind": kind, "capacity": capacity,
			"university": obj{"name": uname, "code": ucode}}})
	}
	return obj{"studentGroups": obj{"edges": edges}}, rows.Err()
}

// cpuTime returns the CPU time this process has used, user and system.
func cpuTime(tb testing.TB) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		tb.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// runDirect computes a shape's answer by hand and encodes it as a GraphQL
// response.
func runDirect(ctx context.Context, db *sql.DB, s shape, vars map[string]any) ([]byte, error) {
	data, err := s.direct(ctx, db, vars)
	if err != nil {
		return nil, err
	}
	return json.Marshal(obj{"data": data})
}

func shapeVars(s shape, db *store.DB) map[string]any {
	if s.vars == nil {
		return nil
	}
	return s.vars(db)
}

func postVars(vars map[string]any) []client.Option {
	var opts []client.Option
	for k, v := range vars {
		opts = append(opts, client.Var(k, v))
	}
	return opts
}

// TestShapeStatements: each shape of the side-by-side benchmark answers, as
// the platform and as a community office, what the plain SQL of its
// baseline answers (the demo's communities, pairings and groups are
// public), within its bound of SQL statements.
func TestShapeStatements(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if _, err := demo.Load(sys(), db.Client); err != nil {
			t.Fatal(err)
		}
		for _, s := range shapes {
			vars := shapeVars(s, db)
			raw, err := runDirect(context.Background(), db.SQL, s, vars)
			if err != nil {
				t.Fatalf("%s by hand: %v", s.name, err)
			}
			var want any
			if err := json.Unmarshal(raw, &want); err != nil {
				t.Fatal(err)
			}
			for _, v := range shapeViewers {
				a := newAPI(t, db, v.viewer, fault.English)
				var got any
				a.mustDo(s.query, vars, &got)
				if !reflect.DeepEqual(obj{"data": got}, want) {
					g, _ := json.Marshal(got)
					t.Errorf("%s as %s:\n got %s\nwant %s", s.name, v.name, g, raw)
				}
				if n := a.statements(); n > s.statements {
					t.Errorf("%s as %s: %d SQL statements, want at most %d", s.name, v.name, n, s.statements)
				}
			}
		}
	})
}

// BenchmarkShapes runs each shape of the side-by-side benchmark on the
// demo through the hub's handler as the platform and as a community
// office, and its baseline — the same answer from plain SQL through
// database/sql, encoded with encoding/json — alternating the three, and
// reports each one's time, the ratios hub/baseline, the CPU time of the
// platform's request and the baseline's in this process (on a busy
// machine steadier than the time) and the hub's statements per request.
//
//	go test -run xxx -bench Shapes ./graph/
func BenchmarkShapes(b *testing.B) {
	for _, kind := range []string{"sqlite", "postgres"} {
		b.Run(kind, func(b *testing.B) {
			if kind == "postgres" && storetestPostgresUnset() {
				b.Skip("WUSHE_TEST_POSTGRES unset")
			}
			db := storetest.Open(b, kind)
			if _, err := demo.Load(sys(), db.Client); err != nil {
				b.Fatal(err)
			}
			apis := make([]*api, len(shapeViewers))
			for i, v := range shapeViewers {
				apis[i] = newAPI(b, db, v.viewer, fault.English)
			}
			for _, s := range shapes {
				vars := shapeVars(s, db)
				b.Run(s.name, func(b *testing.B) {
					var spent, cpu [3]time.Duration
					var statements int64
					n := 0
					timed := func(i int, f func()) {
						start, startCPU := time.Now(), cpuTime(b)
						f()
						spent[i] += time.Since(start)
						cpu[i] += cpuTime(b) - startCPU
					}
					for b.Loop() {
						n++
						for i, a := range apis {
							var resp *client.Response
							var err error
							timed(i, func() { resp, err = a.c.RawPost(s.query, postVars(vars)...) })
							if err != nil || len(resp.Errors) > 0 {
								b.Fatalf("%s as %s: %v %s", s.name, shapeViewers[i].name, err, resp.Errors)
							}
							if i == 0 {
								statements = a.statements()
							}
						}
						var err error
						timed(2, func() { _, err = runDirect(context.Background(), db.SQL, s, vars) })
						if err != nil {
							b.Fatal(err)
						}
					}
					per := func(d time.Duration) float64 { return float64(d.Nanoseconds()) / float64(n) }
					b.ReportMetric(per(spent[0]), "platform-ns/op")
					b.ReportMetric(per(spent[1]), "community-ns/op")
					b.ReportMetric(per(spent[2]), "sql-ns/op")
					b.ReportMetric(float64(spent[0])/float64(spent[2]), "platform/sql")
					b.ReportMetric(float64(spent[1])/float64(spent[2]), "community/sql")
					// CPU time of this process (the database's is not in it):
					// steadier than wall time on a busy machine.
					b.ReportMetric(per(cpu[0]), "platform-cpu-ns/op")
					b.ReportMetric(per(cpu[2]), "sql-cpu-ns/op")
					b.ReportMetric(float64(cpu[0])/float64(cpu[2]), "platform/sql-cpu")
					b.ReportMetric(float64(statements), "statements/op")
				})
			}
		})
	}
}
