package main

import (
	"encoding/json"
	"strings"
	"testing"

	"photosync/properties"
	"photosync/verdicts"
)

// TestCheckUnknownIsUndecided is issue 14's reproduction: a bound leaves
// properties unknown under the rules file or its base, and check lists
// them as undecided, never as invariants broken or goals made to fail
// (SPEC §4.1).
func TestCheckUnknownIsUndecided(t *testing.T) {
	dir := files(t, map[string]string{"p.json": `{"base":"ideal","set":{"dirsync.conflict":"either",` +
		`"sharepoint.trigger":"service","yammer.sync":"on-use","teams.clientCacheTTL":"60d"}}`})
	_, stdout, stderr := call(t, dir, nil, "check", "--rules", "p.json", "--max-states", "2000")
	if stderr != "" {
		t.Fatalf("stderr %q", stderr)
	}
	_, delta, ok := strings.Cut(stdout, "\nagainst ideal, ")
	if !ok {
		t.Fatalf("no delta against ideal:\n%s", stdout)
	}
	unknown := map[string]bool{}
	for _, line := range strings.Split(stdout, "\n") {
		if f := strings.Fields(line); len(f) > 2 && strings.Contains(line, "unknown (a bound was reached first)") {
			unknown[f[1]] = true
		}
	}
	if len(unknown) == 0 {
		t.Fatalf("no property unknown under --max-states 2000:\n%s", stdout)
	}
	for _, line := range strings.Split(delta, "\n") {
		label, names, _ := strings.Cut(line, ":")
		label = strings.TrimSpace(label)
		for _, n := range strings.Split(names, ",") {
			n = strings.TrimSpace(n)
			if label != "undecided" && unknown[n] {
				t.Errorf("%s is unknown, yet listed under %q", n, label)
			}
		}
	}
	for n := range unknown {
		if !strings.Contains(delta, "  undecided:") || !strings.Contains(strings.SplitN(delta, "  undecided:", 2)[1], n) {
			t.Errorf("%s is unknown, yet not listed as undecided:\n%s", n, delta)
		}
	}
}

// TestCheckVacuity: under observed, --json says refused-changes-change-
// nothing holds vacuously, and carries each verdict's words, the trigger,
// and the witness of a property that holds (testdata/transcripts/check.txtar
// shows the text).
func TestCheckVacuity(t *testing.T) {
	_, stdout, _ := call(t, t.TempDir(), nil, "check", "--json")
	var rep verdicts.CheckReport
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatal(err)
	}
	for _, p := range rep.Properties {
		switch {
		case p.Trigger == "":
			t.Errorf("%s: no trigger", p.Name)
		case p.Name == "refused-changes-change-nothing" && (p.Verdict != properties.HoldsVacuously || p.Witness != ""):
			t.Errorf("%s: %s, witness %q", p.Name, p.Verdict, p.Witness)
		case p.Verdict == properties.Holds && !strings.Contains(p.Witness, p.Trigger):
			t.Errorf("%s holds with no witness reaching %q: %q", p.Name, p.Trigger, p.Witness)
		}
	}
	if !strings.Contains(stdout, `"verdict": "holds vacuously"`) {
		t.Errorf("--json does not write the verdict's words:\n%s", stdout)
	}
}
