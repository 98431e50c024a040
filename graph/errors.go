package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/wushehub/wushe/internal/classify"
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
		if errors.As(err, &inner) && inner.Extensions["code"] == "NOT_FOUND" && strings.HasPrefix(inner.Message, "Could not resolve to a node") {
			// entgql's "not found" names the internal id, in English: say
			// it as the hub does, without the id.
			out := gqlError(ctx, fault.Missing("", fault.T(
				"no record has this ID, or it is not one you may see",
				"没有该ID的记录，或您无权查看")))
			out.Path, out.Locations = gqlErr.Path, gqlErr.Locations
			return out
		}
		if errors.As(err, &inner) && inner.Err == nil && inner.Extensions["code"] != nil {
			// Parse and validation errors keep gqlgen's codes; their
			// messages are translated for Chinese.
			switch inner.Extensions["code"] {
			case "GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED":
				if fault.LangFrom(ctx) == fault.Chinese {
					gqlErr.Message = translateMessage(gqlErr.Message)
				}
			}
			return gqlErr
		}
		fe := Classify(err)
		if ce, ok := badCursorValue(ctx, err); ok && fe.Code == fault.Internal {
			fe = ce.fault() // cursors.go: PostgreSQL refusing a cursor's value
		}
		logFault(ctx, log, fe, err, gqlErr.Path.String())
		fe = argumentNamed(fe, gqlErr.Path)
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
		if errors.Is(err, context.Canceled) && ctx.Err() != nil {
			// The client went away (or the server is stopping): nobody
			// reads this answer, and nothing went wrong.
			log.DebugContext(ctx, "request cancelled", "err", err, "path", where)
			return
		}
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
// class of a database failure, or INTERNAL (internal/classify), with the
// GraphQL layer's own errors (introspection, persisted queries) placed.
// It never returns nil.
func Classify(err error) *fault.Error {
	if err != nil {
		switch rootMessage(err) {
		case "introspection disabled":
			return fault.Denied(fault.T("introspection is off for requests without credentials: send a token (in GraphiQL, paste it in the token box), or read the schema at /schema.graphql", "无凭证的请求不能内省：请提供令牌（在 GraphiQL 中粘贴到令牌框），或查看 /schema.graphql"))
		case "invalid APQ extension data", "unsupported APQ version":
			return fault.BadInput("extensions.persistedQuery", fault.T("persistedQuery must be {\"version\": 1, \"sha256Hash\": \"<hex SHA-256 of the document>\"}", "persistedQuery应为 {\"version\": 1, \"sha256Hash\": \"<文档的SHA-256十六进制值>\"}"))
		case "provided APQ hash does not match query":
			return fault.BadInput("extensions.persistedQuery.sha256Hash", fault.T("the hash is not the SHA-256 of the document sent", "哈希值不是所发送文档的SHA-256"))
		}
	}
	return classify.Of(err, fault.APIName)
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

// argumentNamed names the argument or input field an ID was given in: the
// ID scalar says "id" (it cannot know where it was read), the path says
// where (["dashboard", "division"], ["createActivity", "input",
// "communityID"]).
func argumentNamed(fe *fault.Error, path ast.Path) *fault.Error {
	if fe == nil || fe.Field != "id" || len(path) < 2 {
		return fe
	}
	name, ok := path[len(path)-1].(ast.PathName)
	if !ok || string(name) == "id" {
		return fe
	}
	named := *fe
	named.Field = string(name)
	return &named
}
