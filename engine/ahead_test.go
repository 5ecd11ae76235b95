package engine_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"photosync/engine"
	"photosync/model"
	"photosync/scenario"
)

// TestApplyReusesAdvance checks the Set's reuse of advanced beliefs
// (several Applies at one instant let time pass in each belief once)
// against a fresh Set, which advances every time: on random knob-varied
// rule sets (time that branches among them) in random states, a random
// sequence of Applies at a few instants, Commits, Advances and Resets
// (and ResetBeliefs) gives, at every Apply, the outcomes a fresh Set in the same states gives,
// and Shows (which makes no outcomes) the photos they show.
func TestApplyReusesAdvance(t *testing.T) {
	seeds := uint64(40)
	if testing.Short() {
		seeds = 10
	}
	actions := model.Actions(2)
	for seed := range seeds {
		rng := rand.New(rand.NewPCG(seed, 21))
		text, r := randomScenario(rng, 4+rng.IntN(8), 1, 0, 0, false)
		set := engine.New(&r, engine.Options{})
		var now time.Duration
		// The states of the scenario's run (its views unchecked), then of
		// a few more actions.
		for _, l := range mustParse(t, text).Lines {
			if d, ok := l.Directive.(scenario.At); ok {
				now = d.Time
				set.Commit(set.Apply(now, d.Action, nil), nil)
			}
		}
		for _, a := range randomActions(rng, actions, 4) {
			now += []time.Duration{0, time.Second, time.Minute, time.Hour}[rng.IntN(4)]
			set.Commit(set.Apply(now, a, nil), nil)
		}
		instants := []time.Duration{now, now + time.Second, now + 11*time.Second, now + time.Hour, now + 72*time.Hour}
		at := now
		for step := range 60 {
			switch k := rng.IntN(16); {
			case k < 3:
				if rng.IntN(2) == 0 {
					at = max(at, instants[rng.IntN(len(instants))])
				}
				set.Advance(at, nil)
			case k == 3:
				at = max(at, instants[rng.IntN(len(instants))])
				set.Commit(set.Apply(at, actions[rng.IntN(len(actions))], nil), nil)
			case k == 4:
				states := set.States()
				if rng.IntN(2) == 0 {
					set.Reset(states[rng.IntN(len(states)):]...)
				} else { // as infer hands a group's beliefs on
					set.ResetBeliefs(engine.New(&r, engine.Options{}, states[rng.IntN(len(states)):]...).Beliefs())
				}
			default:
				if rng.IntN(4) == 0 {
					at = max(set.Beliefs()[0].State.Now, instants[rng.IntN(len(instants))])
				}
				a := actions[rng.IntN(len(actions))]
				fresh := engine.New(&r, engine.Options{}, set.States()...)
				want := outcomesText(fresh.Apply(at, a, nil))
				if got := outcomesText(set.Apply(at, a, nil)); got != want {
					t.Fatalf("seed %d, step %d: %s at %s after earlier Applies:\n%s\na fresh Set:\n%s\nscenario:\n%s",
						seed, step, a, model.FormatDuration(at), got, want, text)
				}
				a = actions[rng.IntN(len(actions))]
				want2 := engine.New(&r, engine.Options{}, set.States()...).Apply(at, a, nil).Shown()
				if got, want := set.Shows(at, a), want2; !slices.Equal(got, want) {
					t.Fatalf("seed %d, step %d: %s at %s shows %v, its outcomes %v\nscenario:\n%s",
						seed, step, a, model.FormatDuration(at), got, want, text)
				}
			}
		}
	}
}

// randomActions draws n actions.
func randomActions(rng *rand.Rand, actions []model.Action, n int) []model.Action {
	out := make([]model.Action, n)
	for i := range out {
		out[i] = actions[rng.IntN(len(actions))]
	}
	return out
}

// outcomesText writes every outcome of an Apply, in order, with every
// field a caller reads, and the photos shown.
func outcomesText(o *engine.Outcomes) string {
	s := fmt.Sprintf("%s: shown %v\n", o.Action, slices.Clone(o.Shown()))
	for _, out := range o.List {
		s += fmt.Sprintf("  from %d before %+v\n  next %+v\n  belief %+v mask %d\n", out.From, out.Before, out.Next, out.Belief.State, out.Belief.Mask)
	}
	return s
}

// counting is a Monitor that finds nothing and counts its calls.
type counting struct{ quiet, transitions int }

func (c *counting) Transition(*model.Rules, *model.Transition, func(engine.Finding))      { c.transitions++ }
func (c *counting) Quiet(*model.Rules, *model.State, time.Duration, func(engine.Finding)) { c.quiet++ }

// TestApplyAheadTellsEveryPassing: a Set keeps no advanced beliefs for a
// Monitor or a Fired (reuseAhead), which must see time pass at every
// Apply: two Applies at one instant, after a change whose timers fire on
// the way, judge and tell the same firings and quiet intervals.
func TestApplyAheadTellsEveryPassing(t *testing.T) {
	r, err := model.Named("modern") // a change starts SharePoint's take
	if err != nil {
		t.Fatal(err)
	}
	view := model.Action{Kind: model.View, Surface: model.OutlookOnlineContactCard, Viewer: model.Observer}
	change := model.Action{Kind: model.Change, Source: model.FromOutlookOnline}
	at := 80 * time.Hour
	mon := &counting{}
	judged := engine.New(&r, engine.Options{Monitor: mon})
	plain := engine.New(&r, engine.Options{})
	for _, set := range []*engine.Set{judged, plain} {
		set.Commit(set.Apply(time.Second, view, nil), nil)
		set.Commit(set.Apply(time.Second, change, nil), nil)
	}
	var calls, fired []int
	for range 3 {
		*mon = counting{}
		judged.Apply(at, view, nil)
		calls = append(calls, mon.quiet, mon.transitions)
		n := 0
		plain.Apply(at, view, func(int, *model.State, *model.Next) { n++ })
		fired = append(fired, n)
	}
	if calls[0] == 0 || calls[1] == 0 || fired[0] == 0 {
		t.Fatalf("nothing to see: Monitor calls (quiet, transitions) %v, firings %v", calls, fired)
	}
	if !slices.Equal(calls[:2], calls[2:4]) || !slices.Equal(calls[:2], calls[4:]) {
		t.Errorf("Monitor calls (quiet, transitions) at three Applies at one instant: %v", calls)
	}
	if fired[1] != fired[0] || fired[2] != fired[0] {
		t.Errorf("firings told at three Applies at one instant: %v", fired)
	}
}
