package scenario

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"photosync/model"
	"photosync/properties"
	"photosync/scenario/scenariotest"
)

// Bounds of a fuzzed run: small, so that a run that would blow up stops
// at once ("bounded at N"), and a time that no bounded run comes near.
const (
	fuzzMaxLines  = 400
	fuzzMaxStates = 300
	fuzzMaxBytes  = 32 << 20 // below engine's process bound: the Set's own estimate, the same in any process
	fuzzMaxTime   = 10 * time.Second
)

// refuseFiles is the Loader of a fuzzed run: it reads no file.
func refuseFiles(path string) ([]byte, error) {
	return nil, fmt.Errorf("%s: no files in a fuzzed run", path)
}

// runBoth runs sc under r merged and unmerged, with the property catalog
// as judge and small bounds, and fails t unless both agree wherever
// neither was bounded: the same error, or the same verdicts.
func runBoth(t *testing.T, sc *Scenario, r model.Rules) {
	t.Helper()
	opts := Options{Judge: properties.NewJudge(properties.Catalog(), model.MaxViewers),
		MaxStates: fuzzMaxStates, MaxBytes: fuzzMaxBytes}
	start := time.Now()
	merged, errM := Run(sc, r, opts)
	opts.Unmerged = true
	unmerged, errU := Run(sc, r, opts)
	if took := time.Since(start); took > fuzzMaxTime {
		t.Fatalf("took %s (want a bound to stop it first)\n%s", took, sc.Format())
	}
	var bound *BoundError
	if errors.As(errM, &bound) || errors.As(errU, &bound) {
		if errors.As(errM, &bound) && errU == nil {
			t.Fatalf("the merged run is bounded (%v) and the unmerged one is not\n%s", errM, sc.Format())
		}
		return
	}
	if fmt.Sprint(errM) != fmt.Sprint(errU) {
		t.Fatalf("errors differ: merged %v, unmerged %v\n%s", errM, errU, sc.Format())
	}
	if diff := cmp.Diff(unmerged.Outcomes, merged.Outcomes); diff != "" {
		t.Fatalf("merging changes verdicts (-unmerged +merged):\n%s\n%s", diff, sc.Format())
	}
}

// atLines counts a scenario's `at` lines.
func atLines(sc *Scenario) int {
	n := 0
	for _, l := range sc.Lines {
		if _, ok := l.Directive.(At); ok {
			n++
		}
	}
	return n
}

// FuzzRunScenario parses a scenario and, when it parses (and its rules
// need no file), runs it: it must not panic, nor run long, since small
// bounds stop a run that blows up; and merged and unmerged runs must give
// the same verdicts. The seeds are every scenario of testdata and a few
// dozen lines of unchecked views.
func FuzzRunScenario(f *testing.F) {
	addFiles(f, "testdata/*.scenario")
	f.Add([]byte(uncheckedViews(40, 1)))
	f.Fuzz(func(t *testing.T, data []byte) {
		sc, err := Parse("f.scenario", data)
		if err != nil || atLines(sc) > fuzzMaxLines {
			return
		}
		r, err := ResolveRules(sc, "", refuseFiles)
		if err != nil {
			return
		}
		runBoth(t, sc, r)
	})
}

// rulesFile writes a valid rules file from fuzzed bytes: the first picks
// the base, each pair after it a knob and one of its values.
func rulesFile(data []byte, values [][]string) string {
	names := model.NamedRuleSets()
	knobs := model.Knobs()
	base := "observed"
	if len(data) > 0 {
		base, data = names[int(data[0])%len(names)], data[1:]
	}
	set := map[string]string{}
	for ; len(data) >= 2; data = data[2:] {
		k := int(data[0]) % len(knobs)
		if vals := values[k]; len(vals) > 0 {
			set[knobs[k].Name] = vals[int(data[1])%len(vals)]
		}
	}
	return scenariotest.RulesFile("p", base, set)
}

// FuzzRunRules runs scenarios under random valid rules files (a base and
// knobs set, made from the fuzzed bytes, read by model.DecodeRules): a
// scenario of unchecked views and two of testdata chosen by the bytes,
// with small bounds. No panic, no long run, and the same verdicts merged
// and unmerged.
func FuzzRunRules(f *testing.F) {
	for _, s := range []string{"", "\x00", "\x02\x03\x01\x06\x00\x07\x00", "\x01\x04\x05\x05\x05\x08\x01",
		"\x05\x00\x02\x0e\x00\x0f\x00", "\x06\x10\x03\x11\x01\x12\x02\x13\x04"} {
		f.Add([]byte(s))
	}
	files, err := filepath.Glob("testdata/*.scenario")
	if err != nil || len(files) == 0 {
		f.Fatalf("no scenarios in testdata (%v)", err)
	}
	var scs []*Scenario
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		sc, err := Parse(file, data)
		if err != nil {
			f.Fatal(err)
		}
		scs = append(scs, sc)
	}
	unchecked, err := Parse("unchecked.scenario", []byte(uncheckedViews(30, 2)))
	if err != nil {
		f.Fatal(err)
	}
	values := scenariotest.KnobValues()
	f.Fuzz(func(t *testing.T, data []byte) {
		text := rulesFile(data, values)
		r, err := model.DecodeRules("p.json", []byte(text))
		if err != nil {
			t.Fatalf("a valid rules file is refused: %v\n%s", err, text)
		}
		pick := uint(len(data))
		for _, b := range data {
			pick = pick*31 + uint(b)
		}
		n := uint(len(scs))
		for _, sc := range []*Scenario{unchecked, scs[pick%n], scs[(pick/7)%n]} {
			runBoth(t, sc, r)
		}
	})
}
