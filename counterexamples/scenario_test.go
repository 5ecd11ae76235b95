package counterexamples

import (
	"strings"
	"testing"

	"photosync/model"
	"photosync/properties"
	"photosync/properties/explore"
	"photosync/scenario"
)

// replays runs a counterexample scenario under r with the property catalog
// and fails unless every line holds, its violates line included.
func replays(t *testing.T, name, text string, r model.Rules) {
	t.Helper()
	sc, err := scenario.Parse(name, []byte(text))
	if err != nil {
		t.Fatalf("counterexample does not parse: %v\n%s", err, text)
	}
	res, err := scenario.Run(sc, r, scenario.Options{Judge: properties.NewJudge(properties.Catalog(), 2), Viewers: 2})
	if err != nil {
		t.Fatalf("counterexample does not run: %v\n%s", err, text)
	}
	if !res.OK() {
		t.Fatalf("counterexample does not replay:\n%s\n%s", res, text)
	}
}

// TestCounterexamplesReplay: every counterexample the explorer gives, under
// the named rule sets and every rule set broken on purpose, written as a
// scenario, replays with the scenario runner: each expect and observe holds
// and the property is violated in every possible run.
func TestCounterexamplesReplay(t *testing.T) {
	sets := map[string]model.Rules{}
	for _, n := range model.NamedRuleSets() {
		sets[n], _ = model.Named(n)
	}
	for _, r := range properties.Broken() {
		sets[r.Name] = r
	}
	for name, r := range sets {
		res := explore.Explore(explore.Config{Rules: r})
		for _, v := range res.Verdicts {
			if v.Example == nil {
				continue
			}
			t.Run(name+"/"+v.Property.Name, func(t *testing.T) {
				text := Scenario(r, v.Example)
				if !strings.Contains(text, "violates "+v.Property.Name+"\n") {
					t.Errorf("no violates line:\n%s", text)
				}
				replays(t, v.Property.Name+".scenario", text, r)
			})
		}
	}
}
