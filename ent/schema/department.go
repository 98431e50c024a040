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

var departmentKinds = enum.V(
	"GOVERNMENT", "政府部门（如民政局）",
	"PARTY_COMMITTEE", "党委部门（如社会工作部、组织部）",
	"STREET_OFFICE", "街道办事处",
	"OTHER", "其他",
)

// Department is a government or party department of a division (区直部门),
// such as a civil affairs bureau or a social work department.
type Department struct {
	ent.Schema
}

// Mixin adds timestamps.
func (Department) Mixin() []ent.Mixin { return []ent.Mixin{mixin.Time{}} }

// Fields of a Department.
func (Department) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").Annotations(sharing.U).
			NotEmpty().
			Comment("Name (名称)").
			Annotations(entgql.OrderField("NAME")),
		field.Enum("kind").Annotations(sharing.U).
			Values(departmentKinds.Values()...).
			Comment("Kind of department (部门类别)").
			Annotations(departmentKinds.Labels(), entgql.OrderField("KIND")),
		field.Int("division_id").Annotations(sharing.U).
			Comment("Division the department belongs to (所属区划)"),
	}
}

// Edges of a Department.
func (Department) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("division", Division.Type).
			Ref("departments").
			Field("division_id").
			Unique().
			Required().
			Comment("Division the department belongs to (所属区划)"),
		edge.From("agreements", PartnershipAgreement.Type).
			Ref("departments").
			Comment("Partnership agreements it is party to (校地合作协议)").
			Annotations(entgql.RelayConnection()),
		edge.From("joint_meetings", JointMeeting.Type).
			Ref("departments").
			Comment("Joint meetings it attended (参加的联席会议)").
			Annotations(entgql.RelayConnection()),
	}
}

// Indexes of a Department.
func (Department) Indexes() []ent.Index {
	return []ent.Index{index.Fields("division_id", "name").Unique()}
}

// Annotations of a Department.
func (Department) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A department of a division's government or party committee (区直部门)"),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.MultiOrder(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of a Department.
func (Department) Policy() ent.Policy { return authz.Policy("Department") }
