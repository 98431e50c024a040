// Package ident checks and builds the national identifiers the hub stores:
// the unified social credit code (GB 32100-2015), the resident identity
// number (GB 11643-1999) and the 12-digit statistical division code.
//
// Check functions return a *fault.Error of class BAD_USER_INPUT without a
// field; the caller (an ent field validator) supplies the field.
package ident

import (
	"strings"

	"github.com/wushehub/wushe/internal/fault"
)

func bad(en, zh string, args ...any) error {
	return fault.BadInput("", fault.T(en, zh, args...))
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// upper returns s trimmed and upper-cased: codes are case-insensitive on input.
func upper(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

// CheckSchoolCode reports whether code is a 10-digit Ministry of Education
// school code (学校标识码).
func CheckSchoolCode(code string) error {
	if len(code) != 10 || !allDigits(code) {
		return bad("a school code (学校标识码) has 10 digits, got %q", "学校标识码应为10位数字，实际为“%s”", code)
	}
	return nil
}

// CheckPhone reports whether s is a mainland mobile number (11 digits
// starting 13–19) or a landline with area code (0xx-xxxxxxx, 0xxx-xxxxxxxx).
func CheckPhone(s string) error {
	if len(s) == 11 && allDigits(s) && s[0] == '1' && s[1] >= '3' {
		return nil
	}
	if i := strings.IndexByte(s, '-'); i >= 3 && i <= 4 && s[0] == '0' && allDigits(s[:i]) {
		if rest := s[i+1:]; (len(rest) == 7 || len(rest) == 8) && allDigits(rest) {
			return nil
		}
	}
	return bad("%q is neither an 11-digit mobile number nor a landline like 0951-5012345", "“%s”既不是11位手机号，也不是形如0951-5012345的固定电话", s)
}
