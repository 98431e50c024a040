package importer

import (
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/ent/migrate"
	"github.com/wushehub/wushe/ent/schema/enum"
)

// Values are compared in a canonical string form: what a cell parses to
// and what a stored field formats to must be equal exactly when the cell
// would change nothing.

// itemSep joins list items in canonical values.
const itemSep = "\x1f"

// structFields caches, per entity struct type, the index of each field by
// its schema name (the json tag ent writes).
var structFields sync.Map // reflect.Type → map[string]int

func fieldIndex(t reflect.Type) map[string]int {
	if m, ok := structFields.Load(t); ok {
		return m.(map[string]int)
	}
	m := map[string]int{}
	for i := 0; i < t.NumField(); i++ {
		tag := t.Field(i).Tag.Get("json")
		name, _, _ := strings.Cut(tag, ",")
		if name != "" && name != "-" {
			m[name] = i
		}
	}
	structFields.Store(t, m)
	return m
}

// fieldOf returns the value of field of row (a pointer to an entity struct).
func fieldOf(row any, field string) (reflect.Value, bool) {
	rv := reflect.ValueOf(row)
	if rv.Kind() == reflect.Pointer {
		rv = rv.Elem()
	}
	if field == "id" {
		return rv.FieldByName("ID"), true
	}
	i, ok := fieldIndex(rv.Type())[field]
	if !ok {
		return reflect.Value{}, false
	}
	return rv.Field(i), true
}

// idOf returns the id of an entity.
func idOf(row any) int {
	v, _ := fieldOf(row, "id")
	return int(v.Int())
}

// canonical formats a stored field value.
func canonical(k Kind, v reflect.Value) string {
	for v.IsValid() && (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) {
		if v.IsNil() {
			return ""
		}
		v = v.Elem()
	}
	if !v.IsValid() {
		return ""
	}
	if t, ok := v.Interface().(time.Time); ok {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format(dateLayout)
	}
	switch v.Kind() {
	case reflect.String:
		return v.String()
	case reflect.Int, reflect.Int64, reflect.Int32:
		return strconv.FormatInt(v.Int(), 10)
	case reflect.Float64, reflect.Float32:
		return strconv.FormatFloat(v.Float(), 'f', -1, 64)
	case reflect.Bool:
		return strconv.FormatBool(v.Bool())
	case reflect.Slice:
		parts := make([]string, v.Len())
		for i := range parts {
			parts[i] = canonical(k, v.Index(i))
		}
		return strings.Join(parts, itemSep)
	}
	return fmt.Sprint(v.Interface())
}

// goValue converts a canonical value to what Mutation.SetField takes.
func goValue(s *Spec, c *Column, v string) (ent.Value, error) {
	switch c.Kind {
	case Text, Code, IDNumber:
		return v, nil
	case Enum:
		return ent.EnumValue(s.Name, c.Field, v)
	case Integer, Ref:
		n, err := strconv.Atoi(v)
		return n, err
	case Money:
		return strconv.ParseInt(v, 10, 64)
	case Decimal:
		return strconv.ParseFloat(v, 64)
	case Date:
		return time.Parse(dateLayout, v)
	case Bool:
		return strconv.ParseBool(v)
	case List:
		return strings.Split(v, itemSep), nil
	case EnumList:
		parts := strings.Split(v, itemSep)
		out := make([]enum.ServiceCategory, len(parts))
		for i, p := range parts {
			out[i] = enum.ServiceCategory(p)
		}
		return out, nil
	}
	return nil, fmt.Errorf("importer: column %s has no field value", c.Key)
}

// joinIDs is the canonical form of a set of ids.
func joinIDs(ids []int) string {
	s := append([]int(nil), ids...)
	sort.Ints(s)
	parts := make([]string, len(s))
	for i, id := range s {
		parts[i] = strconv.Itoa(id)
	}
	return strings.Join(parts, ",")
}

// nullable tells, by "Entity.field", whether a field may be cleared.
var nullable = func() map[string]bool {
	byTable := map[string]string{}
	for _, s := range specs {
		byTable[tableOf(s.Name)] = s.Name
	}
	out := map[string]bool{}
	for _, t := range migrate.Tables {
		name, ok := byTable[t.Name]
		if !ok {
			continue
		}
		for _, c := range t.Columns {
			if c.Nullable {
				out[name+"."+c.Name] = true
			}
		}
	}
	return out
}()
