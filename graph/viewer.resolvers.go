package graph

import (
	"context"

	"github.com/wushehub/wushe/internal/authz"
)

func (r *queryResolver) Viewer(ctx context.Context) (*authz.Viewer, error) {
	v := authz.FromContext(ctx)
	return &v, nil
}
