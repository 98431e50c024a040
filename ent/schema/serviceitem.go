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

var itemLists = enum.V(
	"SERVICE", "服务清单",
	"PROJECT", "项目清单",
	"ACTIVITY", "活动清单",
	"ONE_STOP", "一站通办事项",
)

// ServiceItem is an entry of one of a community's lists: the five-society
// service, project and activity lists, or the one-stop (一站通办) items.
type ServiceItem struct {
	ent.Schema
}

// Mixin adds timestamps.
func (ServiceItem) Mixin() []ent.Mixin { return []ent.Mixin{mixin.Time{}} }

// Fields of a ServiceItem.
func (ServiceItem) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").Annotations(sharing.U).
			NotEmpty().
			Comment("Name (事项名称)").
			Annotations(entgql.OrderField("NAME")),
		field.Enum("list").Annotations(sharing.U).
			Values(itemLists.Values()...).
			Comment("List the item belongs to (清单类别)").
			Annotations(itemLists.Labels(), entgql.OrderField("LIST")),
		field.Enum("category").Annotations(sharing.U).
			GoType(enum.ServiceCategory("")).
			Optional().
			Nillable().
			Comment("Service category (服务类别)").
			Annotations(enum.CategoryLabels(), entgql.Type("ServiceCategory")),
		field.String("window").Annotations(sharing.U).
			Optional().
			Comment("Counter or department handling it, e.g. 民政, 医保, 人社 (办理窗口)"),
		field.String("description").Annotations(sharing.U).
			Optional().
			Comment("Description (说明)"),
		field.Int("community_id").Annotations(sharing.U).
			Comment("Community (所属社区)"),
	}
}

// Edges of a ServiceItem.
func (ServiceItem) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("community", Community.Type).
			Ref("service_items").
			Field("community_id").
			Unique().
			Required().
			Comment("Community (所属社区)"),
	}
}

// Indexes of a ServiceItem.
func (ServiceItem) Indexes() []ent.Index {
	return []ent.Index{index.Fields("community_id", "list")}
}

// Annotations of a ServiceItem.
func (ServiceItem) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("An item of a community's service, project, activity or one-stop list (服务清单事项)"),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.MultiOrder(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of a ServiceItem.
func (ServiceItem) Policy() ent.Policy { return authz.Policy("ServiceItem") }
