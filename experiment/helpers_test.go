package experiment

import (
	"slices"
	"time"

	"photosync/engine"
	"photosync/model"
)

// The tests' own steps over sets of possible states, through engine.Set as
// the search takes them.

// stepAll applies a to every state (all at one instant; timers due then
// fire first) and appends to next every outcome and to shown, for a view,
// the photos it can show, sorted, without the Yammer mark.
func stepAll(r *model.Rules, states []model.State, a model.Action, next []model.State, shown []model.Photo) ([]model.State, []model.Photo) {
	if len(states) == 0 {
		return next, shown
	}
	o := engine.New(r, engine.Options{}, states...).Apply(states[0].Now, a, nil)
	return appendOutcomes(next, o), append(shown, o.Shown()...)
}

// advanceAll lets d pass in every state (all at one instant), appending
// the states they may then be in to next.
func advanceAll(r *model.Rules, states []model.State, d time.Duration, next []model.State) []model.State {
	if len(states) == 0 {
		return next
	}
	set := engine.New(r, engine.Options{}, states...)
	set.Advance(states[0].Now+d, nil)
	return append(next, set.States()...)
}

// unique returns the states without duplicates, in order.
func unique(states []model.State) []model.State {
	var out []model.State
	for _, s := range states {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// waits returns the instants worth waiting for from a situation, as the
// search computes them.
func (w *worker) waitsOf(sit situation) []time.Duration { return w.appendWaits(nil, sit) }
