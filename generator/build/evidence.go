package build

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"zeisim/generator/evidence"
)

// evidenceOutput is what the security documents add to a build: Markdown blocks that pages
// place with {{checksheet}}, {{environment}}, {{maintenance_team}} and {{monitoring}}, and the
// files for submission.
type evidenceOutput struct {
	documents       map[string][]byte
	files           map[string][]byte // site path → bytes
	environmentJSON []byte            // conf/environment.json: next month's 様式第3号 compares against it
	notices         []string          // what the build tells the editor (fields still to fill)
}

// The published files for submission, linked from the pages.
const (
	CheckSheetCSV      = "/security/checksheet.csv"
	EnvironmentCSV     = "/security/environment.csv"
	MaintenanceTeamCSV = "/security/maintenance-team.csv"
	MonitoringCSV      = "/security/monitoring.csv"
)

// OperationsFile is the provider's part of the content: 保守体制表 (仕様書 3(2)).
const OperationsFile = "operations.json"

func buildEvidence(cfg Config, goVersion string) (evidenceOutput, error) {
	cs, err := evidence.LoadCheckSheet()
	if err != nil {
		return evidenceOutput{}, err
	}
	host, err := evidence.LoadHostFacts()
	if err != nil {
		return evidenceOutput{}, err
	}
	tested := map[string]string{}
	if cfg.TestedBrowser != "" {
		tested["ブラウザー"] = cfg.TestedBrowser
	}
	env, err := evidence.BuildEnvironment(evidence.EnvironmentInput{
		ModuleDir: cfg.Wasm.Dir,
		GoVersion: goVersion,
		TLS:       host.TLS, // the host binary's default; `reports environment -running` reads a running host's
		Tested:    tested,
	})
	if err != nil {
		return evidenceOutput{}, err
	}
	envJSON, err := env.JSON()
	if err != nil {
		return evidenceOutput{}, err
	}
	raw, err := os.ReadFile(filepath.Join(cfg.ContentDir, OperationsFile))
	if errors.Is(err, fs.ErrNotExist) {
		return evidenceOutput{}, fmt.Errorf("%s: missing: create it with the maintenance team (保守体制表, 仕様書 3(2)); see README", filepath.Join(cfg.ContentDir, OperationsFile))
	}
	if err != nil {
		return evidenceOutput{}, err
	}
	team, err := evidence.ParseMaintenanceTeam(raw)
	if err != nil {
		return evidenceOutput{}, fmt.Errorf("%s: %w", filepath.Join(cfg.ContentDir, OperationsFile), err)
	}
	mon, err := evidence.LoadMonitoring()
	if err != nil {
		return evidenceOutput{}, err
	}
	defaults := host.Flags
	var notices []string
	if blank := team.Blank(); len(blank) > 0 {
		notices = append(notices, fmt.Sprintf("%s: 保守体制表 has %d fields to fill before going live: %s",
			filepath.Join(cfg.ContentDir, OperationsFile), len(blank), strings.Join(blank, ", ")))
	}
	return evidenceOutput{
		documents: map[string][]byte{
			"checksheet":       cs.Markdown(),
			"environment":      env.Markdown(),
			"maintenance_team": team.Markdown(),
			"monitoring":       mon.Markdown(defaults),
		},
		files: map[string][]byte{
			CheckSheetCSV:      cs.CSV(),
			EnvironmentCSV:     env.CSV(),
			MaintenanceTeamCSV: team.CSV(),
			MonitoringCSV:      mon.CSV(defaults),
		},
		environmentJSON: envJSON,
		notices:         notices,
	}, nil
}
