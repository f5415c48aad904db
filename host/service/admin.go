package service

import (
	"crypto/ecdsa"
	"crypto/rsa"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"zeisim/host/tlsconf"
)

// admin is the loopback admin listener's handler: /healthz and /metrics (metrics.Counters),
// and /tls, the TLS settings this process runs with, for 様式第2号 from the running
// configuration (`reports environment -running`).
func (h *Host) admin() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/", h.Counters.Handler(h.State.Reason))
	mux.HandleFunc("GET /tls", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		json.NewEncoder(w).Encode(struct {
			TLS []string `json:"tls"`
		}{h.runningTLS()})
	})
	return mux
}

// runningTLS is tlsconf.Summary for this process's FIPS state, with the certificate in use.
func (h *Host) runningTLS() []string {
	lines := tlsconf.Summary(tlsconf.FIPS())
	if h.Certs == nil {
		return append(lines, "サーバー証明書: なし（TLS の待ち受けなし）")
	}
	leaf := h.Certs.Leaf()
	key := fmt.Sprintf("%T", leaf.PublicKey)
	switch k := leaf.PublicKey.(type) {
	case *ecdsa.PublicKey:
		key = "ECDSA " + k.Curve.Params().Name
	case *rsa.PublicKey:
		key = fmt.Sprintf("RSA %d ビット", k.N.BitLen())
	}
	return append(lines, fmt.Sprintf("使用中の証明書: %s（%s、署名 %s、発行者 %s、有効期限 %s）",
		leaf.Subject.CommonName, key, leaf.SignatureAlgorithm, leaf.Issuer.CommonName, leaf.NotAfter.UTC().Format(time.DateOnly)))
}
