package importer

// The sheets, one per entity an agency maintains. Each column maps to an ent
// field or edge; references name other records by natural key.

func col(field, zh, en string, k Kind) Column {
	return Column{Key: field, Field: field, Zh: zh, En: en, Kind: k}
}

func (c Column) req() Column { c.Required = true; return c }

func (c Column) readOnly() Column { c.ReadOnly = true; return c }

func (c Column) ex(s string) Column { c.Example = s; return c }

func (c Column) note(zh, en string) Column { c.NoteZh, c.NoteEn = zh, en; return c }

func (c Column) within(field, column string) Column {
	r := *c.Ref
	r.Within = append(append([]Within(nil), r.Within...), Within{field, column})
	c.Ref = &r
	return c
}

func (c Column) byID() Column {
	r := *c.Ref
	r.ByID = true
	c.Ref = &r
	return c
}

// ref is a column naming one record of entity by its field match; field is
// the foreign key written ("" for a column that only narrows another).
func ref(key, zh, en, field, entity, match string, mk Kind) Column {
	return Column{Key: key, Field: field, Zh: zh, En: en, Kind: Ref, Ref: &Reference{Entity: entity, Match: match, MatchKind: mk}}
}

// refs is a column naming several records of entity linked through edge.
func refs(key, zh, en, edge, entity, match string, mk Kind) Column {
	return Column{Key: key, Zh: zh, En: en, Kind: RefList, Ref: &Reference{Entity: entity, Match: match, MatchKind: mk, Edge: edge}}
}

func community() Column {
	return ref("community", "社区代码", "Community code", "community_id", "Community", "code", Code).req().ex("520204002012").
		note("12位统计用区划代码，须为已有社区", "12-digit division code of an existing community")
}

func university(field string) Column {
	return ref("university", "高校代码", "University code", field, "University", "code", Code).ex("4164010749").
		note("10位高校代码（教育部）", "10-digit university code (Ministry of Education)")
}

func orgByUSCC(key, zh, en, field string) Column {
	return ref(key, zh, en, field, "SocialOrganization", "uscc", Code).
		note("社会组织的统一社会信用代码", "unified social credit code of the social organisation")
}

func enterpriseByUSCC(key, zh, en, field string) Column {
	return ref(key, zh, en, field, "Enterprise", "uscc", Code).
		note("企业的统一社会信用代码", "unified social credit code of the enterprise")
}

func communities() Column {
	return refs("communities", "服务社区代码", "Community codes", "communities", "Community", "code", Code).
		note("一个或多个社区代码，以“、”分隔", "one or more community codes separated by 、")
}

var specs = []*Spec{
	{
		Name: "Community", Slug: "community", Zh: "社区",
		Columns: []Column{
			col("code", "社区代码", "Code", Code).req().ex("520204002012").note("12位统计用区划代码", "12-digit statistical division code"),
			col("name", "社区名称", "Name", Text).req().ex("沙龙社区"),
			ref("street", "街道代码", "Street code", "street_id", "Division", "code", Code).req().ex("520204002000").note("所属街道的12位区划代码", "12-digit code of the street"),
			col("area_km2", "面积(平方公里)", "Area (km²)", Decimal).ex("1.2"),
			col("households", "户数", "Households", Integer).ex("1350"),
			col("population", "人口", "Population", Integer).ex("4200"),
			col("relocated_share", "搬迁或流动人口占比", "Relocated share", Decimal).ex("0.35").note("0–1之间的小数或百分比", "a share between 0 and 1, or a percentage"),
			col("elderly_share", "老年人占比", "Elderly share", Decimal).ex("0.12"),
			col("minor_share", "未成年人占比", "Minor share", Decimal).ex("0.2"),
			col("founded_on", "成立日期", "Founded on", Date).ex("2013-06-01"),
			col("pilot_year", "五社联动试点年份", "Pilot year", Integer).ex("2021"),
			col("honours", "荣誉", "Honours", List).ex("全国民族团结进步示范社区").note("多项以“、”分隔", "several separated by 、"),
			col("phone", "居委会办公电话", "Office phone", Code).ex("0858-5002012").note("手机号或带区号的固定电话", "a mobile or a landline with its area code"),
			col("remark", "备注", "Remark", Text),
		},
		Key: []string{"code"}, KeyZh: "按社区代码更新已有社区", KeyEn: "rows update the community with the same code",
	},
	{
		Name: "Grid", Slug: "grid", Zh: "网格",
		Columns: []Column{
			community(),
			col("code", "网格编号", "Grid code", Code).req().ex("01"),
			col("name", "网格名称", "Name", Text).req().ex("第一网格"),
			col("households", "户数", "Households", Integer).ex("120"),
			col("ten_household_units", "十联户数", "Ten-household units", Integer).ex("12"),
			col("leader", "网格长", "Leader", Text).ex("王芳"),
		},
		Key: []string{"community", "code"}, KeyZh: "社区代码+网格编号", KeyEn: "community code + grid code",
	},
	{
		Name: "Facility", Slug: "facility", Zh: "服务功能室",
		Columns: []Column{
			community(),
			col("name", "名称", "Name", Text).req().ex("儿童之家"),
			col("kind", "类别", "Kind", Enum).req().ex("PLAYROOM"),
			col("area_m2", "面积(平方米)", "Area (m²)", Decimal).req().ex("60"),
			col("opened_on", "启用日期", "Opened on", Date).ex("2022-03-01"),
		},
		Key: []string{"community", "name"}, KeyZh: "社区代码+名称（同一社区内名称不重复）", KeyEn: "community code + name (names are unique within a community)",
	},
	{
		Name: "ServiceItem", Slug: "serviceitem", Zh: "服务清单",
		Columns: []Column{
			community(),
			col("list", "清单", "List", Enum).req().ex("SERVICE"),
			col("name", "名称", "Name", Text).req().ex("助老送餐"),
			col("category", "服务类别", "Category", Enum).ex("ELDERLY"),
			col("window", "办理窗口", "Window", Text),
			col("description", "说明", "Description", Text),
		},
		Key: []string{"community", "list", "name"}, KeyZh: "社区代码+清单+名称", KeyEn: "community code + list + name",
	},
	{
		Name: "SocialOrganization", Slug: "socialorganization", Zh: "社会组织",
		Columns: []Column{
			col("uscc", "统一社会信用代码", "USCC", Code).ex("52520204MJY123456X").note("18位统一社会信用代码（GB 32100）；未登记的社区社会组织可留空", "18-character unified social credit code; may be empty for unregistered community-based organisations"),
			col("name", "名称", "Name", Text).req().ex("钟山区愉馨社会工作服务中心"),
			col("kind", "类型", "Kind", Enum).req().ex("SOCIAL_SERVICE_AGENCY"),
			col("grade", "评估等级", "Grade", Enum),
			col("founded_on", "成立日期", "Founded on", Date).ex("2018-05-01"),
			col("minor_led", "未成年人组织", "Minor-led", Bool).ex("否"),
			col("phone", "联系电话", "Phone", Code),
			ref("division", "登记区划代码", "Division code", "division_id", "Division", "code", Code).ex("520204000000").note("登记或主管的区划（区、街道）代码", "code of the registering district or street"),
			communities().ex("520204002012"),
		},
		Key: []string{"uscc"}, AltKey: []string{"division", "name"},
		KeyZh: "按统一社会信用代码更新；无代码时按登记区划代码+名称", KeyEn: "by credit code; without one, by division code + name",
	},
	{
		Name: "SocialWorker", Slug: "socialworker", Zh: "社会工作者",
		Columns: []Column{
			col("id_number", "公民身份号码", "ID number", IDNumber).ex("520202199001011234").note("18位，单元格须设为文本格式", "18 characters; format the column as text"),
			col("name", "姓名", "Name", Text).req().ex("李娜"),
			col("level", "职业水平", "Level", Enum).ex("ASSISTANT"),
			col("certificate_no", "证书编号", "Certificate no.", Code),
			col("full_time", "专职", "Full-time", Bool).ex("是"),
			col("phone", "手机号", "Phone", Code).ex("13800000000"),
			orgByUSCC("employer", "所在机构信用代码", "Employer USCC", "employer_id"),
			ref("community", "驻点社区代码", "Stationed community code", "community_id", "Community", "code", Code).ex("520204002012"),
		},
		Key: []string{"employer", "id_number"}, AltKey: []string{"community", "name"},
		KeyZh: "按所在机构信用代码+公民身份号码更新（号码在一个机构内唯一）；无机构或无号码时按驻点社区代码+姓名", KeyEn: "by employer USCC + ID number (a number is unique within an employer); without either, by stationed community code + name",
	},
	{
		Name: "Volunteer", Slug: "volunteer", Zh: "志愿者花名册",
		Columns: []Column{
			community(),
			col("name", "姓名", "Name", Text).req().ex("张伟"),
			col("id_number", "公民身份号码", "ID number", IDNumber).ex("520202199001011234").note("18位，单元格须设为文本格式", "18 characters; format the column as text"),
			col("kind", "志愿者类别", "Kind", Enum).req().ex("RESIDENT"),
			col("hours", "服务时长(小时，只读)", "Hours (read-only)", Decimal).readOnly().
				note("只读：由已确认的志愿服务记录累计得出，导入时忽略", "read-only: the sum of the confirmed service records; ignored on import"),
			col("registered_on", "注册日期", "Registered on", Date).ex("2024-05-06"),
			col("phone", "手机号", "Phone", Code).ex("13800000000"),
			col("birth_date", "出生日期", "Birth date", Date).note("可留空：由身份号码得出", "may be empty: taken from the ID number"),
		},
		Key: []string{"community", "id_number"}, AltKey: []string{"community", "name"},
		KeyZh: "按社区代码+公民身份号码更新（号码在一个社区的花名册内唯一）；无号码时按社区代码+姓名", KeyEn: "by community code + ID number (a number is unique within a community's register); without one, by community code + name",
	},
	{
		Name: "ServiceTeam", Slug: "serviceteam", Zh: "服务队",
		Columns: []Column{
			community(),
			col("name", "服务队名称", "Name", Text).req().ex("党员先锋服务队"),
			col("kind", "类别", "Kind", Enum).req().ex("PARTY_PIONEER"),
			col("lead_name", "社区负责人", "Community lead", Text).req().ex("王芳"),
			col("lead_phone", "负责人电话", "Lead phone", Code),
			col("formed_on", "成立日期", "Formed on", Date),
			refs("social_workers", "驻点社工", "Social workers", "social_workers", "SocialWorker", "name", Text).within("community_id", "community").byID().req().
				ex("李娜、赵强").note("“1+2+N”：恰好2名驻点于该社区的社工，填姓名或身份号码，以“、”分隔", "1+2+N: exactly 2 social workers stationed in the community, by name or ID number, separated by 、"),
			refs("volunteers", "志愿者", "Volunteers", "volunteers", "Volunteer", "name", Text).within("community_id", "community").byID().req().
				ex("张伟").note("至少1名该社区的志愿者，填姓名或身份号码，以“、”分隔", "at least one volunteer of the community, by name or ID number, separated by 、"),
		},
		Key: []string{"community", "name"}, KeyZh: "社区代码+服务队名称", KeyEn: "community code + team name",
	},
	{
		Name: "Activity", Slug: "activity", Zh: "活动台账",
		Columns: []Column{
			community(),
			col("held_on", "活动日期", "Date", Date).req().ex("2024-05-06"),
			col("title", "活动名称", "Title", Text).req().ex("重阳敬老联欢会"),
			col("category", "服务类别", "Category", Enum).req().ex("ELDERLY_DISABLED"),
			col("participants", "参与人数", "Participants", Integer).ex("45"),
			col("volunteer_hours", "志愿服务时长(小时)", "Volunteer hours", Decimal).ex("20"),
			col("venue", "地点", "Venue", Text),
			col("off_site", "飞地活动", "Off-site", Bool).ex("否"),
			col("description", "内容", "Description", Text),
			refs("organizations", "联办社会组织", "Co-organising organisations", "organizations", "SocialOrganization", "name", Text).note("名称，以“、”分隔", "names separated by 、"),
			refs("schools", "联办学校", "Co-organising schools", "schools", "School", "name", Text),
			refs("enterprises", "联办企事业单位", "Co-organising enterprises", "enterprises", "Enterprise", "name", Text),
		},
		Key: []string{"community", "held_on", "title"}, KeyZh: "活动无唯一编号：按社区代码+活动日期+活动名称识别", KeyEn: "activities have no unique number: community code + date + title identify one",
	},
	{
		Name: "Consultation", Slug: "consultation", Zh: "议事台账",
		Columns: []Column{
			community(),
			col("raised_on", "提出日期", "Raised on", Date).req().ex("2024-05-06"),
			col("title", "议题", "Title", Text).req().ex("楼道飞线充电整治"),
			col("category", "议题类别", "Category", Enum).req().ex("FLYING_WIRE_CHARGING"),
			col("status", "状态", "Status", Enum).ex("RAISED"),
			col("resolved_on", "办结日期", "Resolved on", Date),
			col("raised_by", "提出人", "Raised by", Text),
			col("outcome", "结果", "Outcome", Text),
		},
		Key: []string{"community", "raised_on", "title"}, KeyZh: "社区代码+提出日期+议题", KeyEn: "community code + date raised + title",
	},
	{
		Name: "Need", Slug: "need", Zh: "社区需求",
		Columns: []Column{
			community(),
			col("category", "需求类别", "Category", Enum).req().ex("ELDERLY"),
			col("weight", "权重", "Weight", Decimal).req().ex("0.8").note("0–1", "0–1"),
			col("description", "说明", "Description", Text),
			col("recorded_on", "登记日期", "Recorded on", Date),
		},
		Key: []string{"community", "category"}, KeyZh: "社区代码+需求类别", KeyEn: "community code + category",
	},
	{
		Name: "RevenueProject", Slug: "revenueproject", Zh: "造血项目",
		Columns: []Column{
			community(),
			col("name", "项目名称", "Name", Text).req().ex("社区便民洗车"),
			col("kind", "类型", "Kind", Enum).req().ex("NIGHT_MARKET"),
			col("started_on", "开始日期", "Started on", Date),
			col("description", "说明", "Description", Text),
			enterpriseByUSCC("partner", "合作企业信用代码", "Partner USCC", "partner_id"),
			orgByUSCC("operator", "运营社会组织信用代码", "Operator USCC", "operator_id"),
		},
		Key: []string{"community", "name"}, KeyZh: "社区代码+项目名称", KeyEn: "community code + project name",
	},
	{
		Name: "LedgerEntry", Slug: "ledgerentry", Zh: "收支台账",
		Columns: []Column{
			ref("community", "社区代码", "Community code", "", "Community", "code", Code).req().ex("520204002012"),
			ref("project", "项目名称", "Project", "project_id", "RevenueProject", "name", Text).within("community_id", "community").req().ex("社区便民洗车").
				note("该社区已有的造血项目名称", "name of a revenue project of the community"),
			col("occurred_on", "日期", "Date", Date).req().ex("2024-05-06"),
			col("direction", "收支", "Direction", Enum).req().ex("INCOME"),
			col("category", "科目", "Category", Enum).req().ex("OPERATING"),
			col("amount_fen", "金额(元)", "Amount (yuan)", Money).req().ex("1280.50").note("以元为单位，最多两位小数；库中以分保存", "in yuan, at most two decimals; stored in fen"),
			col("note", "备注", "Note", Text),
		},
		Key:   []string{"project", "occurred_on", "direction", "category", "amount_fen", "note"},
		KeyZh: "台账无编号：项目+日期+收支+科目+金额+备注相同即为同一笔；同日同额的两笔请以备注区分", KeyEn: "entries have no number: project + date + direction + category + amount + note identify one; tell apart two equal entries of a day by their note",
	},
	{
		Name: "CharityResource", Slug: "charityresource", Zh: "慈善资源",
		Columns: []Column{
			community(),
			col("received_on", "接收日期", "Received on", Date).req().ex("2024-05-06"),
			col("donor_name", "捐赠方", "Donor", Text).req().ex("创宇轩商贸"),
			col("kind", "类型", "Kind", Enum).req().ex("GOODS"),
			col("value_fen", "价值(元)", "Value (yuan)", Money).ex("3000"),
			col("description", "说明", "Description", Text),
			enterpriseByUSCC("donor_enterprise", "捐赠企业信用代码", "Donor enterprise USCC", "donor_enterprise_id"),
			orgByUSCC("donor_organization", "捐赠社会组织信用代码", "Donor organisation USCC", "donor_organization_id"),
		},
		Key: []string{"community", "received_on", "donor_name", "kind"}, KeyZh: "社区代码+接收日期+捐赠方+类型", KeyEn: "community code + date received + donor + kind",
	},
	{
		Name: "School", Slug: "school", Zh: "学校",
		Columns: []Column{
			col("uscc", "统一社会信用代码", "USCC", Code),
			col("name", "学校名称", "Name", Text).req().ex("沙龙小学"),
			col("kind", "学段", "Kind", Enum).req().ex("PRIMARY"),
			col("address", "地址", "Address", Text),
			communities(),
		},
		Key: []string{"uscc"}, AltKey: []string{"name"}, KeyZh: "按统一社会信用代码；无代码时按名称", KeyEn: "by credit code; without one, by name",
	},
	{
		Name: "Enterprise", Slug: "enterprise", Zh: "企事业单位",
		Columns: []Column{
			col("uscc", "统一社会信用代码", "USCC", Code).req(),
			col("name", "名称", "Name", Text).req(),
			col("kind", "类型", "Kind", Enum).req().ex("ENTERPRISE"),
			col("industry", "行业", "Industry", Text),
			communities(),
		},
		Key: []string{"uscc"}, KeyZh: "按统一社会信用代码", KeyEn: "by credit code",
	},
	{
		Name: "University", Slug: "university", Zh: "高校",
		Columns: []Column{
			col("code", "高校代码", "Code", Code).req().ex("4164010749"),
			col("name", "名称", "Name", Text).req().ex("宁夏大学"),
			col("former_name", "曾用名", "Former name", Text),
			col("kind", "类型", "Kind", Enum).req().ex("UNIVERSITY"),
			col("city", "城市", "City", Text),
			col("address", "地址", "Address", Text),
		},
		Key: []string{"code"}, KeyZh: "按高校代码", KeyEn: "by university code",
	},
	{
		Name: "StudentGroup", Slug: "studentgroup", Zh: "团支部与社团",
		Columns: []Column{
			university("university_id").req(),
			col("name", "名称", "Name", Text).req().ex("法学院团支部"),
			col("kind", "类型", "Kind", Enum).req().ex("YOUTH_LEAGUE_BRANCH"),
			Column{Key: "service_skills", Field: "service_skills", Zh: "服务专长", En: "Service skills", Kind: EnumList, Labels: "Need.category"}.ex("LEGAL").note("服务类别，以“、”分隔", "service categories separated by 、"),
			col("capacity", "可结对社区数", "Capacity", Integer).ex("1"),
			col("description", "说明", "Description", Text),
		},
		Key: []string{"university", "name"}, KeyZh: "高校代码+名称", KeyEn: "university code + name",
	},
	{
		Name: "Student", Slug: "student", Zh: "学生",
		Columns: []Column{
			university("university_id").req(),
			col("student_number", "学号", "Student number", Code).req().ex("12021130001").note("按文本填写", "write as text"),
			col("name", "姓名", "Name", Text).req().ex("马晓"),
			col("major", "专业", "Major", Text),
			col("year", "入学年份", "Year", Integer).req().ex("2023"),
			col("phone", "手机号", "Phone", Code),
			col("birth_date", "出生日期", "Birth date", Date),
		},
		Key: []string{"university", "student_number"}, KeyZh: "高校代码+学号", KeyEn: "university code + student number",
	},
	{
		Name: "Pairing", Slug: "pairing", Zh: "校地结对",
		Columns: []Column{
			community(),
			university("").req(),
			ref("group", "团支部或社团", "Student group", "group_id", "StudentGroup", "name", Text).within("university_id", "university").req().ex("法学院团支部"),
			col("status", "状态", "Status", Enum).ex("ACTIVE").note("每个社区至多3个“已结对”", "at most 3 ACTIVE pairings per community"),
			col("source", "来源", "Source", Enum).ex("MANUAL"),
			col("since", "结对日期", "Since", Date).ex("2024-03-01"),
			col("until", "结束日期", "Until", Date),
			col("end_reason", "结束原因", "End reason", Text).note("状态为“已结束”时必填", "required when ENDED"),
			col("note", "备注", "Note", Text),
		},
		Key: []string{"community", "group", "since"}, PerRow: true, KeyZh: "社区代码+团支部（高校代码+名称）+结对日期", KeyEn: "community code + group (university code + name) + since",
	},
	{
		Name: "TrainingBatch", Slug: "trainingparticipant", Zh: "实训批次学员",
		Columns: []Column{
			ref("base", "孵化基地", "Incubation base", "", "IncubationBase", "name", Text).req().ex("西夏区社会组织孵化基地"),
			ref("batch", "批次", "Batch number", "", "TrainingBatch", "number", Integer).within("base_id", "base").req().ex("1"),
			university("").req(),
			ref("student", "学号", "Student number", "", "Student", "student_number", Code).within("university_id", "university").req().ex("12021130001"),
		},
		Key:   []string{"batch", "student"},
		Link:  &Link{Owner: "batch", Edge: "participants", Target: "student"},
		KeyZh: "每行把一名学生（高校代码+学号）加入一个批次（孵化基地+批次号）", KeyEn: "each row adds a student (university code + number) to a batch (base + number)",
	},
	{
		Name: "TeachingSite", Slug: "teachingsite", Zh: "现场教学点",
		Columns: []Column{
			col("name", "名称", "Name", Text).req().ex("沙龙社区现场教学点"),
			col("address", "地址", "Address", Text),
			col("focus", "教学重点", "Focus", Text),
			col("published_on", "公布日期", "Published on", Date),
			university("university_id"),
			ref("division", "区划代码", "Division code", "division_id", "Division", "code", Code),
			ref("community", "社区代码", "Community code", "community_id", "Community", "code", Code),
		},
		Key: []string{"university", "name"}, KeyZh: "高校代码+名称（无高校时按名称）", KeyEn: "university code + name (name alone without a university)",
	},
}
