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

var projectKinds = enum.V(
	"NIGHT_MARKET", "夜市",
	"PARKING", "停车场",
	"STALL_RENTAL", "地摊棚出租",
	"SHOPFRONT_RENTAL", "门面出租",
	"SERVICE_FEE", "有偿服务",
	"OTHER", "其他",
)

// RevenueProject is a community self-funding project (造血项目), run with a
// partner enterprise, with its income and expense ledger.
type RevenueProject struct {
	ent.Schema
}

// Mixin adds timestamps.
func (RevenueProject) Mixin() []ent.Mixin { return []ent.Mixin{mixin.Time{}} }

// Fields of a RevenueProject.
func (RevenueProject) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").Annotations(sharing.U).
			NotEmpty().
			Comment("Name (项目名称)").
			Annotations(entgql.OrderField("NAME")),
		field.Enum("kind").Annotations(sharing.U).
			Values(projectKinds.Values()...).
			Comment("Kind of business (经营类型)").
			Annotations(projectKinds.Labels(), entgql.OrderField("KIND")),
		field.Time("started_on").Annotations(sharing.U).
			Optional().
			Nillable().
			SchemaType(dateType).
			Comment("Date started (开始日期)").
			Annotations(entgql.Type("Date"), entgql.OrderField("STARTED_ON")),
		field.String("description").Annotations(sharing.U).
			Optional().
			Comment("Description (说明)"),
		field.Int("community_id").Annotations(sharing.U).
			Comment("Community (所属社区)"),
		field.Int("partner_id").Annotations(sharing.U).
			Optional().
			Nillable().
			Comment("Partner enterprise (合作企业)"),
		field.Int("operator_id").Annotations(sharing.U).
			Optional().
			Nillable().
			Comment("Social organisation operating it (运营社会组织)"),
	}
}

// Edges of a RevenueProject.
func (RevenueProject) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("community", Community.Type).
			Ref("revenue_projects").
			Field("community_id").
			Unique().
			Required().
			Comment("Community (所属社区)"),
		edge.From("partner", Enterprise.Type).
			Ref("revenue_projects").
			Field("partner_id").
			Unique().
			Comment("Partner enterprise (合作企业)"),
		edge.From("operator", SocialOrganization.Type).
			Ref("operated_projects").
			Field("operator_id").
			Unique().
			Comment("Social organisation operating it (运营社会组织)"),
		edge.To("entries", LedgerEntry.Type).
			Comment("Income and expense ledger (收支台账)").
			Annotations(entgql.RelayConnection()),
	}
}

// Indexes of a RevenueProject.
func (RevenueProject) Indexes() []ent.Index {
	return []ent.Index{index.Fields("community_id"), index.Fields("partner_id"), index.Fields("operator_id")}
}

// Annotations of a RevenueProject.
func (RevenueProject) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A community self-funding project (造血项目)"),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.MultiOrder(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of a RevenueProject.
func (RevenueProject) Policy() ent.Policy { return authz.Policy("RevenueProject") }
