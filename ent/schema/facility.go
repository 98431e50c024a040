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

// FacilityKinds are the kinds of community room. OFFICE counts toward the
// office share of the 20/80 rule (二八改造: 20% office, 80% service); every
// other kind is service space.
var FacilityKinds = enum.V(
	"OFFICE", "办公用房",
	"COUNCIL_HALL", "社区议事厅",
	"CHILDREN_COUNCIL", "儿童议事厅",
	"COUNSELING", "心理咨询室",
	"PLAYROOM", "益童乐园",
	"SOCIAL_WORK_STATION", "社工站",
	"BOOK_HOUSE", "共享书屋",
	"ONE_STOP_SERVICE", "一站通办服务台",
	"LIAISON_ROOM", "两代表一委员联络室",
	"ACTIVITY_ROOM", "活动室",
	"CANTEEN", "老年食堂",
	"OTHER", "其他",
)

// Facility is a room of a community's premises (服务功能室) with its area.
type Facility struct {
	ent.Schema
}

// Mixin adds timestamps.
func (Facility) Mixin() []ent.Mixin { return []ent.Mixin{mixin.Time{}} }

// Fields of a Facility.
func (Facility) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").Annotations(sharing.U).
			NotEmpty().
			Comment("Name (名称)").
			Annotations(entgql.OrderField("NAME")),
		field.Enum("kind").Annotations(sharing.U).
			Values(FacilityKinds.Values()...).
			Comment("Kind of room; OFFICE is office space, all others service space (功能类别)").
			Annotations(FacilityKinds.Labels(), entgql.OrderField("KIND")),
		field.Float("area_m2").Annotations(sharing.U).
			Min(0).
			Comment("Floor area in square metres (面积，平方米)").
			Annotations(entgql.OrderField("AREA_M2")),
		field.Time("opened_on").Annotations(sharing.U).
			Optional().
			Nillable().
			SchemaType(dateType).
			Comment("Date opened (启用日期)").
			Annotations(entgql.Type("Date")),
		field.Int("community_id").Annotations(sharing.U).
			Comment("Community (所属社区)"),
	}
}

// Edges of a Facility.
func (Facility) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("community", Community.Type).
			Ref("facilities").
			Field("community_id").
			Unique().
			Required().
			Comment("Community (所属社区)"),
	}
}

// Indexes of a Facility.
func (Facility) Indexes() []ent.Index {
	return []ent.Index{
		// Covers the dashboard's sums (INCLUDE, on PostgreSQL).
		index.Fields("community_id").Annotations(entsql.IncludeColumns("kind", "area_m2")),
	}
}

// Annotations of a Facility.
func (Facility) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A room of a community's premises (服务功能室)"),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.MultiOrder(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of a Facility.
func (Facility) Policy() ent.Policy { return authz.Policy("Facility") }
