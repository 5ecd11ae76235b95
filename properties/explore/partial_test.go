package explore

import (
	"fmt"
	"testing"

	"photosync/model"
	"photosync/properties"
	"photosync/scenario/scenariotest"
)

// TestPartialAttemptChangesNoVerdict is the slow twin of exploreGroup's
// partial attempt (DirSync's phase left free, only the cache ages kept
// exactly, after a counterexample that does not hold): on random rules
// files over all knobs (scenariotest.RandomRules, those of
// scripts/bench-check.sh), every projection of the properties that read a
// cache through which a counterexample can fail is explored with it,
// without it (straight to exact exploration, as before it) and exactly
// from the start, and wherever the others end within their bound all
// three find the same violations and witnesses, as long. Some projections
// must take the attempt, or the test shows nothing.
func TestPartialAttemptChangesNoVerdict(t *testing.T) {
	var props []*properties.Property
	for _, name := range []string{"teams-fresh-within-a-day", "search-hover-matches-outlook-online"} {
		p, _ := properties.Lookup(name)
		props = append(props, p)
	}
	const bound = 5_000
	taken := 0
	for seed := uint64(1); seed <= 200; seed++ {
		r, err := model.DecodeRules(fmt.Sprintf("random-%d.json", seed), []byte(scenariotest.RandomRules(seed)))
		if err != nil {
			t.Fatal(err)
		}
		fresh := func() []*group { return groups(&r, props, 2) }
		with, without, exact := fresh(), fresh(), fresh()
		for i, g := range with {
			name := fmt.Sprintf("random-%d: %s: %s", seed, props[g.props[0]].Name, g.name())
			got := exploreGroup(&Config{Rules: r, Viewers: 2, Props: props}, g, bound, nil)
			if !got.partial {
				continue
			}
			taken++
			for _, c := range []struct {
				what string
				cfg  Config
				g    *group
			}{
				{"without the attempt", Config{Rules: r, Viewers: 2, Props: props, noPartial: true}, without[i]},
				{"exactly", Config{Rules: r, Viewers: 2, Props: props, exact: true}, exact[i]},
			} {
				if c.cfg.exact {
					c.g.lu, c.g.phaseFree = false, false
				}
				want := exploreGroup(&c.cfg, c.g, bound, nil)
				if !want.complete {
					t.Logf("%s: larger than %d states %s", name, bound, c.what)
					continue
				}
				sameGroupResult(t, name+" ("+c.what+")", got, want)
			}
		}
	}
	if taken == 0 {
		t.Fatal("no projection took the partial attempt: the test shows nothing")
	}
	t.Logf("%d projections took the partial attempt", taken)
}

// sameGroupResult checks that two explorations of one group found the
// same violations and witnesses, each confirmed and as long.
func sameGroupResult(t *testing.T, name string, got, want groupResult) {
	t.Helper()
	for _, c := range []struct {
		what      string
		got, want map[int]example
	}{{"counterexample", got.examples, want.examples}, {"witness", got.witnesses, want.witnesses}} {
		if len(c.got) != len(c.want) {
			t.Errorf("%s: %d of %s, %d in the other", name, len(c.got), c.what+"s", len(c.want))
		}
		for pi, g := range c.got {
			w, ok := c.want[pi]
			switch {
			case !ok:
				t.Errorf("%s: a %s of property %d the other does not find", name, c.what, pi)
			case g.err != nil || w.err != nil:
				t.Errorf("%s: %s does not confirm: %v; the other: %v", name, c.what, g.err, w.err)
			case meaningful(g.ex) != meaningful(w.ex):
				t.Errorf("%s: %s of %d steps, %d in the other", name, c.what, meaningful(g.ex), meaningful(w.ex))
			}
		}
	}
}
