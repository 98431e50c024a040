package ident

import "strings"

// Level is the tier of a statistical division code.
type Level int

// The tiers of a 12-digit division code: province (2 digits significant),
// city (4), district or county (6), street or town (9), community or village (12).
const (
	LevelUnknown Level = iota
	LevelProvince
	LevelCity
	LevelDistrict
	LevelStreet
	LevelCommunity
)

var prefixLen = map[Level]int{LevelProvince: 2, LevelCity: 4, LevelDistrict: 6, LevelStreet: 9, LevelCommunity: 12}

var levelName = map[Level][2]string{
	LevelProvince:  {"province", "省级"},
	LevelCity:      {"city", "地级"},
	LevelDistrict:  {"district", "县级"},
	LevelStreet:    {"street", "乡级（街道）"},
	LevelCommunity: {"community", "村级（社区）"},
}

// CodeLevel returns the tier a well-formed 12-digit code denotes, from its
// trailing zeros.
func CodeLevel(code string) Level {
	if len(code) != 12 || !allDigits(code) {
		return LevelUnknown
	}
	switch {
	case code[2:] == "0000000000":
		return LevelProvince
	case code[4:] == "00000000":
		return LevelCity
	case code[6:] == "000000":
		return LevelDistrict
	case code[9:] == "000":
		return LevelStreet
	default:
		return LevelCommunity
	}
}

// CheckDivisionCode reports whether code is a 12-digit statistical division
// code of tier want.
func CheckDivisionCode(code string, want Level) error {
	if len(code) != 12 || !allDigits(code) {
		return bad("a division code has 12 digits (统计用区划代码), got %q", "区划代码应为12位数字，实际为“%s”", code)
	}
	if code[:2] == "00" {
		return bad("division code %s has no province part", "区划代码%s缺少省级部分", code)
	}
	if got := CodeLevel(code); got != want {
		return bad("code %[1]s denotes a %[2]s-level division, not a %[3]s-level one", "代码%[1]s表示%[4]s区划，不是%[5]s区划", code, levelName[got][0], levelName[want][0], levelName[got][1], levelName[want][1])
	}
	return nil
}

// CheckNesting reports whether child (of tier childLevel) lies inside parent
// (of tier childLevel-1): its code must extend the parent's significant prefix.
func CheckNesting(child string, childLevel Level, parent string, parentLevel Level) error {
	if parentLevel != childLevel-1 {
		return bad("a %[1]s-level division must hang below a %[2]s-level one, not a %[3]s-level one", "%[4]s区划的上级应为%[5]s区划，而不是%[6]s区划",
			levelName[childLevel][0], levelName[childLevel-1][0], levelName[parentLevel][0],
			levelName[childLevel][1], levelName[childLevel-1][1], levelName[parentLevel][1])
	}
	n := prefixLen[parentLevel]
	if len(child) != 12 || len(parent) != 12 || !strings.HasPrefix(child, parent[:n]) {
		return bad("code %s does not extend its parent's code %s (first %d digits must match)", "代码%s未延续上级代码%s（前%d位应一致）", child, parent, n)
	}
	return nil
}

// Contains reports whether the division with code outer contains (or is)
// the division or community with code inner: inner extends outer's
// significant prefix.
func Contains(outer, inner string) bool {
	n, ok := prefixLen[CodeLevel(outer)]
	if !ok || len(inner) != 12 || CodeLevel(inner) == LevelUnknown {
		return false
	}
	return inner[:n] == outer[:n]
}

// Prefix returns the significant prefix of a division code: the digits its
// divisions and communities all start with ("640105" for 640105000000).
func Prefix(code string) string {
	n, ok := prefixLen[CodeLevel(code)]
	if !ok {
		return ""
	}
	return code[:n]
}
