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

// Residency is a social organisation's stay at an incubation base (入驻).
type Residency struct {
	ent.Schema
}

// Mixin adds timestamps.
func (Residency) Mixin() []ent.Mixin { return []ent.Mixin{mixin.Time{}} }

// Fields of a Residency.
func (Residency) Fields() []ent.Field {
	return []ent.Field{
		field.Time("admitted_on").Annotations(sharing.U).
			SchemaType(dateType).
			Comment("Date admitted (入驻日期)").
			Annotations(entgql.Type("Date"), entgql.OrderField("ADMITTED_ON")),
		field.Time("left_on").Annotations(sharing.U).
			Optional().
			Nillable().
			SchemaType(dateType).
			Comment("Date it moved out (出驻日期)").
			Annotations(entgql.Type("Date")),
		field.Int("rating").Annotations(sharing.U).
			Optional().
			Nillable().
			Range(1, 5).
			Comment("Rating from the base's evaluation, 1–5 stars (评比星级)").
			Annotations(entgql.OrderField("RATING")),
		field.Int("base_id").Annotations(sharing.U).
			Comment("Incubation base (孵化基地)"),
		field.Int("organization_id").Annotations(sharing.U).
			Comment("Resident organisation (入驻组织)"),
	}
}

// Edges of a Residency.
func (Residency) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("base", IncubationBase.Type).
			Ref("residencies").
			Field("base_id").
			Unique().
			Required().
			Comment("Incubation base (孵化基地)"),
		edge.From("organization", SocialOrganization.Type).
			Ref("residencies").
			Field("organization_id").
			Unique().
			Required().
			Comment("Resident organisation (入驻组织)"),
	}
}

// Indexes of a Residency.
func (Residency) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("base_id", "organization_id", "admitted_on").Unique(),
		index.Fields("organization_id"),
	}
}

// Annotations of a Residency.
func (Residency) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A social organisation's residency at an incubation base (入驻)"),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.MultiOrder(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of a Residency.
func (Residency) Policy() ent.Policy { return authz.Policy("Residency") }
