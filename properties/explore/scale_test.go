package explore

import (
	"testing"
	"time"

	"photosync/model"
	"photosync/properties"
)

// The rule sets of issue 8 that did not finish: each must now finish within
// a bound on states (not on time), with every counterexample confirmed on
// concrete time.

func rulesWith(t *testing.T, name string, set ...string) model.Rules {
	t.Helper()
	r := model.Observed()
	for i := 0; i+1 < len(set); i += 2 {
		if err := r.Set(set[i], set[i+1]); err != nil {
			t.Fatal(err)
		}
	}
	r.Name, r.Base = name, "observed"
	return r
}

func completesWithin(t *testing.T, r model.Rules, maxStates int) Result {
	t.Helper()
	res := Explore(Config{Rules: r, MaxStates: maxStates})
	t.Logf("%s: %d states, depth %d, in %v", r.Name, res.States, res.Depth, res.Elapsed.Round(time.Millisecond))
	if !res.Complete {
		t.Fatalf("%s: not complete within %d states", r.Name, maxStates)
	}
	for _, v := range res.Verdicts {
		if v.Err != nil {
			t.Errorf("%s: %v", v.Property.Name, v.Err)
		}
	}
	return res
}

// TestShortDirSyncInterval: DirSync every second costs nothing while AD has
// not changed (issue 8: more than 300 s).
func TestShortDirSyncInterval(t *testing.T) {
	for _, d := range []string{"1s", "1ns"} {
		r := rulesWith(t, "dirsync-"+d, "dirsync.interval", d)
		res := completesWithin(t, r, 50_000)
		obs := Explore(Config{Rules: model.Observed()})
		for i, v := range res.Verdicts {
			if v.Verdict.Held() != obs.Verdicts[i].Verdict.Held() {
				t.Errorf("dirsync.interval %s: %s holds=%v, under observed %v", d, v.Property.Name, v.Verdict.Held(), obs.Verdicts[i].Verdict.Held())
			}
		}
	}
}

// TestLongWindow: the largest window accepted, next to 10 s caches and a
// 3 h DirSync (issue 8: more than 180 s and 2.4 GB; 10000h: 709k states).
func TestLongWindow(t *testing.T) {
	for _, w := range []string{"10000d", "10000h"} {
		completesWithin(t, rulesWith(t, "window-"+w, "sharepoint.window", w), 50_000)
	}
}

// TestShortLastChangeWindow: with a 10 s window counted from the last
// change and no visit needed, SharePoint stays stale for 72 h only if
// Exchange changes twice every 10 s: the shortest counterexample has 51,840
// changes (issue 8: stuck in zone.Solve). It is found, solved and confirmed.
func TestShortLastChangeWindow(t *testing.T) {
	if testing.Short() {
		t.Skip("a counterexample of 51,843 steps")
	}
	r := rulesWith(t, "window-10s", "sharepoint.window", "10s", "sharepoint.windowFrom", "last-change",
		"sharepoint.visit", "never")
	res := completesWithin(t, r, 1_000_000)
	v := verdict(t, res, "sharepoint-stale-only-within-window-or-without-visit")
	if v.Verdict.Held() || v.Example == nil {
		t.Fatal("no violation found")
	}
	if n := actions(v.Example); n != 1+2*72*360 {
		t.Errorf("counterexample with %d actions, want %d (a first change imported, then two changes every 10 s for 72 h)", n, 1+2*72*360)
	}
}

// TestShortLastChangeWindowTenMinutes is the same with a 10 min window: 864
// changes.
func TestShortLastChangeWindowTenMinutes(t *testing.T) {
	r := rulesWith(t, "window-10m", "sharepoint.window", "10m", "sharepoint.windowFrom", "last-change",
		"sharepoint.visit", "never")
	p, _ := properties.Lookup("sharepoint-stale-only-within-window-or-without-visit")
	res := Explore(Config{Rules: r, Props: []*properties.Property{p}, MaxStates: 100_000})
	v := verdict(t, res, p.Name)
	if !res.Complete || v.Verdict.Held() || v.Example == nil {
		t.Fatalf("complete=%v holds=%v", res.Complete, v.Verdict.Held())
	}
	if n := actions(v.Example); n != 1+2*72*6 {
		t.Errorf("counterexample with %d actions, want %d", n, 1+2*72*6)
	}
}

// TestRandomRulesFinish: the rule sets of BenchmarkRandomRules that did not
// finish within its 500,000 states (issue 8), all but random-59, finish
// within 100,000. (random-59, a 4.133 µs window counted from the last
// change and no visit needed, breaks
// sharepoint-stale-only-within-window-or-without-visit only with two changes
// every window for 72 h after an import: about 1.25·10¹¹ actions, as
// TestShortLastChangeWindow's 51,841 for a 10 s window.)
func TestRandomRulesFinish(t *testing.T) {
	rules, _ := randomRules(randomRulesSeed, randomRulesCount)
	for _, i := range []int{4, 15, 20, 23, 28, 30, 31, 45, 56} {
		completesWithin(t, rules[i], 100_000)
	}
}
