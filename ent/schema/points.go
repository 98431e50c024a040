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

var pointsRuleKinds = enum.V(
	"HOURS", "服务时长积分（每小时）",
	"CONSULTATION", "参加议事积分",
	"BONUS", "奖励积分",
	"PENALTY", "扣减积分",
)

// PointsRule is one rule of a community's points scheme (积分规则): points
// per confirmed service hour, for attending a consultation (议事), a bonus,
// or a penalty. The ledger applies rules; nobody types points in.
type PointsRule struct {
	ent.Schema
}

// Mixin adds timestamps.
func (PointsRule) Mixin() []ent.Mixin { return []ent.Mixin{mixin.Time{}} }

// Fields of a PointsRule.
func (PointsRule) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("kind").Annotations(sharing.U).
			Values(pointsRuleKinds.Values()...).
			Comment("Kind of rule (规则类型)").
			Annotations(pointsRuleKinds.Labels(), entgql.OrderField("KIND")),
		field.String("name").Annotations(sharing.U).
			NotEmpty().
			MaxLen(200).
			Comment("Name (名称)"),
		field.Int("points").Annotations(sharing.U).
			Min(1).
			Max(10000).
			Comment("Points per hour (HOURS) or per application; a PENALTY deducts them (分值)"),
		field.Bool("active").Annotations(sharing.U).
			Default(true).
			Comment("Whether the rule applies (启用)"),
		field.Int("community_id").Annotations(sharing.U).
			Comment("Community whose rule it is (所属社区)"),
	}
}

// Edges of a PointsRule.
func (PointsRule) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("community", Community.Type).
			Field("community_id").
			Unique().
			Required().
			Comment("Community whose rule it is (所属社区)"),
	}
}

// Indexes of a PointsRule.
func (PointsRule) Indexes() []ent.Index { return []ent.Index{index.Fields("community_id", "kind")} }

// Annotations of a PointsRule.
func (PointsRule) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A rule of a community's points scheme (积分规则)"),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.MultiOrder(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of a PointsRule.
func (PointsRule) Policy() ent.Policy { return authz.Policy("PointsRule") }

// Reward is something a community offers in exchange for points (积分兑换),
// with the stock left.
type Reward struct {
	ent.Schema
}

// Mixin adds timestamps.
func (Reward) Mixin() []ent.Mixin { return []ent.Mixin{mixin.Time{}} }

// Fields of a Reward.
func (Reward) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").Annotations(sharing.U).
			NotEmpty().
			MaxLen(200).
			Comment("Name (名称)").
			Annotations(entgql.OrderField("NAME")),
		field.Int("cost").Annotations(sharing.U).
			Min(1).
			Comment("Points one costs (所需积分)").
			Annotations(entgql.OrderField("COST")),
		field.Int("stock").Annotations(sharing.U).
			Min(0).
			Comment("How many are left (库存)"),
		field.Int("community_id").Annotations(sharing.U).
			Comment("Community offering it (所属社区)"),
	}
}

// Edges of a Reward.
func (Reward) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("community", Community.Type).
			Field("community_id").
			Unique().
			Required().
			Comment("Community offering it (所属社区)"),
	}
}

// Indexes of a Reward.
func (Reward) Indexes() []ent.Index { return []ent.Index{index.Fields("community_id")} }

// Annotations of a Reward.
func (Reward) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A reward points can be redeemed for (积分兑换奖品)"),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.MultiOrder(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of a Reward.
func (Reward) Policy() ent.Policy { return authz.Policy("Reward") }
