package experiment

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"photosync/engine"
	"photosync/model"
	"photosync/properties"
)

// logLine is one line of a random log: a gap since the line before, an
// action, and whether a view is an observation (of the k-th photo both
// rule sets can show there).
type logLine struct {
	gap     time.Duration
	act     model.Action
	observe int // −1: no observation
}

// drawLog draws a random log of up to n lines: actions at random gaps,
// half the views observations.
func drawLog(rng *rand.Rand, n int) []logLine {
	actions := model.Actions(2)
	gaps := []time.Duration{0, 1, time.Second, 9 * time.Second, 10 * time.Second, 30 * time.Minute, 3 * time.Hour,
		24 * time.Hour, 72 * time.Hour}
	var out []logLine
	for range rng.IntN(n + 1) {
		l := logLine{gap: gaps[rng.IntN(len(gaps))], act: actions[rng.IntN(len(actions))], observe: -1}
		if l.act.Kind == model.View && rng.IntN(2) == 0 {
			l.observe = rng.IntN(3)
		}
		out = append(out, l)
	}
	return out
}

// runLog runs a log under a and under b, the same lines under both, and
// returns the states each ends in at instant end (at least the last
// line's; 0: the last line's). An observation keeps the states that show
// one photo both can show there (none: the view is not observed), as a
// log's observe lines narrow them. Each Set forgets and merges as
// photosync infer's do, or keeps every state apart, at random. The lines
// come back written out, for failure messages.
func runLog(rng *rand.Rand, a, b model.Rules, log []logLine, end time.Duration) (sa, sb []model.State, lines []string) {
	opts := func() engine.Options {
		if rng.IntN(2) == 0 {
			return engine.Options{Forget: true, MergeCaches: true}
		}
		return engine.Options{}
	}
	sets := [2]*engine.Set{engine.New(&a, opts()), engine.New(&b, opts())}
	var at time.Duration
	for _, l := range log {
		at += l.gap
		oa, ob := sets[0].Apply(at, l.act, nil), sets[1].Apply(at, l.act, nil)
		line := fmt.Sprintf("at %s %s", model.FormatDuration(at), l.act)
		var both []model.Photo
		for _, p := range oa.Shown() {
			if slices.Contains(ob.Shown(), p) {
				both = append(both, p)
			}
		}
		if l.observe >= 0 && len(both) > 0 {
			p := both[l.observe%len(both)]
			sets[0].Commit(oa, engine.Showing(p))
			sets[1].Commit(ob, engine.Showing(p))
			line = fmt.Sprintf("at %s observe %s %s %s", model.FormatDuration(at), l.act.Surface, l.act.Viewer, p)
		} else {
			sets[0].Commit(oa, nil)
			sets[1].Commit(ob, nil)
		}
		lines = append(lines, line)
	}
	if end > at {
		for _, set := range sets {
			set.Advance(end, nil)
		}
		lines = append(lines, "until "+model.FormatDuration(end))
	}
	return sets[0].States(), sets[1].States(), lines
}

// logEnd is the instant a log's last line is at.
func logEnd(log []logLine) time.Duration {
	var at time.Duration
	for _, l := range log {
		at += l.gap
	}
	return at
}

// searchFrom runs the search of photosync diff (Search's, which stops at
// the first view that tells the rule sets apart) from states sa and sb,
// and replays what it finds from them in absolute time: the brute force
// Decide's answers from given states are checked against.
func searchFrom(a, b model.Rules, sa, sb []model.State, viewers, situations int) (Result, []Step, error) {
	cfg := Config{A: a, B: b, Viewers: viewers, MaxSituations: situations}
	if err := cfg.bounds(); err != nil {
		return Result{}, nil, err
	}
	s := &searcher{cfg: cfg, rules: []*model.Rules{&cfg.A, &cfg.B}, start: pair(sa, sb),
		consts: properties.Bounds(), actions: model.Actions(cfg.Viewers), seen: map[string]struct{}{}}
	s.init()
	res, f := s.run()
	if f.weak == nil {
		return res, nil, nil
	}
	return res, replayAmong([]Group{{Rules: a}, {Rules: b}}, s.start, sa[0].Now, f.weak), nil
}

// TestDecideFromStatesAgainstSearch is Decide's slow twin from given
// states: random knob-varied pairs (randomPair), each through a random log
// (randomLog, forgetting and merging as infer's Sets do or not), and
// Decide from the states the log leaves against the search from the same
// states (searchFrom). A pair Decide calls indistinguishable has no
// experiment the search finds; a pair it separates is not one the search
// exhausted; every experiment found replays, its last view telling the
// rule sets apart. Half the pairs are one rule set against itself, each
// side through its own Set (one merging, the other not, at random): the
// same system, its states carried differently (the History, forgotten
// clocks, merged cache entries), which Decide must call indistinguishable
// whenever the search does not tell them apart. Fixed seed; -long: more
// pairs, searched further.
func TestDecideFromStatesAgainstSearch(t *testing.T) {
	n, lines, situations, beliefs := 16, 6, 400, 300
	if *long {
		n, lines, situations, beliefs = 300, 12, 20_000, 20_000
	}
	rng := rand.New(rand.NewPCG(18, 7))
	var same, apart, bounded, found int
	for i := range n {
		p := randomPair(rng, i)
		log := drawLog(rng, lines)
		var sa, sb []model.State
		var trail []string
		switch i % 3 {
		case 0: // two rule sets, one log
			sa, sb, trail = runLog(rng, p[0], p[1], log, 0)
		case 1: // one rule set, one log, its states carried two ways
			p[1] = p[0]
			p[1].Name += "-again"
			sa, sb, trail = runLog(rng, p[0], p[1], log, 0)
		default: // one rule set, two logs that differ in one line's time, to one instant
			p[1] = p[0]
			p[1].Name += "-other-log"
			other := slices.Clone(log)
			if len(other) > 0 {
				j := rng.IntN(len(other))
				other[j].gap += []time.Duration{1, time.Second, 10 * time.Second, 3 * time.Hour}[rng.IntN(4)]
			}
			end := max(logEnd(log), logEnd(other))
			var trailB []string
			sa, _, trail = runLog(rng, p[0], p[0], log, end)
			_, sb, trailB = runLog(rng, p[1], p[1], other, end)
			trail = append(append(trail, "(A's log; B's:)"), trailB...)
		}
		if len(sa) == 0 || len(sb) == 0 {
			continue
		}
		viewers := 2 - i%4/3 // every fourth pair decided for the subject alone, its log naming observer too
		what := fmt.Sprintf("%s vs %s (%v), %d viewers, after\n  %s", p[0].Name, p[1].Name, model.Changed(p[0], p[1]), viewers, strings.Join(trail, "\n  "))
		d, err := Decide(DecideConfig{A: p[0], B: p[1], StartA: sa, StartB: sb, MaxBeliefs: beliefs, Viewers: viewers})
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		res, moves, err := searchFrom(p[0], p[1], sa, sb, viewers, situations)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if moves != nil {
			found++
			last := moves[len(moves)-1]
			if last.Action.Kind != model.View || slices.Equal(last.Shown[0], last.Shown[1]) {
				t.Errorf("%s: the search's experiment does not replay: %+v", what, moves)
			}
		}
		switch {
		case d.Indistinguishable:
			same++
			if moves != nil {
				t.Errorf("%s: indistinguishable, but the search found %d steps, the last %s: %v under A, %v under B",
					what, len(moves), moves[len(moves)-1].Action, moves[len(moves)-1].Shown[0], moves[len(moves)-1].Shown[1])
			}
		case d.Distinguishable:
			apart++
			if res.Exhausted {
				t.Errorf("%s: distinguishable, but the search exhausted: %s", what, res.Statement())
			}
		default:
			bounded++
		}
	}
	t.Logf("%d pairs: %d indistinguishable, %d distinguishable (%d experiments found), %d bounded", n, same, apart, found, bounded)
	if same == 0 || apart == 0 {
		t.Errorf("the pairs drawn test one answer only")
	}
}

// TestDecideFromInitial: the start of R13 given as states is the start of
// R13 (the same answer on the named pairs, and on one rule set against
// itself, reduced); states at two instants, or an empty list, are an
// error.
func TestDecideFromInitial(t *testing.T) {
	start := []model.State{model.Initial()}
	for _, p := range [][2]model.Rules{{model.Observed(), model.Documented()}, {model.Observed(), model.Observed()},
		{rulesWith(t, "observed", "photo.source", "cloud"), rulesWith(t, "observed", "dirsync.once", "true")}} {
		plain, err := Decide(DecideConfig{A: p[0], B: p[1]})
		if err != nil {
			t.Fatal(err)
		}
		given, err := Decide(DecideConfig{A: p[0], B: p[1], StartA: start, StartB: start})
		if err != nil {
			t.Fatal(err)
		}
		if plain.Indistinguishable != given.Indistinguishable || plain.Distinguishable != given.Distinguishable ||
			plain.Depth != given.Depth || plain.Reduced != given.Reduced || plain.Projections != given.Projections {
			t.Errorf("%s vs %s: %+v from the start, %+v from its state", p[0].Name, p[1].Name, plain, given)
		}
	}
	later := model.Initial()
	later.Now = time.Hour
	for _, cfg := range []DecideConfig{{StartA: start, StartB: []model.State{later}}, {StartA: []model.State{}}} {
		cfg.A, cfg.B = model.Observed(), model.Observed()
		if _, err := Decide(cfg); err == nil {
			t.Errorf("%+v: no error", cfg)
		}
	}
}

// TestDecideFromStatesFewerViewers: states whose log used more viewers
// than the decision compares, with a take pending: the other viewers'
// caches are forgotten before the take is taken (their clocks are not
// tracked).
func TestDecideFromStatesFewerViewers(t *testing.T) {
	r := rulesWith(t, "modern")
	set := engine.New(&r, engine.Options{})
	for _, a := range []model.Action{{Kind: model.View, Surface: model.OutlookOnlineContactCard, Viewer: model.Observer},
		{Kind: model.Change, Source: model.FromOutlookOnline}} {
		set.Commit(set.Apply(time.Second, a, nil), nil)
	}
	states := set.States()
	pending := false
	for _, s := range states {
		pending = pending || s.Running.Has(model.ClockSharePointSpan)
	}
	if !pending {
		t.Fatalf("no take pending in %v", states)
	}
	d, err := Decide(DecideConfig{A: r, B: r, StartA: states, StartB: states, Viewers: 1})
	if err != nil || !d.Indistinguishable {
		t.Errorf("%+v %v", d, err)
	}
}

// TestDecideFromOtherViewersCache: one rule set from states that differ
// only in whether the observer viewed a card before a change (its cache
// holds the old photo, or nothing), under A or under B: Decide keeps the
// observer's projection, whose caches are not empty in every start state,
// and tells them apart where the search does.
func TestDecideFromOtherViewersCache(t *testing.T) {
	view := model.Action{Kind: model.View, Surface: model.OutlookOnlineContactCard, Viewer: model.Observer}
	change := model.Action{Kind: model.Change, Source: model.FromOutlookOnline}
	for _, name := range []string{"observed", "modern"} {
		r := rulesWith(t, name)
		states := func(viewed bool) []model.State {
			set := engine.New(&r, engine.Options{})
			if viewed {
				set.Commit(set.Apply(time.Second, view, nil), nil)
			}
			set.Commit(set.Apply(2*time.Second, change, nil), nil)
			set.Advance(3*time.Second, nil)
			return set.States()
		}
		viewed, not := states(true), states(false)
		for _, st := range append(slices.Clone(viewed), not...) {
			if st.Cache[model.Subject-1] != [len(st.Cache[0])]model.Photo{} {
				t.Fatalf("%s: the subject's caches hold %v", name, st.Cache[model.Subject-1])
			}
		}
		for _, p := range [][2][]model.State{{viewed, not}, {not, viewed}} {
			d, err := Decide(DecideConfig{A: r, B: r, StartA: p[0], StartB: p[1]})
			if err != nil {
				t.Fatal(err)
			}
			_, moves, err := searchFrom(r, r, p[0], p[1], 2, 400)
			if err != nil {
				t.Fatal(err)
			}
			if moves == nil || !d.Distinguishable {
				t.Errorf("%s, the observer's cache filled under %s only: %+v; the search found %d steps",
					name, map[bool]string{true: "A", false: "B"}[len(p[0]) == len(viewed) && p[0][0] == viewed[0]], d, len(moves))
			}
		}
	}
}
