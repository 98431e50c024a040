//go:build !entbootstrap

package schema

import (
	"context"
	"fmt"
	"slices"
	"time"

	"entgo.io/ent"
	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"entgo.io/ent/privacy"

	gen "github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/ent/community"
	"github.com/wushehub/wushe/ent/consultation"
	"github.com/wushehub/wushe/ent/division"
	"github.com/wushehub/wushe/ent/hook"
	"github.com/wushehub/wushe/ent/ledgerentry"
	"github.com/wushehub/wushe/ent/pairing"
	"github.com/wushehub/wushe/ent/partnershipagreement"
	"github.com/wushehub/wushe/ent/serviceteam"
	"github.com/wushehub/wushe/ent/socialorganization"
	"github.com/wushehub/wushe/ent/socialworker"
	"github.com/wushehub/wushe/ent/trainingbatch"
	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/ident"
)

// The hooks below check the write rules that span several fields or rows.
// Each runs before the write, inside the caller's transaction when there is
// one, and reads what it needs with privacy bypassed: the rule must hold
// whoever writes. Field-level rules (check digits, non-negative counts) are
// field validators in the schema files.

const writeOps = ent.OpCreate | ent.OpUpdate | ent.OpUpdateOne

// internal returns ctx allowed to read any row, for rule checks.
func internal(ctx context.Context) context.Context {
	return privacy.DecisionContext(ctx, privacy.Allow)
}

// targets returns the ids an update mutation touches (none for a create).
func targets(ctx context.Context, m interface {
	Op() ent.Op
	IDs(context.Context) ([]int, error)
}) ([]int, error) {
	if m.Op().Is(ent.OpCreate) {
		return nil, nil
	}
	ids, err := m.IDs(internal(ctx))
	if err != nil {
		return nil, fmt.Errorf("rule check: listing rows to update: %w", err)
	}
	return ids, nil
}

// finalIDs returns an edge's ids after the mutation: current, less cleared or
// removed ones, plus added ones.
func finalIDs(current []int, cleared bool, removed, added []int) []int {
	var out []int
	if !cleared {
		for _, id := range current {
			if !slices.Contains(removed, id) {
				out = append(out, id)
			}
		}
	}
	for _, id := range added {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// lockForUpdate locks the selected rows until the transaction ends, on
// databases that have row locks (PostgreSQL); SQLite serialises writers.
func lockForUpdate(s *entsql.Selector) {
	if s.Dialect() == dialect.Postgres {
		s.ForUpdate()
	}
}

func today() time.Time {
	now := time.Now()
	return time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
}

// Hooks of a Division: code, level and nesting agree.
func (Division) Hooks() []ent.Hook {
	return []ent.Hook{hook.On(func(next ent.Mutator) ent.Mutator {
		return hook.DivisionFunc(func(ctx context.Context, m *gen.DivisionMutation) (ent.Value, error) {
			if err := checkDivision(ctx, m); err != nil {
				return nil, err
			}
			return next.Mutate(ctx, m)
		})
	}, writeOps)}
}

var divisionLevel = map[division.Level]ident.Level{
	division.LevelPROVINCE: ident.LevelProvince,
	division.LevelCITY:     ident.LevelCity,
	division.LevelDISTRICT: ident.LevelDistrict,
	division.LevelSTREET:   ident.LevelStreet,
}

func checkDivision(ctx context.Context, m *gen.DivisionMutation) error {
	// Appending is not validated by the field's validator: thresholds are
	// set as a whole.
	if appended, ok := m.AppendedVolunteerStarHours(); ok && len(appended) > 0 {
		return fault.BadInput("volunteerStarHours", fault.T(
			"set the star thresholds as a whole, not by appending",
			"请整体设置星级时长门槛，不能追加"))
	}
	code, codeSet := m.Code()
	level, levelSet := m.Level()
	parentID, parentSet := m.ParentID()
	if !codeSet && !levelSet && !parentSet && !m.ParentIDCleared() {
		return nil
	}
	ictx := internal(ctx)
	client := m.Client()
	type state struct {
		id     int
		code   string
		level  division.Level
		parent *int
	}
	var rows []state
	if m.Op().Is(ent.OpCreate) {
		s := state{code: code, level: level}
		if parentSet {
			s.parent = &parentID
		}
		rows = append(rows, s)
	} else {
		ids, err := targets(ctx, m)
		if err != nil {
			return err
		}
		current, err := client.Division.Query().Where(division.IDIn(ids...)).All(ictx)
		if err != nil {
			return fmt.Errorf("rule check: loading divisions: %w", err)
		}
		for _, d := range current {
			s := state{id: d.ID, code: d.Code, level: d.Level, parent: d.ParentID}
			if codeSet {
				s.code = code
			}
			if levelSet {
				s.level = level
			}
			if parentSet {
				s.parent = &parentID
			} else if m.ParentIDCleared() {
				s.parent = nil
			}
			if codeSet || levelSet {
				n, err := client.Division.Query().Where(division.ParentID(d.ID)).Count(ictx)
				if err != nil {
					return fmt.Errorf("rule check: counting child divisions: %w", err)
				}
				c, err := client.Community.Query().Where(community.StreetID(d.ID)).Count(ictx)
				if err != nil {
					return fmt.Errorf("rule check: counting communities: %w", err)
				}
				if (n > 0 || c > 0) && (s.code != d.Code || s.level != d.Level) {
					return fault.Conflicting("code", fault.T(
						"division %s has %d divisions and %d communities below it: move or recode them first",
						"区划%s下有%d个下级区划和%d个社区：请先调整它们", d.Code, n, c))
				}
			}
			rows = append(rows, s)
		}
	}
	for _, s := range rows {
		lv := divisionLevel[s.level]
		if err := ident.CheckDivisionCode(s.code, lv); err != nil {
			return withField(err, "code")
		}
		if s.parent == nil {
			continue
		}
		if s.id != 0 && *s.parent == s.id {
			return fault.BadInput("parentID", fault.T("a division cannot be its own parent", "区划不能以自身为上级"))
		}
		parent, err := client.Division.Get(ictx, *s.parent)
		if gen.IsNotFound(err) {
			return fault.Missing("parentID", fault.T("parent division not found", "上级区划不存在"))
		}
		if err != nil {
			return fmt.Errorf("rule check: loading parent division: %w", err)
		}
		if err := ident.CheckNesting(s.code, lv, parent.Code, divisionLevel[parent.Level]); err != nil {
			return withField(err, "parentID")
		}
	}
	return nil
}

// withField sets the field of a field-less *fault.Error.
func withField(err error, field string) error {
	if fe, ok := fault.As(err); ok && fe.Field == "" {
		cp := *fe
		cp.Field = field
		return &cp
	}
	return err
}

// Hooks of a Community: its code is a community-level code that extends its
// street's.
func (Community) Hooks() []ent.Hook {
	return []ent.Hook{hook.On(func(next ent.Mutator) ent.Mutator {
		return hook.CommunityFunc(func(ctx context.Context, m *gen.CommunityMutation) (ent.Value, error) {
			if err := checkCommunity(ctx, m); err != nil {
				return nil, err
			}
			return next.Mutate(ctx, m)
		})
	}, writeOps)}
}

func checkCommunity(ctx context.Context, m *gen.CommunityMutation) error {
	code, codeSet := m.Code()
	streetID, streetSet := m.StreetID()
	if !codeSet && !streetSet {
		return nil
	}
	ictx := internal(ctx)
	client := m.Client()
	type state struct {
		code   string
		street int
	}
	var rows []state
	if m.Op().Is(ent.OpCreate) {
		rows = append(rows, state{code, streetID})
	} else {
		ids, err := targets(ctx, m)
		if err != nil {
			return err
		}
		current, err := client.Community.Query().Where(community.IDIn(ids...)).All(ictx)
		if err != nil {
			return fmt.Errorf("rule check: loading communities: %w", err)
		}
		for _, c := range current {
			s := state{c.Code, c.StreetID}
			if codeSet {
				s.code = code
			}
			if streetSet {
				s.street = streetID
			}
			rows = append(rows, s)
		}
	}
	for _, s := range rows {
		if err := ident.CheckDivisionCode(s.code, ident.LevelCommunity); err != nil {
			return withField(err, "code")
		}
		street, err := client.Division.Get(ictx, s.street)
		if gen.IsNotFound(err) {
			return fault.Missing("streetID", fault.T("street not found", "所属街道不存在"))
		}
		if err != nil {
			return fmt.Errorf("rule check: loading street: %w", err)
		}
		if street.Level != division.LevelSTREET {
			return fault.BadInput("streetID", fault.T("a community hangs below a STREET-level division, not a %s one", "社区应隶属于街道（乡级）区划，而不是%s级区划", street.Level))
		}
		if err := ident.CheckNesting(s.code, ident.LevelCommunity, street.Code, ident.LevelStreet); err != nil {
			return withField(err, "code")
		}
	}
	return nil
}

// Hooks of a SocialOrganization: the kind agrees with the credit code.
func (SocialOrganization) Hooks() []ent.Hook {
	return []ent.Hook{hook.On(func(next ent.Mutator) ent.Mutator {
		return hook.SocialOrganizationFunc(func(ctx context.Context, m *gen.SocialOrganizationMutation) (ent.Value, error) {
			if err := checkOrganization(ctx, m); err != nil {
				return nil, err
			}
			return next.Mutate(ctx, m)
		})
	}, writeOps)}
}

// organizationCategories lists the second characters of a civil-affairs
// (first character 5) credit code allowed for each kind.
var organizationCategories = map[socialorganization.Kind]string{
	socialorganization.KindSOCIAL_GROUP:          "1",
	socialorganization.KindSOCIAL_SERVICE_AGENCY: "2",
	socialorganization.KindFOUNDATION:            "3",
	socialorganization.KindCOMMUNITY_BASED:       "19",
}

func checkOrganization(ctx context.Context, m *gen.SocialOrganizationMutation) error {
	if code, ok := m.Uscc(); ok {
		m.SetUscc(ident.NormalizeUSCC(code))
	}
	code, codeSet := m.Uscc()
	kind, kindSet := m.Kind()
	if !codeSet && !kindSet && !m.UsccCleared() {
		return nil
	}
	type state struct {
		code string
		kind socialorganization.Kind
	}
	var rows []state
	if m.Op().Is(ent.OpCreate) {
		rows = append(rows, state{code, kind})
	} else {
		ids, err := targets(ctx, m)
		if err != nil {
			return err
		}
		current, err := m.Client().SocialOrganization.Query().Where(socialorganization.IDIn(ids...)).All(internal(ctx))
		if err != nil {
			return fmt.Errorf("rule check: loading organisations: %w", err)
		}
		for _, o := range current {
			s := state{o.Uscc, o.Kind}
			if codeSet {
				s.code = code
			} else if m.UsccCleared() {
				s.code = ""
			}
			if kindSet {
				s.kind = kind
			}
			rows = append(rows, s)
		}
	}
	for _, s := range rows {
		if s.code == "" {
			if s.kind != socialorganization.KindCOMMUNITY_BASED {
				return fault.BadInput("uscc", fault.T("a %s must have a unified social credit code; only filed community-based organisations may lack one", "%s必须有统一社会信用代码；仅备案的社区社会组织可以没有", s.kind))
			}
			continue
		}
		authority, category := ident.OrganizationCategory(s.code)
		allowed := organizationCategories[s.kind]
		if authority != '5' || !containsByte(allowed, category) {
			return fault.BadInput("uscc", fault.T(
				"code %s is registered as category %c%c, which does not agree with kind %s (civil affairs codes: 51 social group, 52 social service agency, 53 foundation; community-based 51 or 59)",
				"代码%s的登记类别为%c%c，与组织类型%s不符（民政登记：51社会团体、52社会服务机构、53基金会；社区社会组织51或59）",
				s.code, authority, category, s.kind))
		}
	}
	return nil
}

func containsByte(s string, b byte) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == b {
			return true
		}
	}
	return false
}

// Hooks of a Volunteer: a birth date agrees with the ID number, and is taken
// from it when not given; its service records stay its own
// (records_hooks.go).
func (Volunteer) Hooks() []ent.Hook {
	return []ent.Hook{hook.On(func(next ent.Mutator) ent.Mutator {
		return hook.VolunteerFunc(func(ctx context.Context, m *gen.VolunteerMutation) (ent.Value, error) {
			if err := checkVolunteer(ctx, m); err != nil {
				return nil, err
			}
			return next.Mutate(ctx, m)
		})
	}, ent.OpCreate|ent.OpUpdateOne), volunteerRecordsStay()}
}

func checkVolunteer(ctx context.Context, m *gen.VolunteerMutation) error {
	if id, ok := m.IDNumber(); ok {
		// As written on paper: a lowercase x, spaces around it.
		m.SetIDNumber(ident.NormalizeResidentID(id))
	}
	id, idSet := m.IDNumber()
	birth, birthSet := m.BirthDate()
	if !idSet && !birthSet {
		return nil
	}
	if !idSet && m.Op().Is(ent.OpUpdateOne) {
		old, err := m.OldIDNumber(internal(ctx))
		if err != nil {
			return fmt.Errorf("rule check: loading volunteer: %w", err)
		}
		id = old
	}
	if id == "" || ident.CheckResidentID(id, time.Now()) != nil {
		return nil // the field validator reports a bad number
	}
	fromID, err := ident.BirthDate(id)
	if err != nil {
		return nil
	}
	if !birthSet {
		m.SetBirthDate(fromID)
		return nil
	}
	if !sameDay(birth, fromID) {
		if !idSet {
			// The stored number is not the writer's to see (sharing class
			// NONE): say that it disagrees, not what it says.
			return fault.BadInput("birthDate", fault.T("birth date %s does not agree with the stored ID number", "出生日期%s与已登记的身份证号码不一致", birth.Format("2006-01-02")))
		}
		return fault.BadInput("birthDate", fault.T("birth date %s does not agree with the ID number, which gives %s", "出生日期%s与身份证号码中的%s不一致", birth.Format("2006-01-02"), fromID.Format("2006-01-02")))
	}
	return nil
}

// Hooks of a SocialWorker: an ID number is unique among the workers of an
// employer (a unique index) and among the workers without one stationed in
// the same community (this hook, which sees only what the writer may read,
// so that a conflict never reveals a record hidden from the writer).
func (SocialWorker) Hooks() []ent.Hook {
	return []ent.Hook{hook.On(func(next ent.Mutator) ent.Mutator {
		return hook.SocialWorkerFunc(func(ctx context.Context, m *gen.SocialWorkerMutation) (ent.Value, error) {
			if err := checkWorker(ctx, m); err != nil {
				return nil, err
			}
			return next.Mutate(ctx, m)
		})
	}, ent.OpCreate|ent.OpUpdateOne)}
}

func checkWorker(ctx context.Context, m *gen.SocialWorkerMutation) error {
	if num, ok := m.IDNumber(); ok {
		m.SetIDNumber(ident.NormalizeResidentID(num))
	}
	num, numSet := m.IDNumber()
	_, employerSet := m.EmployerID()
	community, communitySet := m.CommunityID()
	if !numSet && !employerSet && !communitySet && !m.EmployerIDCleared() && !m.CommunityIDCleared() {
		return nil
	}
	self, update := m.ID()
	if update {
		old, err := m.Client().SocialWorker.Get(internal(ctx), self)
		if err != nil {
			return fmt.Errorf("rule check: loading social worker: %w", err)
		}
		if !numSet && old.IDNumber != "" {
			num, numSet = old.IDNumber, true
		}
		if !employerSet && !m.EmployerIDCleared() && old.EmployerID != nil {
			employerSet = true
		}
		if !communitySet && !m.CommunityIDCleared() && old.CommunityID != nil {
			community, communitySet = *old.CommunityID, true
		}
	}
	if !numSet || num == "" || employerSet || !communitySet {
		return nil
	}
	// Read as the writer: rows it may not read do not conflict.
	q := m.Client().SocialWorker.Query().Where(socialworker.IDNumber(num), socialworker.EmployerIDIsNil(), socialworker.CommunityID(community))
	if update {
		q.Where(socialworker.IDNEQ(self))
	}
	dup, err := q.Exist(ctx)
	if err != nil {
		return fmt.Errorf("rule check: looking for a duplicate social worker: %w", err)
	}
	if dup {
		return fault.Conflicting("idNumber", fault.T("already taken by another record", "已被其他记录使用"))
	}
	return nil
}

func sameDay(a, b time.Time) bool {
	return a.Year() == b.Year() && a.Month() == b.Month() && a.Day() == b.Day()
}

// Hooks of a Pairing: at most three ACTIVE pairings per community, no
// duplicate open pairing of the same group and community, until after since.
func (Pairing) Hooks() []ent.Hook {
	return []ent.Hook{hook.On(func(next ent.Mutator) ent.Mutator {
		return hook.PairingFunc(func(ctx context.Context, m *gen.PairingMutation) (ent.Value, error) {
			if err := checkPairing(ctx, m); err != nil {
				return nil, err
			}
			return next.Mutate(ctx, m)
		})
	}, writeOps)}
}

// MaxActivePairings is how many ACTIVE pairings a community may have (1–3
// groups per community, as practised in Xixia).
const MaxActivePairings = 3

func checkPairing(ctx context.Context, m *gen.PairingMutation) error {
	ictx := internal(ctx)
	client := m.Client()
	status, statusSet := m.Status()
	if statusSet && status == pairing.StatusACTIVE {
		if _, ok := m.Since(); !ok && m.Op().Is(ent.OpCreate) {
			m.SetSince(today())
		}
	}
	if statusSet && status == pairing.StatusENDED {
		if _, ok := m.Until(); !ok {
			m.SetUntil(today())
		}
	}
	var rows []*gen.Pairing
	if m.Op().Is(ent.OpCreate) {
		p := &gen.Pairing{Status: status}
		p.CommunityID, _ = m.CommunityID()
		p.GroupID, _ = m.GroupID()
		if v, ok := m.Since(); ok {
			p.Since = &v
		}
		if v, ok := m.Until(); ok {
			p.Until = &v
		}
		p.EndReason, _ = m.EndReason()
		rows = append(rows, p)
	} else {
		ids, err := targets(ctx, m)
		if err != nil {
			return err
		}
		current, err := client.Pairing.Query().Where(pairing.IDIn(ids...)).All(ictx)
		if err != nil {
			return fmt.Errorf("rule check: loading pairings: %w", err)
		}
		for _, p := range current {
			wasActive := p.Status == pairing.StatusACTIVE
			if statusSet {
				p.Status = status
			}
			if v, ok := m.CommunityID(); ok {
				p.CommunityID = v
			}
			if v, ok := m.GroupID(); ok {
				p.GroupID = v
			}
			if v, ok := m.Since(); ok {
				p.Since = &v
			} else if m.SinceCleared() {
				p.Since = nil
			}
			if v, ok := m.Until(); ok {
				p.Until = &v
			} else if m.UntilCleared() {
				p.Until = nil
			}
			if v, ok := m.EndReason(); ok {
				p.EndReason = v
			} else if m.EndReasonCleared() {
				p.EndReason = ""
			}
			if !wasActive && p.Status == pairing.StatusACTIVE && p.Since == nil && len(ids) == 1 {
				m.SetSince(today())
			}
			rows = append(rows, p)
		}
	}
	for _, p := range rows {
		if p.Since != nil && p.Until != nil && p.Until.Before(*p.Since) {
			return fault.BadInput("until", fault.T("a pairing cannot end (%s) before it started (%s)", "结对结束日期（%s）不能早于开始日期（%s）", p.Until.Format("2006-01-02"), p.Since.Format("2006-01-02")))
		}
		if p.Status == pairing.StatusENDED {
			if p.EndReason == "" {
				return fault.BadInput("endReason", fault.T("say why the pairing ends", "请填写结对结束原因"))
			}
			continue
		}
		// Lock the community so that two writers cannot both take its last slot.
		q := client.Community.Query().Where(community.ID(p.CommunityID))
		q.Modify(lockForUpdate)
		if _, err := q.Only(ictx); gen.IsNotFound(err) {
			return fault.Missing("communityID", fault.T("community not found", "社区不存在"))
		} else if err != nil {
			return fmt.Errorf("rule check: locking community: %w", err)
		}
		others := client.Pairing.Query().Where(pairing.CommunityID(p.CommunityID), pairing.IDNEQ(p.ID))
		dup, err := others.Clone().Where(pairing.GroupID(p.GroupID), pairing.StatusNEQ(pairing.StatusENDED)).Exist(ictx)
		if err != nil {
			return fmt.Errorf("rule check: looking for duplicate pairing: %w", err)
		}
		if dup {
			return fault.Conflicting("groupID", fault.T("this group already has an open pairing with this community", "该团支部/社团与该社区已有未结束的结对"))
		}
		if p.Status != pairing.StatusACTIVE {
			continue
		}
		active, err := others.Clone().Where(pairing.StatusEQ(pairing.StatusACTIVE)).Count(ictx)
		if err != nil {
			return fmt.Errorf("rule check: counting active pairings: %w", err)
		}
		if active >= MaxActivePairings {
			return fault.Conflicting("status", fault.T("the community already has %d active pairings, the most allowed", "该社区已有%d个结对中的团支部/社团，已达上限", active))
		}
	}
	return nil
}

// Hooks of a ServiceTeam: the 1+2+N composition.
func (ServiceTeam) Hooks() []ent.Hook {
	return []ent.Hook{hook.On(func(next ent.Mutator) ent.Mutator {
		return hook.ServiceTeamFunc(func(ctx context.Context, m *gen.ServiceTeamMutation) (ent.Value, error) {
			if err := checkTeam(ctx, m); err != nil {
				return nil, err
			}
			return next.Mutate(ctx, m)
		})
	}, writeOps)}
}

func checkTeam(ctx context.Context, m *gen.ServiceTeamMutation) error {
	ictx := internal(ctx)
	client := m.Client()
	_, communitySet := m.CommunityID()
	if !m.Op().Is(ent.OpCreate) && !communitySet && !m.SocialWorkersCleared() && !m.VolunteersCleared() &&
		len(m.SocialWorkersIDs())+len(m.RemovedSocialWorkersIDs())+len(m.VolunteersIDs())+len(m.RemovedVolunteersIDs()) == 0 {
		return nil
	}
	type state struct {
		community           int
		workers, volunteers []int
	}
	var rows []state
	if m.Op().Is(ent.OpCreate) {
		c, _ := m.CommunityID()
		rows = append(rows, state{c, m.SocialWorkersIDs(), m.VolunteersIDs()})
	} else {
		ids, err := targets(ctx, m)
		if err != nil {
			return err
		}
		teams, err := client.ServiceTeam.Query().Where(serviceteam.IDIn(ids...)).All(ictx)
		if err != nil {
			return fmt.Errorf("rule check: loading service teams: %w", err)
		}
		for _, t := range teams {
			workers, err := client.ServiceTeam.QuerySocialWorkers(t).IDs(ictx)
			if err != nil {
				return fmt.Errorf("rule check: loading team workers: %w", err)
			}
			volunteers, err := client.ServiceTeam.QueryVolunteers(t).IDs(ictx)
			if err != nil {
				return fmt.Errorf("rule check: loading team volunteers: %w", err)
			}
			s := state{
				community:  t.CommunityID,
				workers:    finalIDs(workers, m.SocialWorkersCleared(), m.RemovedSocialWorkersIDs(), m.SocialWorkersIDs()),
				volunteers: finalIDs(volunteers, m.VolunteersCleared(), m.RemovedVolunteersIDs(), m.VolunteersIDs()),
			}
			if c, ok := m.CommunityID(); ok {
				s.community = c
			}
			rows = append(rows, s)
		}
	}
	for _, s := range rows {
		if len(s.workers) != 2 {
			return fault.BadInput("socialWorkerIDs", fault.T("a 1+2+N team has exactly 2 stationed social workers, got %d", "“1+2+N”服务队应有2名驻点社工，实际为%d名", len(s.workers)))
		}
		stationed, err := client.SocialWorker.Query().
			Where(socialworker.IDIn(s.workers...), socialworker.CommunityID(s.community)).
			Count(ictx)
		if err != nil {
			return fmt.Errorf("rule check: loading social workers: %w", err)
		}
		if stationed != len(s.workers) {
			return fault.BadInput("socialWorkerIDs", fault.T("both social workers must be stationed in the team's community", "两名社工都应驻点于服务队所在社区"))
		}
		if len(s.volunteers) == 0 {
			return fault.BadInput("volunteerIDs", fault.T("a 1+2+N team has at least one volunteer", "“1+2+N”服务队至少应有1名志愿者"))
		}
	}
	return nil
}

// Hooks of a PartnershipAgreement: 2 parties when BILATERAL, 3 when TRIPARTITE.
func (PartnershipAgreement) Hooks() []ent.Hook {
	return []ent.Hook{hook.On(func(next ent.Mutator) ent.Mutator {
		return hook.PartnershipAgreementFunc(func(ctx context.Context, m *gen.PartnershipAgreementMutation) (ent.Value, error) {
			if err := checkAgreement(ctx, m); err != nil {
				return nil, err
			}
			return next.Mutate(ctx, m)
		})
	}, writeOps)}
}

// PartiesByKind is the number of parties each kind of agreement has.
var PartiesByKind = map[partnershipagreement.Kind]int{
	partnershipagreement.KindBILATERAL:  2,
	partnershipagreement.KindTRIPARTITE: 3,
}

var agreementEdges = []string{
	partnershipagreement.EdgeUniversities,
	partnershipagreement.EdgeDepartments,
	partnershipagreement.EdgeSchools,
	partnershipagreement.EdgeEnterprises,
	partnershipagreement.EdgeOrganizations,
}

func checkAgreement(ctx context.Context, m *gen.PartnershipAgreementMutation) error {
	ictx := internal(ctx)
	kind, kindSet := m.Kind()
	if m.Op().Is(ent.OpCreate) {
		n := 0
		for _, e := range agreementEdges {
			n += len(m.AddedIDs(e))
		}
		return partyCount(kind, n)
	}
	touched := kindSet
	for _, e := range agreementEdges {
		touched = touched || m.EdgeCleared(e) || len(m.AddedIDs(e)) > 0 || len(m.RemovedIDs(e)) > 0
	}
	if !touched {
		return nil
	}
	ids, err := targets(ctx, m)
	if err != nil {
		return err
	}
	agreements, err := m.Client().PartnershipAgreement.Query().Where(partnershipagreement.IDIn(ids...)).
		WithUniversities().WithDepartments().WithSchools().WithEnterprises().WithOrganizations().
		All(ictx)
	if err != nil {
		return fmt.Errorf("rule check: loading agreements: %w", err)
	}
	for _, a := range agreements {
		current := map[string][]int{
			partnershipagreement.EdgeUniversities:  idsOf(a.Edges.Universities, func(v *gen.University) int { return v.ID }),
			partnershipagreement.EdgeDepartments:   idsOf(a.Edges.Departments, func(v *gen.Department) int { return v.ID }),
			partnershipagreement.EdgeSchools:       idsOf(a.Edges.Schools, func(v *gen.School) int { return v.ID }),
			partnershipagreement.EdgeEnterprises:   idsOf(a.Edges.Enterprises, func(v *gen.Enterprise) int { return v.ID }),
			partnershipagreement.EdgeOrganizations: idsOf(a.Edges.Organizations, func(v *gen.SocialOrganization) int { return v.ID }),
		}
		n := 0
		for _, e := range agreementEdges {
			n += len(finalIDs(current[e], m.EdgeCleared(e), values(m.RemovedIDs(e)), values(m.AddedIDs(e))))
		}
		k := a.Kind
		if kindSet {
			k = kind
		}
		if err := partyCount(k, n); err != nil {
			return err
		}
	}
	return nil
}

func partyCount(kind partnershipagreement.Kind, n int) error {
	if want := PartiesByKind[kind]; n != want {
		return fault.BadInput("kind", fault.T("a %s agreement has %d parties, got %d", "%s协议应有%d个签约方，实际为%d个", kind, want, n))
	}
	return nil
}

func idsOf[T any](items []T, id func(T) int) []int {
	out := make([]int, len(items))
	for i, v := range items {
		out[i] = id(v)
	}
	return out
}

func values(vs []ent.Value) []int {
	out := make([]int, 0, len(vs))
	for _, v := range vs {
		if id, ok := v.(int); ok {
			out = append(out, id)
		}
	}
	return out
}

// Hooks of a TrainingBatch: phases only move forward; ended after started.
func (TrainingBatch) Hooks() []ent.Hook {
	return []ent.Hook{hook.On(func(next ent.Mutator) ent.Mutator {
		return hook.TrainingBatchFunc(func(ctx context.Context, m *gen.TrainingBatchMutation) (ent.Value, error) {
			if err := checkBatch(ctx, m); err != nil {
				return nil, err
			}
			return next.Mutate(ctx, m)
		})
	}, writeOps)}
}

func phaseIndex(p trainingbatch.Phase) int {
	return slices.Index(TrainingPhases.Values(), string(p))
}

func checkBatch(ctx context.Context, m *gen.TrainingBatchMutation) error {
	type state struct {
		phase, oldPhase trainingbatch.Phase
		completed       bool
		started, ended  *time.Time
	}
	var rows []state
	phase, phaseSet := m.Phase()
	if m.Op().Is(ent.OpCreate) {
		s := state{phase: phase, oldPhase: phase}
		s.completed, _ = m.Completed()
		if v, ok := m.StartedOn(); ok {
			s.started = &v
		}
		if v, ok := m.EndedOn(); ok {
			s.ended = &v
		}
		rows = append(rows, s)
	} else {
		ids, err := targets(ctx, m)
		if err != nil {
			return err
		}
		current, err := m.Client().TrainingBatch.Query().Where(trainingbatch.IDIn(ids...)).All(internal(ctx))
		if err != nil {
			return fmt.Errorf("rule check: loading training batches: %w", err)
		}
		for _, b := range current {
			s := state{phase: b.Phase, oldPhase: b.Phase, completed: b.Completed, started: &b.StartedOn, ended: b.EndedOn}
			if phaseSet {
				s.phase = phase
			}
			if v, ok := m.Completed(); ok {
				s.completed = v
			}
			if v, ok := m.StartedOn(); ok {
				s.started = &v
			}
			if v, ok := m.EndedOn(); ok {
				s.ended = &v
			} else if m.EndedOnCleared() {
				s.ended = nil
			}
			rows = append(rows, s)
		}
	}
	for _, s := range rows {
		if phaseIndex(s.phase) < phaseIndex(s.oldPhase) {
			return fault.BadInput("phase", fault.T("training phases only move forward: %s cannot go back to %s", "实训阶段只能前进：不能从%s退回到%s", s.oldPhase, s.phase))
		}
		if s.completed && s.phase != trainingbatch.PhaseROADSHOW {
			return fault.BadInput("completed", fault.T("a batch completes after its roadshow (ROADSHOW), not in phase %s", "批次应在汇报路演（ROADSHOW）后结业，当前阶段为%s", s.phase))
		}
		if s.started != nil && s.ended != nil && s.ended.Before(*s.started) {
			return fault.BadInput("endedOn", fault.T("a batch cannot end (%s) before it starts (%s)", "批次结束日期（%s）不能早于开始日期（%s）", s.ended.Format("2006-01-02"), s.started.Format("2006-01-02")))
		}
	}
	return nil
}

// Hooks of a Consultation: resolved on or after the day it was raised, and
// closed exactly when RESOLVED or REJECTED.
func (Consultation) Hooks() []ent.Hook {
	return []ent.Hook{hook.On(func(next ent.Mutator) ent.Mutator {
		return hook.ConsultationFunc(func(ctx context.Context, m *gen.ConsultationMutation) (ent.Value, error) {
			if err := checkConsultation(ctx, m); err != nil {
				return nil, err
			}
			return next.Mutate(ctx, m)
		})
	}, writeOps)}
}

func checkConsultation(ctx context.Context, m *gen.ConsultationMutation) error {
	type state struct {
		status   consultation.Status
		raised   time.Time
		resolved *time.Time
	}
	var rows []state
	status, statusSet := m.Status()
	if m.Op().Is(ent.OpCreate) {
		s := state{status: status}
		s.raised, _ = m.RaisedOn()
		if v, ok := m.ResolvedOn(); ok {
			s.resolved = &v
		}
		rows = append(rows, s)
	} else {
		_, raisedSet := m.RaisedOn()
		_, resolvedSet := m.ResolvedOn()
		if !statusSet && !raisedSet && !resolvedSet && !m.ResolvedOnCleared() {
			return nil
		}
		ids, err := targets(ctx, m)
		if err != nil {
			return err
		}
		current, err := m.Client().Consultation.Query().Where(consultation.IDIn(ids...)).All(internal(ctx))
		if err != nil {
			return fmt.Errorf("rule check: loading consultations: %w", err)
		}
		for _, c := range current {
			s := state{status: c.Status, raised: c.RaisedOn, resolved: c.ResolvedOn}
			if statusSet {
				s.status = status
			}
			if v, ok := m.RaisedOn(); ok {
				s.raised = v
			}
			if v, ok := m.ResolvedOn(); ok {
				s.resolved = &v
			} else if m.ResolvedOnCleared() {
				s.resolved = nil
			}
			rows = append(rows, s)
		}
	}
	for _, s := range rows {
		closed := s.status == consultation.StatusRESOLVED || s.status == consultation.StatusREJECTED
		switch {
		case closed && s.resolved == nil:
			return fault.BadInput("resolvedOn", fault.T("a %s consultation needs the date it was closed", "状态为%s的议事需填写办结日期", s.status))
		case !closed && s.resolved != nil:
			return fault.BadInput("resolvedOn", fault.T("a %s consultation has no closing date yet", "状态为%s的议事尚无办结日期", s.status))
		case s.resolved != nil && s.resolved.Before(s.raised):
			return fault.BadInput("resolvedOn", fault.T("resolved on %s, before it was raised on %s", "办结日期%s早于提出日期%s", s.resolved.Format("2006-01-02"), s.raised.Format("2006-01-02")))
		}
	}
	return nil
}

// Hooks of a LedgerEntry: the category belongs to the direction.
func (LedgerEntry) Hooks() []ent.Hook {
	return []ent.Hook{hook.On(func(next ent.Mutator) ent.Mutator {
		return hook.LedgerEntryFunc(func(ctx context.Context, m *gen.LedgerEntryMutation) (ent.Value, error) {
			if err := checkLedger(ctx, m); err != nil {
				return nil, err
			}
			return next.Mutate(ctx, m)
		})
	}, writeOps)}
}

func checkLedger(ctx context.Context, m *gen.LedgerEntryMutation) error {
	dir, dirSet := m.Direction()
	cat, catSet := m.Category()
	if !dirSet && !catSet {
		return nil
	}
	type state struct {
		dir ledgerentry.Direction
		cat ledgerentry.Category
	}
	var rows []state
	if m.Op().Is(ent.OpCreate) {
		rows = append(rows, state{dir, cat})
	} else {
		ids, err := targets(ctx, m)
		if err != nil {
			return err
		}
		current, err := m.Client().LedgerEntry.Query().Where(ledgerentry.IDIn(ids...)).All(internal(ctx))
		if err != nil {
			return fmt.Errorf("rule check: loading ledger entries: %w", err)
		}
		for _, e := range current {
			s := state{e.Direction, e.Category}
			if dirSet {
				s.dir = dir
			}
			if catSet {
				s.cat = cat
			}
			rows = append(rows, s)
		}
	}
	for _, s := range rows {
		if IncomeCategories[string(s.cat)] != (s.dir == ledgerentry.DirectionINCOME) {
			return fault.BadInput("category", fault.T("category %s does not belong to %s entries", "科目%s不属于%s类台账", s.cat, s.dir))
		}
	}
	return nil
}

// Hooks of a SharingAgreement: it shares CONDITIONAL fields of one entity
// type (NONE fields are never shared), between two agencies, for a period.
func (SharingAgreement) Hooks() []ent.Hook {
	return []ent.Hook{hook.On(func(next ent.Mutator) ent.Mutator {
		return hook.SharingAgreementFunc(func(ctx context.Context, m *gen.SharingAgreementMutation) (ent.Value, error) {
			if err := checkAgreementTerms(m); err != nil {
				return nil, err
			}
			return next.Mutate(ctx, m)
		})
	}, ent.OpCreate)}
}

func checkAgreementTerms(m *gen.SharingAgreementMutation) error {
	entity, _ := m.Entity()
	classes, ok := gen.FieldSharing[entity]
	if !ok {
		return fault.BadInput("entity", fault.T("%q is not an entity type of the hub", "“%s”不是平台的实体类型", entity))
	}
	fields, _ := m.GetFields()
	if len(fields) == 0 {
		return fault.BadInput("fields", fault.T("name the CONDITIONAL fields shared", "请列出共享的有条件共享字段"))
	}
	for _, f := range fields {
		switch classes[f] {
		case "CONDITIONAL":
		case "NONE":
			return fault.BadInput("fields", fault.T("%s.%s is never shared (sharing class NONE)", "%s.%s不予共享（不予共享类）", entity, f))
		case "UNCONDITIONAL":
			return fault.BadInput("fields", fault.T("%s.%s is readable without an agreement", "%s.%s无需协议即可读取", entity, f))
		default:
			return fault.BadInput("fields", fault.T("%s has no field %q", "%s没有字段“%s”", entity, f))
		}
	}
	from, _ := m.ValidFrom()
	until, _ := m.ValidUntil()
	if !until.After(from) {
		return fault.BadInput("validUntil", fault.T("an agreement ends after it starts", "协议失效时间应晚于生效时间"))
	}
	grantor, _ := m.GrantorID()
	grantee, _ := m.GranteeID()
	if grantor == grantee {
		return fault.BadInput("granteeID", fault.T("an agency does not share with itself", "机构无需与自身订立共享协议"))
	}
	return nil
}

// normalizeUSCC upper-cases and trims a unified social credit code as it is
// written (lowercase letters, spaces around it) before the field's check.
func normalizeUSCC() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			if v, ok := m.Field("uscc"); ok {
				if code, ok := v.(string); ok {
					if err := m.SetField("uscc", ident.NormalizeUSCC(code)); err != nil {
						return nil, err
					}
				}
			}
			return next.Mutate(ctx, m)
		})
	}
}

// Hooks of an Enterprise: its credit code as written is normalised.
func (Enterprise) Hooks() []ent.Hook { return []ent.Hook{normalizeUSCC()} }

// Hooks of a School: its credit code as written is normalised.
func (School) Hooks() []ent.Hook { return []ent.Hook{normalizeUSCC()} }
