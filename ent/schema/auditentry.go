package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/wushehub/wushe/ent/schema/enum"
	"github.com/wushehub/wushe/ent/schema/sharing"
	"github.com/wushehub/wushe/internal/authz"
)

var auditActions = enum.V(
	"READ", "读取受限字段",
	"CREATE", "新增",
	"UPDATE", "修改",
	"DELETE", "删除",
	"IMPORT", "导入表格",
	"EXPORT", "导出表格",
)

// AuditEntry is one link of the append-only, hash-chained audit log (审计日志):
// a mutation, or a read of CONDITIONAL or NONE fields. Its hash covers its
// content and the previous entry's hash; the API offers no way to change it.
type AuditEntry struct {
	ent.Schema
}

// Fields of an AuditEntry.
func (AuditEntry) Fields() []ent.Field {
	return []ent.Field{
		field.Int64("seq").Annotations(sharing.U).
			Unique().
			Immutable().
			Comment("Position in the chain, from 1 without gaps (序号)").
			Annotations(entgql.OrderField("SEQ"), entgql.Type("Int64")),
		field.Time("at").Annotations(sharing.U).
			Immutable().
			Comment("When it happened (时间)").
			Annotations(entgql.OrderField("AT")),
		field.String("subject").Annotations(sharing.U).
			Optional().
			Immutable().
			Comment("Account or API key that acted (主体)"),
		field.String("agency").Annotations(sharing.U).
			Optional().
			Immutable().
			Comment("Code of the agency that acted (机构代码)"),
		field.String("role").Annotations(sharing.U).
			Immutable().
			Comment("Role it acted in (角色)"),
		field.String("purpose").Annotations(sharing.U).
			Optional().
			Immutable().
			Comment("Sharing agreement named as purpose, if any (目的/协议)"),
		field.String("operation").Annotations(sharing.U).
			Optional().
			Immutable().
			Comment("GraphQL operation name (操作名)"),
		field.String("document_hash").Annotations(sharing.U).
			Optional().
			Immutable().
			Comment("SHA-256 of the GraphQL document (文档摘要)"),
		field.Enum("action").Annotations(sharing.U).
			Values(auditActions.Values()...).
			Immutable().
			Comment("What was done (动作)").
			Annotations(auditActions.Labels()),
		field.String("entity").Annotations(sharing.U).
			Immutable().
			Comment("Entity type (对象类型)"),
		field.Int("entity_id").Annotations(sharing.U).
			Optional().
			Immutable().
			Comment("Database id of the record (对象标识)").
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.Strings("fields").Annotations(sharing.U).
			Optional().
			Immutable().
			Comment("Fields read or written (字段)"),
		field.String("prev_hash").Annotations(sharing.U).
			Immutable().
			Comment("Hash of the previous entry, hex; empty for the first (前序摘要)"),
		field.String("hash").Annotations(sharing.U).
			Immutable().
			Comment("SHA-256 of this entry and prev_hash, hex (本条摘要)"),
	}
}

// Indexes of an AuditEntry.
func (AuditEntry) Indexes() []ent.Index {
	return []ent.Index{index.Fields("entity", "entity_id"), index.Fields("agency"), index.Fields("at")}
}

// Annotations of an AuditEntry.
func (AuditEntry) Annotations() []schema.Annotation {
	return []schema.Annotation{
		sharing.Restricted,
		schema.Comment("An entry of the append-only, hash-chained audit log (审计日志)"),
		entgql.RelayConnection(),
		entgql.QueryField("auditLog"),
		entgql.MultiOrder(),
	}
}

// Policy of an AuditEntry.
func (AuditEntry) Policy() ent.Policy { return authz.Policy("AuditEntry") }
