package ident_test

import (
	"testing"
	"time"

	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/ident"
)

var now = time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)

func TestCheckUSCC(t *testing.T) {
	tests := []struct {
		code string
		ok   bool
	}{
		{"91350100M000100Y43", true},  // GB 32100-2015 appendix example
		{"91350100M000100Y4X", false}, // wrong check character
		{"91350100M000100Y4", false},  // 17 characters
		{"91350100M000100YI3", false}, // I is not in the alphabet
		{"9135A100M000100Y43", false}, // division part not digits
		{"", false},
		{ident.MakeUSCC('5', '2', "640105", "MJ000001"), true},
		{ident.MakeUSCC('9', '1', "520204", "MA6DWX12"), true},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			err := ident.CheckUSCC(tt.code)
			if (err == nil) != tt.ok {
				t.Fatalf("CheckUSCC(%q) = %v, want ok=%v", tt.code, err, tt.ok)
			}
			if err != nil && fault.CodeOf(err) != fault.BadUserInput {
				t.Errorf("code = %s, want BAD_USER_INPUT", fault.CodeOf(err))
			}
		})
	}
}

func TestCheckResidentID(t *testing.T) {
	good := ident.MakeResidentID("640105", time.Date(1990, 3, 7, 0, 0, 0, 0, time.UTC), 123)
	tests := []struct {
		id string
		ok bool
	}{
		{"11010519491231002X", true}, // GB 11643-1999 example
		{"110105194912310021", false},
		{good, true},
		{good[:17], false},
		{"640105199002301230", false}, // 30 February
		{"6401052199010112", false},
		{"04010519900307123X", false}, // no province starts with 0
		{"64010519900307A234", false},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			if err := ident.CheckResidentID(tt.id, now); (err == nil) != tt.ok {
				t.Fatalf("CheckResidentID(%q) = %v, want ok=%v", tt.id, err, tt.ok)
			}
		})
	}
	future := ident.MakeResidentID("640105", now.AddDate(1, 0, 0), 1)
	if err := ident.CheckResidentID(future, now); err == nil {
		t.Errorf("a birth date in the future was accepted: %s", future)
	}
	if b, err := ident.BirthDate(good); err != nil || b.Format("2006-01-02") != "1990-03-07" {
		t.Errorf("BirthDate(%s) = %v, %v", good, b, err)
	}
}

func TestDivisionCodes(t *testing.T) {
	levels := []struct {
		code string
		want ident.Level
	}{
		{"640000000000", ident.LevelProvince},
		{"640100000000", ident.LevelCity},
		{"640105000000", ident.LevelDistrict},
		{"640105001000", ident.LevelStreet},
		{"640105001002", ident.LevelCommunity},
		{"6401050010", ident.LevelUnknown},
	}
	for _, tt := range levels {
		if got := ident.CodeLevel(tt.code); got != tt.want {
			t.Errorf("CodeLevel(%s) = %v, want %v", tt.code, got, tt.want)
		}
	}
	if err := ident.CheckDivisionCode("640105001000", ident.LevelDistrict); err == nil {
		t.Error("a street code passed as a district")
	}
	if err := ident.CheckDivisionCode("000000000000", ident.LevelProvince); err == nil {
		t.Error("an all-zero code passed")
	}
	nesting := []struct {
		child, parent string
		cl, pl        ident.Level
		ok            bool
	}{
		{"640105001000", "640105000000", ident.LevelStreet, ident.LevelDistrict, true},
		{"640106001000", "640105000000", ident.LevelStreet, ident.LevelDistrict, false},
		{"640105001002", "640105001000", ident.LevelCommunity, ident.LevelStreet, true},
		{"640105002002", "640105001000", ident.LevelCommunity, ident.LevelStreet, false},
		{"640105001000", "640100000000", ident.LevelStreet, ident.LevelCity, false},
	}
	for _, tt := range nesting {
		if err := ident.CheckNesting(tt.child, tt.cl, tt.parent, tt.pl); (err == nil) != tt.ok {
			t.Errorf("CheckNesting(%s in %s) = %v, want ok=%v", tt.child, tt.parent, err, tt.ok)
		}
	}
}

func TestCheckPhone(t *testing.T) {
	for _, p := range []string{"13912345678", "0951-5012345", "0858-82345678"} {
		if err := ident.CheckPhone(p); err != nil {
			t.Errorf("CheckPhone(%s) = %v", p, err)
		}
	}
	for _, p := range []string{"1391234567", "12912345678", "951-5012345", "0951-50123", "phone"} {
		if err := ident.CheckPhone(p); err == nil {
			t.Errorf("CheckPhone(%s) accepted", p)
		}
	}
}
