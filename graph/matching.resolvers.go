package graph

import (
	"context"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/graph/model"
	"github.com/wushehub/wushe/internal/pairing"
)

func (r *mutationResolver) ApplyPairingPlan(ctx context.Context, input model.PairingPlanInput) (*model.ApplyPairingPlanResult, error) {
	in, err := planInput(input)
	if err != nil {
		return nil, err
	}
	res, err := r.pairings.Apply(ctx, in)
	if err != nil {
		return nil, err
	}
	return applyResult(ctx, res), nil
}

func (r *mutationResolver) RespondToPairing(ctx context.Context, id int, accept bool, note *string, side *model.PairingSide) (*ent.Pairing, error) {
	var s pairing.Side
	if side != nil {
		s = pairing.Side(*side)
	}
	return r.pairings.Respond(ctx, id, accept, deref(note), s)
}

func (r *mutationResolver) EndPairing(ctx context.Context, id int, reason string) (*ent.Pairing, error) {
	return r.pairings.End(ctx, id, reason)
}

func (r *queryResolver) PairingPlan(ctx context.Context, input model.PairingPlanInput) (*model.PairingPlan, error) {
	in, err := planInput(input)
	if err != nil {
		return nil, err
	}
	plan, err := r.pairings.Plan(ctx, in)
	if err != nil {
		return nil, err
	}
	return planModel(ctx, plan), nil
}
