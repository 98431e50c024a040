package graph_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/wushehub/wushe/ent/auditentry"
	"github.com/wushehub/wushe/ent/volunteer"
	"github.com/wushehub/wushe/graph"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/demo"
	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/ident"
	"github.com/wushehub/wushe/internal/importer"
	"github.com/wushehub/wushe/internal/store"
	"github.com/wushehub/wushe/internal/store/storetest"
)

// The viewers of the import tests: Shalong's committee uploads; the others
// must not see its jobs.
var (
	shalong      = authz.Viewer{Subject: "demo-community-officer", Agency: demo.ShalongCode, Role: authz.CommunityOfficer}
	importViewer = map[string]authz.Viewer{
		"owner":     shalong,
		"colleague": {Subject: "another-officer", Agency: demo.ShalongCode, Role: authz.CommunityOfficer},
		"street":    {Subject: "demo-street-officer", Agency: demo.ShuangshuiCode, Role: authz.StreetOfficer},
		"admin":     {Subject: "demo-platform-admin", Role: authz.PlatformAdmin},
		"public":    {Role: authz.Public},
	}
)

// importServer serves one GraphQL handler — one set of background imports
// — to the viewers of importViewer: a request acts as the one its
// X-Test-Viewer header names, in the language of Accept-Language.
type importServer struct {
	t   *testing.T
	url string
}

func newImportServer(t *testing.T, db *store.DB, limits graph.Limits) *importServer {
	t.Helper()
	jobs := importer.NewJobs(importer.JobsConfig{Client: db.Client, Dialect: db.Dialect})
	t.Cleanup(func() { _ = jobs.Close(context.Background()) })
	h := graph.NewHandler(graph.Options{Client: db.Client, Dialect: db.Dialect, Log: slog.New(slog.DiscardHandler), Imports: jobs, Limits: limits})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v, ok := importViewer[r.Header.Get("X-Test-Viewer")]
		if !ok {
			t.Errorf("request without a test viewer")
		}
		ctx := authz.NewContext(r.Context(), v)
		ctx = fault.WithLang(ctx, fault.ParseAcceptLanguage(r.Header.Get("Accept-Language")))
		h.ServeHTTP(w, r.WithContext(ctx))
	}))
	t.Cleanup(srv.Close)
	return &importServer{t: t, url: srv.URL}
}

// gqlBody is a GraphQL response.
type gqlBody struct {
	Data   json.RawMessage `json:"data"`
	Errors []gqlError      `json:"errors"`
}

const importMutation = `mutation($file: Upload!, $entity: String!, $dryRun: Boolean, $partial: Boolean) {
  importRows(file: $file, entity: $entity, dryRun: $dryRun, partial: $partial) { id status entity fileName dryRun } }`

// multipartBody is a GraphQL multipart request uploading data as file name
// for variable "file" of query.
func multipartBody(t *testing.T, query string, vars map[string]any, name string, data []byte) (*bytes.Buffer, string) {
	t.Helper()
	vars["file"] = nil
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	ops, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	_ = mw.WriteField("operations", string(ops))
	_ = mw.WriteField("map", `{"0": ["variables.file"]}`)
	fw, _ := mw.CreateFormFile("0", name)
	_, _ = fw.Write(data)
	_ = mw.Close()
	return &b, mw.FormDataContentType()
}

// send posts a request as viewer and decodes its answer.
func (s *importServer) send(viewer, lang, contentType string, body io.Reader) (int, gqlBody) {
	s.t.Helper()
	req, _ := http.NewRequest("POST", s.url, body)
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("X-Test-Viewer", viewer)
	if lang != "" {
		req.Header.Set("Accept-Language", lang)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out gqlBody
	raw, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(raw, &out); err != nil {
		s.t.Fatalf("answer %d %q: %v", resp.StatusCode, raw, err)
	}
	return resp.StatusCode, out
}

// upload sends an importRows request as viewer.
func (s *importServer) upload(viewer, lang string, vars map[string]any, name string, data []byte) (int, gqlBody) {
	s.t.Helper()
	body, ct := multipartBody(s.t, importMutation, vars, name, data)
	return s.send(viewer, lang, ct, body)
}

// post sends a JSON GraphQL request as viewer and decodes data into out.
func (s *importServer) post(viewer, lang, query string, vars map[string]any, out any) []gqlError {
	s.t.Helper()
	b, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	_, resp := s.send(viewer, lang, "application/json", bytes.NewReader(b))
	if out != nil && len(resp.Data) > 0 {
		if err := json.Unmarshal(resp.Data, out); err != nil {
			s.t.Fatal(err)
		}
	}
	return resp.Errors
}

// jobView is an ImportJob as the tests read it.
type jobView struct {
	ID        string  `json:"id"`
	Status    string  `json:"status"`
	RowsTotal *int    `json:"rowsTotal"`
	RowsDone  int     `json:"rowsDone"`
	Created   int     `json:"created"`
	Updated   int     `json:"updated"`
	Unchanged int     `json:"unchanged"`
	Refused   int     `json:"refused"`
	Committed bool    `json:"committed"`
	ReportURL *string `json:"reportURL"`
	Error     *string `json:"error"`
	Rows      []struct {
		Row     int    `json:"row"`
		Outcome string `json:"outcome"`
		Cells   []struct {
			Column  *string `json:"column"`
			Header  *string `json:"header"`
			Code    string  `json:"code"`
			Message string  `json:"message"`
		} `json:"cells"`
	} `json:"rows"`
}

const jobFields = `id status rowsTotal rowsDone created updated unchanged refused committed reportURL error
  rows(refusedOnly: true) { row outcome cells { column header code message } }`

// uploaded returns the job an importRows answer carries.
func (s *importServer) uploaded(status int, resp gqlBody) jobView {
	s.t.Helper()
	if status != 200 || len(resp.Errors) > 0 {
		s.t.Fatalf("importRows: HTTP %d, errors %+v", status, resp.Errors)
	}
	var d struct{ ImportRows jobView }
	if err := json.Unmarshal(resp.Data, &d); err != nil {
		s.t.Fatal(err)
	}
	return d.ImportRows
}

// wait polls the job as viewer until it is finished.
func (s *importServer) wait(viewer, lang, id string) jobView {
	s.t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		var d struct{ ImportJob jobView }
		if errs := s.post(viewer, lang, `query($id: ID!) { importJob(id: $id) { `+jobFields+` } }`, map[string]any{"id": id}, &d); len(errs) > 0 {
			s.t.Fatalf("importJob: %+v", errs)
		}
		if d.ImportJob.Status == "DONE" || d.ImportJob.Status == "FAILED" {
			return d.ImportJob
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("job %s still %s", id, d.ImportJob.Status)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// shalongExport is the CSV export of Shalong's volunteers as its committee,
// as records: the header rows, then one row per volunteer.
func shalongExport(t *testing.T, db *store.DB) [][]string {
	t.Helper()
	spec, err := importer.Lookup("volunteer")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	ex := &importer.Exporter{Client: db.Client, Dialect: db.Dialect}
	if _, err := ex.Export(authz.NewContext(context.Background(), shalong), spec, &buf, importer.ExportOptions{Format: importer.CSV, CodePrefix: demo.ShalongCode}); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(buf.Bytes(), []byte("\uFEFF")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func column(t *testing.T, recs [][]string, header string) int {
	t.Helper()
	for i, h := range recs[0] {
		if strings.TrimPrefix(h, "*") == header {
			return i
		}
	}
	t.Fatalf("no column %s in %q", header, recs[0])
	return -1
}

func csvBytes(recs [][]string) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.WriteAll(recs)
	return b.Bytes()
}

// TestImportRows uploads an edited export of Shalong's volunteers as its
// committee: a dry run reports the changed phone number as an update and
// the impossible date, cell by cell, in Chinese, and writes nothing; the
// corrected file run for real changes the phone number and audits the
// import.
func TestImportRows(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if _, err := demo.Load(sys(), db.Client); err != nil {
			t.Fatal(err)
		}
		s := newImportServer(t, db, graph.Limits{})
		recs := shalongExport(t, db)
		phone, date, idn := column(t, recs, "手机号"), column(t, recs, "注册日期"), column(t, recs, "公民身份号码")
		target, name := recs[2][idn], recs[2][column(t, recs, "姓名")]
		oldPhone := recs[2][phone]
		recs[2][phone] = "13912345678"
		goodDate := recs[3][date]
		recs[3][date] = "2023-02-30"

		job := s.uploaded(s.upload("owner", "zh-CN", map[string]any{"entity": "volunteer", "dryRun": true}, "沙龙志愿者.csv", csvBytes(recs)))
		if job.Status != "QUEUED" && job.Status != "RUNNING" {
			t.Errorf("a new job is %s, want QUEUED or RUNNING", job.Status)
		}
		got := s.wait("owner", "zh-CN", job.ID)
		n := len(recs) - 2
		if got.Status != "DONE" || got.RowsDone != n || got.Updated != 1 || got.Refused != 1 || got.Unchanged != n-2 || got.Created != 0 || got.Committed {
			t.Fatalf("dry run: %+v, want DONE with 1 updated, 1 refused, %d unchanged, not committed", got, n-2)
		}
		if got.ReportURL == nil || *got.ReportURL != "/imports/"+job.ID+"/report.xlsx" {
			t.Errorf("reportURL %v", got.ReportURL)
		}
		if len(got.Rows) != 1 || got.Rows[0].Row != 4 || got.Rows[0].Outcome != "REFUSED" || len(got.Rows[0].Cells) != 1 {
			t.Fatalf("refused rows: %+v, want row 4 with one bad cell", got.Rows)
		}
		c := got.Rows[0].Cells[0]
		letter := string(rune('A' + date))
		if c.Column == nil || *c.Column != letter || c.Header == nil || *c.Header != "注册日期" || c.Code != "BAD_USER_INPUT" || c.Message != "“2023-02-30”不是有效日期" {
			t.Errorf("bad cell: %v %v %s %s, want %s 注册日期 BAD_USER_INPUT “2023-02-30”不是有效日期", show(c.Column), show(c.Header), c.Code, c.Message, letter)
		}
		stored := func() string {
			v, err := db.Client.Volunteer.Query().Where(volunteer.IDNumber(target)).Only(sys())
			if err != nil {
				t.Fatal(err)
			}
			return v.Phone
		}
		if p := stored(); p != oldPhone {
			t.Fatalf("after the dry run the phone is %s, want %s unchanged", p, oldPhone)
		}

		recs[3][date] = goodDate
		job = s.uploaded(s.upload("owner", "en", map[string]any{"entity": "volunteer"}, "shalong.csv", csvBytes(recs)))
		got = s.wait("owner", "en", job.ID)
		if got.Status != "DONE" || got.Updated != 1 || got.Refused != 0 || !got.Committed {
			t.Fatalf("real run: %+v, want DONE, 1 updated, committed", got)
		}
		if p := stored(); p != "13912345678" {
			t.Errorf("after the import the phone is %s, want 13912345678", p)
		}
		var d struct {
			Volunteers struct {
				Edges []struct{ Node struct{ Phone string } }
			}
		}
		if errs := s.post("owner", "", `query($id: String) { volunteers(where: {name: $id}) { edges { node { phone } } } }`, map[string]any{"id": name}, &d); len(errs) > 0 || len(d.Volunteers.Edges) != 1 || d.Volunteers.Edges[0].Node.Phone != "13912345678" {
			t.Errorf("the volunteer as GraphQL shows it: %+v %+v", d, errs)
		}
		imports, err := db.Client.AuditEntry.Query().Where(auditentry.ActionEQ(auditentry.ActionIMPORT)).Count(sys())
		if err != nil || imports != 1 {
			t.Errorf("IMPORT audit entries: %d (%v), want 1 (the dry run writes none)", imports, err)
		}
	})
}

func show(s *string) string {
	if s == nil {
		return "<nil>"
	}
	return *s
}

// TestImportJobAccess: a job is its uploader's alone. Another account of
// the same committee, the street office above it, the platform and the
// public get NOT_FOUND from importJob, node and nodes, and their
// subscriptions to its progress are refused; the uploader sees it
// everywhere and its subscription delivers the finished job, then
// completes.
func TestImportJobAccess(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if _, err := demo.Load(sys(), db.Client); err != nil {
			t.Fatal(err)
		}
		s := newImportServer(t, db, graph.Limits{})
		job := s.uploaded(s.upload("owner", "", map[string]any{"entity": "volunteer", "dryRun": true}, "v.csv", csvBytes(shalongExport(t, db))))
		s.wait("owner", "", job.ID)
		vars := map[string]any{"id": job.ID}
		for name := range importViewer {
			var d struct {
				ImportJob *jobView
				Node      *struct{ ID string }
				Nodes     []*struct{ ID string }
			}
			errs := s.post(name, "", `query($id: ID!) { importJob(id: $id) { id } node(id: $id) { id ... on ImportJob { status } } nodes(ids: [$id]) { id } }`, vars, &d)
			if name == "owner" {
				if len(errs) > 0 || d.ImportJob == nil || d.Node == nil || d.Node.ID != job.ID || len(d.Nodes) != 1 || d.Nodes[0] == nil {
					t.Errorf("owner: %+v, errors %+v", d, errs)
				}
				continue
			}
			if d.ImportJob != nil || d.Node != nil || len(d.Nodes) != 1 || d.Nodes[0] != nil {
				t.Errorf("%s sees the job: %+v", name, d)
			}
			codes := map[string]int{}
			for _, e := range errs {
				codes[e.code()]++
			}
			if codes["NOT_FOUND"] != 3 || len(errs) != 3 {
				t.Errorf("%s: errors %+v, want NOT_FOUND for importJob, node and nodes", name, errs)
			}
		}
		for name := range importViewer {
			ws := s.dialAs(t, name)
			ws.subscribe("1", `subscription($id: ID!) { importJobProgress(id: $id) { id status rowsDone } }`, vars)
			if name != "owner" {
				ws.refused(t, "1", "NOT_FOUND")
				continue
			}
			r := ws.event(t, "1")
			var p struct{ ImportJobProgress jobView }
			if err := json.Unmarshal(mustJSON(r.Data), &p); err != nil || len(r.Errors) > 0 || p.ImportJobProgress.Status != "DONE" {
				t.Errorf("owner's subscription: %+v %+v", r, err)
			}
			if m := ws.next(t); m.Type != "complete" {
				t.Errorf("after a finished job: %s, want complete", m.Type)
			}
		}
	})
}

// dialAs opens a graphql-transport-ws connection as the test viewer name.
func (s *importServer) dialAs(t *testing.T, name string) *wsClient {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(s.url, "http"), &websocket.DialOptions{
		Subprotocols: []string{"graphql-transport-ws"}, HTTPHeader: http.Header{"X-Test-Viewer": {name}}})
	if err != nil {
		t.Fatal(err)
	}
	w := &wsClient{t: t, c: c, msgs: make(chan wsMsg, 100), close: make(chan websocket.CloseError, 1)}
	t.Cleanup(func() { c.CloseNow() })
	go w.read()
	w.send(wsMsg{Type: "connection_init", Payload: mustJSON(map[string]any{})})
	if m := w.next(t); m.Type != "connection_ack" {
		t.Fatalf("connection_init: %+v", m)
	}
	return w
}

// register is a CSV register of n new Shalong volunteers.
func register(n int) []byte {
	var b bytes.Buffer
	b.WriteString("社区代码,姓名,公民身份号码,志愿者类别,服务时长(小时),注册日期\n")
	start := time.Date(1950, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		fmt.Fprintf(&b, "%s,志愿者%d,%s,居民志愿者,%d,2024-05-06\n", demo.ShalongCode, i, ident.MakeResidentID("520221", start.AddDate(0, 0, i/900), i%900+100), i%50)
	}
	return b.Bytes()
}

// TestImportJobProgress subscribes to a running import: the states arrive
// with the rows done never going back, the last one DONE with every row,
// then the subscription completes.
func TestImportJobProgress(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if _, err := demo.Load(sys(), db.Client); err != nil {
			t.Fatal(err)
		}
		s := newImportServer(t, db, graph.Limits{})
		const n = 3000
		job := s.uploaded(s.upload("owner", "", map[string]any{"entity": "volunteer", "dryRun": true}, "new.csv", register(n)))
		ws := s.dialAs(t, "owner")
		ws.subscribe("p", `subscription($id: ID!) { importJobProgress(id: $id) { status rowsDone created } }`, map[string]any{"id": job.ID})
		var states []jobView
		for {
			m := ws.next(t)
			if m.Type == "complete" {
				break
			}
			var r struct {
				Data   struct{ ImportJobProgress jobView }
				Errors []gqlError
			}
			if err := json.Unmarshal(m.Payload, &r); err != nil || len(r.Errors) > 0 {
				t.Fatalf("event %s: %v", m.Payload, err)
			}
			states = append(states, r.Data.ImportJobProgress)
		}
		last := states[len(states)-1]
		if last.Status != "DONE" || last.RowsDone != n || last.Created != n {
			t.Fatalf("last state %+v, want DONE with %d rows created", last, n)
		}
		for i := 1; i < len(states); i++ {
			if states[i].RowsDone < states[i-1].RowsDone {
				t.Errorf("rows done went back: %+v", states)
			}
		}
		t.Logf("%d states: %+v", len(states), states)
	})
}

// TestUploadTransport: multipart requests are answered like JSON ones —
// refusals are BAD_USER_INPUT in the request's language, 413 over
// MaxUploadBytes — and the JSON body limit does not bound the file.
func TestUploadTransport(t *testing.T) {
	db := storetest.SQLite(t)
	if _, err := demo.Load(sys(), db.Client); err != nil {
		t.Fatal(err)
	}
	s := newImportServer(t, db, graph.Limits{MaxBodyBytes: 4096, MaxUploadBytes: 200_000})
	file := register(1500) // about 100 KB: over the body limit, under the upload limit
	status, resp := s.upload("owner", "", map[string]any{"entity": "volunteer", "dryRun": true}, "new.csv", file)
	if status != 200 || len(resp.Errors) > 0 {
		t.Fatalf("an upload over the JSON body limit: %d %+v", status, resp.Errors)
	}
	raw := func(parts ...[2]string) (*bytes.Buffer, string) {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		for _, p := range parts {
			if p[0] == "0" {
				fw, _ := mw.CreateFormFile("0", "v.csv")
				_, _ = fw.Write([]byte(p[1]))
				continue
			}
			_ = mw.WriteField(p[0], p[1])
		}
		_ = mw.Close()
		return &b, mw.FormDataContentType()
	}
	ops := `{"query": "mutation($file: Upload!) { importRows(file: $file, entity: \"volunteer\") { id } }", "variables": {"file": null}}`
	bigBody, bigType := multipartBody(t, importMutation, map[string]any{"entity": "volunteer"}, "big.csv", register(4000))
	cases := []struct {
		name   string
		lang   string
		body   func() (*bytes.Buffer, string)
		status int
		code   string
		want   string
	}{
		{"over the upload limit", "zh", func() (*bytes.Buffer, string) { return bigBody, bigType }, 413, "BAD_USER_INPUT", "请求超过200000字节"},
		{"map first", "", func() (*bytes.Buffer, string) { return raw([2]string{"map", `{}`}, [2]string{"operations", ops}) }, 400, "BAD_USER_INPUT", "the first part must be operations"},
		{"no map", "", func() (*bytes.Buffer, string) { return raw([2]string{"operations", ops}, [2]string{"0", "x"}) }, 400, "BAD_USER_INPUT", "the second part must be map"},
		{"a path that is no variable", "", func() (*bytes.Buffer, string) {
			return raw([2]string{"operations", ops}, [2]string{"map", `{"0": ["variables.file.0.x"]}`}, [2]string{"0", "x"})
		}, 400, "BAD_USER_INPUT", `map path "variables.file.0.x"`},
		{"a file the map does not name", "", func() (*bytes.Buffer, string) {
			return raw([2]string{"operations", ops}, [2]string{"map", `{"1": ["variables.file"]}`}, [2]string{"0", "x"})
		}, 400, "BAD_USER_INPUT", `part "0" is not named in map`},
		{"a batch", "", func() (*bytes.Buffer, string) {
			return raw([2]string{"operations", "[" + ops + "]"}, [2]string{"map", `{"0": ["variables.file"]}`}, [2]string{"0", "x"})
		}, 400, "BAD_USER_INPUT", "batches are not served"},
		{"operations over the body limit", "", func() (*bytes.Buffer, string) {
			return raw([2]string{"operations", ops[:len(ops)-1] + `, "x": "` + strings.Repeat("x", 5000) + `"}`})
		}, 400, "BAD_USER_INPUT", "larger than 4096 bytes"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			body, ct := tc.body()
			status, resp := s.send("owner", tc.lang, ct, body)
			if status != tc.status || len(resp.Errors) != 1 || resp.Errors[0].code() != tc.code || !strings.Contains(resp.Errors[0].Message, tc.want) || resp.Data != nil {
				t.Errorf("HTTP %d %+v (data %s), want %d %s %q", status, resp.Errors, resp.Data, tc.status, tc.code, tc.want)
			}
		})
	}
	// Refusals of the mutation itself.
	for _, tc := range []struct {
		viewer string
		vars   map[string]any
		name   string
		data   []byte
		code   string
		field  string
	}{
		{"public", map[string]any{"entity": "volunteer"}, "v.csv", file, "FORBIDDEN", ""},
		{"owner", map[string]any{"entity": "nothing"}, "v.csv", file, "BAD_USER_INPUT", "entity"},
		{"owner", map[string]any{"entity": "volunteer"}, "v.csv", []byte("a,b\n1,2\n"), "BAD_USER_INPUT", ""},
		{"owner", map[string]any{"entity": "volunteer"}, "v.xlsx", []byte("not a workbook"), "BAD_USER_INPUT", ""},
		{"owner", map[string]any{"entity": "volunteer"}, "v.xls", []byte{0xD0, 0xCF, 0x11, 0xE0, 0, 0, 0, 0}, "BAD_USER_INPUT", "file"},
		{"owner", map[string]any{"entity": "volunteer"}, "v.csv", nil, "BAD_USER_INPUT", "file"},
	} {
		status, resp := s.upload(tc.viewer, "", tc.vars, tc.name, tc.data)
		if status != 200 || len(resp.Errors) != 1 || resp.Errors[0].code() != tc.code || resp.Errors[0].field() != tc.field {
			t.Errorf("%s uploading %s as %s: %d %+v, want %s (field %q)", tc.vars["entity"], tc.name, tc.viewer, status, resp.Errors, tc.code, tc.field)
		}
	}
}
