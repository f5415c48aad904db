package service

import (
	"os"
	"runtime/debug"
)

// gcHeadroom is how much garbage the collector may let accumulate before a cycle. The live
// heap is mostly the site, held in memory; each request allocates a few kB in net/http. With
// Go's default (GOGC=100: as much garbage as live heap) a small site is collected several
// times a second under load, every cycle taking CPU from answers and adding latency; a fixed
// headroom makes that rare while bounding the memory it costs.
const gcHeadroom = 64 << 20

// gcPercent is the GOGC value giving about gcHeadroom of garbage over a live heap of the site's
// size plus the rest of the process, kept between Go's default (100, large sites) and 800.
func gcPercent(siteBytes int64) int {
	live := siteBytes + 8<<20
	return int(min(max(gcHeadroom*100/live, 100), 800))
}

// tuneGC applies gcPercent unless the operator set GOGC, and returns the value in force.
func tuneGC(siteBytes int64) int {
	if os.Getenv("GOGC") != "" {
		p := debug.SetGCPercent(100)
		debug.SetGCPercent(p)
		return p
	}
	p := gcPercent(siteBytes)
	debug.SetGCPercent(p)
	return p
}
