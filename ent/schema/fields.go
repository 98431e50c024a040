// Package schema holds the ent schemas of the hub's domain graph: one type
// per entity, with its fields, edges, indexes, GraphQL annotations and
// privacy policy. Write rules that span fields or rows are schema hooks
// (hooks.go).
package schema

import (
	"time"

	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/ident"
)

// checkResidentID validates a resident ID number against today's date.
func checkResidentID(s string) error { return ident.CheckResidentID(s, time.Now()) }

// maxStarLevels bounds the star levels a division may define.
const maxStarLevels = 10

// checkStarHours validates a division's volunteer star thresholds: 1 to 10
// positive hour counts, strictly increasing.
func checkStarHours(hours []int) error {
	if len(hours) == 0 || len(hours) > maxStarLevels {
		return fault.BadInput("", fault.T(
			"give 1 to %d star thresholds in hours, or clear the field for the defaults",
			"请给出1至%d个星级时长门槛（小时），或清除该字段以使用默认值", maxStarLevels))
	}
	for i, h := range hours {
		if h <= 0 {
			return fault.BadInput("", fault.T("star thresholds must be positive hours, got %d", "星级时长门槛须为正数小时，实际为%d", h))
		}
		if i > 0 && h <= hours[i-1] {
			return fault.BadInput("", fault.T(
				"star thresholds must be strictly increasing: %d follows %d",
				"星级时长门槛须严格递增：%d排在%d之后", h, hours[i-1]))
		}
	}
	return nil
}
