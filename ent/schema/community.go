package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/wushehub/wushe/ent/schema/mixin"
	"github.com/wushehub/wushe/ent/schema/sharing"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/ident"
)

// dateType stores a calendar date as DATE on PostgreSQL.
var dateType = map[string]string{dialect.Postgres: "date"}

// Community is an urban community (社区) under its residents' committee,
// hanging below a street.
type Community struct {
	ent.Schema
}

// Mixin adds timestamps and coordinates.
func (Community) Mixin() []ent.Mixin { return []ent.Mixin{mixin.Time{}, mixin.Location{}} }

// Fields of a Community.
func (Community) Fields() []ent.Field {
	return []ent.Field{
		field.String("code").Annotations(sharing.U).
			Unique().
			MaxLen(12).
			Comment("12-digit statistical division code of the residents' committee (统计用区划代码)").
			Annotations(entgql.OrderField("CODE")),
		field.String("name").Annotations(sharing.U).
			NotEmpty().
			Comment("Name (社区名称)").
			Annotations(entgql.OrderField("NAME")),
		field.Int("street_id").Annotations(sharing.U).
			Comment("Street the community belongs to (所属街道)"),
		field.Float("area_km2").Annotations(sharing.U).
			Min(0).
			Default(0).
			Comment("Area in square kilometres (面积，平方公里)").
			Annotations(entgql.OrderField("AREA_KM2")),
		field.Int("households").Annotations(sharing.U).
			NonNegative().
			Default(0).
			Comment("Resident households (常住户数)").
			Annotations(entgql.OrderField("HOUSEHOLDS")),
		field.Int("population").Annotations(sharing.U).
			NonNegative().
			Default(0).
			Comment("Resident population (常住人口)").
			Annotations(entgql.OrderField("POPULATION")),
		field.Float("relocated_share").Annotations(sharing.U).
			Min(0).Max(1).
			Default(0).
			Comment("Share of relocated or migrant residents, 0–1 (易地扶贫搬迁及流动人口占比)").
			Annotations(entgql.OrderField("RELOCATED_SHARE")),
		field.Float("elderly_share").Annotations(sharing.U).
			Min(0).Max(1).
			Default(0).
			Comment("Share of residents aged 60 and over, 0–1 (60岁以上老年人占比)"),
		field.Float("minor_share").Annotations(sharing.U).
			Min(0).Max(1).
			Default(0).
			Comment("Share of residents under 14, 0–1 (14岁以下儿童占比)"),
		field.Time("founded_on").Annotations(sharing.U).
			Optional().
			Nillable().
			SchemaType(dateType).
			Comment("Date the community was founded (成立日期)").
			Annotations(entgql.Type("Date"), entgql.OrderField("FOUNDED_ON")),
		field.Int("pilot_year").Annotations(sharing.U).
			Optional().
			Nillable().
			Range(1949, 2100).
			Comment("Year it became a five-society linkage pilot (五社联动试点年度)"),
		field.Strings("honours").Annotations(sharing.U).
			Optional().
			Comment("Honours received (荣誉称号)"),
		field.String("phone").Annotations(sharing.C).
			Optional().
			Validate(ident.CheckPhone).
			Comment("Phone of the residents' committee office, a mobile or a landline like 0951-5012345 (居委会办公电话)"),
		field.String("remark").Annotations(sharing.U).
			Optional().
			Comment("Remark, e.g. a community added after the statistical edition (备注)"),
	}
}

// Edges of a Community.
func (Community) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("street", Division.Type).
			Ref("communities").
			Field("street_id").
			Unique().
			Required().
			Comment("Street the community belongs to (所属街道)").
			Annotations(entgql.OrderField("STREET_NAME")),
		edge.To("grids", Grid.Type).
			Comment("Grids of the community (网格)").
			Annotations(entgql.RelayConnection()),
		edge.To("facilities", Facility.Type).
			Comment("Service and office rooms (服务功能室)").
			Annotations(entgql.RelayConnection()),
		edge.To("needs", Need.Type).
			Comment("Recorded needs (需求)").
			Annotations(entgql.RelayConnection()),
		edge.To("pairings", Pairing.Type).
			Comment("Pairings with student groups (结对)").
			Annotations(entgql.RelayConnection(), entgql.OrderField("PAIRINGS_COUNT")),
		edge.To("activities", Activity.Type).
			Comment("Activities held (活动)").
			Annotations(entgql.RelayConnection()),
		edge.To("consultations", Consultation.Type).
			Comment("Consultations, 有事好商量 (议事)").
			Annotations(entgql.RelayConnection()),
		edge.To("service_teams", ServiceTeam.Type).
			Comment("Service teams (服务队)").
			Annotations(entgql.RelayConnection()),
		edge.To("volunteers", Volunteer.Type).
			Comment("Volunteers registered here (志愿者)").
			Annotations(entgql.RelayConnection()),
		edge.To("stationed_workers", SocialWorker.Type).
			Comment("Social workers stationed here (驻点社工)").
			Annotations(entgql.RelayConnection()),
		edge.To("service_items", ServiceItem.Type).
			Comment("Service, project, activity and one-stop items (服务清单)").
			Annotations(entgql.RelayConnection()),
		edge.To("charity_resources", CharityResource.Type).
			Comment("Charity resources received (慈善资源)").
			Annotations(entgql.RelayConnection()),
		edge.To("revenue_projects", RevenueProject.Type).
			Comment("Self-funding projects (造血项目)").
			Annotations(entgql.RelayConnection()),
		edge.To("joint_meetings", JointMeeting.Type).
			Comment("Joint meetings held here (联席会议)").
			Annotations(entgql.RelayConnection()),
		edge.To("teaching_sites", TeachingSite.Type).
			Comment("Teaching sites in this community (现场教学点)").
			Annotations(entgql.RelayConnection()),
		edge.From("schools", School.Type).
			Ref("communities").
			Comment("Schools in or linked to the community (辖区学校)").
			Annotations(entgql.RelayConnection()),
		edge.From("enterprises", Enterprise.Type).
			Ref("communities").
			Comment("Enterprises and public institutions linked to the community (共建企事业单位)").
			Annotations(entgql.RelayConnection()),
		edge.From("organizations", SocialOrganization.Type).
			Ref("communities").
			Comment("Social organisations serving the community (服务的社会组织)").
			Annotations(entgql.RelayConnection()),
		edge.From("training_batches", TrainingBatch.Type).
			Ref("communities").
			Comment("Training batches that practised here (实训批次)").
			Annotations(entgql.RelayConnection()),
	}
}

// Indexes of a Community.
func (Community) Indexes() []ent.Index {
	return []ent.Index{index.Fields("street_id")}
}

// Annotations of a Community.
func (Community) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("An urban community (社区) and its residents' committee"),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.MultiOrder(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of a Community.
func (Community) Policy() ent.Policy { return authz.Policy("Community") }
