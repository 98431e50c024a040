package server

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"sync"

	"entgo.io/ent/dialect"
	"github.com/go-chi/chi/v5"

	"github.com/wushehub/wushe/graph"
	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/metrics"
	"github.com/wushehub/wushe/internal/records"
	"github.com/wushehub/wushe/internal/store"
)

// New returns the hub's HTTP handler. This function is the one map of the
// HTTP surface.
func New(cfg Config) http.Handler {
	if cfg.Metrics == nil {
		cfg.Metrics = metrics.New(cfg.DB.SQL)
	}
	if counter, ok := cfg.Bus.(interface{ Subscribers() int }); ok {
		cfg.Metrics.WatchSubscriptions(counter.Subscribers)
	}
	if cfg.Imports == nil {
		cfg.Imports = graph.DefaultImports(graph.Options{Client: cfg.DB.Client, Dialect: cfg.DB.Dialect, Log: cfg.Log})
	}
	r := chi.NewRouter()
	fail := graph.WriteError(cfg.Log)
	r.Use(requestID)
	r.Use(recoverer(cfg.Log, fail))
	r.Use(httpMetrics(cfg.Metrics))
	r.Use(language)

	// Operations: probes and metrics, without the viewer's credentials.
	r.Get("/healthz", healthz)
	r.Get("/readyz", readyz(cfg))
	r.Method(http.MethodGet, "/metrics", cfg.Metrics.Handler(cfg.MetricsToken))

	// The hub: every request has a viewer.
	r.Group(func(r chi.Router) {
		if c := corsFor(cfg.Protection.CORSOrigins); c != nil {
			r.Use(c)
		}
		r.Use(cfg.Auth.Middleware(graph.WriteError(cfg.Log)))
		// After the credentials are checked, on the primary: a replica
		// may not know an account just registered or deactivated yet.
		r.Use(readRoute)
		r.Use(requestLog(cfg.Log))

		// One rate limiter: HTTP requests and the operations of WebSocket
		// connections draw from the same buckets.
		lim := newLimiter(cfg.Protection, cfg.Metrics)
		var reads graph.ReadLog // each request writes its own unless the server has a writer
		if cfg.Reads != nil {
			reads = cfg.Reads
		}
		gql := graph.NewHandler(graph.Options{Client: cfg.DB.Client, Dialect: cfg.DB.Dialect, Log: cfg.Log, Reads: reads,
			Limits: cfg.Limits, Metrics: cfg.Metrics, Bus: cfg.Bus, Feed: cfg.Feed, Webhooks: cfg.Webhooks, Auth: cfg.Auth, Origins: cfg.Protection.CORSOrigins, RateLimit: lim,
			Imports: cfg.Imports, CodeKey: cfg.CodeKey})
		r.With(lim.middleware, timeout(cfg.Protection.Timeout)).Handle("/graphql", gql)
		r.Get("/schema.graphql", serveSchema(cfg.Schema))
		r.Get("/", graphiQL())
		r.Get("/dashboard", dashboard())
		r.Get("/templates/{file}", template())
		r.Get("/export/{file}", exportSheet(cfg))
		r.Get("/imports/{id}/report.xlsx", importReport(cfg, fail))
		r.With(lim.middleware).Get("/verify/{code}", verifyCertificate(records.New(cfg.DB.Client, records.NewSigner(cfg.CodeKey)), fail))
		r.Get("/checkin", checkin())
	})
	// Every answer has a JSON body, errors included.
	r.NotFound(func(w http.ResponseWriter, r *http.Request) {
		fail(w, r, fault.Missing("", fault.T("no such page: the API is at /graphql", "没有该页面：接口地址为 /graphql")))
	})
	r.MethodNotAllowed(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", "GET")
		writeJSON(w, http.StatusMethodNotAllowed, graph.ErrorBody(r.Context(), fault.BadInput("", fault.T("this page answers GET only", "该页面只接受GET请求"))))
	})
	return r
}

// recoverer answers a panic in a handler with INTERNAL (a JSON body),
// logged with its stack, unless the handler had begun its answer.
func recoverer(log *slog.Logger, fail func(http.ResponseWriter, *http.Request, error)) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			defer func() {
				p := recover()
				if p == nil || p == http.ErrAbortHandler {
					if p != nil {
						panic(p)
					}
					return
				}
				log.ErrorContext(r.Context(), "http: panic", "panic", fmt.Sprint(p), "stack", string(debug.Stack()), "path", r.URL.Path)
				fail(w, r, fmt.Errorf("panic: %v", p))
			}()
			next.ServeHTTP(w, r)
		})
	}
}

// healthz answers 200 while the process serves HTTP.
func healthz(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// readyz answers 200 when the database answers, can take a write now, and
// no migration is pending; 503 otherwise, saying which. Each change of
// state is logged once, with its cause.
func readyz(cfg Config) http.HandlerFunc {
	var (
		mu   sync.Mutex
		last = "ready"
	)
	report := func(r *http.Request, state string, err error) {
		mu.Lock()
		defer mu.Unlock()
		if state == last {
			return
		}
		if state == "ready" {
			cfg.Log.InfoContext(r.Context(), "readyz: ready again", "was", last)
		} else {
			cfg.Log.WarnContext(r.Context(), "readyz: not ready", "database", state, "err", err)
		}
		last = state
	}
	return func(w http.ResponseWriter, r *http.Request) {
		if err := cfg.DB.Ping(r.Context()); err != nil {
			report(r, store.ReasonOf(err), err)
			unready(w, map[string]any{"status": "unavailable", "database": store.ReasonOf(err)})
			return
		}
		// On SQLite a running import holds the write lock: the database
		// takes writes again when it ends, and reads meanwhile.
		importing := cfg.DB.Dialect == dialect.SQLite && cfg.Imports.Writing()
		if !importing {
			if err := cfg.DB.Writable(r.Context()); err != nil {
				report(r, store.ReasonOf(err), err)
				unready(w, map[string]any{"status": "unavailable", "database": store.ReasonOf(err)})
				return
			}
		}
		n, err := cfg.DB.Pending(r.Context())
		if err != nil {
			report(r, store.ReasonOf(err), err)
			unready(w, map[string]any{"status": "unavailable", "database": store.ReasonOf(err)})
			return
		}
		if n > 0 {
			report(r, "migrations pending", nil)
			unready(w, map[string]any{"status": "unavailable", "pendingMigrations": n})
			return
		}
		report(r, "ready", nil)
		body := map[string]string{"status": "ready", "database": cfg.DB.Dialect}
		if importing {
			body["writes"] = "waiting for an import"
		}
		writeJSON(w, http.StatusOK, body)
	}
}

func unready(w http.ResponseWriter, body map[string]any) {
	w.Header().Set("Retry-After", "2")
	writeJSON(w, http.StatusServiceUnavailable, body)
}

func serveSchema(sdl string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte(sdl))
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
