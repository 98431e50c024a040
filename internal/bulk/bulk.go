// Package bulk marks the contexts of bulk writes: under such a context a
// transaction on PostgreSQL sends multi-row INSERTs as COPY FROM STDIN
// (see store.WithBulkCopy), and a statement marked detached (Detach) may
// finish while its writer goes on.
package bulk

import "context"

type key struct{}

type detachedKey struct{}

// With returns ctx marked as a bulk write.
func With(ctx context.Context) context.Context { return context.WithValue(ctx, key{}, true) }

// On reports whether ctx is marked as a bulk write.
func On(ctx context.Context) bool {
	on, _ := ctx.Value(key{}).(bool)
	return on
}

// Detach returns ctx under which a bulk write's multi-row INSERT may return
// as soon as its rows are sent, before the database has stored them: the
// transaction's next statement (or its commit) waits for it and fails with
// its error. For writes whose failure is never one row's fault, only the
// transaction's (the audit entries of a batch): the writer does its next
// work while the database stores the rows.
func Detach(ctx context.Context) context.Context {
	return context.WithValue(ctx, detachedKey{}, true)
}

// Detached reports whether ctx is marked by Detach.
func Detached(ctx context.Context) bool {
	on, _ := ctx.Value(detachedKey{}).(bool)
	return on
}
