// Package matching builds pairing plans: which university student groups
// (团支部/社团) serve which urban communities (社区).
//
// Every community gets between its minimum and maximum number of groups
// (1 to 3 by default) and every group serves at most its capacity. Among all
// such plans Solve returns one that first fills as many minimum slots as the
// groups' capacity allows and then has the greatest total fit. The fit of a
// pair rewards covering the community's needs with the group's skills,
// penalises the distance between campus and community, and rewards keeping
// an existing active pairing.
//
// The plan is exact, not greedy: Solve states the problem as a min-cost flow
// (source → group → community → sink) on integer costs and solves it with the
// network simplex method. The package is pure Go and touches no database.
package matching

import (
	"math"
	"time"

	"github.com/wushehub/wushe/internal/fault"
)

// EarthRadiusKm is the mean Earth radius (IUGG) used by Haversine.
const EarthRadiusKm = 6371.0088

// UnknownDistance is the DistanceKm of an assignment whose community or group
// has no location.
const UnknownDistance = -1

// Point is a WGS84 position in degrees.
type Point struct {
	Lat float64 `json:"lat"`
	Lon float64 `json:"lon"`
}

// Community is an urban community (社区) that wants student groups.
type Community struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	// Location is nil when unknown: the pair then has no distance term and is
	// never excluded by Params.MaxDistanceKm.
	Location *Point `json:"location,omitempty"`
	// Needs maps a need category (e.g. "ELDERLY") to its weight, >= 0.
	Needs map[string]float64 `json:"needs,omitempty"`
	// MinGroups is the number of groups wanted at least; MaxGroups at most.
	// When both are 0 they default to 1 and 3; otherwise 0 <= MinGroups <=
	// MaxGroups.
	MinGroups int `json:"minGroups,omitempty"`
	MaxGroups int `json:"maxGroups,omitempty"`
	// Existing lists the IDs of groups with an active pairing to this
	// community.
	Existing []string `json:"existing,omitempty"`
	// NeedNotes says where a need's weight comes from (a recorded need,
	// a share of residents), for the reasons; a need without one is
	// explained as given.
	NeedNotes map[string]fault.Text `json:"-"`
}

// Group is a university student group (团支部/社团) that serves communities.
type Group struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	// Location is the campus; nil when unknown.
	Location *Point `json:"location,omitempty"`
	// Skills are the need categories the group can serve (the vocabulary of
	// Community.Needs keys).
	Skills []string `json:"skills,omitempty"`
	// Capacity is the number of communities the group can serve; 0 serves
	// none.
	Capacity int `json:"capacity"`
}

// Params weighs the terms of the fit of a pair and limits the candidates.
//
// The fit of community c and group g is
//
//	NeedWeight·coverage − DistanceWeight·km + ContinuityBonus·[g in c.Existing]
//
// where coverage is the sum of c's need weights whose category is one of g's
// skills and km the haversine distance between campus and community.
//
// The zero Params stands for DefaultParams(): Solve replaces it, so that a
// caller who sets no parameters gets the defaults rather than all-zero
// weights.
type Params struct {
	NeedWeight      float64 `json:"needWeight"`
	DistanceWeight  float64 `json:"distanceWeight"`
	ContinuityBonus float64 `json:"continuityBonus"`
	// MaxDistanceKm excludes pairs farther apart; 0 means no limit. A pair
	// whose distance is unknown is never excluded.
	MaxDistanceKm float64 `json:"maxDistanceKm"`
	// Candidates keeps only the K nearest groups with capacity of each
	// community as its candidates, ties broken by group ID; groups at an
	// unknown distance rank after every located one, best fit first. A
	// group with an existing pairing is a candidate all the same (unless
	// beyond MaxDistanceKm). 0 keeps every group.
	Candidates int `json:"candidates"`
}

// DefaultParams returns the default weights: need coverage 1, distance
// penalty 0.05 per km, continuity bonus 0.5, no distance limit and every
// group a candidate.
func DefaultParams() Params {
	return Params{NeedWeight: 1, DistanceWeight: 0.05, ContinuityBonus: 0.5}
}

// Instance is the input of Solve: the communities, the groups and the
// parameters. Its JSON form is what Decode reads.
type Instance struct {
	Communities []Community `json:"communities"`
	Groups      []Group     `json:"groups"`
	Params      Params      `json:"params"`
	// Labels gives need categories their Chinese names, for the reasons in
	// Chinese (e.g. "ELDERLY": "一老"); a category without one is shown by
	// its code.
	Labels map[string]string `json:"labels,omitempty"`
}

// Plan is a pairing plan.
type Plan struct {
	// Assignments are sorted by community ID, then group ID.
	Assignments []Assignment `json:"assignments"`
	// Uncovered lists the communities that got fewer than MinGroups, sorted
	// by ID.
	Uncovered []Uncovered `json:"uncovered"`
	// Objective is the total fit, the sum of the assignments' Score.
	Objective float64 `json:"objective"`
	// Covered is the number of communities with at least one assignment.
	Covered int   `json:"covered"`
	Stats   Stats `json:"stats"`
}

// Assignment pairs a group with a community.
type Assignment struct {
	CommunityID string `json:"communityId"`
	GroupID     string `json:"groupId"`
	// Score is the fit of the pair (see Params).
	Score float64 `json:"score"`
	// DistanceKm is the haversine distance between campus and community, or
	// UnknownDistance (-1) when either location is unknown.
	DistanceKm float64 `json:"distanceKm"`
	// NeedsCovered are the community's need categories among the group's
	// skills, sorted.
	NeedsCovered []string `json:"needsCovered"`
	// Continuing reports that the pair has an existing active pairing.
	Continuing bool `json:"continuing"`
	// Reasons explain the score in English and Chinese: needs covered with
	// their weights, distance, continuity.
	Reasons []fault.Text `json:"reasons"`
}

// Uncovered is a community that got fewer groups than it wants at least.
type Uncovered struct {
	CommunityID string     `json:"communityId"`
	Got         int        `json:"got"`
	Wanted      int        `json:"wanted"`
	Reason      fault.Text `json:"reason"`
}

// Stats describes the work Solve did.
type Stats struct {
	Nodes int `json:"nodes"` // nodes of the flow network
	Arcs  int `json:"arcs"`  // arcs of the flow network, candidate pairs included
	// CandidatePairs is the number of community–group pairs considered.
	CandidatePairs int `json:"candidatePairs"`
	// Iterations is the number of network simplex pivots.
	Iterations int           `json:"iterations"`
	Elapsed    time.Duration `json:"elapsed"`
}

// Haversine returns the great-circle distance in km between a and b on a
// sphere of radius EarthRadiusKm.
func Haversine(a, b Point) float64 {
	return haversine(a, b, math.Cos(a.Lat*degree), math.Cos(b.Lat*degree))
}

const degree = math.Pi / 180

// haversine is Haversine given the cosines of the two latitudes.
func haversine(a, b Point, cosA, cosB float64) float64 {
	sdPhi := math.Sin((b.Lat*degree - a.Lat*degree) / 2)
	sdLambda := math.Sin((b.Lon - a.Lon) * degree / 2)
	h := sdPhi*sdPhi + cosA*cosB*sdLambda*sdLambda
	return 2 * EarthRadiusKm * math.Asin(math.Min(1, math.Sqrt(h)))
}
