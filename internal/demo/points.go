package demo

import (
	"context"
	"fmt"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/ent/pointsrule"
)

// pointsSchemes gives Shalong and Kangzhuang their points rules (积分规则)
// and rewards (积分兑换): points per confirmed hour, for attending a
// consultation, a monthly bonus and a penalty for a missed duty.
func (l *loader) pointsSchemes(ctx context.Context) error {
	var rules []*ent.PointsRuleCreate
	var rewards []*ent.RewardCreate
	for _, code := range []string{ShalongCode, KangzhuangCode} {
		id, ok := l.comm[code]
		if !ok {
			return fmt.Errorf("points schemes: no community %s", code)
		}
		for _, r := range []struct {
			kind   pointsrule.Kind
			name   string
			points int
		}{
			{pointsrule.KindHOURS, "志愿服务时长积分（每小时）", 2},
			{pointsrule.KindCONSULTATION, "参加“有事好商量”议事会", 6},
			{pointsrule.KindBONUS, "获评月度优秀志愿者", 20},
			{pointsrule.KindPENALTY, "无故缺席排班值守", 5},
		} {
			rules = append(rules, l.tx.PointsRule.Create().SetKind(r.kind).SetName(r.name).SetPoints(r.points).SetCommunityID(id))
		}
		for _, r := range []struct {
			name        string
			cost, stock int
		}{
			{"洗衣液（2kg）", 40, 60},
			{"大米（5kg）", 100, 30},
			{"社区理发券", 20, 100},
			{"健康体检套餐", 300, 5},
		} {
			rewards = append(rewards, l.tx.Reward.Create().SetName(r.name).SetCost(r.cost).SetStock(r.stock).SetCommunityID(id))
		}
	}
	if err := l.tx.PointsRule.CreateBulk(rules...).Exec(ctx); err != nil {
		return fmt.Errorf("points rules: %w", err)
	}
	if err := l.tx.Reward.CreateBulk(rewards...).Exec(ctx); err != nil {
		return fmt.Errorf("rewards: %w", err)
	}
	return nil
}
