package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/ent/charityresource"
	"github.com/wushehub/wushe/ent/consultation"
	"github.com/wushehub/wushe/ent/enterprise"
	"github.com/wushehub/wushe/ent/facility"
	"github.com/wushehub/wushe/ent/ledgerentry"
	"github.com/wushehub/wushe/ent/schema/enum"
	"github.com/wushehub/wushe/ent/school"
	"github.com/wushehub/wushe/ent/serviceitem"
	"github.com/wushehub/wushe/ent/serviceteam"
	"github.com/wushehub/wushe/ent/socialorganization"
	"github.com/wushehub/wushe/ent/socialworker"
	"github.com/wushehub/wushe/ent/volunteer"
)

// shalongCommunity builds Shalong community with the figures of the field
// report.
func (l *loader) shalongCommunity() *ent.CommunityCreate {
	return l.tx.Community.Create().
		SetCode(ShalongCode).
		SetName("沙龙社区").
		SetStreetID(l.div[ShuangshuiCode]).
		SetAreaKm2(ShalongAreaKm2).
		SetHouseholds(ShalongHouseholds).
		SetPopulation(ShalongPopulation).
		SetRelocatedShare(ShalongRelocatedShare).
		SetElderlyShare(0.118).
		SetMinorShare(0.236).
		SetFoundedOn(ShalongFoundedOn).
		SetPilotYear(ShalongPilotYear).
		SetHonours(slices.Clone(ShalongHonours)).
		SetRemark("易地扶贫搬迁安置社区，“新双水人”社区和人口聚拢型社区").
		// Approximate, fictional position in central 双水.
		SetLatitude(26.5447).
		SetLongitude(104.9618).
		SetPhone(officePhone("0858", ShalongCode))
}

// officePhone is the fictional landline of a community's committee office:
// the city's area code, then 5 and the community's own six digits. It draws
// nothing from the generator's random source, so that adding it changed no
// other figure of the demo.
func officePhone(area, code string) string {
	return area + "-5" + code[len(code)-6:]
}

// shalong holds the ids of Shalong's partners while it is built.
type shalong struct {
	id                    int   // the community
	yuxin, committee      int   // 榆心社工 and the children's committee
	schools               []int // the primary school and the kindergarten
	company, healthCentre int   // the partner company and the health centre
	workers               []int // the 12 stationed social workers
	teamVolunteers        []int // the 102 volunteers of the teams
	children              []int // the children's committee's members
}

// shalongAll creates Shalong's five-society linkage: its social work agency,
// schools and enterprises, workers and volunteers, teams, activities, rooms,
// lists, self-funding projects, consultations, joint meetings, charity
// resources, needs and grids.
func (l *loader) shalongAll(ctx context.Context) error {
	r := newRand("shalong")
	s := &shalong{id: l.comm[ShalongCode]}
	steps := []func(context.Context, *rand.Rand, *shalong) error{
		l.shalongPartners, l.shalongPeople, l.shalongTeams, l.shalongActivities,
		l.shalongPremises, l.shalongRevenue, l.shalongConsultations, l.shalongMeetings,
	}
	for _, step := range steps {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := step(ctx, r, s); err != nil {
			return fmt.Errorf("shalong: %w", err)
		}
	}
	return nil
}

// shalongPartners creates 榆心社工, the two schools and the two enterprises.
func (l *loader) shalongPartners(ctx context.Context, r *rand.Rand, s *shalong) error {
	yuxin, err := l.tx.SocialOrganization.Create().
		SetName(YuxinName).
		SetKind(socialorganization.KindSOCIAL_SERVICE_AGENCY).
		SetUscc(YuxinUSCC).
		SetGrade(socialorganization.GradeGRADE_3A).
		SetFoundedOn(day(2019, 8, 12)).
		SetPhone("0858-8223561").
		SetDivisionID(l.div[ShuichengCode]).
		AddCommunityIDs(s.id).
		Save(ctx)
	if err != nil {
		return fmt.Errorf("social work agency: %w", err)
	}
	s.yuxin = yuxin.ID
	schools, err := l.tx.School.CreateBulk(
		l.tx.School.Create().SetName(ShalongSchoolName).SetUscc(ShalongSchoolUSCC).SetKind(school.KindPRIMARY).
			SetAddress("水城区双水街道沙龙社区").SetLatitude(26.5431).SetLongitude(104.9627).AddCommunityIDs(s.id),
		l.tx.School.Create().SetName(ShalongKindergarten).SetUscc(ShalongKindergartenUSCC).SetKind(school.KindKINDERGARTEN).
			SetAddress("水城区双水街道沙龙社区").SetLatitude(26.5452).SetLongitude(104.9605).AddCommunityIDs(s.id),
	).Save(ctx)
	if err != nil {
		return fmt.Errorf("schools: %w", err)
	}
	enterprises, err := l.tx.Enterprise.CreateBulk(
		l.tx.Enterprise.Create().SetName(ChuangyuxuanName).SetUscc(ChuangyuxuanUSCC).SetKind(enterprise.KindENTERPRISE).
			SetIndustry("批发和零售业").AddCommunityIDs(s.id),
		l.tx.Enterprise.Create().SetName(HealthCentreName).SetUscc(HealthCentreUSCC).SetKind(enterprise.KindPUBLIC_INSTITUTION).
			SetIndustry("卫生和社会工作").AddCommunityIDs(s.id),
	).Save(ctx)
	if err != nil {
		return fmt.Errorf("enterprises: %w", err)
	}
	for _, x := range schools {
		s.schools = append(s.schools, x.ID)
	}
	s.company, s.healthCentre = enterprises[0].ID, enterprises[1].ID
	return nil
}

// shalongPeople creates the 12 stationed social workers of 榆心社工, the 102
// team volunteers and the children's committee with its members.
func (l *loader) shalongPeople(ctx context.Context, r *rand.Rand, s *shalong) error {
	levels := []socialworker.Level{
		socialworker.LevelINTERMEDIATE, socialworker.LevelINTERMEDIATE,
		socialworker.LevelASSISTANT, socialworker.LevelASSISTANT, socialworker.LevelASSISTANT, socialworker.LevelASSISTANT, socialworker.LevelASSISTANT,
		socialworker.LevelNONE, socialworker.LevelNONE, socialworker.LevelNONE, socialworker.LevelNONE, socialworker.LevelNONE,
	}
	var workers []*ent.SocialWorkerCreate
	for i, lv := range levels {
		p := l.people.generate(r, guizhou, day(1978, 1, 1), day(2000, 12, 31), true)
		b := l.tx.SocialWorker.Create().
			SetName(p.name).SetLevel(lv).SetFullTime(true).SetPhone(p.phone).SetIDNumber(p.id).
			SetEmployerID(s.yuxin).SetCommunityID(s.id)
		if lv != socialworker.LevelNONE {
			b.SetCertificateNo(fmt.Sprintf("%d5202%06d", intIn(r, 2019, 2024), 100+i))
		}
		workers = append(workers, b)
	}
	created, err := l.tx.SocialWorker.CreateBulk(workers...).Save(ctx)
	if err != nil {
		return fmt.Errorf("social workers: %w", err)
	}
	for _, w := range created {
		s.workers = append(s.workers, w.ID)
	}

	var vs []*volunteerSpec
	per := (ShalongTeamPeople - 3*ShalongTeams) / ShalongTeams
	for _, team := range shalongTeams {
		for range per {
			kind, from, to := volunteerKind(r.IntN(100))
			if team.kind == serviceteam.KindPARTY_PIONEER {
				kind, from, to = volunteer.KindPARTY_MEMBER, day(1960, 1, 1), day(1996, 12, 31)
			}
			registered := between(r, day(2023, 3, 1), day(2023, 6, 30))
			vs = append(vs, &volunteerSpec{
				person:     l.people.generate(r, guizhou, from, to, true),
				kind:       kind,
				hours:      round(uniform(r, 12, 260)*2, 0) / 2,
				registered: registered,
				community:  s.id,
				points:     pointsFor(r, intIn(r, 3, 6), registered),
			})
		}
	}
	// The children's committee: minors born 2012–2016, under 14 when it
	// was founded in 2023.
	for range ShalongChildMembers {
		registered := day(2023, 6, 1)
		vs = append(vs, &volunteerSpec{
			person:     l.people.generate(r, guizhou, day(2012, 1, 1), day(2016, 12, 31), false),
			kind:       volunteer.KindRESIDENT,
			hours:      float64(intIn(r, 4, 40)),
			registered: registered,
			community:  s.id,
			points:     pointsFor(r, intIn(r, 1, 3), registered),
		})
	}
	ids, err := l.createVolunteers(ctx, vs)
	if err != nil {
		return err
	}
	s.teamVolunteers, s.children = ids[:per*ShalongTeams], ids[per*ShalongTeams:]
	l.ownVolunteer = s.teamVolunteers[0]
	committee, err := l.tx.SocialOrganization.Create().
		SetName(ChildrenCommitteeName).
		SetKind(socialorganization.KindCOMMUNITY_BASED).
		SetMinorLed(true).
		SetFoundedOn(day(2023, 6, 1)).
		SetDivisionID(l.div[ShuangshuiCode]).
		AddCommunityIDs(s.id).
		AddMemberIDs(s.children...).
		Save(ctx)
	if err != nil {
		return fmt.Errorf("children's committee: %w", err)
	}
	s.committee = committee.ID
	return nil
}

// shalongTeams creates the six 1+2+N teams: a community lead, two stationed
// workers and 17 volunteers each, 120 people in all.
func (l *loader) shalongTeams(ctx context.Context, r *rand.Rand, s *shalong) error {
	per := len(s.teamVolunteers) / len(shalongTeams)
	var leads []string
	var builders []*ent.ServiceTeamCreate
	for t, team := range shalongTeams {
		lead := l.people.name(r, guizhou, r.IntN(2) == 0)
		for slices.Contains(leads, lead) {
			lead = l.people.name(r, guizhou, r.IntN(2) == 0)
		}
		leads = append(leads, lead)
		builders = append(builders, l.tx.ServiceTeam.Create().
			SetName("沙龙社区"+team.name).
			SetKind(team.kind).
			SetLeadName(lead).
			SetLeadPhone(l.people.mobile(r)).
			SetFormedOn(between(r, day(2023, 3, 1), day(2023, 5, 31))).
			SetCommunityID(s.id).
			AddSocialWorkerIDs(s.workers[2*t], s.workers[2*t+1]).
			AddVolunteerIDs(s.teamVolunteers[t*per:(t+1)*per]...))
	}
	if _, err := l.tx.ServiceTeam.CreateBulk(builders...).Save(ctx); err != nil {
		return fmt.Errorf("service teams: %w", err)
	}
	return nil
}

// shalongActivities creates the 68 activities of 2023–2025: festivals, the
// children's week, the summer classes and visits at fixed times, and the
// routine activities of the four service categories in between.
func (l *loader) shalongActivities(ctx context.Context, r *rand.Rand, s *shalong) error {
	type planned struct {
		act   shalongActivity
		title string
		on    time.Time
	}
	var plan []planned
	add := func(a shalongActivity, title string, on time.Time) {
		if title == "" {
			title = pick(r, a.titles)
		}
		plan = append(plan, planned{a, title, on})
	}
	routine := map[int]int{2023: 13, 2024: 14, 2025: 14}
	for _, y := range []int{2023, 2024, 2025} {
		f := festivals[y]
		add(actFestival, "“我们的节日·春节”写春联送福", f[0].AddDate(0, 0, -intIn(r, 3, 6)))
		add(actFestival, "“我们的节日·端午”包粽子", f[1].AddDate(0, 0, -intIn(r, 1, 3)))
		add(actFestival, "“我们的节日·中秋”邻里团圆会", f[2].AddDate(0, 0, -intIn(r, 1, 3)))
		add(actChildrenWeek, "", between(r, day(y, 5, 25), day(y, 5, 31)))
		add(actThreeToRural, actThreeToRural.titles[0], between(r, day(y, 7, 10), day(y, 7, 31)))
		add(actThreeToRural, actThreeToRural.titles[1], between(r, day(y, 8, 1), day(y, 8, 20)))
		add(actHopeClass, actHopeClass.titles[0], between(r, day(y, 7, 15), day(y, 7, 31)))
		add(actHopeClass, actHopeClass.titles[1], between(r, day(y, 8, 5), day(y, 8, 25)))
		add(actDoubleNinth, "", doubleNinth[y])
		for range routine[y] {
			a := pick(r, shalongRoutine)
			from, to := day(y, 2, 1), day(y, 12, 20)
			if a.months[0] != 0 {
				from, to = day(y, a.months[0], 1), day(y, a.months[1]+1, 1).AddDate(0, 0, -1)
			}
			add(a, "", between(r, from, to))
		}
	}
	if len(plan) != ShalongActivities {
		return fmt.Errorf("activities: planned %d, want %d", len(plan), ShalongActivities)
	}
	slices.SortStableFunc(plan, func(a, b planned) int { return a.on.Compare(b.on) })
	onSite := []string{"小区中心广场", "沙龙社区党群服务中心", "沙龙社区新时代文明实践站", "益童乐园", "社区议事厅", "多功能活动室"}
	var builders []*ent.ActivityCreate
	for _, p := range plan {
		volunteers := intIn(r, 5, 20)
		b := l.tx.Activity.Create().
			SetTitle(p.title).
			SetCategory(p.act.cat).
			SetHeldOn(p.on).
			SetParticipants(intIn(r, 20, 160)).
			SetVolunteerHours(round(float64(volunteers)*uniform(r, 2, 4)*2, 0) / 2).
			SetCommunityID(s.id).
			AddOrganizationIDs(s.yuxin)
		if p.act.offSite {
			b.SetOffSite(true).SetVenue("水城区青少年活动中心").
				SetDescription(fmt.Sprintf("“飞地”共建共享：在水城区青少年活动中心举办，%d名大学生志愿者和“榆心社工”参与", volunteers))
		} else {
			venue := pick(r, onSite)
			if p.on.Before(premisesOpened) {
				venue = pick(r, onSite[:2]) // before the 二八 conversion
			}
			b.SetVenue(venue).
				SetDescription(fmt.Sprintf("“五社联动”活动联办：“榆心社工”组织，%d名志愿者参与", volunteers))
		}
		if p.act.children {
			b.AddOrganizationIDs(s.committee).AddSchoolIDs(s.schools[r.IntN(len(s.schools))])
		}
		if p.act.health {
			b.AddEnterpriseIDs(s.healthCentre)
		}
		if p.act.sponsor {
			b.AddEnterpriseIDs(s.company)
		}
		builders = append(builders, b)
	}
	if _, err := l.tx.Activity.CreateBulk(builders...).Save(ctx); err != nil {
		return fmt.Errorf("activities: %w", err)
	}
	return nil
}

// shalongPremises creates Shalong's rooms, grids, lists, needs and charity
// resources.
func (l *loader) shalongPremises(ctx context.Context, r *rand.Rand, s *shalong) error {
	var rooms []*ent.FacilityCreate
	var office, total float64
	for _, room := range shalongRooms {
		total += room.area
		if room.kind == facility.KindOFFICE {
			office += room.area
		}
		rooms = append(rooms, l.tx.Facility.Create().SetName(room.name).SetKind(room.kind).SetAreaM2(room.area).SetOpenedOn(room.opened).SetCommunityID(s.id))
	}
	if office != ShalongOfficeM2 || total != ShalongPremisesM2 {
		return fmt.Errorf("facilities: %v m² of offices in %v m², want %v in %v", office, total, ShalongOfficeM2, ShalongPremisesM2)
	}
	if _, err := l.tx.Facility.CreateBulk(rooms...).Save(ctx); err != nil {
		return fmt.Errorf("facilities: %w", err)
	}
	grids := l.gridBuilders(r, s.id, ShalongHouseholds, guizhou)
	if _, err := l.tx.Grid.CreateBulk(grids...).Save(ctx); err != nil {
		return fmt.Errorf("grids: %w", err)
	}
	var items []*ent.ServiceItemCreate
	for _, w := range oneStopItems {
		for _, name := range w.names {
			items = append(items, l.tx.ServiceItem.Create().SetName(name).SetList(serviceitem.ListONE_STOP).SetWindow(w.window).SetCommunityID(s.id))
		}
	}
	if len(items) != ShalongOneStopItems {
		return fmt.Errorf("service items: %d one-stop items, want %d", len(items), ShalongOneStopItems)
	}
	for _, it := range shalongListItems {
		items = append(items, l.tx.ServiceItem.Create().SetName(it.name).SetList(serviceitem.List(it.list)).SetCategory(it.cat).SetDescription(it.desc).SetCommunityID(s.id))
	}
	if _, err := saveAll(ctx, items, func(ctx context.Context, b []*ent.ServiceItemCreate) ([]*ent.ServiceItem, error) {
		return l.tx.ServiceItem.CreateBulk(b...).Save(ctx)
	}); err != nil {
		return fmt.Errorf("service items: %w", err)
	}
	needs := []struct {
		cat    enum.ServiceCategory
		weight float64
		desc   string
	}{
		{enum.Children, 0.92, "儿童占比高，“一小”关爱与托育需求突出"},
		{enum.Education, 0.85, "搬迁家庭子女课后辅导需求"},
		{enum.Elderly, 0.6, "“一老”养老助餐需求"},
		{enum.ElderlyDisabled, 0.7, "高龄、独居老人和残疾人关爱"},
		{enum.Medical, 0.62, "慢病管理与家庭医生服务"},
		{enum.Safety, 0.78, "飞线充电、车辆停放等安全隐患"},
		{enum.CultureScience, 0.66, "融入城市生活的文化科普活动"},
		{enum.Employment, 0.74, "搬迁群众就近就业"},
		{enum.Governance, 0.7, "人员结构复杂、诉求多，需要协商议事"},
	}
	var nb []*ent.NeedCreate
	for _, n := range needs {
		nb = append(nb, l.tx.Need.Create().SetCategory(n.cat).SetWeight(n.weight).SetDescription(n.desc).SetRecordedOn(day(2023, 2, 20)).SetCommunityID(s.id))
	}
	if _, err := l.tx.Need.CreateBulk(nb...).Save(ctx); err != nil {
		return fmt.Errorf("needs: %w", err)
	}
	charity := []*ent.CharityResourceCreate{
		l.tx.CharityResource.Create().SetDonorName(YuxinName).SetKind(charityresource.KindSERVICE).SetValueFen(6000000).
			SetDescription("驻点社工专业服务：个案管理、心理咨询与社区活动策划").SetReceivedOn(day(2023, 3, 15)).SetDonorOrganizationID(s.yuxin),
		l.tx.CharityResource.Create().SetDonorName(HealthCentreName).SetKind(charityresource.KindSERVICE).SetValueFen(1200000).
			SetDescription("每月进社区义诊").SetReceivedOn(day(2023, 4, 10)).SetDonorEnterpriseID(s.healthCentre),
		l.tx.CharityResource.Create().SetDonorName(ChuangyuxuanName).SetKind(charityresource.KindFUNDS).SetValueFen(2000000).
			SetDescription("“六一”儿童节慰问资金").SetReceivedOn(day(2023, 5, 26)).SetDonorEnterpriseID(s.company),
		l.tx.CharityResource.Create().SetDonorName("10·17扶贫日社会募捐").SetKind(charityresource.KindGOODS).SetValueFen(3600000).
			SetDescription("儿童图书1200册，用于小区院落儿童共享书屋").SetReceivedOn(day(2023, 10, 17)),
		l.tx.CharityResource.Create().SetDonorName("水城区慈善总会").SetKind(charityresource.KindFUNDS).SetValueFen(3000000).
			SetDescription("困难家庭爱心帮扶资金").SetReceivedOn(day(2024, 1, 22)),
		l.tx.CharityResource.Create().SetDonorName(ChuangyuxuanName).SetKind(charityresource.KindVENUE).SetValueFen(0).
			SetDescription("两江公园夜市场地在非营业时段无偿用于社区公益活动").SetReceivedOn(day(2024, 4, 1)).SetDonorEnterpriseID(s.company),
		l.tx.CharityResource.Create().SetDonorName(ChuangyuxuanName).SetKind(charityresource.KindFUNDS).SetValueFen(2000000).
			SetDescription("“六一”儿童节慰问资金").SetReceivedOn(day(2024, 5, 28)).SetDonorEnterpriseID(s.company),
		l.tx.CharityResource.Create().SetDonorName("大学生志愿者暑期“三下乡”实践团").SetKind(charityresource.KindSERVICE).SetValueFen(0).
			SetDescription("暑期支教与“希望小课堂”").SetReceivedOn(day(2024, 7, 15)),
		l.tx.CharityResource.Create().SetDonorName("爱心企业联合捐赠").SetKind(charityresource.KindGOODS).SetValueFen(850000).
			SetDescription("重阳节敬老慰问品").SetReceivedOn(day(2025, 10, 27)),
	}
	for _, b := range charity {
		b.SetCommunityID(s.id)
	}
	if _, err := l.tx.CharityResource.CreateBulk(charity...).Save(ctx); err != nil {
		return fmt.Errorf("charity resources: %w", err)
	}
	return nil
}

// ledgerPlan is the spending of one expense category since 2023, split into
// entries.
type ledgerPlan struct {
	cat     ledgerentry.Category
	total   int64 // fen
	entries int
	notes   []string
	on      func(r *rand.Rand, i int) time.Time // nil: any day of 2023–2025
}

// shalongRevenue creates the five self-funding projects and their ledgers
// since 2023: monthly income, and spending of which upkeep (infrastructure,
// public lighting, office supplies) is ShalongUpkeepFen and care (student
// and disability aid, care visits) ShalongCareFen.
func (l *loader) shalongRevenue(ctx context.Context, r *rand.Rand, s *shalong) error {
	if len(revenueSpecs) != ShalongRevenueProjects {
		return fmt.Errorf("revenue projects: %d planned, want %d", len(revenueSpecs), ShalongRevenueProjects)
	}
	var builders []*ent.RevenueProjectCreate
	for _, p := range revenueSpecs {
		b := l.tx.RevenueProject.Create().SetName(p.name).SetKind(p.kind).SetStartedOn(p.started).SetDescription(p.desc).SetCommunityID(s.id)
		if p.partner {
			b.SetPartnerID(s.company)
		}
		builders = append(builders, b)
	}
	projects, err := l.tx.RevenueProject.CreateBulk(builders...).Save(ctx)
	if err != nil {
		return fmt.Errorf("revenue projects: %w", err)
	}
	yuan := func(lo, hi int) int64 { return int64(intIn(r, lo, hi)) * 100 }
	var entries []*ent.LedgerEntryCreate
	income := func(p int, cat ledgerentry.Category, amount int64, on time.Time, note string) {
		entries = append(entries, l.tx.LedgerEntry.Create().SetDirection(ledgerentry.DirectionINCOME).SetCategory(cat).
			SetAmountFen(amount).SetOccurredOn(on).SetNote(note).SetProjectID(projects[p].ID))
	}
	for y := 2023; y <= 2025; y++ {
		for m := time.January; m <= time.December; m++ {
			end := day(y, m, 1).AddDate(0, 1, -1)
			if m >= time.April && m <= time.October {
				income(0, ledgerentry.CategoryOPERATING, yuan(9000, 16000), end, fmt.Sprintf("%d年%d月夜市摊位管理费", y, m))
			}
			income(1, ledgerentry.CategoryOPERATING, yuan(4500, 7500), end, fmt.Sprintf("%d年%d月停车费", y, m))
			income(2, ledgerentry.CategoryRENT, yuan(1800, 3200), end, fmt.Sprintf("%d年%d月地摊棚租金", y, m))
			if m%3 == 1 {
				income(3, ledgerentry.CategoryRENT, yuan(24000, 32000), day(y, m, 5), fmt.Sprintf("%d年第%d季度门面租金", y, (m-1)/3+1))
			}
			if y > 2023 || m >= time.March {
				income(4, ledgerentry.CategoryOPERATING, yuan(800, 1600), end, fmt.Sprintf("%d年%d月快递驿站服务收入", y, m))
			}
		}
		income(0, ledgerentry.CategorySPONSORSHIP, 1000000, day(y, 4, 20), fmt.Sprintf("%d年夜市合作企业赞助", y))
	}
	years := []int{2023, 2024, 2025}
	plans := []ledgerPlan{
		{ledgerentry.CategoryINFRASTRUCTURE, 25123000, 30, []string{"小区道路修补", "楼道墙面修缮", "排水管网疏通", "单元门维修", "围栏修复", "电动车集中充电棚建设"}, nil},
		{ledgerentry.CategoryPUBLIC_LIGHTING, 8654050, 12, []string{"小区路灯更换", "楼道声控灯维修", "公共照明电费"}, nil},
		{ledgerentry.CategoryOFFICE_SUPPLIES, 7459000, 24, []string{"打印纸、墨盒等办公耗材", "办公用品采购"}, nil},
		{ledgerentry.CategorySTUDENT_AID, 4680000, 9, []string{"助学金发放", "全国助残日慰问残疾人", "困难学生助学"}, func(r *rand.Rand, i int) time.Time {
			y := years[i/3]
			switch i % 3 {
			case 0:
				return between(r, day(y, 9, 1), day(y, 9, 15))
			case 1:
				return between(r, day(y, 5, 15), day(y, 5, 21))
			default:
				return between(r, day(y, 12, 1), day(y, 12, 20))
			}
		}},
		{ledgerentry.CategoryCARE_VISITS, 6184000, 12, []string{"“六一”儿童节慰问", "重阳节关爱助老慰问", "爱心帮扶困难家庭", "春节困难群众慰问"}, func(r *rand.Rand, i int) time.Time {
			y := years[i/4]
			switch i % 4 {
			case 0:
				return between(r, day(y, 5, 28), day(y, 6, 1))
			case 1:
				return doubleNinth[y]
			case 2:
				return between(r, day(y, 3, 1), day(y, 11, 30))
			default:
				return festivals[y][0].AddDate(0, 0, -intIn(r, 5, 12))
			}
		}},
		{ledgerentry.CategoryELDERLY_MEALS, 5800000, 12, []string{"老年助餐点运营补贴"}, nil},
		{ledgerentry.CategoryCHILDCARE, 3650000, 6, []string{"幼儿托育服务补贴"}, nil},
		{ledgerentry.CategoryOTHER_EXPENSE, 1200000, 4, []string{"夜市保洁与秩序维护"}, nil},
	}
	for _, p := range plans {
		for i, amount := range split(r, p.total, p.entries, 50000) {
			on := between(r, day(2023, 1, 5), day(2025, 12, 25))
			note := pick(r, p.notes)
			if p.on != nil {
				on = p.on(r, i)
				note = p.notes[min(i%len(p.notes), len(p.notes)-1)]
			}
			entries = append(entries, l.tx.LedgerEntry.Create().SetDirection(ledgerentry.DirectionEXPENSE).SetCategory(p.cat).
				SetAmountFen(amount).SetOccurredOn(on).SetNote(note).SetProjectID(projects[r.IntN(len(projects))].ID))
		}
	}
	if _, err := saveAll(ctx, entries, func(ctx context.Context, b []*ent.LedgerEntryCreate) ([]*ent.LedgerEntry, error) {
		return l.tx.LedgerEntry.CreateBulk(b...).Save(ctx)
	}); err != nil {
		return fmt.Errorf("ledger entries: %w", err)
	}
	return nil
}

// shalongConsultations creates the matters of "有事好商量": ShalongResolved
// resolved in 2023–2025, mostly flying-wire charging, parking and charging
// piles, a few rejected and a few still open.
func (l *loader) shalongConsultations(ctx context.Context, r *rand.Rand, s *shalong) error {
	counts := []struct {
		cat consultation.Category
		n   int
	}{
		{consultation.CategoryFLYING_WIRE_CHARGING, 30}, {consultation.CategoryPARKING, 28}, {consultation.CategoryCHARGING_PILES, 18},
		{consultation.CategorySANITATION, 12}, {consultation.CategoryPROPERTY_MANAGEMENT, 10}, {consultation.CategoryNOISE, 8},
		{consultation.CategoryFACILITIES, 8}, {consultation.CategoryPUBLIC_SAFETY, 7}, {consultation.CategoryNEIGHBOUR_DISPUTE, 5},
	}
	var builders []*ent.ConsultationCreate
	total := 0
	for _, c := range counts {
		for range c.n {
			builders = append(builders, l.consultationOf(r, s.id, c.cat, consultation.StatusRESOLVED, between(r, day(2023, 1, 3), day(2025, 11, 30))))
			total++
		}
	}
	if total != ShalongResolved {
		return fmt.Errorf("consultations: planned %d resolved, want %d", total, ShalongResolved)
	}
	builders = append(builders,
		l.consultationOf(r, s.id, consultation.CategoryPARKING, consultation.StatusREJECTED, day(2024, 3, 12)),
		l.consultationOf(r, s.id, consultation.CategoryOTHER, consultation.StatusREJECTED, day(2025, 6, 3)),
		l.consultationOf(r, s.id, consultation.CategoryCHARGING_PILES, consultation.StatusDISCUSSING, day(2026, 9, 18)),
		l.consultationOf(r, s.id, consultation.CategoryFLYING_WIRE_CHARGING, consultation.StatusDISCUSSING, day(2026, 10, 9)),
		l.consultationOf(r, s.id, consultation.CategoryPARKING, consultation.StatusDISCUSSING, day(2026, 10, 22)),
		l.consultationOf(r, s.id, consultation.CategoryNOISE, consultation.StatusRAISED, day(2026, 11, 3)),
		l.consultationOf(r, s.id, consultation.CategorySANITATION, consultation.StatusRAISED, day(2026, 11, 12)),
	)
	if _, err := l.tx.Consultation.CreateBulk(builders...).Save(ctx); err != nil {
		return fmt.Errorf("consultations: %w", err)
	}
	return nil
}

// shalongMeetings creates the joint meetings (联席会议) of district
// departments, the street, the community and social resources.
func (l *loader) shalongMeetings(ctx context.Context, r *rand.Rand, s *shalong) error {
	meetings := []struct {
		title       string
		on          time.Time
		departments []string
		schools     bool
		enterprises []int
		decisions   []string
	}{
		{"沙龙社区“五社联动”试点工作启动联席会议", day(2023, 2, 16), []string{"水城区委社会工作部", "水城区民政局", "双水街道办事处"}, true, []int{s.company, s.healthCentre}, []string{
			"引入“榆心社工”驻点服务，社工站设在社区活动阵地", "健全“区直部门—街道—社区—社会资源”党建联席会议机制", "梳理敬老助残、医疗服务、平安建设、文化科普服务清单、项目清单、活动清单"}},
		{"社区阵地“二八”改造专题联席会议", day(2023, 4, 20), []string{"水城区民政局", "双水街道办事处"}, false, nil, []string{
			"阵地空间20%用于办公、80%用于服务群众", "新增社区议事厅、儿童议事厅、心理咨询室、益童乐园", "整合民政、医保、人社等窗口设置“一站通办”服务台"}},
		{"“造血自给”项目合作联席会议", day(2023, 6, 15), []string{"水城区民政局", "双水街道办事处"}, false, []int{s.company}, []string{
			"与六盘水城创宇轩商贸有限公司签订合作协议", "开发两江公园星光夜市、普惠式停车场、地摊棚出租、门面出租等经营业务", "“造血”收入单独建账，用于小区公共服务和暖心活动"}},
		{"飞线充电与车辆停放治理联席会议", day(2023, 9, 21), []string{"水城区住房和城乡建设局", "双水街道办事处"}, false, []int{s.company}, []string{
			"增设电动车集中充电棚和充电桩", "普惠式停车场对居民优惠开放", "由“两代表一委员”联络室跟踪办理进度"}},
		{"“一老一小”服务联席会议", day(2024, 5, 23), []string{"水城区教育局", "水城区卫生健康局", "水城区民政局"}, true, []int{s.healthCentre}, []string{
			"打造“童”伴有我、“古柏银杏”特色品牌", "在小区院落增设儿童共享书屋", "学校与社区共建“希望小课堂”"}},
		{"2025年度“五社联动”工作推进联席会议", day(2025, 3, 20), []string{"水城区委社会工作部", "水城区民政局", "双水街道办事处"}, true, []int{s.company, s.healthCentre}, []string{
			"通报2024年度“造血”项目收支", "完善“八有”激励机制实施细则", "继续开展暑期“三下乡”和“飞地”活动"}},
	}
	var builders []*ent.JointMeetingCreate
	for _, m := range meetings {
		b := l.tx.JointMeeting.Create().
			SetTitle(m.title).
			SetHeldOn(m.on).
			SetDecisions(m.decisions).
			SetCommunityID(s.id).
			SetDivisionID(l.div[ShuangshuiCode]).
			AddOrganizationIDs(s.yuxin).
			AddEnterpriseIDs(m.enterprises...)
		for _, d := range m.departments {
			id, ok := l.dept[d]
			if !ok {
				return fmt.Errorf("joint meetings: department %s unknown", d)
			}
			b.AddDepartmentIDs(id)
		}
		if m.schools {
			b.AddSchoolIDs(s.schools...)
		}
		builders = append(builders, b)
	}
	if _, err := l.tx.JointMeeting.CreateBulk(builders...).Save(ctx); err != nil {
		return fmt.Errorf("joint meetings: %w", err)
	}
	return nil
}
