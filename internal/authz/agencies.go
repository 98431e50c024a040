//go:build !entbootstrap

package authz

import (
	"context"
	"fmt"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/ent/account"
	"github.com/wushehub/wushe/ent/agency"
	"github.com/wushehub/wushe/ent/division"
)

// PlatformCode is the code of the platform's own agency.
const PlatformCode = "PLATFORM"

// SyncAgencies registers an agency for every record that can act in the
// hub and has none yet — the platform, district and street offices,
// communities, universities, and schools, enterprises and social
// organisations with a credit code — and returns how many it added.
func SyncAgencies(ctx context.Context, client *ent.Client) (int, error) {
	ctx = SystemContext(ctx)
	existing, err := client.Agency.Query().Select(agency.FieldCode).Strings(ctx)
	if err != nil {
		return 0, fmt.Errorf("sync agencies: %w", err)
	}
	have := map[string]bool{}
	for _, c := range existing {
		have[c] = true
	}
	var builders []*ent.AgencyCreate
	add := func(code, name string, kind agency.Kind) {
		if code == "" || have[code] {
			return
		}
		have[code] = true
		builders = append(builders, client.Agency.Create().SetCode(code).SetName(name).SetKind(kind))
	}
	add(PlatformCode, "五社联动数据枢纽平台", agency.KindPLATFORM)
	divisions, err := client.Division.Query().Where(division.LevelIn(division.LevelDISTRICT, division.LevelSTREET)).All(ctx)
	if err != nil {
		return 0, fmt.Errorf("sync agencies: %w", err)
	}
	for _, d := range divisions {
		kind := agency.KindDISTRICT_OFFICE
		if d.Level == division.LevelSTREET {
			kind = agency.KindSTREET_OFFICE
		}
		add(d.Code, d.Name, kind)
	}
	communities, err := client.Community.Query().All(ctx)
	if err != nil {
		return 0, fmt.Errorf("sync agencies: %w", err)
	}
	for _, c := range communities {
		add(c.Code, c.Name+"居民委员会", agency.KindCOMMUNITY)
	}
	universities, err := client.University.Query().All(ctx)
	if err != nil {
		return 0, fmt.Errorf("sync agencies: %w", err)
	}
	for _, u := range universities {
		add(u.Code, u.Name, agency.KindUNIVERSITY)
	}
	schools, err := client.School.Query().All(ctx)
	if err != nil {
		return 0, fmt.Errorf("sync agencies: %w", err)
	}
	for _, s := range schools {
		add(s.Uscc, s.Name, agency.KindSCHOOL)
	}
	enterprises, err := client.Enterprise.Query().All(ctx)
	if err != nil {
		return 0, fmt.Errorf("sync agencies: %w", err)
	}
	for _, e := range enterprises {
		add(e.Uscc, e.Name, agency.KindENTERPRISE)
	}
	orgs, err := client.SocialOrganization.Query().All(ctx)
	if err != nil {
		return 0, fmt.Errorf("sync agencies: %w", err)
	}
	for _, o := range orgs {
		add(o.Uscc, o.Name, agency.KindORGANIZATION)
	}
	for i := 0; i < len(builders); i += 500 {
		if _, err := client.Agency.CreateBulk(builders[i:min(i+500, len(builders))]...).Save(ctx); err != nil {
			return 0, fmt.Errorf("sync agencies: %w", err)
		}
	}
	return len(builders), nil
}

// EnsureAccount returns the account username, opening it at the agency with
// code (the platform's when empty) in role r when it does not exist. An
// existing account must have that role and agency.
func EnsureAccount(ctx context.Context, client *ent.Client, username string, r Role, code string) (*ent.Account, error) {
	ctx = SystemContext(ctx)
	if code == "" && r == PlatformAdmin {
		code = PlatformCode
	}
	ag, err := client.Agency.Query().Where(agency.Code(code)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, fmt.Errorf("no agency with code %q is registered (`server agency sync` registers the records' agencies)", code)
	}
	if err != nil {
		return nil, err
	}
	if string(ag.Kind) != AgencyKind(r) {
		return nil, fmt.Errorf("role %s does not act for %s, a %s agency", r, ag.Name, ag.Kind)
	}
	acct, err := client.Account.Query().Where(account.Username(username)).WithAgency().Only(ctx)
	switch {
	case ent.IsNotFound(err):
		return client.Account.Create().SetUsername(username).SetRole(string(r)).SetAgency(ag).Save(ctx)
	case err != nil:
		return nil, err
	case acct.Role != string(r) || acct.Edges.Agency.Code != code:
		return nil, fmt.Errorf("account %s acts as %s for %s, not as %s for %s", username, acct.Role, acct.Edges.Agency.Code, r, code)
	}
	return acct, nil
}
