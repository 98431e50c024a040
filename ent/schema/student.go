package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/wushehub/wushe/ent/schema/mixin"
	"github.com/wushehub/wushe/ent/schema/sharing"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/ident"
)

// Student is a university student (学生) taking part in groups and training.
type Student struct {
	ent.Schema
}

// Mixin adds timestamps.
func (Student) Mixin() []ent.Mixin { return []ent.Mixin{mixin.Time{}} }

// Fields of a Student.
func (Student) Fields() []ent.Field {
	return []ent.Field{
		field.String("student_number").Annotations(sharing.C).
			NotEmpty().
			MaxLen(32).
			Comment("Student number, unique within the university (学号)"),
		field.String("name").Annotations(sharing.U).
			NotEmpty().
			Comment("Name (姓名)").
			Annotations(entgql.OrderField("NAME")),
		field.String("major").Annotations(sharing.C).
			Optional().
			Comment("Major (专业)"),
		field.Int("year").Annotations(sharing.C).
			Range(1949, 2100).
			Comment("Year of enrolment (入学年份)"),
		field.String("phone").Annotations(sharing.C).
			Optional().
			Validate(ident.CheckPhone).
			Comment("Mobile phone (手机号)"),
		field.Time("birth_date").Annotations(sharing.N).
			Optional().
			Nillable().
			SchemaType(dateType).
			Comment("Birth date (出生日期)").
			Annotations(entgql.Type("Date")),
		field.Int("university_id").Annotations(sharing.U).
			Comment("University (所属高校)"),
	}
}

// Edges of a Student.
func (Student) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("university", University.Type).
			Ref("students").
			Field("university_id").
			Unique().
			Required().
			Comment("University (所属高校)"),
		edge.From("groups", StudentGroup.Type).
			Ref("members").
			Comment("Groups the student belongs to (所在团支部/社团)").
			Annotations(entgql.RelayConnection()),
		edge.From("training_batches", TrainingBatch.Type).
			Ref("participants").
			Comment("Training batches taken (参加的实训批次)").
			Annotations(entgql.RelayConnection()),
	}
}

// Indexes of a Student.
func (Student) Indexes() []ent.Index {
	return []ent.Index{index.Fields("university_id", "student_number").Unique()}
}

// Annotations of a Student.
func (Student) Annotations() []schema.Annotation {
	return []schema.Annotation{
		sharing.Restricted,
		schema.Comment("A university student (学生)"),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.MultiOrder(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of a Student.
func (Student) Policy() ent.Policy { return authz.Policy("Student") }
