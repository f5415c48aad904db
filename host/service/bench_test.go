package service

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"zeisim/host/testsite"
)

// BenchmarkHandler is the cost of the whole content chain (log line, counters, headers, rate
// limit, gate, site) for one small page, without the network.
func BenchmarkHandler(b *testing.B) {
	cfg := defaults(b, testsite.Build(b, testsite.Files()))
	cfg.AccessLog = filepath.Join(b.TempDir(), "access.log")
	cfg.RatePerSecond, cfg.RateBurst = 1e9, 1e9
	h, err := Load(cfg)
	if err != nil {
		b.Fatal(err)
	}
	defer h.Close()
	handler := h.Handler()
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("Accept-Encoding", "gzip, br")
	req.Header.Set("User-Agent", "bench")
	b.ReportAllocs()
	cpu := testsite.CPUTime()
	b.RunParallel(func(pb *testing.PB) {
		var w testsite.Writer
		for pb.Next() {
			w.Reset()
			handler.ServeHTTP(&w, req)
			if w.Status != http.StatusOK {
				b.Fatal(w.Status)
			}
		}
	})
	testsite.ReportCPU(b, cpu)
}
