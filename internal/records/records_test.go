package records_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/ent/servicerecord"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/records"
	"github.com/wushehub/wushe/internal/store"
	"github.com/wushehub/wushe/internal/store/storetest"
)

func sys() context.Context { return authz.SystemContext(context.Background()) }

// world is two districts: Xixia with two communities (Kangzhuang, whose
// district sets star thresholds of 2, 5 and 9 hours, and Huayuan), and
// Shuicheng with one, each with a volunteer, an activity and a team.
type world struct {
	c                      *ent.Client
	svc                    *records.Service
	kang, huayuan, shalong *ent.Community
	vol, vol2, foreign     *ent.Volunteer
	minor                  *ent.Volunteer
	act, act2, foreignAct  *ent.Activity
	team                   *ent.ServiceTeam
	hoursRule              *ent.PointsRule
}

func newWorld(t *testing.T, db *store.DB) *world {
	t.Helper()
	c := db.Client
	ctx := sys()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("world: %v", err)
		}
	}
	w := &world{c: c, svc: records.New(c, records.NewSigner([]byte(strings.Repeat("k", 32))))}
	prov := c.Division.Create().SetCode("640000000000").SetName("宁夏回族自治区").SetLevel("PROVINCE").SaveX(ctx)
	city := c.Division.Create().SetCode("640100000000").SetName("银川市").SetLevel("CITY").SetParent(prov).SaveX(ctx)
	xixia := c.Division.Create().SetCode("640105000000").SetName("西夏区").SetLevel("DISTRICT").SetParent(city).
		SetVolunteerStarHours([]int{2, 5, 9}).SaveX(ctx)
	street := c.Division.Create().SetCode("640105001000").SetName("西花园路街道").SetLevel("STREET").SetParent(xixia).SaveX(ctx)
	gz := c.Division.Create().SetCode("520000000000").SetName("贵州省").SetLevel("PROVINCE").SaveX(ctx)
	lps := c.Division.Create().SetCode("520200000000").SetName("六盘水市").SetLevel("CITY").SetParent(gz).SaveX(ctx)
	sc := c.Division.Create().SetCode("520204000000").SetName("水城区").SetLevel("DISTRICT").SetParent(lps).SaveX(ctx)
	ss := c.Division.Create().SetCode("520204002000").SetName("双水街道").SetLevel("STREET").SetParent(sc).SaveX(ctx)
	w.kang = c.Community.Create().SetCode("640105001002").SetName("康庄社区").SetStreet(street).SaveX(ctx)
	w.huayuan = c.Community.Create().SetCode("640105001003").SetName("花园社区").SetStreet(street).SaveX(ctx)
	w.shalong = c.Community.Create().SetCode("520204002012").SetName("沙龙社区").SetStreet(ss).SaveX(ctx)
	_, err := authz.SyncAgencies(ctx, c)
	must(err)
	w.vol = c.Volunteer.Create().SetName("马兰").SetKind("RESIDENT").SetCommunity(w.kang).SaveX(ctx)
	w.vol2 = c.Volunteer.Create().SetName("杨帆").SetKind("RESIDENT").SetCommunity(w.huayuan).SaveX(ctx)
	w.minor = c.Volunteer.Create().SetName("小明").SetKind("STUDENT").SetCommunity(w.kang).
		SetBirthDate(time.Now().AddDate(-12, 0, 0)).SaveX(ctx)
	w.foreign = c.Volunteer.Create().SetName("王芳").SetKind("RESIDENT").SetCommunity(w.shalong).SaveX(ctx)
	held := time.Now().UTC().Truncate(24 * time.Hour)
	w.act = c.Activity.Create().SetTitle("敬老助残入户探访").SetCategory("ELDERLY_DISABLED").SetHeldOn(held).SetCommunity(w.kang).SaveX(ctx)
	w.act2 = c.Activity.Create().SetTitle("垃圾分类宣传").SetCategory("ENVIRONMENT").SetHeldOn(held).SetCommunity(w.huayuan).SaveX(ctx)
	w.foreignAct = c.Activity.Create().SetTitle("飞线充电排查").SetCategory("SAFETY").SetHeldOn(held).SetCommunity(w.shalong).SaveX(ctx)
	w.hoursRule = c.PointsRule.Create().SetKind("HOURS").SetName("服务时长积分").SetPoints(10).SetCommunity(w.kang).SaveX(ctx)
	return w
}

// as returns ctx acting as a community officer of comm.
func as(c *ent.Client, v authz.Viewer) context.Context {
	return authz.NewContext(authz.WithRequest(context.Background(), c), v)
}

func officer(comm *ent.Community) authz.Viewer {
	return authz.Viewer{Subject: "officer@" + comm.Code, Agency: comm.Code, Role: authz.CommunityOfficer}
}

func code(t *testing.T, w *world, v *ent.Volunteer) string {
	t.Helper()
	ctx := as(w.c, officer(communityOf(t, w, v)))
	vc, err := w.svc.IssueCode(ctx, v.ID, 0)
	if err != nil {
		t.Fatalf("issue code: %v", err)
	}
	tok, err := w.svc.TokenOf(ctx, vc)
	if err != nil {
		t.Fatalf("token: %v", err)
	}
	return tok
}

func communityOf(t *testing.T, w *world, v *ent.Volunteer) *ent.Community {
	return w.c.Community.GetX(sys(), *v.CommunityID)
}

func wantCode(t *testing.T, err error, code fault.Code, contains string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %s", code)
	}
	if got := fault.CodeOf(err); got != code {
		t.Fatalf("got %s (%v), want %s", got, err, code)
	}
	if contains != "" && !strings.Contains(err.Error(), contains) {
		t.Fatalf("got %q, want it to mention %q", err.Error(), contains)
	}
}

func TestCheckInOutConfirm(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		tok := code(t, w, w.vol)
		ctx := as(w.c, officer(w.kang))
		start := time.Now().Add(-3 * time.Hour).Truncate(time.Second)
		rec, err := w.svc.CheckIn(ctx, records.Scan{Code: tok, Direction: records.In, Activity: w.act.ID, At: start, Content: "入户探访"})
		if err != nil {
			t.Fatalf("check in: %v", err)
		}
		if rec.Status != servicerecord.StatusPENDING || rec.StartedAt == nil || !rec.StartedAt.Equal(start) {
			t.Fatalf("check in: got %v at %v, want PENDING at %v", rec.Status, rec.StartedAt, start)
		}
		_, err = w.svc.CheckIn(ctx, records.Scan{Code: tok, Direction: records.In, Activity: w.act.ID, At: start.Add(time.Minute)})
		wantCode(t, err, fault.Conflict, "already checked in")
		rec, err = w.svc.CheckIn(ctx, records.Scan{Code: tok, Direction: records.Out, Activity: w.act.ID, At: start.Add(150 * time.Minute)})
		if err != nil {
			t.Fatalf("check out: %v", err)
		}
		if rec.Hours != 2.5 {
			t.Fatalf("hours: got %v, want 2.5", rec.Hours)
		}
		if _, err := w.svc.Confirm(ctx, rec.ID, nil, "认真负责"); err != nil {
			t.Fatalf("confirm: %v", err)
		}
		v := w.c.Volunteer.GetX(sys(), w.vol.ID)
		if v.Hours != 2.5 || v.StarLevel != 1 || len(v.StarsReached) != 1 || v.PointsBalance != 25 {
			t.Fatalf("volunteer: got %v hours, %d stars (%v), %d points; want 2.5, 1, 25", v.Hours, v.StarLevel, v.StarsReached, v.PointsBalance)
		}
		_, err = w.svc.Confirm(ctx, rec.ID, nil, "")
		wantCode(t, err, fault.Conflict, "")
		// Every check-in and confirmation is audited.
		n := w.c.AuditEntry.Query().CountX(sys())
		if n < 3 {
			t.Fatalf("audit entries: got %d, want at least 3", n)
		}
	})
}

func TestBadCodes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		tok := code(t, w, w.vol)
		ctx := as(w.c, officer(w.kang))
		scan := func(text string, act int, at time.Time) error {
			_, err := w.svc.CheckIn(ctx, records.Scan{Code: text, Direction: records.In, Activity: act, At: at})
			return err
		}
		now := time.Now()
		parts := strings.Split(tok, ".")
		tampered := strings.Join([]string{parts[0], parts[1], parts[2], fmt.Sprint(now.Add(1000 * 24 * time.Hour).Unix()), parts[4]}, ".")
		otherKey := records.NewSigner([]byte(strings.Repeat("x", 32))).Token(parts[1], parts[2], now.Add(time.Hour))
		cases := []struct {
			name, text string
			act        int
			code       fault.Code
			says       string
		}{
			{"not a code", "https://example.com/", w.act.ID, fault.BadUserInput, "not a volunteer identity code"},
			{"tampered expiry", tampered, w.act.ID, fault.BadUserInput, "altered"},
			{"tampered signature", tok[:len(tok)-2] + "AA", w.act.ID, fault.BadUserInput, "altered"},
			{"another hub's key", otherKey, w.act.ID, fault.BadUserInput, "altered"},
			{"unknown serial", w.svc.Signer().Token("nosuchserial", parts[2], now.Add(time.Hour)), w.act.ID, fault.BadUserInput, "altered"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) { wantCode(t, scan(c.text, c.act, time.Time{}), c.code, c.says) })
		}
		t.Run("foreign district", func(t *testing.T) {
			ftok := code(t, w, w.foreign)
			wantCode(t, scan(ftok, w.act.ID, time.Time{}), fault.BadUserInput, "another district")
		})
		t.Run("activity of another community", func(t *testing.T) {
			// Kangzhuang's officer may not record Huayuan's activity.
			err := scan(tok, w.act2.ID, time.Time{})
			if err == nil {
				t.Fatal("got no error")
			}
			if c := fault.CodeOf(err); c != fault.Forbidden && c != fault.NotFound {
				t.Fatalf("got %s (%v), want FORBIDDEN or NOT_FOUND", c, err)
			}
		})
		t.Run("another community's volunteer", func(t *testing.T) {
			if vc, err := w.svc.IssueCode(ctx, w.vol2.ID, 0); err == nil {
				t.Fatalf("issued a code for another community's volunteer: %v", vc)
			}
		})
		t.Run("expired", func(t *testing.T) {
			vc := w.c.VolunteerCode.Create().SetSerial("expiredserial").SetVolunteerID(w.vol.ID).
				SetExpiresAt(now.Add(-time.Hour).Truncate(time.Second)).SaveX(sys())
			old, err := w.svc.TokenOf(sys(), vc)
			if err != nil {
				t.Fatal(err)
			}
			wantCode(t, scan(old, w.act.ID, time.Time{}), fault.BadUserInput, "expired")
		})
		t.Run("revoked", func(t *testing.T) {
			_ = code(t, w, w.vol) // a new code revokes the old ones
			wantCode(t, scan(tok, w.act.ID, time.Time{}), fault.BadUserInput, "revoked")
		})
		t.Run("future", func(t *testing.T) {
			fresh := code(t, w, w.vol)
			wantCode(t, scan(fresh, w.act.ID, now.Add(time.Hour)), fault.BadUserInput, "future")
		})
		t.Run("check out without check in", func(t *testing.T) {
			fresh := code(t, w, w.vol)
			_, err := w.svc.CheckIn(ctx, records.Scan{Code: fresh, Direction: records.Out, Activity: w.act.ID})
			wantCode(t, err, fault.BadUserInput, "not checked in")
		})
		if n := w.c.ServiceRecord.Query().CountX(sys()); n != 0 {
			t.Errorf("records after refused scans: got %d, want 0", n)
		}
	})
}
