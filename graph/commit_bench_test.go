package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wushehub/wushe/graph"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/demo"
	"github.com/wushehub/wushe/internal/events"
	"github.com/wushehub/wushe/internal/scalar"
	"github.com/wushehub/wushe/internal/store"
	"github.com/wushehub/wushe/internal/store/storetest"
)

// BenchmarkConcurrentCreate sends the create shape's createActivity from
// 16 clients at once through the handler as the platform, with the change
// feed's hook on the database's own bus (LISTEN/NOTIFY on PostgreSQL), and
// alternates two handlers on the same database: mutations committed in
// groups (the default) and each in a transaction of its own
// (Options.CommitAlone). It reports each one's mutations per second and
// the ratio grouped/alone; on SQLite the two are the same (no groups).
//
//	go test -run xxx -bench ConcurrentCreate ./graph/
func BenchmarkConcurrentCreate(b *testing.B) {
	for _, kind := range []string{"sqlite", "postgres"} {
		b.Run(kind, func(b *testing.B) {
			if kind == "postgres" && storetestPostgresUnset() {
				b.Skip("WUSHE_TEST_POSTGRES unset")
			}
			db, bus := benchDB(b, kind)
			if _, err := demo.Load(sys(), db.Client); err != nil {
				b.Fatal(err)
			}
			quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
			handler := func(alone bool) http.Handler {
				h := graph.NewHandler(graph.Options{Client: db.Client, Dialect: db.Dialect, Log: quiet, Bus: bus, CommitAlone: alone})
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					h.ServeHTTP(w, r.WithContext(authz.NewContext(r.Context(), admin)))
				})
			}
			handlers := [2]http.Handler{handler(false), handler(true)}
			body, err := json.Marshal(map[string]any{"query": shapeByName("create").query,
				"variables": map[string]any{"title": "concurrent", "community": scalar.EncodeID(kangzhuang(db))}})
			if err != nil {
				b.Fatal(err)
			}
			const clients, each = 16, 4
			var spent [2]time.Duration
			rounds := 0
			for b.Loop() {
				rounds++
				for i, h := range handlers {
					start := time.Now()
					var wg sync.WaitGroup
					errs := make(chan string, clients)
					for range clients {
						wg.Add(1)
						go func() {
							defer wg.Done()
							for range each {
								rec := httptest.NewRecorder()
								req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
								req.Header.Set("Content-Type", "application/json")
								h.ServeHTTP(rec, req)
								if rec.Code != http.StatusOK || strings.Contains(rec.Body.String(), `"errors"`) {
									errs <- rec.Body.String()
									return
								}
							}
						}()
					}
					wg.Wait()
					spent[i] += time.Since(start)
					close(errs)
					for e := range errs {
						b.Fatalf("createActivity: %s", e)
					}
				}
			}
			ops := float64(rounds * clients * each)
			b.ReportMetric(ops/spent[0].Seconds(), "grouped-mutations/s")
			b.ReportMetric(ops/spent[1].Seconds(), "alone-mutations/s")
			b.ReportMetric(spent[1].Seconds()/spent[0].Seconds(), "grouped/alone")
		})
	}
}

// benchDB opens a migrated database of kind with the change feed's hook
// registered on its bus: in-process on SQLite, LISTEN/NOTIFY on PostgreSQL.
func benchDB(b *testing.B, kind string) (*store.DB, events.Bus) {
	b.Helper()
	quiet := slog.New(slog.DiscardHandler)
	if kind == "sqlite" {
		db := storetest.SQLite(b)
		bus := events.NewLocal(quiet)
		b.Cleanup(func() { bus.Close() })
		db.Client.Use(events.Hook(bus, db.Dialect))
		return db, bus
	}
	dsn := storetest.PostgresDSN(b)
	ctx := context.Background()
	db, err := store.Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx, quiet); err != nil {
		b.Fatal(err)
	}
	bus, err := events.NewPostgres(ctx, dsn, db.SQL, quiet)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { bus.Close() })
	db.Client.Use(events.Hook(bus, db.Dialect))
	return db, bus
}

// shapeByName returns the shape of the side-by-side benchmark named name.
func shapeByName(name string) shape {
	for _, s := range shapes {
		if s.name == name {
			return s
		}
	}
	panic("no shape " + name)
}
