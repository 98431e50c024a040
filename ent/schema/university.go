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

var universityKinds = enum.V(
	"UNIVERSITY", "本科院校",
	"VOCATIONAL", "职业院校（高职、专科）",
)

// University is a higher-education institution (高校) partnering with communities.
type University struct {
	ent.Schema
}

// Mixin adds timestamps and campus coordinates.
func (University) Mixin() []ent.Mixin { return []ent.Mixin{mixin.Time{}, mixin.Location{}} }

// Fields of a University.
func (University) Fields() []ent.Field {
	return []ent.Field{
		field.String("code").Annotations(sharing.U).
			Unique().
			Validate(ident.CheckSchoolCode).
			Comment("10-digit Ministry of Education school code (学校标识码)").
			Annotations(entgql.OrderField("CODE")),
		field.String("name").Annotations(sharing.U).
			NotEmpty().
			Comment("Current official name (学校名称)").
			Annotations(entgql.OrderField("NAME")),
		field.String("former_name").Annotations(sharing.U).
			Optional().
			Comment("Former name, when renamed (曾用名)"),
		field.Enum("kind").Annotations(sharing.U).
			Values(universityKinds.Values()...).
			Comment("Kind of institution (办学类型)").
			Annotations(universityKinds.Labels(), entgql.OrderField("KIND")),
		field.String("city").Annotations(sharing.U).
			Optional().
			Comment("City (所在城市)"),
		field.String("address").Annotations(sharing.U).
			Optional().
			Comment("Main campus address (主校区地址)"),
	}
}

// Edges of a University.
func (University) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("groups", StudentGroup.Type).
			Comment("Youth-league branches and clubs (团支部与社团)").
			Annotations(entgql.RelayConnection(), entgql.OrderField("GROUPS_COUNT")),
		edge.To("students", Student.Type).
			Comment("Students (学生)").
			Annotations(entgql.RelayConnection()),
		edge.To("teaching_sites", TeachingSite.Type).
			Comment("Teaching sites it publishes (现场教学点)").
			Annotations(entgql.RelayConnection()),
		edge.From("agreements", PartnershipAgreement.Type).
			Ref("universities").
			Comment("Partnership agreements it is party to (校地合作协议)").
			Annotations(entgql.RelayConnection()),
		edge.From("training_batches", TrainingBatch.Type).
			Ref("universities").
			Comment("Training batches its students joined (实训批次)").
			Annotations(entgql.RelayConnection()),
	}
}

// Annotations of a University.
func (University) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A higher-education institution (高校)"),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.MultiOrder(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of a University.
func (University) Policy() ent.Policy { return authz.Policy("University") }
