package server

import (
	"encoding/json"
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"github.com/wushehub/wushe/graph"
	"github.com/wushehub/wushe/internal/metrics"
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
	r := chi.NewRouter()
	r.Use(requestID)
	r.Use(middleware.Recoverer)
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
		r.Use(cfg.Auth.Middleware)
		r.Use(requestLog(cfg.Log))

		gql := graph.NewHandler(graph.Options{Client: cfg.DB.Client, Dialect: cfg.DB.Dialect, Log: cfg.Log, Reads: cfg.Reads,
			Limits: cfg.Limits, Metrics: cfg.Metrics, Bus: cfg.Bus, Auth: cfg.Auth, Origins: cfg.Protection.CORSOrigins})
		r.With(newLimiter(cfg.Protection, cfg.Metrics).middleware, timeout(cfg.Protection.Timeout)).Handle("/graphql", gql)
		r.Get("/schema.graphql", serveSchema(cfg.Schema))
		r.Get("/", graphiQL())
		r.Get("/dashboard", dashboard())
		r.Get("/templates/{file}", template())
		r.Get("/export/{file}", exportSheet(cfg))
	})
	return r
}

// healthz answers 200 while the process serves HTTP.
func healthz(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// readyz answers 200 when the database answers and no migration is pending.
func readyz(cfg Config) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := cfg.DB.Ping(r.Context()); err != nil {
			cfg.Log.WarnContext(r.Context(), "readyz: database unreachable", "err", err)
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "database": "unreachable"})
			return
		}
		n, err := cfg.DB.Pending(r.Context())
		if err != nil || n > 0 {
			writeJSON(w, http.StatusServiceUnavailable, map[string]any{"status": "unavailable", "pendingMigrations": n})
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"status": "ready", "database": cfg.DB.Dialect})
	}
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
