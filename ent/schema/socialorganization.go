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

// OrganizationKinds are the kinds of social organisation; the second
// character of a civil-affairs unified social credit code must agree
// (51 社会团体, 52 社会服务机构, 53 基金会; community-based ones 51 or 59).
var OrganizationKinds = enum.V(
	"SOCIAL_GROUP", "社会团体",
	"SOCIAL_SERVICE_AGENCY", "社会服务机构（原民办非企业单位）",
	"FOUNDATION", "基金会",
	"COMMUNITY_BASED", "社区社会组织",
)

var organizationGrades = enum.V(
	"GRADE_1A", "1A级",
	"GRADE_2A", "2A级",
	"GRADE_3A", "3A级",
	"GRADE_4A", "4A级",
	"GRADE_5A", "5A级",
)

// SocialOrganization is a social organisation (社会组织), the carrier of
// five-society linkage services.
type SocialOrganization struct {
	ent.Schema
}

// Mixin adds timestamps.
func (SocialOrganization) Mixin() []ent.Mixin { return []ent.Mixin{mixin.Time{}} }

// Fields of a SocialOrganization.
func (SocialOrganization) Fields() []ent.Field {
	return []ent.Field{
		field.String("uscc").Annotations(sharing.U).
			Optional().
			Unique().
			Validate(ident.CheckUSCC).
			Comment("Unified social credit code; required unless the organisation is community-based and only filed (统一社会信用代码)").
			Annotations(entgql.OrderField("USCC")),
		field.String("name").Annotations(sharing.U).
			NotEmpty().
			Comment("Name (名称)").
			Annotations(entgql.OrderField("NAME")),
		field.Enum("kind").Annotations(sharing.U).
			Values(OrganizationKinds.Values()...).
			Comment("Kind of organisation (组织类型)").
			Annotations(OrganizationKinds.Labels(), entgql.OrderField("KIND")),
		field.Enum("grade").Annotations(sharing.U).
			Values(organizationGrades.Values()...).
			Optional().
			Nillable().
			Comment("Evaluation grade, 1A–5A; null when not evaluated (评估等级)").
			Annotations(organizationGrades.Labels(), entgql.OrderField("GRADE")),
		field.Time("founded_on").Annotations(sharing.U).
			Optional().
			Nillable().
			SchemaType(dateType).
			Comment("Date registered or filed (成立日期)").
			Annotations(entgql.Type("Date")),
		field.Bool("minor_led").Annotations(sharing.U).
			Default(false).
			Comment("Run by minors, such as a children's committee (以未成年人为主体)"),
		field.String("phone").Annotations(sharing.C).
			Optional().
			Validate(ident.CheckPhone).
			Comment("Contact phone (联系电话)"),
		field.Int("division_id").Annotations(sharing.U).
			Optional().
			Nillable().
			Comment("Division of the registering authority (登记管理机关所在区划)"),
	}
}

// Edges of a SocialOrganization.
func (SocialOrganization) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("division", Division.Type).
			Ref("organizations").
			Field("division_id").
			Unique().
			Comment("Division of the registering authority (登记管理机关所在区划)"),
		edge.To("communities", Community.Type).
			Comment("Communities served (服务社区)").
			Annotations(entgql.RelayConnection()),
		edge.To("workers", SocialWorker.Type).
			Comment("Social workers employed (所属社工)").
			Annotations(entgql.RelayConnection()),
		edge.To("residencies", Residency.Type).
			Comment("Residencies at incubation bases (入驻记录)").
			Annotations(entgql.RelayConnection()),
		edge.To("members", Volunteer.Type).
			Comment("Volunteer members (志愿者成员)").
			Annotations(entgql.RelayConnection()),
		edge.To("operated_projects", RevenueProject.Type).
			Comment("Self-funding projects it operates (运营的造血项目)").
			Annotations(entgql.RelayConnection()),
		edge.To("donations", CharityResource.Type).
			Comment("Charity resources it donated (捐赠的慈善资源)").
			Annotations(entgql.RelayConnection()),
		edge.From("agreements", PartnershipAgreement.Type).
			Ref("organizations").
			Comment("Partnership agreements it is party to (合作协议)").
			Annotations(entgql.RelayConnection()),
		edge.From("activities", Activity.Type).
			Ref("organizations").
			Comment("Activities it co-organised (联办活动)").
			Annotations(entgql.RelayConnection()),
		edge.From("joint_meetings", JointMeeting.Type).
			Ref("organizations").
			Comment("Joint meetings it attended (参加的联席会议)").
			Annotations(entgql.RelayConnection()),
	}
}

// Indexes of a SocialOrganization.
func (SocialOrganization) Indexes() []ent.Index {
	return []ent.Index{index.Fields("division_id")}
}

// Annotations of a SocialOrganization.
func (SocialOrganization) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A social organisation (社会组织)"),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.MultiOrder(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of a SocialOrganization.
func (SocialOrganization) Policy() ent.Policy { return authz.Policy("SocialOrganization") }
