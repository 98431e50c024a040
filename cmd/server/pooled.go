package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/wushehub/wushe/internal/store"
)

// directURL returns WUSHE_DATABASE_DIRECT_URL, the direct connection to
// the PostgreSQL primary behind the pooler that dsn names, or "" when
// dsn is not pooled (no direct URL, or not PostgreSQL).
func (c config) directURL(dsn string) string {
	direct := c.getenv("WUSHE_DATABASE_DIRECT_URL")
	if direct == "" || !isPostgres(dsn) || direct == dsn {
		return ""
	}
	return direct
}

func isPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// openPooled migrates the database through direct and writes the hub's
// session settings into its configuration, then opens it through the
// pooler at dsn.
func openPooled(ctx context.Context, cfg config, dsn, direct string) (*store.DB, error) {
	if !isPostgres(direct) {
		return nil, fmt.Errorf("WUSHE_DATABASE_DIRECT_URL must be a postgres:// URL")
	}
	d, err := store.Open(ctx, direct)
	if err != nil {
		return nil, fmt.Errorf("direct connection: %w", err)
	}
	defer d.Close()
	if _, err := d.Migrate(ctx, cfg.log); err != nil {
		return nil, err
	}
	if err := d.Settle(ctx, cfg.log); err != nil {
		return nil, err
	}
	db, err := store.OpenPooled(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if n, err := db.Pending(ctx); err != nil || n > 0 {
		db.Close()
		if err == nil {
			err = fmt.Errorf("%d migrations not applied: WUSHE_DATABASE_DIRECT_URL names another database than WUSHE_DATABASE_URL", n)
		}
		return nil, fmt.Errorf("pooled connection: %w", err)
	}
	return db, nil
}

// openReplicas routes db's reads to the read replicas of
// WUSHE_DATABASE_REPLICA_URLS (comma-separated postgres:// URLs), taking
// one out of rotation while it lags more than WUSHE_REPLICA_MAX_LAG
// (default 5s); nil when there are none.
func openReplicas(ctx context.Context, cfg config, db *store.DB) (*store.Replicas, error) {
	var urls []string
	for _, u := range strings.Split(cfg.getenv("WUSHE_DATABASE_REPLICA_URLS"), ",") {
		if u = strings.TrimSpace(u); u != "" {
			if !isPostgres(u) {
				return nil, fmt.Errorf("WUSHE_DATABASE_REPLICA_URLS: %q is not a postgres:// URL", u)
			}
			urls = append(urls, u)
		}
	}
	if len(urls) == 0 {
		return nil, nil
	}
	maxLag, err := envDuration(cfg.getenv, "WUSHE_REPLICA_MAX_LAG", store.DefaultMaxLag)
	if err != nil {
		return nil, err
	}
	rs, err := db.UseReplicas(ctx, urls, maxLag, time.Second, cfg.log)
	if err != nil {
		return nil, err
	}
	for _, s := range rs.Status() {
		cfg.log.InfoContext(ctx, "read replica", "replica", s.Source, "in rotation", s.Healthy, "lag", s.Lag.Round(time.Millisecond), "why", s.Why)
	}
	return rs, nil
}

// replicaCollector exports the read replicas' health to /metrics: whether
// each is in rotation, its lag and the queries it answered, so that a
// replica out of rotation shows beyond the log.
type replicaCollector struct {
	rs                     *store.Replicas
	inRotation, lag, reads *prometheus.Desc
}

func newReplicaCollector(rs *store.Replicas) *replicaCollector {
	labels := []string{"replica"}
	return &replicaCollector{rs: rs,
		inRotation: prometheus.NewDesc("wushe_replica_in_rotation", "1 when the read replica serves reads, 0 when it is out of rotation (down, lagging, or not in recovery).", labels, nil),
		lag:        prometheus.NewDesc("wushe_replica_lag_seconds", "How far the read replica's replay lags behind the primary, as last measured.", labels, nil),
		reads:      prometheus.NewDesc("wushe_replica_queries_total", "Queries the read replica answered.", labels, nil),
	}
}

func (c *replicaCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.inRotation
	ch <- c.lag
	ch <- c.reads
}

func (c *replicaCollector) Collect(ch chan<- prometheus.Metric) {
	for _, s := range c.rs.Status() {
		in := 0.0
		if s.Healthy {
			in = 1
		}
		ch <- prometheus.MustNewConstMetric(c.inRotation, prometheus.GaugeValue, in, s.Source)
		ch <- prometheus.MustNewConstMetric(c.lag, prometheus.GaugeValue, s.Lag.Seconds(), s.Source)
		ch <- prometheus.MustNewConstMetric(c.reads, prometheus.CounterValue, float64(s.Served), s.Source)
	}
}
