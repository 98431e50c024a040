package importer

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// optionsSheet holds the drop-down lists; it is hidden.
const optionsSheet = "选项"

// kindName names a column's kind in the instructions.
func kindName(k Kind) (zh, en string) {
	switch k {
	case Text:
		return "文本", "text"
	case Code:
		return "代码（文本）", "code (text)"
	case IDNumber:
		return "身份号码（文本，18位）", "ID number (text, 18 characters)"
	case Integer:
		return "整数", "whole number"
	case Decimal:
		return "数字", "number"
	case Money:
		return "金额（元）", "amount (yuan)"
	case Date:
		return "日期", "date"
	case Bool:
		return "是/否", "yes/no (是/否)"
	case Enum:
		return "下拉选项", "one of the listed values"
	case List:
		return "多项文本（以“、”分隔）", "texts separated by 、"
	case EnumList:
		return "多个选项（以“、”分隔）", "values separated by 、"
	case Ref:
		return "引用已有记录", "reference to an existing record"
	case RefList:
		return "引用多条记录（以“、”分隔）", "references separated by 、"
	}
	return "", ""
}

// exampleCell is a column's example as the sheet shows it.
func (s *Spec) exampleCell(c *Column) string {
	if c.Example == "" {
		return ""
	}
	if c.Kind == Enum || c.Kind == EnumList {
		labels := s.enumLabels(c)
		var out []string
		for _, v := range splitList(c.Example) {
			out = append(out, labels[v])
		}
		return strings.Join(out, listSep)
	}
	return c.Example
}

// isExample reports whether cells are the template's example row.
func (s *Spec) isExample(l *layout, cells []string) bool {
	any := false
	for i, c := range l.cols {
		v := ""
		if i < len(cells) {
			v = trim(cells[i])
		}
		if c == nil {
			if v != "" {
				return false
			}
			continue
		}
		if v != s.exampleCell(c) {
			return false
		}
		any = any || v != ""
	}
	return any
}

// headerStyles are the styles of the two header rows.
type headerStyles struct{ required, optional, english int }

func newHeaderStyles(f *excelize.File) (headerStyles, error) {
	var h headerStyles
	var err error
	border := []excelize.Border{{Type: "bottom", Color: "999999", Style: 1}}
	h.required, err = f.NewStyle(&excelize.Style{
		Font:   &excelize.Font{Bold: true, Color: "9C0006"},
		Fill:   excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFC7CE"}},
		Border: border, Alignment: &excelize.Alignment{Horizontal: "center", WrapText: true},
	})
	if err != nil {
		return h, err
	}
	h.optional, err = f.NewStyle(&excelize.Style{
		Font:   &excelize.Font{Bold: true},
		Fill:   excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Border: border, Alignment: &excelize.Alignment{Horizontal: "center", WrapText: true},
	})
	if err != nil {
		return h, err
	}
	h.english, err = f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Italic: true, Color: "666666", Size: 9},
		Alignment: &excelize.Alignment{Horizontal: "center"},
	})
	return h, err
}

// headerRows returns the two header rows of a spec: Chinese with the
// required marker, and English.
func (s *Spec) headerRows() (zh, en []string) {
	for _, c := range s.Columns {
		h := c.Zh
		if c.Required {
			h = "*" + h
		}
		zh = append(zh, h)
		en = append(en, c.En)
	}
	return zh, en
}

// Template writes the XLSX template of spec: a data sheet with the Chinese
// header row (required columns marked * and filled red), the English
// header row, one example row and drop-down lists for every enum and yes/no
// column; an instructions sheet (说明); and the hidden lists.
func Template(w io.Writer, s *Spec) error {
	f := excelize.NewFile()
	defer f.Close()
	data := s.Zh
	if err := f.SetSheetName("Sheet1", data); err != nil {
		return err
	}
	st, err := newHeaderStyles(f)
	if err != nil {
		return err
	}
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49}) // "@": text
	if err != nil {
		return err
	}
	example, err := f.NewStyle(&excelize.Style{NumFmt: 49, Font: &excelize.Font{Italic: true, Color: "808080"}})
	if err != nil {
		return err
	}
	if _, err := f.NewSheet(InstructionsSheet); err != nil {
		return err
	}
	if _, err := f.NewSheet(optionsSheet); err != nil {
		return err
	}
	zh, en := s.headerRows()
	optCol := 0
	const lastRow = 10000
	for i := range s.Columns {
		c := &s.Columns[i]
		name, _ := excelize.ColumnNumberToName(i + 1)
		style := st.optional
		if c.Required {
			style = st.required
		}
		if err := f.SetCellStr(data, name+"1", zh[i]); err != nil {
			return err
		}
		if err := f.SetCellStyle(data, name+"1", name+"1", style); err != nil {
			return err
		}
		if err := f.SetCellStr(data, name+"2", en[i]); err != nil {
			return err
		}
		if err := f.SetCellStyle(data, name+"2", name+"2", st.english); err != nil {
			return err
		}
		if err := f.SetCellStr(data, name+"3", s.exampleCell(c)); err != nil {
			return err
		}
		if err := f.SetCellStyle(data, name+"3", name+"3", example); err != nil {
			return err
		}
		if err := f.SetColStyle(data, name, text); err != nil {
			return err
		}
		width := float64(max(len([]rune(c.Zh))*2+4, len(c.En)+2, 10))
		if err := f.SetColWidth(data, name, name, min(width, 40)); err != nil {
			return err
		}
		var options []string
		switch c.Kind {
		case Enum:
			for _, v := range s.enumValues(c) {
				options = append(options, s.enumLabels(c)[v])
			}
		case Bool:
			options = []string{"是", "否"}
		}
		if len(options) == 0 {
			continue
		}
		optCol++
		oc, _ := excelize.ColumnNumberToName(optCol)
		if err := f.SetCellStr(optionsSheet, oc+"1", c.Zh); err != nil {
			return err
		}
		for j, o := range options {
			if err := f.SetCellStr(optionsSheet, fmt.Sprintf("%s%d", oc, j+2), o); err != nil {
				return err
			}
		}
		dv := excelize.NewDataValidation(true)
		dv.SetSqref(fmt.Sprintf("%s3:%s%d", name, name, lastRow))
		dv.SetSqrefDropList(fmt.Sprintf("'%s'!$%s$2:$%s$%d", optionsSheet, oc, oc, len(options)+1))
		dv.SetError(excelize.DataValidationErrorStyleStop, "请从下拉列表中选择", "可选值见“说明”工作表")
		if err := f.AddDataValidation(data, dv); err != nil {
			return err
		}
	}
	if err := f.SetPanes(data, &excelize.Panes{Freeze: true, YSplit: 2, TopLeftCell: "A3", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	if err := s.instructions(f, st); err != nil {
		return err
	}
	if err := f.SetSheetVisible(optionsSheet, false); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	return f.Write(w)
}

// instructions fills the instructions sheet.
func (s *Spec) instructions(f *excelize.File, st headerStyles) error {
	sh := InstructionsSheet
	lines := [][]string{
		{s.Zh + "导入模板（" + s.Slug + "）"},
		{"1. 在“" + s.Zh + "”工作表第3行起逐行填写，每行一条记录；第1行为中文表头，第2行为英文表头，请勿修改表头。第3行为示例，导入时若原样保留会被忽略，可直接覆盖。"},
		{"2. 标“*”且红色底纹的列为必填。日期可写作2024-05-06、2024/5/6、2024.5.6或2024年5月6日。是/否列填“是”或“否”。"},
		{"3. 识别记录：" + s.KeyZh + "。已存在的记录被更新，不存在的被新增；未改变的记录不会写入。"},
		{"4. 引用其他记录时填写其代码（区划代码、社区代码、统一社会信用代码、高校代码、学号、身份号码），不填系统内部编号。"},
		{"5. 身份号码、学号、代码列已设为文本格式；从其他表格粘贴时请“仅粘贴值”，以免被Excel转成数字（如1.1E+17）。"},
		{"6. 导出文件中显示“" + Hidden + "”的单元格表示您无权查看该字段，导入时保持原值不变。"},
		{"Rows: " + s.KeyEn + ". Columns marked * are required. Dates as 2024-05-06; yes/no as 是/否. The example row (row 3) is ignored when left unchanged."},
		{},
		{"列", "中文列名", "English", "必填", "类型", "说明", "Notes", "可选值（中文名 = 英文值）"},
	}
	for i, line := range lines {
		for j, v := range line {
			name, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if err := f.SetCellStr(sh, name, v); err != nil {
				return err
			}
		}
	}
	head := len(lines)
	if err := f.SetCellStyle(sh, fmt.Sprintf("A%d", head), fmt.Sprintf("H%d", head), st.optional); err != nil {
		return err
	}
	for i := range s.Columns {
		c := &s.Columns[i]
		letter, _ := excelize.ColumnNumberToName(i + 1)
		req := ""
		if c.Required {
			req = "是"
		}
		kz, ke := kindName(c.Kind)
		var opts []string
		if c.Kind == Enum || c.Kind == EnumList {
			labels := s.enumLabels(c)
			for _, v := range s.enumValues(c) {
				opts = append(opts, labels[v]+" = "+v)
			}
		}
		row := []string{letter, c.Zh, c.En, req, kz + " / " + ke, c.NoteZh, c.NoteEn, strings.Join(opts, "；")}
		for j, v := range row {
			name, _ := excelize.CoordinatesToCellName(j+1, head+1+i)
			if err := f.SetCellStr(sh, name, v); err != nil {
				return err
			}
		}
	}
	for col, w := range map[string]float64{"A": 6, "B": 18, "C": 22, "D": 6, "E": 26, "F": 40, "G": 40, "H": 60} {
		if err := f.SetColWidth(sh, col, col, w); err != nil {
			return err
		}
	}
	return nil
}
