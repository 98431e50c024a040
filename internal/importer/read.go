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
	"path"
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

// xlsxSource streams the first visible data sheet of a workbook.
type xlsxSource struct {
	f      *excelize.File
	rows   *excelize.Rows
	name   string
	n      int
	count  int
	merges []merge
	nums   map[int][]uint64 // column → bit per row: the cell holds a number
}

// merge is a merged range: every cell takes the top-left cell's value.
type merge struct {
	top, left, bottom, right int // 1-based rows and columns, inclusive
	value                    string
}

func openXLSX(r io.Reader) (*xlsxSource, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("reading workbook: %w", err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, fault.BadInput("", fault.T("the file is not an Excel workbook (.xlsx)", "该文件不是Excel工作簿（.xlsx）"))
	}
	name := ""
	for _, s := range f.GetSheetList() {
		visible, err := f.GetSheetVisible(s)
		if err != nil || !visible || s == InstructionsSheet || strings.EqualFold(s, "instructions") {
			continue
		}
		name = s
		break
	}
	if name == "" {
		f.Close()
		return nil, fault.BadInput("", fault.T("the workbook has no visible sheet besides the instructions", "工作簿中除“说明”外没有可见的工作表"))
	}
	src := &xlsxSource{f: f, name: name}
	// Merged ranges and the row count come from a scan of the sheet's XML,
	// so that the sheet itself is only ever streamed.
	src.merges, src.count, src.nums, err = scanSheet(data, name)
	if err != nil {
		f.Close()
		return nil, err
	}
	rows, err := f.Rows(name)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("reading sheet %s: %w", name, err)
	}
	src.rows = rows
	return src, nil
}

func (s *xlsxSource) next() (int, []string, error) {
	if !s.rows.Next() {
		if err := s.rows.Error(); err != nil {
			return 0, nil, err
		}
		return 0, nil, io.EOF
	}
	s.n++
	cells, err := s.rows.Columns(excelize.Options{RawCellValue: true})
	if err != nil {
		return 0, nil, err
	}
	for i := range s.merges {
		m := &s.merges[i]
		if s.n < m.top || s.n > m.bottom {
			continue
		}
		if s.n == m.top && m.left-1 < len(cells) {
			m.value = cells[m.left-1]
		}
		for len(cells) < m.right {
			cells = append(cells, "")
		}
		for c := m.left; c <= m.right; c++ {
			cells[c-1] = m.value
		}
	}
	return s.n, cells, nil
}

func (s *xlsxSource) total() int { return s.count }

func (s *xlsxSource) numeric(row, col int) bool {
	bits := s.nums[col]
	return row/64 < len(bits) && bits[row/64]&(1<<(row%64)) != 0
}

func (s *xlsxSource) sheet() string { return s.name }
func (s *xlsxSource) close() error {
	err := s.rows.Close()
	return errors.Join(err, s.f.Close())
}

// scanSheet finds the XML part of sheet name in the workbook's zip and scans
// it for merged ranges, rows and the cells that hold numbers, without
// parsing the rows.
func scanSheet(data []byte, name string) ([]merge, int, map[int][]uint64, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, 0, nil, fmt.Errorf("reading workbook: %w", err)
	}
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		files[f.Name] = f
	}
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := readXML(files["xl/workbook.xml"], &wb); err != nil {
		return nil, 0, nil, err
	}
	if err := readXML(files["xl/_rels/workbook.xml.rels"], &rels); err != nil {
		return nil, 0, nil, err
	}
	target := ""
	for _, s := range wb.Sheets {
		if s.Name != name {
			continue
		}
		for _, r := range rels.Rels {
			if r.ID == s.RID {
				target = r.Target
			}
		}
	}
	if strings.HasPrefix(target, "/") {
		target = strings.TrimPrefix(target, "/")
	} else if target != "" {
		target = path.Join("xl", target)
	}
	f := files[target]
	if f == nil {
		return nil, 0, nil, nil
	}
	rc, err := f.Open()
	if err != nil {
		return nil, 0, nil, fmt.Errorf("reading sheet %s: %w", name, err)
	}
	defer rc.Close()
	var merges []merge
	rows := 0
	nums := map[int][]uint64{}
	br := bufio.NewReaderSize(rc, 64<<10)
	// Elements never straddle a '>' boundary: read element by element.
	for {
		chunk, err := br.ReadSlice('>')
		if len(chunk) > 0 {
			if i := bytes.LastIndexByte(chunk, '<'); i >= 0 {
				el := chunk[i:]
				switch {
				case bytes.HasPrefix(el, []byte("<row ")) || bytes.HasPrefix(el, []byte("<row>")):
					rows++
				case bytes.HasPrefix(el, []byte("<c ")):
					if t := attr(el, "t"); t == "" || t == "n" {
						if c, r, err := excelize.CellNameToCoordinates(attr(el, "r")); err == nil {
							bits := nums[c]
							for len(bits) <= r/64 {
								bits = append(bits, 0)
							}
							bits[r/64] |= 1 << (r % 64)
							nums[c] = bits
						}
					}
				case bytes.HasPrefix(el, []byte("<mergeCell ")):
					if m, ok := parseMergeRef(attr(el, "ref")); ok {
						merges = append(merges, m)
					}
				}
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err != nil {
			break
		}
	}
	return merges, rows, nums, nil
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
