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

// IncubationBase is a social organisation incubation base (社会组织孵化基地)
// hosting resident organisations and student training.
type IncubationBase struct {
	ent.Schema
}

// Mixin adds timestamps and coordinates.
func (IncubationBase) Mixin() []ent.Mixin { return []ent.Mixin{mixin.Time{}, mixin.Location{}} }

// Fields of an IncubationBase.
func (IncubationBase) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").Annotations(sharing.U).
			NotEmpty().
			Comment("Name (名称)").
			Annotations(entgql.OrderField("NAME")),
		field.String("address").Annotations(sharing.U).
			Optional().
			Comment("Address (地址)"),
		field.Time("opened_on").Annotations(sharing.U).
			Optional().
			Nillable().
			SchemaType(dateType).
			Comment("Date opened (启用日期)").
			Annotations(entgql.Type("Date")),
		field.Bool("rent_free").Annotations(sharing.U).
			Default(true).
			Comment("Residents pay neither rent nor operating fees (零租金、零运营费)"),
		field.Int("division_id").Annotations(sharing.U).
			Comment("Division running the base (主办区划)"),
	}
}

// Edges of an IncubationBase.
func (IncubationBase) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("division", Division.Type).
			Ref("incubation_bases").
			Field("division_id").
			Unique().
			Required().
			Comment("Division running the base (主办区划)"),
		edge.To("residencies", Residency.Type).
			Comment("Resident organisations (入驻社会组织)").
			Annotations(entgql.RelayConnection()),
		edge.To("training_batches", TrainingBatch.Type).
			Comment("Training batches held here (实训批次)").
			Annotations(entgql.RelayConnection()),
	}
}

// Indexes of an IncubationBase.
func (IncubationBase) Indexes() []ent.Index {
	return []ent.Index{index.Fields("division_id")}
}

// Annotations of an IncubationBase.
func (IncubationBase) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A social organisation incubation base (社会组织孵化基地)"),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.MultiOrder(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of an IncubationBase.
func (IncubationBase) Policy() ent.Policy { return authz.Policy("IncubationBase") }
