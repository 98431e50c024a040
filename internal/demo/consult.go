package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/ent/consultation"
	"github.com/wushehub/wushe/ent/facility"
)

// consultationTopics are titles (with %d for a building) and outcomes of
// matters brought to "有事好商量", by category.
var consultationTopics = map[consultation.Category]struct {
	titles   []string
	outcomes []string
}{
	consultation.CategoryFLYING_WIRE_CHARGING: {
		[]string{"%d栋楼道飞线充电存在火灾隐患", "%d栋居民从窗口拉线给电动车充电", "%d栋电动车推入电梯上楼充电"},
		[]string{"拆除飞线并入户宣传安全充电，引导到集中充电棚充电", "联合物业开展夜间巡查，飞线全部拆除", "增设电梯阻车装置，电动车不再上楼"},
	},
	consultation.CategoryPARKING: {
		[]string{"%d栋楼下车辆乱停放堵塞消防通道", "小区东门早晚高峰车辆停放无序", "两江公园夜市期间周边车辆停放混乱", "%d栋附近私家车占用盲道"},
		[]string{"施划停车位和消防通道标线，引导车辆进入普惠式停车场", "协调交警在高峰时段疏导，设置临时停车区", "夜市期间开放普惠式停车场并安排志愿者引导"},
	},
	consultation.CategoryCHARGING_PILES: {
		[]string{"%d栋附近缺少电动车充电桩", "集中充电棚充电桩损坏待维修", "小区缺少新能源汽车充电桩"},
		[]string{"新增电动车充电桩并纳入物业日常维护", "联系运营企业维修充电桩，恢复使用", "在普惠式停车场规划建设新能源汽车充电桩"},
	},
	consultation.CategorySANITATION: {
		[]string{"%d栋垃圾清运不及时", "%d栋楼道堆放杂物", "小区绿化带卫生死角"},
		[]string{"调整垃圾清运时间，增加清运频次", "组织志愿者清理楼道杂物并建立楼栋长巡查制度", "开展环境卫生整治，死角已清理"},
	},
	consultation.CategoryNOISE: {
		[]string{"夜市收摊后噪音扰民", "广场舞音响音量过大", "%d栋装修噪音影响休息"},
		[]string{"约定夜市营业结束时间，安排专人巡查", "与广场舞队协商限定时段和音量", "约定装修作业时段，施工方已整改"},
	},
	consultation.CategoryPROPERTY_MANAGEMENT: {
		[]string{"%d栋电梯频繁故障", "物业服务费标准协商", "%d栋单元门禁损坏"},
		[]string{"督促物业更换电梯配件并公示维保记录", "召开居民议事会协商确定收费标准", "物业已更换门禁设备"},
	},
	consultation.CategoryPUBLIC_SAFETY: {
		[]string{"小区监控存在盲区", "%d栋消防栓缺水", "小区夜间照明不足存在安全隐患"},
		[]string{"增设监控探头，消除盲区", "联系消防部门检修消防设施", "利用“造血”资金增设公共照明"},
	},
	consultation.CategoryFACILITIES: {
		[]string{"%d栋楼道照明损坏", "小区健身器材破损", "儿童游乐设施需要维修"},
		[]string{"更换楼道灯具", "更换破损健身器材", "维修儿童游乐设施并设置安全提示"},
	},
	consultation.CategoryNEIGHBOUR_DISPUTE: {
		[]string{"%d栋楼上漏水引发邻里纠纷", "%d栋宠物扰邻纠纷", "公共空间占用纠纷"},
		[]string{"调解员上门调解，双方达成维修协议", "调解后签订文明养宠承诺书", "协商后清理占用物品"},
	},
	consultation.CategoryOTHER: {
		[]string{"建议增设便民服务点", "建议开设老年人助餐点"},
		[]string{"已在社区服务中心增设便民服务点", "协调开设老年助餐点"},
	},
}

// consultationCategories are the categories, weighted toward the matters
// the field reports name (飞线充电、车辆停放、充电桩缺位).
var consultationCategories = []consultation.Category{
	consultation.CategoryFLYING_WIRE_CHARGING, consultation.CategoryFLYING_WIRE_CHARGING, consultation.CategoryFLYING_WIRE_CHARGING,
	consultation.CategoryPARKING, consultation.CategoryPARKING, consultation.CategoryPARKING,
	consultation.CategoryCHARGING_PILES, consultation.CategoryCHARGING_PILES,
	consultation.CategorySANITATION, consultation.CategoryNOISE, consultation.CategoryPROPERTY_MANAGEMENT,
	consultation.CategoryPUBLIC_SAFETY, consultation.CategoryFACILITIES, consultation.CategoryNEIGHBOUR_DISPUTE,
	consultation.CategoryOTHER,
}

var raisers = []string{"楼栋长", "居民代表", "网格员", "“两代表一委员”联络室", "人大代表", "政协委员", "党员志愿者", "居民"}

// consultationOf builds a consultation of category cat with status st,
// raised on raised; a closed one is closed 1–40 days later.
func (l *loader) consultationOf(r *rand.Rand, community int, cat consultation.Category, st consultation.Status, raised time.Time) *ent.ConsultationCreate {
	topic := consultationTopics[cat]
	title := pick(r, topic.titles)
	if strings.Contains(title, "%d") {
		title = fmt.Sprintf(title, intIn(r, 1, 36))
	}
	raisedBy := pick(r, raisers)
	b := l.tx.Consultation.Create().
		SetTitle(title).
		SetCategory(cat).
		SetStatus(st).
		SetRaisedOn(raised).
		SetRaisedBy(raisedBy).
		SetCommunityID(community)
	switch st {
	case consultation.StatusRESOLVED:
		b.SetResolvedOn(raised.AddDate(0, 0, intIn(r, 1, 40))).SetOutcome(pick(r, topic.outcomes))
	case consultation.StatusREJECTED:
		b.SetResolvedOn(raised.AddDate(0, 0, intIn(r, 1, 15))).SetOutcome("经议事会协商，不符合小区公共利益，不予受理，已向提出人说明")
	}
	return b
}

// consultation builds a consultation of a random category: resolved, or
// else open (raised or under discussion) or, rarely, rejected.
func (l *loader) consultation(r *rand.Rand, community int, raised time.Time, resolved bool) *ent.ConsultationCreate {
	st := consultation.StatusRESOLVED
	if !resolved {
		st = pick(r, []consultation.Status{consultation.StatusRAISED, consultation.StatusDISCUSSING, consultation.StatusDISCUSSING, consultation.StatusREJECTED})
	}
	return l.consultationOf(r, community, pick(r, consultationCategories), st, raised)
}

// xixiaRooms are service rooms a Xixia community may have, with an area
// range in square metres.
var xixiaRooms = []struct {
	name     string
	kind     facility.Kind
	min, max int
}{
	{"社区议事厅", facility.KindCOUNCIL_HALL, 40, 80},
	{"多功能活动室", facility.KindACTIVITY_ROOM, 60, 200},
	{"社区书屋", facility.KindBOOK_HOUSE, 20, 60},
	{"老年食堂", facility.KindCANTEEN, 60, 150},
	{"心理咨询室", facility.KindCOUNSELING, 15, 30},
	{"社工站", facility.KindSOCIAL_WORK_STATION, 30, 60},
	{"便民服务大厅", facility.KindONE_STOP_SERVICE, 40, 90},
	{"儿童之家", facility.KindPLAYROOM, 30, 80},
}
