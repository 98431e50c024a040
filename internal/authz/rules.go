//go:build !entbootstrap

package authz

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"time"

	"entgo.io/ent"
	entsql "entgo.io/ent/dialect/sql"
	entprivacy "entgo.io/ent/privacy"

	gen "github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/ent/activity"
	"github.com/wushehub/wushe/ent/agency"
	"github.com/wushehub/wushe/ent/auditentry"
	"github.com/wushehub/wushe/ent/community"
	"github.com/wushehub/wushe/ent/department"
	"github.com/wushehub/wushe/ent/division"
	"github.com/wushehub/wushe/ent/enterprise"
	"github.com/wushehub/wushe/ent/incubationbase"
	"github.com/wushehub/wushe/ent/jointmeeting"
	"github.com/wushehub/wushe/ent/pairing"
	"github.com/wushehub/wushe/ent/partnershipagreement"
	"github.com/wushehub/wushe/ent/revenueproject"
	"github.com/wushehub/wushe/ent/school"
	"github.com/wushehub/wushe/ent/socialorganization"
	"github.com/wushehub/wushe/ent/studentgroup"
	"github.com/wushehub/wushe/ent/university"
	"github.com/wushehub/wushe/ent/volunteer"
	"github.com/wushehub/wushe/internal/fault"
)

// scopeFunc returns the rows of an entity an actor may read or write: every
// row (all), a predicate, or none (nil, false). grant is set when the actor
// is the grantor of an agreement read by its grantee, who is never the owner.
type scopeFunc func(a actor, now time.Time, grant bool) (p sel, all bool)

// anchor checks that a new or moved record hangs on something the actor
// may write: the id is the value of the anchor field.
type anchor struct {
	field string
	ok    func(ctx context.Context, r *Request, a actor, id int) bool
}

// entityRules are the rules of one entity type.
type entityRules struct {
	read     scopeFunc
	write    scopeFunc // rows an update may touch; nil: platform only
	anchors  []anchor  // a create needs one of them to pass; an update that moves the record too
	edges    func(ctx context.Context, r *Request, a actor, m ent.Mutation) bool
	relation func(ctx context.Context, r *Request, a actor, row any) Relation
	// keep lists the columns relation reads: always loaded, even when a
	// GraphQL query selects only some columns.
	keep []string
}

var (
	public   scopeFunc = func(actor, time.Time, bool) (sel, bool) { return nil, true }
	platform scopeFunc = func(a actor, _ time.Time, _ bool) (sel, bool) { return nil, a.platform() }
)

// only returns a scope that is "all" for the platform and p otherwise.
func only(p func(a actor, now time.Time, grant bool) sel) scopeFunc {
	return func(a actor, now time.Time, grant bool) (sel, bool) {
		if a.platform() && !grant {
			return nil, true
		}
		return p(a, now, grant), false
	}
}

// anchors.

func communityAnchor(field string) anchor {
	return anchor{field, func(ctx context.Context, r *Request, a actor, id int) bool {
		return r.inCommunity(ctx, a, id) >= Hierarchy
	}}
}

func officeCommunityAnchor(field string) anchor {
	return anchor{field, func(ctx context.Context, r *Request, a actor, id int) bool {
		return a.office() && r.inCommunity(ctx, a, id) >= Hierarchy
	}}
}

func divisionAnchor(field string) anchor {
	return anchor{field, func(ctx context.Context, r *Request, a actor, id int) bool {
		return a.office() && r.officeDivisions(ctx, a)[id]
	}}
}

func universityAnchor(field string) anchor {
	return anchor{field, func(ctx context.Context, r *Request, a actor, id int) bool {
		return a.is(UniversityStaff) && id != 0 && r.universityID(ctx, a.code) == id
	}}
}

func organizationAnchor(field string) anchor {
	return anchor{field, func(ctx context.Context, r *Request, a actor, id int) bool {
		return a.is(OrganizationStaff) && id != 0 && r.organizationID(ctx, a.code) == id
	}}
}

func agencyAnchor(field string) anchor {
	return anchor{field, func(ctx context.Context, r *Request, a actor, id int) bool {
		if a.code == "" || id == 0 {
			return false
		}
		ag, err := r.clientFor(ctx).Agency.Get(bypass(ctx), id)
		return err == nil && ag.Code == a.code
	}}
}

// parentAnchor checks the record a foreign key points at against that
// record's own anchor field.
func parentAnchor(field string, load func(ctx context.Context, c *gen.Client, id int) (int, error), inner anchor) anchor {
	return anchor{field, func(ctx context.Context, r *Request, a actor, id int) bool {
		parent, err := load(bypass(ctx), r.clientFor(ctx), id)
		return err == nil && inner.ok(ctx, r, a, parent)
	}}
}

// scopes shared by the community-anchored records.

func communityRecords(col string) scopeFunc {
	return only(func(a actor, _ time.Time, _ bool) sel { return byCommunity(col, a) })
}

// rulesByEntity holds every entity's rules.
var rulesByEntity = map[string]entityRules{
	"Agency":   {read: public},
	"Division": {read: public},
	"Department": {
		read: public, write: only(func(a actor, _ time.Time, _ bool) sel { return byDivision(department.FieldDivisionID, a) }),
		anchors: []anchor{divisionAnchor(department.FieldDivisionID)},
	},
	"Community": {
		read: public,
		write: only(func(a actor, _ time.Time, _ bool) sel {
			if p := codeScope(a); p != nil {
				return func(s *entsql.Selector) { s.Where(p(s)) }
			}
			return nil
		}),
		anchors: []anchor{divisionAnchor(community.FieldStreetID)}, relation: byCommunityRelation,
	},
	"Grid":           communityOwned(),
	"Facility":       communityOwned(),
	"ServiceItem":    communityOwned(),
	"ServiceTeam":    communityOwned(),
	"RevenueProject": communityOwned(),
	"Need": {
		read: only(func(a actor, _ time.Time, _ bool) sel {
			return anyOf(byCommunity("community_id", a), partnerCommunities("community_id", a))
		}),
		write: communityRecords("community_id"), anchors: []anchor{communityAnchor("community_id")},
	},
	"Consultation": {
		read: communityRecords("community_id"), write: communityRecords("community_id"),
		anchors: []anchor{communityAnchor("community_id")}, relation: byCommunityRelation, keep: []string{"community_id"},
	},
	"Activity": {
		read: only(func(a actor, _ time.Time, _ bool) sel {
			return anyOf(
				byCommunity(activity.FieldCommunityID, a),
				partnerCommunities(activity.FieldCommunityID, a),
				coOrganisedByUniversity(a),
				throughJoin(activity.OrganizationsTable, activity.OrganizationsPrimaryKey[0], activity.OrganizationsPrimaryKey[1], socialorganization.Table, socialorganization.FieldUscc, a, OrganizationStaff),
				throughJoin(activity.SchoolsTable, activity.SchoolsPrimaryKey[0], activity.SchoolsPrimaryKey[1], school.Table, school.FieldUscc, a, SchoolStaff),
				throughJoin(activity.EnterprisesTable, activity.EnterprisesPrimaryKey[0], activity.EnterprisesPrimaryKey[1], enterprise.Table, enterprise.FieldUscc, a, EnterpriseStaff),
			)
		}),
		write: communityRecords(activity.FieldCommunityID), anchors: []anchor{communityAnchor(activity.FieldCommunityID)},
	},
	"JointMeeting": {
		read: only(func(a actor, _ time.Time, _ bool) sel {
			return anyOf(
				byCommunity(jointmeeting.FieldCommunityID, a),
				byDivision(jointmeeting.FieldDivisionID, a),
				throughJoin(jointmeeting.OrganizationsTable, jointmeeting.OrganizationsPrimaryKey[0], jointmeeting.OrganizationsPrimaryKey[1], socialorganization.Table, socialorganization.FieldUscc, a, OrganizationStaff),
				throughJoin(jointmeeting.SchoolsTable, jointmeeting.SchoolsPrimaryKey[0], jointmeeting.SchoolsPrimaryKey[1], school.Table, school.FieldUscc, a, SchoolStaff),
				throughJoin(jointmeeting.EnterprisesTable, jointmeeting.EnterprisesPrimaryKey[0], jointmeeting.EnterprisesPrimaryKey[1], enterprise.Table, enterprise.FieldUscc, a, EnterpriseStaff),
			)
		}),
		write: only(func(a actor, _ time.Time, _ bool) sel {
			return anyOf(byCommunity(jointmeeting.FieldCommunityID, a), byDivision(jointmeeting.FieldDivisionID, a))
		}),
		anchors: []anchor{communityAnchor(jointmeeting.FieldCommunityID), divisionAnchor(jointmeeting.FieldDivisionID)},
	},
	"CharityResource": {
		read: only(func(a actor, _ time.Time, _ bool) sel {
			return anyOf(byCommunity("community_id", a),
				byCode("donor_enterprise_id", enterprise.Table, enterprise.FieldUscc, a, EnterpriseStaff),
				byCode("donor_organization_id", socialorganization.Table, socialorganization.FieldUscc, a, OrganizationStaff))
		}),
		write: communityRecords("community_id"), anchors: []anchor{communityAnchor("community_id")},
	},
	"LedgerEntry": {
		read: only(func(a actor, _ time.Time, _ bool) sel {
			return via("project_id", revenueproject.Table, anyOf(
				byCommunity(revenueproject.FieldCommunityID, a),
				byCode(revenueproject.FieldOperatorID, socialorganization.Table, socialorganization.FieldUscc, a, OrganizationStaff),
				byCode(revenueproject.FieldPartnerID, enterprise.Table, enterprise.FieldUscc, a, EnterpriseStaff)))
		}),
		write: only(func(a actor, _ time.Time, _ bool) sel {
			return via("project_id", revenueproject.Table, anyOf(
				byCommunity(revenueproject.FieldCommunityID, a),
				byCode(revenueproject.FieldOperatorID, socialorganization.Table, socialorganization.FieldUscc, a, OrganizationStaff)))
		}),
		anchors: []anchor{parentAnchor("project_id", func(ctx context.Context, c *gen.Client, id int) (int, error) {
			p, err := c.RevenueProject.Get(ctx, id)
			if err != nil {
				return 0, err
			}
			return p.CommunityID, nil
		}, communityAnchor(""))},
	},
	"University": {
		read: public,
		write: only(func(a actor, _ time.Time, _ bool) sel {
			return ownCode(university.FieldCode, a, UniversityStaff)
		}),
	},
	"StudentGroup": {
		read: public,
		write: only(func(a actor, _ time.Time, _ bool) sel {
			return byCode(studentgroup.FieldUniversityID, university.Table, university.FieldCode, a, UniversityStaff)
		}),
		anchors: []anchor{universityAnchor(studentgroup.FieldUniversityID)},
	},
	"Student": {
		read: func(a actor, now time.Time, grant bool) (sel, bool) {
			own := byCode("university_id", university.Table, university.FieldCode, a, UniversityStaff)
			if grant {
				return both(own, adult("birth_date", now)), false
			}
			if a.platform() {
				return adult("birth_date", now), false
			}
			return anyOf(own, both(pairedMembers(a), adult("birth_date", now))), false
		},
		write: only(func(a actor, _ time.Time, _ bool) sel {
			return byCode("university_id", university.Table, university.FieldCode, a, UniversityStaff)
		}),
		anchors:  []anchor{universityAnchor("university_id")},
		relation: studentRelation, keep: []string{"university_id"},
	},
	"School": {
		read:  public,
		write: only(func(a actor, _ time.Time, _ bool) sel { return ownCode(school.FieldUscc, a, SchoolStaff) }),
	},
	"Enterprise": {
		read:  public,
		write: only(func(a actor, _ time.Time, _ bool) sel { return ownCode(enterprise.FieldUscc, a, EnterpriseStaff) }),
	},
	"SocialOrganization": {
		read: public,
		write: only(func(a actor, _ time.Time, _ bool) sel {
			return anyOf(ownCode(socialorganization.FieldUscc, a, OrganizationStaff), byDivision(socialorganization.FieldDivisionID, a))
		}),
		anchors:  []anchor{divisionAnchor(socialorganization.FieldDivisionID)},
		relation: organizationRelation, keep: []string{"division_id", "uscc"},
	},
	"SocialWorker": {
		read: workerRead, write: workerWrite,
		anchors:  []anchor{organizationAnchor("employer_id"), officeCommunityAnchor("community_id")},
		relation: workerRelation, keep: []string{"employer_id", "community_id"},
	},
	"Volunteer": {
		read: volunteerScope(false), write: volunteerScope(true),
		anchors: []anchor{communityAnchor(volunteer.FieldCommunityID)}, relation: personRelation,
		keep: []string{volunteer.FieldCommunityID},
	},
	"ServiceRecord": {
		read: recordScope, write: communityRecords("community_id"),
		anchors: []anchor{communityAnchor("community_id")}, relation: personRelation,
		keep: []string{"community_id", "volunteer_id"},
	},
	"VolunteerCode": func() entityRules {
		// A code is its community's and its person's: no office, partner
		// or organisation reads it.
		e := volunteerOwned()
		e.read = only(func(a actor, _ time.Time, _ bool) sel {
			var own sel
			if a.community() {
				own = via("volunteer_id", volunteer.Table, byCommunity(volunteer.FieldCommunityID, a))
			}
			return anyOf(own, self("volunteer_id", a))
		})
		return e
	}(),
	"Certificate": volunteerOwned(),
	"PointsRule":  communityOwned(),
	"Reward":      communityOwned(),
	"TalentRecord": {
		read: func(a actor, now time.Time, grant bool) (sel, bool) {
			p, all := workerRead(a, now, grant)
			if all {
				return nil, true
			}
			return via("social_worker_id", "social_workers", p), false
		},
		write: func(a actor, now time.Time, grant bool) (sel, bool) {
			p, all := workerWrite(a, now, grant)
			if all {
				return nil, true
			}
			return via("social_worker_id", "social_workers", p), false
		},
		anchors: []anchor{{"social_worker_id", func(ctx context.Context, r *Request, a actor, id int) bool {
			w, err := r.clientFor(ctx).SocialWorker.Get(bypass(ctx), id)
			if err != nil {
				return false
			}
			if w.EmployerID != nil && organizationAnchor("").ok(ctx, r, a, *w.EmployerID) {
				return true
			}
			return w.CommunityID != nil && officeCommunityAnchor("").ok(ctx, r, a, *w.CommunityID)
		}}},
	},
	"PointsEntry": volunteerOwned(), // a volunteer's points ledger
	"Pairing": {
		read: public, write: only(func(a actor, _ time.Time, _ bool) sel { return officeOnly(byCommunity(pairing.FieldCommunityID, a), a) }),
		anchors: []anchor{officeCommunityAnchor(pairing.FieldCommunityID)}, relation: pairingRelation,
		keep: []string{pairing.FieldCommunityID, pairing.FieldGroupID},
	},
	"PartnershipAgreement": {
		read: public,
		write: only(func(a actor, _ time.Time, _ bool) sel {
			if !a.office() {
				return nil
			}
			return func(s *entsql.Selector) {
				d := entsql.Dialect(s.Dialect())
				divs := d.Select("id").From(entsql.Table(division.Table)).Where(entsql.HasPrefix(division.FieldCode, a.prefix))
				depts := d.Select("id").From(entsql.Table(department.Table)).Where(entsql.In(department.FieldDivisionID, divs))
				linked := d.Select(partnershipagreement.DepartmentsPrimaryKey[0]).From(entsql.Table(partnershipagreement.DepartmentsTable)).
					Where(entsql.In(partnershipagreement.DepartmentsPrimaryKey[1], depts))
				s.Where(entsql.In(s.C("id"), linked))
			}
		}),
		edges: agreementDepartments,
	},
	"IncubationBase": {
		read: public, write: only(func(a actor, _ time.Time, _ bool) sel { return byDivision(incubationbase.FieldDivisionID, a) }),
		anchors: []anchor{divisionAnchor(incubationbase.FieldDivisionID)},
	},
	"Residency":     baseOwned(),
	"TrainingBatch": baseOwned(),
	"TeachingSite": {
		read: public,
		write: only(func(a actor, _ time.Time, _ bool) sel {
			return anyOf(byCode("university_id", university.Table, university.FieldCode, a, UniversityStaff),
				byDivision("division_id", a), officeOnly(byCommunity("community_id", a), a))
		}),
		anchors: []anchor{universityAnchor("university_id"), divisionAnchor("division_id"), officeCommunityAnchor("community_id")},
	},
	"AuditEntry": {
		read: only(func(a actor, _ time.Time, _ bool) sel {
			if a.role != DistrictAuditor || a.prefix == "" {
				return nil
			}
			return func(s *entsql.Selector) { s.Where(entsql.HasPrefix(s.C(auditentry.FieldAgency), a.prefix)) }
		}),
	},
	"PersistedDocument": {
		read:    only(func(a actor, _ time.Time, _ bool) sel { return agencyOwned("agency_id", a) }),
		write:   only(func(a actor, _ time.Time, _ bool) sel { return agencyOwned("agency_id", a) }),
		anchors: []anchor{agencyAnchor("agency_id")},
	},
	"Account": {
		read: only(func(a actor, _ time.Time, _ bool) sel { return agencyOwned("agency_id", a) }),
	},
	"APIKey": {
		read:  only(func(a actor, _ time.Time, _ bool) sel { return agencyOwned("agency_id", a) }),
		write: only(func(a actor, _ time.Time, _ bool) sel { return agencyOwned("agency_id", a) }),
	},
	"SharingAgreement": {
		read: only(func(a actor, _ time.Time, _ bool) sel {
			return anyOf(agencyOwned("grantor_id", a), agencyOwned("grantee_id", a))
		}),
		write:   only(func(a actor, _ time.Time, _ bool) sel { return agencyOwned("grantor_id", a) }),
		anchors: []anchor{agencyAnchor("grantor_id")},
	},
}

// workerRead and workerWrite are the rows of social workers an actor may
// read and write: its organisation's, and those stationed in its
// communities (offices write those).
var (
	workerRead = only(func(a actor, _ time.Time, _ bool) sel {
		return anyOf(byCode("employer_id", socialorganization.Table, socialorganization.FieldUscc, a, OrganizationStaff), byCommunity("community_id", a))
	})
	workerWrite = only(func(a actor, _ time.Time, _ bool) sel {
		return anyOf(byCode("employer_id", socialorganization.Table, socialorganization.FieldUscc, a, OrganizationStaff), officeOnly(byCommunity("community_id", a), a))
	})
)

// recordScope: service records are the organising community's (and the
// offices' above it, for adults' records: a minor's are the community's
// alone), and the volunteer's own account's.
func recordScope(a actor, now time.Time, grant bool) (sel, bool) {
	if a.platform() && !grant {
		return via("volunteer_id", volunteer.Table, adult(volunteer.FieldBirthDate, now)), false
	}
	own := byCommunity("community_id", a)
	if !a.community() || grant {
		own = both(own, via("volunteer_id", volunteer.Table, adult(volunteer.FieldBirthDate, now)))
	}
	return anyOf(own, self("volunteer_id", a)), false
}

// volunteerOwned are the rules of records hanging on a volunteer: read and
// written as the volunteer is (and read by the volunteer's own account).
func volunteerOwned() entityRules {
	return entityRules{
		read: func(a actor, now time.Time, grant bool) (sel, bool) {
			p, all := volunteerScope(false)(a, now, grant)
			if all {
				return nil, true
			}
			return via("volunteer_id", volunteer.Table, p), false
		},
		write: func(a actor, now time.Time, grant bool) (sel, bool) {
			p, all := volunteerScope(true)(a, now, grant)
			if all {
				return nil, true
			}
			return via("volunteer_id", volunteer.Table, p), false
		},
		anchors: []anchor{parentAnchor("volunteer_id", volunteerCommunity, communityAnchor(""))},
	}
}

// volunteerCommunity loads the community a volunteer is registered in.
func volunteerCommunity(ctx context.Context, c *gen.Client, id int) (int, error) {
	v, err := c.Volunteer.Get(ctx, id)
	if err != nil || v.CommunityID == nil {
		return 0, fmt.Errorf("volunteer %d has no community", id)
	}
	return *v.CommunityID, nil
}

func communityOwned() entityRules {
	return entityRules{
		read: public, write: communityRecords("community_id"),
		anchors: []anchor{communityAnchor("community_id")}, relation: byCommunityRelation,
		keep: []string{"community_id"},
	}
}

func baseOwned() entityRules {
	return entityRules{
		read: public,
		write: only(func(a actor, _ time.Time, _ bool) sel {
			return via("base_id", incubationbase.Table, byDivision(incubationbase.FieldDivisionID, a))
		}),
		anchors: []anchor{parentAnchor("base_id", func(ctx context.Context, c *gen.Client, id int) (int, error) {
			b, err := c.IncubationBase.Get(ctx, id)
			if err != nil {
				return 0, err
			}
			return b.DivisionID, nil
		}, divisionAnchor(""))},
	}
}

// volunteerScope: a community sees all its volunteers, minors included;
// offices above it and organisations they belong to see the adults (a
// minor's record is the community's alone).
func volunteerScope(write bool) scopeFunc {
	return func(a actor, now time.Time, grant bool) (sel, bool) {
		grown := adult(volunteer.FieldBirthDate, now)
		if a.platform() && !grant {
			if write {
				return nil, true
			}
			return grown, false
		}
		var own sel
		if a.community() && !grant {
			own = byCommunity(volunteer.FieldCommunityID, a)
		} else {
			own = both(byCommunity(volunteer.FieldCommunityID, a), grown)
		}
		if write {
			return own, false
		}
		member := both(throughJoin(socialorganization.MembersTable, socialorganization.MembersPrimaryKey[1], socialorganization.MembersPrimaryKey[0],
			socialorganization.Table, socialorganization.FieldUscc, a, OrganizationStaff), grown)
		return anyOf(own, member, self("id", a)), false
	}
}

// ownCode keeps the actor's own row of a table keyed by code.
func ownCode(col string, a actor, r Role) sel {
	if !a.is(r) {
		return nil
	}
	return func(s *entsql.Selector) { s.Where(entsql.EQ(s.C(col), a.code)) }
}

// officeOnly keeps p for offices only.
func officeOnly(p sel, a actor) sel {
	if !a.office() {
		return nil
	}
	return p
}

// agencyOwned keeps rows whose col references the actor's agency.
func agencyOwned(col string, a actor) sel {
	if a.code == "" {
		return nil
	}
	return colIn(col, agency.Table, func(*entsql.Selector) *entsql.Predicate { return entsql.EQ(agency.FieldCode, a.code) })
}

// pairedMembers keeps the students of groups with an ACTIVE pairing to the
// actor's community.
func pairedMembers(a actor) sel {
	if !a.community() {
		return nil
	}
	return func(s *entsql.Selector) {
		d := entsql.Dialect(s.Dialect())
		comm := d.Select("id").From(entsql.Table(community.Table)).Where(entsql.EQ(community.FieldCode, a.code))
		groups := d.Select(pairing.FieldGroupID).From(entsql.Table(pairing.Table)).
			Where(entsql.And(entsql.EQ(pairing.FieldStatus, pairing.StatusACTIVE), entsql.In(pairing.FieldCommunityID, comm)))
		members := d.Select(studentgroup.MembersPrimaryKey[1]).From(entsql.Table(studentgroup.MembersTable)).
			Where(entsql.In(studentgroup.MembersPrimaryKey[0], groups))
		s.Where(entsql.In(s.C("id"), members))
	}
}

// coOrganisedByUniversity keeps activities co-organised by a group of the
// actor's university.
func coOrganisedByUniversity(a actor) sel {
	if !a.is(UniversityStaff) {
		return nil
	}
	return func(s *entsql.Selector) {
		d := entsql.Dialect(s.Dialect())
		univ := d.Select("id").From(entsql.Table(university.Table)).Where(entsql.EQ(university.FieldCode, a.code))
		groups := d.Select("id").From(entsql.Table(studentgroup.Table)).Where(entsql.In(studentgroup.FieldUniversityID, univ))
		linked := d.Select(activity.GroupsPrimaryKey[0]).From(entsql.Table(activity.GroupsTable)).Where(entsql.In(activity.GroupsPrimaryKey[1], groups))
		s.Where(entsql.In(s.C("id"), linked))
	}
}

// agreementDepartments lets an office create or re-party an agreement only
// when one of its department parties lies in the office's subtree.
func agreementDepartments(ctx context.Context, r *Request, a actor, m ent.Mutation) bool {
	if !a.office() {
		return false
	}
	ids := m.AddedIDs(partnershipagreement.EdgeDepartments)
	if len(ids) == 0 {
		return !m.Op().Is(ent.OpCreate)
	}
	divs := r.officeDivisions(ctx, a)
	for _, v := range ids {
		id, _ := v.(int)
		d, err := r.clientFor(ctx).Department.Get(bypass(ctx), id)
		if err != nil || !divs[d.DivisionID] {
			return false
		}
	}
	return true
}

// relations of records with CONDITIONAL or NONE fields.

func byCommunityRelation(ctx context.Context, r *Request, a actor, row any) Relation {
	var id int
	switch v := row.(type) {
	case *gen.Community:
		id = v.ID
	case *gen.Volunteer:
		if v.CommunityID != nil {
			id = *v.CommunityID
		}
	case *gen.Grid:
		id = v.CommunityID
	case *gen.Consultation:
		id = v.CommunityID
	case *gen.ServiceTeam:
		id = v.CommunityID
	case *gen.Facility:
		id = v.CommunityID
	case *gen.ServiceItem:
		id = v.CommunityID
	case *gen.RevenueProject:
		id = v.CommunityID
	}
	return r.inCommunity(ctx, a, id)
}

// personRelation is byCommunityRelation, and Owner for the volunteer's own
// account.
func personRelation(ctx context.Context, r *Request, a actor, row any) Relation {
	if a.person != 0 {
		switch v := row.(type) {
		case *gen.Volunteer:
			if v.ID == a.person {
				return Owner
			}
		case *gen.ServiceRecord:
			if v.VolunteerID == a.person {
				return Owner
			}
		}
		return Stranger
	}
	if rec, ok := row.(*gen.ServiceRecord); ok {
		return r.inCommunity(ctx, a, rec.CommunityID)
	}
	return byCommunityRelation(ctx, r, a, row)
}

func studentRelation(ctx context.Context, r *Request, a actor, row any) Relation {
	s, ok := row.(*gen.Student)
	if ok && a.is(UniversityStaff) && r.universityID(ctx, a.code) == s.UniversityID {
		return Owner
	}
	return Stranger
}

func workerRelation(ctx context.Context, r *Request, a actor, row any) Relation {
	w, ok := row.(*gen.SocialWorker)
	if !ok {
		return Stranger
	}
	if a.is(OrganizationStaff) && w.EmployerID != nil && r.organizationID(ctx, a.code) == *w.EmployerID {
		return Owner
	}
	if w.CommunityID != nil && r.inCommunity(ctx, a, *w.CommunityID) >= Hierarchy {
		return Hierarchy
	}
	return Stranger
}

func organizationRelation(ctx context.Context, r *Request, a actor, row any) Relation {
	o, ok := row.(*gen.SocialOrganization)
	if !ok {
		return Stranger
	}
	if a.is(OrganizationStaff) && o.Uscc == a.code {
		return Owner
	}
	if a.office() && o.DivisionID != nil && r.officeDivisions(ctx, a)[*o.DivisionID] {
		return Hierarchy
	}
	return Stranger
}

func pairingRelation(ctx context.Context, r *Request, a actor, row any) Relation {
	p, ok := row.(*gen.Pairing)
	if !ok {
		return Stranger
	}
	if a.is(UniversityStaff) && r.universityGroups(ctx, a.code)[p.GroupID] {
		return Owner
	}
	return r.inCommunity(ctx, a, p.CommunityID)
}

// registration: each entity's rules become its privacy rules.

func init() {
	for name, e := range rulesByEntity {
		Register(name, Rules{Query: readRule(name, e), Mutation: writeRule(name, e)})
	}
}

// readRule filters the rows of a query to those the viewer may read, and,
// under a sharing agreement in force for this entity, the grantor's.
func readRule(name string, e entityRules) entprivacy.QueryRule {
	return queryRuleFunc(func(ctx context.Context, q ent.Query) error {
		keepColumns(q, e.keep)
		p, all := ReadScope(ctx, name)
		if all {
			return entprivacy.Allow
		}
		if p == nil {
			p = nothing
		}
		if err := where(q, p); err != nil {
			return fmt.Errorf("%w: %v", entprivacy.Deny, err)
		}
		return entprivacy.Allow
	})
}

// keepColumns adds the columns the field rules need (keep) to a query that
// loads rows with a selection of columns, as GraphQL field collection makes,
// whether it is a root query or the query of an eager-loaded edge (whose
// context carries the parent's query context, not its own). Queries of ids,
// counts, existence or explicitly selected columns are left alone.
func keepColumns(q ent.Query, keep []string) {
	if len(keep) == 0 {
		return
	}
	v := reflect.ValueOf(q)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return
	}
	qc := v.Elem().FieldByName("ctx")
	if !qc.IsValid() || qc.Kind() != reflect.Pointer || qc.IsNil() {
		return
	}
	fields := qc.Elem().FieldByName("Fields")
	switch qc.Elem().FieldByName("Op").String() {
	case "", ent.OpQueryAll, ent.OpQueryFirst, ent.OpQueryOnly:
	default:
		return
	}
	// All columns (none listed) include keep; only the id is what ids and
	// counts select.
	if fields.Len() <= 1 {
		return
	}
	have := make(map[string]bool, fields.Len())
	for i := 0; i < fields.Len(); i++ {
		have[fields.Index(i).String()] = true
	}
	var missing []reflect.Value
	for _, col := range keep {
		if !have[col] {
			missing = append(missing, reflect.ValueOf(col))
		}
	}
	if len(missing) == 0 {
		return
	}
	if sel := v.MethodByName("Select"); sel.IsValid() && sel.Type().IsVariadic() {
		sel.Call(missing)
	}
}

// queryRuleFunc adapts a function to a privacy query rule.
type queryRuleFunc func(context.Context, ent.Query) error

// EvalQuery calls f.
func (f queryRuleFunc) EvalQuery(ctx context.Context, q ent.Query) error { return f(ctx, q) }

// where adds the raw predicate p to a generated query (q.Where takes the
// entity's own predicate type, a func(*sql.Selector)).
func where(q ent.Query, p func(*entsql.Selector)) error {
	m := reflect.ValueOf(q).MethodByName("Where")
	if !m.IsValid() || m.Type().NumIn() != 1 || !m.Type().IsVariadic() {
		return fmt.Errorf("query %T cannot be filtered", q)
	}
	elem := m.Type().In(0).Elem()
	m.Call([]reflect.Value{reflect.ValueOf(p).Convert(elem)})
	return nil
}

// ReadScope returns the rows of entity the viewer of ctx may read: all of
// them, those matching p, or none (nil, false). Filters across edges use it
// to stay within what the viewer sees.
func ReadScope(ctx context.Context, entity string) (p func(*entsql.Selector), all bool) {
	e, ok := rulesByEntity[entity]
	if !ok || e.read == nil {
		return nil, false
	}
	v := FromContext(ctx)
	if v.IsSystem() {
		return nil, true
	}
	now := time.Now()
	p, all = e.read(actorOf(v), now, false)
	if all {
		return nil, true
	}
	if r := requestOf(ctx); r != nil {
		if g, err := r.grantFor(ctx); err == nil && g != nil && g.Agreement.Entity == entity {
			gp, gall := e.read(g.grantor, now, true)
			if gall {
				return nil, true
			}
			p = anyOf(p, gp)
		}
	}
	return p, false
}

// writer is implemented by ent update mutations: it narrows the rows they touch.
type writer interface {
	WhereP(...func(*entsql.Selector))
}

// writeRule lets a viewer create records anchored on what it may write and
// change only the rows it may both write and read (others are "not found",
// as if they did not exist), and link a record only to rows it may link.
func writeRule(name string, e entityRules) entprivacy.MutationRule {
	return entprivacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		v := FromContext(ctx)
		if v.ReadOnly {
			return deny("this API key may only read", "该接口密钥为只读")
		}
		a := actorOf(v)
		now := time.Now()
		var p sel
		all := true
		if !a.platform() {
			if e.write == nil || !a.writer() {
				return denyChange(v, name)
			}
			p, all = e.write(a, now, false)
			if !all && p == nil {
				return denyChange(v, name)
			}
		}
		r := requestOf(ctx)
		if r == nil {
			r = &Request{now: now, ids: map[string]map[int]bool{}, one: map[string]int{}, done: map[string]bool{}}
		}
		if r.client == nil {
			r.client = clientOf(m)
		}
		if !m.Op().Is(ent.OpCreate) {
			if err := scopeUpdate(ctx, name, m, p, all); err != nil {
				return err
			}
		}
		passed := map[string]bool{}
		if !a.platform() {
			var err error
			if passed, err = checkAnchors(ctx, r, a, e, m); err != nil {
				return err
			}
			if e.edges != nil && !e.edges(ctx, r, a, m) {
				return denyChange(v, name)
			}
		}
		return checkLinks(ctx, a, name, m, passed)
	})
}

// scopeUpdate narrows an update or delete to the rows the viewer may write
// (p, unless all) and read. A mutation of one row checks it first, so that
// no write rule that reads the stored row ever runs on a row the viewer may
// not read or write: such a row is "not found", like a missing one.
func scopeUpdate(ctx context.Context, name string, m ent.Mutation, p sel, all bool) error {
	w, ok := m.(writer)
	if !ok {
		return denyChange(FromContext(ctx), name)
	}
	rp, rall := ReadScope(ctx, name)
	if rall && all {
		return nil
	}
	if !rall && rp == nil {
		rp = nothing
	}
	var preds []sel
	if !all {
		preds = append(preds, p)
	}
	if !rall {
		preds = append(preds, rp)
	}
	w.WhereP(preds...)
	one, ok := m.(interface{ ID() (int, bool) })
	if !ok || !m.Op().Is(ent.OpUpdateOne|ent.OpDeleteOne) {
		return nil
	}
	id, ok := one.ID()
	if !ok {
		return nil
	}
	n, err := countRows(ctx, clientOf(m), name, []int{id}, preds...)
	if err != nil {
		return fmt.Errorf("%w: checking the row to change: %v", entprivacy.Deny, err)
	}
	if n == 0 {
		return notFound("")
	}
	return nil
}

// clientOf returns the client of a generated mutation.
func clientOf(m ent.Mutation) *gen.Client {
	if c, ok := m.(interface{ Client() *gen.Client }); ok {
		return c.Client()
	}
	return nil
}

// checkAnchors: a create must hang on something the actor may write; an
// update that moves a record must move it there too. It returns the anchor
// fields that passed.
func checkAnchors(ctx context.Context, r *Request, a actor, e entityRules, m ent.Mutation) (map[string]bool, error) {
	passed := map[string]bool{}
	if len(e.anchors) == 0 {
		if m.Op().Is(ent.OpCreate) {
			return nil, deny("only the platform creates these records", "仅平台可新增此类记录")
		}
		return passed, nil
	}
	create := m.Op().Is(ent.OpCreate)
	for _, an := range e.anchors {
		val, set := m.Field(an.field)
		if !set {
			continue
		}
		id := toInt(val)
		if an.ok(ctx, r, a, id) {
			passed[an.field] = true
		} else if !create {
			return nil, deny("you may not move a record out of your own", "无权将记录移出本机构范围")
		}
	}
	if create && len(passed) == 0 {
		return nil, denyOutside(m, e.anchors)
	}
	return passed, nil
}

// denyOutside refuses a create that hangs on nothing the viewer may write,
// naming the input field that must name a record of the viewer's own: the
// one given, or the ones to give.
func denyOutside(m ent.Mutation, anchors []anchor) error {
	var names []string
	for _, an := range anchors {
		name := fault.APIName(an.field)
		if _, set := m.Field(an.field); set {
			fe := fault.Denied(fault.Text{
				En: fmt.Sprintf("the record named is outside your agency: you may create %s records only within your own agency", m.Type()),
				Zh: fmt.Sprintf("所指记录不在本机构范围内：只能在本机构范围内新增%s记录", ZhName(m.Type())),
			})
			fe.Field = name
			return fmt.Errorf("%w: %w", entprivacy.Deny, fe)
		}
		names = append(names, name)
	}
	fe := fault.Denied(fault.Text{
		En: fmt.Sprintf("you may create %s records only within your own agency: give %s, naming one of your own", m.Type(), strings.Join(names, " or ")),
		Zh: fmt.Sprintf("只能在本机构范围内新增%s记录：请填写%s，指明本机构范围内的记录", ZhName(m.Type()), strings.Join(names, "或")),
	})
	fe.Field = names[0]
	return fmt.Errorf("%w: %w", entprivacy.Deny, fe)
}

func toInt(v ent.Value) int {
	switch n := v.(type) {
	case int:
		return n
	case *int:
		if n != nil {
			return *n
		}
	}
	return 0
}

func deny(en, zh string, args ...any) error {
	return fmt.Errorf("%w: %w", entprivacy.Deny, fault.Denied(fault.T(en, zh, args...)))
}

// FieldAccess decides whether the viewer of ctx may read field (of sharing
// class class) of row, an entity of type entity the viewer already sees. It
// returns the agreement that allowed it, if one did.
func FieldAccess(ctx context.Context, entity, class string, row any) (allowed bool, agreement int, err error) {
	v := FromContext(ctx)
	if v.IsSystem() {
		return true, 0, nil
	}
	e := rulesByEntity[entity]
	r := requestOf(ctx)
	if r == nil || e.relation == nil {
		return false, 0, fieldDenied()
	}
	a := actorOf(v)
	rel := Stranger
	if a.platform() {
		rel = Hierarchy
	} else {
		rel = e.relation(ctx, r, a, row)
	}
	switch class {
	case "NONE":
		if rel == Owner {
			return true, 0, nil
		}
		return false, 0, fieldDenied()
	case "CONDITIONAL":
		if rel >= Hierarchy {
			return true, 0, nil
		}
	default:
		return true, 0, nil
	}
	return false, 0, nil
}

// GrantedField reports whether the agreement in force for ctx grants field
// of entity for row; err explains a named but refused agreement.
func GrantedField(ctx context.Context, entity, field string, row any) (int, error) {
	r := requestOf(ctx)
	if r == nil {
		return 0, fieldDenied()
	}
	g, err := r.grantFor(ctx)
	if err != nil {
		return 0, err
	}
	if g == nil || g.Agreement.Entity != entity || !g.fields[field] {
		return 0, fieldDenied()
	}
	e := rulesByEntity[entity]
	if e.relation == nil || e.relation(ctx, r, g.grantor, row) < Hierarchy {
		return 0, fieldDenied()
	}
	return g.Agreement.ID, nil
}

func fieldDenied() error {
	return fault.Denied(fault.T("you may not read this field", "无权读取该字段"))
}

// RelationOf returns how row, a record of entity, relates to the viewer of
// ctx. The platform stands in Hierarchy to every record.
func RelationOf(ctx context.Context, entity string, row any) Relation {
	v := FromContext(ctx)
	if v.IsSystem() {
		return Owner
	}
	a := actorOf(v)
	if a.platform() {
		return Hierarchy
	}
	e := rulesByEntity[entity]
	r := requestOf(ctx)
	if r == nil || e.relation == nil {
		return Stranger
	}
	return e.relation(ctx, r, a, row)
}

// CheckPurpose reports why the sharing agreement the request names as its
// purpose (X-Purpose) is not in force for the viewer; nil when none is named
// or it is.
func CheckPurpose(ctx context.Context) error {
	if FromContext(ctx).Purpose == "" {
		return nil
	}
	r := requestOf(ctx)
	if r == nil {
		return fieldDenied()
	}
	_, err := r.grantFor(ctx)
	return err
}
