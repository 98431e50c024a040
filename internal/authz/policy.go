package authz

import (
	"context"

	"entgo.io/ent"
	"entgo.io/ent/privacy"
)

// Exposure says who may read an entity's records under the foundation
// policy: every schema states one, and the access-control rules of DESIGN.md
// ("Who sees what") refine it per agency, role and field.
type Exposure int

const (
	// Open records hold names, codes, categories and counts that any viewer
	// may read (UNCONDITIONAL data).
	Open Exposure = iota
	// Restricted records hold persons or governance data: only the platform
	// may read them until finer rules grant more.
	Restricted
)

// Policy returns the privacy policy of an entity with exposure e: only the
// platform (and the hub itself) writes; reads follow e.
func Policy(e Exposure) ent.Policy {
	read := privacy.QueryPolicy{allowPlatform(), privacy.AlwaysDenyRule()}
	if e == Open {
		read = privacy.QueryPolicy{privacy.AlwaysAllowRule()}
	}
	return privacy.Policy{
		Query:    read,
		Mutation: privacy.MutationPolicy{allowPlatform(), privacy.AlwaysDenyRule()},
	}
}

func allowPlatform() privacy.QueryMutationRule {
	return privacy.ContextQueryMutationRule(func(ctx context.Context) error {
		if FromContext(ctx).IsPlatformAdmin() {
			return privacy.Allow
		}
		return privacy.Skip
	})
}
