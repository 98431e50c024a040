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

var resourceKinds = enum.V(
	"FUNDS", "资金",
	"GOODS", "物资",
	"SERVICE", "服务",
	"VENUE", "场地",
)

// CharityResource is a charity resource (慈善资源) a community received:
// funds, goods, services or a venue, valued in fen.
type CharityResource struct {
	ent.Schema
}

// Mixin adds timestamps.
func (CharityResource) Mixin() []ent.Mixin { return []ent.Mixin{mixin.Time{}} }

// Fields of a CharityResource.
func (CharityResource) Fields() []ent.Field {
	return []ent.Field{
		field.String("donor_name").Annotations(sharing.U).
			NotEmpty().
			Comment("Donor as named on the record (捐赠方)").
			Annotations(entgql.OrderField("DONOR_NAME")),
		field.Enum("kind").Annotations(sharing.U).
			Values(resourceKinds.Values()...).
			Comment("Kind of resource (资源类型)").
			Annotations(resourceKinds.Labels(), entgql.OrderField("KIND")),
		field.Int64("value_fen").Annotations(sharing.U).
			NonNegative().
			Default(0).
			Comment("Value in fen, 1/100 yuan (价值，分)").
			Annotations(entgql.Type("Fen"), entgql.OrderField("VALUE_FEN")),
		field.String("description").Annotations(sharing.U).
			Optional().
			Comment("Description (说明)"),
		field.Time("received_on").Annotations(sharing.U).
			SchemaType(dateType).
			Comment("Date received (接收日期)").
			Annotations(entgql.Type("Date"), entgql.OrderField("RECEIVED_ON")),
		field.Int("community_id").Annotations(sharing.U).
			Comment("Receiving community (受赠社区)"),
		field.Int("donor_enterprise_id").Annotations(sharing.U).
			Optional().
			Nillable().
			Comment("Donor enterprise, when it is one (捐赠企业)"),
		field.Int("donor_organization_id").Annotations(sharing.U).
			Optional().
			Nillable().
			Comment("Donor social organisation, when it is one (捐赠社会组织)"),
	}
}

// Edges of a CharityResource.
func (CharityResource) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("community", Community.Type).
			Ref("charity_resources").
			Field("community_id").
			Unique().
			Required().
			Comment("Receiving community (受赠社区)"),
		edge.From("donor_enterprise", Enterprise.Type).
			Ref("donations").
			Field("donor_enterprise_id").
			Unique().
			Comment("Donor enterprise (捐赠企业)"),
		edge.From("donor_organization", SocialOrganization.Type).
			Ref("donations").
			Field("donor_organization_id").
			Unique().
			Comment("Donor social organisation (捐赠社会组织)"),
	}
}

// Indexes of a CharityResource.
func (CharityResource) Indexes() []ent.Index {
	return []ent.Index{index.Fields("community_id"), index.Fields("donor_enterprise_id"), index.Fields("donor_organization_id")}
}

// Annotations of a CharityResource.
func (CharityResource) Annotations() []schema.Annotation {
	return []schema.Annotation{
		sharing.Restricted,
		schema.Comment("A charity resource received by a community (慈善资源)"),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.MultiOrder(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of a CharityResource.
func (CharityResource) Policy() ent.Policy { return authz.Policy("CharityResource") }
