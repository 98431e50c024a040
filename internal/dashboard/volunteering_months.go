package dashboard

import (
	"context"
	"time"
)

// The months of the volunteer-service dashboard, for aggregate-only
// viewers, are decided as one pattern over the hierarchy, top down, as the
// main dashboard's figures are (suppress.go): an area's month is also a
// term of the same month of the area above, so a month withheld in one
// answer and decided there alone could be worked out from the answer of
// the area above. So the root's months are decided first (a month of 1
// to 4 active volunteers withheld, and complements in the sum of its
// months); then, table by table down to the area asked for, the months of
// the areas directly below an area, with the area's months as decided
// above them and never changed: a month of 1 to 4 active volunteers is
// withheld, and while a column (one month: the area's month the sum of
// theirs) or a row (one area: its total the sum of its months) has
// exactly one withheld term of a figure (hours, points issued, points
// redeemed), the smallest positive other term is withheld with its unit.
// The area asked for gets its row. The pattern depends on the figures
// alone, never on the viewer nor on the area asked for.

// monthsTopDown returns the months of the last area of tables' chain (the
// top of the last table, which is the area asked for), decided as above.
func (s *Service) monthsTopDown(ctx context.Context, dia string, tables []grid, from, to *time.Time) ([]VolunteeringMonth, error) {
	agg := func(a *Area) *Area { x := *a; x.Access = Aggregate; return &x }
	root := agg(tables[0].top)
	rootTotal, err := s.volunteeringArea(ctx, dia, root, from, to)
	if err != nil {
		return nil, err
	}
	months, err := s.volunteeringMonths(ctx, dia, root, from, to, false)
	if err != nil {
		return nil, err
	}
	complementRows([]*VolunteeringArea{&rootTotal}, [][]VolunteeringMonth{months})
	for i := 0; i+1 < len(tables); i++ {
		t := tables[i]
		next := tables[i+1].top
		kids := make([]*VolunteeringArea, len(t.kids))
		rows := make([][]VolunteeringMonth, len(t.kids))
		at := -1
		for k, kid := range t.kids {
			a := agg(kid)
			va, err := s.volunteeringArea(ctx, dia, a, from, to)
			if err != nil {
				return nil, err
			}
			kids[k] = &va
			if rows[k], err = s.volunteeringMonths(ctx, dia, a, from, to, false); err != nil {
				return nil, err
			}
			if kid.prefix == next.prefix {
				at = k
			}
		}
		if at < 0 {
			// Not a chain (tables makes one): the area's own months.
			last := agg(tables[len(tables)-1].top)
			total, err := s.volunteeringArea(ctx, dia, last, from, to)
			if err != nil {
				return nil, err
			}
			if months, err = s.volunteeringMonths(ctx, dia, last, from, to, false); err != nil {
				return nil, err
			}
			complementRows([]*VolunteeringArea{&total}, [][]VolunteeringMonth{months})
			return months, nil
		}
		complementTable(months, kids, rows)
		months = rows[at]
	}
	return months, nil
}

// monthFigures are the additive figures of a month, by measure.
func monthFigures(m *VolunteeringMonth) []func() volunteeringTerm {
	hide := hideMonth(m)
	return []func() volunteeringTerm{
		func() volunteeringTerm { return floatTerm(&m.Hours, false, hide) },
		func() volunteeringTerm { return intTerm(&m.PointsIssued, false, hide) },
		func() volunteeringTerm { return intTerm(&m.PointsRedeemed, false, hide) },
	}
}

func areaFigures(a *VolunteeringArea) []volunteeringTerm {
	return []volunteeringTerm{
		floatTerm(&a.Hours, false, nil),
		intTerm(&a.PointsIssued, false, nil),
		intTerm(&a.PointsRedeemed, false, nil),
	}
}

// complementRows complements each area's months within the sum of its
// months (its total, fixed).
func complementRows(totals []*VolunteeringArea, rows [][]VolunteeringMonth) bool {
	changed := false
	for r, row := range rows {
		tot := areaFigures(totals[r])
		for f := range tot {
			terms := make([]volunteeringTerm, len(row))
			for i := range row {
				terms[i] = monthFigures(&row[i])[f]()
			}
			changed = complementOne(tot[f], terms) || changed
		}
	}
	return changed
}

// complementTable complements the months of the areas below an area: rows
// (each area's months against its total) and columns (each month of the
// areas against the area's month, as decided above), until neither has
// one withheld term of a figure.
func complementTable(top []VolunteeringMonth, totals []*VolunteeringArea, rows [][]VolunteeringMonth) {
	index := make([]map[string]int, len(rows))
	for r, row := range rows {
		index[r] = map[string]int{}
		for i := range row {
			index[r][row[i].Month] = i
		}
	}
	limit := 1
	for _, row := range rows {
		limit += len(row)
	}
	for pass, changed := 0, true; changed && pass <= limit; pass++ {
		changed = complementRows(totals, rows)
		for c := range top {
			col := &top[c]
			for f := range 3 {
				total := monthFigures(col)[f]()
				total.hide = nil // decided above
				var terms []volunteeringTerm
				for r := range rows {
					if i, ok := index[r][col.Month]; ok {
						terms = append(terms, monthFigures(&rows[r][i])[f]())
					}
				}
				changed = complementOne(total, terms) || changed
			}
		}
	}
}
