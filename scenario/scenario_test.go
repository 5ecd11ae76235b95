package scenario

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var rewrite = flag.Bool("rewrite", false, "rewrite the expected .err and .out files under testdata (review the diff)")

// load runs a scenario file as `photosync run` does with two viewers.
func load(file string, judge Judge) (*Scenario, Result, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, Result{}, err
	}
	sc, err := Parse(file, data)
	if err != nil {
		return nil, Result{}, err
	}
	r, err := ResolveRules(sc, "", os.ReadFile)
	if err != nil {
		return sc, Result{}, err
	}
	res, err := Run(sc, r, Options{Judge: judge, Viewers: 2})
	return sc, res, err
}

func glob(t *testing.T, pattern string) []string {
	t.Helper()
	files, err := filepath.Glob(pattern)
	if err != nil || len(files) == 0 {
		t.Fatalf("no files match %s (%v)", pattern, err)
	}
	return files
}

// TestScenarios runs every testdata/*.scenario: each checks rules and claims
// of the SPEC, and every checked line must hold. The files under
// testdata/judge/ use violates lines and run with the test judge.
func TestScenarios(t *testing.T) {
	files := glob(t, "testdata/*.scenario")
	files = append(files, glob(t, "testdata/judge/*.scenario")...)
	for _, file := range files {
		t.Run(strings.TrimSuffix(file[len("testdata/"):], ".scenario"), func(t *testing.T) {
			var judge Judge
			if strings.Contains(file, "/judge/") {
				judge = testJudge()
			}
			sc, res, err := load(file, judge)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Outcomes) == 0 {
				t.Error("the scenario checks nothing")
			}
			for _, o := range res.Outcomes {
				if o.Status != Held {
					t.Error(o)
				}
			}
			if !strings.HasPrefix(sc.Lines[0].Comment, "# ") {
				t.Error("the first line is not a comment naming what the scenario checks")
			}
			checkRoundTrip(t, sc)
		})
	}
}

// checkRoundTrip checks that Format gives text that parses back to sc.
func checkRoundTrip(t *testing.T, sc *Scenario) {
	t.Helper()
	text := sc.Format()
	back, err := Parse(sc.File, []byte(text))
	if err != nil {
		t.Fatalf("Format gives text that does not parse: %v\n%s", err, text)
	}
	if diff := cmp.Diff(sc, back); diff != "" {
		t.Errorf("Parse(Format()) differs (-want +got):\n%s", diff)
	}
	if again := back.Format(); again != text {
		t.Errorf("Format is not stable:\n%s\nthen\n%s", text, again)
	}
}

// TestBadScenarios checks that each testdata/bad/*.scenario is rejected,
// by Parse, by rules resolution or before its run, with exactly the error
// in its .err file. They run without a judge, as `photosync run` does today.
func TestBadScenarios(t *testing.T) {
	for _, file := range glob(t, "testdata/bad/*.scenario") {
		name := strings.TrimSuffix(filepath.Base(file), ".scenario")
		t.Run(name, func(t *testing.T) {
			_, _, err := load(file, nil)
			if err == nil {
				t.Fatal("no error")
			}
			golden(t, strings.TrimSuffix(file, ".scenario")+".err", err.Error()+"\n")
		})
	}
}

// TestDisputedScenarios runs each testdata/disputed/*.scenario, which say
// what the SPEC or the report reads as and which the model does not do (or
// which, like the SPEC's own example, do not hold as written), and compares
// what `photosync run` prints with its .out file. A change of the model that
// settles a dispute shows here.
func TestDisputedScenarios(t *testing.T) {
	for _, file := range glob(t, "testdata/disputed/*.scenario") {
		name := strings.TrimSuffix(filepath.Base(file), ".scenario")
		t.Run(name, func(t *testing.T) {
			sc, res, err := load(file, testJudge())
			if err != nil {
				t.Fatal(err)
			}
			if res.OK() {
				t.Error("every line holds: the dispute is settled; move the file to testdata/")
			}
			golden(t, strings.TrimSuffix(file, ".scenario")+".out", res.String())
			checkRoundTrip(t, sc)
		})
	}
}

// golden compares got with the file's content, or rewrites the file.
func golden(t *testing.T, file, got string) {
	t.Helper()
	if *rewrite {
		if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if errors.Is(err, os.ErrNotExist) {
		t.Fatalf("no %s; got:\n%s(run with -rewrite to write it)", file, got)
	}
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s differs (-want +got):\n%s", file, diff)
	}
}
