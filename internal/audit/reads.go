package audit

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"strconv"
	"sync"
	"time"

	gen "github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/ent/auditentry"
	"github.com/wushehub/wushe/internal/outage"
)

// Reads records reads of CONDITIONAL and NONE fields. Requests hand their
// reads over at the end of each operation; a background writer appends them
// in batches. Close writes what is pending: none is lost on a graceful stop.
type Reads struct {
	client  *gen.Client
	dialect string
	log     *slog.Logger

	in      chan []Entry
	done    chan struct{}
	closing sync.Once
	closed  chan struct{}
}

// NewReads starts the background writer of read entries.
func NewReads(client *gen.Client, dialect string, log *slog.Logger) *Reads {
	r := &Reads{client: client, dialect: dialect, log: log, in: make(chan []Entry, 256), done: make(chan struct{}), closed: make(chan struct{})}
	go r.run()
	return r
}

// Record hands over the entries of one operation. It blocks when the writer
// is far behind rather than drop anything.
func (r *Reads) Record(entries []Entry) {
	if len(entries) == 0 {
		return
	}
	select {
	case r.in <- entries:
	case <-r.closed:
		// Stopping: write it now, synchronously.
		if err := r.write(context.Background(), entries); err != nil {
			r.log.Error("audit: writing reads during shutdown", "err", err, "entries", len(entries))
		}
	}
}

// Close stops the writer after it has written everything handed over.
func (r *Reads) Close(ctx context.Context) error {
	r.closing.Do(func() { close(r.closed) })
	select {
	case <-r.done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("audit: reads not all written before shutdown deadline: %w", ctx.Err())
	}
}

func (r *Reads) run() {
	defer close(r.done)
	const maxBatch = 1000
	var batch []Entry
	flush := func() {
		if len(batch) == 0 {
			return
		}
		for attempt := 0; ; attempt++ {
			err := r.write(context.Background(), batch)
			if err == nil {
				break
			}
			// A busy database is another writer holding the lock — on
			// SQLite, an import, for as long as it runs: wait it out
			// rather than lose the entries.
			busy := outage.Reason(err) == outage.ReasonBusy
			r.log.Error("audit: writing reads", "err", err, "entries", len(batch), "attempt", attempt+1, "busy", busy)
			if attempt >= 4 && !busy {
				r.log.Error("audit: reads could not be written; giving up on this batch", "entries", len(batch))
				break
			}
			time.Sleep(time.Duration(min(attempt+1, 5)) * 200 * time.Millisecond)
		}
		batch = batch[:0]
	}
	tick := time.NewTicker(250 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case es := <-r.in:
			batch = append(batch, es...)
			if len(batch) >= maxBatch {
				flush()
			}
		case <-tick.C:
			flush()
		case <-r.closed:
			for {
				select {
				case es := <-r.in:
					batch = append(batch, es...)
				default:
					flush()
					return
				}
			}
		}
	}
}

// write appends entries in one transaction.
func (r *Reads) write(ctx context.Context, entries []Entry) error {
	tx, err := r.client.Tx(ctx)
	if err != nil {
		return err
	}
	if err := Append(ctx, tx.Client(), r.dialect, entries...); err != nil {
		return errors.Join(err, tx.Rollback())
	}
	return tx.Commit()
}

// Collector gathers the reads of one operation: one entry per record, with
// the fields read.
type Collector struct {
	mu    sync.Mutex
	ctx   context.Context
	reads map[string]*Entry
}

type collectorKey struct{}

// WithCollector returns ctx with a fresh collector of reads.
func WithCollector(ctx context.Context) (context.Context, *Collector) {
	c := &Collector{reads: map[string]*Entry{}}
	ctx = context.WithValue(ctx, collectorKey{}, c)
	c.ctx = ctx
	return ctx, c
}

// Read records that the viewer of ctx read field of an entity's record,
// under agreement (0 when none).
func Read(ctx context.Context, entity string, id int, field string, agreement string) {
	c, ok := ctx.Value(collectorKey{}).(*Collector)
	if !ok {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	key := entity + ":" + strconv.Itoa(id) + ":" + agreement
	e, ok := c.reads[key]
	if !ok {
		ne := newEntry(ctx, auditentry.ActionREAD, entity, id, nil)
		if agreement != "" {
			ne.Purpose = agreement
		}
		e = &ne
		c.reads[key] = e
	}
	for _, f := range e.Fields {
		if f == field {
			return
		}
	}
	e.Fields = append(e.Fields, field)
}

// Entries returns the collected reads, in a stable order.
func (c *Collector) Entries() []Entry {
	c.mu.Lock()
	defer c.mu.Unlock()
	keys := make([]string, 0, len(c.reads))
	for k := range c.reads {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]Entry, 0, len(keys))
	for _, k := range keys {
		e := *c.reads[k]
		sort.Strings(e.Fields)
		out = append(out, e)
	}
	return out
}

// CollectorFrom returns the collector of ctx.
func CollectorFrom(ctx context.Context) (*Collector, bool) {
	c, ok := ctx.Value(collectorKey{}).(*Collector)
	return c, ok
}

// Take returns the collected reads and forgets them.
func (c *Collector) Take() []Entry {
	out := c.Entries()
	c.mu.Lock()
	c.reads = map[string]*Entry{}
	c.mu.Unlock()
	return out
}
