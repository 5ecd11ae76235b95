package experiment

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"photosync/engine"
	"photosync/model"
)

// forgettable are knobs that the rules often stop reading given the
// others (canonical): a pair of rule sets that differ only in some of them
// often has one Behaviour.
var forgettable = []string{"dirsync.thumbnails", "dirsync.interval", "dirsync.once", "dirsync.conflict",
	"photo.source", "sharepoint.window", "sharepoint.windowFrom", "sharepoint.visit", "sharepoint.visitQueues",
	"sharepoint.maxDelay", "yammer.delay", "sharepoint.trigger", "yammer.sync"}

// TestBehaviourIsExact runs random pairs of rule sets (the second differs
// from the first in a few knobs the rules often stop reading) through one
// random log, and, where their states then have one Behaviour, through a
// random continuation: every view shows the same photos under both, and an
// observation of any of them keeps both (a log of observations cannot tell
// them apart either). It also needs pairs of both kinds to have been met.
func TestBehaviourIsExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(18, 17))
	runs := 200
	if *long {
		runs = 3000
	}
	actions := model.Actions(2)
	gaps := []time.Duration{0, 0, 1, time.Second, 9 * time.Second, 10 * time.Second, 30 * time.Minute, 3 * time.Hour,
		24 * time.Hour, 72 * time.Hour}
	same, apart := 0, 0
	for i := range runs {
		a := randomPair(rng, i)[0]
		b := a
		for range 1 + rng.IntN(3) {
			k, _ := model.LookupKnob(forgettable[rng.IntN(len(forgettable))])
			drawKnob(rng, &b, k)
		}
		sets := [2]*engine.Set{engine.New(&a, engine.Options{}), engine.New(&b, engine.Options{})}
		var at time.Duration
		var trail []string
		step := func(check bool) bool {
			at += gaps[rng.IntN(len(gaps))]
			act := actions[rng.IntN(len(actions))]
			trail = append(trail, fmt.Sprintf("at %s %s", model.FormatDuration(at), act))
			oa, ob := sets[0].Apply(at, act, nil), sets[1].Apply(at, act, nil)
			sa, sb := slices.Clone(oa.Shown()), slices.Clone(ob.Shown())
			if check && !slices.Equal(sa, sb) {
				t.Fatalf("one Behaviour, but %v under %v and %v under %v after\n%v",
					sa, model.Changed(model.Observed(), a), sb, model.Changed(model.Observed(), b), trail)
			}
			if act.Kind == model.View && rng.IntN(2) == 0 {
				// An observation: the photo shown under a (when b cannot show
				// it, the pair is told apart, which only matters when checked).
				p := sa[rng.IntN(len(sa))]
				trail[len(trail)-1] += " observed " + p.String()
				na := sets[0].Commit(oa, engine.Showing(p))
				nb := sets[1].Commit(ob, engine.Showing(p))
				if check && (na == 0) != (nb == 0) {
					t.Fatalf("one Behaviour, but an observation fits one of them only after\n%v", trail)
				}
				return na > 0 && nb > 0
			}
			sets[0].Commit(oa, nil)
			sets[1].Commit(ob, nil)
			return true
		}
		alive := true
		for range 1 + rng.IntN(12) {
			if alive = step(false); !alive {
				break
			}
		}
		if !alive {
			continue
		}
		ka, okA := Behaviour(a, sets[0].States(), 2)
		kb, okB := Behaviour(b, sets[1].States(), 2)
		if !okA || !okB {
			t.Fatalf("no Behaviour for rule sets that amend nothing")
		}
		if ka != kb {
			apart++
			continue
		}
		same++
		for range 20 {
			step(true)
		}
	}
	t.Logf("%d pairs with one Behaviour, %d with two", same, apart)
	if same < runs/10 || apart < runs/10 {
		t.Fatalf("%d pairs with one Behaviour, %d with two, of %d: the test checks too little", same, apart, runs)
	}
}
