package graph

import (
	"context"
	"strings"

	"github.com/99designs/gqlgen/graphql"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/ent/community"
	"github.com/wushehub/wushe/ent/division"
	"github.com/wushehub/wushe/internal/fault"
)

// area implements @area: an argument or input field naming an area takes
// a global ID or the area's 12-digit code. A code is looked up as the
// viewer — a division first, then a community — so that a code names only
// what the viewer could name by its ID.
func area(client *ent.Client) func(ctx context.Context, obj any, next graphql.Resolver) (any, error) {
	return func(ctx context.Context, obj any, next graphql.Resolver) (any, error) {
		res, err := next(ctx)
		if err == nil {
			return res, nil
		}
		name, code, ok := rawArgument(ctx, obj)
		if !ok || !isAreaCode(code) {
			return nil, err
		}
		if id, e := client.Division.Query().Where(division.Code(code)).OnlyID(ctx); e == nil {
			return id, nil
		} else if !ent.IsNotFound(e) {
			return nil, e
		}
		if id, e := client.Community.Query().Where(community.Code(code)).OnlyID(ctx); e == nil {
			return id, nil
		} else if !ent.IsNotFound(e) {
			return nil, e
		}
		return nil, fault.Missing(name, fault.T("no division or community has the code %s", "没有代码为%s的区划或社区", code))
	}
}

// rawArgument is the value, as sent, of the argument or input field the
// directive is on: obj holds the arguments or the input object, the path
// names the field.
func rawArgument(ctx context.Context, obj any) (name, value string, ok bool) {
	m, ok := obj.(map[string]any)
	if !ok {
		return "", "", false
	}
	pc := graphql.GetPathContext(ctx)
	if pc == nil || pc.Field == nil {
		return "", "", false
	}
	s, ok := m[*pc.Field].(string)
	return *pc.Field, strings.TrimSpace(s), ok
}

// isAreaCode: 12 digits, as division and community codes are written.
func isAreaCode(s string) bool {
	if len(s) != 12 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
