package records_test

import (
	"testing"
	"time"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/ent/servicerecord"
	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/records"
	"github.com/wushehub/wushe/internal/store"
	"github.com/wushehub/wushe/internal/store/storetest"
)

// TestFrozenRecordsThroughEnt writes CONFIRMED and VOID records straight
// through the ent client, with privacy bypassed (as an import or a CLI
// command could): the ServiceRecord hook refuses every change and every
// delete, and the rows stay as they were; an open record still changes.
func TestFrozenRecordsThroughEnt(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		ctx := as(w.c, officer(w.kang))
		start := time.Now().Add(-5 * time.Hour).Truncate(time.Second)
		record := func() *ent.ServiceRecord {
			t.Helper()
			r, err := w.svc.Record(ctx, records.Manual{Volunteer: w.vol.ID, Activity: w.act.ID, Start: start, End: start.Add(2 * time.Hour), Content: "入户探访"})
			if err != nil {
				t.Fatalf("record: %v", err)
			}
			return r
		}
		confirmed := record()
		if _, err := w.svc.Confirm(ctx, confirmed.ID, nil, ""); err != nil {
			t.Fatalf("confirm: %v", err)
		}
		void := record()
		if _, err := w.svc.Void(ctx, void.ID, "重复登记"); err != nil {
			t.Fatalf("void: %v", err)
		}
		open := record()
		s := sys()
		c := w.c
		for _, r := range []*ent.ServiceRecord{c.ServiceRecord.GetX(s, confirmed.ID), c.ServiceRecord.GetX(s, void.ID)} {
			writes := []struct {
				name  string
				write func() error
			}{
				{"hours", func() error { return c.ServiceRecord.UpdateOneID(r.ID).SetHours(20).Exec(s) }},
				{"start", func() error { return c.ServiceRecord.UpdateOneID(r.ID).SetStartedAt(start.Add(-time.Hour)).Exec(s) }},
				{"end", func() error { return c.ServiceRecord.UpdateOneID(r.ID).ClearEndedAt().Exec(s) }},
				{"status back to PENDING", func() error {
					return c.ServiceRecord.UpdateOneID(r.ID).SetStatus(servicerecord.StatusPENDING).Exec(s)
				}},
				{"bulk update", func() error {
					_, err := c.ServiceRecord.Update().Where(servicerecord.VolunteerID(w.vol.ID)).SetHours(1).Save(s)
					return err
				}},
				{"delete", func() error { return c.ServiceRecord.DeleteOneID(r.ID).Exec(s) }},
				{"bulk delete", func() error {
					_, err := c.ServiceRecord.Delete().Where(servicerecord.ID(r.ID)).Exec(s)
					return err
				}},
				{"move to another volunteer", func() error {
					return c.Volunteer.UpdateOneID(w.vol2.ID).AddServiceRecordIDs(r.ID).Exec(s)
				}},
				{"taken from its volunteer", func() error {
					return c.Volunteer.UpdateOneID(w.vol.ID).RemoveServiceRecordIDs(r.ID).Exec(s)
				}},
				{"linked as the reversal of an open record", func() error {
					return c.ServiceRecord.UpdateOneID(open.ID).SetReversalID(r.ID).Exec(s)
				}},
			}
			for _, wr := range writes {
				t.Run(string(r.Status)+" "+wr.name, func(t *testing.T) {
					err := wr.write()
					if fault.CodeOf(err) != fault.Conflict {
						t.Fatalf("got %v (%s), want CONFLICT", err, fault.CodeOf(err))
					}
				})
			}
			after := c.ServiceRecord.GetX(s, r.ID)
			if after.Hours != r.Hours || after.Status != r.Status || after.VolunteerID != r.VolunteerID ||
				!after.StartedAt.Equal(*r.StartedAt) || after.EndedAt == nil || !after.EndedAt.Equal(*r.EndedAt) || after.ReversesID != nil {
				t.Errorf("%s record changed: got %+v, want %+v", r.Status, after, r)
			}
		}
		// The message says what to do instead, in both languages.
		err := c.ServiceRecord.UpdateOneID(confirmed.ID).SetHours(3).Exec(s)
		fe, ok := fault.As(err)
		if !ok {
			t.Fatalf("got %v, want a fault", err)
		}
		if en, zh := fe.Text.In(fault.English), fe.Text.In(fault.Chinese); en != "a CONFIRMED service record never changes: correct it by a reversal (and a replacement)" ||
			zh != "已确认的服务记录不能修改：请冲正（并重新登记）" {
			t.Errorf("message: got %q / %q", en, zh)
		}
		if v := c.Volunteer.GetX(s, w.vol.ID); v.Hours != 2 {
			t.Errorf("volunteer's hours: got %v, want 2 (the confirmed record only)", v.Hours)
		}
		// An open record changes and is deleted as before.
		if err := c.ServiceRecord.UpdateOneID(open.ID).SetContent("入户探访（更正）").Exec(s); err != nil {
			t.Errorf("change an open record: %v", err)
		}
		if err := c.ServiceRecord.DeleteOneID(open.ID).Exec(s); err != nil {
			t.Errorf("delete an open record: %v", err)
		}
		// Corrections remain reversal and replacement.
		if _, _, err := w.svc.Reverse(ctx, confirmed.ID, "时长有误", &records.Replacement{Hours: 1.5}); err != nil {
			t.Fatalf("reverse: %v", err)
		}
		if v := c.Volunteer.GetX(s, w.vol.ID); v.Hours != 1.5 {
			t.Errorf("after reversal and replacement: got %v hours, want 1.5", v.Hours)
		}
	})
}
