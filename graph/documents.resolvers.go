package graph

import (
	"context"

	"github.com/wushehub/wushe/ent"
)

func (r *mutationResolver) RegisterDocuments(ctx context.Context, documents []string) ([]*ent.PersistedDocument, error) {
	return r.registerDocuments(ctx, documents)
}
