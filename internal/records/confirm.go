package records

import (
	"context"
	"math"
	"strings"
	"time"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/ent/division"
	"github.com/wushehub/wushe/ent/pointsentry"
	"github.com/wushehub/wushe/ent/pointsrule"
	"github.com/wushehub/wushe/ent/servicerecord"
	"github.com/wushehub/wushe/ent/volunteer"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/dashboard"
	"github.com/wushehub/wushe/internal/ident"
)

// Manual is a service record registered by hand, for service no scan
// recorded.
type Manual struct {
	Volunteer             int
	Activity, ServiceTeam int // exactly one
	Start, End            time.Time
	Hours                 float64 // 0: from Start and End
	Content               string
}

// maxHours bounds the hours of one record.
const maxHours = 24

// Record registers a PENDING service record by hand. BAD_USER_INPUT for
// missing or inconsistent times or hours.
func (s *Service) Record(ctx context.Context, m Manual) (*ent.ServiceRecord, error) {
	if m.End.Before(m.Start) || m.Start.IsZero() || m.End.IsZero() {
		return nil, bad("end", "give the start and end of the service, the end not before the start", "请填写服务开始和结束时间，结束不得早于开始")
	}
	if m.Start.After(s.now()) {
		return nil, bad("start", "a service cannot be recorded before it starts", "服务尚未开始，不能登记")
	}
	hours := m.Hours
	if hours == 0 {
		hours = hoursBetween(m.Start, m.End)
	}
	if err := checkHours(hours); err != nil {
		return nil, err
	}
	var out *ent.ServiceRecord
	err := s.inTx(ctx, func(ctx context.Context, c *ent.Client) error {
		t, err := s.target(ctx, c, m.Activity, m.ServiceTeam)
		if err != nil {
			return err
		}
		v, err := c.Volunteer.Query().Where(volunteer.ID(m.Volunteer)).WithCommunity().Only(derived(ctx))
		if err != nil {
			return volunteerNotFound(err)
		}
		if v.Edges.Community == nil || district(v.Edges.Community.Code) != district(t.communityCode) {
			return bad("volunteer", "the volunteer is registered in another district", "该志愿者注册于其他区县")
		}
		create := c.ServiceRecord.Create().SetVolunteerID(v.ID).SetCommunityID(t.community).
			SetStartedAt(m.Start).SetEndedAt(m.End).SetHours(hours).SetContent(m.Content).
			SetSource(servicerecord.SourceMANUAL)
		if m.Activity != 0 {
			create.SetActivityID(m.Activity)
		} else {
			create.SetServiceTeamID(m.ServiceTeam)
		}
		if ag := s.organizer(ctx, c); ag != 0 {
			create.SetOrganizerID(ag)
		}
		out, err = create.Save(ctx)
		return err
	})
	return out, err
}

func checkHours(h float64) error {
	if math.IsNaN(h) || h <= 0 || h > maxHours {
		return bad("hours", "a record's hours are more than 0 and at most %d", "单条记录的服务时长须大于0且不超过%d小时", maxHours)
	}
	return nil
}

func volunteerNotFound(err error) error {
	if ent.IsNotFound(err) {
		return notFound("volunteer", "there is no such volunteer", "没有该志愿者")
	}
	return err
}

// load returns a record the viewer may change (NOT_FOUND otherwise).
func load(ctx context.Context, c *ent.Client, id int) (*ent.ServiceRecord, error) {
	r, err := c.ServiceRecord.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, notFound("id", "there is no such service record", "没有该服务记录")
	}
	return r, err
}

// Confirm confirms a PENDING or DISPUTED record, optionally setting its
// hours (when it has none: no check-out) and its evaluation; then the
// volunteer's hours, stars and hour points follow. CONFLICT for a record in
// another state.
func (s *Service) Confirm(ctx context.Context, id int, hours *float64, evaluation string) (*ent.ServiceRecord, error) {
	var out *ent.ServiceRecord
	err := s.inTx(ctx, func(ctx context.Context, c *ent.Client) error {
		r, err := load(ctx, c, id)
		if err != nil {
			return err
		}
		// A CONFIRMED or VOID record (all but PENDING and DISPUTED) is
		// refused by the ServiceRecord hook (ent/schema/records_hooks.go),
		// which holds on every write path: CONFLICT.
		h := r.Hours
		if hours != nil {
			h = *hours
		}
		if !isFrozen(r.Status) {
			if err := checkHours(h); err != nil {
				if r.EndedAt == nil && hours == nil {
					return bad("hours", "the volunteer has not checked out: give the hours served", "志愿者尚未签退，请填写服务时长")
				}
				return err
			}
		}
		if err := lock(ctx, c, r.VolunteerID); err != nil {
			return err
		}
		now := s.now()
		up := c.ServiceRecord.UpdateOne(r).SetStatus(servicerecord.StatusCONFIRMED).SetHours(h).
			SetConfirmedAt(now).SetConfirmedBy(confirmer(ctx))
		if evaluation != "" {
			up.SetEvaluation(evaluation)
		}
		if out, err = up.Save(ctx); err != nil {
			return err
		}
		if err := s.awardHours(ctx, c, out, now); err != nil {
			return err
		}
		return s.Derive(ctx, c, out.VolunteerID, now)
	})
	return out, err
}

// Dispute marks a PENDING record DISPUTED, with the reason. CONFLICT for a
// record in another state.
func (s *Service) Dispute(ctx context.Context, id int, reason string) (*ent.ServiceRecord, error) {
	return s.settle(ctx, id, reason, servicerecord.StatusDISPUTED, servicerecord.StatusPENDING)
}

// Void marks a PENDING or DISPUTED record VOID, with the reason: it never
// counts. CONFLICT for a record in another state.
func (s *Service) Void(ctx context.Context, id int, reason string) (*ent.ServiceRecord, error) {
	return s.settle(ctx, id, reason, servicerecord.StatusVOID, servicerecord.StatusPENDING, servicerecord.StatusDISPUTED)
}

func (s *Service) settle(ctx context.Context, id int, reason string, to servicerecord.Status, from ...servicerecord.Status) (*ent.ServiceRecord, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, bad("reason", "give the reason", "请填写原因")
	}
	var out *ent.ServiceRecord
	err := s.inTx(ctx, func(ctx context.Context, c *ent.Client) error {
		r, err := load(ctx, c, id)
		if err != nil {
			return err
		}
		ok := false
		for _, f := range from {
			ok = ok || r.Status == f
		}
		if !ok && !isFrozen(r.Status) { // a frozen one: the ServiceRecord hook refuses it
			return conflict("id", "a %s record cannot become %s", "%s状态的记录不能改为%s", r.Status, to)
		}
		out, err = c.ServiceRecord.UpdateOne(r).SetStatus(to).SetNote(reason).Save(ctx)
		return err
	})
	return out, err
}

// Replacement is the corrected service that replaces a reversed record.
type Replacement struct {
	Hours      float64
	Content    string
	Evaluation string
}

// Reverse corrects a CONFIRMED service record: a CONFIRMED reversal record
// with the opposite hours cancels it (and the points it earned, as far as
// the balance allows), and, when given, a CONFIRMED replacement with the
// right hours takes its place. The original is never changed. CONFLICT for
// a record that is not a confirmed service or was already reversed.
func (s *Service) Reverse(ctx context.Context, id int, reason string, repl *Replacement) (rev, replacement *ent.ServiceRecord, err error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, nil, bad("reason", "give the reason", "请填写原因")
	}
	if repl != nil {
		if err := checkHours(repl.Hours); err != nil {
			return nil, nil, err
		}
	}
	err = s.inTx(ctx, func(ctx context.Context, c *ent.Client) error {
		r, err := load(ctx, c, id)
		if err != nil {
			return err
		}
		if r.Status != servicerecord.StatusCONFIRMED || r.Kind != servicerecord.KindSERVICE {
			return conflict("id", "only a confirmed service record can be reversed", "仅已确认的服务记录可冲正")
		}
		if n, err := c.ServiceRecord.Query().Where(servicerecord.ReversesID(r.ID)).Count(derived(ctx)); err != nil {
			return err
		} else if n > 0 {
			return conflict("id", "this record was already reversed", "该记录已冲正")
		}
		if err := lock(ctx, c, r.VolunteerID); err != nil {
			return err
		}
		now := s.now()
		who := confirmer(ctx)
		base := func() *ent.ServiceRecordCreate {
			b := c.ServiceRecord.Create().SetVolunteerID(r.VolunteerID).SetCommunityID(r.CommunityID).
				SetStatus(servicerecord.StatusCONFIRMED).SetConfirmedAt(now).SetConfirmedBy(who).
				SetSource(servicerecord.SourceMANUAL).SetNillableStartedAt(r.StartedAt).SetNillableEndedAt(r.EndedAt).
				SetNillableActivityID(r.ActivityID).SetNillableServiceTeamID(r.ServiceTeamID).SetNillableOrganizerID(r.OrganizerID)
			return b
		}
		if rev, err = base().SetKind(servicerecord.KindREVERSAL).SetReversesID(r.ID).SetHours(-r.Hours).
			SetContent(r.Content).SetNote(reason).Save(ctx); err != nil {
			return err
		}
		if err := s.unawardHours(ctx, c, r, rev, now); err != nil {
			return err
		}
		if repl != nil {
			content := repl.Content
			if content == "" {
				content = r.Content
			}
			if replacement, err = base().SetHours(repl.Hours).SetContent(content).SetEvaluation(repl.Evaluation).
				SetNote("replaces a reversed record / 更正记录").Save(ctx); err != nil {
				return err
			}
			if err := s.awardHours(ctx, c, replacement, now); err != nil {
				return err
			}
		}
		return s.Derive(ctx, c, r.VolunteerID, now)
	})
	return rev, replacement, err
}

// isFrozen reports whether a record in status s never changes again
// (CONFIRMED, VOID).
func isFrozen(s servicerecord.Status) bool {
	return s == servicerecord.StatusCONFIRMED || s == servicerecord.StatusVOID
}

// confirmer names the viewer who confirms.
func confirmer(ctx context.Context) string {
	v := authz.FromContext(ctx)
	if v.Subject != "" {
		return v.Subject
	}
	return string(v.Role)
}

// Derive recomputes a volunteer's hours (the sum of its confirmed records),
// star level by the thresholds of the nearest division above its community
// that sets them (the date each level held was reached is kept; a level
// newly reached is dated at), and points balance (the sum of its ledger).
func (s *Service) Derive(ctx context.Context, c *ent.Client, volunteerID int, at time.Time) error {
	dctx := derived(ctx)
	v, err := c.Volunteer.Query().Where(volunteer.ID(volunteerID)).WithCommunity().Only(dctx)
	if err != nil {
		return err
	}
	var sums []struct {
		Sum *float64 `json:"sum"`
	}
	if err := c.ServiceRecord.Query().Where(servicerecord.VolunteerID(v.ID), servicerecord.StatusEQ(servicerecord.StatusCONFIRMED)).
		Aggregate(ent.Sum(servicerecord.FieldHours)).Scan(dctx, &sums); err != nil {
		return err
	}
	hours := 0.0
	if len(sums) > 0 && sums[0].Sum != nil {
		hours = math.Round(*sums[0].Sum*100) / 100
	}
	if hours < 0 {
		hours = 0
	}
	code := ""
	if v.Edges.Community != nil {
		code = v.Edges.Community.Code
	}
	th, err := Thresholds(dctx, c, code)
	if err != nil {
		return err
	}
	level := Level(th, hours)
	reached := append([]time.Time(nil), v.StarsReached...)
	if len(reached) > level {
		reached = reached[:level]
	}
	for len(reached) < level {
		reached = append(reached, at.UTC().Truncate(time.Second))
	}
	return c.Volunteer.UpdateOneID(v.ID).SetHours(hours).SetStarLevel(level).SetStarsReached(reached).Exec(dctx)
}

// lock takes the volunteer's row lock for the rest of the transaction
// (PostgreSQL; SQLite has one writer at a time): concurrent confirmations
// and redemptions of one volunteer queue, so each sees the other's rows.
func lock(ctx context.Context, c *ent.Client, volunteerID int) error {
	n, err := c.Volunteer.Update().Where(volunteer.ID(volunteerID)).AddPointsBalance(0).Save(derived(ctx))
	if err != nil {
		return err
	}
	if n == 0 {
		return notFound("volunteer", "there is no such volunteer", "没有该志愿者")
	}
	return nil
}

// entry writes a ledger line and moves the balance with it; a deduction
// larger than the balance writes nothing and reports false.
func entry(ctx context.Context, c *ent.Client, e *ent.PointsEntryCreate, volunteerID, points int) (bool, error) {
	dctx := derived(ctx)
	up := c.Volunteer.Update().Where(volunteer.ID(volunteerID)).AddPointsBalance(points)
	if points < 0 {
		up.Where(volunteer.PointsBalanceGTE(-points))
	}
	n, err := up.Save(dctx)
	if err != nil || n == 0 {
		return false, err
	}
	return true, e.SetVolunteerID(volunteerID).SetPoints(points).Exec(dctx)
}

// Level returns the star level hours reach under thresholds.
func Level(thresholds []int, hours float64) int {
	n := 0
	for _, t := range thresholds {
		if hours >= float64(t) {
			n++
		}
	}
	return n
}

// Thresholds returns the star thresholds for a community: those of the
// nearest division above it that sets them, else the defaults.
func Thresholds(ctx context.Context, c *ent.Client, communityCode string) ([]int, error) {
	if communityCode == "" {
		return dashboard.DefaultStarHours, nil
	}
	var codes []string
	for _, n := range []int{2, 4, 6, 9} {
		codes = append(codes, communityCode[:n]+strings.Repeat("0", 12-n))
	}
	divs, err := c.Division.Query().Where(division.CodeIn(codes...), division.VolunteerStarHoursNotNil()).All(ctx)
	if err != nil {
		return nil, err
	}
	best, bestLen := dashboard.DefaultStarHours, -1
	for _, d := range divs {
		if p := ident.Prefix(d.Code); len(d.VolunteerStarHours) > 0 && len(p) > bestLen && strings.HasPrefix(communityCode, p) {
			best, bestLen = d.VolunteerStarHours, len(p)
		}
	}
	return best, nil
}

// awardHours adds the points a confirmed record earns by its community's
// active HOURS rule (points per hour, rounded down), if it has one.
func (s *Service) awardHours(ctx context.Context, c *ent.Client, r *ent.ServiceRecord, at time.Time) error {
	dctx := derived(ctx)
	rule, err := c.PointsRule.Query().Where(pointsrule.CommunityID(r.CommunityID), pointsrule.KindEQ(pointsrule.KindHOURS), pointsrule.Active(true)).
		Order(ent.Desc(pointsrule.FieldID)).First(dctx)
	if ent.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	pts := int(math.Floor(r.Hours * float64(rule.Points)))
	if pts <= 0 {
		return nil
	}
	_, err = entry(ctx, c, c.PointsEntry.Create().SetKind(pointsentry.KindHOURS).
		SetServiceRecordID(r.ID).SetRuleID(rule.ID).SetOccurredOn(day(at)).SetReason(rule.Name), r.VolunteerID, pts)
	return err
}

// unawardHours takes back the points a reversed record earned, down to a
// zero balance at most: points already spent stay spent.
func (s *Service) unawardHours(ctx context.Context, c *ent.Client, orig, rev *ent.ServiceRecord, at time.Time) error {
	dctx := derived(ctx)
	earned, err := c.PointsEntry.Query().Where(pointsentry.ServiceRecordID(orig.ID), pointsentry.KindEQ(pointsentry.KindHOURS)).All(dctx)
	if err != nil {
		return err
	}
	total := 0
	for _, e := range earned {
		total += e.Points
	}
	v, err := c.Volunteer.Get(dctx, orig.VolunteerID)
	if err != nil {
		return err
	}
	take := min(total, v.PointsBalance)
	if take <= 0 {
		return nil
	}
	_, err = entry(ctx, c, c.PointsEntry.Create().SetKind(pointsentry.KindHOURS_REVERSAL).
		SetServiceRecordID(rev.ID).SetOccurredOn(day(at)).SetReason("冲正服务时长积分 / hours reversed"), orig.VolunteerID, -take)
	return err
}

// day is the calendar date of t, as ent's date fields hold it.
func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
