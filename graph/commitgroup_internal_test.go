package graph

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"strconv"
	"sync"
	"testing"
	"time"

	"entgo.io/ent/dialect"
	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/ent/activity"
	"github.com/wushehub/wushe/ent/auditentry"
	"github.com/wushehub/wushe/ent/community"
	"github.com/wushehub/wushe/ent/schema/enum"
	"github.com/wushehub/wushe/internal/audit"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/demo"
	"github.com/wushehub/wushe/internal/events"
	"github.com/wushehub/wushe/internal/store"
	"github.com/wushehub/wushe/internal/store/storetest"
)

// TestCommitGroups: mutations that arrive while a group's transaction runs
// commit together, in one transaction, in arrival order; one whose answer
// has errors, or that panics, is rolled back to its savepoint without its
// audit entries and the others commit; the chain verifies, with the
// entries of the committed writes in arrival order; and no member answers
// before the commit. On SQLite (one writer at a time) there are no groups:
// each mutation has a transaction of its own.
func TestCommitGroups(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		tr := newTransactioner(db.Client, db.Dialect, presentError(log), log, true)
		if db.Dialect != dialect.Postgres {
			if tr.groups != nil {
				t.Fatal("commit groups on SQLite")
			}
			return
		}
		g := tr.groups
		sysCtx := authz.SystemContext(context.Background())
		if _, err := demo.Load(sysCtx, db.Client); err != nil {
			t.Fatal(err)
		}
		cm, err := db.Client.Community.Query().Where(community.Code(demo.KangzhuangCode)).Only(sysCtx)
		if err != nil {
			t.Fatal(err)
		}
		viewer := authz.Viewer{Subject: "kz", Agency: demo.KangzhuangCode, Role: authz.CommunityOfficer}
		head := func() int64 {
			last, err := db.Client.AuditEntry.Query().Order(ent.Desc(auditentry.FieldSeq)).First(sysCtx)
			if ent.IsNotFound(err) {
				return 0
			}
			if err != nil {
				t.Fatal(err)
			}
			return last.Seq
		}
		before := head()

		// Each job creates an activity titled by its name; "fails" then
		// answers an error, "panics" panics.
		// Each records its transaction (the top-level one, in a savepoint).
		var txMu sync.Mutex
		txOf := map[string]int64{}
		job := func(name string) graphql.ResponseHandler {
			return func(ctx context.Context) *graphql.Response {
				rows, err := ent.FromContext(ctx).QueryContext(ctx, "SELECT txid_current()")
				if err != nil {
					return &graphql.Response{Errors: gqlerror.List{gqlerror.Errorf("%v", err)}}
				}
				var xid int64
				for rows.Next() {
					err = rows.Scan(&xid)
				}
				if cerr := rows.Close(); err == nil {
					err = cerr
				}
				if err != nil {
					return &graphql.Response{Errors: gqlerror.List{gqlerror.Errorf("%v", err)}}
				}
				txMu.Lock()
				txOf[name] = xid
				txMu.Unlock()
				if name == "sleeps" {
					if _, err := ent.FromContext(ctx).ExecContext(ctx, "SELECT pg_sleep(0.5)"); err != nil {
						return &graphql.Response{Errors: gqlerror.List{gqlerror.Errorf("%v", err)}}
					}
				}
				if _, err := ent.FromContext(ctx).Activity.Create().SetTitle("group " + name).
					SetCategory(enum.CultureScience).SetHeldOn(time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)).
					SetCommunityID(cm.ID).Save(ctx); err != nil {
					return &graphql.Response{Errors: gqlerror.List{gqlerror.Errorf("%v", err)}}
				}
				switch name {
				case "fails":
					return &graphql.Response{Errors: gqlerror.List{gqlerror.Errorf("a field failed")}}
				case "panics":
					panic("a resolver panicked")
				}
				return &graphql.Response{Data: json.RawMessage(`{"ok":true}`)}
			}
		}
		names := []string{"first", "fails", "second", "panics", "third"}
		// Hold the gate, as a group running would, so that all five gather.
		g.gate <- struct{}{}
		resps := make([]*graphql.Response, len(names))
		var wg sync.WaitGroup
		for i, name := range names {
			wg.Add(1)
			go func() {
				defer wg.Done()
				resps[i] = g.run(authz.NewContext(context.Background(), viewer), job(name))
			}()
			// Wait until it has joined, so that the arrival order is names'.
			for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(time.Millisecond) {
				g.mu.Lock()
				n := 0
				if g.next != nil {
					n = len(g.next.jobs)
				}
				g.mu.Unlock()
				if n == i+1 {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("%s did not join the group", name)
				}
			}
		}
		var committed int
		if err := db.SQL.QueryRow(`SELECT count(*) FROM activities WHERE title LIKE 'group %'`).Scan(&committed); err != nil || committed != 0 {
			t.Fatalf("%d activities (%v) before the group ran, want 0", committed, err)
		}
		<-g.gate
		wg.Wait()

		for i, name := range names {
			failed := name == "fails" || name == "panics"
			if r := resps[i]; r == nil || (len(r.Errors) > 0) != failed {
				t.Errorf("%s answered %+v, want failed=%v", name, r, failed)
			}
		}
		rows, err := db.SQL.Query(`SELECT title FROM activities WHERE title LIKE 'group %' ORDER BY id`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var titles []string
		for rows.Next() {
			var title string
			if err := rows.Scan(&title); err != nil {
				t.Fatal(err)
			}
			titles = append(titles, title)
		}
		txs := map[int64]bool{}
		for _, name := range names {
			txs[txOf[name]] = true
		}
		if want := []string{"group first", "group second", "group third"}; len(titles) != 3 || titles[0] != want[0] || titles[1] != want[1] || titles[2] != want[2] {
			t.Errorf("activities %q, want %q", titles, want)
		}
		if len(txs) != 1 {
			t.Errorf("the group's mutations ran in %d transactions (%v), want 1", len(txs), txOf)
		}
		entries, err := db.Client.AuditEntry.Query().Where(auditentry.SeqGT(before)).Order(ent.Asc(auditentry.FieldSeq)).All(sysCtx)
		if err != nil {
			t.Fatal(err)
		}
		ids, err := db.Client.Activity.Query().Where(activity.TitleHasPrefix("group ")).Order(ent.Asc(activity.FieldID)).IDs(sysCtx)
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != len(ids) {
			t.Fatalf("%d audit entries after the group, want %d (one per committed activity)", len(entries), len(ids))
		}
		for i, e := range entries {
			if e.Entity != "Activity" || e.Action != auditentry.ActionCREATE || e.EntityID != ids[i] || e.Subject != "kz" {
				t.Errorf("entry %d: %s %s %d by %q, want CREATE Activity %d by kz", e.Seq, e.Action, e.Entity, e.EntityID, e.Subject, ids[i])
			}
		}
		if res, err := audit.Verify(sysCtx, db.Client); err != nil || !res.OK {
			t.Fatalf("verify: %+v %v", res, err)
		}

		// A group whose every mutation fails commits nothing; the next
		// group is not held up by it.
		if r := g.run(authz.NewContext(context.Background(), viewer), job("fails")); len(r.Errors) == 0 {
			t.Errorf("a failing mutation alone answered %+v", r)
		}
		if r := g.run(authz.NewContext(context.Background(), viewer), job("fourth")); len(r.Errors) > 0 {
			t.Errorf("a mutation alone answered %v", r.Errors)
		}
		if err := db.SQL.QueryRow(`SELECT count(*) FROM activities WHERE title LIKE 'group %'`).Scan(&committed); err != nil || committed != 4 {
			t.Errorf("%d activities (%v), want 4", committed, err)
		}
		if res, err := audit.Verify(sysCtx, db.Client); err != nil || !res.OK {
			t.Fatalf("verify: %+v %v", res, err)
		}

		// A mutation whose client goes away while it runs still runs, and
		// the group's others commit (lib/pq would close the connection of a
		// statement canceled by its context, and with it the transaction).
		g.gate <- struct{}{}
		gone, leave := context.WithCancel(authz.NewContext(context.Background(), viewer))
		var sleeps, after *graphql.Response
		wg.Add(2)
		go func() { defer wg.Done(); sleeps = g.run(gone, job("sleeps")) }()
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(time.Millisecond) {
			g.mu.Lock()
			joined := g.next != nil
			g.mu.Unlock()
			if joined {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("the mutation did not join")
			}
		}
		go func() { defer wg.Done(); after = g.run(authz.NewContext(context.Background(), viewer), job("after")) }()
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(time.Millisecond) {
			g.mu.Lock()
			n := len(g.next.jobs)
			g.mu.Unlock()
			if n == 2 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("the second mutation did not join")
			}
		}
		<-g.gate
		time.Sleep(150 * time.Millisecond) // into its pg_sleep
		leave()
		wg.Wait()
		if len(sleeps.Errors) > 0 || len(after.Errors) > 0 {
			t.Errorf("the group of a mutation whose client went away answered %v and %v, want no errors", sleeps.Errors, after.Errors)
		}
		if err := db.SQL.QueryRow(`SELECT count(*) FROM activities WHERE title IN ('group sleeps', 'group after')`).Scan(&committed); err != nil || committed != 2 {
			t.Errorf("%d of the two activities (%v) committed", committed, err)
		}

		// A full group takes no more: those after it gather for the next.
		g.gate <- struct{}{}
		total := maxGroup + 2
		for i := range total {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if r := g.run(authz.NewContext(context.Background(), viewer), job("cap "+strconv.Itoa(i))); len(r.Errors) > 0 {
					t.Errorf("cap %d: %v", i, r.Errors)
				}
			}()
		}
		for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(time.Millisecond) {
			g.mu.Lock()
			n := 0
			if g.next != nil {
				n = len(g.next.jobs)
			}
			g.mu.Unlock()
			if n == total-maxGroup {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("the mutations did not gather in two groups (%d in the last)", n)
			}
		}
		<-g.gate
		wg.Wait()
		perTx := map[int64]int{}
		for i := range total {
			perTx[txOf["cap "+strconv.Itoa(i)]]++
		}
		if len(perTx) != 2 {
			t.Errorf("%d mutations ran in %d transactions (%v), want 2", total, len(perTx), perTx)
		}
		for xid, n := range perTx {
			if n != maxGroup && n != total-maxGroup {
				t.Errorf("transaction %d ran %d mutations, want %d or %d", xid, n, maxGroup, total-maxGroup)
			}
		}
		if res, err := audit.Verify(sysCtx, db.Client); err != nil || !res.OK {
			t.Fatalf("verify: %+v %v", res, err)
		}
	})
}

// TestGroupCommitsOptions: a handler groups its mutations unless told not
// to or its events go on the in-process bus, which publishes from commit
// hooks.
func TestGroupCommitsOptions(t *testing.T) {
	local := events.NewLocal(slog.New(slog.DiscardHandler))
	defer local.Close()
	for _, c := range []struct {
		name string
		o    Options
		want bool
	}{
		{"default", Options{}, true},
		{"alone", Options{CommitAlone: true}, false},
		{"in-process bus", Options{Bus: local}, false},
	} {
		if got := groupCommits(c.o); got != c.want {
			t.Errorf("%s: groupCommits %v, want %v", c.name, got, c.want)
		}
	}
}
