package counterexamples

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"photosync/model"
	"photosync/properties"
	"photosync/properties/explore"
	"photosync/scenario"
)

var rewrite = flag.Bool("rewrite", false, "regenerate testdata: the corpus of counterexamples and the golden reports (review the diff)")

// corpus returns the corpus's scenario files, sorted.
func corpus(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.scenario"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no scenarios in %s (regenerate with go test ./counterexamples -rewrite)", dir)
	}
	return files
}

// load parses a scenario file and resolves its rules.
func load(t *testing.T, file string) (*scenario.Scenario, model.Rules) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenario.Parse(file, data)
	if err != nil {
		t.Fatal(err)
	}
	r, err := scenario.ResolveRules(sc, "", os.ReadFile)
	if err != nil {
		t.Fatal(err)
	}
	return sc, r
}

func baseName(file string) string { return strings.TrimSuffix(filepath.Base(file), ".scenario") }

// TestCorpusIsCurrent: testdata holds, for every goal, the shortest
// counterexample the explorer gives under observed, as Scenario writes it;
// -rewrite regenerates them (and drops the file of a goal that now holds).
func TestCorpusIsCurrent(t *testing.T) {
	r := model.Observed()
	res := explore.Explore(explore.Config{Rules: r})
	for _, v := range res.Verdicts {
		p := v.Property
		if p.Kind != properties.Goal {
			continue
		}
		file := filepath.Join("testdata", p.Name+".scenario")
		if v.Err != nil {
			t.Errorf("%s: %v", p.Name, v.Err)
			continue
		}
		if v.Example == nil {
			if *rewrite {
				os.Remove(file)
				os.Remove(strings.TrimSuffix(file, ".scenario") + ".md")
				continue
			}
			if _, err := os.Stat(file); err == nil {
				t.Errorf("%s now holds under observed, but %s is its counterexample: delete it, or run go test ./counterexamples -rewrite", p.Name, file)
			}
			continue
		}
		text := Scenario(r, v.Example)
		if *rewrite {
			if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(file)
		if err != nil {
			t.Errorf("%s: no counterexample in the corpus: %v (run go test ./counterexamples -rewrite)", p.Name, err)
			continue
		}
		if diff := cmp.Diff(string(got), text); diff != "" {
			t.Errorf("%s: the explorer's counterexample changed (run go test ./counterexamples -rewrite and review the diff; -file +now):\n%s", file, diff)
		}
	}
}

// TestCorpusReplays: every counterexample of the corpus replays with the
// scenario runner and the catalog's judge. When one does not, the failure
// says whether its goal started to hold (its expect and observe lines still
// hold, but the goal is no longer violated) or the model now shows
// something else (a plain mismatch of lines).
func TestCorpusReplays(t *testing.T) {
	for _, file := range corpus(t, "testdata") {
		name := baseName(file)
		t.Run(name, func(t *testing.T) {
			sc, r := load(t, file)
			res, err := scenario.Run(sc, r, scenario.Options{Judge: properties.NewJudge(properties.Catalog(), 2), Viewers: 2})
			if err != nil {
				t.Fatal(err)
			}
			if msg := replayFailure(name, res); msg != "" {
				t.Error(msg)
			}
		})
	}
}

// replayFailure says why a counterexample's replay failed, or "" when it
// replays.
func replayFailure(name string, res scenario.Result) string {
	var goals, lines []string
	for _, o := range res.Outcomes {
		switch {
		case o.Status == scenario.Held:
		case strings.HasPrefix(o.Check, "violates "):
			goals = append(goals, strings.TrimPrefix(o.Check, "violates "))
		default:
			lines = append(lines, o.String())
		}
	}
	switch {
	case len(lines) > 0:
		msg := name + ": its expect and observe lines no longer hold (the model shows something else now; if that is meant, run go test ./counterexamples -rewrite and review the diff):\n  " +
			strings.Join(lines, "\n  ")
		if len(goals) > 0 {
			msg += "\nand it no longer violates " + strings.Join(goals, ", ")
		}
		return msg
	case len(goals) > 0:
		return name + ": its counterexample no longer violates " + strings.Join(goals, ", ") +
			" — did a rule change make the goal hold? If so, delete the counterexample or run go test ./counterexamples -rewrite"
	}
	return ""
}

// TestReplayFailureMessages: a counterexample whose goal now holds is told
// apart from one whose lines fail.
func TestReplayFailureMessages(t *testing.T) {
	text := "rules observed\nviolates sharepoint-change-sticks\n" +
		"at 0s change sharepoint-mysite\nat 0s expect sharepoint-people-picker observer = v1\n"
	sc, err := scenario.Parse("sticks.scenario", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	opts := scenario.Options{Judge: properties.NewJudge(properties.Catalog(), 2), Viewers: 2}
	res, err := scenario.Run(sc, model.Observed(), opts)
	if err != nil {
		t.Fatal(err)
	}
	got := replayFailure("sharepoint-change-sticks", res)
	want := "sharepoint-change-sticks: its counterexample no longer violates sharepoint-change-sticks — did a rule change make the goal hold?"
	if !strings.HasPrefix(got, want) {
		t.Errorf("goal holds:\n got %q\nwant prefix %q", got, want)
	}

	sc, err = scenario.Parse("sticks.scenario", []byte(strings.Replace(text, "= v1", "= v0", 1)))
	if err != nil {
		t.Fatal(err)
	}
	res, err = scenario.Run(sc, model.Observed(), opts)
	if err != nil {
		t.Fatal(err)
	}
	got = replayFailure("sharepoint-change-sticks", res)
	for _, want := range []string{"expect and observe lines no longer hold",
		"sticks.scenario:4: expect sharepoint-people-picker observer = v0: the model allows v1"} {
		if !strings.Contains(got, want) {
			t.Errorf("mismatch:\n got %q\nwant it to contain %q", got, want)
		}
	}
}

// TestGoldenReports: the Markdown report of each scenario in testdata (the
// corpus) and testdata/report (scenarios that are not counterexamples)
// equals its .md file; -rewrite regenerates them.
func TestGoldenReports(t *testing.T) {
	for _, dir := range []string{"testdata", filepath.Join("testdata", "report")} {
		for _, file := range corpus(t, dir) {
			name := baseName(file)
			t.Run(filepath.Base(dir)+"/"+name, func(t *testing.T) {
				sc, r := load(t, file)
				rep, err := NewReport(name, sc, r, 2)
				if err != nil {
					t.Fatal(err)
				}
				got := rep.Markdown()
				golden := strings.TrimSuffix(file, ".scenario") + ".md"
				if *rewrite {
					if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (run go test ./counterexamples -rewrite)", err)
				}
				if diff := cmp.Diff(string(want), got); diff != "" {
					t.Errorf("%s differs (-golden +now; run go test ./counterexamples -rewrite and review the diff):\n%s", golden, diff)
				}
			})
		}
	}
}
