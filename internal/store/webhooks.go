package store

import (
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/dialect/sql/schema"
	"entgo.io/ent/schema/field"
)

// Webhooks is a table of the migrations that is no entity: the endpoints
// agencies register to receive the change feed by HTTP POST (internal/hook).
// Each delivers as the viewer that registered it (agency and role) while
// the credentials that registered it (subject) stay valid, from
// the position after delivered_through; state, attempts, next_attempt_at
// and the last_* columns record how its deliveries go. Times are Unix
// milliseconds.
var Webhooks = &schema.Table{
	Name: "webhooks",
	Columns: []*schema.Column{
		{Name: "id", Type: field.TypeInt64, Increment: true},
		{Name: "agency", Type: field.TypeString, Size: 32},
		{Name: "role", Type: field.TypeString, Size: 32},
		{Name: "url", Type: field.TypeString, Size: 2048},
		{Name: "secret", Type: field.TypeString, Size: 128},
		{Name: "entities", Type: field.TypeString, Size: 256}, // comma-separated
		{Name: "active", Type: field.TypeBool},
		{Name: "created_at", Type: field.TypeInt64},
		{Name: "delivered_through", Type: field.TypeInt64},
		{Name: "state", Type: field.TypeString, Size: 16},
		{Name: "attempts", Type: field.TypeInt},
		{Name: "next_attempt_at", Type: field.TypeInt64},
		{Name: "last_status", Type: field.TypeInt},
		{Name: "last_error", Type: field.TypeString, Size: 512},
		{Name: "last_attempt_at", Type: field.TypeInt64},
		{Name: "last_delivered_at", Type: field.TypeInt64},
		// The credentials that registered it: an account's username, or
		// "apikey:" and a key's prefix ("" before this column was added).
		{Name: "subject", Type: field.TypeString, Size: 128, Default: ""},
	},
	Annotation: &entsql.Annotation{Table: "webhooks"},
}

// WebhookDeliveries records every attempt to deliver a batch of the change
// feed to a webhook: the positions it carried, its HTTP status or error.
var WebhookDeliveries = &schema.Table{
	Name: "webhook_deliveries",
	Columns: []*schema.Column{
		{Name: "id", Type: field.TypeInt64, Increment: true},
		{Name: "webhook_id", Type: field.TypeInt64},
		{Name: "first_pos", Type: field.TypeInt64},
		{Name: "last_pos", Type: field.TypeInt64},
		{Name: "events", Type: field.TypeInt},
		{Name: "attempt", Type: field.TypeInt},
		{Name: "ok", Type: field.TypeBool},
		{Name: "status", Type: field.TypeInt},
		{Name: "error", Type: field.TypeString, Size: 512},
		{Name: "at", Type: field.TypeInt64},
		{Name: "took_ms", Type: field.TypeInt64},
	},
	Annotation: &entsql.Annotation{Table: "webhook_deliveries"},
}

func init() {
	w := Webhooks
	w.PrimaryKey = w.Columns[:1]
	w.Indexes = []*schema.Index{{Name: "webhooks_agency", Columns: []*schema.Column{w.Columns[1]}}}
	d := WebhookDeliveries
	d.PrimaryKey = d.Columns[:1]
	d.Indexes = []*schema.Index{{Name: "webhook_deliveries_webhook_at", Columns: []*schema.Column{d.Columns[1], d.Columns[9]}}}
	d.ForeignKeys = []*schema.ForeignKey{{
		Symbol:     "webhook_deliveries_webhook",
		Columns:    d.Columns[1:2],
		RefColumns: w.Columns[:1],
		RefTable:   w,
		OnDelete:   schema.Cascade,
	}}
}
