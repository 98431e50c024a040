package webhook

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/events"
	"github.com/wushehub/wushe/internal/fault"
)

// TestPrivateAddresses: the addresses a webhook may not reach by default.
func TestPrivateAddresses(t *testing.T) {
	for _, a := range []string{"127.0.0.1", "127.1.2.3", "::1", "10.0.0.5", "172.16.3.4", "192.168.1.1", "169.254.169.254",
		"fe80::1", "fd00::1", "100.64.0.1", "0.0.0.0", "::", "224.0.0.1", "::ffff:127.0.0.1", "192.0.0.8"} {
		if !private(netip.MustParseAddr(a)) {
			t.Errorf("%s is not refused", a)
		}
	}
	for _, a := range []string{"8.8.8.8", "203.0.113.7", "2001:4860::8888", "172.32.0.1", "100.128.0.1"} {
		if private(netip.MustParseAddr(a)) {
			t.Errorf("%s is refused", a)
		}
	}
	for h, want := range map[string]bool{"localhost": true, "LOCALHOST.": true, "a.localhost": true, "[::1]": true, "127.0.0.1": true,
		"10.1.1.1": true, "mirror.example.org": false, "8.8.8.8": false} {
		if got := privateHost(h); got != want {
			t.Errorf("privateHost(%q) = %v, want %v", h, got, want)
		}
	}
}

// TestGuardedClient: the default client connects to no loopback address,
// by name either, nor through a redirect; allowed, it does.
func TestGuardedClient(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/away" {
			http.Redirect(w, r, "http://127.0.0.1:1/x", http.StatusFound)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	c := guardedClient(2 * time.Second)
	for _, u := range []string{srv.URL, "http://localhost:" + srv.Listener.Addr().(interface{ String() string }).String()[len("127.0.0.1:"):]} {
		resp, err := c.Get(u)
		if err == nil {
			resp.Body.Close()
			t.Fatalf("%s reached", u)
		}
		if !errors.Is(err, errPrivate) {
			t.Errorf("%s: %v, want the private-address refusal", u, err)
		}
		if got := errText(err); got != "the endpoint's address is loopback, private or link-local, which this hub does not post to" {
			t.Errorf("delivery failure described as %q", got)
		}
	}
	resp, err := (&http.Client{Timeout: 2 * time.Second}).Get(srv.URL)
	if err != nil || resp.StatusCode != http.StatusNoContent {
		t.Fatalf("unguarded client: %v %v", resp, err)
	}
	resp.Body.Close()
}

// TestRegisterRefusesPrivate: by default a URL naming this machine or a
// private network is refused when registered, saying how to allow it.
func TestRegisterRefusesPrivate(t *testing.T) {
	s := New(Config{})
	ctx := authz.NewContext(context.Background(), authz.Viewer{Subject: "kz", Agency: "640105001002", Role: authz.CommunityOfficer})
	for _, u := range []string{"http://127.0.0.1:8080/hook", "http://localhost/hook", "https://169.254.169.254/latest/meta-data", "http://[::1]/x", "http://10.0.0.8/x"} {
		_, _, err := s.Register(ctx, u, []string{events.Consultation})
		var fe *fault.Error
		if !errors.As(err, &fe) || fe.Code != fault.BadUserInput || fe.Field != "url" || !strings.Contains(fe.Message(fault.English), "WUSHE_WEBHOOK_ALLOW_PRIVATE") {
			t.Errorf("%s: %v, want BAD_USER_INPUT on url naming the setting", u, err)
		}
	}
}
