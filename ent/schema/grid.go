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

// Grid is a grid (网格) of a community, in the "one centre, one net, ten
// households linked" model (一中心一张网十联户).
type Grid struct {
	ent.Schema
}

// Mixin adds timestamps.
func (Grid) Mixin() []ent.Mixin { return []ent.Mixin{mixin.Time{}} }

// Fields of a Grid.
func (Grid) Fields() []ent.Field {
	return []ent.Field{
		field.String("code").Annotations(sharing.U).
			NotEmpty().
			Comment("Grid number within the community (网格编号)").
			Annotations(entgql.OrderField("CODE")),
		field.String("name").Annotations(sharing.U).
			NotEmpty().
			Comment("Name (网格名称)").
			Annotations(entgql.OrderField("NAME")),
		field.Int("households").Annotations(sharing.U).
			NonNegative().
			Default(0).
			Comment("Households in the grid (户数)"),
		field.Int("ten_household_units").Annotations(sharing.U).
			NonNegative().
			Default(0).
			Comment("Ten-household units (十联户单元数)"),
		field.String("leader").Annotations(sharing.C).
			Optional().
			Comment("Grid leader's name (网格长)"),
		field.Int("community_id").Annotations(sharing.U).
			Comment("Community (所属社区)"),
	}
}

// Edges of a Grid.
func (Grid) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("community", Community.Type).
			Ref("grids").
			Field("community_id").
			Unique().
			Required().
			Comment("Community (所属社区)"),
	}
}

// Indexes of a Grid.
func (Grid) Indexes() []ent.Index {
	return []ent.Index{index.Fields("community_id", "code").Unique()}
}

// Annotations of a Grid.
func (Grid) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A grid of a community (网格)"),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.MultiOrder(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of a Grid.
func (Grid) Policy() ent.Policy { return authz.Policy("Grid") }
