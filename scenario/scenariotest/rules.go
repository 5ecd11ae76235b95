package scenariotest

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"

	"photosync/model"
)

// KnobValues returns, for each knob of model.Knobs, the values a rules
// file can give it: the words of its Values text, booleans, and durations
// from a nanosecond to 60 days, around the TTLs, the window and DirSync's
// interval, where they are valid for it.
func KnobValues() [][]string {
	pool := []string{"true", "false", "0s", "1ns", "7ns", "1s", "2s", "10s", "11s", "1m", "1h", "3h", "24h", "72h", "3d", "60d"}
	var out [][]string
	for _, k := range model.Knobs() {
		words := strings.FieldsFunc(k.Values, func(r rune) bool { return r == ',' || r == ' ' })
		var vals []string
		for _, v := range append(pool, words...) {
			r := model.Observed()
			if r.Set(k.Name, v) == nil && !slices.Contains(vals, v) {
				vals = append(vals, v)
			}
		}
		out = append(out, vals)
	}
	return out
}

// RulesFile writes a rules file (SPEC §5, JSON) of a base and the knobs
// set, in knob order.
func RulesFile(name, base string, set map[string]string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "{\"name\": %q, \"base\": %q, \"set\": {", name, base)
	for i, k := range slices.Sorted(maps.Keys(set)) {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%q: %q", k, set[k])
	}
	b.WriteString("}}\n")
	return b.String()
}

// RandomRules writes a valid rules file over all knobs, the seed's: a
// named rule set as base and each knob set, with probability one half, to
// one of its KnobValues. The same seed gives the same file; `scalegen
// rules` writes many for `photosync check` (scripts/bench-check.sh).
func RandomRules(seed uint64) string {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	names := model.NamedRuleSets()
	base := names[rng.IntN(len(names))]
	set := map[string]string{}
	for i, vals := range KnobValues() {
		if len(vals) > 0 && rng.IntN(2) == 0 {
			set[model.Knobs()[i].Name] = vals[rng.IntN(len(vals))]
		}
	}
	return RulesFile(fmt.Sprintf("random-%d", seed), base, set)
}
