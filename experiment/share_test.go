package experiment

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"

	"photosync/engine"
	"photosync/model"
)

// TestSharingIsExact checks the sharing of steps among rule sets in the
// same states (share.go) against the search that shares nothing: on
// random rule sets that differ from one another in a few knobs (time that
// branches among them), from the start or from the end of a short random
// log, Among and Search (decisive too) find the same experiments, with the
// same counts.
func TestSharingIsExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 15))
	for i := range 16 {
		base, groups := shareGroups(rng, i)
		cfg := AmongConfig{Groups: groups, MaxDepth: 3, MaxSituations: 150}
		got, err := Among(cfg)
		noSharing = true
		want, errWant := Among(cfg)
		noSharing = false
		if err != nil || errWant != nil {
			t.Fatalf("%d: %v, %v", i, err, errWant)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%d: among %v, sharing found\n%+v\nwithout sharing\n%+v", i, model.Changed(base, groups[1].Rules), got, want)
		}
		c := Config{A: groups[0].Rules, B: groups[1].Rules, MaxDepth: 4, MaxSituations: 300, Decisive: rng.IntN(2) == 0}
		gotS, err := Search(c)
		noSharing = true
		wantS, errWant := Search(c)
		noSharing = false
		if err != nil || errWant != nil {
			t.Fatalf("%d: %v, %v", i, err, errWant)
		}
		gotS.Elapsed, wantS.Elapsed = 0, 0
		if !reflect.DeepEqual(gotS, wantS) {
			t.Fatalf("%d: %v against %v, sharing found\n%s\nwithout sharing\n%s", i, model.Changed(base, c.A), model.Changed(base, c.B),
				gotS.Statement(), wantS.Statement())
		}
	}
}

// TestSharedStepsReadAll checks, step by step, what sharing trusts: on
// random knob-varied rule sets, in the situations a short breadth-first
// walk reaches, every step a rule set takes itself notes at least the
// knobs that the same step reads on a Set freshly reset to the situation,
// and every step's outcome, taken or shared, is the fresh Set's. The first
// half is the one that sees a later step miss the reads of the first one's
// passing of time (the engine reuses it: each's w.first). Outcomes alone
// cannot: letting time pass to a situation's own instant, where no timer
// is due, reads the timers' durations and may take a pending take, but it
// ends in the same beliefs under every rule set in the same states, so
// TestSharingIsExact stays green without those reads. Sharing is exact by
// the reads (experiment/doc.go), so they are checked as such.
func TestSharedStepsReadAll(t *testing.T) {
	rng := rand.New(rand.NewPCG(18, 15))
	steps, shared := 0, 0
	for i := range 6 {
		_, groups := shareGroups(rng, i)
		s, _, err := amongSearcher(AmongConfig{Groups: groups})
		if err != nil {
			t.Fatal(err)
		}
		w := s.workers[0]
		c := newFreshSteps(s.rules)
		queue, seen := []string{s.rootKey()}, map[string]bool{}
		for n := 0; n < len(queue) && n < 8; n++ {
			key := queue[n]
			w.load(key)
			for _, v := range s.views {
				w.each(stepView, s.actions[v], 0)
				c.check(t, w, stepView, s.actions[v], 0)
			}
			w.load(key)
			for _, a := range s.actions {
				w.each(stepAction, a, 0)
				c.check(t, w, stepAction, a, 0)
			}
			for _, d := range w.appendWaits(nil, w.sit) {
				w.each(stepWait, model.Action{}, d)
				c.check(t, w, stepWait, model.Action{}, d)
			}
			for _, ch := range w.children(key, nil) {
				if !seen[ch.key] {
					seen[ch.key] = true
					queue = append(queue, ch.key)
				}
			}
		}
		steps += c.steps
		shared += c.shared
		if t.Failed() {
			t.Fatalf("%d: rule sets %v", i, groups)
		}
	}
	if steps == 0 {
		t.Fatal("no step was checked")
	}
	t.Logf("%d steps taken, %d shared", steps, shared)
}

// freshSteps takes a step of the search again on a Set freshly reset to
// the situation, under each rule set, noting what it reads.
type freshSteps struct {
	rules  []model.Rules
	reads  []model.Reads
	sets   []*engine.Set
	steps  int // the steps a rule set took itself, checked
	shared int // the steps a rule set took from another, checked
}

func newFreshSteps(rules []*model.Rules) *freshSteps {
	c := &freshSteps{rules: make([]model.Rules, len(rules)), reads: make([]model.Reads, len(rules)), sets: make([]*engine.Set, len(rules))}
	for k, r := range rules {
		c.rules[k] = *r
		c.rules[k].Fix(allKnobs()) // as the worker's copy (track), so that both read alike
		c.rules[k].TrackReads(&c.reads[k])
		c.sets[k] = engine.New(&c.rules[k], engine.Options{})
	}
	return c
}

// check compares the step w.each just took with the fresh one under every
// rule set that shares.
func (c *freshSteps) check(t *testing.T, w *worker, kind stepKind, a model.Action, d time.Duration) {
	t.Helper()
	for k, set := range c.sets {
		if w.same[k] < 0 {
			continue
		}
		c.reads[k] = 0
		set.Reset(w.sit.sets[k]...)
		same := false
		switch kind {
		case stepView:
			same = slices.Equal(set.Shows(0, a), w.shown[k])
		case stepAction:
			same = reflect.DeepEqual(appendOutcomes(nil, set.Apply(0, a, nil)), w.next.sets[k])
		case stepWait:
			same = reflect.DeepEqual(advance(nil, set, w.sit.sets[k], d), w.next.sets[k])
		}
		if !same {
			t.Errorf("rule set %d, step %v (wait %v): the outcome differs from a fresh Set's (took it itself: %v)", k, a, d, w.took[k])
		}
		if !w.took[k] {
			c.shared++
		}
		if w.took[k] {
			c.steps++
			if miss := c.reads[k] &^ w.read[k]; miss != 0 {
				t.Errorf("rule set %d, step %v (wait %v): noted %v, a fresh Set reads %v too", k, a, d, knobNames(w.read[k]), knobNames(miss))
			}
		}
	}
}

// knobNames returns the names of the knobs in rs.
func knobNames(rs model.Reads) []string {
	var out []string
	for _, i := range rs.Knobs() {
		out = append(out, model.Knobs()[i].Name)
	}
	return out
}

// shareGroups returns a random rule set and 2 to 5 weighted groups that
// differ from it in a knob or two, named after case i, from the start or,
// half the time, from the end of a short random log, the same under every
// group.
func shareGroups(rng *rand.Rand, i int) (model.Rules, []Group) {
	base := shareDraw(rng, randomNamed(rng), 1+rng.IntN(8))
	groups := make([]Group, 2+rng.IntN(4))
	for g := range groups {
		groups[g] = Group{Rules: shareDraw(rng, base, 1+rng.IntN(2)), Weight: 1 + rng.IntN(4)}
		groups[g].Rules.Name = fmt.Sprintf("random-%d-%d", i, g)
	}
	if rng.IntN(2) == 0 {
		actions := model.Actions(2)
		sets := make([]*engine.Set, len(groups))
		for g := range groups {
			sets[g] = engine.New(&groups[g].Rules, engine.Options{})
		}
		var at time.Duration
		for range 2 + rng.IntN(4) {
			at += []time.Duration{0, time.Second, time.Minute, time.Hour}[rng.IntN(4)]
			a := actions[rng.IntN(len(actions))]
			for _, set := range sets {
				set.Commit(set.Apply(at, a, nil), nil)
			}
		}
		for g, set := range sets {
			groups[g].Start = set.States()
		}
	}
	return base, groups
}

// randomNamed returns a named rule set.
func randomNamed(rng *rand.Rand) model.Rules {
	names := model.NamedRuleSets()
	r, _ := model.Named(names[rng.IntN(len(names))])
	return r
}

// shareDraw returns r with n knobs redrawn: an enumerated knob to any of
// its values, a duration to one of a few around the rules' constants.
func shareDraw(rng *rand.Rand, r model.Rules, n int) model.Rules {
	knobs := model.Knobs()
	for range n {
		k := knobs[rng.IntN(len(knobs))]
		values := k.Choices()
		if values == nil {
			values = []string{"0s", "1s", "10s", "1h", "72h"}
		}
		_ = r.Set(k.Name, values[rng.IntN(len(values))]) // a value a knob refuses leaves it as it was
	}
	return r
}
