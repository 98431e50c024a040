package store

import (
	"testing"
	"time"
)

// TestParseInsert: only a multi-row INSERT of plain placeholders and NULLs,
// with no other clause than RETURNING "id", goes as COPY.
func TestParseInsert(t *testing.T) {
	row := func(first int) string {
		return "($" + itoa(first) + ", NULL, $" + itoa(first+1) + ")"
	}
	values := func(rows int) (string, []any) {
		s := ""
		var args []any
		for r := range rows {
			if r > 0 {
				s += ", "
			}
			s += row(2*r + 1)
			args = append(args, "x", time.Now())
		}
		return s, args
	}
	v, args := values(minCopyRows)
	base := `INSERT INTO "t" ("a", "b", "c") VALUES ` + v
	m, ok := parseInsert(base+` RETURNING "id"`, args)
	if !ok || m.table != "t" || len(m.cols) != 3 || !m.returning || len(m.values) != 3*minCopyRows || m.values[1] != nil || m.values[0] != "x" {
		t.Fatalf("parseInsert = %+v, %v", m, ok)
	}
	if m, ok := parseInsert(base, args); !ok || m.returning {
		t.Fatalf("without RETURNING: %+v, %v", m, ok)
	}
	few, fewArgs := values(minCopyRows - 1)
	for name, c := range map[string]struct {
		q    string
		args []any
	}{
		"ON CONFLICT":        {base + ` ON CONFLICT DO NOTHING`, args},
		"other RETURNING":    {base + ` RETURNING "id", "a"`, args},
		"DEFAULT":            {`INSERT INTO "t" ("a", "b", "c") VALUES ($1, DEFAULT, $2)` + v[len(row(1)):], args},
		"too few rows":       {`INSERT INTO "t" ("a", "b", "c") VALUES ` + few, fewArgs},
		"arguments left":     {base, append(args, "y")},
		"bytes":              {base, append([]any{[]byte("x")}, args[1:]...)},
		"placeholders order": {`INSERT INTO "t" ("a", "b", "c") VALUES ($2, NULL, $1)` + v[len(row(1)):], args},
		"UPDATE":             {`UPDATE "t" SET "a" = $1`, args},
	} {
		if m, ok := parseInsert(c.q, c.args); ok {
			t.Errorf("%s: parsed as %+v", name, m)
		}
	}
}

func itoa(n int) string {
	s := ""
	for {
		s = string(rune('0'+n%10)) + s
		if n /= 10; n == 0 {
			return s
		}
	}
}
