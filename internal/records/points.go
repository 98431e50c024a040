package records

import (
	"context"
	"strings"
	"time"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/ent/pointsentry"
	"github.com/wushehub/wushe/ent/pointsrule"
	"github.com/wushehub/wushe/ent/reward"
)

// Apply applies one of a community's CONSULTATION, BONUS or PENALTY rules
// to one of its volunteers, on date on: a penalty deducts the rule's points
// down to a zero balance at most. The viewer must write the rule's
// community's records (NOT_FOUND or FORBIDDEN otherwise); BAD_USER_INPUT
// for an HOURS or inactive rule, or a volunteer of another community.
func (s *Service) Apply(ctx context.Context, volunteerID, ruleID int, on time.Time, note string) (*ent.PointsEntry, error) {
	var out *ent.PointsEntry
	err := s.inTx(ctx, func(ctx context.Context, c *ent.Client) error {
		rule, err := c.PointsRule.Get(ctx, ruleID)
		if err != nil {
			if ent.IsNotFound(err) {
				return notFound("rule", "there is no such points rule", "没有该积分规则")
			}
			return err
		}
		if !rule.Active {
			return bad("rule", "the points rule is not active", "该积分规则未启用")
		}
		if rule.Kind == pointsrule.KindHOURS {
			return bad("rule", "hour points follow confirmed service records; they are not applied by hand", "服务时长积分随服务记录确认自动计入，不能手工录入")
		}
		if _, err := c.PointsRule.UpdateOne(rule).Save(ctx); err != nil { // the viewer must write the rule's community
			return err
		}
		v, err := c.Volunteer.Get(ctx, volunteerID)
		if err != nil {
			return volunteerNotFound(err)
		}
		if v.CommunityID == nil || *v.CommunityID != rule.CommunityID {
			return bad("volunteer", "the volunteer is not registered in the rule's community", "该志愿者未在该规则所属社区注册")
		}
		if err := lock(ctx, c, v.ID); err != nil {
			return err
		}
		v, err = c.Volunteer.Get(derived(ctx), v.ID)
		if err != nil {
			return err
		}
		pts := rule.Points
		kind := pointsentry.Kind(rule.Kind)
		if rule.Kind == pointsrule.KindPENALTY {
			pts = -min(rule.Points, v.PointsBalance)
		}
		reason := rule.Name
		if note = strings.TrimSpace(note); note != "" {
			reason += "：" + note
		}
		if on.IsZero() {
			on = s.now()
		}
		e := c.PointsEntry.Create().SetKind(kind).SetRuleID(rule.ID).SetOccurredOn(day(on)).SetReason(reason)
		if _, err := entry(ctx, c, e, v.ID, pts); err != nil {
			return err
		}
		out, err = c.PointsEntry.Query().Where(pointsentry.VolunteerID(v.ID)).Order(ent.Desc(pointsentry.FieldID)).First(derived(ctx))
		return err
	})
	return out, err
}

// Redeem exchanges a volunteer's points for quantity of a community's
// reward (积分兑换): the stock and the balance go down together. CONFLICT
// when the stock or the balance does not cover it; BAD_USER_INPUT for a
// quantity under 1 or a volunteer of another community.
func (s *Service) Redeem(ctx context.Context, volunteerID, rewardID, quantity int) (*ent.PointsEntry, error) {
	if quantity < 1 || quantity > 1000 {
		return nil, bad("quantity", "redeem 1 to 1000 at a time", "每次兑换数量须为1至1000")
	}
	var out *ent.PointsEntry
	err := s.inTx(ctx, func(ctx context.Context, c *ent.Client) error {
		rw, err := c.Reward.Get(ctx, rewardID)
		if err != nil {
			if ent.IsNotFound(err) {
				return notFound("reward", "there is no such reward", "没有该奖品")
			}
			return err
		}
		v, err := c.Volunteer.Get(ctx, volunteerID)
		if err != nil {
			return volunteerNotFound(err)
		}
		if v.CommunityID == nil || *v.CommunityID != rw.CommunityID {
			return bad("volunteer", "the volunteer is not registered in the reward's community", "该志愿者未在该奖品所属社区注册")
		}
		n, err := c.Reward.Update().Where(reward.ID(rw.ID), reward.StockGTE(quantity)).AddStock(-quantity).Save(ctx)
		if err != nil {
			return err
		}
		if n == 0 {
			return conflict("quantity", "only %d of this reward are left", "该奖品库存仅剩%d件", rw.Stock)
		}
		cost := rw.Cost * quantity
		e := c.PointsEntry.Create().SetKind(pointsentry.KindREDEMPTION).SetRewardID(rw.ID).SetQuantity(quantity).
			SetOccurredOn(day(s.now())).SetReason("积分兑换：" + rw.Name)
		ok, err := entry(ctx, c, e, v.ID, -cost)
		if err != nil {
			return err
		}
		if !ok {
			return conflict("quantity", "the volunteer's balance does not cover %d points", "该志愿者积分余额不足%d分", cost)
		}
		out, err = c.PointsEntry.Query().Where(pointsentry.VolunteerID(v.ID)).Order(ent.Desc(pointsentry.FieldID)).First(derived(ctx))
		return err
	})
	return out, err
}
