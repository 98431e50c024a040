// Package schema holds the ent schemas of the hub's domain graph: one type
// per entity, with its fields, edges, indexes, GraphQL annotations and
// privacy policy. Write rules that span fields or rows are schema hooks
// (hooks.go).
package schema

import (
	"time"

	"github.com/wushehub/wushe/internal/ident"
)

// checkResidentID validates a resident ID number against today's date.
func checkResidentID(s string) error { return ident.CheckResidentID(s, time.Now()) }
