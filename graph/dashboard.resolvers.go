package graph

import (
	"context"
	"time"

	"github.com/wushehub/wushe/graph/model"
	"github.com/wushehub/wushe/internal/dashboard"
)

func (r *queryResolver) Dashboard(ctx context.Context, division int, from *time.Time, to *time.Time) (*model.Dashboard, error) {
	d, err := r.dashboards.Get(ctx, dashboard.Request{Area: division, From: from, To: to, Panels: panelsOf(ctx)})
	if err != nil {
		return nil, err
	}
	return dashboardModel(ctx, d), nil
}
