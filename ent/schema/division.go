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

// divisionLevels are the tiers of Division. Towns (镇/乡) are STREET-level
// and counties DISTRICT-level, as in the statistical division code.
var divisionLevels = enum.V(
	"PROVINCE", "省级（省、自治区、直辖市）",
	"CITY", "地级（市、州、盟）",
	"DISTRICT", "县级（区、县、县级市）",
	"STREET", "乡级（街道、镇、乡）",
)

// Division is an administrative division (区划) with its 12-digit statistical code.
type Division struct {
	ent.Schema
}

// Mixin adds timestamps.
func (Division) Mixin() []ent.Mixin { return []ent.Mixin{mixin.Time{}} }

// Fields of a Division.
func (Division) Fields() []ent.Field {
	return []ent.Field{
		field.String("code").Annotations(sharing.U).
			Unique().
			MaxLen(12).
			Comment("12-digit statistical division code (统计用区划代码)").
			Annotations(entgql.OrderField("CODE")),
		field.String("name").Annotations(sharing.U).
			NotEmpty().
			Comment("Name (名称)").
			Annotations(entgql.OrderField("NAME")),
		field.Enum("level").Annotations(sharing.U).
			Values(divisionLevels.Values()...).
			Comment("Tier of the division (层级)").
			Annotations(divisionLevels.Labels(), entgql.OrderField("LEVEL")),
		field.Int("parent_id").Annotations(sharing.U).
			Optional().
			Nillable().
			Comment("Enclosing division (上级区划)"),
		field.Ints("volunteer_star_hours").Annotations(sharing.U).
			Optional().
			Validate(checkStarHours).
			Comment("Service hours a volunteer needs for each star level, 1 to 10 positive, strictly increasing values; unset, the nearest enclosing division's apply, else 100/300/600/1000/1500 (志愿者星级时长门槛)"),
	}
}

// Edges of a Division.
func (Division) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("children", Division.Type).
			Comment("Divisions directly below (下级区划)").
			Annotations(entgql.RelayConnection(), entgql.OrderField("CHILDREN_COUNT")).
			From("parent").
			Field("parent_id").
			Unique().
			Comment("Enclosing division (上级区划)"),
		edge.To("communities", Community.Type).
			Comment("Communities of a street (街道下辖社区)").
			Annotations(entgql.RelayConnection(), entgql.OrderField("COMMUNITIES_COUNT")),
		edge.To("departments", Department.Type).
			Comment("Departments of this division's government and party committee (部门)").
			Annotations(entgql.RelayConnection()),
		edge.To("incubation_bases", IncubationBase.Type).
			Comment("Incubation bases run by this division (孵化基地)").
			Annotations(entgql.RelayConnection()),
		edge.To("teaching_sites", TeachingSite.Type).
			Comment("Teaching sites located in this division (现场教学点)").
			Annotations(entgql.RelayConnection()),
		edge.To("organizations", SocialOrganization.Type).
			Comment("Social organisations registered here (登记的社会组织)").
			Annotations(entgql.RelayConnection()),
		edge.To("joint_meetings", JointMeeting.Type).
			Comment("Joint meetings convened at this level (联席会议)").
			Annotations(entgql.RelayConnection()),
	}
}

// Indexes of a Division.
func (Division) Indexes() []ent.Index {
	return []ent.Index{index.Fields("parent_id"), index.Fields("level")}
}

// Annotations of a Division.
func (Division) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("An administrative division (区划): province, city, district or street, with its statistical code"),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.MultiOrder(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of a Division.
func (Division) Policy() ent.Policy { return authz.Policy("Division") }
