package graph

import (
	"context"
	"errors"
	"log/slog"
	"math"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/store"
)

// websocket serves GraphQL over WebSocket at /graphql — subscriptions, and
// queries and mutations too — with gqlgen's transport, which speaks
// graphql-transport-ws and the legacy graphql-ws. Around it:
//
//   - The connection is authenticated once, from the connection_init
//     payload (Authorization, X-API-Key and X-Purpose, spelled as headers,
//     at its top level or under "headers": what browsers cannot set on a
//     WebSocket), or else from the upgrade request's own headers. Invalid
//     credentials close it with 4403 and the reason. The same credentials
//     are checked again before every event (subscriptions.go).
//   - Browsers may connect only from a page of the same origin or of an
//     origin of Options.Origins (the CORS allow-list; "*" for any); clients
//     that send no Origin are not browsers and may connect.
//   - A client must send connection_init within 10 s; the server pings
//     (graphql-transport-ws) and drops a client that does not answer, or
//     sends keep-alives (graphql-ws), so that a vanished client is noticed.
//   - Each operation the client starts (subscribe, or start in graphql-ws)
//     counts one against the rate limit of its viewer, the bucket its HTTP
//     requests draw from (Options.RateLimit); over it the operation gets an
//     error message with RATE_LIMITED and extensions.retryAfter (seconds),
//     and the connection stays open.
//   - Each subscription's records reach the executor with the subscription
//     field as their parent (streams), so that the sharing classes of their
//     fields are enforced by shareFields as in queries; gqlgen marshals an
//     event in a context without it.
type websocket struct {
	transport.Websocket
	opts Options
}

var _ graphql.Transport = websocket{}

// newWebsocket returns the WebSocket transport of o's handler.
func newWebsocket(o Options) websocket {
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	// coder/websocket checks the Origin again on upgrade: same host, or
	// scheme://host matching one of the patterns.
	accept := transport.CoderWebsocketImplementation{}
	accept.AcceptOptions.OriginPatterns = o.Origins
	accept.AcceptOptions.InsecureSkipVerify = slices.Contains(o.Origins, "*")
	return websocket{opts: o, Websocket: transport.Websocket{
		Implementation:        accept,
		InitTimeout:           10 * time.Second,
		KeepAlivePingInterval: 15 * time.Second, // graphql-ws: "ka" messages
		PingPongInterval:      25 * time.Second, // graphql-transport-ws: ping; no pong within 50 s closes
		ErrorFunc: func(ctx context.Context, err error) {
			o.Log.DebugContext(ctx, "websocket", "err", err)
		},
	}}
}

// Do serves one WebSocket connection.
func (t websocket) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	if !allowedOrigin(r, t.opts.Origins) { // what the upgrade would refuse, answered here without gqlgen's log line
		write(w, mediaJSON, http.StatusForbidden, requestErrors{Errors: gqlerror.List{{
			Message:    fault.T("WebSocket connections are accepted only from pages of this origin or of the allowed origins (WUSHE_CORS_ORIGINS)", "仅接受本站或允许来源（WUSHE_CORS_ORIGINS）页面发起的WebSocket连接").In(fault.LangFrom(r.Context())),
			Extensions: map[string]any{"code": string(fault.Forbidden)},
		}}})
		return
	}
	ws := t.Websocket
	ws.InitFunc = t.init(r.Header)
	ws.Do(w, r, streams{GraphExecutor: exec, opts: t.opts, addr: r.RemoteAddr})
}

func init() {
	// An operation refused for the rate is answered with an error message
	// (not a next message carrying errors), as a document that does not
	// parse is.
	errcode.RegisterErrorType(string(fault.RateLimited), errcode.KindProtocol)
}

// allowedOrigin reports whether a browser's upgrade request comes from a
// page of this origin (the Origin's host is the Host) or of one of origins
// (scheme://host patterns as rs/cors and coder/websocket match them; "*"
// for any). A request without Origin is not a browser's.
func allowedOrigin(r *http.Request, origins []string) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" {
		return false
	}
	if strings.EqualFold(u.Host, r.Host) {
		return true
	}
	for _, o := range origins {
		if ok, _ := path.Match(strings.ToLower(o), strings.ToLower(u.Scheme+"://"+u.Host)); ok || o == "*" {
			return true
		}
	}
	return false
}

// closeForbidden is the close code of a refused connection_init
// (graphql-transport-ws: 4403 Forbidden).
const closeForbidden = 4403

// closeTryAgainLater closes a connection whose credentials could not be
// checked because the database is unavailable (RFC 6455 registry: 1013).
const closeTryAgainLater = 1013

// init authenticates a connection from its connection_init payload, or
// else from the credentials of the upgrade request.
func (t websocket) init(upgrade http.Header) transport.WebsocketInitFunc {
	return func(ctx context.Context, payload transport.InitPayload) (context.Context, *transport.InitPayload, error) {
		h := initHeaders(payload)
		given := h.Get("Authorization") != "" || h.Get(authz.APIKeyHeader) != ""
		if !given {
			for _, k := range []string{"Authorization", authz.APIKeyHeader} {
				if v := upgrade.Get(k); v != "" {
					h.Set(k, v)
				}
			}
			if h.Get(authz.PurposeHeader) == "" && upgrade.Get(authz.PurposeHeader) != "" {
				h.Set(authz.PurposeHeader, upgrade.Get(authz.PurposeHeader))
			}
		}
		auth := t.opts.Auth
		if auth == nil { // the viewer is what the HTTP layer put in ctx
			if given {
				return refuseConnection(ctx, fault.Unauthorized(fault.T("this server takes no credentials over WebSocket", "本服务器不接受WebSocket凭证")))
			}
			return ctx, nil, nil
		}
		// Credentials are looked up on the primary, never a read replica
		// that may not have the account's last change yet.
		v, err := auth.ViewerFromHeaders(store.OnPrimary(ctx), h)
		if err != nil {
			return refuseConnection(ctx, err)
		}
		ctx = authz.NewContext(ctx, v)
		return withCredentials(ctx, func(ctx context.Context) error {
			_, err := auth.ViewerFromHeaders(store.OnPrimary(ctx), h)
			return err
		}), nil, nil
	}
}

// initHeaders reads the credentials of a connection_init payload: string
// entries named like headers (any case), at its top level or under
// "headers".
func initHeaders(p transport.InitPayload) http.Header {
	h := http.Header{}
	add := func(m map[string]any) {
		for k, v := range m {
			if s, ok := v.(string); ok {
				switch http.CanonicalHeaderKey(k) {
				case "Authorization", http.CanonicalHeaderKey(authz.APIKeyHeader), http.CanonicalHeaderKey(authz.PurposeHeader):
					h.Set(k, s)
				}
			}
		}
	}
	if nested, ok := p["headers"].(map[string]any); ok {
		add(nested)
	}
	add(p) // top-level entries win
	return h
}

// refuseConnection closes a connection whose connection_init failed, with
// the reason in the client's language.
func refuseConnection(ctx context.Context, err error) (context.Context, *transport.InitPayload, error) {
	fe := Classify(err)
	msg := fe.Message(fault.LangFrom(ctx))
	ctx = transport.AppendCloseReason(ctx, truncate(msg, 123)) // a close frame's reason is at most 123 bytes
	code := closeForbidden
	if fe.Code == fault.Unavailable {
		code = closeTryAgainLater // the credentials could not be checked: not refused
	}
	ctx = transport.WithWebsocketCloseCode(ctx, code)
	return ctx, nil, errors.New(msg)
}

// truncate shortens s to at most n bytes of whole runes.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

type credentialsKey struct{}

// withCredentials returns ctx whose connection re-checks its credentials
// with check.
func withCredentials(ctx context.Context, check func(context.Context) error) context.Context {
	return context.WithValue(ctx, credentialsKey{}, check)
}

// checkCredentials checks the credentials of ctx's connection again: an
// expired token, a deactivated account or a revoked key fails.
func checkCredentials(ctx context.Context) error {
	if check, ok := ctx.Value(credentialsKey{}).(func(context.Context) error); ok {
		return check(ctx)
	}
	return nil
}

// streams is the executor as the WebSocket transport sees it. For a
// subscription it gives the resolver a stream (subscriptions.go); then,
// for each response, it takes the next record from the stream and runs the
// executor in a context whose field is the subscription field with that
// record as its result, and with a fresh authorization cache. The record's
// fields so find their parent, as they do in queries.
type streams struct {
	graphql.GraphExecutor
	opts Options
	addr string // of the client, as the upgrade request came (host:port)
}

// CreateOperationContext counts the operation against the rate limit of the
// connection's viewer, then prepares it.
func (s streams) CreateOperationContext(ctx context.Context, params *graphql.RawParams) (*graphql.OperationContext, gqlerror.List) {
	if s.opts.RateLimit != nil {
		if wait, ok := s.opts.RateLimit.Take(authz.FromContext(ctx), s.addr); !ok {
			secs := max(int(math.Ceil(wait.Seconds())), 1)
			return &graphql.OperationContext{RawQuery: params.Query, OperationName: params.OperationName, Variables: params.Variables,
					Extensions: params.Extensions, Headers: params.Headers},
				gqlerror.List{{
					Message:    fault.T("too many requests from your agency: retry in %d s", "机构请求过于频繁：请%d秒后重试", secs).In(fault.LangFrom(ctx)),
					Extensions: map[string]any{"code": string(fault.RateLimited), "retryAfter": secs},
				}}
		}
	}
	return s.GraphExecutor.CreateOperationContext(ctx, params)
}

// DispatchOperation runs one operation of the connection.
func (s streams) DispatchOperation(ctx context.Context, oc *graphql.OperationContext) (graphql.ResponseHandler, context.Context) {
	if oc.Operation == nil || oc.Operation.Operation != ast.Subscription {
		return s.GraphExecutor.DispatchOperation(ctx, oc)
	}
	st := &stream{bus: s.opts.Bus, feed: s.opts.Feed, client: s.opts.Client, log: s.opts.Log}
	if fields := graphql.CollectFields(oc, oc.Operation.SelectionSet, []string{"Subscription"}); len(fields) == 1 {
		st.field = fields[0]
	}
	next, ctx := s.GraphExecutor.DispatchOperation(withStream(ctx, st), oc)
	return func(ctx context.Context) *graphql.Response {
		if st.pull == nil { // refused before its resolver ran, or by it
			return next(ctx)
		}
		row, ok := st.pull(ctx)
		if !ok {
			return nil
		}
		ctx = graphql.WithFieldContext(ctx, &graphql.FieldContext{
			Object: "Subscription", Field: st.field, IsMethod: true, IsResolver: true, Result: row,
		})
		resp := next(authz.WithRequest(ctx, s.opts.Client))
		if resp != nil && st.event.Position > 0 {
			if resp.Extensions == nil {
				resp.Extensions = map[string]any{}
			}
			resp.Extensions["position"] = strconv.FormatInt(st.event.Position, 10)
			resp.Extensions["kind"] = string(st.event.Kind)
		}
		return resp
	}, ctx
}
