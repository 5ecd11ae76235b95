package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckObserved(t *testing.T) {
	code, stdout, stderr := call(t, t.TempDir(), nil, "check")
	if code != exitOK || stderr != "" {
		t.Fatalf("check: exit %d, stderr %q", code, stderr)
	}
	for _, want := range []string{
		"invariant  outlook-online-converges ", "holds\n",
		"goal       sharepoint-change-sticks ", "violated\n",
		"    | violates sharepoint-change-sticks\n",
		"11 of 11 invariants hold; 0 of 6 goals hold\n",
		": complete, ",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("check output lacks %q:\n%s", want, stdout)
		}
	}
}

func TestCheckJSON(t *testing.T) {
	code, stdout, stderr := call(t, t.TempDir(), nil, "check", "--json", "--rules", "documented")
	if code != exitOK || stderr != "" {
		t.Fatalf("check --json: exit %d, stderr %q", code, stderr)
	}
	var rep checkReport
	dec := json.NewDecoder(strings.NewReader(stdout))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&rep); err != nil {
		t.Fatalf("not one JSON object: %v\n%s", err, stdout)
	}
	if dec.More() {
		t.Fatalf("more than one JSON value:\n%s", stdout)
	}
	if rep.Rules != "documented" || !rep.Complete || rep.States == 0 || rep.Transitions == 0 || len(rep.Properties) != 17 {
		t.Errorf("report header: %+v", rep)
	}
	for _, p := range rep.Properties {
		switch {
		case p.Name == "sharepoint-follows-without-visit" && !p.Holds:
			t.Errorf("under documented, %s should hold", p.Name)
		case p.Kind == "invariant" && !p.Holds:
			t.Errorf("invariant %s violated under documented", p.Name)
		case !p.Holds && !strings.Contains(p.Counterexample, "violates "+p.Name+"\n"):
			t.Errorf("%s: violated without a counterexample scenario: %q", p.Name, p.Counterexample)
		case p.Holds && p.Counterexample != "":
			t.Errorf("%s holds but has a counterexample", p.Name)
		}
	}
}

func TestCheckProposalBreaksInvariant(t *testing.T) {
	dir := files(t, map[string]string{"p.json": `{"name": "slow-owa", "base": "observed", "set": {"owa.cacheTTL": "30s"}}`})
	code, stdout, _ := call(t, dir, nil, "check", "--rules", "p.json")
	if code != exitMismatch {
		t.Fatalf("a proposal that breaks an invariant: exit %d, want 1\n%s", code, stdout)
	}
	if !strings.Contains(stdout, "outlook-online-converges ") || !strings.Contains(stdout, "| set owa.cacheTTL 30s\n") {
		t.Errorf("output does not show the broken invariant with its counterexample:\n%s", stdout)
	}
}

func TestCheckBounded(t *testing.T) {
	code, stdout, _ := call(t, t.TempDir(), nil, "check", "--max-states", "3")
	if code != exitMismatch || !strings.Contains(stdout, "incomplete") || !strings.Contains(stdout, "unknown") {
		t.Errorf("bounded check: exit %d (want 1: invariants not proven)\n%s", code, stdout)
	}
}

func TestCheckBadInput(t *testing.T) {
	dir := files(t, map[string]string{"bad.json": `{"set": {"sharepoint.windw": "1h"}}`})
	for _, c := range []struct {
		args   []string
		stderr string
	}{
		{[]string{"check", "--rules", "nosuch"}, "photosync check: "},
		{[]string{"check", "--rules", "bad.json"}, `bad.json:1: unknown knob "sharepoint.windw"`},
		{[]string{"check", "--viewers", "9"}, "photosync check: --viewers 9 (want 1 to 4)\n"},
		{[]string{"check", "--max-states", "-1"}, "photosync check: --max-states and --max-depth take a number ≥ 0\n"},
		{[]string{"check", "extra"}, "photosync check: unexpected argument \"extra\" (want only flags)\n"},
	} {
		code, stdout, stderr := call(t, dir, nil, c.args...)
		if code != exitUsage || stdout != "" || !strings.Contains(stderr, c.stderr) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q (want it to contain %q)", c.args, code, stdout, stderr, c.stderr)
		}
	}
}

// TestCorporaWithCatalog runs the shipped examples and the scenario corpus
// through `photosync run` with the real property catalog: every line holds.
func TestCorporaWithCatalog(t *testing.T) {
	var files []string
	for _, pattern := range []string{"../../examples/*.scenario", "../../scenario/testdata/*.scenario"} {
		m, err := filepath.Glob(pattern)
		if err != nil || len(m) == 0 {
			t.Fatalf("no files match %s", pattern)
		}
		files = append(files, m...)
	}
	for _, f := range files {
		abs, _ := filepath.Abs(f)
		var stdout, stderr bytes.Buffer
		c := cli{stdout: &stdout, stderr: &stderr, load: os.ReadFile, judge: newJudge}
		if code := c.main([]string{"run", abs}); code != exitOK {
			t.Errorf("%s: exit %d\n%s%s", f, code, stdout.String(), stderr.String())
		}
	}
}

// TestCheckProposalDelta: a proposal is judged beside its base: the
// invariants it breaks, the goals it makes hold or fail, in text and JSON.
func TestCheckProposalDelta(t *testing.T) {
	dir := files(t, map[string]string{"p.json": `{"name": "lync-offline", "base": "observed",
		"set": {"lync.offlineHidesPhoto": false, "sharepoint.visit": "once"}}`})
	code, stdout, _ := call(t, dir, nil, "check", "--rules", "p.json")
	if code != exitMismatch {
		t.Errorf("exit %d, want 1: the proposal breaks lync-converges", code)
	}
	for _, want := range []string{
		"against observed, lync-offline:\n",
		"  breaks invariants:  lync-converges\n",
		"  makes goals hold:   sharepoint-follows-without-visit, lync-always-shows-a-photo\n",
		"  makes goals fail:   none\n",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("check output lacks %q:\n%s", want, stdout)
		}
	}
	_, stdout, _ = call(t, dir, nil, "check", "--rules", "p.json", "--json")
	var rep checkReport
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Base != "observed" {
		t.Errorf(`"base" = %q, want observed`, rep.Base)
	}
	want := map[string][2]bool{ // holds, base_holds
		"lync-converges":                   {false, true},
		"lync-always-shows-a-photo":        {true, false},
		"sharepoint-follows-without-visit": {true, false},
		"outlook-online-converges":         {true, true},
		"sharepoint-change-sticks":         {false, false},
	}
	for _, p := range rep.Properties {
		if p.BaseHolds == nil {
			t.Fatalf("%s: no base_holds", p.Name)
		}
		if w, ok := want[p.Name]; ok && (p.Holds != w[0] || *p.BaseHolds != w[1]) {
			t.Errorf("%s: holds %v base_holds %v, want %v %v", p.Name, p.Holds, *p.BaseHolds, w[0], w[1])
		}
	}
}

func TestProperties(t *testing.T) {
	code, stdout, stderr := call(t, t.TempDir(), nil, "properties")
	if code != exitOK || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	for _, want := range []string{
		"invariant outlook-online-converges\n    Outlook on the web shows Exchange's photo within 10 s\n",
		"goal all-surfaces-agree-when-quiet\n",
		"goal yammer-agrees\n    Yammer shows Exchange's photo\n",
		"    from: C1, R4, R12\n",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("properties output lacks %q", want)
		}
	}
	if n := strings.Count(stdout, "\n    from: "); n != 17 {
		t.Errorf("%d properties listed, want 17", n)
	}
}

// TestCheckOut: --out writes the scenario, report and picture of every
// violated property, and nothing for those that hold.
func TestCheckOut(t *testing.T) {
	dir := t.TempDir()
	code, _, stderr := call(t, dir, nil, "check", "--out", "reports")
	if code != exitOK || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	for _, goal := range []string{"sharepoint-change-sticks", "yammer-agrees", "all-surfaces-agree-when-quiet"} {
		for _, ext := range []string{".scenario", ".md", ".svg"} {
			data, err := os.ReadFile(filepath.Join(dir, "reports", goal+ext))
			if err != nil || len(data) == 0 {
				t.Errorf("%s%s: %v (%d bytes)", goal, ext, err, len(data))
			}
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "reports", "outlook-online-converges.md")); err == nil {
		t.Errorf("a report was written for an invariant that holds")
	}
}

// TestCheckProposals: the verdict of several proposals beside observed.
func TestCheckProposals(t *testing.T) {
	for _, c := range []struct {
		file                  string
		breaks, gains, losses string
		exit                  int
	}{
		{`{"name": "slow-owa", "set": {"owa.cacheTTL": "30s"}}`,
			"outlook-online-converges", "none", "none", exitMismatch},
		{`{"name": "one-day", "set": {"sharepoint.window": "24h"}}`,
			"sharepoint-imports-first-and-last", "none", "none", exitMismatch},
		{`{"name": "documented-like", "set": {"sharepoint.visit": "once"}}`,
			"none", "sharepoint-follows-without-visit", "none", exitOK},
		{`{"name": "yammer-one-identity", "set": {"yammer.sync": "two-way"}}`,
			"yammer-isolated", "yammer-agrees", "none", exitMismatch},
	} {
		dir := files(t, map[string]string{"p.json": c.file})
		code, stdout, stderr := call(t, dir, nil, "check", "--rules", "p.json")
		if code != c.exit {
			t.Errorf("%s: exit %d, want %d\n%s", c.file, code, c.exit, stderr)
		}
		want := "  breaks invariants:  " + c.breaks + "\n  makes goals hold:   " + c.gains + "\n  makes goals fail:   " + c.losses + "\n"
		if !strings.Contains(stdout, want) {
			t.Errorf("%s: want\n%s\nin:\n%s", c.file, want, stdout)
		}
	}
}
