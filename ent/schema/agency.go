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
)

// AgencyKinds are the kinds of agency; each is acted for by the roles that
// authz.RolesOf gives it.
var AgencyKinds = enum.V(
	"PLATFORM", "平台运营方",
	"DISTRICT_OFFICE", "区（县）级部门",
	"STREET_OFFICE", "街道办事处（乡镇）",
	"COMMUNITY", "社区居委会",
	"UNIVERSITY", "高校",
	"SCHOOL", "学校",
	"ENTERPRISE", "企事业单位",
	"ORGANIZATION", "社会组织",
)

// Agency is an agency that acts in the hub (机构): an office, a community
// committee, a university, a school, an enterprise, a social organisation or
// the platform. Its code is that of the record it acts for: a division code,
// a community code, a university code or a unified social credit code.
type Agency struct {
	ent.Schema
}

// Mixin adds timestamps.
func (Agency) Mixin() []ent.Mixin { return []ent.Mixin{mixin.Time{}} }

// Fields of an Agency.
func (Agency) Fields() []ent.Field {
	return []ent.Field{
		field.String("code").Annotations(sharing.U).
			Unique().
			NotEmpty().
			Comment("Code of the record the agency acts for: division, community or university code, or unified social credit code (机构代码)").
			Annotations(entgql.OrderField("CODE")),
		field.String("name").Annotations(sharing.U).
			NotEmpty().
			Comment("Name (机构名称)").
			Annotations(entgql.OrderField("NAME")),
		field.Enum("kind").Annotations(sharing.U).
			Values(AgencyKinds.Values()...).
			Comment("Kind of agency (机构类别)").
			Annotations(AgencyKinds.Labels(), entgql.OrderField("KIND")),
		field.Bool("active").Annotations(sharing.U).
			Default(true).
			Comment("Credentials of an inactive agency are refused (启用)"),
		field.Bool("trusted_documents_only").Annotations(sharing.U).
			Default(false).
			Comment("The agency's credentials run only documents it registered (仅限可信文档)"),
	}
}

// Edges of an Agency.
func (Agency) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("accounts", Account.Type).
			Comment("Accounts of people at the agency (账号)").
			Annotations(entgql.RelayConnection()),
		edge.To("documents", PersistedDocument.Type).
			Comment("Trusted documents it registered (可信查询文档)").
			Annotations(entgql.RelayConnection()),
		edge.To("api_keys", APIKey.Type).
			Comment("API keys issued to the agency (接口密钥)").
			Annotations(entgql.RelayConnection()),
		edge.To("granted", SharingAgreement.Type).
			Comment("Sharing agreements it granted (授出的共享协议)").
			Annotations(entgql.RelayConnection()),
		edge.To("received", SharingAgreement.Type).
			Comment("Sharing agreements granted to it (获得的共享协议)").
			Annotations(entgql.RelayConnection()),
	}
}

// Annotations of an Agency.
func (Agency) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("An agency acting in the hub (机构)"),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.MultiOrder(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of an Agency.
func (Agency) Policy() ent.Policy { return authz.Policy("Agency") }
