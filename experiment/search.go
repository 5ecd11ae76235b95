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
	DefaultMaxDecisive   = 5_000   // distinct situations, once only a decisive experiment is looked for
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
	// Decisive asks the search for a shortest decisive experiment too
	// (Result.Decisive): one whose last view can show no photo possible
	// under both rule sets, so that whatever it shows decides. The search
	// goes on past the shortest experiment until it finds one, within
	// MaxDepth and MaxDecisive.
	Decisive bool
	// MaxDecisive bounds how many distinct situations the search keeps in
	// all once it looks only for a decisive experiment (after the shortest
	// one was found); 0 means DefaultMaxDecisive, and it never exceeds
	// MaxSituations.
	MaxDecisive int
	// Stop, when set, is asked before every situation the search expands
	// or probes whether to stop; once it reports true (and it must keep
	// doing so) the search ends with Result.Stopped. It must be safe for
	// concurrent use.
	Stop func() bool

	_ struct{}
}

// Result is what a search found, and how far it looked.
type Result struct {
	// Experiment is a shortest distinguishing experiment, or nil when the
	// search found none within its bounds. It may be decisive or not
	// (Experiment.Decisive).
	Experiment *Experiment
	// Decisive is, with Config.Decisive, a shortest decisive experiment:
	// Experiment itself when that is decisive, a longer one otherwise; nil
	// when the search found none within its bounds (DecisiveCovered says
	// how far it looked) or was not asked.
	Decisive *Experiment
	// DecisiveCovered is, with Config.Decisive, the length up to which
	// every experiment was tried for a decisive one: none of at most
	// DecisiveCovered steps is decisive (unless Decisive has
	// DecisiveCovered+1 steps).
	DecisiveCovered int
	// DecisiveExhausted reports, with Config.Decisive and an Experiment
	// that is not decisive, that the search ran out of new situations
	// before its bounds: no decisive experiment of any length (with such
	// waits) exists.
	DecisiveExhausted bool
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
	// MaxDepth: the search for any experiment when Experiment is nil, the
	// search for a decisive one otherwise (then MaxDecisive, or
	// MaxSituations when smaller, is the bound).
	OutOfBudget bool
	// Stopped reports that Config.Stop stopped the search: it found
	// nothing and showed nothing (Covered is what it had covered by then).
	Stopped bool
	// MaxDecisive is the bound on situations the search for a decisive
	// experiment ran with, once the shortest experiment was found.
	MaxDecisive int
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
	what := searchSteps
	switch {
	case r.Experiment != nil:
		return fmt.Sprintf("an experiment of %s %s tells %s from %s; explored %s situations",
			stepsOf(r.Experiment.Length), what, r.A, r.B, count.N(r.Situations))
	case r.Stopped:
		return fmt.Sprintf("stopped (cancelled, or past a time limit): no experiment of at most %s %s tells %s from %s; explored %s situations",
			stepsOf(r.Covered), what, r.A, r.B, count.N(r.Situations))
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

// searchSteps says what the steps of the search are, as its statements
// say it.
const searchSteps = "(actions and waits to the deadlines of the running clocks)"

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
	share   [][]model.Reads // for each pair of rule sets, the knobs that keep them from sharing a step (share.go)
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
	// Sharing steps among rule sets in the same states (share.go), for
	// the situation loaded: where each rule set's part of the key ends;
	// the first rule set in the same states (-1: shares nothing); what
	// each copy's tracker noted; what the step and the first step since
	// load read; whether the rule set took the step itself.
	ends            []int
	same            []int
	tracked         []model.Reads
	read, first     []model.Reads
	firstDone, took []bool
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
	if cfg.MaxDecisive == 0 {
		cfg.MaxDecisive = DefaultMaxDecisive
	}
	cfg.MaxDecisive = min(cfg.MaxDecisive, cfg.MaxSituations)
	switch {
	case cfg.Viewers < 1 || cfg.Viewers > model.MaxViewers:
		return fmt.Errorf("experiment: %d viewers (want 1 to %d)", cfg.Viewers, model.MaxViewers)
	case cfg.MaxDepth < 1:
		return fmt.Errorf("experiment: a depth bound of %d steps (want at least 1)", cfg.MaxDepth)
	case cfg.MaxSituations < 1:
		return fmt.Errorf("experiment: a bound of %d situations (want at least 1)", cfg.MaxSituations)
	case cfg.MaxDecisive < 1:
		return fmt.Errorf("experiment: a bound of %d situations for a decisive experiment (want at least 1)", cfg.MaxDecisive)
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
	res, f := s.run()
	res.A, res.B, res.MaxDepth, res.MaxDecisive = label(cfg.A), label(cfg.B), cfg.MaxDepth, cfg.MaxDecisive
	var err error
	if f.weak != nil {
		res.Experiment, err = replay(cfg, f.weak)
		if res.Experiment != nil {
			res.Experiment.Situations, res.Experiment.Length = f.weakSituations, len(f.weak)
		}
	}
	if err == nil && f.decisive != nil {
		res.Decisive, err = replay(cfg, f.decisive)
		if err == nil && !res.Decisive.Decisive {
			res.Decisive, err = nil, errNotDecisive
		}
		if res.Decisive != nil {
			res.Decisive.Situations, res.Decisive.Length = f.decisiveSituations, len(f.decisive)
			if slices.Equal(f.weak, f.decisive) {
				res.Decisive = res.Experiment
			}
		}
	}
	if e := res.Experiment; e != nil {
		e.Shortest = e.Length
		if d := res.Decisive; d != nil {
			d.Shortest = e.Length
		}
		if cfg.Decisive && res.Decisive == nil {
			e.NoDecisive = res.noDecisive()
		}
	}
	res.Elapsed = time.Since(start)
	return res, err
}

// DecisiveBounded reports that a search for a decisive experiment
// (Config.Decisive) found an experiment but no decisive one, and a bound
// stopped it: whether a decisive one exists is undecided.
func (r Result) DecisiveBounded() bool {
	return r.Experiment != nil && r.Experiment.NoDecisive != "" && !r.DecisiveExhausted
}

// noDecisive says, for a search with Config.Decisive that found an
// experiment but no decisive one, how far it looked for one: "no decisive
// experiment of at most 8 steps (...) tells A from B; the limit on ... ".
func (r Result) noDecisive() string {
	what := searchSteps
	switch {
	case r.DecisiveExhausted:
		return fmt.Sprintf("no decisive experiment of any length %s tells %s from %s: every one of the %s situations they reach was explored",
			what, r.A, r.B, count.N(r.Situations))
	case r.OutOfBudget:
		return fmt.Sprintf("bounded: no decisive experiment of at most %s %s tells %s from %s; "+
			"the limit of %s on the search for one stopped it short of %s (--max-decisive raises the bound, up to --max-situations)",
			stepsOf(r.DecisiveCovered), what, r.A, r.B, count.Of(r.MaxDecisive, "situation"), stepsOf(r.MaxDepth))
	}
	return fmt.Sprintf("bounded: no decisive experiment of at most %s %s tells %s from %s; explored %s situations (--max-depth raises the bound)",
		stepsOf(r.DecisiveCovered), what, r.A, r.B, count.N(r.Situations))
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
	s.share = shareKnobs(s.rules)
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
	w.sharingScratch(len(s.rules))
	for i, r := range s.rules {
		w.rules[i] = *r
		if r.Tracking() {
			w.rules[i].TrackReads(&w.reads[i])
		}
		w.track(i)
		w.sets[i] = engine.New(&w.rules[i], engine.Options{})
	}
	return w
}

// parallel calls f(w, i) for every i below n, spread over the workers,
// until Config.Stop says to stop (the caller then asks s.stopped).
func (s *searcher) parallel(n int, f func(w *worker, i int)) {
	if n == 1 || len(s.workers) == 1 {
		for i := range n {
			if s.stopped() {
				return
			}
			f(s.workers[0], i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for _, w := range s.workers {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < n && !s.stopped(); i = int(next.Add(1) - 1) {
				f(w, i)
			}
		})
	}
	wg.Wait()
}

// stopped reports whether Config.Stop says to stop.
func (s *searcher) stopped() bool { return s.cfg.Stop != nil && s.cfg.Stop() }

// found is what a search found: the path to the first situation, in
// breadth-first order, whose view tells the rule sets apart, the view last
// (nil: none), with, among weighted rule sets, its worst outcome; and for
// two rule sets searched with Config.Decisive, the path to the first
// decisive view (nil: none within the bounds), which is weak itself when
// that is decisive. situations is how many situations were probed when
// each was found.
type found struct {
	weak, decisive                     []step
	worst                              int
	weakSituations, decisiveSituations int
}

// run is the breadth-first search. Every level is probed before it is
// expanded, so the first level with a view that tells the rule sets apart
// gives the shortest experiments; for two rule sets the first such view in
// breadth-first order is the answer. With Config.Decisive the search goes
// on, level by level, until a view is decisive: merging situations stays
// exact for that question too (a situation's normal form has the same
// future views, so the same decisive ones, TestNormalizationIsExact), so a
// situation met before is met no closer to a decisive view than the first
// time, and the first decisive view in breadth-first order ends a shortest
// decisive experiment. Once the shortest experiment is found, the search
// keeps at most Config.MaxDecisive situations in all.
func (s *searcher) run() (Result, found) {
	var res Result
	var f found
	key := s.rootKey()
	s.seen[key] = struct{}{}
	s.nodes = append(s.nodes, node{parent: -1, action: -1})
	level, ids := []string{key}, []int32{0}
	complete := true // every situation of this level was kept
	views := make([]int, batch)
	worst := make([]int, batch)
	decisive := make([]int, batch)
	children := make([][]child, batch)
	budget := s.cfg.MaxSituations
	for depth := 0; depth < s.cfg.MaxDepth; depth++ {
		// Probing this level tries every experiment of depth+1 steps. It
		// comes first, so that the level where an experiment is found is
		// never expanded.
		best, bestAt, bestView := -1, int32(0), 0
		for lo := 0; lo < len(level); lo += batch {
			part := level[lo:min(lo+batch, len(level))]
			s.parallel(len(part), func(w *worker, i int) { views[i], worst[i], decisive[i] = w.probe(part[i]) })
			if s.stopped() {
				res.Stopped = true
				return res, found{}
			}
			for i := range part {
				res.Situations++
				if s.weights == nil {
					// Two rule sets: the first view that tells them apart,
					// and the first decisive one.
					if views[i] >= 0 && f.weak == nil {
						f.weak, f.weakSituations = s.path(ids[lo+i], step{action: s.actions[views[i]]}), res.Situations
						if !s.cfg.Decisive {
							return res, f
						}
					}
					if decisive[i] >= 0 {
						f.decisive, f.decisiveSituations = s.path(ids[lo+i], step{action: s.actions[decisive[i]]}), res.Situations
						return res, f
					}
					continue
				}
				if views[i] >= 0 && (best < 0 || worst[i] < best) {
					best, bestAt, bestView = worst[i], ids[lo+i], views[i]
				}
			}
		}
		if best >= 0 {
			f.weak, f.worst = s.path(bestAt, step{action: s.actions[bestView]}), best
			return res, f
		}
		if !complete {
			break // the rest of a level cut short by the budget was probed: that is all
		}
		if f.weak == nil {
			res.Covered = depth + 1
		} else {
			budget = s.cfg.MaxDecisive
		}
		res.DecisiveCovered = depth + 1
		if depth+1 == s.cfg.MaxDepth {
			break
		}
		var nextLevel []string
		var nextIDs []int32
		for lo := 0; lo < len(level) && complete; lo += batch {
			part := level[lo:min(lo+batch, len(level))]
			s.parallel(len(part), func(w *worker, i int) { children[i] = w.children(part[i], children[i][:0]) })
			if s.stopped() {
				res.Stopped = true
				return res, found{}
			}
		merge:
			for i := range part {
				for _, c := range children[i] {
					if _, ok := s.seen[c.key]; ok {
						continue
					}
					if len(s.nodes) >= budget {
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
			if f.weak == nil {
				res.Exhausted = !res.OutOfBudget
			} else {
				res.DecisiveExhausted = !res.OutOfBudget
			}
			break
		}
		level, ids = nextLevel, nextIDs
	}
	return res, f
}

// rootKey returns the key of the situation the search starts from.
func (s *searcher) rootKey() string {
	root := situation{sets: make([][]model.State, len(s.start.sets))}
	for i, list := range s.start.sets {
		root.sets[i] = slices.Clone(list)
	}
	return s.workers[0].norm.normalize(&root)
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
	w.sit.sets, w.ends = decodeEnds(w.key, w.sit.sets, w.ends[:0])
	for i, set := range w.sets {
		set.Reset(w.sit.sets[i]...)
	}
	w.alike()
}

// probe tries every view of a situation as the last step. It returns the
// first view, in the order of s.views, that can show different photos
// under two of the rule sets (an index in actions), or -1; and with
// Config.Decisive the first decisive one (no photo it can show is possible
// under both rule sets), or -1. Among weighted rule sets it returns the
// view whose worst outcome is least (the first such), and that outcome's
// weight: the most candidates that one photo it can show would leave.
// There a view counts only when every photo it can show leaves out some
// weight: one that some rule sets predict v0 and the others v0 or v1
// narrows nothing when it shows v0, and a person who does it may learn
// nothing (issue 18's diagnosis was proposed such a view for ever).
func (w *worker) probe(key string) (view, worst, decisive int) {
	s := w.s
	w.load(key)
	view, worst, decisive = -1, 0, -1
	for _, i := range s.views {
		w.each(stepView, s.actions[i], 0)
		differ := false
		for k := 1; k < len(w.shown) && !differ; k++ {
			differ = !slices.Equal(w.shown[k], w.shown[0])
		}
		if !differ {
			continue
		}
		if s.weights == nil {
			if view < 0 {
				view = i
			}
			if !s.cfg.Decisive {
				return view, 0, -1
			}
			if disjoint(w.shown[0], w.shown[1]) {
				return view, 0, i
			}
			continue
		}
		wo := w.worstOutcome()
		if wo >= s.weight {
			continue // some photo it can show leaves every candidate: not an experiment
		}
		if view < 0 || wo < worst {
			view, worst = i, wo
		}
	}
	return view, worst, decisive
}

// disjoint reports whether no photo is in both sorted lists: a view whose
// photos under A and under B are disjoint is decisive.
func disjoint(a, b []model.Photo) bool {
	for _, p := range a {
		if _, ok := slices.BinarySearch(b, p); ok {
			return false
		}
	}
	return true
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
	for i, a := range s.actions {
		w.each(stepAction, a, 0)
		if slices.ContainsFunc(w.next.sets, func(l []model.State) bool { return len(l) == 0 }) {
			continue // an action that cannot happen leads nowhere (and a Set cannot hold no state)
		}
		out = append(out, child{key: w.norm.normalize(&w.next), action: int16(i)})
	}
	w.waits = w.appendWaits(w.waits[:0], w.sit)
	for _, d := range w.waits {
		w.each(stepWait, model.Action{}, d)
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

var (
	errNoReplay    = errors.New("experiment: internal error: the experiment found does not tell the rule sets apart when replayed")
	errNotDecisive = errors.New("experiment: internal error: the decisive experiment found is not decisive when replayed")
)

// stepsOf writes "1 step", "3 steps".
func stepsOf(n int) string { return count.Of(n, "step") }
