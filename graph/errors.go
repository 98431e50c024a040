package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"entgo.io/ent/privacy"
	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/outage"
)

// presentError maps err to the error a client sees: a message in the
// request's language and extensions.code (and extensions.field for input
// errors). Errors of no known class are logged and shown as "internal error";
// a database outage is logged once a second per reason.
func presentError(log *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gqlErr := graphql.DefaultErrorPresenter(ctx, err)
		var inner *gqlerror.Error
		if errors.As(err, &inner) && inner.Err == nil && inner.Extensions["code"] != nil {
			return gqlErr // parse and validation errors keep gqlgen's codes
		}
		fe := Classify(err)
		if ce, ok := badCursorValue(ctx, err); ok && fe.Code == fault.Internal {
			fe = ce.fault() // cursors.go: PostgreSQL refusing a cursor's value
		}
		logFault(ctx, log, fe, err, gqlErr.Path.String())
		out := gqlError(ctx, fe)
		out.Path, out.Locations = gqlErr.Path, gqlErr.Locations
		return out
	}
}

// gqlError is the one form of a client-visible error: the message in the
// request's language, extensions.code, extensions.field for input errors,
// and extensions.retryAfter (seconds) when the client should try again.
func gqlError(ctx context.Context, fe *fault.Error) *gqlerror.Error {
	if fe == nil {
		fe = &fault.Error{Code: fault.Internal, Text: internalText}
	}
	ext := map[string]any{"code": string(fe.Code)}
	if fe.Field != "" {
		ext["field"] = fe.Field
	}
	if fe.Code == fault.Unavailable {
		ext["retryAfter"] = RetryAfterSeconds
	}
	return &gqlerror.Error{Message: fe.Message(fault.LangFrom(ctx)), Extensions: ext}
}

// RetryAfterSeconds is what an UNAVAILABLE answer tells clients to wait.
const RetryAfterSeconds = 2

// StatusOf is the HTTP status of an answer that failed with code as a whole.
func StatusOf(code fault.Code) int {
	switch code {
	case fault.Unauthenticated:
		return http.StatusUnauthorized
	case fault.Forbidden:
		return http.StatusForbidden
	case fault.BadUserInput, fault.QueryTooComplex:
		return http.StatusBadRequest
	case fault.NotFound:
		return http.StatusNotFound
	case fault.Conflict:
		return http.StatusConflict
	case fault.RateLimited:
		return http.StatusTooManyRequests
	case fault.Unavailable:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// WriteError answers an HTTP request that failed outside GraphQL execution
// (credentials, routing) with the status of err's class and a GraphQL
// errors body; 503 answers say when to retry.
func WriteError(log *slog.Logger) func(http.ResponseWriter, *http.Request, error) {
	return func(w http.ResponseWriter, r *http.Request, err error) {
		fe := Classify(err)
		logFault(r.Context(), log, fe, err, r.URL.Path)
		status := StatusOf(fe.Code)
		switch fe.Code {
		case fault.Unauthenticated:
			w.Header().Set("WWW-Authenticate", `Bearer realm="wushe-hub"`)
		case fault.Unavailable:
			w.Header().Set("Retry-After", strconv.Itoa(RetryAfterSeconds))
		}
		write(w, mediaJSON, status, requestErrors{Errors: gqlerror.List{gqlError(r.Context(), fe)}})
	}
}

// ErrorBody is the JSON body of an answer that failed with err as a whole.
func ErrorBody(ctx context.Context, err error) any {
	return requestErrors{Errors: gqlerror.List{gqlError(ctx, Classify(err))}}
}

// logFault logs what a client is not told: internal errors with their
// cause, and outages (once a second for each reason, as WARN).
func logFault(ctx context.Context, log *slog.Logger, fe *fault.Error, err error, where string) {
	if log == nil {
		return
	}
	for {
		inner, ok := fault.As(err)
		if !ok || inner.Err == nil || inner.Err == err {
			break
		}
		err = inner.Err // log the cause, not the client's message
	}
	switch fe.Code {
	case fault.Internal:
		log.ErrorContext(ctx, "internal error", "err", err, "path", where)
	case fault.Unavailable:
		reason := outage.Reason(err)
		if outageLog.allow(reason, time.Now()) {
			log.WarnContext(ctx, "database unavailable", "reason", reason, "err", err, "path", where)
		}
	}
}

// outageLog limits outage warnings to one a second per reason.
var outageLog = &throttle{last: map[string]time.Time{}}

type throttle struct {
	mu   sync.Mutex
	last map[string]time.Time
}

func (t *throttle) allow(key string, now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if now.Sub(t.last[key]) < time.Second {
		return false
	}
	t.last[key] = now
	return true
}

// recoverPanic turns a panic in a resolver into an INTERNAL error.
func recoverPanic(log *slog.Logger) graphql.RecoverFunc {
	return func(ctx context.Context, p any) error {
		log.ErrorContext(ctx, "graphql: panic", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
		return &fault.Error{Code: fault.Internal, Text: internalText}
	}
}

var internalText = fault.T("internal error", "内部错误")

// Classify returns the client-visible form of err: its *fault.Error, the
// class of a database failure, or INTERNAL. It never returns nil.
func Classify(err error) *fault.Error {
	if err == nil {
		return &fault.Error{Code: fault.Internal, Text: internalText}
	}
	fe := classify(err)
	if fe == nil || fe.Code == "" {
		return &fault.Error{Code: fault.Internal, Text: internalText, Err: err}
	}
	return fe
}

// classify returns the client-visible form of err.
func classify(err error) *fault.Error {
	var verr *ent.ValidationError
	if errors.As(err, &verr) {
		return validation(verr)
	}
	if fe, ok := fault.As(err); ok {
		if fe.Code == fault.Internal {
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
		return constraint(cerr)
	}
	if strings.Contains(err.Error(), "ent: empty predicate ") {
		return fault.BadInput("where", fault.T("a filter in the list is empty: give each at least one condition", "过滤条件列表中有空条件：每项至少写一个条件"))
	}
	switch rootMessage(err) {
	case "introspection disabled":
		return fault.Denied(fault.T("introspection is off for requests without credentials; the schema is at /schema.graphql", "无凭证的请求不能内省；schema 见 /schema.graphql"))
	case "invalid APQ extension data", "unsupported APQ version":
		return fault.BadInput("extensions.persistedQuery", fault.T("persistedQuery must be {\"version\": 1, \"sha256Hash\": \"<hex SHA-256 of the document>\"}", "persistedQuery应为 {\"version\": 1, \"sha256Hash\": \"<文档的SHA-256十六进制值>\"}"))
	case "provided APQ hash does not match query":
		return fault.BadInput("extensions.persistedQuery.sha256Hash", fault.T("the hash is not the SHA-256 of the document sent", "哈希值不是所发送文档的SHA-256"))
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return &fault.Error{Code: fault.QueryTooComplex, Text: fault.T("the request took longer than the server allows; ask for less", "请求耗时超过服务器上限；请缩小查询范围")}
	}
	if errors.Is(err, privacy.Deny) {
		return fault.Denied(fault.T("not permitted", "无权访问"))
	}
	return &fault.Error{Code: fault.Internal, Text: internalText, Err: err}
}

// rootMessage is the message of the innermost error of err's chain (a
// library's own error, under the paths and prefixes wrapped around it).
func rootMessage(err error) string {
	for {
		var ge *gqlerror.Error
		if errors.As(err, &ge) && ge.Err != nil {
			err = ge.Err
			continue
		}
		if errors.As(err, &ge) {
			return ge.Message
		}
		next := errors.Unwrap(err)
		if next == nil {
			return err.Error()
		}
		err = next
	}
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
