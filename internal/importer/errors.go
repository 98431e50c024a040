package importer

import (
	"context"
	"errors"
	"regexp"
	"strings"

	"entgo.io/ent/privacy"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/internal/fault"
)

// classify returns the client-visible form of a row's write error, as the
// GraphQL error presenter does (graph/errors.go): validation failures and
// rule violations keep their field, constraint violations become CONFLICT
// or NOT_FOUND without the driver's text, privacy refusals FORBIDDEN.
// Anything else is INTERNAL.
func classify(err error) *fault.Error {
	var verr *ent.ValidationError
	if errors.As(err, &verr) {
		return validation(verr)
	}
	if fe, ok := fault.As(err); ok {
		return fe
	}
	var nf *ent.NotFoundError
	if errors.As(err, &nf) {
		return fault.Missing("", fault.T("not found", "未找到"))
	}
	var cerr *ent.ConstraintError
	if errors.As(err, &cerr) {
		return constraint(cerr)
	}
	if errors.Is(err, privacy.Deny) {
		return fault.Denied(fault.T("not permitted", "无权访问"))
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return &fault.Error{Code: fault.Internal, Err: err}
	}
	return &fault.Error{Code: fault.Internal, Text: fault.T("internal error", "内部错误"), Err: err}
}

func validation(verr *ent.ValidationError) *fault.Error {
	if fe, ok := fault.As(verr.Unwrap()); ok {
		cp := *fe
		if cp.Field == "" {
			cp.Field = verr.Name
		}
		return &cp
	}
	msg := verr.Unwrap().Error()
	field := verr.Name
	switch {
	case strings.Contains(msg, "missing required"):
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

func constraint(cerr *ent.ConstraintError) *fault.Error {
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
		field = last
	} else if m := pgUnique.FindStringSubmatch(msg); m != nil {
		for _, col := range []string{"student_number", "id_number", "uscc", "code", "name", "category", "number"} {
			if strings.Contains(m[1], col) {
				field = col
				break
			}
		}
	}
	return fault.Conflicting(field, fault.T("already taken by another record", "已被其他记录使用"))
}

// isConstraint reports whether err is a database constraint violation.
func isConstraint(err error) bool {
	var cerr *ent.ConstraintError
	return errors.As(err, &cerr)
}
