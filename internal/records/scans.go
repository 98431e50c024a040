package records

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/ent/activity"
	"github.com/wushehub/wushe/ent/agency"
	"github.com/wushehub/wushe/ent/predicate"
	"github.com/wushehub/wushe/ent/servicerecord"
	"github.com/wushehub/wushe/ent/serviceteam"
	"github.com/wushehub/wushe/ent/volunteercode"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/fault"
)

// Direction is whether a scan checks a volunteer in or out.
type Direction string

// The directions of a scan.
const (
	In  Direction = "IN"
	Out Direction = "OUT"
)

// Scan is one scan of an identity code by an organiser.
type Scan struct {
	Code      string    // the scanned text
	Direction Direction // IN or OUT
	// Activity or ServiceTeam (exactly one) is what the volunteer serves.
	Activity, ServiceTeam int
	At                    time.Time // when scanned; zero: now
	Content               string    // what the service was (check-in only)
}

// Outcome is what became of one scan.
type Outcome struct {
	Record    *ent.ServiceRecord // the record created or checked out; nil for a duplicate or an error
	Duplicate bool               // the same scan was already taken
	Err       error              // why the scan was refused
}

// maxShift bounds one service: a check-out more than this after the
// check-in is refused.
const maxShift = 24 * time.Hour

// CheckIn takes one scan as it happens: a check-in creates a PENDING record
// started at the scan, a check-out ends the volunteer's open record. It
// fails with BAD_USER_INPUT for a code that is not one, altered, expired,
// revoked or of another district, and with CONFLICT for a duplicate.
func (s *Service) CheckIn(ctx context.Context, sc Scan) (*ent.ServiceRecord, error) {
	var out *ent.ServiceRecord
	err := s.inTx(ctx, func(ctx context.Context, c *ent.Client) error {
		o := s.take(ctx, c, sc, SourceScan)
		switch {
		case o.Err != nil:
			return o.Err
		case o.Duplicate:
			return conflict("code", "this scan was already taken", "该次扫码已登记")
		}
		out = o.Record
		return nil
	})
	return out, err
}

// Sources of records made from scans.
const (
	SourceScan    = servicerecord.SourceSCAN
	SourceOffline = servicerecord.SourceOFFLINE
)

// maxBatch bounds one upload of offline scans.
const maxBatch = 1000

// Upload takes scans made offline, with their original times, in time
// order, in one transaction: scans already taken (the same code, target,
// direction and second) are duplicates and change nothing; a refused scan
// is reported in its outcome and writes nothing. BAD_USER_INPUT for an
// empty or too large batch.
func (s *Service) Upload(ctx context.Context, scans []Scan) ([]Outcome, error) {
	if len(scans) == 0 || len(scans) > maxBatch {
		return nil, bad("scans", "upload 1 to %d scans at a time", "每次上传1至%d条扫码记录", maxBatch)
	}
	order := make([]int, len(scans))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return scans[order[a]].At.Before(scans[order[b]].At) })
	out := make([]Outcome, len(scans))
	err := s.inTx(ctx, func(ctx context.Context, c *ent.Client) error {
		for _, i := range order {
			if err := ctx.Err(); err != nil {
				return err
			}
			if scans[i].At.IsZero() {
				out[i] = Outcome{Err: bad("at", "an offline scan needs the time it was made", "离线扫码须注明扫码时间")}
				continue
			}
			out[i] = s.take(ctx, c, scans[i], SourceOffline)
			if out[i].Err != nil && fault.CodeOf(out[i].Err) == fault.Internal {
				return out[i].Err
			}
		}
		return nil
	})
	return out, err
}

// take checks and applies one scan. Refusals are the Outcome's Err (a
// fault); anything else that fails is an internal error, also in Err.
func (s *Service) take(ctx context.Context, c *ent.Client, sc Scan, source servicerecord.Source) Outcome {
	now := s.now()
	at := sc.At
	if at.IsZero() {
		at = now
	}
	at = at.Truncate(time.Second)
	if at.After(now.Add(5 * time.Minute)) {
		return Outcome{Err: bad("at", "a scan cannot be in the future", "扫码时间不能晚于当前时间")}
	}
	if sc.Direction != In && sc.Direction != Out {
		return Outcome{Err: bad("direction", "a scan checks in (IN) or out (OUT)", "扫码须为签到（IN）或签退（OUT）")}
	}
	cl, err := s.codes.parse(sc.Code)
	if err != nil {
		return Outcome{Err: err}
	}
	code, err := c.VolunteerCode.Query().Where(volunteercode.Serial(cl.serial)).WithVolunteer(func(q *ent.VolunteerQuery) { q.WithCommunity() }).
		Only(derived(ctx))
	switch {
	case ent.IsNotFound(err):
		return Outcome{Err: bad("code", "the identity code has been altered or was not issued by this hub", "身份码已被篡改或并非本平台签发")}
	case err != nil:
		return Outcome{Err: err}
	case !code.ExpiresAt.Equal(cl.expires):
		return Outcome{Err: bad("code", "the identity code has been altered or was not issued by this hub", "身份码已被篡改或并非本平台签发")}
	case code.RevokedAt != nil && !at.Before(code.RevokedAt.Truncate(time.Second)):
		return Outcome{Err: bad("code", "the identity code was revoked on %s: ask for the new one", "该身份码已于%s吊销，请使用新码", code.RevokedAt.Format("2006-01-02"))}
	case !at.Before(code.ExpiresAt):
		return Outcome{Err: bad("code", "the identity code expired on %s", "该身份码已于%s过期", code.ExpiresAt.Format("2006-01-02"))}
	}
	vol := code.Edges.Volunteer
	volDistrict := ""
	if vol.Edges.Community != nil {
		volDistrict = district(vol.Edges.Community.Code)
	}
	if volDistrict != cl.district {
		return Outcome{Err: bad("code", "the identity code has been altered or was not issued by this hub", "身份码已被篡改或并非本平台签发")}
	}
	target, err := s.target(ctx, c, sc.Activity, sc.ServiceTeam)
	if err != nil {
		return Outcome{Err: err}
	}
	if district(target.communityCode) != volDistrict {
		return Outcome{Err: bad("code", "the volunteer is registered in another district (%s): check in there, or have the district register the volunteer", "该志愿者注册于其他区县（%s），请在其注册地签到", volDistrict)}
	}
	if err := lock(ctx, c, vol.ID); err != nil {
		return Outcome{Err: err}
	}
	key := scanKey(cl.serial, target, sc.Direction, at)
	field := servicerecord.InScan
	if sc.Direction == Out {
		field = servicerecord.OutScan
	}
	if n, err := c.ServiceRecord.Query().Where(field(key)).Count(derived(ctx)); err != nil {
		return Outcome{Err: err}
	} else if n > 0 {
		return Outcome{Duplicate: true}
	}
	open, err := c.ServiceRecord.Query().Where(
		servicerecord.VolunteerID(vol.ID), target.pred(), servicerecord.StatusEQ(servicerecord.StatusPENDING),
		servicerecord.EndedAtIsNil(), servicerecord.StartedAtNotNil(),
	).Order(ent.Desc(servicerecord.FieldStartedAt)).First(derived(ctx))
	if err != nil && !ent.IsNotFound(err) {
		return Outcome{Err: err}
	}
	if sc.Direction == In {
		if open != nil && at.Sub(*open.StartedAt) < maxShift {
			return Outcome{Err: conflict("code", "%s is already checked in here since %s", "%s已于%s签到，尚未签退", vol.Name, open.StartedAt.Local().Format("15:04"))}
		}
		create := c.ServiceRecord.Create().SetVolunteerID(vol.ID).SetCommunityID(target.community).
			SetStartedAt(at).SetSource(source).SetInScan(key).SetContent(sc.Content)
		if sc.Activity != 0 {
			create.SetActivityID(sc.Activity)
		} else {
			create.SetServiceTeamID(sc.ServiceTeam)
		}
		if ag := s.organizer(ctx, c); ag != 0 {
			create.SetOrganizerID(ag)
		}
		rec, err := create.Save(ctx)
		if err != nil {
			return Outcome{Err: err}
		}
		return Outcome{Record: rec}
	}
	if open == nil || at.Before(*open.StartedAt) {
		return Outcome{Err: bad("code", "%s has not checked in here", "%s尚未在此签到", vol.Name)}
	}
	if at.Sub(*open.StartedAt) > maxShift {
		return Outcome{Err: bad("at", "a check-out more than 24 hours after the check-in: record the service by hand", "签退距签到超过24小时，请手工登记服务记录")}
	}
	rec, err := c.ServiceRecord.UpdateOne(open).SetEndedAt(at).SetOutScan(key).
		SetHours(hoursBetween(*open.StartedAt, at)).Save(ctx)
	if err != nil {
		return Outcome{Err: err}
	}
	return Outcome{Record: rec}
}

// hoursBetween is the service time between check-in and check-out, in
// hours rounded to a tenth.
func hoursBetween(from, to time.Time) float64 {
	return math.Round(to.Sub(from).Hours()*10) / 10
}

// scanKey identifies a scan for deduplication: the same code, target,
// direction and second.
func scanKey(serial string, t target, d Direction, at time.Time) string {
	sum := sha256.Sum256([]byte(fmt.Sprintf("%s|%s|%d|%s|%d", serial, t.kind, t.id, d, at.Unix())))
	return hex.EncodeToString(sum[:16])
}

// target is what a volunteer serves: an activity or a team's duty.
type target struct {
	kind          string
	id, community int
	communityCode string
}

func (t target) pred() predicate.ServiceRecord {
	if t.kind == "activity" {
		return servicerecord.ActivityID(t.id)
	}
	return servicerecord.ServiceTeamID(t.id)
}

// target loads the activity or team a scan names, as the viewer sees it.
func (s *Service) target(ctx context.Context, c *ent.Client, activityID, teamID int) (target, error) {
	switch {
	case (activityID == 0) == (teamID == 0):
		return target{}, bad("activity", "name the activity or the service team served (one of them)", "请指明服务的活动或服务队（二者之一）")
	case activityID != 0:
		a, err := c.Activity.Query().Where(activity.ID(activityID)).WithCommunity().Only(ctx)
		if err != nil {
			if ent.IsNotFound(err) {
				return target{}, notFound("activity", "there is no such activity", "没有该活动")
			}
			return target{}, err
		}
		return target{kind: "activity", id: a.ID, community: a.CommunityID, communityCode: a.Edges.Community.Code}, nil
	default:
		t, err := c.ServiceTeam.Query().Where(serviceteam.ID(teamID)).WithCommunity().Only(ctx)
		if err != nil {
			if ent.IsNotFound(err) {
				return target{}, notFound("serviceTeam", "there is no such service team", "没有该服务队")
			}
			return target{}, err
		}
		return target{kind: "team", id: t.ID, community: t.CommunityID, communityCode: t.Edges.Community.Code}, nil
	}
}

// organizer returns the id of the viewer's agency, 0 when it has none.
func (s *Service) organizer(ctx context.Context, c *ent.Client) int {
	code := authz.FromContext(ctx).Agency
	if code == "" {
		return 0
	}
	id, err := c.Agency.Query().Where(agency.Code(code)).OnlyID(derived(ctx))
	if err != nil {
		return 0
	}
	return id
}
