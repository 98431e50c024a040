package demo

import (
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/wushehub/wushe/internal/ident"
)

// Seed seeds every random stream of the demo: the same seed gives the same
// demo, row for row.
const Seed uint64 = 20240823

// newRand returns the random stream named name. Each part of the demo draws
// from its own stream, so that changing one part leaves the others as they
// were.
func newRand(name string) *rand.Rand {
	h := fnv.New64a()
	_, _ = h.Write([]byte(name))
	return rand.New(rand.NewPCG(Seed, h.Sum64()))
}

// day returns the calendar date y-m-d at midnight UTC.
func day(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// between returns a random date from a to b inclusive.
func between(r *rand.Rand, a, b time.Time) time.Time {
	days := int(b.Sub(a).Hours()/24) + 1
	if days <= 1 {
		return a
	}
	return a.AddDate(0, 0, r.IntN(days))
}

// round returns x rounded to n decimals.
func round(x float64, n int) float64 {
	p := math.Pow(10, float64(n))
	return math.Round(x*p) / p
}

// uniform returns a random number in [lo, hi).
func uniform(r *rand.Rand, lo, hi float64) float64 { return lo + r.Float64()*(hi-lo) }

// intIn returns a random integer in [lo, hi].
func intIn(r *rand.Rand, lo, hi int) int { return lo + r.IntN(hi-lo+1) }

// pick returns a random element of xs.
func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// clamp returns x limited to [lo, hi].
func clamp(x, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, x)) }

// split divides total into n parts at random, summing to total exactly.
// Each part is at least least, when total allows.
func split(r *rand.Rand, total int64, n int, least int64) []int64 {
	parts := make([]int64, n)
	rest := total - least*int64(n)
	if rest < 0 {
		least, rest = 0, total
	}
	weights := make([]float64, n)
	sum := 0.0
	for i := range weights {
		weights[i] = 0.5 + r.Float64()
		sum += weights[i]
	}
	var used int64
	for i := range parts {
		share := int64(float64(rest) * weights[i] / sum)
		parts[i] = least + share
		used += share
	}
	parts[n-1] += rest - used
	return parts
}

// region is where a fictional person comes from: it shapes surnames and the
// address code of the resident ID number.
type region int

const (
	ningxia region = iota
	guizhou
)

// surnames by region; the common ones repeat, to weigh them.
var surnames = map[region][]string{
	ningxia: strings.Fields("王 王 李 李 张 张 马 马 马 刘 杨 杨 海 丁 纳 金 赵 陈 周 吴 徐 孙 胡 朱 高 何 郭 罗 田 白 兰 拜 虎 撒 沙 苏 韩 冯 贺 田 余 魏 郝"),
	guizhou: strings.Fields("王 李 张 刘 杨 杨 吴 吴 罗 罗 陈 龙 龙 陆 安 禄 周 赵 黄 何 胡 朱 谢 韦 潘 蒙 石 熊 邓 付 袁 蔡 文"),
}

var (
	maleChars   = []rune("伟强磊军勇杰涛斌浩鹏辉刚明超亮俊峰凯宇轩晨旭博文志建国华海龙阳飞鑫永兴成雷彬振毅睿哲航子泽锐德福平安庆然瑞豪")
	femaleChars = []rune("芳娜敏静丽艳娟霞燕玲婷雪慧莉萍红琳颖倩洁梅兰佳悦欣怡涵琪瑶蕾璐彤晓雯婧丹月春秀英楠思雨诗梦萱桐")
)

// idAddresses are real county-level address codes of resident ID numbers by
// region (a person's code is where the number was first issued).
var idAddresses = map[region][]string{
	// 兴庆区, 西夏区 (often), 金凤区, 永宁县, 贺兰县, 灵武市, 大武口区, 平罗县, 利通区, 同心县, 青铜峡市, 原州区, 西吉县, 隆德县, 沙坡头区, 中宁县, 海原县
	ningxia: strings.Fields("640104 640105 640105 640105 640106 640121 640122 640181 640202 640221 640302 640324 640381 640402 640422 640423 640502 640521 640522"),
	// 水城区, 水城县 (before 2020), 钟山区, 六枝特区, 盘州市, 纳雍县, 威宁县, 赫章县
	guizhou: strings.Fields("520204 520221 520221 520201 520203 520281 522426 522427 522428"),
}

var mobilePrefixes = strings.Fields("130 131 132 133 135 136 137 138 139 150 151 152 155 156 157 158 159 166 173 176 177 180 181 182 183 185 186 187 188 189 191 193 195 198 199")

// people makes fictional persons: names, phones and resident ID numbers
// that pass their checks, each ID number used once.
type people struct {
	ids map[string]bool
}

func newPeople() *people { return &people{ids: map[string]bool{}} }

// name returns a fictional name.
func (p *people) name(r *rand.Rand, reg region, male bool) string {
	chars := femaleChars
	if male {
		chars = maleChars
	}
	var b strings.Builder
	b.WriteString(pick(r, surnames[reg]))
	b.WriteRune(pick(r, chars))
	if r.IntN(10) < 7 {
		b.WriteRune(pick(r, chars))
	}
	return b.String()
}

// mobile returns an 11-digit mobile number.
func (p *people) mobile(r *rand.Rand) string {
	return fmt.Sprintf("%s%08d", pick(r, mobilePrefixes), r.IntN(100000000))
}

// residentID returns a fresh resident ID number for a person born on birth:
// the sequence number is odd for men and even for women.
func (p *people) residentID(r *rand.Rand, reg region, birth time.Time, male bool) string {
	for {
		seq := r.IntN(500) * 2
		if male {
			seq++
		}
		address := pick(r, idAddresses[reg])
		if address == "520204" && birth.Before(day(2020, 7, 1)) {
			address = "520221" // 水城县 until it became 水城区 in 2020
		}
		id := ident.MakeResidentID(address, birth, seq)
		if !p.ids[id] {
			p.ids[id] = true
			return id
		}
	}
}

// person is a fictional adult or child.
type person struct {
	name  string
	male  bool
	birth time.Time
	id    string
	phone string
}

// generate returns a person of region reg born between from and to, with an ID
// number and, when phone is true, a mobile number.
func (p *people) generate(r *rand.Rand, reg region, from, to time.Time, phone bool) person {
	male := r.IntN(2) == 0
	birth := between(r, from, to)
	ps := person{name: p.name(r, reg, male), male: male, birth: birth, id: p.residentID(r, reg, birth, male)}
	if phone {
		ps.phone = p.mobile(r)
	}
	return ps
}

// usccAlphabet is the character set of unified social credit codes.
const usccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// codes makes fictional unified social credit codes, each used once.
type codes struct {
	seen map[string]bool
}

// newCodes returns a code maker that never makes the fixed codes of
// Shalong's partners.
func newCodes() *codes {
	c := &codes{seen: map[string]bool{}}
	for _, code := range []string{YuxinUSCC, ChuangyuxuanUSCC, ShalongSchoolUSCC, ShalongKindergartenUSCC, HealthCentreUSCC} {
		c.seen[code] = true
	}
	return c
}

// uscc returns a fresh code of the given registering authority and category
// in division6, its organisation-code body starting with prefix.
func (c *codes) uscc(r *rand.Rand, authority, category byte, division6, prefix string) string {
	for {
		body := []byte(prefix)
		for len(body) < 8 {
			if prefix == "" {
				body = append(body, byte('0'+r.IntN(10)))
			} else {
				body = append(body, usccAlphabet[r.IntN(len(usccAlphabet))])
			}
		}
		code := ident.MakeUSCC(authority, category, division6, string(body))
		if !c.seen[code] {
			c.seen[code] = true
			return code
		}
	}
}
