package explore

import (
	"fmt"
	"slices"
	"testing"

	"photosync/model"
	"photosync/properties"
)

// TestReductionsChangeNoVerdict: the exact reductions of issue 8 (one
// cache at a time for all-surfaces-agree-when-quiet, what DirSync never
// copies, R18's unread window, LU simulation, transitions that only let time
// pass, monitors' dead choices) change no verdict and no counterexample's
// length, in events: explored with and without them, every property holds
// or not alike (vacuously or not), with counterexamples and witnesses
// exactly as long, and every counterexample and witness confirms. The rule sets are those of
// TestAbstractionsChangeNoVerdict and some of BenchmarkRandomRules' that
// the exploration without the reductions finishes.
func TestReductionsChangeNoVerdict(t *testing.T) {
	if testing.Short() {
		t.Skip("explores every rule set twice, once without the reductions")
	}
	sets := abstractionRules(t)
	random, _ := randomRules(randomRulesSeed, randomRulesCount)
	for _, i := range []int{4, 9, 21, 24, 41, 53} {
		sets[random[i].Name] = random[i]
	}
	for _, kv := range [][]string{
		// DirSync never copies, and is Exchange's only source but for Yammer.
		{"photo.source", "on-premises", "dirsync.once", "true", "yammer.editable", "true", "yammer.sync", "two-way"},
		{"photo.source", "on-premises", "dirsync.thumbnails", "false", "dirsync.interval", "1h"},
		// R18: the window is not read.
		{"sharepoint.trigger", "service", "sharepoint.maxDelay", "1h", "sharepoint.window", "5h"},
		{"sharepoint.trigger", "service", "sharepoint.window", "10s", "sharepoint.windowFrom", "last-change"},
	} {
		name := fmt.Sprint(kv)
		sets[name] = rulesWith(t, "reduced", kv...)
	}
	for name, r := range sets {
		t.Run(name, func(t *testing.T) {
			want := Explore(Config{Rules: r, unreduced: true, MaxStates: 300_000})
			if !want.Complete {
				t.Skipf("larger than %d states without the reductions", 300_000)
			}
			got := Explore(Config{Rules: r})
			t.Logf("%d states, without the reductions %d", got.States, want.States)
			if !got.Complete {
				t.Fatalf("not complete")
			}
			for i, v := range got.Verdicts {
				w := want.Verdicts[i]
				if v.Err != nil || w.Err != nil {
					t.Errorf("%s: counterexamples do not confirm: %v; without the reductions: %v", v.Property.Name, v.Err, w.Err)
					continue
				}
				if v.Verdict != w.Verdict {
					t.Errorf("%s: %s, without the reductions %s", v.Property.Name, v.Verdict, w.Verdict)
					continue
				}
				if v.Example != nil && len(v.Example.Events) != len(w.Example.Events) {
					t.Errorf("%s: a counterexample of %d events, without the reductions %d", v.Property.Name,
						len(v.Example.Events), len(w.Example.Events))
				}
				if v.Witness != nil && len(v.Witness.Events) != len(w.Witness.Events) {
					t.Errorf("%s: a witness of %d events, without the reductions %d", v.Property.Name,
						len(v.Witness.Events), len(w.Witness.Events))
				}
			}
		})
	}
}

// TestOneCachePerGroup: all-surfaces-agree-when-quiet is explored one
// cache at a time, each group taking the restarts and the clear it waits
// for, with every store a surface shows; under amended rules it is
// explored whole.
func TestOneCachePerGroup(t *testing.T) {
	r := model.Observed()
	p, ok := properties.Lookup(quietMonitor)
	if !ok {
		t.Fatalf("no property %s", quietMonitor)
	}
	for _, g := range groups(&r, []*properties.Property{p}, 2) {
		if !g.quiet {
			t.Fatalf("group %s is not explored one cache at a time", g.name())
		}
		caches := map[model.Cache]bool{}
		for _, s := range g.surfaces {
			if rt := model.RouteOf(&r, s); rt.Cached {
				caches[rt.Cache] = true
			}
		}
		if len(caches) > 1 {
			t.Errorf("group %s keeps %d caches", g.name(), len(caches))
		}
		for _, a := range []model.ActionKind{model.RestartOutlook, model.RestartTeams, model.ClearBrowserCache, model.Visit} {
			if !slices.ContainsFunc(g.actions, func(b model.Action) bool { return b.Kind == a }) {
				t.Errorf("group %s does not take %s", g.name(), a)
			}
		}
		if !g.yammer || g.facts&properties.SharePointPhoto == 0 {
			t.Errorf("group %s forgets a store a surface shows", g.name())
		}
	}
	r.Amend = func(model.Action, *model.State, *model.Next) {}
	if gs := groups(&r, []*properties.Property{p}, 2); len(gs) != 2 || gs[0].quiet {
		t.Errorf("under amended rules: %d groups, want the 2 of the whole property", len(gs))
	}
}
