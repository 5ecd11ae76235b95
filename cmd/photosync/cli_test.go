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

func TestRun(t *testing.T) {
	dir := files(t, map[string]string{
		"good.scenario":   "# C6\nat 0s change outlook-online\nat 0s expect outlook-online-contact-card observer = v1\n",
		"bad.scenario":    "# C6\nat 0s change outlook-online\nat 0s expect outlook-online-contact-card observer = v0\n",
		"broken.scenario": "# a typo\nat 0s view sharepoint-foo observer\n",
		"window.scenario": "rules rules/day.json\nat 0s change outlook-online\nat 0s visit\nat 1h change outlook-online\nat 1h visit\n" +
			"at 24h expect sharepoint-people-picker observer = v2\n",
		"rules/day.json":    `{"set": {"sharepoint.window": "24h"}}`,
		"viewers.scenario":  "at 0s expect yammer observer2 = v0\n",
		"violates.scenario": "violates every-change-reaches-sharepoint\nat 0s visit\n",
		"empty.scenario":    "# nothing to check\nat 0s visit\n",
		"dir.scenario/x":    "",
	})
	long := "tenant-contoso/" + strings.Repeat("a long directory name with a space ", 3) + "/photo-observations"
	for _, c := range []struct {
		name           string
		args           []string
		code           int
		stdout, stderr string
	}{
		{"ok", []string{"run", "good.scenario"}, 0, "good.scenario:3: ok\n", ""},
		{"mismatch", []string{"run", "good.scenario", "bad.scenario"}, 1,
			"good.scenario:3: ok\nbad.scenario:3: expect outlook-online-contact-card observer = v0: the model allows v1\n", ""},
		{"bad input wins, every file runs", []string{"run", "broken.scenario", "bad.scenario"}, 2,
			"bad.scenario:3: expect outlook-online-contact-card observer = v0: the model allows v1\n",
			`photosync run: broken.scenario:2: unknown surface "sharepoint-foo" (want one of sharepoint-mysite, sharepoint-people-search, sharepoint-newsfeed, sharepoint-people-picker, sharepoint-search-hover, outlook-online-contact-card, outlook-online-email, outlook-online-draft, outlook-client, lync-client, yammer, teams-client)` + "\n"},
		{"rules file relative to the scenario", []string{"run", "window.scenario"}, 0, "window.scenario:6: ok\n", ""},
		{"--rules replaces the rules line", []string{"run", "--rules", "observed", "window.scenario"}, 1,
			"window.scenario:6: expect sharepoint-people-picker observer = v2: the model allows v1\n", ""},
		{"--rules file relative to the working directory", []string{"run", "-rules=rules/day.json", "window.scenario"}, 0, "window.scenario:6: ok\n", ""},
		{"two viewers by default", []string{"run", "viewers.scenario"}, 2, "",
			"photosync run: viewers.scenario:1: viewer observer2 is not configured (want one of subject, observer, or more viewers)\n"},
		{"--viewers", []string{"run", "--viewers", "3", "viewers.scenario"}, 0, "viewers.scenario:1: ok\n", ""},
		{"no judge yet", []string{"run", "violates.scenario"}, 2, "",
			"photosync run: violates.scenario:1: violates every-change-reaches-sharepoint: no property catalog (want a run with a judge of properties)\n"},
		{"missing file", []string{"run", "absent.scenario"}, 2, "", "photosync run: open absent.scenario: no such file or directory\n"},
		{"no files", []string{"run"}, 2, "", "photosync run: no scenario files (want at least one FILE)\n"},
		{"bad --viewers", []string{"run", "--viewers", "9", "good.scenario"}, 2, "", "photosync run: --viewers 9 (want 1 to 4)\n"},
		{"no checks", []string{"run", "empty.scenario", "good.scenario"}, 0,
			"empty.scenario: 0 checks (no expect, observe or violates line)\ngood.scenario:3: ok\n", ""},
		{"--rules twice", []string{"run", "--rules", "observed", "--rules", "ideal", "good.scenario"}, 2, "",
			"photosync run: --rules given twice (want at most once)\n"},
		{"a device", []string{"run", "/dev/zero", "good.scenario"}, 2, "good.scenario:3: ok\n",
			"photosync run: /dev/zero: a device, not a file (want a file)\n"},
		{"a directory", []string{"run", "dir.scenario"}, 2, "", "photosync run: dir.scenario: a directory (want a file)\n"},
		{"a long file name is named whole", []string{"run", long + ".scenario"}, 2, "",
			"photosync run: open " + long + ".scenario: no such file or directory\n"},
		{"a long --rules file is named whole", []string{"run", "--rules", long + ".json", "good.scenario"}, 2, "",
			"photosync run: rules " + long + ".json: open " + long + ".json: no such file or directory\n"},
		{"a huge --rules name is echoed clipped", []string{"run", "--rules", strings.Repeat("r", 5000), "good.scenario"}, 2, "",
			"photosync run: rules " + strings.Repeat("r", 40) + "…: unknown rule set \"" + strings.Repeat("r", 40) + "…\" (want one of observed, documented, ideal, sharepoint-2013, exchange-online-2016, transition-2023, modern, or a rules file ending in .json)\n"},
		{"flags after the files", []string{"run", "good.scenario", "--rules", "ideal", "--viewers=3"}, 0, "good.scenario:3: ok\n", ""},
		{"-- ends the flags", []string{"run", "--", "--rules"}, 2, "", "photosync run: open --rules: no such file or directory\n"},
		{"--rules ''", []string{"run", "--rules", "", "good.scenario"}, 2, "",
			`photosync run: invalid value "" for flag -rules: want a rule set's name (observed, documented, ideal, sharepoint-2013, exchange-online-2016, transition-2023, modern) or a rules file (see photosync run -h)` + "\n"},
		{"unknown --rules", []string{"run", "--rules", "wished", "good.scenario"}, 2, "",
			`photosync run: rules wished: unknown rule set "wished" (want one of observed, documented, ideal, sharepoint-2013, exchange-online-2016, transition-2023, modern, or a rules file ending in .json)` + "\n"},
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

func TestRules(t *testing.T) {
	dir := files(t, map[string]string{
		"day.json": `{"name": "day", "description": "a one-day window", "base": "documented", "set": {"sharepoint.window": "1d"}}`,
		"bad.json": "{\n  \"set\": {\"owa.cacheTTL\": \"soon\"}\n}",
	})
	for _, c := range []struct {
		args    []string
		head    string
		changed map[string]string // the knobs that differ from observed
	}{
		{[]string{"rules"}, "rules:       observed\nbase:        (built in)\ndescription: the behaviour the field report observed (SPEC §3 defaults)\n" +
			"period:      early 2014 (the field report)\nfacts:       C1-C17\n\n", nil},
		{[]string{"rules", "documented"}, "rules:       documented\nbase:        (built in)\n", map[string]string{"sharepoint.visit": "once"}},
		{[]string{"rules", "ideal"}, "rules:       ideal\nbase:        (built in)\ndescription: " + model.Ideal().Description + "\n" +
			"period:      what users wish\nfacts:       none\n\n", changedFrom(model.Ideal())},
		{[]string{"rules", "modern"}, "rules:       modern\nbase:        (built in)\ndescription: " + model.Modern().Description + "\n" +
			"period:      mid-2024 on\nfacts:       E3, E4, E5, E6, E7, E8\n\n", changedFrom(model.Modern())},
		{[]string{"rules", "day.json"}, "rules:       day\nbase:        documented\ndescription: a one-day window\n\n",
			map[string]string{"sharepoint.window": "24h", "sharepoint.visit": "once"}},
	} {
		code, stdout, stderr := call(t, dir, nil, c.args...)
		if code != 0 || stderr != "" {
			t.Fatalf("%v: exit %d, stderr %s", c.args, code, stderr)
		}
		if !strings.HasPrefix(stdout, c.head) {
			t.Errorf("%v: output starts\n%s\nwant\n%s", c.args, stdout, c.head)
		}
		_, table, _ := strings.Cut(stdout, "\n\n")
		table, syntax, _ := strings.Cut(table, "\n\n")
		if syntax != durationSyntax+"\n" {
			t.Errorf("%v: after the knobs\n%s\nwant the syntax of durations", c.args, syntax)
		}
		lines := strings.Split(table, "\n")
		if len(lines) != len(model.Knobs()) {
			t.Fatalf("%v: %d knob lines, want %d:\n%s", c.args, len(lines), len(model.Knobs()), stdout)
		}
		for i, k := range model.Knobs() {
			value, mark := k.Get(model.Observed()), "default "
			if v, ok := c.changed[k.Name]; ok {
				value, mark = v, ""
			}
			want := k.Name + " " + value + " " + mark + k.Doc + " (values: " + k.Values + ")"
			for _, v := range k.Choices() { // every allowed value of an enumerated knob is listed
				if !regexp.MustCompile(`\b` + regexp.QuoteMeta(v) + `\b`).MatchString(k.Values) {
					t.Errorf("knob %s: values %q do not list %s", k.Name, k.Values, v)
				}
			}
			if got := strings.Join(strings.Fields(lines[i]), " "); got != want {
				t.Errorf("%v: knob line %q\nwant (spaces aside) %q", c.args, got, want)
			}
		}
	}
	for _, c := range []struct {
		args   []string
		stderr string
	}{
		{[]string{"rules", "wished"}, `photosync rules: unknown rule set "wished" (want one of ` + strings.Join(model.NamedRuleSets(), ", ") +
			`, or a rules file ending in .json)` + "\n"},
		{[]string{"rules", "bad.json"}, `photosync rules: bad.json:2: knob owa.cacheTTL: bad value "soon" (want a duration such as 10s)` + "\n"},
		{[]string{"rules", "a", "b"}, "photosync rules: 2 rule sets (want at most one NAME|FILE)\n"},
		{[]string{"rules", "--list", "modern"}, "photosync rules: --list and a rule set \"modern\" (want one of them)\n"},
	} {
		code, stdout, stderr := call(t, dir, nil, c.args...)
		if code != 2 || stdout != "" || stderr != c.stderr {
			t.Errorf("%v: exit %d, stdout %q, stderr %q\nwant stderr %q", c.args, code, stdout, stderr, c.stderr)
		}
	}
}

// changedFrom returns the knobs r sets differently from observed.
func changedFrom(r model.Rules) map[string]string {
	out := map[string]string{}
	for _, kv := range model.Changed(model.Observed(), r) {
		out[kv[0]] = kv[1]
	}
	return out
}

// TestRulesList: one line per named rule set, in order: name, period,
// facts, the knobs it sets differently from observed.
func TestRulesList(t *testing.T) {
	code, stdout, stderr := call(t, t.TempDir(), nil, "rules", "--list")
	if code != exitOK || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	if len(lines) != len(model.RuleSets()) {
		t.Fatalf("%d lines, want one per rule set (%d):\n%s", len(lines), len(model.RuleSets()), stdout)
	}
	for i, rs := range model.RuleSets() {
		f := "-"
		if len(rs.Facts) > 0 {
			f = strings.Join(rs.Facts, ", ")
		}
		var kv []string
		for _, c := range model.Changed(model.Observed(), rs.Rules()) {
			kv = append(kv, c[0]+" "+c[1])
		}
		knobs := strings.Join(kv, ", ")
		if knobs == "" {
			knobs = "(the defaults)"
		}
		want := strings.Join(strings.Fields(rs.Name+" "+rs.Period+" "+f+" "+knobs), " ")
		if got := strings.Join(strings.Fields(lines[i]), " "); got != want {
			t.Errorf("line %d: %q\nwant (spaces aside) %q", i, got, want)
		}
	}
	for _, want := range []string{
		"\nsharepoint-2013       SharePoint 2013 on premises             E1                      sharepoint.visitQueues false\n",
		"\nexchange-online-2016  2015 - early 2023                       E2                      dirsync.once true\n",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("rules --list lacks %q:\n%s", want, stdout)
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
	code, _, stderr = call(t, t.TempDir(), nil, "help", "bogus")
	if code != 2 || stderr != "photosync: unknown command \"bogus\" (want check, run, diff, infer, report, eras, properties, rules or help)\n" {
		t.Errorf("help bogus: exit %d, stderr %q", code, stderr)
	}
	code, _, stderr = call(t, t.TempDir(), nil, "bogus")
	if code != 2 || stderr != "photosync: unknown command \"bogus\" (want check, run, diff, infer, report, eras, properties, rules or help)\n" {
		t.Errorf("bogus: exit %d, stderr %q", code, stderr)
	}
	code, stdout, _ := call(t, t.TempDir(), nil, "run", "-h")
	if code != 0 || !strings.HasPrefix(stdout, "usage: photosync run [--rules NAME|FILE] [--viewers N] [--max-states N] FILE...\n") {
		t.Errorf("run -h: exit %d, stdout %q", code, stdout)
	}
	code, _, stderr = call(t, t.TempDir(), nil, "run", "--bogus")
	if code != 2 || stderr != "photosync run: flag provided but not defined: -bogus (see photosync run -h)\n" {
		t.Errorf("run --bogus: exit %d, stderr %q", code, stderr)
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
