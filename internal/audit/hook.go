package audit

import (
	"context"
	"fmt"
	"slices"

	"entgo.io/ent"

	gen "github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/ent/auditentry"
	"github.com/wushehub/wushe/internal/authz"
)

// Hook returns the ent hook that audits every mutation in the mutation's
// own transaction: when the entry cannot be written, the write fails too.
// The hub's own writes (seeding, migrations) are not audited row by row. A
// writer may collect the entries to append them itself, in the same
// transaction (WithDeferred): the importer in batches, a GraphQL mutation
// just before its commit.
func Hook(d string) ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			if m.Type() == "AuditEntry" || authz.FromContext(ctx).IsSystem() {
				return next.Mutate(ctx, m)
			}
			var ids []int
			if !m.Op().Is(ent.OpCreate) {
				if im, ok := m.(interface {
					IDs(context.Context) ([]int, error)
				}); ok {
					got, err := im.IDs(ctx)
					if err != nil {
						return nil, err
					}
					ids = got
				}
			}
			v, err := next.Mutate(ctx, m)
			if err != nil {
				return v, err
			}
			if m.Op().Is(ent.OpCreate) {
				if im, ok := m.(interface{ ID() (int, bool) }); ok {
					if id, ok := im.ID(); ok {
						ids = []int{id}
					}
				}
			}
			action := auditentry.ActionUPDATE
			switch {
			case m.Op().Is(ent.OpCreate):
				action = auditentry.ActionCREATE
			case m.Op().Is(ent.OpDelete | ent.OpDeleteOne):
				action = auditentry.ActionDELETE
			}
			fields := changed(m)
			entries := make([]Entry, 0, len(ids))
			for _, id := range ids {
				entries = append(entries, newEntry(ctx, action, m.Type(), id, fields))
			}
			if d := deferredFrom(ctx); d != nil {
				d.Add(entries...)
				return v, nil
			}
			client := clientOf(m)
			if client == nil {
				return nil, fmt.Errorf("audit: mutation %T has no client", m)
			}
			if err := Append(ctx, client, d, entries...); err != nil {
				return nil, err
			}
			return v, nil
		})
	}
}

// changed lists the fields and edges a mutation sets, clears or links.
func changed(m ent.Mutation) []string {
	out := append(m.Fields(), m.ClearedFields()...)
	out = append(out, m.AddedEdges()...)
	out = append(out, m.RemovedEdges()...)
	out = append(out, m.ClearedEdges()...)
	slices.Sort(out)
	return slices.Compact(out)
}

func clientOf(m ent.Mutation) *gen.Client {
	if c, ok := m.(interface{ Client() *gen.Client }); ok {
		return c.Client()
	}
	return nil
}
