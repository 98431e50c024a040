package main

import (
	"context"
	"fmt"
	"strings"

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
