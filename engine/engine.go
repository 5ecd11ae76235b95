package engine

import (
	"iter"
	"slices"
	"time"
	"unsafe"

	"photosync/model"
)

// Finding is one violation a Monitor found on a run.
type Finding struct {
	Property int           // the property's index in the monitor's list (the bit of Belief.Mask)
	Message  string        // what went wrong, in the property's words
	At       time.Duration // the instant
	Instant  bool          // found in a state at an instant, not in a transition

	// Action is how many actions the Set had applied before the finding:
	// a finding made while time passed before the i-th action (from 0) or
	// by that action itself has Action i. Acting tells the two apart.
	Action int
	Acting bool
}

// Monitor judges runs: properties.Judge is the one the commands use.
type Monitor interface {
	// Transition reports what one transition violates, including at the
	// instants just before (unless it is a timer firing, whose instant
	// belongs to the timer) and just after it.
	Transition(r *model.Rules, tr *model.Transition, found func(Finding))
	// Quiet reports what is violated at some instant in [s.Now, until)
	// while nothing happens.
	Quiet(r *model.Rules, s *model.State, until time.Duration, found func(Finding))
}

// Belief is one state the system may be in, with what the run that led to
// it violated. In a Set that merges cache entries (Options.MergeCaches) a
// belief may stand for several states: State and those that differ from
// it only in what some cache entries hold, each such entry any of a few
// values independently of the others (States lists them).
type Belief struct {
	State model.State
	Mask  uint64 // bit i: property i was violated on the way
	// Found holds, with Options.Record, the first finding of each property
	// in Mask, in the order they were found.
	Found []Finding

	alts *alts // the merged cache entries; nil: the belief is State alone
}

// Count returns how many states the belief stands for (at most the
// largest int).
func (b *Belief) Count() int { return b.alts.count() }

// States yields every state the belief stands for, State first.
func (b *Belief) States() iter.Seq[model.State] {
	return func(yield func(model.State) bool) {
		if b.alts == nil {
			yield(b.State)
			return
		}
		list := b.alts.list
		pick := make([]int, len(list))
		for {
			s := b.State
			for i, k := range pick {
				list[i].e.set(&s, list[i].vals[k])
			}
			if !yield(s) {
				return
			}
			i := len(pick) - 1
			for ; i >= 0; i-- {
				if pick[i]++; pick[i] < len(list[i].vals) {
					break
				}
				pick[i] = 0
			}
			if i < 0 {
				return
			}
		}
	}
}

// record notes a finding unless the belief violated its property before.
func (b *Belief) record(f Finding, keep bool) {
	bit := uint64(1) << f.Property
	if b.Mask&bit != 0 {
		return
	}
	b.Mask |= bit
	if keep {
		// Clip: beliefs that branched from one share the prefix of Found.
		b.Found = append(slices.Clip(b.Found), f)
	}
}

// Options configure a Set.
type Options struct {
	// Monitor judges every transition and quiet interval; nil judges
	// nothing (the masks stay 0).
	Monitor Monitor
	// Record keeps every belief's findings, not only its mask.
	Record bool
	// OnlyDeadlines makes the takes of R18 and R20 happen at their
	// deadlines only, never earlier: for following a path of the
	// explorer's, whose early takes are steps of their own.
	OnlyDeadlines bool
	// MergeCaches keeps states that differ only in what cache entries hold
	// as one belief (see "Merging cache entries" in the package doc); with
	// Forget it also drops states another one covers in its Teams entries
	// (see "Covered Teams values"), so that the Set holds a subset of the
	// states, with the same photos at every view. It has no effect with a
	// Monitor, which may read the entries.
	MergeCaches bool
	// Forget makes the Set keep each belief without what no rule reads
	// (model.Forget): the History and the clocks only properties read. It
	// has no effect with a Monitor, which reads them.
	Forget bool
	// MaxStates bounds how many beliefs (possible states, each merged
	// belief counted once) the Set holds; 0: no bound. MaxBytes bounds the
	// memory of its beliefs and of an action's outcomes, as the Set
	// estimates it, and from 64 MiB up the memory the process holds,
	// measured (see "Bounds" in the package doc); 0: no bound. Past a
	// bound the Set stops (see Set.Err).
	MaxStates int
	MaxBytes  int64
	// Stop, when set, is asked at every step and every 64 beliefs an
	// action or a passing of time steps whether to stop: once it reports
	// true (and it must keep doing so) the Set stops as at a bound, with
	// BoundError.Stopped. It is for a caller that was cancelled or ran out
	// of time; it must be safe for concurrent use.
	Stop func() bool

	_ struct{}
}

// Set is the set of states the system may be in under one rule set, in
// insertion order (so runs are deterministic), without duplicates.
type Set struct {
	rules   *model.Rules
	opts    Options
	merging bool // MergeCaches without a Monitor
	// unobserved: no later Commit filters (Unobserved), so beliefs merge
	// marginally (see "After the last observation" in the package doc)
	unobserved bool
	forget     bool // Forget without a Monitor
	err        *BoundError
	list       []Belief
	spare      []Belief
	index      map[key]int // 1 + the index of the first belief of each key, for large sets; small ones are searched in order
	acts       int         // actions applied so far
	splits     int         // merged entries split because a step depended on them
	blind      bool        // tests: readEntries knows no entry, so that mapAlts must find it
	ch         model.Choices
	env        model.Env
	outs       Outcomes
	// Scratch values handed to the Monitor, kept here so that a call
	// through the interface does not move a fresh copy to the heap.
	cur         Belief
	tr          model.Transition
	prev, state model.State
	// Scratch of a merging Set.
	outBytes int64            // memory of the beliefs, and of the merged entries of the outcomes so far
	seen     map[outKey]int   // the outcomes of one belief, when many
	own      []model.Next     // the outcomes of a merged belief's state
	scratch  []model.Next     // the outcomes of a substitution
	sub      model.State      // a substitution
	advanced []Belief         // what one belief became as time passed
	branched []Belief         // what one substitution became as time passed
	reported []Belief         // a belief's state as time passed, told to a Fired
	groups   map[mergeKey]int // beliefs by all but one entry
	// The beliefs advanced to instant aheadAt, kept for the next Apply at
	// that instant (see reuseAhead): ahead[aheadEnd[i-1]:aheadEnd[i]] is
	// what the i-th belief became, for the first len(aheadEnd) beliefs.
	ahead    []Belief
	aheadEnd []int
	aheadAt  time.Duration
	applies  int // Applies at aheadAt since the beliefs last changed
	// photosOnly: Apply collects only the photos its outcomes show (Shows)
	photosOnly bool

	marginalList []entry // the entries that merge marginally, once unobserved (marginals)
}

// key identifies a belief for deduplication, up to its merged entries'
// hash (add compares them).
type key struct {
	s    model.State
	mask uint64
	alts uint64
}

// indexFrom is the size from which a set keeps a map of its beliefs.
const indexFrom = 16

// New returns a Set under rules r holding the given states, or the start
// state of R13 when none is given.
func New(r *model.Rules, opts Options, start ...model.State) *Set {
	s := &Set{rules: r, opts: opts, merging: opts.MergeCaches && opts.Monitor == nil,
		forget: opts.Forget && opts.Monitor == nil}
	s.env = model.Concrete(&s.ch)
	s.Reset(start...)
	return s
}

// Reset makes the Set hold the given states (the start state when none is
// given), with nothing violated and no action applied. Each must be
// settled, as every state the model returns is: no cache entry surely
// expired at its instant.
func (s *Set) Reset(start ...model.State) {
	s.list, s.acts, s.err, s.unobserved, s.marginalList = s.list[:0], 0, nil, false, nil
	s.changed()
	clear(s.index)
	if len(start) == 0 {
		s.list = append(s.list, Belief{State: model.Initial()})
		return
	}
	for _, st := range start {
		s.add(&s.list, Belief{State: st})
	}
	s.merge()
	s.bound(len(s.list), s.bytes(s.list))
}

// Rules returns the rule set the Set runs under.
func (s *Set) Rules() *model.Rules { return s.rules }

// Beliefs returns the possible states, in a fixed order. The slice is the
// Set's own: read it before the next call that changes the Set. With
// Options.MergeCaches a belief may stand for several states.
func (s *Set) Beliefs() []Belief { return s.list }

// Len returns how many beliefs the Set holds: how many states the system
// may be in, a merged belief counted once.
func (s *Set) Len() int { return len(s.list) }

// Actions returns how many actions have been applied.
func (s *Set) Actions() int { return s.acts }

// add appends b to list unless an equal belief is there. With
// Options.Forget it clears first what no rule reads (see "Forgetting what
// no rule reads" in the package doc).
func (s *Set) add(list *[]Belief, b Belief) {
	if len(*list)%1024 == 1023 {
		s.measure(len(*list))
	}
	if s.forget {
		model.Forget(s.rules, &b.State)
	}
	k := key{b.State, b.Mask, b.alts.hash()}
	same := func(x *Belief) bool { return x.Mask == b.Mask && x.State == b.State && x.alts.equal(b.alts) }
	if len(*list) < indexFrom {
		for i := range *list {
			if same(&(*list)[i]) {
				return
			}
		}
	} else {
		if s.index == nil || len(s.index) == 0 {
			if s.index == nil {
				s.index = map[key]int{}
			}
			for i := range *list {
				x := &(*list)[i]
				if kx := (key{x.State, x.Mask, x.alts.hash()}); s.index[kx] == 0 {
					s.index[kx] = i + 1
				}
			}
		}
		if i := s.index[k]; i > 0 {
			if same(&(*list)[i-1]) {
				return
			}
			// Another belief with the same hash of its merged entries:
			// look for an equal one.
			for i := range *list {
				if same(&(*list)[i]) {
					return
				}
			}
		}
	}
	*list = append(*list, b)
	if s.index != nil && len(s.index) > 0 && s.index[k] == 0 {
		s.index[k] = len(*list)
	}
}

// Fired is told of a timer firing in one belief as time passes: the
// belief's index, the state just before it (at the firing's instant) and
// its outcome.
type Fired func(belief int, before *model.State, n *model.Next)

// Advance lets time pass in every belief up to instant to: the timers due
// on the way fire in time order, each firing and each quiet interval judged
// by the Monitor; fired, when not nil, is told of each firing. Beliefs that
// become equal merge.
func (s *Set) Advance(to time.Duration, fired Fired) {
	if s.err != nil {
		return
	}
	s.changed()
	if !s.merging {
		s.spare = s.spare[:0]
		for i := range s.list {
			s.spare = s.advanceAll(s.spare, i, s.list[i], to, fired)
			if i%64 == 63 && s.stop() {
				return
			}
			if i%1024 == 1023 {
				s.measure(len(s.spare))
			}
		}
		s.list, s.spare = s.spare, s.list
		s.dedupe()
		s.bound(len(s.list), s.bytes(s.list))
		return
	}
	var out []Belief
	for i := range s.list {
		if i%64 == 63 && s.stop() {
			return
		}
		out = s.advanceMerged(out, i, s.list[i], to, fired)
	}
	s.list = out
	s.dedupe()
	s.bound(len(s.list), s.bytes(s.list))
}

// advance lets time pass in one belief.
func (s *Set) advance(i int, b *Belief, to time.Duration, fired Fired) {
	if fired == nil && s.opts.Monitor == nil {
		// Nothing to do at the belief's own instant with no timer due: the
		// experiment search applies many views at one instant. (A state the
		// model returns is settled, as Reset requires.)
		if b.State.Now == to {
			if at, ok := model.NextDue(s.rules, b.State); !ok || at > to {
				return
			}
		}
		b.State, _ = model.Advance(s.rules, b.State, to)
		return
	}
	next, firings := model.Advance(s.rules, b.State, to)
	prev := &s.prev
	*prev = b.State
	for k := range firings {
		n := &firings[k]
		if n.State.Now > prev.Now {
			s.quiet(b, prev, n.State.Now)
		}
		s.tr.Before = *prev
		s.tr.Before.Now = n.State.Now
		if s.opts.Monitor != nil {
			s.tr.Action, s.tr.Next = model.Action{Kind: model.Tick}, *n
			s.judge(b, &s.tr, false)
		}
		if fired != nil {
			s.state = s.tr.Before
			fired(i, &s.state, n)
		}
		*prev = n.State
	}
	if to > prev.Now {
		s.quiet(b, prev, to)
	}
	b.State = next
}

func (s *Set) quiet(b *Belief, st *model.State, until time.Duration) {
	if s.opts.Monitor == nil {
		return
	}
	s.opts.Monitor.Quiet(s.rules, st, until, func(f Finding) {
		f.Action, f.Acting = s.acts, false
		b.record(f, s.opts.Record)
	})
}

func (s *Set) judge(b *Belief, tr *model.Transition, acting bool) {
	s.opts.Monitor.Transition(s.rules, tr, func(f Finding) {
		f.Action, f.Acting = s.acts, acting
		b.record(f, s.opts.Record)
	})
}

// dedupe merges equal beliefs, keeping the first of each, and then, in a
// merging Set, beliefs that differ in one cache entry.
func (s *Set) dedupe() {
	if len(s.list) < 2 {
		return
	}
	s.spare = s.spare[:0]
	clear(s.index)
	for _, b := range s.list {
		s.add(&s.spare, b)
	}
	s.list, s.spare = s.spare, s.list
	s.merge()
}

// Outcome is one possible outcome of an action in one belief.
//
// In a merging Set an outcome of a view may stand for several, one per
// photo a merged entry may hold (a view through a never-expiring cache
// that may hold any of many photos: see emitCached); Outcomes.Shown and
// Commit see the outcomes it stands for, and its own Shown is the first's.
type Outcome struct {
	From   int         // the index of the belief it came from
	Before model.State // the state the action happened in
	model.Next
	Belief Belief // the belief it leads to: the new state, and the findings of the run to it

	shownBy entry // 1 + the merged entry whose every value it shows (see emitCached); 0: none
}

// Outcomes are every possible outcome of one action over a Set.
type Outcomes struct {
	Action model.Action
	List   []Outcome
	shown  []model.Photo
}

// Shown returns the photos a view can show, over every outcome, without
// the mark of a photo made in Yammer, sorted (none first), without
// duplicates; nil when the action is not a view.
func (o *Outcomes) Shown() []model.Photo {
	if o.Action.Kind != model.View {
		return nil
	}
	// Sorted, then compacted: an outcome may show any of thousands of
	// photos (see Outcome), and a search of the list for each would be
	// quadratic in them.
	o.shown = o.shown[:0]
	for i := range o.List {
		out := &o.List[i]
		if out.shownBy != 0 {
			for _, x := range out.Belief.alts.list[out.Belief.alts.find(out.shownBy-1)].vals {
				o.shown = append(o.shown, x.photo.Plain())
			}
			continue
		}
		o.shown = append(o.shown, out.Shown.Plain())
	}
	slices.Sort(o.shown)
	o.shown = slices.Compact(o.shown)
	return o.shown
}

// Shows returns the photos view a can show at instant at, as
// Apply(at, a, nil).Shown() does (and leaving the Set as Apply does), but
// without making the outcomes: for a caller that only asks what a view
// would show (the experiment search probes every view of every situation).
// The slice is the Set's own, valid until the next Apply or Shows.
func (s *Set) Shows(at time.Duration, a model.Action) []model.Photo {
	if s.merging || a.Kind != model.View {
		return s.Apply(at, a, nil).Shown()
	}
	s.photosOnly = true
	s.outs.shown = s.outs.shown[:0]
	o := s.Apply(at, a, nil)
	s.photosOnly = false
	slices.Sort(o.shown)
	o.shown = slices.Compact(o.shown)
	return o.shown
}

// Apply lets time pass to instant at in every belief, as Advance does
// (fired, when not nil, is told of each timer firing), then applies action
// a and returns every outcome, each judged by the Monitor, in a fixed
// order: by belief, then as model.Step orders them (a cached photo before a
// fresh one). Each belief is advanced and then acted on before the next,
// so a Monitor sees one possible run at a time. In a merging Set, a belief
// whose merged entry the action reads is split first (one value after
// another), so each outcome shows one photo; an outcome's Belief may still
// stand for several states in its other merged entries. The Set is unchanged until
// Commit; the Outcomes are the Set's own and valid until the next Apply.
// Applies at one instant with no change of the Set between them let time
// pass in each belief once (see reuseAhead).
func (s *Set) Apply(at time.Duration, a model.Action, fired Fired) *Outcomes {
	o := &s.outs
	o.Action, o.List = a, o.List[:0]
	if s.err != nil {
		return o
	}
	s.outBytes = s.bytes(s.list)
	reuse := s.reuseAhead(at, fired)
	for i := range s.list {
		switch {
		case s.merging:
			s.applyMerged(o, i, at, a, fired)
		case reuse:
			s.applyAhead(o, i, at, a)
		default:
			s.apply(o, i, at, a, fired)
		}
		if s.err != nil || i%64 == 63 && s.stop() {
			break
		}
	}
	return o
}

// apply is Apply on one belief of a Set that does not merge: time passes
// in it (in every way it can, under rules whose time branches), then the
// action happens in each belief that makes.
func (s *Set) apply(o *Outcomes, i int, at time.Duration, a model.Action, fired Fired) {
	if s.rules.BranchesInTime() {
		s.advanced = s.advanceAll(s.advanced[:0], i, s.list[i], at, fired)
		for k := range s.advanced {
			s.act(o, i, &s.advanced[k], a)
		}
		return
	}
	b := &s.cur
	*b = s.list[i]
	s.advance(i, b, at, fired)
	s.act(o, i, b, a)
}

// reuseAhead reports whether Apply acts on the beliefs as advanced to
// instant at by an earlier Apply (s.ahead), and counts the Apply. A caller
// that applies many actions to one Set at one instant, each time
// discarding the outcomes (the experiment search probes every view of a
// situation so), would otherwise let time pass in every belief again for
// each: under rules whose time branches that is most of the work. Letting
// time pass depends only on the belief and the instant, and the beliefs
// do not change between two Applies (only Reset, ResetBeliefs, Advance,
// Commit and Unobserved change them, and each forgets s.ahead), so the
// kept beliefs are the ones Apply would make again. They are kept from the
// second Apply at one instant on, so that a run, which applies each action
// once and commits it, keeps nothing more; never with a Monitor or a
// Fired, which must see each passing of time, nor in a merging Set.
func (s *Set) reuseAhead(at time.Duration, fired Fired) bool {
	if s.merging || fired != nil || s.opts.Monitor != nil {
		return false
	}
	if s.applies > 0 && s.aheadAt != at {
		s.changed()
	}
	s.aheadAt = at
	s.applies++
	return s.applies > 1
}

// changed forgets the beliefs kept advanced (reuseAhead): the Set's
// beliefs are about to change.
func (s *Set) changed() {
	s.ahead, s.aheadEnd, s.applies = s.ahead[:0], s.aheadEnd[:0], 0
}

// applyAhead is apply on the i-th belief as advanced to instant at: kept
// from an earlier Apply, or advanced now and kept (the beliefs are
// advanced in order, and an Apply cut short keeps the ones it reached).
func (s *Set) applyAhead(o *Outcomes, i int, at time.Duration, a model.Action) {
	if i == len(s.aheadEnd) {
		if s.rules.BranchesInTime() {
			s.ahead = s.advanceAll(s.ahead, i, s.list[i], at, nil)
		} else {
			b := s.list[i]
			s.advance(i, &b, at, nil)
			s.ahead = append(s.ahead, b)
		}
		s.aheadEnd = append(s.aheadEnd, len(s.ahead))
	}
	lo := 0
	if i > 0 {
		lo = s.aheadEnd[i-1]
	}
	for k := lo; k < s.aheadEnd[i]; k++ {
		s.act(o, i, &s.ahead[k], a)
	}
}

// act applies action a in belief b, which came from the i-th, appending
// every outcome.
func (s *Set) act(o *Outcomes, i int, b *Belief, a model.Action) {
	first := len(o.List)
	for more := true; more; more = s.ch.Next() {
		s.ch.Rewind()
		n, ok := model.Apply(s.rules, b.State, a, s.env)
		if ok && s.photosOnly {
			o.shown = append(o.shown, n.Shown.Plain())
			continue
		}
		if !ok || hasNext(o.List[first:], &n) {
			continue
		}
		o.List = append(o.List, Outcome{From: i, Before: b.State, Next: n,
			Belief: Belief{State: n.State, Mask: b.Mask, Found: b.Found}})
		if s.opts.Monitor != nil {
			out := &o.List[len(o.List)-1]
			s.tr = model.Transition{Before: b.State, Action: a, Next: n}
			s.judge(&out.Belief, &s.tr, true)
		}
		if !s.boundOutcomes(o) {
			break
		}
	}
	s.ch.Reset()
}

func hasNext(list []Outcome, n *model.Next) bool {
	for i := range list {
		if list[i].Next == *n {
			return true
		}
	}
	return false
}

// Commit makes the outcomes that keep accepts (all of them when keep is
// nil) the Set's beliefs, merging duplicates, counts the action as applied,
// and returns how many outcomes were kept. When none is kept the Set is
// unchanged: an observation no outcome agrees with leaves the states
// before it.
func (s *Set) Commit(o *Outcomes, keep func(*Outcome) bool) int {
	if s.err != nil {
		return 0
	}
	if keep != nil && s.unobserved {
		panic("engine: Commit with a filter after Unobserved")
	}
	s.changed()
	s.spare = s.spare[:0]
	clear(s.index)
	kept := 0
	for i := range o.List {
		out := &o.List[i]
		if keep == nil {
			kept++
			s.add(&s.spare, out.Belief)
			continue
		}
		out.each(func(c *Outcome) {
			if keep(c) {
				kept++
				s.add(&s.spare, c.Belief)
			}
		})
	}
	if kept == 0 {
		clear(s.index)
		return 0
	}
	s.list, s.spare = s.spare, s.list
	s.merge()
	s.acts++
	if cap(o.List) > 4*len(s.list)+1024 {
		// A line whose outcomes were many more than the beliefs they left
		// (views that branch, then an observation) would otherwise keep
		// their memory for the Set's life: many Sets (photosync infer's
		// groups) would each hold their largest line's.
		o.List = nil
	}
	s.bound(len(s.list), s.bytes(s.list))
	return kept
}

// Unobserved tells a merging Set that no later Commit filters its
// outcomes (every keep is nil: no observation follows), so that it may
// keep, of the states it holds, only what every future without
// observations can tell apart: for each state outside its viewers' cache
// entries (the Teams ones only if it forgets), the values each entry may hold,
// whatever the others hold (see "After the last observation" in the
// package doc). The photos every later view can show stay exactly those
// of the states before; the beliefs may stand for more states. It has no
// effect on a Set that does not merge, or under rules that amend the
// model's transitions (model.Rules.Amend), and lasts until Reset. A
// Commit with a keep function after it panics.
func (s *Set) Unobserved() {
	if !s.merging || s.rules.Amend != nil || s.err != nil {
		return
	}
	s.changed()
	s.unobserved, s.marginalList = true, nil
	s.merge()
	s.bound(len(s.list), s.bytes(s.list))
}

// Showing keeps the outcomes of a view that showed photo p (compared
// without the mark of a photo made in Yammer, as a scenario names it).
func Showing(p model.Photo) func(*Outcome) bool {
	p = p.Plain()
	return func(o *Outcome) bool { return o.Shown.Plain() == p }
}

// Could returns the photos a view of surf by v could show in any of the
// states, without the Yammer mark, sorted, without duplicates.
func Could(r *model.Rules, states []model.State, surf model.Surface, v model.Viewer) []model.Photo {
	var out []model.Photo
	env := model.Concrete(nil)
	for i := range states {
		for _, p := range model.ViewOptions(r, &states[i], surf, v, env).Photos() {
			if p = p.Plain(); !slices.Contains(out, p) {
				out = append(out, p)
			}
		}
	}
	slices.Sort(out)
	return out
}

// States returns every state the beliefs stand for, in order.
func (s *Set) States() []model.State {
	out := make([]model.State, 0, len(s.list))
	for i := range s.list {
		for st := range s.list[i].States() {
			out = append(out, st)
		}
	}
	return out
}

// Sizes of what a Set holds, for MaxBytes.
const (
	beliefBytes  = int64(unsafe.Sizeof(Belief{}))
	outcomeBytes = int64(unsafe.Sizeof(Outcome{}))
)
