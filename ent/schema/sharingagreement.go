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

// LegalBases are the legal bases of a sharing agreement (PIPL art. 13, 29).
var LegalBases = enum.V(
	"CONSENT", "个人同意",
	"SEPARATE_CONSENT", "单独同意（敏感个人信息）",
	"STATUTORY_DUTY", "履行法定职责或义务",
	"CONTRACT", "订立、履行合同所必需",
	"EMERGENCY", "应对突发公共事件或紧急情况",
)

// SharingAgreement is a purpose-bound data sharing agreement (数据共享协议):
// the grantor lets the grantee read the named CONDITIONAL fields of one
// entity type in the grantor's records, for a purpose, until it expires or
// is revoked. The grantee names it in each request (X-Purpose).
type SharingAgreement struct {
	ent.Schema
}

// Mixin adds timestamps.
func (SharingAgreement) Mixin() []ent.Mixin { return []ent.Mixin{mixin.Time{}} }

// Fields of a SharingAgreement.
func (SharingAgreement) Fields() []ent.Field {
	return []ent.Field{
		field.String("entity").Annotations(sharing.U).
			NotEmpty().
			Immutable().
			Comment("Entity type whose fields are shared, e.g. Volunteer (共享对象)").
			Annotations(entgql.OrderField("ENTITY")),
		field.Strings("fields").Annotations(sharing.U).
			Immutable().
			Comment("CONDITIONAL fields shared, as the API names them, e.g. phone (共享字段)"),
		field.Text("purpose").Annotations(sharing.U).
			NotEmpty().
			Immutable().
			Comment("What the data may be used for (使用目的)"),
		field.Enum("legal_basis").Annotations(sharing.U).
			Values(LegalBases.Values()...).
			Immutable().
			Comment("Legal basis of the sharing (合法性基础)").
			Annotations(LegalBases.Labels()),
		field.Time("valid_from").Annotations(sharing.U).
			Immutable().
			Comment("First moment of validity (生效时间)").
			Annotations(entgql.OrderField("VALID_FROM")),
		field.Time("valid_until").Annotations(sharing.U).
			Immutable().
			Comment("Last moment of validity (失效时间)").
			Annotations(entgql.OrderField("VALID_UNTIL")),
		field.Time("revoked_at").Annotations(sharing.U).
			Optional().
			Nillable().
			Comment("When the grantor revoked it (撤销时间)").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.String("revoked_reason").Annotations(sharing.U).
			Optional().
			Comment("Why it was revoked (撤销原因)").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.Int("grantor_id").Annotations(sharing.U).
			Immutable().
			Comment("Agency sharing its records (授权方)"),
		field.Int("grantee_id").Annotations(sharing.U).
			Immutable().
			Comment("Agency receiving them (被授权方)"),
	}
}

// Edges of a SharingAgreement.
func (SharingAgreement) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("grantor", Agency.Type).
			Ref("granted").
			Field("grantor_id").
			Unique().
			Required().
			Immutable().
			Comment("Agency sharing its records (授权方)"),
		edge.From("grantee", Agency.Type).
			Ref("received").
			Field("grantee_id").
			Unique().
			Required().
			Immutable().
			Comment("Agency receiving them (被授权方)"),
	}
}

// Indexes of a SharingAgreement.
func (SharingAgreement) Indexes() []ent.Index {
	return []ent.Index{index.Fields("grantor_id"), index.Fields("grantee_id")}
}

// Annotations of a SharingAgreement.
func (SharingAgreement) Annotations() []schema.Annotation {
	return []schema.Annotation{
		sharing.Restricted,
		schema.Comment("A purpose-bound data sharing agreement (数据共享协议)"),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.MultiOrder(),
		entgql.Mutations(entgql.MutationCreate()),
	}
}

// Policy of a SharingAgreement.
func (SharingAgreement) Policy() ent.Policy { return authz.Policy("SharingAgreement") }
