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

// Account is a person's account at an agency (账号): bearer tokens are
// issued to it, and stop working when it is deactivated.
type Account struct {
	ent.Schema
}

// Mixin adds timestamps.
func (Account) Mixin() []ent.Mixin { return []ent.Mixin{mixin.Time{}} }

// Fields of an Account.
func (Account) Fields() []ent.Field {
	return []ent.Field{
		field.String("username").Annotations(sharing.U).
			Unique().
			NotEmpty().
			MaxLen(64).
			Immutable().
			Comment("Login name, the subject of its tokens (用户名)").
			Annotations(entgql.OrderField("USERNAME")),
		field.String("display_name").Annotations(sharing.U).
			Optional().
			Comment("Name shown to people (显示名称)"),
		field.String("role").Annotations(sharing.U).
			NotEmpty().
			Comment("Role the account acts in (角色)"),
		field.Bool("active").Annotations(sharing.U).
			Default(true).
			Comment("Tokens of an inactive account are refused (启用)"),
		field.Int("agency_id").Annotations(sharing.U).
			Comment("Agency the account belongs to (所属机构)"),
		field.Int("volunteer_id").Annotations(sharing.U).
			Optional().
			Nillable().
			Comment("Volunteer whose own account it is, for the VOLUNTEER role (本人志愿者)"),
	}
}

// Edges of an Account.
func (Account) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("agency", Agency.Type).
			Ref("accounts").
			Field("agency_id").
			Unique().
			Required().
			Comment("Agency the account belongs to (所属机构)"),
		edge.To("volunteer", Volunteer.Type).
			Field("volunteer_id").
			Unique().
			Comment("Volunteer whose own account it is (本人志愿者)"),
	}
}

// Indexes of an Account.
func (Account) Indexes() []ent.Index {
	return []ent.Index{index.Fields("agency_id")}
}

// Annotations of an Account.
func (Account) Annotations() []schema.Annotation {
	return []schema.Annotation{
		sharing.Restricted,
		schema.Comment("A person's account at an agency (账号)"),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.MultiOrder(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of an Account.
func (Account) Policy() ent.Policy { return authz.Policy("Account") }
