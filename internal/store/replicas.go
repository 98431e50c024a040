package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"github.com/lib/pq"

	"github.com/wushehub/wushe/internal/outage"
)

// Read replicas: the ent client's queries outside a transaction go to a
// healthy streaming replica (round robin), everything else to the primary
// — statements that write, transactions (mutations run in one), and every
// query of a request that must read what it or its client wrote:
// a request that wrote reads from the primary for the rest of the
// request, as does one that asked (ReadPrimary). A monitor measures each
// replica's lag (pg_last_xact_replay_timestamp) and takes a replica out of
// rotation while it lags past the bound or does not answer; a query a
// replica fails for being unreachable is run again on the primary.

// Replicas are the read replicas of a DB.
type Replicas struct {
	list   []*replica
	maxLag time.Duration
	log    *slog.Logger
	next   atomic.Uint64
	done   chan struct{}
	wg     sync.WaitGroup
	once   sync.Once
}

type replica struct {
	source  string
	sql     *sql.DB
	drv     dialect.Driver
	healthy atomic.Bool
	lag     atomic.Int64 // nanoseconds
	served  atomic.Int64 // queries
	why     atomic.Value // string: why out of rotation
}

// ReplicaStatus is what the monitor knows of a replica.
type ReplicaStatus struct {
	Source  string
	Healthy bool
	Lag     time.Duration
	Served  int64 // queries it answered
	Why     string
}

// DefaultMaxLag is how far a replica may lag before it leaves rotation.
const DefaultMaxLag = 5 * time.Second

// UseReplicas opens the replicas at urls (postgres:// URLs of streaming
// standbys of db's primary) and routes db's reads to them, checking each
// every check. A replica that cannot be reached now starts out of
// rotation. Close closes them.
func (db *DB) UseReplicas(ctx context.Context, urls []string, maxLag, check time.Duration, log *slog.Logger) (*Replicas, error) {
	if db.Dialect != dialect.Postgres {
		return nil, errors.New("read replicas need PostgreSQL")
	}
	if maxLag <= 0 {
		maxLag = DefaultMaxLag
	}
	if check <= 0 {
		check = time.Second
	}
	rs := &Replicas{maxLag: maxLag, log: log, done: make(chan struct{})}
	for _, u := range urls {
		connector, err := newTextConnector(postgresDefaults(u, false))
		if err != nil {
			rs.Close()
			return nil, fmt.Errorf("read replica %s: %w", redact(u), err)
		}
		sdb := sql.OpenDB(connector)
		sdb.SetMaxOpenConns(20)
		sdb.SetMaxIdleConns(10)
		sdb.SetConnMaxIdleTime(5 * time.Minute)
		r := &replica{source: redact(u), sql: sdb, drv: entsql.OpenDB(dialect.Postgres, sdb)}
		r.why.Store("not checked yet")
		rs.list = append(rs.list, r)
		rs.probe(ctx, r)
	}
	rs.wg.Add(1)
	go rs.monitor(check)
	db.reads.Store(rs)
	return rs, nil
}

// monitor probes every replica every check.
func (rs *Replicas) monitor(check time.Duration) {
	defer rs.wg.Done()
	tick := time.NewTicker(check)
	defer tick.Stop()
	for {
		select {
		case <-rs.done:
			return
		case <-tick.C:
		}
		for _, r := range rs.list {
			ctx, cancel := context.WithTimeout(context.Background(), max(check, time.Second))
			rs.probe(ctx, r)
			cancel()
		}
	}
}

// lagQuery measures how far behind the primary a standby is: zero when it
// has replayed all the WAL it received (an idle primary sends none), else
// the age of the last transaction it replayed.
const lagQuery = `SELECT pg_is_in_recovery(),
	CASE WHEN NOT pg_is_in_recovery() OR pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
	ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END`

// probe measures r's lag and puts it in or out of rotation.
func (rs *Replicas) probe(ctx context.Context, r *replica) {
	var recovery bool
	var lag float64
	err := r.sql.QueryRowContext(ctx, lagQuery).Scan(&recovery, &lag)
	why := ""
	switch {
	case err != nil:
		why = "unreachable: " + ReasonOf(err)
	default:
		d := time.Duration(lag * float64(time.Second))
		r.lag.Store(int64(d))
		if d > rs.maxLag {
			why = fmt.Sprintf("lagging %s behind the primary (bound %s)", d.Round(time.Millisecond), rs.maxLag)
		}
	}
	rs.set(r, why)
}

// set puts r in rotation (why empty) or out of it, logging changes.
func (rs *Replicas) set(r *replica, why string) {
	was := r.healthy.Swap(why == "")
	r.why.Store(why)
	switch {
	case was && why != "":
		rs.log.Warn("read replica out of rotation", "replica", r.source, "why", why)
	case !was && why == "":
		rs.log.Info("read replica in rotation", "replica", r.source, "lag", time.Duration(r.lag.Load()).Round(time.Millisecond))
	}
}

// pick returns a healthy replica, or nil.
func (rs *Replicas) pick() *replica {
	n := uint64(len(rs.list))
	start := rs.next.Add(1)
	for i := range n {
		if r := rs.list[(start+i)%n]; r.healthy.Load() {
			return r
		}
	}
	return nil
}

// Status returns what the monitor knows of each replica.
func (rs *Replicas) Status() []ReplicaStatus {
	out := make([]ReplicaStatus, 0, len(rs.list))
	for _, r := range rs.list {
		why, _ := r.why.Load().(string)
		out = append(out, ReplicaStatus{Source: r.source, Healthy: r.healthy.Load(), Lag: time.Duration(r.lag.Load()), Served: r.served.Load(), Why: why})
	}
	return out
}

// Close stops the monitor and closes the replicas' connections.
func (rs *Replicas) Close() error {
	rs.once.Do(func() {
		close(rs.done)
		rs.wg.Wait()
		for _, r := range rs.list {
			r.sql.Close()
		}
	})
	return nil
}

// query runs a read on a replica when the request may read from one; it
// reports false when the primary must answer.
func (rs *Replicas) query(ctx context.Context, query string, args, v any) (bool, error) {
	if rs == nil || mustReadPrimary(ctx) || !readOnly(query) {
		return false, nil
	}
	r := rs.pick()
	if r == nil {
		return false, nil
	}
	err := r.drv.Query(ctx, query, args, v)
	if err != nil && unreachable(err) && ctx.Err() == nil {
		rs.set(r, "unreachable: "+ReasonOf(err))
		return false, nil // the primary answers instead
	}
	if err == nil {
		r.served.Add(1)
	}
	return true, err
}

// readOnly reports whether query only reads.
func readOnly(query string) bool {
	q := strings.TrimSpace(query)
	if len(q) < 6 || !strings.EqualFold(q[:6], "SELECT") {
		return false
	}
	u := strings.ToUpper(q)
	return !strings.Contains(u, " FOR UPDATE") && !strings.Contains(u, " FOR SHARE") && !strings.Contains(u, "NEXTVAL(")
}

// unreachable reports an error that says the server did not answer, as
// opposed to one about the query.
func unreachable(err error) bool {
	if errors.Is(err, driver.ErrBadConn) || errors.Is(err, sql.ErrConnDone) {
		return true
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return true
	}
	var pe *pq.Error
	if errors.As(err, &pe) {
		c := string(pe.Code)
		return strings.HasPrefix(c, "08") || strings.HasPrefix(c, "57P") || c == "40001" // conflict with recovery
	}
	return outage.Reason(err) != ""
}

// routeKey holds a request's *route.
type routeKey struct{}

// route is what a request asked or did that binds its reads to the
// primary.
type route struct{ primary atomic.Bool }

// WithRoute returns ctx for one request whose reads may go to a replica
// until it writes or asks for the primary (ReadPrimary).
func WithRoute(ctx context.Context) context.Context {
	return context.WithValue(ctx, routeKey{}, &route{})
}

// ReadPrimary makes the rest of the request of ctx (see WithRoute) read
// from the primary.
func ReadPrimary(ctx context.Context) {
	if r, ok := ctx.Value(routeKey{}).(*route); ok {
		r.primary.Store(true)
	}
}

// OnPrimary returns ctx whose reads go to the primary, without changing
// the request's other reads.
func OnPrimary(ctx context.Context) context.Context {
	r := &route{}
	r.primary.Store(true)
	return context.WithValue(ctx, routeKey{}, r)
}

// mustReadPrimary reports whether the reads of ctx go to the primary: only
// requests marked with WithRoute (and not since bound to the primary) read
// from replicas, so that the hub's own work reads what it wrote.
func mustReadPrimary(ctx context.Context) bool {
	r, ok := ctx.Value(routeKey{}).(*route)
	return !ok || r.primary.Load()
}
