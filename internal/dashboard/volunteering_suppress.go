package dashboard

// Complementary suppression of the volunteer-service dashboard, for
// aggregate-only viewers. persons withholds a figure of 1 to 4 persons (and
// the hours and points that go with it); a withheld figure could still be
// worked out as a total minus the terms shown beside it: the area's hours
// and points are the sum of those of the areas below and of its months,
// its talent titles and housing grants the sum of the areas' below and of
// the titles by name. So in each such sum with exactly one withheld term,
// another is withheld: the smallest positive term the viewer does not see
// in full, else the total itself. Star levels are withheld all together
// when any is (their sum is a figure of the main dashboard).
//
// This is the second rule of the main dashboard's suppression (see
// suppress.go) without its attacker's audit: two withheld terms of a sum
// leave each other one equation, not a value, but bounds on them (a small
// count is 1 to 4) are not checked here.

// volunteeringTerm is one term of a sum: whether it is withheld, how large
// it is (to choose a complement), whether the viewer sees it in full, and
// how to withhold it.
type volunteeringTerm struct {
	withheld bool
	size     float64
	full     bool
	hide     func()
}

// complementOne withholds one more term of a sum whose total is shown and
// one of whose terms is withheld.
func complementOne(total volunteeringTerm, terms []volunteeringTerm) {
	if total.withheld || total.full {
		return
	}
	n := 0
	for _, t := range terms {
		if t.withheld {
			n++
		}
	}
	if n != 1 {
		return
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
		return
	}
	total.hide()
}

func hideArea(a *VolunteeringArea) func() {
	return func() { a.ActiveVolunteers, a.Hours, a.PointsIssued, a.PointsRedeemed = nil, nil, nil, nil }
}

func serviceTerm(a *VolunteeringArea) volunteeringTerm {
	size := 0.0
	if a.Hours != nil {
		size = *a.Hours
	}
	if a.ActiveVolunteers != nil && size == 0 {
		size = float64(*a.ActiveVolunteers)
	}
	return volunteeringTerm{withheld: a.ActiveVolunteers == nil, size: size, full: a.Access == Full, hide: hideArea(a)}
}

func countTerm(p **int64, full bool) volunteeringTerm {
	size := 0.0
	if *p != nil {
		size = float64(**p)
	}
	return volunteeringTerm{withheld: *p == nil, size: size, full: full, hide: func() { *p = nil }}
}

// complementVolunteering applies the complements to v, shaped for a viewer
// with access full to its area.
func complementVolunteering(v *Volunteering, full bool) {
	if full {
		return
	}
	// The areas below.
	kids := make([]volunteeringTerm, len(v.Breakdown))
	for i := range v.Breakdown {
		kids[i] = serviceTerm(&v.Breakdown[i])
	}
	complementOne(serviceTerm(&v.Area), kids)
	// The months.
	months := make([]volunteeringTerm, len(v.ByMonth))
	for i := range v.ByMonth {
		m := &v.ByMonth[i]
		size := 0.0
		if m.Hours != nil {
			size = *m.Hours
		}
		months[i] = volunteeringTerm{withheld: m.ActiveVolunteers == nil, size: size,
			hide: func() { m.ActiveVolunteers, m.Hours, m.PointsIssued, m.PointsRedeemed = nil, nil, nil, nil }}
	}
	complementOne(serviceTerm(&v.Area), months)
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
