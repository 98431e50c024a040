package server

import (
	"context"
	"math"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/rs/cors"
	"golang.org/x/time/rate"

	"github.com/wushehub/wushe/graph"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/metrics"
)

// Protection are the limits a request meets before GraphQL sees it.
type Protection struct {
	// RatePerSecond and Burst size the token bucket of each agency (of each
	// client address for PUBLIC), from which every HTTP request and every
	// operation over WebSocket draws; RatePerSecond 0 disables the limit.
	RatePerSecond float64
	Burst         int
	// Timeout bounds a request's work (not a subscription's life).
	Timeout time.Duration
	// CORSOrigins allows cross-origin requests from these origins ("*" for
	// any); none allows only same-origin pages.
	CORSOrigins []string
}

// DefaultProtection are the limits of a server that sets none.
func DefaultProtection() Protection {
	return Protection{RatePerSecond: 20, Burst: 60, Timeout: 30 * time.Second}
}

// limiter keeps a token bucket per agency. Every GraphQL operation draws
// one token: a request over HTTP (which carries one operation) in
// middleware, each operation over a WebSocket connection in the GraphQL
// handler (graph.Options.RateLimit), from the same buckets.
type limiter struct {
	rate    rate.Limit
	burst   int
	metrics *metrics.Metrics

	mu      sync.Mutex
	buckets map[string]*bucket
	swept   time.Time
}

var _ graph.RateLimiter = (*limiter)(nil)

type bucket struct {
	lim  *rate.Limiter
	seen time.Time
}

func newLimiter(p Protection, m *metrics.Metrics) *limiter {
	return &limiter{rate: rate.Limit(p.RatePerSecond), burst: max(p.Burst, 1), metrics: m, buckets: map[string]*bucket{}}
}

// key names whose bucket a viewer draws from: its agency, its subject for
// the platform, its client's address (host:port) for PUBLIC.
func key(v authz.Viewer, addr string) string {
	switch {
	case v.Agency != "":
		return "agency:" + v.Agency
	case v.Subject != "":
		return "subject:" + v.Subject
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	return "ip:" + host
}

func (l *limiter) get(k string, now time.Time) *rate.Limiter {
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.swept) > time.Minute {
		for k, b := range l.buckets {
			if now.Sub(b.seen) > 10*time.Minute {
				delete(l.buckets, k)
			}
		}
		l.swept = now
	}
	b, ok := l.buckets[k]
	if !ok {
		b = &bucket{lim: rate.NewLimiter(l.rate, l.burst)}
		l.buckets[k] = b
	}
	b.seen = now
	return b.lim
}

// Take draws one operation from the bucket of v, whose client is at addr;
// when the bucket is empty it draws nothing, counts the refusal and says
// how long until the bucket holds a token.
func (l *limiter) Take(v authz.Viewer, addr string) (time.Duration, bool) {
	if l.rate <= 0 {
		return 0, true
	}
	now := time.Now()
	lim := l.get(key(v, addr), now)
	if lim.AllowN(now, 1) {
		return 0, true
	}
	res := lim.ReserveN(now, 1)
	wait := res.DelayFrom(now)
	res.CancelAt(now)
	if l.metrics != nil {
		l.metrics.RateLimited.WithLabelValues(string(v.Role)).Inc()
	}
	return wait, false
}

// middleware refuses requests over the agency's rate with 429, RATE_LIMITED
// and Retry-After.
func (l *limiter) middleware(next http.Handler) http.Handler {
	if l.rate <= 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		wait, ok := l.Take(authz.FromContext(r.Context()), r.RemoteAddr)
		if ok {
			next.ServeHTTP(w, r)
			return
		}
		secs := max(int(math.Ceil(wait.Seconds())), 1)
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		writeError(w, r, http.StatusTooManyRequests, fault.RateLimited,
			fault.T("too many requests from your agency: retry in %d s", "机构请求过于频繁：请%d秒后重试", secs))
	})
}

// writeError answers with a GraphQL-shaped error body.
func writeError(w http.ResponseWriter, r *http.Request, status int, code fault.Code, text fault.Text) {
	writeJSON(w, status, graph.ErrorBody(r.Context(), &fault.Error{Code: code, Text: text}))
}

// timeout bounds the work of a request (WebSocket upgrades excepted: a
// subscription lives as long as its client wants).
func timeout(d time.Duration) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		if d <= 0 {
			return next
		}
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.EqualFold(r.Header.Get("Upgrade"), "websocket") {
				next.ServeHTTP(w, r)
				return
			}
			ctx, cancel := context.WithTimeout(r.Context(), d)
			defer cancel()
			next.ServeHTTP(w, r.WithContext(ctx))
		})
	}
}

// corsFor returns the CORS handler for the allowed origins, or nil.
func corsFor(origins []string) func(http.Handler) http.Handler {
	if len(origins) == 0 {
		return nil
	}
	c := cors.New(cors.Options{
		AllowedOrigins:   origins,
		AllowedMethods:   []string{http.MethodGet, http.MethodPost, http.MethodOptions},
		AllowedHeaders:   []string{"Authorization", "Content-Type", "Accept", "Accept-Language", authz.APIKeyHeader, authz.PurposeHeader, ReadPrimaryHeader},
		ExposedHeaders:   []string{"Retry-After", middleware.RequestIDHeader},
		AllowCredentials: false,
		MaxAge:           600,
	})
	return c.Handler
}

// httpMetrics counts requests by route and status.
func httpMetrics(m *metrics.Metrics) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		if m == nil {
			return next
		}
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
			next.ServeHTTP(ww, r)
			route := "other"
			if rc := chi.RouteContext(r.Context()); rc != nil && rc.RoutePattern() != "" {
				route = rc.RoutePattern()
			}
			status := ww.Status()
			if status == 0 {
				status = http.StatusOK
			}
			m.HTTPRequests.WithLabelValues(route, strconv.Itoa(status)).Inc()
		})
	}
}
