package graph

import (
	"context"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/graph/model"
)

func (r *mutationResolver) CreateAccount(ctx context.Context, input ent.CreateAccountInput) (*ent.Account, error) {
	return ent.FromContext(ctx).Account.Create().SetInput(input).Save(ctx)
}

func (r *mutationResolver) UpdateAccount(ctx context.Context, id int, input ent.UpdateAccountInput) (*ent.Account, error) {
	return ent.FromContext(ctx).Account.UpdateOneID(id).SetInput(input).Save(ctx)
}

func (r *mutationResolver) CreateAgency(ctx context.Context, input ent.CreateAgencyInput) (*ent.Agency, error) {
	return ent.FromContext(ctx).Agency.Create().SetInput(input).Save(ctx)
}

func (r *mutationResolver) UpdateAgency(ctx context.Context, id int, input ent.UpdateAgencyInput) (*ent.Agency, error) {
	return ent.FromContext(ctx).Agency.UpdateOneID(id).SetInput(input).Save(ctx)
}

func (r *mutationResolver) CreateSharingAgreement(ctx context.Context, input ent.CreateSharingAgreementInput) (*ent.SharingAgreement, error) {
	return ent.FromContext(ctx).SharingAgreement.Create().SetInput(input).Save(ctx)
}

func (r *mutationResolver) RevokeSharingAgreement(ctx context.Context, id int, reason string) (*ent.SharingAgreement, error) {
	return r.revokeAgreement(ctx, id, reason)
}

func (r *mutationResolver) RevokeAPIKey(ctx context.Context, id int) (*ent.APIKey, error) {
	return r.revokeAPIKey(ctx, id)
}

func (r *queryResolver) VerifyAuditChain(ctx context.Context) (*model.AuditVerification, error) {
	return r.verifyAuditChain(ctx)
}

func (r *queryResolver) AccessHistory(ctx context.Context, subject int) ([]*model.AccessRecord, error) {
	return r.accessHistory(ctx, subject)
}
