package evidence

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

//go:embed checksheet.json
var checkSheetSource []byte

// LoadCheckSheet returns the check sheet compiled into the generator (checksheet.json).
func LoadCheckSheet() (CheckSheet, error) { return ParseCheckSheet(checkSheetSource) }

// EnvironmentInput is what 様式第2号 is made from besides go.mod and go.sum.
type EnvironmentInput struct {
	ModuleDir string            // where go.mod is, or a folder below it
	GoVersion string            // the toolchain that built the engine and the binaries
	TLS       []string          // the host's TLS settings
	Tested    map[string]string // browsers the suites ran against, by name
}

// BuildEnvironment assembles 様式第2号 from the module files and the given facts.
func BuildEnvironment(in EnvironmentInput) (Environment, error) {
	dir, err := moduleRoot(in.ModuleDir)
	if err != nil {
		return Environment{}, err
	}
	goMod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		return Environment{}, err
	}
	goSum, err := os.ReadFile(filepath.Join(dir, "go.sum"))
	if err != nil {
		return Environment{}, err
	}
	comps, err := ModuleComponents(goMod, goSum)
	if err != nil {
		return Environment{}, err
	}
	if in.GoVersion != "" {
		for i := range comps {
			if comps[i].Name == "go" {
				comps[i].Version = in.GoVersion
			}
		}
	}
	return Environment{Components: comps, TLS: in.TLS, Tested: in.Tested}, nil
}

// moduleRoot finds the folder holding go.mod at or above dir.
func moduleRoot(dir string) (string, error) {
	if dir == "" {
		dir = "."
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := abs; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d, nil
		} else if !errors.Is(err, os.ErrNotExist) {
			return "", err
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("no go.mod at or above %s: 様式第2号 lists the modules of go.mod", abs)
		}
	}
}

//go:embed monitoring.json
var monitoringSource []byte

//go:embed hostfacts.json
var hostFactsSource []byte

// HostFacts is what the documents say about the host, written by the host itself
// (go run ./host/cmd/hostfacts; its TestFactsCurrent fails when the file is stale): every
// flag's default for 監視体制表 and the binary's TLS settings for 様式第2号.
type HostFacts struct {
	Flags map[string]string `json:"flags"`
	TLS   []string          `json:"tls"`
}

// LoadHostFacts returns the host facts compiled into the generator (hostfacts.json).
func LoadHostFacts() (HostFacts, error) {
	var f HostFacts
	dec := json.NewDecoder(bytes.NewReader(hostFactsSource))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return f, fmt.Errorf("hostfacts.json: %w", err)
	}
	if len(f.Flags) == 0 || len(f.TLS) == 0 {
		return f, errors.New("hostfacts.json: no flags or no TLS lines")
	}
	return f, nil
}

// LoadMonitoring returns 監視体制表 compiled into the generator (monitoring.json).
func LoadMonitoring() (Monitoring, error) { return ParseMonitoring(monitoringSource) }
