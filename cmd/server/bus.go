package main

import (
	"context"
	"strings"
	"time"

	"github.com/wushehub/wushe/internal/events"
	"github.com/wushehub/wushe/internal/store"
)

// openBus returns the event bus of GraphQL subscriptions — LISTEN/NOTIFY on
// PostgreSQL, so that a write on one replica reaches the subscribers of
// every replica; in process on SQLite — and registers on db's client the
// hook that publishes the writes' events when their transactions commit.
func openBus(ctx context.Context, cfg config, db *store.DB, dsn string) (events.Bus, error) {
	var bus events.Bus = events.NewLocal(cfg.log)
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		lctx, cancel := context.WithTimeout(ctx, 15*time.Second)
		defer cancel()
		pg, err := events.NewPostgres(lctx, dsn, db.SQL, cfg.log)
		if err != nil {
			return nil, err
		}
		bus = pg
	}
	db.Client.Use(events.Hook(bus))
	return bus, nil
}
