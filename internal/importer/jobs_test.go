package importer_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/wushehub/wushe/ent/volunteer"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/demo"
	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/ident"
	"github.com/wushehub/wushe/internal/importer"
	"github.com/wushehub/wushe/internal/store"
	"github.com/wushehub/wushe/internal/store/storetest"
)

// newRegister is a CSV register of n new Shalong volunteers, their ID
// numbers from seq on.
func newRegister(seq, n int) []byte {
	var b bytes.Buffer
	b.WriteString("社区代码,姓名,公民身份号码,志愿者类别,服务时长(小时),注册日期\n")
	for i := range n {
		k := seq + i
		idn := ident.MakeResidentID("520221", time.Date(1940, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, k/900), k%900+100)
		fmt.Fprintf(&b, "%s,志愿者%d,%s,居民志愿者,%d,2024-05-06\n", demo.ShalongCode, k, idn, i%50)
	}
	return b.Bytes()
}

// finished waits until the job is done or failed.
func finished(t *testing.T, ctx context.Context, jobs *importer.Jobs, id int) *importer.JobState {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		s, err := jobs.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if s.Finished() {
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("job still %s", s.Status)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestJobsOneAtATime: with one worker (SQLite's default) the second upload
// waits QUEUED while the first runs, and starts when it ends; both import
// their rows, as the viewer and in the viewer's language.
func TestJobsOneAtATime(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		loadDemo(t, db)
		jobs := importer.NewJobs(importer.JobsConfig{Client: db.Client, Dialect: db.Dialect, Workers: 1})
		defer jobs.Close(context.Background())
		ctx := fault.WithLang(viewer(t, authz.CommunityOfficer), fault.Chinese)
		v := spec(t, "volunteer")
		a, err := jobs.Submit(ctx, v, "a.csv", bytes.NewReader(newRegister(1, 3000)), importer.Options{})
		if err != nil {
			t.Fatal(err)
		}
		b, err := jobs.Submit(ctx, v, "b.csv", bytes.NewReader(newRegister(5001, 10)), importer.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if a.Status != importer.Running || b.Status != importer.Queued {
			t.Fatalf("a %s, b %s: want RUNNING and QUEUED", a.Status, b.Status)
		}
		sawQueued := false
		for {
			sa, _ := jobs.Get(ctx, a.ID)
			sb, _ := jobs.Get(ctx, b.ID)
			if sa.Status == importer.Running && sb.Status == importer.Running {
				t.Fatal("both imports run at once")
			}
			if sa.Status == importer.Running && sb.Status == importer.Queued {
				sawQueued = true
			}
			if sb.Status == importer.Running && !sa.Finished() {
				t.Fatalf("b started while a is %s", sa.Status)
			}
			if sa.Finished() && sb.Finished() {
				break
			}
			time.Sleep(5 * time.Millisecond)
		}
		if !sawQueued {
			t.Error("never saw b QUEUED while a ran")
		}
		sa, sb := finished(t, ctx, jobs, a.ID), finished(t, ctx, jobs, b.ID)
		if sa.Status != importer.Done || sa.Created != 3000 || !sa.Committed || sb.Status != importer.Done || sb.Created != 10 || sb.StartedAt.Before(*sa.FinishedAt) {
			t.Errorf("a %+v\nb %+v", sa, sb)
		}
		if n, err := db.Client.Volunteer.Query().Where(volunteer.NameHasPrefix("志愿者")).Count(sys()); err != nil || n != 3010 {
			t.Errorf("%d new volunteers (%v), want 3010", n, err)
		}
	})
}

// TestJobsRefusals: files that cannot be imported and viewers who may not
// import are refused before a job is queued; an agency with as many jobs
// unfinished as it may keep waits for one to finish.
func TestJobsRefusals(t *testing.T) {
	db := storetest.SQLite(t)
	loadDemo(t, db)
	jobs := importer.NewJobs(importer.JobsConfig{Client: db.Client, Dialect: db.Dialect, PerAgency: 2})
	defer jobs.Close(context.Background())
	ctx := viewer(t, authz.CommunityOfficer)
	v := spec(t, "volunteer")
	for _, tc := range []struct {
		name string
		ctx  context.Context
		file string
		data []byte
		code fault.Code
	}{
		{"public", authz.NewContext(context.Background(), authz.Viewer{Role: authz.Public}), "a.csv", newRegister(1, 1), fault.Forbidden},
		{"read-only key", authz.NewContext(context.Background(), authz.Viewer{Subject: "apikey:x", Agency: demo.ShalongCode, Role: authz.CommunityOfficer, ReadOnly: true}), "a.csv", newRegister(1, 1), fault.Forbidden},
		{"empty", ctx, "a.csv", nil, fault.BadUserInput},
		{"other headers", ctx, "a.csv", []byte("甲,乙\n1,2\n"), fault.BadUserInput},
		{"old Excel", ctx, "a.xls", []byte{0xD0, 0xCF, 0x11, 0xE0, 1, 2, 3, 4}, fault.BadUserInput},
		{"named xlsx", ctx, "a.xlsx", []byte("社区代码,姓名\n"), fault.BadUserInput},
	} {
		if _, err := jobs.Submit(tc.ctx, v, tc.file, bytes.NewReader(tc.data), importer.Options{}); fault.CodeOf(err) != tc.code {
			t.Errorf("%s: %v, want %s", tc.name, err, tc.code)
		}
	}
	if _, err := jobs.Submit(authz.SystemContext(context.Background()), v, "a.csv", bytes.NewReader(newRegister(1, 1)), importer.Options{}); err != importer.ErrSystemViewer {
		t.Errorf("the hub itself: %v", err)
	}
	a, err := jobs.Submit(ctx, v, "a.csv", bytes.NewReader(newRegister(1, 5000)), importer.Options{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := jobs.Submit(ctx, v, "b.csv", bytes.NewReader(newRegister(1, 5000)), importer.Options{DryRun: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := jobs.Submit(ctx, v, "c.csv", bytes.NewReader(newRegister(1, 1)), importer.Options{DryRun: true}); fault.CodeOf(err) != fault.Conflict {
		t.Errorf("a third unfinished job: %v, want CONFLICT", err)
	}
	finished(t, ctx, jobs, a.ID)
	c, err := jobs.Submit(ctx, v, "c.csv", bytes.NewReader(newRegister(1, 1)), importer.Options{DryRun: true})
	if err != nil {
		t.Fatalf("a third job once the first finished: %v", err)
	}
	if _, err := jobs.Get(ctx, a.ID); fault.CodeOf(err) != fault.NotFound {
		t.Errorf("the oldest finished job, made room for c: %v, want NOT_FOUND", err)
	}
	finished(t, ctx, jobs, c.ID)
}

// TestJobsExpireAndClose: finished jobs go after Keep; closing fails the
// queued job and rolls the running one back, nothing written.
func TestJobsExpireAndClose(t *testing.T) {
	db := storetest.SQLite(t)
	loadDemo(t, db)
	v := spec(t, "volunteer")
	ctx := viewer(t, authz.CommunityOfficer)
	jobs := importer.NewJobs(importer.JobsConfig{Client: db.Client, Dialect: db.Dialect, Keep: 50 * time.Millisecond})
	a, err := jobs.Submit(ctx, v, "a.csv", bytes.NewReader(newRegister(1, 1)), importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if s := finished(t, ctx, jobs, a.ID); s.Status != importer.Done {
		t.Fatalf("%+v", s)
	}
	time.Sleep(100 * time.Millisecond)
	if _, err := jobs.Get(ctx, a.ID); fault.CodeOf(err) != fault.NotFound {
		t.Errorf("a job finished longer ago than Keep: %v, want NOT_FOUND", err)
	}
	before, _ := db.Client.Volunteer.Query().Count(sys())
	big, err := jobs.Submit(ctx, v, "big.csv", bytes.NewReader(newRegister(100, 20000)), importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	queued, err := jobs.Submit(ctx, v, "next.csv", bytes.NewReader(newRegister(30000, 1)), importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	wctx, stop := context.WithCancel(ctx)
	defer stop()
	watch, err := jobs.Watch(wctx, big.ID, time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	for s := range watch {
		if s.RowsDone > 0 {
			break // under way
		}
	}
	if err := jobs.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	sb, _ := jobs.Get(ctx, big.ID)
	sq, _ := jobs.Get(ctx, queued.ID)
	if sb.Status != importer.Failed || sb.Failure.Code != fault.Unavailable || sq.Status != importer.Failed || sq.Failure.Code != fault.Unavailable {
		t.Errorf("after Close: running %s %v, queued %s %v; want both FAILED, UNAVAILABLE", sb.Status, sb.Failure, sq.Status, sq.Failure)
	}
	if after, _ := db.Client.Volunteer.Query().Count(sys()); after != before {
		t.Errorf("%d volunteers after the cancelled import, want %d", after, before)
	}
	if _, err := jobs.Submit(ctx, v, "late.csv", bytes.NewReader(newRegister(1, 1)), importer.Options{}); fault.CodeOf(err) != fault.Unavailable {
		t.Errorf("a job after Close: %v, want UNAVAILABLE", err)
	}
}
