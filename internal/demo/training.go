package demo

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/ent/partnershipagreement"
	"github.com/wushehub/wushe/ent/trainingbatch"
)

// batchSpecs are the seven training batches at the incubation base: the
// first six held through their roadshow, the seventh in progress.
var batchSpecs = []struct {
	start, end time.Time // end is zero while in progress
	prefer     []string  // universities whose students are taken first
	size       int
}{
	{day(2023, 3, 13), day(2023, 5, 26), []string{NXUCode, NMUCode}, 76},
	{day(2023, 9, 18), day(2023, 12, 1), []string{NXUCode, NXBTUCode}, 78},
	{day(2024, 3, 11), day(2024, 5, 24), []string{NXUCode, YCEICode, NXVTUCode}, 80},
	{day(2024, 9, 16), day(2024, 11, 29), []string{NMUCode, NXBTUCode, xinhuaCode}, 78},
	{day(2025, 3, 10), day(2025, 5, 23), []string{NXUCode, YCEICode, NXVTUCode}, 80},
	{day(2025, 9, 15), day(2025, 11, 28), []string{NXUCode, NXBTUCode, NMUCode}, 82},
	{day(2026, 9, 14), time.Time{}, []string{NXUCode, YCEICode, NXBTUCode, NMUCode, NXVTUCode}, 80},
}

var chineseNumerals = []string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}

// xixiaBase creates the incubation base, its resident organisations and the
// training batches.
func (l *loader) xixiaBase(ctx context.Context) error {
	r := newRand("base")
	opened := day(2021, 6, 18)
	base, err := l.tx.IncubationBase.Create().
		SetName(BaseName).
		SetAddress("银川市西夏区学院路（高校聚集区）").
		SetOpenedOn(opened).
		SetRentFree(true).
		SetDivisionID(l.div[XixiaCode]).
		// Approximate position among the campuses of 宁夏大学, 宁夏大学新华学院
		// and 宁夏财经职业技术学院.
		SetLatitude(38.503).
		SetLongitude(106.128).
		Save(ctx)
	if err != nil {
		return fmt.Errorf("incubation base: %w", err)
	}
	var residencies []*ent.ResidencyCreate
	for _, o := range l.orgs {
		if !o.spec.resident {
			continue
		}
		from := opened
		if o.spec.founded.After(from) {
			from = o.spec.founded
		}
		rating := intIn(r, 3, 5)
		if r.IntN(8) == 0 {
			rating = 2
		}
		residencies = append(residencies, l.tx.Residency.Create().
			SetAdmittedOn(between(r, from, day(2024, 6, 30))).
			SetRating(rating).
			SetBaseID(base.ID).
			SetOrganizationID(o.id))
	}
	if _, err := saveAll(ctx, residencies, func(ctx context.Context, b []*ent.ResidencyCreate) ([]*ent.Residency, error) {
		return l.tx.Residency.CreateBulk(b...).Save(ctx)
	}); err != nil {
		return fmt.Errorf("residencies: %w", err)
	}

	var batches []*ent.TrainingBatchCreate
	for n, spec := range batchSpecs {
		if err := ctx.Err(); err != nil {
			return err
		}
		// Students enrolled before the batch starts and in their first four years.
		eligible := func(s *xstudent) bool {
			enrolled := day(s.year, 9, 1)
			return enrolled.Before(spec.start) && spec.start.Year()-s.year <= 3
		}
		var chosen []int
		take := func(match func(int, *xstudent) bool) {
			for _, i := range r.Perm(len(l.students)) {
				if len(chosen) == spec.size {
					return
				}
				if s := l.students[i]; eligible(s) && match(i, s) && !slices.Contains(chosen, i) {
					chosen = append(chosen, i)
				}
			}
		}
		take(func(_ int, s *xstudent) bool { return !s.trained && slices.Contains(spec.prefer, s.univ) })
		take(func(_ int, s *xstudent) bool { return !s.trained })
		take(func(int, *xstudent) bool { return true })
		slices.Sort(chosen)
		var students, universities []int
		for _, i := range chosen {
			s := l.students[i]
			s.trained = true
			students = append(students, s.id)
			if id := l.univ[s.univ]; !slices.Contains(universities, id) {
				universities = append(universities, id)
			}
		}
		var communities []int
		for _, i := range r.Perm(len(l.xixia))[:intIn(r, 4, 7)] {
			communities = append(communities, l.xixia[i].id)
		}
		b := l.tx.TrainingBatch.Create().
			SetNumber(n + 1).
			SetName(fmt.Sprintf("第%s批校外实训", chineseNumerals[n])).
			SetStartedOn(spec.start).
			SetBaseID(base.ID).
			AddUniversityIDs(universities...).
			AddParticipantIDs(students...).
			AddCommunityIDs(communities...)
		if spec.end.IsZero() {
			b.SetPhase(trainingbatch.PhaseCOMMUNITY_PRACTICE).SetCompleted(false)
		} else {
			b.SetPhase(trainingbatch.PhaseROADSHOW).SetCompleted(true).SetEndedOn(spec.end)
		}
		batches = append(batches, b)
	}
	if _, err := saveAll(ctx, batches, func(ctx context.Context, b []*ent.TrainingBatchCreate) ([]*ent.TrainingBatch, error) {
		return l.tx.TrainingBatch.CreateBulk(b...).Save(ctx)
	}); err != nil {
		return fmt.Errorf("training batches: %w", err)
	}
	return nil
}

// agreementSpec is a partnership agreement and its parties.
type agreementSpec struct {
	title        string
	kind         partnershipagreement.Kind
	signed       time.Time
	validUntil   time.Time
	scope        string
	departments  []string // names
	universities []string // codes
}

// agreementSpecs are the demo's partnership agreements: Xixia's with three
// universities, and Heze's bilateral and tripartite agreements of 2024-08-23.
var agreementSpecs = []agreementSpec{
	{
		title: "西夏区民政局—宁夏大学校地共建合作协议", kind: partnershipagreement.KindBILATERAL,
		signed: day(2022, 3, 18), validUntil: day(2027, 3, 17),
		scope:       "社工人才培养；社区实践基地共建；团支部、社团与社区结对开展志愿服务；社会组织孵化与实训",
		departments: []string{"西夏区民政局"}, universities: []string{NXUCode},
	},
	{
		title: "西夏区民政局—北方民族大学校地共建合作协议", kind: partnershipagreement.KindBILATERAL,
		signed: day(2022, 5, 20), validUntil: day(2027, 5, 19),
		scope:       "社会工作专业实习实训；民族团结进步进社区；大学生志愿服务进社区",
		departments: []string{"西夏区民政局"}, universities: []string{NMUCode},
	},
	{
		title: "西夏区委社会工作部—宁夏职业技术大学校地共建合作协议", kind: partnershipagreement.KindBILATERAL,
		signed: day(2024, 5, 16), validUntil: day(2029, 5, 15),
		scope:       "养老、托育、护理专业学生进社区实践；社区工作者培训；社会组织人才培养",
		departments: []string{"西夏区委社会工作部"}, universities: []string{NXVTUCode},
	},
	{
		title: "菏泽市委社会工作部—菏泽家政职业学院校地合作协议", kind: partnershipagreement.KindBILATERAL,
		signed:      day(2024, 8, 23),
		scope:       "共建菏泽社会工作学院：社工人才教育培训体系、现场教学点、理论研究与实践",
		departments: []string{"菏泽市委社会工作部"}, universities: []string{HezeHVCCode},
	},
	{
		title: "华东理工大学—菏泽家政职业学院—单县县委社会工作部三方校地合作协议", kind: partnershipagreement.KindTRIPARTITE,
		signed:      day(2024, 8, 23),
		scope:       "华东理工大学社会与公共管理学院支持菏泽社会工作学院建设；单县社会工作人才培养与基层治理实践",
		departments: []string{"单县县委社会工作部"}, universities: []string{ECUSTCode, HezeHVCCode},
	},
}

// agreements creates the partnership agreements.
func (l *loader) agreements(ctx context.Context) error {
	var builders []*ent.PartnershipAgreementCreate
	for _, a := range agreementSpecs {
		b := l.tx.PartnershipAgreement.Create().
			SetTitle(a.title).
			SetKind(a.kind).
			SetSignedOn(a.signed).
			SetScope(a.scope)
		if !a.validUntil.IsZero() {
			b.SetValidUntil(a.validUntil)
		}
		for _, d := range a.departments {
			b.AddDepartmentIDs(l.dept[d])
		}
		for _, u := range a.universities {
			b.AddUniversityIDs(l.univ[u])
		}
		builders = append(builders, b)
	}
	if _, err := saveAll(ctx, builders, func(ctx context.Context, b []*ent.PartnershipAgreementCreate) ([]*ent.PartnershipAgreement, error) {
		return l.tx.PartnershipAgreement.CreateBulk(b...).Save(ctx)
	}); err != nil {
		return fmt.Errorf("partnership agreements: %w", err)
	}
	return nil
}
