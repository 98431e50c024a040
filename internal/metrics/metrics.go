// Package metrics holds the hub's Prometheus metrics and serves them.
package metrics

import (
	"crypto/subtle"
	"database/sql"
	"net/http"
	"regexp"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are the hub's metrics, in a registry of their own.
type Metrics struct {
	Registry *prometheus.Registry

	// HTTPRequests counts HTTP requests by route and status code.
	HTTPRequests *prometheus.CounterVec
	// Operations counts GraphQL operations by name, type and outcome (the
	// first error's extensions.code, or OK).
	Operations *prometheus.CounterVec
	// Duration is the time GraphQL operations take, by name and type.
	Duration *prometheus.HistogramVec
	// Subscriptions reports the number of subscriptions open, once
	// WatchSubscriptions says how to count them.
	subscriptions func() int
	// RateLimited counts requests refused by the rate limit, by agency kind.
	RateLimited *prometheus.CounterVec

	mu    sync.Mutex
	names map[string]bool
}

// New returns the metrics, with Go runtime, process and database pool
// collectors (db may be nil).
func New(db *sql.DB) *Metrics {
	reg := prometheus.NewRegistry()
	m := &Metrics{
		Registry: reg,
		HTTPRequests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wushe_http_requests_total", Help: "HTTP requests by route and status code.",
		}, []string{"route", "code"}),
		Operations: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wushe_graphql_operations_total", Help: "GraphQL operations by name, type and outcome (extensions.code of the first error, or OK).",
		}, []string{"operation", "type", "code"}),
		Duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "wushe_graphql_operation_duration_seconds", Help: "Time to run a GraphQL operation.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"operation", "type"}),
		RateLimited: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wushe_rate_limited_total", Help: "Requests refused by the per-agency rate limit.",
		}, []string{"role"}),
		names: map[string]bool{},
	}
	reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "wushe_graphql_subscriptions_open", Help: "GraphQL subscriptions open in this process.",
	}, func() float64 {
		m.mu.Lock()
		count := m.subscriptions
		m.mu.Unlock()
		if count == nil {
			return 0
		}
		return float64(count())
	}))
	reg.MustRegister(m.HTTPRequests, m.Operations, m.Duration, m.RateLimited,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if db != nil {
		reg.MustRegister(collectors.NewDBStatsCollector(db, "wushe"))
	}
	return m
}

var safeName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,63}$`)

// maxNames bounds the operation names kept as label values; later names are
// reported as "other", so that clients cannot blow up the series count.
const maxNames = 500

// OperationName returns the label value for a client-chosen operation name.
func (m *Metrics) OperationName(name string) string {
	if name == "" {
		return "anonymous"
	}
	if !safeName.MatchString(name) {
		return "other"
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.names[name] {
		return name
	}
	if len(m.names) >= maxNames {
		return "other"
	}
	m.names[name] = true
	return name
}

// WatchSubscriptions makes the subscriptions gauge report count().
func (m *Metrics) WatchSubscriptions(count func() int) {
	m.mu.Lock()
	m.subscriptions = count
	m.mu.Unlock()
}

// Handler serves the metrics; when token is set, only to requests bearing
// it (Authorization: Bearer <token>).
func (m *Metrics) Handler(token string) http.Handler {
	h := promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{Registry: m.Registry})
	if token == "" {
		return h
	}
	want := []byte("Bearer " + token)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), want) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"errors":[{"message":"metrics need the metrics token","extensions":{"code":"UNAUTHENTICATED"}}]}` + "\n"))
			return
		}
		h.ServeHTTP(w, r)
	})
}
