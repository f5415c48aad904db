// Package egress makes the host's process refuse, and report, any connection it would open
// to the outside. The host has no code that connects out (evidence.TestHostMakesNoOutgoingConnections
// checks the source); should a dependency or injected code try anyway through Go's resolver
// or its default HTTP transport (the usual way to reach a C&C server), the attempt fails and
// becomes a security-log line. Whatever bypasses these (a raw socket) is caught by the
// firewall policy in host/deploy/zeisim-egress.nft, which logs and drops every new outbound
// connection of the host's user (仕様書 3(13)).
package egress

import (
	"context"
	"errors"
	"net"
	"net/http"
)

// ErrRefused is what an outbound attempt gets.
var ErrRefused = errors.New("egress: the host makes no outbound connections")

// Guard replaces the process's resolver and default HTTP transport with ones that refuse
// every connection and call report with what was asked for. It changes process-wide state:
// the host's Run calls it once, never a library.
func Guard(report func(network, address string)) {
	dial := func(_ context.Context, network, address string) (net.Conn, error) {
		report(network, address)
		return nil, ErrRefused
	}
	net.DefaultResolver = &net.Resolver{PreferGo: true, Dial: dial}
	if t, ok := http.DefaultTransport.(*http.Transport); ok {
		t.DialContext, t.DialTLSContext, t.Proxy = dial, dial, nil
	}
}
