package importer

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/wushehub/wushe/internal/fault"
)

// WriteAnnotated writes an XLSX copy of the imported file (read again from
// r, in format f) with an added column naming each refused row's problems,
// and the bad cells filled red. Rows the report does not mention (headers)
// are copied as they are.
func WriteAnnotated(w io.Writer, r io.Reader, f Format, rep *Report, lang fault.Lang) error {
	src, err := open(r, f)
	if err != nil {
		return err
	}
	defer src.close()
	out := excelize.NewFile()
	defer out.Close()
	name := rep.Sheet
	if name == "" {
		name = "导入结果"
	}
	if err := out.SetSheetName("Sheet1", name); err != nil {
		return err
	}
	sw, err := out.NewStreamWriter(name)
	if err != nil {
		return err
	}
	bad, err := out.NewStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFC7CE"}}, Font: &excelize.Font{Color: "9C0006"}})
	if err != nil {
		return err
	}
	note, err := out.NewStyle(&excelize.Style{Font: &excelize.Font{Color: "9C0006"}, Alignment: &excelize.Alignment{WrapText: true}})
	if err != nil {
		return err
	}
	head, err := out.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	width := rep.Width
	header := true
	for {
		row, cells, err := src.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		res, ok := rep.Result(row)
		if ok {
			header = false
		}
		vals := make([]any, max(len(cells), width)+1)
		for i, c := range cells {
			vals[i] = excelize.Cell{Value: c}
		}
		last := len(vals) - 1
		switch {
		case ok && res.Outcome == Refused:
			letters := map[string]bool{}
			var msgs []string
			for _, p := range res.Problems {
				where := ""
				if p.Column != "" {
					letters[p.Letter] = true
					where = fmt.Sprintf("%s列（%s）：", p.Letter, p.Column)
					if lang != fault.Chinese {
						where = fmt.Sprintf("column %s (%s): ", p.Letter, p.Column)
					}
				}
				msgs = append(msgs, where+p.Text.In(lang)+" ["+string(p.Code)+"]")
			}
			for i := range cells {
				col, _ := excelize.ColumnNumberToName(i + 1)
				if letters[col] {
					vals[i] = excelize.Cell{Value: cells[i], StyleID: bad}
				}
			}
			vals[last] = excelize.Cell{Value: strings.Join(msgs, "\n"), StyleID: note}
		case header && row <= 2:
			label := "导入结果"
			if lang != fault.Chinese {
				label = "Import result"
			}
			vals[last] = excelize.Cell{Value: label, StyleID: head}
		default:
			if ok {
				vals[last] = excelize.Cell{Value: outcomeName(res.Outcome, lang)}
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, row)
		if err := sw.SetRow(cell, vals); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return out.Write(w)
}

// outcomeName names an outcome in lang.
func outcomeName(o Outcome, lang fault.Lang) string {
	if lang != fault.Chinese {
		return strings.ToLower(string(o))
	}
	switch o {
	case Created:
		return "新增"
	case Updated:
		return "更新"
	case Unchanged:
		return "未变"
	case Refused:
		return "拒绝"
	}
	return string(o)
}
