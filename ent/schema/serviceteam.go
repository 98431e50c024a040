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
	"github.com/wushehub/wushe/internal/ident"
)

var teamKinds = enum.V(
	"MUTUAL_AID", "互助服务队",
	"VOLUNTEER_SERVICE", "志愿服务队",
	"PARTY_PIONEER", "党员先锋队",
	"SAFETY_PATROL", "平安巡逻队",
	"ELDERLY_CARE", "助老服务队",
	"CHILD_CARE", "护苗服务队",
	"OTHER", "其他",
)

// ServiceTeam is a community service team (先锋服务队) built by the "1+2+N"
// rule: one community lead, two social workers stationed in the community,
// and N (at least one) volunteers.
type ServiceTeam struct {
	ent.Schema
}

// Mixin adds timestamps.
func (ServiceTeam) Mixin() []ent.Mixin { return []ent.Mixin{mixin.Time{}} }

// Fields of a ServiceTeam.
func (ServiceTeam) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").Annotations(sharing.U).
			NotEmpty().
			Comment("Name (服务队名称)").
			Annotations(entgql.OrderField("NAME")),
		field.Enum("kind").Annotations(sharing.U).
			Values(teamKinds.Values()...).
			Comment("Kind of team (服务队类别)").
			Annotations(teamKinds.Labels(), entgql.OrderField("KIND")),
		field.String("lead_name").Annotations(sharing.C).
			NotEmpty().
			Comment("The community lead, the \"1\" of 1+2+N (社区队伍负责人)"),
		field.String("lead_phone").Annotations(sharing.C).
			Optional().
			Validate(ident.CheckPhone).
			Comment("The lead's phone (负责人电话)"),
		field.Time("formed_on").Annotations(sharing.U).
			Optional().
			Nillable().
			SchemaType(dateType).
			Comment("Date formed (组建日期)").
			Annotations(entgql.Type("Date")),
		field.Int("community_id").Annotations(sharing.U).
			Comment("Community (所属社区)"),
	}
}

// Edges of a ServiceTeam.
func (ServiceTeam) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("community", Community.Type).
			Ref("service_teams").
			Field("community_id").
			Unique().
			Required().
			Comment("Community (所属社区)"),
		edge.To("social_workers", SocialWorker.Type).
			Comment("The two stationed social workers, the \"2\" of 1+2+N (驻点社工)").
			Annotations(entgql.RelayConnection()),
		edge.To("volunteers", Volunteer.Type).
			Comment("Volunteers, the \"N\" of 1+2+N (志愿者)").
			Annotations(entgql.RelayConnection()),
	}
}

// Indexes of a ServiceTeam.
func (ServiceTeam) Indexes() []ent.Index {
	return []ent.Index{index.Fields("community_id", "name").Unique()}
}

// Annotations of a ServiceTeam.
func (ServiceTeam) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A 1+2+N community service team (先锋服务队)"),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.MultiOrder(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of a ServiceTeam.
func (ServiceTeam) Policy() ent.Policy { return authz.Policy("ServiceTeam") }
