package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/wushehub/wushe/ent/schema/enum"
	"github.com/wushehub/wushe/ent/schema/mixin"
	"github.com/wushehub/wushe/ent/schema/sharing"
	"github.com/wushehub/wushe/internal/authz"
)

// Activity is a community activity (活动), possibly co-organised (联办) and
// possibly held off-site (飞地).
type Activity struct {
	ent.Schema
}

// Mixin adds timestamps.
func (Activity) Mixin() []ent.Mixin { return []ent.Mixin{mixin.Time{}} }

// Fields of an Activity.
func (Activity) Fields() []ent.Field {
	return []ent.Field{
		field.String("title").Annotations(sharing.U).
			NotEmpty().
			Comment("Title (活动名称)").
			Annotations(entgql.OrderField("TITLE")),
		field.Enum("category").Annotations(sharing.U).
			GoType(enum.ServiceCategory("")).
			Comment("Service category (服务类别)").
			Annotations(enum.CategoryLabels(), entgql.Type("ServiceCategory"), entgql.OrderField("CATEGORY")),
		field.Time("held_on").Annotations(sharing.U).
			SchemaType(dateType).
			Comment("Date held (举办日期)").
			Annotations(entgql.Type("Date"), entgql.OrderField("HELD_ON")),
		field.Int("participants").Annotations(sharing.U).
			NonNegative().
			Default(0).
			Comment("Number of participants (参与人数)").
			Annotations(entgql.OrderField("PARTICIPANTS")),
		field.Float("volunteer_hours").Annotations(sharing.U).
			Min(0).
			Default(0).
			Comment("Volunteer hours given (志愿服务时长，小时)").
			Annotations(entgql.OrderField("VOLUNTEER_HOURS")),
		field.String("venue").Annotations(sharing.U).
			Optional().
			Comment("Venue (地点)"),
		field.Bool("off_site").Annotations(sharing.U).
			Default(false).
			Comment("Held off-site at a partner's venue, 飞地 (飞地活动)"),
		field.Text("description").Annotations(sharing.U).
			Optional().
			Comment("Description (简介)"),
		field.Int("community_id").Annotations(sharing.U).
			Comment("Organising community (主办社区)"),
	}
}

// Edges of an Activity.
func (Activity) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("community", Community.Type).
			Ref("activities").
			Field("community_id").
			Unique().
			Required().
			Comment("Organising community (主办社区)").
			Annotations(entgql.OrderField("COMMUNITY_NAME")),
		edge.To("organizations", SocialOrganization.Type).
			Comment("Co-organising social organisations (联办社会组织)").
			Annotations(entgql.RelayConnection()),
		edge.To("groups", StudentGroup.Type).
			Comment("Co-organising student groups (联办团支部/社团)").
			Annotations(entgql.RelayConnection()),
		edge.To("schools", School.Type).
			Comment("Co-organising schools (联办学校)").
			Annotations(entgql.RelayConnection()),
		edge.To("enterprises", Enterprise.Type).
			Comment("Co-organising enterprises (联办企事业单位)").
			Annotations(entgql.RelayConnection()),
	}
}

// Indexes of an Activity. The first covers the dashboard's aggregates
// (on PostgreSQL, INCLUDE makes them index-only scans).
func (Activity) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("community_id", "held_on").
			Annotations(entsql.IncludeColumns("category", "participants", "volunteer_hours", "off_site")),
		index.Fields("held_on"),
	}
}

// Annotations of an Activity.
func (Activity) Annotations() []schema.Annotation {
	return []schema.Annotation{
		sharing.Restricted,
		schema.Comment("A community activity (活动)"),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.MultiOrder(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of an Activity.
func (Activity) Policy() ent.Policy { return authz.Policy("Activity") }
