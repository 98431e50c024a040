package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/wushehub/wushe/internal/events"
	"github.com/wushehub/wushe/internal/store"
)

// openBus returns the event bus of GraphQL subscriptions — LISTEN/NOTIFY on
// PostgreSQL, so that a write on one replica reaches the subscribers of
// every replica; in process on SQLite — and the durable change feed it
// wakes, and registers on db's client the hook that appends the writes'
// events to the feed in their transactions and publishes them when they
// commit. LISTEN needs a connection of its own to the database server, not
// one a pooler hands out per transaction: it goes to
// WUSHE_DATABASE_DIRECT_URL when dsn goes through PgBouncer.
func openBus(ctx context.Context, cfg config, db *store.DB, dsn string) (events.Bus, *events.Feed, error) {
	retention, err := envDuration(cfg.getenv, "WUSHE_FEED_RETENTION", events.DefaultRetention)
	if err != nil {
		return nil, nil, err
	}
	poll, err := envDuration(cfg.getenv, "WUSHE_FEED_POLL", time.Second)
	if err != nil {
		return nil, nil, err
	}
	var bus events.Bus = events.NewLocal(cfg.log)
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		listen := dsn
		if direct := cfg.directURL(dsn); direct != "" {
			listen = direct
		}
		lctx, cancel := context.WithTimeout(ctx, 15*time.Second)
		defer cancel()
		pg, err := events.NewPostgres(lctx, listen, db.SQL, cfg.log)
		if err != nil {
			return nil, nil, err
		}
		bus = pg
	}
	feed, err := events.NewFeed(ctx, events.FeedConfig{DB: db.SQL, Dialect: db.Dialect, Bus: bus, Log: cfg.log, Retention: retention, Poll: poll})
	if err != nil {
		bus.Close()
		return nil, nil, err
	}
	db.Client.Use(events.Hook(bus, db.Dialect))
	return bus, feed, nil
}

// envDuration reads a positive duration such as 168h from the environment.
func envDuration(getenv func(string) string, key string, def time.Duration) (time.Duration, error) {
	v := getenv(key)
	if v == "" {
		return def, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%s must be a duration like 168h or 30s, got %q", key, v)
	}
	return d, nil
}
