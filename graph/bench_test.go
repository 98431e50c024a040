package graph_test

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/99designs/gqlgen/client"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/graph"
	"github.com/wushehub/wushe/internal/audit"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/store"
	"github.com/wushehub/wushe/internal/store/storetest"
)

// BenchmarkNestedQueryByViewer runs the foundation's nested query (100
// communities → pairings → group → university) as the platform and as a
// community committee, alternating, and reports each one's time and the
// ratio community/platform: what the privacy rules cost.
//
//	go test -run xxx -bench NestedQueryByViewer ./graph/
func BenchmarkNestedQueryByViewer(b *testing.B) {
	for _, kind := range []string{"sqlite", "postgres"} {
		b.Run(kind, func(b *testing.B) {
			if kind == "postgres" && storetestPostgresUnset() {
				b.Skip("WUSHE_TEST_POSTGRES unset")
			}
			db := storetest.Open(b, kind)
			f := newFixture(b, db.Client)
			manyCommunities(b, db.Client, f, 120)
			viewers := []authz.Viewer{admin, {Subject: "c", Agency: "640105001200", Role: authz.CommunityOfficer}}
			clients := make([]*api, len(viewers))
			for i, v := range viewers {
				clients[i] = newAPI(b, db, v, fault.English)
			}
			var spent [2]time.Duration
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				for j, c := range clients {
					start := time.Now()
					if _, err := c.c.RawPost(NestedQuery, client.Var("n", 100)); err != nil {
						b.Fatal(err)
					}
					spent[j] += time.Since(start)
				}
			}
			b.ReportMetric(float64(spent[0].Nanoseconds())/float64(b.N), "platform-ns/op")
			b.ReportMetric(float64(spent[1].Nanoseconds())/float64(b.N), "community-ns/op")
			b.ReportMetric(float64(spent[1])/float64(spent[0]), "community/platform")
		})
	}
}

// ProtectedQuery is NestedQuery with protected fields: the phones
// (CONDITIONAL) of three volunteers of each community, each one a READ
// entry — 300 for a page of 100.
const ProtectedQuery = `query Protected($n: Int!) {
  communities(first: $n, orderBy: [{field: CODE}]) {
    edges { node { id name
      volunteers(first: 3) { edges { node { name phone } } }
      pairings(first: 3) { edges { node { status group { name university { name code } } } } } } }
  }
}`

// BenchmarkAuditedReads runs ProtectedQuery as a district office, allowed
// to read the phones, with the reads written as they are now — each
// response waits until its entries are committed, by the grouped writer —
// and as they were before ("detached": handed to a background writer, the
// response sent at once). It alternates the two in the same run and
// reports each one's time and the ratio closed/detached: what failing
// closed costs. "serial-100" sends one request at a time (300 entries
// each; "serial-10", a page of 10 communities: 30); "concurrent" sends 8
// at once and times the slowest, where the writer groups their entries.
// The detached writer writes what it was handed between timings.
//
//	go test -run xxx -bench AuditedReads ./graph/
func BenchmarkAuditedReads(b *testing.B) {
	for _, kind := range []string{"sqlite", "postgres"} {
		b.Run(kind, func(b *testing.B) {
			if kind == "postgres" && storetestPostgresUnset() {
				b.Skip("WUSHE_TEST_POSTGRES unset")
			}
			db := openBench(b, kind)
			f := newFixture(b, db.Client)
			manyCommunities(b, db.Client, f, 120)
			var vols []*ent.VolunteerCreate
			for _, c := range db.Client.Community.Query().AllX(sys()) {
				for i := range 3 {
					vols = append(vols, db.Client.Volunteer.Create().SetName(fmt.Sprintf("志愿者%d", i)).SetKind("RESIDENT").
						SetCommunity(c).SetPhone(fmt.Sprintf("138%08d", c.ID%100000*10+int(i))))
				}
			}
			db.Client.Volunteer.CreateBulk(vols...).ExecX(sys())
			district := authz.Viewer{Subject: "d", Agency: "640105000000", Role: authz.DistrictOfficer}
			closed := audit.NewReads(db.Client, db.Dialect, slog.New(slog.DiscardHandler))
			detached := newDetached(db)
			b.Cleanup(func() {
				_ = closed.Close(context.Background())
				detached.Close()
			})
			modes := []graph.ReadLog{detached, closed}
			const clients = 8
			apis := make([][]*api, len(modes))
			for m, reads := range modes {
				for range clients {
					apis[m] = append(apis[m], newAPIWith(b, db, district, fault.English, func(o *graph.Options) { o.Reads = reads }))
				}
			}
			query := func(a *api, n int) {
				resp, err := a.c.RawPost(ProtectedQuery, client.Var("n", n))
				if err != nil || len(resp.Errors) > 0 {
					b.Errorf("%v %s", err, resp.Errors)
				}
			}
			query(apis[1][0], 100)
			if n := db.Client.AuditEntry.Query().CountX(sys()); n != 300 {
				b.Fatalf("one query wrote %d entries, want 300 (the district reads every phone)", n)
			}
			for _, page := range []int{100, 10} {
				b.Run(fmt.Sprintf("serial-%d", page), func(b *testing.B) {
					var spent [2]time.Duration
					n := 0
					for b.Loop() {
						n++
						for m := range modes {
							start := time.Now()
							query(apis[m][0], page)
							spent[m] += time.Since(start)
							detached.Drain()
						}
					}
					report(b, n, spent)
				})
			}
			b.Run("concurrent", func(b *testing.B) {
				var spent [2]time.Duration
				n := 0
				for b.Loop() {
					n++
					for m := range modes {
						start := time.Now()
						var wg sync.WaitGroup
						for _, a := range apis[m] {
							wg.Go(func() { query(a, 100) })
						}
						wg.Wait()
						spent[m] += time.Since(start)
						detached.Drain()
					}
				}
				report(b, n, spent)
			})
		})
	}
}

// report reports the time of each way of writing reads and their ratio.
func report(b *testing.B, n int, spent [2]time.Duration) {
	b.ReportMetric(float64(spent[0].Nanoseconds())/float64(n), "detached-ns/op")
	b.ReportMetric(float64(spent[1].Nanoseconds())/float64(n), "closed-ns/op")
	b.ReportMetric(float64(spent[1])/float64(spent[0]), "closed/detached")
}

// openBench opens a migrated database of kind, "postgres" (storetest's) or
// "sqlite": a file as the server opens it, whose writers take turns (an
// in-memory database shared by connections refuses a second writer).
func openBench(b *testing.B, kind string) *store.DB {
	if kind != "sqlite" {
		return storetest.Open(b, kind)
	}
	db, err := store.Open(context.Background(), store.SQLitePath(filepath.Join(b.TempDir(), "bench.db")))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background(), slog.New(slog.DiscardHandler)); err != nil {
		b.Fatal(err)
	}
	return db
}

// detached writes audited reads as the hub did before they failed closed,
// the baseline of BenchmarkAuditedReads: Record hands the entries over and
// returns at once; a background writer appends what it was handed every
// 250 ms, in one transaction.
type detached struct {
	in    chan []audit.Entry
	drain chan chan struct{}
	done  chan struct{}
}

func newDetached(db *store.DB) *detached {
	d := &detached{in: make(chan []audit.Entry, 256), drain: make(chan chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(d.done)
		var batch []audit.Entry
		flush := func() {
			if len(batch) > 0 {
				_ = audit.Write(context.Background(), db.Client, db.Dialect, batch...)
				batch = batch[:0]
			}
		}
		tick := time.NewTicker(250 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case es, ok := <-d.in:
				if !ok {
					flush()
					return
				}
				if batch = append(batch, es...); len(batch) >= 1000 {
					flush()
				}
			case <-tick.C:
				flush()
			case drained := <-d.drain:
				for len(d.in) > 0 {
					batch = append(batch, <-d.in...)
				}
				flush()
				close(drained)
			}
		}
	}()
	return d
}

func (d *detached) Record(_ context.Context, entries []audit.Entry) error {
	if len(entries) > 0 {
		d.in <- entries
	}
	return nil
}

// Drain writes what was handed over and returns once it is written: the
// benchmark does so between timings, so that the writes of one way do not
// slow the other's requests.
func (d *detached) Drain() {
	drained := make(chan struct{})
	d.drain <- drained
	<-drained
}

func (d *detached) Close() {
	close(d.in)
	<-d.done
}
