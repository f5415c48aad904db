package tlsconf

import (
	"crypto/tls"
	"strings"
)

// Summary describes the TLS settings in words, for the operating-environment report
// (様式第2号): generated from the same values the host runs with, so it cannot drift. fips
// is whether Go's cryptographic module runs in FIPS 140-3 mode: the host binary's default
// (//go:debug fips140=on in host/main.go), FIPS() in a running host.
func Summary(fips bool) []string {
	tls13 := "TLS 1.3 暗号スイート: TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384（FIPS 140-3 モード: ChaCha20-Poly1305 は拒否）"
	if !fips {
		tls13 = "TLS 1.3 暗号スイート: TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384, TLS_CHACHA20_POLY1305_SHA256（FIPS 140-3 モードが GODEBUG で無効にされている: CRYPTREC 外の ChaCha20 を受け付ける）"
	}
	suites := make([]string, len(CipherSuites))
	for i, s := range CipherSuites {
		suites[i] = tls.CipherSuiteName(s)
	}
	groups := make([]string, len(Groups))
	for i, g := range Groups {
		groups[i] = g.String()
	}
	return []string{
		"プロトコル: TLS 1.2, TLS 1.3（それ以前は拒否）",
		"TLS 1.2 暗号スイート: " + strings.Join(suites, ", "),
		tls13,
		"鍵共有グループ: " + strings.Join(groups, ", "),
		"サーバー証明書: ECDSA P-256 または RSA 2048 ビット以上（SIGHUP で再読込）",
	}
}
