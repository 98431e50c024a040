package graph

import (
	"context"

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
