package importer

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/wushehub/wushe/internal/fault"
)

// Hidden marks a cell whose value the exporting viewer may not read. The
// importer leaves such a field as it is.
const Hidden = "【无权查看】"

// dateLayout is the canonical form of a date.
const dateLayout = "2006-01-02"

// fold trims s and folds full-width characters (digits, letters, signs) to
// their ASCII forms, for codes, numbers and dates.
func fold(s string) string {
	return strings.TrimSpace(norm.NFKC.String(strings.TrimSpace(s)))
}

// trim trims s, including full-width spaces, and joins its lines' ends.
func trim(s string) string {
	return strings.TrimFunc(s, unicode.IsSpace)
}

// separators split list cells.
func splitList(s string) []string {
	f := strings.FieldsFunc(s, func(r rune) bool {
		switch r {
		case '、', ';', '；', ',', '，', '\n':
			return true
		}
		return false
	})
	out := f[:0]
	for _, p := range f {
		if p = trim(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// listSep joins list items in canonical values and in exports.
const listSep = "、"

var (
	dateForms = []*regexp.Regexp{
		regexp.MustCompile(`^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$`),
		regexp.MustCompile(`^(\d{4})年(\d{1,2})月(\d{1,2})日?$`),
		regexp.MustCompile(`^(\d{4})(\d{2})(\d{2})$`),
	}
	serialForm = regexp.MustCompile(`^\d{1,6}(?:\.\d+)?$`)
	floatForm  = regexp.MustCompile(`(?i)^[+-]?\d+(?:\.\d+)?e[+-]?\d+$`)
)

// excelEpoch is day 0 of Excel's 1900 date system (with its 1900 leap-year
// bug accounted for: serial 60 is the non-existent 29 February 1900).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// parseDate reads a date written as 2024-05-06, 2024/5/6, 2024.5.6,
// 2024年5月6日, 20240506 or an Excel serial number.
func parseDate(s string) (time.Time, *fault.Error) {
	f := fold(s)
	for _, re := range dateForms {
		if m := re.FindStringSubmatch(f); m != nil {
			y, _ := strconv.Atoi(m[1])
			mo, _ := strconv.Atoi(m[2])
			d, _ := strconv.Atoi(m[3])
			t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
			if t.Year() != y || int(t.Month()) != mo || t.Day() != d {
				return time.Time{}, fault.BadInput("", fault.T("%q is not a date of the calendar", "“%s”不是有效日期", s))
			}
			return t, nil
		}
	}
	if serialForm.MatchString(f) {
		v, _ := strconv.ParseFloat(f, 64)
		if v >= 1 && v < 2958466 { // up to 9999-12-31
			days := int(math.Floor(v))
			return excelEpoch.AddDate(0, 0, days), nil
		}
	}
	return time.Time{}, fault.BadInput("", fault.T("%q is not a date: write 2024-05-06, 2024/5/6, 2024.5.6 or 2024年5月6日", "“%s”不是日期：请写作2024-05-06、2024/5/6、2024.5.6或2024年5月6日", s))
}

// parseInt reads a whole number (thousands separators allowed).
func parseInt(s string) (int64, *fault.Error) {
	f := strings.ReplaceAll(fold(s), ",", "")
	if n, err := strconv.ParseInt(f, 10, 64); err == nil {
		return n, nil
	}
	if v, err := strconv.ParseFloat(f, 64); err == nil && v == math.Trunc(v) && math.Abs(v) < 1<<53 {
		return int64(v), nil
	}
	return 0, fault.BadInput("", fault.T("%q is not a whole number", "“%s”不是整数", s))
}

// parseDecimal reads a number; 35% reads as 0.35.
func parseDecimal(s string) (float64, *fault.Error) {
	f := strings.ReplaceAll(fold(s), ",", "")
	pct := strings.HasSuffix(f, "%")
	f = strings.TrimSuffix(f, "%")
	v, err := strconv.ParseFloat(f, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fault.BadInput("", fault.T("%q is not a number", "“%s”不是数字", s))
	}
	if pct {
		v /= 100
	}
	return v, nil
}

// parseMoney reads an amount in yuan (¥1,280.50, 1280.5元) into fen,
// exactly, without floating point.
func parseMoney(s string) (int64, *fault.Error) {
	f := fold(s)
	f = strings.NewReplacer(",", "", "¥", "", "￥", "", "元", "", " ", "").Replace(f)
	bad := fault.BadInput("", fault.T("%q is not an amount in yuan with at most two decimals", "“%s”不是以元为单位、最多两位小数的金额", s))
	neg := strings.HasPrefix(f, "-")
	f = strings.TrimPrefix(f, "-")
	whole, frac, _ := strings.Cut(f, ".")
	if whole == "" || len(frac) > 2 && strings.TrimRight(frac[2:], "0") != "" {
		return 0, bad
	}
	if len(frac) > 2 {
		frac = frac[:2]
	}
	for len(frac) < 2 {
		frac += "0"
	}
	y, err1 := strconv.ParseInt(whole, 10, 64)
	c, err2 := strconv.ParseInt(frac, 10, 64)
	if err1 != nil || err2 != nil || y > math.MaxInt64/100-1 {
		return 0, bad
	}
	v := y*100 + c
	if neg {
		v = -v
	}
	return v, nil
}

// formatMoney writes fen as yuan.
func formatMoney(fen int64) string {
	sign := ""
	if fen < 0 {
		sign, fen = "-", -fen
	}
	if fen%100 == 0 {
		return sign + strconv.FormatInt(fen/100, 10)
	}
	return sign + strconv.FormatInt(fen/100, 10) + "." + strings.TrimRight(strconv.FormatInt(100+fen%100, 10)[1:], "0")
}

// parseBool reads 是/否 (and true/false, yes/no, 1/0, Y/N).
func parseBool(s string) (bool, *fault.Error) {
	switch strings.ToLower(fold(s)) {
	case "是", "true", "yes", "y", "1", "√", "对":
		return true, nil
	case "否", "false", "no", "n", "0", "×", "x", "不是":
		return false, nil
	}
	return false, fault.BadInput("", fault.T("%q is neither 是 (yes) nor 否 (no)", "“%s”应填“是”或“否”", s))
}

// formatBool writes b as 是/否.
func formatBool(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

// parseIDNumber reads a resident ID number, refusing one that the sheet
// stored as a number (its last digits are lost).
func parseIDNumber(s string) (string, *fault.Error) {
	f := strings.ToUpper(fold(s))
	if floatForm.MatchString(f) {
		return "", storedAsNumber(s)
	}
	if strings.HasSuffix(f, ".0") && len(f) == 20 {
		f = strings.TrimSuffix(f, ".0")
	}
	return f, nil
}

// storedAsNumber refuses an ID number the sheet holds as a number.
func storedAsNumber(s string) *fault.Error {
	return fault.BadInput("", fault.T(
		"%q: the cell was stored as a number, which keeps only 15 digits; format the column as text and type the full 18-character number again",
		"“%s”：该单元格以数字保存，只保留15位有效数字；请将该列设为文本格式后重新录入完整的18位号码", s))
}

// enumIndex maps the Chinese name, the English value and folded forms of
// each value of an enum column to the value.
func enumIndex(labels map[string]string) map[string]string {
	idx := make(map[string]string, 3*len(labels))
	for v, l := range labels {
		idx[v] = v
		idx[strings.ToLower(v)] = v
		idx[fold(l)] = v
		idx[strings.Join(strings.Fields(fold(l)), "")] = v
		// A label with a parenthesised gloss also answers to its head:
		// 社会服务机构（原民办非企业单位） to 社会服务机构.
		if i := strings.IndexAny(l, "（("); i > 0 {
			if _, taken := idx[fold(l[:i])]; !taken {
				idx[fold(l[:i])] = v
			}
		}
	}
	return idx
}

// parseEnum reads an enum value by its Chinese name or English value.
func parseEnum(s string, idx map[string]string, labels map[string]string, values []string) (string, *fault.Error) {
	f := fold(s)
	if v, ok := idx[f]; ok {
		return v, nil
	}
	if v, ok := idx[strings.ToLower(strings.ReplaceAll(f, " ", "_"))]; ok {
		return v, nil
	}
	// A unique beginning of a Chinese name will do: 党员 for 党员双报到志愿者.
	if len([]rune(f)) >= 2 {
		found := ""
		for _, v := range values {
			if strings.HasPrefix(fold(labels[v]), f) {
				if found != "" {
					found = ""
					break
				}
				found = v
			}
		}
		if found != "" {
			return found, nil
		}
	}
	names := make([]string, 0, len(values))
	for _, v := range values {
		names = append(names, labels[v])
	}
	return "", fault.BadInput("", fault.T("%q is not one of: %s", "“%s”不是可选值之一：%s", s, strings.Join(names, "、")))
}
