package graph

import (
	"context"

	"github.com/wushehub/wushe/ent"
)

func (r *mutationResolver) CreateDivision(ctx context.Context, input ent.CreateDivisionInput) (*ent.Division, error) {
	return ent.FromContext(ctx).Division.Create().SetInput(input).Save(ctx)
}

func (r *mutationResolver) UpdateDivision(ctx context.Context, id int, input ent.UpdateDivisionInput) (*ent.Division, error) {
	return ent.FromContext(ctx).Division.UpdateOneID(id).SetInput(input).Save(ctx)
}

func (r *mutationResolver) CreateDepartment(ctx context.Context, input ent.CreateDepartmentInput) (*ent.Department, error) {
	return ent.FromContext(ctx).Department.Create().SetInput(input).Save(ctx)
}

func (r *mutationResolver) UpdateDepartment(ctx context.Context, id int, input ent.UpdateDepartmentInput) (*ent.Department, error) {
	return ent.FromContext(ctx).Department.UpdateOneID(id).SetInput(input).Save(ctx)
}

func (r *mutationResolver) CreateCommunity(ctx context.Context, input ent.CreateCommunityInput) (*ent.Community, error) {
	return ent.FromContext(ctx).Community.Create().SetInput(input).Save(ctx)
}

func (r *mutationResolver) UpdateCommunity(ctx context.Context, id int, input ent.UpdateCommunityInput) (*ent.Community, error) {
	return ent.FromContext(ctx).Community.UpdateOneID(id).SetInput(input).Save(ctx)
}

func (r *mutationResolver) CreateGrid(ctx context.Context, input ent.CreateGridInput) (*ent.Grid, error) {
	return ent.FromContext(ctx).Grid.Create().SetInput(input).Save(ctx)
}

func (r *mutationResolver) UpdateGrid(ctx context.Context, id int, input ent.UpdateGridInput) (*ent.Grid, error) {
	return ent.FromContext(ctx).Grid.UpdateOneID(id).SetInput(input).Save(ctx)
}

func (r *mutationResolver) CreateUniversity(ctx context.Context, input ent.CreateUniversityInput) (*ent.University, error) {
	return ent.FromContext(ctx).University.Create().SetInput(input).Save(ctx)
}

func (r *mutationResolver) UpdateUniversity(ctx context.Context, id int, input ent.UpdateUniversityInput) (*ent.University, error) {
	return ent.FromContext(ctx).University.UpdateOneID(id).SetInput(input).Save(ctx)
}

func (r *mutationResolver) CreateStudentGroup(ctx context.Context, input ent.CreateStudentGroupInput) (*ent.StudentGroup, error) {
	return ent.FromContext(ctx).StudentGroup.Create().SetInput(input).Save(ctx)
}

func (r *mutationResolver) UpdateStudentGroup(ctx context.Context, id int, input ent.UpdateStudentGroupInput) (*ent.StudentGroup, error) {
	return ent.FromContext(ctx).StudentGroup.UpdateOneID(id).SetInput(input).Save(ctx)
}

func (r *mutationResolver) CreateStudent(ctx context.Context, input ent.CreateStudentInput) (*ent.Student, error) {
	return ent.FromContext(ctx).Student.Create().SetInput(input).Save(ctx)
}

func (r *mutationResolver) UpdateStudent(ctx context.Context, id int, input ent.UpdateStudentInput) (*ent.Student, error) {
	return ent.FromContext(ctx).Student.UpdateOneID(id).SetInput(input).Save(ctx)
}

func (r *mutationResolver) CreateSchool(ctx context.Context, input ent.CreateSchoolInput) (*ent.School, error) {
	return ent.FromContext(ctx).School.Create().SetInput(input).Save(ctx)
}

func (r *mutationResolver) UpdateSchool(ctx context.Context, id int, input ent.UpdateSchoolInput) (*ent.School, error) {
	return ent.FromContext(ctx).School.UpdateOneID(id).SetInput(input).Save(ctx)
}

func (r *mutationResolver) CreateEnterprise(ctx context.Context, input ent.CreateEnterpriseInput) (*ent.Enterprise, error) {
	return ent.FromContext(ctx).Enterprise.Create().SetInput(input).Save(ctx)
}

func (r *mutationResolver) UpdateEnterprise(ctx context.Context, id int, input ent.UpdateEnterpriseInput) (*ent.Enterprise, error) {
	return ent.FromContext(ctx).Enterprise.UpdateOneID(id).SetInput(input).Save(ctx)
}

func (r *mutationResolver) CreatePairing(ctx context.Context, input ent.CreatePairingInput) (*ent.Pairing, error) {
	return ent.FromContext(ctx).Pairing.Create().SetInput(input).Save(ctx)
}

func (r *mutationResolver) UpdatePairing(ctx context.Context, id int, input ent.UpdatePairingInput) (*ent.Pairing, error) {
	return ent.FromContext(ctx).Pairing.UpdateOneID(id).SetInput(input).Save(ctx)
}

func (r *mutationResolver) CreatePartnershipAgreement(ctx context.Context, input ent.CreatePartnershipAgreementInput) (*ent.PartnershipAgreement, error) {
	return ent.FromContext(ctx).PartnershipAgreement.Create().SetInput(input).Save(ctx)
}

func (r *mutationResolver) UpdatePartnershipAgreement(ctx context.Context, id int, input ent.UpdatePartnershipAgreementInput) (*ent.PartnershipAgreement, error) {
	return ent.FromContext(ctx).PartnershipAgreement.UpdateOneID(id).SetInput(input).Save(ctx)
}

func (r *mutationResolver) CreateIncubationBase(ctx context.Context, input ent.CreateIncubationBaseInput) (*ent.IncubationBase, error) {
	return ent.FromContext(ctx).IncubationBase.Create().SetInput(input).Save(ctx)
}

func (r *mutationResolver) UpdateIncubationBase(ctx context.Context, id int, input ent.UpdateIncubationBaseInput) (*ent.IncubationBase, error) {
	return ent.FromContext(ctx).IncubationBase.UpdateOneID(id).SetInput(input).Save(ctx)
}

func (r *mutationResolver) CreateResidency(ctx context.Context, input ent.CreateResidencyInput) (*ent.Residency, error) {
	return ent.FromContext(ctx).Residency.Create().SetInput(input).Save(ctx)
}

func (r *mutationResolver) UpdateResidency(ctx context.Context, id int, input ent.UpdateResidencyInput) (*ent.Residency, error) {
	return ent.FromContext(ctx).Residency.UpdateOneID(id).SetInput(input).Save(ctx)
}

func (r *mutationResolver) CreateTrainingBatch(ctx context.Context, input ent.CreateTrainingBatchInput) (*ent.TrainingBatch, error) {
	return ent.FromContext(ctx).TrainingBatch.Create().SetInput(input).Save(ctx)
}

func (r *mutationResolver) UpdateTrainingBatch(ctx context.Context, id int, input ent.UpdateTrainingBatchInput) (*ent.TrainingBatch, error) {
	return ent.FromContext(ctx).TrainingBatch.UpdateOneID(id).SetInput(input).Save(ctx)
}

func (r *mutationResolver) CreateTeachingSite(ctx context.Context, input ent.CreateTeachingSiteInput) (*ent.TeachingSite, error) {
	return ent.FromContext(ctx).TeachingSite.Create().SetInput(input).Save(ctx)
}

func (r *mutationResolver) UpdateTeachingSite(ctx context.Context, id int, input ent.UpdateTeachingSiteInput) (*ent.TeachingSite, error) {
	return ent.FromContext(ctx).TeachingSite.UpdateOneID(id).SetInput(input).Save(ctx)
}

func (r *Resolver) Mutation() MutationResolver { return &mutationResolver{r} }

type mutationResolver struct{ *Resolver }
