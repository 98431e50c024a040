package graph

import (
	"context"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/ent/schema/enum"
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

func (r *mutationResolver) ProposePairing(ctx context.Context, community int, group int, note *string) (*ent.Pairing, error) {
	return r.pairings.Propose(ctx, community, group, deref(note))
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

func (r *pairingPlanResolver) Objective(ctx context.Context, obj *model.PairingPlan) (*float64, error) {
	if obj.ObjectiveWithheld {
		return nil, withheld()
	}
	return obj.Objective, nil
}

func (r *planAssignmentResolver) Score(ctx context.Context, obj *model.PlanAssignment) (*float64, error) {
	if obj.Withheld {
		return nil, withheld()
	}
	return obj.Score, nil
}

func (r *planAssignmentResolver) NeedsCovered(ctx context.Context, obj *model.PlanAssignment) ([]enum.ServiceCategory, error) {
	if obj.Withheld {
		return nil, withheld()
	}
	return obj.NeedsCovered, nil
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

func (r *Resolver) PairingPlan() PairingPlanResolver { return &pairingPlanResolver{r} }

func (r *Resolver) PlanAssignment() PlanAssignmentResolver { return &planAssignmentResolver{r} }

type (
	pairingPlanResolver    struct{ *Resolver }
	planAssignmentResolver struct{ *Resolver }
)
