package graph

import (
	"context"
	"encoding/base64"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/graph/model"
	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/records"
)

// scanOf converts a GraphQL scan.
func scanOf(in *model.ScanInput) records.Scan {
	s := records.Scan{Code: in.Code, Direction: records.Direction(in.Direction), Activity: value(in.Activity),
		ServiceTeam: value(in.ServiceTeam), Content: deref(in.Content)}
	if in.At != nil {
		s.At = *in.At
	}
	return s
}

// outcomes converts the outcomes of an upload, with each refusal's code
// and message in the request's language.
func outcomes(ctx context.Context, out []records.Outcome) []*model.ScanOutcome {
	lang := fault.LangFrom(ctx)
	res := make([]*model.ScanOutcome, len(out))
	for i, o := range out {
		res[i] = &model.ScanOutcome{Index: i, Record: o.Record, Duplicate: o.Duplicate}
		if o.Err != nil {
			code, msg := string(fault.Internal), "internal error"
			if fe, ok := fault.As(o.Err); ok {
				code, msg = string(fe.Code), fe.Message(lang)
			}
			res[i].ErrorCode, res[i].ErrorMessage = &code, &msg
		}
	}
	return res
}

// verifyPath is where a certificate is verified.
func verifyPath(c *ent.Certificate) string { return "/verify/" + c.Code }

// verification answers verifyCertificate.
func (r *Resolver) verification(ctx context.Context, code string) (*model.CertificateVerification, error) {
	v, found, err := r.records.Verify(ctx, code)
	if err != nil || !found {
		return nil, err
	}
	return &model.CertificateVerification{Code: v.Code, MaskedName: v.Name, Community: v.Community, Hours: v.Hours,
		StarLevel: v.StarLevel, Records: v.Records, IssuedAt: v.IssuedAt}, nil
}

// codePNG returns a code's QR image as a PNG data URL.
func (r *Resolver) codePNG(ctx context.Context, c *ent.VolunteerCode) (string, error) {
	tok, err := r.records.TokenOf(ctx, c)
	if err != nil {
		return "", err
	}
	png, err := records.PNG(tok, 256)
	if err != nil {
		return "", err
	}
	return "data:image/png;base64," + base64.StdEncoding.EncodeToString(png), nil
}

// value returns *p, or the zero value when p is nil.
func value[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
