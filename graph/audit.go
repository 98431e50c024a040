package graph

import (
	"context"
	"time"

	"entgo.io/ent/privacy"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/ent/agency"
	"github.com/wushehub/wushe/ent/auditentry"
	"github.com/wushehub/wushe/graph/model"
	"github.com/wushehub/wushe/internal/audit"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/fault"
)

// revokeAgreement revokes a sharing agreement the viewer's agency granted.
// Others' agreements are "not found" (the write rule filters them out).
func (r *Resolver) revokeAgreement(ctx context.Context, id int, reason string) (*ent.SharingAgreement, error) {
	if reason == "" {
		return nil, fault.BadInput("reason", fault.T("say why the agreement is revoked", "请填写撤销原因"))
	}
	c := ent.FromContext(ctx)
	current, err := c.SharingAgreement.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if current.RevokedAt != nil {
		return nil, fault.Conflicting("id", fault.T("the agreement was already revoked", "该协议已撤销"))
	}
	return c.SharingAgreement.UpdateOneID(id).SetRevokedAt(time.Now()).SetRevokedReason(reason).Save(ctx)
}

// revokeAPIKey revokes a key of the viewer's agency.
func (r *Resolver) revokeAPIKey(ctx context.Context, id int) (*ent.APIKey, error) {
	c := ent.FromContext(ctx)
	current, err := c.APIKey.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if current.RevokedAt != nil {
		return nil, fault.Conflicting("id", fault.T("the key was already revoked", "该密钥已吊销"))
	}
	return c.APIKey.UpdateOneID(id).SetRevokedAt(time.Now()).Save(ctx)
}

// verifyAuditChain checks the whole chain, for auditors and the platform.
func (r *Resolver) verifyAuditChain(ctx context.Context) (*model.AuditVerification, error) {
	v := authz.FromContext(ctx)
	if !v.IsPlatformAdmin() && v.Role != authz.DistrictAuditor {
		return nil, fault.Denied(fault.T("only auditors and the platform verify the audit log", "仅审计人员和平台可校验审计日志"))
	}
	res, err := audit.Verify(ctx, r.client)
	if err != nil {
		return nil, err
	}
	out := &model.AuditVerification{Ok: res.OK, Checked: res.Checked}
	if !res.OK {
		at := res.BrokenAt
		reason := res.Reason.In(fault.LangFrom(ctx))
		out.BrokenAt, out.Entry, out.Reason = &at, res.Entry, &reason
	}
	return out, nil
}

// subjects are the entities whose records are persons.
var subjects = map[string]bool{"Student": true, "Volunteer": true, "SocialWorker": true}

// accessHistory lists who read a person's CONDITIONAL or NONE fields, for
// the agency owning the person (and the platform).
func (r *Resolver) accessHistory(ctx context.Context, subject int) ([]*model.AccessRecord, error) {
	entity, ok := ent.TypeOfID(subject)
	if !ok || !subjects[entity] {
		return nil, fault.BadInput("subject", fault.T("the subject must be a student, volunteer or social worker", "对象应为学生、志愿者或社会工作者"))
	}
	bypass := privacy.DecisionContext(ctx, privacy.Allow)
	row, err := r.client.Noder(bypass, subject)
	if err != nil {
		return nil, fault.Missing("subject", fault.T("not found", "未找到"))
	}
	if rel := authz.RelationOf(ctx, entity, row); rel != authz.Owner && !authz.FromContext(ctx).IsPlatformAdmin() {
		return nil, fault.Missing("subject", fault.T("not found", "未找到"))
	}
	entries, err := r.client.AuditEntry.Query().
		Where(auditentry.Entity(entity), auditentry.EntityID(subject), auditentry.ActionEQ(auditentry.ActionREAD)).
		Order(ent.Desc(auditentry.FieldSeq)).Limit(1000).All(bypass)
	if err != nil {
		return nil, err
	}
	codes := map[string]bool{}
	for _, e := range entries {
		if e.Agency != "" {
			codes[e.Agency] = true
		}
	}
	names := map[string]string{}
	if len(codes) > 0 {
		list := make([]string, 0, len(codes))
		for c := range codes {
			list = append(list, c)
		}
		agencies, err := r.client.Agency.Query().Where(agency.CodeIn(list...)).All(bypass)
		if err != nil {
			return nil, err
		}
		for _, a := range agencies {
			names[a.Code] = a.Name
		}
	}
	out := make([]*model.AccessRecord, 0, len(entries))
	for _, e := range entries {
		rec := &model.AccessRecord{At: e.At, Role: e.Role, Fields: e.Fields}
		if e.Agency != "" {
			a := e.Agency
			rec.Agency = &a
			if n, ok := names[a]; ok {
				rec.AgencyName = &n
			}
		}
		if e.Purpose != "" {
			p := e.Purpose
			rec.Purpose = &p
		}
		if e.Operation != "" {
			o := e.Operation
			rec.Operation = &o
		}
		if rec.Fields == nil {
			rec.Fields = []string{}
		}
		out = append(out, rec)
	}
	return out, nil
}
