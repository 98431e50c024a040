package authz

import (
	"fmt"

	entprivacy "entgo.io/ent/privacy"

	"github.com/wushehub/wushe/internal/fault"
)

// zhNames gives each entity's Chinese name, as in its schema's comment, for
// messages shown in Chinese.
var zhNames = map[string]string{
	"Account": "账号", "Activity": "活动", "Agency": "机构", "PartnershipAgreement": "校地合作协议",
	"APIKey": "接口密钥", "AuditEntry": "审计日志", "CharityResource": "慈善资源", "Community": "社区",
	"Consultation": "议事", "Department": "区直部门", "Division": "区划", "Enterprise": "企业/事业单位",
	"Facility": "服务功能室", "Grid": "网格", "IncubationBase": "社会组织孵化基地", "JointMeeting": "联席会议",
	"LedgerEntry": "收支台账", "Need": "需求", "Pairing": "结对", "PersistedDocument": "可信查询文档",
	"PointsEntry": "积分记录", "Residency": "入驻", "RevenueProject": "造血项目", "School": "学校",
	"ServiceItem": "服务清单事项", "ServiceTeam": "先锋服务队", "SharingAgreement": "数据共享协议",
	"SocialOrganization": "社会组织", "SocialWorker": "社会工作者", "Student": "学生",
	"StudentGroup": "团支部/社团", "TeachingSite": "现场教学点", "TrainingBatch": "校外实训批次",
	"University": "高校", "Volunteer": "志愿者",
	"ServiceRecord": "志愿服务记录", "VolunteerCode": "智码", "Certificate": "志愿服务证明",
	"PointsRule": "积分规则", "Reward": "积分兑换奖品", "TalentRecord": "人才称号/待遇",
}

// ZhName is the Chinese name of entity (its Go and GraphQL type name), or
// the name itself when it has none.
func ZhName(entity string) string {
	if zh, ok := zhNames[entity]; ok {
		return zh
	}
	return entity
}

// denyChange refuses a write of entity's records: UNAUTHENTICATED for a
// request without credentials (a credential may allow it), FORBIDDEN for a
// viewer whose role or agency does not.
func denyChange(v Viewer, entity string) error {
	text := fault.Text{
		En: fmt.Sprintf("you may not change %s records", entity),
		Zh: fmt.Sprintf("无权修改%s记录", ZhName(entity)),
	}
	if v.Role == Public && v.Subject == "" {
		text = fault.Text{
			En: fmt.Sprintf("changing %s records needs credentials: send a bearer token or an API key", entity),
			Zh: fmt.Sprintf("修改%s记录须先认证：请提供令牌（Bearer）或接口密钥", ZhName(entity)),
		}
		return fmt.Errorf("%w: %w", entprivacy.Deny, fault.Unauthorized(text))
	}
	return fmt.Errorf("%w: %w", entprivacy.Deny, fault.Denied(text))
}
