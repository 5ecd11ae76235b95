package engine_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime/debug"
	"runtime/metrics"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"photosync/engine"
	"photosync/model"
	"photosync/properties"
	"photosync/scenario"
)

// knobTweaks are overrides the random scenarios draw from: caches that
// expire late or never, the hover and the picker through the browser, and
// the rest of §3's knobs, so that merged entries meet every kind of cache.
var knobTweaks = [][2]string{
	{"owa.cacheTTL", "1h"}, {"owa.cacheTTL", "0s"}, {"lync.cacheTTL", "1d"},
	{"outlookClient.cacheTTL", "30s"}, {"outlookClient.cacheTTL", "2h"},
	{"browser.cacheTTL", "1h"}, {"browser.cacheTTL", "10s"},
	{"hover.source", "sharepoint"}, {"picker.cacheBusting", "false"},
	{"lync.offlineHidesPhoto", "false"}, {"sharepoint.visit", "once"},
	{"sharepoint.windowFrom", "last-change"}, {"sharepoint.window", "1h"},
	{"mysite.writesExchange", "false"}, {"yammer.sync", "two-way"},
	{"dirsync.interval", "1h"}, {"sharepoint.visitQueues", "false"},
	// §6: time that branches (R15 either, R18, R20), the Teams caches
	// (R19), refusals and the other era knobs.
	{"dirsync.conflict", "either"}, {"dirsync.conflict", "latest-wins"}, {"dirsync.once", "true"},
	{"dirsync.interval", "30m"}, {"dirsync.interval", "7ns"}, {"dirsync.thumbnails", "false"},
	{"sharepoint.trigger", "service"}, {"sharepoint.maxDelay", "1h"}, {"sharepoint.maxDelay", "1ns"},
	{"sharepoint.maxDelay", "10s"}, {"yammer.sync", "on-use"}, {"yammer.delay", "1h"}, {"yammer.delay", "5s"},
	{"teams.serviceCacheTTL", "1h"}, {"teams.serviceCacheTTL", "0s"}, {"teams.serviceCacheTTL", "1000d"},
	{"teams.clientCacheTTL", "30s"}, {"teams.clientCacheTTL", "0s"}, {"teams.clientCacheTTL", "1000d"},
	{"photo.source", "cloud"}, {"photo.source", "on-premises"}, {"setUserPhoto", "retired"},
	{"yammer.editable", "false"},
}

// randomScenario writes a scenario of n lines under a rule set drawn from
// the named ones with a few knobs changed: actions of every kind between
// views of every surface by both viewers, at steps around the caches' TTLs
// and the 72 h window. It follows one concrete run of the model, so its
// observe lines are possible; expect lines name the photo that run showed
// (the verdict, right or wrong, says what the model allows). pView,
// pExpect and pObserve weigh the three kinds of view; with judge, one to
// three violates lines of the catalog come first.
func randomScenario(rng *rand.Rand, n int, pView, pExpect, pObserve int, judge bool) (string, model.Rules) {
	var b strings.Builder
	names := model.NamedRuleSets()
	name := names[rng.IntN(len(names))]
	if rng.IntN(2) == 0 {
		name = "observed"
	}
	r, _ := model.Named(name)
	fmt.Fprintf(&b, "rules %s\n", name)
	set := map[string]bool{}
	for range rng.IntN(6) {
		k := knobTweaks[rng.IntN(len(knobTweaks))]
		if !set[k[0]] && r.Set(k[0], k[1]) == nil {
			set[k[0]] = true
			fmt.Fprintf(&b, "set %s %s\n", k[0], k[1])
		}
	}
	if judge {
		cat := properties.Catalog()
		rng.Shuffle(len(cat), func(i, j int) { cat[i], cat[j] = cat[j], cat[i] })
		for _, p := range cat[:1+rng.IntN(3)] {
			fmt.Fprintf(&b, "violates %s\n", p.Name)
		}
	}
	actions := parsable(model.Actions(2))
	var views, others []model.Action
	for _, a := range actions {
		if a.Kind == model.View {
			views = append(views, a)
		} else {
			others = append(others, a)
		}
	}
	steps := []time.Duration{0, time.Second, 5 * time.Second, 10 * time.Second, 11 * time.Second, time.Minute,
		time.Hour, 3 * time.Hour, 24 * time.Hour, 72 * time.Hour}
	s := model.Initial()
	t := time.Duration(0)
	for range n {
		t += steps[rng.IntN(len(steps))]
		s, _ = model.Advance(&r, s, t)
		a := others[rng.IntN(len(others))]
		if rng.IntN(100) < 70 {
			a = views[rng.IntN(len(views))]
		}
		outs := model.Step(&r, s, a)
		if len(outs) == 0 {
			continue
		}
		o := outs[rng.IntN(len(outs))]
		s = o.State
		at := model.FormatDuration(t)
		if a.Kind != model.View {
			fmt.Fprintf(&b, "at %s %s\n", at, a)
			continue
		}
		switch k := rng.IntN(pView + pExpect + pObserve); {
		case k < pView:
			fmt.Fprintf(&b, "at %s %s\n", at, a)
		case k < pView+pExpect:
			fmt.Fprintf(&b, "at %s expect %s %s = %s\n", at, a.Surface, a.Viewer, o.Shown.Plain())
		default:
			fmt.Fprintf(&b, "at %s observe %s %s %s\n", at, a.Surface, a.Viewer, o.Shown.Plain())
		}
	}
	return b.String(), r
}

// parsable keeps the actions a scenario line can name.
func parsable(as []model.Action) []model.Action {
	var out []model.Action
	for _, a := range as {
		if _, err := scenario.Parse("a.scenario", []byte("at 0s "+a.String()+"\n")); err == nil {
			out = append(out, a)
		}
	}
	return out
}

func mustParse(t testing.TB, text string) *scenario.Scenario {
	t.Helper()
	sc, err := scenario.Parse("r.scenario", []byte(text))
	if err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
	return sc
}

// TestMergeKeepsVerdicts runs random scenarios with and without merging
// cache entries and wants the same verdict on every expect, observe and
// violates line, with the real property catalog.
func TestMergeKeepsVerdicts(t *testing.T) {
	judge := properties.NewJudge(properties.Catalog(), 2)
	seeds := 300
	if testing.Short() {
		seeds = 60
	}
	for seed := range uint64(seeds) {
		rng := rand.New(rand.NewPCG(seed, 8))
		mix := [][3]int{{8, 1, 1}, {4, 4, 2}, {1, 1, 8}}[seed%3]
		text, r := randomScenario(rng, 10+rng.IntN(50), mix[0], mix[1], mix[2], seed%2 == 0)
		sc := mustParse(t, text)
		opts := scenario.Options{Judge: judge, Viewers: 2, MaxStates: 20000}
		merged, errM := scenario.Run(sc, r, opts)
		opts.Unmerged = true
		unmerged, errU := scenario.Run(sc, r, opts)
		var bound *scenario.BoundError
		if errors.As(errU, &bound) {
			continue // too big to compare
		}
		if errU != nil || errM != nil {
			t.Fatalf("seed %d: errors %v, %v\n%s", seed, errU, errM, text)
		}
		if diff := cmp.Diff(unmerged.Outcomes, merged.Outcomes); diff != "" {
			t.Fatalf("seed %d: merging changes verdicts (-unmerged +merged):\n%s\n%s", seed, diff, text)
		}
		if merged.MaxBeliefs > unmerged.MaxBeliefs {
			t.Errorf("seed %d: merged run holds up to %d beliefs, the unmerged one %d", seed, merged.MaxBeliefs, unmerged.MaxBeliefs)
		}
	}
}

// TestMergeKeepsStates steps random scenarios on two Sets, one merging
// cache entries, and wants, after every line, the same photos from every
// view and the same states: the merged Set's beliefs stand for exactly the
// states the other holds.
func TestMergeKeepsStates(t *testing.T) {
	seeds := 300
	if testing.Short() {
		seeds = 60
	}
	for seed := range uint64(seeds) {
		rng := rand.New(rand.NewPCG(seed, 9))
		mix := [][3]int{{8, 1, 1}, {4, 4, 2}, {1, 1, 8}}[seed%3]
		text, r := randomScenario(rng, 10+rng.IntN(40), mix[0], mix[1], mix[2], false)
		// Odd seeds forget on both sides (as photosync run does): a merged
		// belief may then stand for states that differ in what no rule
		// reads, and the two Sets hold the same states without it.
		keepsStates(t, seed, text, r, seed%2 == 1)
	}
}

// keepsStates runs text unmerged and merged, requiring the same photos
// at every view and the same states after every line.
func keepsStates(t *testing.T, seed uint64, text string, r model.Rules, forget bool) {
	t.Helper()
	sc := mustParse(t, text)
	plain := engine.New(&r, engine.Options{Forget: forget})
	merged := engine.New(&r, engine.Options{MergeCaches: true, Forget: forget})
	for _, l := range sc.Lines {
		d, ok := l.Directive.(scenario.At)
		if !ok {
			continue
		}
		po := plain.Apply(d.Time, d.Action, nil)
		mo := merged.Apply(d.Time, d.Action, nil)
		if !slices.Equal(po.Shown(), mo.Shown()) {
			t.Fatalf("seed %d line %d: the view shows %v unmerged, %v merged\n%s", seed, l.Num, po.Shown(), mo.Shown(), text)
		}
		var keep func(*engine.Outcome) bool
		if d.Check == scenario.Observe {
			keep = engine.Showing(d.Photos[0])
		}
		if kp, km := plain.Commit(po, keep), merged.Commit(mo, keep); (kp == 0) != (km == 0) {
			t.Fatalf("seed %d line %d: %d outcomes kept unmerged, %d merged", seed, l.Num, kp, km)
		}
		want, got := forgotten(&r, plain.States(), forget), forgotten(&r, merged.States(), forget)
		diff := diffStates(want, got)
		if forget {
			// Forgetting, the merged Set also drops covered Teams values.
			diff = diffCovered(want, got)
		}
		if diff != "" {
			t.Fatalf("seed %d line %d: %s\n%s", seed, l.Num, diff, text)
		}
		if merged.Len() > plain.Len() {
			t.Fatalf("seed %d line %d: %d merged beliefs for %d states", seed, l.Num, merged.Len(), plain.Len())
		}
	}
}

// TestMergeExpiringEntries checks the inference of entries that expire
// (mapAlts with expiring, emitCached with liveAfterEmpty) where it can go
// wrong: many views through a few entries with short TTLs, so that an
// entry holds three values or more, and steps at, just before and just
// after the TTLs, so that values expire one by one; merged against
// unmerged, forgetting as photosync run does.
func TestMergeExpiringEntries(t *testing.T) {
	seeds := 200
	if testing.Short() {
		seeds = 40
	}
	views := []string{"view teams-client subject", "view teams-client observer", "view outlook-online-contact-card observer",
		"view outlook-online-email subject", "view lync-client observer"}
	others := []string{"change outlook-online", "change graph", "restart-teams observer", "restart-teams subject",
		"restart-outlook observer"}
	steps := []time.Duration{0, 1, time.Second, 9 * time.Second, 10*time.Second - 1, 10 * time.Second,
		10*time.Second + 1, 20 * time.Second, 30*time.Second - 1, 30 * time.Second, time.Minute}
	for seed := range uint64(seeds) {
		rng := rand.New(rand.NewPCG(seed, 15))
		var b strings.Builder
		name := []string{"observed", "modern", "transition-2023"}[seed%3]
		r, _ := model.Named(name)
		fmt.Fprintf(&b, "rules %s\n", name)
		// A service entry that outlives the client's refills the client
		// with an old photo: values expire out of photo order.
		service := []string{"20s", "1h"}[rng.IntN(2)]
		for _, kv := range [][2]string{{"teams.clientCacheTTL", "30s"}, {"teams.serviceCacheTTL", service},
			{"lync.cacheTTL", "30s"}} {
			if rng.IntN(4) != 0 {
				fmt.Fprintf(&b, "set %s %s\n", kv[0], kv[1])
				if err := r.Set(kv[0], kv[1]); err != nil {
					t.Fatal(err)
				}
			}
		}
		at := time.Duration(0)
		for range 10 + rng.IntN(50) {
			at += steps[rng.IntN(len(steps))]
			a := views[rng.IntN(len(views))]
			if rng.IntN(5) == 0 {
				a = others[rng.IntN(len(others))]
			}
			fmt.Fprintf(&b, "at %s %s\n", model.FormatDuration(at), a)
		}
		keepsStates(t, seed, b.String(), r, true)
	}
}

// forgotten returns the states without what no rule reads, when forget.
func forgotten(r *model.Rules, states []model.State, forget bool) []model.State {
	if forget {
		for i := range states {
			model.Forget(r, &states[i])
		}
	}
	return states
}

// diffStates describes how two lists differ as sets of states, "" if
// they do not.
func diffStates(want, got []model.State) string {
	w, g := map[model.State]bool{}, map[model.State]bool{}
	for _, s := range want {
		w[s] = true
	}
	for _, s := range got {
		g[s] = true
	}
	for s := range w {
		if !g[s] {
			return fmt.Sprintf("state lost by merging: %s", s)
		}
	}
	for s := range g {
		if !w[s] {
			return fmt.Sprintf("state added by merging: %s", s)
		}
	}
	return ""
}

// diffCovered describes how got differs from want but for covered Teams
// values (engine's "Covered Teams values"): every state of got must be one
// of want, and every state of want one of got or covered by one (alike
// but in the Teams entries, each holding the same photo filled no earlier,
// or anything where want's is empty); "" if so.
func diffCovered(want, got []model.State) string {
	w := map[model.State]bool{}
	for _, s := range want {
		w[s] = true
	}
	for _, s := range got {
		if !w[s] {
			return fmt.Sprintf("state added by merging: %s", s)
		}
	}
	return lostCovered(want, got)
}

// lostCovered describes a state of want that got neither holds nor covers
// (diffCovered), "" if there is none.
func lostCovered(want, got []model.State) string {
	g := map[model.State]bool{}
	outside := map[model.State][]model.State{}
	for _, s := range got {
		g[s] = true
		k := engine.OutsideTeams(s)
		outside[k] = append(outside[k], s)
	}
	for _, s := range want {
		if g[s] {
			continue
		}
		if !slices.ContainsFunc(outside[engine.OutsideTeams(s)], func(y model.State) bool { return engine.CoversState(&y, &s) }) {
			return fmt.Sprintf("state lost by merging (none covers it): %s", s)
		}
	}
	return ""
}

// TestMergeProduct: views through never-expiring caches between changes
// make the product of what each entry may hold; merged, it is one belief
// that stands for all of them.
func TestMergeProduct(t *testing.T) {
	r := model.Observed()
	plain := engine.New(&r, engine.Options{})
	merged := engine.New(&r, engine.Options{MergeCaches: true})
	at := time.Duration(0)
	for k := range 4 {
		for _, set := range []*engine.Set{plain, merged} {
			set.Commit(set.Apply(at, model.Action{Kind: model.Change, Source: model.FromOutlookOnline}, nil), nil)
			for _, v := range model.Viewers(2) {
				set.Commit(set.Apply(at, model.Action{Kind: model.View, Surface: model.OutlookClientSurface, Viewer: v}, nil), nil)
			}
		}
		at += time.Minute
		// After the k-th change each entry may hold v1…vk (filled by the
		// first view, then either kept or refilled).
		want := (k + 1) * (k + 1)
		if plain.Len() != want || merged.Len() != 1 || merged.Beliefs()[0].Count() != want {
			t.Fatalf("after change %d: %d states unmerged (want %d), %d merged beliefs standing for %d",
				k+1, plain.Len(), want, merged.Len(), merged.Beliefs()[0].Count())
		}
	}
	if diff := diffStates(plain.States(), merged.States()); diff != "" {
		t.Fatal(diff)
	}
}

// TestMergeOffWithMonitor: a Monitor may read cache entries, so a Set
// with one does not merge.
func TestMergeOffWithMonitor(t *testing.T) {
	r := model.Observed()
	set := engine.New(&r, engine.Options{MergeCaches: true, Monitor: properties.NewJudge(properties.Catalog(), 2)})
	for k := range 3 {
		set.Commit(set.Apply(time.Duration(k)*time.Minute, model.Action{Kind: model.Change, Source: model.FromOutlookOnline}, nil), nil)
		set.Commit(set.Apply(time.Duration(k)*time.Minute, model.Action{Kind: model.View, Surface: model.OutlookClientSurface, Viewer: model.Observer}, nil), nil)
	}
	if set.Len() != 3 {
		t.Errorf("%d beliefs (want 3 apart: v1, v2 or v3 in the observer's Outlook)", set.Len())
	}
}

// TestBound: a Set past MaxStates stops with a BoundError and changes
// nothing more.
func TestBound(t *testing.T) {
	r := model.Observed()
	set := engine.New(&r, engine.Options{MaxStates: 4})
	view := model.Action{Kind: model.View, Surface: model.OutlookClientSurface}
	k := 0
	for set.Err() == nil {
		k++
		set.Commit(set.Apply(time.Duration(k)*time.Minute, model.Action{Kind: model.Change, Source: model.FromOutlookOnline}, nil), nil)
		for _, v := range model.Viewers(2) {
			view.Viewer = v
			set.Commit(set.Apply(time.Duration(k)*time.Minute, view, nil), nil)
		}
	}
	var be *engine.BoundError
	if !errors.As(set.Err(), &be) || be.MaxStates != 4 || be.States <= 4 {
		t.Fatalf("Err() = %v (want a BoundError past 4 states)", set.Err())
	}
	if got, want := set.Err().Error(), "bounded at 4 possible states (--max-states raises it)"; got != want {
		t.Errorf("Error() = %q (want %q)", got, want)
	}
	n, acts := set.Len(), set.Actions()
	set.Commit(set.Apply(time.Hour, view, nil), nil)
	set.Advance(2*time.Hour, nil)
	if set.Len() != n || set.Actions() != acts {
		t.Errorf("a bounded Set changed: %d beliefs after %d actions, then %d after %d", n, acts, set.Len(), set.Actions())
	}
	set.Reset()
	if set.Err() != nil || set.Len() != 1 {
		t.Errorf("after Reset: Err %v, %d beliefs", set.Err(), set.Len())
	}
}

// TestBoundBytes: MaxBytes bounds the memory of the beliefs and outcomes.
func TestBoundBytes(t *testing.T) {
	r := model.Observed()
	set := engine.New(&r, engine.Options{MaxBytes: 8 << 10})
	view := model.Action{Kind: model.View, Surface: model.OutlookClientSurface, Viewer: model.Observer}
	for k := 1; set.Err() == nil && k < 100; k++ {
		set.Commit(set.Apply(time.Duration(k)*time.Minute, model.Action{Kind: model.Change, Source: model.FromOutlookOnline}, nil), nil)
		set.Commit(set.Apply(time.Duration(k)*time.Minute, view, nil), nil)
	}
	var be *engine.BoundError
	if !errors.As(set.Err(), &be) || be.Bytes <= 8<<10 {
		t.Fatalf("Err() = %v (want a BoundError past 8 KiB)", set.Err())
	}
	if !strings.Contains(be.Error(), "over the fixed memory bound of 8.0 KiB") {
		t.Errorf("Error() = %q", be.Error())
	}
}

// TestBeliefStates lists the states a merged belief stands for.
func TestBeliefStates(t *testing.T) {
	r := model.Observed()
	set := engine.New(&r, engine.Options{MergeCaches: true})
	for k := range 2 {
		at := time.Duration(k) * time.Minute
		set.Commit(set.Apply(at, model.Action{Kind: model.Change, Source: model.FromOutlookOnline}, nil), nil)
		for _, v := range model.Viewers(2) {
			set.Commit(set.Apply(at, model.Action{Kind: model.View, Surface: model.OutlookClientSurface, Viewer: v}, nil), nil)
		}
	}
	b := set.Beliefs()[0]
	var got []string
	for s := range b.States() {
		got = append(got, fmt.Sprintf("%s/%s", s.Cache[0][model.CacheOutlookClient], s.Cache[1][model.CacheOutlookClient]))
	}
	want := []string{"v1/v1", "v1/v2", "v2/v1", "v2/v2"}
	if !slices.Equal(got, want) || b.Count() != 4 {
		t.Errorf("States() = %v, Count() = %d (want %v)", got, b.Count(), want)
	}
	if got[0] != fmt.Sprintf("%s/%s", b.State.Cache[0][model.CacheOutlookClient], b.State.Cache[1][model.CacheOutlookClient]) {
		t.Errorf("States() does not start with State")
	}
}

// TestMergeTeamsClient: the Teams client entry of SPEC §6 is read by more
// than its views (a change of Exchange's photo starts a viewer's staleness
// clock if the entry held the old photo); merged or not, views of it
// between changes give the same states. Without a teams-client surface
// the test has nothing to check.
func TestMergeTeamsClient(t *testing.T) {
	text := "at 0s view teams-client observer\n"
	if _, err := scenario.Parse("t.scenario", []byte(text)); err != nil {
		t.Skip("no teams-client surface")
	}
	tried := 0
	for _, name := range model.NamedRuleSets() {
		r, _ := model.Named(name)
		view := model.Action{Kind: model.View, Surface: model.Surface(0), Viewer: model.Observer}
		for _, a := range parsable(model.Actions(2)) {
			if a.Kind == model.View && a.Viewer == model.Observer && strings.Contains(a.String(), "teams-client") {
				view = a
			}
		}
		if _, reads := model.SurfaceCache(&r, view.Surface); !reads {
			continue
		}
		tried++
		plain := engine.New(&r, engine.Options{})
		merged := engine.New(&r, engine.Options{MergeCaches: true})
		change := model.Action{Kind: model.Change, Source: model.FromOutlookOnline}
		for k := range 6 {
			at := time.Duration(k) * time.Minute
			for _, a := range []model.Action{change, view, view} {
				for _, set := range []*engine.Set{plain, merged} {
					set.Commit(set.Apply(at, a, nil), nil)
				}
				if diff := diffStates(plain.States(), merged.States()); diff != "" {
					t.Fatalf("%s, step %d: %s", name, k, diff)
				}
			}
		}
		t.Logf("%s: %d states in %d merged beliefs (%d splits)", name, plain.Len(), merged.Len(), merged.Splits())
	}
	if tried == 0 {
		t.Skip("no rule set with a Teams client cache")
	}
}

// TestMergeSplitsUnknownRead: a Set told nothing of which entry a view
// reads still finds it (its values show different photos) and splits it,
// staying exact.
func TestMergeSplitsUnknownRead(t *testing.T) {
	splits := 0
	for seed := range uint64(60) {
		rng := rand.New(rand.NewPCG(seed, 10))
		text, r := randomScenario(rng, 10+rng.IntN(30), 8, 1, 1, false)
		sc := mustParse(t, text)
		plain := engine.New(&r, engine.Options{})
		blind := engine.New(&r, engine.Options{MergeCaches: true})
		blind.Blind()
		for _, l := range sc.Lines {
			d, ok := l.Directive.(scenario.At)
			if !ok {
				continue
			}
			po, bo := plain.Apply(d.Time, d.Action, nil), blind.Apply(d.Time, d.Action, nil)
			if !slices.Equal(po.Shown(), bo.Shown()) {
				t.Fatalf("seed %d line %d: the view shows %v unmerged, %v blind\n%s", seed, l.Num, po.Shown(), bo.Shown(), text)
			}
			var keep func(*engine.Outcome) bool
			if d.Check == scenario.Observe {
				keep = engine.Showing(d.Photos[0])
			}
			plain.Commit(po, keep)
			blind.Commit(bo, keep)
			if diff := diffStates(plain.States(), blind.States()); diff != "" {
				t.Fatalf("seed %d line %d: %s\n%s", seed, l.Num, diff, text)
			}
		}
		splits += blind.Splits()
	}
	if splits == 0 {
		t.Errorf("no split (want views of merged entries to split them)")
	}
	t.Logf("%d splits", splits)
}

// TestBoundProcess: a MaxBytes of a process's size bounds the memory the
// process holds, measured, not only the Set's estimate: a Set that grows
// stops with a BoundError that says so before the runtime holds more than
// the bound.
func TestBoundProcess(t *testing.T) {
	debug.FreeOSMemory()
	defer debug.SetMemoryLimit(math.MaxInt64)
	samples := []metrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
	metrics.Read(samples)
	// Well above what the test process holds already (and above engine's
	// processBound, 64 MiB, the smallest figure that bounds the process).
	bound := max(128<<20, 2*int64(samples[0].Value.Uint64()-samples[1].Value.Uint64()))
	r := model.Observed()
	set := engine.New(&r, engine.Options{MaxBytes: bound})
	view := model.Action{Kind: model.View, Surface: model.OutlookClientSurface}
	for k := 1; set.Err() == nil && k < 10000; k++ {
		at := time.Duration(k) * time.Minute
		set.Commit(set.Apply(at, model.Action{Kind: model.Change, Source: model.FromOutlookOnline}, nil), nil)
		for _, v := range model.Viewers(4) {
			view.Viewer = v
			set.Commit(set.Apply(at, view, nil), nil)
		}
	}
	var be *engine.BoundError
	if !errors.As(set.Err(), &be) || !be.Process {
		t.Fatalf("Err() = %v (want a BoundError of the process's memory)", set.Err())
	}
	metrics.Read(samples)
	if held := int64(samples[0].Value.Uint64() - samples[1].Value.Uint64()); held > bound*11/10 {
		t.Errorf("the process holds %d MiB at the bound of %d MiB", held>>20, bound>>20)
	}
	if !strings.Contains(be.Error(), "the process holds about") {
		t.Errorf("Error() = %q", be.Error())
	}
}

// TestMergeUnobserved checks the marginal merge after the last
// observation (Set.Unobserved): random runs, observe lines first, then
// views that observe nothing, under rule sets whose SharePoint takes the
// photo at any instant of a long span (so that the browser entries of
// different viewers hold photos of one history of SharePoint's, which no
// product of single entries holds), with a few knobs changed. A Set that
// merges, forgets and is told Unobserved after the last observe must show
// the same photos at every view as one that does none of it; before then
// they hold the same states (up to covered Teams values), after it the
// merged one at least the other's.
func TestMergeUnobserved(t *testing.T) {
	seeds := 150
	if testing.Short() {
		seeds = 30
	}
	actions := parsable(model.Actions(2))
	var views, others []model.Action
	for _, a := range actions {
		if a.Kind == model.View {
			views = append(views, a)
		} else {
			others = append(others, a)
		}
	}
	steps := []time.Duration{0, 0, time.Second, 5 * time.Second, 10 * time.Second, 11 * time.Second, time.Minute,
		31 * time.Minute, time.Hour}
	for seed := range uint64(seeds) {
		rng := rand.New(rand.NewPCG(seed, 16))
		name := []string{"modern", "transition-2023", "observed"}[seed%3]
		r, _ := model.Named(name)
		var b strings.Builder
		fmt.Fprintf(&b, "rules %s\n", name)
		set := func(k, v string) {
			if r.Set(k, v) == nil {
				fmt.Fprintf(&b, "set %s %s\n", k, v)
			}
		}
		if name == "observed" && rng.IntN(3) != 0 {
			set("sharepoint.trigger", "service")
			set("sharepoint.maxDelay", []string{"1h", "24h", "1ns"}[rng.IntN(3)])
		}
		for range rng.IntN(3) {
			k := knobTweaks[rng.IntN(len(knobTweaks))]
			set(k[0], k[1])
		}
		plain := engine.New(&r, engine.Options{Forget: true, MaxStates: 5000})
		merged := engine.New(&r, engine.Options{MergeCaches: true, Forget: true})
		n := 15 + rng.IntN(30)
		last := rng.IntN(n) - n/4 // the last observation; none when negative
		if last < 0 {
			merged.Unobserved()
		}
		at := time.Duration(0)
		for i := range n {
			at += steps[rng.IntN(len(steps))]
			a := views[rng.IntN(len(views))]
			if rng.IntN(100) < 30 {
				a = others[rng.IntN(len(others))]
			}
			po := plain.Apply(at, a, nil)
			mo := merged.Apply(at, a, nil)
			line := fmt.Sprintf("at %s %s", model.FormatDuration(at), a)
			if !slices.Equal(po.Shown(), mo.Shown()) {
				t.Fatalf("seed %d step %d: the view shows %v unmerged, %v merged\n%s%s", seed, i, po.Shown(), mo.Shown(), b.String(), line)
			}
			var keep func(*engine.Outcome) bool
			if shown := po.Shown(); i <= last && a.Kind == model.View && len(shown) > 0 && rng.IntN(2) == 0 {
				p := shown[rng.IntN(len(shown))]
				keep = engine.Showing(p)
				line = fmt.Sprintf("at %s observe %s %s %s", model.FormatDuration(at), a.Surface, a.Viewer, p)
			}
			fmt.Fprintln(&b, line)
			if kp, km := plain.Commit(po, keep), merged.Commit(mo, keep); (kp == 0) != (km == 0) {
				t.Fatalf("seed %d step %d: %d outcomes kept unmerged, %d merged\n%s", seed, i, kp, km, b.String())
			}
			if plain.Err() != nil {
				break // too big to compare
			}
			ps := forgotten(&r, plain.States(), true)
			if i < last {
				if diff := diffCovered(ps, forgotten(&r, merged.States(), true)); diff != "" {
					t.Fatalf("seed %d step %d: %s\n%s", seed, i, diff, b.String())
				}
			} else if count(merged) <= 5000 {
				if diff := lostCovered(ps, forgotten(&r, merged.States(), true)); diff != "" {
					t.Fatalf("seed %d step %d: %s\n%s", seed, i, diff, b.String())
				}
			}
			if i == last {
				merged.Unobserved()
			}
		}
	}
}

// count returns how many states the beliefs of s stand for.
func count(s *engine.Set) int {
	n := 0
	for _, b := range s.Beliefs() {
		n += b.Count()
	}
	return n
}
