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

// TeachingSite is an on-site teaching point (现场教学点) published by a
// university's social-work college, with its coordinates.
type TeachingSite struct {
	ent.Schema
}

// Mixin adds timestamps and coordinates.
func (TeachingSite) Mixin() []ent.Mixin { return []ent.Mixin{mixin.Time{}, mixin.Location{}} }

// Fields of a TeachingSite.
func (TeachingSite) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").Annotations(sharing.U).
			NotEmpty().
			Comment("Name (教学点名称)").
			Annotations(entgql.OrderField("NAME")),
		field.String("address").Annotations(sharing.U).
			Optional().
			Comment("Address (地址)"),
		field.String("focus").Annotations(sharing.U).
			Optional().
			Comment("What is taught there (教学内容)"),
		field.Time("published_on").Annotations(sharing.U).
			Optional().
			Nillable().
			SchemaType(dateType).
			Comment("Date the site was published (发布日期)").
			Annotations(entgql.Type("Date")),
		field.Int("university_id").Annotations(sharing.U).
			Optional().
			Nillable().
			Comment("University publishing the site (发布高校)"),
		field.Int("division_id").Annotations(sharing.U).
			Optional().
			Nillable().
			Comment("Division where the site lies (所在区划)"),
		field.Int("community_id").Annotations(sharing.U).
			Optional().
			Nillable().
			Comment("Community where the site lies (所在社区)"),
	}
}

// Edges of a TeachingSite.
func (TeachingSite) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("university", University.Type).
			Ref("teaching_sites").
			Field("university_id").
			Unique().
			Comment("University publishing the site (发布高校)"),
		edge.From("division", Division.Type).
			Ref("teaching_sites").
			Field("division_id").
			Unique().
			Comment("Division where the site lies (所在区划)"),
		edge.From("community", Community.Type).
			Ref("teaching_sites").
			Field("community_id").
			Unique().
			Comment("Community where the site lies (所在社区)"),
	}
}

// Indexes of a TeachingSite.
func (TeachingSite) Indexes() []ent.Index {
	return []ent.Index{index.Fields("university_id"), index.Fields("division_id"), index.Fields("community_id")}
}

// Annotations of a TeachingSite.
func (TeachingSite) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("An on-site teaching point (现场教学点)"),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.MultiOrder(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of a TeachingSite.
func (TeachingSite) Policy() ent.Policy { return authz.Policy("TeachingSite") }
