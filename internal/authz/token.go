package authz

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/wushehub/wushe/internal/fault"
)

// Issuer is the iss claim of the hub's tokens.
const Issuer = "wushe-hub"

// Tokens signs and verifies bearer tokens: JWTs signed with HS256 under the
// server key, carrying the viewer's agency and role.
type Tokens struct {
	key []byte
	now func() time.Time
}

// NewTokens returns a signer/verifier for key (at least 32 bytes).
func NewTokens(key []byte) (*Tokens, error) {
	if len(key) < 32 {
		return nil, fmt.Errorf("token key: need at least 32 bytes, got %d", len(key))
	}
	return &Tokens{key: key, now: time.Now}, nil
}

type claims struct {
	Agency string `json:"agency,omitempty"`
	Role   Role   `json:"role"`
	jwt.RegisteredClaims
}

// Issue returns a token for v, valid for ttl.
func (t *Tokens) Issue(v Viewer, ttl time.Duration) (string, error) {
	if _, err := ParseRole(string(v.Role)); err != nil {
		return "", fmt.Errorf("issue token: %w", err)
	}
	now := t.now()
	c := claims{
		Agency: v.Agency,
		Role:   v.Role,
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    Issuer,
			Subject:   v.Subject,
			IssuedAt:  jwt.NewNumericDate(now),
			NotBefore: jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(now.Add(ttl)),
		},
	}
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(t.key)
	if err != nil {
		return "", fmt.Errorf("issue token: %w", err)
	}
	return s, nil
}

// Verify returns the viewer of a token. Tokens signed otherwise than with
// HS256 under the server key, expired or not yet valid ones, and tokens
// naming an unknown role fail with UNAUTHENTICATED.
func (t *Tokens) Verify(token string) (Viewer, error) {
	var c claims
	_, err := jwt.ParseWithClaims(token, &c, func(*jwt.Token) (any, error) { return t.key, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithIssuer(Issuer),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithTimeFunc(t.now),
	)
	if err != nil {
		return Viewer{}, unauthenticated(err)
	}
	role, err := ParseRole(string(c.Role))
	if err != nil {
		return Viewer{}, unauthenticated(err)
	}
	return Viewer{Subject: c.Subject, Agency: c.Agency, Role: role}, nil
}

func unauthenticated(cause error) error {
	text := fault.T("invalid bearer token", "访问令牌无效")
	switch {
	case errors.Is(cause, jwt.ErrTokenExpired):
		text = fault.T("bearer token has expired", "访问令牌已过期")
	case errors.Is(cause, jwt.ErrTokenNotValidYet), errors.Is(cause, jwt.ErrTokenUsedBeforeIssued):
		text = fault.T("bearer token is not valid yet", "访问令牌尚未生效")
	}
	return &fault.Error{Code: fault.Unauthenticated, Text: text, Err: cause}
}

// LoadKey returns the token key: WUSHE_TOKEN_KEY when set (raw, at least 32
// characters, or base64 of at least 32 bytes), else the key kept in
// dataDir/token.key, generated on first use.
func LoadKey(getenv func(string) string, dataDir string) ([]byte, error) {
	if k := getenv("WUSHE_TOKEN_KEY"); k != "" {
		if b, err := base64.StdEncoding.DecodeString(k); err == nil && len(b) >= 32 {
			return b, nil
		}
		if len(k) < 32 {
			return nil, errors.New("token key: WUSHE_TOKEN_KEY must be at least 32 characters")
		}
		return []byte(k), nil
	}
	path := filepath.Join(dataDir, "token.key")
	if b, err := os.ReadFile(path); err == nil {
		key, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(b)))
		if err != nil || len(key) < 32 {
			return nil, fmt.Errorf("token key: %s is damaged; delete it to generate a new one (tokens issued before become invalid)", path)
		}
		return key, nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("token key: %w", err)
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("token key: %w", err)
	}
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return nil, fmt.Errorf("token key: %w", err)
	}
	if err := writeDurably(path, []byte(base64.StdEncoding.EncodeToString(key)+"\n")); err != nil {
		if errors.Is(err, os.ErrExist) { // another process made it first: use that one
			return LoadKey(getenv, dataDir)
		}
		return nil, fmt.Errorf("token key: %w", err)
	}
	return key, nil
}

// writeDurably creates the file at path holding data, whole or not at all,
// and on disk before it returns: written to a temporary file, synced, then
// linked in place (os.ErrExist when path exists), and the directory synced.
// A crash or a filesystem turning read-only leaves no empty or partial key.
func writeDurably(path string, data []byte) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, ".token.key-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Link(tmp, path); err != nil {
		return err
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
