package demo

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/ent/division"
	"github.com/wushehub/wushe/ent/schema/enum"
)

// Division codes of the demo (12-digit statistical division codes).
const (
	NingxiaCode    = "640000000000" // 宁夏回族自治区
	YinchuanCode   = "640100000000" // 银川市
	XixiaCode      = "640105000000" // 西夏区
	GuizhouCode    = "520000000000" // 贵州省
	LiupanshuiCode = "520200000000" // 六盘水市
	ShuichengCode  = "520204000000" // 水城区
	ShuangshuiCode = "520204002000" // 双水街道
	ShalongCode    = "520204002012" // 沙龙社区
	ShandongCode   = "370000000000" // 山东省
	HezeCode       = "371700000000" // 菏泽市
	MudanCode      = "371702000000" // 牡丹区
	ShanxianCode   = "371722000000" // 单县
)

// XixiaCommunities is the number of urban communities in Xixia: the 64
// residents' committees of the NBS 2023 edition and two later additions.
const XixiaCommunities = 66

// divSpec is a division to create.
type divSpec struct {
	code, name, parent string
	level              division.Level
}

// xcommunity is a Xixia community with the figures the later stages use.
type xcommunity struct {
	code, name, street string
	id                 int
	households         int
	population         int
	elderly, minor     float64
	lat, lon           float64
	needs              []needSpec
	want               int   // ACTIVE pairings wanted, 1–3
	groups             []int // indices into loader.groups of ACTIVE pairings
	since              []time.Time
	agencies           []int // indices into loader.orgs employing its workers, primary first
}

// needSpec is a need of a community.
type needSpec struct {
	cat    enum.ServiceCategory
	weight float64
	desc   string
}

// streetCentres are approximate centres of Xixia's streets and towns (WGS84,
// fictional to about a kilometre): communities are placed around them.
var streetCentres = map[string][2]float64{
	"640105001000": {38.472, 106.162}, // 西花园路街道
	"640105002000": {38.486, 106.168}, // 北京西路街道
	"640105003000": {38.506, 106.106}, // 文昌路街道
	"640105004000": {38.494, 106.131}, // 朔方路街道
	"640105005000": {38.478, 106.121}, // 宁华路街道
	"640105006000": {38.512, 106.146}, // 贺兰山西路街道
	"640105007000": {38.527, 106.124}, // 怀远路街道
	"640105100000": {38.470, 106.068}, // 兴泾镇
	"640105101000": {38.548, 106.072}, // 镇北堡镇
}

// xixiaAdditions are the two communities the field reports count beyond the
// NBS 2023 edition, under unused codes of the 001–199 range.
var xixiaAdditions = []struct{ code, name, street string }{
	{"640105006014", "芦花新苑社区", "640105006000"},
	{"640105007008", "怀远新村社区", "640105007000"},
}

// additionRemark marks the added communities.
const additionRemark = "演示数据新增社区：不在国家统计局2023年版统计用区划代码中 (demo addition, not in the NBS 2023 edition)"

// communityName returns the community's name without the committee suffix:
// 康庄社区居委会 → 康庄社区.
func communityName(committee string) string {
	for _, suffix := range []string{"居民委员会", "居委会"} {
		if s, ok := strings.CutSuffix(committee, suffix); ok {
			return s
		}
	}
	return committee
}

// geography creates the divisions and communities.
func (l *loader) geography(ctx context.Context) error {
	xixia, err := readCSV("xixia-divisions.csv")
	if err != nil {
		return err
	}
	shuicheng, err := readCSV("shuicheng-shuangshui.csv")
	if err != nil {
		return err
	}
	heze, err := readCSV("heze.csv")
	if err != nil {
		return err
	}
	specs := []divSpec{
		{NingxiaCode, "宁夏回族自治区", "", division.LevelPROVINCE},
		{GuizhouCode, "贵州省", "", division.LevelPROVINCE},
		{ShandongCode, "山东省", "", division.LevelPROVINCE},
		{YinchuanCode, "银川市", NingxiaCode, division.LevelCITY},
		{LiupanshuiCode, "六盘水市", GuizhouCode, division.LevelCITY},
	}
	// The statistical levels of the CSV files: towns and townships are
	// STREET-level, counties DISTRICT-level.
	levels := map[string]division.Level{
		"CITY": division.LevelCITY, "DISTRICT": division.LevelDISTRICT, "COUNTY": division.LevelDISTRICT,
		"STREET": division.LevelSTREET, "TOWN": division.LevelSTREET,
	}
	for _, rows := range [][]row{xixia, shuicheng} {
		for _, r := range rows {
			if lv, ok := levels[r["level"]]; ok {
				specs = append(specs, divSpec{r["code"], r["name"], r["parent_code"], lv})
			}
		}
	}
	for _, r := range heze {
		lv, ok := levels[r["level"]]
		if !ok {
			continue // statistical zones are not divisions
		}
		parent := r["parent_code"] + "000000"
		if lv == division.LevelCITY {
			parent = ShandongCode
		}
		specs = append(specs, divSpec{r["stats_code_12"], r["name"], parent, lv})
	}
	if err := l.divisions(ctx, specs); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}

	// Communities.
	r := newRand("communities")
	var builders []*ent.CommunityCreate
	for _, row := range xixia {
		if row["level"] == "COMMUNITY" {
			l.xixia = append(l.xixia, &xcommunity{code: row["code"], name: communityName(row["name"]), street: row["parent_code"]})
		}
	}
	for _, a := range xixiaAdditions {
		l.xixia = append(l.xixia, &xcommunity{code: a.code, name: a.name, street: a.street})
	}
	if len(l.xixia) != XixiaCommunities {
		return fmt.Errorf("communities: %d Xixia communities in the reference data, want %d", len(l.xixia), XixiaCommunities)
	}
	for i, c := range l.xixia {
		c.households = intIn(r, 1500, 6000)
		c.population = int(math.Round(float64(c.households) * uniform(r, 2.6, 3.1)))
		c.elderly = round(uniform(r, 0.10, 0.30), 3)
		c.minor = round(uniform(r, 0.10, 0.22), 3)
		centre := streetCentres[c.street]
		// Approximate, fictional positions around the street's centre,
		// inside Xixia's urban area.
		c.lat = round(clamp(centre[0]+uniform(r, -0.011, 0.011), 38.46, 38.56), 5)
		c.lon = round(clamp(centre[1]+uniform(r, -0.014, 0.014), 106.05, 106.20), 5)
		c.needs = xixiaNeeds(r, c)
		c.want = 1
		switch {
		case c.population >= 13000:
			c.want = 3
		case c.population >= 8000:
			c.want = 2
		}
		b := l.tx.Community.Create().
			SetCode(c.code).
			SetName(c.name).
			SetStreetID(l.div[c.street]).
			SetAreaKm2(round(uniform(r, 0.3, 3.0), 2)).
			SetHouseholds(c.households).
			SetPopulation(c.population).
			SetRelocatedShare(round(uniform(r, 0.05, 0.40), 3)).
			SetElderlyShare(c.elderly).
			SetMinorShare(c.minor).
			SetLatitude(c.lat).
			SetLongitude(c.lon).
			SetPhone(officePhone("0951", c.code))
		if i >= len(l.xixia)-len(xixiaAdditions) {
			b.SetFoundedOn(between(r, day(2023, 7, 1), day(2024, 6, 30))).SetRemark(additionRemark)
		} else {
			b.SetFoundedOn(between(r, day(1985, 1, 1), day(2021, 12, 31)))
		}
		builders = append(builders, b)
	}
	for _, row := range shuicheng {
		if row["level"] != "COMMUNITY" {
			continue
		}
		if row["code"] == ShalongCode {
			builders = append(builders, l.shalongCommunity())
			continue
		}
		h := intIn(r, 900, 3600)
		builders = append(builders, l.tx.Community.Create().
			SetCode(row["code"]).
			SetName(communityName(row["name"])).
			SetStreetID(l.div[row["parent_code"]]).
			SetAreaKm2(round(uniform(r, 0.3, 2.5), 2)).
			SetHouseholds(h).
			SetPopulation(int(math.Round(float64(h)*uniform(r, 2.8, 3.6)))).
			SetRelocatedShare(round(uniform(r, 0.10, 0.60), 3)).
			SetElderlyShare(round(uniform(r, 0.10, 0.22), 3)).
			SetMinorShare(round(uniform(r, 0.14, 0.26), 3)).
			SetFoundedOn(between(r, day(1995, 1, 1), day(2019, 12, 31))).
			// Approximate, fictional positions in central 双水.
			SetLatitude(round(26.553+uniform(r, -0.012, 0.012), 5)).
			SetLongitude(round(104.953+uniform(r, -0.014, 0.014), 5)).
			SetPhone(officePhone("0858", row["code"])))
	}
	created, err := saveAll(ctx, builders, func(ctx context.Context, b []*ent.CommunityCreate) ([]*ent.Community, error) {
		return l.tx.Community.CreateBulk(b...).Save(ctx)
	})
	if err != nil {
		return fmt.Errorf("communities: %w", err)
	}
	for _, c := range created {
		l.comm[c.Code] = c.ID
	}
	for _, c := range l.xixia {
		c.id = l.comm[c.code]
	}
	if _, ok := l.comm[ShalongCode]; !ok {
		return fmt.Errorf("communities: %s missing from the reference data", ShalongCode)
	}
	return nil
}

// divisions creates the divisions of specs that do not exist yet, level by
// level, so that every parent exists before its children.
func (l *loader) divisions(ctx context.Context, specs []divSpec) error {
	codes := make([]string, len(specs))
	for i, s := range specs {
		codes[i] = s.code
	}
	existing, err := l.tx.Division.Query().Where(division.CodeIn(codes...)).All(ctx)
	if err != nil {
		return fmt.Errorf("divisions: %w", err)
	}
	for _, d := range existing {
		l.div[d.Code] = d.ID
	}
	for _, lv := range []division.Level{division.LevelPROVINCE, division.LevelCITY, division.LevelDISTRICT, division.LevelSTREET} {
		var builders []*ent.DivisionCreate
		for _, s := range specs {
			if s.level != lv {
				continue
			}
			if _, ok := l.div[s.code]; ok {
				continue
			}
			b := l.tx.Division.Create().SetCode(s.code).SetName(s.name).SetLevel(s.level)
			if s.parent != "" {
				id, ok := l.div[s.parent]
				if !ok {
					return fmt.Errorf("divisions: parent %s of %s unknown", s.parent, s.code)
				}
				b.SetParentID(id)
			}
			builders = append(builders, b)
		}
		created, err := saveAll(ctx, builders, func(ctx context.Context, b []*ent.DivisionCreate) ([]*ent.Division, error) {
			return l.tx.Division.CreateBulk(b...).Save(ctx)
		})
		if err != nil {
			return fmt.Errorf("divisions: %w", err)
		}
		for _, d := range created {
			l.div[d.Code] = d.ID
		}
	}
	return nil
}

// xixiaNeeds derives a community's needs from its residents: the elderly
// share drives ELDERLY and ELDERLY_DISABLED, the minor share CHILDREN and
// EDUCATION; two or three other needs are drawn at random.
func xixiaNeeds(r *rand.Rand, c *xcommunity) []needSpec {
	elderly := round(clamp((c.elderly-0.08)/0.24, 0.05, 1), 2)
	minor := round(clamp((c.minor-0.08)/0.15, 0.05, 1), 2)
	needs := []needSpec{
		{enum.Elderly, elderly, fmt.Sprintf("60岁以上老年人占%.1f%%，需要养老服务", c.elderly*100)},
		{enum.ElderlyDisabled, round(clamp(elderly*0.8+r.Float64()*0.15, 0, 1), 2), "高龄、独居和残疾居民的探访与助残服务"},
		{enum.Children, minor, fmt.Sprintf("14岁以下儿童占%.1f%%，需要儿童关爱服务", c.minor*100)},
		{enum.Education, round(clamp(minor*0.75+r.Float64()*0.2, 0, 1), 2), "课后辅导与“四点半课堂”"},
	}
	others := []enum.ServiceCategory{enum.Medical, enum.Safety, enum.CultureScience, enum.Psychology, enum.Legal, enum.Environment, enum.Employment, enum.Governance}
	n := 2 + r.IntN(2)
	for _, i := range r.Perm(len(others))[:n] {
		cat := others[i]
		needs = append(needs, needSpec{cat, round(0.2+r.Float64()*0.6, 2), "居民议事会和入户走访中提出的" + enum.ServiceCategoryNames[cat] + "需求"})
	}
	return needs
}
