// Package server is the hub's HTTP surface: routes.go maps every path to its
// handler; this file holds the middleware around them.
package server

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5/middleware"

	"github.com/wushehub/wushe/graph"
	"github.com/wushehub/wushe/internal/audit"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/events"
	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/importer"
	"github.com/wushehub/wushe/internal/metrics"
	"github.com/wushehub/wushe/internal/store"
	"github.com/wushehub/wushe/internal/webhook"
)

// Config is what the HTTP surface needs.
type Config struct {
	DB    *store.DB
	Auth  *authz.Authenticator
	Reads *audit.Reads // writes audited reads, grouping concurrent requests' in one transaction
	Log   *slog.Logger
	// Schema is the GraphQL SDL served at /schema.graphql.
	Schema string
	// Limits bound what one GraphQL document may cost.
	Limits graph.Limits
	// Protection is the rate limit, timeout and CORS policy of requests.
	Protection Protection
	// Metrics are served at /metrics (to holders of MetricsToken, when set).
	Metrics      *metrics.Metrics
	MetricsToken string
	// Bus carries the events of GraphQL subscriptions.
	Bus events.Bus
	// Feed is the durable change feed subscriptions resume from (and
	// webhooks read); nil: subscriptions follow Bus only.
	Feed *events.Feed
	// Webhooks registers the agencies' webhooks (nil: none).
	Webhooks *webhook.Service
	// Imports run the uploads of importRows in the background (one made
	// for the handler when nil).
	Imports *importer.Jobs
	// CodeKey is the hub's token key, from which the key signing
	// volunteers' identity codes derives (random when nil).
	CodeKey []byte
}

// language puts the message language of Accept-Language into the context.
func language(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lang := fault.ParseAcceptLanguage(r.Header.Get("Accept-Language"))
		next.ServeHTTP(w, r.WithContext(fault.WithLang(r.Context(), lang)))
	})
}

type logKey struct{}

// requestLog logs one line per request with its id, viewer, status, time
// and SQL statement count, and gives handlers a logger carrying the id.
func requestLog(log *slog.Logger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			id := middleware.GetReqID(r.Context())
			ctx, _ := store.CountStatements(r.Context())
			ctx = context.WithValue(ctx, logKey{}, log.With("request_id", id))
			ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
			next.ServeHTTP(ww, r.WithContext(ctx))
			v := authz.FromContext(ctx)
			log.LogAttrs(ctx, slog.LevelInfo, "request",
				slog.String("request_id", id),
				slog.String("method", r.Method),
				slog.String("path", r.URL.Path),
				slog.Int("status", ww.Status()),
				slog.Int("bytes", ww.BytesWritten()),
				slog.Duration("took", time.Since(start)),
				slog.Int64("sql", store.StatementsIn(ctx)),
				slog.String("role", string(v.Role)),
				slog.String("agency", v.Agency),
			)
		})
	}
}

// requestID is chi's RequestID, also echoed in the X-Request-Id header.
func requestID(next http.Handler) http.Handler {
	return middleware.RequestID(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set(middleware.RequestIDHeader, middleware.GetReqID(r.Context()))
		next.ServeHTTP(w, r)
	}))
}
