package graph

import (
	"context"

	"entgo.io/contrib/entgql"
	"github.com/wushehub/wushe/ent"
)

func (r *queryResolver) Node(ctx context.Context, id int) (ent.Noder, error) {
	return r.node(ctx, id)
}

func (r *queryResolver) Nodes(ctx context.Context, ids []int) ([]ent.Noder, error) {
	return r.nodes(ctx, ids)
}

func (r *queryResolver) APIKeys(ctx context.Context, after *entgql.Cursor[int], first *int, before *entgql.Cursor[int], last *int, orderBy []*ent.APIKeyOrder, where *ent.APIKeyWhereInput) (*ent.APIKeyConnection, error) {
	return r.client.APIKey.Query().Paginate(ctx, after, first, before, last,
		ent.WithAPIKeyOrder(orderBy), ent.WithAPIKeyFilter(where.Filter))
}

func (r *queryResolver) Accounts(ctx context.Context, after *entgql.Cursor[int], first *int, before *entgql.Cursor[int], last *int, orderBy []*ent.AccountOrder, where *ent.AccountWhereInput) (*ent.AccountConnection, error) {
	return r.client.Account.Query().Paginate(ctx, after, first, before, last,
		ent.WithAccountOrder(orderBy), ent.WithAccountFilter(where.Filter))
}

func (r *queryResolver) Activities(ctx context.Context, after *entgql.Cursor[int], first *int, before *entgql.Cursor[int], last *int, orderBy []*ent.ActivityOrder, where *ent.ActivityWhereInput) (*ent.ActivityConnection, error) {
	return r.client.Activity.Query().Paginate(ctx, after, first, before, last,
		ent.WithActivityOrder(orderBy), ent.WithActivityFilter(where.Filter))
}

func (r *queryResolver) Agencies(ctx context.Context, after *entgql.Cursor[int], first *int, before *entgql.Cursor[int], last *int, orderBy []*ent.AgencyOrder, where *ent.AgencyWhereInput) (*ent.AgencyConnection, error) {
	return r.client.Agency.Query().Paginate(ctx, after, first, before, last,
		ent.WithAgencyOrder(orderBy), ent.WithAgencyFilter(where.Filter))
}

func (r *queryResolver) AuditLog(ctx context.Context, after *entgql.Cursor[int], first *int, before *entgql.Cursor[int], last *int, orderBy []*ent.AuditEntryOrder, where *ent.AuditEntryWhereInput) (*ent.AuditEntryConnection, error) {
	return r.client.AuditEntry.Query().Paginate(ctx, after, first, before, last,
		ent.WithAuditEntryOrder(orderBy), ent.WithAuditEntryFilter(where.Filter))
}

func (r *queryResolver) CharityResources(ctx context.Context, after *entgql.Cursor[int], first *int, before *entgql.Cursor[int], last *int, orderBy []*ent.CharityResourceOrder, where *ent.CharityResourceWhereInput) (*ent.CharityResourceConnection, error) {
	return r.client.CharityResource.Query().Paginate(ctx, after, first, before, last,
		ent.WithCharityResourceOrder(orderBy), ent.WithCharityResourceFilter(where.Filter))
}

func (r *queryResolver) Communities(ctx context.Context, after *entgql.Cursor[int], first *int, before *entgql.Cursor[int], last *int, orderBy []*ent.CommunityOrder, where *ent.CommunityWhereInput) (*ent.CommunityConnection, error) {
	return r.client.Community.Query().Paginate(ctx, after, first, before, last,
		ent.WithCommunityOrder(orderBy), ent.WithCommunityFilter(where.Filter))
}

func (r *queryResolver) Consultations(ctx context.Context, after *entgql.Cursor[int], first *int, before *entgql.Cursor[int], last *int, orderBy []*ent.ConsultationOrder, where *ent.ConsultationWhereInput) (*ent.ConsultationConnection, error) {
	return r.client.Consultation.Query().Paginate(ctx, after, first, before, last,
		ent.WithConsultationOrder(orderBy), ent.WithConsultationFilter(where.Filter))
}

func (r *queryResolver) Departments(ctx context.Context, after *entgql.Cursor[int], first *int, before *entgql.Cursor[int], last *int, orderBy []*ent.DepartmentOrder, where *ent.DepartmentWhereInput) (*ent.DepartmentConnection, error) {
	return r.client.Department.Query().Paginate(ctx, after, first, before, last,
		ent.WithDepartmentOrder(orderBy), ent.WithDepartmentFilter(where.Filter))
}

func (r *queryResolver) Divisions(ctx context.Context, after *entgql.Cursor[int], first *int, before *entgql.Cursor[int], last *int, orderBy []*ent.DivisionOrder, where *ent.DivisionWhereInput) (*ent.DivisionConnection, error) {
	return r.client.Division.Query().Paginate(ctx, after, first, before, last,
		ent.WithDivisionOrder(orderBy), ent.WithDivisionFilter(where.Filter))
}

func (r *queryResolver) Enterprises(ctx context.Context, after *entgql.Cursor[int], first *int, before *entgql.Cursor[int], last *int, orderBy []*ent.EnterpriseOrder, where *ent.EnterpriseWhereInput) (*ent.EnterpriseConnection, error) {
	return r.client.Enterprise.Query().Paginate(ctx, after, first, before, last,
		ent.WithEnterpriseOrder(orderBy), ent.WithEnterpriseFilter(where.Filter))
}

func (r *queryResolver) Facilities(ctx context.Context, after *entgql.Cursor[int], first *int, before *entgql.Cursor[int], last *int, orderBy []*ent.FacilityOrder, where *ent.FacilityWhereInput) (*ent.FacilityConnection, error) {
	return r.client.Facility.Query().Paginate(ctx, after, first, before, last,
		ent.WithFacilityOrder(orderBy), ent.WithFacilityFilter(where.Filter))
}

func (r *queryResolver) Grids(ctx context.Context, after *entgql.Cursor[int], first *int, before *entgql.Cursor[int], last *int, orderBy []*ent.GridOrder, where *ent.GridWhereInput) (*ent.GridConnection, error) {
	return r.client.Grid.Query().Paginate(ctx, after, first, before, last,
		ent.WithGridOrder(orderBy), ent.WithGridFilter(where.Filter))
}

func (r *queryResolver) IncubationBases(ctx context.Context, after *entgql.Cursor[int], first *int, before *entgql.Cursor[int], last *int, orderBy []*ent.IncubationBaseOrder, where *ent.IncubationBaseWhereInput) (*ent.IncubationBaseConnection, error) {
	return r.client.IncubationBase.Query().Paginate(ctx, after, first, before, last,
		ent.WithIncubationBaseOrder(orderBy), ent.WithIncubationBaseFilter(where.Filter))
}

func (r *queryResolver) JointMeetings(ctx context.Context, after *entgql.Cursor[int], first *int, before *entgql.Cursor[int], last *int, orderBy []*ent.JointMeetingOrder, where *ent.JointMeetingWhereInput) (*ent.JointMeetingConnection, error) {
	return r.client.JointMeeting.Query().Paginate(ctx, after, first, before, last,
		ent.WithJointMeetingOrder(orderBy), ent.WithJointMeetingFilter(where.Filter))
}

func (r *queryResolver) LedgerEntries(ctx context.Context, after *entgql.Cursor[int], first *int, before *entgql.Cursor[int], last *int, orderBy []*ent.LedgerEntryOrder, where *ent.LedgerEntryWhereInput) (*ent.LedgerEntryConnection, error) {
	return r.client.LedgerEntry.Query().Paginate(ctx, after, first, before, last,
		ent.WithLedgerEntryOrder(orderBy), ent.WithLedgerEntryFilter(where.Filter))
}

func (r *queryResolver) Needs(ctx context.Context, after *entgql.Cursor[int], first *int, before *entgql.Cursor[int], last *int, orderBy []*ent.NeedOrder, where *ent.NeedWhereInput) (*ent.NeedConnection, error) {
	return r.client.Need.Query().Paginate(ctx, after, first, before, last,
		ent.WithNeedOrder(orderBy), ent.WithNeedFilter(where.Filter))
}

func (r *queryResolver) Pairings(ctx context.Context, after *entgql.Cursor[int], first *int, before *entgql.Cursor[int], last *int, orderBy []*ent.PairingOrder, where *ent.PairingWhereInput) (*ent.PairingConnection, error) {
	return r.client.Pairing.Query().Paginate(ctx, after, first, before, last,
		ent.WithPairingOrder(orderBy), ent.WithPairingFilter(where.Filter))
}

func (r *queryResolver) PartnershipAgreements(ctx context.Context, after *entgql.Cursor[int], first *int, before *entgql.Cursor[int], last *int, orderBy []*ent.PartnershipAgreementOrder, where *ent.PartnershipAgreementWhereInput) (*ent.PartnershipAgreementConnection, error) {
	return r.client.PartnershipAgreement.Query().Paginate(ctx, after, first, before, last,
		ent.WithPartnershipAgreementOrder(orderBy), ent.WithPartnershipAgreementFilter(where.Filter))
}

func (r *queryResolver) PersistedDocuments(ctx context.Context, after *entgql.Cursor[int], first *int, before *entgql.Cursor[int], last *int, orderBy []*ent.PersistedDocumentOrder, where *ent.PersistedDocumentWhereInput) (*ent.PersistedDocumentConnection, error) {
	return r.client.PersistedDocument.Query().Paginate(ctx, after, first, before, last,
		ent.WithPersistedDocumentOrder(orderBy), ent.WithPersistedDocumentFilter(where.Filter))
}

func (r *queryResolver) PointsEntries(ctx context.Context, after *entgql.Cursor[int], first *int, before *entgql.Cursor[int], last *int, orderBy []*ent.PointsEntryOrder, where *ent.PointsEntryWhereInput) (*ent.PointsEntryConnection, error) {
	return r.client.PointsEntry.Query().Paginate(ctx, after, first, before, last,
		ent.WithPointsEntryOrder(orderBy), ent.WithPointsEntryFilter(where.Filter))
}

func (r *queryResolver) PointsRules(ctx context.Context, after *entgql.Cursor[int], first *int, before *entgql.Cursor[int], last *int, orderBy []*ent.PointsRuleOrder, where *ent.PointsRuleWhereInput) (*ent.PointsRuleConnection, error) {
	return r.client.PointsRule.Query().Paginate(ctx, after, first, before, last,
		ent.WithPointsRuleOrder(orderBy), ent.WithPointsRuleFilter(where.Filter))
}

func (r *queryResolver) Residencies(ctx context.Context, after *entgql.Cursor[int], first *int, before *entgql.Cursor[int], last *int, orderBy []*ent.ResidencyOrder, where *ent.ResidencyWhereInput) (*ent.ResidencyConnection, error) {
	return r.client.Residency.Query().Paginate(ctx, after, first, before, last,
		ent.WithResidencyOrder(orderBy), ent.WithResidencyFilter(where.Filter))
}

func (r *queryResolver) RevenueProjects(ctx context.Context, after *entgql.Cursor[int], first *int, before *entgql.Cursor[int], last *int, orderBy []*ent.RevenueProjectOrder, where *ent.RevenueProjectWhereInput) (*ent.RevenueProjectConnection, error) {
	return r.client.RevenueProject.Query().Paginate(ctx, after, first, before, last,
		ent.WithRevenueProjectOrder(orderBy), ent.WithRevenueProjectFilter(where.Filter))
}

func (r *queryResolver) Rewards(ctx context.Context, after *entgql.Cursor[int], first *int, before *entgql.Cursor[int], last *int, orderBy []*ent.RewardOrder, where *ent.RewardWhereInput) (*ent.RewardConnection, error) {
	return r.client.Reward.Query().Paginate(ctx, after, first, before, last,
		ent.WithRewardOrder(orderBy), ent.WithRewardFilter(where.Filter))
}

func (r *queryResolver) Schools(ctx context.Context, after *entgql.Cursor[int], first *int, before *entgql.Cursor[int], last *int, orderBy []*ent.SchoolOrder, where *ent.SchoolWhereInput) (*ent.SchoolConnection, error) {
	return r.client.School.Query().Paginate(ctx, after, first, before, last,
		ent.WithSchoolOrder(orderBy), ent.WithSchoolFilter(where.Filter))
}

func (r *queryResolver) ServiceItems(ctx context.Context, after *entgql.Cursor[int], first *int, before *entgql.Cursor[int], last *int, orderBy []*ent.ServiceItemOrder, where *ent.ServiceItemWhereInput) (*ent.ServiceItemConnection, error) {
	return r.client.ServiceItem.Query().Paginate(ctx, after, first, before, last,
		ent.WithServiceItemOrder(orderBy), ent.WithServiceItemFilter(where.Filter))
}

func (r *queryResolver) ServiceRecords(ctx context.Context, after *entgql.Cursor[int], first *int, before *entgql.Cursor[int], last *int, orderBy []*ent.ServiceRecordOrder, where *ent.ServiceRecordWhereInput) (*ent.ServiceRecordConnection, error) {
	return r.client.ServiceRecord.Query().Paginate(ctx, after, first, before, last,
		ent.WithServiceRecordOrder(orderBy), ent.WithServiceRecordFilter(where.Filter))
}

func (r *queryResolver) ServiceTeams(ctx context.Context, after *entgql.Cursor[int], first *int, before *entgql.Cursor[int], last *int, orderBy []*ent.ServiceTeamOrder, where *ent.ServiceTeamWhereInput) (*ent.ServiceTeamConnection, error) {
	return r.client.ServiceTeam.Query().Paginate(ctx, after, first, before, last,
		ent.WithServiceTeamOrder(orderBy), ent.WithServiceTeamFilter(where.Filter))
}

func (r *queryResolver) SharingAgreements(ctx context.Context, after *entgql.Cursor[int], first *int, before *entgql.Cursor[int], last *int, orderBy []*ent.SharingAgreementOrder, where *ent.SharingAgreementWhereInput) (*ent.SharingAgreementConnection, error) {
	return r.client.SharingAgreement.Query().Paginate(ctx, after, first, before, last,
		ent.WithSharingAgreementOrder(orderBy), ent.WithSharingAgreementFilter(where.Filter))
}

func (r *queryResolver) SocialOrganizations(ctx context.Context, after *entgql.Cursor[int], first *int, before *entgql.Cursor[int], last *int, orderBy []*ent.SocialOrganizationOrder, where *ent.SocialOrganizationWhereInput) (*ent.SocialOrganizationConnection, error) {
	return r.client.SocialOrganization.Query().Paginate(ctx, after, first, before, last,
		ent.WithSocialOrganizationOrder(orderBy), ent.WithSocialOrganizationFilter(where.Filter))
}

func (r *queryResolver) SocialWorkers(ctx context.Context, after *entgql.Cursor[int], first *int, before *entgql.Cursor[int], last *int, orderBy []*ent.SocialWorkerOrder, where *ent.SocialWorkerWhereInput) (*ent.SocialWorkerConnection, error) {
	return r.client.SocialWorker.Query().Paginate(ctx, after, first, before, last,
		ent.WithSocialWorkerOrder(orderBy), ent.WithSocialWorkerFilter(where.Filter))
}

func (r *queryResolver) Students(ctx context.Context, after *entgql.Cursor[int], first *int, before *entgql.Cursor[int], last *int, orderBy []*ent.StudentOrder, where *ent.StudentWhereInput) (*ent.StudentConnection, error) {
	return r.client.Student.Query().Paginate(ctx, after, first, before, last,
		ent.WithStudentOrder(orderBy), ent.WithStudentFilter(where.Filter))
}

func (r *queryResolver) StudentGroups(ctx context.Context, after *entgql.Cursor[int], first *int, before *entgql.Cursor[int], last *int, orderBy []*ent.StudentGroupOrder, where *ent.StudentGroupWhereInput) (*ent.StudentGroupConnection, error) {
	return r.client.StudentGroup.Query().Paginate(ctx, after, first, before, last,
		ent.WithStudentGroupOrder(orderBy), ent.WithStudentGroupFilter(where.Filter))
}

func (r *queryResolver) TalentRecords(ctx context.Context, after *entgql.Cursor[int], first *int, before *entgql.Cursor[int], last *int, orderBy []*ent.TalentRecordOrder, where *ent.TalentRecordWhereInput) (*ent.TalentRecordConnection, error) {
	return r.client.TalentRecord.Query().Paginate(ctx, after, first, before, last,
		ent.WithTalentRecordOrder(orderBy), ent.WithTalentRecordFilter(where.Filter))
}

func (r *queryResolver) TeachingSites(ctx context.Context, after *entgql.Cursor[int], first *int, before *entgql.Cursor[int], last *int, orderBy []*ent.TeachingSiteOrder, where *ent.TeachingSiteWhereInput) (*ent.TeachingSiteConnection, error) {
	return r.client.TeachingSite.Query().Paginate(ctx, after, first, before, last,
		ent.WithTeachingSiteOrder(orderBy), ent.WithTeachingSiteFilter(where.Filter))
}

func (r *queryResolver) TrainingBatches(ctx context.Context, after *entgql.Cursor[int], first *int, before *entgql.Cursor[int], last *int, orderBy []*ent.TrainingBatchOrder, where *ent.TrainingBatchWhereInput) (*ent.TrainingBatchConnection, error) {
	return r.client.TrainingBatch.Query().Paginate(ctx, after, first, before, last,
		ent.WithTrainingBatchOrder(orderBy), ent.WithTrainingBatchFilter(where.Filter))
}

func (r *queryResolver) Universities(ctx context.Context, after *entgql.Cursor[int], first *int, before *entgql.Cursor[int], last *int, orderBy []*ent.UniversityOrder, where *ent.UniversityWhereInput) (*ent.UniversityConnection, error) {
	return r.client.University.Query().Paginate(ctx, after, first, before, last,
		ent.WithUniversityOrder(orderBy), ent.WithUniversityFilter(where.Filter))
}

func (r *queryResolver) Volunteers(ctx context.Context, after *entgql.Cursor[int], first *int, before *entgql.Cursor[int], last *int, orderBy []*ent.VolunteerOrder, where *ent.VolunteerWhereInput) (*ent.VolunteerConnection, error) {
	return r.client.Volunteer.Query().Paginate(ctx, after, first, before, last,
		ent.WithVolunteerOrder(orderBy), ent.WithVolunteerFilter(where.Filter))
}

func (r *Resolver) Certificate() CertificateResolver { return &certificateResolver{r} }

func (r *Resolver) Query() QueryResolver { return &queryResolver{r} }

func (r *Resolver) Volunteer() VolunteerResolver { return &volunteerResolver{r} }

func (r *Resolver) VolunteerCode() VolunteerCodeResolver { return &volunteerCodeResolver{r} }

type (
	certificateResolver   struct{ *Resolver }
	queryResolver         struct{ *Resolver }
	volunteerResolver     struct{ *Resolver }
	volunteerCodeResolver struct{ *Resolver }
)
