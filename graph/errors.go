package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"runtime/debug"
	"strings"

	"entgo.io/ent/privacy"
	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/internal/fault"
)

// presentError maps err to the error a client sees: a message in the
// request's language and extensions.code (and extensions.field for input
// errors). Errors of no known class are logged and shown as "internal error".
func presentError(log *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gqlErr := graphql.DefaultErrorPresenter(ctx, err)
		var inner *gqlerror.Error
		if errors.As(err, &inner) && inner.Err == nil && inner.Extensions["code"] != nil {
			return gqlErr // parse and validation errors keep gqlgen's codes
		}
		fe := classify(err)
		if ce, ok := badCursorValue(ctx, err); ok && fe.Code == fault.Internal {
			fe = ce.fault()
		}
		lang := fault.LangFrom(ctx)
		if fe.Code == fault.Internal {
			log.ErrorContext(ctx, "graphql: internal error", "err", err, "path", gqlErr.Path.String())
		}
		gqlErr.Message = fe.Message(lang)
		gqlErr.Extensions = map[string]any{"code": string(fe.Code)}
		if fe.Field != "" {
			gqlErr.Extensions["field"] = fe.Field
		}
		return gqlErr
	}
}

// recoverPanic turns a panic in a resolver into an INTERNAL error.
func recoverPanic(log *slog.Logger) graphql.RecoverFunc {
	return func(ctx context.Context, p any) error {
		log.ErrorContext(ctx, "graphql: panic", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
		return &fault.Error{Code: fault.Internal, Text: internalText}
	}
}

var internalText = fault.T("internal error", "内部错误")

// classify returns the client-visible form of err.
func classify(err error) *fault.Error {
	var verr *ent.ValidationError
	if errors.As(err, &verr) {
		return validation(verr)
	}
	if fe, ok := fault.As(err); ok {
		if fe.Code == fault.Internal {
			return &fault.Error{Code: fault.Internal, Text: internalText}
		}
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
	if strings.Contains(err.Error(), "ent: empty predicate ") {
		return fault.BadInput("where", fault.T("a filter in the list is empty: give each at least one condition", "过滤条件列表中有空条件：每项至少写一个条件"))
	}
	if err.Error() == "introspection disabled" {
		return fault.Denied(fault.T("introspection is off for requests without credentials; the schema is at /schema.graphql", "无凭证的请求不能内省；schema 见 /schema.graphql"))
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return &fault.Error{Code: fault.QueryTooComplex, Text: fault.T("the request took longer than the server allows; ask for less", "请求耗时超过服务器上限；请缩小查询范围")}
	}
	if errors.Is(err, privacy.Deny) {
		return fault.Denied(fault.T("not permitted", "无权访问"))
	}
	return &fault.Error{Code: fault.Internal, Text: internalText, Err: err}
}

// validation maps an ent field validation failure to BAD_USER_INPUT naming
// the field as the API spells it.
func validation(verr *ent.ValidationError) *fault.Error {
	field := lowerCamel(verr.Name)
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
			field += "ID"
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
		field = lowerCamel(last)
	} else if m := pgUnique.FindStringSubmatch(msg); m != nil {
		field = uniqueField(m[1])
	}
	return fault.Conflicting(field, fault.T("already taken by another record", "已被其他记录使用"))
}

// uniqueField guesses the field of a PostgreSQL unique constraint named
// <table>_<column>_key or <type>_<col1>_<col2> (ent's index naming).
func uniqueField(name string) string {
	for _, col := range []string{"student_number", "id_number", "uscc", "code", "name", "category", "admitted_on", "number"} {
		if strings.Contains(name, col) {
			return lowerCamel(col)
		}
	}
	return ""
}

// lowerCamel turns ent's snake_case names into the API's lowerCamelCase,
// with ID in capitals as entgql writes it (community_id -> communityID).
func lowerCamel(s string) string {
	parts := strings.Split(s, "_")
	for i := 1; i < len(parts); i++ {
		switch p := parts[i]; p {
		case "":
		case "id":
			parts[i] = "ID"
		default:
			parts[i] = strings.ToUpper(p[:1]) + p[1:]
		}
	}
	return strings.Join(parts, "")
}
