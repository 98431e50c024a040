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

var pairingStatuses = enum.V(
	"PROPOSED", "已提议",
	"ACTIVE", "结对中",
	"ENDED", "已结束",
)

var pairingResponses = enum.V(
	"PENDING", "待答复",
	"ACCEPTED", "已接受",
	"DECLINED", "已拒绝",
)

var pairingSources = enum.V(
	"MANUAL", "人工结对",
	"MATCHER", "匹配方案提议",
	"UNIVERSITY", "高校提议",
)

// Pairing is a pairing (结对) of a community with a student group. A community
// has at most three ACTIVE pairings.
type Pairing struct {
	ent.Schema
}

// Mixin adds timestamps.
func (Pairing) Mixin() []ent.Mixin { return []ent.Mixin{mixin.Time{}} }

// Fields of a Pairing.
func (Pairing) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("status").Annotations(sharing.U).
			Values(pairingStatuses.Values()...).
			Default("PROPOSED").
			Comment("Status (状态)").
			Annotations(pairingStatuses.Labels(), entgql.OrderField("STATUS")),
		field.Enum("source").Annotations(sharing.U).
			Values(pairingSources.Values()...).
			Default("MANUAL").
			Comment("How the pairing was proposed (来源)").
			Annotations(pairingSources.Labels()),
		field.Time("since").Annotations(sharing.U).
			Optional().
			Nillable().
			SchemaType(dateType).
			Comment("Date the pairing became active (结对日期)").
			Annotations(entgql.Type("Date"), entgql.OrderField("SINCE")),
		field.Time("until").Annotations(sharing.U).
			Optional().
			Nillable().
			SchemaType(dateType).
			Comment("Date the pairing ended (结束日期)").
			Annotations(entgql.Type("Date")),
		field.Float("score").Annotations(sharing.U).
			Optional().
			Nillable().
			Comment("Fit score given by the matcher (匹配得分)").
			Annotations(entgql.OrderField("SCORE")),
		field.Strings("reasons").Annotations(sharing.U).
			Optional().
			Comment("Reasons given by the matcher (匹配理由)"),
		field.Enum("community_response").Annotations(sharing.U).
			Values(pairingResponses.Values()...).
			Default("PENDING").
			Comment("The community's answer to a proposed pairing (社区方答复)").
			Annotations(pairingResponses.Labels(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.Enum("university_response").Annotations(sharing.U).
			Values(pairingResponses.Values()...).
			Default("PENDING").
			Comment("The university's answer to a proposed pairing (高校方答复)").
			Annotations(pairingResponses.Labels(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.String("community_note").Annotations(sharing.C).
			Optional().
			Comment("Note given with the community's answer (社区方意见)").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.String("university_note").Annotations(sharing.C).
			Optional().
			Comment("Note given with the university's answer (高校方意见)").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.String("end_reason").Annotations(sharing.C).
			Optional().
			Comment("Why the pairing ended (结束原因)"),
		field.String("note").Annotations(sharing.C).
			Optional().
			Comment("Note (备注)"),
		field.Int("community_id").Annotations(sharing.U).
			Comment("Community (社区)"),
		field.Int("group_id").Annotations(sharing.U).
			Comment("Student group (团支部/社团)"),
	}
}

// Edges of a Pairing.
func (Pairing) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("community", Community.Type).
			Ref("pairings").
			Field("community_id").
			Unique().
			Required().
			Comment("Community (社区)").
			Annotations(entgql.OrderField("COMMUNITY_NAME")),
		edge.From("group", StudentGroup.Type).
			Ref("pairings").
			Field("group_id").
			Unique().
			Required().
			Comment("Student group (团支部/社团)").
			Annotations(entgql.OrderField("GROUP_NAME")),
	}
}

// Indexes of a Pairing.
func (Pairing) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("community_id", "status"),
		index.Fields("group_id"),
	}
}

// Annotations of a Pairing.
func (Pairing) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A pairing of a community with a student group (结对)"),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.MultiOrder(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of a Pairing.
func (Pairing) Policy() ent.Policy { return authz.Policy("Pairing") }
