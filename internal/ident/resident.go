package ident

import (
	"fmt"
	"time"
)

var residentWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

const residentChecks = "10X98765432"

func residentCheck(first17 string) byte {
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(first17[i]-'0') * residentWeights[i]
	}
	return residentChecks[sum%11]
}

// CheckResidentID reports whether id is a valid resident identity number:
// 18 characters, a real birth date not in the future, and a correct check
// character (GB 11643-1999). now bounds the birth date.
func CheckResidentID(id string, now time.Time) error {
	if len(id) != 18 {
		return bad("a resident ID number has 18 characters, got %d", "公民身份号码应为18位，实际为%d位", len(id))
	}
	if !allDigits(id[:17]) {
		return bad("the first 17 characters of a resident ID number are digits", "公民身份号码前17位应为数字")
	}
	if last := id[17]; (last < '0' || last > '9') && last != 'X' {
		return bad("the last character of a resident ID number is a digit or X", "公民身份号码末位应为数字或X")
	}
	if id[0] < '1' || id[0] > '8' {
		return bad("the first digit of a resident ID number starts a province code (1–8)", "公民身份号码首位应为省级行政区划代码（1–8）")
	}
	birth, err := time.Parse("20060102", id[6:14])
	if err != nil {
		return bad("characters 7–14 (%s) are not a real birth date", "第7–14位（%s）不是有效的出生日期", id[6:14])
	}
	if birth.Year() < 1900 || birth.After(now) {
		return bad("birth date %s is not plausible", "出生日期%s不合理", birth.Format("2006-01-02"))
	}
	if want := residentCheck(id[:17]); id[17] != want {
		return bad("check character is %c, expected %c: the number is mistyped", "校验码为%c，应为%c：号码有误", id[17], want)
	}
	return nil
}

// BirthDate returns the birth date encoded in a resident ID number that
// passed CheckResidentID.
func BirthDate(id string) (time.Time, error) {
	if len(id) != 18 {
		return time.Time{}, fmt.Errorf("birth date: resident ID has %d characters", len(id))
	}
	return time.Parse("20060102", id[6:14])
}

// MakeResidentID builds a valid resident ID number from a 6-digit address
// code, a birth date and a 3-digit sequence number (odd for men, even for
// women).
func MakeResidentID(address6 string, birth time.Time, seq int) string {
	first17 := fmt.Sprintf("%s%s%03d", address6, birth.Format("20060102"), seq%1000)
	return first17 + string(residentCheck(first17))
}

// NormalizeResidentID returns id trimmed and upper-cased (x → X).
func NormalizeResidentID(id string) string { return upper(id) }
