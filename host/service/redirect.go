package service

import (
	"net"
	"net/http"
	"strings"
)

// redirect sends every request on the HTTP listener to the same path on HTTPS, but only for a
// request that names one of the site's host names: -redirect-host, or by default the names
// the certificate is valid for (read at each request, so a reloaded certificate counts). A
// Host of any other name is refused, so the listener never sends a browser elsewhere. It is
// built after the HTTPS listener opened, so the port is the real one even for ":0".
func (h *Host) redirect() http.Handler {
	_, tlsPort, _ := net.SplitHostPort(strings.TrimPrefix(h.URLs["https"], "https://"))
	if h.cfg.RedirectPort != "" {
		tlsPort = h.cfg.RedirectPort
	}
	var configured []string
	for _, n := range strings.Split(h.cfg.RedirectHost, ",") {
		if n = strings.TrimSpace(n); n != "" {
			configured = append(configured, n)
		}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			w.Header().Set("Cache-Control", "no-store")
			http.Error(w, "405 method not allowed", http.StatusMethodNotAllowed)
			return
		}
		name := h.siteName(r.Host, configured)
		if name == "" {
			w.Header().Set("Cache-Control", "no-store")
			http.Error(w, "400 bad request: not a host name of this site", http.StatusBadRequest)
			return
		}
		host := name
		if strings.Contains(name, ":") {
			host = "[" + name + "]" // an IPv6 literal
		}
		if tlsPort != "443" && tlsPort != "" {
			host = net.JoinHostPort(name, tlsPort)
		}
		w.Header().Set("Cache-Control", "no-cache")
		http.Redirect(w, r, "https://"+host+r.URL.RequestURI(), http.StatusMovedPermanently)
	})
}

// siteName is the site's own spelling of the name in a Host header, or "" when the Host names
// none of the site's names.
func (h *Host) siteName(hostHeader string, configured []string) string {
	name := hostHeader
	if n, _, err := net.SplitHostPort(hostHeader); err == nil {
		name = n
	}
	name = strings.TrimSuffix(strings.Trim(name, "[]"), ".")
	if name == "" {
		return ""
	}
	ip := net.ParseIP(name)
	if len(configured) > 0 || h.Certs == nil {
		return matchName(name, ip, configured, nil)
	}
	leaf := h.Certs.Leaf() // read per request: a reloaded certificate counts at once
	return matchName(name, ip, leaf.DNSNames, leaf.IPAddresses)
}

// matchName is the site's spelling of name (ip when it is an address) among names and ips.
func matchName(name string, ip net.IP, names []string, ips []net.IP) string {
	for _, n := range names {
		if ip != nil {
			if other := net.ParseIP(n); other != nil && other.Equal(ip) {
				return other.String()
			}
			continue
		}
		if strings.EqualFold(n, name) && !strings.HasPrefix(n, "*") {
			return strings.ToLower(n)
		}
	}
	for _, other := range ips {
		if ip != nil && other.Equal(ip) {
			return other.String()
		}
	}
	return ""
}

// validHost accepts DNS names and IP literals only (for -redirect-host).
func validHost(s string) bool {
	if s == "" || len(s) > 253 {
		return false
	}
	if net.ParseIP(strings.Trim(s, "[]")) != nil {
		return true
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}
