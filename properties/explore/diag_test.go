package explore

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"photosync/properties"
)

// The helpers of issue 8's investigation: run one of BenchmarkRandomRules'
// rule sets group by group (EXPLORE_RANDOM=4,15 go test -run
// TestRandomRulesGroups -v), or write every verdict of the 60 to a file
// (EXPLORE_VERDICTS=file go test -run TestRandomRulesVerdicts), so that
// runs before and after a change compare.

// TestRandomRulesGroups explores the rule sets of BenchmarkRandomRules named
// by EXPLORE_RANDOM (indices, comma-separated) one group at a time, with the
// benchmark's bound, and logs each group's states, depth and time.
func TestRandomRulesGroups(t *testing.T) {
	list := os.Getenv("EXPLORE_RANDOM")
	if list == "" {
		t.Skip("set EXPLORE_RANDOM to a list of indices of BenchmarkRandomRules' rule sets")
	}
	rules, settings := randomRules(randomRulesSeed, randomRulesCount)
	for _, s := range strings.Split(list, ",") {
		i, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || i < 0 || i >= len(rules) {
			t.Fatalf("bad index %q", s)
		}
		r := rules[i]
		t.Logf("%s: %s", r.Name, strings.Join(settings[i], ", "))
		cfg := Config{Rules: r, Viewers: 2, MaxStates: randomRulesBound}
		cfg.Props = properties.Catalog()
		// Every group on its own bound, to see each.
		for _, g := range groups(&cfg.Rules, cfg.Props, cfg.Viewers) {
			names := []string{}
			for _, pi := range g.props {
				names = append(names, cfg.Props[pi].Name)
			}
			clocks := []string{}
			for k, c := range g.clocks {
				clocks = append(clocks, fmt.Sprintf("%s≤%v", c, time.Duration(g.max[k])))
			}
			start := time.Now()
			gr := exploreGroup(&cfg, g, randomRulesBound)
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			verdict := "holds"
			for _, pi := range g.props {
				if ex, ok := gr.examples[pi]; ok {
					verdict = "violated"
					if ex.ex != nil {
						verdict += fmt.Sprintf(" in %d events", len(ex.ex.Events))
					}
					if ex.err != nil {
						verdict += fmt.Sprintf(" (error: %v)", ex.err)
					}
				}
			}
			if !gr.complete {
				verdict += " INCOMPLETE"
			}
			t.Logf("  %-45s %-40s lu=%v phaseFree=%v: %7d states, depth %6d, %v, %s; clocks %s", g.name(),
				strings.Join(names, ","), g.lu, g.phaseFree, gr.states, gr.depth,
				time.Since(start).Round(time.Millisecond), verdict, strings.Join(clocks, " "))
		}
	}
}

// TestRandomRulesVerdicts writes, for each of BenchmarkRandomRules' rule
// sets, whether the exploration completed and every property's verdict with
// the length of its counterexample, to the file EXPLORE_VERDICTS.
func TestRandomRulesVerdicts(t *testing.T) {
	file := os.Getenv("EXPLORE_VERDICTS")
	if file == "" {
		t.Skip("set EXPLORE_VERDICTS to the file to write")
	}
	rules, _ := randomRules(randomRulesSeed, randomRulesCount)
	var b strings.Builder
	for _, r := range rules {
		start := time.Now()
		res := Explore(Config{Rules: r, MaxStates: randomRulesBound})
		el := time.Since(start)
		fmt.Fprintf(&b, "%s complete=%v\n", r.Name, res.Complete)
		for _, v := range res.Verdicts {
			s := "undecided"
			switch {
			case v.Decided && v.Holds:
				s = "holds"
			case v.Decided:
				s = "violated"
				if v.Example != nil {
					s += fmt.Sprintf(" %d events", len(v.Example.Events))
				}
			}
			if v.Err != nil {
				s += " ERROR " + v.Err.Error()
			}
			fmt.Fprintf(&b, "  %s: %s\n", v.Property.Name, s)
		}
		t.Logf("%s: %v %d states depth %d complete=%v", r.Name, el.Round(time.Millisecond), res.States, res.Depth, res.Complete)
	}
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}
