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
)

// PersistedDocument is a trusted GraphQL document (可信查询文档) an agency
// registered: clients send its SHA-256 instead of the text, and agencies or
// API keys marked trusted-only may run nothing else.
type PersistedDocument struct {
	ent.Schema
}

// Mixin adds timestamps.
func (PersistedDocument) Mixin() []ent.Mixin { return []ent.Mixin{mixin.Time{}} }

// Fields of a PersistedDocument.
func (PersistedDocument) Fields() []ent.Field {
	return []ent.Field{
		field.String("hash").Annotations(sharing.U).
			NotEmpty().
			MaxLen(64).
			Immutable().
			Comment("SHA-256 of the document text, hex (文档摘要)").
			Annotations(entgql.OrderField("HASH")),
		field.Text("document").Annotations(sharing.U).
			NotEmpty().
			Immutable().
			Comment("The GraphQL document (文档内容)"),
		field.String("name").Annotations(sharing.U).
			Optional().
			Comment("Its operation names, for people (操作名)").
			Annotations(entgql.OrderField("NAME")),
		field.Int("agency_id").Annotations(sharing.U).
			Immutable().
			Comment("Agency that registered it (登记机构)"),
	}
}

// Edges of a PersistedDocument.
func (PersistedDocument) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("agency", Agency.Type).
			Ref("documents").
			Field("agency_id").
			Unique().
			Required().
			Immutable().
			Comment("Agency that registered it (登记机构)"),
	}
}

// Indexes of a PersistedDocument.
func (PersistedDocument) Indexes() []ent.Index {
	return []ent.Index{index.Fields("agency_id", "hash").Unique(), index.Fields("hash")}
}

// Annotations of a PersistedDocument.
func (PersistedDocument) Annotations() []schema.Annotation {
	return []schema.Annotation{
		sharing.Restricted,
		schema.Comment("A trusted GraphQL document registered by an agency (可信查询文档)"),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.MultiOrder(),
	}
}

// Policy of a PersistedDocument.
func (PersistedDocument) Policy() ent.Policy { return authz.Policy("PersistedDocument") }
