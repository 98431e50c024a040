package graph

import (
	"context"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/wushehub/wushe/internal/metrics"
)

var tracer = otel.Tracer("github.com/wushehub/wushe/graph")

// observe records each operation's outcome and time in the metrics, and
// wraps it in a trace span (a no-op unless tracing is configured).
func observe(m *metrics.Metrics) func(context.Context, graphql.ResponseHandler) *graphql.Response {
	return func(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
		start := time.Now()
		oc := graphql.GetOperationContext(ctx)
		name, kind := "", "unknown"
		if oc != nil && oc.Operation != nil {
			name, kind = oc.Operation.Name, string(oc.Operation.Operation)
		}
		ctx, span := tracer.Start(ctx, "graphql "+kind+" "+name, trace.WithAttributes(
			attribute.String("graphql.operation.name", name),
			attribute.String("graphql.operation.type", kind),
		))
		defer span.End()
		resp := next(ctx)
		if resp == nil { // end of a subscription's stream
			return resp
		}
		code := "OK"
		if len(resp.Errors) > 0 {
			code = "ERROR"
			if c, ok := resp.Errors[0].Extensions["code"].(string); ok {
				code = c
			}
			span.SetStatus(codes.Error, code)
		}
		label := m.OperationName(name)
		m.Operations.WithLabelValues(label, kind, code).Inc()
		m.Duration.WithLabelValues(label, kind).Observe(time.Since(start).Seconds())
		return resp
	}
}
