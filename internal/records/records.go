// Package records keeps the volunteer service records (志愿服务记录) and what
// derives from them: personal identity codes (智码有身份) and the check-in
// and check-out scans that create records, confirmation and correction
// (reversal and replacement, never edits), the hours, star level and points
// of each volunteer (积分有奖惩), redemptions against a stock of rewards
// (积分兑换), and service certificates (志愿服务证明) with their public
// verification.
//
// Every method writes through the caller's viewer, so the privacy rules of
// the ent schemas decide who may do what; only the derived figures of a
// volunteer (hours, stars, balance, hour points) are written on the hub's
// behalf, in the caller's transaction, after the rule-checked write that
// caused them.
package records

import (
	"context"
	"fmt"
	"time"

	"entgo.io/ent/privacy"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/internal/fault"
)

// Service is the volunteer records service.
type Service struct {
	client *ent.Client
	codes  *Signer
	now    func() time.Time
}

// New returns the service over client, signing identity codes with signer.
func New(client *ent.Client, signer *Signer) *Service {
	return &Service{client: client, codes: signer, now: time.Now}
}

// Signer returns the signer of identity codes.
func (s *Service) Signer() *Signer { return s.codes }

// tx returns the client of the request transaction in ctx, else the
// service's client.
func (s *Service) tx(ctx context.Context) *ent.Client {
	if c := ent.FromContext(ctx); c != nil {
		return c
	}
	return s.client
}

// inTx runs f in the request transaction when ctx has one, else in a new
// transaction.
func (s *Service) inTx(ctx context.Context, f func(ctx context.Context, c *ent.Client) error) error {
	if c := ent.FromContext(ctx); c != nil {
		return f(ctx, c)
	}
	tx, err := s.client.Tx(ctx)
	if err != nil {
		return fmt.Errorf("records: begin: %w", err)
	}
	c := tx.Client()
	if err := f(ent.NewContext(ctx, c), c); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("records: commit: %w", err)
	}
	return nil
}

// derived returns ctx allowed to write the figures derived from records.
func derived(ctx context.Context) context.Context {
	return privacy.DecisionContext(ctx, privacy.Allow)
}

func bad(field, en, zh string, args ...any) error {
	return fault.BadInput(field, fault.T(en, zh, args...))
}

func conflict(field, en, zh string, args ...any) error {
	return fault.Conflicting(field, fault.T(en, zh, args...))
}

func notFound(field, en, zh string, args ...any) error {
	return fault.Missing(field, fault.T(en, zh, args...))
}
