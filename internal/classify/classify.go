// Package classify gives every error its client-visible class: the one
// mapping from ent's validation, constraint and not-found errors, privacy
// refusals, database outages and limits to the error classes of
// internal/fault, shared by the GraphQL presenter and the spreadsheet
// importer so that a refusal reads the same on every write path.
package classify

import (
	"context"
	"errors"
	"regexp"
	"strings"

	"entgo.io/ent/privacy"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/outage"
)

var internalText = fault.T("internal error", "内部错误")

// Of returns the client-visible form of err; never nil. Fields named by
// ent (validation failures, unique columns: snake_case) are passed through
// name, which spells them as the caller's clients know them; fields named
// by the write rules are kept as they are.
func Of(err error, name func(string) string) *fault.Error {
	if name == nil {
		name = func(s string) string { return s }
	}
	if err == nil {
		return &fault.Error{Code: fault.Internal, Text: internalText}
	}
	var verr *ent.ValidationError
	if errors.As(err, &verr) {
		return validation(verr, name)
	}
	if fe, ok := fault.As(err); ok {
		if fe.Code == fault.Internal || fe.Code == "" {
			if db := outage.Fault(fe.Err); db != nil {
				return db
			}
			return &fault.Error{Code: fault.Internal, Text: internalText, Err: err}
		}
		return fe
	}
	if db := outage.Fault(err); db != nil {
		return db
	}
	var nf *ent.NotFoundError
	if errors.As(err, &nf) {
		return fault.Missing("", fault.T("not found", "未找到"))
	}
	var cerr *ent.ConstraintError
	if errors.As(err, &cerr) {
		return constraint(cerr, name)
	}
	if strings.Contains(err.Error(), "ent: empty predicate ") {
		return fault.BadInput("where", fault.T("a filter in the list is empty: give each at least one condition", "过滤条件列表中有空条件：每项至少写一个条件"))
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return &fault.Error{Code: fault.QueryTooComplex, Text: fault.T("the request took longer than the server allows; ask for less", "请求耗时超过服务器上限；请缩小查询范围"), Err: err}
	}
	if errors.Is(err, privacy.Deny) {
		return fault.Denied(fault.T("not permitted", "无权访问"))
	}
	return &fault.Error{Code: fault.Internal, Text: internalText, Err: err}
}

// IsConstraint reports whether err is a database constraint violation.
func IsConstraint(err error) bool {
	var cerr *ent.ConstraintError
	return errors.As(err, &cerr)
}

// validation maps an ent field validation failure to BAD_USER_INPUT naming
// the field.
func validation(verr *ent.ValidationError, name func(string) string) *fault.Error {
	field := name(verr.Name)
	if fe, ok := fault.As(verr.Unwrap()); ok {
		cp := *fe
		if cp.Field == "" {
			cp.Field = field
		}
		return &cp
	}
	msg := verr.Unwrap().Error()
	switch {
	case strings.Contains(msg, "missing required"):
		if strings.Contains(msg, "edge") {
			field = name(verr.Name + "_id")
		}
		return fault.BadInput(field, fault.T("is required", "必填"))
	case strings.Contains(msg, "out of range"):
		return fault.BadInput(field, fault.T("value out of range (counts, areas and amounts are never negative; shares lie in 0–1)", "超出允许范围（数量、面积、金额不能为负；比例在0–1之间）"))
	case strings.Contains(msg, "less than the required length"):
		return fault.BadInput(field, fault.T("must not be empty", "不能为空"))
	case strings.Contains(msg, "greater than the required length"):
		return fault.BadInput(field, fault.T("is too long", "过长"))
	case strings.Contains(msg, "invalid enum value"):
		return fault.BadInput(field, fault.T("is not one of the allowed values", "不是允许的取值"))
	default:
		return fault.BadInput(field, fault.T("invalid value", "取值无效"))
	}
}

var (
	pgUnique     = regexp.MustCompile(`unique constraint "([a-z0-9_]+)"`)
	sqliteUnique = regexp.MustCompile(`UNIQUE constraint failed: ([a-z0-9_., ]+)`)
)

// constraint maps a database constraint violation to CONFLICT (duplicate) or
// NOT_FOUND (reference to a missing row), without the driver's text.
func constraint(cerr *ent.ConstraintError, name func(string) string) *fault.Error {
	msg := cerr.Error()
	if strings.Contains(msg, "FOREIGN KEY") || strings.Contains(msg, "foreign key") {
		return fault.Missing("", fault.T("refers to a record that does not exist", "引用的记录不存在"))
	}
	field := ""
	if m := sqliteUnique.FindStringSubmatch(msg); m != nil {
		cols := strings.Split(m[1], ",")
		last := strings.TrimSpace(cols[len(cols)-1])
		if i := strings.LastIndexByte(last, '.'); i >= 0 {
			last = last[i+1:]
		}
		field = name(last)
	} else if m := pgUnique.FindStringSubmatch(msg); m != nil {
		field = uniqueColumn(m[1], name)
	}
	return fault.Conflicting(field, fault.T("already taken by another record", "已被其他记录使用"))
}

// uniqueColumn guesses the last column of a PostgreSQL unique constraint
// named <table>_<column>_key or <type>_<col1>_<col2> (ent's index naming).
func uniqueColumn(constraint string, name func(string) string) string {
	for _, col := range []string{"student_number", "id_number", "uscc", "code", "name", "category", "admitted_on", "number"} {
		if strings.Contains(constraint, col) {
			return name(col)
		}
	}
	return ""
}
