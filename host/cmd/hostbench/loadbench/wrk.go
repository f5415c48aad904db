package loadbench

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// cpuTicks is the user and system CPU time (in clock ticks) of process pid and of its child
// processes (nginx's workers), read from /proc. Requests per second depend on what else the
// machine runs; CPU time per request much less, so both are printed.
func cpuTicks(pid int) int64 {
	var total int64
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		p, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		// Fields after the command name (which may hold spaces) in parentheses.
		rest := string(b[strings.LastIndexByte(string(b), ')')+2:])
		f := strings.Fields(rest)
		if len(f) < 13 {
			continue
		}
		ppid, _ := strconv.Atoi(f[1])
		if p != pid && ppid != pid {
			continue
		}
		utime, _ := strconv.ParseInt(f[11], 10, 64)
		stime, _ := strconv.ParseInt(f[12], 10, 64)
		total += utime + stime
	}
	return total
}

// ticksToSeconds assumes the kernel's USER_HZ of 100, which Linux reports to user space on
// every architecture Go runs on.
func ticksToSeconds(t int64) float64 { return float64(t) / 100 }

var (
	rpsRe = regexp.MustCompile(`Requests/sec:\s+([0-9.]+)`)
	p99Re = regexp.MustCompile(`\s99%\s+([0-9.]+)(us|ms|s)`)
	durRe = regexp.MustCompile(`requests in ([0-9.]+)(ms|s),`)
)

func wrk(url, acceptEncoding string, dur time.Duration, conns int) (result, error) {
	if !strings.HasPrefix(url, "http://127.0.0.1:") && !strings.HasPrefix(url, "https://127.0.0.1:") {
		return result{}, errors.New("refusing to load anything but 127.0.0.1")
	}
	out, err := exec.Command("wrk", "-t2", "-c"+strconv.Itoa(conns), "-d"+dur.String(), "--latency",
		"-H", "Accept-Encoding: "+acceptEncoding, url).CombinedOutput()
	if err != nil {
		return result{}, fmt.Errorf("wrk: %v\n%s", err, out)
	}
	if strings.Contains(string(out), "Non-2xx") {
		return result{}, fmt.Errorf("wrk saw errors on %s:\n%s", url, out)
	}
	m, l := rpsRe.FindSubmatch(out), p99Re.FindSubmatch(out)
	if m == nil || l == nil {
		return result{}, fmt.Errorf("cannot read wrk output:\n%s", out)
	}
	rps, _ := strconv.ParseFloat(string(m[1]), 64)
	p99, _ := strconv.ParseFloat(string(l[1]), 64)
	switch string(l[2]) {
	case "us":
		p99 /= 1000
	case "s":
		p99 *= 1000
	}
	secs := dur.Seconds()
	if t := durRe.FindSubmatch(out); t != nil {
		secs, _ = strconv.ParseFloat(string(t[1]), 64)
		if string(t[2]) == "ms" {
			secs /= 1000
		}
	}
	return result{rps: rps, p99ms: p99, seconds: secs}, nil
}
