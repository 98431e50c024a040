package graph

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/internal/audit"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/events"
	"github.com/wushehub/wushe/internal/importer"
	"github.com/wushehub/wushe/internal/metrics"
)

// Options are what the GraphQL handler needs.
type Options struct {
	Client  *ent.Client
	Dialect string // of the database, for the audit chain's lock
	Log     *slog.Logger
	// Reads writes audited reads in the background; when nil they are
	// written synchronously at the end of each operation.
	Reads *audit.Reads
	// Limits bound what one document may cost; zero fields take defaults.
	Limits Limits
	// Metrics count operations and their time (none when nil).
	Metrics *metrics.Metrics
	// Bus carries the events subscriptions follow; subscriptions fail
	// when it is nil.
	Bus events.Bus
	// Auth authenticates WebSocket connections from their connection_init
	// payload; when nil they keep the viewer the HTTP layer found.
	Auth *authz.Authenticator
	// Origins are the other origins whose pages may open WebSocket
	// connections (the CORS allow-list; "*" for any).
	Origins []string
	// RateLimit counts each operation sent over a WebSocket connection
	// against the buckets the HTTP layer draws each request from; nil
	// counts nothing.
	RateLimit RateLimiter
	// Imports run the uploads of importRows; when nil the handler makes
	// its own (see DefaultImports).
	Imports *importer.Jobs
}

// DefaultImports returns the background imports of a handler whose
// Options name none.
func DefaultImports(o Options) *importer.Jobs {
	return importer.NewJobs(importer.JobsConfig{Client: o.Client, Dialect: o.Dialect, Log: o.Log})
}

// RateLimiter is the rate limit of operations per agency (per client
// address for PUBLIC), one object for every transport so that they all
// drain the same buckets.
type RateLimiter interface {
	// Take draws one operation from the bucket of viewer v, whose client
	// is at addr (host:port), and reports whether the bucket held one;
	// when it did not, wait is how long until it does.
	Take(v authz.Viewer, addr string) (wait time.Duration, ok bool)
}

// NewHandler returns the GraphQL-over-HTTP handler: POST and GET (queries
// only), mutations in one transaction each, field-level sharing rules and
// audited reads, errors mapped to extensions.code.
func NewHandler(o Options) http.Handler {
	if o.Imports == nil {
		o.Imports = DefaultImports(o)
	}
	limits := o.Limits.withDefaults()
	srv := handler.New(NewSchema(o.Client, o.Imports))
	srv.AddTransport(otherMethods{}) // transport.go: GraphQL over HTTP to the letter
	srv.AddTransport(transport.Options{})
	srv.AddTransport(httpGET{})
	srv.AddTransport(httpMultipart{maxBody: limits.MaxBodyBytes, maxUpload: limits.MaxUploadBytes}) // upload.go: before httpPOST, which claims every POST
	srv.AddTransport(httpPOST{maxBody: limits.MaxBodyBytes})
	srv.AddTransport(newWebsocket(o)) // websocket.go: subscriptions (graphql-transport-ws, graphql-ws)
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	srv.Use(extension.Introspection{})
	srv.Use(limiter{limits: limits}) // after Introspection: it decides who may introspect
	srv.Use(&trusted{client: o.Client, known: map[string]string{}})
	srv.Use(extension.AutomaticPersistedQuery{Cache: persistedQueries{cache: lru.New[string](1000)}}) // documents.go: one scope per agency
	srv.AroundOperations(operationContext(o.Client))
	if o.Metrics != nil {
		srv.AroundResponses(observe(o.Metrics))
	}
	// Reads are handed to the audit log outside the mutation transaction,
	// after it has committed.
	srv.AroundResponses(auditReads(recorder(o)))
	srv.Use(transactioner{client: o.Client, present: presentError(o.Log), log: o.Log}) // transaction.go
	srv.AroundFields(shareFields)
	srv.SetErrorPresenter(presentError(o.Log))
	srv.SetRecoverFunc(recoverPanic(o.Log))
	return srv
}

// recorder returns where an operation's reads go.
func recorder(o Options) func([]audit.Entry) {
	if o.Reads != nil {
		return o.Reads.Record
	}
	return func(entries []audit.Entry) {
		if len(entries) == 0 {
			return
		}
		ctx := context.Background()
		tx, err := o.Client.Tx(ctx)
		if err == nil {
			if err = audit.Append(ctx, tx.Client(), o.Dialect, entries...); err == nil {
				err = tx.Commit()
			} else {
				_ = tx.Rollback()
			}
		}
		if err != nil {
			o.Log.Error("audit: writing reads", "err", err, "entries", len(entries))
		}
	}
}
