package graph

import (
	"context"
	"time"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/ent/talentrecord"
	"github.com/wushehub/wushe/graph/model"
	"github.com/wushehub/wushe/internal/dashboard"
	"github.com/wushehub/wushe/internal/records"
)

func (r *certificateResolver) HTML(ctx context.Context, obj *ent.Certificate) (string, error) {
	return r.records.HTML(ctx, obj, verifyPath(obj))
}

func (r *certificateResolver) VerifyPath(ctx context.Context, obj *ent.Certificate) (string, error) {
	return verifyPath(obj), nil
}

func (r *mutationResolver) IssueVolunteerCode(ctx context.Context, volunteer int, days *int) (*ent.VolunteerCode, error) {
	var d time.Duration
	if days != nil {
		d = time.Duration(*days) * 24 * time.Hour
		if d == 0 {
			d = -1
		}
	}
	return r.records.IssueCode(ctx, volunteer, d)
}

func (r *mutationResolver) RevokeVolunteerCode(ctx context.Context, id int) (*ent.VolunteerCode, error) {
	return r.records.RevokeCode(ctx, id)
}

func (r *mutationResolver) CheckIn(ctx context.Context, input model.ScanInput) (*ent.ServiceRecord, error) {
	return r.records.CheckIn(ctx, scanOf(&input))
}

func (r *mutationResolver) UploadScans(ctx context.Context, scans []*model.ScanInput) ([]*model.ScanOutcome, error) {
	in := make([]records.Scan, len(scans))
	for i, s := range scans {
		in[i] = scanOf(s)
	}
	out, err := r.records.Upload(ctx, in)
	if err != nil {
		return nil, err
	}
	return outcomes(ctx, out), nil
}

func (r *mutationResolver) RecordService(ctx context.Context, input model.RecordServiceInput) (*ent.ServiceRecord, error) {
	m := records.Manual{Volunteer: input.Volunteer, Activity: value(input.Activity), ServiceTeam: value(input.ServiceTeam),
		Start: input.Start, End: input.End, Content: deref(input.Content)}
	if input.Hours != nil {
		m.Hours = *input.Hours
		if m.Hours == 0 {
			m.Hours = -1
		}
	}
	return r.records.Record(ctx, m)
}

func (r *mutationResolver) ConfirmServiceRecord(ctx context.Context, id int, hours *float64, evaluation *string) (*ent.ServiceRecord, error) {
	return r.records.Confirm(ctx, id, hours, deref(evaluation))
}

func (r *mutationResolver) DisputeServiceRecord(ctx context.Context, id int, reason string) (*ent.ServiceRecord, error) {
	return r.records.Dispute(ctx, id, reason)
}

func (r *mutationResolver) VoidServiceRecord(ctx context.Context, id int, reason string) (*ent.ServiceRecord, error) {
	return r.records.Void(ctx, id, reason)
}

func (r *mutationResolver) ReverseServiceRecord(ctx context.Context, id int, reason string, replacement *model.ReplacementInput) (*model.Reversal, error) {
	var repl *records.Replacement
	if replacement != nil {
		repl = &records.Replacement{Hours: replacement.Hours, Content: deref(replacement.Content), Evaluation: deref(replacement.Evaluation)}
	}
	rev, next, err := r.records.Reverse(ctx, id, reason, repl)
	if err != nil {
		return nil, err
	}
	return &model.Reversal{Reversal: rev, Replacement: next}, nil
}

func (r *mutationResolver) ApplyPointsRule(ctx context.Context, volunteer int, rule int, on *time.Time, note *string) (*ent.PointsEntry, error) {
	return r.records.Apply(ctx, volunteer, rule, value(on), deref(note))
}

func (r *mutationResolver) RedeemReward(ctx context.Context, volunteer int, reward int, quantity *int) (*ent.PointsEntry, error) {
	q := 1
	if quantity != nil {
		q = *quantity
	}
	return r.records.Redeem(ctx, volunteer, reward, q)
}

func (r *mutationResolver) IssueCertificate(ctx context.Context, volunteer int, community int) (*ent.Certificate, error) {
	return r.records.Issue(ctx, volunteer, community)
}

func (r *mutationResolver) CreatePointsRule(ctx context.Context, input ent.CreatePointsRuleInput) (*ent.PointsRule, error) {
	return ent.FromContext(ctx).PointsRule.Create().SetInput(input).Save(ctx)
}

func (r *mutationResolver) UpdatePointsRule(ctx context.Context, id int, input ent.UpdatePointsRuleInput) (*ent.PointsRule, error) {
	return ent.FromContext(ctx).PointsRule.UpdateOneID(id).SetInput(input).Save(ctx)
}

func (r *mutationResolver) CreateReward(ctx context.Context, input ent.CreateRewardInput) (*ent.Reward, error) {
	return ent.FromContext(ctx).Reward.Create().SetInput(input).Save(ctx)
}

func (r *mutationResolver) UpdateReward(ctx context.Context, id int, input ent.UpdateRewardInput) (*ent.Reward, error) {
	return ent.FromContext(ctx).Reward.UpdateOneID(id).SetInput(input).Save(ctx)
}

func (r *mutationResolver) CreateTalentRecord(ctx context.Context, input ent.CreateTalentRecordInput) (*ent.TalentRecord, error) {
	return ent.FromContext(ctx).TalentRecord.Create().SetInput(input).Save(ctx)
}

func (r *mutationResolver) UpdateTalentRecord(ctx context.Context, id int, input ent.UpdateTalentRecordInput) (*ent.TalentRecord, error) {
	return ent.FromContext(ctx).TalentRecord.UpdateOneID(id).SetInput(input).Save(ctx)
}

func (r *queryResolver) VolunteerCode(ctx context.Context, volunteer int) (*ent.VolunteerCode, error) {
	return r.records.CurrentCode(ctx, volunteer)
}

func (r *queryResolver) VerifyCertificate(ctx context.Context, code string) (*model.CertificateVerification, error) {
	return r.verification(ctx, code)
}

func (r *queryResolver) VolunteeringDashboard(ctx context.Context, division int, from *time.Time, to *time.Time) (*dashboard.Volunteering, error) {
	return r.dashboards.Volunteering(ctx, dashboard.Request{Area: division, From: from, To: to})
}

func (r *talentCountResolver) Kind(ctx context.Context, obj *dashboard.TalentCount) (talentrecord.Kind, error) {
	return talentrecord.Kind(obj.Kind), nil
}

func (r *volunteerResolver) StarsReached(ctx context.Context, obj *ent.Volunteer) ([]*model.StarReached, error) {
	out := make([]*model.StarReached, len(obj.StarsReached))
	for i, t := range obj.StarsReached {
		out[i] = &model.StarReached{Level: i + 1, ReachedAt: t}
	}
	return out, nil
}

func (r *volunteerCodeResolver) Token(ctx context.Context, obj *ent.VolunteerCode) (string, error) {
	return r.records.TokenOf(ctx, obj)
}

func (r *volunteerCodeResolver) Png(ctx context.Context, obj *ent.VolunteerCode) (string, error) {
	return r.codePNG(ctx, obj)
}

func (r *volunteerCodeResolver) SVG(ctx context.Context, obj *ent.VolunteerCode) (string, error) {
	tok, err := r.records.TokenOf(ctx, obj)
	if err != nil {
		return "", err
	}
	return records.SVG(tok)
}

func (r *volunteeringAreaResolver) Access(ctx context.Context, obj *dashboard.VolunteeringArea) (model.DashboardAccess, error) {
	return model.DashboardAccess(obj.Access), nil
}

func (r *Resolver) TalentCount() TalentCountResolver { return &talentCountResolver{r} }

func (r *Resolver) VolunteeringArea() VolunteeringAreaResolver { return &volunteeringAreaResolver{r} }

type (
	talentCountResolver      struct{ *Resolver }
	volunteeringAreaResolver struct{ *Resolver }
)
