package store

import (
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/dialect/sql/schema"
	"entgo.io/ent/schema/field"
)

// ChangeEvents is a table of the migrations that is no entity: the change
// feed (变更日志), an outbox to which every committed change of a record
// that has events (internal/events) is appended in the write's own
// transaction, under a position (pos) that grows in commit order.
// Subscriptions replay it from a client's last position, and webhooks read
// it; rows older than the feed's retention are removed. created_at is in
// Unix milliseconds, so that both dialects compare it as a number.
var ChangeEvents = &schema.Table{
	Name: "change_events",
	Columns: []*schema.Column{
		{Name: "pos", Type: field.TypeInt64, Increment: true},
		{Name: "entity", Type: field.TypeString, Size: 32},
		{Name: "kind", Type: field.TypeString, Size: 16},
		{Name: "record_id", Type: field.TypeInt64},
		{Name: "community", Type: field.TypeString, Size: 12},
		{Name: "created_at", Type: field.TypeInt64},
	},
	Annotation: &entsql.Annotation{Table: "change_events"},
}

// ChangeFeedHorizon holds one row (id 1): the last position removed from
// the change feed by retention, so that a resume position at or before it
// is refused instead of silently skipping what was removed.
var ChangeFeedHorizon = &schema.Table{
	Name: "change_feed_horizon",
	Columns: []*schema.Column{
		{Name: "id", Type: field.TypeInt},
		{Name: "pruned_through", Type: field.TypeInt64},
	},
	Annotation: &entsql.Annotation{Table: "change_feed_horizon"},
}

func init() {
	t := ChangeEvents
	t.PrimaryKey = t.Columns[:1]
	t.Indexes = []*schema.Index{{Name: "change_events_created_at", Columns: []*schema.Column{t.Columns[5]}}}
	h := ChangeFeedHorizon
	h.PrimaryKey = h.Columns[:1]
}
