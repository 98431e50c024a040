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
)

var consultationCategories = enum.V(
	"FLYING_WIRE_CHARGING", "飞线充电",
	"PARKING", "车辆停放",
	"CHARGING_PILES", "充电桩缺位",
	"SANITATION", "环境卫生",
	"NOISE", "噪音扰民",
	"PROPERTY_MANAGEMENT", "物业管理",
	"PUBLIC_SAFETY", "公共安全",
	"FACILITIES", "公共设施",
	"NEIGHBOUR_DISPUTE", "邻里纠纷",
	"OTHER", "其他",
)

var consultationStatuses = enum.V(
	"RAISED", "已提出",
	"DISCUSSING", "协商中",
	"RESOLVED", "已解决",
	"REJECTED", "不予受理",
)

// Consultation is a matter brought to the community's consultation platform
// ("有事好商量"): raised, discussed and resolved or rejected.
type Consultation struct {
	ent.Schema
}

// Mixin adds timestamps.
func (Consultation) Mixin() []ent.Mixin { return []ent.Mixin{mixin.Time{}} }

// Fields of a Consultation.
func (Consultation) Fields() []ent.Field {
	return []ent.Field{
		field.String("title").Annotations(sharing.U).
			NotEmpty().
			Comment("Title (议题)").
			Annotations(entgql.OrderField("TITLE")),
		field.Enum("category").Annotations(sharing.U).
			Values(consultationCategories.Values()...).
			Comment("Category of the matter (议题类别)").
			Annotations(consultationCategories.Labels(), entgql.OrderField("CATEGORY")),
		field.Enum("status").Annotations(sharing.U).
			Values(consultationStatuses.Values()...).
			Default("RAISED").
			Comment("Status (状态)").
			Annotations(consultationStatuses.Labels(), entgql.OrderField("STATUS")),
		field.Time("raised_on").Annotations(sharing.U).
			SchemaType(dateType).
			Comment("Date raised (提出日期)").
			Annotations(entgql.Type("Date"), entgql.OrderField("RAISED_ON")),
		field.Time("resolved_on").Annotations(sharing.U).
			Optional().
			Nillable().
			SchemaType(dateType).
			Comment("Date resolved or rejected; not before raisedOn (办结日期)").
			Annotations(entgql.Type("Date"), entgql.OrderField("RESOLVED_ON")),
		field.String("raised_by").Annotations(sharing.C).
			Optional().
			Comment("Who raised it (提出人)"),
		field.Text("outcome").Annotations(sharing.U).
			Optional().
			Comment("Outcome (处理结果)"),
		field.Int("community_id").Annotations(sharing.U).
			Comment("Community (所属社区)"),
	}
}

// Edges of a Consultation.
func (Consultation) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("community", Community.Type).
			Ref("consultations").
			Field("community_id").
			Unique().
			Required().
			Comment("Community (所属社区)"),
	}
}

// Indexes of a Consultation.
func (Consultation) Indexes() []ent.Index {
	return []ent.Index{
		// Covers the dashboard's counts and medians (INCLUDE, on PostgreSQL).
		index.Fields("community_id", "status").Annotations(entsql.IncludeColumns("category", "raised_on", "resolved_on")),
	}
}

// Annotations of a Consultation.
func (Consultation) Annotations() []schema.Annotation {
	return []schema.Annotation{
		sharing.Restricted,
		schema.Comment("A matter on the consultation platform, 有事好商量 (议事)"),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.MultiOrder(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of a Consultation.
func (Consultation) Policy() ent.Policy { return authz.Policy("Consultation") }
