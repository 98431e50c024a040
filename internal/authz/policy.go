package authz

import (
	"context"
	"fmt"
	"sync"

	"entgo.io/ent"
	"entgo.io/ent/privacy"
)

// Rules are the privacy rules of one entity type: which rows a viewer may
// read (a query rule, normally a filter) and which it may write.
type Rules struct {
	Query    privacy.QueryRule
	Mutation privacy.MutationRule
}

var (
	rulesMu sync.RWMutex
	rules   = map[string]Rules{}
)

// Register sets the rules of entity. The rules that need generated ent code
// register themselves at init; an entity without rules denies everyone but
// the hub itself (fail closed).
func Register(entity string, r Rules) {
	rulesMu.Lock()
	defer rulesMu.Unlock()
	rules[entity] = r
}

func lookup(entity string) (Rules, bool) {
	rulesMu.RLock()
	defer rulesMu.RUnlock()
	r, ok := rules[entity]
	return r, ok
}

// Policy returns the privacy policy of entity: the hub itself (migrations,
// seeding, command-line tools) may do anything; everyone else goes through
// the entity's registered rules.
func Policy(entity string) ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{allowSystem(), queryRule(entity)},
		Mutation: privacy.MutationPolicy{allowSystem(), mutationRule(entity)},
	}
}

func allowSystem() privacy.QueryMutationRule {
	return privacy.ContextQueryMutationRule(func(ctx context.Context) error {
		if FromContext(ctx).IsSystem() {
			return privacy.Allow
		}
		return privacy.Skip
	})
}

type queryRule string

// EvalQuery runs the entity's query rule.
func (e queryRule) EvalQuery(ctx context.Context, q ent.Query) error {
	r, ok := lookup(string(e))
	if !ok || r.Query == nil {
		return fmt.Errorf("%w: no read rule for %s", privacy.Deny, string(e))
	}
	return r.Query.EvalQuery(ctx, q)
}

type mutationRule string

// EvalMutation runs the entity's mutation rule.
func (e mutationRule) EvalMutation(ctx context.Context, m ent.Mutation) error {
	r, ok := lookup(string(e))
	if !ok || r.Mutation == nil {
		return fmt.Errorf("%w: no write rule for %s", privacy.Deny, string(e))
	}
	return r.Mutation.EvalMutation(ctx, m)
}
