package importer

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"

	"github.com/wushehub/wushe/internal/fault"
)

// Format is a spreadsheet file format.
type Format string

// The formats read and written.
const (
	XLSX Format = "xlsx"
	CSV  Format = "csv"
)

// ParseFormat returns the format named s, or guessed from a file name.
func ParseFormat(s string) (Format, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.LastIndexByte(s, '.'); i >= 0 {
		s = s[i+1:]
	}
	switch s {
	case "xlsx", "xlsm":
		return XLSX, nil
	case "csv", "txt":
		return CSV, nil
	}
	return "", fmt.Errorf("unknown spreadsheet format %q (xlsx or csv)", s)
}

// InstructionsSheet is the name of the template's instructions sheet, which
// the importer never reads as data.
const InstructionsSheet = "说明"

// source yields the rows of a sheet: the row's number in the sheet (from 1)
// and its cells.
type source interface {
	next() (row int, cells []string, err error) // io.EOF at the end
	total() int                                 // rows in the sheet, 0 when unknown
	numeric(row, col int) bool                  // the cell (1-based) holds a number, not text
	sheet() string
	close() error
}

// open opens data in format f.
func open(r io.Reader, f Format) (source, error) {
	switch f {
	case XLSX:
		return openXLSX(r)
	case CSV:
		return openCSV(r), nil
	}
	return nil, fmt.Errorf("unknown format %q", f)
}

func readXML(f *zip.File, v any) error {
	if f == nil {
		return fault.BadInput("", fault.T("the workbook is incomplete", "工作簿文件不完整"))
	}
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	return xml.NewDecoder(rc).Decode(v)
}

func attr(el []byte, name string) string {
	key := []byte(" " + name + `="`)
	i := bytes.Index(el, key)
	if i < 0 {
		return ""
	}
	rest := el[i+len(key):]
	j := bytes.IndexByte(rest, '"')
	if j < 0 {
		return ""
	}
	return string(rest[:j])
}

func parseMergeRef(ref string) (merge, bool) {
	a, b, ok := strings.Cut(ref, ":")
	if !ok {
		return merge{}, false
	}
	c1, r1, err1 := excelize.CellNameToCoordinates(a)
	c2, r2, err2 := excelize.CellNameToCoordinates(b)
	if err1 != nil || err2 != nil {
		return merge{}, false
	}
	return merge{top: r1, left: c1, bottom: r2, right: c2}, true
}

// csvSource streams a CSV file in UTF-8 (with or without BOM) or GB18030.
type csvSource struct {
	r *csv.Reader
	n int
}

func openCSV(r io.Reader) *csvSource {
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(64 << 10)
	var in io.Reader = br
	switch {
	case bytes.HasPrefix(head, []byte("\xef\xbb\xbf")):
		_, _ = br.Discard(3)
	case !validUTF8Prefix(head):
		// Not UTF-8: what Chinese Excel writes, GB18030 (a superset of GBK).
		in = transform.NewReader(br, simplifiedchinese.GB18030.NewDecoder())
	}
	cr := csv.NewReader(in)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = false
	return &csvSource{r: cr}
}

// validUTF8Prefix reports whether b is valid UTF-8 except perhaps for a
// character cut at its end.
func validUTF8Prefix(b []byte) bool {
	for i := 0; i < 4 && len(b) > 0; i++ {
		if utf8.Valid(b) {
			return true
		}
		b = b[:len(b)-1]
	}
	return utf8.Valid(b)
}

func (s *csvSource) next() (int, []string, error) {
	rec, err := s.r.Read()
	if err != nil {
		if err == io.EOF {
			return 0, nil, io.EOF
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return 0, nil, fault.BadInput("", fault.T("the CSV file is malformed at line %d", "CSV文件第%d行格式有误", pe.Line))
		}
		return 0, nil, err
	}
	s.n++
	return s.n, rec, nil
}

func (s *csvSource) total() int            { return 0 }
func (s *csvSource) numeric(_, _ int) bool { return false }
func (s *csvSource) sheet() string         { return "" }
func (s *csvSource) close() error          { return nil }

// aheadSource reads the rows of a source in a goroutine of its own, a
// bounded number of rows ahead of the import, so that unzipping and
// parsing the sheet runs while the database writes the rows before.
type aheadSource struct {
	source
	rows chan aheadRow
	stop chan struct{}
	done chan struct{}
	cur  aheadRow
}

type aheadRow struct {
	row   int
	cells []string
	nums  []bool // the cells that hold numbers
	err   error
}

// ahead starts reading src up to n rows ahead. Its close stops the reading
// and waits for it; src itself is closed by its owner, after that.
func ahead(src source, n int) *aheadSource {
	a := &aheadSource{source: src, rows: make(chan aheadRow, n), stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(a.done)
		defer close(a.rows)
		for {
			row, cells, err := src.next()
			it := aheadRow{row: row, cells: cells, err: err}
			if err == nil {
				for i := range cells {
					if src.numeric(row, i+1) {
						if it.nums == nil {
							it.nums = make([]bool, len(cells))
						}
						it.nums[i] = true
					}
				}
			}
			select {
			case a.rows <- it:
			case <-a.stop:
				return
			}
			if err != nil {
				return
			}
		}
	}()
	return a
}

func (a *aheadSource) next() (int, []string, error) {
	it, ok := <-a.rows
	if !ok {
		return 0, nil, io.EOF
	}
	a.cur = it
	return it.row, it.cells, it.err
}

func (a *aheadSource) numeric(row, col int) bool {
	return row == a.cur.row && col-1 < len(a.cur.nums) && a.cur.nums[col-1]
}

func (a *aheadSource) close() error {
	select {
	case <-a.stop:
	default:
		close(a.stop)
	}
	<-a.done
	return nil
}
