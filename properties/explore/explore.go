package explore

import (
	"cmp"
	"fmt"
	"hash/maphash"
	"slices"
	"time"

	"photosync/model"
	"photosync/properties"
	"photosync/zone"
)

// Config says what to explore.
type Config struct {
	Rules   model.Rules
	Viewers int                    // how many viewers (default 2: subject and observer)
	Props   []*properties.Property // the properties to judge (default: the whole catalog)
	// MaxStates stops the exploration after visiting this many states in
	// all (0: no bound), not counting a projection's partial attempt
	// (exploreGroup: at most 50,000 states, which never leaves a later
	// exploration less of the bound).
	MaxStates int
	MaxDepth  int // do not expand states at this depth or deeper (0: no bound)
	// MaxProjectionStates stops each projection after this many states of
	// its own (0: no bound), leaving its properties unknown where it found
	// no violation, while the other projections go on: a bound on what one
	// exploration holds at a time, so on memory (photosync check's default
	// is DefaultMaxProjectionStates).
	MaxProjectionStates int
	// Unprojected explores the whole model in one exploration, judging
	// every property together, without the reductions of the projections
	// (see the package doc). It is far slower; tests use it to show that
	// each projection finds exactly what the whole model shows.
	Unprojected bool
	// Alphabet, when set, limits every exploration to these actions (and
	// the timers): a smaller model, for tests that must explore it whole.
	Alphabet []model.Action
	// Coverage counts, over the transitions explored, the clauses of the
	// rules each exercised and the knobs each read (Result.Coverage).
	// Each projection then runs to its end even once every property it
	// judges is violated, so that a rule not reached is one the reduced
	// model does not reach, not one the search stopped before.
	Coverage bool
	// Stop, when set, is the caller's own bound (a request cancelled or
	// out of time: photosync serve, check --timeout): it is asked before
	// each projection and every stopEvery states expanded, so that the
	// exploration ends within a fraction of a second of its first true,
	// and it must keep reporting true from then on. The projection it
	// stops, and every later one, is left unfinished as by a bound
	// (BoundStop): each of its properties is unknown, never holds, unless
	// a finished projection found it violated (a violation the stopped
	// one found is not confirmed, so not kept). It must be safe for
	// concurrent use.
	Stop func() bool

	// exact, for tests: explore without the two abstractions of the package
	// doc (DirSync's phase left free while its runs are idle; a cache's age
	// kept without upper bounds), so that tests can show they change no
	// verdict.
	exact bool
	// askEvery, for tests: ask Stop every this many states expanded
	// (0: stopEvery), so that tests can stop a projection anywhere.
	askEvery int
	// noPartial, for tests: a counterexample that does not hold sends the
	// projection straight to exact exploration, without exploreGroup's
	// partial attempt, so that tests can show it changes no verdict.
	noPartial bool
	// without, for tests: explore without these exact reductions of issue
	// 8 (see groupsReduced), so that tests can show that none changes a
	// verdict or a counterexample's length, alone or together.
	without reduction

	_ struct{}
}

// Result is what an exploration found.
type Result struct {
	Complete    bool          // every verdict is decided: nothing was cut off by a bound
	States      int           // distinct symbolic states visited, over all groups
	Transitions int           // transitions taken
	Depth       int           // the deepest state reached
	Groups      int           // how many projections were explored
	Elapsed     time.Duration // wall-clock time spent
	Verdicts    []Verdict     // one per property, in Config.Props order
	// Stopped are the bounds that cut the exploration short, in Bound
	// order, each once: empty when Complete.
	Stopped []Stop
	// Coverage is rule coverage, with Config.Coverage (nil without).
	Coverage *Coverage
	// Err is why the exploration did not start: the properties failed
	// properties.Validate. Then Complete is false, nothing was explored
	// and every verdict is undecided.
	Err error
}

// Bound names a bound of Config.
type Bound int

// The bounds of Config, in the order Result.Stopped lists them.
const (
	BoundStates           Bound = iota + 1 // Config.MaxStates, over all projections
	BoundDepth                             // Config.MaxDepth
	BoundProjectionStates                  // Config.MaxProjectionStates, in one projection
	BoundStop                              // Config.Stop, the caller's own bound (a time limit)
)

// stopEvery is how many states the explorer expands between two questions
// to Config.Stop: a state's expansion takes microseconds, so a stopped
// exploration ends within milliseconds.
const stopEvery = 64

// DefaultMaxProjectionStates is photosync check's default
// Config.MaxProjectionStates. The projection that keeps a 72 h import
// waiting behind changes 2 s apart (a window of 2 s from the last change)
// holds 777,614 states, for a counterexample of 259,201 steps, in about
// 500 MB; with a window of 1 ns it never ends. So a million states is
// about what one exploration may hold under 1 GiB, and more than any
// projection of a named rule set needs.
const DefaultMaxProjectionStates = 1_000_000

// Stop is a bound that cut an exploration short: which, its value, and how
// many projections it left unfinished.
type Stop struct {
	Bound       Bound
	Limit       int
	Projections int
}

// Verdict is one property's outcome.
type Verdict struct {
	Property *properties.Property
	// Verdict is holds, holds vacuously, violated, or unknown when a
	// bound cut the exploration short before a violation was found.
	Verdict properties.Verdict
	Example *Counterexample // a shortest counterexample when violated
	// Witness is, when the property holds (not vacuously), a shortest run
	// that reaches its trigger (properties.Trigger), found and confirmed
	// on concrete time as a counterexample is; its Message says what it
	// reached.
	Witness *Counterexample
	Err     error // a counterexample or witness that could not be concretized: a bug in the checker
}

// node is one symbolic state: a canonical discrete state (interned: an
// index into explorer.discs) and a zone closed under the passage of time
// (up to the urgent timers).
type node struct {
	z      zone.Zone
	disc   int32
	parent int32
	depth  int32
	next   int32 // the next state whose hash shares this one's bucket of explorer.exact (-1: none)
	// prevSame is the state seen before this one with the same discrete
	// part (-1: none).
	prevSame int32
	act      model.Action
	picks    pickSet
}

// recentZones is how many of the latest zones seen with a discrete part a
// new zone is compared with for inclusion. Comparing with all is quadratic
// where one discrete part has thousands of zones; nested chains, which
// inclusion is for, are found among the latest.
const recentZones = 32

// pickSet is a transition's sequence of binary choices, packed.
type pickSet struct {
	bits uint64
	n    uint8
}

func packPicks(ps []int) pickSet {
	if len(ps) > 64 {
		panic("explore: more than 64 choice points in one transition")
	}
	var p pickSet
	for i, b := range ps {
		if b != 0 {
			p.bits |= 1 << i
		}
	}
	p.n = uint8(len(ps))
	return p
}

func (p pickSet) unpack() []int {
	out := make([]int, p.n)
	for i := range out {
		if p.bits&(1<<i) != 0 {
			out[i] = 1
		}
	}
	return out
}

// violation is where a property was first seen violated.
type violation struct {
	node    int32
	instant bool // at node's state while nothing happens; otherwise by a transition from node
	act     model.Action
	tpicks  pickSet // the transition's choices
	mpicks  pickSet // the monitor's choices
}

// Explore visits every reachable symbolic state of each projection of the
// product of the model and the properties, breadth first, and returns the
// verdicts with shortest counterexamples.
func Explore(cfg Config) Result {
	start := time.Now()
	if cfg.Viewers == 0 {
		cfg.Viewers = 2
	}
	if cfg.Props == nil {
		cfg.Props = properties.Catalog()
	}
	if err := properties.Validate(cfg.Props); err != nil {
		res := Result{Verdicts: make([]Verdict, len(cfg.Props)), Err: err}
		for i, p := range cfg.Props {
			res.Verdicts[i] = Verdict{Property: p, Verdict: properties.Unknown}
		}
		res.Elapsed = time.Since(start)
		return res
	}
	res := Result{Complete: true, Verdicts: make([]Verdict, len(cfg.Props))}
	for i, p := range cfg.Props {
		res.Verdicts[i] = Verdict{Property: p, Verdict: properties.Holds}
	}
	if cfg.Coverage {
		res.Coverage = &Coverage{}
	}
	budget := cfg.MaxStates
	gs := []*group{fullGroup(&cfg.Rules, cfg.Props, cfg.Viewers)}
	if !cfg.Unprojected {
		gs = groupsReduced(&cfg.Rules, cfg.Props, cfg.Viewers, allReductions&^cfg.without)
	}
	for _, g := range gs {
		if cfg.Alphabet != nil {
			g.actions = slices.DeleteFunc(g.actions, func(a model.Action) bool { return !slices.Contains(cfg.Alphabet, a) })
		}
		if cfg.exact {
			g.lu, g.phaseFree = false, false
		}
		gbudget, by := budget, BoundStates
		if p := cfg.MaxProjectionStates; p > 0 && (budget == 0 || p < budget) {
			gbudget, by = p, BoundProjectionStates
		}
		gr := exploreGroup(&cfg, g, gbudget, res.Coverage)
		if !gr.complete {
			switch {
			case gr.stopped:
				by = BoundStop
			case gr.deep:
				by = BoundDepth
			}
			res.stopped(by, cfg.limit(by))
		}
		res.Groups++
		res.States += gr.states
		res.Transitions += gr.transitions
		res.Depth = max(res.Depth, gr.depth)
		if res.Coverage != nil && !gr.complete {
			res.Coverage.Bounded = true
		}
		if budget > 0 {
			budget -= gr.states - gr.uncharged
			if budget <= 0 {
				budget = -1 // spent: later groups stop at once
			}
		}
		for _, pi := range g.props {
			if w, ok := gr.witnesses[pi]; ok {
				prev := res.Verdicts[pi].Witness
				if prev == nil || len(w.ex.Events) < len(prev.Events) {
					res.Verdicts[pi].Witness = w.ex
				}
				if w.err != nil && res.Verdicts[pi].Err == nil {
					res.Verdicts[pi].Err = w.err
				}
			}
			ex, ok := gr.examples[pi]
			switch {
			case ok:
				prev := res.Verdicts[pi].Example
				if res.Verdicts[pi].Verdict == properties.Violated && prev != nil && len(prev.Events) <= len(ex.ex.Events) {
					continue // an earlier group already found one as short
				}
				res.Verdicts[pi] = Verdict{Property: cfg.Props[pi], Verdict: properties.Violated, Example: ex.ex, Err: ex.err,
					Witness: res.Verdicts[pi].Witness}
			case !gr.complete && res.Verdicts[pi].Verdict.Held():
				res.Verdicts[pi].Verdict = properties.Unknown
			}
		}
	}
	for i := range res.Verdicts {
		v := &res.Verdicts[i]
		switch {
		case !v.Verdict.Decided():
			res.Complete = false
			v.Witness = nil
		case v.Verdict == properties.Violated:
			v.Witness = nil // the counterexample reaches what the property speaks of
		case v.Witness == nil:
			v.Verdict = properties.HoldsVacuously
		}
	}
	if res.Coverage != nil {
		res.Coverage.Transitions = res.Transitions
	}
	res.Elapsed = time.Since(start)
	return res
}

// limit is bound b's value in the configuration.
func (cfg *Config) limit(b Bound) int {
	switch b {
	case BoundStates:
		return cfg.MaxStates
	case BoundDepth:
		return cfg.MaxDepth
	case BoundStop:
		return 0
	}
	return cfg.MaxProjectionStates
}

// stopped notes that bound b, of value limit, left one more projection
// unfinished.
func (r *Result) stopped(b Bound, limit int) {
	i := slices.IndexFunc(r.Stopped, func(s Stop) bool { return s.Bound == b })
	if i < 0 {
		r.Stopped = append(r.Stopped, Stop{Bound: b, Limit: limit})
		slices.SortFunc(r.Stopped, func(a, b Stop) int { return int(a.Bound - b.Bound) })
		i = slices.IndexFunc(r.Stopped, func(s Stop) bool { return s.Bound == b })
	}
	r.Stopped[i].Projections++
}

// groupResult is what the exploration of one group found.
type groupResult struct {
	complete                   bool // see explorer.run
	deep                       bool // Config.MaxDepth, not a budget of states, left it incomplete
	stopped                    bool // Config.Stop left it incomplete: nothing it found is kept
	partial                    bool // the answer is the partial attempt's (see exploreGroup)
	uncharged                  int  // states of the partial attempt, not charged to a budget
	states, transitions, depth int  // over every attempt
	examples                   map[int]example
	witnesses                  map[int]example // of the properties not violated
}

type example struct {
	ex  *Counterexample
	err error
}

// exploreGroup explores one group and builds a counterexample for each
// property it finds violated. The two abstractions of the package doc that
// rest on how the model and the monitors use time (DirSync's phase, a
// cache's age) only ever add behaviours, never hide one; if a counterexample
// found with them does not hold on exact zones and concrete time, the group
// is explored again without them. So they make exploring faster, never a
// verdict different.
//
// Each abstraction alone only adds behaviours too, so when both were used
// the group is first explored again with DirSync's phase still free and
// only the cache ages kept exactly (a cache's age is what most often gives
// a counterexample that does not hold, and keeping DirSync's phase is what
// most often makes an exploration large): if that attempt ends within
// maxPartial states and every counterexample and witness it finds holds,
// it is the answer, by the argument of the package doc. Otherwise the
// exact exploration follows, with the budget it had before: the partial
// attempt is not charged to it (groupResult.uncharged), so that every
// bound decides what it decided without the attempt.
func exploreGroup(cfg *Config, g *group, budget int, cov *Coverage) groupResult {
	var gr groupResult
	partial := g.lu && g.phaseFree && !cfg.noPartial
	for {
		gr.examples, gr.witnesses = map[int]example{}, map[int]example{}
		x, complete := gr.attempt(cfg, g, cov, budget, true)
		if x == nil {
			return gr
		}
		if x.confirmAll(gr.examples, gr.witnesses) || !(g.lu || g.phaseFree) {
			gr.complete, gr.deep = complete, x.deep
			return gr
		}
		if budget > 0 {
			budget = max(budget-len(x.nodes), -1)
			if budget == 0 {
				budget = -1
			}
		}
		if partial { // a counterexample does not hold: first keep only the cache ages exactly
			partial = false
			g.lu = false
			pb := maxPartial
			if budget != 0 {
				pb = min(budget, maxPartial)
			}
			y, done := gr.attempt(cfg, g, cov, pb, false)
			if y == nil {
				return gr
			}
			ex, wit := map[int]example{}, map[int]example{}
			if done && !y.cut && y.confirmAll(ex, wit) {
				gr.examples, gr.witnesses, gr.complete, gr.partial = ex, wit, true, true
				return gr
			}
		}
		g.lu, g.phaseFree = false, false // explore exactly
	}
}

// attempt explores g once within budget and counts it; an attempt not
// charged (the partial one) adds its states to gr.uncharged. It returns the
// explorer and whether it ended (see explorer.run), or nil when Config.Stop
// asked before or during it: gr.stopped is then set, and what it found is
// not confirmed (every property is unknown).
func (gr *groupResult) attempt(cfg *Config, g *group, cov *Coverage, budget int, charged bool) (*explorer, bool) {
	if cfg.stopped() {
		gr.stopped = true
		return nil, false
	}
	x := newExplorer(cfg, g)
	complete := x.run(budget)
	gr.count(x, g, cfg, cov)
	if !charged {
		gr.uncharged += len(x.nodes)
	}
	if x.stopped {
		gr.stopped = true
		return nil, false
	}
	return x, complete
}

// maxPartial bounds the partial attempt of exploreGroup: an attempt that
// has not ended by then gives way to the exact exploration.
const maxPartial = 50_000

// count adds x's exploration to the group's counts (and coverage).
func (gr *groupResult) count(x *explorer, g *group, cfg *Config, cov *Coverage) {
	if cov != nil {
		cov.add(x.cov, &g.rules, &cfg.Rules)
	}
	gr.states += len(x.nodes)
	gr.transitions += x.transitions
	gr.depth = max(gr.depth, x.depth)
}

// stopped reports whether Config.Stop says to stop.
func (cfg *Config) stopped() bool { return cfg.Stop != nil && cfg.Stop() }

// confirmAll builds a counterexample for every violation found into out,
// and a witness for every trigger reached by a property not violated into
// witnesses, and reports whether each holds on exact zones and concrete
// time.
func (x *explorer) confirmAll(out, witnesses map[int]example) bool {
	ok := true
	for pi, v := range x.found {
		ex, err := x.counterexample(x.cfg.Props[pi], v)
		out[pi] = example{ex, err}
		ok = ok && err == nil
	}
	for pi, v := range x.reached {
		if _, violated := x.found[pi]; violated {
			continue
		}
		ex, err := x.counterexample(x.reaching[pi], v)
		ex.Property = x.cfg.Props[pi]
		witnesses[pi] = example{ex, err}
		ok = ok && err == nil
	}
	return ok
}

type explorer struct {
	cfg      *Config
	g        *group
	nodes    []node
	discs    []model.Discrete // the discrete parts seen, each once
	discHash map[uint64]int32 // hash of a discrete part → the latest part in its bucket
	discNext []int32          // per discrete part: the next in its bucket (-1: none)
	idle     []bool           // per discrete part: a DirSync run in it changes nothing (see idleDirSync)
	latest   []int32          // per discrete part: the latest state seen with it (-1: none)
	exact    map[uint64]int32 // zone hash ^ discrete part → the first state in its bucket
	found    map[int]violation
	// reached is where each property's trigger was first reached, and
	// reaching the properties violated there (properties.Reaching), by
	// index in Config.Props.
	reached     map[int]violation
	reaching    []*properties.Property
	transitions int
	cov         *counting // with Config.Coverage: the counts (see expand)
	selfLoops   int       // transitions whose successor was dropped unbuilt (see take)
	depth       int
	budget      int  // the most states the group may keep (0: no bound)
	cut         bool // a new state was dropped for the budget
	deep        bool // a state at Config.MaxDepth was left unexpanded
	stopped     bool // Config.Stop stopped the exploration

	// Scratch space reused by every transition and monitor run: most
	// successors are states already seen, so a zone is cloned only for a new
	// state.
	step, mon symEnv
	stepCh    model.Choices
	monCh     model.Choices
	monCtx    properties.Context
	tr        model.Transition
	lower     []int64 // scratch: each zone index's bounds for extrapolation
	upper     []int64
	tbuf      []model.Timer
	quiet     zone.Zone
	cur       model.State // the state being expanded
	seeState  model.State // scratch of add: the new state, for the instant monitors
	quietAdd  zone.Zone
	tc        transCache
	bz        []zone.Zone // scratch: the zones of a replayed entry's branches
	live      []int32
	arena     []zone.Bound // where the zones of new states are kept, in blocks
}

// keep returns a copy of z for a new state, its matrix in x.arena.
func (x *explorer) keep(z zone.Zone) zone.Zone {
	n := z.Entries()
	if len(x.arena) < n {
		x.arena = make([]zone.Bound, max(n, 1<<14))
	}
	k := z.CloneIn(x.arena)
	x.arena = x.arena[n:]
	return k
}

func newExplorer(cfg *Config, g *group) *explorer {
	x := &explorer{cfg: cfg, g: g, discHash: map[uint64]int32{}, exact: map[uint64]int32{},
		found: map[int]violation{}, reached: map[int]violation{}, reaching: make([]*properties.Property, len(cfg.Props))}
	for _, pi := range g.props {
		x.reaching[pi] = cfg.Props[pi].Reaching()
	}
	if cfg.Coverage {
		x.cov = newCounting()
		g.rules.TrackReads(&x.cov.reads)
	}
	return x
}

func (x *explorer) init() {
	x.step = symEnv{idx: &x.g.idx, ch: &x.stepCh}
	x.mon = symEnv{idx: &x.g.idx, ch: &x.monCh, prune: x.g.on(reduceDeadChoices)}
	x.monCtx = properties.Context{Rules: &x.g.rules, Env: &x.mon, Viewers: x.cfg.Viewers}
	x.lower = make([]int64, len(x.g.max)+1)
	x.upper = make([]int64, len(x.g.max)+1)
}

// intern returns the index of canonical discrete part d, adding it if new.
// Each part is kept once, in discs, the table holding only its hash.
func (x *explorer) intern(d model.Discrete) int32 {
	h := maphash.Comparable(discSeed, d)
	head, ok := x.discHash[h]
	if ok {
		for id := head; id >= 0; id = x.discNext[id] {
			if x.discs[id] == d {
				return id
			}
		}
	} else {
		head = -1
	}
	id := int32(len(x.discs))
	x.discs = append(x.discs, d)
	x.discHash[h] = id
	x.discNext = append(x.discNext, head)
	x.idle = append(x.idle, x.g.idleDirSync(&d))
	x.latest = append(x.latest, -1)
	return id
}

var discSeed = maphash.MakeSeed()

// timers returns the timers pending in canonical discrete part d whose
// firing can change something: DirSync's schedule is left out where its
// runs are idle (see group.idleDirSync). The slice is scratch space, valid
// until the next call.
func (x *explorer) timers(d *model.Discrete, idle bool) []model.Timer {
	ts, n := model.Timers(&x.g.rules, d)
	x.tbuf = x.tbuf[:0]
	for _, tm := range ts[:n] {
		if !(idle && tm.Clock == model.ClockDirSync) {
			x.tbuf = append(x.tbuf, tm)
		}
	}
	return x.tbuf
}

// monitor runs check on every answer to its time questions over zone z and
// returns the answers of the first that finds a violation.
func (x *explorer) monitor(z zone.Zone, check func(*properties.Context) string) (pickSet, bool) {
	x.monCh.Reset()
	for {
		x.monCh.Rewind()
		x.mon.z.CopyFrom(z)
		x.mon.dead = false
		if msg := check(&x.monCtx); msg != "" && !x.mon.dead {
			return packPicks(x.monCh.Picks()), true
		}
		if !x.monCh.Next() {
			return pickSet{}, false
		}
	}
}

// takes are the model's own actions of a pending take, and takeClock the
// clock that runs while each is pending.
var (
	takes     = []model.Action{{Kind: model.TakeSharePoint}, {Kind: model.TakeYammer}}
	takeClock = map[model.ActionKind]model.Clock{model.TakeSharePoint: model.ClockSharePointSpan,
		model.TakeYammer: model.ClockYammerSpan}
)

// run explores the group; it reports whether the exploration finished (or
// every property of the group was violated) without hitting a bound.
func (x *explorer) run(budget int) bool {
	if budget < 0 {
		return false
	}
	x.budget = budget
	x.init()
	start := model.Initial()
	z := zone.New(len(x.g.clocks))
	x.add(x.intern(x.canonical(start.Discrete)), z, -1, false, model.Action{}, pickSet{}, 0)
	for head := 0; head < len(x.nodes); head++ {
		if len(x.found) == len(x.g.props) && x.cov == nil {
			return true
		}
		if budget > 0 && len(x.nodes) >= budget {
			return false
		}
		if every := cmp.Or(x.cfg.askEvery, stopEvery); head%every == every-1 && x.cfg.stopped() {
			x.stopped = true
			return false
		}
		n := x.nodes[head]
		if x.cfg.MaxDepth > 0 && int(n.depth) >= x.cfg.MaxDepth {
			x.deep = true
			return false
		}
		x.cur = model.State{Discrete: x.discs[n.disc]}
		st := &x.cur
		idle := x.idle[n.disc]
		timers := x.timers(&st.Discrete, idle)
		nt := len(timers)
		nz := n.z

		// The instants at which this state can be seen: no timer due yet.
		x.quiet.CopyFrom(nz)
		quiet := x.quiet
		for _, tm := range timers {
			quiet.Constrain(x.g.idx[tm.Clock], 0, zone.LT(int64(tm.After)))
		}
		if !quiet.Empty() {
			for k, a := range x.g.actions {
				x.expand(int32(head), st, n.disc, idle, quiet, a, int32(k))
			}
			// A take of R18 or R20 may happen at any instant before its
			// deadline: a transition enabled all along its span, the
			// deadline an upper bound on its clock (the tick takes it
			// there, after DirSync's run and the window).
			for k, a := range takes {
				if st.Running.Has(takeClock[a.Kind]) {
					x.expand(int32(head), st, n.disc, idle, quiet, a, int32(len(x.g.actions)+k))
				}
			}
		}
		if nt > 0 {
			x.expand(int32(head), st, n.disc, idle, nz, model.Action{Kind: model.Tick}, -1)
		}
	}
	return !x.cut
}

// checkInstant runs the instant monitors on every valuation of z, and the
// instant triggers not reached yet.
func (x *explorer) checkInstant(from int32, st *model.State, z zone.Zone) {
	for _, pi := range x.g.props {
		if _, done := x.found[pi]; done {
			continue
		}
		if p := x.cfg.Props[pi]; p.Instant != nil {
			if picks, bad := x.monitor(z, func(c *properties.Context) string { return p.Instant(c, st) }); bad {
				x.found[pi] = violation{node: from, instant: true, mpicks: picks}
				continue
			}
		}
		if _, done := x.reached[pi]; done {
			continue
		}
		if q := x.reaching[pi]; q != nil && q.Instant != nil {
			if picks, hit := x.monitor(z, func(c *properties.Context) string { return q.Instant(c, st) }); hit {
				x.reached[pi] = violation{node: from, instant: true, mpicks: picks}
			}
		}
	}
}

// checkStep runs the step monitors on the transition in x.tr, whose zone is
// z.
func (x *explorer) checkStep(from int32, z zone.Zone, a model.Action, tpicks pickSet) {
	for _, pi := range x.g.props {
		if _, done := x.found[pi]; done {
			continue
		}
		if p := x.cfg.Props[pi]; p.Transition != nil {
			if picks, bad := x.monitor(z, func(c *properties.Context) string { return p.Transition(c, &x.tr) }); bad {
				x.found[pi] = violation{node: from, act: a, tpicks: tpicks, mpicks: picks}
				continue
			}
		}
		if _, done := x.reached[pi]; done {
			continue
		}
		if q := x.reaching[pi]; q != nil && q.Transition != nil {
			if picks, hit := x.monitor(z, func(c *properties.Context) string { return q.Transition(c, &x.tr) }); hit {
				x.reached[pi] = violation{node: from, act: a, tpicks: tpicks, mpicks: picks}
			}
		}
	}
}

// add lets time pass in the successor, makes it canonical and keeps it if
// new. It works on z in place: z is scratch space, cloned only for a new
// state. wasIdle says whether the predecessor's DirSync runs were idle.
func (x *explorer) add(id int32, z zone.Zone, parent int32, wasIdle bool, a model.Action, picks pickSet, depth int32) {
	d := &x.discs[id]
	idle := x.idle[id]
	if wasIdle && !idle {
		x.g.choosePhase(&z)
	}
	z.Up()
	for _, tm := range x.timers(d, idle) {
		if !z.Constrain(x.g.idx[tm.Clock], 0, zone.LE(int64(tm.After))) {
			panic(fmt.Sprintf("explore: timer %s already overdue", tm.Clock))
		}
	}
	for i, c := range x.g.clocks {
		x.lower[i+1], x.upper[i+1] = -1, -1
		if d.Running.Has(c) && !(idle && c == model.ClockDirSync) {
			x.lower[i+1], x.upper[i+1] = x.g.max[i], x.g.max[i]
			if x.g.lu && x.g.ageOnly[i] {
				x.lower[i+1] = -1
			}
		}
	}
	z.ExtrapolateLU(x.lower, x.upper)
	h := z.Hash() ^ uint64(id)*0x9e3779b97f4a7c15
	head, inBucket := x.exact[h]
	if inBucket {
		for k := head; k >= 0; k = x.nodes[k].next {
			if n := &x.nodes[k]; n.disc == id && n.z.Equal(z) {
				return
			}
		}
	}
	// A zone every valuation of which is LU-simulated by one of a zone
	// already seen with the same discrete part (included in it, or in its
	// a≼LU abstraction) adds no behaviour. Only new zones are dropped, never
	// older ones: breadth first, an older state is no deeper, so shortest
	// paths are kept.
	for k, n := x.latest[id], 0; k >= 0 && n < recentZones; k, n = x.nodes[k].prevSame, n+1 {
		old := x.nodes[k].z
		if lu := x.g.on(reduceLU); lu && old.SimulatesLU(z, x.lower, x.upper) || !lu && old.Includes(z) {
			return
		}
	}
	if x.budget > 0 && len(x.nodes) >= x.budget {
		x.cut = true // over budget: --max-states N (--max-projection-states N) keeps at most N states
		return
	}
	next := int32(-1)
	if inBucket {
		next = head
	}
	idx := int32(len(x.nodes))
	x.exact[h] = idx
	x.nodes = append(x.nodes, node{disc: id, z: x.keep(z), parent: parent, depth: depth, next: next,
		prevSame: x.latest[id], act: a, picks: picks})
	x.latest[id] = idx
	if int(depth) > x.depth {
		x.depth = int(depth)
	}
	// The instant monitors judge the new state now rather than when it is
	// expanded: breadth first, every shorter path has been judged already,
	// and a violation found here spares expanding the rest of this depth.
	x.seeState = model.State{Discrete: *d}
	x.quietAdd.CopyFrom(z)
	for _, tm := range x.timers(d, idle) {
		x.quietAdd.Constrain(x.g.idx[tm.Clock], 0, zone.LT(int64(tm.After)))
	}
	if !x.quietAdd.Empty() {
		x.checkInstant(idx, &x.seeState, x.quietAdd)
	}
}

// canonical forgets what the group does not read and renames photos in order
// of first appearance, keeping their Yammer origin: the model compares photos
// only for equality, so states that differ by a renaming behave alike.
func (x *explorer) canonical(d model.Discrete) model.Discrete { return x.g.canonical(d) }

// canonical is explorer.canonical.
func (g *group) canonical(d model.Discrete) model.Discrete {
	var tracked model.ClockSet
	for _, c := range g.clocks {
		tracked = tracked.With(c)
	}
	// Clocks nobody compares need not run; the model asks only for tracked
	// clocks and for whether a copy's source runs (tracked too).
	d.Running &= tracked
	f := g.facts
	h := &d.History
	if f&properties.QualifiedSinceImport == 0 {
		h.QualifiedSinceImport = false
	}
	if f&properties.QualifiedWhileHeld == 0 {
		h.QualifiedWhileHeld = false
	}
	if f&properties.SharePointHeld == 0 {
		h.SharePointHeld = false
	}
	if f&properties.VisitedSinceChange == 0 {
		h.VisitedSinceChange = false
	}
	if f&properties.RestartedSinceChange == 0 {
		h.RestartedSinceChange = 0
	}
	if f&properties.ClearedSinceChange == 0 {
		h.ClearedSinceChange = 0
	}
	if f&properties.RestartedNotViewed == 0 {
		h.RestartedNotViewed = 0
	}
	if f&properties.RestartedTeams == 0 {
		h.RestartedTeams = 0
	}
	if f&properties.SharePointPhoto == 0 {
		d.SharePoint = [3]model.Photo{}
		d.MySiteCreated, d.VisitPending = false, false
	}
	// Active Directory matters to a group that reads it, and to one that
	// keeps DirSync (R17 on-premises: DirSync is Exchange's only source).
	if f&properties.ADPhoto == 0 && g.rules.DirSyncInterval == 0 {
		d.ActiveDirectory, d.ADChanged = model.NoPhoto, false
		d.ADNewer, d.ExchangeOther = false, false
	}
	// Where DirSync never copies, the model reads AD's photo and whether AD
	// changed last only in a copy: a group that does not read AD forgets
	// them, keeping what makes a run idle or not (package doc).
	if f&properties.ADPhoto == 0 && !g.dirSyncCopies {
		d.ActiveDirectory, d.ADNewer = model.NoPhoto, false
	}
	if !g.teams {
		d.TeamsService = model.NoPhoto
	}
	if !g.yammer {
		d.Yammer = model.NoPhoto
	}

	if g.ren == nil {
		g.ren = &renamer{yammer: g.yammer}
		g.ren.fn = g.ren.rename
	}
	ren := g.ren
	ren.n = 0
	ren.d = d
	ren.d.EachPhoto(ren.fn)
	ren.d.Made = uint32(ren.n - 1)
	return ren.d
}

// renamer renames photos in order of first appearance; it lives with its
// group, so that renaming allocates nothing.
type renamer struct {
	d      model.Discrete
	names  [64]model.Photo // old id → new photo; sized for the slots a state has
	old    [64]model.Photo
	n      int
	yammer bool
	fn     func(*model.Photo)
}

func (r *renamer) rename(p *model.Photo) {
	if *p == model.NoPhoto {
		return
	}
	y := p.FromYammer() && r.yammer
	base := model.V(p.ID())
	for i := 0; i < r.n; i++ {
		if r.old[i] == base {
			*p = r.names[i]
			if y {
				*p = p.MadeInYammer()
			}
			return
		}
	}
	r.old[r.n], r.names[r.n] = base, model.V(r.n)
	r.n++
	*p = r.names[r.n-1]
	if y {
		*p = p.MadeInYammer()
	}
}
