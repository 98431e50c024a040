package graph

import (
	"context"
	"strings"

	"github.com/99designs/gqlgen/graphql"
)

// marshalList marshals the elements of a list in order, in the calling
// goroutine: graph/serialize puts it in place of gqlgen's
// MarshalSliceConcurrently in generated.go (see there why). Each element
// gets its own field context and, unless the panic handler is omitted, a
// panic in one element makes that element null with an error, as gqlgen's
// does.
func marshalList(ctx context.Context, length int, _ int64, omitPanicHandler bool, marshalElement func(ctx context.Context, i int) graphql.Marshaler) graphql.Array {
	ret := make(graphql.Array, length)
	for i := range length {
		childCtx := graphql.WithFieldContext(ctx, &graphql.FieldContext{Index: &i})
		if omitPanicHandler {
			ret[i] = marshalElement(childCtx, i)
			continue
		}
		func() {
			defer func() {
				if r := recover(); r != nil {
					graphql.AddError(childCtx, graphql.Recover(childCtx, r))
					ret[i] = graphql.Null
				}
			}()
			ret[i] = marshalElement(childCtx, i)
		}()
	}
	return ret
}

// newDeferredGroup is graphql.NewDeferredGroup for an operation that may
// defer fields, and for one that cannot (its document never says "defer")
// an empty group without the path, field set and map gqlgen's builds for
// every object resolved: only a deferred field uses them. graph/serialize
// puts it in place of gqlgen's in generated.go. Measured with
// BenchmarkShapes, the path alone was 8% of the nested page's allocation.
func newDeferredGroup(oc *graphql.OperationContext, ctx context.Context) graphql.DeferredGroup {
	if oc == nil || oc.RawQuery == "" || strings.Contains(oc.RawQuery, "defer") {
		return graphql.NewDeferredGroup(ctx)
	}
	return graphql.DeferredGroup{Context: ctx}
}
