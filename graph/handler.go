package graph

import (
	"context"
	"fmt"
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
	"github.com/wushehub/wushe/internal/webhook"
)

// Options are what the GraphQL handler needs.
type Options struct {
	Client  *ent.Client
	Dialect string // of the database, for the audit chain's lock
	Log     *slog.Logger
	// Reads writes the entries of audited reads before their values are
	// served (an audit.Reads, which groups those of concurrent requests
	// into one transaction); when nil each operation writes its own.
	Reads ReadLog
	// Limits bound what one document may cost; zero fields take defaults.
	Limits Limits
	// Metrics count operations and their time (none when nil).
	Metrics *metrics.Metrics
	// Bus carries the events subscriptions follow; subscriptions fail
	// when it is nil.
	Bus events.Bus
	// Feed is the durable change feed subscriptions follow and resume
	// from; when nil they follow Bus, without resuming.
	Feed *events.Feed
	// Webhooks registers and lists the agencies' webhooks; when nil the
	// webhook operations fail.
	Webhooks *webhook.Service
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
	// CodeKey is the hub's token key, from which the key signing
	// volunteers' identity codes derives (a random one when nil: codes
	// then last as long as the process).
	CodeKey []byte
	// CommitAlone commits each mutation in a transaction of its own on
	// PostgreSQL too, instead of in groups (commitgroup.go): to compare
	// the two.
	CommitAlone bool
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
	schema := newSchema(o.Client, limits, o.Imports, o.Webhooks, o.CodeKey)
	srv := handler.New(schema)
	srv.AddTransport(otherMethods{}) // transport.go: GraphQL over HTTP to the letter
	srv.AddTransport(transport.Options{})
	srv.AddTransport(httpGET{})
	srv.AddTransport(httpMultipart{maxBody: limits.MaxBodyBytes, maxUpload: limits.MaxUploadBytes}) // upload.go: before httpPOST, which claims every POST
	srv.AddTransport(httpPOST{maxBody: limits.MaxBodyBytes})
	srv.AddTransport(newWebsocket(o)) // websocket.go: subscriptions (graphql-transport-ws, graphql-ws)
	parsed := lru.New[*ast.QueryDocument](1000)
	srv.SetQueryCache(parsed)
	srv.Use(extension.Introspection{})
	srv.Use(newLimiter(limits, schema.Schema())) // after Introspection: it decides who may introspect
	srv.Use(&trusted{client: o.Client, known: map[string]string{}})
	// bounds.go: the text and the variables, before validation; after the
	// trusted documents, which may supply the text, and before automatic
	// persisted queries, which remember the text they are sent.
	srv.Use(bounds{limits: limits, admitted: parsed})
	srv.Use(extension.AutomaticPersistedQuery{Cache: persistedQueries{cache: lru.New[string](1000)}}) // documents.go: one scope per agency
	srv.AroundOperations(primaryForMutations)
	srv.AroundOperations(operationContext(o.Client))
	if o.Metrics != nil {
		srv.AroundResponses(observe(o.Metrics))
	}
	// Reads are written before the response leaves: a mutation's in its
	// transaction, any other outside it.
	srv.AroundResponses(auditReads(readLog(o)))
	srv.Use(newTransactioner(o.Client, o.Dialect, presentError(o.Log), o.Log, groupCommits(o))) // transaction.go
	srv.AroundResponses(auditMutationReads(o.Dialect))
	srv.AroundFields(shareFields)
	srv.SetErrorPresenter(presentError(o.Log))
	srv.SetRecoverFunc(recoverPanic(o.Log))
	return srv
}

// ReadLog is where the entries of audited reads are written.
type ReadLog interface {
	// Record returns once entries are durable in the audit log, or with
	// why they are not; it waits no longer than ctx allows.
	Record(ctx context.Context, entries []audit.Entry) error
}

// readLog returns where an operation's reads go.
func readLog(o Options) ReadLog {
	if o.Reads != nil {
		return o.Reads
	}
	return inRequest{client: o.Client, dialect: o.Dialect, log: o.Log}
}

// inRequest writes each operation's reads in a transaction of its own.
type inRequest struct {
	client  *ent.Client
	dialect string
	log     *slog.Logger
}

// inRequestTurn is held by a request of this process writing its reads
// without a writer. Appends to the chain take turns anyway (SQLite has one
// writer; on PostgreSQL Append holds the chain's advisory lock); taking
// them here first, requests wait for each other, no longer than their
// context allows, rather than on the database — an in-memory SQLite
// database shared by connections (the tests') refuses a second writer
// outright instead of waiting.
var inRequestTurn = make(chan struct{}, 1)

func (w inRequest) Record(ctx context.Context, entries []audit.Entry) error {
	if len(entries) == 0 {
		return nil
	}
	select {
	case inRequestTurn <- struct{}{}:
	case <-ctx.Done():
		return fmt.Errorf("audit: waiting to write reads: %w", ctx.Err())
	}
	err := audit.Write(ctx, w.client, w.dialect, entries...)
	<-inRequestTurn
	if err != nil && w.log != nil {
		w.log.ErrorContext(ctx, "audit: reads could not be written; their values are not served", "err", err, "entries", len(entries))
	}
	return err
}
