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

// JointMeeting is a joint meeting (联席会议) of district departments, the
// street, the community and social resources, with its decisions.
type JointMeeting struct {
	ent.Schema
}

// Mixin adds timestamps.
func (JointMeeting) Mixin() []ent.Mixin { return []ent.Mixin{mixin.Time{}} }

// Fields of a JointMeeting.
func (JointMeeting) Fields() []ent.Field {
	return []ent.Field{
		field.String("title").Annotations(sharing.U).
			NotEmpty().
			Comment("Title (会议名称)").
			Annotations(entgql.OrderField("TITLE")),
		field.Time("held_on").Annotations(sharing.U).
			SchemaType(dateType).
			Comment("Date held (召开日期)").
			Annotations(entgql.Type("Date"), entgql.OrderField("HELD_ON")),
		field.Strings("decisions").Annotations(sharing.U).
			Optional().
			Comment("Decisions taken (议定事项)"),
		field.Int("community_id").Annotations(sharing.U).
			Optional().
			Nillable().
			Comment("Community where it was held (召开社区)"),
		field.Int("division_id").Annotations(sharing.U).
			Optional().
			Nillable().
			Comment("Division convening it (召集区划)"),
	}
}

// Edges of a JointMeeting.
func (JointMeeting) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("community", Community.Type).
			Ref("joint_meetings").
			Field("community_id").
			Unique().
			Comment("Community where it was held (召开社区)"),
		edge.From("division", Division.Type).
			Ref("joint_meetings").
			Field("division_id").
			Unique().
			Comment("Division convening it (召集区划)"),
		edge.To("departments", Department.Type).
			Comment("Departments attending (参会部门)").
			Annotations(entgql.RelayConnection()),
		edge.To("organizations", SocialOrganization.Type).
			Comment("Social organisations attending (参会社会组织)").
			Annotations(entgql.RelayConnection()),
		edge.To("schools", School.Type).
			Comment("Schools attending (参会学校)").
			Annotations(entgql.RelayConnection()),
		edge.To("enterprises", Enterprise.Type).
			Comment("Enterprises and public institutions attending (参会企事业单位)").
			Annotations(entgql.RelayConnection()),
	}
}

// Indexes of a JointMeeting.
func (JointMeeting) Indexes() []ent.Index {
	return []ent.Index{index.Fields("community_id"), index.Fields("division_id")}
}

// Annotations of a JointMeeting.
func (JointMeeting) Annotations() []schema.Annotation {
	return []schema.Annotation{
		sharing.Restricted,
		schema.Comment("A joint meeting of departments, street, community and social resources (联席会议)"),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.MultiOrder(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of a JointMeeting.
func (JointMeeting) Policy() ent.Policy { return authz.Policy("JointMeeting") }
