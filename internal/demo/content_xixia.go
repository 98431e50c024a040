package demo

import (
	"strconv"
	"time"

	"github.com/wushehub/wushe/ent/schema/enum"
	"github.com/wushehub/wushe/ent/socialorganization"
	"github.com/wushehub/wushe/ent/studentgroup"
)

// University codes (学校标识码) the demo refers to by name.
const (
	NXUCode      = "4164010749" // 宁夏大学
	NMUCode      = "4164011407" // 北方民族大学
	NXVTUCode    = "4164013086" // 宁夏职业技术大学 (formerly 宁夏职业技术学院)
	YCEICode     = "4164013820" // 银川能源学院
	NXBTUCode    = "4164013087" // 宁夏工商职业技术大学 (formerly 宁夏工商职业技术学院)
	HezeHVCCode  = "4137014118" // 菏泽家政职业学院
	ECUSTCode    = "4131010251" // 华东理工大学
	nxMedCode    = "4164010752" // 宁夏医科大学
	xinhuaCode   = "4164013325" // 宁夏大学新华学院
	ycstCode     = "4164014200" // 银川科技学院
	industryCode = "4164012837" // 宁夏工业职业学院
	financeCode  = "4164013088" // 宁夏财经职业技术学院
	policeCode   = "4164013089" // 宁夏警官职业学院
	buildCode    = "4164013151" // 宁夏建设职业技术学院
	artsCode     = "4164014522" // 宁夏艺术职业学院
	sportsCode   = "4164014624" // 宁夏体育职业学院
)

// groupSpec is a youth-league branch or student club of a university.
type groupSpec struct {
	name     string
	kind     studentgroup.Kind
	major    string // a branch's major
	year     int    // a branch's enrolment year
	capacity int
	skills   []enum.ServiceCategory
}

func branch(major string, year, capacity int, skills ...enum.ServiceCategory) groupSpec {
	return groupSpec{
		name: major + "专业" + strconv.Itoa(year) + "级团支部", kind: studentgroup.KindYOUTH_LEAGUE_BRANCH,
		major: major, year: year, capacity: capacity, skills: skills,
	}
}

func club(name string, capacity int, skills ...enum.ServiceCategory) groupSpec {
	return groupSpec{name: name, kind: studentgroup.KindCLUB, capacity: capacity, skills: skills}
}

// universityGroups lists the student groups of each university, most of them
// at the Xixia campuses of 宁夏大学, 北方民族大学 and 宁夏职业技术大学.
var universityGroups = []struct {
	code   string
	majors []string // majors of the members (a branch's major included)
	groups []groupSpec
}{
	{NXUCode, []string{"社会学", "社会工作", "心理学", "法学", "汉语言文学", "环境科学", "计算机科学与技术", "经济学", "数学与应用数学", "英语"}, []groupSpec{
		branch("社会学", 2023, 3, enum.Governance, enum.Elderly, enum.Children),
		branch("社会工作", 2022, 3, enum.ElderlyDisabled, enum.Children, enum.Elderly),
		branch("社会工作", 2023, 3, enum.Elderly, enum.Children, enum.Psychology),
		branch("心理学", 2023, 3, enum.Psychology, enum.Children),
		branch("法学", 2022, 3, enum.Legal, enum.Governance),
		branch("汉语言文学", 2024, 3, enum.Education, enum.CultureScience),
		branch("环境科学", 2023, 3, enum.Environment, enum.CultureScience),
		club("青年志愿者协会", 3, enum.ElderlyDisabled, enum.Elderly, enum.Environment, enum.Safety),
		club("心理健康协会", 3, enum.Psychology),
		club("支教协会", 3, enum.Education, enum.Children),
		club("法律援助协会", 2, enum.Legal),
		club("红十字会学生分会", 2, enum.Medical, enum.Safety),
	}},
	{NMUCode, []string{"社会工作", "社会学", "民族学", "应用心理学", "法学", "计算机科学与技术", "汉语言文学", "化学工程与工艺"}, []groupSpec{
		branch("社会工作", 2023, 3, enum.Elderly, enum.Children, enum.Governance),
		branch("社会学", 2022, 3, enum.Governance, enum.Employment),
		branch("民族学", 2023, 3, enum.CultureScience, enum.Governance),
		branch("应用心理学", 2024, 3, enum.Psychology, enum.Children),
		branch("法学", 2023, 3, enum.Legal),
		branch("计算机科学与技术", 2023, 3, enum.Education, enum.Employment),
		club("青年志愿者协会", 3, enum.ElderlyDisabled, enum.Environment, enum.Safety),
		club("心理健康协会", 2, enum.Psychology),
		club("民族团结进步青年协会", 3, enum.CultureScience, enum.Governance),
		club("爱心助残协会", 3, enum.ElderlyDisabled),
	}},
	{NXVTUCode, []string{"护理", "智慧健康养老服务与管理", "婴幼儿托育服务与管理", "社区管理与服务", "康复治疗技术", "药学", "机电一体化技术"}, []groupSpec{
		branch("护理", 2023, 3, enum.Medical, enum.Elderly),
		branch("智慧健康养老服务与管理", 2023, 3, enum.Elderly, enum.ElderlyDisabled),
		branch("婴幼儿托育服务与管理", 2024, 3, enum.Children, enum.Education),
		branch("社区管理与服务", 2023, 3, enum.Governance, enum.Elderly),
		branch("康复治疗技术", 2022, 3, enum.Medical, enum.ElderlyDisabled),
		club("青年志愿者协会", 3, enum.ElderlyDisabled, enum.Environment),
		club("应急救护协会", 3, enum.Medical, enum.Safety),
		club("义务维修志愿服务队", 3, enum.Elderly, enum.Safety),
	}},
	{NXBTUCode, []string{"大数据与会计", "电子商务", "现代物业管理", "市场营销"}, []groupSpec{
		branch("大数据与会计", 2023, 2, enum.Employment, enum.Education),
		branch("电子商务", 2023, 2, enum.Employment),
		branch("现代物业管理", 2024, 3, enum.Governance, enum.Environment, enum.Safety),
		club("青年志愿者协会", 2, enum.ElderlyDisabled, enum.Environment),
	}},
	{xinhuaCode, []string{"社会工作", "会计学", "汉语言文学"}, []groupSpec{
		branch("社会工作", 2023, 3, enum.Elderly, enum.Children),
		club("青年志愿者协会", 2, enum.Environment, enum.ElderlyDisabled),
	}},
	{ycstCode, []string{"计算机科学与技术", "采矿工程", "电气工程及其自动化"}, []groupSpec{
		branch("计算机科学与技术", 2023, 2, enum.Education, enum.Employment),
		club("青年志愿者协会", 2, enum.Safety, enum.Environment),
	}},
	{industryCode, []string{"机电一体化技术", "应用化工技术", "工业机器人技术"}, []groupSpec{
		club("青年志愿者协会", 2, enum.Safety, enum.Elderly),
	}},
	{financeCode, []string{"大数据与会计", "金融服务与管理", "市场营销"}, []groupSpec{
		branch("大数据与会计", 2024, 3, enum.Employment, enum.Education),
		club("金融知识普及协会", 3, enum.Safety, enum.CultureScience),
	}},
	{policeCode, []string{"法律事务", "刑事执行", "社区矫正"}, []groupSpec{
		branch("法律事务", 2023, 3, enum.Legal, enum.Safety),
		club("反诈宣传志愿服务队", 3, enum.Safety),
	}},
	{buildCode, []string{"建筑工程技术", "工程造价", "物业管理"}, []groupSpec{
		branch("建筑工程技术", 2023, 2, enum.Safety, enum.Environment),
		club("青年志愿者协会", 2, enum.Environment),
	}},
	{artsCode, []string{"音乐表演", "舞蹈表演", "美术"}, []groupSpec{
		branch("音乐表演", 2023, 3, enum.CultureScience, enum.Elderly),
		club("舞蹈社", 3, enum.CultureScience, enum.Children),
	}},
	{sportsCode, []string{"社会体育", "体育运营与管理"}, []groupSpec{
		branch("社会体育", 2023, 3, enum.CultureScience, enum.Elderly),
	}},
	{nxMedCode, []string{"临床医学", "护理学", "中医学", "预防医学"}, []groupSpec{
		branch("临床医学", 2022, 3, enum.Medical),
		branch("护理学", 2023, 3, enum.Medical, enum.Elderly),
		club("中医药文化协会", 1, enum.Medical, enum.CultureScience),
	}},
	{YCEICode, []string{"工商管理", "电气工程及其自动化", "会计学"}, []groupSpec{
		branch("工商管理", 2023, 1, enum.Employment),
		club("青年志愿者协会", 1, enum.Environment, enum.Safety),
	}},
}

// orgSpec is a Xixia social organisation.
type orgSpec struct {
	name      string
	kind      socialorganization.Kind
	grade     socialorganization.Grade // "" when not evaluated
	founded   time.Time
	division6 string // registering authority; "" for a filed community-based organisation
	category  byte   // second character of the credit code; 0 for none
	street    string // a community-based organisation's street and community
	community string
	resident  bool // resident at the incubation base
	agency    bool // employs social workers stationed in communities
}

// xixiaOrgSpecs are the Xixia social organisations (fictional).
var xixiaOrgSpecs = []orgSpec{
	{name: "银川市西夏区同心社会工作服务中心", kind: socialorganization.KindSOCIAL_SERVICE_AGENCY, grade: socialorganization.GradeGRADE_4A, founded: day(2016, 5, 12), division6: "640105", category: '2', resident: true, agency: true},
	{name: "银川市西夏区馨和社会工作服务中心", kind: socialorganization.KindSOCIAL_SERVICE_AGENCY, grade: socialorganization.GradeGRADE_3A, founded: day(2017, 9, 6), division6: "640105", category: '2', resident: true, agency: true},
	{name: "银川市西夏区启明社会工作服务中心", kind: socialorganization.KindSOCIAL_SERVICE_AGENCY, grade: socialorganization.GradeGRADE_3A, founded: day(2018, 3, 20), division6: "640105", category: '2', resident: true, agency: true},
	{name: "银川市西夏区善邻社会工作服务中心", kind: socialorganization.KindSOCIAL_SERVICE_AGENCY, grade: socialorganization.GradeGRADE_2A, founded: day(2019, 6, 18), division6: "640105", category: '2', resident: true, agency: true},
	{name: "银川市西夏区乐龄社会工作服务中心", kind: socialorganization.KindSOCIAL_SERVICE_AGENCY, grade: socialorganization.GradeGRADE_3A, founded: day(2018, 11, 2), division6: "640105", category: '2', agency: true},
	{name: "银川市西夏区彩虹桥青少年服务中心", kind: socialorganization.KindSOCIAL_SERVICE_AGENCY, founded: day(2020, 8, 14), division6: "640105", category: '2', resident: true, agency: true},
	{name: "银川市西夏区绿洲心理咨询服务中心", kind: socialorganization.KindSOCIAL_SERVICE_AGENCY, grade: socialorganization.GradeGRADE_2A, founded: day(2019, 4, 9), division6: "640105", category: '2', resident: true, agency: true},
	{name: "宁夏贺兰山社会工作服务中心", kind: socialorganization.KindSOCIAL_SERVICE_AGENCY, grade: socialorganization.GradeGRADE_5A, founded: day(2012, 7, 25), division6: "640000", category: '2', agency: true},
	{name: "银川市西夏区长乐居家养老服务中心", kind: socialorganization.KindSOCIAL_SERVICE_AGENCY, grade: socialorganization.GradeGRADE_3A, founded: day(2017, 12, 8), division6: "640105", category: '2', agency: true},
	{name: "银川市西夏区惠民社区服务中心", kind: socialorganization.KindSOCIAL_SERVICE_AGENCY, founded: day(2021, 3, 16), division6: "640105", category: '2', resident: true, agency: true},
	{name: "银川市西夏区众诚法律服务中心", kind: socialorganization.KindSOCIAL_SERVICE_AGENCY, founded: day(2021, 9, 27), division6: "640105", category: '2', resident: true, agency: true},
	{name: "银川市西夏区社会工作协会", kind: socialorganization.KindSOCIAL_GROUP, grade: socialorganization.GradeGRADE_4A, founded: day(2015, 10, 30), division6: "640105", category: '1'},
	{name: "银川市西夏区志愿服务联合会", kind: socialorganization.KindSOCIAL_GROUP, grade: socialorganization.GradeGRADE_3A, founded: day(2018, 12, 5), division6: "640105", category: '1', resident: true},
	{name: "宁夏塞上暖阳公益基金会", kind: socialorganization.KindFOUNDATION, grade: socialorganization.GradeGRADE_3A, founded: day(2016, 4, 21), division6: "640000", category: '3'},
	{name: "宁大社区银龄互助会", kind: socialorganization.KindCOMMUNITY_BASED, founded: day(2020, 5, 11), street: "640105004000", community: "640105004003"},
	{name: "书香苑社区读书会", kind: socialorganization.KindCOMMUNITY_BASED, founded: day(2021, 4, 23), division6: "640105", category: '9', street: "640105006000", community: "640105006010", resident: true},
}

// activityTitles are activity titles by service category, for Xixia.
var activityTitles = map[enum.ServiceCategory][]string{
	enum.Elderly:         {"银龄智能手机课堂", "重阳敬老包饺子", "老年人防跌倒讲座", "助老理发进社区", "为独居老人送餐"},
	enum.Children:        {"四点半课堂", "暑期托管班", "童心绘画", "亲子阅读会", "儿童安全自护课"},
	enum.Education:       {"课业辅导", "周末学堂", "小小科学家实验课", "书法进社区"},
	enum.Psychology:      {"心理健康讲座", "情绪减压工作坊", "家庭教育沙龙", "青少年心理团辅"},
	enum.Legal:           {"民法典进社区", "法律咨询服务日", "防范养老诈骗讲座", "普法小剧场"},
	enum.Environment:     {"垃圾分类宣传", "楼道清洁日", "植树护绿", "小区环境整治"},
	enum.Medical:         {"健康义诊", "急救知识培训", "测血压送健康", "慢病管理讲座"},
	enum.Safety:          {"消防安全演练", "反诈宣传进社区", "安全用电检查", "防溺水安全教育"},
	enum.CultureScience:  {"科普小课堂", "社区文艺汇演", "我们的节日·中秋", "我们的节日·春节", "非遗剪纸体验"},
	enum.ElderlyDisabled: {"助残送温暖", "高龄老人入户探访", "残疾人康复陪伴", "助老助残志愿服务"},
	enum.Employment:      {"求职简历门诊", "技能培训宣讲", "就业政策宣讲", "灵活就业专场"},
	enum.Governance:      {"居民议事会", "社区治理调研", "楼栋长培训", "“有事好商量”协商会"},
	enum.Other:           {"便民服务日"},
}

// volunteerPoints are reasons for points-ledger lines (积分有奖惩), with
// the points awarded or deducted.
var volunteerPoints = []struct {
	reason string
	points int
}{
	{"参加社区志愿服务活动", 10},
	{"参加社区志愿服务活动", 10},
	{"楼道清洁与环境整治", 5},
	{"文明劝导值守", 5},
	{"走访独居老人", 8},
	{"参加“有事好商量”议事会", 6},
	{"平安巡逻", 8},
	{"协助疫苗接种与健康义诊", 6},
	{"无故缺席排班值守", -5},
	{"获评月度优秀志愿者", 20},
}
