//go:build !entbootstrap

package authz

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"entgo.io/ent/privacy"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/ent/account"
	"github.com/wushehub/wushe/ent/agency"
	"github.com/wushehub/wushe/ent/apikey"
	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/outage"
)

// APIKeyHeader is the header carrying an API key.
const APIKeyHeader = "X-API-Key"

// Authenticator turns a request's credentials into its viewer: a bearer
// token (JWT) issued to an account, an API key, or none (PUBLIC). The account
// or key, and its agency, must be registered and active.
type Authenticator struct {
	tokens *Tokens
	client *ent.Client
	now    func() time.Time

	mu       sync.Mutex
	accounts map[string]cachedAccount
	keys     map[string]cachedKey
}

type cachedAccount struct {
	role, agency           string
	active, found, trusted bool
	person                 int // the account's volunteer, for VOLUNTEER
	at                     time.Time
}

type cachedKey struct {
	viewer Viewer
	id     int
	err    error
	at     time.Time
}

// cacheFor is how long lookups of agencies and keys are trusted; a revoked
// key or deactivated agency is refused at most this long after.
const cacheFor = 5 * time.Second

// NewAuthenticator returns an Authenticator over tokens and the database.
func NewAuthenticator(tokens *Tokens, client *ent.Client) *Authenticator {
	return &Authenticator{tokens: tokens, client: client, now: time.Now, accounts: map[string]cachedAccount{}, keys: map[string]cachedKey{}}
}

// Middleware puts the request's viewer into its context. Invalid
// credentials are never downgraded to PUBLIC: refuse answers them (401 and
// UNAUTHENTICATED), and credentials that could not be checked (503 and
// UNAVAILABLE when the database is down).
func (a *Authenticator) Middleware(refuse func(http.ResponseWriter, *http.Request, error)) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			v, err := a.ViewerFromHeaders(r.Context(), r.Header)
			if err != nil {
				refuse(w, r, err)
				return
			}
			next.ServeHTTP(w, r.WithContext(NewContext(r.Context(), v)))
		})
	}
}

// ViewerFromHeaders returns the viewer of credentials given as HTTP headers:
// Authorization (Bearer), X-API-Key and X-Purpose; none is PUBLIC. Besides
// requests, it authenticates what a WebSocket client sends in its
// connection_init payload. Invalid credentials are UNAUTHENTICATED.
func (a *Authenticator) ViewerFromHeaders(ctx context.Context, h http.Header) (Viewer, error) {
	v, err := a.viewer(ctx, h)
	if err != nil {
		return Viewer{}, err
	}
	v.Purpose = strings.TrimSpace(h.Get(PurposeHeader))
	return v, nil
}

func (a *Authenticator) viewer(ctx context.Context, h http.Header) (Viewer, error) {
	auth, key := h.Get("Authorization"), h.Get(APIKeyHeader)
	switch {
	case auth != "" && key != "":
		return Viewer{}, unauthorized("send either a bearer token or an API key, not both", "请只提供访问令牌或接口密钥之一")
	case key != "":
		return a.apiKey(ctx, strings.TrimSpace(key))
	case auth == "":
		return Viewer{Role: Public}, nil
	}
	scheme, token, ok := strings.Cut(auth, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
		return Viewer{}, unauthorized("the Authorization header must be \"Bearer <token>\"", "Authorization请求头应为“Bearer <令牌>”")
	}
	v, err := a.tokens.Verify(strings.TrimSpace(token))
	if err != nil {
		return Viewer{}, err
	}
	c, err := a.checkAccount(ctx, v)
	if err != nil {
		return Viewer{}, err
	}
	v.TrustedOnly, v.Person = c.trusted, c.person
	return v, nil
}

func unauthorized(en, zh string) error {
	return &fault.Error{Code: fault.Unauthenticated, Text: fault.Text{En: en, Zh: zh}}
}

// checkAccount: a token's subject is an active account, of the token's
// role, at the token's agency, and the agency is active; a VOLUNTEER
// account names its volunteer.
func (a *Authenticator) checkAccount(ctx context.Context, v Viewer) (cachedAccount, error) {
	now := a.now()
	a.mu.Lock()
	c, ok := a.accounts[v.Subject]
	a.mu.Unlock()
	if !ok || now.Sub(c.at) > cacheFor {
		acct, err := a.client.Account.Query().Where(account.Username(v.Subject)).WithAgency().Only(privacy.DecisionContext(ctx, privacy.Allow))
		switch {
		case ent.IsNotFound(err):
			c = cachedAccount{at: now}
		case err != nil:
			return cachedAccount{}, lookupFailed(err)
		default:
			c = cachedAccount{found: true, at: now, active: acct.Active && acct.Edges.Agency.Active, role: acct.Role,
				agency: acct.Edges.Agency.Code, trusted: acct.Edges.Agency.TrustedDocumentsOnly}
			if acct.VolunteerID != nil {
				c.person = *acct.VolunteerID
			}
		}
		a.mu.Lock()
		a.accounts[v.Subject] = c
		a.mu.Unlock()
	}
	agency := v.Agency
	if v.Role == PlatformAdmin && agency == "" {
		agency = PlatformCode
	}
	switch {
	case !c.found:
		return c, unauthorized("the token's account is not registered", "令牌所属账号未登记")
	case !c.active:
		return c, unauthorized("the token's account or agency is deactivated", "令牌所属账号或机构已停用")
	case c.role != string(v.Role) || c.agency != agency:
		return c, unauthorized("the token does not match its account's role and agency", "令牌与账号的角色或机构不符")
	case v.Role == Volunteer && c.person == 0:
		return c, unauthorized("a volunteer's account must name its volunteer", "志愿者本人账号须关联志愿者")
	}
	return c, nil
}

// apiKey returns the viewer of an API key.
func (a *Authenticator) apiKey(ctx context.Context, key string) (Viewer, error) {
	hash := HashKey(key)
	now := a.now()
	a.mu.Lock()
	c, ok := a.keys[hash]
	a.mu.Unlock()
	if !ok || now.Sub(c.at) > cacheFor {
		var err error
		if c, err = a.loadKey(ctx, hash, now); err != nil {
			return Viewer{}, err // not cached: the database may be back next time
		}
		a.mu.Lock()
		a.keys[hash] = c
		a.mu.Unlock()
		if c.err == nil {
			go a.touch(c.id, now)
		}
	}
	if c.err != nil {
		return Viewer{}, c.err
	}
	return c.viewer, nil
}

// loadKey looks a key up; err is a failure to look (the database), never a
// verdict on the key, which is in the result.
func (a *Authenticator) loadKey(ctx context.Context, hash string, now time.Time) (cachedKey, error) {
	bad := cachedKey{at: now, err: unauthorized("invalid API key", "接口密钥无效")}
	k, err := a.client.APIKey.Query().Where(apikey.Hash(hash)).WithAgency().Only(privacy.DecisionContext(ctx, privacy.Allow))
	if ent.IsNotFound(err) {
		return bad, nil
	}
	if err != nil {
		return cachedKey{}, lookupFailed(err)
	}
	switch {
	case k.RevokedAt != nil:
		return cachedKey{at: now, err: unauthorized("the API key was revoked", "接口密钥已吊销")}, nil
	case k.ExpiresAt != nil && !now.Before(*k.ExpiresAt):
		return cachedKey{at: now, err: unauthorized("the API key has expired", "接口密钥已过期")}, nil
	case k.Edges.Agency == nil || !k.Edges.Agency.Active:
		return cachedKey{at: now, err: unauthorized("the credentials' agency is deactivated", "凭证所属机构已停用")}, nil
	}
	role, err := ParseRole(k.Role)
	if err != nil || AgencyKind(role) != string(k.Edges.Agency.Kind) || role == Volunteer {
		return bad, nil // a person's account has tokens, never keys
	}
	v := Viewer{Subject: "apikey:" + k.Prefix, Agency: k.Edges.Agency.Code, Role: role, ReadOnly: k.Scope == apikey.ScopeREAD,
		TrustedOnly: k.TrustedOnly || k.Edges.Agency.TrustedDocumentsOnly}
	if role == PlatformAdmin {
		v.Agency = ""
	}
	return cachedKey{viewer: v, id: k.ID, at: now}, nil
}

// lookupFailed is a credential check that could not reach the database:
// its outage class (UNAVAILABLE), never a verdict on the credentials.
func lookupFailed(err error) error {
	if fe := outage.Fault(err); fe != nil && fe.Code == fault.Unavailable {
		return fe
	}
	return fmt.Errorf("authenticate: %w", err)
}

// touch records the key's last use, to the minute.
func (a *Authenticator) touch(id int, now time.Time) {
	ctx := SystemContext(context.Background())
	_ = a.client.APIKey.UpdateOneID(id).SetLastUsedAt(now.Truncate(time.Minute)).Exec(ctx)
}

// HashKey returns the stored form of an API key: hex SHA-256.
func HashKey(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:])
}

// NewKey returns a new random API key and its prefix (the part shown in
// listings).
func NewKey() (key, prefix string, err error) {
	b := make([]byte, 25)
	if _, err := rand.Read(b); err != nil {
		return "", "", err
	}
	key = "wsk_" + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
	return key, key[:12], nil
}

// Check reports whether subject — the Subject of a viewer of agency and
// role, as authentication gave it — still names valid credentials: an
// active account of that role at that agency, or an API key of the agency
// neither revoked nor expired, the agency active. An invalid one is an
// UNAUTHENTICATED error saying why; a failure to look is UNAVAILABLE (or
// another error), never a verdict. A subject recorded before subjects were
// kept ("") is checked by its agency alone. For those who act later on a
// viewer's behalf (webhooks); it reads the database, not the cache.
func (a *Authenticator) Check(ctx context.Context, subject, agencyCode string, role Role) error {
	ctx = privacy.DecisionContext(ctx, privacy.Allow)
	if role == PlatformAdmin && agencyCode == "" {
		agencyCode = PlatformCode
	}
	gone := unauthorized("the credentials' agency is deactivated", "凭证所属机构已停用")
	switch {
	case strings.HasPrefix(subject, "apikey:"):
		k, err := a.client.APIKey.Query().Where(apikey.Prefix(strings.TrimPrefix(subject, "apikey:"))).WithAgency().Only(ctx)
		switch {
		case ent.IsNotFound(err):
			return unauthorized("the API key no longer exists", "接口密钥已不存在")
		case err != nil:
			return lookupFailed(err)
		case k.RevokedAt != nil:
			return unauthorized("the API key was revoked", "接口密钥已吊销")
		case k.ExpiresAt != nil && !a.now().Before(*k.ExpiresAt):
			return unauthorized("the API key has expired", "接口密钥已过期")
		case k.Edges.Agency == nil || !k.Edges.Agency.Active:
			return gone
		case k.Edges.Agency.Code != agencyCode || k.Role != string(role):
			return unauthorized("the API key's agency or role has changed", "接口密钥的机构或角色已变更")
		}
		return nil
	case subject == "":
		ag, err := a.client.Agency.Query().Where(agency.Code(agencyCode)).Only(ctx)
		switch {
		case ent.IsNotFound(err):
			return gone
		case err != nil:
			return lookupFailed(err)
		case !ag.Active:
			return gone
		}
		return nil
	}
	acct, err := a.client.Account.Query().Where(account.Username(subject)).WithAgency().Only(ctx)
	switch {
	case ent.IsNotFound(err):
		return unauthorized("the account is not registered", "账号未登记")
	case err != nil:
		return lookupFailed(err)
	case !acct.Active || acct.Edges.Agency == nil || !acct.Edges.Agency.Active:
		return unauthorized("the account or its agency is deactivated", "账号或所属机构已停用")
	case acct.Role != string(role) || acct.Edges.Agency.Code != agencyCode:
		return unauthorized("the account's role or agency has changed", "账号的角色或机构已变更")
	}
	return nil
}
