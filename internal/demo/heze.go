package demo

import (
	"context"
	"fmt"

	"github.com/wushehub/wushe/ent"
)

// HezeSigningDay is the day 菏泽社会工作学院 was founded and its agreements
// signed and teaching sites published (8月23日).
var HezeSigningDay = day(2024, 8, 23)

// teachingSites are the teaching sites (现场教学点) of 菏泽社会工作学院, with
// approximate, fictional coordinates in their district or county.
var teachingSites = []struct {
	name, address, focus, division string
	lat, lon                       float64
}{
	{"单县园艺街道社区治理现场教学点", "单县园艺街道", "党建引领社区治理与“五社联动”", ShanxianCode, 34.796, 116.087},
	{"单县养老服务中心现场教学点", "单县东城街道", "养老服务与家政照护实务", ShanxianCode, 34.783, 116.104},
	{"单县乡村振兴社会工作站现场教学点", "单县浮岗镇", "乡村振兴与农村社会工作", ShanxianCode, 34.712, 116.152},
	{"牡丹区社会工作服务中心现场教学点", "菏泽市牡丹区", "社会工作服务机构运营与项目管理", MudanCode, 35.247, 115.472},
	{"牡丹区儿童之家现场教学点", "菏泽市牡丹区", "儿童关爱保护与困境儿童服务", MudanCode, 35.262, 115.441},
	{"定陶区社会救助服务站现场教学点", "菏泽市定陶区", "社会救助与低收入人口帮扶", "371703000000", 35.071, 115.573},
	{"曹县家政服务培训基地现场教学点", "曹县", "家政服务技能与就业帮扶", "371721000000", 34.826, 115.548},
	{"成武县新时代文明实践站现场教学点", "成武县", "志愿服务组织与社区动员", "371723000000", 34.952, 115.889},
}

// heze creates the teaching sites published by 菏泽家政职业学院.
func (l *loader) heze(ctx context.Context) error {
	var builders []*ent.TeachingSiteCreate
	for _, s := range teachingSites {
		div, ok := l.div[s.division]
		if !ok {
			return fmt.Errorf("teaching sites: division %s unknown", s.division)
		}
		builders = append(builders, l.tx.TeachingSite.Create().
			SetName(s.name).
			SetAddress(s.address).
			SetFocus(s.focus).
			SetPublishedOn(HezeSigningDay).
			SetUniversityID(l.univ[HezeHVCCode]).
			SetDivisionID(div).
			SetLatitude(s.lat).
			SetLongitude(s.lon))
	}
	if _, err := l.tx.TeachingSite.CreateBulk(builders...).Save(ctx); err != nil {
		return fmt.Errorf("teaching sites: %w", err)
	}
	return nil
}
