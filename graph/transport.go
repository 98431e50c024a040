package graph

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"

	"github.com/wushehub/wushe/internal/fault"
)

// This file holds the GraphQL-over-HTTP transports of /graphql, written to
// the GraphQL-over-HTTP specification (graphql.github.io/graphql-over-http)
// where gqlgen's transport.POST and transport.GET differ from it:
//
//   - The response media type is negotiated from Accept (q-values and
//     wildcards): application/graphql-response+json or application/json,
//     application/json when Accept is missing or a bare wildcard, 406 when
//     neither is acceptable.
//   - A request that is not a well-formed GraphQL-over-HTTP request
//     (unreadable JSON, parameters of the wrong type, no query, invalid
//     UTF-8, a body over Limits.MaxBodyBytes) is answered 400 (413 for the size)
//     under both media types, with extensions.code BAD_USER_INPUT; a POST that
//     is not application/json is 415; other methods are 405 with Allow.
//   - A well-formed request that fails before execution (parse, validation,
//     unknown operationName, variable coercion) is answered 200 under
//     application/json and 400 under application/graphql-response+json, and
//     its body has no "data" entry: execution never started.
//   - A mutation over GET is 405 with "Allow: POST", decided from query and
//     operationName before validation. Subscriptions are refused over plain
//     HTTP (they belong to a streaming transport such as WebSocket).
//
// Both transports decline WebSocket upgrades, so a transport.Websocket can be
// added before or after them. They claim every other GET and POST: add any
// other transport answering GET or POST (SSE, multipart) before them.

const (
	mediaGraphQLResponse = "application/graphql-response+json"
	mediaJSON            = "application/json"

	// allowedMethods answers a method /graphql does not serve.
	allowedMethods = "GET, POST, OPTIONS"
)

// httpPOST serves POST requests with an application/json body.
type httpPOST struct {
	maxBody int64 // bytes; Apollo Router's default is 2 MB, ours too
}

var _ graphql.Transport = httpPOST{}

// Supports claims every POST but WebSocket upgrades.
func (httpPOST) Supports(r *http.Request) bool {
	return r.Method == http.MethodPost && r.Header.Get("Upgrade") == ""
}

// Do answers one POST request.
func (t httpPOST) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	media, ok := negotiate(r.Header.Values("Accept"))
	if !ok {
		refuse(w, r, mediaJSON, http.StatusNotAcceptable, notAcceptable)
		return
	}
	if !isJSONContent(r.Header.Get("Content-Type")) {
		refuse(w, r, media, http.StatusUnsupportedMediaType,
			fault.T("unsupported content type %q: send the request as application/json", "不支持的请求类型“%s”：请以application/json发送请求", r.Header.Get("Content-Type")))
		return
	}
	start := graphql.Now()
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, t.maxBody))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			refuse(w, r, media, http.StatusRequestEntityTooLarge,
				fault.T("the request body is larger than %d bytes", "请求体超过%d字节", t.maxBody))
			return
		}
		refuse(w, r, media, http.StatusBadRequest, fault.T("could not read the request body", "无法读取请求体"))
		return
	}
	params, text := decodeBody(body)
	if text != nil {
		refuse(w, r, media, http.StatusBadRequest, *text)
		return
	}
	params.Headers = r.Header
	params.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}
	execute(w, r, exec, media, params)
}

// httpGET serves GET requests whose parameters are in the URL query.
type httpGET struct{}

var _ graphql.Transport = httpGET{}

// Supports claims every GET but WebSocket upgrades.
func (httpGET) Supports(r *http.Request) bool {
	return r.Method == http.MethodGet && r.Header.Get("Upgrade") == ""
}

// Do answers one GET request; it never runs a mutation.
func (httpGET) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	media, ok := negotiate(r.Header.Values("Accept"))
	if !ok {
		refuse(w, r, mediaJSON, http.StatusNotAcceptable, notAcceptable)
		return
	}
	start := graphql.Now()
	params, text := decodeURLQuery(r.URL.RawQuery)
	if text != nil {
		refuse(w, r, media, http.StatusBadRequest, *text)
		return
	}
	if params.Query != "" && isMutation(params.Query, params.OperationName) {
		mutationOverGET(w, r, media)
		return
	}
	params.Headers = r.Header
	params.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}
	execute(w, r, exec, media, params)
}

// otherMethods answers 405 to every method /graphql does not serve (HEAD,
// PUT, PATCH, DELETE, …); it goes before transport.Options, which would
// answer HEAD without an Allow header.
type otherMethods struct{}

var _ graphql.Transport = otherMethods{}

// Supports claims every method but GET, POST and OPTIONS.
func (otherMethods) Supports(r *http.Request) bool {
	switch r.Method {
	case http.MethodGet, http.MethodPost, http.MethodOptions:
		return false
	}
	return true
}

// Do answers 405 with the methods /graphql serves.
func (otherMethods) Do(w http.ResponseWriter, r *http.Request, _ graphql.GraphExecutor) {
	w.Header().Set("Allow", allowedMethods)
	media, ok := negotiate(r.Header.Values("Accept"))
	if !ok {
		media = mediaJSON
	}
	refuse(w, r, media, http.StatusMethodNotAllowed,
		fault.T("method %s is not allowed: use POST, or GET for queries", "不支持%s方法：请使用POST，查询也可用GET", r.Method))
}

var notAcceptable = fault.T("none of the media types in Accept can be served: accept application/graphql-response+json or application/json",
	"无法提供Accept所列的任何媒体类型：请接受application/graphql-response+json或application/json")

// execute runs params and writes the response in media.
func execute(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor, media string, params *graphql.RawParams) {
	ctx := r.Context()
	opCtx, errs := exec.CreateOperationContext(ctx, params)
	if errs == nil {
		switch {
		case opCtx.Operation.Operation == ast.Mutation && r.Method != http.MethodPost:
			mutationOverGET(w, r, media) // a persisted query turned out to be a mutation
			return
		case opCtx.Operation.Operation == ast.Subscription:
			errs = gqlerror.List{gqlError(ctx, fault.BadInput("", fault.T("subscriptions are served over WebSocket (graphql-transport-ws) at this URL, not over plain HTTP",
				"订阅请通过本URL的WebSocket（graphql-transport-ws）进行，不支持普通HTTP")))}
		}
	}
	if errs != nil {
		// A request error: execution never started, so the body has no data.
		// The error presenter sees an operation context without an
		// operation, so that no extension (entgql.Transactioner) acts on it.
		errCtx := &graphql.OperationContext{RawQuery: params.Query, OperationName: params.OperationName,
			Variables: params.Variables, Extensions: params.Extensions, Headers: params.Headers}
		resp := exec.DispatchError(graphql.WithOperationContext(ctx, errCtx), errs)
		status := http.StatusOK
		if media == mediaGraphQLResponse {
			status = http.StatusBadRequest
		}
		if unavailable(resp.Errors) {
			status = http.StatusServiceUnavailable
			w.Header().Set("Retry-After", strconv.Itoa(RetryAfterSeconds))
		}
		write(w, media, status, requestErrors{Errors: resp.Errors, Extensions: resp.Extensions})
		return
	}
	responses, ctx := exec.DispatchOperation(ctx, opCtx)
	resp := responses(ctx)
	if resp == nil { // not for queries and mutations; guards the body's shape
		write(w, media, http.StatusInternalServerError, internalError)
		return
	}
	status := http.StatusOK
	if unavailable(resp.Errors) {
		// The database could not serve (part of) the answer: say so with
		// 503, so that clients and load balancers retry later.
		status = http.StatusServiceUnavailable
		w.Header().Set("Retry-After", strconv.Itoa(RetryAfterSeconds))
	}
	write(w, media, status, resp)
}

// unavailable reports whether an error of errs is UNAVAILABLE.
func unavailable(errs gqlerror.List) bool {
	for _, e := range errs {
		if e != nil && e.Extensions["code"] == string(fault.Unavailable) {
			return true
		}
	}
	return false
}

// requestErrors is the body of a response to a request that failed before
// execution: errors without a data entry.
type requestErrors struct {
	Errors     gqlerror.List  `json:"errors"`
	Extensions map[string]any `json:"extensions,omitempty"`
}

// mutationOverGET answers 405: a GET must not run a mutation.
func mutationOverGET(w http.ResponseWriter, r *http.Request, media string) {
	w.Header().Set("Allow", http.MethodPost)
	refuse(w, r, media, http.StatusMethodNotAllowed,
		fault.T("mutations are not allowed over GET: use POST", "GET请求不能执行变更（mutation）：请使用POST"))
}

// refuse answers a request that was not executed with one error whose
// extensions.code is BAD_USER_INPUT, in the request's language.
func refuse(w http.ResponseWriter, r *http.Request, media string, status int, text fault.Text) {
	write(w, media, status, requestErrors{Errors: gqlerror.List{gqlError(r.Context(), fault.BadInput("", text))}})
}

var (
	dataOpen  = []byte(`{"data":`)
	dataClose = []byte(`}`)
)

// dataOnly reports whether r is data and nothing else, which write sends
// as {"data":…} without encoding it again (TestWriteDataOnly: the same
// bytes as encoding/json's).
func dataOnly(r *graphql.Response) bool {
	return len(r.Errors) == 0 && len(r.Extensions) == 0 && r.Label == "" && r.Path == nil && r.HasNext == nil && len(r.Data) > 0
}

var internalError = json.RawMessage(`{"errors":[{"message":"internal error","extensions":{"code":"INTERNAL"}}]}`)

// write sends v as JSON in media (always UTF-8).
func write(w http.ResponseWriter, media string, status int, v any) {
	if r, ok := v.(*graphql.Response); ok && dataOnly(r) {
		// The executor's data is compact JSON already: encoding/json would
		// only scan and copy it again (a few per cent of a nested page's
		// CPU) to write the same bytes.
		w.Header().Set("Content-Type", media+"; charset=utf-8")
		w.WriteHeader(status)
		_, _ = w.Write(dataOpen)
		_, _ = w.Write(r.Data)
		_, _ = w.Write(dataClose)
		return
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // messages quote <placeholders>; this is not HTML
	b := internalError
	if err := enc.Encode(v); err != nil {
		status = http.StatusInternalServerError
	} else {
		b = bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	}
	w.Header().Set("Content-Type", media+"; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// negotiate picks the response media type from the Accept header values:
// application/json when there is none, else the acceptable type of highest
// q, a more specific media range winning over a wildcard, and on an exact
// tie application/graphql-response+json (the spec's recommended Accept names
// both); false when neither type is acceptable.
func negotiate(accept []string) (string, bool) {
	header := strings.TrimSpace(strings.Join(accept, ","))
	if header == "" {
		return mediaJSON, true
	}
	type score struct {
		q           float64
		specificity int
	}
	var gr, js score
	for part := range strings.SplitSeq(header, ",") {
		mediaType, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		q := 1.0
		if s, ok := params["q"]; ok {
			if q, err = strconv.ParseFloat(s, 64); err != nil || q < 0 || q > 1 {
				continue
			}
		}
		if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
			continue
		}
		for _, offer := range []struct {
			media string
			best  *score
		}{{mediaGraphQLResponse, &gr}, {mediaJSON, &js}} {
			spec := specificity(mediaType, offer.media)
			if spec > offer.best.specificity {
				*offer.best = score{q: q, specificity: spec}
			}
		}
	}
	switch {
	case gr.q == 0 && js.q == 0:
		return "", false
	case gr.q != js.q:
		if gr.q > js.q {
			return mediaGraphQLResponse, true
		}
		return mediaJSON, true
	case gr.specificity > js.specificity || (gr.specificity == js.specificity && gr.specificity == 3):
		return mediaGraphQLResponse, true
	default:
		return mediaJSON, true
	}
}

// specificity says how closely the media range matches media: 3 exactly,
// 2 as type/*, 1 as */*, 0 not at all.
func specificity(mediaRange, media string) int {
	switch {
	case mediaRange == media:
		return 3
	case mediaRange == "*/*":
		return 1
	case strings.HasSuffix(mediaRange, "/*") && strings.HasPrefix(media, strings.TrimSuffix(mediaRange, "*")):
		return 2
	}
	return 0
}

// isJSONContent reports whether a Content-Type header names application/json
// in UTF-8 (the charset is UTF-8 when not given).
func isJSONContent(header string) bool {
	mediaType, params, err := mime.ParseMediaType(header)
	if err != nil || mediaType != mediaJSON {
		return false
	}
	cs, ok := params["charset"]
	return !ok || strings.EqualFold(cs, "utf-8")
}

// decodeBody reads the parameters of a JSON request body, or says why they
// are not a well-formed GraphQL-over-HTTP request.
func decodeBody(body []byte) (*graphql.RawParams, *fault.Text) {
	if !utf8.Valid(body) {
		return nil, &fault.Text{En: "the request body is not valid UTF-8", Zh: "请求体不是有效的UTF-8"}
	}
	body = bytes.TrimPrefix(body, []byte("\uFEFF"))
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, &fault.Text{En: "the request body is empty: send a JSON object with a query", Zh: "请求体为空：请发送含query的JSON对象"}
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			return nil, &fault.Text{En: "the request body must be a JSON object", Zh: "请求体应为JSON对象"}
		}
		t := fault.T("the request body is not valid JSON: %v", "请求体不是有效的JSON：%v", err)
		return nil, &t
	}
	p := &graphql.RawParams{}
	if t := stringParam(fields["query"], "query", &p.Query); t != nil {
		return nil, t
	}
	if t := stringParam(fields["operationName"], "operationName", &p.OperationName); t != nil {
		return nil, t
	}
	if t := objectParam(fields["variables"], "variables", &p.Variables); t != nil {
		return nil, t
	}
	if t := objectParam(fields["extensions"], "extensions", &p.Extensions); t != nil {
		return nil, t
	}
	if t := checkQuery(fields["query"] == nil || string(fields["query"]) == "null", p); t != nil {
		return nil, t
	}
	return p, nil
}

// decodeURLQuery reads the parameters of a GET request from the URL query,
// where variables and extensions are JSON strings.
func decodeURLQuery(rawQuery string) (*graphql.RawParams, *fault.Text) {
	values, err := url.ParseQuery(rawQuery)
	if err != nil {
		t := fault.T("the URL query cannot be decoded: %v", "无法解析URL查询参数：%v", err)
		return nil, &t
	}
	get := func(name string) (string, *fault.Text) {
		vs := values[name]
		switch {
		case len(vs) > 1:
			t := fault.T("parameter %s is given more than once", "参数%s重复出现", name)
			return "", &t
		case len(vs) == 1 && !utf8.ValidString(vs[0]):
			t := fault.T("parameter %s is not valid UTF-8", "参数%s不是有效的UTF-8", name)
			return "", &t
		case len(vs) == 1:
			return vs[0], nil
		}
		return "", nil
	}
	p := &graphql.RawParams{}
	var t *fault.Text
	if p.Query, t = get("query"); t != nil {
		return nil, t
	}
	if p.OperationName, t = get("operationName"); t != nil {
		return nil, t
	}
	for _, param := range []struct {
		name string
		dst  *map[string]any
	}{{"variables", &p.Variables}, {"extensions", &p.Extensions}} {
		s, t := get(param.name)
		if t != nil {
			return nil, t
		}
		if s == "" {
			continue
		}
		if !json.Valid([]byte(s)) {
			t := fault.T("parameter %s must be a JSON-encoded object", "参数%s应为JSON编码的对象", param.name)
			return nil, &t
		}
		if t := objectParam(json.RawMessage(s), param.name, param.dst); t != nil {
			return nil, t
		}
	}
	if t := checkQuery(!values.Has("query"), p); t != nil {
		return nil, t
	}
	return p, nil
}

// checkQuery refuses a request without a query, unless it names a persisted
// query in extensions (the APQ extension then supplies the query).
func checkQuery(missing bool, p *graphql.RawParams) *fault.Text {
	if _, persisted := p.Extensions["persistedQuery"]; missing && !persisted {
		return &fault.Text{En: "the request has no query parameter", Zh: "请求缺少query参数"}
	}
	return nil
}

// stringParam decodes an optional string parameter; null is absent.
func stringParam(raw json.RawMessage, name string, dst *string) *fault.Text {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	if raw[0] != '"' || json.Unmarshal(raw, dst) != nil {
		t := fault.T("parameter %s must be a string", "参数%s应为字符串", name)
		return &t
	}
	return nil
}

// objectParam decodes an optional object parameter, numbers kept exact;
// null is absent.
func objectParam(raw json.RawMessage, name string, dst *map[string]any) *fault.Text {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if raw[0] != '{' || dec.Decode(dst) != nil {
		t := fault.T("parameter %s must be an object", "参数%s应为对象", name)
		return &t
	}
	return nil
}

// isMutation reports whether query and operationName select a mutation; a
// document that does not parse or names no such operation is left to the
// executor to report.
func isMutation(query, operationName string) bool {
	doc, err := parser.ParseQuery(&ast.Source{Input: query})
	if err != nil {
		return false
	}
	var op *ast.OperationDefinition
	if operationName == "" {
		if len(doc.Operations) == 1 {
			op = doc.Operations[0]
		}
	} else {
		op = doc.Operations.ForName(operationName)
	}
	return op != nil && op.Operation == ast.Mutation
}
