package main

import (
	"encoding/json"
	"strings"
	"testing"

	"photosync/verdicts"
)

// TestCheckCoverage: --coverage adds rule coverage to check's text and
// JSON; it does not combine with --scenario-only.
func TestCheckCoverage(t *testing.T) {
	args := []string{"check", "--coverage", "--viewers", "1", "--max-depth", "3"}
	code, stdout, stderr := call(t, t.TempDir(), nil, args...)
	if code != exitMismatch || stderr != "" { // bounded: the invariants are unknown
		t.Fatalf("check --coverage: exit %d, stderr %q", code, stderr)
	}
	for _, want := range []string{"rule coverage: how many of the ", "\n  R21 ", "\nnot reached: R12 (",
		"knob values read", "bounded: a bound"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("check --coverage lacks %q:\n%s", want, stdout)
		}
	}
	_, stdout, _ = call(t, t.TempDir(), nil, append(args, "--json")...)
	var rep verdicts.CheckReport
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil || rep.Coverage == nil || len(rep.Coverage.Rules) != 21 {
		t.Fatalf("check --coverage --json: %v, coverage %+v", err, rep.Coverage)
	}
	code, _, stderr = call(t, t.TempDir(), nil, "check", "--coverage", "--scenario-only")
	if code != exitUsage || !strings.Contains(stderr, "--coverage and --scenario-only") {
		t.Errorf("--coverage --scenario-only: exit %d, stderr %q", code, stderr)
	}
	_, stdout, _ = call(t, t.TempDir(), nil, "help", "check")
	if !strings.Contains(stdout, "--coverage") {
		t.Errorf("help check does not name --coverage:\n%s", stdout)
	}
}
