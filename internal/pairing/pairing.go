// Package pairing plans and manages pairings (结对) of communities with
// student groups on the hub's data: it turns a division's communities and
// the groups into a matching instance, solves it with package matching,
// applies a plan as PROPOSED pairings, and records each side's answer.
package pairing

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"time"

	"entgo.io/ent/privacy"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/ent/community"
	"github.com/wushehub/wushe/ent/division"
	"github.com/wushehub/wushe/ent/need"
	entpairing "github.com/wushehub/wushe/ent/pairing"
	"github.com/wushehub/wushe/ent/schema/enum"
	"github.com/wushehub/wushe/ent/studentgroup"
	"github.com/wushehub/wushe/ent/university"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/matching"
)

// MaxOpen is the most open (PROPOSED or ACTIVE) pairings a plan leaves a
// community with: the 1–3 groups per community practised in Xixia.
const MaxOpen = 3

// Service plans and manages pairings.
type Service struct {
	client *ent.Client
	now    func() time.Time
}

// New returns a Service over client.
func New(client *ent.Client) *Service { return &Service{client: client, now: time.Now} }

// PlanInput asks for a plan for the communities of one division.
type PlanInput struct {
	Division      int             // a DISTRICT or STREET division
	Params        matching.Params // weights and candidate limits
	MinGroups     int             // per community; default 1
	MaxGroups     int             // per community; default 3, at most MaxOpen
	UniversityIDs []int           // consider only these universities' groups (all when empty)
}

// Plan is a solved plan with the rows it names.
type Plan struct {
	matching.Plan
	Division    *ent.Division
	Communities map[int]*ent.Community
	Groups      map[int]*ent.StudentGroup
	Total       int             // communities in the division
	Params      matching.Params // the weights solved with, defaults filled in
	// withheld holds the communities with needs the viewer may not read:
	// what rests on their needs is not shown (see Assignments).
	withheld map[int]bool
}

// Assignment is a planned pairing with the rows it names.
type Assignment struct {
	matching.Assignment
	Community *ent.Community
	Group     *ent.StudentGroup
	// Withheld reports that the viewer may not read some of the community's
	// needs. Then Score is 0, NeedsCovered nil and Reasons name no category,
	// weight or coverage (matching.ReasonsWithoutNeeds): they would give
	// the needs away. Distance and continuity rest on public data and stay.
	Withheld bool
}

// Uncovered is a community left short of its minimum, with its row.
type Uncovered struct {
	matching.Uncovered
	Community *ent.Community
}

// Assignments returns the plan's assignments with their rows, withheld
// where the viewer may not read the community's needs.
func (p *Plan) Assignments() []Assignment {
	out := make([]Assignment, 0, len(p.Plan.Assignments))
	for _, a := range p.Plan.Assignments {
		id := mustAtoi(a.CommunityID)
		as := Assignment{Assignment: a, Community: p.Communities[id], Group: p.Groups[mustAtoi(a.GroupID)]}
		if p.withheld[id] {
			as.Withheld = true
			as.Score, as.NeedsCovered = 0, nil
			as.Reasons = matching.ReasonsWithoutNeeds(a, p.Params)
		}
		out = append(out, as)
	}
	return out
}

// ObjectiveWithheld reports that the plan's objective is not shown (and
// Objective is 0): it sums the fits of every pair, and the viewer may not
// read the needs of some community of the division.
func (p *Plan) ObjectiveWithheld() bool { return len(p.withheld) > 0 }

// UncoveredCommunities returns the uncovered communities with their rows.
func (p *Plan) UncoveredCommunities() []Uncovered {
	out := make([]Uncovered, 0, len(p.Plan.Uncovered))
	for _, u := range p.Plan.Uncovered {
		out = append(out, Uncovered{Uncovered: u, Community: p.Communities[mustAtoi(u.CommunityID)]})
	}
	return out
}

func mustAtoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		panic(fmt.Sprintf("pairing: instance id %q is not an int", s))
	}
	return n
}

// internal reads everything a plan needs whoever asks: what the viewer may
// see of the result is decided afterwards.
func internal(ctx context.Context) context.Context {
	return privacy.DecisionContext(ctx, privacy.Allow)
}

// Plan solves a pairing plan for in.Division on current data. District and
// street offices plan within their subtree and the platform anywhere;
// universities get the plan restricted to their own groups.
//
// The plan is always solved on the full data, so that a university sees
// the pairs the offices' plan has for its groups. What rests on needs the
// viewer may not read is withheld (see Assignment.Withheld and
// ObjectiveWithheld), and such a viewer must keep the default weights:
// changing them and watching which pairs flip would measure the hidden
// weights. Errors: NOT_FOUND (division), FORBIDDEN (outside the division,
// or weights changed over hidden needs), BAD_USER_INPUT.
func (s *Service) Plan(ctx context.Context, in PlanInput) (*Plan, error) {
	v := authz.FromContext(ctx)
	d, err := s.division(ctx, in.Division)
	if err != nil {
		return nil, err
	}
	isUniversity := v.Role == authz.UniversityStaff
	if !v.Covers(d.Code) && !isUniversity {
		return nil, denied()
	}
	inst, plan, err := s.instance(ctx, d, in)
	if err != nil {
		return nil, err
	}
	if plan.withheld, err = s.hiddenNeeds(ctx, plan.Communities); err != nil {
		return nil, err
	}
	if len(plan.withheld) > 0 && !defaultWeights(plan.Params) {
		return nil, fault.Denied(fault.T(
			"the plan rests on needs you may not read: only the offices planning the division may change its weights",
			"该方案依据了您无权查看的需求：只有规划该辖区的部门可以调整权重"))
	}
	if plan.Plan, err = matching.Solve(ctx, inst); err != nil {
		return nil, err
	}
	if plan.ObjectiveWithheld() {
		plan.Objective = 0
	}
	if isUniversity && !v.IsPlatformAdmin() {
		plan.restrictTo(v.Agency)
	}
	return plan, nil
}

// hiddenNeeds returns the communities of cs with a need the viewer may not
// read, by reading their needs through the viewer's read scope.
func (s *Service) hiddenNeeds(ctx context.Context, cs map[int]*ent.Community) (map[int]bool, error) {
	var ids []int
	for id, c := range cs {
		if len(c.Edges.Needs) > 0 {
			ids = append(ids, id)
		}
	}
	hidden := map[int]bool{}
	if len(ids) == 0 {
		return hidden, nil
	}
	readable, err := s.client.Need.Query().Where(need.CommunityIDIn(ids...)).IDs(ctx)
	if err != nil {
		return nil, fmt.Errorf("plan: reading needs: %w", err)
	}
	seen := make(map[int]bool, len(readable))
	for _, id := range readable {
		seen[id] = true
	}
	for _, id := range ids {
		for _, n := range cs[id].Edges.Needs {
			if !seen[n.ID] {
				hidden[id] = true
				break
			}
		}
	}
	return hidden, nil
}

// defaultWeights reports whether p weighs a pair as DefaultParams does.
func defaultWeights(p matching.Params) bool {
	d := matching.DefaultParams()
	return p.NeedWeight == d.NeedWeight && p.DistanceWeight == d.DistanceWeight && p.ContinuityBonus == d.ContinuityBonus
}

func denied() error {
	return fault.Denied(fault.T("you may plan pairings only within your own division", "只能为本辖区规划结对"))
}

func (s *Service) division(ctx context.Context, id int) (*ent.Division, error) {
	d, err := s.client.Division.Get(internal(ctx), id)
	if ent.IsNotFound(err) {
		return nil, fault.Missing("division", fault.T("division not found", "区划不存在"))
	}
	if err != nil {
		return nil, fmt.Errorf("plan: loading division: %w", err)
	}
	if d.Level != division.LevelDISTRICT && d.Level != division.LevelSTREET {
		return nil, fault.BadInput("division", fault.T("plan for a district or a street, not a %s", "请选择区（县）或街道规划，而不是%s级区划", d.Level))
	}
	return d, nil
}

// restrictTo keeps the assignments of one university's groups.
func (p *Plan) restrictTo(universityCode string) {
	kept := p.Plan.Assignments[:0]
	for _, a := range p.Plan.Assignments {
		g := p.Groups[mustAtoi(a.GroupID)]
		if g != nil && g.Edges.University != nil && g.Edges.University.Code == universityCode {
			kept = append(kept, a)
		}
	}
	p.Plan.Assignments = kept
	p.Plan.Uncovered = nil
}

// solve builds the instance for d and solves it.
func (s *Service) solve(ctx context.Context, d *ent.Division, in PlanInput) (*Plan, error) {
	inst, plan, err := s.instance(ctx, d, in)
	if err != nil {
		return nil, err
	}
	solved, err := matching.Solve(ctx, inst)
	if err != nil {
		return nil, err
	}
	plan.Plan = solved
	return plan, nil
}

// instance reads the division's communities, their needs and active
// pairings, and the candidate groups, into a matching instance.
func (s *Service) instance(ctx context.Context, d *ent.Division, in PlanInput) (matching.Instance, *Plan, error) {
	ictx := internal(ctx)
	minG, maxG := in.MinGroups, in.MaxGroups
	if minG == 0 && maxG == 0 {
		minG, maxG = 1, MaxOpen
	}
	if minG < 0 || maxG < minG || maxG > MaxOpen {
		return matching.Instance{}, nil, fault.BadInput("maxGroups", fault.T("groups per community must satisfy 0 ≤ minGroups ≤ maxGroups ≤ %d", "每个社区的结对数应满足 0 ≤ minGroups ≤ maxGroups ≤ %d", MaxOpen))
	}
	streets := []int{d.ID}
	if d.Level == division.LevelDISTRICT {
		ids, err := s.client.Division.Query().Where(division.ParentID(d.ID), division.LevelEQ(division.LevelSTREET)).IDs(ictx)
		if err != nil {
			return matching.Instance{}, nil, fmt.Errorf("plan: loading streets: %w", err)
		}
		streets = ids
	}
	communities, err := s.client.Community.Query().
		Where(community.StreetIDIn(streets...)).
		WithNeeds().
		WithPairings(func(q *ent.PairingQuery) { q.Where(entpairing.StatusEQ(entpairing.StatusACTIVE)) }).
		Order(ent.Asc(community.FieldID)).
		All(ictx)
	if err != nil {
		return matching.Instance{}, nil, fmt.Errorf("plan: loading communities: %w", err)
	}
	gq := s.client.StudentGroup.Query().WithUniversity().WithPairings(func(q *ent.PairingQuery) {
		q.Where(entpairing.StatusEQ(entpairing.StatusACTIVE))
	})
	if len(in.UniversityIDs) > 0 {
		gq = gq.Where(studentgroup.HasUniversityWith(university.IDIn(in.UniversityIDs...)))
	}
	groups, err := gq.Order(ent.Asc(studentgroup.FieldID)).All(ictx)
	if err != nil {
		return matching.Instance{}, nil, fmt.Errorf("plan: loading groups: %w", err)
	}
	params := in.Params
	if params == (matching.Params{}) {
		params = matching.DefaultParams()
	}
	plan := &Plan{Division: d, Communities: map[int]*ent.Community{}, Groups: map[int]*ent.StudentGroup{}, Total: len(communities), Params: params}
	inside := map[int]bool{}
	inst := matching.Instance{Params: params, Labels: ent.EnumLabels["Need"]["category"]}
	for _, c := range communities {
		inside[c.ID] = true
		plan.Communities[c.ID] = c
		mc := matching.Community{ID: strconv.Itoa(c.ID), Name: c.Name, Needs: Needs(c), NeedNotes: needNotes(c), MinGroups: minG, MaxGroups: maxG}
		if c.Latitude != nil && c.Longitude != nil {
			mc.Location = &matching.Point{Lat: *c.Latitude, Lon: *c.Longitude}
		}
		for _, p := range c.Edges.Pairings {
			mc.Existing = append(mc.Existing, strconv.Itoa(p.GroupID))
		}
		inst.Communities = append(inst.Communities, mc)
	}
	existing := map[int]bool{}
	for _, c := range communities {
		for _, p := range c.Edges.Pairings {
			existing[p.GroupID] = true
		}
	}
	for _, g := range groups {
		plan.Groups[g.ID] = g
		// Active pairings outside the division use up capacity.
		capacity := g.Capacity
		for _, p := range g.Edges.Pairings {
			if !inside[p.CommunityID] {
				capacity--
			}
		}
		if capacity < 0 {
			capacity = 0
		}
		if capacity == 0 && !existing[g.ID] {
			continue
		}
		mg := matching.Group{ID: strconv.Itoa(g.ID), Name: g.Name, Capacity: capacity}
		if u := g.Edges.University; u != nil && u.Latitude != nil && u.Longitude != nil {
			mg.Location = &matching.Point{Lat: *u.Latitude, Lon: *u.Longitude}
		}
		for _, sk := range g.ServiceSkills {
			mg.Skills = append(mg.Skills, string(sk))
		}
		inst.Groups = append(inst.Groups, mg)
	}
	// A community's existing groups must be in the instance even when the
	// university filter left them out.
	known := map[string]bool{}
	for _, g := range inst.Groups {
		known[g.ID] = true
	}
	for i := range inst.Communities {
		kept := inst.Communities[i].Existing[:0]
		for _, id := range inst.Communities[i].Existing {
			if known[id] {
				kept = append(kept, id)
			}
		}
		inst.Communities[i].Existing = kept
	}
	return inst, plan, nil
}

// Needs returns a community's needs as category weights: its recorded
// needs, and where none is recorded for them, elderly care and children's
// services weighted by the shares of residents over 60 and under 14 (a
// share of 0.5 or more weighs 1).
func Needs(c *ent.Community) map[string]float64 {
	needs := map[string]float64{}
	for _, n := range c.Edges.Needs {
		needs[string(n.Category)] = n.Weight
	}
	derive := func(cat enum.ServiceCategory, share float64) {
		if _, ok := needs[string(cat)]; !ok && share > 0 {
			needs[string(cat)] = min(1, 2*share)
		}
	}
	derive(enum.Elderly, c.ElderlyShare)
	derive(enum.Children, c.MinorShare)
	return needs
}

// needNotes says where each of Needs' weights comes from, for the reasons:
// the community's record, or the share of residents it is derived from.
func needNotes(c *ent.Community) map[string]fault.Text {
	notes := map[string]fault.Text{}
	for _, n := range c.Edges.Needs {
		notes[string(n.Category)] = fault.T("recorded need, weight", "社区登记的需求，权重")
	}
	derived := func(cat enum.ServiceCategory, share float64, en, zh string) {
		if _, ok := notes[string(cat)]; !ok && share > 0 {
			notes[string(cat)] = fault.T(en, zh, 100*share)
		}
	}
	derived(enum.Elderly, c.ElderlyShare, "from the %.0f%% of residents over 60, weight", "按60岁以上居民占 %.0f%% 推算，权重")
	derived(enum.Children, c.MinorShare, "from the %.0f%% of residents under 14, weight", "按14岁以下居民占 %.0f%% 推算，权重")
	return notes
}

// ApplyResult is what applying a plan did.
type ApplyResult struct {
	Plan    *Plan
	Created []*ent.Pairing // new PROPOSED pairings
	Kept    int            // planned pairs that already had an open pairing
	Skipped []Skipped      // planned pairs not proposed, and why
}

// Skipped is a planned pair that was not proposed.
type Skipped struct {
	Community *ent.Community
	Group     *ent.StudentGroup
	Reason    fault.Text
}

// Apply solves the plan for in and records every planned pair that has no
// open pairing yet as a PROPOSED pairing (source MATCHER), in one
// transaction. Everyone may read a pairing, so it keeps no score and only
// the reasons that do not rest on the community's needs (distance,
// continuity; in Chinese): the plan's full reasons are in the result.
// Applying the same plan twice creates nothing the second time; no
// community is left with more than MaxOpen open pairings. Errors: as Plan;
// universities may not apply plans.
func (s *Service) Apply(ctx context.Context, in PlanInput) (*ApplyResult, error) {
	v := authz.FromContext(ctx)
	d, err := s.division(ctx, in.Division)
	if err != nil {
		return nil, err
	}
	if !v.Covers(d.Code) || v.Role == authz.DistrictAuditor {
		return nil, denied()
	}
	var res *ApplyResult
	err = s.inTx(ctx, func(tx *ent.Client) error {
		txs := &Service{client: tx, now: s.now}
		plan, err := txs.solve(ctx, d, in)
		if err != nil {
			return err
		}
		res = &ApplyResult{Plan: plan}
		ictx := internal(ctx)
		open := map[int]int{}
		for _, a := range plan.Assignments() {
			if a.Continuing {
				res.Kept++
				continue
			}
			exists, err := tx.Pairing.Query().Where(
				entpairing.CommunityID(a.Community.ID), entpairing.GroupID(a.Group.ID),
				entpairing.StatusIn(entpairing.StatusPROPOSED, entpairing.StatusACTIVE),
			).Exist(ictx)
			if err != nil {
				return fmt.Errorf("apply plan: %w", err)
			}
			if exists {
				res.Kept++
				continue
			}
			n, ok := open[a.Community.ID]
			if !ok {
				n, err = tx.Pairing.Query().Where(entpairing.CommunityID(a.Community.ID),
					entpairing.StatusIn(entpairing.StatusPROPOSED, entpairing.StatusACTIVE)).Count(ictx)
				if err != nil {
					return fmt.Errorf("apply plan: %w", err)
				}
			}
			if n >= MaxOpen {
				res.Skipped = append(res.Skipped, Skipped{a.Community, a.Group, fault.T(
					"the community already has %d open pairings", "该社区已有%d个未结束的结对", n)})
				open[a.Community.ID] = n
				continue
			}
			// Everyone may read a pairing's score and reasons: keep only
			// what does not rest on the community's needs.
			public := matching.ReasonsWithoutNeeds(a.Assignment, plan.Params)
			reasons := make([]string, len(public))
			for i, r := range public {
				reasons[i] = r.Zh
			}
			p, err := tx.Pairing.Create().
				SetCommunityID(a.Community.ID).SetGroupID(a.Group.ID).
				SetStatus(entpairing.StatusPROPOSED).SetSource(entpairing.SourceMATCHER).
				SetReasons(reasons).
				Save(ictx)
			if err != nil {
				return fmt.Errorf("apply plan: %w", err)
			}
			res.Created = append(res.Created, p)
			open[a.Community.ID] = n + 1
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// inTx runs f in a transaction, or in the caller's when ctx carries one
// (the GraphQL request transaction).
func (s *Service) inTx(ctx context.Context, f func(*ent.Client) error) error {
	if tx := ent.TxFromContext(ctx); tx != nil {
		return f(tx.Client())
	}
	tx, err := s.client.Tx(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := f(tx.Client()); err != nil {
		if rerr := tx.Rollback(); rerr != nil {
			return fmt.Errorf("%w (rollback: %v)", err, rerr)
		}
		return err
	}
	return tx.Commit()
}

// Side is who answers a proposed pairing.
type Side string

// The two sides of a pairing.
const (
	CommunitySide  Side = "COMMUNITY"
	UniversitySide Side = "UNIVERSITY"
)

// Respond records one side's answer to a PROPOSED pairing: the community
// (its committee) or the university owning the group. The pairing becomes
// ACTIVE once both have accepted, and ENDED when either declines. The
// platform must name the side it answers for. Errors: NOT_FOUND, FORBIDDEN,
// CONFLICT (not PROPOSED, or the community has three ACTIVE pairings),
// BAD_USER_INPUT.
func (s *Service) Respond(ctx context.Context, id int, accept bool, note string, side Side) (*ent.Pairing, error) {
	var out *ent.Pairing
	err := s.inTx(ctx, func(tx *ent.Client) error {
		ictx := internal(ctx)
		p, err := s.load(ctx, tx, id)
		if err != nil {
			return err
		}
		side, err := answeringSide(authz.FromContext(ctx), p, side)
		if err != nil {
			return err
		}
		if p.Status != entpairing.StatusPROPOSED {
			return fault.Conflicting("id", fault.T("only a PROPOSED pairing can be answered; this one is %s", "只能答复“已提议”的结对，该结对为%s", p.Status))
		}
		answer := entpairing.CommunityResponseDECLINED
		if accept {
			answer = entpairing.CommunityResponseACCEPTED
		}
		upd := tx.Pairing.UpdateOneID(p.ID)
		community, university := p.CommunityResponse, entpairing.CommunityResponse(p.UniversityResponse)
		if side == CommunitySide {
			upd.SetCommunityResponse(answer).SetCommunityNote(note)
			community = answer
		} else {
			upd.SetUniversityResponse(entpairing.UniversityResponse(answer)).SetUniversityNote(note)
			university = answer
		}
		switch {
		case !accept:
			reason := "declined by the community"
			if side == UniversitySide {
				reason = "declined by the university"
			}
			if note != "" {
				reason += ": " + note
			}
			upd.SetStatus(entpairing.StatusENDED).SetEndReason(reason)
		case community == entpairing.CommunityResponseACCEPTED && university == entpairing.CommunityResponseACCEPTED:
			upd.SetStatus(entpairing.StatusACTIVE).SetSince(today(s.now()))
		}
		out, err = upd.Save(ictx)
		return err
	})
	return out, err
}

// Propose records a university's proposal of one of its own groups for a
// community: PROPOSED, source UNIVERSITY, the university side accepted, for
// the community to answer (Respond). Only the group's university's staff
// and the platform may propose. Errors: UNAUTHENTICATED, FORBIDDEN (not
// the viewer's group), NOT_FOUND (a community or group the viewer cannot
// see), CONFLICT (the pair is open already, or the community has MaxOpen
// open pairings).
func (s *Service) Propose(ctx context.Context, communityID, groupID int, note string) (*ent.Pairing, error) {
	v := authz.FromContext(ctx)
	switch {
	case v.Role == authz.Public:
		return nil, fault.Unauthorized(fault.T("proposing a pairing needs credentials: send a bearer token or an API key", "提议结对须先认证：请提供令牌（Bearer）或接口密钥"))
	case v.Role != authz.UniversityStaff && !v.IsPlatformAdmin():
		return nil, fault.Denied(fault.T("only a university proposes pairings for its own groups; offices create them (createPairing) or apply a plan", "只有高校可为本校团支部/社团提议结对；区、街道可直接新增结对或执行结对方案"))
	}
	var out *ent.Pairing
	err := s.inTx(ctx, func(tx *ent.Client) error {
		ictx := internal(ctx)
		// Read as the viewer: what it cannot see is not found.
		c, err := tx.Community.Get(ctx, communityID)
		if ent.IsNotFound(err) {
			return fault.Missing("community", fault.T("no such community", "社区不存在"))
		}
		if err != nil {
			return fmt.Errorf("propose: loading the community: %w", err)
		}
		g, err := tx.StudentGroup.Query().Where(studentgroup.ID(groupID)).WithUniversity().Only(ctx)
		if ent.IsNotFound(err) {
			return fault.Missing("group", fault.T("no such student group", "团支部/社团不存在"))
		}
		if err != nil {
			return fmt.Errorf("propose: loading the group: %w", err)
		}
		if !v.IsPlatformAdmin() && (g.Edges.University == nil || g.Edges.University.Code != v.Agency) {
			fe := fault.Denied(fault.T("the group is not one of your university's", "该团支部/社团不属于本校"))
			fe.Field = "group"
			return fe
		}
		open, err := tx.Pairing.Query().Where(entpairing.CommunityID(c.ID),
			entpairing.StatusIn(entpairing.StatusPROPOSED, entpairing.StatusACTIVE)).All(ictx)
		if err != nil {
			return fmt.Errorf("propose: %w", err)
		}
		for _, p := range open {
			if p.GroupID == g.ID {
				return fault.Conflicting("group", fault.T("the group and the community already have an open pairing (%s)", "该团支部/社团与该社区已有未结束的结对（%s）", p.Status))
			}
		}
		if len(open) >= MaxOpen {
			return fault.Conflicting("community", fault.T("%s already has %d open pairings, the most a community takes", "%s已有%d个未结束的结对，已达上限", c.Name, len(open)))
		}
		out, err = tx.Pairing.Create().
			SetCommunityID(c.ID).SetGroupID(g.ID).
			SetStatus(entpairing.StatusPROPOSED).SetSource(entpairing.SourceUNIVERSITY).
			SetUniversityResponse(entpairing.UniversityResponseACCEPTED).SetUniversityNote(note).
			Save(ictx)
		return err
	})
	return out, err
}

// End ends an ACTIVE or PROPOSED pairing, recording why. Either side, an
// office over the community, or the platform may end it. Errors: NOT_FOUND,
// FORBIDDEN, CONFLICT (already ended), BAD_USER_INPUT (empty reason).
func (s *Service) End(ctx context.Context, id int, reason string) (*ent.Pairing, error) {
	if reason == "" {
		return nil, fault.BadInput("reason", fault.T("say why the pairing ends", "请填写结束原因"))
	}
	var out *ent.Pairing
	err := s.inTx(ctx, func(tx *ent.Client) error {
		p, err := s.load(ctx, tx, id)
		if err != nil {
			return err
		}
		v := authz.FromContext(ctx)
		if !v.Covers(p.Edges.Community.Code) || v.Role == authz.DistrictAuditor {
			if _, err := answeringSide(v, p, ""); err != nil {
				return err
			}
		}
		if p.Status == entpairing.StatusENDED {
			return fault.Conflicting("id", fault.T("the pairing has already ended", "该结对已结束"))
		}
		out, err = tx.Pairing.UpdateOneID(p.ID).SetStatus(entpairing.StatusENDED).SetEndReason(reason).SetUntil(today(s.now())).Save(internal(ctx))
		return err
	})
	return out, err
}

func (s *Service) load(ctx context.Context, tx *ent.Client, id int) (*ent.Pairing, error) {
	p, err := tx.Pairing.Query().Where(entpairing.ID(id)).
		WithCommunity().WithGroup(func(q *ent.StudentGroupQuery) { q.WithUniversity() }).
		Only(internal(ctx))
	if ent.IsNotFound(err) {
		return nil, fault.Missing("id", fault.T("pairing not found", "结对不存在"))
	}
	if err != nil {
		return nil, fmt.Errorf("loading pairing: %w", err)
	}
	return p, nil
}

// answeringSide returns the side viewer v answers for on p.
func answeringSide(v authz.Viewer, p *ent.Pairing, asked Side) (Side, error) {
	if v.IsPlatformAdmin() {
		if asked != CommunitySide && asked != UniversitySide {
			return "", fault.BadInput("side", fault.T("say which side (COMMUNITY or UNIVERSITY) the platform answers for", "平台代为答复时须指明一方（COMMUNITY或UNIVERSITY）"))
		}
		return asked, nil
	}
	switch {
	case v.Role == authz.CommunityOfficer && v.Agency == p.Edges.Community.Code:
		return CommunitySide, nil
	case v.Role == authz.UniversityStaff && p.Edges.Group.Edges.University != nil && v.Agency == p.Edges.Group.Edges.University.Code:
		return UniversitySide, nil
	default:
		return "", fault.Denied(fault.T("only the community or the group's university may answer this pairing", "只有结对社区或该团支部/社团所属高校可以答复"))
	}
}

func today(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// SortAssignments orders assignments by community code then group name, for
// people to read.
func SortAssignments(as []Assignment) {
	sort.SliceStable(as, func(i, j int) bool {
		if as[i].Community.Code != as[j].Community.Code {
			return as[i].Community.Code < as[j].Community.Code
		}
		return as[i].Group.Name < as[j].Group.Name
	})
}
