package graph

import (
	"context"
	"fmt"
	"runtime/debug"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/internal/audit"
)

// commitGroups runs the mutations of one handler on PostgreSQL in groups
// that share one transaction and so one commit: while a group's
// transaction runs and commits, the mutations that arrive gather for the
// next one, which starts as soon as it is over, so that a busy server
// commits many mutations at a time and an idle one each at once, with no
// delay added. Without it every mutation's commit waits on the one before:
// the audit chain's lock (and, for activities, the row of activity_rollups
// its insert updates) is held from the mutation's writes until its commit
// is on disk, so concurrent mutations cannot share a flush of the WAL.
//
// In a group each mutation runs alone, one after another in arrival
// order, each within a savepoint of its own: one that fails is rolled
// back to its savepoint and answers its errors, as it would in a
// transaction of its own, and the others go on. The audit entries of the
// group's mutations are appended together, in that order, just before the
// commit, under the chain's lock — so the chain's order is still the order
// of the writes' commits — and no mutation answers before the commit is
// over: an answer is never sent for a write that could still be lost, and
// when the commit fails every mutation of the group answers the failure.
// One group runs at a time in a process (the next waits for the commit),
// so that two groups of the same server never wait on each other's locks.
type commitGroups struct {
	t    transactioner
	gate chan struct{} // held while a group runs (capacity 1)

	mu   sync.Mutex
	next *commitGroup // gathering; nil when none is
}

// commitGroup is the mutations of one transaction, in arrival order.
type commitGroup struct {
	jobs []*groupJob
}

// groupJob is one mutation of a group: the rest of its response chain, and
// its answer once the group is over.
type groupJob struct {
	ctx  context.Context
	next graphql.ResponseHandler
	resp *graphql.Response
	done chan struct{}

	ok      bool          // it ran without error (its writes are in the transaction)
	entries []audit.Entry // its audit entries, appended at the commit
}

// maxGroup bounds the mutations of one group, each of which waits for all
// of them to run: those arriving after it is full gather for the next.
const maxGroup = 64

// groupFlushTimeout bounds the append of a group's audit entries and its
// commit, which no single request's context may cancel.
const groupFlushTimeout = 10 * time.Second

func newCommitGroups(t transactioner) *commitGroups {
	return &commitGroups{t: t, gate: make(chan struct{}, 1)}
}

// run answers one mutation through a group: the first to arrive when none
// is gathering leads the group, waits for the group before to end, then
// runs every mutation that has joined meanwhile.
func (g *commitGroups) run(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	j := &groupJob{ctx: ctx, next: next, done: make(chan struct{})}
	g.mu.Lock()
	grp := g.next
	lead := grp == nil || len(grp.jobs) >= maxGroup
	if lead { // the first, or the one after a full group
		grp = &commitGroup{}
		g.next = grp
	}
	grp.jobs = append(grp.jobs, j)
	g.mu.Unlock()
	if !lead {
		// Its mutation runs in the leader's goroutine (jobContext), and its
		// answer is the group's to give.
		<-j.done
		return j.resp
	}
	g.gate <- struct{}{}
	g.mu.Lock()
	if g.next == grp {
		g.next = nil // those arriving from now on gather for the next group
	}
	jobs := grp.jobs
	g.mu.Unlock()
	g.runGroup(jobs)
	<-g.gate
	for _, o := range jobs {
		close(o.done)
	}
	return j.resp
}

// runGroup runs jobs in one transaction and sets each one's answer.
func (g *commitGroups) runGroup(jobs []*groupJob) {
	t := g.t
	// The transaction outlives any one request; its statements run with
	// each mutation's own context.
	base := context.WithoutCancel(jobs[0].ctx)
	txCtx, tx, err := t.client.OpenTx(base)
	if err != nil {
		for _, j := range jobs {
			j.resp = t.fail(j.ctx, fmt.Errorf("opening the mutation's transaction: %w", err))
		}
		return
	}
	client := ent.FromContext(txCtx)
	etx := ent.TxFromContext(txCtx)
	// A mutation alone in its group needs no savepoint: its failure rolls
	// the whole transaction back.
	savepoints := len(jobs) > 1
	broken := func(cause error) {
		_ = tx.Rollback()
		for _, j := range jobs {
			if j.resp == nil || j.ok {
				j.resp, j.ok = t.fail(j.ctx, cause), false
			}
		}
	}
	// open: a savepoint is set; clean: nothing was written since (it was
	// set, or rolled back to). A mutation that follows one that wrote
	// releases that one's savepoint and sets its own in one round trip, one
	// that follows a rolled back one reuses its savepoint, and the commit
	// releases the last.
	open, clean := false, false
	for _, j := range jobs {
		sctx := context.WithoutCancel(j.ctx)
		if savepoints && !clean {
			q := "SAVEPOINT mutation"
			if open {
				q = "RELEASE SAVEPOINT mutation; SAVEPOINT mutation"
			}
			if _, err := client.ExecContext(sctx, q); err != nil {
				broken(fmt.Errorf("setting a mutation's savepoint: %w", err))
				return
			}
			open, clean = true, true
		}
		jctx, cancel := jobContext(j.ctx)
		jctx = ent.NewContext(ent.NewTxContext(jctx, etx), client)
		jctx, deferred := audit.WithDeferred(jctx)
		j.resp, j.ok = g.exec(jctx, j)
		cancel()
		clean = false
		if !j.ok {
			if !savepoints {
				_ = tx.Rollback()
				return
			}
			if _, err := client.ExecContext(sctx, "ROLLBACK TO SAVEPOINT mutation"); err != nil {
				broken(fmt.Errorf("rolling a mutation back to its savepoint: %w", err))
				return
			}
			clean = true
			continue
		}
		j.entries = deferred.Take()
	}
	var entries []audit.Entry
	var first *groupJob
	for _, j := range jobs {
		if j.ok {
			entries = append(entries, j.entries...)
			if first == nil {
				first = j
			}
		}
	}
	if first == nil { // every mutation failed: nothing to commit
		_ = tx.Rollback()
		return
	}
	// The group's shared statements are counted as the first written
	// mutation's.
	fctx, cancel := context.WithTimeout(context.WithoutCancel(first.ctx), groupFlushTimeout)
	defer cancel()
	if err := audit.Append(fctx, client, t.dialect, entries...); err != nil {
		_ = tx.Rollback()
		for _, j := range jobs {
			if j.ok {
				j.resp, j.ok = unaudited(j.ctx, err), false
			}
		}
		return
	}
	if err := tx.Commit(); err != nil {
		for _, j := range jobs {
			if j.ok {
				j.resp, j.ok = t.fail(j.ctx, fmt.Errorf("committing the mutation's transaction: %w", err)), false
			}
		}
	}
}

// jobContext returns the context a mutation of a group runs with: ctx,
// except that it does not end when ctx is canceled (its client went away),
// only at ctx's deadline, else after groupJobTimeout. lib/pq closes the
// connection of a statement whose context ends while it runs, which would
// end the whole group's transaction: a mutation whose client left still
// runs, and commits with the others.
func jobContext(ctx context.Context) (context.Context, context.CancelFunc) {
	if deadline, ok := ctx.Deadline(); ok {
		return context.WithDeadline(context.WithoutCancel(ctx), deadline)
	}
	return context.WithTimeout(context.WithoutCancel(ctx), groupJobTimeout)
}

// groupJobTimeout bounds a mutation of a group whose request has no
// deadline of its own (the server's requests have one).
const groupJobTimeout = 30 * time.Second

// exec runs one mutation of a group: its answer, and whether it ran
// without error. A panic is its failure alone.
func (g *commitGroups) exec(ctx context.Context, j *groupJob) (rsp *graphql.Response, ok bool) {
	t := g.t
	defer func() {
		if p := recover(); p != nil {
			t.log.ErrorContext(j.ctx, "graphql: panic in a mutation", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			rsp, ok = t.fail(j.ctx, fmt.Errorf("panic in a mutation: %v", p)), false
		}
	}()
	rsp = j.next(ctx)
	if rsp == nil {
		return t.fail(j.ctx, fmt.Errorf("a mutation gave no response")), false
	}
	if len(rsp.Errors) > 0 {
		return &graphql.Response{Errors: rsp.Errors}, false
	}
	return rsp, true
}
