// Package deploy_test proves the deployment files in this folder do what their comments say.
package deploy_test

import (
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestEgressPolicy loads zeisim-egress.nft into a network namespace of its own (as user
// "nobody" standing in for "zeisim") and dials out from the namespace: the host's user gets no
// new outbound connection (dropped, counted), while root's connection attempt goes through
// (refused by the closed port at once). Needs root, nft and ip (make deps installs nftables).
func TestEgressPolicy(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to make a network namespace (CI and make test run as root)")
	}
	for _, tool := range []string{"nft", "ip", "setpriv"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is needed (make deps installs nftables)", tool)
		}
	}
	policy, err := os.ReadFile("zeisim-egress.nft")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(policy), `meta skuid "zeisim"`) {
		t.Fatal(`the policy no longer names user "zeisim"`)
	}
	dir, err := os.MkdirTemp("", "zeisim-egress")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	os.Chmod(dir, 0o755)
	rules := filepath.Join(dir, "egress.nft")
	os.WriteFile(rules, []byte(strings.ReplaceAll(string(policy), `"zeisim"`, `"nobody"`)), 0o644)
	self, _ := os.Executable()
	helper := filepath.Join(dir, "helper")
	if b, err := os.ReadFile(self); err != nil || os.WriteFile(helper, b, 0o755) != nil {
		t.Fatalf("copy the test binary for the helper: %v", err)
	}

	ns := fmt.Sprintf("zeisim-egress-%d", os.Getpid())
	run := func(args ...string) string {
		out, err := exec.Command("ip", append([]string{"netns", "exec", ns}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	if out, err := exec.Command("ip", "netns", "add", ns).CombinedOutput(); err != nil {
		t.Fatalf("ip netns add: %v\n%s", err, out)
	}
	defer exec.Command("ip", "netns", "del", ns).Run()
	run("ip", "link", "set", "lo", "up")
	run("nft", "-f", rules)

	dial := func(asNobody bool) string {
		args := []string{helper, "-test.run=^TestEgressDialHelper$"}
		if asNobody {
			args = append([]string{"setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"}, args...)
		}
		cmd := exec.Command("ip", append([]string{"netns", "exec", ns}, args...)...)
		cmd.Env = append(os.Environ(), "ZEISIM_EGRESS_DIAL=127.0.0.1:9")
		out, _ := cmd.CombinedOutput()
		if m := regexp.MustCompile(`DIAL (\w+)`).FindStringSubmatch(string(out)); m != nil {
			return m[1]
		}
		t.Fatalf("helper said:\n%s", out)
		return ""
	}
	if got := dial(false); got != "refused" {
		t.Errorf("root's connection attempt: %s, want refused by the closed port (it was not filtered)", got)
	}
	if got := dial(true); got != "timeout" {
		t.Errorf("the host user's outbound connection: %s, want dropped (timeout)", got)
	}
	listing := run("nft", "list", "table", "inet", "zeisim_egress")
	m := regexp.MustCompile(`counter packets (\d+)`).FindStringSubmatch(listing)
	if m == nil {
		t.Fatalf("no counter in the loaded policy:\n%s", listing)
	}
	if n, _ := strconv.Atoi(m[1]); n < 1 {
		t.Errorf("the dropped attempt was not counted:\n%s", listing)
	}
}

// TestEgressDialHelper runs inside the namespace for TestEgressPolicy.
func TestEgressDialHelper(t *testing.T) {
	addr := os.Getenv("ZEISIM_EGRESS_DIAL")
	if addr == "" {
		t.Skip("helper for TestEgressPolicy")
	}
	c, err := net.DialTimeout("tcp", addr, 2*time.Second)
	var ne net.Error
	switch {
	case err == nil:
		c.Close()
		fmt.Println("DIAL connected")
	case errors.As(err, &ne) && ne.Timeout():
		fmt.Println("DIAL timeout")
	case strings.Contains(err.Error(), "refused"):
		fmt.Println("DIAL refused")
	default:
		fmt.Println("DIAL error", err)
	}
}

// TestSystemdUnitHardening backs 様式第1号 IPA 3-(ii) and 仕様書 3(8): the unit runs the host as
// an unprivileged user with the docroot read-only, binding only the ports it serves, with no
// way to gain privileges, and never turns FIPS mode off.
func TestSystemdUnitHardening(t *testing.T) {
	b, err := os.ReadFile("zeisim-host.service")
	if err != nil {
		t.Fatal(err)
	}
	unit := map[string][]string{}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok && !strings.HasPrefix(line, "#") {
			unit[k] = append(unit[k], strings.TrimSpace(v))
		}
	}
	for _, want := range [][2]string{
		{"User", "zeisim"}, {"NoNewPrivileges", "yes"}, {"ProtectSystem", "strict"},
		{"ReadOnlyPaths", "/srv/zeisim/dist"}, {"CapabilityBoundingSet", "CAP_NET_BIND_SERVICE"},
		{"SocketBindDeny", "any"}, {"SocketBindAllow", "tcp:443"}, {"SocketBindAllow", "tcp:80"},
		{"PrivateDevices", "yes"}, {"MemoryDenyWriteExecute", "yes"}, {"UMask", "0027"},
	} {
		found := false
		for _, v := range unit[want[0]] {
			found = found || v == want[1]
		}
		if !found {
			t.Errorf("%s=%s missing (have %q)", want[0], want[1], unit[want[0]])
		}
	}
	if env := strings.Join(unit["Environment"], " "); strings.Contains(env, "fips140") {
		t.Errorf("the unit sets fips140 (%s): the binary's own fips140=on must stand", env)
	}
}
