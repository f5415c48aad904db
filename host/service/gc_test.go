package service

import "testing"

func TestGCPercent(t *testing.T) {
	for _, tt := range []struct {
		site int64
		want int
	}{
		{0, 800},        // 64 MiB over 8 MiB: capped
		{4 << 20, 533},  // a site like ours: 64 MiB over 12 MiB
		{56 << 20, 100}, // 64 MiB over 64 MiB: Go's default
		{1 << 30, 100},  // a large site never gets less than the default
	} {
		if got := gcPercent(tt.site); got != tt.want {
			t.Errorf("site of %d bytes: GOGC %d, want %d", tt.site, got, tt.want)
		}
	}
}
