//go:build !entbootstrap

package authz

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"entgo.io/ent"
	entsql "entgo.io/ent/dialect/sql"
	entprivacy "entgo.io/ent/privacy"

	gen "github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/internal/fault"
)

// Links. A mutation that adds, removes or clears an edge changes the rows at
// both ends: a volunteer added to an organisation's members becomes readable
// by the organisation, a revenue project added to an enterprise gives it the
// project's ledger. So by default the writer must be able to write (and
// read) the rows it links to, as it must the row it writes.
//
// oneSided lists the edges that the row's writer may set alone, because the
// link only shares the written row with the other side and gives its writer
// nothing of the other's: an activity names its co-organisers (联办), a
// meeting its attending agencies, an agreement its parties, a community's
// volunteer the organisations it joins, a donation its donor, a project its
// operator and partner. For these the linked rows need only be readable.
var oneSided = map[string][]string{
	"Activity":             {"enterprises", "groups", "organizations", "schools"},
	"JointMeeting":         {"community", "division", "departments", "enterprises", "organizations", "schools"},
	"PartnershipAgreement": {"universities", "departments", "schools", "enterprises", "organizations"},
	"CharityResource":      {"donor_enterprise", "donor_organization"},
	"RevenueProject":       {"operator", "partner"},
	"Pairing":              {"group"},
	"SocialWorker":         {"community", "employer"},
	"Volunteer":            {"organizations"},
	"ServiceTeam":          {"social_workers", "volunteers"},
	"Student":              {"training_batches"},
	"TrainingBatch":        {"communities", "universities"},
	"TeachingSite":         {"community", "division", "university"},
	"Residency":            {"organization"},
	"SharingAgreement":     {"grantee"},
	"Community":            {"organizations", "schools", "enterprises"},
	"ServiceRecord":        {"volunteer", "organizer", "activity", "service_team", "reverses"},
	"Certificate":          {"volunteer"},
}

// checkLinks checks every edge m adds, removes or clears against the rows at
// its other end. Edges whose foreign key is an anchor that passed were
// checked by checkAnchors.
func checkLinks(ctx context.Context, a actor, entity string, m ent.Mutation, anchored map[string]bool) error {
	edges := gen.EdgeTargets[entity]
	seen := map[string]bool{}
	var names []string
	for _, list := range [][]string{m.AddedEdges(), m.RemovedEdges(), m.ClearedEdges()} {
		for _, n := range list {
			if !seen[n] {
				seen[n] = true
				names = append(names, n)
			}
		}
	}
	slices.Sort(names)
	// A mutation's client is built on each call: only when a link is checked.
	var client *gen.Client
	for _, name := range names {
		et, ok := edges[name]
		if !ok {
			return fmt.Errorf("%w: %s has no edge %q", entprivacy.Deny, entity, name)
		}
		if et.Field != "" && anchored[et.Field] {
			continue
		}
		if client == nil {
			client = clientOf(m)
		}
		var ids []int
		ids = append(ids, values(m.AddedIDs(name))...)
		ids = append(ids, values(m.RemovedIDs(name))...)
		if m.EdgeCleared(name) && !(et.Unique && et.OwnFK) {
			// Clearing unlinks every row linked now (clearing the row's own
			// foreign key changes only the row itself).
			linked, err := linkedIDs(ctx, client, entity, et, m)
			if err != nil {
				return fmt.Errorf("%w: loading linked rows: %v", entprivacy.Deny, err)
			}
			ids = append(ids, linked...)
		}
		if len(ids) == 0 {
			continue
		}
		slices.Sort(ids)
		ids = slices.Compact(ids)
		if err := checkTargets(ctx, a, client, et, slices.Contains(oneSided[entity], name), ids); err != nil {
			return err
		}
	}
	return nil
}

// checkTargets checks that the viewer may read the rows ids of the edge's
// type, and write them unless the link is one-sided. A row it may not read
// is answered like a missing one.
func checkTargets(ctx context.Context, a actor, client *gen.Client, et gen.EdgeTarget, oneSided bool, ids []int) error {
	read, readAll := ReadScope(ctx, et.Type)
	if !readAll && read == nil {
		read = nothing
	}
	var preds []sel
	if !readAll {
		preds = append(preds, read)
	}
	field := inputName(et)
	if !oneSided {
		write, writeAll := writeScopeOf(a, et.Type, time.Now())
		if !writeAll {
			if write == nil {
				write = nothing
			}
			n, err := countRows(ctx, client, et.Type, ids, append(slices.Clone(preds), write)...)
			if err != nil {
				return fmt.Errorf("%w: checking linked rows: %v", entprivacy.Deny, err)
			}
			if n == len(ids) {
				return nil
			}
			if len(preds) == 0 {
				return denyLink(field)
			}
			seen, err := countRows(ctx, client, et.Type, ids, preds...)
			if err != nil {
				return fmt.Errorf("%w: checking linked rows: %v", entprivacy.Deny, err)
			}
			if seen == len(ids) {
				return denyLink(field)
			}
			return notFound(field)
		}
	}
	if len(preds) == 0 {
		return nil // a missing row fails on its foreign key
	}
	n, err := countRows(ctx, client, et.Type, ids, preds...)
	if err != nil {
		return fmt.Errorf("%w: checking linked rows: %v", entprivacy.Deny, err)
	}
	if n != len(ids) {
		return notFound(field)
	}
	return nil
}

// writeScopeOf returns the rows of entity the actor may write.
func writeScopeOf(a actor, entity string, now time.Time) (sel, bool) {
	if a.platform() {
		return nil, true
	}
	e, ok := rulesByEntity[entity]
	if !ok || e.write == nil || !a.writer() {
		return nil, false
	}
	return e.write(a, now, false)
}

// linkedIDs returns the ids of the rows the mutated rows are linked to now
// through edge et.
func linkedIDs(ctx context.Context, client *gen.Client, entity string, et gen.EdgeTarget, m ent.Mutation) ([]int, error) {
	var ids []int
	if one, ok := m.(interface{ ID() (int, bool) }); ok {
		if id, ok := one.ID(); ok {
			ids = []int{id}
		}
	}
	if ids == nil {
		im, ok := m.(interface {
			IDs(context.Context) ([]int, error)
		})
		if !ok {
			return nil, fmt.Errorf("mutation %T lists no rows", m)
		}
		got, err := im.IDs(bypass(ctx))
		if err != nil {
			return nil, err
		}
		ids = got
	}
	if len(ids) == 0 {
		return nil, nil
	}
	q, err := queryOf(client, entity)
	if err != nil {
		return nil, err
	}
	if err := where(q, idIn(ids)); err != nil {
		return nil, err
	}
	follow := reflect.ValueOf(q).MethodByName(et.Query)
	if !follow.IsValid() {
		return nil, fmt.Errorf("%s query has no method %s", entity, et.Query)
	}
	next := follow.Call(nil)[0]
	out := next.MethodByName("IDs").Call([]reflect.Value{reflect.ValueOf(bypass(ctx))})
	if err, _ := out[1].Interface().(error); err != nil {
		return nil, err
	}
	return out[0].Interface().([]int), nil
}

// countRows counts the rows of entity among ids that match every predicate,
// with privacy bypassed (the predicates are the scopes to check).
func countRows(ctx context.Context, client *gen.Client, entity string, ids []int, preds ...sel) (int, error) {
	if client == nil {
		return 0, fmt.Errorf("no client to check %s rows", entity)
	}
	q, err := queryOf(client, entity)
	if err != nil {
		return 0, err
	}
	for _, p := range append([]sel{idIn(ids)}, preds...) {
		if p == nil {
			continue
		}
		if err := where(q, p); err != nil {
			return 0, err
		}
	}
	count := reflect.ValueOf(q).MethodByName("Count")
	if !count.IsValid() {
		return 0, fmt.Errorf("%s query cannot count", entity)
	}
	out := count.Call([]reflect.Value{reflect.ValueOf(bypass(ctx))})
	if err, _ := out[1].Interface().(error); err != nil {
		return 0, err
	}
	return out[0].Interface().(int), nil
}

// queryOf returns a new query of entity from client (client.<Entity>.Query()).
func queryOf(client *gen.Client, entity string) (ent.Query, error) {
	c := reflect.ValueOf(client).Elem().FieldByName(entity)
	if !c.IsValid() {
		return nil, fmt.Errorf("no entity %s", entity)
	}
	q := c.MethodByName("Query")
	if !q.IsValid() {
		return nil, fmt.Errorf("entity %s cannot be queried", entity)
	}
	return q.Call(nil)[0].Interface().(ent.Query), nil
}

func idIn(ids []int) sel {
	return func(s *entsql.Selector) { s.Where(entsql.InInts(s.C("id"), ids...)) }
}

func values(vs []ent.Value) []int {
	out := make([]int, 0, len(vs))
	for _, v := range vs {
		if id := toInt(v); id != 0 {
			out = append(out, id)
		}
	}
	return out
}

// inputName is the GraphQL input field that sets an edge (communityID,
// memberIDs).
func inputName(et gen.EdgeTarget) string {
	n := strings.TrimPrefix(strings.TrimPrefix(et.Setter, "Set"), "Add")
	if n == "" {
		return ""
	}
	return strings.ToLower(n[:1]) + n[1:]
}

// notFound is the answer for a row the viewer may not see: the same as for a
// row that does not exist.
func notFound(field string) error {
	if field == "" {
		return fmt.Errorf("%w: %w", entprivacy.Deny, fault.Missing("", fault.T("not found", "未找到")))
	}
	return fmt.Errorf("%w: %w", entprivacy.Deny, fault.Missing(field, fault.T("refers to a record that does not exist", "引用的记录不存在")))
}

func denyLink(field string) error {
	fe := fault.Denied(fault.T("you may not link records you cannot change", "无权关联您不能修改的记录"))
	fe.Field = field
	return fmt.Errorf("%w: %w", entprivacy.Deny, fe)
}
