package records

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"

	qrcode "github.com/skip2/go-qrcode"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/ent/volunteercode"
)

// TokenPrefix starts every identity code token.
const TokenPrefix = "WSV1"

// Signer signs and checks identity code tokens with a key derived from the
// hub's token key, so that a code token is never a bearer token and the
// other way round.
type Signer struct {
	key []byte
}

// NewSigner returns a signer whose key derives from the hub's key (see
// authz.LoadKey); a nil key makes a random one, for tests and tools whose
// codes need not outlive the process.
func NewSigner(hubKey []byte) *Signer {
	if len(hubKey) == 0 {
		hubKey = make([]byte, 32)
		_, _ = rand.Read(hubKey)
	}
	m := hmac.New(sha256.New, hubKey)
	m.Write([]byte("wushe volunteer identity code v1"))
	return &Signer{key: m.Sum(nil)}
}

// claims are what a token carries: the code's serial, the district of the
// volunteer's community (6 digits) and the expiry. No name, ID number or
// phone.
type claims struct {
	serial   string
	district string
	expires  time.Time
}

var b64 = base64.RawURLEncoding

// Token returns the token of a code: WSV1.<serial>.<district>.<expiry
// unix>.<signature>.
func (g *Signer) Token(serial, district string, expires time.Time) string {
	body := strings.Join([]string{TokenPrefix, serial, district, strconv.FormatInt(expires.Unix(), 10)}, ".")
	return body + "." + b64.EncodeToString(g.sign(body))
}

func (g *Signer) sign(body string) []byte {
	m := hmac.New(sha256.New, g.key)
	m.Write([]byte(body))
	return m.Sum(nil)[:16]
}

// parse checks a scanned text's form and signature.
func (g *Signer) parse(text string) (claims, error) {
	text = strings.TrimSpace(text)
	parts := strings.Split(text, ".")
	if len(parts) != 5 || parts[0] != TokenPrefix {
		return claims{}, bad("code", "the scanned text is not a volunteer identity code", "扫描内容不是志愿者身份码")
	}
	sig, err := b64.DecodeString(parts[4])
	if err != nil || !hmac.Equal(sig, g.sign(strings.Join(parts[:4], "."))) {
		return claims{}, bad("code", "the identity code has been altered or was not issued by this hub", "身份码已被篡改或并非本平台签发")
	}
	exp, err := strconv.ParseInt(parts[3], 10, 64)
	if err != nil {
		return claims{}, bad("code", "the identity code has been altered or was not issued by this hub", "身份码已被篡改或并非本平台签发")
	}
	return claims{serial: parts[1], district: parts[2], expires: time.Unix(exp, 0)}, nil
}

// newSerial returns a random code serial.
func newSerial() string {
	b := make([]byte, 10)
	_, _ = rand.Read(b)
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
}

// district returns the 6-digit district part of a community code.
func district(communityCode string) string {
	if len(communityCode) < 6 {
		return ""
	}
	return communityCode[:6]
}

// DefaultCodeValidity is how long an identity code is valid unless said
// otherwise.
const DefaultCodeValidity = 365 * 24 * time.Hour

// IssueCode issues a new identity code for a volunteer, valid for validity
// (DefaultCodeValidity when zero), and revokes the volunteer's earlier
// codes. Only a writer of the volunteer's community may (FORBIDDEN or
// NOT_FOUND otherwise); BAD_USER_INPUT for a validity outside 1 to 1,825
// days.
func (s *Service) IssueCode(ctx context.Context, volunteerID int, validity time.Duration) (*ent.VolunteerCode, error) {
	if validity == 0 {
		validity = DefaultCodeValidity
	}
	if validity < 24*time.Hour || validity > 5*365*24*time.Hour {
		return nil, bad("days", "a code is valid for 1 to 1825 days", "身份码有效期须为1至1825天")
	}
	var out *ent.VolunteerCode
	err := s.inTx(ctx, func(ctx context.Context, c *ent.Client) error {
		v, err := c.Volunteer.Get(ctx, volunteerID)
		if err != nil {
			return volunteerNotFound(err)
		}
		now := s.now()
		if _, err := c.VolunteerCode.Update().
			Where(volunteercode.VolunteerID(v.ID), volunteercode.RevokedAtIsNil()).
			SetRevokedAt(now).Save(ctx); err != nil {
			return err
		}
		out, err = c.VolunteerCode.Create().SetSerial(newSerial()).SetVolunteerID(v.ID).
			SetExpiresAt(now.Add(validity).Truncate(time.Second)).Save(ctx)
		return err
	})
	return out, err
}

// RevokeCode revokes an identity code: its token is refused from now on.
func (s *Service) RevokeCode(ctx context.Context, id int) (*ent.VolunteerCode, error) {
	var out *ent.VolunteerCode
	err := s.inTx(ctx, func(ctx context.Context, c *ent.Client) error {
		code, err := c.VolunteerCode.Get(ctx, id)
		if err != nil {
			if ent.IsNotFound(err) {
				return notFound("id", "there is no such identity code", "没有该身份码")
			}
			return err
		}
		if code.RevokedAt != nil {
			out = code
			return nil
		}
		out, err = c.VolunteerCode.UpdateOne(code).SetRevokedAt(s.now()).Save(ctx)
		return err
	})
	return out, err
}

// CurrentCode returns the volunteer's newest code that is neither revoked
// nor expired, or nil; the viewer must see the volunteer (its community, or
// its own account).
func (s *Service) CurrentCode(ctx context.Context, volunteerID int) (*ent.VolunteerCode, error) {
	code, err := s.tx(ctx).VolunteerCode.Query().
		Where(volunteercode.VolunteerID(volunteerID), volunteercode.RevokedAtIsNil(), volunteercode.ExpiresAtGT(s.now())).
		Order(ent.Desc(volunteercode.FieldID)).First(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	return code, err
}

// TokenOf returns the token a code's QR image carries.
func (s *Service) TokenOf(ctx context.Context, code *ent.VolunteerCode) (string, error) {
	v, err := s.tx(ctx).Volunteer.Get(derived(ctx), code.VolunteerID)
	if err != nil {
		return "", fmt.Errorf("records: code's volunteer: %w", err)
	}
	comm := ""
	if v.CommunityID != nil {
		c, err := s.tx(ctx).Community.Get(derived(ctx), *v.CommunityID)
		if err != nil {
			return "", fmt.Errorf("records: code's community: %w", err)
		}
		comm = c.Code
	}
	return s.codes.Token(code.Serial, district(comm), code.ExpiresAt), nil
}

// PNG returns a QR image of text as PNG, size pixels wide.
func PNG(text string, size int) ([]byte, error) {
	return qrcode.Encode(text, qrcode.Medium, size)
}

// SVG returns a QR image of text as SVG.
func SVG(text string) (string, error) {
	q, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		return "", fmt.Errorf("records: qr: %w", err)
	}
	bits := q.Bitmap()
	n := len(bits)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" shape-rendering="crispEdges">`, n, n)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="`, n, n)
	for y, row := range bits {
		for x, on := range row {
			if on {
				fmt.Fprintf(&b, "M%d %dh1v1h-1z", x, y)
			}
		}
	}
	b.WriteString(`"/></svg>`)
	return b.String(), nil
}
