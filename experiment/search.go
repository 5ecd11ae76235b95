package experiment

import (
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"photosync/count"
	"photosync/engine"
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
	// MaxBeliefs bounds the exact decision of Compare (Decide's
	// MaxBeliefs); 0 means DefaultMaxBeliefs.
	MaxBeliefs int

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
	// Exhausted reports that no experiment of any length tells A from B:
	// the search ran out of new situations before its bounds, or, with
	// Equivalent, had none to look at.
	Exhausted bool
	// Equivalent reports that A and B are two rule sets that set every knob
	// alike (model.Changed finds nothing; they differ only in name,
	// description or base) and plant no defect (model.Rules.Amend): they
	// behave alike, so no experiment of any length, whatever its waits,
	// tells them apart, and the search did not run. Exhausted is set too.
	Equivalent bool
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
// sentence: "bounded, none found within" the bound it reached, with the
// flag of photosync diff that raises it, what its steps are, and how many
// situations it explored; or, when it needed no bound, that no experiment
// of any length tells the rule sets apart.
func (r Result) Statement() string {
	what := "(actions and waits to the deadlines of the running clocks)"
	switch {
	case r.Experiment != nil:
		return fmt.Sprintf("an experiment of %s %s tells %s from %s; explored %s situations",
			stepsOf(r.Experiment.Length), what, r.A, r.B, count.N(r.Situations))
	case r.Equivalent:
		return fmt.Sprintf("no experiment of any length tells %s from %s: they set every knob alike", r.A, r.B)
	case r.Exhausted:
		return fmt.Sprintf("no experiment of any length %s tells %s from %s: every one of the %s situations they reach was explored",
			what, r.A, r.B, count.N(r.Situations))
	case r.OutOfBudget:
		return fmt.Sprintf("bounded, none found within %s situations: no experiment of at most %s %s tells %s from %s; "+
			"the limit on situations stopped the search short of %s (--max-situations raises the bound)",
			count.N(r.Situations), stepsOf(r.Covered), what, r.A, r.B, stepsOf(r.MaxDepth))
	}
	return fmt.Sprintf("bounded, none found within %s: no experiment of at most %s %s tells %s from %s; explored %s situations "+
		"(--max-depth raises the bound)", stepsOf(r.Covered), stepsOf(r.Covered), what, r.A, r.B, count.N(r.Situations))
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

// searcher is one search under way, among two rule sets (Search) or many
// (Among).
type searcher struct {
	cfg     Config
	rules   []*model.Rules // the rule sets, in order: A and B for Search
	start   situation      // the situation the search starts from
	weights []int          // Among: how many candidates each rule set stands for; nil for Search
	weight  int            // Among: the weights' sum
	consts  []time.Duration
	actions []model.Action
	views   []int // the indices of view actions in actions, in the order a final view is tried
	nodes   []node
	seen    map[string]struct{}
	workers []*worker
}

// worker computes what follows situations, with its own scratch space; the
// search runs one per processor on the situations of a batch and merges
// their results in order, so the result does not depend on how many there
// are. Its two engine.Sets, one per rule set, are reset to each situation in
// turn rather than made anew.
type worker struct {
	s     *searcher
	norm  *normalizer
	rules []model.Rules // the worker's own copies, each with its own tracker when the original tracks
	reads []model.Reads // what each copy read
	sets  []*engine.Set
	sit   situation       // scratch: the situation being expanded, decoded
	next  situation       // scratch: a successor, before normalization
	key   []byte          // scratch: a key being decoded
	waits []time.Duration // scratch: the waits of sit
	shown [][]model.Photo // scratch: what a view shows under each rule set
}

// batch is how many situations the workers take on between two merges.
const batch = 256

// bounds fills in the default bounds and checks them.
func (cfg *Config) bounds() error {
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
		return fmt.Errorf("experiment: %d viewers (want 1 to %d)", cfg.Viewers, model.MaxViewers)
	case cfg.MaxDepth < 1:
		return fmt.Errorf("experiment: a depth bound of %d steps (want at least 1)", cfg.MaxDepth)
	case cfg.MaxSituations < 1:
		return fmt.Errorf("experiment: a bound of %d situations (want at least 1)", cfg.MaxSituations)
	}
	return nil
}

// Search looks for a shortest experiment after which some view can show,
// under cfg.A, a photo set different from the one it can show under cfg.B,
// breadth-first over situations (see the package doc). The error is for a
// bad Config or a broken search (an experiment that does not replay), never
// for finding nothing.
func Search(cfg Config) (Result, error) {
	start := time.Now()
	if err := cfg.bounds(); err != nil {
		return Result{}, err
	}
	if equivalent(cfg.A, cfg.B) {
		return Result{Equivalent: true, Exhausted: true, Covered: cfg.MaxDepth, MaxDepth: cfg.MaxDepth,
			A: label(cfg.A), B: label(cfg.B), Elapsed: time.Since(start)}, nil
	}
	s := &searcher{
		cfg:     cfg,
		rules:   []*model.Rules{&cfg.A, &cfg.B},
		start:   pair([]model.State{model.Initial()}, []model.State{model.Initial()}),
		consts:  properties.Bounds(),
		actions: model.Actions(cfg.Viewers),
		seen:    map[string]struct{}{},
	}
	s.init()
	res, path, _ := s.run()
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

// equivalent reports whether a and b are two rule sets that behave alike:
// equal in every field but their names, descriptions and bases, so that
// every knob has one value in both (model.Changed is empty) and neither
// amends the model's outcomes. The model reads nothing else of a rule set.
//
// One rule set given twice (names included) is searched all the same: that
// is how the tests and the benchmark measure how far the search reaches on
// a pair that nothing tells apart.
func equivalent(a, b model.Rules) bool {
	if a.Name == b.Name && a.Description == b.Description && a.Base == b.Base {
		return false
	}
	for _, r := range []*model.Rules{&a, &b} {
		r.Name, r.Description, r.Base = "", "", ""
	}
	// DeepEqual tells any two functions apart but two nil ones: an
	// amendment is never taken for equal.
	return reflect.DeepEqual(a, b)
}

// finalViews returns the indices of the view actions, in the order the
// search tries them as the last step: views by observers before the
// subject's (an observer's view changes nothing but a cache), and among
// surfaces, those read through no cache under every one of rules first
// (what they show does not depend on what the browser kept from before the
// experiment), then the rest, each in the SPEC's order.
func finalViews(rules []*model.Rules, actions []model.Action) []int {
	uncached := func(surf model.Surface) bool {
		return !slices.ContainsFunc(rules, func(r *model.Rules) bool {
			u := r.Untracked() // an order of trial is no reading of the rules
			return model.RouteOf(&u, surf).Cached
		})
	}
	rank := func(a model.Action) int {
		r := int(a.Surface)
		if !uncached(a.Surface) {
			r += len(model.Surfaces())
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

// init makes the workers and orders the final views.
func (s *searcher) init() {
	for range runtime.GOMAXPROCS(0) {
		s.workers = append(s.workers, s.newWorker())
	}
	s.views = finalViews(s.rules, s.actions)
}

func (s *searcher) newWorker() *worker {
	w := &worker{s: s, norm: newNormalizer(s.rules, s.consts),
		rules: make([]model.Rules, len(s.rules)), reads: make([]model.Reads, len(s.rules)),
		sets: make([]*engine.Set, len(s.rules)), shown: make([][]model.Photo, len(s.rules))}
	w.sit.sets = make([][]model.State, len(s.rules))
	w.next.sets = make([][]model.State, len(s.rules))
	for i, r := range s.rules {
		w.rules[i] = *r
		if r.Tracking() {
			w.rules[i].TrackReads(&w.reads[i])
		}
		w.sets[i] = engine.New(&w.rules[i], engine.Options{})
	}
	return w
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
// whose view tells the rule sets apart, the view last, or nil; and, for a
// search among weighted rule sets, the worst outcome of that view.
func (s *searcher) run() (Result, []step, int) {
	var res Result
	root := situation{sets: make([][]model.State, len(s.start.sets))}
	for i, list := range s.start.sets {
		root.sets[i] = slices.Clone(list)
	}
	key := s.workers[0].norm.normalize(&root)
	s.seen[key] = struct{}{}
	s.nodes = append(s.nodes, node{parent: -1, action: -1})
	level, ids := []string{key}, []int32{0}
	complete := true // every situation of this level was kept
	found := make([]int, batch)
	worst := make([]int, batch)
	children := make([][]child, batch)
	for depth := 0; depth < s.cfg.MaxDepth; depth++ {
		// Probing this level tries every experiment of depth+1 steps. It
		// comes first, so that the level where an experiment is found is
		// never expanded.
		best, bestAt, bestView := -1, int32(0), 0
		for lo := 0; lo < len(level); lo += batch {
			part := level[lo:min(lo+batch, len(level))]
			s.parallel(len(part), func(w *worker, i int) { found[i], worst[i] = w.probe(part[i]) })
			for i := range part {
				res.Situations++
				if found[i] >= 0 && s.weights == nil {
					// Two rule sets: the first view that tells them apart.
					return res, s.path(ids[lo+i], step{action: s.actions[found[i]]}), 0
				}
				if found[i] >= 0 && (best < 0 || worst[i] < best) {
					best, bestAt, bestView = worst[i], ids[lo+i], found[i]
				}
			}
		}
		if best >= 0 {
			return res, s.path(bestAt, step{action: s.actions[bestView]}), best
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
			s.parallel(len(part), func(w *worker, i int) { children[i] = w.children(part[i], children[i][:0]) })
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
	return res, nil, 0
}

// child is a successor of a situation, not yet deduplicated.
type child struct {
	key    string
	action int16
	wait   time.Duration
}

// load decodes the situation of a key into w.sit and resets the worker's
// Sets to its states.
func (w *worker) load(key string) {
	w.key = append(w.key[:0], key...)
	for i := range w.sit.sets {
		w.sit.sets[i] = w.sit.sets[i][:0]
	}
	w.sit.sets = decodeInto(w.key, w.sit.sets)
	for i, set := range w.sets {
		set.Reset(w.sit.sets[i]...)
	}
}

// probe tries every view of a situation as the last step. It returns the
// first view, in the order of s.views, that can show different photos
// under two of the rule sets (an index in actions), or -1. Among weighted
// rule sets it returns the view whose worst outcome is least (the first
// such), and that outcome's weight: the most candidates that one photo it
// can show would leave. There a view counts only when every photo it can
// show leaves out some weight: one that some rule sets predict v0 and the
// others v0 or v1 narrows nothing when it shows v0, and a person who does
// it may learn nothing (issue 18's diagnosis repeated such a view for
// ever).
func (w *worker) probe(key string) (view, worst int) {
	s := w.s
	w.load(key)
	view, worst = -1, 0
	for _, i := range s.views {
		// The situation's states are at Now 0: Apply fires the timers due
		// then, as the scenario runner does before an action.
		differ := false
		for k, set := range w.sets {
			w.shown[k] = append(w.shown[k][:0], set.Apply(0, s.actions[i], nil).Shown()...)
			differ = differ || k > 0 && !slices.Equal(w.shown[k], w.shown[0])
		}
		if !differ {
			continue
		}
		if s.weights == nil {
			return i, 0
		}
		wo := w.worstOutcome()
		if wo >= s.weight {
			continue // some photo it can show leaves every candidate: not an experiment
		}
		if view < 0 || wo < worst {
			view, worst = i, wo
		}
	}
	return view, worst
}

// worstOutcome returns, for the view just probed, the largest total weight
// of the rule sets under which one photo can show.
func (w *worker) worstOutcome() int {
	worst := 0
	for k := range w.shown {
		for _, p := range w.shown[k] {
			total := 0
			for j := range w.shown {
				if slices.Contains(w.shown[j], p) {
					total += w.s.weights[j]
				}
			}
			worst = max(worst, total)
		}
	}
	return worst
}

// children appends to out the successors of a situation: every action at
// this instant in the fixed order of model.Actions, then every wait to an
// instant of properties.Deadlines over the states of both rule sets,
// soonest first.
func (w *worker) children(key string, out []child) []child {
	s := w.s
	w.load(key)
actions:
	for i, a := range s.actions {
		for k, set := range w.sets {
			w.next.sets[k] = appendOutcomes(w.next.sets[k][:0], set.Apply(0, a, nil))
			if len(w.next.sets[k]) == 0 {
				continue actions // an action that cannot happen leads nowhere (and a Set cannot hold no state)
			}
		}
		out = append(out, child{key: w.norm.normalize(&w.next), action: int16(i)})
	}
	w.waits = w.appendWaits(w.waits[:0], w.sit)
	for _, d := range w.waits {
		for k, set := range w.sets {
			w.next.sets[k] = advance(w.next.sets[k][:0], set, w.sit.sets[k], d)
		}
		out = append(out, child{key: w.norm.normalize(&w.next), action: -1, wait: d})
	}
	return out
}

// appendOutcomes appends the state of every outcome to next.
func appendOutcomes(next []model.State, o *engine.Outcomes) []model.State {
	for i := range o.List {
		next = append(next, o.List[i].Belief.State)
	}
	return next
}

// advance resets set to states (at Now 0), lets d pass and appends the
// states it may then be in to next.
func advance(next []model.State, set *engine.Set, states []model.State, d time.Duration) []model.State {
	set.Reset(states...)
	set.Advance(d, nil)
	for _, b := range set.Beliefs() {
		next = append(next, b.State)
	}
	return next
}

// appendWaits appends to ds the instants worth waiting for from a
// situation (its states are at Now 0): properties.Deadlines of every state,
// under its own rule set, sorted and without duplicates.
func (w *worker) appendWaits(ds []time.Duration, sit situation) []time.Duration {
	for k, list := range sit.sets {
		for i := range list {
			ds = append(ds, properties.Deadlines(&w.rules[k], &list[i])...)
		}
	}
	slices.Sort(ds)
	return slices.Compact(ds)
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

// stepsOf writes "1 step", "3 steps".
func stepsOf(n int) string { return count.Of(n, "step") }
