// Package scale writes the synthetic data sets the hub is measured on
// (合成数据集): a district, a city or a province of made-up communities,
// universities, students, volunteers and activities, generated
// deterministically — the same rows on every run — and written in bulk
// (COPY on PostgreSQL, multi-row INSERTs on SQLite) fast enough for
// millions of rows. The rows are what the hub would hold had they been
// written through it: valid check digits (resident ID numbers, credit
// codes), the write rules that span rows (at most three ACTIVE pairings per
// community, 1+2+N service teams, two parties to a bilateral agreement,
// consultations closed after they were raised), the activity rollups kept
// by the database's own triggers, and an agency per division, community,
// university and organisation so that tokens can be issued for them.
package scale

import (
	"context"
	"fmt"
	"time"

	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/ident"
	"github.com/wushehub/wushe/internal/store"
)

// Division codes of the synthetic province, found at every size: the
// province, its first city, that city's first district, its first street
// and that street's first community.
const (
	ProvinceCode  = "450000000000"
	CityCode      = "450100000000"
	DistrictCode  = "450101000000"
	StreetCode    = "450101001000"
	CommunityCode = "450101001001"
)

// FirstUniversityCode is the code of the first synthetic university (in the
// first city; its groups are paired with the first district's
// communities).
const FirstUniversityCode = "4145000001"

// Size is how large a data set is. Communities hang below streets, streets
// below districts, districts below cities, cities below the one province.
type Size struct {
	Name                   string
	Cities                 int // cities in the province
	DistrictsPerCity       int
	StreetsPerDistrict     int
	CommunitiesPerStreet   int
	Universities           int // spread over the cities
	GroupsPerUniversity    int // student groups (团支部/社团)
	StudentsPerUniversity  int // each a member of one of its university's groups
	VolunteersPerCommunity int
	ActivitiesPerCommunity int
}

// Sizes are the data sets by name: a district of 100 communities, a city
// of 1,000 and a province of 5,000 (300 universities, 3,000 student
// groups, 500,100 students, 1 million volunteers, 5 million activities).
var Sizes = []Size{
	{Name: "district", Cities: 1, DistrictsPerCity: 1, StreetsPerDistrict: 5, CommunitiesPerStreet: 20,
		Universities: 6, GroupsPerUniversity: 10, StudentsPerUniversity: 1667, VolunteersPerCommunity: 200, ActivitiesPerCommunity: 1000},
	{Name: "city", Cities: 1, DistrictsPerCity: 10, StreetsPerDistrict: 5, CommunitiesPerStreet: 20,
		Universities: 60, GroupsPerUniversity: 10, StudentsPerUniversity: 1667, VolunteersPerCommunity: 200, ActivitiesPerCommunity: 1000},
	{Name: "province", Cities: 5, DistrictsPerCity: 10, StreetsPerDistrict: 5, CommunitiesPerStreet: 20,
		Universities: 300, GroupsPerUniversity: 10, StudentsPerUniversity: 1667, VolunteersPerCommunity: 200, ActivitiesPerCommunity: 1000},
}

// SizeNamed returns the size called name.
func SizeNamed(name string) (Size, error) {
	for _, s := range Sizes {
		if s.Name == name {
			return s, nil
		}
	}
	return Size{}, fmt.Errorf("no data set %q: one of district, city, province", name)
}

// Communities returns how many communities the data set has.
func (s Size) Communities() int {
	return s.Cities * s.DistrictsPerCity * s.StreetsPerDistrict * s.CommunitiesPerStreet
}

func (s Size) districts() int { return s.Cities * s.DistrictsPerCity }
func (s Size) streets() int   { return s.districts() * s.StreetsPerDistrict }

// Progress is told the total number of rows once, then each batch written.
type Progress interface {
	Total(rows int64)
	Add(rows int)
}

type noProgress struct{}

func (noProgress) Total(int64) {}
func (noProgress) Add(int)     {}

// Load writes the data set of size s into db, which must be migrated and
// hold no records (the caller checks: see Empty). Rows are committed in
// batches, so a failure leaves part of the data set behind. The agencies
// of the new divisions, communities, universities and organisations are
// registered last. progress may be nil.
func Load(ctx context.Context, db *store.DB, s Size, progress Progress) error {
	if progress == nil {
		progress = noProgress{}
	}
	g := &gen{s: s, at: time.Now().UTC().Truncate(time.Second), dialect: db.Dialect}
	steps := g.steps()
	var total int64
	for _, st := range steps {
		total += int64(st.rows())
	}
	progress.Total(total)
	for _, st := range steps {
		if st.before != nil {
			if err := st.before(ctx, db); err != nil {
				return fmt.Errorf("seed %s: %w", s.Name, err)
			}
		}
		if st.table.n == 0 {
			continue
		}
		if err := write(ctx, db.SQL, db.Dialect, st.table, progress.Add); err != nil {
			return fmt.Errorf("seed %s: %w", s.Name, err)
		}
	}
	if _, err := authz.SyncAgencies(authz.SystemContext(ctx), db.Client); err != nil {
		return fmt.Errorf("seed %s: %w", s.Name, err)
	}
	// Fresh statistics, so that the planner knows the tables' new sizes.
	if _, err := db.SQL.ExecContext(ctx, "ANALYZE"); err != nil {
		return fmt.Errorf("seed %s: %w", s.Name, err)
	}
	return nil
}

// Empty reports whether db holds no records of the kinds a data set
// writes (divisions, communities, universities, organisations, agencies
// other than the platform's).
func Empty(ctx context.Context, db *store.DB) (bool, error) {
	for _, q := range []string{
		"SELECT COUNT(*) FROM divisions", "SELECT COUNT(*) FROM communities", "SELECT COUNT(*) FROM universities",
		"SELECT COUNT(*) FROM social_organizations", "SELECT COUNT(*) FROM schools", "SELECT COUNT(*) FROM enterprises",
		"SELECT COUNT(*) FROM agencies WHERE code <> '" + authz.PlatformCode + "'",
	} {
		var n int
		if err := db.SQL.QueryRowContext(ctx, q).Scan(&n); err != nil {
			return false, fmt.Errorf("seed: %w", err)
		}
		if n > 0 {
			return false, nil
		}
	}
	return true, nil
}

// step writes one table, after an optional before (which reads the ids the
// table's rows refer to).
type step struct {
	before func(ctx context.Context, db *store.DB) error
	table  table
}

func (st step) rows() int { return st.table.n }

// mix is splitmix64: a well-spread number for i and salt, for choices that
// look random but are the same on every run.
func mix(i, salt int) int {
	z := uint64(i)*0x9e3779b97f4a7c15 + uint64(salt)*0xbf58476d1ce4e5b9
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return int((z ^ (z >> 31)) >> 1)
}

// day returns the date n days after from (a "2006-01-02" date) at UTC midnight.
func day(from string, n int) time.Time {
	t, err := time.Parse("2006-01-02", from)
	if err != nil {
		panic(err)
	}
	return t.AddDate(0, 0, n)
}

// phone returns a mobile number for person i of a kind (salt).
func phone(i, salt int) string {
	return fmt.Sprintf("1%d%09d", 3+mix(i, salt)%7, mix(i, salt+1)%1_000_000_000)
}

// residentID returns a valid ID number for the k-th person of a kind in a
// district: distinct birth dates for the first span people, then the next
// sequence number (seq0 + k/span keeps kinds apart).
func residentID(district6 string, k, from, span, seq0 int) (string, time.Time) {
	birth := day("1955-01-01", from+(k*7919)%span)
	return ident.MakeResidentID(district6, birth, seq0+k/span), birth
}
