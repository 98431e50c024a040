package dashboard

import (
	"cmp"
	"slices"
	"strconv"

	"github.com/wushehub/wushe/ent/consultation"
	"github.com/wushehub/wushe/ent/ledgerentry"
	"github.com/wushehub/wushe/ent/schema/enum"
	"github.com/wushehub/wushe/ent/socialworker"
	"github.com/wushehub/wushe/ent/trainingbatch"
	"github.com/wushehub/wushe/ent/volunteer"
)

// The values every dashboard lists, zero or not, in display order.
var (
	volunteerKinds = []volunteer.Kind{volunteer.KindRESIDENT, volunteer.KindPARTY_MEMBER, volunteer.KindSTUDENT, volunteer.KindSTAFF}
	workerLevels   = []socialworker.Level{socialworker.LevelNONE, socialworker.LevelASSISTANT, socialworker.LevelINTERMEDIATE, socialworker.LevelSENIOR}
	phases         = []trainingbatch.Phase{
		trainingbatch.PhaseGROUP_DISCUSSION, trainingbatch.PhasePLAN_GUIDANCE, trainingbatch.PhaseCOMMUNITY_PRACTICE,
		trainingbatch.PhaseEXPERIENCE_SUMMARY, trainingbatch.PhaseROADSHOW,
	}
)

// maxGroups is the most ACTIVE pairings a community may have: the
// histogram always has the bars 0 to maxGroups.
const maxGroups = 3

func itoa(n int) string { return strconv.Itoa(n) }

// The accumulators below find or add the entry of one value; the lists are
// short (a dozen categories, a few dozen months), so a scan is enough.

func find[T any, K comparable](list *[]*T, key K, keyOf func(*T) K, make func() *T) *T {
	for _, x := range *list {
		if keyOf(x) == key {
			return x
		}
	}
	x := make()
	*list = append(*list, x)
	return x
}

func (p *Pairing) add(groups int, communities int64) {
	for i := range p.GroupsPerCommunity {
		if p.GroupsPerCommunity[i].Groups == groups {
			p.GroupsPerCommunity[i].Communities += communities
			return
		}
	}
	p.GroupsPerCommunity = append(p.GroupsPerCommunity, Bucket{Groups: groups, Communities: communities})
}

func (a *Activities) category(c enum.ServiceCategory) *ActivityFigures {
	return find(&a.ByCategory, c, func(x *ActivityFigures) enum.ServiceCategory { return x.Category },
		func() *ActivityFigures { return &ActivityFigures{Category: c} })
}

func (a *Activities) month(m string) *ActivityFigures {
	return find(&a.ByMonth, m, func(x *ActivityFigures) string { return x.Month },
		func() *ActivityFigures { return &ActivityFigures{Month: m} })
}

func (v *Volunteers) kind(k volunteer.Kind) *VolunteerKind {
	return find(&v.ByKind, k, func(x *VolunteerKind) volunteer.Kind { return x.Kind },
		func() *VolunteerKind { return &VolunteerKind{Kind: k} })
}

func (v *Volunteers) star(n int) *StarLevel {
	return find(&v.Stars, n, func(x *StarLevel) int { return x.Stars },
		func() *StarLevel { return &StarLevel{Stars: n} })
}

func (w *Workers) level(l socialworker.Level) *WorkerLevel {
	return find(&w.ByLevel, l, func(x *WorkerLevel) socialworker.Level { return x.Level },
		func() *WorkerLevel { return &WorkerLevel{Level: l} })
}

func (c *Consultations) category(cat consultation.Category) *ConsultationCategory {
	return find(&c.ByCategory, cat, func(x *ConsultationCategory) consultation.Category { return x.Category },
		func() *ConsultationCategory { return &ConsultationCategory{Category: cat} })
}

func (s *SelfFunding) category(income bool, cat ledgerentry.Category) *LedgerCategory {
	list := &s.ExpenseByCategory
	if income {
		list = &s.IncomeByCategory
	}
	return find(list, cat, func(x *LedgerCategory) ledgerentry.Category { return x.Category },
		func() *LedgerCategory { return &LedgerCategory{Category: cat} })
}

func (t *Training) phase(p trainingbatch.Phase) *PhaseCount {
	return find(&t.ByPhase, p, func(x *PhaseCount) trainingbatch.Phase { return x.Phase },
		func() *PhaseCount { return &PhaseCount{Phase: p} })
}

// finish completes and orders the figures of every area once the queries
// have run: the fixed lists get their zero entries, totals that are sums of
// listed parts are summed, lists are sorted for display.
func (sc *scope) finish() {
	for _, a := range sc.areas() {
		a.finish(sc.hoursFor(a.prefix))
	}
}

func (a *Area) finish(starHours []int) {
	for g := 0; g <= maxGroups; g++ {
		a.Pairing.add(g, 0)
	}
	slices.SortFunc(a.Pairing.GroupsPerCommunity, func(x, y Bucket) int { return cmp.Compare(x.Groups, y.Groups) })

	order := map[enum.ServiceCategory]int{}
	for i, c := range enum.ServiceCategories {
		order[c] = i
	}
	slices.SortFunc(a.Activities.ByCategory, func(x, y *ActivityFigures) int { return cmp.Compare(order[x.Category], order[y.Category]) })
	slices.SortFunc(a.Activities.ByMonth, func(x, y *ActivityFigures) int { return cmp.Compare(x.Month, y.Month) })

	v := &a.Volunteers
	for _, k := range volunteerKinds {
		v.kind(k)
	}
	slices.SortStableFunc(v.ByKind, func(x, y *VolunteerKind) int {
		return cmp.Compare(slices.Index(volunteerKinds, x.Kind), slices.Index(volunteerKinds, y.Kind))
	})
	v.StarHours = starHours
	for n := 0; n <= len(starHours); n++ {
		v.star(n)
	}
	slices.SortFunc(v.Stars, func(x, y *StarLevel) int { return cmp.Compare(x.Stars, y.Stars) })
	for _, s := range v.Stars {
		if s.Stars > 0 && s.Stars <= len(starHours) {
			s.MinHours = starHours[s.Stars-1]
		}
	}

	w := &a.Workers
	for _, l := range workerLevels {
		w.level(l)
	}
	slices.SortStableFunc(w.ByLevel, func(x, y *WorkerLevel) int {
		return cmp.Compare(slices.Index(workerLevels, x.Level), slices.Index(workerLevels, y.Level))
	})
	w.Total.Value, w.Certified.Value = 0, 0
	for _, l := range w.ByLevel {
		w.Total.Value += l.Count.Value
		if l.Level != socialworker.LevelNONE {
			w.Certified.Value += l.Count.Value
		}
	}
	if a.Communities > 0 {
		w.PerCommunity.Value = float64(w.Total.Value) / float64(a.Communities)
	}

	a.Consultations.MedianDays = median(a.Consultations.days)
	slices.SortFunc(a.Consultations.ByCategory, func(x, y *ConsultationCategory) int {
		return cmp.Or(cmp.Compare(y.Raised, x.Raised), cmp.Compare(y.Resolved, x.Resolved), cmp.Compare(x.Category, y.Category))
	})
	byAmount := func(x, y *LedgerCategory) int {
		return cmp.Or(cmp.Compare(y.AmountFen, x.AmountFen), cmp.Compare(x.Category, y.Category))
	}
	slices.SortFunc(a.SelfFunding.IncomeByCategory, byAmount)
	slices.SortFunc(a.SelfFunding.ExpenseByCategory, byAmount)

	slices.SortFunc(a.Space.Communities, func(x, y *CommunitySpace) int {
		return cmp.Or(cmp.Compare(y.OfficeShare(), x.OfficeShare()), cmp.Compare(x.Community.Code, y.Community.Code))
	})

	for _, p := range phases {
		a.Training.phase(p)
	}
	slices.SortStableFunc(a.Training.ByPhase, func(x, y *PhaseCount) int {
		return cmp.Compare(slices.Index(phases, x.Phase), slices.Index(phases, y.Phase))
	})
}

// OfficeShare returns the share of the floor area used as offices, 0 when
// there is none.
func (s *Space) OfficeShare() float64 { return share(s.OfficeM2, s.OfficeM2+s.ServiceM2) }

// Flagged reports whether the office share exceeds OfficeLimit.
func (s *Space) Flagged() bool { return over(s.OfficeM2, s.OfficeM2+s.ServiceM2) }

// OfficeShare returns the share of the community's floor area used as
// offices, 0 when it has none.
func (c *CommunitySpace) OfficeShare() float64 { return share(c.OfficeM2, c.OfficeM2+c.ServiceM2) }

// Flagged reports whether the community's office share exceeds
// OfficeLimit.
func (c *CommunitySpace) Flagged() bool { return over(c.OfficeM2, c.OfficeM2+c.ServiceM2) }

func share(part, whole float64) float64 {
	if whole <= 0 {
		return 0
	}
	return part / whole
}

// over compares as the database does: office×100 > total×limit.
func over(office, total float64) bool { return office*100 > total*OfficeLimitPercent }
