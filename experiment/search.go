package experiment

import (
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"photosync/model"
	"photosync/properties"
)

// The default bounds of a search.
const (
	DefaultMaxDepth      = 10      // steps: actions and waits
	DefaultMaxSituations = 200_000 // distinct situations
)

// Config is what to tell apart and how far to look.
type Config struct {
	A, B model.Rules // the rule sets to tell apart; the experiment is written under A

	// Viewers is how many viewers take part (subject, observer, observer2,
	// …); 0 means 2.
	Viewers int
	// MaxDepth bounds the length of an experiment in steps: actions and
	// waits, the final view included; 0 means DefaultMaxDepth.
	MaxDepth int
	// MaxSituations bounds how many distinct situations the search keeps;
	// 0 means DefaultMaxSituations.
	MaxSituations int

	_ struct{}
}

// Result is what a search found, and how far it looked.
type Result struct {
	// Experiment is a shortest distinguishing experiment, or nil when the
	// search found none within its bounds.
	Experiment *Experiment
	// Situations is how many distinct situations the search looked at.
	Situations int
	// Covered is the length, in steps, up to which every experiment was
	// tried: no experiment of at most Covered steps tells A from B unless
	// one was found (then the found one has Covered+1 steps).
	Covered int
	// MaxDepth is the bound on steps the search ran with.
	MaxDepth int
	// Exhausted reports that the search ran out of new situations before
	// its bounds: no experiment of any length tells A from B.
	Exhausted bool
	// OutOfBudget reports that MaxSituations stopped the search before
	// MaxDepth.
	OutOfBudget bool
	// Elapsed is how long the search took (for benchmarks and logs; never
	// printed in an experiment).
	Elapsed time.Duration

	A, B string // the names of the rule sets

	_ struct{}
}

// Statement says what a search that found nothing has shown, in one
// sentence: the bound it reached, what its steps are, and how many
// situations it explored.
func (r Result) Statement() string {
	what := "(actions and waits to the deadlines of the running clocks)"
	switch {
	case r.Experiment != nil:
		return fmt.Sprintf("an experiment of %s %s tells %s from %s; explored %s situations",
			steps(r.Experiment.Length), what, r.A, r.B, thousands(r.Situations))
	case r.Exhausted:
		return fmt.Sprintf("no experiment of any length %s tells %s from %s: every one of the %s situations they reach was explored",
			what, r.A, r.B, thousands(r.Situations))
	case r.OutOfBudget:
		return fmt.Sprintf("no experiment of at most %s %s tells %s from %s; explored %s situations, "+
			"when the limit on situations stopped the search short of %s",
			steps(r.Covered), what, r.A, r.B, thousands(r.Situations), steps(r.MaxDepth))
	}
	return fmt.Sprintf("no experiment of at most %s %s tells %s from %s; explored %s situations",
		steps(r.Covered), what, r.A, r.B, thousands(r.Situations))
}

// steps writes "1 step", "3 steps".
func steps(n int) string {
	if n == 1 {
		return "1 step"
	}
	return fmt.Sprintf("%d steps", n)
}

// thousands writes n with commas between groups of three digits.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// node is a situation the search reached: how, for the way back.
type node struct {
	parent int32         // the node it was reached from; -1 for the start
	action int16         // the index of the action in the search's actions, or -1 for a wait
	wait   time.Duration // for a wait, how long
}

// step is one step of a path: an action, or a wait of a duration.
type step struct {
	action model.Action // Kind 0 for a wait
	wait   time.Duration
}

// searcher is one search under way.
type searcher struct {
	cfg     Config
	a, b    *model.Rules
	actions []model.Action
	views   []int // the indices of view actions in actions, in the order a final view is tried
	nodes   []node
	seen    map[string]struct{}
	workers []*worker
}

// worker computes what follows situations, with its own scratch space; the
// search runs one per processor on the situations of a batch and merges
// their results in order, so the result does not depend on how many there
// are.
type worker struct {
	s              *searcher
	norm           *normalizer
	bufA, bufB     []model.State
	shownA, shownB []model.Photo
}

// batch is how many situations the workers take on between two merges.
const batch = 256

// Search looks for a shortest experiment after which some view can show,
// under cfg.A, a photo set different from the one it can show under cfg.B,
// breadth-first over situations (see the package doc). The error is for a
// bad Config or a broken search (an experiment that does not replay), never
// for finding nothing.
func Search(cfg Config) (Result, error) {
	start := time.Now()
	if cfg.Viewers == 0 {
		cfg.Viewers = 2
	}
	if cfg.MaxDepth == 0 {
		cfg.MaxDepth = DefaultMaxDepth
	}
	if cfg.MaxSituations == 0 {
		cfg.MaxSituations = DefaultMaxSituations
	}
	switch {
	case cfg.Viewers < 1 || cfg.Viewers > model.MaxViewers:
		return Result{}, fmt.Errorf("experiment: %d viewers (want 1 to %d)", cfg.Viewers, model.MaxViewers)
	case cfg.MaxDepth < 1:
		return Result{}, fmt.Errorf("experiment: a depth bound of %d steps (want at least 1)", cfg.MaxDepth)
	case cfg.MaxSituations < 1:
		return Result{}, fmt.Errorf("experiment: a bound of %d situations (want at least 1)", cfg.MaxSituations)
	}
	s := &searcher{
		cfg:     cfg,
		a:       &cfg.A,
		b:       &cfg.B,
		actions: model.Actions(cfg.Viewers),
		seen:    map[string]struct{}{},
	}
	for range runtime.GOMAXPROCS(0) {
		s.workers = append(s.workers, s.newWorker())
	}
	s.views = finalViews(s.actions)
	res, path := s.run()
	res.A, res.B, res.MaxDepth = label(cfg.A), label(cfg.B), cfg.MaxDepth
	var err error
	if path != nil {
		res.Experiment, err = replay(cfg, path)
		if res.Experiment != nil {
			res.Experiment.Situations, res.Experiment.Length = res.Situations, len(path)
		}
	}
	res.Elapsed = time.Since(start)
	return res, err
}

// finalViews returns the indices of the view actions, in the order the
// search tries them as the last step: views by observers before the
// subject's (an observer's view changes nothing but a cache), and among
// surfaces, those read through no cache first (what they show does not
// depend on what the browser kept from before the experiment), then the
// rest in the SPEC's order.
func finalViews(actions []model.Action) []int {
	rank := func(a model.Action) int {
		order := []model.Surface{model.SharePointPeoplePicker, model.YammerSurface}
		r := len(order) + int(a.Surface)
		if i := slices.Index(order, a.Surface); i >= 0 {
			r = i
		}
		v := int(a.Viewer)
		if a.Viewer == model.Subject {
			v = model.MaxViewers + 1
		}
		return v*100 + r
	}
	var views []int
	for i, a := range actions {
		if a.Kind == model.View {
			views = append(views, i)
		}
	}
	slices.SortStableFunc(views, func(i, j int) int { return rank(actions[i]) - rank(actions[j]) })
	return views
}

func (s *searcher) newWorker() *worker {
	return &worker{s: s, norm: newNormalizer(s.a, s.b, []time.Duration{properties.Settle, properties.Window})}
}

// parallel calls f(w, i) for every i below n, spread over the workers.
func (s *searcher) parallel(n int, f func(w *worker, i int)) {
	if n == 1 || len(s.workers) == 1 {
		for i := range n {
			f(s.workers[0], i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for _, w := range s.workers {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				f(w, i)
			}
		})
	}
	wg.Wait()
}

// run is the breadth-first search. It returns the path to the situation
// whose view tells A from B, the view last, or nil.
func (s *searcher) run() (Result, []step) {
	var res Result
	root := situation{a: []model.State{model.Initial()}, b: []model.State{model.Initial()}}
	key := s.workers[0].norm.normalize(&root)
	s.seen[key] = struct{}{}
	s.nodes = append(s.nodes, node{parent: -1, action: -1})
	level, ids := []string{key}, []int32{0}
	complete := true // every situation of this level was kept
	found := make([]int, batch)
	children := make([][]child, batch)
	for depth := 0; depth < s.cfg.MaxDepth; depth++ {
		// Probing this level tries every experiment of depth+1 steps. It
		// comes first, so that the level where an experiment is found is
		// never expanded.
		for lo := 0; lo < len(level); lo += batch {
			part := level[lo:min(lo+batch, len(level))]
			s.parallel(len(part), func(w *worker, i int) { found[i] = w.probe(decodeKey(part[i])) })
			for i := range part {
				res.Situations++
				if found[i] >= 0 {
					return res, s.path(ids[lo+i], step{action: s.actions[found[i]]})
				}
			}
		}
		if !complete {
			break // the rest of a level cut short by the budget was probed: that is all
		}
		res.Covered = depth + 1
		if depth+1 == s.cfg.MaxDepth {
			break
		}
		var nextLevel []string
		var nextIDs []int32
		for lo := 0; lo < len(level) && complete; lo += batch {
			part := level[lo:min(lo+batch, len(level))]
			s.parallel(len(part), func(w *worker, i int) { children[i] = w.children(decodeKey(part[i]), children[i][:0]) })
		merge:
			for i := range part {
				for _, c := range children[i] {
					if _, ok := s.seen[c.key]; ok {
						continue
					}
					if len(s.nodes) >= s.cfg.MaxSituations {
						res.OutOfBudget, complete = true, false
						break merge
					}
					s.seen[c.key] = struct{}{}
					s.nodes = append(s.nodes, node{parent: ids[lo+i], action: c.action, wait: c.wait})
					nextLevel = append(nextLevel, c.key)
					nextIDs = append(nextIDs, int32(len(s.nodes)-1))
				}
			}
		}
		if len(nextLevel) == 0 {
			res.Exhausted = !res.OutOfBudget
			break
		}
		level, ids = nextLevel, nextIDs
	}
	return res, nil
}

// child is a successor of a situation, not yet deduplicated.
type child struct {
	key    string
	action int16
	wait   time.Duration
}

// probe tries every view of a situation as the last step. It returns the
// first view, in the order of s.views, that can show different photos
// under A and under B (an index in actions), or -1.
func (w *worker) probe(sit situation) int {
	s := w.s
	for _, i := range s.views {
		w.bufA, w.shownA = stepAll(s.a, sit.a, s.actions[i], w.bufA[:0], w.shownA[:0])
		w.bufB, w.shownB = stepAll(s.b, sit.b, s.actions[i], w.bufB[:0], w.shownB[:0])
		if !slices.Equal(w.shownA, w.shownB) {
			return i
		}
	}
	return -1
}

// children appends to out the successors of a situation: every action at
// this instant in the fixed order of model.Actions, then every wait to an
// instant of properties.Deadlines over the states of both rule sets,
// soonest first.
func (w *worker) children(sit situation, out []child) []child {
	s := w.s
	for i, a := range s.actions {
		var next situation
		next.a, _ = stepAll(s.a, sit.a, a, w.bufA[:0], w.shownA[:0])
		next.b, _ = stepAll(s.b, sit.b, a, w.bufB[:0], w.shownB[:0])
		w.bufA, w.bufB = next.a, next.b
		out = append(out, child{key: w.norm.normalize(&next), action: int16(i)})
	}
	for _, d := range s.waits(sit) {
		next := situation{a: advanceAll(s.a, sit.a, d, w.bufA[:0]), b: advanceAll(s.b, sit.b, d, w.bufB[:0])}
		w.bufA, w.bufB = next.a, next.b
		out = append(out, child{key: w.norm.normalize(&next), action: -1, wait: d})
	}
	return out
}

// waits returns the instants worth waiting for from a situation (its
// states are at Now 0): properties.Deadlines of every state, under its own
// rule set, sorted and without duplicates.
func (s *searcher) waits(sit situation) []time.Duration {
	var ds []time.Duration
	for _, st := range sit.a {
		ds = append(ds, properties.Deadlines(s.a, &st)...)
	}
	for _, st := range sit.b {
		ds = append(ds, properties.Deadlines(s.b, &st)...)
	}
	slices.Sort(ds)
	return slices.Compact(ds)
}

// stepAll applies a to every state as the scenario runner does (timers due
// now fire first), and appends to next every outcome and to shown, for a
// view, the photos it can show, sorted, without the Yammer mark. It
// enumerates outcomes as model.Step does, through model.Apply with one
// reusable set of choices; an outcome found twice is merged later, when
// the situation is normalized.
func stepAll(r *model.Rules, states []model.State, a model.Action, next []model.State, shown []model.Photo) ([]model.State, []model.Photo) {
	var ch model.Choices
	env := model.Concrete(&ch)
	for _, st := range states {
		if at, ok := model.NextDue(r, st); ok && at <= st.Now {
			st, _ = model.Advance(r, st, st.Now)
		}
		for more := true; more; more = ch.Next() {
			ch.Rewind()
			n, ok := model.Apply(r, st, a, env)
			if !ok {
				continue
			}
			next = append(next, n.State)
			if a.Kind == model.View {
				if p := n.Shown.Plain(); !slices.Contains(shown, p) {
					shown = append(shown, p)
				}
			}
		}
	}
	slices.Sort(shown)
	return next, shown
}

// advanceAll lets d pass in every state, appending the results to next.
func advanceAll(r *model.Rules, states []model.State, d time.Duration, next []model.State) []model.State {
	for _, st := range states {
		s, _ := model.Advance(r, st, st.Now+d)
		next = append(next, s)
	}
	return next
}

// path returns the steps from the start to node id, then last.
func (s *searcher) path(id int32, last step) []step {
	var out []step
	for n := id; s.nodes[n].parent >= 0; n = s.nodes[n].parent {
		nd := s.nodes[n]
		if nd.action >= 0 {
			out = append(out, step{action: s.actions[nd.action]})
		} else {
			out = append(out, step{wait: nd.wait})
		}
	}
	slices.Reverse(out)
	return append(out, last)
}

var errNoReplay = errors.New("experiment: internal error: the experiment found does not tell the rule sets apart when replayed")
