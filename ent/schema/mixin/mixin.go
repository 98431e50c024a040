// Package mixin holds the field sets shared by the hub's ent schemas.
package mixin

import (
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/mixin"

	"github.com/wushehub/wushe/ent/schema/sharing"
)

// Time adds created_at and updated_at, kept by the database layer.
type Time struct {
	mixin.Schema
}

// Fields returns created_at and updated_at.
func (Time) Fields() []ent.Field {
	return []ent.Field{
		field.Time("created_at").Annotations(sharing.U).
			Default(time.Now).
			Immutable().
			Comment("When the record was created (创建时间)").
			Annotations(
				entgql.OrderField("CREATED_AT"),
				entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput),
			),
		field.Time("updated_at").Annotations(sharing.U).
			Default(time.Now).
			UpdateDefault(time.Now).
			Comment("When the record was last changed (更新时间)").
			Annotations(
				entgql.OrderField("UPDATED_AT"),
				entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput),
			),
	}
}

// Location adds optional WGS84 coordinates.
type Location struct {
	mixin.Schema
}

// Fields returns latitude and longitude.
func (Location) Fields() []ent.Field {
	return []ent.Field{
		field.Float("latitude").Annotations(sharing.U).
			Optional().
			Nillable().
			Min(-90).Max(90).
			Comment("Latitude, WGS84 degrees (纬度)"),
		field.Float("longitude").Annotations(sharing.U).
			Optional().
			Nillable().
			Min(-180).Max(180).
			Comment("Longitude, WGS84 degrees (经度)"),
	}
}
