// Package demo builds the demo district deterministically: the places and
// partners of the field reports (seed/five-society-linkage-reports.zh.txt)
// with fictional people and figures.
//
// The demo holds three places. Xixia district, Yinchuan (西夏区, 640105),
// with its real streets and 66 urban communities, each paired with one to
// three university youth-league branches or clubs, its incubation base and
// training batches, and more than a thousand social workers. Shalong
// community, Shuicheng (沙龙社区, 520204002012), with the five-society linkage
// of its report: the figures, teams, activities, rooms, lists, self-funding
// projects and ledgers, consultations, children's committee and joint
// meetings. Heze (菏泽), with the agreements and teaching sites of 菏泽社会工作学院.
//
// Division and university codes are real (data/README.md names their
// sources); people, their ID numbers and phones, credit codes, coordinates
// of communities and most organisation names are generated from a fixed seed,
// so every load gives the same demo.
package demo

import (
	"context"
	"fmt"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/ent/division"
	"github.com/wushehub/wushe/internal/authz"
)

// Viewer is a demo viewer with a label for people.
type Viewer struct {
	Viewer authz.Viewer
	Label  string
}

// Viewers returns one demo viewer per role, in the order of authz.Roles,
// each bound to a demo agency by its code: a division code, a university
// code or a unified social credit code (none for the platform admin).
func Viewers() []Viewer {
	return []Viewer{
		{authz.Viewer{Subject: "demo-platform-admin", Role: authz.PlatformAdmin},
			"平台管理员 Platform administrator"},
		{authz.Viewer{Subject: "demo-district-officer", Agency: XixiaCode, Role: authz.DistrictOfficer},
			"西夏区民政局 Xixia district civil affairs (" + XixiaCode + ")"},
		{authz.Viewer{Subject: "demo-district-auditor", Agency: XixiaCode, Role: authz.DistrictAuditor},
			"西夏区委组织部 Xixia district auditor, party organisation department (" + XixiaCode + ")"},
		{authz.Viewer{Subject: "demo-street-officer", Agency: ShuangshuiCode, Role: authz.StreetOfficer},
			"双水街道办事处 Shuangshui street office, Shuicheng (" + ShuangshuiCode + ")"},
		{authz.Viewer{Subject: "demo-community-officer", Agency: ShalongCode, Role: authz.CommunityOfficer},
			"沙龙社区居委会 Shalong community committee (" + ShalongCode + ")"},
		{authz.Viewer{Subject: "demo-university-staff", Agency: NXUCode, Role: authz.UniversityStaff},
			"宁夏大学 Ningxia University (" + NXUCode + ")"},
		{authz.Viewer{Subject: "demo-school-staff", Agency: ShalongSchoolUSCC, Role: authz.SchoolStaff},
			ShalongSchoolName + " Shalong primary school (" + ShalongSchoolUSCC + ")"},
		{authz.Viewer{Subject: "demo-enterprise-staff", Agency: ChuangyuxuanUSCC, Role: authz.EnterpriseStaff},
			ChuangyuxuanName + " Chuangyuxuan trading, Shalong's partner company (" + ChuangyuxuanUSCC + ")"},
		{authz.Viewer{Subject: "demo-organization-staff", Agency: YuxinUSCC, Role: authz.OrganizationStaff},
			"榆心社工 Yuxin social work service centre (" + YuxinUSCC + ")"},
		{authz.Viewer{Subject: "demo-volunteer", Agency: ShalongCode, Role: authz.Volunteer},
			"沙龙社区志愿者本人 a Shalong volunteer's own account (" + ShalongCode + ")"},
	}
}

// loader builds the demo inside one transaction.
type loader struct {
	tx     *ent.Tx
	people *people
	codes  *codes

	div      map[string]int        // division code → id
	comm     map[string]int        // community code → id
	univ     map[string]int        // university code → id
	univName map[string]string     // university code → name
	campus   map[string][2]float64 // university code → campus latitude, longitude
	dept     map[string]int        // department name → id

	xixia    []*xcommunity
	groups   []*xgroup
	students []*xstudent
	orgs     []*xorg

	ownVolunteer int // the volunteer of the demo's VOLUNTEER account
}

// Load loads the demo into client in one transaction and reports whether it
// did. When the demo is already there (the Xixia district exists) it changes
// nothing and returns false. On any failure it rolls everything back and
// returns the error. Load acts as the hub itself (authz.SystemContext).
func Load(ctx context.Context, client *ent.Client) (loaded bool, err error) {
	ctx = authz.SystemContext(ctx)
	tx, err := client.Tx(ctx)
	if err != nil {
		return false, fmt.Errorf("load demo: %w", err)
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	exists, err := tx.Division.Query().Where(division.Code(XixiaCode)).Exist(ctx)
	if err != nil {
		return false, fmt.Errorf("load demo: %w", err)
	}
	if exists {
		return false, tx.Rollback()
	}
	l := &loader{
		tx:       tx,
		people:   newPeople(),
		codes:    newCodes(),
		div:      map[string]int{},
		comm:     map[string]int{},
		univ:     map[string]int{},
		univName: map[string]string{},
		campus:   map[string][2]float64{},
		dept:     map[string]int{},
	}
	stages := []func(context.Context) error{
		l.geography,
		l.departments,
		l.universities,
		l.xixiaGroups,
		l.xixiaStudents,
		l.xixiaPairings,
		l.xixiaOrganizations,
		l.xixiaBase,
		l.xixiaWorkers,
		l.xixiaVolunteers,
		l.xixiaActivities,
		l.xixiaNeedsGridsRooms,
		l.agreements,
		l.shalongAll,
		l.pointsSchemes,
		l.heze,
		l.access,
	}
	for _, stage := range stages {
		if err := ctx.Err(); err != nil {
			return false, fmt.Errorf("load demo: %w", err)
		}
		if err := stage(ctx); err != nil {
			return false, fmt.Errorf("load demo: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("load demo: commit: %w", err)
	}
	return true, nil
}
