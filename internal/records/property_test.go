package records_test

import (
	"math"
	"math/rand"
	"testing"
	"time"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/ent/pointsentry"
	"github.com/wushehub/wushe/ent/servicerecord"
	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/records"
	"github.com/wushehub/wushe/internal/store"
	"github.com/wushehub/wushe/internal/store/storetest"
)

// TestDerivedFiguresHold runs random sequences of records, confirmations,
// disputes, voids, reversals (with and without replacement), penalties and
// redemptions, and checks after each step that a volunteer's hours are the
// sum of its confirmed records (as a model kept apart computes them), its
// star level and dates follow the district's thresholds, its balance is the
// sum of its ledger and never negative, and no confirmed record changed.
func TestDerivedFiguresHold(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		ctx := as(w.c, officer(w.kang))
		penalty := w.c.PointsRule.Create().SetKind("PENALTY").SetName("无故缺勤").SetPoints(15).SetCommunity(w.kang).SaveX(sys())
		bonus := w.c.PointsRule.Create().SetKind("CONSULTATION").SetName("参加议事").SetPoints(5).SetCommunity(w.kang).SaveX(sys())
		prize := w.c.Reward.Create().SetName("洗衣液").SetCost(20).SetStock(1000).SetCommunity(w.kang).SaveX(sys())
		for seed := int64(1); seed <= 3; seed++ {
			r := rand.New(rand.NewSource(seed))
			vol := w.c.Volunteer.Create().SetName("测试").SetKind("RESIDENT").SetCommunity(w.kang).SaveX(sys())
			model := map[int]float64{}             // confirmed records' hours
			frozen := map[int]*ent.ServiceRecord{} // confirmed records as confirmed
			var open []int                         // PENDING or DISPUTED
			var confirmed []int                    // confirmed services not reversed
			for step := 0; step < 40; step++ {
				switch op := r.Intn(8); {
				case op <= 1 || len(open)+len(confirmed) == 0:
					start := time.Now().Add(-time.Duration(r.Intn(1000)+10) * time.Hour)
					h := float64(r.Intn(40)+1) / 10
					rec, err := w.svc.Record(ctx, records.Manual{Volunteer: vol.ID, Activity: w.act.ID, Start: start, End: start.Add(time.Hour), Hours: h})
					if err != nil {
						t.Fatalf("seed %d step %d: record: %v", seed, step, err)
					}
					open = append(open, rec.ID)
				case op == 2 && len(open) > 0:
					i := r.Intn(len(open))
					rec, err := w.svc.Confirm(ctx, open[i], nil, "")
					if err != nil {
						t.Fatalf("seed %d step %d: confirm: %v", seed, step, err)
					}
					model[rec.ID] = rec.Hours
					frozen[rec.ID] = rec
					confirmed = append(confirmed, rec.ID)
					open = append(open[:i], open[i+1:]...)
				case op == 3 && len(open) > 0:
					i := r.Intn(len(open))
					if _, err := w.svc.Dispute(ctx, open[i], "时长有误"); err != nil && fault.CodeOf(err) != fault.Conflict {
						t.Fatalf("seed %d step %d: dispute: %v", seed, step, err)
					}
				case op == 4 && len(open) > 0:
					i := r.Intn(len(open))
					if _, err := w.svc.Void(ctx, open[i], "重复登记"); err != nil {
						t.Fatalf("seed %d step %d: void: %v", seed, step, err)
					}
					open = append(open[:i], open[i+1:]...)
				case op == 5 && len(confirmed) > 0:
					i := r.Intn(len(confirmed))
					var repl *records.Replacement
					if r.Intn(2) == 0 {
						repl = &records.Replacement{Hours: float64(r.Intn(30)+1) / 10}
					}
					rev, next, err := w.svc.Reverse(ctx, confirmed[i], "时长更正", repl)
					if err != nil {
						t.Fatalf("seed %d step %d: reverse: %v", seed, step, err)
					}
					model[rev.ID] = rev.Hours
					if next != nil {
						model[next.ID] = next.Hours
						frozen[next.ID] = next
						confirmed = append(confirmed, next.ID)
					}
					if _, _, err := w.svc.Reverse(ctx, confirmed[i], "再次冲正", nil); fault.CodeOf(err) != fault.Conflict {
						t.Fatalf("seed %d step %d: reversing twice: got %v, want CONFLICT", seed, step, err)
					}
					confirmed = append(confirmed[:i], confirmed[i+1:]...)
				case op == 6:
					rule := penalty
					if r.Intn(2) == 0 {
						rule = bonus
					}
					if _, err := w.svc.Apply(ctx, vol.ID, rule.ID, time.Time{}, ""); err != nil {
						t.Fatalf("seed %d step %d: apply: %v", seed, step, err)
					}
				case op == 7:
					if _, err := w.svc.Redeem(ctx, vol.ID, prize.ID, 1+r.Intn(2)); err != nil && fault.CodeOf(err) != fault.Conflict {
						t.Fatalf("seed %d step %d: redeem: %v", seed, step, err)
					}
				}
				check(t, w, vol.ID, model, frozen)
			}
		}
	})
}

func check(t *testing.T, w *world, id int, model map[int]float64, frozen map[int]*ent.ServiceRecord) {
	t.Helper()
	v := w.c.Volunteer.GetX(sys(), id)
	want := 0.0
	for _, h := range model {
		want += h
	}
	want = math.Max(0, math.Round(want*100)/100)
	if math.Abs(v.Hours-want) > 1e-6 {
		t.Fatalf("hours: got %v, want %v", v.Hours, want)
	}
	if lvl := records.Level([]int{2, 5, 9}, want); v.StarLevel != lvl || len(v.StarsReached) != lvl {
		t.Fatalf("stars: got level %d with %d dates, want %d", v.StarLevel, len(v.StarsReached), lvl)
	}
	for i := 1; i < len(v.StarsReached); i++ {
		if v.StarsReached[i].Before(v.StarsReached[i-1]) {
			t.Fatalf("star %d reached before star %d", i+1, i)
		}
	}
	sum := 0
	for _, e := range w.c.PointsEntry.Query().Where(pointsentry.VolunteerID(id)).AllX(sys()) {
		sum += e.Points
	}
	if v.PointsBalance != sum || v.PointsBalance < 0 {
		t.Fatalf("balance: got %d, ledger sums to %d", v.PointsBalance, sum)
	}
	n := w.c.ServiceRecord.Query().Where(servicerecord.VolunteerID(id), servicerecord.StatusEQ(servicerecord.StatusCONFIRMED)).CountX(sys())
	if n != len(model) {
		t.Fatalf("confirmed records: got %d, model has %d", n, len(model))
	}
	for rid, was := range frozen {
		now := w.c.ServiceRecord.GetX(sys(), rid)
		if now.Status != servicerecord.StatusCONFIRMED || now.Hours != was.Hours || now.UpdatedAt.Sub(was.UpdatedAt).Abs() > time.Millisecond {
			t.Fatalf("confirmed record %d changed: %+v, was %+v", rid, now, was)
		}
	}
}
