//go:build !entbootstrap

package schema

import (
	"context"
	"fmt"

	"entgo.io/ent"

	gen "github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/ent/hook"
	"github.com/wushehub/wushe/ent/servicerecord"
	"github.com/wushehub/wushe/internal/fault"
)

// frozen are the statuses of a service record that never changes again: a
// CONFIRMED record counts towards hours, stars and points, a VOID one never
// will. Corrections are a reversal record and a replacement, never an edit.
var frozen = []servicerecord.Status{servicerecord.StatusCONFIRMED, servicerecord.StatusVOID}

// Hooks of a ServiceRecord: a CONFIRMED or VOID record is neither changed
// nor deleted, whoever writes and by whichever path (GraphQL, import, CLI,
// internal services); the reversal link is written only by creating the
// reversal (its reverses field), never from the reversed record's side.
func (ServiceRecord) Hooks() []ent.Hook {
	return []ent.Hook{hook.On(func(next ent.Mutator) ent.Mutator {
		return hook.ServiceRecordFunc(func(ctx context.Context, m *gen.ServiceRecordMutation) (ent.Value, error) {
			if err := checkServiceRecord(ctx, m); err != nil {
				return nil, err
			}
			return next.Mutate(ctx, m)
		})
	}, ent.OpCreate|ent.OpUpdate|ent.OpUpdateOne|ent.OpDelete|ent.OpDeleteOne)}
}

func checkServiceRecord(ctx context.Context, m *gen.ServiceRecordMutation) error {
	if m.ReversalCleared() || len(m.ReversalIDs()) > 0 {
		return fault.Conflicting("reversal", fault.T(
			"a record's reversal is linked only by creating the reversal",
			"冲正记录只能在新建冲正记录时关联"))
	}
	if m.Op().Is(ent.OpCreate) {
		return nil
	}
	ictx := internal(ctx)
	q := m.Client().ServiceRecord.Query().Where(servicerecord.StatusIn(frozen...))
	if m.Op().Is(ent.OpUpdateOne | ent.OpDeleteOne) {
		id, ok := m.ID()
		if !ok {
			return nil
		}
		q.Where(servicerecord.ID(id))
	} else {
		// A bulk update or delete: the rows its predicates select.
		ids, err := m.IDs(ictx)
		if err != nil {
			return fmt.Errorf("rule check: listing service records to change: %w", err)
		}
		if len(ids) == 0 {
			return nil
		}
		q.Where(servicerecord.IDIn(ids...))
	}
	r, err := q.Order(gen.Asc(servicerecord.FieldID)).First(ictx)
	if gen.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("rule check: loading service records: %w", err)
	}
	if m.Op().Is(ent.OpDelete | ent.OpDeleteOne) {
		return fault.Conflicting("id", fault.T(
			"a %[1]s service record is never deleted: correct it by a reversal (and a replacement)",
			"%[2]s的服务记录不能删除：请冲正（并重新登记）", r.Status, statusZh(r.Status)))
	}
	return fault.Conflicting("id", fault.T(
		"a %[1]s service record never changes: correct it by a reversal (and a replacement)",
		"%[2]s的服务记录不能修改：请冲正（并重新登记）", r.Status, statusZh(r.Status)))
}

func statusZh(s servicerecord.Status) string {
	if s == servicerecord.StatusVOID {
		return "已作废"
	}
	return "已确认"
}

// volunteerRecordsStay refuses a volunteer mutation that adds, removes or
// clears service records through the volunteer's side of the edge: that
// would move a record to another volunteer (or leave it without one),
// while a record's volunteer is fixed when it is created.
func volunteerRecordsStay() ent.Hook {
	return hook.On(func(next ent.Mutator) ent.Mutator {
		return hook.VolunteerFunc(func(ctx context.Context, m *gen.VolunteerMutation) (ent.Value, error) {
			if m.ServiceRecordsCleared() || len(m.ServiceRecordsIDs()) > 0 || len(m.RemovedServiceRecordsIDs()) > 0 {
				return nil, fault.Conflicting("serviceRecords", fault.T(
					"a service record's volunteer never changes: record the service anew for the right volunteer and reverse the wrong record",
					"服务记录的志愿者不能更改：请为正确的志愿者重新登记，并冲正错误的记录"))
			}
			return next.Mutate(ctx, m)
		})
	}, ent.OpCreate|ent.OpUpdate|ent.OpUpdateOne)
}
