package graph

import (
	"context"

	"github.com/wushehub/wushe/internal/authz"
)

func (r *queryResolver) Viewer(ctx context.Context) (*authz.Viewer, error) {
	v := authz.FromContext(ctx)
	return &v, nil
}

func (r *viewerResolver) Agency(ctx context.Context, obj *authz.Viewer) (*string, error) {
	return nonEmpty(obj.Agency), nil
}

func (r *viewerResolver) Subject(ctx context.Context, obj *authz.Viewer) (*string, error) {
	return nonEmpty(obj.Subject), nil
}

func (r *Resolver) Viewer() ViewerResolver { return &viewerResolver{r} }

type viewerResolver struct{ *Resolver }
