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

// Certificate is a volunteer service certificate (志愿服务证明) an organising
// community issued from its confirmed records: what it certified, frozen at
// issue, and the verification code anyone may check at /verify/<code>.
type Certificate struct {
	ent.Schema
}

// Mixin adds timestamps.
func (Certificate) Mixin() []ent.Mixin { return []ent.Mixin{mixin.Time{}} }

// Fields of a Certificate.
func (Certificate) Fields() []ent.Field {
	return []ent.Field{
		field.String("code").Annotations(sharing.U).
			Unique().
			NotEmpty().
			Immutable().
			Comment("Verification code (验证码)"),
		field.Int("volunteer_id").Annotations(sharing.U).
			Immutable().
			Comment("Volunteer certified (志愿者)"),
		field.Int("community_id").Annotations(sharing.U).
			Immutable().
			Comment("Issuing community (出具社区)"),
		field.Float("hours").Annotations(sharing.U).
			Immutable().
			Comment("Confirmed hours certified (累计服务时长)"),
		field.Int("star_level").Annotations(sharing.U).
			Immutable().
			Comment("Star level at issue (星级)"),
		field.Int("records").Annotations(sharing.U).
			Immutable().
			Comment("Confirmed records certified (记录条数)"),
		field.Time("issued_at").Annotations(sharing.U).
			Immutable().
			Comment("Issued (出具时间)").
			Annotations(entgql.OrderField("ISSUED_AT")),
	}
}

// Edges of a Certificate.
func (Certificate) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("volunteer", Volunteer.Type).
			Ref("certificates").
			Field("volunteer_id").
			Unique().
			Required().
			Immutable().
			Comment("Volunteer certified (志愿者)"),
		edge.To("community", Community.Type).
			Field("community_id").
			Unique().
			Required().
			Immutable().
			Comment("Issuing community (出具社区)"),
	}
}

// Indexes of a Certificate.
func (Certificate) Indexes() []ent.Index { return []ent.Index{index.Fields("volunteer_id")} }

// Annotations of a Certificate.
func (Certificate) Annotations() []schema.Annotation {
	return []schema.Annotation{
		sharing.Restricted,
		schema.Comment("A volunteer service certificate (志愿服务证明)"),
		entgql.RelayConnection(),
	}
}

// Policy of a Certificate.
func (Certificate) Policy() ent.Policy { return authz.Policy("Certificate") }
