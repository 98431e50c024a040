package importer

import (
	"strings"
	"unicode"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"

	"github.com/wushehub/wushe/internal/fault"
)

// headerKey normalises a header for matching: full-width characters
// folded, spaces and required markers dropped, lower case.
func headerKey(s string) string {
	s = norm.NFKC.String(s)
	var b strings.Builder
	for _, r := range s {
		if unicode.IsSpace(r) || r == '*' || r == '※' {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// stripGloss drops a trailing parenthesised part: 面积(平方米) → 面积.
func stripGloss(s string) string {
	if i := strings.IndexByte(s, '('); i > 0 && strings.HasSuffix(s, ")") {
		return s[:i]
	}
	return s
}

// layout is how the columns of a file map to a spec.
type layout struct {
	cols    []*Column // by position in the file; nil for ignored columns
	headers []string  // the file's headers, by position
	letters []string
	ignored []string
}

// headerIndex maps normalised headers to columns.
func (s *Spec) headerIndex() map[string]*Column {
	idx := map[string]*Column{}
	for i := range s.Columns {
		c := &s.Columns[i]
		for _, h := range []string{c.Zh, c.En} {
			k := headerKey(h)
			idx[k] = c
			if g := stripGloss(k); g != k {
				if _, taken := idx[g]; !taken {
					idx[g] = c
				}
			}
		}
	}
	return idx
}

// matchHeader returns the columns a row of headers names, and how many.
func (s *Spec) matchHeader(idx map[string]*Column, cells []string) ([]*Column, int) {
	cols := make([]*Column, len(cells))
	n := 0
	used := map[*Column]bool{}
	for i, cell := range cells {
		k := headerKey(cell)
		if k == "" {
			continue
		}
		c := idx[k]
		if c == nil {
			c = idx[stripGloss(k)]
		}
		if c != nil && !used[c] {
			cols[i] = c
			used[c] = true
			n++
		}
	}
	return cols, n
}

// findLayout reads rows until the header row (the first of the first ten
// rows naming at least two columns, or one for a one-column sheet), and
// skips a second header row in the other language.
func findLayout(s *Spec, src source) (*layout, int, error) {
	idx := s.headerIndex()
	need := min(2, len(s.Columns))
	for tries := 0; tries < 10; tries++ {
		row, cells, err := src.next()
		if err != nil {
			break
		}
		cols, n := s.matchHeader(idx, cells)
		if n < need {
			continue
		}
		l := &layout{cols: cols, headers: cells}
		for i := range cells {
			name, _ := excelize.ColumnNumberToName(i + 1)
			l.letters = append(l.letters, name)
			if cols[i] == nil && strings.TrimSpace(cells[i]) != "" {
				l.ignored = append(l.ignored, cells[i])
			}
		}
		present := map[*Column]bool{}
		for _, c := range cols {
			if c != nil {
				present[c] = true
			}
		}
		var missing []string
		for i := range s.Columns {
			c := &s.Columns[i]
			if c.Required && !present[c] {
				missing = append(missing, c.Zh+"（"+c.En+"）")
			}
		}
		if len(missing) > 0 {
			return nil, 0, fault.BadInput("", fault.T("the sheet lacks the required columns %s", "表格缺少必填列：%s", strings.Join(missing, "、")))
		}
		return l, row, nil
	}
	if src.sheet() == "" {
		return nil, 0, fault.BadInput("", fault.T("no header row naming the template's columns was found in the first rows of the file", "在文件的前几行中未找到与模板列名对应的表头"))
	}
	return nil, 0, fault.BadInput("", fault.T("no header row naming the template's columns was found in the first rows of sheet %q", "在工作表“%s”的前几行中未找到与模板列名对应的表头", src.sheet()))
}

// isHeaderAgain reports whether cells repeat the header (the template's
// second, English header row).
func (s *Spec) isHeaderAgain(idx map[string]*Column, cells []string) bool {
	_, n := s.matchHeader(idx, cells)
	nonEmpty := 0
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			nonEmpty++
		}
	}
	return n > 0 && n*2 >= nonEmpty
}
