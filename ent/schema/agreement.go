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

var agreementKinds = enum.V(
	"BILATERAL", "双方协议（两方）",
	"TRIPARTITE", "三方协议（三方）",
)

// PartnershipAgreement is a university–locality partnership agreement
// (校地合作协议): two parties when BILATERAL, three when TRIPARTITE. Parties are
// universities, departments, schools, enterprises and social organisations.
type PartnershipAgreement struct {
	ent.Schema
}

// Mixin adds timestamps.
func (PartnershipAgreement) Mixin() []ent.Mixin { return []ent.Mixin{mixin.Time{}} }

// Fields of a PartnershipAgreement.
func (PartnershipAgreement) Fields() []ent.Field {
	return []ent.Field{
		field.String("title").Annotations(sharing.U).
			NotEmpty().
			Comment("Title (协议名称)").
			Annotations(entgql.OrderField("TITLE")),
		field.Enum("kind").Annotations(sharing.U).
			Values(agreementKinds.Values()...).
			Comment("Bilateral or tripartite (协议类型)").
			Annotations(agreementKinds.Labels(), entgql.OrderField("KIND")),
		field.Time("signed_on").Annotations(sharing.U).
			SchemaType(dateType).
			Comment("Date signed (签订日期)").
			Annotations(entgql.Type("Date"), entgql.OrderField("SIGNED_ON")),
		field.Time("valid_until").Annotations(sharing.U).
			Optional().
			Nillable().
			SchemaType(dateType).
			Comment("Last day of validity (有效期至)").
			Annotations(entgql.Type("Date")),
		field.Text("scope").Annotations(sharing.U).
			Optional().
			Comment("Scope of cooperation (合作内容)"),
	}
}

// Edges of a PartnershipAgreement.
func (PartnershipAgreement) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("universities", University.Type).
			Comment("University parties (高校方)").
			Annotations(entgql.RelayConnection()),
		edge.To("departments", Department.Type).
			Comment("Government and party department parties (政府/党委部门方)").
			Annotations(entgql.RelayConnection()),
		edge.To("schools", School.Type).
			Comment("School parties (学校方)").
			Annotations(entgql.RelayConnection()),
		edge.To("enterprises", Enterprise.Type).
			Comment("Enterprise and public institution parties (企事业单位方)").
			Annotations(entgql.RelayConnection()),
		edge.To("organizations", SocialOrganization.Type).
			Comment("Social organisation parties (社会组织方)").
			Annotations(entgql.RelayConnection()),
	}
}

// Annotations of a PartnershipAgreement.
func (PartnershipAgreement) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A partnership agreement (校地合作协议), bilateral or tripartite"),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.MultiOrder(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of a PartnershipAgreement.
func (PartnershipAgreement) Policy() ent.Policy { return authz.Policy("PartnershipAgreement") }
