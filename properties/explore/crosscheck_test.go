package explore

import (
	"sort"
	"testing"

	"pgregory.net/rapid"

	"photosync/model"
	"photosync/properties"
	"photosync/scenario"
)

// generatedRun draws a run of about 40 steps: actions with their outcomes,
// and waits aimed at the deadlines.
func generatedRun(r model.Rules, viewers int) *rapid.Generator[*properties.Run] {
	actions := model.Actions(viewers)
	return rapid.Custom(func(t *rapid.T) *properties.Run {
		m := properties.NewRun(&r, properties.NewJudge(properties.Catalog(), viewers))
		for i := 0; i < 40; i++ {
			if rapid.IntRange(0, 2).Draw(t, "wait?") == 0 {
				ds := properties.Deadlines(&r, &m.State)
				m.Wait(ds[rapid.IntRange(0, len(ds)-1).Draw(t, "wait")])
				continue
			}
			a := rapid.SampledFrom(actions).Draw(t, "action")
			outs := m.Outcomes(a)
			m.Take(a, outs[rapid.IntRange(0, len(outs)-1).Draw(t, "outcome")])
		}
		return m
	})
}

// replays runs a scenario under r with the catalog and fails unless every
// line holds, its violates lines included.
func replays(t *testing.T, r model.Rules, text string) {
	t.Helper()
	sc, err := scenario.Parse("generated.scenario", []byte(text))
	if err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
	res, err := scenario.Run(sc, r, scenario.Options{Judge: properties.NewJudge(properties.Catalog(), 2), Viewers: 2})
	if err != nil || !res.OK() {
		t.Fatalf("a rapid run's scenario does not replay (%v):\n%s\n%s", err, res, text)
	}
}

// TestCrossCheck: on the named rule sets and on every rule set broken on
// purpose, each property that a rapid-generated run violates, the explorer
// finds violated too; the first run violating each property replays, as a
// scenario, with the scenario runner; and each of the explorer's
// counterexamples replays on concrete time (Explore confirms every one; an
// Err says it did not).
func TestCrossCheck(t *testing.T) {
	sets := map[string]model.Rules{}
	for _, n := range model.NamedRuleSets() {
		sets[n], _ = model.Named(n)
	}
	for name, r := range properties.Broken() {
		if r.Name != "observed" { // a goal's "broken" rule set is observed itself
			sets["broken for "+name] = r
		}
	}
	names := make([]string, 0, len(sets))
	for n := range sets {
		names = append(names, n)
	}
	sort.Strings(names)
	runs := 300
	if testing.Short() {
		runs = 60
	}
	for _, n := range names {
		r := sets[n]
		t.Run(n, func(t *testing.T) {
			res := Explore(Config{Rules: r})
			if !res.Complete {
				t.Fatalf("exploration did not complete")
			}
			explorerViolated := map[string]bool{}
			for _, v := range res.Verdicts {
				if v.Err != nil {
					t.Errorf("%s: %v", v.Property.Name, v.Err)
				}
				if !v.Holds {
					explorerViolated[v.Property.Name] = true
				}
			}
			gen := generatedRun(r, 2)
			rapidViolated := map[string]bool{}
			for seed := 0; seed < runs; seed++ {
				m := gen.Example(seed)
				for _, f := range m.Findings {
					if !rapidViolated[f.Property.Name] {
						replays(t, r, m.Scenario(f.Property.Name))
					}
					rapidViolated[f.Property.Name] = true
					if !explorerViolated[f.Property.Name] {
						t.Fatalf("rapid run %d violates %s (%s), which the explorer says holds:\n%s",
							seed, f.Property.Name, f.Message, m.Scenario(f.Property.Name))
					}
				}
			}
			t.Logf("rapid found %d of the explorer's %d violated properties in %d runs", len(rapidViolated), len(explorerViolated), runs)
		})
	}
}
