package importer

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	entsql "entgo.io/ent/dialect/sql"
	"entgo.io/ent/privacy"
	"github.com/xuri/excelize/v2"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/ent/auditentry"
	"github.com/wushehub/wushe/internal/audit"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/scalar"
)

// ExportOptions narrow and shape an export.
type ExportOptions struct {
	Format Format
	// CodePrefix keeps the records of the communities, divisions or
	// universities whose code starts with it (e.g. a street's 9 digits).
	CodePrefix string
	// Where is the entity's where input as the GraphQL API takes it, in
	// JSON ({"kindIn": ["PARTY_MEMBER"]}); filters across edges
	// (has…With) are not offered.
	Where json.RawMessage
}

// Exporter writes what a viewer may read in the templates' layout.
type Exporter struct {
	Client  *ent.Client
	Dialect string
}

// pageSize is how many records an export reads at a time.
const pageSize = 1000

// Export writes the records of spec's entity that the viewer of ctx may
// read, in the template's layout, to w. A field the viewer may not read is
// written as Hidden; reads of CONDITIONAL and NONE fields are appended to
// the audit log before the rows that show them are written. It returns the
// number of records written. Errors: BAD_USER_INPUT for a filter that does
// not apply.
func (ex *Exporter) Export(ctx context.Context, spec *Spec, w io.Writer, opt ExportOptions) (int, error) {
	viewer := authz.FromContext(ctx)
	if viewer.IsSystem() {
		return 0, ErrSystemViewer
	}
	preds, err := ex.filters(spec, opt)
	if err != nil {
		return 0, err
	}
	ctx = authz.WithRequest(ctx, ex.Client)
	if err := authz.CheckPurpose(ctx); err != nil {
		return 0, err
	}
	ctx, collector := audit.WithCollector(ctx)
	out, err := newSheetWriter(w, spec, opt.Format)
	if err != nil {
		return 0, err
	}
	e := &export{ex: ex, spec: spec, display: map[string]string{}}
	n := 0
	after := 0
	for {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		var rows [][]string
		var last int
		var more bool
		if spec.Link != nil {
			rows, last, more, err = e.linkPage(ctx, after, preds)
		} else {
			rows, last, more, err = e.page(ctx, after, preds)
		}
		if err != nil {
			return n, err
		}
		// The reads are durable before the values leave.
		if err := ex.appendEntries(ctx, collector.Take()); err != nil {
			return n, err
		}
		for _, r := range rows {
			if err := out.row(r); err != nil {
				return n, err
			}
		}
		n += len(rows)
		if !more {
			break
		}
		after = last
	}
	summary := audit.Entry{
		At: time.Now(), Subject: viewer.Subject, Agency: viewer.Agency, Role: string(viewer.Role), Purpose: viewer.Purpose,
		Operation: "export " + spec.Slug, Action: auditentry.ActionEXPORT, Entity: spec.Name,
		Fields: []string{"rows=" + strconv.Itoa(n), "format=" + string(opt.Format), "prefix=" + opt.CodePrefix, "where=" + string(opt.Where)},
	}
	if err := ex.appendEntries(ctx, []audit.Entry{summary}); err != nil {
		return n, err
	}
	return n, out.close()
}

func (ex *Exporter) appendEntries(ctx context.Context, entries []audit.Entry) error {
	if len(entries) == 0 {
		return nil
	}
	tx, err := ex.Client.Tx(ctx)
	if err != nil {
		return fmt.Errorf("export: audit: %w", err)
	}
	if err := audit.Append(ctx, tx.Client(), ex.Dialect, entries...); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

// filters builds the export's predicates.
func (ex *Exporter) filters(spec *Spec, opt ExportOptions) ([]func(*entsql.Selector), error) {
	var ps []func(*entsql.Selector)
	if p := strings.TrimSpace(opt.CodePrefix); p != "" {
		sp, err := scopeBy(spec, fold(p))
		if err != nil {
			return nil, err
		}
		ps = append(ps, sp)
	}
	if len(bytes.TrimSpace(opt.Where)) > 0 && spec.Link == nil {
		var probe any
		if err := json.Unmarshal(opt.Where, &probe); err != nil {
			return nil, fault.BadInput("where", fault.T("is not JSON: %v", "不是JSON：%v", err))
		}
		if k := acrossEdge(probe); k != "" {
			return nil, fault.BadInput("where", fault.T("filters across edges (%s) are not offered in exports", "导出不支持跨关联的过滤条件（%s）", k))
		}
		p, err := ent.WherePredicate(spec.Name, opt.Where)
		if err != nil {
			return nil, fault.BadInput("where", fault.T("does not fit %s: %v", "与%s不符：%v", spec.Name, err))
		}
		if p != nil {
			ps = append(ps, p)
		}
	}
	return ps, nil
}

// acrossEdge returns a has…With key anywhere in a where input.
func acrossEdge(v any) string {
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			if strings.HasPrefix(k, "has") {
				return k
			}
			if s := acrossEdge(x); s != "" {
				return s
			}
		}
	case []any:
		for _, x := range t {
			if s := acrossEdge(x); s != "" {
				return s
			}
		}
	}
	return ""
}

// scopeBy returns the predicate keeping spec's records under a code prefix.
func scopeBy(spec *Spec, prefix string) (func(*entsql.Selector), error) {
	if c := spec.Column("code"); c != nil && c.Field == "code" {
		return entsql.FieldHasPrefix("code", prefix), nil
	}
	for _, target := range []string{"Community", "Division", "University"} {
		for i := range spec.Columns {
			c := &spec.Columns[i]
			if c.Kind == Ref && c.Field != "" && c.Ref.Entity == target && len(c.Ref.Within) == 0 {
				return inCodes(c.Field, tableOf(target), prefix), nil
			}
		}
	}
	// A reference narrowed by a community: its records' community.
	for i := range spec.Columns {
		c := &spec.Columns[i]
		if c.Kind != Ref || c.Field == "" {
			continue
		}
		for _, w := range c.Ref.Within {
			if wc := spec.Column(w.Column); wc != nil && wc.Ref != nil && wc.Ref.Entity == "Community" {
				field, table, inner := c.Field, tableOf(c.Ref.Entity), w.Field
				return func(s *entsql.Selector) {
					t := entsql.Table(table)
					sub := entsql.Select(t.C("id")).From(t)
					inCodes(inner, "communities", prefix)(sub)
					s.Where(entsql.In(s.C(field), sub))
				}, nil
			}
		}
	}
	return nil, fault.BadInput("codePrefix", fault.T("%s records are not filtered by a code", "%s不能按代码过滤", spec.Zh))
}

// inCodes keeps rows whose field names a row of table with a code under prefix.
func inCodes(field, table, prefix string) func(*entsql.Selector) {
	return func(s *entsql.Selector) {
		t := entsql.Table(table)
		sub := entsql.Select(t.C("id")).From(t).Where(entsql.HasPrefix(t.C("code"), prefix))
		s.Where(entsql.In(s.C(field), sub))
	}
}

// export is the state of one export.
type export struct {
	ex      *Exporter
	spec    *Spec
	display map[string]string // "Entity#id/field" → shown text, for references
}

// page renders the records after id after.
func (e *export) page(ctx context.Context, after int, preds []func(*entsql.Selector)) ([][]string, int, bool, error) {
	rows, err := e.ex.Client.QueryRows(ctx, e.spec.Name, after, pageSize, preds...)
	if err != nil {
		return nil, 0, false, err
	}
	if len(rows) == 0 {
		return nil, 0, false, nil
	}
	ids := make([]int, len(rows))
	for i, r := range rows {
		ids[i] = idOf(r)
	}
	// Linked records, as the viewer sees them and as they are.
	edges := map[string]map[int][]int{}
	all := map[string]map[int][]int{}
	for i := range e.spec.Columns {
		c := &e.spec.Columns[i]
		if c.Kind != RefList {
			continue
		}
		got, err := e.ex.Client.EdgeIDs(ctx, e.spec.Name, c.Ref.Edge, ids...)
		if err != nil {
			return nil, 0, false, err
		}
		full, err := e.ex.Client.EdgeIDs(privacy.DecisionContext(ctx, privacy.Allow), e.spec.Name, c.Ref.Edge, ids...)
		if err != nil {
			return nil, 0, false, err
		}
		edges[c.Key], all[c.Key] = got, full
	}
	out := make([][]string, len(rows))
	for i, row := range rows {
		cells := make([]string, len(e.spec.Columns))
		refIDs := map[string]int{}
		for j := range e.spec.Columns {
			c := &e.spec.Columns[j]
			switch {
			case c.Kind == RefList:
				vis, full := edges[c.Key][ids[i]], all[c.Key][ids[i]]
				if len(vis) != len(full) {
					cells[j] = Hidden
					continue
				}
				var names []string
				for _, id := range vis {
					s, err := e.refText(ctx, c.Ref, id)
					if err != nil {
						return nil, 0, false, err
					}
					names = append(names, s)
				}
				cells[j] = strings.Join(names, listSep)
			case c.Field != "":
				s, err := e.fieldText(ctx, e.spec.Name, row, c)
				if err != nil {
					return nil, 0, false, err
				}
				cells[j] = s
				if c.Kind == Ref {
					if v, ok := fieldOf(row, c.Field); ok {
						if id, err := strconv.Atoi(canonical(Ref, v)); err == nil {
							refIDs[c.Key] = id
						}
					}
				}
			}
		}
		// Columns that only narrow a reference come from the referenced record.
		for j := range e.spec.Columns {
			c := &e.spec.Columns[j]
			if c.Kind != Ref || c.Field == "" {
				continue
			}
			id, ok := refIDs[c.Key]
			if !ok {
				continue
			}
			for _, wn := range c.Ref.Within {
				k := e.spec.indexOf(wn.Column)
				if k < 0 || e.spec.Columns[k].Field != "" {
					continue
				}
				s, err := e.withinText(ctx, c.Ref.Entity, id, wn.Field, e.spec.Columns[k].Ref)
				if err != nil {
					return nil, 0, false, err
				}
				cells[k] = s
			}
		}
		out[i] = cells
	}
	return out, ids[len(ids)-1], len(rows) == pageSize, nil
}

func (s *Spec) indexOf(key string) int {
	for i := range s.Columns {
		if s.Columns[i].Key == key {
			return i
		}
	}
	return -1
}

// fieldText renders field c of row, or Hidden when the viewer may not
// read it (and records the read when it may and the field is protected).
func (e *export) fieldText(ctx context.Context, entity string, row any, c *Column) (string, error) {
	class := ent.FieldSharing[entity][fault.APIName(c.Field)]
	if class != "" && class != "UNCONDITIONAL" {
		ok, agreement, err := readable(ctx, entity, fault.APIName(c.Field), class, row)
		if err != nil {
			return "", err
		}
		if !ok {
			return Hidden, nil
		}
		audit.Read(ctx, entity, idOf(row), fault.APIName(c.Field), agreement)
	}
	v, _ := fieldOf(row, c.Field)
	val := canonical(c.Kind, v)
	if c.Kind == Ref {
		if val == "" {
			return "", nil
		}
		id, _ := strconv.Atoi(val)
		return e.refText(ctx, c.Ref, id)
	}
	return e.spec.show(c, val), nil
}

// readable decides a protected field's access as graph/access.go does: the
// relation, else a sharing agreement in force. A refusal is no error.
func readable(ctx context.Context, entity, field, class string, row any) (bool, string, error) {
	ok, _, err := authz.FieldAccess(ctx, entity, class, row)
	if ok && err == nil {
		return true, "", nil
	}
	if err == nil && class == "CONDITIONAL" && authz.FromContext(ctx).Purpose != "" {
		if id, gerr := authz.GrantedField(ctx, entity, field, row); gerr == nil {
			return true, scalar.EncodeID(id), nil
		}
	}
	if fe, isFault := fault.As(err); err != nil && (!isFault || fe.Code != fault.Forbidden) {
		return false, "", err
	}
	return false, "", nil
}

// show renders a canonical value as the sheet shows it.
func (s *Spec) show(c *Column, val string) string {
	if val == "" {
		return ""
	}
	switch c.Kind {
	case Enum:
		if l := s.enumLabels(c)[val]; l != "" {
			return l
		}
	case EnumList:
		labels := s.enumLabels(c)
		parts := strings.Split(val, itemSep)
		for i, p := range parts {
			if l := labels[p]; l != "" {
				parts[i] = l
			}
		}
		return strings.Join(parts, listSep)
	case List:
		return strings.ReplaceAll(val, itemSep, listSep)
	case Money:
		n, _ := strconv.ParseInt(val, 10, 64)
		return formatMoney(n)
	case Bool:
		b, _ := strconv.ParseBool(val)
		return formatBool(b)
	}
	return val
}

// refText renders the natural key of a referenced record; Hidden when the
// viewer may not see it or its key.
func (e *export) refText(ctx context.Context, ref *Reference, id int) (string, error) {
	k := ref.Entity + "#" + strconv.Itoa(id) + "/" + ref.Match
	if s, ok := e.display[k]; ok {
		return s, nil
	}
	row, err := e.load(ctx, ref.Entity, id)
	if err != nil {
		return "", err
	}
	s := Hidden
	if row != nil {
		s, err = e.fieldText(ctx, ref.Entity, row, &Column{Field: ref.Match, Kind: ref.MatchKind})
		if err != nil {
			return "", err
		}
	}
	// Protected keys are read again (and audited) for every record.
	if class := ent.FieldSharing[ref.Entity][fault.APIName(ref.Match)]; class == "" || class == "UNCONDITIONAL" {
		e.display[k] = s
	}
	return s, nil
}

// withinText renders the column that narrows a reference: the natural key
// of the record field of the referenced record names.
func (e *export) withinText(ctx context.Context, entity string, id int, field string, ref *Reference) (string, error) {
	row, err := e.load(ctx, entity, id)
	if err != nil || row == nil {
		return Hidden, err
	}
	v, _ := fieldOf(row, field)
	val := canonical(Ref, v)
	if val == "" {
		return "", nil
	}
	target, _ := strconv.Atoi(val)
	return e.refText(ctx, ref, target)
}

// load reads one record as the viewer; nil when it may not see it.
func (e *export) load(ctx context.Context, entity string, id int) (any, error) {
	rows, err := e.ex.Client.QueryRows(ctx, entity, 0, 1, entsql.FieldEQ("id", id))
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	return rows[0], nil
}

// linkPage renders the links of the owners after id after (one row per link).
func (e *export) linkPage(ctx context.Context, after int, preds []func(*entsql.Selector)) ([][]string, int, bool, error) {
	lk := e.spec.Link
	owners, err := e.ex.Client.QueryRows(ctx, e.spec.Name, after, 100, preds...)
	if err != nil || len(owners) == 0 {
		return nil, 0, false, err
	}
	ids := make([]int, len(owners))
	for i, o := range owners {
		ids[i] = idOf(o)
	}
	links, err := e.ex.Client.EdgeIDs(ctx, e.spec.Name, lk.Edge, ids...)
	if err != nil {
		return nil, 0, false, err
	}
	oc, tc := e.spec.Column(lk.Owner), e.spec.Column(lk.Target)
	var out [][]string
	for _, o := range owners {
		oid := idOf(o)
		for _, tid := range links[oid] {
			cells := make([]string, len(e.spec.Columns))
			for side, c := range map[int]*Column{oid: oc, tid: tc} {
				k := e.spec.indexOf(c.Key)
				s, err := e.refText(ctx, c.Ref, side)
				if err != nil {
					return nil, 0, false, err
				}
				cells[k] = s
				for _, wn := range c.Ref.Within {
					wk := e.spec.indexOf(wn.Column)
					ws, err := e.withinText(ctx, c.Ref.Entity, side, wn.Field, e.spec.Columns[wk].Ref)
					if err != nil {
						return nil, 0, false, err
					}
					cells[wk] = ws
				}
			}
			out = append(out, cells)
		}
	}
	return out, ids[len(ids)-1], len(owners) == 100, nil
}

// sheetWriter streams rows in the template's layout.
type sheetWriter struct {
	spec *Spec
	w    io.Writer
	f    *excelize.File
	sw   *excelize.StreamWriter
	csv  *csv.Writer
	n    int
	num  map[int]bool // columns written as numbers in XLSX
}

func newSheetWriter(w io.Writer, spec *Spec, f Format) (*sheetWriter, error) {
	s := &sheetWriter{spec: spec, w: w, num: map[int]bool{}}
	zh, en := spec.headerRows()
	switch f {
	case CSV:
		if _, err := io.WriteString(w, "\xef\xbb\xbf"); err != nil { // BOM: Excel reads UTF-8
			return nil, err
		}
		s.csv = csv.NewWriter(w)
		if err := s.csv.Write(zh); err != nil {
			return nil, err
		}
		return s, s.csv.Write(en)
	case XLSX, "":
		s.f = excelize.NewFile()
		if err := s.f.SetSheetName("Sheet1", spec.Zh); err != nil {
			return nil, err
		}
		st, err := newHeaderStyles(s.f)
		if err != nil {
			return nil, err
		}
		sw, err := s.f.NewStreamWriter(spec.Zh)
		if err != nil {
			return nil, err
		}
		s.sw = sw
		h1 := make([]any, len(zh))
		h2 := make([]any, len(en))
		for i, c := range spec.Columns {
			style := st.optional
			if c.Required {
				style = st.required
			}
			h1[i] = excelize.Cell{Value: zh[i], StyleID: style}
			h2[i] = excelize.Cell{Value: en[i], StyleID: st.english}
			switch c.Kind {
			case Integer, Decimal, Money:
				s.num[i] = true
			}
			width := float64(max(len([]rune(c.Zh))*2+4, len(c.En)+2, 10))
			if err := sw.SetColWidth(i+1, i+1, min(width, 40)); err != nil {
				return nil, err
			}
		}
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 2, TopLeftCell: "A3", ActivePane: "bottomLeft"}); err != nil {
			return nil, err
		}
		if err := sw.SetRow("A1", h1); err != nil {
			return nil, err
		}
		if err := sw.SetRow("A2", h2); err != nil {
			return nil, err
		}
		s.n = 2
		return s, nil
	}
	return nil, fmt.Errorf("unknown format %q", f)
}

func (s *sheetWriter) row(cells []string) error {
	if s.csv != nil {
		return s.csv.Write(cells)
	}
	s.n++
	vals := make([]any, len(cells))
	for i, c := range cells {
		vals[i] = c
		if s.num[i] && c != "" && c != Hidden {
			if v, err := strconv.ParseFloat(c, 64); err == nil {
				vals[i] = v
			}
		}
	}
	cell, _ := excelize.CoordinatesToCellName(1, s.n)
	return s.sw.SetRow(cell, vals)
}

func (s *sheetWriter) close() error {
	if s.csv != nil {
		s.csv.Flush()
		return s.csv.Error()
	}
	if err := s.sw.Flush(); err != nil {
		return err
	}
	if err := s.f.Write(s.w); err != nil {
		return err
	}
	return s.f.Close()
}
