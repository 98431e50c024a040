package dashboard

import (
	"context"
	"fmt"
	"slices"
	"strings"

	entsql "entgo.io/ent/dialect/sql"

	"github.com/wushehub/wushe/ent/division"
	"github.com/wushehub/wushe/internal/ident"
)

// A volunteer's star level (星级) is the number of thresholds its hours
// reach. The thresholds are those of the nearest division above its
// community that sets them (Division.volunteerStarHours: a district for its
// streets and communities, a city or province for districts that set none),
// else DefaultStarHours.

// starRule is the thresholds a division sets for the codes below it.
type starRule struct {
	prefix string
	hours  []int
}

// thresholds are the star rules that matter to a dashboard: those of the
// divisions above the hierarchy's root (see suppress.go) and inside it,
// most specific first.
type thresholds struct {
	rules []starRule
}

// loadThresholds reads the rules of the divisions above the root and
// inside it, in one statement.
func (s *Service) loadThresholds(ctx context.Context, sc *scope) error {
	var above []any
	for _, n := range []int{2, 4, 6, 9} {
		if n < len(sc.root.prefix) {
			above = append(above, sc.root.Code[:n]+strings.Repeat("0", 12-n))
		}
	}
	above = append(above, sc.root.Code)
	divs, err := s.client.Division.Query().
		Where(func(s *entsql.Selector) {
			s.Where(entsql.And(
				entsql.NotNull(s.C(division.FieldVolunteerStarHours)),
				entsql.Or(sc.inRoot(s.C(division.FieldCode)).pred(), entsql.In(s.C(division.FieldCode), above...)),
			))
		}).
		All(internal(ctx))
	if err != nil {
		return fmt.Errorf("dashboard: star thresholds: %w", err)
	}
	sc.rules = nil
	for _, d := range divs {
		if p := ident.Prefix(d.Code); p != "" && len(d.VolunteerStarHours) > 0 {
			sc.rules = append(sc.rules, starRule{prefix: p, hours: d.VolunteerStarHours})
		}
	}
	slices.SortStableFunc(sc.rules, func(a, b starRule) int {
		if len(a.prefix) != len(b.prefix) {
			return len(b.prefix) - len(a.prefix)
		}
		return strings.Compare(a.prefix, b.prefix)
	})
	return nil
}

// hoursFor returns the thresholds that apply to the codes starting with
// prefix.
func (t thresholds) hoursFor(prefix string) []int {
	for _, r := range t.rules {
		if strings.HasPrefix(prefix, r.prefix) {
			return r.hours
		}
	}
	return DefaultStarHours
}

// starLevel returns the SQL expression of the star level of a volunteer
// with hours in column hoursCol, whose community's code is in codeCol.
func (t thresholds) starLevel(codeCol, hoursCol string) string {
	level := func(hours []int) string {
		var b strings.Builder
		b.WriteString("CASE")
		for i := len(hours) - 1; i >= 0; i-- {
			fmt.Fprintf(&b, " WHEN %s >= %d THEN %d", hoursCol, hours[i], i+1)
		}
		b.WriteString(" ELSE 0 END")
		return b.String()
	}
	if len(t.rules) == 0 {
		return level(DefaultStarHours)
	}
	var b strings.Builder
	b.WriteString("CASE")
	for _, r := range t.rules {
		// r.prefix is digits only: the prefix of a valid division code.
		fmt.Fprintf(&b, " WHEN substr(%s, 1, %d) = '%s' THEN %s", codeCol, len(r.prefix), r.prefix, level(r.hours))
	}
	fmt.Fprintf(&b, " ELSE %s END", level(DefaultStarHours))
	return b.String()
}
