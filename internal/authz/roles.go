package authz

import (
	"fmt"

	"github.com/wushehub/wushe/internal/ident"
)

// Agency kinds, as the Agency entity names them.
const (
	KindPlatform       = "PLATFORM"
	KindDistrictOffice = "DISTRICT_OFFICE"
	KindStreetOffice   = "STREET_OFFICE"
	KindCommunity      = "COMMUNITY"
	KindUniversity     = "UNIVERSITY"
	KindSchool         = "SCHOOL"
	KindEnterprise     = "ENTERPRISE"
	KindOrganization   = "ORGANIZATION"
)

// kindOfRole is the kind of agency each role acts for.
var kindOfRole = map[Role]string{
	PlatformAdmin:     KindPlatform,
	DistrictOfficer:   KindDistrictOffice,
	DistrictAuditor:   KindDistrictOffice,
	StreetOfficer:     KindStreetOffice,
	CommunityOfficer:  KindCommunity,
	UniversityStaff:   KindUniversity,
	SchoolStaff:       KindSchool,
	EnterpriseStaff:   KindEnterprise,
	OrganizationStaff: KindOrganization,
	Volunteer:         KindCommunity,
}

// AgencyKind returns the kind of agency role acts for ("" for PUBLIC).
func AgencyKind(r Role) string { return kindOfRole[r] }

// RoleFor returns the role that acts with an agency's full rights, for an
// agreement's grantor: the officer, committee or staff role of its kind.
func RoleFor(kind string) Role {
	for _, r := range []Role{PlatformAdmin, DistrictOfficer, StreetOfficer, CommunityOfficer, UniversityStaff, SchoolStaff, EnterpriseStaff, OrganizationStaff} {
		if kindOfRole[r] == kind {
			return r
		}
	}
	return Public
}

// CheckAgency reports whether code is a well-formed code of an agency that
// role may act for: a district-level division code for district roles, a
// street-level one for street officers, a community code for community
// officers, a 10-digit school code for universities, a unified social credit
// code for schools, enterprises and organisations; none for the platform.
func CheckAgency(r Role, code string) error {
	switch kindOfRole[r] {
	case KindPlatform:
		if code != "" {
			return fmt.Errorf("the platform acts for no agency, got %q", code)
		}
		return nil
	case KindDistrictOffice:
		return ident.CheckDivisionCode(code, ident.LevelDistrict)
	case KindStreetOffice:
		return ident.CheckDivisionCode(code, ident.LevelStreet)
	case KindCommunity:
		return ident.CheckDivisionCode(code, ident.LevelCommunity)
	case KindUniversity:
		return ident.CheckSchoolCode(code)
	case KindSchool, KindEnterprise, KindOrganization:
		return ident.CheckUSCC(code)
	default:
		return fmt.Errorf("role %q acts for no agency", r)
	}
}
