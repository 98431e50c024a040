package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/wushehub/wushe/graph/model"
	"github.com/wushehub/wushe/internal/dashboard"
	"github.com/wushehub/wushe/internal/fault"
)

// panelsOf returns the panels the dashboard field of ctx selects, on the
// dashboard and on its breakdown, so that unasked panels cost nothing.
func panelsOf(ctx context.Context) dashboard.Panels {
	byField := map[string]dashboard.Panels{
		"pairing":       dashboard.PanelPairing,
		"activities":    dashboard.PanelActivities,
		"volunteers":    dashboard.PanelVolunteers,
		"socialWorkers": dashboard.PanelWorkers,
		"consultations": dashboard.PanelConsultations,
		"selfFunding":   dashboard.PanelSelfFunding,
		"space":         dashboard.PanelSpace,
		"training":      dashboard.PanelTraining,
		"map":           dashboard.PanelMap,
	}
	op := graphql.GetOperationContext(ctx)
	panels := dashboard.PanelPairing // the base figures are always read
	var collect func(sel ast.SelectionSet, on ...string)
	collect = func(sel ast.SelectionSet, on ...string) {
		for _, f := range graphql.CollectFields(op, sel, on) {
			panels |= byField[f.Name]
			switch f.Name {
			case "breakdown":
				collect(f.Selections, "DashboardArea", "DashboardFigures")
			case "space":
				for _, g := range graphql.CollectFields(op, f.Selections, []string{"SpacePanel"}) {
					if g.Name == "communities" {
						panels |= dashboard.PanelSpaceList
					}
				}
			}
		}
	}
	collect(graphql.GetFieldContext(ctx).Field.Selections, "Dashboard", "DashboardFigures")
	return panels
}

// suppressionText explains a withheld figure.
var suppressionText = map[dashboard.Reason]fault.Text{
	dashboard.SmallCount: fault.T(
		"fewer than 5 persons are counted: withheld so that no one can be singled out",
		"统计人数少于5人：为防止识别到个人，不予显示"),
	dashboard.Complementary: fault.T(
		"withheld so that another withheld figure cannot be worked out from the totals",
		"为防止由合计推算出其他不予显示的数字，一并不予显示"),
}

// dashboardModel renders a dashboard for the API, in the request's language.
func dashboardModel(ctx context.Context, d *dashboard.Dashboard) *model.Dashboard {
	lang := fault.LangFrom(ctx)
	a := areaModel(lang, &d.Area)
	out := &model.Dashboard{
		Code: a.Code, Name: a.Name, Level: a.Level, Division: a.Division, Community: a.Community, Access: a.Access,
		Communities: a.Communities, Households: a.Households, Population: a.Population,
		Pairing: a.Pairing, Activities: a.Activities, Volunteers: a.Volunteers, SocialWorkers: a.SocialWorkers,
		Consultations: a.Consultations, SelfFunding: a.SelfFunding, Space: a.Space, Training: a.Training,
		From: d.From, To: d.To, Breakdown: []*model.DashboardArea{}, Map: &model.DashboardMap{},
	}
	for _, c := range d.Breakdown {
		out.Breakdown = append(out.Breakdown, areaModel(lang, c))
	}
	if m := d.Map; m != nil {
		out.Map = &model.DashboardMap{Communities: m.Communities, Campuses: m.Campuses, TeachingSites: m.TeachingSites}
		for _, p := range m.Pairings {
			out.Map.Pairings = append(out.Map.Pairings, &model.MapPairing{Community: p.Community, University: p.University, Groups: p.Groups})
		}
	}
	out.Map.Communities = nonNil(out.Map.Communities)
	out.Map.Campuses = nonNil(out.Map.Campuses)
	out.Map.TeachingSites = nonNil(out.Map.TeachingSites)
	out.Map.Pairings = nonNil(out.Map.Pairings)
	return out
}

// nonNil returns s, or an empty slice for nil (a list is never null).
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func areaModel(lang fault.Lang, a *dashboard.Area) *model.DashboardArea {
	count := func(c dashboard.Count) *model.PersonCount {
		if c.Withheld != "" {
			r := model.Suppression(c.Withheld)
			text := suppressionText[c.Withheld].In(lang)
			return &model.PersonCount{Suppressed: &r, Reason: &text}
		}
		v := int(c.Value)
		return &model.PersonCount{Value: &v}
	}
	measure := func(m dashboard.Measure) *model.PersonMeasure {
		if m.Withheld != "" {
			r := model.Suppression(m.Withheld)
			text := suppressionText[m.Withheld].In(lang)
			return &model.PersonMeasure{Suppressed: &r, Reason: &text}
		}
		v := round(m.Value)
		return &model.PersonMeasure{Value: &v}
	}
	out := &model.DashboardArea{
		Code: a.Code, Name: a.Name, Level: model.DashboardLevel(a.Level), Division: a.Division, Community: a.Community,
		Access: model.DashboardAccess(a.Access), Communities: int(a.Communities), Households: int(a.Households), Population: int(a.Population),
	}

	p := &model.PairingPanel{
		Communities: int(a.Communities), Paired: int(a.Pairing.Paired), Coverage: ratio(a.Pairing.Paired, a.Communities),
		ActivePairings: int(a.Pairing.ActivePairings), GroupsPerCommunity: []*model.PairingBucket{},
	}
	for _, b := range a.Pairing.GroupsPerCommunity {
		p.GroupsPerCommunity = append(p.GroupsPerCommunity, &model.PairingBucket{Groups: b.Groups, Communities: int(b.Communities)})
	}
	out.Pairing = p

	activity := func(x *dashboard.ActivityFigures) *model.ActivityFigures {
		m := &model.ActivityFigures{
			Count: int(x.Count), Participants: count(x.Participants), VolunteerHours: round(x.VolunteerHours),
			OffSite: int(x.OffSite), OffSiteShare: ratio(x.OffSite, x.Count),
		}
		if x.Category != "" {
			c := x.Category
			m.Category = &c
		}
		if x.Month != "" {
			mo := x.Month
			m.Month = &mo
		}
		return m
	}
	acts := &model.ActivityPanel{Total: activity(&a.Activities.Total), ByCategory: []*model.ActivityFigures{}, ByMonth: []*model.ActivityFigures{}}
	for _, x := range a.Activities.ByCategory {
		acts.ByCategory = append(acts.ByCategory, activity(x))
	}
	for _, x := range a.Activities.ByMonth {
		acts.ByMonth = append(acts.ByMonth, activity(x))
	}
	out.Activities = acts

	v := a.Volunteers
	vols := &model.VolunteerPanel{
		Total: count(v.Total), Hours: measure(v.Hours), ByKind: []*model.VolunteerKindFigures{}, Stars: []*model.VolunteerStarFigures{},
		StarHours: nonNil(v.StarHours), ServiceTeams: int(v.ServiceTeams),
	}
	for _, k := range v.ByKind {
		vols.ByKind = append(vols.ByKind, &model.VolunteerKindFigures{Kind: k.Kind, Count: count(k.Count), Hours: measure(k.Hours)})
	}
	for _, s := range v.Stars {
		vols.Stars = append(vols.Stars, &model.VolunteerStarFigures{Stars: s.Stars, MinHours: s.MinHours, Count: count(s.Count)})
	}
	out.Volunteers = vols

	w := a.Workers
	workers := &model.SocialWorkerPanel{
		Total: count(w.Total), Certified: count(w.Certified), ByLevel: []*model.SocialWorkerLevelFigures{},
		PerCommunity: measure(w.PerCommunity), CommunitiesWithout: int(w.CommunitiesWithout),
	}
	for _, l := range w.ByLevel {
		workers.ByLevel = append(workers.ByLevel, &model.SocialWorkerLevelFigures{Level: l.Level, Count: count(l.Count)})
	}
	out.SocialWorkers = workers

	c := a.Consultations
	cons := &model.ConsultationPanel{
		Raised: int(c.Raised), Resolved: int(c.Resolved), Open: int(c.Open), Rejected: int(c.Rejected),
		ByCategory: []*model.ConsultationCategoryFigures{},
	}
	if c.MedianDays != nil {
		m := round(*c.MedianDays)
		cons.MedianDaysToResolve = &m
	}
	for _, x := range c.ByCategory {
		cons.ByCategory = append(cons.ByCategory, &model.ConsultationCategoryFigures{Category: x.Category, Raised: int(x.Raised), Resolved: int(x.Resolved)})
	}
	out.Consultations = cons

	sf := a.SelfFunding
	funding := &model.SelfFundingPanel{
		Projects: int(sf.Projects), Income: sf.Income, Expense: sf.Expense, Balance: sf.Income - sf.Expense,
		IncomeByCategory: []*model.LedgerCategoryFigures{}, ExpenseByCategory: []*model.LedgerCategoryFigures{},
	}
	for _, x := range sf.IncomeByCategory {
		funding.IncomeByCategory = append(funding.IncomeByCategory, &model.LedgerCategoryFigures{Category: x.Category, Amount: x.AmountFen, Entries: int(x.Entries)})
	}
	for _, x := range sf.ExpenseByCategory {
		funding.ExpenseByCategory = append(funding.ExpenseByCategory, &model.LedgerCategoryFigures{Category: x.Category, Amount: x.AmountFen, Entries: int(x.Entries)})
	}
	out.SelfFunding = funding

	sp := a.Space
	space := &model.SpacePanel{
		OfficeM2: round(sp.OfficeM2), ServiceM2: round(sp.ServiceM2), Limit: dashboard.OfficeLimit, Flagged: sp.Flagged(),
		CommunitiesMeasured: int(sp.Measured), CommunitiesFlagged: int(sp.OverLimit), Communities: []*model.CommunitySpace{},
	}
	if sp.OfficeM2+sp.ServiceM2 > 0 {
		s := round(sp.OfficeShare())
		space.OfficeShare = &s
	}
	for _, x := range sp.Communities {
		space.Communities = append(space.Communities, &model.CommunitySpace{
			Community: x.Community, OfficeM2: round(x.OfficeM2), ServiceM2: round(x.ServiceM2),
			OfficeShare: round(x.OfficeShare()), Flagged: x.Flagged(),
		})
	}
	out.Space = space

	t := a.Training
	training := &model.TrainingPanel{
		Batches: int(t.Batches), Completed: int(t.Completed), ByPhase: []*model.TrainingPhaseFigures{}, StudentsTrained: count(t.Students),
		Agreements: int(t.Agreements), Bilateral: int(t.Bilateral), Tripartite: int(t.Tripartite),
		TeachingSites: int(t.TeachingSites), OneStopItems: int(t.OneStopItems),
	}
	for _, x := range t.ByPhase {
		training.ByPhase = append(training.ByPhase, &model.TrainingPhaseFigures{Phase: x.Phase, Batches: int(x.Batches)})
	}
	out.Training = training
	return out
}

// ratio returns part/whole rounded, or nil when whole is 0.
func ratio(part, whole int64) *float64 {
	if whole == 0 {
		return nil
	}
	r := round(float64(part) / float64(whole))
	return &r
}
