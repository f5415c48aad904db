package build

import (
	"zeisim/generator/evidence"
	"zeisim/host/tlsconf"
)

// evidenceOutput is what the security documents add to a build: Markdown blocks that pages
// place with {{checksheet}} and {{environment}}, and the files for submission.
type evidenceOutput struct {
	documents       map[string][]byte
	files           map[string][]byte // site path → bytes
	environmentJSON []byte            // conf/environment.json: next month's 様式第3号 compares against it
}

// The published files for submission, linked from the pages.
const (
	CheckSheetCSV  = "/security/checksheet.csv"
	EnvironmentCSV = "/security/environment.csv"
)

func buildEvidence(cfg Config, goVersion string) (evidenceOutput, error) {
	cs, err := evidence.LoadCheckSheet()
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
		TLS:       tlsconf.Summary(),
		Tested:    tested,
	})
	if err != nil {
		return evidenceOutput{}, err
	}
	envJSON, err := env.JSON()
	if err != nil {
		return evidenceOutput{}, err
	}
	return evidenceOutput{
		documents: map[string][]byte{
			"checksheet":  cs.Markdown(),
			"environment": env.Markdown(),
		},
		files: map[string][]byte{
			CheckSheetCSV:  cs.CSV(),
			EnvironmentCSV: env.CSV(),
		},
		environmentJSON: envJSON,
	}, nil
}
