package audit

import (
	"context"

	"github.com/wushehub/wushe/ent"
)

// Deferred holds the entries the mutation hook would append, for a bulk
// writer (the spreadsheet importer) that appends them itself, in batches,
// in the same transaction as the writes: the entries still commit or roll
// back with the records they describe.
type Deferred struct {
	entries []Entry
}

type deferredKey struct{}

// WithDeferred returns ctx in which the mutation hook hands its entries to
// the returned Deferred instead of appending them.
func WithDeferred(ctx context.Context) (context.Context, *Deferred) {
	d := &Deferred{}
	return context.WithValue(ctx, deferredKey{}, d), d
}

func deferredFrom(ctx context.Context) *Deferred {
	d, _ := ctx.Value(deferredKey{}).(*Deferred)
	return d
}

// Len returns how many entries are held.
func (d *Deferred) Len() int { return len(d.entries) }

// Reset forgets the held entries (their writes were rolled back).
func (d *Deferred) Reset() { d.entries = d.entries[:0] }

// Flush appends the held entries through client (the writes' transaction)
// and forgets them.
func (d *Deferred) Flush(ctx context.Context, client *ent.Client, dialect string) error {
	if len(d.entries) == 0 {
		return nil
	}
	if err := Append(ctx, client, dialect, d.entries...); err != nil {
		return err
	}
	d.Reset()
	return nil
}
