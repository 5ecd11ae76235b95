package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"photosync/engine"
	"photosync/model"
	"photosync/scenario"
)

// call runs the command line in dir with the given judge, and returns the
// exit code, stdout and stderr.
func call(t *testing.T, dir string, judge scenario.Judge, args ...string) (int, string, string) {
	t.Helper()
	t.Chdir(dir)
	var stdout, stderr bytes.Buffer
	c := cli{stdout: &stdout, stderr: &stderr, judge: func(int) scenario.Judge { return judge },
		load: scenario.FileLoader(scenario.MaxFileBytes), loadRules: scenario.FileLoader(model.MaxRulesFileBytes)}
	code := c.main(args)
	return code, stdout.String(), stderr.String()
}

// files writes files into a new directory and returns it.
func files(t *testing.T, contents map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range contents {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestRunEchoes: what testdata/transcripts cannot show well: the run
// without a property catalog, and a huge --rules name echoed clipped.
func TestRunEchoes(t *testing.T) {
	dir := files(t, map[string]string{
		"good.scenario":     "# C6\nat 0s change outlook-online\nat 0s expect outlook-online-contact-card observer = v1\n",
		"violates.scenario": "violates every-change-reaches-sharepoint\nat 0s visit\n",
	})
	for _, c := range []struct {
		name           string
		args           []string
		code           int
		stdout, stderr string
	}{
		{"no judge", []string{"run", "violates.scenario"}, 2, "",
			"photosync run: violates.scenario:1: violates every-change-reaches-sharepoint: no property catalog (want a run with a judge of properties)\n"},
		{"a huge --rules name is echoed clipped", []string{"run", "--rules", strings.Repeat("r", 5000), "good.scenario"}, 2, "",
			"photosync run: rules " + strings.Repeat("r", 40) + "…: unknown rule set \"" + strings.Repeat("r", 40) + "…\" (want one of observed, documented, ideal, sharepoint-2013, exchange-online-2016, transition-2023, modern, or a rules file ending in .json)\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, stdout, stderr := call(t, dir, nil, c.args...)
			if code != c.code {
				t.Errorf("exit %d, want %d", code, c.code)
			}
			if diff := cmp.Diff(c.stdout, stdout); diff != "" {
				t.Errorf("stdout (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(c.stderr, stderr); diff != "" {
				t.Errorf("stderr (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRunWithJudge checks that the judge newJudge will return reaches the
// runner.
func TestRunWithJudge(t *testing.T) {
	dir := files(t, map[string]string{
		"v.scenario": "violates any-change\nat 0s change outlook-online\n",
		"w.scenario": "violates any-change\nat 0s visit\n",
	})
	code, stdout, stderr := call(t, dir, changeJudge{}, "run", "v.scenario", "w.scenario")
	want := "v.scenario:1: ok\nw.scenario:1: violates any-change: not violated (in 1 of 1 possible runs it holds)\n"
	if code != 1 || stdout != want || stderr != "" {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s\nwant stdout:\n%s", code, stdout, stderr, want)
	}
}

// changeJudge knows one property, any-change: no change ever happens.
type changeJudge struct{}

func (changeJudge) Transition(r *model.Rules, tr *model.Transition, found func(engine.Finding)) {
	if tr.Effects.Has(model.EffectChange) {
		found(engine.Finding{Property: 0, Message: "a change", At: tr.State.Now})
	}
}
func (changeJudge) Quiet(*model.Rules, *model.State, time.Duration, func(engine.Finding)) {}
func (changeJudge) Index(name string) (int, bool)                                         { return 0, name == "any-change" }
func (changeJudge) Names() []string                                                       { return []string{"any-change"} }

// TestKnobValues: the values photosync rules lists for a knob name every
// value its parser accepts (testdata/transcripts/rules.txtar shows them).
func TestKnobValues(t *testing.T) {
	for _, k := range model.Knobs() {
		for _, v := range k.Choices() {
			if !regexp.MustCompile(`\b` + regexp.QuoteMeta(v) + `\b`).MatchString(k.Values) {
				t.Errorf("knob %s: values %q do not list %s", k.Name, k.Values, v)
			}
		}
	}
}

func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"-h"}, {"--help"}} {
		code, stdout, stderr := call(t, t.TempDir(), nil, args...)
		if code != 0 || stdout != usage || stderr != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, stdout, stderr)
		}
	}
	code, _, stderr := call(t, t.TempDir(), nil)
	if code != 2 || stderr != usage {
		t.Errorf("no arguments: exit %d, stderr %q", code, stderr)
	}
}

// TestCommandHelp: CMD -h prints the command's usage once, on stdout, with
// its exit codes; a bad flag prints one line on stderr, the flag's value
// clipped.
func TestCommandHelp(t *testing.T) {
	readme, err := os.ReadFile("../../README.md") // before call changes directory
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ cmd, exits string }{
		{"check", exitsCheck}, {"run", exitsRun}, {"diff", exitsDiff}, {"report", exitsReport},
		{"properties", exitsOther}, {"rules", exitsOther}, {"eras", exitsEras}, {"infer", exitsInfer},
	} {
		code, stdout, stderr := call(t, t.TempDir(), nil, c.cmd, "-h")
		if code != 0 || stderr != "" || strings.Count(stdout, "usage: photosync "+c.cmd) != 1 ||
			!strings.HasSuffix(stdout, "exit: "+c.exits+"\n") {
			t.Errorf("%s -h: exit %d, stderr %q, stdout:\n%s", c.cmd, code, stderr, stdout)
		}
		// photosync help CMD prints the same, and -h after a file name is
		// still a flag (flags anywhere, issue 16).
		for _, args := range [][]string{{"help", c.cmd}, {c.cmd, "FILE", "-h"}} {
			code2, stdout2, stderr2 := call(t, t.TempDir(), nil, args...)
			if code2 != code || stdout2 != stdout || stderr2 != stderr {
				t.Errorf("%q: exit %d, stderr %q, stdout:\n%s\nwant what %s -h prints", args, code2, stderr2, stdout2, c.cmd)
			}
		}
		code, stdout, stderr = call(t, t.TempDir(), nil, c.cmd, "--bogus")
		if want := "photosync " + c.cmd + ": flag provided but not defined: -bogus (see photosync " + c.cmd + " -h)\n"; code != 2 || stdout != "" || stderr != want {
			t.Errorf("%s --bogus: exit %d, stdout %q, stderr %q\nwant %q", c.cmd, code, stdout, stderr, want)
		}
	}
	huge := strings.Repeat("9", 5000)
	code, _, stderr := call(t, t.TempDir(), nil, "check", "--max-states", huge)
	want := `photosync check: invalid value "` + strings.Repeat("9", 40) + `…" for flag -max-states: value out of range (see photosync check -h)` + "\n"
	if code != 2 || stderr != want {
		t.Errorf("a huge --max-states: exit %d, stderr %q\nwant %q", code, stderr, want)
	}
	// The top-level usage and the README state every exit code.
	for _, cmd := range []string{"check", "run", "diff", "report"} {
		if !strings.Contains(usage, "photosync "+cmd+" ") {
			t.Fatalf("usage lacks %s", cmd)
		}
		_, rest, _ := strings.Cut(usage, "photosync "+cmd+" ")
		entry, _, _ := strings.Cut(rest, "\n  photosync ")
		if !strings.Contains(entry, "2: bad input") || !strings.Contains(entry, "3: internal error") {
			t.Errorf("usage of %s does not state its exit codes:\n%s", cmd, entry)
		}
		_, row, _ := strings.Cut(string(readme), "| `photosync "+cmd+" ")
		row, _, _ = strings.Cut(row, "\n")
		if !strings.Contains(row, "2 on bad input") || !strings.Contains(row, "3 on an internal error") {
			t.Errorf("README's row of %s does not state its exit codes:\n%s", cmd, row)
		}
	}
}

// TestRunEntryPoint checks run, which main calls, once with real files.
func TestRunEntryPoint(t *testing.T) {
	dir := files(t, map[string]string{"s.scenario": "at 0s expect yammer subject = v0\n"})
	t.Chdir(dir)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"run", "s.scenario"}, &stdout, &stderr); code != 0 || stdout.String() != "s.scenario:1: ok\n" {
		t.Errorf("exit %d, stdout %q, stderr %q", code, stdout.String(), stderr.String())
	}
}

// TestPanicIsInternal: a panic in the checker exits 3 with the stack, not
// Go's 2, which reads as bad input.
func TestPanicIsInternal(t *testing.T) {
	dir := files(t, map[string]string{"s.scenario": "violates any-change\nat 0s change outlook-online\n"})
	code, _, stderr := call(t, dir, panicJudge{}, "run", "s.scenario")
	if code != exitInternal || !strings.HasPrefix(stderr, "photosync run: internal error: panic: judged\n") ||
		!strings.Contains(stderr, "goroutine ") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
}

// panicJudge panics on every transition.
type panicJudge struct{ changeJudge }

func (panicJudge) Transition(*model.Rules, *model.Transition, func(engine.Finding)) { panic("judged") }
