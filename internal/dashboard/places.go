package dashboard

import (
	"context"
	"fmt"

	entsql "entgo.io/ent/dialect/sql"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/ent/community"
	"github.com/wushehub/wushe/ent/teachingsite"
	"github.com/wushehub/wushe/ent/university"
)

// places reads the records the dashboard names one by one: the area's
// communities (for the space list and the map) and, for the map, the
// campuses of the universities paired with them, the ACTIVE pairings per
// community and university, and the teaching sites. Four statements at
// most, however large the area. It applies after space, whose list it
// completes.
func (s *Service) places(ctx context.Context, sc *scope, d *Dashboard) (func(), error) {
	ictx := internal(ctx)
	communities, err := s.client.Community.Query().
		Where(inCodeRange(community.FieldCode, sc.lo, sc.hi)).
		Order(ent.Asc(community.FieldCode)).
		All(ictx)
	if err != nil {
		return nil, fmt.Errorf("dashboard: communities: %w", err)
	}
	byID := make(map[int]*ent.Community, len(communities))
	for _, c := range communities {
		byID[c.ID] = c
	}
	spaces := func() {
		for _, r := range sc.spaceRows {
			c := byID[r.Community]
			if c == nil {
				continue
			}
			sc.each(r.K, func(a *Area) {
				a.Space.Communities = append(a.Space.Communities, &CommunitySpace{Community: c, OfficeM2: r.Office, ServiceM2: r.Total - r.Office})
			})
		}
	}
	if !sc.panels.has(PanelMap) {
		return spaces, nil
	}
	m := &Map{}
	for _, c := range communities {
		if c.Latitude != nil && c.Longitude != nil {
			m.Communities = append(m.Communities, c)
		}
	}
	var lines []struct {
		Community  int `sql:"cid"`
		University int `sql:"uid"`
		Groups     int `sql:"ng"`
	}
	paired := func(d string, what string) *entsql.Selector {
		return sel(d, f(what)).
			From(table(d, "pairings", "p")).
			Join(table(d, "student_groups", "g")).OnP(on("p.group_id = g.id")).
			Join(table(d, "communities", "c")).OnP(on("p.community_id = c.id")).
			Where(join("p.status = 'ACTIVE' AND %s", sc.in("c.code")).pred())
	}
	err = s.scan(ctx, "pairings on the map", &lines, func(d string) *entsql.Selector {
		return paired(d, "p.community_id AS cid").
			AppendSelectExpr(f("g.university_id AS uid").expr(), f("COUNT(*) AS ng").expr()).
			GroupBy("cid", "uid")
	})
	if err != nil {
		return nil, err
	}
	universities, err := s.client.University.Query().
		Where(func(q *entsql.Selector) {
			q.Where(entsql.In(q.C(university.FieldID), paired(q.Dialect(), "g.university_id AS uid")))
		}).
		Order(ent.Asc(university.FieldCode)).
		All(ictx)
	if err != nil {
		return nil, fmt.Errorf("dashboard: campuses: %w", err)
	}
	campus := map[int]*ent.University{}
	for _, u := range universities {
		if u.Latitude != nil && u.Longitude != nil {
			campus[u.ID] = u
			m.Campuses = append(m.Campuses, u)
		}
	}
	for _, l := range lines {
		c, u := byID[l.Community], campus[l.University]
		if c != nil && u != nil && c.Latitude != nil && c.Longitude != nil {
			m.Pairings = append(m.Pairings, &MapPairing{Community: c, University: u, Groups: l.Groups})
		}
	}
	m.TeachingSites, err = s.client.TeachingSite.Query().
		Where(func(q *entsql.Selector) {
			d := q.Dialect()
			inCommunities := sel(d, f("c.id AS id")).From(table(d, "communities", "c")).Where(sc.in("c.code").pred())
			inDivisions := sel(d, f("dv.id AS id")).From(table(d, "divisions", "dv")).Where(sc.in("dv.code").pred())
			q.Where(entsql.And(
				entsql.NotNull(q.C(teachingsite.FieldLatitude)),
				entsql.NotNull(q.C(teachingsite.FieldLongitude)),
				entsql.Or(entsql.In(q.C(teachingsite.FieldCommunityID), inCommunities), entsql.In(q.C(teachingsite.FieldDivisionID), inDivisions)),
			))
		}).
		Order(ent.Asc(teachingsite.FieldName)).
		All(ictx)
	if err != nil {
		return nil, fmt.Errorf("dashboard: teaching sites: %w", err)
	}
	return func() {
		spaces()
		d.Map = m
	}, nil
}
