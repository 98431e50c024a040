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

var (
	recordStatuses = enum.V(
		"PENDING", "待确认",
		"CONFIRMED", "已确认",
		"DISPUTED", "有异议",
		"VOID", "已作废",
	)
	recordKinds = enum.V(
		"SERVICE", "服务记录",
		"REVERSAL", "冲正记录",
	)
	recordSources = enum.V(
		"SCAN", "现场扫码",
		"OFFLINE", "离线扫码补传",
		"MANUAL", "手工登记",
		"MIGRATED", "升级前累计时长结转",
	)
)

// ServiceRecord is one volunteer service record (志愿服务记录), after the
// Ministry of Civil Affairs' 《志愿服务记录与证明出具办法（试行）》: who served,
// at which activity or service team's duty, for which organiser, when, for
// how many hours, doing what, and how it was evaluated. Confirmed records
// are the only source of a volunteer's hours, stars and hour points; they
// are never edited: a correction is a reversal record (negative hours)
// and, when needed, a replacement.
type ServiceRecord struct {
	ent.Schema
}

// Mixin adds timestamps.
func (ServiceRecord) Mixin() []ent.Mixin { return []ent.Mixin{mixin.Time{}} }

// Fields of a ServiceRecord.
func (ServiceRecord) Fields() []ent.Field {
	return []ent.Field{
		field.Int("volunteer_id").Annotations(sharing.U).
			Immutable().
			Comment("Volunteer who served (志愿者)"),
		field.Int("community_id").Annotations(sharing.U).
			Immutable().
			Comment("Organising community, which owns the record (组织社区)"),
		field.Int("organizer_id").Annotations(sharing.U).
			Optional().
			Nillable().
			Immutable().
			Comment("Organiser agency that recorded the service (组织单位)"),
		field.Int("activity_id").Annotations(sharing.U).
			Optional().
			Nillable().
			Immutable().
			Comment("Activity served at (服务活动)"),
		field.Int("service_team_id").Annotations(sharing.U).
			Optional().
			Nillable().
			Immutable().
			Comment("Service team whose duty was served (服务队值守)"),
		field.Enum("kind").Annotations(sharing.U).
			Values(recordKinds.Values()...).
			Default("SERVICE").
			Immutable().
			Comment("Service, or reversal of an earlier record (记录类型)").
			Annotations(recordKinds.Labels()),
		field.Int("reverses_id").Annotations(sharing.U).
			Optional().
			Nillable().
			Unique().
			Immutable().
			Comment("Record this one reverses (被冲正的记录)"),
		field.Time("started_at").Annotations(sharing.U).
			Optional().
			Nillable().
			Comment("Start of service: check-in time (开始时间)").
			Annotations(entgql.OrderField("STARTED_AT")),
		field.Time("ended_at").Annotations(sharing.U).
			Optional().
			Nillable().
			Comment("End of service: check-out time (结束时间)"),
		field.Float("hours").Annotations(sharing.U).
			Default(0).
			Comment("Service hours; negative on a reversal (服务时长，小时)").
			Annotations(entgql.OrderField("HOURS")),
		field.String("content").Annotations(sharing.U).
			Optional().
			MaxLen(2000).
			Comment("Service content (服务内容)"),
		field.String("evaluation").Annotations(sharing.C).
			Optional().
			MaxLen(2000).
			Comment("Evaluation by the organiser (服务评价)"),
		field.Enum("status").Annotations(sharing.U).
			Values(recordStatuses.Values()...).
			Default("PENDING").
			Comment("Status (状态)").
			Annotations(recordStatuses.Labels(), entgql.OrderField("STATUS")),
		field.Enum("source").Annotations(sharing.U).
			Values(recordSources.Values()...).
			Default("MANUAL").
			Immutable().
			Comment("How the record was made (记录来源)").
			Annotations(recordSources.Labels()),
		field.String("note").Annotations(sharing.C).
			Optional().
			MaxLen(1000).
			Comment("Reason of a dispute, void or reversal (说明)"),
		field.String("confirmed_by").Annotations(sharing.C).
			Optional().
			Comment("Account that confirmed the record (确认人)"),
		field.Time("confirmed_at").Annotations(sharing.U).
			Optional().
			Nillable().
			Comment("When the record was confirmed (确认时间)").
			Annotations(entgql.OrderField("CONFIRMED_AT")),
		field.String("in_scan").Annotations(sharing.N).
			Optional().
			Nillable().
			Unique().
			Immutable().
			Comment("Key of the check-in scan, for deduplication (签到扫码标识)").
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.String("out_scan").Annotations(sharing.N).
			Optional().
			Nillable().
			Unique().
			Comment("Key of the check-out scan, for deduplication (签退扫码标识)").
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Edges of a ServiceRecord. Only the volunteer's side has a back-reference:
// the organiser, community, activity and team reach records through queries.
func (ServiceRecord) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("volunteer", Volunteer.Type).
			Ref("service_records").
			Field("volunteer_id").
			Unique().
			Required().
			Immutable().
			Comment("Volunteer who served (志愿者)"),
		edge.To("community", Community.Type).
			Field("community_id").
			Unique().
			Required().
			Immutable().
			Comment("Organising community (组织社区)"),
		edge.To("organizer", Agency.Type).
			Field("organizer_id").
			Unique().
			Immutable().
			Comment("Organiser agency (组织单位)"),
		edge.To("activity", Activity.Type).
			Field("activity_id").
			Unique().
			Immutable().
			Comment("Activity served at (服务活动)"),
		edge.To("service_team", ServiceTeam.Type).
			Field("service_team_id").
			Unique().
			Immutable().
			Comment("Service team whose duty was served (服务队)"),
		edge.To("reversal", ServiceRecord.Type).
			Unique().
			Comment("Reversal of this record, if any (冲正记录)").
			From("reverses").
			Field("reverses_id").
			Unique().
			Immutable().
			Comment("Record this one reverses (被冲正的记录)"),
	}
}

// Indexes of a ServiceRecord.
func (ServiceRecord) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("volunteer_id", "status"),
		index.Fields("community_id", "started_at"),
		index.Fields("activity_id"),
	}
}

// Annotations of a ServiceRecord. Records are written only through the
// check-in, confirmation and correction mutations.
func (ServiceRecord) Annotations() []schema.Annotation {
	return []schema.Annotation{
		sharing.Restricted,
		schema.Comment("A volunteer service record (志愿服务记录)"),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.MultiOrder(),
	}
}

// Policy of a ServiceRecord.
func (ServiceRecord) Policy() ent.Policy { return authz.Policy("ServiceRecord") }
