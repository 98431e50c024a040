package graph

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"

	"entgo.io/ent/privacy"
	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/ent/agency"
	"github.com/wushehub/wushe/ent/persisteddocument"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/fault"
)

// trusted is the gqlgen extension serving trusted documents: a request that
// sends only a document hash (extensions.persistedQuery.sha256Hash) gets the
// document its agency — or the platform — registered; a trusted-only viewer
// runs registered documents and nothing else. Hashes it does not know are
// left to automatic persisted queries, for the other viewers, each agency
// in its own scope (persistedQueries).
type trusted struct {
	client *ent.Client
	mu     sync.RWMutex
	known  map[string]string // agency code + hash → document (documents never change)
}

var _ graphql.OperationParameterMutator = (*trusted)(nil)

// ExtensionName names the extension.
func (*trusted) ExtensionName() string { return "TrustedDocuments" }

// Validate accepts any schema.
func (*trusted) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationParameters fills in or checks the document of a request.
func (t *trusted) MutateOperationParameters(ctx context.Context, p *graphql.RawParams) *gqlerror.Error {
	v := authz.FromContext(ctx)
	hash := persistedHash(p.Extensions)
	lang := fault.LangFrom(ctx)
	if p.Query != "" {
		if !v.TrustedOnly {
			return nil
		}
		hash = DocumentHash(p.Query)
	}
	if hash == "" {
		if v.TrustedOnly {
			return denied(lang, fault.T("this agency runs registered documents only: send extensions.persistedQuery.sha256Hash", "该机构只能执行已登记的可信文档：请发送 extensions.persistedQuery.sha256Hash"))
		}
		return nil
	}
	doc, ok := t.lookup(ctx, v, hash)
	switch {
	case ok:
		p.Query = doc
	case v.TrustedOnly:
		return denied(lang, fault.T("document %s is not registered for this agency", "文档%s未为该机构登记", hash))
	}
	return nil
}

func denied(lang fault.Lang, t fault.Text) *gqlerror.Error {
	return &gqlerror.Error{Message: t.In(lang), Extensions: map[string]any{"code": string(fault.Forbidden)}}
}

func persistedHash(ext map[string]any) string {
	pq, ok := ext["persistedQuery"].(map[string]any)
	if !ok {
		return ""
	}
	h, _ := pq["sha256Hash"].(string)
	return strings.ToLower(h)
}

// lookup finds a document registered by the viewer's agency or the platform.
func (t *trusted) lookup(ctx context.Context, v authz.Viewer, hash string) (string, bool) {
	codes := []string{authz.PlatformCode}
	if v.Agency != "" {
		codes = append(codes, v.Agency)
	}
	t.mu.RLock()
	for _, c := range codes {
		if doc, ok := t.known[c+"/"+hash]; ok {
			t.mu.RUnlock()
			return doc, true
		}
	}
	t.mu.RUnlock()
	d, err := t.client.PersistedDocument.Query().
		Where(persisteddocument.Hash(hash), persisteddocument.HasAgencyWith(agency.CodeIn(codes...))).
		WithAgency().First(privacy.DecisionContext(ctx, privacy.Allow))
	if err != nil {
		return "", false
	}
	t.mu.Lock()
	t.known[d.Edges.Agency.Code+"/"+hash] = d.Document
	t.mu.Unlock()
	return d.Document, true
}

// persistedQueries is the store of automatic persisted queries, one scope
// per agency (the platform's administrators share the platform's): a hash
// registered by a request of one agency is unknown to the others, so that
// no one learns by a hash which documents another agency runs. Requests
// without credentials have no scope: PUBLIC is many unrelated clients, and
// a client address does not tell them apart (behind NAT or a proxy they
// share one), so their hashes are never registered and a hash alone is
// answered PERSISTED_QUERY_NOT_FOUND (registered trusted documents of the
// platform excepted, served before).
type persistedQueries struct{ cache graphql.Cache[string] }

var _ graphql.Cache[string] = persistedQueries{}

// apqScope names the scope of the viewer of ctx; false for none.
func apqScope(ctx context.Context) (string, bool) {
	v := authz.FromContext(ctx)
	switch {
	case v.Agency != "":
		return v.Agency, true
	case v.IsPlatformAdmin():
		return authz.PlatformCode, true
	}
	return "", false
}

// Get returns the document registered under hash in the viewer's scope.
func (p persistedQueries) Get(ctx context.Context, hash string) (string, bool) {
	scope, ok := apqScope(ctx)
	if !ok {
		return "", false
	}
	return p.cache.Get(ctx, scope+"/"+hash)
}

// Add registers doc under hash in the viewer's scope.
func (p persistedQueries) Add(ctx context.Context, hash, doc string) {
	if scope, ok := apqScope(ctx); ok {
		p.cache.Add(ctx, scope+"/"+hash, doc)
	}
}

// DocumentHash is the registry's key of a document: hex SHA-256 of its text.
func DocumentHash(doc string) string {
	sum := sha256.Sum256([]byte(doc))
	return hex.EncodeToString(sum[:])
}

// registerDocuments validates and records documents for the viewer's agency.
func (r *Resolver) registerDocuments(ctx context.Context, docs []string) ([]*ent.PersistedDocument, error) {
	v := authz.FromContext(ctx)
	code := v.Agency
	if v.IsPlatformAdmin() && code == "" {
		code = authz.PlatformCode
	}
	if code == "" {
		return nil, fault.Denied(fault.T("only agencies register documents", "仅机构可以登记文档"))
	}
	c := ent.FromContext(ctx)
	ag, err := c.Agency.Query().Where(agency.Code(code)).Only(privacy.DecisionContext(ctx, privacy.Allow))
	if err != nil {
		return nil, fault.Missing("agency", fault.T("your agency is not registered", "所属机构未登记"))
	}
	schema := NewExecutableSchema(Config{}).Schema()
	out := make([]*ent.PersistedDocument, 0, len(docs))
	for i, doc := range docs {
		if bad := r.limits.checkDocument(doc); bad != nil {
			return nil, fault.BadInput("documents", fault.Text{
				En: fmt.Sprintf("document %d: %s", i+1, bad.text.En),
				Zh: fmt.Sprintf("第%d个文档：%s", i+1, bad.text.Zh),
			})
		}
		parsed, errs := gqlparser.LoadQuery(schema, doc)
		if len(errs) > 0 {
			return nil, fault.BadInput("documents", fault.T("document %d does not validate: %s", "第%d个文档无法通过校验：%s", i+1, errs[0].Message))
		}
		var names []string
		for _, op := range parsed.Operations {
			if op.Name != "" {
				names = append(names, op.Name)
			}
		}
		hash := DocumentHash(doc)
		existing, err := c.PersistedDocument.Query().Where(persisteddocument.Hash(hash), persisteddocument.AgencyID(ag.ID)).Only(ctx)
		if err == nil {
			out = append(out, existing)
			continue
		}
		d, err := c.PersistedDocument.Create().SetHash(hash).SetDocument(doc).SetName(strings.Join(names, ",")).SetAgencyID(ag.ID).Save(ctx)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}
