package graph_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/99designs/gqlgen/client"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/graph"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/ident"
	"github.com/wushehub/wushe/internal/scalar"
	"github.com/wushehub/wushe/internal/store"
	"github.com/wushehub/wushe/internal/store/storetest"
)

var (
	admin  = authz.Viewer{Subject: "test-admin", Role: authz.PlatformAdmin}
	public = authz.Viewer{Role: authz.Public}
)

// gqlError is one entry of a response's errors.
type gqlError struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

func (e gqlError) code() string  { s, _ := e.Extensions["code"].(string); return s }
func (e gqlError) field() string { s, _ := e.Extensions["field"].(string); return s }

// api drives the real schema over one database as one viewer.
type api struct {
	t    testing.TB
	db   *store.DB
	c    *client.Client
	h    http.Handler  // what c posts to
	last *atomic.Int64 // SQL statements of the last request
}

// newAPI returns an API client for viewer, whose requests ask for lang.
func newAPI(t testing.TB, db *store.DB, viewer authz.Viewer, lang fault.Lang) *api {
	t.Helper()
	return newAPIWith(t, db, viewer, lang, nil)
}

// newAPIWith is newAPI with the handler's options changed by set (when not
// nil).
func newAPIWith(t testing.TB, db *store.DB, viewer authz.Viewer, lang fault.Lang, set func(*graph.Options)) *api {
	t.Helper()
	o := graph.Options{Client: db.Client, Dialect: db.Dialect, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		// Access tests read whole tables; the limits have tests of their own.
		Limits: graph.Limits{MaxPageSize: 100000, MaxCost: 1 << 30}}
	if set != nil {
		set(&o)
	}
	h := graph.NewHandler(o)
	a := &api{t: t, db: db}
	wrapped := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := authz.NewContext(r.Context(), viewer)
		ctx = fault.WithLang(ctx, lang)
		ctx, a.last = store.CountStatements(ctx)
		h.ServeHTTP(w, r.WithContext(ctx))
	})
	a.c, a.h = client.New(wrapped), wrapped
	return a
}

// do runs query with vars and decodes data into out (when not nil); it
// returns the response's errors.
func (a *api) do(query string, vars map[string]any, out any) []gqlError {
	a.t.Helper()
	var opts []client.Option
	for k, v := range vars {
		opts = append(opts, client.Var(k, v))
	}
	resp, err := a.c.RawPost(query, opts...)
	if err != nil {
		a.t.Fatalf("post: %v", err)
	}
	var errs []gqlError
	if len(resp.Errors) > 0 {
		if err := json.Unmarshal(resp.Errors, &errs); err != nil {
			a.t.Fatalf("decoding errors %s: %v", resp.Errors, err)
		}
	}
	if out != nil && resp.Data != nil {
		b, err := json.Marshal(resp.Data)
		if err != nil {
			a.t.Fatal(err)
		}
		if err := json.Unmarshal(b, out); err != nil {
			a.t.Fatalf("decoding data %s: %v", b, err)
		}
	}
	return errs
}

// mustDo is do that fails the test on any error.
func (a *api) mustDo(query string, vars map[string]any, out any) {
	a.t.Helper()
	if errs := a.do(query, vars, out); len(errs) > 0 {
		a.t.Fatalf("unexpected errors: %+v\nquery: %s", errs, query)
	}
}

// sys returns a context acting as the hub itself, for fixtures.
func sys() context.Context { return authz.SystemContext(context.Background()) }

func date(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// fixture is a minimal district: province → city → district → street →
// community, a university with groups, and social workers and volunteers
// stationed in the community.
type fixture struct {
	province, city, district, street *ent.Division
	community                        *ent.Community
	university                       *ent.University
	groups                           []*ent.StudentGroup
	workers                          []*ent.SocialWorker
	volunteers                       []*ent.Volunteer
	department                       *ent.Department
	enterprise                       *ent.Enterprise
}

func newFixture(t testing.TB, c *ent.Client) *fixture {
	t.Helper()
	ctx := sys()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("fixture: %v", err)
		}
	}
	f := &fixture{}
	var err error
	f.province, err = c.Division.Create().SetCode("640000000000").SetName("宁夏回族自治区").SetLevel("PROVINCE").Save(ctx)
	must(err)
	f.city, err = c.Division.Create().SetCode("640100000000").SetName("银川市").SetLevel("CITY").SetParent(f.province).Save(ctx)
	must(err)
	f.district, err = c.Division.Create().SetCode("640105000000").SetName("西夏区").SetLevel("DISTRICT").SetParent(f.city).Save(ctx)
	must(err)
	f.street, err = c.Division.Create().SetCode("640105001000").SetName("西花园路街道").SetLevel("STREET").SetParent(f.district).Save(ctx)
	must(err)
	f.community, err = c.Community.Create().SetCode("640105001002").SetName("康庄社区").SetStreet(f.street).
		SetHouseholds(3000).SetPopulation(8600).SetAreaKm2(1.2).Save(ctx)
	must(err)
	f.department, err = c.Department.Create().SetName("西夏区民政局").SetKind("GOVERNMENT").SetDivision(f.district).Save(ctx)
	must(err)
	f.enterprise, err = c.Enterprise.Create().SetUscc(ident.MakeUSCC('9', '1', "640105", "MA7AB001")).SetName("宁夏某科技有限公司").SetKind("ENTERPRISE").Save(ctx)
	must(err)
	f.university, err = c.University.Create().SetCode("4164010749").SetName("宁夏大学").SetKind("UNIVERSITY").
		SetLatitude(38.496).SetLongitude(106.137).Save(ctx)
	must(err)
	for _, name := range []string{"社会学2023级团支部", "青年志愿者协会", "心理健康协会", "法律援助社", "支教协会"} {
		g, err := c.StudentGroup.Create().SetName(name).SetKind("CLUB").SetCapacity(2).SetUniversity(f.university).Save(ctx)
		must(err)
		f.groups = append(f.groups, g)
	}
	for _, name := range []string{"李静", "王磊", "张敏"} {
		w, err := c.SocialWorker.Create().SetName(name).SetLevel("ASSISTANT").SetCommunity(f.community).Save(ctx)
		must(err)
		f.workers = append(f.workers, w)
	}
	for _, name := range []string{"马兰", "杨帆"} {
		v, err := c.Volunteer.Create().SetName(name).SetKind("RESIDENT").SetCommunity(f.community).Save(ctx)
		must(err)
		f.volunteers = append(f.volunteers, v)
	}
	return f
}

// statements returns the number of SQL statements the last request sent.
func (a *api) statements() int64 { return a.last.Load() }

// scalarDecode decodes an opaque global ID.
func scalarDecode(id string) (int, error) { return scalar.DecodeID(id) }

func itoa(i int) string { return strconv.Itoa(i) }

func fmtAny(v any) string { return fmt.Sprint(v) }

func storetestPostgresUnset() bool { return os.Getenv(storetest.PostgresEnv) == "" }

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }
