package graph

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"

	"entgo.io/ent/dialect"
	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/internal/audit"
	"github.com/wushehub/wushe/internal/events"
)

// transactioner runs every mutation operation in one transaction, its
// fields one after another, as entgql.Transactioner does — except that a
// transaction that cannot be opened or committed, or a panic, is answered
// through the error presenter (an outage is UNAVAILABLE, never the
// driver's text) and never escapes as a panic.
type transactioner struct {
	client  *ent.Client
	dialect string
	present graphql.ErrorPresenterFunc
	log     *slog.Logger
	// groups runs the mutations in shared transactions (commitgroup.go);
	// nil: each in one of its own (SQLite, where one writer at a time
	// commits anyway).
	groups *commitGroups
}

// newTransactioner returns the transactioner of a handler on a database of
// dialect d, committing mutations in groups when grouped and d is
// PostgreSQL's.
func newTransactioner(client *ent.Client, d string, present graphql.ErrorPresenterFunc, log *slog.Logger, grouped bool) transactioner {
	t := transactioner{client: client, dialect: d, present: present, log: log}
	if grouped && d == dialect.Postgres {
		t.groups = newCommitGroups(t)
	}
	return t
}

// groupCommits reports whether the handler of o may commit mutations in
// groups: unless told not to, or its events go on an in-process bus, which
// publishes them from a hook on the commit of the transaction — a group's,
// which would publish those of a mutation rolled back to its savepoint
// too (on PostgreSQL's bus, events are notified in the savepoint and
// dropped with it).
func groupCommits(o Options) bool {
	_, local := o.Bus.(*events.Local)
	return !o.CommitAlone && !local
}

var (
	_ graphql.HandlerExtension        = transactioner{}
	_ graphql.OperationContextMutator = transactioner{}
	_ graphql.ResponseInterceptor     = transactioner{}
)

// ExtensionName names the extension.
func (transactioner) ExtensionName() string { return "Transactioner" }

// Validate accepts any schema.
func (transactioner) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext serialises the field resolvers of a mutation.
func (t transactioner) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if !isMutationOp(oc.Operation) {
		return nil
	}
	previous := oc.ResolverMiddleware
	var mu sync.Mutex
	oc.ResolverMiddleware = func(ctx context.Context, next graphql.Resolver) (any, error) {
		mu.Lock()
		defer mu.Unlock()
		return previous(ctx, next)
	}
	return nil
}

// InterceptResponse runs a mutation in a transaction: committed when no
// field failed, rolled back otherwise. On PostgreSQL the transaction is
// shared with the mutations that arrived meanwhile, each in a savepoint of
// its own (commitgroup.go), so that they commit together. The audit entries of its writes and
// of the protected values of its answer are appended together just before
// the commit: on PostgreSQL the lock that orders the audit chain is then
// held for that append and the commit only, so that concurrent mutations
// wait on each other no longer than that (appended as each write was made,
// they held it for the rest of the mutation and the building of its answer
// too: createActivity under 16 clients ran at two thirds of the rate it does
// now).
func (t transactioner) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) (resp *graphql.Response) {
	oc := graphql.GetOperationContext(ctx)
	if !isMutationOp(oc.Operation) || needsNoTransaction(oc) {
		return next(ctx)
	}
	if t.groups != nil {
		return t.groups.run(ctx, next)
	}
	txCtx, tx, err := t.client.OpenTx(ctx)
	if err != nil {
		return t.fail(ctx, fmt.Errorf("opening the mutation's transaction: %w", err))
	}
	txCtx, entries := audit.WithDeferred(txCtx)
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			t.log.ErrorContext(ctx, "graphql: panic in a mutation", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			resp = t.fail(ctx, fmt.Errorf("panic in a mutation: %v", p))
		}
	}()
	rsp := next(txCtx)
	if rsp == nil || len(rsp.Errors) > 0 {
		_ = tx.Rollback()
		if rsp == nil {
			return t.fail(ctx, fmt.Errorf("a mutation gave no response"))
		}
		return &graphql.Response{Errors: rsp.Errors}
	}
	if err := entries.Flush(txCtx, ent.FromContext(txCtx), t.dialect); err != nil {
		_ = tx.Rollback()
		return unaudited(ctx, err)
	}
	if err := tx.Commit(); err != nil {
		return t.fail(ctx, fmt.Errorf("committing the mutation's transaction: %w", err))
	}
	return rsp
}

// fail answers an operation that failed as a whole with err, presented.
func (t transactioner) fail(ctx context.Context, err error) *graphql.Response {
	return &graphql.Response{Errors: gqlerror.List{t.present(ctx, err)}}
}

// needsNoTransaction reports whether every root field of a mutation is one
// that writes nothing in the request's transaction (outsideTransaction).
func needsNoTransaction(oc *graphql.OperationContext) bool {
	fields := graphql.CollectFields(oc, oc.Operation.SelectionSet, []string{"Mutation"})
	for _, f := range fields {
		if !outsideTransaction[f.Name] {
			return false
		}
	}
	return len(fields) > 0
}

func isMutationOp(op *ast.OperationDefinition) bool {
	return op != nil && op.Operation == ast.Mutation
}
