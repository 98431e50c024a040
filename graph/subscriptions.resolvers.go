package graph

import (
	"context"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/internal/events"
)

func (r *subscriptionResolver) PairingChanged(ctx context.Context, community int, after *string) (<-chan *ent.Pairing, error) {
	c, err := r.client.Community.Get(ctx, community)
	if err != nil {
		return nil, err
	}
	return follow(ctx, events.Pairing, after, inCommunity(c.Code), r.client.Pairing.Get)
}

func (r *subscriptionResolver) ActivityAdded(ctx context.Context, division int, after *string) (<-chan *ent.Activity, error) {
	code, err := divisionCode(ctx, r.client, division)
	if err != nil {
		return nil, err
	}
	if err := mayFollowActivities(ctx, code); err != nil {
		return nil, err
	}
	return follow(ctx, events.Activity, after, inDivision(code), r.client.Activity.Get)
}

func (r *subscriptionResolver) ConsultationUpdated(ctx context.Context, community int, after *string) (<-chan *ent.Consultation, error) {
	c, err := r.client.Community.Get(ctx, community)
	if err != nil {
		return nil, err
	}
	if err := mayFollowConsultations(ctx, c.Code); err != nil {
		return nil, err
	}
	return follow(ctx, events.Consultation, after, inCommunity(c.Code), r.client.Consultation.Get)
}

func (r *Resolver) Subscription() SubscriptionResolver { return &subscriptionResolver{r} }

type subscriptionResolver struct{ *Resolver }
