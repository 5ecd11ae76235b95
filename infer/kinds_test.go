package infer

import (
	"slices"
	"testing"

	"photosync/engine"
	"photosync/experiment"
	"photosync/model"
	"photosync/scenario"
)

// statesAfter runs a log under r (every line's check applied) and returns
// the states it leaves, or nil when the log does not fit r.
func statesAfter(t *testing.T, r model.Rules, sc *scenario.Scenario) []model.State {
	t.Helper()
	set := engine.New(&r, engine.Options{Forget: true})
	for _, l := range sc.Lines {
		d, ok := l.Directive.(scenario.At)
		if !ok {
			continue
		}
		if held, _ := scenario.Conclude(set, d, set.Apply(d.Time, d.Action, nil)); !held {
			return nil
		}
	}
	if err := set.Err(); err != nil {
		t.Fatal(err)
	}
	return set.States()
}

// TestKindsAgainstBruteForce sorts the fitting candidates of random small
// spaces and logs into kinds of behaviour one by one (each candidate's own
// run of the log, experiment.Behaviour of the states it leaves) and checks
// infer's count of kinds and its unsettleable knobs against it; and within
// each kind, that no experiment of up to three steps (experiment.Among
// from the states each candidate is in) tells its first candidate from
// the others: the brute force of "no experiment can settle it".
func TestKindsAgainstBruteForce(t *testing.T) {
	cases := 12
	if testing.Short() {
		cases = 4
	}
	gen := drawCase(10)
	pairs := 0
	for i := range cases {
		c := gen.Example(i)
		sc, in := inferText(t, c.space, c.text)
		sum := in.Summary()
		type member struct {
			r      model.Rules
			states []model.State
		}
		kinds := map[string][]member{}
		var order []string
		for _, r := range c.all {
			states := statesAfter(t, r, sc)
			if states == nil {
				continue
			}
			key, ok := experiment.Behaviour(r, states, model.MaxViewers)
			if !ok {
				t.Fatal("no Behaviour")
			}
			if _, seen := kinds[key]; !seen {
				order = append(order, key)
			}
			kinds[key] = append(kinds[key], member{r, states})
		}
		if sum.Fitting > 0 && sum.Kinds != len(kinds) {
			t.Fatalf("case %d: infer counts %d kinds, one by one %d\n%s", i, sum.Kinds, len(kinds), c.text)
		}
		var unsettleable []string
		for _, o := range sum.Open {
			knob, _ := model.LookupKnob(o.Knob)
			all := true
			for _, key := range order {
				var vs []string
				for _, m := range kinds[key] {
					vs = append(vs, knob.Get(m.r))
				}
				for _, v := range o.Values {
					all = all && slices.Contains(vs, v)
				}
			}
			if all {
				unsettleable = append(unsettleable, o.Knob)
			}
		}
		if !slices.Equal(unsettleable, sum.Unsettleable) {
			t.Fatalf("case %d: infer says %v cannot be settled, one by one %v", i, sum.Unsettleable, unsettleable)
		}
		for _, key := range order {
			ms := kinds[key]
			for _, m := range ms[1:min(len(ms), 3)] {
				pairs++
				res, err := experiment.Among(experiment.AmongConfig{MaxDepth: 3, MaxSituations: 3000, Groups: []experiment.Group{
					{Rules: ms[0].r, Start: ms[0].states, Weight: 1}, {Rules: m.r, Start: m.states, Weight: 1}}})
				if err != nil {
					t.Fatal(err)
				}
				if res.Moves != nil {
					t.Fatalf("case %d: %v and %v behave alike, but an experiment tells them apart: %v", i,
						model.Changed(c.space.Base, ms[0].r), model.Changed(c.space.Base, m.r), res.Moves)
				}
			}
		}
	}
	if pairs == 0 {
		t.Fatal("no kind held two candidates: the test checks nothing")
	}
	t.Logf("%d pairs of one kind searched", pairs)
}

// TestSettledAtOnce: candidates that differ only in knobs the others make
// unread (three ways of saying that DirSync copies nothing) are one kind,
// so infer says at once that they are indistinguishable, every open knob
// unsettleable, without a search.
func TestSettledAtOnce(t *testing.T) {
	sp, err := ReadSpace("space.json", []byte(`{"base": "modern", "vary": {"photo.source": ["cloud"], "dirsync.thumbnails": "all", "dirsync.once": "all", "dirsync.conflict": "all"}}`), nil)
	if err != nil {
		t.Fatal(err)
	}
	_, in := inferText(t, sp, "at 0s change outlook-online\nat 1m observe outlook-online-contact-card observer v1\n")
	sum := in.Summary()
	if sum.Fitting < 2 || sum.Kinds != 1 || len(sum.Unsettleable) != len(sum.Open) || len(sum.Open) == 0 {
		t.Fatalf("%d fitting, %d kinds, open %v, unsettleable %v; want one kind, every open knob unsettleable", sum.Fitting, sum.Kinds, sum.Open, sum.Unsettleable)
	}
	next, err := in.Next(NextConfig{})
	none, ok := err.(*NoExperimentError)
	if next != nil || !ok || !none.Indistinguishable || none.Bounded {
		t.Fatalf("next %v, %v; want settled: indistinguishable", next, err)
	}
}
