package graph

import (
	"context"
	"math"

	"github.com/wushehub/wushe/ent/schema/enum"
	"github.com/wushehub/wushe/graph/model"
	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/matching"
	"github.com/wushehub/wushe/internal/pairing"
)

// planInput turns the GraphQL input into the service's, starting from the
// default weights.
func planInput(in model.PairingPlanInput) (pairing.PlanInput, error) {
	p := matching.DefaultParams()
	set := func(dst *float64, v *float64) {
		if v != nil {
			*dst = *v
		}
	}
	set(&p.NeedWeight, in.NeedWeight)
	set(&p.DistanceWeight, in.DistanceWeight)
	set(&p.ContinuityBonus, in.ContinuityBonus)
	set(&p.MaxDistanceKm, in.MaxDistanceKm)
	if in.Candidates != nil {
		p.Candidates = *in.Candidates
	}
	out := pairing.PlanInput{Division: in.Division, Params: p, UniversityIDs: in.UniversityIDs}
	if in.MinGroups != nil {
		out.MinGroups = *in.MinGroups
		if in.MaxGroups == nil {
			out.MaxGroups = pairing.MaxOpen
		}
	}
	if in.MaxGroups != nil {
		out.MaxGroups = *in.MaxGroups
		if in.MinGroups == nil {
			out.MinGroups = 1
		}
	}
	return out, nil
}

// planModel renders a plan for the API, in the request's language. What
// the plan withholds from the viewer (pairing.Assignment.Withheld,
// ObjectiveWithheld) is left out and marked, so that its resolvers answer
// FORBIDDEN.
func planModel(ctx context.Context, p *pairing.Plan) *model.PairingPlan {
	lang := fault.LangFrom(ctx)
	out := &model.PairingPlan{
		Division:           p.Division,
		ObjectiveWithheld:  p.ObjectiveWithheld(),
		CoveredCommunities: p.Covered,
		TotalCommunities:   p.Total,
		Assignments:        []*model.PlanAssignment{},
		Uncovered:          []*model.UncoveredCommunity{},
		Stats: &model.PlanStats{
			Nodes:          p.Stats.Nodes,
			Arcs:           p.Stats.Arcs,
			CandidatePairs: p.Stats.CandidatePairs,
			Iterations:     p.Stats.Iterations,
			Milliseconds:   float64(p.Stats.Elapsed.Microseconds()) / 1000,
		},
	}
	if !out.ObjectiveWithheld {
		o := round(p.Objective)
		out.Objective = &o
	}
	as := p.Assignments()
	pairing.SortAssignments(as)
	for _, a := range as {
		m := &model.PlanAssignment{
			Community:  a.Community,
			Group:      a.Group,
			Continuing: a.Continuing,
			Reasons:    texts(a.Reasons, lang),
			Withheld:   a.Withheld,
		}
		if !a.Withheld {
			s := round(a.Score)
			m.Score = &s
			m.NeedsCovered = []enum.ServiceCategory{}
			for _, n := range a.NeedsCovered {
				m.NeedsCovered = append(m.NeedsCovered, enum.ServiceCategory(n))
			}
		}
		if a.DistanceKm >= 0 {
			d := round(a.DistanceKm)
			m.DistanceKm = &d
		}
		out.Assignments = append(out.Assignments, m)
	}
	for _, u := range p.UncoveredCommunities() {
		out.Uncovered = append(out.Uncovered, &model.UncoveredCommunity{
			Community: u.Community, Got: u.Got, Wanted: u.Wanted, Reason: u.Reason.In(lang),
		})
	}
	return out
}

func applyResult(ctx context.Context, res *pairing.ApplyResult) *model.ApplyPairingPlanResult {
	lang := fault.LangFrom(ctx)
	out := &model.ApplyPairingPlanResult{Plan: planModel(ctx, res.Plan), Created: res.Created, Kept: res.Kept, Skipped: []*model.SkippedAssignment{}}
	for _, s := range res.Skipped {
		out.Skipped = append(out.Skipped, &model.SkippedAssignment{Community: s.Community, Group: s.Group, Reason: s.Reason.In(lang)})
	}
	return out
}

func texts(ts []fault.Text, lang fault.Lang) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.In(lang)
	}
	return out
}

// round keeps three decimals, enough for people and stable across databases.
func round(x float64) float64 { return math.Round(x*1000) / 1000 }

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// withheld is the error of a plan's figure that rests on needs the viewer
// may not read.
func withheld() error {
	return fault.Denied(fault.T("this figure rests on needs you may not read", "该数值依据了您无权查看的需求"))
}
