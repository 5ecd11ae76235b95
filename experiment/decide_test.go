package experiment

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"photosync/engine"
	"photosync/model"
)

var long = flag.Bool("long", false, "check Decide against the search on more random pairs, deeper")

// rulesWith returns a named rule set with knobs set, named after them.
func rulesWith(t testing.TB, base string, kv ...string) model.Rules {
	t.Helper()
	r, err := model.Named(base)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if err := r.Set(kv[i], kv[i+1]); err != nil {
			t.Fatal(err)
		}
		r.Name += " " + kv[i] + "=" + kv[i+1]
	}
	r.Base = base
	return r
}

// TestDecideIssuePairs: the pairs of issue 18 that differ only in knobs no
// view reads are indistinguishable, decided at once, and the search of
// today's diff finds no experiment of up to 4 steps between them.
func TestDecideIssuePairs(t *testing.T) {
	cloud := rulesWith(t, "observed", "photo.source", "cloud")
	once := rulesWith(t, "observed", "dirsync.once", "true")
	noThumbs := rulesWith(t, "observed", "dirsync.thumbnails", "false")
	settled := func(kv ...string) model.Rules {
		return rulesWith(t, "modern", append([]string{"photo.source", "cloud", "picker.cacheBusting", "false"}, kv...)...)
	}
	for i, p := range [][2]model.Rules{
		{rulesWith(t, "observed", "sharepoint.visit", "never", "sharepoint.visitQueues", "false"),
			rulesWith(t, "observed", "sharepoint.visit", "never", "sharepoint.visitQueues", "true")},
		{cloud, once}, {cloud, noThumbs}, {once, noThumbs},
		// issue 18's settled tenant: dirsync.* under photo.source cloud,
		// the visit knobs under sharepoint.trigger service.
		{settled(), settled("dirsync.interval", "1h", "dirsync.conflict", "latest-wins", "sharepoint.visit", "never",
			"sharepoint.visitQueues", "false", "sharepoint.window", "1h", "sharepoint.windowFrom", "last-change")},
	} {
		for _, v := range []int{1, 2, 4} {
			if v != 2 && !*long {
				continue
			}
			d, err := Decide(DecideConfig{A: p[0], B: p[1], Viewers: v})
			if err != nil {
				t.Fatal(err)
			}
			if !d.Indistinguishable || d.Distinguishable || d.Bounded || d.Elapsed > time.Second {
				t.Errorf("%s vs %s, %d viewers: %+v", p[0].Name, p[1].Name, v, d)
			}
		}
		if i > 0 && !*long {
			continue // the search is slow; one pair is enough in make test
		}
		depth := 3
		if *long {
			depth = 4
		}
		res, err := Search(Config{A: p[0], B: p[1], MaxDepth: depth})
		if err != nil || res.Experiment != nil {
			t.Errorf("%s vs %s: the search found %v (%v)", p[0].Name, p[1].Name, res.Experiment, err)
		}
	}
}

// TestDecideHairWidth: pairs that differ by a hair still differ, and the
// search finds the experiment, which replays.
func TestDecideHairWidth(t *testing.T) {
	for _, p := range [][2]model.Rules{
		{rulesWith(t, "observed", "dirsync.interval", "3h"), rulesWith(t, "observed", "dirsync.interval", "3h1ns")},
		{rulesWith(t, "observed", "owa.cacheTTL", "10s"), rulesWith(t, "observed", "owa.cacheTTL", "11s")},
		{model.Observed(), model.Documented()},
	} {
		d, err := Decide(DecideConfig{A: p[0], B: p[1]})
		if err != nil {
			t.Fatal(err)
		}
		if !d.Distinguishable || d.Indistinguishable || d.Bounded {
			t.Errorf("%s vs %s: %+v", p[0].Name, p[1].Name, d)
		}
		if p[0].OWACacheTTL != p[1].OWACacheTTL && !*long {
			continue // its experiment takes the search 8,419 situations, seconds
		}
		ans, err := Compare(Config{A: p[0], B: p[1]}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if e := ans.Result.Experiment; e == nil {
			t.Errorf("%s vs %s: %s", p[0].Name, p[1].Name, ans.Statement())
		} else if err := e.Check(nil); err != nil {
			t.Error(err)
		}
	}
}

// TestDecideBounded: a bound the decision reaches is "bounded", never an
// answer.
func TestDecideBounded(t *testing.T) {
	d, err := Decide(DecideConfig{A: model.Observed(), B: model.SharePoint2013(), MaxBeliefs: 3})
	if err != nil {
		t.Fatal(err)
	}
	if !d.Bounded || d.Indistinguishable || d.Distinguishable || d.Beliefs > 3 {
		t.Errorf("%+v", d)
	}
	for _, cfg := range []DecideConfig{{Viewers: 5}, {MaxBeliefs: -1}} {
		if _, err := Decide(cfg); err == nil {
			t.Errorf("%+v: no error", cfg)
		}
	}
}

// durations are the values drawn for the knobs that take one, around the
// constants of SPEC §3 and §6.
var durations = []time.Duration{0, time.Nanosecond, 10 * time.Second, 11 * time.Second, 30 * time.Minute, 3 * time.Hour,
	3*time.Hour + 1, 24 * time.Hour, 72 * time.Hour}

// drawKnob sets knob k of r to a value drawn from what it accepts.
func drawKnob(rng *rand.Rand, r *model.Rules, k model.Knob) {
	for {
		var v string
		if ch := k.Choices(); ch != nil {
			v = ch[rng.IntN(len(ch))]
		} else {
			v = model.FormatDuration(durations[rng.IntN(len(durations))])
			if rng.IntN(5) == 0 {
				v = [...]string{"until-restart", "until-cleared"}[rng.IntN(2)]
			}
		}
		if r.Set(k.Name, v) == nil {
			return
		}
	}
}

// randomPair draws a rule set (a named one with a third of its knobs
// redrawn) and a second that differs from it in one or two knobs.
func randomPair(rng *rand.Rand, i int) [2]model.Rules {
	names := model.NamedRuleSets()
	a, _ := model.Named(names[rng.IntN(len(names))])
	knobs := model.Knobs()
	for _, k := range knobs {
		if rng.IntN(3) == 0 {
			drawKnob(rng, &a, k)
		}
	}
	b := a
	for range 1 + rng.IntN(2) {
		drawKnob(rng, &b, knobs[rng.IntN(len(knobs))])
	}
	a.Name, b.Name = fmt.Sprintf("random-%d-a", i), fmt.Sprintf("random-%d-b", i)
	return [2]model.Rules{a, b}
}

// TestDecideAgainstSearch checks the exact decision against the search of
// today's diff, the brute force: over the named rule sets and random pairs
// of knob-varied rule sets (fixed seed), a pair Decide calls
// indistinguishable has no experiment up to the depth the search reaches,
// and a pair it separates is not one the search calls exhausted; every
// experiment the search finds replays. With -long, more pairs and a
// deeper search.
func TestDecideAgainstSearch(t *testing.T) {
	var pairs [][2]model.Rules
	names := model.NamedRuleSets()
	for i, a := range names {
		for _, b := range names[i+1:] {
			ra, _ := model.Named(a)
			rb, _ := model.Named(b)
			pairs = append(pairs, [2]model.Rules{ra, rb})
		}
	}
	// The search is the slow part: it looks further where it must show
	// that no experiment exists than where Decide found that one does.
	n, same0, apart0, beliefs := 50, 400, 100, 300
	if *long {
		n, same0, apart0, beliefs = 300, 50_000, 20_000, 50_000
	}
	rng := rand.New(rand.NewPCG(18, 2026))
	for i := range n {
		pairs = append(pairs, randomPair(rng, i))
	}
	var same, apart, bounded int
	for _, p := range pairs {
		d, err := Decide(DecideConfig{A: p[0], B: p[1], MaxBeliefs: beliefs})
		if err != nil {
			t.Fatalf("%s vs %s: %v", p[0].Name, p[1].Name, err)
		}
		situations := apart0
		if !d.Distinguishable {
			situations = same0
		}
		res, err := Search(Config{A: p[0], B: p[1], MaxSituations: situations})
		if err != nil {
			t.Fatalf("%s vs %s: %v", p[0].Name, p[1].Name, err)
		}
		what := fmt.Sprintf("%s vs %s (%v)", p[0].Name, p[1].Name, model.Changed(p[0], p[1]))
		switch {
		case d.Indistinguishable:
			same++
			if res.Experiment != nil {
				t.Errorf("%s: indistinguishable, but the search found:\n%s", what, res.Experiment.Scenario())
			}
		case d.Distinguishable:
			apart++
			if res.Exhausted {
				t.Errorf("%s: distinguishable, but the search exhausted: %s", what, res.Statement())
			}
		default:
			bounded++
		}
		if e := res.Experiment; e != nil {
			if err := e.Check(nil); err != nil {
				t.Errorf("%s: %v", what, err)
			}
		}
	}
	t.Logf("%d pairs: %d indistinguishable, %d distinguishable, %d bounded", len(pairs), same, apart, bounded)
	if same == 0 || apart == 0 {
		t.Errorf("the pairs drawn test one answer only")
	}
}

// TestReduceIsExact: under every projection's reduced rule set, every
// compared view shows what it shows under the rule set itself, along
// random experiments of random knob-varied rule sets: the reductions and
// canonical change nothing a compared view can show (their slow twin).
func TestReduceIsExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 18))
	runs := 30
	if *long {
		runs = 600
	}
	actions := model.Actions(2)
	gaps := []time.Duration{0, 0, 1, time.Second, 9 * time.Second, 10 * time.Second, 30 * time.Minute, 3 * time.Hour,
		24 * time.Hour, 72 * time.Hour}
	for i := range runs {
		p := randomPair(rng, i)
		r := p[0]
		for pi, proj := range projections(&p, 2, nil) {
			red := proj.reduce(r, 0)
			var views []model.Action
			for _, a := range actions {
				if a.Kind == model.View && proj.compares(a) {
					views = append(views, a)
				}
			}
			full, small := engine.New(&r, engine.Options{}), engine.New(&red, engine.Options{})
			var at time.Duration
			var trail []string
			for range 20 {
				at += gaps[rng.IntN(len(gaps))]
				a := actions[rng.IntN(len(actions))]
				if rng.IntN(2) == 0 && len(views) > 0 {
					a = views[rng.IntN(len(views))]
				}
				if a.Kind == model.View && !proj.compares(a) && (a.Viewer != model.Subject || a.Surface != model.SharePointMySite) {
					continue
				}
				trail = append(trail, fmt.Sprintf("at %s %s", model.FormatDuration(at), a))
				of, os := full.Apply(at, a, nil), small.Apply(at, a, nil)
				if a.Kind == model.View && proj.compares(a) {
					if f, s := of.Shown(), os.Shown(); !slices.Equal(f, s) {
						t.Fatalf("%v, projection %d (%v): %v under the rules, %v reduced, after\n%v\nreduced: %v",
							model.Changed(model.Observed(), r), pi, proj.compare, f, s, trail, model.Changed(r, red))
					}
				}
				full.Commit(of, nil)
				small.Commit(os, nil)
			}
		}
	}
}
