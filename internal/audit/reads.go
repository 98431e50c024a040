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
)

// Reads writes the entries of audited reads — reads of CONDITIONAL and NONE
// fields — for the requests of a server, which serve those values only
// once Record has returned without error: no audit, no read.
//
// It commits by groups: one writer appends in one transaction whatever
// requests have handed over since its last transaction began, then tells
// each request how it went. While one transaction commits the next group
// gathers, so a busy server writes many requests' entries per commit and an
// idle one writes each at once, with no delay added.
type Reads struct {
	client  *gen.Client
	dialect string
	log     *slog.Logger

	mu      sync.Mutex
	next    *group // gathering for the next transaction; nil when none waits
	stopped bool   // Close was called: requests write their own entries

	wake chan struct{} // a group waits (capacity 1)
	stop chan struct{} // closed by Close
	done chan struct{} // closed when the writer has written its last group
}

// group is the entries of the requests one transaction writes.
type group struct {
	entries  []Entry
	requests int
	written  chan struct{} // closed once err is set
	err      error
}

// writeTimeout bounds one transaction of the writer; each request waits
// no longer than its own context allows.
const writeTimeout = 10 * time.Second

// NewReads starts the writer of read entries.
func NewReads(client *gen.Client, dialect string, log *slog.Logger) *Reads {
	r := &Reads{client: client, dialect: dialect, log: log,
		wake: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
	go r.run()
	return r
}

// Record writes the entries of one operation and returns once they are
// durable in the audit log, or with why they are not: the database refused
// them, or ctx ended first (they may still be written then).
func (r *Reads) Record(ctx context.Context, entries []Entry) error {
	if len(entries) == 0 {
		return nil
	}
	r.mu.Lock()
	if r.stopped {
		r.mu.Unlock()
		return Write(ctx, r.client, r.dialect, entries...)
	}
	g := r.next
	if g == nil {
		g = &group{written: make(chan struct{})}
		r.next = g
	}
	g.entries = append(g.entries, entries...)
	g.requests++
	r.mu.Unlock()
	select {
	case r.wake <- struct{}{}:
	default: // the writer is already told
	}
	select {
	case <-g.written:
		return g.err
	case <-ctx.Done():
		return fmt.Errorf("audit: waiting for reads to be written: %w", ctx.Err())
	}
}

// Close writes the group gathering, if any, and stops the writer; requests
// recording after it write their own entries.
func (r *Reads) Close(ctx context.Context) error {
	r.mu.Lock()
	if !r.stopped {
		r.stopped = true
		close(r.stop)
	}
	r.mu.Unlock()
	select {
	case <-r.done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("audit: reads not all written before shutdown deadline: %w", ctx.Err())
	}
}

func (r *Reads) run() {
	defer close(r.done)
	for {
		select {
		case <-r.wake:
			r.commit()
		case <-r.stop:
			r.commit() // no group forms once stopped is set
			return
		}
	}
}

// commit writes the group gathering, if any, and tells its requests.
func (r *Reads) commit() {
	r.mu.Lock()
	g := r.next
	r.next = nil
	r.mu.Unlock()
	if g == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), writeTimeout)
	g.err = Write(ctx, r.client, r.dialect, g.entries...)
	cancel()
	if g.err != nil {
		r.log.Error("audit: reads could not be written; their values are not served",
			"err", g.err, "entries", len(g.entries), "requests", g.requests)
	}
	close(g.written)
}

// Write appends entries to the log in a transaction of their own.
func Write(ctx context.Context, client *gen.Client, d string, entries ...Entry) error {
	if len(entries) == 0 {
		return nil
	}
	tx, err := client.Tx(ctx)
	if err != nil {
		return fmt.Errorf("audit: writing reads: %w", err)
	}
	if err := Append(ctx, tx.Client(), d, entries...); err != nil {
		return errors.Join(err, tx.Rollback())
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("audit: committing reads: %w", err)
	}
	return nil
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
