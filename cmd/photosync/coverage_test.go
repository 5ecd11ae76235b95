package main

import (
	"encoding/json"
	"testing"

	"photosync/verdicts"
)

// TestCheckCoverageJSON: check --coverage --json carries rule coverage as
// "coverage", every rule R1–R21 in it (the text is the check-coverage
// transcript's).
func TestCheckCoverageJSON(t *testing.T) {
	_, stdout, stderr := call(t, t.TempDir(), nil, "check", "--coverage", "--json", "--viewers", "1", "--max-depth", "3")
	var rep verdicts.CheckReport
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil || rep.Coverage == nil || len(rep.Coverage.Rules) != 21 ||
		!rep.Coverage.Bounded || stderr != "" {
		t.Fatalf("check --coverage --json: %v, stderr %q, coverage %+v", err, stderr, rep.Coverage)
	}
}
