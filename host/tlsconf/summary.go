package tlsconf

import (
	"crypto/tls"
	"strings"
)

// Summary describes the TLS settings in words, for the operating-environment report
// (様式第2号): generated from the same values the host runs with, so it cannot drift.
func Summary() []string {
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
		"TLS 1.3 暗号スイート: TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384, TLS_CHACHA20_POLY1305_SHA256（FIPS 140-3 モード GODEBUG=fips140=on では ChaCha20 を除外）",
		"鍵共有グループ: " + strings.Join(groups, ", "),
		"サーバー証明書: ECDSA P-256 または RSA 2048 ビット以上（SIGHUP で再読込）",
	}
}
