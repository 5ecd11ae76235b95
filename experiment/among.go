package experiment

import (
	"fmt"
	"slices"
	"time"

	"photosync/engine"
	"photosync/model"
	"photosync/properties"
)

// Group is one rule set of a search among many (Among): for photosync
// infer, a group of candidate rule sets that the log has not told apart,
// run under one representative.
type Group struct {
	// Rules may track its reads (model.Rules.TrackReads): Among then
	// reports the knobs the search read from it (AmongResult.Reads).
	Rules model.Rules
	// Start is what the system may be in under Rules, every state at one
	// instant, the same for every group (the end of a log); nil: the start
	// of R13.
	Start []model.State
	// Weight is how many candidates the group stands for.
	Weight int
}

// AmongConfig is what a search among many rule sets tells apart, and how
// far it looks.
type AmongConfig struct {
	Groups []Group
	// Viewers, MaxDepth and MaxSituations are as in Config.
	Viewers, MaxDepth, MaxSituations int
	// Consts are more durations the search must tell clocks' ages apart up
	// to: those of candidates a group's representative stands for.
	Consts []time.Duration
	// Stop is as in Config: it ends the search with AmongResult.Stopped.
	Stop func() bool

	_ struct{}
}

// AmongResult is what a search among many rule sets found: the shortest
// experiments after which some view can show different photos under two
// of the groups, and among those the one whose worst outcome leaves the
// fewest candidates.
type AmongResult struct {
	// Moves are the experiment's actions, from the groups' instant, the
	// distinguishing view last; nil when the search found none.
	Moves []Step
	// Worst is the largest weight of the groups under which one photo of
	// the last view can show: how many candidates its worst outcome leaves.
	Worst int
	// Situations, Covered, Exhausted, OutOfBudget and Stopped are as in
	// Result.
	Situations, Covered             int
	Exhausted, OutOfBudget, Stopped bool
	// Reads are, per group, the knobs the search read from its Rules when
	// they track their reads.
	Reads []model.Reads
}

// Step is one action of an experiment among many rule sets, at its instant,
// with what each group predicts when it is a view.
type Step struct {
	At     time.Duration // absolute: from the start of R13
	Action model.Action
	Photo  model.Photo     // for a change, the photo it makes
	Shown  [][]model.Photo // for a view, the photos it can show under each group, sorted
}

// Among searches breadth-first, as Search does, for the shortest
// experiments that tell some of the groups apart, from the states they are
// in, and returns the one (the first in breadth-first order) whose worst
// outcome leaves the least weight. An earlier view of the experiment shows
// the same photos under every group, so only its last view is an
// observation that narrows them. One group alone is searched too: nothing
// tells it apart, but the knobs the search read (Reads) say on which its
// candidates must split before they can be told apart.
func Among(cfg AmongConfig) (AmongResult, error) {
	s, now, err := amongSearcher(cfg)
	if err != nil {
		return AmongResult{}, err
	}
	res, f := s.run()
	out := AmongResult{Worst: f.worst, Situations: res.Situations, Covered: res.Covered,
		Exhausted: res.Exhausted, OutOfBudget: res.OutOfBudget, Stopped: res.Stopped, Reads: make([]model.Reads, len(cfg.Groups))}
	for _, w := range s.workers {
		for i := range out.Reads {
			out.Reads[i] |= w.reads[i]
		}
	}
	if f.weak != nil {
		out.Moves = replayAmong(cfg.Groups, s.start, now, f.weak)
	}
	return out, nil
}

// amongSearcher makes Among's searcher over the groups, and returns the
// instant they start at.
func amongSearcher(cfg AmongConfig) (*searcher, time.Duration, error) {
	bounds := Config{Viewers: cfg.Viewers, MaxDepth: cfg.MaxDepth, MaxSituations: cfg.MaxSituations, Stop: cfg.Stop}
	if len(cfg.Groups) < 1 {
		return nil, 0, fmt.Errorf("experiment: no group (want at least 1)")
	}
	if err := bounds.bounds(); err != nil {
		return nil, 0, err
	}
	s := &searcher{
		cfg:     bounds,
		consts:  slices.Concat(properties.Bounds(), cfg.Consts),
		actions: model.Actions(bounds.Viewers),
		seen:    map[string]struct{}{},
	}
	var now time.Duration
	for i := range cfg.Groups {
		g := &cfg.Groups[i]
		start := g.Start
		if len(start) == 0 {
			start = []model.State{model.Initial()}
		}
		now = start[0].Now
		s.rules = append(s.rules, &g.Rules)
		s.start.sets = append(s.start.sets, start)
		s.weights = append(s.weights, g.Weight)
		s.weight += g.Weight
	}
	s.init()
	return s, now, nil
}

// replayAmong runs a path from the groups' states in absolute time, as the
// scenario runner will, recording what each view shows under each group.
func replayAmong(groups []Group, start situation, now time.Duration, path []step) []Step {
	sets := make([]*engine.Set, len(groups))
	rules := make([]model.Rules, len(groups))
	for i := range groups {
		rules[i] = groups[i].Rules
		rules[i].TrackReads(nil)
		sets[i] = engine.New(&rules[i], engine.Options{}, start.sets[i]...)
	}
	var moves []Step
	for _, st := range path {
		if st.action.Kind == 0 {
			now += st.wait
			continue
		}
		m := Step{At: now, Action: st.action}
		for _, set := range sets {
			outs := set.Apply(now, st.action, nil)
			if st.action.Kind == model.View {
				m.Shown = append(m.Shown, slices.Clone(outs.Shown()))
			}
			set.Commit(outs, nil)
		}
		if st.action.Kind == model.Change {
			m.Photo = model.V(int(sets[0].Beliefs()[0].State.Made))
		}
		moves = append(moves, m)
	}
	return moves
}
