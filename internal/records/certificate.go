package records

import (
	"bytes"
	"context"
	"crypto/rand"
	"embed"
	"fmt"
	"html/template"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/ent/certificate"
	"github.com/wushehub/wushe/ent/servicerecord"
)

//go:embed templates/*.html
var templates embed.FS

var pages = template.Must(template.New("").Funcs(template.FuncMap{
	"hours": func(h float64) string { return fmt.Sprintf("%.1f", h) },
	"date":  func(t time.Time) string { return t.Format("2006年01月02日") },
	"stars": func(n int) string { return strings.Repeat("★", n) + strings.Repeat("☆", max(0, 5-n)) },
}).ParseFS(templates, "templates/*.html"))

// Issue issues a service certificate (志愿服务证明) for a volunteer from the
// confirmed records the viewer's community organised. BAD_USER_INPUT when
// there are none; NOT_FOUND for a volunteer the viewer does not see.
func (s *Service) Issue(ctx context.Context, volunteerID, communityID int) (*ent.Certificate, error) {
	var out *ent.Certificate
	err := s.inTx(ctx, func(ctx context.Context, c *ent.Client) error {
		v, err := c.Volunteer.Get(derived(ctx), volunteerID)
		if err != nil {
			return volunteerNotFound(err)
		}
		recs, err := c.ServiceRecord.Query().Where(servicerecord.VolunteerID(v.ID), servicerecord.CommunityID(communityID),
			servicerecord.StatusEQ(servicerecord.StatusCONFIRMED)).All(ctx)
		if err != nil {
			return err
		}
		total := 0.0
		n := 0
		for _, r := range recs {
			total += r.Hours
			if r.Kind == servicerecord.KindSERVICE {
				n++
			}
		}
		total = math.Round(total*100) / 100
		if total <= 0 {
			return bad("volunteer", "the community has no confirmed service of this volunteer to certify", "本社区没有该志愿者已确认的服务记录，无法出具证明")
		}
		out, err = c.Certificate.Create().SetCode(newCertCode()).SetVolunteerID(v.ID).SetCommunityID(communityID).
			SetHours(total).SetStarLevel(v.StarLevel).SetRecords(n).SetIssuedAt(s.now().Truncate(time.Second)).Save(ctx)
		return err
	})
	return out, err
}

// newCertCode returns a verification code: 16 characters from an alphabet
// without look-alikes, in groups of four.
func newCertCode() string {
	const alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	var out strings.Builder
	for i, x := range b {
		if i > 0 && i%4 == 0 {
			out.WriteByte('-')
		}
		out.WriteByte(alphabet[int(x)%len(alphabet)])
	}
	return out.String()
}

// row is one record as the certificate lists it.
type row struct {
	Date, Activity, Content string
	Hours                   float64
	Reversal                bool
}

// HTML renders a certificate as a printable page (A4, Chinese fonts of
// the system), listing its confirmed records. The viewer must see the
// certificate; the page shows the volunteer's name and no ID number or
// phone.
func (s *Service) HTML(ctx context.Context, cert *ent.Certificate, verifyURL string) (string, error) {
	c := s.tx(ctx)
	dctx := derived(ctx)
	v, err := c.Volunteer.Get(dctx, cert.VolunteerID)
	if err != nil {
		return "", err
	}
	comm, err := c.Community.Get(dctx, cert.CommunityID)
	if err != nil {
		return "", err
	}
	recs, err := c.ServiceRecord.Query().Where(servicerecord.VolunteerID(v.ID), servicerecord.CommunityID(cert.CommunityID),
		servicerecord.StatusEQ(servicerecord.StatusCONFIRMED), servicerecord.ConfirmedAtLT(cert.IssuedAt.Add(time.Second))).
		WithActivity().WithServiceTeam().Order(ent.Asc(servicerecord.FieldStartedAt), ent.Asc(servicerecord.FieldID)).All(dctx)
	if err != nil {
		return "", err
	}
	var rows []row
	for _, r := range recs {
		x := row{Hours: r.Hours, Content: r.Content, Reversal: r.Kind == servicerecord.KindREVERSAL}
		if r.StartedAt != nil {
			x.Date = r.StartedAt.In(china).Format("2006-01-02")
		}
		switch {
		case r.Edges.Activity != nil:
			x.Activity = r.Edges.Activity.Title
		case r.Edges.ServiceTeam != nil:
			x.Activity = r.Edges.ServiceTeam.Name + "值守"
		}
		rows = append(rows, x)
	}
	var b bytes.Buffer
	err = pages.ExecuteTemplate(&b, "certificate.html", map[string]any{
		"Cert": cert, "Name": v.Name, "Community": comm.Name, "Rows": rows, "VerifyURL": verifyURL,
	})
	return b.String(), err
}

// china is the time zone certificates are dated in.
var china = time.FixedZone("CST", 8*3600)

// Verification is what anyone may learn from a certificate's code: no
// personal data beyond a masked name.
type Verification struct {
	Code      string
	Name      string // masked: 张*, 欧阳**
	Community string
	Hours     float64
	StarLevel int
	Records   int
	IssuedAt  time.Time
}

// Verify looks a verification code up; found is false for an unknown code.
func (s *Service) Verify(ctx context.Context, code string) (Verification, bool, error) {
	code = strings.ToUpper(strings.TrimSpace(code))
	dctx := derived(ctx)
	cert, err := s.client.Certificate.Query().Where(certificate.Code(code)).WithVolunteer().WithCommunity().Only(dctx)
	if ent.IsNotFound(err) {
		return Verification{}, false, nil
	}
	if err != nil {
		return Verification{}, false, err
	}
	return Verification{Code: cert.Code, Name: Mask(cert.Edges.Volunteer.Name), Community: cert.Edges.Community.Name,
		Hours: cert.Hours, StarLevel: cert.StarLevel, Records: cert.Records, IssuedAt: cert.IssuedAt}, true, nil
}

// VerifyPage renders the public verification page of a code.
func (s *Service) VerifyPage(ctx context.Context, code string) (page string, found bool, err error) {
	v, found, err := s.Verify(ctx, code)
	if err != nil {
		return "", false, err
	}
	var b bytes.Buffer
	err = pages.ExecuteTemplate(&b, "verify.html", map[string]any{"Found": found, "V": v, "Code": code})
	return b.String(), found, err
}

// Mask keeps the first character of a name and stars the rest.
func Mask(name string) string {
	r, size := utf8.DecodeRuneInString(name)
	if r == utf8.RuneError {
		return "*"
	}
	return string(r) + strings.Repeat("*", max(1, utf8.RuneCountInString(name[size:])))
}
