package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const inferLog = `# what I did and saw
at 0s change outlook-online
at 1m observe outlook-online-contact-card observer v1
at 1m observe sharepoint-mysite observer v0
at 2m observe yammer observer v0
`

func TestInferAnswers(t *testing.T) {
	dir := files(t, map[string]string{
		"a.log": inferLog,
		"none.log": `at 0s change outlook-online
at 1m observe outlook-online-contact-card observer v1
at 2m observe sharepoint-mysite observer v7
`,
		"space.json": `{"base": "modern", "vary": {"sharepoint.trigger": "all", "yammer.sync": ["none", "on-use"]}, "named": false}`,
	})
	code, stdout, stderr := call(t, dir, nil, "infer", "a.log")
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	for _, want := range []string{"61,442 of 442,371 candidates fit a.log", "Open (the values still possible):",
		"yammer.sync             none, on-use", "Named rule sets that fit: observed, documented", "Next experiment: 1 step",
		"# observe sharepoint-search-hover observer v0: 30,720 of 61,442 stay; settles hover.source = sharepoint"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("the answer lacks %q:\n%s", want, stdout)
		}
	}
	code, stdout, _ = call(t, dir, nil, "infer", "none.log")
	if code != 1 || !strings.Contains(stdout, "0 of 442,371 candidates fit") ||
		!strings.Contains(stdout, "dropped out at none.log:3 (observe sharepoint-mysite observer v7)") {
		t.Errorf("a log no candidate fits: exit %d\n%s", code, stdout)
	}
	code, stdout, _ = call(t, dir, nil, "infer", "--json", "none.log")
	if code != 1 || !strings.Contains(stdout, `"fitting": 0`) || !strings.Contains(stdout, `"yammer.editable": []`) ||
		!strings.Contains(stdout, `"check": "observe sharepoint-mysite observer v7"`) {
		t.Errorf("--json, a log no candidate fits: exit %d\n%s", code, stdout)
	}
	code, stdout, stderr = call(t, dir, nil, "infer", "--space", "space.json", "--json", "a.log")
	if code != 0 {
		t.Fatalf("--space --json: exit %d, stderr %q", code, stderr)
	}
	var got struct {
		Candidates, Fitting int
		Settled             map[string]string
		Open                map[string][]string
		Named               []string
		Next                *string
	}
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("%v\n%s", err, stdout)
	}
	// Under modern, the Yammer photo stays v0 two minutes after the change
	// whether it follows on use (no open-yammer) or not; the trigger is
	// told by nothing either.
	if got.Candidates != 4 || got.Fitting != 4 || len(got.Settled) != 0 || len(got.Open) != 2 || got.Named == nil || got.Next == nil {
		t.Errorf("--json: %+v\n%s", got, stdout)
	}
	if !strings.Contains(*got.Next, "append these lines to a.log") {
		t.Errorf("next: %s", *got.Next)
	}
}

func TestInferPlan(t *testing.T) {
	dir := files(t, map[string]string{"a.log": inferLog})
	code, stdout, _ := call(t, dir, nil, "infer", "--plan", "a.log")
	for _, want := range []string{"Carry on from the end of a.log (at 2m)", "1. As the observer, search for the subject in SharePoint people search",
		"What you see in step 1 tells you:", "- v0: 30,720 of the 61,442 fitting candidates stay, and it settles hover.source = sharepoint.",
		"the last as `observe sharepoint-search-hover observer PHOTO`"} {
		if code != 0 || !strings.Contains(stdout, want) {
			t.Errorf("exit %d; the plan lacks %q:\n%s", code, want, stdout)
		}
	}
}

func TestInferBadInput(t *testing.T) {
	dir := files(t, map[string]string{
		"a.log":        inferLog,
		"rules.log":    "rules modern\nat 0s visit\n",
		"set.log":      "# a knob\nset yammer.sync on-use\nat 0s visit\n",
		"bad.log":      "at 0s change outlook-online\nat 1m observe nowhere observer v1\n",
		"violates.log": "violates yammer-isolated\nat 0s visit\n",
		"bad.json":     "{\n  \"vary\": {\n    \"yammer.sync\": [\"none\", \"sometimes\"]}}",
		"knob.json":    "{\"vary\": {\"sharepoint.windw\": [\"1h\"]}}",
		"empty.json":   "{\"vary\": {\"sharepoint.window\": []}}",
		"dur.json":     "{\"vary\": {\"sharepoint.window\": \"all\"}}",
		"base.json":    "{\n\"base\": \"nineties\"}",
		"field.json":   "{\"vray\": {}}",
	})
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"rules.log"}, "photosync infer: rules.log:1: rules modern: a log names no rules"},
		{[]string{"set.log"}, "photosync infer: set.log:2: set yammer.sync on-use: a log names no rules"},
		{[]string{"violates.log"}, "photosync infer: violates.log:1: violates yammer-isolated: infer reads actions"},
		{[]string{"bad.log"}, "photosync infer: bad.log:2: "},
		{[]string{"absent.log"}, "photosync infer: open absent.log"},
		{nil, "photosync infer: no log files"},
		{[]string{"--space", "bad.json", "a.log"}, `photosync infer: bad.json:3: knob yammer.sync: bad value "sometimes"`},
		{[]string{"--space", "knob.json", "a.log"}, `photosync infer: knob.json:1: unknown knob "sharepoint.windw"`},
		{[]string{"--space", "empty.json", "a.log"}, "photosync infer: empty.json:1: knob sharepoint.window: no values"},
		{[]string{"--space", "dur.json", "a.log"}, `photosync infer: dur.json:1: knob sharepoint.window: "all" of a duration`},
		{[]string{"--space", "base.json", "a.log"}, `photosync infer: base.json:2: base: `},
		{[]string{"--space", "field.json", "a.log"}, `photosync infer: field.json:1: unknown field "vray" (want base, vary, named)`},
		{[]string{"--json", "--plan", "a.log"}, "photosync infer: --json and --plan together"},
		{[]string{"--max-depth", "0", "a.log"}, "photosync infer: --max-depth 0 (want at least 1)"},
	} {
		code, stdout, stderr := call(t, dir, nil, append([]string{"infer"}, c.args...)...)
		if code != 2 || !strings.HasPrefix(stderr, c.want) || stdout != "" {
			t.Errorf("infer %v: exit %d, stdout %q, stderr %q\nwant exit 2 and %q", c.args, code, stdout, stderr, c.want)
		}
	}
}

// TestInferBounded: a bound on groups stops the run with exit 1 and says
// where.
func TestInferBounded(t *testing.T) {
	dir := files(t, map[string]string{"a.log": inferLog})
	code, stdout, _ := call(t, dir, nil, "infer", "--max-groups", "2", "a.log")
	if code != 1 || !strings.HasPrefix(stdout, "a.log:2: bounded at 2 groups of candidates") {
		t.Errorf("exit %d:\n%s", code, stdout)
	}
}

// TestInferReadmeExample keeps the README's example of infer true: its
// lines are what infer prints on examples/notes.log.
func TestInferReadmeExample(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	wd, _ := os.Getwd()
	code, stdout, _ := call(t, filepath.Join(wd, "../.."), nil, "infer", "examples/notes.log")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	lines := 0
	for _, line := range strings.Split(string(readme), "\n") {
		if strings.HasPrefix(line, "61,442 of") || strings.HasPrefix(line, "# observe ") || strings.HasPrefix(line, "Next experiment:") ||
			strings.HasPrefix(line, "at 2m view") || strings.HasPrefix(line, "  yammer.sync ") || strings.HasPrefix(line, "  photo.userEdits ") || strings.HasPrefix(line, "Named rule sets that fit:") {
			lines++
			if !strings.Contains(stdout, strings.TrimSuffix(line, " ...")) && !strings.Contains(stdout, strings.TrimSuffix(line, "...")) {
				t.Errorf("the README shows %q, infer prints:\n%s", line, stdout)
			}
		}
	}
	if lines < 7 {
		t.Errorf("found %d of the README's example lines", lines)
	}
}

// TestInferUncheckedLog: a log of changes and views without one observe
// keeps every candidate apart by what it may hold; infer stops at its
// bound with exit 1 rather than running out of memory.
func TestInferUncheckedLog(t *testing.T) {
	var b strings.Builder
	sources := []string{"outlook-online", "sharepoint-mysite", "yammer", "active-directory"}
	surfaces := []string{"outlook-client", "teams-client", "sharepoint-newsfeed", "lync-client"}
	for i := range 300 {
		if i%5 == 0 {
			fmt.Fprintf(&b, "at %dm change %s\n", i, sources[i/5%len(sources)])
		} else {
			fmt.Fprintf(&b, "at %dm view %s observer\n", i, surfaces[i%len(surfaces)])
		}
	}
	dir := files(t, map[string]string{"views.log": b.String()})
	code, stdout, _ := call(t, dir, nil, "infer", "--next=false", "views.log")
	if code == 0 && !strings.Contains(stdout, "442,371 of 442,371 candidates fit") {
		t.Errorf("exit 0, but not every candidate fits a log without checks:\n%s", stdout)
	}
	if code == 1 && !strings.Contains(stdout, "bounded at 20,000 possible states") {
		t.Errorf("exit 1 without a bound:\n%s", stdout)
	}
	if code > 1 {
		t.Errorf("exit %d:\n%s", code, stdout)
	}
}
