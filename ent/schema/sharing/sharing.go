// Package sharing holds the sharing-class annotations of the hub's ent
// schemas, after GB/T 38664 (政务信息资源共享): every field says who may read
// it, and an entity whose rows not every viewer may see says so.
package sharing

// Class is the sharing class of a field.
type Class string

// The sharing classes (共享类型).
const (
	// Unconditional fields (无条件共享) — names, codes, categories, counts —
	// are readable by whoever may read the row.
	Unconditional Class = "UNCONDITIONAL"
	// Conditional fields (有条件共享) — contacts, governance details — are
	// readable by the row's owner and the offices above it, and by the
	// grantee of a sharing agreement naming them, for its purpose.
	Conditional Class = "CONDITIONAL"
	// None fields (不予共享) — ID numbers, birth dates — are readable by the
	// row's owner only.
	None Class = "NONE"
)

// Field annotates a field with its sharing class.
type Field struct {
	Class Class
}

// Name implements schema.Annotation.
func (Field) Name() string { return "Sharing" }

// The field annotations, one per class.
var (
	U = Field{Class: Unconditional}
	C = Field{Class: Conditional}
	N = Field{Class: None}
)

// Rows annotates an entity whose rows are not visible to every viewer
// (persons, governance records): filters across edges to it are scoped to
// what the viewer may see, and orderings by its counts are not offered.
type Rows struct {
	Restricted bool
}

// Name implements schema.Annotation.
func (Rows) Name() string { return "SharingRows" }

// Restricted marks an entity's rows as restricted.
var Restricted = Rows{Restricted: true}
