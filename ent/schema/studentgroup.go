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

var groupKinds = enum.V(
	"YOUTH_LEAGUE_BRANCH", "团支部",
	"CLUB", "学生社团",
)

// StudentGroup is a university youth-league branch or student club (团支部/社团)
// that pairs with communities.
type StudentGroup struct {
	ent.Schema
}

// Mixin adds timestamps.
func (StudentGroup) Mixin() []ent.Mixin { return []ent.Mixin{mixin.Time{}} }

// Fields of a StudentGroup.
func (StudentGroup) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").Annotations(sharing.U).
			NotEmpty().
			Comment("Name (名称)").
			Annotations(entgql.OrderField("NAME")),
		field.Enum("kind").Annotations(sharing.U).
			Values(groupKinds.Values()...).
			Comment("Kind of group (类别)").
			Annotations(groupKinds.Labels(), entgql.OrderField("KIND")),
		field.JSON("service_skills", []enum.ServiceCategory{}).Annotations(sharing.U).
			Optional().
			Comment("Service categories the group can serve (服务专长)").
			Annotations(entgql.Type("[ServiceCategory!]")),
		field.Int("capacity").Annotations(sharing.U).
			NonNegative().
			Default(1).
			Comment("Number of communities the group can serve at once (可结对社区数)").
			Annotations(entgql.OrderField("CAPACITY")),
		field.String("description").Annotations(sharing.U).
			Optional().
			Comment("Description (简介)"),
		field.Int("university_id").Annotations(sharing.U).
			Comment("University (所属高校)"),
	}
}

// Edges of a StudentGroup.
func (StudentGroup) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("university", University.Type).
			Ref("groups").
			Field("university_id").
			Unique().
			Required().
			Comment("University (所属高校)").
			Annotations(entgql.OrderField("UNIVERSITY_NAME")),
		edge.To("members", Student.Type).
			Comment("Members (成员)").
			Annotations(entgql.RelayConnection()),
		edge.To("pairings", Pairing.Type).
			Comment("Pairings with communities (结对)").
			Annotations(entgql.RelayConnection(), entgql.OrderField("PAIRINGS_COUNT")),
		edge.From("activities", Activity.Type).
			Ref("groups").
			Comment("Activities it co-organised (联办活动)").
			Annotations(entgql.RelayConnection()),
	}
}

// Indexes of a StudentGroup.
func (StudentGroup) Indexes() []ent.Index {
	return []ent.Index{index.Fields("university_id", "name").Unique()}
}

// Annotations of a StudentGroup.
func (StudentGroup) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A youth-league branch or student club (团支部/社团)"),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.MultiOrder(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of a StudentGroup.
func (StudentGroup) Policy() ent.Policy { return authz.Policy("StudentGroup") }
