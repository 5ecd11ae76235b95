package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
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

// TestCheckProposalDelta: a proposal is judged beside its base in JSON
// too (testdata/transcripts/check-proposals.txtar shows the text).
func TestCheckProposalDelta(t *testing.T) {
	dir := files(t, map[string]string{"p.json": `{"name": "lync-offline", "base": "observed",
		"set": {"lync.offlineHidesPhoto": false, "sharepoint.visit": "once"}}`})
	_, stdout, _ := call(t, dir, nil, "check", "--rules", "p.json", "--json")
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

// TestCheckToldJSON: check --json says what experiments tell of a rules
// file against its base, as the text's "experiments:" line does: a
// proposal that changes nothing observable is indistinguishable, one that
// does gets its shortest experiment as a scenario that replays.
func TestCheckToldJSON(t *testing.T) {
	dir := files(t, map[string]string{
		"no-queue.json": `{"name": "no-queue", "base": "modern", "set": {"sharepoint.visitQueues": false}}`,
		"once.json":     `{"name": "once", "set": {"sharepoint.visit": "once"}}`,
	})
	for _, c := range []struct {
		file              string
		indistinguishable bool
		steps             int
	}{{"no-queue.json", true, 0}, {"once.json", false, 3}} {
		_, stdout, _ := call(t, dir, nil, "check", "--rules", c.file, "--json")
		var rep verdicts.CheckReport
		if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
			t.Fatal(err)
		}
		e := rep.Experiments
		if e == nil {
			t.Fatalf("%s: no \"experiments\" in\n%s", c.file, stdout)
		}
		_, text, _ := call(t, dir, nil, "check", "--rules", c.file)
		if e.Indistinguishable != c.indistinguishable || e.Distinguishable == c.indistinguishable || e.Bounded ||
			e.Steps != c.steps || (e.Experiment != "") != (c.steps > 0) || !strings.Contains(text, "experiments:        "+e.Statement) {
			t.Errorf("%s: %+v\n%s", c.file, *e, text)
		}
		if e.Experiment == "" {
			continue
		}
		if err := os.WriteFile(filepath.Join(dir, "x.scenario"), []byte(e.Experiment), 0o644); err != nil {
			t.Fatal(err)
		}
		if code, out, _ := call(t, dir, newJudge(2), "run", "x.scenario"); code != exitOK {
			t.Errorf("%s: the experiment does not pass under the base: exit %d\n%s\n%s", c.file, code, out, e.Experiment)
		}
		if code, out, _ := call(t, dir, newJudge(2), "run", "--rules", c.file, "x.scenario"); code != exitMismatch {
			t.Errorf("%s: the experiment does not fail under the rules file: exit %d\n%s\n%s", c.file, code, out, e.Experiment)
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
	for _, c := range []struct {
		n    int
		want string
	}{{0, "0 states"}, {1, "1 state"}, {2, "2 states"}} {
		if got := count.Of(c.n, "state"); got != c.want {
			t.Errorf("count(%d) = %q, want %q", c.n, got, c.want)
		}
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

// TestCheckRulesInput: a rules file is read with a limit (a file of more
// than 1 MiB is too big for testdata/transcripts).
func TestCheckRulesInput(t *testing.T) {
	dir := files(t, map[string]string{"big.json": "{" + strings.Repeat(" ", model.MaxRulesFileBytes) + "}"})
	code, _, stderr := call(t, dir, nil, "check", "--rules", "big.json")
	if want := "photosync check: big.json: larger than 1 MiB (want at most 1048576 bytes)\n"; code != exitUsage || stderr != want {
		t.Errorf("exit %d, stderr %q\nwant exit 2, stderr %q", code, stderr, want)
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

// TestCheckAndErasTimeout: past --timeout, check and eras say so, as infer
// does: every verdict the time limit cut short is unknown (none holds),
// the last line names the flag, and the exit is 1; a negative duration is
// bad input.
func TestCheckAndErasTimeout(t *testing.T) {
	for _, cmd := range []string{"check", "eras"} {
		code, stdout, stderr := call(t, t.TempDir(), nil, cmd, "--timeout", "1ns", "--rules", "ideal")
		if cmd == "eras" {
			code, stdout, stderr = call(t, t.TempDir(), nil, cmd, "--timeout", "1ns")
		}
		if code != exitMismatch || stderr != "" || !strings.Contains(stdout, "the time limit (--timeout) was reached") &&
			!strings.Contains(stdout, "incomplete: a bound (--timeout) left") {
			t.Errorf("%s --timeout 1ns: exit %d, stderr %q, stdout:\n%s", cmd, code, stderr, stdout)
		}
		if strings.Contains(stdout, " holds ") || strings.Contains(stdout, "violated") {
			t.Errorf("%s --timeout 1ns: a verdict decided past the time limit:\n%s", cmd, stdout)
		}
		code, _, stderr = call(t, t.TempDir(), nil, cmd, "--timeout", "-1s")
		if code != exitUsage || stderr != "photosync "+cmd+": --timeout -1s (want a duration ≥ 0)\n" {
			t.Errorf("%s --timeout -1s: exit %d, stderr %q", cmd, code, stderr)
		}
	}
}
