package graph

import (
	"context"
	"strconv"
	"time"

	"github.com/wushehub/wushe/graph/model"
	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/webhook"
)

var errNoWebhooks = &fault.Error{Code: fault.Internal, Text: fault.T("webhooks are not available on this server", "本服务器不支持 Webhook")}

var errNoSuchWebhook = fault.Missing("id", fault.T("no such webhook", "没有该 Webhook"))

// webhookModel is w as the API shows it.
func webhookModel(w webhook.Webhook) *model.Webhook {
	m := &model.Webhook{
		ID: strconv.FormatInt(w.ID, 10), URL: w.URL, Entities: w.Entities, Agency: w.Agency, CreatedAt: w.CreatedAt,
		State: w.State, DeliveredThrough: strconv.FormatInt(w.DeliveredThrough, 10), Attempts: w.Attempts, NextAttemptAt: w.NextAttemptAt,
	}
	if !w.LastAttemptAt.IsZero() && w.LastStatus != 0 {
		m.LastStatus = &w.LastStatus
	}
	if w.LastError != "" {
		m.LastError = &w.LastError
	}
	if !w.LastDeliveredAt.IsZero() {
		t := w.LastDeliveredAt
		m.LastDeliveredAt = &t
	}
	return m
}

func (r *Resolver) registerWebhook(ctx context.Context, url string, entities []string) (*model.WebhookRegistration, error) {
	if r.webhooks == nil {
		return nil, errNoWebhooks
	}
	w, secret, err := r.webhooks.Register(ctx, url, entities)
	if err != nil {
		return nil, err
	}
	return &model.WebhookRegistration{Webhook: webhookModel(w), Secret: secret}, nil
}

func (r *Resolver) deleteWebhook(ctx context.Context, id string) (bool, error) {
	if r.webhooks == nil {
		return false, errNoWebhooks
	}
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		return false, errNoSuchWebhook
	}
	if err := r.webhooks.Delete(ctx, n); err != nil {
		return false, err
	}
	return true, nil
}

func (r *Resolver) listWebhooks(ctx context.Context) ([]*model.Webhook, error) {
	if r.webhooks == nil {
		return nil, errNoWebhooks
	}
	ws, err := r.webhooks.List(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]*model.Webhook, 0, len(ws))
	for _, w := range ws {
		out = append(out, webhookModel(w))
	}
	return out, nil
}

// webhookDeliveries returns the last attempts of the webhook m, which the
// viewer may see (Get checks it again).
func (r *Resolver) webhookDeliveries(ctx context.Context, m *model.Webhook, last *int) ([]*model.WebhookDelivery, error) {
	if r.webhooks == nil {
		return nil, errNoWebhooks
	}
	n := 20
	if last != nil {
		n = *last
	}
	if n < 0 || n > 100 {
		return nil, fault.BadInput("last", fault.T("must be between 0 and 100", "应在0到100之间"))
	}
	id, err := strconv.ParseInt(m.ID, 10, 64)
	if err != nil {
		return nil, errNoSuchWebhook
	}
	w, err := r.webhooks.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	ds, err := r.webhooks.Deliveries(ctx, w, n)
	if err != nil {
		return nil, err
	}
	out := make([]*model.WebhookDelivery, 0, len(ds))
	for _, d := range ds {
		md := &model.WebhookDelivery{FirstPosition: strconv.FormatInt(d.FirstPosition, 10), LastPosition: strconv.FormatInt(d.LastPosition, 10),
			Events: d.Events, Attempt: d.Attempt, Ok: d.OK, At: d.At.UTC().Truncate(time.Millisecond)}
		if d.Status != 0 {
			s := d.Status
			md.Status = &s
		}
		if d.Error != "" {
			e := d.Error
			md.Error = &e
		}
		out = append(out, md)
	}
	return out, nil
}
