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

// VolunteerCode is a personal identity code (智码有身份): the record behind a
// signed QR token that names the code, not the person, so that the token
// carries no ID number or phone, and revoking the code here stops the token.
type VolunteerCode struct {
	ent.Schema
}

// Mixin adds timestamps.
func (VolunteerCode) Mixin() []ent.Mixin { return []ent.Mixin{mixin.Time{}} }

// Fields of a VolunteerCode.
func (VolunteerCode) Fields() []ent.Field {
	return []ent.Field{
		field.String("serial").Annotations(sharing.C).
			Unique().
			NotEmpty().
			Immutable().
			Comment("Random serial the token names (编号)"),
		field.Int("volunteer_id").Annotations(sharing.U).
			Immutable().
			Comment("Volunteer the code identifies (志愿者)"),
		field.Time("expires_at").Annotations(sharing.U).
			Immutable().
			Comment("Expiry (有效期至)"),
		field.Time("revoked_at").Annotations(sharing.U).
			Optional().
			Nillable().
			Comment("When the code was revoked (吊销时间)"),
	}
}

// Edges of a VolunteerCode.
func (VolunteerCode) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("volunteer", Volunteer.Type).
			Ref("codes").
			Field("volunteer_id").
			Unique().
			Required().
			Immutable().
			Comment("Volunteer the code identifies (志愿者)"),
	}
}

// Indexes of a VolunteerCode.
func (VolunteerCode) Indexes() []ent.Index {
	return []ent.Index{index.Fields("volunteer_id")}
}

// Annotations of a VolunteerCode.
func (VolunteerCode) Annotations() []schema.Annotation {
	return []schema.Annotation{
		sharing.Restricted,
		schema.Comment("A personal identity code (智码)"),
		entgql.RelayConnection(),
	}
}

// Policy of a VolunteerCode.
func (VolunteerCode) Policy() ent.Policy { return authz.Policy("VolunteerCode") }
