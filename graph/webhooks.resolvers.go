package graph

import (
	"context"

	"github.com/wushehub/wushe/graph/model"
)

func (r *mutationResolver) RegisterWebhook(ctx context.Context, url string, entities []string) (*model.WebhookRegistration, error) {
	return r.registerWebhook(ctx, url, entities)
}

func (r *mutationResolver) DeleteWebhook(ctx context.Context, id string) (bool, error) {
	return r.deleteWebhook(ctx, id)
}

func (r *queryResolver) Webhooks(ctx context.Context) ([]*model.Webhook, error) {
	return r.listWebhooks(ctx)
}

func (r *webhookResolver) Deliveries(ctx context.Context, obj *model.Webhook, last *int) ([]*model.WebhookDelivery, error) {
	return r.webhookDeliveries(ctx, obj, last)
}

func (r *Resolver) Webhook() WebhookResolver { return &webhookResolver{r} }

type webhookResolver struct{ *Resolver }
