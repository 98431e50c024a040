package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
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

var workerLevels = enum.V(
	"NONE", "未取得职业资格",
	"ASSISTANT", "助理社会工作师",
	"INTERMEDIATE", "社会工作师",
	"SENIOR", "高级社会工作师",
)

// SocialWorker is a social worker (社会工作者); certified when the level is
// not NONE.
type SocialWorker struct {
	ent.Schema
}

// Mixin adds timestamps.
func (SocialWorker) Mixin() []ent.Mixin { return []ent.Mixin{mixin.Time{}} }

// Fields of a SocialWorker.
func (SocialWorker) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").Annotations(sharing.U).
			NotEmpty().
			Comment("Name (姓名)").
			Annotations(entgql.OrderField("NAME")),
		field.Enum("level").Annotations(sharing.U).
			Values(workerLevels.Values()...).
			Default("NONE").
			Comment("Professional qualification level (职业水平等级)").
			Annotations(workerLevels.Labels(), entgql.OrderField("LEVEL")),
		field.String("certificate_no").Annotations(sharing.C).
			Optional().
			Comment("Qualification certificate number (证书编号)"),
		field.Bool("full_time").Annotations(sharing.U).
			Default(true).
			Comment("Full-time rather than part-time (全职)"),
		field.String("phone").Annotations(sharing.C).
			Optional().
			Validate(ident.CheckPhone).
			Comment("Mobile phone (手机号)"),
		field.String("id_number").Annotations(sharing.N).
			Optional().
			Validate(checkResidentID).
			Comment("Resident identity number (公民身份号码); unique among its employer's workers"),
		field.Int("employer_id").Annotations(sharing.U).
			Optional().
			Nillable().
			Comment("Employing social organisation (所属机构)"),
		field.Int("community_id").Annotations(sharing.U).
			Optional().
			Nillable().
			Comment("Community where stationed (驻点社区)"),
	}
}

// Edges of a SocialWorker.
func (SocialWorker) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("employer", SocialOrganization.Type).
			Ref("workers").
			Field("employer_id").
			Unique().
			Comment("Employing social organisation (所属机构)"),
		edge.From("community", Community.Type).
			Ref("stationed_workers").
			Field("community_id").
			Unique().
			Comment("Community where stationed (驻点社区)"),
		edge.To("talents", TalentRecord.Type).
			Comment("Talent titles and benefits held (人才称号与待遇)").
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.From("service_teams", ServiceTeam.Type).
			Ref("social_workers").
			Comment("Service teams served in (所在服务队)").
			Annotations(entgql.RelayConnection()),
	}
}

// Indexes of a SocialWorker. An ID number is unique among an employer's
// workers, not across employers: a conflict with another organisation's
// worker would tell the writer that the person works there (workers without
// an employer are checked within their community by a hook).
func (SocialWorker) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("employer_id", "id_number").Unique(),
		// Covers the dashboard's counts (INCLUDE, on PostgreSQL).
		index.Fields("community_id").Annotations(entsql.IncludeColumns("level")),
		index.Fields("level"),
	}
}

// Annotations of a SocialWorker.
func (SocialWorker) Annotations() []schema.Annotation {
	return []schema.Annotation{
		sharing.Restricted,
		schema.Comment("A social worker (社会工作者)"),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.MultiOrder(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of a SocialWorker.
func (SocialWorker) Policy() ent.Policy { return authz.Policy("SocialWorker") }
