package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/wushehub/wushe/internal/store"
)

// primaryForMutations makes a mutation, and whatever its request reads
// after it, read from the primary database, never from a read replica
// (internal/store replicas.go): a client reads its own writes.
func primaryForMutations(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	if oc := graphql.GetOperationContext(ctx); oc.Operation != nil && oc.Operation.Operation == ast.Mutation {
		store.ReadPrimary(ctx)
	}
	return next(ctx)
}
