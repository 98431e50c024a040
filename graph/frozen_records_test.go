package graph_test

import (
	"strings"
	"testing"
	"time"

	"github.com/wushehub/wushe/ent/servicerecord"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/scalar"
	"github.com/wushehub/wushe/internal/store"
	"github.com/wushehub/wushe/internal/store/storetest"
)

// TestFrozenRecordsThroughGraphQL confirms a record and voids another
// through GraphQL, then tries every mutation that writes a record on them:
// each is CONFLICT through the error presenter (with the hook's message,
// in the request's language), writes nothing, and leaves the hours as they
// were.
func TestFrozenRecordsThroughGraphQL(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newRecordsWorld(t, db)
		officer := authz.Viewer{Subject: "kang", Agency: w.community.Code, Role: authz.CommunityOfficer}
		kang := newRecordsAPI(t, db, officer, fault.English)
		kangZh := newRecordsAPI(t, db, officer, fault.Chinese)
		vol := w.volunteers[0]
		start := time.Now().Add(-6 * time.Hour).UTC().Truncate(time.Second)
		record := func() string {
			t.Helper()
			var out struct{ RecordService struct{ ID string } }
			kang.mustDo(`mutation($v: ID!, $a: ID!, $s: Time!, $e: Time!) { recordService(input: {volunteer: $v, activity: $a, start: $s, end: $e, content: "入户探访"}) { id } }`,
				map[string]any{"v": gid(vol.ID), "a": gid(w.act.ID), "s": start.Format(time.RFC3339), "e": start.Add(2 * time.Hour).Format(time.RFC3339)}, &out)
			return out.RecordService.ID
		}
		confirmed, void := record(), record()
		kang.mustDo(`mutation($id: ID!) { confirmServiceRecord(id: $id) { id } }`, map[string]any{"id": confirmed}, nil)
		kang.mustDo(`mutation($id: ID!) { voidServiceRecord(id: $id, reason: "重复登记") { id } }`, map[string]any{"id": void}, nil)
		count := func() int { return db.Client.ServiceRecord.Query().CountX(sys()) }
		before := count()
		for _, id := range []string{confirmed, void} {
			for _, m := range []struct{ name, doc string }{
				{"confirm with other hours", `mutation($id: ID!) { confirmServiceRecord(id: $id, hours: 9) { id } }`},
				{"dispute", `mutation($id: ID!) { disputeServiceRecord(id: $id, reason: "时长有误") { id } }`},
				{"void", `mutation($id: ID!) { voidServiceRecord(id: $id, reason: "作废") { id } }`},
			} {
				errs := kang.do(m.doc, map[string]any{"id": id}, nil)
				if len(errs) != 1 || errs[0].code() != "CONFLICT" || errs[0].field() != "id" {
					t.Errorf("%s of %s: got %+v, want one CONFLICT on id", m.name, id, errs)
					continue
				}
				if want := "service record never changes: correct it by a reversal (and a replacement)"; !strings.Contains(errs[0].Message, want) {
					t.Errorf("%s of %s: message %q, want it to say %q", m.name, id, errs[0].Message, want)
				}
			}
		}
		errs := kangZh.do(`mutation($id: ID!) { confirmServiceRecord(id: $id, hours: 9) { id } }`, map[string]any{"id": confirmed}, nil)
		if len(errs) != 1 || errs[0].code() != "CONFLICT" || !strings.Contains(errs[0].Message, "已确认的服务记录不能修改") {
			t.Errorf("in Chinese: got %+v", errs)
		}
		if n := count(); n != before {
			t.Errorf("records: got %d, want %d (nothing written)", n, before)
		}
		cid, _ := scalar.DecodeID(confirmed)
		vid, _ := scalar.DecodeID(void)
		if r := db.Client.ServiceRecord.GetX(sys(), cid); r.Status != servicerecord.StatusCONFIRMED || r.Hours != 2 {
			t.Errorf("confirmed record: got %s, %v hours, want CONFIRMED, 2", r.Status, r.Hours)
		}
		if r := db.Client.ServiceRecord.GetX(sys(), vid); r.Status != servicerecord.StatusVOID {
			t.Errorf("void record: got %s, want VOID", r.Status)
		}
		if v := db.Client.Volunteer.GetX(sys(), vol.ID); v.Hours != 2 {
			t.Errorf("volunteer's hours: got %v, want 2", v.Hours)
		}
		// The correction that remains: reversal and replacement.
		kang.mustDo(`mutation($id: ID!) { reverseServiceRecord(id: $id, reason: "时长有误", replacement: {hours: 1.5}) { reversal { id } } }`, map[string]any{"id": confirmed}, nil)
		if v := db.Client.Volunteer.GetX(sys(), vol.ID); v.Hours != 1.5 {
			t.Errorf("after reversal and replacement: got %v hours, want 1.5", v.Hours)
		}
	})
}
