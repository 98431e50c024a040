package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/wushehub/wushe/ent/schema/enum"
	"github.com/wushehub/wushe/ent/schema/mixin"
	"github.com/wushehub/wushe/ent/schema/sharing"
	"github.com/wushehub/wushe/internal/authz"
)

var pointsKinds = enum.V(
	"HOURS", "服务时长积分",
	"HOURS_REVERSAL", "服务时长冲正",
	"CONSULTATION", "参加议事",
	"BONUS", "奖励",
	"PENALTY", "扣减",
	"REDEMPTION", "积分兑换",
	"OTHER", "其他",
)

// PointsEntry is one line of a volunteer's points ledger: points awarded or,
// when negative, deducted (积分有奖惩). Lines are written only by the hub:
// for confirmed hours, by a community's rules, and for redemptions.
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
		field.Enum("kind").Annotations(sharing.U).
			Values(pointsKinds.Values()...).
			Default("OTHER").
			Comment("What the points are for (积分类型)").
			Annotations(pointsKinds.Labels(), entgql.OrderField("KIND")),
		field.Int("service_record_id").Annotations(sharing.U).
			Optional().
			Nillable().
			Comment("Service record the points are for (服务记录)"),
		field.Int("rule_id").Annotations(sharing.U).
			Optional().
			Nillable().
			Comment("Rule applied (积分规则)"),
		field.Int("reward_id").Annotations(sharing.U).
			Optional().
			Nillable().
			Comment("Reward redeemed (兑换奖品)"),
		field.Int("quantity").Annotations(sharing.U).
			Optional().
			Nillable().
			Comment("How many rewards were redeemed (兑换数量)"),
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
		edge.To("service_record", ServiceRecord.Type).
			Field("service_record_id").
			Unique().
			Comment("Service record the points are for (服务记录)"),
		edge.To("rule", PointsRule.Type).
			Field("rule_id").
			Unique().
			Comment("Rule applied (积分规则)"),
		edge.To("reward", Reward.Type).
			Field("reward_id").
			Unique().
			Comment("Reward redeemed (兑换奖品)"),
	}
}

// Indexes of a PointsEntry.
func (PointsEntry) Indexes() []ent.Index {
	return []ent.Index{index.Fields("volunteer_id"), index.Fields("service_record_id")}
}

// Annotations of a PointsEntry.
func (PointsEntry) Annotations() []schema.Annotation {
	return []schema.Annotation{
		sharing.Restricted,
		schema.Comment("A line of a volunteer's points ledger (积分记录)"),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.MultiOrder(),
	}
}

// Policy of a PointsEntry.
func (PointsEntry) Policy() ent.Policy { return authz.Policy("PointsEntry") }
