package store

import (
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/dialect/sql/schema"
	"entgo.io/ent/schema/field"

	entmigrate "github.com/wushehub/wushe/ent/migrate"
)

// ActivityRollups is a table of the migrations that is no entity: the
// activities of each street summed by month and category (活动月度汇总),
// kept exact by triggers on activities and communities (written by hand in
// the migration that creates it, for both dialects), so that a dashboard
// of a district or larger area reads a few thousand sums instead of
// millions of activities. Nothing but the dashboards reads it, and nothing
// writes it but the triggers; a row whose activities went to zero stays.
var ActivityRollups = &schema.Table{
	Name: "activity_rollups",
	Columns: []*schema.Column{
		{Name: "street_id", Type: field.TypeInt},
		{Name: "month", Type: field.TypeString, Size: 7}, // 2006-01
		{Name: "category", Type: field.TypeString, Size: 32},
		{Name: "activities", Type: field.TypeInt},
		{Name: "participants", Type: field.TypeInt},
		{Name: "volunteer_hours", Type: field.TypeFloat64},
		{Name: "off_site", Type: field.TypeInt},
	},
	Annotation: &entsql.Annotation{Table: "activity_rollups"},
}

func init() {
	t := ActivityRollups
	t.PrimaryKey = t.Columns[:3]
	// On PostgreSQL the sums are in the index too, so that a district's
	// streets are read by index-only scans.
	t.Indexes = []*schema.Index{{
		Name:       "activity_rollups_street_month",
		Columns:    t.Columns[:3],
		Annotation: &entsql.IndexAnnotation{IncludeColumns: []string{"activities", "participants", "volunteer_hours", "off_site"}},
	}}
	t.ForeignKeys = []*schema.ForeignKey{{
		Symbol:     "activity_rollups_divisions_street",
		Columns:    t.Columns[:1],
		RefColumns: []*schema.Column{entmigrate.DivisionsTable.Columns[0]},
		OnDelete:   schema.Cascade, // a street goes only once its communities have, leaving zero sums
	}}
	t.ForeignKeys[0].RefTable = entmigrate.DivisionsTable
}

// VolunteerRollups is a table of the migrations that is no entity, like
// ActivityRollups: the volunteers of each community counted and their hours
// summed by kind and star band (志愿者汇总), kept exact by triggers on
// volunteers and divisions (written by hand in the migration that creates
// it, for both dialects), so that the volunteers panel of a dashboard, which
// reads the whole province for the suppression's tables, reads a few rows per
// community instead of every volunteer. A volunteer's band is the largest
// value of StarBands its hours reach (0 when none): every threshold any
// division sets is one of StarBands, so the band tells its star level under
// any of them. A row whose volunteers went to zero stays.
var VolunteerRollups = &schema.Table{
	Name: "volunteer_rollups",
	Columns: []*schema.Column{
		{Name: "community_id", Type: field.TypeInt},
		{Name: "kind", Type: field.TypeString, Size: 32},
		{Name: "band", Type: field.TypeInt},
		{Name: "volunteers", Type: field.TypeInt},
		{Name: "hours", Type: field.TypeFloat64},
	},
	Annotation: &entsql.Annotation{Table: "volunteer_rollups"},
}

// StarBands is the table of the star thresholds (hours) in use: the default
// ones (dashboard.DefaultStarHours) and every value a division has set in
// its volunteerStarHours. The triggers add a division's new values and then
// count every volunteer's band again; values are never removed (a band too
// many costs a row, never a wrong level).
var StarBands = &schema.Table{
	Name: "star_bands",
	Columns: []*schema.Column{
		{Name: "hours", Type: field.TypeInt},
	},
	Annotation: &entsql.Annotation{Table: "star_bands"},
}

func init() {
	t := VolunteerRollups
	t.PrimaryKey = t.Columns[:3]
	t.ForeignKeys = []*schema.ForeignKey{{
		Symbol:     "volunteer_rollups_communities_community",
		Columns:    t.Columns[:1],
		RefColumns: []*schema.Column{entmigrate.CommunitiesTable.Columns[0]},
		OnDelete:   schema.Cascade,
	}}
	t.ForeignKeys[0].RefTable = entmigrate.CommunitiesTable
	StarBands.PrimaryKey = StarBands.Columns
}
