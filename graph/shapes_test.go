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
	// direct is nil for a shape without a baseline (the dashboard: its
	// aggregates are internal/dashboard's, benchmarked there).
	direct func(ctx context.Context, db *sql.DB, vars map[string]any) (any, error)
	// communityDiffers: the community office's answer is not the
	// platform's (figures withheld, or fewer rows).
	communityDiffers bool
}

var shapes = []shape{
	{
		name: "nested",
		query: `query Nested { communities(first: 20, orderBy: [{field: CODE, direction: DESC}]) { totalCount
  edges { node { id name pairings(first: 3) { totalCount
    edges { node { status group { name university { name code } } } } } } } } }`,
		statements: 4,
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
			return map[string]any{"id": scalar.EncodeID(kangzhuang(db))}
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
	{
		name: "wide",
		query: `query Wide { students(first: 20, orderBy: [{field: NAME}]) { totalCount
  edges { node { id name university { name code kind city } groups(first: 3) { edges { node { name kind capacity } } } } } } }`,
		statements:       3,
		direct:           directWide,
		communityDiffers: true,
	},
	{
		name: "filtered",
		query: `query Filtered { communities(first: 20, where: {householdsGT: 1000, hasPairingsWith: [{status: ACTIVE}]},
  orderBy: [{field: POPULATION, direction: DESC}, {field: CODE}]) { totalCount
  edges { node { id code name households population street { name } } } } }`,
		statements: 2,
		direct:     directFiltered,
	},
	{
		name: "dashboard",
		query: `query Dashboard { dashboard(division: "` + demo.XixiaCode + `") {
  name access communities households population pairing { paired communities coverage activePairings }
  activities { total { count participants { value } } byCategory { category count } }
  volunteers { total { value suppressed } }
  breakdown { name access communities pairing { paired coverage } activities { total { count participants { value suppressed } } } } } }`,
		statements:       9,
		communityDiffers: true, // the district's figures as aggregates only
	},
	{
		name: "create",
		query: `mutation Create($title: String!, $community: ID!) {
  createActivity(input: {title: $title, category: CULTURE_SCIENCE, heldOn: "2026-06-01", participants: 12, communityID: $community}) {
    title category heldOn participants } }`,
		vars: func(db *store.DB) map[string]any {
			return map[string]any{"title": "shape activity", "community": scalar.EncodeID(kangzhuang(db))}
		},
		statements: 7,
		direct:     directCreate,
	},
}

// kangzhuang returns the id of the community office's community.
func kangzhuang(db *store.DB) int {
	var id int
	if err := db.SQL.QueryRow(`SELECT id FROM communities WHERE code = '` + demo.KangzhuangCode + `'`).Scan(&id); err != nil {
		panic(err)
	}
	return id
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

func directWide(ctx context.Context, db *sql.DB, _ map[string]any) (any, error) {
	var total int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM students`).Scan(&total); err != nil {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, `SELECT s.id, s.name, u.name, u.code, u.kind, u.city FROM students s
  JOIN universities u ON u.id = s.university_id ORDER BY s.name, s.id LIMIT 20`)
	if err != nil {
		return nil, err
	}
	var ids []int
	var nodes []obj
	for rows.Next() {
		var id int
		var name, uname, ucode, ukind string
		var city sql.NullString
		if err := rows.Scan(&id, &name, &uname, &ucode, &ukind, &city); err != nil {
			return nil, err
		}
		var c any
		if city.Valid {
			c = city.String
		}
		ids = append(ids, id)
		nodes = append(nodes, obj{"id": scalar.EncodeID(id), "name": name,
			"university": obj{"name": uname, "code": ucode, "kind": ukind, "city": c}})
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	groups := map[int][]any{}
	if len(ids) > 0 {
		rows, err = db.QueryContext(ctx, `SELECT student_id, name, kind, capacity FROM (
  SELECT m.student_id, g.id, g.name, g.kind, g.capacity, row_number() OVER (PARTITION BY m.student_id ORDER BY g.id) AS n
  FROM student_group_members m JOIN student_groups g ON g.id = m.student_group_id WHERE m.student_id IN (`+idList(ids)+`)) x
  WHERE n <= 3 ORDER BY student_id, id`)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var sid, capacity int
			var name, kind string
			if err := rows.Scan(&sid, &name, &kind, &capacity); err != nil {
				return nil, err
			}
			groups[sid] = append(groups[sid], obj{"node": obj{"name": name, "kind": kind, "capacity": capacity}})
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
	}
	edges := make([]any, len(ids))
	for i, id := range ids {
		g := groups[id]
		if g == nil {
			g = []any{}
		}
		nodes[i]["groups"] = obj{"edges": g}
		edges[i] = obj{"node": nodes[i]}
	}
	return obj{"students": obj{"totalCount": total, "edges": edges}}, nil
}

func directFiltered(ctx context.Context, db *sql.DB, _ map[string]any) (any, error) {
	const where = `c.households > 1000 AND EXISTS (SELECT 1 FROM pairings p WHERE p.community_id = c.id AND p.status = 'ACTIVE')`
	var total int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM communities c WHERE `+where).Scan(&total); err != nil {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, `SELECT c.id, c.code, c.name, c.households, c.population, s.name FROM communities c
  JOIN divisions s ON s.id = c.street_id WHERE `+where+` ORDER BY c.population DESC, c.code, c.id LIMIT 20`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	edges := []any{}
	for rows.Next() {
		var id, households, population int
		var code, name, street string
		if err := rows.Scan(&id, &code, &name, &households, &population, &street); err != nil {
			return nil, err
		}
		edges = append(edges, obj{"node": obj{"id": scalar.EncodeID(id), "code": code, "name": name,
			"households": households, "population": population, "street": obj{"name": street}}})
	}
	return obj{"communities": obj{"totalCount": total, "edges": edges}}, rows.Err()
}

// directCreate writes the activity with one INSERT (no audit entry, no
// rollup: the baseline of what a write costs at the least).
func directCreate(ctx context.Context, db *sql.DB, vars map[string]any) (any, error) {
	id, err := scalar.DecodeID(vars["community"].(string))
	if err != nil {
		return nil, err
	}
	now := time.Now().UTC()
	if _, err := db.ExecContext(ctx, `INSERT INTO activities (created_at, updated_at, title, category, held_on, participants,
  volunteer_hours, off_site, community_id) VALUES ($1, $2, $3, 'CULTURE_SCIENCE', '2026-06-01', 12, 0, false, $4)`,
		now, now, vars["title"], id); err != nil {
		return nil, err
	}
	return obj{"createActivity": obj{"title": vars["title"], "category": "CULTURE_SCIENCE", "heldOn": "2026-06-01", "participants": 12}}, nil
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
			var want any
			var raw []byte
			if s.direct != nil {
				var err error
				if raw, err = runDirect(context.Background(), db.SQL, s, vars); err != nil {
					t.Fatalf("%s by hand: %v", s.name, err)
				}
				if err := json.Unmarshal(raw, &want); err != nil {
					t.Fatal(err)
				}
			}
			for _, v := range shapeViewers {
				a := newAPI(t, db, v.viewer, fault.English)
				var got any
				a.mustDo(s.query, vars, &got)
				if want == nil { // no baseline: the platform's answer is the one to hold
					raw, _ = json.Marshal(obj{"data": got})
					want = obj{"data": got}
				}
				if v.name == "platform" || !s.communityDiffers {
					if !reflect.DeepEqual(obj{"data": got}, want) {
						g, _ := json.Marshal(got)
						t.Errorf("%s as %s:\n got %s\nwant %s", s.name, v.name, g, raw)
					}
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
						if s.direct != nil {
							var err error
							timed(2, func() { _, err = runDirect(context.Background(), db.SQL, s, vars) })
							if err != nil {
								b.Fatal(err)
							}
						}
					}
					per := func(d time.Duration) float64 { return float64(d.Nanoseconds()) / float64(n) }
					b.ReportMetric(per(spent[0]), "platform-ns/op")
					b.ReportMetric(per(spent[1]), "community-ns/op")
					// CPU time of this process (the database's is not in it):
					// steadier than wall time on a busy machine.
					b.ReportMetric(per(cpu[0]), "platform-cpu-ns/op")
					b.ReportMetric(float64(spent[1])/float64(spent[0]), "community/platform")
					if s.direct != nil {
						b.ReportMetric(per(spent[2]), "sql-ns/op")
						b.ReportMetric(float64(spent[0])/float64(spent[2]), "platform/sql")
						b.ReportMetric(float64(spent[1])/float64(spent[2]), "community/sql")
						b.ReportMetric(per(cpu[2]), "sql-cpu-ns/op")
						b.ReportMetric(float64(cpu[0])/float64(cpu[2]), "platform/sql-cpu")
					}
					b.ReportMetric(float64(statements), "statements/op")
				})
			}
		})
	}
}
