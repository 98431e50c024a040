package records_test

import (
	"strings"
	"testing"
	"time"

	"github.com/wushehub/wushe/ent/servicerecord"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/records"
	"github.com/wushehub/wushe/internal/store"
	"github.com/wushehub/wushe/internal/store/storetest"
)

func TestOfflineUploadDeduplicates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		tok := code(t, w, w.vol)
		ctx := as(w.c, officer(w.kang))
		in := time.Now().Add(-5 * time.Hour).Truncate(time.Second)
		batch := []records.Scan{
			// Out of order on purpose: the upload sorts by time.
			{Code: tok, Direction: records.Out, Activity: w.act.ID, At: in.Add(2 * time.Hour)},
			{Code: tok, Direction: records.In, Activity: w.act.ID, At: in},
			{Code: tok, Direction: records.In, Activity: w.act.ID, At: in}, // the same scan twice in one upload
			{Code: "garbage", Direction: records.In, Activity: w.act.ID, At: in},
			{Code: tok, Direction: records.In, Activity: w.act.ID}, // no time
		}
		out, err := w.svc.Upload(ctx, batch)
		if err != nil {
			t.Fatalf("upload: %v", err)
		}
		if out[1].Record == nil || out[0].Record == nil || out[0].Record.Hours != 2 {
			t.Fatalf("check-in and check-out: got %+v, %+v", out[1], out[0])
		}
		if !out[2].Duplicate {
			t.Errorf("repeated scan: got %+v, want a duplicate", out[2])
		}
		if fault.CodeOf(out[3].Err) != fault.BadUserInput || fault.CodeOf(out[4].Err) != fault.BadUserInput {
			t.Errorf("bad scans: got %v and %v, want BAD_USER_INPUT", out[3].Err, out[4].Err)
		}
		if rec := out[1].Record; rec.Source != servicerecord.SourceOFFLINE || !rec.StartedAt.Equal(in) {
			t.Errorf("offline record: source %s started %v, want OFFLINE at %v", rec.Source, rec.StartedAt, in)
		}
		// Uploading the same batch again changes nothing.
		again, err := w.svc.Upload(ctx, batch[:3])
		if err != nil {
			t.Fatalf("upload again: %v", err)
		}
		for i, o := range again {
			if !o.Duplicate {
				t.Errorf("scan %d uploaded again: got %+v, want a duplicate", i, o)
			}
		}
		if n := w.c.ServiceRecord.Query().CountX(sys()); n != 1 {
			t.Errorf("records: got %d, want 1", n)
		}
		if _, err := w.svc.Upload(ctx, nil); fault.CodeOf(err) != fault.BadUserInput {
			t.Errorf("empty upload: got %v, want BAD_USER_INPUT", err)
		}
		// A scan made offline before its code was revoked still counts.
		before := time.Now().Add(-time.Hour).Truncate(time.Second)
		_ = code(t, w, w.vol) // revokes tok now
		late, err := w.svc.Upload(ctx, []records.Scan{
			{Code: tok, Direction: records.In, Activity: w.act.ID, At: before},
			{Code: tok, Direction: records.Out, Activity: w.act.ID, At: time.Now().Add(time.Second)},
		})
		if err != nil {
			t.Fatal(err)
		}
		if late[0].Record == nil || fault.CodeOf(late[1].Err) != fault.BadUserInput || !strings.Contains(late[1].Err.Error(), "revoked") {
			t.Errorf("scans around a revocation: got %+v, %+v", late[0], late[1])
		}
	})
}

func TestCertificate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		ctx := as(w.c, officer(w.kang))
		start := time.Now().Add(-48 * time.Hour)
		for _, h := range []float64{3, 2.5} {
			rec, err := w.svc.Record(ctx, records.Manual{Volunteer: w.vol.ID, Activity: w.act.ID, Start: start, End: start.Add(3 * time.Hour), Hours: h, Content: "探访独居老人"})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := w.svc.Confirm(ctx, rec.ID, nil, ""); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := w.svc.Issue(as(w.c, officer(w.huayuan)), w.vol.ID, w.huayuan.ID); fault.CodeOf(err) != fault.BadUserInput {
			t.Errorf("certificate from a community without records: got %v, want BAD_USER_INPUT", err)
		}
		if _, err := w.svc.Issue(as(w.c, officer(w.huayuan)), w.vol.ID, w.kang.ID); err == nil {
			t.Errorf("another community issued Kangzhuang's certificate")
		}
		cert, err := w.svc.Issue(ctx, w.vol.ID, w.kang.ID)
		if err != nil {
			t.Fatalf("issue: %v", err)
		}
		if cert.Hours != 5.5 || cert.StarLevel != 2 || cert.Records != 2 {
			t.Fatalf("certificate: %v hours, %d stars, %d records; want 5.5, 2, 2", cert.Hours, cert.StarLevel, cert.Records)
		}
		html, err := w.svc.HTML(ctx, cert, "/verify/"+cert.Code)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"志愿服务证明", "马兰", "康庄社区", "5.5", cert.Code, "探访独居老人", "敬老助残入户探访"} {
			if !strings.Contains(html, want) {
				t.Errorf("certificate page lacks %q", want)
			}
		}
		page, found, err := w.svc.VerifyPage(sys(), strings.ToLower(cert.Code))
		if err != nil || !found {
			t.Fatalf("verify: found %v, %v", found, err)
		}
		if !strings.Contains(page, "马*") || strings.Contains(page, "马兰") || !strings.Contains(page, "5.5") {
			t.Errorf("verification page shows the name or lacks the figures:\n%s", page)
		}
		if _, found, _ := w.svc.VerifyPage(sys(), "NOPE-NOPE"); found {
			t.Errorf("an unknown code verified")
		}
		// The volunteer's own account sees its certificate; another
		// volunteer's does not.
		own := as(w.c, authz.Viewer{Subject: "vol", Agency: w.kang.Code, Role: authz.Volunteer, Person: w.vol.ID})
		if n := w.c.Certificate.Query().CountX(own); n != 1 {
			t.Errorf("own certificates: got %d, want 1", n)
		}
		other := as(w.c, authz.Viewer{Subject: "vol2", Agency: w.huayuan.Code, Role: authz.Volunteer, Person: w.vol2.ID})
		if n := w.c.Certificate.Query().CountX(other); n != 0 {
			t.Errorf("another volunteer's certificates: got %d, want 0", n)
		}
	})
}
