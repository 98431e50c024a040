package dashboard

// Complementary suppression of the volunteer-service dashboard, for
// aggregate-only viewers. persons withholds a figure of 1 to 4 persons (and
// the hours and points that go with it, except those that are 0: zeros are
// always shown); a withheld figure could still be worked out as a total
// minus the terms shown beside it (or a withheld total as the sum of its
// terms): the area's hours, points issued and points redeemed are each the
// sum of those of the areas below and of its months, its talent titles and
// housing grants the sum of the areas' below and of the titles by name. So
// in each such sum, figure by figure, with exactly one withheld figure,
// another term is withheld (with its unit: the area or month and the
// figures that go with it): the smallest positive term the viewer does not
// see in full, else the total itself; until no sum has one. Star levels
// are withheld all together when any is (their sum is a figure of the main
// dashboard). The months are decided as one pattern over the hierarchy,
// top down (volunteering_months.go), since an area's month is also a term
// of the month of the area above, in another answer.
//
// graph/volunteering_attack_test.go audits all the demo's answers put
// together, as an attacker with a linear-programming solver would: none of
// the withheld figures comes out (2,999 of 5,525 did before the zeros were
// shown, the complements taken figure by figure and the months decided top
// down). What it does not reach: the breakdown rows are still decided
// answer by answer, and the star levels and titles by name across answers
// only by the audit's finding nothing in the demo.

// volunteeringTerm is one term of a sum: whether it is withheld, how large
// it is (to choose a complement), whether the viewer sees it in full, and
// how to withhold it.
type volunteeringTerm struct {
	withheld bool
	size     float64
	full     bool
	hide     func()
}

// complementOne withholds one more term of a sum with exactly one withheld
// figure — one of its terms while the total is shown, or the total while
// every term is shown — and reports whether it withheld one.
func complementOne(total volunteeringTerm, terms []volunteeringTerm) bool {
	if total.full {
		return false
	}
	n := 0
	if total.withheld {
		n++
	}
	for _, t := range terms {
		if t.withheld {
			n++
		}
	}
	if n != 1 {
		return false
	}
	best := -1
	for i, t := range terms {
		if t.withheld || t.full || t.size <= 0 {
			continue
		}
		if best < 0 || t.size < terms[best].size {
			best = i
		}
	}
	if best >= 0 {
		terms[best].hide()
		return true
	}
	if total.withheld || total.hide == nil { // nothing left to withhold here
		return false
	}
	total.hide()
	return true
}

func withholdUnit(active **int64, hours **float64, issued, redeemed **int64) {
	if active != nil {
		*active = nil
	}
	if hours != nil && *hours != nil && **hours != 0 {
		*hours = nil
	}
	for _, p := range []**int64{issued, redeemed} {
		if p != nil && *p != nil && **p != 0 {
			*p = nil
		}
	}
}

func hideArea(a *VolunteeringArea) func() {
	return func() { withholdUnit(&a.ActiveVolunteers, &a.Hours, &a.PointsIssued, &a.PointsRedeemed) }
}

func hideMonth(m *VolunteeringMonth) func() {
	return func() { withholdUnit(&m.ActiveVolunteers, &m.Hours, &m.PointsIssued, &m.PointsRedeemed) }
}

// measure is one additive figure of a unit: hours, points issued, points
// redeemed.
type measure struct {
	hours func(*VolunteeringArea) **float64
	count func(*VolunteeringArea) **int64
}

var measures = []measure{
	{hours: func(a *VolunteeringArea) **float64 { return &a.Hours }},
	{count: func(a *VolunteeringArea) **int64 { return &a.PointsIssued }},
	{count: func(a *VolunteeringArea) **int64 { return &a.PointsRedeemed }},
}

// floatTerm is a term of a sum of hours.
func floatTerm(p **float64, full bool, hide func()) volunteeringTerm {
	size := 0.0
	if *p != nil {
		size = **p
	}
	return volunteeringTerm{withheld: *p == nil, size: size, full: full, hide: hide}
}

func intTerm(p **int64, full bool, hide func()) volunteeringTerm {
	size := 0.0
	if *p != nil {
		size = float64(**p)
	}
	return volunteeringTerm{withheld: *p == nil, size: size, full: full, hide: hide}
}

func countTerm(p **int64, full bool) volunteeringTerm {
	return intTerm(p, full, func() { *p = nil })
}

// complementVolunteering applies the complements to v, shaped for a viewer
// with access full to its area: in each sum, figure by figure (hours, points
// issued, points redeemed), over the areas below and over the months, until
// none has exactly one withheld term.
func complementVolunteering(v *Volunteering, full bool) {
	if full {
		return
	}
	// Each pass withholds at least one more figure, or stops; the bound
	// only guards against a total of 0 that withholding leaves shown.
	for pass, changed := 0, true; changed && pass <= len(v.Breakdown)+1; pass++ {
		changed = false
		for _, ms := range measures {
			var total volunteeringTerm
			kids := make([]volunteeringTerm, len(v.Breakdown))
			if ms.hours != nil {
				total = floatTerm(ms.hours(&v.Area), false, hideArea(&v.Area))
				for i := range v.Breakdown {
					b := &v.Breakdown[i]
					kids[i] = floatTerm(ms.hours(b), b.Access == Full, hideArea(b))
				}
			} else {
				total = intTerm(ms.count(&v.Area), false, hideArea(&v.Area))
				for i := range v.Breakdown {
					b := &v.Breakdown[i]
					kids[i] = intTerm(ms.count(b), b.Access == Full, hideArea(b))
				}
			}
			// The months are decided top down (volunteering_months.go).
			changed = complementOne(total, kids) || changed
		}
	}
	// Talent titles and housing grants: by area below, and by name.
	for _, kind := range []struct {
		name  string
		field func(*VolunteeringArea) **int64
	}{
		{"TITLE", func(a *VolunteeringArea) **int64 { return &a.TalentTitles }},
		{"BENEFIT", func(a *VolunteeringArea) **int64 { return &a.HousingGrants }},
	} {
		var terms []volunteeringTerm
		for i := range v.Breakdown {
			b := &v.Breakdown[i]
			terms = append(terms, countTerm(kind.field(b), b.Access == Full))
		}
		complementOne(countTerm(kind.field(&v.Area), false), terms)
		var named []volunteeringTerm
		for i := range v.Talents {
			if v.Talents[i].Kind == kind.name {
				named = append(named, countTerm(&v.Talents[i].Count, false))
			}
		}
		complementOne(countTerm(kind.field(&v.Area), false), named)
	}
	// Star levels.
	for _, s := range v.Stars {
		if s.Count == nil {
			for i := range v.Stars {
				v.Stars[i].Count = nil
			}
			break
		}
	}
}
