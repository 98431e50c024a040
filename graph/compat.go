package graph

import (
	"fmt"
	"sort"

	"github.com/vektah/gqlparser/v2/ast"
)

// Change is a change between two versions of the schema that can break a
// client written against the older one.
type Change struct {
	Path   string // e.g. "Community.households" or "Query.communities(where)"
	Reason string
}

func (c Change) String() string { return c.Path + ": " + c.Reason }

// BreakingChanges lists what a client of old may find broken in new:
// removed types, fields, arguments and enum values, changed types, new
// required arguments and input fields, output fields that became nullable.
// Additions are not breaking.
func BreakingChanges(old, new *ast.Schema) []Change {
	var out []Change
	add := func(path, format string, args ...any) {
		out = append(out, Change{Path: path, Reason: fmt.Sprintf(format, args...)})
	}
	for name, ot := range old.Types {
		if ot.BuiltIn {
			continue
		}
		nt, ok := new.Types[name]
		if !ok {
			add(name, "type removed")
			continue
		}
		if ot.Kind != nt.Kind {
			add(name, "kind changed from %s to %s", ot.Kind, nt.Kind)
			continue
		}
		switch ot.Kind {
		case ast.Object, ast.Interface:
			for _, of := range ot.Fields {
				nf := nt.Fields.ForName(of.Name)
				path := name + "." + of.Name
				if nf == nil {
					add(path, "field removed")
					continue
				}
				if !outputCompatible(of.Type, nf.Type) {
					add(path, "type changed from %s to %s", of.Type, nf.Type)
				}
				for _, oa := range of.Arguments {
					na := nf.Arguments.ForName(oa.Name)
					apath := path + "(" + oa.Name + ")"
					if na == nil {
						add(apath, "argument removed")
					} else if !inputCompatible(oa.Type, na.Type) {
						add(apath, "argument type changed from %s to %s", oa.Type, na.Type)
					}
				}
				for _, na := range nf.Arguments {
					if of.Arguments.ForName(na.Name) == nil && na.Type.NonNull && na.DefaultValue == nil {
						add(path+"("+na.Name+")", "new required argument")
					}
				}
			}
			for _, i := range ot.Interfaces {
				if !contains(nt.Interfaces, i) {
					add(name, "no longer implements %s", i)
				}
			}
		case ast.InputObject:
			for _, of := range ot.Fields {
				nf := nt.Fields.ForName(of.Name)
				path := name + "." + of.Name
				if nf == nil {
					add(path, "input field removed")
				} else if !inputCompatible(of.Type, nf.Type) {
					add(path, "input field type changed from %s to %s", of.Type, nf.Type)
				}
			}
			for _, nf := range nt.Fields {
				if ot.Fields.ForName(nf.Name) == nil && nf.Type.NonNull && nf.DefaultValue == nil {
					add(name+"."+nf.Name, "new required input field")
				}
			}
		case ast.Enum:
			for _, v := range ot.EnumValues {
				if nt.EnumValues.ForName(v.Name) == nil {
					add(name+"."+v.Name, "enum value removed")
				}
			}
		case ast.Union:
			for _, m := range ot.Types {
				if !contains(nt.Types, m) {
					add(name, "union member %s removed", m)
				}
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out
}

// outputCompatible: a client reading old still reads new when the named
// type is the same and nothing it relied on being non-null became nullable.
func outputCompatible(old, new *ast.Type) bool {
	if old.NonNull && !new.NonNull {
		return false
	}
	if (old.Elem == nil) != (new.Elem == nil) {
		return false
	}
	if old.Elem != nil {
		return outputCompatible(old.Elem, new.Elem)
	}
	return old.NamedType == new.NamedType
}

// inputCompatible: what a client sent for old is still valid for new when
// the named type is the same and nothing optional became required.
func inputCompatible(old, new *ast.Type) bool {
	if !old.NonNull && new.NonNull {
		return false
	}
	if (old.Elem == nil) != (new.Elem == nil) {
		return false
	}
	if old.Elem != nil {
		return inputCompatible(old.Elem, new.Elem)
	}
	return old.NamedType == new.NamedType
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
