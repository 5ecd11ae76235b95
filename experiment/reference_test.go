package experiment

import (
	"slices"
	"testing"
	"time"

	"pgregory.net/rapid"

	"photosync/model"
	"photosync/properties"
)

// The reference: a plain depth-first search over the same experiments,
// in absolute time, each step through engine.Set as the scenario runner
// takes it (pending takes at any instant of their span), merging no
// states and no situations at all. It is slow, so it looks only a few
// steps deep; the fast search must find an experiment of the same length.

type refSituation struct{ a, b []model.State }

func refStep(r *model.Rules, states []model.State, a model.Action) (next []model.State, shown []string) {
	next, photos := stepAll(r, states, a, nil, nil)
	for _, p := range photos {
		shown = append(shown, p.String())
	}
	slices.Sort(shown)
	return unique(next), slices.Compact(shown)
}

// refAdvance lets time pass to the instant to in every state.
func refAdvance(r *model.Rules, states []model.State, to time.Duration) []model.State {
	return advanceAll(r, states, to-states[0].Now, nil)
}

// refLength returns the length of a shortest distinguishing experiment of
// at most depth steps, or 0.
func refLength(a, b *model.Rules, viewers, depth int) int {
	return refShortest(a, b, viewers, depth, func(sa, sb []string) bool { return !slices.Equal(sa, sb) })
}

// refDecisive returns the length of a shortest decisive experiment of at
// most depth steps (no photo its last view can show is possible under
// both), or 0.
func refDecisive(a, b *model.Rules, viewers, depth int) int {
	return refShortest(a, b, viewers, depth, func(sa, sb []string) bool {
		for _, p := range sa {
			if slices.Contains(sb, p) {
				return false
			}
		}
		return true
	})
}

// refShortest returns the length of a shortest experiment of at most depth
// steps whose last view's photos under a and under b satisfy ends, or 0.
func refShortest(a, b *model.Rules, viewers, depth int, ends func(sa, sb []string) bool) int {
	actions := model.Actions(viewers)
	var tells func(s refSituation, steps int) bool
	tells = func(s refSituation, steps int) bool {
		for _, act := range actions {
			if act.Kind != model.View {
				continue
			}
			_, sa := refStep(a, s.a, act)
			_, sb := refStep(b, s.b, act)
			if ends(sa, sb) {
				return true
			}
		}
		if steps == 1 {
			return false
		}
		for _, act := range actions {
			na, _ := refStep(a, s.a, act)
			nb, _ := refStep(b, s.b, act)
			if tells(refSituation{na, nb}, steps-1) {
				return true
			}
		}
		var at []time.Duration
		for _, st := range s.a {
			at = append(at, properties.Deadlines(a, &st)...)
		}
		for _, st := range s.b {
			at = append(at, properties.Deadlines(b, &st)...)
		}
		slices.Sort(at)
		for _, to := range slices.Compact(at) {
			if tells(refSituation{refAdvance(a, s.a, to), refAdvance(b, s.b, to)}, steps-1) {
				return true
			}
		}
		return false
	}
	start := refSituation{[]model.State{model.Initial()}, []model.State{model.Initial()}}
	for d := 1; d <= depth; d++ {
		if tells(start, d) {
			return d
		}
	}
	return 0
}

// TestAgainstReference: for rule sets that differ in one knob, the search
// finds an experiment exactly as long as the reference's, when the
// reference finds one within 3 steps, and a longer one otherwise.
func TestAgainstReference(t *testing.T) {
	if testing.Short() {
		t.Skip("a few seconds")
	}
	for _, kv := range [][2]string{
		{"sharepoint.visit", "once"}, {"sharepoint.windowFrom", "last-change"}, {"sharepoint.visit", "never"},
		{"lync.cacheTTL", "0s"}, {"picker.cacheBusting", "false"}, {"dirsync.interval", "1h"},
		{"sharepoint.visitQueues", "false"}, {"lync.offlineHidesPhoto", "false"},
	} {
		b := model.Observed()
		b.Name = kv[0] + "-" + kv[1]
		if err := b.Set(kv[0], kv[1]); err != nil {
			t.Fatal(err)
		}
		a := model.Observed()
		want := refLength(&a, &b, 2, 3)
		res, err := Search(Config{A: a, B: b, MaxDepth: 5})
		if err != nil || res.Experiment == nil {
			t.Fatalf("%s: %v %s", b.Name, err, res.Statement())
		}
		got := res.Experiment.Length
		if want != 0 && got != want || want == 0 && got <= 3 {
			t.Errorf("%s: the search finds %d steps, the reference %d (0: none within 3)", b.Name, got, want)
		}
	}
}

// TestNormalizationIsExact: along random experiments, a situation and its
// normal form (normalized, encoded and decoded, and carried on from there)
// agree on everything the search reads: whether each view tells the rule
// sets apart, whether it is decisive, how many photos it can show under
// each, and where the waits go.
func TestNormalizationIsExact(t *testing.T) {
	a, b := model.Observed(), model.Documented()
	b.Window, b.DirSyncInterval, b.OWACacheTTL = 24*time.Hour, time.Hour, 30*time.Second
	b.BrowserCacheTTL = 2 * time.Hour
	actions := model.Actions(2)
	rapid.Check(t, func(rt *rapid.T) {
		s := newSearcherForTest(a, b)
		raw := pair([]model.State{model.Initial()}, []model.State{model.Initial()})
		norm := pair(slices.Clone(raw.sets[0]), slices.Clone(raw.sets[1]))
		norm = decodeKey(s.norm.normalize(&norm), 2)
		for i := range rapid.IntRange(1, 12).Draw(rt, "steps") {
			for _, act := range actions {
				if act.Kind != model.View {
					continue
				}
				_, ra := stepAll(&a, raw.sets[0], act, nil, nil)
				_, rb := stepAll(&b, raw.sets[1], act, nil, nil)
				_, na := stepAll(&a, norm.sets[0], act, nil, nil)
				_, nb := stepAll(&b, norm.sets[1], act, nil, nil)
				if slices.Equal(ra, rb) != slices.Equal(na, nb) || disjoint(ra, rb) != disjoint(na, nb) ||
					len(ra) != len(na) || len(rb) != len(nb) {
					rt.Fatalf("step %d, %s: raw shows %v / %v, normal form %v / %v", i, act, ra, rb, na, nb)
				}
			}
			rawWaits := relative(s.waitsOf(raw), raw.sets[0][0].Now)
			normWaits := s.waitsOf(norm)
			if !slices.Equal(rawWaits, normWaits) {
				rt.Fatalf("step %d: raw waits %v, normal form %v", i, rawWaits, normWaits)
			}
			if rapid.Bool().Draw(rt, "wait") {
				d := rapid.SampledFrom(normWaits).Draw(rt, "wait for")
				raw = pair(advanceAll(&a, raw.sets[0], d, nil), advanceAll(&b, raw.sets[1], d, nil))
				norm = pair(advanceAll(&a, norm.sets[0], d, nil), advanceAll(&b, norm.sets[1], d, nil))
			} else {
				act := rapid.SampledFrom(actions).Draw(rt, "action")
				raw.sets[0], _ = stepAll(&a, raw.sets[0], act, nil, nil)
				raw.sets[1], _ = stepAll(&b, raw.sets[1], act, nil, nil)
				raw.sets[0], raw.sets[1] = unique(raw.sets[0]), unique(raw.sets[1])
				norm.sets[0], _ = stepAll(&a, norm.sets[0], act, nil, nil)
				norm.sets[1], _ = stepAll(&b, norm.sets[1], act, nil, nil)
			}
			norm = decodeKey(s.norm.normalize(&norm), 2)
		}
	})
}

func newSearcherForTest(a, b model.Rules) *worker {
	s := &searcher{rules: []*model.Rules{&a, &b}, consts: properties.Bounds()}
	return s.newWorker()
}

// relative returns instants as durations from now.
func relative(ats []time.Duration, now time.Duration) []time.Duration {
	out := make([]time.Duration, len(ats))
	for i, at := range ats {
		out[i] = at - now
	}
	return out
}
