package evidence

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// ReadEnvironment reads a build's 様式第2号 data: file, or a build folder's conf/environment.json.
func ReadEnvironment(path string, env *Environment) error {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		path = filepath.Join(path, "conf", "environment.json")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, env); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// RunningTLS asks a running host's admin listener (loopback) which TLS settings it runs with.
func RunningTLS(admin string) ([]string, error) {
	c := &http.Client{Timeout: 10 * time.Second}
	resp, err := c.Get(strings.TrimSuffix(admin, "/") + "/tls")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s/tls: %s", admin, resp.Status)
	}
	var r struct {
		TLS []string `json:"tls"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&r); err != nil {
		return nil, fmt.Errorf("%s/tls: %w", admin, err)
	}
	if len(r.TLS) == 0 {
		return nil, fmt.Errorf("%s/tls: no TLS lines", admin)
	}
	return r.TLS, nil
}
