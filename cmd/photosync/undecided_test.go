package main

import (
	"strings"
	"testing"
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
