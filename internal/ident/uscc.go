package ident

import (
	"strings"
)

// usccAlphabet is the character set of GB 32100-2015 (no I, O, S, V, Z).
const usccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

var usccWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// usccCheck returns the check character for the first 17 characters of a
// code, or 0 when one of them is outside the alphabet.
func usccCheck(first17 string) byte {
	sum := 0
	for i := 0; i < 17; i++ {
		v := strings.IndexByte(usccAlphabet, first17[i])
		if v < 0 {
			return 0
		}
		sum += v * usccWeights[i]
	}
	c := 31 - sum%31
	if c == 31 {
		c = 0
	}
	return usccAlphabet[c]
}

// CheckUSCC reports whether code is a well-formed unified social credit code
// with a correct check character (GB 32100-2015).
func CheckUSCC(code string) error {
	if len(code) != 18 {
		return bad("a unified social credit code has 18 characters, got %d", "统一社会信用代码应为18位，实际为%d位", len(code))
	}
	for i := 0; i < 18; i++ {
		if strings.IndexByte(usccAlphabet, code[i]) < 0 {
			return bad("character %d (%q) is not allowed in a unified social credit code", "统一社会信用代码第%d位“%c”不是允许的字符", i+1, code[i])
		}
	}
	if !allDigits(code[2:8]) {
		return bad("characters 3–8 of a unified social credit code are the registering authority's division code and must be digits", "统一社会信用代码第3–8位为登记管理机关行政区划码，应为数字")
	}
	if want := usccCheck(code[:17]); code[17] != want {
		return bad("check character is %c, expected %c: the code is mistyped", "校验码为%c，应为%c：代码有误", code[17], want)
	}
	return nil
}

// OrganizationCategory returns the registering authority (1st character) and
// organisation category (2nd character) of a unified social credit code.
func OrganizationCategory(code string) (authority, category byte) {
	if len(code) < 2 {
		return 0, 0
	}
	return code[0], code[1]
}

// orgCodeWeights are the GB 11714 weights of the organisation code body.
var orgCodeWeights = [8]int{3, 7, 9, 10, 5, 8, 4, 2}

// orgCodeCheck returns the GB 11714 check character of an 8-character body.
func orgCodeCheck(body string) byte {
	sum := 0
	for i := 0; i < 8; i++ {
		c := body[i]
		v := int(c - '0')
		if c >= 'A' && c <= 'Z' {
			v = int(c-'A') + 10
		}
		sum += v * orgCodeWeights[i]
	}
	switch c := 11 - sum%11; c {
	case 10:
		return 'X'
	case 11:
		return '0'
	default:
		return byte('0' + c)
	}
}

// MakeUSCC builds a valid code from the registering authority and category
// characters, the 6-digit division code of the registering authority and an
// 8-character organisation code body (digits and letters of the alphabet).
// It fills in the GB 11714 and GB 32100 check characters.
func MakeUSCC(authority, category byte, division6, body8 string) string {
	first17 := string([]byte{authority, category}) + division6 + body8 + string(orgCodeCheck(body8))
	return first17 + string(usccCheck(first17))
}

// NormalizeUSCC returns code trimmed and upper-cased.
func NormalizeUSCC(code string) string { return upper(code) }
