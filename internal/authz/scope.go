//go:build !entbootstrap

package authz

import (
	"context"
	"fmt"
	"sync"
	"time"

	entsql "entgo.io/ent/dialect/sql"
	"entgo.io/ent/privacy"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/ent/agency"
	"github.com/wushehub/wushe/ent/community"
	"github.com/wushehub/wushe/ent/division"
	"github.com/wushehub/wushe/ent/enterprise"
	"github.com/wushehub/wushe/ent/pairing"
	"github.com/wushehub/wushe/ent/school"
	"github.com/wushehub/wushe/ent/sharingagreement"
	"github.com/wushehub/wushe/ent/socialorganization"
	"github.com/wushehub/wushe/ent/studentgroup"
	"github.com/wushehub/wushe/ent/university"
	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/ident"
)

// actor is whose rights a rule applies: the viewer, or the grantor of the
// sharing agreement the request names as its purpose.
type actor struct {
	role   Role
	code   string // agency code
	prefix string // significant division prefix, for offices
	person int    // the volunteer a VOLUNTEER viewer is
}

func actorOf(v Viewer) actor {
	if v.Role == Volunteer {
		// A person acts for no agency: no rule keyed on agency codes
		// applies to it, only those naming its own records.
		return actor{role: v.Role, person: v.Person}
	}
	a := actor{role: v.Role, code: v.Agency}
	if v.IsOffice() {
		a.prefix = ident.Prefix(v.Agency)
	}
	return a
}

func (a actor) platform() bool { return a.role == PlatformAdmin }
func (a actor) office() bool   { return a.prefix != "" }
func (a actor) writer() bool {
	return a.role != DistrictAuditor && a.role != Public && a.role != Volunteer
}
func (a actor) is(r Role) bool  { return a.role == r && a.code != "" }
func (a actor) community() bool { return a.is(CommunityOfficer) }

// Relation is how a record relates to an actor, deciding which fields it may
// read: UNCONDITIONAL ones whenever it sees the row, CONDITIONAL ones from
// Hierarchy up, NONE ones only as Owner.
type Relation int

// The relations of a record to an actor.
const (
	Stranger  Relation = iota // sees the row, if at all, through partnership or publicity
	Hierarchy                 // an office above the record, its community, the platform
	Owner                     // the agency the record belongs to
)

// Request caches, for one request, what the rules look up about the
// viewer's (and its grantor's) own records, and the sharing agreement it
// names as purpose.
type Request struct {
	client *ent.Client
	now    time.Time

	mu   sync.Mutex
	ids  map[string]map[int]bool
	one  map[string]int
	done map[string]bool

	grantOnce sync.Once
	grant     *Grant
	grantErr  error
}

// Grant is a sharing agreement in force for a request.
type Grant struct {
	Agreement *ent.SharingAgreement
	grantor   actor
	fields    map[string]bool
}

type requestKey struct{}

// WithRequest returns ctx carrying a fresh per-request cache that reads
// through client. The HTTP layer calls it once per GraphQL operation.
func WithRequest(ctx context.Context, client *ent.Client) context.Context {
	return context.WithValue(ctx, requestKey{}, &Request{
		client: client, now: time.Now(),
		ids: map[string]map[int]bool{}, one: map[string]int{}, done: map[string]bool{},
	})
}

// requestOf returns the request cache of ctx, or nil outside a request.
func requestOf(ctx context.Context) *Request {
	r, _ := ctx.Value(requestKey{}).(*Request)
	return r
}

// bypass returns ctx allowed to read anything: for lookups the rules make
// on their own behalf.
func bypass(ctx context.Context) context.Context {
	return privacy.DecisionContext(ctx, privacy.Allow)
}

// client returns the client to read with: the transaction of ctx when there
// is one (so that lookups see, and do not block on, the request's writes).
func (r *Request) clientFor(ctx context.Context) *ent.Client {
	if c := ent.FromContext(ctx); c != nil {
		return c
	}
	return r.client
}

// set returns (and caches) a set of ids.
func (r *Request) set(ctx context.Context, key string, load func(*ent.Client, context.Context) ([]int, error)) map[int]bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if s, ok := r.ids[key]; ok {
		return s
	}
	ids, err := load(r.clientFor(ctx), bypass(ctx))
	s := map[int]bool{}
	if err == nil {
		for _, id := range ids {
			s[id] = true
		}
	}
	r.ids[key] = s
	return s
}

// single returns (and caches) one id, or 0.
func (r *Request) single(ctx context.Context, key string, load func(*ent.Client, context.Context) (int, error)) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.done[key] {
		return r.one[key]
	}
	id, err := load(r.clientFor(ctx), bypass(ctx))
	if err != nil {
		id = 0
	}
	r.one[key], r.done[key] = id, true
	return id
}

// ids of the actor's own records, loaded once per request.

func (r *Request) officeCommunities(ctx context.Context, a actor) map[int]bool {
	return r.set(ctx, "communities:"+a.prefix, func(c *ent.Client, ctx context.Context) ([]int, error) {
		return c.Community.Query().Where(community.CodeHasPrefix(a.prefix)).IDs(ctx)
	})
}

func (r *Request) officeDivisions(ctx context.Context, a actor) map[int]bool {
	return r.set(ctx, "divisions:"+a.prefix, func(c *ent.Client, ctx context.Context) ([]int, error) {
		return c.Division.Query().Where(division.CodeHasPrefix(a.prefix)).IDs(ctx)
	})
}

func (r *Request) communityID(ctx context.Context, code string) int {
	return r.single(ctx, "community:"+code, func(c *ent.Client, ctx context.Context) (int, error) {
		return c.Community.Query().Where(community.Code(code)).OnlyID(ctx)
	})
}

func (r *Request) universityID(ctx context.Context, code string) int {
	return r.single(ctx, "university:"+code, func(c *ent.Client, ctx context.Context) (int, error) {
		return c.University.Query().Where(university.Code(code)).OnlyID(ctx)
	})
}

func (r *Request) universityGroups(ctx context.Context, code string) map[int]bool {
	return r.set(ctx, "groups:"+code, func(c *ent.Client, ctx context.Context) ([]int, error) {
		return c.StudentGroup.Query().Where(studentgroup.HasUniversityWith(university.Code(code))).IDs(ctx)
	})
}

func (r *Request) organizationID(ctx context.Context, code string) int {
	return r.single(ctx, "organization:"+code, func(c *ent.Client, ctx context.Context) (int, error) {
		return c.SocialOrganization.Query().Where(socialorganization.Uscc(code)).OnlyID(ctx)
	})
}

func (r *Request) schoolID(ctx context.Context, code string) int {
	return r.single(ctx, "school:"+code, func(c *ent.Client, ctx context.Context) (int, error) {
		return c.School.Query().Where(school.Uscc(code)).OnlyID(ctx)
	})
}

func (r *Request) enterpriseID(ctx context.Context, code string) int {
	return r.single(ctx, "enterprise:"+code, func(c *ent.Client, ctx context.Context) (int, error) {
		return c.Enterprise.Query().Where(enterprise.Uscc(code)).OnlyID(ctx)
	})
}

// inCommunity reports how a record in community id relates to a.
func (r *Request) inCommunity(ctx context.Context, a actor, id int) Relation {
	switch {
	case id == 0:
		return Stranger
	case a.community() && r.communityID(ctx, a.code) == id:
		return Owner
	case a.office() && r.officeCommunities(ctx, a)[id]:
		return Hierarchy
	}
	return Stranger
}

// PurposeHeader is the HTTP header naming the sharing agreement a request
// reads under.
const PurposeHeader = "X-Purpose"

// grantFor returns the agreement the request names as purpose when it is in
// force for the viewer, with an error explaining a refused one.
func (r *Request) grantFor(ctx context.Context) (*Grant, error) {
	v := FromContext(ctx)
	if v.Purpose == "" {
		return nil, nil
	}
	r.grantOnce.Do(func() { r.grant, r.grantErr = r.loadGrant(ctx, v) })
	return r.grant, r.grantErr
}

// AgreementID decodes the purpose header; set by the HTTP layer, which
// knows the global ID format.
var AgreementID = func(purpose string) (int, error) { return 0, fmt.Errorf("no decoder") }

func (r *Request) loadGrant(ctx context.Context, v Viewer) (*Grant, error) {
	refused := func(en, zh string, args ...any) error {
		return fault.Denied(fault.T(en, zh, args...))
	}
	id, err := AgreementID(v.Purpose)
	if err != nil {
		return nil, refused("X-Purpose does not name a sharing agreement", "X-Purpose未指明有效的共享协议")
	}
	ag, err := r.clientFor(ctx).SharingAgreement.Query().
		Where(sharingagreement.ID(id)).WithGrantor().WithGrantee().Only(bypass(ctx))
	if err != nil {
		return nil, refused("X-Purpose does not name a sharing agreement", "X-Purpose未指明有效的共享协议")
	}
	switch {
	case ag.Edges.Grantee == nil || ag.Edges.Grantee.Code != v.Agency || v.Agency == "" || v.Role == Volunteer:
		return nil, refused("X-Purpose does not name a sharing agreement", "X-Purpose未指明有效的共享协议")
	case ag.RevokedAt != nil:
		return nil, refused("the sharing agreement named as purpose was revoked on %s", "作为目的的共享协议已于%s撤销", ag.RevokedAt.Format("2006-01-02"))
	case r.now.Before(ag.ValidFrom):
		return nil, refused("the sharing agreement named as purpose is not in force before %s", "作为目的的共享协议于%s起生效", ag.ValidFrom.Format("2006-01-02"))
	case !r.now.Before(ag.ValidUntil):
		return nil, refused("the sharing agreement named as purpose expired on %s", "作为目的的共享协议已于%s到期", ag.ValidUntil.Format("2006-01-02"))
	}
	g := ag.Edges.Grantor
	grantor := actor{role: RoleFor(string(g.Kind)), code: g.Code}
	if g.Kind == agency.KindDISTRICT_OFFICE || g.Kind == agency.KindSTREET_OFFICE {
		grantor.prefix = ident.Prefix(g.Code)
	}
	fields := map[string]bool{}
	for _, f := range ag.Fields {
		fields[f] = true
	}
	return &Grant{Agreement: ag, grantor: grantor, fields: fields}, nil
}

// selector helpers: predicates built from raw column subqueries, shared by
// every entity anchored the same way.

type sel = func(*entsql.Selector)

// idsWhere selects the ids of table whose rows satisfy p.
func idsWhere(s *entsql.Selector, table string, p *entsql.Predicate) *entsql.Selector {
	return entsql.Dialect(s.Dialect()).Select("id").From(entsql.Table(table)).Where(p)
}

// colIn keeps rows whose col references a row of table matching p.
func colIn(col, table string, p func(s *entsql.Selector) *entsql.Predicate) sel {
	return func(s *entsql.Selector) {
		s.Where(entsql.In(s.C(col), idsWhere(s, table, p(s))))
	}
}

// codeScope matches communities of the actor: its own (community officer)
// or its subtree (office). nil when the actor has neither.
func codeScope(a actor) func(*entsql.Selector) *entsql.Predicate {
	switch {
	case a.community():
		return func(*entsql.Selector) *entsql.Predicate { return entsql.EQ(community.FieldCode, a.code) }
	case a.office():
		return func(*entsql.Selector) *entsql.Predicate { return entsql.HasPrefix(community.FieldCode, a.prefix) }
	}
	return nil
}

// byCommunity keeps rows whose col references one of the actor's communities.
func byCommunity(col string, a actor) sel {
	p := codeScope(a)
	if p == nil {
		return nil
	}
	return colIn(col, community.Table, p)
}

// byDivision keeps rows whose col references a division in an office's subtree.
func byDivision(col string, a actor) sel {
	if !a.office() {
		return nil
	}
	return colIn(col, division.Table, func(*entsql.Selector) *entsql.Predicate { return entsql.HasPrefix(division.FieldCode, a.prefix) })
}

// byCode keeps rows whose col references a row of table with code column =
// the actor's agency code, when the actor has role r.
func byCode(col, table, codeCol string, a actor, r Role) sel {
	if !a.is(r) {
		return nil
	}
	return colIn(col, table, func(*entsql.Selector) *entsql.Predicate { return entsql.EQ(codeCol, a.code) })
}

// partnerCommunities keeps rows whose col references a community with an
// ACTIVE pairing to a group of the actor's university.
func partnerCommunities(col string, a actor) sel {
	if !a.is(UniversityStaff) {
		return nil
	}
	return func(s *entsql.Selector) {
		d := entsql.Dialect(s.Dialect())
		groups := d.Select("id").From(entsql.Table(studentgroup.Table)).Where(entsql.In(studentgroup.FieldUniversityID,
			d.Select("id").From(entsql.Table(university.Table)).Where(entsql.EQ(university.FieldCode, a.code))))
		paired := d.Select(pairing.FieldCommunityID).From(entsql.Table(pairing.Table)).Where(entsql.And(
			entsql.EQ(pairing.FieldStatus, pairing.StatusACTIVE), entsql.In(pairing.FieldGroupID, groups)))
		s.Where(entsql.In(s.C(col), paired))
	}
}

// throughJoin keeps rows linked, through join table (leftCol → this row,
// rightCol → other), to a row of table whose codeCol is the actor's code.
func throughJoin(joinTable, leftCol, rightCol, table, codeCol string, a actor, r Role) sel {
	if !a.is(r) {
		return nil
	}
	return func(s *entsql.Selector) {
		d := entsql.Dialect(s.Dialect())
		others := d.Select("id").From(entsql.Table(table)).Where(entsql.EQ(codeCol, a.code))
		linked := d.Select(leftCol).From(entsql.Table(joinTable)).Where(entsql.In(rightCol, others))
		s.Where(entsql.In(s.C("id"), linked))
	}
}

// via keeps rows whose col references a row of table satisfying inner
// (a predicate built for that table).
func via(col, table string, inner sel) sel {
	if inner == nil {
		return nil
	}
	return func(s *entsql.Selector) {
		sub := entsql.Dialect(s.Dialect()).Select(entsql.Table(table).C("id")).From(entsql.Table(table))
		inner(sub)
		s.Where(entsql.In(s.C(col), sub))
	}
}

// adult keeps rows of persons 14 or older, or of unknown age, on now.
func adult(col string, now time.Time) sel {
	cutoff := time.Date(now.Year()-14, now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	return func(s *entsql.Selector) {
		s.Where(entsql.Or(entsql.IsNull(s.C(col)), entsql.LTE(s.C(col), cutoff)))
	}
}

// anyOf ORs the non-nil selectors; nil when none.
func anyOf(ss ...sel) sel {
	var out []sel
	for _, s := range ss {
		if s != nil {
			out = append(out, s)
		}
	}
	switch len(out) {
	case 0:
		return nil
	case 1:
		return out[0]
	default:
		return entsql.OrPredicates(out...)
	}
}

// both ANDs two selectors; nil when a is nil.
func both(a, b sel) sel {
	if a == nil {
		return nil
	}
	if b == nil {
		return a
	}
	return entsql.AndPredicates(a, b)
}

// self keeps the rows whose col is the volunteer a VOLUNTEER viewer is.
func self(col string, a actor) sel {
	if a.role != Volunteer || a.person == 0 {
		return nil
	}
	return func(s *entsql.Selector) { s.Where(entsql.EQ(s.C(col), a.person)) }
}

// nothing matches no row.
func nothing(s *entsql.Selector) { s.Where(entsql.False()) }
