package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/wushehub/wushe/ent/agency"
	"github.com/wushehub/wushe/ent/sharingagreement"
	"github.com/wushehub/wushe/internal/authz"
)

// KangzhuangCode is 康庄社区 in Xixia, the community of the demo's revoked
// agreement.
const KangzhuangCode = "640105001002"

// Demo sharing agreements: one in force, one expired, one revoked.
const (
	AgreementInForce = "沙龙社区志愿者联络授权（榆心社工）"
	AgreementExpired = "2024年重阳节关爱活动联络授权"
	AgreementRevoked = "宁夏大学结对学生联络授权（康庄社区）"
)

// access registers the demo's agencies and its sharing agreements.
func (l *loader) access(ctx context.Context) error {
	client := l.tx.Client()
	if _, err := authz.SyncAgencies(ctx, client); err != nil {
		return err
	}
	for _, v := range Viewers() {
		acct, err := authz.EnsureAccount(ctx, client, v.Viewer.Subject, v.Viewer.Role, v.Viewer.Agency)
		if err != nil {
			return fmt.Errorf("demo account %s: %w", v.Viewer.Subject, err)
		}
		if v.Viewer.Role == authz.Volunteer {
			if err := client.Account.UpdateOne(acct).SetVolunteerID(l.ownVolunteer).Exec(ctx); err != nil {
				return fmt.Errorf("demo account %s: %w", v.Viewer.Subject, err)
			}
		}
	}
	id := func(code string) (int, error) {
		return client.Agency.Query().Where(agency.Code(code)).OnlyID(ctx)
	}
	shalong, err := id(ShalongCode)
	if err != nil {
		return fmt.Errorf("agency %s: %w", ShalongCode, err)
	}
	yuxin, err := id(YuxinUSCC)
	if err != nil {
		return fmt.Errorf("agency %s: %w", YuxinUSCC, err)
	}
	nxu, err := id(NXUCode)
	if err != nil {
		return fmt.Errorf("agency %s: %w", NXUCode, err)
	}
	kangzhuang, err := id(KangzhuangCode)
	if err != nil {
		return fmt.Errorf("agency %s: %w", KangzhuangCode, err)
	}
	day := func(s string) time.Time {
		t, _ := time.Parse("2006-01-02", s)
		return t
	}
	revoked := day("2025-06-30")
	_, err = client.SharingAgreement.CreateBulk(
		client.SharingAgreement.Create().
			SetGrantorID(shalong).SetGranteeID(yuxin).
			SetEntity("Volunteer").SetFields([]string{"phone"}).
			SetPurpose(AgreementInForce+"：榆心社工站组织“1+2+N”先锋服务队排班和志愿服务活动通知，仅用于联络，不得转交第三方").
			SetLegalBasis(sharingagreement.LegalBasisCONSENT).
			SetValidFrom(day("2025-01-01")).SetValidUntil(day("2027-12-31")),
		client.SharingAgreement.Create().
			SetGrantorID(shalong).SetGranteeID(yuxin).
			SetEntity("Volunteer").SetFields([]string{"phone"}).
			SetPurpose(AgreementExpired+"：重阳关爱助老活动期间联络志愿者").
			SetLegalBasis(sharingagreement.LegalBasisCONSENT).
			SetValidFrom(day("2024-09-01")).SetValidUntil(day("2024-10-31")),
		client.SharingAgreement.Create().
			SetGrantorID(nxu).SetGranteeID(kangzhuang).
			SetEntity("Student").SetFields([]string{"phone"}).
			SetPurpose(AgreementRevoked+"：结对活动期间联络学生志愿者").
			SetLegalBasis(sharingagreement.LegalBasisCONTRACT).
			SetValidFrom(day("2024-03-01")).SetValidUntil(day("2026-12-31")).
			SetRevokedAt(revoked).SetRevokedReason("结对调整，联络改由团委统一负责"),
	).Save(ctx)
	return err
}
