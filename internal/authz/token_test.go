package authz

import (
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/wushehub/wushe/internal/fault"
)

var testKey = []byte("0123456789abcdef0123456789abcdef")

func TestTokenRoundTrip(t *testing.T) {
	tokens, err := NewTokens(testKey)
	if err != nil {
		t.Fatal(err)
	}
	want := Viewer{Subject: "officer", Agency: "640105000000", Role: DistrictOfficer}
	tok, err := tokens.Issue(want, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	got, err := tokens.Verify(tok)
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	if got != want {
		t.Errorf("Verify = %+v, want %+v", got, want)
	}
}

// TestTokenRejected: tokens that must not authenticate.
func TestTokenRejected(t *testing.T) {
	tokens, _ := NewTokens(testKey)
	other, _ := NewTokens([]byte("another key of at least 32 bytes!!"))
	now := time.Now()
	sign := func(method jwt.SigningMethod, key any, c claims) string {
		s, err := jwt.NewWithClaims(method, c).SignedString(key)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	base := func() claims {
		return claims{Agency: "640105000000", Role: DistrictOfficer, RegisteredClaims: jwt.RegisteredClaims{
			Issuer: Issuer, Subject: "x", IssuedAt: jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(now.Add(time.Hour)),
		}}
	}
	expired := base()
	expired.ExpiresAt = jwt.NewNumericDate(now.Add(-time.Minute))
	future := base()
	future.NotBefore = jwt.NewNumericDate(now.Add(time.Hour))
	noExp := base()
	noExp.ExpiresAt = nil
	badRole := base()
	badRole.Role = "SUPERUSER"
	wrongIssuer := base()
	wrongIssuer.Issuer = "elsewhere"
	foreign, _ := other.Issue(Viewer{Role: PlatformAdmin}, time.Hour)
	none := sign(jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, base())
	hs512 := sign(jwt.SigningMethodHS512, testKey, base())
	tests := map[string]string{
		"expired":         sign(jwt.SigningMethodHS256, testKey, expired),
		"not yet valid":   sign(jwt.SigningMethodHS256, testKey, future),
		"no expiry":       sign(jwt.SigningMethodHS256, testKey, noExp),
		"unknown role":    sign(jwt.SigningMethodHS256, testKey, badRole),
		"wrong issuer":    sign(jwt.SigningMethodHS256, testKey, wrongIssuer),
		"other key":       foreign,
		"alg none":        none,
		"other algorithm": hs512,
		"garbage":         "not.a.token",
		"empty":           "",
	}
	for name, tok := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := tokens.Verify(tok)
			if err == nil {
				t.Fatal("accepted")
			}
			if fault.CodeOf(err) != fault.Unauthenticated {
				t.Errorf("code = %s, want UNAUTHENTICATED", fault.CodeOf(err))
			}
		})
	}
}

func TestLoadKey(t *testing.T) {
	dir := t.TempDir()
	env := func(string) string { return "" }
	k1, err := LoadKey(env, dir)
	if err != nil {
		t.Fatal(err)
	}
	k2, err := LoadKey(env, dir)
	if err != nil || string(k1) != string(k2) {
		t.Fatalf("second load gave another key (%v)", err)
	}
	if _, err := LoadKey(func(string) string { return "short" }, dir); err == nil {
		t.Error("a short WUSHE_TOKEN_KEY was accepted")
	}
}
