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

// TrainingPhases are the five phases of a training batch, in order; a batch
// only moves forward through them.
var TrainingPhases = enum.V(
	"GROUP_DISCUSSION", "分组讨论",
	"PLAN_GUIDANCE", "方案指导",
	"COMMUNITY_PRACTICE", "社区实践",
	"EXPERIENCE_SUMMARY", "经验总结",
	"ROADSHOW", "汇报路演",
)

// TrainingBatch is a batch of off-campus student training (校外实训批次) run
// through its five phases.
type TrainingBatch struct {
	ent.Schema
}

// Mixin adds timestamps.
func (TrainingBatch) Mixin() []ent.Mixin { return []ent.Mixin{mixin.Time{}} }

// Fields of a TrainingBatch.
func (TrainingBatch) Fields() []ent.Field {
	return []ent.Field{
		field.Int("number").Annotations(sharing.U).
			Positive().
			Comment("Batch number (批次序号)").
			Annotations(entgql.OrderField("NUMBER")),
		field.String("name").Annotations(sharing.U).
			NotEmpty().
			Comment("Name (名称)").
			Annotations(entgql.OrderField("NAME")),
		field.Enum("phase").Annotations(sharing.U).
			Values(TrainingPhases.Values()...).
			Default("GROUP_DISCUSSION").
			Comment("Phase reached; phases only move forward (当前阶段)").
			Annotations(TrainingPhases.Labels(), entgql.OrderField("PHASE")),
		field.Time("started_on").Annotations(sharing.U).
			SchemaType(dateType).
			Comment("First day (开始日期)").
			Annotations(entgql.Type("Date"), entgql.OrderField("STARTED_ON")),
		field.Time("ended_on").Annotations(sharing.U).
			Optional().
			Nillable().
			SchemaType(dateType).
			Comment("Last day (结束日期)").
			Annotations(entgql.Type("Date")),
		field.Bool("completed").Annotations(sharing.U).
			Default(false).
			Comment("The roadshow has been held and the batch is closed (已结业)"),
		field.Int("base_id").Annotations(sharing.U).
			Optional().
			Nillable().
			Comment("Incubation base hosting the batch (承办孵化基地)"),
	}
}

// Edges of a TrainingBatch.
func (TrainingBatch) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("base", IncubationBase.Type).
			Ref("training_batches").
			Field("base_id").
			Unique().
			Comment("Incubation base hosting the batch (承办孵化基地)"),
		edge.To("universities", University.Type).
			Comment("Universities sending students (参训高校)").
			Annotations(entgql.RelayConnection()),
		edge.To("participants", Student.Type).
			Comment("Students trained (参训学生)").
			Annotations(entgql.RelayConnection()),
		edge.To("communities", Community.Type).
			Comment("Communities where students practised (实践社区)").
			Annotations(entgql.RelayConnection()),
	}
}

// Indexes of a TrainingBatch.
func (TrainingBatch) Indexes() []ent.Index {
	return []ent.Index{index.Fields("base_id", "number").Unique()}
}

// Annotations of a TrainingBatch.
func (TrainingBatch) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A batch of off-campus student training (校外实训批次)"),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.MultiOrder(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of a TrainingBatch.
func (TrainingBatch) Policy() ent.Policy { return authz.Policy("TrainingBatch") }
