package explore

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"photosync/model"
	"photosync/properties"
)

// reductionNames name the reductions, bit by bit, for test logs.
var reductionNames = [numReductions]string{"one-cache", "dirsync", "window", "lu", "time-only", "dead-choices"}

// reduceRandomSeed, reduceRandomCount and reduceRandomBound fix the random
// rule sets of TestReductionsChangeNoVerdict.
const (
	reduceRandomSeed  = 20261207
	reduceRandomCount = 10
	reduceRandomBound = 30_000 // MaxStates without the reductions: larger sets are skipped
)

// TestReductionsChangeNoVerdict: the exact reductions of issue 8 (one
// cache at a time for all-surfaces-agree-when-quiet, what DirSync never
// copies, R18's unread window, LU simulation, transitions that only let time
// pass, monitors' dead choices) change no verdict and no counterexample's
// length, in events, together or one at a time: explored with all of them,
// with none, and with all but one (each rule set leaves out another, in
// turn), every property has the same verdict (vacuously or not), with
// counterexamples and witnesses exactly as long, and every counterexample
// confirms. The rule sets are
// TestAbstractionsChangeNoVerdict's, four chosen for the reductions of
// DirSync and R18, and reduceRandomCount drawn with a fixed seed over every
// knob of SPEC §3 and §6 (randomRulesWithin: durations from 1 s to 4 days,
// around the requirements' 10 s to 72 h), each explored without the
// reductions within reduceRandomBound states (a larger one is skipped; at
// least half must fit).
func TestReductionsChangeNoVerdict(t *testing.T) {
	if testing.Short() {
		t.Skip("explores every rule set three times, twice with fewer reductions")
	}
	sets := abstractionRules(t)
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
	random, settings := randomRulesWithin(reduceRandomSeed, reduceRandomCount, time.Second, 4*24*time.Hour)
	for i, r := range random {
		sets[r.Name] = r
		t.Logf("%s: %s", r.Name, strings.Join(settings[i], ", "))
	}
	names := slices.Sorted(maps.Keys(sets))
	var mu sync.Mutex
	skipped := 0
	t.Run("sets", func(t *testing.T) {
		for i, name := range names {
			r := sets[name]
			one := reduction(1) << (i % numReductions)
			t.Run(name, func(t *testing.T) {
				bound := 300_000
				if strings.HasPrefix(r.Name, "random-") {
					bound = reduceRandomBound
				}
				want := Explore(Config{Rules: r, without: allReductions, MaxStates: bound})
				if !want.Complete {
					mu.Lock()
					skipped += strings.Count(r.Name, "random-")
					mu.Unlock()
					t.Skipf("larger than %d states without the reductions", bound)
				}
				for _, without := range []reduction{0, one} {
					got := Explore(Config{Rules: r, without: without})
					label := "with every reduction"
					if without != 0 {
						label = "without " + reductionNames[i%numReductions]
					}
					t.Logf("%s: %d states, without any reduction %d", label, got.States, want.States)
					sameAsUnreduced(t, label, got, want)
				}
			})
		}
	})
	if skipped > reduceRandomCount/2 {
		t.Errorf("%d of %d random rule sets are larger than %d states without the reductions: draw others",
			skipped, reduceRandomCount, reduceRandomBound)
	}
}

// sameAsUnreduced fails unless got and want (explored without any
// reduction) are complete and agree on every verdict and counterexample
// length, and every counterexample confirms.
func sameAsUnreduced(t *testing.T, label string, got, want Result) {
	t.Helper()
	if !got.Complete {
		t.Fatalf("%s: not complete", label)
	}
	for i, v := range got.Verdicts {
		w := want.Verdicts[i]
		if v.Err != nil || w.Err != nil {
			t.Errorf("%s: %s: counterexamples do not confirm: %v; without any reduction: %v", label, v.Property.Name, v.Err, w.Err)
			continue
		}
		if v.Verdict != w.Verdict {
			t.Errorf("%s: %s: %s, without any reduction %s", label, v.Property.Name, v.Verdict, w.Verdict)
			continue
		}
		if v.Example != nil && len(v.Example.Events) != len(w.Example.Events) {
			t.Errorf("%s: %s: a counterexample of %d events, without any reduction %d", label, v.Property.Name,
				len(v.Example.Events), len(w.Example.Events))
		}
		if v.Witness != nil && len(v.Witness.Events) != len(w.Witness.Events) {
			t.Errorf("%s: %s: a witness of %d events, without any reduction %d", label, v.Property.Name,
				len(v.Witness.Events), len(w.Witness.Events))
		}
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
