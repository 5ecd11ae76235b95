package explore

import (
	"fmt"
	"testing"
	"time"

	"photosync/model"
	"photosync/model/modeltest"
	"photosync/properties"
)

// meaningful counts a counterexample's steps that change something: its
// actions and the timer firings with an effect besides DirSync's idle run.
func meaningful(ex *Counterexample) int {
	n := 0
	for _, s := range ex.Events {
		if s.Action.Kind != model.Tick || s.Effects&^model.EffectDirSyncRun != 0 {
			n++
		}
	}
	return n
}

// sameVerdicts fails unless two explorations of the same rules and
// properties agree on every verdict (four-valued) and every counterexample
// and witness confirms, and the first's counterexamples and witnesses are
// no longer (in meaningful steps) than the
// second's, and as long when equal says so.
func sameVerdicts(t *testing.T, name string, got, want Result, equal bool) {
	t.Helper()
	if got.Complete != want.Complete {
		t.Fatalf("%s: complete %v, exactly %v", name, got.Complete, want.Complete)
	}
	for i, v := range got.Verdicts {
		w := want.Verdicts[i]
		if v.Err != nil || w.Err != nil {
			t.Errorf("%s: %s: counterexamples do not confirm: %v; exactly: %v", name, v.Property.Name, v.Err, w.Err)
			continue
		}
		if v.Verdict != w.Verdict {
			t.Errorf("%s: %s: %s, exactly %s", name, v.Property.Name, v.Verdict, w.Verdict)
			continue
		}
		for _, c := range []struct {
			what string
			g, e *Counterexample
		}{{"counterexample", v.Example, w.Example}, {"witness", v.Witness, w.Witness}} {
			if c.g == nil {
				continue
			}
			g, e := meaningful(c.g), meaningful(c.e)
			if g > e || (equal && g != e) {
				t.Errorf("%s: %s: %s of %d steps, exactly %d", name, v.Property.Name, c.what, g, e)
			}
		}
	}
}

// abstractionRules are rule sets for TestAbstractionsChangeNoVerdict: the
// named ones, those broken on purpose, and some whose constants are far
// apart, or not multiples of each other, yet small enough in ratio for the
// exploration without the abstractions to finish.
func abstractionRules(t *testing.T) map[string]model.Rules {
	sets := map[string]model.Rules{}
	for _, n := range model.NamedRuleSets() {
		sets[n], _ = model.Named(n)
	}
	for name, r := range modeltest.Broken() {
		sets["broken for "+name] = r
	}
	for i, kv := range [][]string{
		{"dirsync.interval", "5h"},
		{"dirsync.interval", "7h", "sharepoint.windowFrom", "last-change", "yammer.sync", "two-way"},
		{"dirsync.interval", "25h", "dirsync.thumbnails", "false", "sharepoint.visit", "once"},
		{"browser.cacheTTL", "10s", "outlookClient.cacheTTL", "1h"},
		{"browser.cacheTTL", "100h", "picker.cacheBusting", "false", "hover.source", "sharepoint"},
		{"sharepoint.window", "24h", "sharepoint.windowFrom", "last-change", "browser.cacheTTL", "7h", "sharepoint.visitQueues", "false"},
		{"sharepoint.window", "1h", "owa.cacheTTL", "25m", "lync.cacheTTL", "2h", "mysite.writesExchange", "false"},
		{"sharepoint.window", "90h", "sharepoint.visit", "never", "owa.cacheTTL", "100h", "lync.offlineHidesPhoto", "false"},
		// R17 on-premises: DirSync is Exchange's only source, in every projection.
		{"photo.source", "on-premises", "dirsync.interval", "5h"},
		{"photo.source", "on-premises", "dirsync.interval", "30h", "sharepoint.window", "24h", "sharepoint.windowFrom", "last-change"},
		// §6.5 admins-only: the subject's changes refused, graph and
		// admin-center still change Exchange directly.
		{"photo.userEdits", "admins-only", "dirsync.interval", "5h"},
		{"photo.userEdits", "admins-only", "yammer.sync", "two-way", "mysite.writesExchange", "false"},
	} {
		sets[fmt.Sprintf("set %d", i)] = rulesWith(t, fmt.Sprintf("set-%d", i), kv...)
	}
	return sets
}

// TestAbstractionsChangeNoVerdict: the two abstractions argued in the
// package doc, DirSync's phase left free while its runs are idle and a
// cache's age kept without lower bounds, change no verdict and lengthen no
// counterexample: explored with and without them, every property holds or
// not alike, with counterexamples as short (as long, for the cache ages;
// the exploration without DirSync's abstraction counts DirSync's idle runs
// as steps, so it may pick another run of as many actions).
func TestAbstractionsChangeNoVerdict(t *testing.T) {
	if testing.Short() {
		t.Skip("explores every rule set twice, once without the abstractions")
	}
	for name, r := range abstractionRules(t) {
		t.Run(name, func(t *testing.T) {
			want := Explore(Config{Rules: r, exact: true, MaxStates: 200_000})
			if !want.Complete {
				t.Skipf("larger than %d states without the abstractions", 200_000)
			}
			got := Explore(Config{Rules: r})
			t.Logf("%d states, exactly %d", got.States, want.States)
			sameVerdicts(t, name, got, want, false)
		})
	}
}

// TestDirSyncPhaseUnprojected: in the unprojected model, where DirSync's
// copies are seen by every property, some of which ask about time, leaving
// DirSync's phase free while its runs are idle changes no verdict, on a
// small alphabet that changes AD and Exchange, runs DirSync and views. (A
// property that reads views is checked with a period far from its 10 s;
// with one near it the exploration that keeps DirSync's phase is too
// large.)
func TestDirSyncPhaseUnprojected(t *testing.T) {
	if testing.Short() {
		t.Skip("explores the whole model")
	}
	alphabet := []model.Action{{Kind: model.Change, Source: model.FromActiveDirectory},
		{Kind: model.Change, Source: model.FromOutlookOnline}, {Kind: model.Change, Source: model.FromMySite},
		{Kind: model.Visit}, {Kind: model.DirSync}}
	for _, p := range properties.Catalog() {
		a := append([]model.Action(nil), alphabet...)
		for _, s := range p.Reads {
			a = append(a, model.Action{Kind: model.View, Surface: s, Viewer: model.Observer})
		}
		intervals := []string{"5h", "100h"}
		if len(p.Reads) > 0 {
			intervals = []string{"100h"}
		}
		for _, interval := range intervals {
			r := rulesWith(t, "dirsync-"+interval, "dirsync.interval", interval)
			t.Run(p.Name+"/"+interval, func(t *testing.T) {
				cfg := Config{Rules: r, Props: []*properties.Property{p}, Alphabet: a, Unprojected: true, MaxStates: 50_000}
				start := time.Now()
				got := Explore(cfg)
				cfg.exact = true
				want := Explore(cfg)
				t.Logf("%d states, exactly %d, %v", got.States, want.States, time.Since(start).Round(time.Millisecond))
				if !want.Complete {
					t.Skipf("the whole model is larger than %d states here", cfg.MaxStates)
				}
				sameVerdicts(t, p.Name, got, want, false)
			})
		}
	}
}

// TestDirSyncPhaseFallsBack: a property that sees what DirSync's phase
// abstraction forgets — two copies of AD's photo to Exchange are never
// closer than a period — is found violated by the abstraction, its
// counterexample does not solve with the runs on DirSync's schedule, and the
// projection is explored again with the phase kept: the property holds.
func TestDirSyncPhaseFallsBack(t *testing.T) {
	p := &properties.Property{
		Name: "dirsync-copies-an-hour-apart", Kind: properties.Invariant,
		Doc:     "DirSync's copies are an hour apart\nTwo copies of AD's photo to Exchange come at least an hour apart.",
		Sources: []string{"R3"}, Facts: properties.ADPhoto,
		Deadlines: []properties.Deadline{{Clock: model.ClockPrevExchange, After: time.Hour}},
		Trigger: properties.Trigger{Doc: "a DirSync copy", Transition: func(c *properties.Context, tr *model.Transition) bool {
			return tr.Effects.Has(model.EffectDirSyncCopy)
		}},
		Transition: func(c *properties.Context, tr *model.Transition) string {
			if !tr.Effects.Has(model.EffectDirSyncCopy) || c.Since(&tr.State, model.ClockPrevExchange, time.Hour) {
				return ""
			}
			return "two DirSync copies less than an hour apart"
		},
	}
	r := rulesWith(t, "dirsync-2h", "dirsync.interval", "2h")
	cfg := Config{Rules: r, Props: []*properties.Property{p},
		Alphabet: []model.Action{{Kind: model.Change, Source: model.FromActiveDirectory}}}
	res := Explore(cfg)
	v := res.Verdicts[0]
	if !res.Complete || !v.Verdict.Held() || v.Err != nil {
		t.Fatalf("complete=%v holds=%v err=%v, want it to hold", res.Complete, v.Verdict.Held(), v.Err)
	}
	g := groups(&cfg.Rules, cfg.Props, 2)[0]
	if !g.phaseFree {
		t.Fatal("the projection does not leave DirSync's phase free: the test shows nothing")
	}
	x := newExplorer(&cfg, g)
	g.actions = cfg.Alphabet
	x.run(0)
	if _, found := x.found[0]; !found {
		t.Fatal("with the phase free the property is not found violated: the test shows nothing")
	}
	r.DirSyncInterval = 30 * time.Minute
	cfg.Rules = r
	if res := Explore(cfg); res.Verdicts[0].Verdict.Held() || res.Verdicts[0].Err != nil {
		t.Errorf("every 30 min: holds=%v err=%v, want it violated", res.Verdicts[0].Verdict.Held(), res.Verdicts[0].Err)
	}
}
