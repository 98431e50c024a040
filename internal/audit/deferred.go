package audit

import (
	"context"
	"sync"

	"github.com/wushehub/wushe/ent"
)

// Deferred holds the entries the mutation hook would append, for a writer
// that appends them itself in the same transaction as the writes: the
// spreadsheet importer, in batches, and a GraphQL mutation, at once just
// before it commits (so that on PostgreSQL the chain's lock is held from
// that append to the commit only, not while the mutation runs and its
// answer is built). The entries still commit or roll back with the records
// they describe. It is safe for concurrent use.
type Deferred struct {
	mu      sync.Mutex
	entries []Entry
	// The chain's head after the last Flush: the transaction holds the
	// chain from its first append to its end (PostgreSQL's advisory
	// lock, SQLite's write lock), so the next Flush appends after it
	// without locking and reading it again.
	head *head
}

type deferredKey struct{}

// WithDeferred returns ctx in which the mutation hook hands its entries to
// the returned Deferred instead of appending them.
func WithDeferred(ctx context.Context) (context.Context, *Deferred) {
	d := &Deferred{}
	return context.WithValue(ctx, deferredKey{}, d), d
}

// DeferredFrom returns the Deferred of ctx, nil when there is none.
func DeferredFrom(ctx context.Context) *Deferred {
	d, _ := ctx.Value(deferredKey{}).(*Deferred)
	return d
}

func deferredFrom(ctx context.Context) *Deferred { return DeferredFrom(ctx) }

// Add holds entries to be appended with the others.
func (d *Deferred) Add(entries ...Entry) {
	d.mu.Lock()
	d.entries = append(d.entries, entries...)
	d.mu.Unlock()
}

// Len returns how many entries are held.
func (d *Deferred) Len() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.entries)
}

// Reset forgets the held entries (their writes were rolled back), and the
// chain's head: a rollback may have undone earlier appends too.
func (d *Deferred) Reset() {
	d.mu.Lock()
	d.entries = d.entries[:0]
	d.head = nil
	d.mu.Unlock()
}

// Take returns the held entries and forgets them, for a writer that
// appends the entries of several transactions' worth of writes at once.
func (d *Deferred) Take() []Entry {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := d.entries
	d.entries = nil
	return out
}

// Flush appends the held entries through client (the writes' transaction)
// and forgets them.
func (d *Deferred) Flush(ctx context.Context, client *ent.Client, dialect string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if len(d.entries) == 0 {
		return nil
	}
	h, err := appendAt(ctx, client, dialect, d.head, d.entries)
	if err != nil {
		d.head = nil
		return err
	}
	d.head = &h
	d.entries = d.entries[:0]
	return nil
}
