package schema

import (
	"time"

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

var volunteerKinds = enum.V(
	"RESIDENT", "居民志愿者",
	"PARTY_MEMBER", "党员双报到志愿者",
	"STUDENT", "大学生志愿者",
	"STAFF", "机关企事业单位职工志愿者",
)

// Volunteer is a community volunteer (志愿者) with service records, the hours,
// star level and points derived from them, and a points ledger (积分有奖惩).
type Volunteer struct {
	ent.Schema
}

// Mixin adds timestamps.
func (Volunteer) Mixin() []ent.Mixin { return []ent.Mixin{mixin.Time{}} }

// Fields of a Volunteer.
func (Volunteer) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").Annotations(sharing.U).
			NotEmpty().
			Comment("Name (姓名)").
			Annotations(entgql.OrderField("NAME")),
		field.Enum("kind").Annotations(sharing.U).
			Values(volunteerKinds.Values()...).
			Comment("Kind of volunteer (志愿者类别)").
			Annotations(volunteerKinds.Labels(), entgql.OrderField("KIND")),
		field.Float("hours").Annotations(sharing.U).
			Min(0).
			Default(0).
			Comment("Confirmed service hours, derived from the service records (累计服务时长，小时)").
			Annotations(entgql.OrderField("HOURS"), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.Int("star_level").Annotations(sharing.U).
			Min(0).
			Default(0).
			Comment("Star level by the division's thresholds, derived from the confirmed hours (星级)").
			Annotations(entgql.OrderField("STAR_LEVEL"), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.JSON("stars_reached", []time.Time{}).Annotations(sharing.U).
			Optional().
			Comment("When each star level held was reached, 1 star first (星级达成时间)").
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.Int("points_balance").Annotations(sharing.U).
			Min(0).
			Default(0).
			Comment("Points balance, the sum of the ledger; never negative (积分余额)").
			Annotations(entgql.OrderField("POINTS_BALANCE"), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.Time("registered_on").Annotations(sharing.U).
			Optional().
			Nillable().
			SchemaType(dateType).
			Comment("Date registered (注册日期)").
			Annotations(entgql.Type("Date")),
		field.String("phone").Annotations(sharing.C).
			Optional().
			Validate(ident.CheckPhone).
			Comment("Mobile phone (手机号)"),
		field.String("id_number").Annotations(sharing.N).
			Optional().
			Validate(checkResidentID).
			Comment("Resident identity number (公民身份号码); unique within the community's register"),
		field.Time("birth_date").Annotations(sharing.N).
			Optional().
			Nillable().
			SchemaType(dateType).
			Comment("Birth date; must agree with the ID number when both are given (出生日期)").
			Annotations(entgql.Type("Date")),
		field.Int("community_id").Annotations(sharing.U).
			Optional().
			Nillable().
			Comment("Community where registered (注册社区)"),
	}
}

// Edges of a Volunteer.
func (Volunteer) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("community", Community.Type).
			Ref("volunteers").
			Field("community_id").
			Unique().
			Comment("Community where registered (注册社区)"),
		edge.To("points", PointsEntry.Type).
			Comment("Points ledger (积分记录)").
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.To("service_records", ServiceRecord.Type).
			Comment("Service records (志愿服务记录)").
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.To("codes", VolunteerCode.Type).
			Comment("Identity codes issued (智码)").
			Annotations(entgql.Skip(entgql.SkipAll)),
		edge.To("certificates", Certificate.Type).
			Comment("Service certificates issued (志愿服务证明)").
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.From("service_teams", ServiceTeam.Type).
			Ref("volunteers").
			Comment("Service teams served in (所在服务队)").
			Annotations(entgql.RelayConnection()),
		edge.From("organizations", SocialOrganization.Type).
			Ref("members").
			Comment("Organisations it is a member of (所属组织)").
			Annotations(entgql.RelayConnection()),
	}
}

// Indexes of a Volunteer. The first covers the dashboard's aggregates (on
// PostgreSQL, INCLUDE makes them index-only scans). An ID number is unique
// within a community's register, not across registers: a uniqueness
// conflict with another community's volunteer would tell its writer that
// the person is registered there.
func (Volunteer) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("community_id").Annotations(entsql.IncludeColumns("kind", "hours")),
		index.Fields("community_id", "id_number").Unique(),
	}
}

// Annotations of a Volunteer.
func (Volunteer) Annotations() []schema.Annotation {
	return []schema.Annotation{
		sharing.Restricted,
		schema.Comment("A community volunteer (志愿者)"),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.MultiOrder(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of a Volunteer.
func (Volunteer) Policy() ent.Policy { return authz.Policy("Volunteer") }
