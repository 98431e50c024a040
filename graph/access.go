package graph

import (
	"context"
	"reflect"
	"strings"

	entsql "entgo.io/ent/dialect/sql"
	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/internal/audit"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/scalar"
	"github.com/wushehub/wushe/internal/store"
)

// operationContext prepares each operation: the per-request authorization
// cache, the collector of audited reads, and the operation's name and
// document hash for the audit log. Read-only credentials may not mutate.
func operationContext(client *ent.Client) func(context.Context, graphql.OperationHandler) graphql.ResponseHandler {
	return func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		oc := graphql.GetOperationContext(ctx)
		if oc.Operation != nil && oc.Operation.Operation == ast.Mutation && authz.FromContext(ctx).ReadOnly {
			return graphql.OneShot(graphql.ErrorResponse(ctx, "%s", fault.T("this API key may only read", "该接口密钥为只读").In(fault.LangFrom(ctx))))
		}
		ctx = authz.WithRequest(ctx, client)
		if err := authz.CheckPurpose(store.OnPrimary(ctx)); err != nil { // on the primary: a revoked agreement at once
			// A purpose named but not in force refuses the whole request:
			// the client asked to read under it.
			fe, _ := fault.As(err)
			return graphql.OneShot(&graphql.Response{Errors: gqlerror.List{{
				Message:    fe.Message(fault.LangFrom(ctx)),
				Extensions: map[string]any{"code": string(fault.Forbidden)},
			}}})
		}
		name := oc.OperationName
		if oc.Operation != nil && oc.Operation.Name != "" {
			name = oc.Operation.Name
		}
		ctx = audit.WithOperation(ctx, audit.Operation{Name: name, DocumentHash: audit.DocumentHash(oc.RawQuery)})
		ctx, _ = audit.WithCollector(ctx)
		return next(ctx)
	}
}

// auditReads holds each response of an operation — each event of a
// subscription — until the READ entries of the CONDITIONAL and NONE values
// it carries are durable in the audit log (reads.Record). When they cannot
// be written the response carries no data, only UNAVAILABLE: no audit, no
// read. It runs outside the transaction of a mutation, which
// auditMutationReads has already written its reads in.
func auditReads(reads ReadLog) graphql.ResponseMiddleware {
	return func(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
		resp := next(ctx)
		c, ok := audit.CollectorFrom(ctx)
		if resp == nil || !ok {
			return resp
		}
		if err := reads.Record(ctx, c.Take()); err != nil {
			return unaudited(ctx, err)
		}
		return resp
	}
}

// auditMutationReads writes the READ entries of a mutation's answer in the
// mutation's own transaction, so that when they cannot be written the
// mutation is rolled back with them (the transaction ends with the error)
// rather than done with its answer withheld. When the transaction appends
// its entries before it commits (audit.Deferred, see transactioner), the
// reads go with them.
func auditMutationReads(dialect string) graphql.ResponseMiddleware {
	return func(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
		resp := next(ctx)
		tx := ent.TxFromContext(ctx)
		c, ok := audit.CollectorFrom(ctx)
		if resp == nil || tx == nil || !ok || len(resp.Errors) > 0 {
			return resp // what is left is written by auditReads
		}
		if d := audit.DeferredFrom(ctx); d != nil {
			d.Add(c.Take()...)
			return resp
		}
		if err := audit.Append(ctx, tx.Client(), dialect, c.Take()...); err != nil {
			return unaudited(ctx, err)
		}
		return resp
	}
}

var auditUnavailable = fault.T("the audit log cannot be written; protected fields are not served until it can",
	"审计日志无法写入；在恢复之前不提供受保护字段")

// unaudited is the response that replaces one whose reads could not be
// audited: no data, one UNAVAILABLE error through the error presenter.
func unaudited(ctx context.Context, cause error) *graphql.Response {
	ctx = graphql.WithFreshResponseContext(ctx)
	graphql.AddError(ctx, &fault.Error{Code: fault.Unavailable, Text: auditUnavailable, Err: cause})
	errs := graphql.GetErrors(ctx)
	for _, e := range errs {
		e.Path = nil // the whole response, not the field of a subscription
	}
	return &graphql.Response{Errors: errs}
}

// shareFields enforces the sharing class of every field: a CONDITIONAL or
// NONE field the viewer may not read resolves to null with a FORBIDDEN
// error at its path; one it may read is recorded for the audit log.
func shareFields(ctx context.Context, next graphql.Resolver) (any, error) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil {
		return next(ctx)
	}
	class := ent.FieldSharing[fc.Object][fc.Field.Name]
	if class == "" || class == "UNCONDITIONAL" {
		return next(ctx)
	}
	// A protected field whose record cannot be found is refused: fail closed.
	var row any
	if fc.Parent != nil {
		row = rowOf(fc.Parent.Result)
	}
	if row == nil {
		return nil, fault.Denied(fault.T("you may not read this field", "无权读取该字段"))
	}
	allowed, _, err := authz.FieldAccess(ctx, fc.Object, class, row)
	agreement := ""
	if !allowed && err == nil && class == "CONDITIONAL" {
		id, gerr := authz.GrantedField(ctx, fc.Object, fc.Field.Name, row)
		if gerr != nil {
			return nil, gerr
		}
		allowed, agreement = true, scalar.EncodeID(id)
	}
	if !allowed {
		if err == nil {
			err = fault.Denied(fault.T("you may not read this field", "无权读取该字段"))
		}
		return nil, err
	}
	audit.Read(ctx, fc.Object, idOf(row), fc.Field.Name, agreement)
	return next(ctx)
}

// rowOf unwraps the parent result of a field to the entity it belongs to.
func rowOf(v any) any {
	rv := reflect.ValueOf(v)
	for rv.IsValid() && (rv.Kind() == reflect.Interface || (rv.Kind() == reflect.Pointer && rv.Elem().Kind() != reflect.Struct)) {
		if rv.IsNil() {
			return nil
		}
		rv = rv.Elem()
	}
	if !rv.IsValid() || rv.Kind() != reflect.Pointer || rv.IsNil() {
		return nil
	}
	return rv.Interface()
}

func idOf(row any) int {
	rv := reflect.ValueOf(row)
	if rv.Kind() == reflect.Pointer {
		rv = rv.Elem()
	}
	if f := rv.FieldByName("ID"); f.IsValid() && f.CanInt() {
		return int(f.Int())
	}
	return 0
}

// scoped implements @scoped: the where inputs of a has…With filter get the
// viewer's read scope of their entity, so that the filter only looks at rows
// the viewer may read. An empty list (has any) becomes "has any visible".
func scoped(ctx context.Context, _ any, next graphql.Resolver) (any, error) {
	v, err := next(ctx)
	if err != nil || v == nil {
		return v, err
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Slice {
		return v, nil
	}
	elem := rv.Type().Elem() // *ent.XWhereInput
	entity := strings.TrimSuffix(elem.Elem().Name(), "WhereInput")
	p, all := authz.ReadScope(ctx, entity)
	if all {
		return v, nil
	}
	if p == nil {
		p = func(s *entsql.Selector) { s.Where(entsql.False()) }
	}
	if rv.Len() == 0 {
		rv = reflect.Append(rv, reflect.New(elem.Elem()))
	}
	for i := 0; i < rv.Len(); i++ {
		w := rv.Index(i)
		if w.IsNil() {
			w.Set(reflect.New(elem.Elem()))
		}
		add := w.MethodByName("AddPredicates")
		if !add.IsValid() {
			return nil, fault.Denied(fault.T("this filter is not available", "该过滤条件不可用"))
		}
		add.Call([]reflect.Value{reflect.ValueOf(p).Convert(add.Type().In(0).Elem())})
	}
	return rv.Interface(), nil
}

// purposeID decodes an X-Purpose value: a sharing agreement's global ID.
func purposeID(s string) (int, error) {
	return scalar.DecodeID(strings.TrimSpace(s))
}

func init() { authz.AgreementID = purposeID }
