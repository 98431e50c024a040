// Package dashboard computes the district dashboards (看板): for a province,
// city, district, street or community, the figures of its five-society and
// partnership work — pairing coverage, activities, volunteers, social
// workers, consultations, self-funding, space use and training — for the
// area as a whole and again for each division or community directly below
// it.
//
// Every figure is aggregated in the database (GROUP BY over the communities'
// codes, built with ent's SQL builder); a dashboard costs the same bounded
// number of statements whether 60 or 6,000 communities lie below. The rows
// are read with privacy bypassed, since a dashboard aggregates rows its
// viewer may not read one by one; what the viewer gets is decided per area
// (see Access): in full for the offices above it, the community itself and
// the platform, else aggregate-only, with every figure that counts fewer
// than MinPersons persons withheld, and others withheld with it where a
// withheld figure could be worked out from the sums — by one pattern over
// the whole hierarchy, the same whichever dashboard is asked for and
// whoever asks (see suppress.go).
package dashboard

import (
	"context"
	"sync"
	"time"

	"entgo.io/ent/dialect"
	"entgo.io/ent/privacy"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/ent/consultation"
	"github.com/wushehub/wushe/ent/ledgerentry"
	"github.com/wushehub/wushe/ent/schema/enum"
	"github.com/wushehub/wushe/ent/socialworker"
	"github.com/wushehub/wushe/ent/trainingbatch"
	"github.com/wushehub/wushe/ent/volunteer"
)

// MinPersons is the smallest number of persons an aggregate-only figure may
// count: a figure of 1 to MinPersons-1 persons is withheld.
const MinPersons = 5

// OfficeLimitPercent is the largest share of a community's floor area, in
// percent, that may serve as offices (二八改造: 20% office, 80% service).
const OfficeLimitPercent = 20

// OfficeLimit is OfficeLimitPercent as a fraction.
const OfficeLimit = float64(OfficeLimitPercent) / 100

// DefaultStarHours are the service hours of the volunteer star levels (一星
// to 五星) where no enclosing division sets its own.
var DefaultStarHours = []int{100, 300, 600, 1000, 1500}

// Level is the tier of a dashboard's area.
type Level string

// The tiers of an area.
const (
	Province  Level = "PROVINCE"
	City      Level = "CITY"
	District  Level = "DISTRICT"
	Street    Level = "STREET"
	Community Level = "COMMUNITY"
)

// Access is how much of an area's figures a viewer gets.
type Access string

// The kinds of access.
const (
	// Full: every figure as counted — the offices whose division contains
	// the area, the area's own community committee, and the platform.
	Full Access = "FULL"
	// Aggregate: figures counting persons are withheld when small, or when
	// a withheld one could be derived from them.
	Aggregate Access = "AGGREGATE"
)

// Reason says why a figure is withheld.
type Reason string

// The reasons a figure is withheld ("" when it is shown).
const (
	// SmallCount: it counts 1 to MinPersons-1 persons.
	SmallCount Reason = "SMALL_COUNT"
	// Complementary: with it shown, a withheld figure could be worked out
	// from a total.
	Complementary Reason = "COMPLEMENTARY"
)

// Count is a number of persons, or withheld.
type Count struct {
	Value    int64  // 0 when withheld
	Withheld Reason // "" when shown
}

// Measure is a quantity derived from persons (their hours, persons per
// community), or withheld.
type Measure struct {
	Value    float64 // 0 when withheld
	Withheld Reason  // "" when shown
}

// Panels selects what a dashboard computes; the zero value asks for
// everything.
type Panels uint

// The panels.
const (
	PanelPairing Panels = 1 << iota
	PanelActivities
	PanelVolunteers
	PanelWorkers
	PanelConsultations
	PanelSelfFunding
	PanelSpace
	PanelSpaceList // Space.Communities
	PanelTraining
	PanelMap

	AllPanels = PanelPairing | PanelActivities | PanelVolunteers | PanelWorkers | PanelConsultations |
		PanelSelfFunding | PanelSpace | PanelSpaceList | PanelTraining | PanelMap
)

func (p Panels) has(q Panels) bool { return p&q != 0 }

// Request asks for the dashboard of one area.
type Request struct {
	Area   int        // id of a Division or of a Community
	From   *time.Time // first day of the period (flows only); nil: from the start
	To     *time.Time // last day of the period, included; nil: to date
	Panels Panels     // what to compute; 0 for everything
}

// Dashboard is the dashboard of an area: its figures, the same figures for
// each division or community directly below it, and its map.
type Dashboard struct {
	Area
	From, To  *time.Time
	Breakdown []*Area // children in code order; none for a community
	Map       *Map    // nil unless asked for
}

// Area holds the figures of one area. Flows (activities, consultations,
// ledger entries, training batches, agreements) count within the period;
// stocks (pairings, volunteers, social workers, rooms, sites, items) are
// the current state.
type Area struct {
	Code      string
	Name      string
	Level     Level
	Division  *ent.Division  // the area when it is a division
	Community *ent.Community // the area when it is a community
	Access    Access

	Communities int64 // communities in the area
	Households  int64
	Population  int64

	Pairing       Pairing
	Activities    Activities
	Volunteers    Volunteers
	Workers       Workers
	Consultations Consultations
	SelfFunding   SelfFunding
	Space         Space
	Training      Training

	prefix string            // significant code prefix: what its codes start with
	up     *Area             // the area above it in the tables of the suppression
	spread map[string]spread // by figure name, where read (see spread)
}

// spread is how a person figure of an area is spread over its communities:
// in how many it is positive, and in how many of those it counts 1 to
// MinPersons-1. Zeros being shown, anyone can tell the first: a withheld
// figure is at least that, and at most MinPersons-1 times it when all are
// small.
type spread struct{ positive, small int64 }

func (a *Area) spreadOf(name string, positive, small int64) {
	if a.spread == nil {
		a.spread = map[string]spread{}
	}
	s := a.spread[name]
	a.spread[name] = spread{s.positive + positive, s.small + small}
}

// Pairing is the pairing coverage (结对覆盖) of an area.
type Pairing struct {
	Paired             int64    // communities with at least one ACTIVE pairing
	ActivePairings     int64    // ACTIVE pairings
	GroupsPerCommunity []Bucket // communities by their number of ACTIVE pairings, 0 to 3 (and more if any)
}

// Bucket is a bar of the groups-per-community histogram.
type Bucket struct {
	Groups      int
	Communities int64
}

// Activities are an area's activities (活动) in the period.
type Activities struct {
	Total      ActivityFigures
	ByCategory []*ActivityFigures // in the order of enum.ServiceCategories
	ByMonth    []*ActivityFigures // by month, "2006-01", ascending
}

// ActivityFigures are the figures of a set of activities.
type ActivityFigures struct {
	Category       enum.ServiceCategory // in ByCategory
	Month          string               // in ByMonth
	Count          int64
	Participants   Count
	VolunteerHours float64
	OffSite        int64 // held off-site (飞地)
}

// Volunteers are an area's registered volunteers (志愿者).
type Volunteers struct {
	Total        Count
	Hours        Measure
	ByKind       []*VolunteerKind // in the order of the kinds
	Stars        []*StarLevel     // 0 stars, then 1, 2…
	StarHours    []int            // the area's thresholds
	ServiceTeams int64            // 1+2+N service teams
}

// VolunteerKind are the volunteers of one kind.
type VolunteerKind struct {
	Kind  volunteer.Kind
	Count Count
	Hours Measure
}

// StarLevel counts the volunteers of one star level.
type StarLevel struct {
	Stars    int
	MinHours int // hours the level needs, by the area's thresholds
	Count    Count
}

// Workers are the social workers (社会工作者) stationed in an area.
type Workers struct {
	Total              Count
	Certified          Count // level above NONE (持证社工)
	ByLevel            []*WorkerLevel
	PerCommunity       Measure // stationed workers per community
	CommunitiesWithout int64   // communities with no stationed worker
}

// WorkerLevel counts the workers of one qualification level.
type WorkerLevel struct {
	Level socialworker.Level
	Count Count
}

// Consultations are the matters of "有事好商量" in an area.
type Consultations struct {
	Raised     int64    // raised in the period
	Resolved   int64    // resolved in the period
	Open       int64    // raised in the period and still open
	Rejected   int64    // rejected in the period
	MedianDays *float64 // median days from raised to resolved, of those resolved in the period
	ByCategory []*ConsultationCategory

	days map[float64]int64 // matters resolved by days taken
}

// ConsultationCategory are the consultations of one category.
type ConsultationCategory struct {
	Category consultation.Category
	Raised   int64
	Resolved int64
}

// SelfFunding is the self-funding (造血) of an area's revenue projects, in fen.
type SelfFunding struct {
	Projects          int64
	Income, Expense   int64
	IncomeByCategory  []*LedgerCategory
	ExpenseByCategory []*LedgerCategory
}

// LedgerCategory is the total of one ledger category.
type LedgerCategory struct {
	Category  ledgerentry.Category
	AmountFen int64
	Entries   int64
}

// Space is the use of an area's community rooms (阵地空间).
type Space struct {
	OfficeM2, ServiceM2 float64
	Measured            int64             // communities with rooms recorded
	OverLimit           int64             // of them, communities whose office share exceeds OfficeLimit
	Communities         []*CommunitySpace // by office share, highest first (with PanelSpaceList)
}

// CommunitySpace is the space use of one community.
type CommunitySpace struct {
	Community           *ent.Community
	OfficeM2, ServiceM2 float64
}

// Training is the university–locality training and partnership (校地合作)
// of an area.
type Training struct {
	Batches       int64 // training batches that practised in the area or are held by its bases
	Completed     int64
	ByPhase       []*PhaseCount
	Students      Count // distinct students trained
	Agreements    int64 // partnership agreements with a department of the area as party
	Bilateral     int64
	Tripartite    int64
	TeachingSites int64
	OneStopItems  int64 // 一站通办 items
}

// PhaseCount counts the batches that reached one phase.
type PhaseCount struct {
	Phase   trainingbatch.Phase
	Batches int64
}

// Map is what the dashboard's map draws: the area's communities, the campuses
// of the universities paired with them, the teaching sites in the area and
// a line per ACTIVE community–university pairing. Only records with
// coordinates are on it.
type Map struct {
	Communities   []*ent.Community
	Campuses      []*ent.University
	TeachingSites []*ent.TeachingSite
	Pairings      []*MapPairing
}

// MapPairing is a line of the map: a community and a university paired by
// one or more of its groups.
type MapPairing struct {
	Community  *ent.Community
	University *ent.University
	Groups     int
}

// Service computes dashboards.
type Service struct {
	client *ent.Client
}

// New returns a Service reading through client.
func New(client *ent.Client) *Service { return &Service{client: client} }

// internal reads every row whoever asks: what the viewer gets of the
// aggregates is decided afterwards.
func internal(ctx context.Context) context.Context {
	return privacy.DecisionContext(ctx, privacy.Allow)
}

// Get returns the dashboard asked for, shaped for the viewer of ctx: each
// area in full or aggregate-only (see Access). It never refuses a viewer.
// Errors: NOT_FOUND (no such area), BAD_USER_INPUT (an ID of another kind, a
// period ending before it starts).
func (s *Service) Get(ctx context.Context, req Request) (*Dashboard, error) {
	from, to, err := period(req.From, req.To)
	if err != nil {
		return nil, err
	}
	d, dia, err := s.load(ctx, req.Area)
	if err != nil {
		return nil, err
	}
	d.From, d.To = from, to
	p := req.Panels
	if p == 0 {
		p = AllPanels
	}
	tables, err := s.tables(ctx, d)
	if err != nil {
		return nil, err
	}
	sc := newScope(&d.Area, d.Breakdown, from, to, p)
	sc.setTables(tables)
	sc.dialect = dia
	steps := []struct {
		want Panels
		run  func(context.Context, *scope) (func(), error)
	}{
		{AllPanels, s.base},
		{PanelActivities, s.activities},
		{PanelVolunteers, s.volunteers},
		{PanelWorkers, s.workers},
		{PanelConsultations, s.consultations},
		{PanelConsultations, s.medianDays},
		{PanelSelfFunding, s.selfFunding},
		{PanelSpace | PanelSpaceList, s.space},
		{PanelTraining | PanelVolunteers | PanelSelfFunding, s.tallies},
		{PanelSpaceList | PanelMap, func(ctx context.Context, sc *scope) (func(), error) { return s.places(ctx, sc, d) }},
	}
	// The statements are independent: on PostgreSQL they run a few at a
	// time, each on its own connection; SQLite runs them one by one. Their
	// rows are applied in order once all have run.
	parallel := 1
	if sc.dialect == dialect.Postgres {
		parallel = 4
	}
	var (
		wg      sync.WaitGroup
		slots   = make(chan struct{}, parallel)
		applies = make([]func(), len(steps))
		errs    = make([]error, len(steps))
	)
	for i, step := range steps {
		if !p.has(step.want) {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			slots <- struct{}{}
			defer func() { <-slots }()
			applies[i], errs[i] = step.run(ctx, sc)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	for _, apply := range applies {
		if apply != nil {
			apply()
		}
	}
	sc.finish()
	suppress(sc.tables)
	access(ctx, d)
	reveal(&d.Area)
	for _, a := range d.Breakdown {
		reveal(a)
	}
	return d, nil
}
