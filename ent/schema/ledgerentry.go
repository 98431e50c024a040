package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/wushehub/wushe/ent/schema/enum"
	"github.com/wushehub/wushe/ent/schema/mixin"
	"github.com/wushehub/wushe/ent/schema/sharing"
	"github.com/wushehub/wushe/internal/authz"
)

var ledgerDirections = enum.V(
	"INCOME", "收入",
	"EXPENSE", "支出",
)

// LedgerCategories are the ledger categories; the first four are income,
// the rest expense.
var LedgerCategories = enum.V(
	"RENT", "租金收入",
	"OPERATING", "经营收入",
	"SPONSORSHIP", "赞助收入",
	"OTHER_INCOME", "其他收入",
	"INFRASTRUCTURE", "基础设施维护",
	"PUBLIC_LIGHTING", "小区公共照明",
	"OFFICE_SUPPLIES", "办公耗材",
	"STUDENT_AID", "助学助残",
	"CARE_VISITS", "爱心帮扶与节日慰问",
	"ELDERLY_MEALS", "养老助餐",
	"CHILDCARE", "幼儿托育",
	"OTHER_EXPENSE", "其他支出",
)

// IncomeCategories are the LedgerCategories that belong to INCOME entries.
var IncomeCategories = map[string]bool{"RENT": true, "OPERATING": true, "SPONSORSHIP": true, "OTHER_INCOME": true}

// LedgerEntry is one income or expense line of a self-funding project, in fen.
type LedgerEntry struct {
	ent.Schema
}

// Mixin adds timestamps.
func (LedgerEntry) Mixin() []ent.Mixin { return []ent.Mixin{mixin.Time{}} }

// Fields of a LedgerEntry.
func (LedgerEntry) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("direction").Annotations(sharing.U).
			Values(ledgerDirections.Values()...).
			Comment("Income or expense (收支方向)").
			Annotations(ledgerDirections.Labels(), entgql.OrderField("DIRECTION")),
		field.Enum("category").Annotations(sharing.U).
			Values(LedgerCategories.Values()...).
			Comment("Category; must agree with the direction (科目)").
			Annotations(LedgerCategories.Labels(), entgql.OrderField("CATEGORY")),
		field.Int64("amount_fen").Annotations(sharing.U).
			Positive().
			Comment("Amount in fen, 1/100 yuan, always positive (金额，分)").
			Annotations(entgql.Type("Fen"), entgql.OrderField("AMOUNT_FEN")),
		field.Time("occurred_on").Annotations(sharing.U).
			SchemaType(dateType).
			Comment("Date (发生日期)").
			Annotations(entgql.Type("Date"), entgql.OrderField("OCCURRED_ON")),
		field.String("note").Annotations(sharing.U).
			Optional().
			Comment("Note (摘要)"),
		field.Int("project_id").Annotations(sharing.U).
			Comment("Project (所属项目)"),
	}
}

// Edges of a LedgerEntry.
func (LedgerEntry) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("project", RevenueProject.Type).
			Ref("entries").
			Field("project_id").
			Unique().
			Required().
			Comment("Project (所属项目)"),
	}
}

// Indexes of a LedgerEntry.
func (LedgerEntry) Indexes() []ent.Index {
	return []ent.Index{
		// Covers the dashboard's sums (INCLUDE, on PostgreSQL).
		index.Fields("project_id", "occurred_on").Annotations(entsql.IncludeColumns("direction", "category", "amount_fen")),
	}
}

// Annotations of a LedgerEntry.
func (LedgerEntry) Annotations() []schema.Annotation {
	return []schema.Annotation{
		sharing.Restricted,
		schema.Comment("An income or expense line of a self-funding project (收支台账)"),
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.MultiOrder(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of a LedgerEntry.
func (LedgerEntry) Policy() ent.Policy { return authz.Policy("LedgerEntry") }
