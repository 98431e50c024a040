package graph

import (
	"context"

	"github.com/wushehub/wushe/ent"
)

func (r *mutationResolver) CreateSocialOrganization(ctx context.Context, input ent.CreateSocialOrganizationInput) (*ent.SocialOrganization, error) {
	return ent.FromContext(ctx).SocialOrganization.Create().SetInput(input).Save(ctx)
}

func (r *mutationResolver) UpdateSocialOrganization(ctx context.Context, id int, input ent.UpdateSocialOrganizationInput) (*ent.SocialOrganization, error) {
	return ent.FromContext(ctx).SocialOrganization.UpdateOneID(id).SetInput(input).Save(ctx)
}

func (r *mutationResolver) CreateSocialWorker(ctx context.Context, input ent.CreateSocialWorkerInput) (*ent.SocialWorker, error) {
	return ent.FromContext(ctx).SocialWorker.Create().SetInput(input).Save(ctx)
}

func (r *mutationResolver) UpdateSocialWorker(ctx context.Context, id int, input ent.UpdateSocialWorkerInput) (*ent.SocialWorker, error) {
	return ent.FromContext(ctx).SocialWorker.UpdateOneID(id).SetInput(input).Save(ctx)
}

func (r *mutationResolver) CreateVolunteer(ctx context.Context, input ent.CreateVolunteerInput) (*ent.Volunteer, error) {
	return ent.FromContext(ctx).Volunteer.Create().SetInput(input).Save(ctx)
}

func (r *mutationResolver) UpdateVolunteer(ctx context.Context, id int, input ent.UpdateVolunteerInput) (*ent.Volunteer, error) {
	return ent.FromContext(ctx).Volunteer.UpdateOneID(id).SetInput(input).Save(ctx)
}

func (r *mutationResolver) CreateServiceTeam(ctx context.Context, input ent.CreateServiceTeamInput) (*ent.ServiceTeam, error) {
	return ent.FromContext(ctx).ServiceTeam.Create().SetInput(input).Save(ctx)
}

func (r *mutationResolver) UpdateServiceTeam(ctx context.Context, id int, input ent.UpdateServiceTeamInput) (*ent.ServiceTeam, error) {
	return ent.FromContext(ctx).ServiceTeam.UpdateOneID(id).SetInput(input).Save(ctx)
}

func (r *mutationResolver) CreateCharityResource(ctx context.Context, input ent.CreateCharityResourceInput) (*ent.CharityResource, error) {
	return ent.FromContext(ctx).CharityResource.Create().SetInput(input).Save(ctx)
}

func (r *mutationResolver) UpdateCharityResource(ctx context.Context, id int, input ent.UpdateCharityResourceInput) (*ent.CharityResource, error) {
	return ent.FromContext(ctx).CharityResource.UpdateOneID(id).SetInput(input).Save(ctx)
}

func (r *mutationResolver) CreateRevenueProject(ctx context.Context, input ent.CreateRevenueProjectInput) (*ent.RevenueProject, error) {
	return ent.FromContext(ctx).RevenueProject.Create().SetInput(input).Save(ctx)
}

func (r *mutationResolver) UpdateRevenueProject(ctx context.Context, id int, input ent.UpdateRevenueProjectInput) (*ent.RevenueProject, error) {
	return ent.FromContext(ctx).RevenueProject.UpdateOneID(id).SetInput(input).Save(ctx)
}

func (r *mutationResolver) CreateLedgerEntry(ctx context.Context, input ent.CreateLedgerEntryInput) (*ent.LedgerEntry, error) {
	return ent.FromContext(ctx).LedgerEntry.Create().SetInput(input).Save(ctx)
}

func (r *mutationResolver) UpdateLedgerEntry(ctx context.Context, id int, input ent.UpdateLedgerEntryInput) (*ent.LedgerEntry, error) {
	return ent.FromContext(ctx).LedgerEntry.UpdateOneID(id).SetInput(input).Save(ctx)
}

func (r *mutationResolver) CreateFacility(ctx context.Context, input ent.CreateFacilityInput) (*ent.Facility, error) {
	return ent.FromContext(ctx).Facility.Create().SetInput(input).Save(ctx)
}

func (r *mutationResolver) UpdateFacility(ctx context.Context, id int, input ent.UpdateFacilityInput) (*ent.Facility, error) {
	return ent.FromContext(ctx).Facility.UpdateOneID(id).SetInput(input).Save(ctx)
}

func (r *mutationResolver) CreateActivity(ctx context.Context, input ent.CreateActivityInput) (*ent.Activity, error) {
	return ent.FromContext(ctx).Activity.Create().SetInput(input).Save(ctx)
}

func (r *mutationResolver) UpdateActivity(ctx context.Context, id int, input ent.UpdateActivityInput) (*ent.Activity, error) {
	return ent.FromContext(ctx).Activity.UpdateOneID(id).SetInput(input).Save(ctx)
}

func (r *mutationResolver) CreateNeed(ctx context.Context, input ent.CreateNeedInput) (*ent.Need, error) {
	return ent.FromContext(ctx).Need.Create().SetInput(input).Save(ctx)
}

func (r *mutationResolver) UpdateNeed(ctx context.Context, id int, input ent.UpdateNeedInput) (*ent.Need, error) {
	return ent.FromContext(ctx).Need.UpdateOneID(id).SetInput(input).Save(ctx)
}

func (r *mutationResolver) CreateConsultation(ctx context.Context, input ent.CreateConsultationInput) (*ent.Consultation, error) {
	return ent.FromContext(ctx).Consultation.Create().SetInput(input).Save(ctx)
}

func (r *mutationResolver) UpdateConsultation(ctx context.Context, id int, input ent.UpdateConsultationInput) (*ent.Consultation, error) {
	return ent.FromContext(ctx).Consultation.UpdateOneID(id).SetInput(input).Save(ctx)
}

func (r *mutationResolver) CreateServiceItem(ctx context.Context, input ent.CreateServiceItemInput) (*ent.ServiceItem, error) {
	return ent.FromContext(ctx).ServiceItem.Create().SetInput(input).Save(ctx)
}

func (r *mutationResolver) UpdateServiceItem(ctx context.Context, id int, input ent.UpdateServiceItemInput) (*ent.ServiceItem, error) {
	return ent.FromContext(ctx).ServiceItem.UpdateOneID(id).SetInput(input).Save(ctx)
}

func (r *mutationResolver) CreateJointMeeting(ctx context.Context, input ent.CreateJointMeetingInput) (*ent.JointMeeting, error) {
	return ent.FromContext(ctx).JointMeeting.Create().SetInput(input).Save(ctx)
}

func (r *mutationResolver) UpdateJointMeeting(ctx context.Context, id int, input ent.UpdateJointMeetingInput) (*ent.JointMeeting, error) {
	return ent.FromContext(ctx).JointMeeting.UpdateOneID(id).SetInput(input).Save(ctx)
}
