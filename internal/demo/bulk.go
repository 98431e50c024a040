package demo

import (
	"context"
)

// chunk is how many rows one bulk insert writes: small enough for the
// parameter limits of SQLite and PostgreSQL, large enough to be fast.
const chunk = 400

// saveAll saves builders in chunks with save (a CreateBulk(...).Save call),
// checking ctx between chunks, and returns the created rows in order.
func saveAll[B, T any](ctx context.Context, builders []B, save func(context.Context, []B) ([]T, error)) ([]T, error) {
	out := make([]T, 0, len(builders))
	for i := 0; i < len(builders); i += chunk {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		rows, err := save(ctx, builders[i:min(i+chunk, len(builders))])
		if err != nil {
			return nil, err
		}
		out = append(out, rows...)
	}
	return out, nil
}
