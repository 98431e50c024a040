package demo

import (
	"time"

	"github.com/wushehub/wushe/ent/facility"
	"github.com/wushehub/wushe/ent/revenueproject"
	"github.com/wushehub/wushe/ent/schema/enum"
	"github.com/wushehub/wushe/ent/serviceteam"
)

// Shalong community's figures, from the field report (《中国城市报》).
const (
	ShalongHouseholds      = 2423  // 现有常住人口2423户
	ShalongPopulation      = 10419 // 10419人
	ShalongAreaKm2         = 0.5   // 总面积0.5平方公里
	ShalongRelocatedShare  = 0.976 // 97.6%为易地扶贫搬迁人口和流动人口
	ShalongPilotYear       = 2023  // 2023年度贵州省“五社联动”试点社区
	ShalongTeams           = 6     // 先锋队6支
	ShalongTeamPeople      = 120   // 120人: 6 leads, 12 stationed social workers, 102 volunteers
	ShalongActivities      = 68    // 活动68场(次)
	ShalongOneStopItems    = 142   // 对接下放140余项群众办事清单
	ShalongRevenueProjects = 5     // 经营业务5项
	ShalongResolved        = 126   // 解决群众急难愁盼问题120余件
	ShalongOfficeM2        = 120.0 // 20% of the premises for offices
	ShalongPremisesM2      = 600.0 // office and service rooms together
	ShalongChildMembers    = 21    // members of the children's committee
	// ShalongUpkeepFen is the self-funded spending on infrastructure upkeep,
	// public lighting and office supplies since 2023 (40万余元), in fen.
	ShalongUpkeepFen int64 = 41236050
	// ShalongCareFen is the self-funded spending on student and disability
	// aid and care visits since 2023 (10万余元), in fen.
	ShalongCareFen int64 = 10864000
)

// ShalongFoundedOn is the date Shalong community was founded (社区成立于2018年12月).
var ShalongFoundedOn = day(2018, 12, 1)

// ShalongHonours are Shalong's honours.
var ShalongHonours = []string{"贵州省五社联动试点社区", "市级青年友好型发展型社区"}

// Names and credit codes of Shalong's partners. The names of the social work
// brand and of the partner company are the field report's; their credit
// codes, and the schools and the health centre, are fictional.
const (
	YuxinName               = "六盘水市水城区榆心社会工作服务中心" // “榆心社工”
	YuxinUSCC               = "52520204MJ2X48154D"
	ChuangyuxuanName        = "六盘水城创宇轩商贸有限公司"
	ChuangyuxuanUSCC        = "91520204MA6H2K3R95"
	ShalongSchoolName       = "水城区沙龙小学"
	ShalongSchoolUSCC       = "12520204MB1D03176Q"
	ShalongKindergarten     = "水城区沙龙幼儿园"
	ShalongKindergartenUSCC = "12520204MB1D056222"
	HealthCentreName        = "水城区双水街道社区卫生服务中心"
	HealthCentreUSCC        = "12520204MB1C94505F"
	ChildrenCommitteeName   = "沙龙社区儿童委员会"
)

// shalongTeams are the six 1+2+N pioneer teams.
var shalongTeams = []struct {
	name string
	kind serviceteam.Kind
}{
	{"互助服务先锋队", serviceteam.KindMUTUAL_AID},
	{"志愿服务先锋队", serviceteam.KindVOLUNTEER_SERVICE},
	{"党员先锋队", serviceteam.KindPARTY_PIONEER},
	{"平安巡逻先锋队", serviceteam.KindSAFETY_PATROL},
	{"银龄助老先锋队", serviceteam.KindELDERLY_CARE},
	{"护苗先锋队", serviceteam.KindCHILD_CARE},
}

// premisesOpened is when Shalong's premises reopened after the 二八 conversion.
var premisesOpened = day(2023, 4, 28)

// shalongRooms are Shalong's premises after the 二八 conversion: 120 m² of
// 600 m² for offices (20%), the rest for service.
var shalongRooms = []struct {
	name   string
	kind   facility.Kind
	area   float64
	opened time.Time
}{
	{"社区办公室", facility.KindOFFICE, 80, premisesOpened},
	{"档案资料室", facility.KindOFFICE, 40, premisesOpened},
	{"社区议事厅", facility.KindCOUNCIL_HALL, 80, premisesOpened},
	{"儿童议事厅", facility.KindCHILDREN_COUNCIL, 40, premisesOpened},
	{"心理咨询室", facility.KindCOUNSELING, 25, premisesOpened},
	{"益童乐园", facility.KindPLAYROOM, 70, premisesOpened},
	{"榆心社工站", facility.KindSOCIAL_WORK_STATION, 60, day(2023, 3, 15)},
	{"一站通办服务台", facility.KindONE_STOP_SERVICE, 90, premisesOpened},
	{"两代表一委员联络室", facility.KindLIAISON_ROOM, 30, day(2023, 5, 18)},
	{"儿童共享书屋", facility.KindBOOK_HOUSE, 35, day(2023, 10, 17)},
	{"多功能活动室", facility.KindACTIVITY_ROOM, 50, premisesOpened},
}

// oneStopItems are the 142 one-stop items (一站通办) by window.
var oneStopItems = []struct {
	window string
	names  []string
}{
	{"民政", []string{
		"最低生活保障申请", "最低生活保障变更", "最低生活保障停发", "低保边缘家庭认定", "特困人员救助供养申请",
		"特困人员救助供养变更", "特困人员救助供养终止", "临时救助申请", "支出型困难家庭认定", "高龄津贴申领",
		"高龄津贴停发", "养老服务补贴申请", "居家养老服务申请", "老年人能力评估申请", "老年人优待证办理",
		"经济困难失能老年人护理补贴申领", "困难残疾人生活补贴申领", "重度残疾人护理补贴申领", "孤儿基本生活费申领", "事实无人抚养儿童认定",
		"农村留守儿童信息登记", "困境儿童认定", "惠民殡葬补贴申领", "殡葬服务咨询", "婚姻登记预约",
		"婚姻状况证明开具指引", "收养登记咨询", "社区社会组织备案", "志愿者注册登记", "慈善捐赠受理",
		"流浪乞讨人员救助求助", "居民家庭经济状况核对授权", "易地扶贫搬迁群众困难救助", "“一老一小”关爱服务登记", "独居老人定期探访登记",
		"老年助餐服务申请", "适老化改造申请", "残疾人两项补贴资格认证", "困难群众冬季取暖救助申请", "低保家庭年度复核",
		"特困人员生活自理能力评估", "未成年人救助保护求助", "居民委员会证明开具", "社区服务站点预约", "儿童福利督导员联系",
		"社会救助政策咨询",
	}},
	{"医保", []string{
		"城乡居民基本医疗保险参保登记", "城乡居民医保缴费", "医保参保信息变更", "医保参保信息查询", "医保关系转移接续",
		"异地就医备案", "门诊慢特病待遇认定申请", "门诊慢特病待遇资格查询", "医疗救助申请", "新生儿参保登记",
		"大学生参保登记", "医保电子凭证激活", "医保个人账户查询", "医保费用报销材料受理", "生育保险待遇申领",
		"长期护理保险待遇申请", "城乡居民大病保险咨询", "医保定点医药机构查询", "参保缴费凭证打印", "灵活就业人员医保参保登记",
		"灵活就业人员医保缴费", "特殊人群参保资助认定", "医保政策咨询", "医保卡挂失与补办", "医保卡密码重置",
		"医保待遇享受资格查询", "异地就医备案取消", "零星医疗费用报销受理", "家庭共济账户绑定", "门诊统筹待遇咨询",
		"医保药品目录查询", "医保欺诈骗保举报受理",
	}},
	{"人社", []string{
		"城乡居民养老保险参保登记", "城乡居民养老保险缴费", "城乡居民养老保险待遇申领", "城乡居民养老保险待遇暂停", "城乡居民养老保险待遇恢复",
		"养老保险关系转移接续", "养老保险待遇资格认证", "个人权益记录查询", "社会保障卡申领", "社会保障卡挂失",
		"社会保障卡补换", "社会保障卡启用与密码修改", "电子社保卡签发", "就业登记", "失业登记",
		"就业困难人员认定", "《就业创业证》申领", "灵活就业社会保险补贴申请", "创业担保贷款申请受理", "职业技能培训报名",
		"职业技能等级认定报名指引", "求职登记", "招聘信息发布", "公益性岗位申请", "失业保险金申领",
		"失业保险关系转移", "劳动保障监察投诉受理", "欠薪线索登记", "劳动人事争议调解申请指引", "工伤保险待遇咨询",
		"易地搬迁劳动力就业帮扶登记", "农民工返乡创业登记", "高校毕业生就业服务登记", "退役军人就业创业服务指引", "家政服务员培训报名",
		"零工市场求职登记", "社保缴费证明打印", "城乡居民养老保险遗属待遇申领", "丧葬补助金申领", "个人参保信息变更",
		"灵活就业人员养老保险参保登记", "就业见习申请", "技能补贴申领", "养老金领取资格认证指引",
	}},
	{"残联", []string{
		"残疾人证办理", "残疾人证换领", "残疾人证迁移", "残疾人辅助器具申请", "残疾儿童康复救助申请",
		"残疾人就业登记", "残疾人家庭无障碍改造申请", "残疾人职业技能培训报名",
	}},
	{"卫健", []string{
		"家庭医生签约", "预防接种预约", "独生子女父母奖励扶助申请", "计划生育特别扶助申请", "出生医学证明办理指引",
		"孕产妇健康管理建档",
	}},
	{"综合", []string{
		"居住证申领受理", "户口迁移咨询", "流动人口登记", "水电气缴费代办", "法律援助申请",
		"房屋租赁登记备案",
	}},
}

// shalongListItems are the service, project and activity lists (服务清单、项目清单、活动清单)
// in the four service categories of the pilot.
var shalongListItems = []struct {
	list string
	name string
	cat  enum.ServiceCategory
	desc string
}{
	{"SERVICE", "高龄、独居老人探访关爱", enum.ElderlyDisabled, "网格员、驻点社工每月上门探访"},
	{"SERVICE", "残疾人康复辅具借用", enum.ElderlyDisabled, "轮椅、助行器等辅具免费借用"},
	{"SERVICE", "老年助餐", enum.ElderlyDisabled, "“造血”资金补贴的老年助餐点"},
	{"SERVICE", "家庭医生签约服务", enum.Medical, "联合社区卫生服务中心提供签约服务"},
	{"SERVICE", "慢性病随访", enum.Medical, "高血压、糖尿病患者定期随访"},
	{"SERVICE", "心理咨询", enum.Medical, "榆心社工站心理咨询室预约服务"},
	{"SERVICE", "矛盾纠纷调解", enum.Safety, "“有事好商量”协商议事与人民调解"},
	{"SERVICE", "电动车安全充电引导", enum.Safety, "集中充电棚与飞线充电劝导"},
	{"SERVICE", "平安巡逻", enum.Safety, "平安巡逻先锋队夜间巡逻"},
	{"SERVICE", "儿童共享书屋借阅", enum.CultureScience, "小区院落儿童共享书屋"},
	{"SERVICE", "四点半课堂", enum.CultureScience, "放学后课业辅导"},
	{"SERVICE", "科普宣传", enum.CultureScience, "科普展板与讲座"},
	{"PROJECT", "“古柏银杏”助老项目", enum.ElderlyDisabled, "“一老”特色品牌：助浴、理发、陪伴"},
	{"PROJECT", "银龄互助项目", enum.ElderlyDisabled, "低龄老人结对帮扶高龄老人"},
	{"PROJECT", "健康守护项目", enum.Medical, "义诊、健康讲座和指尖健康操"},
	{"PROJECT", "“童”伴有我儿童关爱项目", enum.Safety, "“一小”特色品牌：儿童安全自护与成长陪伴"},
	{"PROJECT", "平安沙龙项目", enum.Safety, "消防、反诈和防溺水宣传"},
	{"PROJECT", "希望小课堂项目", enum.CultureScience, "与青少年活动中心、大学生志愿者共建的“飞地”课堂"},
	{"ACTIVITY", "儿童主题周", enum.CultureScience, "每年“六一”前后举办"},
	{"ACTIVITY", "指尖舞动益健康", enum.Medical, "老年人手指操与健康操"},
	{"ACTIVITY", "一米视野", enum.Safety, "以儿童视角排查社区安全隐患"},
	{"ACTIVITY", "银龄互助", enum.ElderlyDisabled, "老年志愿者互助服务"},
	{"ACTIVITY", "我们的节日", enum.CultureScience, "春节、端午、中秋等传统节日活动"},
	{"ACTIVITY", "希望小课堂", enum.CultureScience, "暑期课业辅导与科学实验"},
	{"ACTIVITY", "暑期“三下乡”", enum.CultureScience, "大学生志愿者暑期社会实践"},
	{"ACTIVITY", "重阳关爱", enum.ElderlyDisabled, "重阳节敬老慰问"},
	{"ACTIVITY", "义诊进社区", enum.Medical, "社区卫生服务中心每月义诊"},
	{"ACTIVITY", "消防安全演练", enum.Safety, "每季度一次应急演练"},
}

// shalongActivity is a kind of activity Shalong holds, with its titles.
type shalongActivity struct {
	cat      enum.ServiceCategory
	titles   []string
	offSite  bool          // held at the youth activity centre (飞地)
	children bool          // co-organised with the children's committee and the schools
	health   bool          // co-organised with the health centre
	sponsor  bool          // supported by the partner company
	months   [2]time.Month // held only in these months, when set
}

var (
	actChildrenWeek = shalongActivity{cat: enum.CultureScience, titles: []string{"“儿童主题周”·童心绘梦想", "“儿童主题周”·绘本共读", "“儿童主题周”·六一游园会"}, children: true}
	actFestival     = shalongActivity{cat: enum.CultureScience, sponsor: true}
	actHopeClass    = shalongActivity{cat: enum.CultureScience, titles: []string{"“希望小课堂”暑期课业辅导", "“希望小课堂”科学实验课"}, offSite: true, children: true}
	actThreeToRural = shalongActivity{cat: enum.CultureScience, titles: []string{"暑期“三下乡”·大学生志愿者支教", "暑期“三下乡”·文化科技卫生服务"}, offSite: true}
	actDoubleNinth  = shalongActivity{cat: enum.ElderlyDisabled, titles: []string{"“重阳关爱”敬老慰问", "“重阳关爱”长者生日会"}, sponsor: true}
	// shalongRoutine are the activities held through the year.
	shalongRoutine = []shalongActivity{
		{cat: enum.Medical, titles: []string{"“指尖舞动益健康”手指操教学", "“指尖舞动益健康”老年健康操"}},
		{cat: enum.Safety, titles: []string{"“一米视野”儿童友好安全隐患排查", "“一米视野”儿童议事会"}, children: true},
		{cat: enum.ElderlyDisabled, titles: []string{"“银龄互助”结对帮扶", "“银龄互助”低龄帮高龄探访"}},
		{cat: enum.ElderlyDisabled, titles: []string{"“古柏银杏”助浴理发服务", "“古柏银杏”长者陪伴"}},
		{cat: enum.Safety, titles: []string{"“‘童’伴有我”儿童安全自护课", "“‘童’伴有我”防性侵安全教育"}, children: true},
		{cat: enum.Medical, titles: []string{"义诊进社区·测血压测血糖", "家庭医生义诊"}, health: true},
		{cat: enum.Medical, titles: []string{"慢性病防治健康讲座", "合理膳食健康讲座"}, health: true},
		{cat: enum.Safety, titles: []string{"反诈宣传进小区", "防范电信网络诈骗讲座"}},
		{cat: enum.Safety, titles: []string{"消防安全应急演练", "电动车安全充电宣传"}},
		{cat: enum.Safety, titles: []string{"暑期防溺水安全教育"}, children: true, months: [2]time.Month{time.June, time.August}},
		{cat: enum.ElderlyDisabled, titles: []string{"“助残送温暖”入户慰问", "残疾人康复陪伴服务"}},
		{cat: enum.CultureScience, titles: []string{"科普进社区·垃圾分类", "科普进社区·航天知识展"}},
	}
)

// festivals are the traditional festivals of 我们的节日, by year: 春节, 端午, 中秋.
var festivals = map[int][3]time.Time{
	2023: {day(2023, 1, 22), day(2023, 6, 22), day(2023, 9, 29)},
	2024: {day(2024, 2, 10), day(2024, 6, 10), day(2024, 9, 17)},
	2025: {day(2025, 1, 29), day(2025, 5, 31), day(2025, 10, 6)},
}

// doubleNinth is 重阳节 by year.
var doubleNinth = map[int]time.Time{2023: day(2023, 10, 23), 2024: day(2024, 10, 11), 2025: day(2025, 10, 29)}

// revenueSpecs are Shalong's five self-funding projects.
var revenueSpecs = []struct {
	name    string
	kind    revenueproject.Kind
	started time.Time
	desc    string
	partner bool
}{
	{"两江公园星光夜市", revenueproject.KindNIGHT_MARKET, day(2022, 4, 28), "盘活两江公园闲置场地，统一管理夜市摊位", true},
	{"普惠式停车场", revenueproject.KindPARKING, day(2022, 9, 1), "利用闲置地块建设停车场，居民优惠停车", true},
	{"地摊棚出租", revenueproject.KindSTALL_RENTAL, day(2022, 10, 1), "统一搭建地摊棚出租给辖区灵活就业居民", true},
	{"门面出租", revenueproject.KindSHOPFRONT_RENTAL, day(2022, 7, 1), "社区闲置门面统一出租", true},
	{"便民快递驿站", revenueproject.KindSERVICE_FEE, day(2023, 3, 1), "快递代收代寄有偿服务，吸纳搬迁群众就业", false},
}
