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

var keyScopes = enum.V(
	"READ", "只读",
	"READ_WRITE", "读写",
)

// APIKey is an API key (接口密钥) a third-party front-end sends as X-API-Key
// to act for an agency in a role. Only its SHA-256 hash is stored; the key
// itself is shown once, when created.
type APIKey struct {
	ent.Schema
}

// Mixin adds timestamps.
func (APIKey) Mixin() []ent.Mixin { return []ent.Mixin{mixin.Time{}} }

// Fields of an APIKey.
func (APIKey) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").Annotations(sharing.U).
			NotEmpty().
			Comment("What the key is for, e.g. the front-end using it (用途)").
			Annotations(entgql.OrderField("NAME")),
		field.String("prefix").Annotations(sharing.U).
			Unique().
			NotEmpty().
			Immutable().
			Comment("First characters of the key, to recognise it (密钥前缀)").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput)),
		field.String("hash").Annotations(sharing.N).
			Unique().
			NotEmpty().
			Immutable().
			Sensitive().
			Comment("SHA-256 of the key, hex").
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.String("role").Annotations(sharing.U).
			NotEmpty().
			Comment("Role the key acts in (角色)"),
		field.Enum("scope").Annotations(sharing.U).
			Values(keyScopes.Values()...).
			Default("READ").
			Comment("READ keys may not run mutations (权限范围)").
			Annotations(keyScopes.Labels()),
		field.Bool("trusted_only").Annotations(sharing.U).
			Default(false).
			Comment("The key runs only documents its agency registered (仅限可信文档)"),
		field.Time("expires_at").Annotations(sharing.U).
			Optional().
			Nillable().
			Comment("When the key stops working; never when null (过期时间)"),
		field.Time("revoked_at").Annotations(sharing.U).
			Optional().
			Nillable().
			Comment("When the key was revoked (吊销时间)").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput)),
		field.Time("last_used_at").Annotations(sharing.U).
			Optional().
			Nillable().
			Comment("Last request made with the key, to the minute (最近使用)").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.Int("agency_id").Annotations(sharing.U).
			Immutable().
			Comment("Agency the key acts for (所属机构)"),
	}
}

// Edges of an APIKey.
func (APIKey) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("agency", Agency.Type).
			Ref("api_keys").
			Field("agency_id").
			Unique().
			Required().
			Immutable().
			Comment("Agency the key acts for (所属机构)"),
	}
}

// Indexes of an APIKey.
func (APIKey) Indexes() []ent.Index {
	return []ent.Index{index.Fields("agency_id")}
}

// Annotations of an APIKey.
func (APIKey) Annotations() []schema.Annotation {
	return []schema.Annotation{
		sharing.Restricted,
		schema.Comment("An API key of a third-party front-end (接口密钥)"),
		entgql.RelayConnection(),
		entgql.QueryField("apiKeys"),
		entgql.MultiOrder(),
	}
}

// Policy of an APIKey.
func (APIKey) Policy() ent.Policy { return authz.Policy("APIKey") }
