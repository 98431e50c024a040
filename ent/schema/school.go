package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"

	"github.com/wushehub/wushe/ent/schema/enum"
	"github.com/wushehub/wushe/ent/schema/mixin"
	"github.com/wushehub/wushe/ent/schema/sharing"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/ident"
)

var schoolKinds = enum.V(
	"KINDERGARTEN", "幼儿园",
	"PRIMARY", "小学",
	"JUNIOR_SECONDARY", "初级中学",
	"SENIOR_SECONDARY", "高级中学",
	"NINE_YEAR", "九年一贯制学校",
	"VOCATIONAL_SECONDARY", "中等职业学校",
	"SPECIAL", "特殊教育学校",
)

// School is a kindergarten, primary or secondary school (学校) taking part in
// community work.
type School struct {
	ent.Schema
}

// Mixin adds timestamps and coordinates.
func (School) Mixin() []ent.Mixin { return []ent.Mixin{mixin.Time{}, mixin.Location{}} }

// Fields of a School.
func (School) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").Annotations(sharing.U).
			NotEmpty().
			Comment("Name (学校名称)").
			Annotations(entgql.OrderField("NAME")),
		field.String("uscc").Annotations(sharing.U).
			Optional().
			Unique().
			Validate(ident.CheckUSCC).
			Comment("Unified social credit code (统一社会信用代码)").
			Annotations(entgql.OrderField("USCC")),
		field.Enum("kind").Annotations(sharing.U).
			Values(schoolKinds.Values()...).
			Comment("Kind of school (学校类别)").
			Annotations(schoolKinds.Labels(), entgql.OrderField("KIND")),
		field.String("address").Annotations(sharing.U).
			Optional().
			Comment("Address (地址)"),
	}
}

// Edges of a School.
func (School) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("communities", Community.Type).
			Comment("Communities it works with (共建社区)").
			Annotations(entgql.RelayConnection()),
		edge.From("agreements", PartnershipAgreement.Type).
			Ref("schools").
			Comment("Partnership agreements it is party to (合作协议)").
			Annotations(entgql.RelayConnection()),
		edge.From("activities", Activity.Type).
			Ref("schools").
			Comment("Activities it co-organised (联办活动)").
			Annotations(entgql.RelayConnection()),
		edge.From("joint_meetings", JointMeeting.Type).
			Ref("schools").
			Comment("Joint meetings it attended (参加的联席会议)").
			Annotations(entgql.RelayConnection()),
	}
}

// Annotations of a School.
func (School) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A kindergarten, primary or secondary school (学校)"),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.MultiOrder(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of a School.
func (School) Policy() ent.Policy { return authz.Policy("School") }
