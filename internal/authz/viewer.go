// Package authz knows who is asking: the viewer of a request (agency and
// role), how it is read from credentials, and the privacy rules the ent
// schemas apply to every query and mutation.
package authz

import (
	"context"
	"fmt"
	"io"
	"strconv"

	"github.com/wushehub/wushe/internal/ident"
)

// Role is what a viewer may do on behalf of its agency.
type Role string

// The roles of the hub. Which rows and fields each may read or change is
// decided by the privacy policies of the ent schemas.
const (
	Public            Role = "PUBLIC"             // no credentials (公众)
	PlatformAdmin     Role = "PLATFORM_ADMIN"     // operator of the hub (平台管理员)
	DistrictOfficer   Role = "DISTRICT_OFFICER"   // district office or department (区级部门)
	DistrictAuditor   Role = "DISTRICT_AUDITOR"   // district auditor (区级审计)
	StreetOfficer     Role = "STREET_OFFICER"     // street office (街道办事处)
	CommunityOfficer  Role = "COMMUNITY_OFFICER"  // community committee (社区居委会)
	UniversityStaff   Role = "UNIVERSITY_STAFF"   // partner university (高校)
	SchoolStaff       Role = "SCHOOL_STAFF"       // school (学校)
	EnterpriseStaff   Role = "ENTERPRISE_STAFF"   // enterprise or public institution (企事业单位)
	OrganizationStaff Role = "ORGANIZATION_STAFF" // social organisation (社会组织)
	// Volunteer is a volunteer's own account (志愿者本人) at its community:
	// it reads its own record, service records, points, codes and
	// certificates, and writes nothing.
	Volunteer Role = "VOLUNTEER"
)

// Roles lists every role a credential may carry (all but Public).
var Roles = []Role{
	PlatformAdmin, DistrictOfficer, DistrictAuditor, StreetOfficer, CommunityOfficer,
	UniversityStaff, SchoolStaff, EnterpriseStaff, OrganizationStaff, Volunteer,
}

// ParseRole returns the role named s.
func ParseRole(s string) (Role, error) {
	for _, r := range Roles {
		if string(r) == s {
			return r, nil
		}
	}
	return "", fmt.Errorf("unknown role %q", s)
}

// Viewer is who makes a request: an agency, identified by its code (division
// code, university code or unified social credit code), and a role.
type Viewer struct {
	Subject string // account or key that authenticated ("" for PUBLIC)
	Agency  string // agency code ("" for PUBLIC and the platform)
	Role    Role
	Purpose string // sharing agreement named in X-Purpose ("" when none)
	// ReadOnly is set for API keys of scope READ: no mutations.
	ReadOnly bool
	// TrustedOnly restricts the viewer to documents its agency registered.
	TrustedOnly bool
	// Person is the volunteer whose own account a VOLUNTEER viewer is
	// (its account's volunteer); 0 for every other role.
	Person int
	system bool
}

// IsPlatformAdmin reports whether v may do everything.
func (v Viewer) IsPlatformAdmin() bool { return v.Role == PlatformAdmin || v.system }

// IsSystem reports whether v is the hub itself (migrations, seeding, CLI).
func (v Viewer) IsSystem() bool { return v.system }

type viewerKey struct{}

// NewContext returns ctx carrying v.
func NewContext(ctx context.Context, v Viewer) context.Context {
	return context.WithValue(ctx, viewerKey{}, v)
}

// FromContext returns the viewer of ctx; the PUBLIC viewer when there is none.
func FromContext(ctx context.Context) Viewer {
	if v, ok := ctx.Value(viewerKey{}).(Viewer); ok {
		return v
	}
	return Viewer{Role: Public}
}

// SystemContext returns ctx acting as the hub itself, for work that no
// request asked for: migrations, seeding the demo, command-line tools.
func SystemContext(ctx context.Context) context.Context {
	return NewContext(ctx, Viewer{Subject: "system", Role: PlatformAdmin, system: true})
}

// MarshalGQL writes r as a GraphQL enum value.
func (r Role) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(r))) }

// UnmarshalGQL reads r from a GraphQL enum value.
func (r *Role) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("role must be a string, got %T", v)
	}
	if s == string(Public) {
		*r = Public
		return nil
	}
	role, err := ParseRole(s)
	if err != nil {
		return err
	}
	*r = role
	return nil
}

// IsOffice reports whether v acts for a district or street office.
func (v Viewer) IsOffice() bool {
	return v.Role == DistrictOfficer || v.Role == StreetOfficer || v.Role == DistrictAuditor
}

// Covers reports whether the division of an office viewer contains code,
// a division or community code (district ⊃ street ⊃ community). The platform
// covers everything; other viewers nothing.
func (v Viewer) Covers(code string) bool {
	if v.IsPlatformAdmin() {
		return true
	}
	return v.IsOffice() && ident.Contains(v.Agency, code)
}
