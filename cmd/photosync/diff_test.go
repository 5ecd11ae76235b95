package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"photosync/experiment"
	"photosync/model"
	"photosync/scenario"
)

// TestDiff runs photosync diff on a pair it tells apart: the scenario it
// prints passes photosync run and fails photosync run --rules B, and --plan
// prints the same experiment as steps.
func TestDiff(t *testing.T) {
	dir := files(t, map[string]string{
		"last-change.json": `{"name": "last-change", "base": "observed", "set": {"sharepoint.windowFrom": "last-change"}}`,
	})
	for _, c := range []struct{ a, b string }{{"observed", "documented"}, {"observed", "last-change.json"}} {
		code, stdout, stderr := call(t, dir, nil, "diff", "--rules", c.a, "--rules", c.b)
		if code != 0 || stderr != "" {
			t.Fatalf("%s/%s: exit %d, stderr %s", c.a, c.b, code, stderr)
		}
		want := search(t, c.a, c.b)
		if diff := cmp.Diff(want.Scenario(), stdout); diff != "" {
			t.Errorf("%s/%s: scenario (-want +got):\n%s", c.a, c.b, diff)
		}
		if err := os.WriteFile("x.scenario", []byte(stdout), 0o644); err != nil {
			t.Fatal(err)
		}
		code, out, _ := call(t, dir, newJudge(2), "run", "x.scenario")
		if code != 0 {
			t.Errorf("%s/%s: photosync run: exit %d\n%s\n%s", c.a, c.b, code, out, stdout)
		}
		code, out, _ = call(t, dir, newJudge(2), "run", "--rules", c.b, "x.scenario")
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if code != 1 || !strings.Contains(lines[len(lines)-1], ": the model allows ") {
			t.Errorf("%s/%s: photosync run --rules %s: exit %d\n%s\n%s", c.a, c.b, c.b, code, out, stdout)
		}

		code, stdout, stderr = call(t, dir, nil, "diff", "--plan", "--rules", c.a, "--rules", c.b)
		if code != 0 || stderr != "" || stdout != want.Plan() {
			t.Errorf("%s/%s --plan: exit %d, stderr %s, stdout\n%s", c.a, c.b, code, stderr, stdout)
		}
	}
}

func search(t *testing.T, a, b string) *experiment.Experiment {
	t.Helper()
	var rules [2]model.Rules
	for i, ref := range []string{a, b} {
		r, err := scenario.LoadRules(ref, ".", os.ReadFile)
		if err != nil {
			t.Fatal(err)
		}
		rules[i] = r
	}
	res, err := experiment.Search(experiment.Config{A: rules[0], B: rules[1]})
	if err != nil || res.Experiment == nil {
		t.Fatalf("%s/%s: %v %s", a, b, err, res.Statement())
	}
	return res.Experiment
}

// TestDiffNone: a rule set against itself, or against one that differs
// only in knobs no view reads: exit 1, "indistinguishable", whatever the
// search's bounds; a pair the bounds leave undecided: exit 1, "bounded",
// naming the flags that raise them. --json says which in its own fields.
func TestDiffNone(t *testing.T) {
	code, stdout, stderr := call(t, t.TempDir(), nil, "diff", "--max-depth", "3", "--rules", "observed", "--rules", "observed")
	want := "indistinguishable: no experiment of any length tells observed from observed " +
		"(decided exactly: the knobs they differ in are read by no view, given the others)\n"
	if code != 1 || stdout != want || stderr != "" {
		t.Errorf("exit %d, stdout %q, stderr %q\nwant stdout %q", code, stdout, stderr, want)
	}
	dir := files(t, map[string]string{
		"queues.json":    `{"name": "queues", "base": "observed", "set": {"sharepoint.visit": "never"}}`,
		"no-queues.json": `{"name": "no-queues", "base": "observed", "set": {"sharepoint.visit": "never", "sharepoint.visitQueues": false}}`,
	})
	code, stdout, _ = call(t, dir, nil, "diff", "--max-situations", "100", "--rules", "queues.json", "--rules", "no-queues.json")
	want = "indistinguishable: no experiment of any length tells queues from no-queues " +
		"(decided exactly: the knobs they differ in are read by no view, given the others)\n"
	if code != 1 || stdout != want {
		t.Errorf("exit %d, stdout %q\nwant stdout %q", code, stdout, want)
	}
	code, stdout, _ = call(t, dir, nil, "diff", "--json", "--rules", "queues.json", "--rules", "no-queues.json")
	var got struct {
		Experiment        *string `json:"experiment"`
		Indistinguishable bool    `json:"indistinguishable"`
		Bounded           bool    `json:"bounded"`
	}
	if err := json.Unmarshal([]byte(stdout), &got); err != nil || code != 1 || got.Experiment != nil || !got.Indistinguishable || got.Bounded {
		t.Errorf("--json: exit %d, %v, %s", code, err, stdout)
	}
	code, stdout, _ = call(t, dir, nil, "diff", "--max-beliefs", "1", "--max-depth", "2", "--rules", "observed", "--rules", "sharepoint-2013")
	want = "bounded at 1 symbolic belief state, undecided: the exact decision stopped at its bound (--max-beliefs raises it), " +
		"and the search for an experiment is bounded, none found within 2 steps: no experiment of at most 2 steps " +
		"(actions and waits to the deadlines of the running clocks) tells observed from sharepoint-2013; explored 42 situations " +
		"(--max-depth raises the bound)\n"
	if code != 1 || stdout != want {
		t.Errorf("exit %d, stdout %q\nwant stdout %q", code, stdout, want)
	}
	code, stdout, _ = call(t, dir, nil, "diff", "--json", "--max-beliefs", "1", "--max-depth", "2", "--rules", "observed", "--rules", "sharepoint-2013")
	got.Indistinguishable, got.Bounded = false, false
	if err := json.Unmarshal([]byte(stdout), &got); err != nil || code != 1 || got.Experiment != nil || got.Indistinguishable || !got.Bounded {
		t.Errorf("--json bounded: exit %d, %v, %s", code, err, stdout)
	}
}

func TestDiffBadInput(t *testing.T) {
	dir := files(t, map[string]string{"bad.json": "{\n  \"set\": {\"sharepoint.visit\": \"sometimes\"}\n}"})
	for _, c := range []struct {
		args   []string
		stderr string
	}{
		{[]string{"diff", "--rules", "observed"}, "photosync diff: --rules given once (want twice: --rules A --rules B)\n"},
		{[]string{"diff"}, "photosync diff: --rules given 0 times (want twice: --rules A --rules B)\n"},
		{[]string{"diff", "--rules", "observed", "--rules", "documented", "--rules", "ideal"},
			"photosync diff: --rules given 3 times (want twice: --rules A --rules B)\n"},
		{[]string{"diff", "--rules", "observed", "--rules", "wished"},
			`photosync diff: unknown rule set "wished" (want one of observed, documented, ideal, sharepoint-2013, exchange-online-2016, transition-2023, modern, or a rules file ending in .json)` + "\n"},
		{[]string{"diff", "--rules", "bad.json", "--rules", "observed"},
			`photosync diff: bad.json:2: knob sharepoint.visit: bad value "sometimes" (want after-change, once or never; never means that no visit is needed: SharePoint imports whenever its window allows)` + "\n"},
		{[]string{"diff", "--rules", "observed", "--rules", "absent.json"}, "photosync diff: open absent.json: no such file or directory\n"},
		{[]string{"diff", "--max-depth", "0", "--rules", "observed", "--rules", "documented"}, "photosync diff: --max-depth 0 (want at least 1)\n"},
		{[]string{"diff", "--max-depth", "-2", "--rules", "observed", "--rules", "documented"}, "photosync diff: --max-depth -2 (want at least 1)\n"},
		{[]string{"diff", "--max-situations", "0", "--rules", "observed", "--rules", "documented"}, "photosync diff: --max-situations 0 (want at least 1)\n"},
		{[]string{"diff", "--max-beliefs", "0", "--rules", "observed", "--rules", "documented"}, "photosync diff: --max-beliefs 0 (want at least 1)\n"},
		{[]string{"diff", "--json", "--plan", "--rules", "observed", "--rules", "documented"},
			"photosync diff: --json and --plan together (want one: the JSON carries the experiment as a scenario)\n"},
		{[]string{"diff", "--viewers", "5", "--rules", "observed", "--rules", "documented"}, "photosync diff: --viewers 5 (want 1 to 4)\n"},
		{[]string{"diff", "--rules", "observed", "--rules", "documented", "extra"}, "photosync diff: unexpected argument \"extra\" (want only flags)\n"},
	} {
		code, stdout, stderr := call(t, dir, nil, c.args...)
		if code != 2 || stdout != "" || stderr != c.stderr {
			t.Errorf("%v: exit %d, stdout %q, stderr %q\nwant stderr %q", c.args, code, stdout, stderr, c.stderr)
		}
	}
	code, _, stderr := call(t, dir, nil, "diff", "--max-depth", "ten")
	if code != 2 || stderr != `photosync diff: invalid value "ten" for flag -max-depth: parse error (see photosync diff -h)`+"\n" {
		t.Errorf("--max-depth ten: exit %d, stderr %q", code, stderr)
	}
	code, stdout, _ := call(t, dir, nil, "diff", "-h")
	if code != 0 || !strings.HasPrefix(stdout, "usage: photosync diff [--plan] [--json] [--viewers N] [--max-depth N] [--max-situations N] [--max-beliefs N] --rules A --rules B\n") {
		t.Errorf("-h: exit %d, stdout %q", code, stdout)
	}
}

// TestDiffRulesFileReplays: when A is a rules file, the experiment names it
// by its absolute path on its rules line, so that it passes under photosync
// run and fails under photosync run --rules B wherever it is saved, and
// sets no knobs (which would apply on top of B).
func TestDiffRulesFileReplays(t *testing.T) {
	dir := files(t, map[string]string{"rules/last-change.json": `{"name": "last-change", "base": "observed",
		"set": {"sharepoint.windowFrom": "last-change"}}`})
	code, stdout, stderr := call(t, dir, nil, "diff", "--rules", "rules/last-change.json", "--rules", "observed")
	if code != exitOK || stderr != "" {
		t.Fatalf("diff: exit %d\n%s%s", code, stdout, stderr)
	}
	abs := filepath.Join(dir, "rules", "last-change.json")
	if !strings.Contains(stdout, "\nrules "+abs+"\n") || strings.Contains(stdout, "\nset ") {
		t.Errorf("the experiment should name the rules file as %s and set no knobs:\n%s", abs, stdout)
	}
	for _, where := range []string{dir, t.TempDir(), filepath.Join(dir, "rules")} {
		if err := os.WriteFile(filepath.Join(where, "exp.scenario"), []byte(stdout), 0o644); err != nil {
			t.Fatal(err)
		}
		var out, errs bytes.Buffer
		c := cli{stdout: &out, stderr: &errs, load: os.ReadFile, judge: newJudge}
		t.Chdir(t.TempDir()) // neither the scenario's directory nor the rules file's
		if code := c.main([]string{"run", filepath.Join(where, "exp.scenario")}); code != exitOK {
			t.Errorf("saved in %s, run under A: exit %d\n%s%s", where, code, out.String(), errs.String())
		}
		out.Reset()
		if code := c.main([]string{"run", "--rules", "observed", filepath.Join(where, "exp.scenario")}); code != exitMismatch {
			t.Errorf("saved in %s, run under B: exit %d, want 1\n%s%s", where, code, out.String(), errs.String())
		}
	}
}

// TestDiffRulesFileUnnameable: a rules file whose path cannot stand on a
// rules line gives an experiment with A's knobs as set lines, and a note.
func TestDiffRulesFileUnnameable(t *testing.T) {
	dir := files(t, map[string]string{"my rules/lc.json": `{"set": {"sharepoint.windowFrom": "last-change"}}`})
	code, stdout, stderr := call(t, dir, nil, "diff", "--rules", "my rules/lc.json", "--rules", "observed")
	if code != exitOK || !strings.Contains(stdout, "\nrules observed\nset sharepoint.windowFrom last-change\n") ||
		!strings.HasPrefix(stderr, "photosync diff: note: the path of my rules/lc.json cannot stand on a scenario's rules line") {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
}

// TestDiffInternalError: an error of the search is the checker's, exit 3.
func TestDiffInternalError(t *testing.T) {
	t.Chdir(t.TempDir())
	var stdout, stderr bytes.Buffer
	c := cli{stdout: &stdout, stderr: &stderr, load: os.ReadFile, judge: newJudge,
		runSearch: func(experiment.Config) (experiment.Result, error) { return experiment.Result{}, errors.New("lost") }}
	code := c.main([]string{"diff", "--rules", "observed", "--rules", "documented"})
	if code != exitInternal || stderr.String() != "photosync diff: internal error: lost\n" || stdout.Len() != 0 {
		t.Errorf("exit %d, stdout %q, stderr %q", code, stdout.String(), stderr.String())
	}
}
