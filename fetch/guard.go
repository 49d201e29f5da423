package fetch

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"syscall"
	"time"
)

// dialer resolves with the configured Resolver and dials each address with
// a net.Dialer whose Control hook refuses forbidden addresses. The hook
// runs on the address about to be connected, after every DNS answer and
// redirect, so neither can lead around it; a refused address is never
// connected to.
type dialer struct {
	resolver     Resolver
	allowPrivate bool
	// exempt is one address treated as public: the tests' stand-in for a
	// site on the internet, so that a redirect from it can be checked.
	exempt netip.AddrPort
}

func (d *dialer) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	host, port, err := net.SplitHostPort(address)
	if err != nil {
		return nil, fmt.Errorf("dial %s: %w", address, err)
	}
	var addrs []netip.Addr
	if ip, err := netip.ParseAddr(host); err == nil {
		addrs = []netip.Addr{ip}
	} else {
		addrs, err = d.resolver.LookupNetIP(ctx, "ip", host)
		if err != nil {
			return nil, err
		}
		if len(addrs) == 0 {
			return nil, &net.DNSError{Err: "no addresses", Name: host, IsNotFound: true}
		}
	}
	nd := &net.Dialer{Timeout: 10 * time.Second, ControlContext: d.control}
	var firstErr error
	for _, ip := range addrs {
		conn, err := nd.DialContext(ctx, network, net.JoinHostPort(ip.String(), port))
		if err == nil {
			return conn, nil
		}
		if firstErr == nil || isRefusal(firstErr) && !isRefusal(err) {
			firstErr = err
		}
		if ctx.Err() != nil {
			break
		}
	}
	return nil, firstErr
}

func isRefusal(err error) bool { return errors.Is(err, ErrRefused) }

// control is the net.Dialer hook: it sees the literal address to connect to.
func (d *dialer) control(_ context.Context, _, address string, _ syscall.RawConn) error {
	if d.allowPrivate {
		return nil
	}
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return refuse("%s is not an address dateline can check", address)
	}
	if ap == d.exempt {
		return nil
	}
	if why := Forbidden(ap.Addr()); why != "" {
		return refuse("%s is %s address", ap.Addr().Unmap(), why)
	}
	return nil
}

// special are ranges that are neither public nor covered by netip's
// predicates.
var special = []struct {
	prefix netip.Prefix
	why    string
}{
	{netip.MustParsePrefix("0.0.0.0/8"), "an unspecified (this-network)"},
	{netip.MustParsePrefix("100.64.0.0/10"), "a private (carrier-grade NAT)"},
	{netip.MustParsePrefix("192.0.0.0/24"), "a reserved (IETF protocol)"},
	{netip.MustParsePrefix("198.18.0.0/15"), "a reserved (benchmarking)"},
	{netip.MustParsePrefix("240.0.0.0/4"), "a reserved"},
	{netip.MustParsePrefix("255.255.255.255/32"), "a broadcast"},
}

// Forbidden says why a connection to ip is refused ("a loopback", "a
// private", …, with its article), or "" when ip is a public address. A
// v4-mapped IPv6 address (::ffff:127.0.0.1) is judged as the IPv4 address
// it carries; so is the IPv4 address inside a NAT64 address (64:ff9b::/96).
func Forbidden(ip netip.Addr) string {
	ip = ip.Unmap()
	if ip.Is6() && nat64.Contains(ip) {
		b := ip.As16()
		ip = netip.AddrFrom4([4]byte(b[12:]))
	}
	switch {
	case !ip.IsValid():
		return "an invalid"
	case ip.IsLoopback():
		return "a loopback"
	case ip.IsUnspecified():
		return "an unspecified"
	case ip.IsPrivate():
		return "a private"
	case ip.IsLinkLocalUnicast():
		return "a link-local"
	case ip.IsMulticast():
		return "a multicast"
	}
	for _, s := range special {
		if s.prefix.Contains(ip) {
			return s.why
		}
	}
	return ""
}

var nat64 = netip.MustParsePrefix("64:ff9b::/96")
