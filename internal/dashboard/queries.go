package dashboard

import (
	"context"
	"fmt"
	"slices"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"github.com/wushehub/wushe/ent/consultation"
	"github.com/wushehub/wushe/ent/ledgerentry"
	"github.com/wushehub/wushe/ent/schema/enum"
	"github.com/wushehub/wushe/ent/socialworker"
	"github.com/wushehub/wushe/ent/trainingbatch"
	"github.com/wushehub/wushe/ent/volunteer"
)

// Each query below is one statement that groups by the child key of the
// community (or division) code, so that one pass over the rows yields the
// figures of every child; the area's figure is the sum of its children's
// (plus records lying in no child, such as a teaching site of the district
// itself). Figures that are not sums — distinct counts — get rows of their
// own for the whole area, keyed totalKey; medians are taken from histograms,
// which are sums.

// on joins with a raw condition.
func on(x string) *entsql.Predicate { return f(x).pred() }

// base counts the communities, their households and population, their
// ACTIVE pairings and whether a social worker is stationed there.
func (s *Service) base(ctx context.Context, sc *scope) (func(), error) {
	var rows []struct {
		K          string `sql:"k"`
		Groups     int    `sql:"ng"`
		Staffed    int    `sql:"staffed"`
		N          int64  `sql:"n"`
		Households int64  `sql:"households"`
		Population int64  `sql:"population"`
	}
	err := s.scan(ctx, "communities", &rows, func(d string) *entsql.Selector {
		perCommunity := sel(d,
			f(sc.key("c.code")+" AS k"),
			f("c.households AS households"),
			f("c.population AS population"),
			f("(SELECT COUNT(*) FROM pairings p WHERE p.community_id = c.id AND p.status = 'ACTIVE') AS ng"),
			f("CASE WHEN EXISTS (SELECT 1 FROM social_workers w WHERE w.community_id = c.id) THEN 1 ELSE 0 END AS staffed"),
		).From(table(d, "communities", "c")).Where(sc.in("c.code").pred())
		return sel(d, f("t.k AS k"), f("t.ng AS ng"), f("t.staffed AS staffed"), f("COUNT(*) AS n"),
			f("COALESCE(SUM(t.households), 0) AS households"), f("COALESCE(SUM(t.population), 0) AS population")).
			From(perCommunity.As("t")).GroupBy("k", "ng", "staffed")
	})
	if err != nil {
		return nil, err
	}
	return func() {
		for _, r := range rows {
			sc.each(r.K, func(a *Area) {
				a.Communities += r.N
				a.Households += r.Households
				a.Population += r.Population
				if r.Groups > 0 {
					a.Pairing.Paired += r.N
				}
				a.Pairing.ActivePairings += int64(r.Groups) * r.N
				a.Pairing.add(r.Groups, r.N)
				if r.Staffed == 0 {
					a.Workers.CommunitiesWithout += r.N
				}
			})
		}
	}, nil
}

// month returns the SQL expression of the month of a date column, as text
// starting "2006-01" (date_trunc is far cheaper per row than to_char on
// PostgreSQL; the driver returns a time, scanned as RFC 3339 text).
func month(d, col string) string {
	if d == dialect.Postgres {
		return "date_trunc('month', " + col + "::timestamp)"
	}
	return "substr(" + col + ", 1, 7)"
}

// activities sums the activities held in the period by category and month,
// over the root's codes (their participants count persons: see
// suppress.go). The areas keyed at a street or above read the months the
// period covers whole from activity_rollups (the sums per street, month and
// category the database keeps) and only the days of a month it covers in
// part from the activities themselves; the communities of a street's table
// (a street's or a community's dashboard) read their activities. (Grouping
// by category and by month apart, in two branches of a UNION ALL, gives the
// planner better estimates but a parallel plan whose workers cost more than
// they save; measured slower.)
func (s *Service) activities(ctx context.Context, sc *scope) (func(), error) {
	var rows []struct {
		K            string  `sql:"k"`
		Category     string  `sql:"cat"`
		Month        string  `sql:"mon"`
		N            int64   `sql:"n"`
		Participants int64   `sql:"participants"`
		Hours        float64 `sql:"hours"`
		OffSite      int64   `sql:"off_site"`
	}
	direct, rolled := sc.activitySources()
	err := s.scan(ctx, "activities", &rows, func(d string) *entsql.Selector {
		if rolled == nil {
			return sel(d,
				f(sc.pathKey("c.code")+" AS k"),
				f("a.category AS cat"),
				f(month(d, "a.held_on")+" AS mon"),
				f("COUNT(*) AS n"),
				f("COALESCE(SUM(a.participants), 0) AS participants"),
				f("COALESCE(SUM(a.volunteer_hours), 0) AS hours"),
				f("COALESCE(SUM(CASE WHEN a.off_site THEN 1 ELSE 0 END), 0) AS off_site"),
			).From(table(d, "activities", "a")).
				Join(table(d, "communities", "c")).OnP(on("a.community_id = c.id")).
				Where(join("%s AND %s", direct("c.code"), sc.during("a.held_on")).pred()).
				GroupBy("k", "cat", "mon")
		}
		mon := "substr(a.held_on, 1, 7)"
		if d == dialect.Postgres {
			mon = "to_char(a.held_on, 'YYYY-MM')"
		}
		days := func(where frag) *entsql.Selector {
			return sel(d,
				f(sc.pathKey("c.code")+" AS k"),
				f("a.category AS cat"),
				f(mon+" AS mon"),
				f("1 AS n"),
				f("a.participants AS participants"),
				f("a.volunteer_hours AS hours"),
				f("CASE WHEN a.off_site THEN 1 ELSE 0 END AS off_site"),
			).From(table(d, "activities", "a")).
				Join(table(d, "communities", "c")).OnP(on("a.community_id = c.id")).
				Where(where.pred())
		}
		whole, from, to := sc.wholeMonths()
		parts := sel(d,
			f(sc.pathKey("s.code")+" AS k"),
			f("r.category AS cat"),
			f("r.month AS mon"),
			f("r.activities AS n"),
			f("r.participants AS participants"),
			f("r.volunteer_hours AS hours"),
			f("r.off_site AS off_site"),
		).From(table(d, "activity_rollups", "r")).
			Join(table(d, "divisions", "s")).OnP(on("r.street_id = s.id")).
			Where(join("%s AND r.activities > 0 AND %s", rolled("s.code"), whole).pred())
		if edges := sc.partMonths(from, to, "a.held_on"); edges.text != "" {
			parts = parts.UnionAll(days(join("%s AND (%s)", rolled("c.code"), edges)))
		}
		if direct("c.code").text != "" {
			parts = parts.UnionAll(days(join("%s AND %s", direct("c.code"), sc.during("a.held_on"))))
		}
		return sel(d,
			f("t.k AS k"), f("t.cat AS cat"), f("t.mon AS mon"), f("SUM(t.n) AS n"),
			f("SUM(t.participants) AS participants"), f("SUM(t.hours) AS hours"), f("SUM(t.off_site) AS off_site"),
		).From(parts.As("t")).GroupBy("k", "cat", "mon")
	})
	if err != nil {
		return nil, err
	}
	return func() {
		for _, r := range rows {
			sc.up(r.K, func(a *Area) {
				add := func(x *ActivityFigures) {
					x.Count += r.N
					x.Participants.Value += r.Participants
					x.VolunteerHours += r.Hours
					x.OffSite += r.OffSite
				}
				add(&a.Activities.Total)
				add(a.Activities.category(enum.ServiceCategory(r.Category)))
				add(a.Activities.month(r.Month[:min(7, len(r.Month))]))
			})
		}
	}, nil
}

// volunteers counts the volunteers and their hours by kind and star level,
// each volunteer's level by the thresholds of the nearest division above
// its community that sets them; grouped by community too, for the spread
// of each figure (see spread).
func (s *Service) volunteers(ctx context.Context, sc *scope) (func(), error) {
	if err := s.loadThresholds(ctx, sc); err != nil {
		return nil, err
	}
	var rows []struct {
		K         string  `sql:"k"`
		Community int     `sql:"cid"`
		Kind      string  `sql:"vkind"`
		Stars     int     `sql:"stars"`
		N         int64   `sql:"n"`
		Hours     float64 `sql:"hours"`
	}
	// From the rollup kept by the database's triggers (store.VolunteerRollups):
	// a few rows per community, each band at one star level under any
	// division's thresholds, instead of every volunteer of the province.
	err := s.scan(ctx, "volunteers", &rows, func(d string) *entsql.Selector {
		return sel(d,
			f(sc.pathKey("c.code")+" AS k"),
			f("c.id AS cid"),
			f("r.kind AS vkind"),
			f(sc.starLevel("c.code", "r.band")+" AS stars"),
			f("SUM(r.volunteers) AS n"),
			f("COALESCE(SUM(r.hours), 0) AS hours"),
		).From(table(d, "volunteer_rollups", "r")).
			Join(table(d, "communities", "c")).OnP(on("r.community_id = c.id")).
			Where(entsql.And(sc.inRoot("c.code").pred(), on("r.volunteers > 0"))).
			GroupBy("k", "cid", "vkind", "stars")
	})
	if err != nil {
		return nil, err
	}
	return func() {
		// Each community's figures, for their spread (see spread).
		type tally struct {
			key    string
			counts map[string]int64
		}
		var order []int
		byCommunity := map[int]*tally{}
		for _, r := range rows {
			sc.up(r.K, func(a *Area) {
				v := &a.Volunteers
				v.Total.Value += r.N
				v.Hours.Value += r.Hours
				k := v.kind(volunteer.Kind(r.Kind))
				k.Count.Value += r.N
				k.Hours.Value += r.Hours
				v.star(r.Stars).Count.Value += r.N
			})
			t := byCommunity[r.Community]
			if t == nil {
				t = &tally{key: r.K, counts: map[string]int64{}}
				byCommunity[r.Community] = t
				order = append(order, r.Community)
			}
			t.counts["volunteers"] += r.N
			t.counts["volunteers/kind/"+r.Kind] += r.N
			t.counts["volunteers/stars/"+itoa(r.Stars)] += r.N
		}
		for _, id := range order {
			t := byCommunity[id]
			sc.up(t.key, func(a *Area) {
				for name, n := range t.counts {
					if n > 0 {
						small := int64(0)
						if n < MinPersons {
							small = 1
						}
						a.spreadOf(name, 1, small)
					}
				}
			})
		}
	}, nil
}

// workers counts the social workers stationed in the area by level; and,
// for the suppression (see spread), how many communities count any of each
// level, of all and of the certified, and how many of those count 1 to 4.
func (s *Service) workers(ctx context.Context, sc *scope) (func(), error) {
	var rows []struct {
		K     string `sql:"k"`
		Level string `sql:"wlevel"`
		N     int64  `sql:"n"`
		P     int64  `sql:"p"`
		Q     int64  `sql:"q"`
	}
	err := s.scan(ctx, "social workers", &rows, func(d string) *entsql.Selector {
		perCommunity := func(level, cond string) *entsql.Selector {
			where := sc.inRoot("c.code")
			if cond != "" {
				where = join("%s AND "+cond, where)
			}
			return sel(d, f(sc.pathKey("c.code")+" AS k"), f("c.id AS cid"), f(level+" AS wlevel"), f("COUNT(*) AS n")).
				From(table(d, "social_workers", "w")).
				Join(table(d, "communities", "c")).OnP(on("w.community_id = c.id")).
				Where(where.pred()).
				GroupBy("k", "cid", "wlevel")
		}
		all := perCommunity("w.level", "")
		all.UnionAll(perCommunity("'"+allLevels+"'", ""))
		all.UnionAll(perCommunity("'"+certifiedLevels+"'", "w.level <> 'NONE'"))
		return sel(d, f("t.k AS k"), f("t.wlevel AS wlevel"), f("SUM(t.n) AS n"), f("COUNT(*) AS p"),
			f(fmt.Sprintf("SUM(CASE WHEN t.n < %d THEN 1 ELSE 0 END) AS q", MinPersons))).
			From(all.As("t")).GroupBy("k", "wlevel")
	})
	if err != nil {
		return nil, err
	}
	return func() {
		for _, r := range rows {
			sc.up(r.K, func(a *Area) {
				name := "workers/level/" + r.Level
				switch r.Level {
				case allLevels:
					name = "workers"
				case certifiedLevels:
					name = "workers/certified"
				default:
					a.Workers.level(socialworker.Level(r.Level)).Count.Value += r.N
				}
				a.spreadOf(name, r.P, r.Q)
			})
		}
	}, nil
}

// The levels of the rows of workers that count all workers and the
// certified ones.
const (
	allLevels       = "*"
	certifiedLevels = "+"
)

// consultations counts the matters raised, resolved, still open and
// rejected in the period, by category.
func (s *Service) consultations(ctx context.Context, sc *scope) (func(), error) {
	var rows []struct {
		K        string `sql:"k"`
		Category string `sql:"cat"`
		Raised   int64  `sql:"raised"`
		Resolved int64  `sql:"resolved"`
		Open     int64  `sql:"still_open"`
		Rejected int64  `sql:"rejected"`
	}
	err := s.scan(ctx, "consultations", &rows, func(d string) *entsql.Selector {
		raised, closed := sc.during("x.raised_on"), sc.during("x.resolved_on")
		return sel(d,
			f(sc.key("c.code")+" AS k"),
			f("x.category AS cat"),
			join("COALESCE(SUM(CASE WHEN %s THEN 1 ELSE 0 END), 0) AS raised", raised),
			join("COALESCE(SUM(CASE WHEN x.status = 'RESOLVED' AND %s THEN 1 ELSE 0 END), 0) AS resolved", closed),
			join("COALESCE(SUM(CASE WHEN x.status IN ('RAISED', 'DISCUSSING') AND %s THEN 1 ELSE 0 END), 0) AS still_open", raised),
			join("COALESCE(SUM(CASE WHEN x.status = 'REJECTED' AND %s THEN 1 ELSE 0 END), 0) AS rejected", closed),
		).From(table(d, "consultations", "x")).
			Join(table(d, "communities", "c")).OnP(on("x.community_id = c.id")).
			Where(sc.in("c.code").pred()).
			GroupBy("k", "cat")
	})
	if err != nil {
		return nil, err
	}
	return func() {
		for _, r := range rows {
			sc.each(r.K, func(a *Area) {
				c := &a.Consultations
				c.Raised += r.Raised
				c.Resolved += r.Resolved
				c.Open += r.Open
				c.Rejected += r.Rejected
				x := c.category(consultation.Category(r.Category))
				x.Raised += r.Raised
				x.Resolved += r.Resolved
			})
		}
	}, nil
}

// days returns the SQL expression of the days between two date columns.
func days(d, from, to string) string {
	if d == dialect.Postgres {
		return "(" + to + " - " + from + ")"
	}
	return "(julianday(substr(" + to + ", 1, 10)) - julianday(substr(" + from + ", 1, 10)))"
}

// medianDays counts, in the database, the matters resolved in the period by
// the days they took — a histogram per child, a few hundred rows at most
// whatever the number of matters — from which finish takes the median of
// each area (the area's histogram is the sum of its children's). Cheaper
// than ranking the matters with a window function, which sorts them all.
func (s *Service) medianDays(ctx context.Context, sc *scope) (func(), error) {
	var rows []struct {
		K    string  `sql:"k"`
		Days float64 `sql:"dd"`
		N    int64   `sql:"n"`
	}
	err := s.scan(ctx, "days to resolve", &rows, func(d string) *entsql.Selector {
		return sel(d, f(sc.key("c.code")+" AS k"), f(days(d, "x.raised_on", "x.resolved_on")+" AS dd"), f("COUNT(*) AS n")).
			From(table(d, "consultations", "x")).
			Join(table(d, "communities", "c")).OnP(on("x.community_id = c.id")).
			Where(join("%s AND x.status = 'RESOLVED' AND x.resolved_on IS NOT NULL AND %s", sc.in("c.code"), sc.during("x.resolved_on")).pred()).
			GroupBy("k", "dd")
	})
	if err != nil {
		return nil, err
	}
	return func() {
		for _, r := range rows {
			sc.each(r.K, func(a *Area) {
				if a.Consultations.days == nil {
					a.Consultations.days = map[float64]int64{}
				}
				a.Consultations.days[r.Days] += r.N
			})
		}
	}, nil
}

// median returns the median of a histogram of values (the mean of the two
// middle values for an even count), nil for an empty one.
func median(hist map[float64]int64) *float64 {
	var n int64
	values := make([]float64, 0, len(hist))
	for v, c := range hist {
		n += c
		values = append(values, v)
	}
	if n == 0 {
		return nil
	}
	slices.Sort(values)
	at := func(i int64) float64 { // the i-th value, from 0
		for _, v := range values {
			if i < hist[v] {
				return v
			}
			i -= hist[v]
		}
		return values[len(values)-1]
	}
	m := (at((n-1)/2) + at(n/2)) / 2
	return &m
}

// selfFunding sums the ledgers of the revenue projects in the period by
// direction and category.
func (s *Service) selfFunding(ctx context.Context, sc *scope) (func(), error) {
	var rows []struct {
		K         string `sql:"k"`
		Direction string `sql:"dir"`
		Category  string `sql:"cat"`
		Amount    int64  `sql:"amount"`
		N         int64  `sql:"n"`
	}
	err := s.scan(ctx, "ledger", &rows, func(d string) *entsql.Selector {
		return sel(d,
			f(sc.key("c.code")+" AS k"),
			f("e.direction AS dir"),
			f("e.category AS cat"),
			f("COALESCE(SUM(e.amount_fen), 0) AS amount"),
			f("COUNT(*) AS n"),
		).From(table(d, "ledger_entries", "e")).
			Join(table(d, "revenue_projects", "p")).OnP(on("e.project_id = p.id")).
			Join(table(d, "communities", "c")).OnP(on("p.community_id = c.id")).
			Where(join("%s AND %s", sc.in("c.code"), sc.during("e.occurred_on")).pred()).
			GroupBy("k", "dir", "cat")
	})
	if err != nil {
		return nil, err
	}
	return func() {
		for _, r := range rows {
			sc.each(r.K, func(a *Area) {
				sf := &a.SelfFunding
				income := ledgerentry.Direction(r.Direction) == ledgerentry.DirectionINCOME
				if income {
					sf.Income += r.Amount
				} else {
					sf.Expense += r.Amount
				}
				c := sf.category(income, ledgerentry.Category(r.Category))
				c.AmountFen += r.Amount
				c.Entries += r.N
			})
		}
	}, nil
}

// spaceRow is the office and total floor area of one community.
type spaceRow struct {
	Community int     `sql:"cid"`
	K         string  `sql:"k"`
	Office    float64 `sql:"office"`
	Total     float64 `sql:"total"`
}

// roomsPerCommunity sums each community's rooms.
func roomsPerCommunity(d string, sc *scope) *entsql.Selector {
	return sel(d,
		f("f.community_id AS cid"),
		f(sc.key("c.code")+" AS k"),
		f("SUM(CASE WHEN f.kind = 'OFFICE' THEN f.area_m2 ELSE 0 END) AS office"),
		f("SUM(f.area_m2) AS total"),
	).From(table(d, "facilities", "f")).
		Join(table(d, "communities", "c")).OnP(on("f.community_id = c.id")).
		Where(sc.in("c.code").pred()).
		GroupBy("cid", "k")
}

// space sums the office and service rooms and counts the communities whose
// office share exceeds OfficeLimit; with PanelSpaceList it also reads each
// community's figures for the list.
func (s *Service) space(ctx context.Context, sc *scope) (func(), error) {
	var rows []struct {
		K         string  `sql:"k"`
		Office    float64 `sql:"office"`
		Total     float64 `sql:"total"`
		Measured  int64   `sql:"measured"`
		OverLimit int64   `sql:"over_limit"`
	}
	err := s.scan(ctx, "rooms", &rows, func(d string) *entsql.Selector {
		return sel(d,
			f("t.k AS k"),
			f("SUM(t.office) AS office"),
			f("SUM(t.total) AS total"),
			f("COUNT(*) AS measured"),
			f(fmtOverLimit("t.office", "t.total")+" AS over_limit"),
		).From(roomsPerCommunity(d, sc).As("t")).GroupBy("k")
	})
	if err != nil {
		return nil, err
	}
	var list []spaceRow
	if sc.panels.has(PanelSpaceList) {
		err := s.scan(ctx, "rooms per community", &list, func(d string) *entsql.Selector {
			return roomsPerCommunity(d, sc)
		})
		if err != nil {
			return nil, err
		}
	}
	return func() {
		for _, r := range rows {
			sc.each(r.K, func(a *Area) {
				a.Space.OfficeM2 += r.Office
				a.Space.ServiceM2 += r.Total - r.Office
				a.Space.Measured += r.Measured
				a.Space.OverLimit += r.OverLimit
			})
		}
		sc.spaceRows = list
	}, nil
}

// fmtOverLimit counts the rows whose office area exceeds OfficeLimitPercent
// of the total, in integers so that 20% exactly is not over.
func fmtOverLimit(office, total string) string {
	return "COALESCE(SUM(CASE WHEN " + office + " * 100 > " + total + " * " + itoa(OfficeLimitPercent) + " THEN 1 ELSE 0 END), 0)"
}

// tallies counts, in one statement, what is only counted: service teams,
// revenue projects, teaching sites, one-stop items (sums over the
// children), and training batches by phase, completed batches, students
// trained and agreements by kind (distinct, with rows for the whole area).
func (s *Service) tallies(ctx context.Context, sc *scope) (func(), error) {
	if !sc.panels.has(PanelTraining | PanelVolunteers | PanelSelfFunding) {
		return func() {}, nil
	}
	var rows []struct {
		What string `sql:"what"`
		K    string `sql:"k"`
		Sub  string `sql:"sub"`
		N    int64  `sql:"n"`
	}
	err := s.scan(ctx, "tallies", &rows, func(d string) *entsql.Selector {
		var parts []*entsql.Selector
		perCommunity := func(what, tbl, alias, cond string) *entsql.Selector {
			where := sc.in("c.code")
			if cond != "" {
				where = join("%s AND "+cond, where)
			}
			return sel(d, f("'"+what+"' AS what"), f(sc.key("c.code")+" AS k"), f("'' AS sub"), f("COUNT(*) AS n")).
				From(table(d, tbl, alias)).
				Join(table(d, "communities", "c")).OnP(on(alias + ".community_id = c.id")).
				Where(where.pred()).
				GroupBy("k")
		}
		if sc.panels.has(PanelVolunteers) {
			parts = append(parts, perCommunity("teams", "service_teams", "st", ""))
		}
		if sc.panels.has(PanelSelfFunding) {
			parts = append(parts, perCommunity("projects", "revenue_projects", "rp", ""))
		}
		if sc.panels.has(PanelTraining) {
			parts = append(parts,
				perCommunity("items", "service_items", "si", "si.list = 'ONE_STOP'"),
				sel(d, f("'sites' AS what"), f(sc.key("COALESCE(c.code, dv.code)")+" AS k"), f("'' AS sub"), f("COUNT(*) AS n")).
					From(table(d, "teaching_sites", "ts")).
					LeftJoin(table(d, "communities", "c")).OnP(on("ts.community_id = c.id")).
					LeftJoin(table(d, "divisions", "dv")).OnP(on("ts.division_id = dv.id")).
					Where(sc.in("COALESCE(c.code, dv.code)").pred()).
					GroupBy("k"),
				sel(d, f("'batches' AS what"), f("m.k AS k"), f("t.phase AS sub"), f("COUNT(*) AS n")).
					From(sc.batches(d).As("m")).
					Join(table(d, "training_batches", "t")).OnP(on("t.id = m.b")).
					Where(sc.during("t.started_on").pred()).
					GroupBy("k", "sub"),
				sel(d, f("'completed' AS what"), f("m.k AS k"), f("'' AS sub"), f("COUNT(*) AS n")).
					From(sc.batches(d).As("m")).
					Join(table(d, "training_batches", "t")).OnP(on("t.id = m.b")).
					Where(join("t.completed AND %s", sc.during("t.started_on")).pred()).
					GroupBy("k"),
				sel(d, f("'students' AS what"), f("m.k AS k"), f("'' AS sub"), f("COUNT(DISTINCT tp.student_id) AS n")).
					From(sc.batches(d).As("m")).
					Join(table(d, "training_batches", "t")).OnP(on("t.id = m.b")).
					Join(table(d, "training_batch_participants", "tp")).OnP(on("tp.training_batch_id = m.b")).
					Where(sc.during("t.started_on").pred()).
					GroupBy("k"),
				sel(d, f("'agreements' AS what"), f("m.k AS k"), f("g.kind AS sub"), f("COUNT(*) AS n")).
					From(sc.agreements(d).As("m")).
					Join(table(d, "partnership_agreements", "g")).OnP(on("g.id = m.g")).
					Where(sc.during("g.signed_on").pred()).
					GroupBy("k", "sub"),
			)
		}
		for _, p := range parts[1:] {
			parts[0].UnionAll(p)
		}
		return parts[0]
	})
	if err != nil {
		return nil, err
	}
	return func() {
		for _, r := range rows {
			switch r.What {
			case "teams":
				sc.each(r.K, func(a *Area) { a.Volunteers.ServiceTeams += r.N })
			case "projects":
				sc.each(r.K, func(a *Area) { a.SelfFunding.Projects += r.N })
			case "items":
				sc.each(r.K, func(a *Area) { a.Training.OneStopItems += r.N })
			case "sites":
				sc.each(r.K, func(a *Area) { a.Training.TeachingSites += r.N })
			case "batches":
				sc.exact(r.K, func(a *Area) {
					a.Training.Batches += r.N
					a.Training.phase(trainingbatch.Phase(r.Sub)).Batches += r.N
				})
			case "completed":
				sc.exact(r.K, func(a *Area) { a.Training.Completed += r.N })
			case "students":
				sc.exact(r.K, func(a *Area) { a.Training.Students.Value += r.N })
			case "agreements":
				sc.exact(r.K, func(a *Area) {
					a.Training.Agreements += r.N
					switch r.Sub {
					case "BILATERAL":
						a.Training.Bilateral += r.N
					case "TRIPARTITE":
						a.Training.Tripartite += r.N
					}
				})
			}
		}
	}, nil
}

// batches selects the distinct (batch b, key k) pairs of the training
// batches in the area — those that practised in one of its communities or
// are held by an incubation base of one of its divisions — keyed by child
// and, again, by totalKey.
func (sc *scope) batches(d string) *entsql.Selector {
	practised := func(key string) *entsql.Selector {
		return sel(d, f("tc.training_batch_id AS b"), f(key+" AS k")).
			From(table(d, "training_batch_communities", "tc")).
			Join(table(d, "communities", "c")).OnP(on("tc.community_id = c.id")).
			Where(sc.in("c.code").pred())
	}
	hosted := func(key string) *entsql.Selector {
		return sel(d, f("tb.id AS b"), f(key+" AS k")).
			From(table(d, "training_batches", "tb")).
			Join(table(d, "incubation_bases", "ib")).OnP(on("tb.base_id = ib.id")).
			Join(table(d, "divisions", "dv")).OnP(on("ib.division_id = dv.id")).
			Where(sc.in("dv.code").pred())
	}
	all := practised(sc.key("c.code"))
	all.Union(hosted(sc.key("dv.code")))
	all.Union(practised("'" + totalKey + "'"))
	all.Union(hosted("'" + totalKey + "'"))
	return all
}

// agreements selects the distinct (agreement g, key k) pairs of the
// partnership agreements with a department of a division of the area as a
// party, keyed by child and, again, by totalKey.
func (sc *scope) agreements(d string) *entsql.Selector {
	parties := func(key string) *entsql.Selector {
		return sel(d, f("ad.partnership_agreement_id AS g"), f(key+" AS k")).
			From(table(d, "partnership_agreement_departments", "ad")).
			Join(table(d, "departments", "dp")).OnP(on("ad.department_id = dp.id")).
			Join(table(d, "divisions", "dv")).OnP(on("dp.division_id = dv.id")).
			Where(sc.in("dv.code").pred())
	}
	all := parties(sc.key("dv.code"))
	all.Union(parties("'" + totalKey + "'"))
	return all
}
