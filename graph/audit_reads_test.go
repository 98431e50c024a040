package graph_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/wushehub/wushe/ent/auditentry"
	"github.com/wushehub/wushe/graph"
	"github.com/wushehub/wushe/internal/audit"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/scalar"
	"github.com/wushehub/wushe/internal/store"
	"github.com/wushehub/wushe/internal/store/storetest"
)

var unavailable = string(fault.Unavailable)

const english = "the audit log cannot be written; protected fields are not served until it can"

// refuseReadEntries makes db refuse every READ entry of the audit log, as
// a full disk or a failing server would refuse them, while other entries
// (those of mutations) are still written; restore lifts it.
func refuseReadEntries(t *testing.T, db *store.DB) (restore func()) {
	t.Helper()
	if db.Dialect == "postgres" {
		mustExec(t, db, `CREATE FUNCTION audit_reads_refused() RETURNS trigger LANGUAGE plpgsql AS $$
			BEGIN
				IF NEW.action = 'READ' THEN RAISE EXCEPTION 'READ entries refused by the test'; END IF;
				RETURN NEW;
			END $$`)
		mustExec(t, db, `CREATE TRIGGER audit_reads_refused BEFORE INSERT ON audit_entries FOR EACH ROW EXECUTE FUNCTION audit_reads_refused()`)
		return func() {
			mustExec(t, db, `DROP TRIGGER audit_reads_refused ON audit_entries`)
			mustExec(t, db, `DROP FUNCTION audit_reads_refused()`)
		}
	}
	mustExec(t, db, `CREATE TRIGGER audit_reads_refused BEFORE INSERT ON audit_entries WHEN NEW.action = 'READ'
		BEGIN SELECT RAISE(FAIL, 'READ entries refused by the test'); END`)
	return func() { mustExec(t, db, `DROP TRIGGER audit_reads_refused`) }
}

// groupedReads returns the server's writer of audited reads over db,
// closed when t ends.
func groupedReads(t *testing.T, db *store.DB) *audit.Reads {
	t.Helper()
	r := audit.NewReads(db.Client, db.Dialect, slog.New(slog.DiscardHandler))
	t.Cleanup(func() {
		if err := r.Close(context.Background()); err != nil {
			t.Error(err)
		}
	})
	return r
}

// readEntries counts the READ entries of entity's record id made by
// operation.
func readEntries(t *testing.T, db *store.DB, entity string, id int, operation string) int {
	t.Helper()
	n, err := db.Client.AuditEntry.Query().Where(auditentry.ActionEQ(auditentry.ActionREAD),
		auditentry.Entity(entity), auditentry.EntityID(id), auditentry.Operation(operation)).Count(sys())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// answer is an HTTP answer of the GraphQL endpoint, as sent.
type answer struct {
	status int
	header http.Header
	raw    string
	body   struct {
		Data   json.RawMessage `json:"data"`
		Errors []gqlError      `json:"errors"`
	}
}

// post sends query over HTTP and returns the answer as it came, whatever
// its status, for what it must and must not hold.
func (a *api) post(query string, vars map[string]any) answer {
	a.t.Helper()
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		a.t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, req)
	ans := answer{status: rec.Code, header: rec.Header(), raw: rec.Body.String()}
	if err := json.Unmarshal(rec.Body.Bytes(), &ans.body); err != nil {
		a.t.Fatalf("decoding %s: %v", ans.raw, err)
	}
	return ans
}

// unaudited checks that ans is the answer of a request whose protected
// values could not be audited: 503 with Retry-After, no data, one
// UNAVAILABLE error saying why, and none of the values in secrets.
func unaudited(t *testing.T, what string, ans answer, message string, secrets ...string) {
	t.Helper()
	if ans.status != http.StatusServiceUnavailable || ans.header.Get("Retry-After") == "" {
		t.Errorf("%s: HTTP %d, Retry-After %q, want 503 with Retry-After", what, ans.status, ans.header.Get("Retry-After"))
	}
	if len(ans.body.Data) > 0 && string(ans.body.Data) != "null" {
		t.Errorf("%s: the audit log refuses entries, yet the answer has data: %s", what, ans.raw)
	}
	for _, s := range secrets {
		if strings.Contains(ans.raw, s) {
			t.Errorf("%s: the answer holds %s: %s", what, s, ans.raw)
		}
	}
	if errs := ans.body.Errors; len(errs) != 1 || errs[0].code() != unavailable || errs[0].Message != message {
		t.Errorf("%s: errors %+v, want one UNAVAILABLE: %q", what, errs, message)
	}
}

// TestAuditedReadsFailClosed: a CONDITIONAL or NONE value reaches the
// client only once its READ entry is in the chain — with the server's
// grouped writer and with the write in the request alike. When the entry
// cannot be written the response carries no data, only UNAVAILABLE; a
// mutation whose answer holds such a value is rolled back with it; what is
// not protected is still served.
func TestAuditedReadsFailClosed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db.Client)
		vol := db.Client.Volunteer.Create().SetName("电话测试").SetKind("RESIDENT").SetCommunity(f.community).SetPhone("13800001111").SaveX(sys())
		officer := authz.Viewer{Subject: "kz", Agency: f.community.Code, Role: authz.CommunityOfficer}
		reads := groupedReads(t, db)
		paths := []struct {
			name string
			api  *api
		}{
			{"written in the request", newAPI(t, db, officer, fault.English)},
			{"grouped writer", newAPIWith(t, db, officer, fault.English, func(o *graph.Options) { o.Reads = reads })},
		}
		const phoneQuery = `query Phone($id: ID!) { node(id: $id) { ... on Volunteer { name phone } } }`
		vars := map[string]any{"id": scalar.EncodeID(vol.ID)}
		type phoneData struct{ Node *struct{ Name, Phone string } }

		for _, p := range paths {
			before := readEntries(t, db, "Volunteer", vol.ID, "Phone")
			var got phoneData
			p.api.mustDo(phoneQuery, vars, &got)
			if got.Node == nil || got.Node.Phone != "13800001111" {
				t.Fatalf("%s: got %+v, want the phone", p.name, got.Node)
			}
			if n := readEntries(t, db, "Volunteer", vol.ID, "Phone"); n != before+1 {
				t.Errorf("%s: %d READ entries right after the response, want %d: the phone was served before its entry was written", p.name, n, before+1)
			}
		}

		restore := refuseReadEntries(t, db)
		for _, p := range paths {
			unaudited(t, p.name, p.api.post(phoneQuery, vars), english, "13800001111")

			// What is not protected is served.
			var name phoneData
			p.api.mustDo(`query Name($id: ID!) { node(id: $id) { ... on Volunteer { name } } }`, vars, &name)
			if name.Node == nil || name.Node.Name != "电话测试" {
				t.Errorf("%s: the name = %+v, want it served while the audit log refuses entries", p.name, name.Node)
			}

			// A mutation answering with a protected value is undone.
			title := "审计失败" + p.name
			unaudited(t, p.name+": mutation", p.api.post(`mutation Add($c: ID!, $n: String!) { createVolunteer(input: {name: $n, kind: RESIDENT, communityID: $c, phone: "13900002222"}) { id phone } }`,
				map[string]any{"c": scalar.EncodeID(f.community.ID), "n": title}), english, "13900002222")
			var created int
			if err := db.SQL.QueryRow(rebind(db, "SELECT count(*) FROM volunteers WHERE name = ?"), title).Scan(&created); err != nil || created != 0 {
				t.Errorf("%s: %d volunteers created (%v) by a mutation whose answer could not be audited, want 0", p.name, created, err)
			}
		}
		unaudited(t, "in Chinese", newAPI(t, db, officer, fault.Chinese).post(phoneQuery, vars), "审计日志无法写入；在恢复之前不提供受保护字段", "13800001111")
		restore()

		for _, p := range paths {
			var got phoneData
			p.api.mustDo(phoneQuery, vars, &got)
			if got.Node == nil || got.Node.Phone != "13800001111" {
				t.Errorf("%s after the audit log recovered: got %+v, want the phone", p.name, got.Node)
			}
		}
		res, err := audit.Verify(sys(), db.Client)
		if err != nil || !res.OK {
			t.Fatalf("verify: %+v %v", res, err)
		}
	})
}

// TestAuditedReadsConcurrent: many requests at once, each reading protected
// fields, each find all their entries in the chain when their response
// arrives; the chain is one and verifies.
func TestAuditedReadsConcurrent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db.Client)
		for i := range 3 {
			db.Client.Volunteer.Create().SetName(fmt.Sprintf("并发%d", i)).SetKind("RESIDENT").
				SetCommunity(f.community).SetPhone(fmt.Sprintf("1380000%04d", i)).SaveX(sys())
		}
		vols := db.Client.Volunteer.Query().AllX(sys()) // the fixture's too: each read is one entry
		officer := authz.Viewer{Subject: "kz", Agency: f.community.Code, Role: authz.CommunityOfficer}
		reads := groupedReads(t, db)
		before := db.Client.AuditEntry.Query().CountX(sys())
		const n = 24
		apis := make([]*api, n)
		for i := range apis {
			apis[i] = newAPIWith(t, db, officer, fault.English, func(o *graph.Options) { o.Reads = reads })
		}
		var wg sync.WaitGroup
		problems := make(chan string, n*len(vols)+n)
		for i, a := range apis {
			wg.Add(1)
			go func() {
				defer wg.Done()
				op := fmt.Sprintf("Many%d", i)
				resp, err := a.c.RawPost(`query ` + op + ` { volunteers { edges { node { name phone } } } }`)
				if err != nil {
					problems <- op + ": " + err.Error()
					return
				}
				if len(resp.Errors) > 0 || !strings.Contains(fmtAny(resp.Data), "13800000002") {
					problems <- fmt.Sprintf("%s: %s %v", op, resp.Errors, resp.Data)
					return
				}
				for _, v := range vols {
					if got := readEntries(t, db, "Volunteer", v.ID, op); got != 1 {
						problems <- fmt.Sprintf("%s: %d READ entries for volunteer %d right after the response, want 1", op, got, v.ID)
					}
				}
			}()
		}
		wg.Wait()
		close(problems)
		for p := range problems {
			t.Error(p)
		}
		res, err := audit.Verify(sys(), db.Client)
		if err != nil || !res.OK || res.Checked != int64(before+n*len(vols)) {
			t.Fatalf("verify = %+v %v, want ok over %d entries", res, err, before+n*len(vols))
		}
	})
}

// TestSubscriptionAuditFailsClosed: each event of a subscription delivers
// its protected fields only once their entries are written; while the
// audit log refuses them the event carries UNAVAILABLE and no data, and the
// subscription goes on.
func TestSubscriptionAuditFailsClosed(t *testing.T) {
	eachBus(t, func(t *testing.T, db *store.DB, b bus) {
		w := newWorld2(t, db.Client)
		admin := newAPI(t, db, admin, fault.English)
		reads := groupedReads(t, db)
		officer := authz.Viewer{Subject: "kz", Agency: w.community.Code, Role: authz.CommunityOfficer}
		h := graph.NewHandler(graph.Options{Client: db.Client, Dialect: db.Dialect, Log: slog.New(slog.DiscardHandler), Bus: b, Reads: reads})
		srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
			ctx := authz.NewContext(fault.WithLang(r.Context(), fault.English), officer)
			h.ServeHTTP(rw, r.WithContext(ctx))
		}))
		t.Cleanup(srv.Close)
		c, ce := dial(t, "ws"+strings.TrimPrefix(srv.URL, "http"), "graphql-transport-ws", nil)
		if ce != nil {
			t.Fatalf("connection refused: %v", ce)
		}
		c.send(wsMsg{ID: "c", Type: "subscribe", Payload: mustJSON(map[string]any{
			"query":     `subscription Follow($c: ID!) { consultationUpdated(community: $c) { id raisedBy } }`,
			"variables": map[string]any{"c": scalar.EncodeID(w.community.ID)}})})
		waitSubscribers(t, b, 1)
		raise := func(title string) int {
			var out struct{ CreateConsultation struct{ ID string } }
			admin.mustDo(`mutation ($c: ID!, $t: String!) { createConsultation(input: {communityID: $c, title: $t, category: PARKING, raisedOn: "2025-04-01", raisedBy: "王阿姨"}) { id } }`,
				map[string]any{"c": scalar.EncodeID(w.community.ID), "t": title}, &out)
			id, err := scalar.DecodeID(out.CreateConsultation.ID)
			if err != nil {
				t.Fatal(err)
			}
			return id
		}

		id := raise("审计正常")
		r := c.event(t, "c")
		if !strings.Contains(string(r.Data["consultationUpdated"]), "王阿姨") || len(r.Errors) > 0 {
			t.Fatalf("event = %s %+v, want raisedBy", r.Data["consultationUpdated"], r.Errors)
		}
		if n := readEntries(t, db, "Consultation", id, "Follow"); n != 1 {
			t.Errorf("%d READ entries when the event arrived, want 1", n)
		}

		restore := refuseReadEntries(t, db)
		raise("审计失败")
		m := c.next(t)
		if m.ID != "c" || strings.Contains(string(m.Payload), "王阿姨") {
			t.Fatalf("while the audit log refuses entries: %s %s %s, want no raisedBy", m.Type, m.ID, m.Payload)
		}
		var failed result
		if err := json.Unmarshal(m.Payload, &failed); err != nil {
			t.Fatal(err)
		}
		if failed.Data != nil || len(failed.Errors) != 1 || failed.Errors[0].code() != unavailable {
			t.Errorf("while the audit log refuses entries: %s, want no data and one UNAVAILABLE", m.Payload)
		}
		restore()

		id = raise("审计恢复")
		r = c.event(t, "c")
		if !strings.Contains(string(r.Data["consultationUpdated"]), "王阿姨") || len(r.Errors) > 0 {
			t.Errorf("after the audit log recovered: %s %+v, want raisedBy", r.Data["consultationUpdated"], r.Errors)
		}
		if n := readEntries(t, db, "Consultation", id, "Follow"); n != 1 {
			t.Errorf("%d READ entries when the event arrived, want 1", n)
		}
	})
}
