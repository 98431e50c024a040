package webhook

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"syscall"
	"time"
)

// errPrivate refuses a connection to an address inside this machine or its
// private network.
var errPrivate = errors.New("webhook: the endpoint's address is loopback, private or link-local")

// private reports whether a webhook may not be sent to ip unless the hub
// allows private endpoints: loopback, RFC 1918 and unique-local, link-local
// (which holds cloud metadata services), carrier-grade NAT, unspecified and
// multicast addresses. A registered URL must not turn the hub into a probe
// of the network it runs in.
func private(ip netip.Addr) bool {
	ip = ip.Unmap()
	return ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsInterfaceLocalMulticast() || ip.IsMulticast() || ip.IsUnspecified() ||
		netip.MustParsePrefix("100.64.0.0/10").Contains(ip) || netip.MustParsePrefix("192.0.0.0/24").Contains(ip)
}

// privateHost reports whether a URL's host names such an address itself
// (an IP literal, or localhost): refused when the webhook is registered.
// A host name that resolves to one is refused when the hub connects.
func privateHost(host string) bool {
	h := strings.TrimSuffix(strings.ToLower(host), ".")
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return true
	}
	ip, err := netip.ParseAddr(strings.Trim(h, "[]"))
	return err == nil && private(ip)
}

// guardedClient is the HTTP client of webhooks: every connection it makes,
// redirects included, is checked after the name is resolved, so that no
// name or redirect reaches a private address.
func guardedClient(timeout time.Duration) *http.Client {
	dialer := &net.Dialer{
		Timeout: timeout,
		Control: func(_, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil {
				return fmt.Errorf("%w: %s", errPrivate, address)
			}
			if private(ap.Addr()) {
				return errPrivate
			}
			return nil
		},
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.Proxy = nil
	tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		return dialer.DialContext(ctx, network, addr)
	}
	return &http.Client{Timeout: timeout, Transport: tr}
}
