package explore

import (
	"testing"

	"photosync/model"
	"photosync/model/modeltest"
)

// TestReplaysAreTheModel: every transition the cache replays is checked
// against the model itself, taken from the same zone with the same choices,
// on the named rule sets, those broken on purpose and the benchmark's random
// ones (each up to a bound).
func TestReplaysAreTheModel(t *testing.T) {
	checkReplays = true
	defer func() { checkReplays = false }()
	sets := []model.Rules{model.Observed(), model.Ideal(), model.Documented()}
	for _, r := range modeltest.Broken() {
		sets = append(sets, r)
	}
	bound := 10_000
	if !testing.Short() {
		random, _ := randomRules(randomRulesSeed, randomRulesCount)
		sets = append(sets, random[:10]...)
	}
	for _, r := range sets {
		res := Explore(Config{Rules: r, MaxStates: bound})
		for _, v := range res.Verdicts {
			if v.Err != nil {
				t.Errorf("%s: %s: %v", r.Name, v.Property.Name, v.Err)
			}
		}
	}
}
