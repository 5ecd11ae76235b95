package explore

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"photosync/model"
	"photosync/properties"
)

// Helpers for looking into BenchmarkRandomRules' rule sets (issue 8). They
// skip unless told what to run by the environment:
//
//	EXPLORE_RANDOM=4,45 go test ./properties/explore -run TestRandomRulesGroups -v
//	EXPLORE_RANDOM=45 EXPLORE_PROP=all-surfaces-agree-when-quiet go test ./properties/explore -run TestRandomRulesZones -v
//	EXPLORE_RANDOM=21 go test ./properties/explore -run TestRandomRulesExamples -v
//	EXPLORE_VERDICTS=file [EXPLORE_NAMED=1] go test ./properties/explore -run TestRandomRulesVerdicts
//
// The last writes every verdict, with its counterexample's length, of the
// 60 rule sets (or of the named ones), so that runs before and after a
// change compare.

// randomIndices returns the indices in EXPLORE_RANDOM.
func randomIndices(t *testing.T) []int {
	t.Helper()
	list := os.Getenv("EXPLORE_RANDOM")
	if list == "" {
		t.Skip("set EXPLORE_RANDOM to indices of BenchmarkRandomRules' rule sets, comma-separated")
	}
	var out []int
	for _, s := range strings.Split(list, ",") {
		i, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || i < 0 || i >= randomRulesCount {
			t.Fatalf("bad index %q", s)
		}
		out = append(out, i)
	}
	return out
}

// TestRandomRulesGroups explores each rule set of EXPLORE_RANDOM one group
// at a time, each on the benchmark's bound, and logs each group's clocks
// with their constants, states, depth, time and verdict.
func TestRandomRulesGroups(t *testing.T) {
	rules, settings := randomRules(randomRulesSeed, randomRulesCount)
	for _, i := range randomIndices(t) {
		t.Logf("%s: %s", rules[i].Name, strings.Join(settings[i], ", "))
		cfg := Config{Rules: rules[i], Viewers: 2, Props: properties.Catalog()}
		for _, g := range groups(&cfg.Rules, cfg.Props, cfg.Viewers) {
			var clocks []string
			for k, c := range g.clocks {
				clocks = append(clocks, fmt.Sprintf("%s≤%v", c, time.Duration(g.max[k])))
			}
			start := time.Now()
			gr := exploreGroup(&cfg, g, randomRulesBound, nil)
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
				verdict += ", INCOMPLETE"
			}
			t.Logf("  %s [%s]: %d states, depth %d, %v, %s; clocks %s", cfg.Props[g.props[0]].Name, g.name(),
				gr.states, gr.depth, time.Since(start).Round(time.Millisecond), verdict, strings.Join(clocks, " "))
		}
	}
}

// TestRandomRulesZones explores, for the first rule set of EXPLORE_RANDOM,
// the groups of property EXPLORE_PROP on a bound (EXPLORE_BOUND, default
// 100,000 states), and logs how their states spread over depths and
// discrete parts, how many distinct values each part of the discrete
// states takes, and the zones of the discrete part with the most.
func TestRandomRulesZones(t *testing.T) {
	i, prop := randomIndices(t)[0], os.Getenv("EXPLORE_PROP")
	if prop == "" {
		t.Skip("set EXPLORE_PROP to a property")
	}
	bound := 100_000
	if b := os.Getenv("EXPLORE_BOUND"); b != "" {
		bound, _ = strconv.Atoi(b)
	}
	rules, _ := randomRules(randomRulesSeed, randomRulesCount)
	cfg := Config{Rules: rules[i], Viewers: 2, Props: properties.Catalog()}
	for _, g := range groups(&cfg.Rules, cfg.Props, cfg.Viewers) {
		if cfg.Props[g.props[0]].Name != prop {
			continue
		}
		x := newExplorer(&cfg, g)
		complete := x.run(bound)
		t.Logf("%s [%s]: complete %v, %d states, %d discrete parts, depth %d, %d transitions (%d dropped unbuilt), %d actions",
			rules[i].Name, g.name(), complete, len(x.nodes), len(x.discs), x.depth, x.transitions, x.selfLoops, len(g.actions))
		for k, c := range g.clocks {
			t.Logf("  x%d = %s, constant %v, a cache's age only: %v", k+1, c, time.Duration(g.max[k]), g.ageOnly[k])
		}
		perDepth := map[int32]int{}
		perDisc := make([]int, len(x.discs))
		for _, n := range x.nodes {
			perDepth[n.depth]++
			perDisc[n.disc]++
		}
		t.Logf("  states per depth: %v", perDepth)
		// How many distinct values each part of the discrete states takes.
		values := map[string]map[string]bool{}
		note := func(part string, v any) {
			if values[part] == nil {
				values[part] = map[string]bool{}
			}
			values[part][fmt.Sprint(v)] = true
		}
		for _, d := range x.discs {
			note("running clocks", d.Running)
			note("stores", [4]any{d.ActiveDirectory, d.Exchange, d.SharePoint, d.Yammer})
			note("caches", [2]any{d.Cache, d.TeamsService})
			note("flags", [7]bool{d.ADChanged, d.ExchangeChanged, d.MySiteCreated, d.VisitPending, d.LyncSignedOut,
				d.ADNewer, d.ExchangeOther})
			note("history", d.History)
			e := d // without its caches and running clocks
			e.Cache, e.TeamsService, e.Running = model.Discrete{}.Cache, model.NoPhoto, 0
			note("all but caches and running clocks", e)
		}
		var parts []string
		for part, vs := range values {
			parts = append(parts, fmt.Sprintf("%s %d", part, len(vs)))
		}
		slices.Sort(parts)
		t.Logf("  distinct values: %s", strings.Join(parts, ", "))
		most := 0
		for d, c := range perDisc {
			if c > perDisc[most] {
				most = d
			}
		}
		t.Logf("  %d zones of %+v, the first 20:", perDisc[most], x.discs[most])
		shown := 0
		for _, n := range x.nodes {
			if n.disc == int32(most) && shown < 20 {
				t.Logf("    depth %d by %s: %v", n.depth, n.act, n.z)
				shown++
			}
		}
	}
}

// TestRandomRulesExamples logs the counterexamples of the rule sets of
// EXPLORE_RANDOM.
func TestRandomRulesExamples(t *testing.T) {
	rules, settings := randomRules(randomRulesSeed, randomRulesCount)
	for _, i := range randomIndices(t) {
		t.Logf("%s: %s", rules[i].Name, strings.Join(settings[i], ", "))
		res := Explore(Config{Rules: rules[i], MaxStates: randomRulesBound})
		for _, v := range res.Verdicts {
			if v.Example == nil {
				continue
			}
			t.Logf("  %s (%s):", v.Property.Name, v.Example.Viewer)
			for _, e := range v.Example.Events {
				t.Logf("    %s %s shown %s effects %b", model.FormatDuration(e.At), e.Action, e.Shown, e.Effects)
			}
		}
	}
}

// TestRandomRulesVerdicts writes to the file EXPLORE_VERDICTS, for each
// rule set of BenchmarkRandomRules (or, with EXPLORE_NAMED set, each named
// one), whether its exploration completed on the benchmark's bound and
// every property's verdict with the length of its counterexample.
func TestRandomRulesVerdicts(t *testing.T) {
	file := os.Getenv("EXPLORE_VERDICTS")
	if file == "" {
		t.Skip("set EXPLORE_VERDICTS to the file to write")
	}
	rules, _ := randomRules(randomRulesSeed, randomRulesCount)
	if os.Getenv("EXPLORE_NAMED") != "" {
		rules = nil
		for _, name := range model.NamedRuleSets() {
			r, err := model.Named(name)
			if err != nil {
				t.Fatal(err)
			}
			rules = append(rules, r)
		}
	}
	var b strings.Builder
	for _, r := range rules {
		start := time.Now()
		res := Explore(Config{Rules: r, MaxStates: randomRulesBound})
		fmt.Fprintf(&b, "%s complete=%v\n", r.Name, res.Complete)
		for _, v := range res.Verdicts {
			s := "undecided"
			switch {
			case v.Verdict.Decided() && v.Verdict.Held():
				s = "holds"
			case v.Verdict.Decided():
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
		t.Logf("%s: %v, %d states, depth %d, complete %v", r.Name, time.Since(start).Round(time.Millisecond),
			res.States, res.Depth, res.Complete)
	}
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}
