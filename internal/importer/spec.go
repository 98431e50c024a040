// Package importer moves records between the hub and spreadsheets: an XLSX
// template per entity, the import of XLSX and CSV files through ent as the
// importing viewer (so every privacy and write rule applies) with a
// row-by-row report, and the export of what a viewer may read in the same
// layout, so that an export can be edited and imported back.
//
// Rows refer to other records by natural keys (division code, community
// code, unified social credit code, university code and student number, a
// person's resident ID number), never by internal ids.
package importer

import (
	"fmt"
	"sort"
	"strings"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/ent/migrate"
)

// Kind is the kind of value a column holds.
type Kind int

// The kinds of column values.
const (
	Text     Kind = iota // text, trimmed
	Code                 // a code or identifier: text, full-width characters folded
	IDNumber             // resident ID number (公民身份号码): text, never a number
	Integer              // whole number
	Decimal              // number; a share may be written as a percentage
	Money                // amount in yuan with up to two decimals; stored in fen
	Date                 // date
	Bool                 // 是/否
	Enum                 // one of the field's values, by Chinese name or English value
	List                 // several texts separated by 、 (or ; ，)
	EnumList             // several enum values separated by 、
	Ref                  // natural key of another record
	RefList              // natural keys of other records separated by 、
)

// Column is one column of an entity's sheet.
type Column struct {
	Key      string // name of the column in the spec (the ent field, or the referenced thing)
	Zh, En   string // headers
	Field    string // ent field written from the column; "" when it only helps a reference
	Kind     Kind
	Required bool
	Ref      *Reference // for Ref and RefList
	Labels   string     // for EnumList: "Entity.field" whose enum names apply
	NoteZh   string     // what to write, for the instructions sheet
	NoteEn   string
	Example  string // the example row's value
	// ReadOnly columns are exported and shown in templates, but never
	// imported: the hub derives their values (a volunteer's hours come
	// from its confirmed service records).
	ReadOnly bool
}

// Reference says how a Ref or RefList column names other records.
type Reference struct {
	Entity    string   // type of the referenced records
	Match     string   // field of the referenced record the cell holds
	MatchKind Kind     // kind of that field (Code, Text or Integer)
	ByID      bool     // a cell that is a resident ID number matches id_number instead
	Within    []Within // further fields matched against other columns
	Edge      string   // for RefList: the edge of the entity linking the records
}

// Within narrows a reference: field of the referenced record equals the
// record named by column (another Ref column of the same row).
type Within struct {
	Field  string
	Column string
}

// Spec describes an entity's sheet.
type Spec struct {
	Name    string // ent type written (for a link sheet: the type owning the edge)
	Slug    string // name in URLs and on the command line
	Zh      string // Chinese name, the sheet's title
	Columns []Column
	Key     []string // columns of the natural key
	AltKey  []string // key used when a column of Key is empty or hidden
	KeyZh   string   // the key explained, for the instructions sheet
	KeyEn   string
	Link    *Link // set for sheets of links (training participants)
	// PerRow writes new records one by one: the entity's write rules count
	// its other records (the ACTIVE pairings of a community), which a
	// batch of creates would check before any of them is written.
	PerRow bool
}

// Link describes a sheet whose rows are links between two records: each row
// adds the record of column Target to edge Edge of the record of column Owner.
type Link struct {
	Owner, Edge, Target string
}

// Column returns the column named key.
func (s *Spec) Column(key string) *Column {
	for i := range s.Columns {
		if s.Columns[i].Key == key {
			return &s.Columns[i]
		}
	}
	return nil
}

// Lookup returns the spec of an entity by its slug or type name,
// case-insensitively.
func Lookup(name string) (*Spec, error) {
	n := strings.ToLower(strings.TrimSpace(name))
	for _, s := range specs {
		if s.Slug == n || strings.ToLower(s.Name) == n && s.Link == nil {
			return s, nil
		}
	}
	return nil, fmt.Errorf("no spreadsheet template for %q (one of %s)", name, strings.Join(Slugs(), ", "))
}

// Slugs lists the entities that have a template.
func Slugs() []string {
	out := make([]string, len(specs))
	for i, s := range specs {
		out[i] = s.Slug
	}
	return out
}

// Specs lists every spec, in template order.
func Specs() []*Spec { return specs }

// enumLabels returns the value → Chinese name map of an enum column.
func (s *Spec) enumLabels(c *Column) map[string]string {
	if c.Labels != "" {
		entity, field, _ := strings.Cut(c.Labels, ".")
		return ent.EnumLabels[entity][field]
	}
	return ent.EnumLabels[s.Name][c.Field]
}

// enumValues lists an enum column's values in the schema's order.
func (s *Spec) enumValues(c *Column) []string {
	labels := s.enumLabels(c)
	vals := make([]string, 0, len(labels))
	for v := range labels {
		vals = append(vals, v)
	}
	order := enumOrder[s.Name+"."+c.Field]
	if c.Labels != "" {
		order = enumOrder[c.Labels]
	}
	sort.Slice(vals, func(i, j int) bool {
		oi, oj := indexOf(order, vals[i]), indexOf(order, vals[j])
		if oi != oj {
			return oi < oj
		}
		return vals[i] < vals[j]
	})
	return vals
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return len(list)
}

// enumOrder gives each enum field's values in the schema's order, by
// "Entity.field", read from the migration schema.
var enumOrder = func() map[string][]string {
	byTable := map[string]string{}
	for name := range ent.EnumLabels {
		byTable[tableOf(name)] = name
	}
	out := map[string][]string{}
	for _, t := range migrate.Tables {
		name, ok := byTable[t.Name]
		if !ok {
			continue
		}
		for _, c := range t.Columns {
			if len(c.Enums) > 0 {
				out[name+"."+c.Name] = c.Enums
			}
		}
	}
	return out
}()

// tableOf returns ent's table name for an entity type name.
func tableOf(name string) string {
	var b strings.Builder
	for i, r := range name {
		if r >= 'A' && r <= 'Z' {
			if i > 0 && !(name[i-1] >= 'A' && name[i-1] <= 'Z') {
				b.WriteByte('_')
			}
			b.WriteRune(r + 'a' - 'A')
			continue
		}
		b.WriteRune(r)
	}
	s := b.String()
	switch {
	case strings.HasSuffix(s, "y") && !strings.HasSuffix(s, "ey"):
		return s[:len(s)-1] + "ies"
	case strings.HasSuffix(s, "s"), strings.HasSuffix(s, "ch"), strings.HasSuffix(s, "sh"), strings.HasSuffix(s, "x"):
		return s + "es"
	}
	return s + "s"
}
