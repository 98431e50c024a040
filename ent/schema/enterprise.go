package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"

	"github.com/wushehub/wushe/ent/schema/enum"
	"github.com/wushehub/wushe/ent/schema/mixin"
	"github.com/wushehub/wushe/ent/schema/sharing"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/ident"
)

var enterpriseKinds = enum.V(
	"ENTERPRISE", "企业",
	"PUBLIC_INSTITUTION", "事业单位",
	"INDIVIDUAL_BUSINESS", "个体工商户",
)

// Enterprise is an enterprise or public institution (企业/事业单位) linked to
// communities, agreements and self-funding projects.
type Enterprise struct {
	ent.Schema
}

// Mixin adds timestamps.
func (Enterprise) Mixin() []ent.Mixin { return []ent.Mixin{mixin.Time{}} }

// Fields of an Enterprise.
func (Enterprise) Fields() []ent.Field {
	return []ent.Field{
		field.String("uscc").Annotations(sharing.U).
			Unique().
			Validate(ident.CheckUSCC).
			Comment("Unified social credit code (统一社会信用代码)").
			Annotations(entgql.OrderField("USCC")),
		field.String("name").Annotations(sharing.U).
			NotEmpty().
			Comment("Name (名称)").
			Annotations(entgql.OrderField("NAME")),
		field.Enum("kind").Annotations(sharing.U).
			Values(enterpriseKinds.Values()...).
			Comment("Kind of entity (主体类别)").
			Annotations(enterpriseKinds.Labels(), entgql.OrderField("KIND")),
		field.String("industry").Annotations(sharing.U).
			Optional().
			Comment("Industry (行业)"),
	}
}

// Edges of an Enterprise.
func (Enterprise) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("communities", Community.Type).
			Comment("Communities it works with (共建社区)").
			Annotations(entgql.RelayConnection()),
		edge.To("revenue_projects", RevenueProject.Type).
			Comment("Self-funding projects it partners in (合作造血项目)").
			Annotations(entgql.RelayConnection()),
		edge.To("donations", CharityResource.Type).
			Comment("Charity resources it donated (捐赠的慈善资源)").
			Annotations(entgql.RelayConnection()),
		edge.From("agreements", PartnershipAgreement.Type).
			Ref("enterprises").
			Comment("Partnership agreements it is party to (合作协议)").
			Annotations(entgql.RelayConnection()),
		edge.From("activities", Activity.Type).
			Ref("enterprises").
			Comment("Activities it co-organised (联办活动)").
			Annotations(entgql.RelayConnection()),
		edge.From("joint_meetings", JointMeeting.Type).
			Ref("enterprises").
			Comment("Joint meetings it attended (参加的联席会议)").
			Annotations(entgql.RelayConnection()),
	}
}

// Annotations of an Enterprise.
func (Enterprise) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("An enterprise or public institution (企业/事业单位)"),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.MultiOrder(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of an Enterprise.
func (Enterprise) Policy() ent.Policy { return authz.Policy("Enterprise") }
