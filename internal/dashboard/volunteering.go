package dashboard

import (
	"context"
	"sort"
	"strings"
	"time"

	entsql "entgo.io/ent/dialect/sql"
)

// Volunteering is the volunteer-service dashboard of an area (志愿服务看板):
// confirmed hours and active volunteers, points issued and redeemed, star
// levels, and talent titles and housing grants, for the area and for each
// division or community directly below it, and by month for the area.
type Volunteering struct {
	Area      VolunteeringArea
	Breakdown []VolunteeringArea
	ByMonth   []VolunteeringMonth
	Stars     []StarCount // volunteers registered in the area, by star level
	Talents   []TalentCount
}

// VolunteeringArea holds the figures of one area. Figures counting persons
// are nil for an aggregate-only viewer when they count 1 to 4 persons; the
// hours and points of such an area are withheld with them, and others
// beside them so that none can be worked out from a total and the rest
// (volunteering_suppress.go).
type VolunteeringArea struct {
	Code, Name       string
	Access           Access
	Hours            *float64 // confirmed service hours in the period
	ActiveVolunteers *int64   // volunteers with a confirmed record in the period
	PointsIssued     *int64   // points awarded in the period
	PointsRedeemed   *int64   // points spent on rewards in the period
	TalentTitles     *int64   // talent titles held by the area's social workers
	HousingGrants    *int64   // benefits (housing grants) held by them
}

// VolunteeringMonth is one month of the area (YYYY-MM).
type VolunteeringMonth struct {
	Month            string
	Hours            *float64
	ActiveVolunteers *int64
	PointsIssued     *int64
	PointsRedeemed   *int64
}

// StarCount is the number of volunteers at a star level.
type StarCount struct {
	Level int
	Count *int64
}

// TalentCount is the number of records of one title or benefit.
type TalentCount struct {
	Kind, Name string
	Count      *int64
}

// Volunteering returns the volunteer-service dashboard asked for, shaped
// for the viewer of ctx like Get (FULL or AGGREGATE per area). Errors:
// NOT_FOUND (no such area), BAD_USER_INPUT (an ID of another kind, a period
// ending before it starts).
func (s *Service) Volunteering(ctx context.Context, req Request) (*Volunteering, error) {
	from, to, err := period(req.From, req.To)
	if err != nil {
		return nil, err
	}
	d, dia, err := s.load(ctx, req.Area)
	if err != nil {
		return nil, err
	}
	access(ctx, d)
	out := &Volunteering{}
	areas := append([]*Area{&d.Area}, d.Breakdown...)
	for i, a := range areas {
		va, err := s.volunteeringArea(ctx, dia, a, from, to)
		if err != nil {
			return nil, err
		}
		if i == 0 {
			out.Area = va
		} else {
			out.Breakdown = append(out.Breakdown, va)
		}
	}
	full := d.Access == Full
	if full {
		out.ByMonth, err = s.volunteeringMonths(ctx, dia, &d.Area, from, to, full)
	} else {
		var tables []grid
		if tables, err = s.tables(ctx, d); err == nil {
			out.ByMonth, err = s.monthsTopDown(ctx, dia, tables, from, to)
		}
	}
	if err != nil {
		return nil, err
	}
	lo, hi := codeRange(d.prefix)
	var stars []struct {
		Level int   `sql:"lvl"`
		N     int64 `sql:"n"`
	}
	if err := s.scan(ctx, "star levels", &stars, func(dd string) *entsql.Selector {
		return sel(dd, f("v.star_level AS lvl"), f("COUNT(*) AS n")).
			From(table(dd, "volunteers", "v")).
			Join(table(dd, "communities", "c")).OnP(on("v.community_id = c.id")).
			Where(codeIn("c.code", lo, hi).pred()).
			GroupBy("lvl").OrderBy("lvl")
	}); err != nil {
		return nil, err
	}
	for _, st := range stars {
		out.Stars = append(out.Stars, StarCount{Level: st.Level, Count: persons(st.N, full)})
	}
	var talents []struct {
		Kind string `sql:"tkind"`
		Name string `sql:"tname"`
		N    int64  `sql:"n"`
	}
	if err := s.scan(ctx, "talent records", &talents, func(dd string) *entsql.Selector {
		return sel(dd, f("t.kind AS tkind"), f("t.name AS tname"), f("COUNT(*) AS n")).
			From(table(dd, "talent_records", "t")).
			Join(table(dd, "social_workers", "w")).OnP(on("t.social_worker_id = w.id")).
			Join(table(dd, "communities", "c")).OnP(on("w.community_id = c.id")).
			Where(codeIn("c.code", lo, hi).pred()).
			GroupBy("tkind", "tname")
	}); err != nil {
		return nil, err
	}
	sort.Slice(talents, func(i, j int) bool {
		if talents[i].Kind != talents[j].Kind {
			return talents[i].Kind > talents[j].Kind // TITLE before BENEFIT
		}
		return talents[i].Name < talents[j].Name
	})
	for _, t := range talents {
		out.Talents = append(out.Talents, TalentCount{Kind: t.Kind, Name: t.Name, Count: persons(t.N, full)})
	}
	complementVolunteering(out, full) // volunteering_suppress.go
	return out, nil
}

// codeIn keeps rows whose code column lies in [lo, hi).
func codeIn(col, lo, hi string) frag {
	if hi == "" {
		return f(col+" >= ?", lo)
	}
	return f(col+" >= ? AND "+col+" < ?", lo, hi)
}

// persons returns n, or nil when an aggregate-only viewer may not see it
// (1 to 4 persons).
func persons(n int64, full bool) *int64 {
	if !full && n > 0 && n < int64(MinPersons) {
		return nil
	}
	return &n
}

// inPeriod keeps rows whose time column lies in the period, after cond.
func inPeriod(cond frag, col string, from, to *time.Time) frag {
	if from != nil {
		cond = join("%s AND "+col+" >= ?", cond)
		cond.args = append(cond.args, *from)
	}
	if to != nil {
		cond = join("%s AND "+col+" < ?", cond)
		cond.args = append(cond.args, to.AddDate(0, 0, 1))
	}
	return cond
}

type serviceRow struct {
	Month  string  `sql:"mon"`
	Hours  float64 `sql:"hours"`
	Active int64   `sql:"active"`
}

type pointsRow struct {
	Month    string `sql:"mon"`
	Issued   int64  `sql:"issued"`
	Redeemed int64  `sql:"redeemed"`
}

// service reads confirmed hours and active volunteers of the communities
// in [lo, hi), by month when byMonth.
func (s *Service) service(ctx context.Context, lo, hi string, from, to *time.Time, byMonth bool) ([]serviceRow, error) {
	var rows []serviceRow
	err := s.scan(ctx, "service records", &rows, func(d string) *entsql.Selector {
		cols := []frag{f("COALESCE(SUM(r.hours), 0) AS hours"), f("COUNT(DISTINCT r.volunteer_id) AS active")}
		if byMonth {
			cols = append(cols, f(month(d, "r.started_at")+" AS mon"))
		}
		cond := join("r.status = 'CONFIRMED' AND r.started_at IS NOT NULL AND %s", codeIn("c.code", lo, hi))
		q := sel(d, cols...).From(table(d, "service_records", "r")).
			Join(table(d, "communities", "c")).OnP(on("r.community_id = c.id")).
			Where(inPeriod(cond, "r.started_at", from, to).pred())
		if byMonth {
			q.GroupBy("mon")
		}
		return q
	})
	return rows, err
}

// points reads the points issued and redeemed by the volunteers registered
// in [lo, hi), by month when byMonth.
func (s *Service) points(ctx context.Context, lo, hi string, from, to *time.Time, byMonth bool) ([]pointsRow, error) {
	var rows []pointsRow
	err := s.scan(ctx, "points", &rows, func(d string) *entsql.Selector {
		cols := []frag{
			f("COALESCE(SUM(CASE WHEN p.points > 0 THEN p.points ELSE 0 END), 0) AS issued"),
			f("COALESCE(SUM(CASE WHEN p.kind = 'REDEMPTION' THEN -p.points ELSE 0 END), 0) AS redeemed"),
		}
		if byMonth {
			cols = append(cols, f(month(d, "p.occurred_on")+" AS mon"))
		}
		q := sel(d, cols...).From(table(d, "points_entries", "p")).
			Join(table(d, "volunteers", "v")).OnP(on("p.volunteer_id = v.id")).
			Join(table(d, "communities", "c")).OnP(on("v.community_id = c.id")).
			Where(inPeriod(codeIn("c.code", lo, hi), "p.occurred_on", from, to).pred())
		if byMonth {
			q.GroupBy("mon")
		}
		return q
	})
	return rows, err
}

func (s *Service) volunteeringArea(ctx context.Context, dia string, a *Area, from, to *time.Time) (VolunteeringArea, error) {
	full := a.Access == Full
	out := VolunteeringArea{Code: a.Code, Name: a.Name, Access: a.Access}
	prefix := a.prefix
	if prefix == "" {
		prefix = a.Code
	}
	lo, hi := codeRange(prefix)
	sr, err := s.service(ctx, lo, hi, from, to, false)
	if err != nil {
		return out, err
	}
	pr, err := s.points(ctx, lo, hi, from, to, false)
	if err != nil {
		return out, err
	}
	var srow serviceRow
	if len(sr) > 0 {
		srow = sr[0]
	}
	var prow pointsRow
	if len(pr) > 0 {
		prow = pr[0]
	}
	out.ActiveVolunteers = persons(srow.Active, full)
	h := srow.Hours
	out.Hours, out.PointsIssued, out.PointsRedeemed = &h, &prow.Issued, &prow.Redeemed
	if out.ActiveVolunteers == nil {
		withholdUnit(&out.ActiveVolunteers, &out.Hours, &out.PointsIssued, &out.PointsRedeemed)
	}
	var talents []struct {
		Kind string `sql:"tkind"`
		N    int64  `sql:"n"`
	}
	if err := s.scan(ctx, "talent records", &talents, func(d string) *entsql.Selector {
		return sel(d, f("t.kind AS tkind"), f("COUNT(*) AS n")).
			From(table(d, "talent_records", "t")).
			Join(table(d, "social_workers", "w")).OnP(on("t.social_worker_id = w.id")).
			Join(table(d, "communities", "c")).OnP(on("w.community_id = c.id")).
			Where(codeIn("c.code", lo, hi).pred()).GroupBy("tkind")
	}); err != nil {
		return out, err
	}
	var titles, grants int64
	for _, t := range talents {
		if t.Kind == "TITLE" {
			titles = t.N
		} else {
			grants = t.N
		}
	}
	out.TalentTitles, out.HousingGrants = persons(titles, full), persons(grants, full)
	return out, nil
}

func (s *Service) volunteeringMonths(ctx context.Context, dia string, a *Area, from, to *time.Time, full bool) ([]VolunteeringMonth, error) {
	prefix := a.prefix
	if prefix == "" {
		prefix = a.Code
	}
	lo, hi := codeRange(prefix)
	sr, err := s.service(ctx, lo, hi, from, to, true)
	if err != nil {
		return nil, err
	}
	pr, err := s.points(ctx, lo, hi, from, to, true)
	if err != nil {
		return nil, err
	}
	byMonth := map[string]*VolunteeringMonth{}
	get := func(m string) *VolunteeringMonth {
		if len(m) >= 7 {
			m = m[:7]
		}
		if byMonth[m] == nil {
			byMonth[m] = &VolunteeringMonth{Month: m}
		}
		return byMonth[m]
	}
	hidden := map[string]bool{}
	for _, r := range sr {
		m := get(r.Month)
		m.ActiveVolunteers = persons(r.Active, full)
		if m.ActiveVolunteers == nil {
			hidden[m.Month] = true
			// No points that month unless read below: zeros are shown.
			zi, zr := int64(0), int64(0)
			m.PointsIssued, m.PointsRedeemed = &zi, &zr
			continue
		}
		h := r.Hours
		m.Hours = &h
	}
	for _, r := range pr {
		m := get(r.Month)
		issued, redeemed := r.Issued, r.Redeemed
		m.PointsIssued, m.PointsRedeemed = &issued, &redeemed
		if hidden[m.Month] {
			withholdUnit(nil, nil, &m.PointsIssued, &m.PointsRedeemed)
		}
	}
	var out []VolunteeringMonth
	for _, m := range byMonth {
		if m.ActiveVolunteers == nil && !hidden[m.Month] {
			zero := int64(0)
			m.ActiveVolunteers = &zero
			if m.Hours == nil {
				h := 0.0
				m.Hours = &h
			}
		}
		if m.PointsIssued == nil && !hidden[m.Month] {
			// A month of service without points: 0, not withheld.
			zi, zr := int64(0), int64(0)
			m.PointsIssued, m.PointsRedeemed = &zi, &zr
		}

		out = append(out, *m)
	}
	sort.Slice(out, func(i, j int) bool { return strings.Compare(out[i].Month, out[j].Month) < 0 })
	return out, nil
}
