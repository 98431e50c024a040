// Package bulk marks the contexts of bulk writes: under such a context a
// transaction on PostgreSQL sends multi-row INSERTs as COPY FROM STDIN
// (see store.WithBulkCopy).
package bulk

import "context"

type key struct{}

// With returns ctx marked as a bulk write.
func With(ctx context.Context) context.Context { return context.WithValue(ctx, key{}, true) }

// On reports whether ctx is marked as a bulk write.
func On(ctx context.Context) bool {
	on, _ := ctx.Value(key{}).(bool)
	return on
}
