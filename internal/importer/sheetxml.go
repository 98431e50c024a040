package importer

import (
	"archive/zip"
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"html"
	"io"
	"path"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/wushehub/wushe/internal/fault"
)

// The workbook reader streams a sheet's XML straight from the zip, element
// by element: the rows are never held, only the shared strings table (as
// every reader of the format must) and the merged ranges.

// xlsxSource streams the first visible data sheet of a workbook.
type xlsxSource struct {
	name   string
	count  int
	merges []merge
	sst    []string
	rc     io.ReadCloser
	br     *bufio.Reader
	row    int    // number of the row last returned
	nums   []bool // its cells that hold numbers
	done   bool
	buf    []byte
}

// merge is a merged range: every cell takes the top-left cell's value.
type merge struct {
	top, left, bottom, right int // 1-based rows and columns, inclusive
	value                    string
}

var notWorkbook = fault.BadInput("", fault.T("the file is not an Excel workbook (.xlsx)", "该文件不是Excel工作簿（.xlsx）"))

func openXLSX(r io.Reader) (*xlsxSource, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("reading workbook: %w", err)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, notWorkbook
	}
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		files[f.Name] = f
	}
	var wb struct {
		Sheets []struct {
			Name  string `xml:"name,attr"`
			State string `xml:"state,attr"`
			RID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Type   string `xml:"Type,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if files["xl/workbook.xml"] == nil {
		return nil, notWorkbook
	}
	if err := readXML(files["xl/workbook.xml"], &wb); err != nil {
		return nil, notWorkbook
	}
	if err := readXML(files["xl/_rels/workbook.xml.rels"], &rels); err != nil {
		return nil, notWorkbook
	}
	target := func(t string) string {
		if strings.HasPrefix(t, "/") {
			return strings.TrimPrefix(t, "/")
		}
		return path.Join("xl", t)
	}
	src := &xlsxSource{}
	var sheet *zip.File
	for _, s := range wb.Sheets {
		if s.State == "hidden" || s.State == "veryHidden" || s.Name == InstructionsSheet || strings.EqualFold(s.Name, "instructions") {
			continue
		}
		for _, r := range rels.Rels {
			if r.ID == s.RID {
				sheet = files[target(r.Target)]
			}
		}
		if sheet != nil {
			src.name = s.Name
			break
		}
	}
	if sheet == nil {
		return nil, fault.BadInput("", fault.T("the workbook has no visible sheet besides the instructions", "工作簿中除“说明”外没有可见的工作表"))
	}
	for _, r := range rels.Rels {
		if strings.HasSuffix(r.Type, "/sharedStrings") {
			if f := files[target(r.Target)]; f != nil {
				if src.sst, err = readSharedStrings(f); err != nil {
					return nil, err
				}
			}
		}
	}
	if src.merges, src.count, err = scanSheet(sheet); err != nil {
		return nil, err
	}
	if src.rc, err = sheet.Open(); err != nil {
		return nil, fmt.Errorf("reading sheet %s: %w", src.name, err)
	}
	src.br = bufio.NewReaderSize(src.rc, 64<<10)
	return src, nil
}

// element reads up to and including the next '>': the text before the
// element, and the element.
func (s *xlsxSource) element(br *bufio.Reader) (text, el []byte, err error) {
	chunk, err := br.ReadSlice('>')
	if err == bufio.ErrBufferFull {
		s.buf = append(s.buf[:0], chunk...)
		for err == bufio.ErrBufferFull {
			chunk, err = br.ReadSlice('>')
			s.buf = append(s.buf, chunk...)
		}
		chunk = s.buf
	}
	if err != nil {
		if err == io.EOF && len(chunk) == 0 {
			return nil, nil, io.EOF
		}
		if err != io.EOF {
			return nil, nil, err
		}
	}
	i := bytes.LastIndexByte(chunk, '<')
	if i < 0 {
		return chunk, nil, err
	}
	return chunk[:i], chunk[i:], nil
}

func unescape(b []byte) string {
	if bytes.IndexByte(b, '&') < 0 {
		return string(b)
	}
	return html.UnescapeString(string(b))
}

func isTag(el []byte, name string) bool {
	if !bytes.HasPrefix(el, []byte(name)) {
		return false
	}
	rest := el[len(name):]
	return len(rest) > 0 && (rest[0] == '>' || rest[0] == ' ' || rest[0] == '/' || rest[0] == '\t' || rest[0] == '\n' || rest[0] == '\r')
}

func (s *xlsxSource) next() (int, []string, error) {
	for !s.done {
		row, cells, nums, err := s.readRow()
		if err == io.EOF {
			s.done = true
			break
		}
		if err != nil {
			return 0, nil, err
		}
		s.row, s.nums = row, nums
		for i := range s.merges {
			m := &s.merges[i]
			if row < m.top || row > m.bottom {
				continue
			}
			if row == m.top && m.left-1 < len(cells) {
				m.value = cells[m.left-1]
			}
			for len(cells) < m.right {
				cells = append(cells, "")
			}
			for c := m.left; c <= m.right; c++ {
				cells[c-1] = m.value
			}
		}
		return row, cells, nil
	}
	// Rows of merged ranges below the last row element have no element.
	return 0, nil, io.EOF
}

// readRow reads the next row element.
func (s *xlsxSource) readRow() (int, []string, []bool, error) {
	var (
		row            int
		cells          []string
		nums           []bool
		in             bool
		col            int
		typ            string
		val, inline    string
		hasVal, inText bool
	)
	for {
		text, el, err := s.element(s.br)
		if err != nil {
			return 0, nil, nil, err
		}
		switch {
		case el == nil:
		case isTag(el, "<row"):
			in, row, col = true, row+1, 0
			if r := attr(el, "r"); r != "" {
				if n, err := strconv.Atoi(r); err == nil {
					row = n
				}
			} else {
				row = s.row + 1
			}
			cells, nums = cells[:0], nums[:0]
			if bytes.HasSuffix(el, []byte("/>")) {
				return row, cells, nums, nil
			}
		case bytes.HasPrefix(el, []byte("</row")):
			return row, cells, nums, nil
		case !in:
			if bytes.HasPrefix(el, []byte("</sheetData")) {
				return 0, nil, nil, io.EOF
			}
		case isTag(el, "<c"):
			col++
			if r := attr(el, "r"); r != "" {
				if c, _, err := excelize.CellNameToCoordinates(r); err == nil {
					col = c
				}
			}
			typ, val, inline, hasVal = attr(el, "t"), "", "", false
			if bytes.HasSuffix(el, []byte("/>")) {
				typ = "empty"
			}
		case bytes.HasPrefix(el, []byte("</v")):
			val, hasVal = unescape(text), true
		case isTag(el, "<t"):
			inText = !bytes.HasSuffix(el, []byte("/>"))
		case bytes.HasPrefix(el, []byte("</t")):
			if inText {
				inline += unescape(text)
			}
			inText = false
		}
		if in && el != nil && (isTag(el, "</c") || (typ == "empty" && isTag(el, "<c"))) {
			v, num := val, false
			switch typ {
			case "s":
				if n, err := strconv.Atoi(strings.TrimSpace(val)); err == nil && n >= 0 && n < len(s.sst) {
					v = s.sst[n]
				}
			case "inlineStr":
				v = inline
			case "str", "e":
			case "b":
				if val == "1" {
					v = "TRUE"
				} else if val == "0" {
					v = "FALSE"
				}
			case "empty":
				v = ""
			default: // "n" or none: a number
				num = hasVal
			}
			for len(cells) < col {
				cells = append(cells, "")
				nums = append(nums, false)
			}
			cells[col-1], nums[col-1] = v, num
			typ = ""
		}
	}
}

func (s *xlsxSource) total() int    { return s.count }
func (s *xlsxSource) sheet() string { return s.name }
func (s *xlsxSource) close() error  { return s.rc.Close() }

func (s *xlsxSource) numeric(row, col int) bool {
	return row == s.row && col-1 < len(s.nums) && s.nums[col-1]
}

// readSharedStrings reads the workbook's table of shared strings (the text
// of rich-text runs joined, phonetic runs left out).
func readSharedStrings(f *zip.File) ([]string, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	br := bufio.NewReaderSize(rc, 64<<10)
	var s xlsxSource
	var out []string
	var cur strings.Builder
	inT, inPh := false, false
	for {
		text, el, err := s.element(br)
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("reading shared strings: %w", err)
		}
		switch {
		case el == nil:
		case isTag(el, "<si"):
			cur.Reset()
			if bytes.HasSuffix(el, []byte("/>")) {
				out = append(out, "")
			}
		case bytes.HasPrefix(el, []byte("</si")):
			out = append(out, cur.String())
		case isTag(el, "<rPh"):
			inPh = true
		case bytes.HasPrefix(el, []byte("</rPh")):
			inPh = false
		case isTag(el, "<t"):
			inT = !bytes.HasSuffix(el, []byte("/>"))
		case bytes.HasPrefix(el, []byte("</t")):
			if inT && !inPh {
				cur.WriteString(unescape(text))
			}
			inT = false
		}
	}
}

// scanSheet scans a sheet's XML for merged ranges and counts its rows.
func scanSheet(f *zip.File) ([]merge, int, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, 0, err
	}
	defer rc.Close()
	br := bufio.NewReaderSize(rc, 64<<10)
	var s xlsxSource
	var merges []merge
	rows := 0
	for {
		_, el, err := s.element(br)
		if errors.Is(err, io.EOF) {
			return merges, rows, nil
		}
		if err != nil {
			return nil, 0, fmt.Errorf("reading sheet: %w", err)
		}
		switch {
		case isTag(el, "<row"):
			rows++
		case isTag(el, "<mergeCell"):
			if m, ok := parseMergeRef(attr(el, "ref")); ok {
				merges = append(merges, m)
			}
		}
	}
}
