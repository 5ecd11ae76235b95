package explore

import (
	"sync/atomic"
	"testing"
	"time"

	"photosync/model"
	"photosync/properties"
)

// TestStopNeverDecidesWrong: an exploration that Config.Stop stops after
// its k-th question (deterministically, asked at every state, for k from
// the first projection to the last) leaves each verdict it did not decide
// unknown, never holds, says so (BoundStop), and every verdict it did
// decide is the unstopped one, with a counterexample as long. Under
// observed every projection decides early; a window of 10 min from the
// last change is violated only at depth 1,700 (864 changes), so a stop
// there cuts a projection short of its violation.
func TestStopNeverDecidesWrong(t *testing.T) {
	stale, _ := properties.Lookup("sharepoint-stale-only-within-window-or-without-visit")
	for _, c := range []struct {
		r     model.Rules
		props []*properties.Property
	}{
		{model.Observed(), nil},
		{rulesWith(t, "window-10m", "sharepoint.window", "10m", "sharepoint.windowFrom", "last-change", "sharepoint.visit", "never"),
			[]*properties.Property{stale}},
	} {
		asks := 0
		full := Explore(Config{Rules: c.r, Props: c.props, askEvery: 1, Stop: func() bool { asks++; return false }})
		if !full.Complete {
			t.Fatalf("%s: not complete", c.r.Name)
		}
		for j := range 12 {
			k := asks * j / 12
			asked := 0
			res := Explore(Config{Rules: c.r, Props: c.props, askEvery: 1, Stop: func() bool { asked++; return asked > k }})
			if len(res.Stopped) != 1 || res.Stopped[0].Bound != BoundStop || res.Stopped[0].Projections == 0 {
				t.Fatalf("%s, stopped after %d questions: complete %v, stopped %+v; want one stop of the caller's",
					c.r.Name, k, res.Complete, res.Stopped)
			}
			decided := 0
			for i, v := range res.Verdicts {
				want := full.Verdicts[i]
				switch {
				case v.Verdict == properties.Unknown:
				case v.Verdict != want.Verdict:
					t.Errorf("%s, stopped after %d: %s: %s, unstopped %s", c.r.Name, k, v.Property.Name, v.Verdict, want.Verdict)
				case v.Verdict == properties.Violated && len(v.Example.Events) != len(want.Example.Events):
					t.Errorf("%s, stopped after %d: %s: a counterexample of %d events, %d unstopped", c.r.Name, k, v.Property.Name,
						len(v.Example.Events), len(want.Example.Events))
				default:
					decided++
				}
			}
			if k == 0 && decided != 0 {
				t.Errorf("%s, stopped at once: %d verdicts decided", c.r.Name, decided)
			}
		}
	}
}

// TestStopEndsSoon: an exploration that would run on for long (a window
// of 1 ns from the last change, no visit needed: its projection never
// ends but at its bound) ends within a fraction of a second of its Stop.
func TestStopEndsSoon(t *testing.T) {
	r := rulesWith(t, "window-1ns", "sharepoint.window", "1ns", "sharepoint.windowFrom", "last-change", "sharepoint.visit", "never")
	p, _ := properties.Lookup("sharepoint-stale-only-within-window-or-without-visit")
	var stop atomic.Bool
	var stopped time.Time
	time.AfterFunc(100*time.Millisecond, func() { stopped = time.Now(); stop.Store(true) })
	res := Explore(Config{Rules: r, Props: []*properties.Property{p}, Stop: stop.Load})
	late := time.Since(stopped)
	if !stop.Load() {
		t.Fatalf("ended before the stop: %d states", res.States)
	}
	if v := res.Verdicts[0].Verdict; v != properties.Unknown || len(res.Stopped) != 1 || res.Stopped[0].Bound != BoundStop {
		t.Fatalf("%s, stopped %+v; want unknown, stopped by the caller", v, res.Stopped)
	}
	// A loaded machine delays a goroutine by hundreds of milliseconds;
	// alone, the exploration ends within a millisecond of its stop.
	if late > time.Second {
		t.Errorf("ended %v after its stop", late)
	}
	t.Logf("ended %v after its stop, %d states", late, res.States)
}
