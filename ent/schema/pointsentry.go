package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/wushehub/wushe/ent/schema/mixin"
	"github.com/wushehub/wushe/ent/schema/sharing"
	"github.com/wushehub/wushe/internal/authz"
)

// PointsEntry is one line of a volunteer's points ledger: points awarded or,
// when negative, deducted (积分有奖惩).
type PointsEntry struct {
	ent.Schema
}

// Mixin adds timestamps.
func (PointsEntry) Mixin() []ent.Mixin { return []ent.Mixin{mixin.Time{}} }

// Fields of a PointsEntry.
func (PointsEntry) Fields() []ent.Field {
	return []ent.Field{
		field.Int("points").Annotations(sharing.U).
			Comment("Points awarded (positive) or deducted (negative) (积分变动)").
			Annotations(entgql.OrderField("POINTS")),
		field.String("reason").Annotations(sharing.U).
			NotEmpty().
			Comment("Reason (事由)"),
		field.Time("occurred_on").Annotations(sharing.U).
			SchemaType(dateType).
			Comment("Date (日期)").
			Annotations(entgql.Type("Date"), entgql.OrderField("OCCURRED_ON")),
		field.Int("volunteer_id").Annotations(sharing.U).
			Comment("Volunteer (志愿者)"),
	}
}

// Edges of a PointsEntry.
func (PointsEntry) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("volunteer", Volunteer.Type).
			Ref("points").
			Field("volunteer_id").
			Unique().
			Required().
			Comment("Volunteer (志愿者)"),
	}
}

// Indexes of a PointsEntry.
func (PointsEntry) Indexes() []ent.Index {
	return []ent.Index{index.Fields("volunteer_id")}
}

// Annotations of a PointsEntry.
func (PointsEntry) Annotations() []schema.Annotation {
	return []schema.Annotation{
		sharing.Restricted,
		schema.Comment("A line of a volunteer's points ledger (积分记录)"),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.MultiOrder(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of a PointsEntry.
func (PointsEntry) Policy() ent.Policy { return authz.Policy("PointsEntry") }
