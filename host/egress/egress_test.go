package egress

import (
	"context"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestGuard: a name lookup and an HTTP request through the defaults fail without reaching the
// network, and each is reported (the host logs it as "outbound connection attempt").
func TestGuard(t *testing.T) {
	var mu sync.Mutex
	var seen []string
	Guard(func(network, address string) {
		mu.Lock()
		defer mu.Unlock()
		seen = append(seen, network+" "+address)
	})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := net.DefaultResolver.LookupHost(ctx, "c2.example"); err == nil {
		t.Error("a name lookup succeeded")
	}
	if _, err := http.Get("http://192.0.2.1/beacon"); err == nil {
		t.Error("an HTTP request through the default client succeeded")
	}
	mu.Lock()
	defer mu.Unlock()
	all := strings.Join(seen, "\n")
	if !strings.Contains(all, "192.0.2.1:80") || !strings.Contains(all, ":53") {
		t.Errorf("reported attempts:\n%s\nwant the DNS server and 192.0.2.1:80", all)
	}
}
