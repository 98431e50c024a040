package scale

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	"github.com/wushehub/wushe/internal/store"
)

// Tables are the tables a data set writes, with the activity rollups the
// database keeps from them and the agencies registered for them.
var Tables = []string{
	"divisions", "communities", "universities", "student_groups", "students", "student_group_members",
	"pairings", "needs", "volunteers", "social_workers", "service_teams", "service_team_social_workers",
	"service_team_volunteers", "activities", "activity_groups", "activity_rollups", "consultations", "facilities",
	"revenue_projects", "ledger_entries", "service_items", "social_organizations", "social_organization_communities",
	"incubation_bases", "training_batches", "training_batch_communities", "training_batch_participants",
	"training_batch_universities", "departments", "partnership_agreements", "partnership_agreement_departments",
	"partnership_agreement_universities", "teaching_sites", "agencies",
}

// Count is the number of rows of one table.
type Count struct {
	Table string
	Rows  int64
}

// Counts returns the rows of each of Tables in db.
func Counts(ctx context.Context, db *store.DB) ([]Count, error) {
	out := make([]Count, 0, len(Tables))
	for _, t := range Tables {
		c := Count{Table: t}
		if err := db.SQL.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+t).Scan(&c.Rows); err != nil {
			return nil, fmt.Errorf("count %s: %w", t, err)
		}
		out = append(out, c)
	}
	return out, nil
}

// Checksum returns a SHA-256 of every row of Tables in db but their
// created_at and updated_at (the time of the load), in key order: two loads
// of one size into fresh databases of one kind have the same checksum.
func Checksum(ctx context.Context, db *store.DB) (string, error) {
	h := sha256.New()
	for _, t := range Tables {
		cols, err := columns(ctx, db.SQL, t)
		if err != nil {
			return "", err
		}
		var keep, order []string
		for _, c := range cols {
			if c != "created_at" && c != "updated_at" {
				keep = append(keep, c)
			}
		}
		if slices.Contains(keep, "id") {
			order = []string{"id"}
		} else {
			order = keep // join tables and rollups: their columns are their key
		}
		quote := func(cols []string) string { return `"` + strings.Join(cols, `", "`) + `"` }
		rows, err := db.SQL.QueryContext(ctx, fmt.Sprintf("SELECT %s FROM %s ORDER BY %s", quote(keep), t, quote(order)))
		if err != nil {
			return "", fmt.Errorf("checksum %s: %w", t, err)
		}
		vals := make([]any, len(keep))
		ptrs := make([]any, len(keep))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		fmt.Fprintf(h, "%s\n", t)
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				return "", fmt.Errorf("checksum %s: %w", t, err)
			}
			for _, v := range vals {
				if b, ok := v.([]byte); ok {
					v = string(b)
				}
				fmt.Fprintf(h, "%T:%v\x00", v, v)
			}
			h.Write([]byte{'\n'})
		}
		if err := rows.Err(); err != nil {
			rows.Close()
			return "", fmt.Errorf("checksum %s: %w", t, err)
		}
		rows.Close()
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// columns returns the column names of table t.
func columns(ctx context.Context, db *sql.DB, t string) ([]string, error) {
	rows, err := db.QueryContext(ctx, "SELECT * FROM "+t+" WHERE 1 = 0")
	if err != nil {
		return nil, fmt.Errorf("checksum %s: %w", t, err)
	}
	defer rows.Close()
	return rows.Columns()
}
