package experiment

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"photosync/engine"
	"photosync/model"
)

// TestSharingIsExact checks the sharing of steps among rule sets in the
// same states (share.go) against the search that shares nothing: on
// random rule sets that differ from one another in a few knobs (time that
// branches among them), from the start or from the end of a short random
// log, Among and Search (decisive too) find the same experiments, with the
// same counts.
func TestSharingIsExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 15))
	actions := model.Actions(2)
	for i := range 16 {
		base := shareDraw(rng, randomNamed(rng), 1+rng.IntN(8))

		groups := make([]Group, 2+rng.IntN(4))
		for g := range groups {
			groups[g] = Group{Rules: shareDraw(rng, base, 1+rng.IntN(2)), Weight: 1 + rng.IntN(4)}
			groups[g].Rules.Name = fmt.Sprintf("random-%d-%d", i, g)
		}
		if rng.IntN(2) == 0 {
			// The end of a short log, the same under every rule set.
			sets := make([]*engine.Set, len(groups))
			for g := range groups {
				sets[g] = engine.New(&groups[g].Rules, engine.Options{})
			}
			var at time.Duration
			for range 2 + rng.IntN(4) {
				at += []time.Duration{0, time.Second, time.Minute, time.Hour}[rng.IntN(4)]
				a := actions[rng.IntN(len(actions))]
				for _, set := range sets {
					set.Commit(set.Apply(at, a, nil), nil)
				}
			}
			for g, set := range sets {
				groups[g].Start = set.States()
			}
		}
		cfg := AmongConfig{Groups: groups, MaxDepth: 3, MaxSituations: 150}
		got, err := Among(cfg)
		noSharing = true
		want, errWant := Among(cfg)
		noSharing = false
		if err != nil || errWant != nil {
			t.Fatalf("%d: %v, %v", i, err, errWant)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%d: among %v, sharing found\n%+v\nwithout sharing\n%+v", i, model.Changed(base, groups[1].Rules), got, want)
		}
		c := Config{A: groups[0].Rules, B: groups[1].Rules, MaxDepth: 4, MaxSituations: 300, Decisive: rng.IntN(2) == 0}
		gotS, err := Search(c)
		noSharing = true
		wantS, errWant := Search(c)
		noSharing = false
		if err != nil || errWant != nil {
			t.Fatalf("%d: %v, %v", i, err, errWant)
		}
		gotS.Elapsed, wantS.Elapsed = 0, 0
		if !reflect.DeepEqual(gotS, wantS) {
			t.Fatalf("%d: %v against %v, sharing found\n%s\nwithout sharing\n%s", i, model.Changed(base, c.A), model.Changed(base, c.B),
				gotS.Statement(), wantS.Statement())
		}
	}
}

// randomNamed returns a named rule set.
func randomNamed(rng *rand.Rand) model.Rules {
	names := model.NamedRuleSets()
	r, _ := model.Named(names[rng.IntN(len(names))])
	return r
}

// shareDraw returns r with n knobs redrawn: an enumerated knob to any of
// its values, a duration to one of a few around the rules' constants.
func shareDraw(rng *rand.Rand, r model.Rules, n int) model.Rules {
	knobs := model.Knobs()
	for range n {
		k := knobs[rng.IntN(len(knobs))]
		values := k.Choices()
		if values == nil {
			values = []string{"0s", "1s", "10s", "1h", "72h"}
		}
		_ = r.Set(k.Name, values[rng.IntN(len(values))]) // a value a knob refuses leaves it as it was
	}
	return r
}
