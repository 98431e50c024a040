package audit

import (
	"math"
	"testing"
)

func TestBounds(t *testing.T) {
	inf := math.Inf(1)
	tests := []struct {
		name   string
		build  func(s *System)
		pinned []bool
	}{
		{"two small counts adding up to 2 are both 1", func(s *System) {
			x, y := s.Var(1, 4), s.Var(1, 4)
			s.Equation([]Term{{x, 1}, {y, 1}}, 2)
		}, []bool{true, true}},
		{"two small counts adding up to 5", func(s *System) {
			x, y := s.Var(1, 4), s.Var(1, 4)
			s.Equation([]Term{{x, 1}, {y, 1}}, 5)
		}, []bool{false, false}},
		{"a small count and a complement of 5", func(s *System) {
			x, y := s.Var(1, 4), s.Var(0, inf)
			s.Exclude(y, 1, 4)
			s.Equation([]Term{{x, 1}, {y, 1}}, 6)
		}, []bool{true, true}},
		{"a small count and a complement of 9", func(s *System) {
			x, y := s.Var(1, 4), s.Var(0, inf)
			s.Exclude(y, 1, 4)
			s.Equation([]Term{{x, 1}, {y, 1}}, 10)
		}, []bool{false, false}},
		{"a 2×2 table with its margins", func(s *System) {
			a, b, c, d := s.Var(0, inf), s.Var(0, inf), s.Var(0, inf), s.Var(0, inf)
			s.Equation([]Term{{a, 1}, {b, 1}}, 10)
			s.Equation([]Term{{c, 1}, {d, 1}}, 10)
			s.Equation([]Term{{a, 1}, {c, 1}}, 8)
			s.Equation([]Term{{b, 1}, {d, 1}}, 12)
		}, []bool{false, false, false, false}},
		{"a chain: a total and two parts, one part in a second sum", func(s *System) {
			total, p, q := s.Var(0, inf), s.Var(1, 4), s.Var(0, inf)
			s.Equation([]Term{{total, 1}, {p, -1}, {q, -1}}, 0)
			s.Equation([]Term{{q, 1}}, 7)
		}, []bool{false, false, true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s System
			tt.build(&s)
			got, ok := s.Pinned()
			if !ok {
				t.Fatal("no solution")
			}
			for i, want := range tt.pinned {
				if _, pinned := got[i]; pinned != want {
					t.Errorf("variable %d: pinned %v (%v), want %v", i, pinned, got, want)
				}
			}
		})
	}
}
