package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"photosync/count"
	"photosync/model"
	"photosync/properties"
	"photosync/properties/explore"
	"photosync/verdicts"
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
		"13 of 13 invariants hold; 0 of 9 goals hold\n",
		": complete\n", // no seconds without --timing
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
	var rep verdicts.CheckReport
	dec := json.NewDecoder(strings.NewReader(stdout))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&rep); err != nil {
		t.Fatalf("not one JSON object: %v\n%s", err, stdout)
	}
	if dec.More() {
		t.Fatalf("more than one JSON value:\n%s", stdout)
	}
	if rep.Rules != "documented" || !rep.Complete || rep.States == 0 || rep.Transitions == 0 || len(rep.Properties) != len(properties.Catalog()) {
		t.Errorf("report header: %+v", rep)
	}
	for _, p := range rep.Properties {
		switch {
		case p.Name == "sharepoint-follows-without-visit" && !p.Verdict.Held():
			t.Errorf("under documented, %s should hold", p.Name)
		case p.Kind == "invariant" && !p.Verdict.Held():
			t.Errorf("invariant %s violated under documented", p.Name)
		case !p.Verdict.Held() && !strings.Contains(p.Counterexample, "violates "+p.Name+"\n"):
			t.Errorf("%s: violated without a counterexample scenario: %q", p.Name, p.Counterexample)
		case p.Verdict.Held() && p.Counterexample != "":
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
	var rep verdicts.CheckReport
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Base != "observed" {
		t.Errorf(`"base" = %q, want observed`, rep.Base)
	}
	want := map[string][2]bool{ // held, held under the base
		"lync-converges":                   {false, true},
		"lync-always-shows-a-photo":        {true, false},
		"sharepoint-follows-without-visit": {true, false},
		"outlook-online-converges":         {true, true},
		"sharepoint-change-sticks":         {false, false},
	}
	for _, p := range rep.Properties {
		if p.BaseVerdict == nil {
			t.Fatalf("%s: no base_verdict", p.Name)
		}
		if w, ok := want[p.Name]; ok && (p.Verdict.Held() != w[0] || p.BaseVerdict.Held() != w[1]) {
			t.Errorf("%s: %s, under the base %s; want held %v %v", p.Name, p.Verdict, *p.BaseVerdict, w[0], w[1])
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
	if n, want := strings.Count(stdout, "\n    from: "), len(properties.Catalog()); n != want {
		t.Errorf("%d properties listed, want %d", n, want)
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

// TestCheckRerunsIdentical: check prints no wall-clock time unless --timing
// is given, so that two runs print the same bytes, --json included.
func TestCheckRerunsIdentical(t *testing.T) {
	for _, args := range [][]string{{"check", "--json"}, {"check"}, {"check", "--json", "--rules", "p.json"}} {
		dir := files(t, map[string]string{"p.json": `{"set": {"owa.cacheTTL": "30s"}}`})
		_, first, _ := call(t, dir, nil, args...)
		_, second, _ := call(t, dir, nil, args...)
		if first != second {
			t.Errorf("%v: two runs differ:\n%s\nthen\n%s", args, first, second)
		}
		if strings.Contains(first, `"seconds"`) || strings.Contains(first, " s\n") {
			t.Errorf("%v: the output has a time in it:\n%s", args, first)
		}
	}
	_, stdout, _ := call(t, t.TempDir(), nil, "check", "--json", "--timing")
	var rep verdicts.CheckReport
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil || rep.Seconds == nil || *rep.Seconds <= 0 {
		t.Errorf("--json --timing: no seconds: %v\n%s", err, stdout)
	}
	_, stdout, _ = call(t, t.TempDir(), nil, "check", "--timing")
	if !regexp.MustCompile(`: complete, [0-9]+\.[0-9] s\n$`).MatchString(stdout) {
		t.Errorf("--timing: no seconds at the end:\n%s", stdout)
	}
}

// TestCheckMaxStates: --max-states N keeps at most N states, and counts are
// written with their plurals.
func TestCheckMaxStates(t *testing.T) {
	for _, n := range []int{1, 2, 1000} {
		_, stdout, _ := call(t, t.TempDir(), nil, "check", "--json", "--max-states", strconv.Itoa(n))
		var rep verdicts.CheckReport
		if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
			t.Fatal(err)
		}
		if rep.States > n || rep.States == 0 || rep.Complete {
			t.Errorf("--max-states %d: %d states, complete %v", n, rep.States, rep.Complete)
		}
	}
	code, stdout, _ := call(t, t.TempDir(), nil, "check", "--max-states", "1", "--viewers", "1")
	if code != exitMismatch || !strings.Contains(stdout, "\nexplored 1 state, 0 transitions, depth 0, in ") ||
		!strings.Contains(stdout, " projections for 1 viewer: incomplete") {
		t.Errorf("--max-states 1: exit %d\n%s", code, stdout)
	}
	for _, c := range []struct {
		n    int
		want string
	}{{0, "0 states"}, {1, "1 state"}, {2, "2 states"}} {
		if got := count.Of(c.n, "state"); got != c.want {
			t.Errorf("count(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}

// TestCheckOutReplacesEarlierRun: --out removes the files an earlier run
// wrote for properties no longer violated, leaves other files alone, and
// its scenarios replay bare with photosync run.
func TestCheckOutReplacesEarlierRun(t *testing.T) {
	dir := files(t, map[string]string{
		"reports/lync-converges.md":           "stale",
		"reports/lync-converges.scenario":     "stale",
		"reports/lync-converges.svg":          "stale",
		"reports/yammer-agrees.md":            "stale",
		"reports/notes.txt":                   "mine",
		"reports/not-a-property.md":           "mine",
		"reports/sub/lync-converges.scenario": "mine",
	})
	code, _, stderr := call(t, dir, nil, "check", "--out", "reports")
	if code != exitOK || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	for _, f := range []string{"lync-converges.md", "lync-converges.scenario", "lync-converges.svg"} {
		if _, err := os.Stat(filepath.Join(dir, "reports", f)); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s of an earlier run is still there (%v)", f, err)
		}
	}
	for _, f := range []string{"notes.txt", "not-a-property.md", "sub/lync-converges.scenario"} {
		if data, err := os.ReadFile(filepath.Join(dir, "reports", f)); err != nil || string(data) != "mine" {
			t.Errorf("%s: %q, %v (want it left alone)", f, data, err)
		}
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "reports", "yammer-agrees.md")); string(data) == "stale" {
		t.Errorf("yammer-agrees.md was not rewritten")
	}
	code, stdout, stderr := call(t, dir, newJudge(2), "run", "reports/yammer-agrees.scenario", "reports/sharepoint-change-sticks.scenario")
	if code != exitOK {
		t.Errorf("the scenarios --out wrote do not replay: exit %d\n%s%s", code, stdout, stderr)
	}
	// A file in the way of --out, and a rules file --out would remove.
	dir = files(t, map[string]string{"file": "", "out/lync-converges.md": `{"name": "x"}`})
	code, _, stderr = call(t, dir, nil, "check", "--out", "file")
	if code != exitUsage || stderr != "photosync check: --out file: not a directory (want a directory, new or not)\n" {
		t.Errorf("--out a file: exit %d, stderr %q", code, stderr)
	}
	code, _, stderr = call(t, dir, nil, "check", "--rules", "out/lync-converges.md", "--out", "out")
	if code != exitUsage || !strings.Contains(stderr, "the rules file read") {
		t.Errorf("--out over the rules file: exit %d, stderr %q", code, stderr)
	}
}

// TestCheckScenarioOnly: --scenario-only prints the counterexamples alone,
// bare: each replays with photosync run as it is.
func TestCheckScenarioOnly(t *testing.T) {
	dir := t.TempDir()
	code, stdout, stderr := call(t, dir, nil, "check", "--scenario-only")
	if code != exitOK || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	scenarios := strings.Split(stdout, "\n\n")
	if len(scenarios) != 9 {
		t.Fatalf("%d scenarios, want one per goal (9):\n%s", len(scenarios), stdout)
	}
	for i, text := range scenarios {
		if strings.Contains(text, "|") && strings.Contains(text, "    |") {
			t.Errorf("scenario %d is not bare:\n%s", i, text)
		}
		name := filepath.Join(dir, fmt.Sprintf("%d.scenario", i))
		if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		if code, out, errs := call(t, dir, newJudge(2), "run", name); code != exitOK {
			t.Errorf("scenario %d does not replay: exit %d\n%s%s\n%s", i, code, out, errs, text)
		}
	}
	code, _, stderr = call(t, dir, nil, "check", "--scenario-only", "--json")
	if code != exitUsage || stderr != "photosync check: --json and --scenario-only both say what to print (want one of them)\n" {
		t.Errorf("--scenario-only --json: exit %d, stderr %q", code, stderr)
	}
}

// TestCheckInternalError: a counterexample that does not confirm is the
// checker's error, exit 3, never a finding.
func TestCheckInternalError(t *testing.T) {
	t.Chdir(t.TempDir())
	var stdout, stderr bytes.Buffer
	c := cli{stdout: &stdout, stderr: &stderr, load: os.ReadFile, judge: newJudge,
		runExplore: func(cfg explore.Config) explore.Result {
			res := explore.Explore(cfg)
			res.Verdicts[0].Err = errors.New("does not confirm")
			return res
		}}
	code := c.main([]string{"check"})
	want := "photosync check: internal error: observed: " + properties.Catalog()[0].Name + ": does not confirm\n"
	if code != exitInternal || stdout.Len() != 0 || stderr.String() != want {
		t.Errorf("exit %d, stdout %q, stderr %q\nwant %q", code, stdout.String(), stderr.String(), want)
	}
}

// TestCheckRulesInput: --rules once, read with a limit, a device refused at
// once.
func TestCheckRulesInput(t *testing.T) {
	dir := files(t, map[string]string{
		"big.json":   "{" + strings.Repeat(" ", model.MaxRulesFileBytes) + "}",
		"bom.json":   "\ufeff{\"name\": \"bom\", \"set\": {\"owa.cacheTTL\": \"5s\"}}",
		"quick.json": `{"set": {"owa.cacheTTL": "5s"}}`,
	})
	for _, c := range []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"check", "--rules", "observed", "--rules", "ideal"}, exitUsage, "photosync check: --rules given twice (want at most once)\n"},
		{[]string{"check", "--rules", "/dev/zero"}, exitUsage, "photosync check: /dev/zero: a device, not a file (want a file)\n"},
		{[]string{"check", "--rules", "big.json"}, exitUsage, "photosync check: big.json: larger than 1 MiB (want at most 1048576 bytes)\n"},
		{[]string{"rules", "bom.json"}, exitOK, ""},
		{[]string{"check", "--rules", "bom.json", "--max-depth", "1"}, exitMismatch, ""},
	} {
		code, _, stderr := call(t, dir, nil, c.args...)
		if code != c.code || stderr != c.stderr {
			t.Errorf("%v: exit %d, stderr %q\nwant exit %d, stderr %q", c.args, code, stderr, c.code, c.stderr)
		}
	}
}

// TestCheckMaxSteps: a counterexample longer than --max-steps is not
// printed whole but stated or summarised, and --out writes its summary
// without a picture; the verdicts and the exit code are unchanged.
func TestCheckMaxSteps(t *testing.T) {
	dir := t.TempDir()
	code, stdout, stderr := call(t, dir, nil, "check", "--max-steps", "2", "--out", "reports")
	if code != exitOK || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	for _, want := range []string{
		"goal       every-change-reaches-sharepoint ", "violated\n",
		"    | # violated; the shortest counterexample has 3 steps, longer than --max-steps 2 (--max-steps 3 writes it whole)\n",
		"13 of 13 invariants hold; 0 of 9 goals hold\n",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("check --max-steps 2 lacks %q:\n%s", want, stdout)
		}
	}
	base := filepath.Join(dir, "reports", "every-change-reaches-sharepoint")
	if data, err := os.ReadFile(base + ".scenario"); err != nil || !strings.Contains(string(data), "longer than --max-steps 2") {
		t.Errorf("%s.scenario: %v\n%s", base, err, data)
	}
	if _, err := os.Stat(base + ".svg"); err == nil {
		t.Errorf("%s.svg written for a counterexample longer than --max-steps", base)
	}
	if code, _, stderr := call(t, dir, nil, "check", "--max-steps", "0"); code != exitUsage || !strings.Contains(stderr, "--max-steps 0 (want a number ≥ 1)") {
		t.Errorf("--max-steps 0: exit %d, stderr %q", code, stderr)
	}
}
