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

// Need is a recorded need of a community (需求) with its weight: what the
// pairing plan tries to cover.
type Need struct {
	ent.Schema
}

// Mixin adds timestamps.
func (Need) Mixin() []ent.Mixin { return []ent.Mixin{mixin.Time{}} }

// Fields of a Need.
func (Need) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("category").Annotations(sharing.U).
			GoType(enum.ServiceCategory("")).
			Comment("Service category needed (需求类别)").
			Annotations(enum.CategoryLabels(), entgql.Type("ServiceCategory"), entgql.OrderField("CATEGORY")),
		field.Float("weight").Annotations(sharing.U).
			Min(0).Max(1).
			Comment("Weight of the need, 0–1 (权重)").
			Annotations(entgql.OrderField("WEIGHT")),
		field.String("description").Annotations(sharing.U).
			Optional().
			Comment("Description (说明)"),
		field.Time("recorded_on").Annotations(sharing.U).
			Optional().
			Nillable().
			SchemaType(dateType).
			Comment("Date recorded (登记日期)").
			Annotations(entgql.Type("Date")),
		field.Int("community_id").Annotations(sharing.U).
			Comment("Community (所属社区)"),
	}
}

// Edges of a Need.
func (Need) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("community", Community.Type).
			Ref("needs").
			Field("community_id").
			Unique().
			Required().
			Comment("Community (所属社区)"),
	}
}

// Indexes of a Need.
func (Need) Indexes() []ent.Index {
	return []ent.Index{index.Fields("community_id", "category").Unique()}
}

// Annotations of a Need.
func (Need) Annotations() []schema.Annotation {
	return []schema.Annotation{
		sharing.Restricted,
		schema.Comment("A recorded need of a community (需求)"),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.MultiOrder(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of a Need.
func (Need) Policy() ent.Policy { return authz.Policy("Need") }
