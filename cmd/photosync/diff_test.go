package main

import (
	"bytes"
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
