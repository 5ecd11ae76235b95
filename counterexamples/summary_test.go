package counterexamples

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"photosync/model"
	"photosync/properties"
	"photosync/properties/explore"
)

// longRun is a counterexample of n steps, as the explorer writes one of a
// rules file whose shortest violation keeps a window closed for 72 h: two
// changes at each instant, the pairs 1.999999 s apart, after a lone first
// change; then a view, so that the run does not end on the block. n is
// even.
func longRun(n int) *explore.Counterexample {
	p, _ := properties.Lookup("sharepoint-change-sticks")
	ex := &explore.Counterexample{Property: p, Message: "a made-up violation", Viewers: 2}
	change := model.Action{Kind: model.Change, Source: model.FromMySite}
	ex.Events = append(ex.Events, explore.Event{At: 0, Action: change})
	at := 129600 * time.Microsecond
	for len(ex.Events)+2 < n {
		ex.Events = append(ex.Events, explore.Event{At: at, Action: change}, explore.Event{At: at, Action: change})
		at += 2*time.Second - time.Microsecond
	}
	ex.Events = append(ex.Events, explore.Event{At: at, Action: model.Action{Kind: model.View,
		Surface: model.OutlookOnlineContactCard, Viewer: model.Observer}, Shown: model.V(len(ex.Events))})
	ex.At = at
	return ex
}

var foldLine = regexp.MustCompile(`^# … the (?:(\d+) steps|step) above ([\d,]+) times more, left out here`)

// TestBoundedSummary: a counterexample longer than --max-steps is written
// in at most that many lines, says it is summarised and does not replay,
// comments its violates line out, and writes only lines of the whole
// scenario, in its order; the lines it writes and the steps its fold
// comments count are every `at` line of the whole.
func TestBoundedSummary(t *testing.T) {
	r := model.Observed()
	ex := longRun(3000)
	whole := Scenario(r, ex)
	text, isWhole := Bounded(r, ex, 0)
	if isWhole {
		t.Fatalf("a counterexample of %d steps is written whole under the default --max-steps", Steps(ex))
	}
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	if len(lines) > DefaultMaxSteps {
		t.Errorf("the summary has %d lines (want at most %d)", len(lines), DefaultMaxSteps)
	}
	for _, want := range []string{"# summarised: violated; the shortest counterexample has 3,000 steps, longer than --max-steps 1,000;",
		"so they do not replay it (--max-steps 3000 writes it whole)", "\n# violates sharepoint-change-sticks\n",
		"× change sharepoint-mysite), one every 1.999999s, from "} {
		if !strings.Contains(text, want) {
			t.Errorf("the summary lacks %q:\n%s", want, text)
		}
	}
	wholeLines := strings.Split(whole, "\n")
	next, steps := 0, 0
	for _, l := range lines {
		if m := foldLine.FindStringSubmatch(l); m != nil {
			size := 1
			if m[1] != "" {
				size, _ = strconv.Atoi(m[1])
			}
			reps, _ := strconv.Atoi(strings.ReplaceAll(m[2], ",", ""))
			steps += size * reps
			continue
		}
		if strings.HasPrefix(l, "#") {
			continue
		}
		if strings.HasPrefix(l, "at ") {
			steps++
		}
		for next < len(wholeLines) && wholeLines[next] != l {
			next++
		}
		if next == len(wholeLines) {
			t.Fatalf("the summary's line %q is not a line of the whole scenario, in its order", l)
		}
	}
	if want := strings.Count(whole, "\nat "); steps != want {
		t.Errorf("the summary writes and counts %d lines of steps and views (want %d):\n%s", steps, want, text)
	}
	if got, ok := Bounded(r, ex, 3000); !ok || got != whole {
		t.Errorf("with --max-steps 3000 the counterexample is not written whole")
	}
}

// TestBoundedStatement: when folding leaves more lines than --max-steps,
// the summary is the statement of the length alone; so for a witness.
func TestBoundedStatement(t *testing.T) {
	r := model.Observed()
	ex := longRun(10)
	text, whole := Bounded(r, ex, 3)
	want := "# A My Site change sticks in SharePoint (goal)\n# a made-up violation\n" +
		"# violated; the shortest counterexample has 10 steps, longer than --max-steps 3 (--max-steps 10 writes it whole)\n"
	if whole || text != want {
		t.Errorf("got %q\nwant %q", text, want)
	}
	wtext, whole := BoundedWitness(r, ex, 3)
	if whole || !strings.Contains(wtext, "# the shortest run that reaches it has 10 steps, longer than --max-steps 3 (--max-steps 10 writes it whole)\n") {
		t.Errorf("witness: %q", wtext)
	}
	if got, ok := BoundedWitness(r, ex, 10); !ok || got != Witness(r, ex) {
		t.Errorf("a witness of 10 steps with --max-steps 10 is not written whole")
	}
	wtext, whole = BoundedWitness(r, longRun(2000), 0)
	if whole || strings.Count(wtext, "\n") > DefaultMaxSteps || !strings.Contains(wtext, "# summarised: the shortest run that reaches it has 2,000 steps") {
		t.Errorf("a witness of 2,000 steps:\n%s", wtext)
	}
}

// TestWriteCounterexampleSummary: check --out writes a long
// counterexample's summary and a page that says so, without a picture,
// removing a stale one; a short one with its report and picture.
func TestWriteCounterexampleSummary(t *testing.T) {
	dir := t.TempDir()
	r := model.Observed()
	name := "sharepoint-change-sticks"
	if err := os.WriteFile(filepath.Join(dir, name+".svg"), []byte("stale"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteCounterexample(dir, name, r, 2, longRun(2000), 0); err != nil {
		t.Fatal(err)
	}
	sc, err := os.ReadFile(filepath.Join(dir, name+".scenario"))
	if err != nil || !strings.Contains(string(sc), "# summarised: ") {
		t.Errorf("%s.scenario: %v\n%s", name, err, sc)
	}
	md, err := os.ReadFile(filepath.Join(dir, name+".md"))
	if err != nil || !strings.Contains(string(md), "The shortest counterexample has 2,000 steps") || len(md) > 200<<10 {
		t.Errorf("%s.md: %v, %d bytes\n%s", name, err, len(md), md)
	}
	if _, err := os.Stat(filepath.Join(dir, name+".svg")); err == nil {
		t.Errorf("the stale picture is left")
	}
	if err := WriteCounterexample(dir, name, r, 2, longRun(5), 0); err != nil {
		t.Fatal(err)
	}
	for _, ext := range []string{".scenario", ".md", ".svg"} {
		if _, err := os.Stat(filepath.Join(dir, name+ext)); err != nil {
			t.Errorf("a short counterexample: %v", err)
		}
	}
}

// TestShapeIsTheRegexps: shape's two passes replace what the regular
// expressions of its doc would, its slow twin, on random texts of the
// letters, digits, spaces and words that matter.
func TestShapeIsTheRegexps(t *testing.T) {
	atTime, photoNum := regexp.MustCompile(`\bat [^ ]+ `), regexp.MustCompile(`\bv[0-9]+\b`)
	slow := func(s string) string { return photoNum.ReplaceAllString(atTime.ReplaceAllString(s, "at T "), "v") }
	parts := []string{"at ", "at", " ", "v", "v1", "v12", "0", "9", "s", "x", "_", "\n", "#", "a", "t", "  ", "é", "→", "ve", "at 1s ", "at  "}
	rng := rand.New(rand.NewPCG(7, 7))
	for c := 0; c < 20000; c++ {
		var b strings.Builder
		for range rng.IntN(12) {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		if got, want := shape(b.String()), slow(b.String()); got != want {
			t.Fatalf("shape(%q) = %q, want %q", b.String(), got, want)
		}
	}
	for _, s := range []string{"at 0.1296s change sharepoint-mysite  # v2\n", "at 72h expect outlook-online-contact-card observer = v259201\n"} {
		if got, want := shape(s), slow(s); got != want {
			t.Errorf("shape(%q) = %q, want %q", s, got, want)
		}
	}
}
