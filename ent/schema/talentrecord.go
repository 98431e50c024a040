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

var talentKinds = enum.V(
	"TITLE", "人才称号",
	"BENEFIT", "人才待遇（如住房补贴）",
)

// TalentRecord is a talent title or benefit a social worker holds (人才称号
// and 人才待遇): e.g. 银川市高精尖缺人才, 西夏区"科创菁英", or the city's
// graduate housing grant; with the granting body and year.
type TalentRecord struct {
	ent.Schema
}

// Mixin adds timestamps.
func (TalentRecord) Mixin() []ent.Mixin { return []ent.Mixin{mixin.Time{}} }

// Fields of a TalentRecord.
func (TalentRecord) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("kind").Annotations(sharing.U).
			Values(talentKinds.Values()...).
			Comment("Title or benefit (类型)").
			Annotations(talentKinds.Labels(), entgql.OrderField("KIND")),
		field.String("name").Annotations(sharing.U).
			NotEmpty().
			MaxLen(200).
			Comment("Title or benefit, e.g. 银川市高精尖缺人才 (名称)").
			Annotations(entgql.OrderField("NAME")),
		field.String("granted_by").Annotations(sharing.U).
			NotEmpty().
			MaxLen(200).
			Comment("Granting body (授予单位)"),
		field.Int("year").Annotations(sharing.U).
			Range(1949, 2100).
			Comment("Year granted (授予年度)").
			Annotations(entgql.OrderField("YEAR")),
		field.Int("social_worker_id").Annotations(sharing.U).
			Comment("Social worker who holds it (获得者)"),
	}
}

// Edges of a TalentRecord.
func (TalentRecord) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("social_worker", SocialWorker.Type).
			Ref("talents").
			Field("social_worker_id").
			Unique().
			Required().
			Comment("Social worker who holds it (获得者)"),
	}
}

// Indexes of a TalentRecord.
func (TalentRecord) Indexes() []ent.Index {
	return []ent.Index{index.Fields("social_worker_id"), index.Fields("kind", "year")}
}

// Annotations of a TalentRecord.
func (TalentRecord) Annotations() []schema.Annotation {
	return []schema.Annotation{
		sharing.Restricted,
		schema.Comment("A talent title or benefit (人才称号/待遇)"),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.MultiOrder(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of a TalentRecord.
func (TalentRecord) Policy() ent.Policy { return authz.Policy("TalentRecord") }
