package explore

import (
	"fmt"
	"slices"
	"time"

	"photosync/model"
	"photosync/properties"
	"photosync/zone"
)

// Config says what to explore.
type Config struct {
	Rules     model.Rules
	Viewers   int                    // how many viewers (default 2: subject and observer)
	Props     []*properties.Property // the properties to judge (default: the whole catalog)
	MaxStates int                    // stop after visiting this many states in all (0: no bound)
	MaxDepth  int                    // do not expand states at this depth or deeper (0: no bound)
	// Unprojected explores the whole model in one exploration, judging
	// every property together, without the reductions of the projections
	// (see the package doc). It is far slower; tests use it to show that
	// each projection finds exactly what the whole model shows.
	Unprojected bool
	// Alphabet, when set, limits every exploration to these actions (and
	// the timers): a smaller model, for tests that must explore it whole.
	Alphabet []model.Action

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
	// Err is why the exploration did not start: the properties failed
	// properties.Validate. Then Complete is false, nothing was explored
	// and every verdict is undecided.
	Err error
}

// Verdict is one property's outcome.
type Verdict struct {
	Property *properties.Property
	Decided  bool            // false when a bound cut the exploration short before a violation was found
	Holds    bool            // meaningful when Decided
	Example  *Counterexample // a shortest counterexample when violated
	Err      error           // a counterexample that could not be concretized: a bug in the checker
}

// node is one symbolic state: a canonical discrete state and a zone closed
// under the passage of time (up to the urgent timers).
type node struct {
	d      model.Discrete
	z      zone.Zone
	parent int32
	depth  int32
	act    model.Action
	picks  pickSet
}

type nodeKey struct {
	d model.Discrete
	z string
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
			res.Verdicts[i] = Verdict{Property: p}
		}
		res.Elapsed = time.Since(start)
		return res
	}
	res := Result{Complete: true, Verdicts: make([]Verdict, len(cfg.Props))}
	for i, p := range cfg.Props {
		res.Verdicts[i] = Verdict{Property: p, Decided: true, Holds: true}
	}
	budget := cfg.MaxStates
	gs := []*group{fullGroup(&cfg.Rules, cfg.Props, cfg.Viewers)}
	if !cfg.Unprojected {
		gs = groups(&cfg.Rules, cfg.Props, cfg.Viewers)
	}
	for _, g := range gs {
		if cfg.Alphabet != nil {
			g.actions = slices.DeleteFunc(g.actions, func(a model.Action) bool { return !slices.Contains(cfg.Alphabet, a) })
		}
		x := &explorer{cfg: &cfg, g: g, seen: map[model.Discrete][]int32{}, exact: map[nodeKey]struct{}{},
			found: map[int]violation{}}
		complete := x.run(budget)
		res.Groups++
		res.States += len(x.nodes)
		res.Transitions += x.transitions
		if x.depth > res.Depth {
			res.Depth = x.depth
		}
		if budget > 0 {
			budget -= len(x.nodes)
			if budget <= 0 {
				budget = -1 // spent: later groups stop at once
			}
		}
		for _, pi := range g.props {
			v, ok := x.found[pi]
			switch {
			case ok:
				ex, err := x.counterexample(pi, v)
				prev := res.Verdicts[pi].Example
				if !res.Verdicts[pi].Holds && prev != nil && len(prev.Events) <= len(ex.Events) {
					continue // an earlier group already found one as short
				}
				res.Verdicts[pi] = Verdict{Property: cfg.Props[pi], Decided: true, Example: ex, Err: err}
			case !complete && res.Verdicts[pi].Holds:
				res.Verdicts[pi].Decided = false
			}
		}
	}
	for _, v := range res.Verdicts {
		if !v.Decided {
			res.Complete = false
		}
	}
	res.Elapsed = time.Since(start)
	return res
}

type explorer struct {
	cfg         *Config
	g           *group
	nodes       []node
	seen        map[model.Discrete][]int32 // the states seen with each discrete part
	exact       map[nodeKey]struct{}       // every state seen
	found       map[int]violation
	transitions int
	depth       int
	budget      int  // the most states the group may keep (0: no bound)
	cut         bool // a new state was dropped for the budget

	// Scratch space reused by every transition and monitor run: most
	// successors are states already seen, so a zone is cloned only for a new
	// state.
	step, mon symEnv
	stepCh    model.Choices
	monCh     model.Choices
	monCtx    properties.Context
	tr        model.Transition
	max       []int64
}

func (x *explorer) init() {
	x.step = symEnv{idx: &x.g.idx, ch: &x.stepCh}
	x.mon = symEnv{idx: &x.g.idx, ch: &x.monCh}
	x.monCtx = properties.Context{Rules: &x.g.rules, Env: &x.mon, Viewers: x.cfg.Viewers}
	x.max = make([]int64, len(x.g.max)+1)
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
	r := &x.g.rules
	start := model.Initial()
	x.add(start.Discrete, zone.New(len(x.g.clocks)), -1, model.Action{}, pickSet{}, 0)
	for head := 0; head < len(x.nodes); head++ {
		if len(x.found) == len(x.g.props) {
			return true
		}
		if budget > 0 && len(x.nodes) >= budget {
			return false
		}
		n := x.nodes[head]
		if x.cfg.MaxDepth > 0 && int(n.depth) >= x.cfg.MaxDepth {
			return false
		}
		st := model.State{Discrete: n.d}
		timers, nt := model.Timers(r, &n.d)

		// The instants at which this state can be seen: no timer due yet.
		quiet := n.z.Clone()
		for _, tm := range timers[:nt] {
			quiet.Constrain(x.g.idx[tm.Clock], 0, zone.LT(int64(tm.After)))
		}
		if !quiet.Empty() {
			x.checkInstant(int32(head), &st, quiet)
			for _, a := range x.g.actions {
				x.expand(int32(head), &st, quiet, a)
			}
			// A take of R18 or R20 may happen at any instant before its
			// deadline: a transition enabled all along its span, the
			// deadline an upper bound on its clock (the tick takes it
			// there, after DirSync's run and the window).
			for _, a := range takes {
				if n.d.Running.Has(takeClock[a.Kind]) {
					x.expand(int32(head), &st, quiet, a)
				}
			}
		}
		if nt > 0 {
			x.expand(int32(head), &st, n.z, model.Action{Kind: model.Tick})
		}
	}
	return !x.cut
}

// checkInstant runs the instant monitors on every valuation of z.
func (x *explorer) checkInstant(from int32, st *model.State, z zone.Zone) {
	for _, pi := range x.g.props {
		p := x.cfg.Props[pi]
		if _, done := x.found[pi]; done || p.Instant == nil {
			continue
		}
		if picks, bad := x.monitor(z, func(c *properties.Context) string { return p.Instant(c, st) }); bad {
			x.found[pi] = violation{node: from, instant: true, mpicks: picks}
		}
	}
}

// expand takes action a from node from in every way the zone allows, judges
// each transition and adds each successor.
func (x *explorer) expand(from int32, st *model.State, z zone.Zone, a model.Action) {
	r := &x.g.rules
	x.stepCh.Reset()
	for {
		x.stepCh.Rewind()
		x.step.z.CopyFrom(z)
		x.step.dead = false
		next, ok := model.Apply(r, *st, a, &x.step)
		if ok && !x.step.dead {
			x.transitions++
			tpicks := packPicks(x.stepCh.Picks())
			x.tr = model.Transition{Before: *st, Action: a, Next: next}
			x.checkStep(from, a, tpicks)
			x.add(next.State.Discrete, x.step.z, from, a, tpicks, x.nodes[from].depth+1)
		}
		if !x.stepCh.Next() {
			return
		}
	}
}

// checkStep runs the step monitors on the transition in x.tr, whose zone is
// x.step.z.
func (x *explorer) checkStep(from int32, a model.Action, tpicks pickSet) {
	for _, pi := range x.g.props {
		p := x.cfg.Props[pi]
		if _, done := x.found[pi]; done || p.Transition == nil {
			continue
		}
		if picks, bad := x.monitor(x.step.z, func(c *properties.Context) string { return p.Transition(c, &x.tr) }); bad {
			x.found[pi] = violation{node: from, act: a, tpicks: tpicks, mpicks: picks}
		}
	}
}

// add lets time pass in the successor, makes it canonical and keeps it if
// new. It works on z in place: z is scratch space, cloned only for a new state.
func (x *explorer) add(d model.Discrete, z zone.Zone, parent int32, a model.Action, picks pickSet, depth int32) {
	r := &x.g.rules
	z.Up()
	timers, nt := model.Timers(r, &d)
	for _, tm := range timers[:nt] {
		if !z.Constrain(x.g.idx[tm.Clock], 0, zone.LE(int64(tm.After))) {
			panic(fmt.Sprintf("explore: timer %s already overdue", tm.Clock))
		}
	}
	for i, c := range x.g.clocks {
		x.max[i+1] = -1
		if d.Running.Has(c) {
			x.max[i+1] = x.g.max[i]
		}
	}
	z.Extrapolate(x.max)
	d = x.canonical(d)
	key := nodeKey{d, z.Key()}
	if _, ok := x.exact[key]; ok {
		return
	}
	// A zone included in one already seen with the same discrete part adds
	// no behaviour. Only new zones are dropped, never older ones: breadth
	// first, an older state is no deeper, so shortest paths are kept.
	seen := x.seen[d]
	for k := len(seen) - 1; k >= 0 && k >= len(seen)-recentZones; k-- {
		if x.nodes[seen[k]].z.Includes(z) {
			return
		}
	}
	if x.budget > 0 && len(x.nodes) >= x.budget {
		x.cut = true // over budget: --max-states N keeps at most N states
		return
	}
	x.exact[key] = struct{}{}
	x.seen[d] = append(seen, int32(len(x.nodes)))
	x.nodes = append(x.nodes, node{d: d, z: z.Clone(), parent: parent, depth: depth, act: a, picks: picks})
	if int(depth) > x.depth {
		x.depth = int(depth)
	}
}

// canonical forgets what the group does not read and renames photos in order
// of first appearance, keeping their Yammer origin: the model compares photos
// only for equality, so states that differ by a renaming behave alike.
func (x *explorer) canonical(d model.Discrete) model.Discrete {
	var tracked model.ClockSet
	for _, c := range x.g.clocks {
		tracked = tracked.With(c)
	}
	// Clocks nobody compares need not run; the model asks only for tracked
	// clocks and for whether a copy's source runs (tracked too).
	d.Running &= tracked
	f := x.g.facts
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
	if f&properties.ADPhoto == 0 {
		d.ActiveDirectory, d.ADChanged = model.NoPhoto, false
		d.ADNewer, d.ExchangeOther = false, false
	}
	if !x.g.teams {
		d.TeamsService = model.NoPhoto
	}
	if !x.g.yammer {
		d.Yammer = model.NoPhoto
	}

	var names [64]model.Photo // old id → new photo; sized for the slots a state has
	var old [64]model.Photo
	n := 0
	rename := func(p *model.Photo) {
		if *p == model.NoPhoto {
			return
		}
		y := p.FromYammer() && x.g.yammer
		base := model.V(p.ID())
		for i := 0; i < n; i++ {
			if old[i] == base {
				*p = names[i]
				if y {
					*p = p.MadeInYammer()
				}
				return
			}
		}
		old[n], names[n] = base, model.V(n)
		n++
		*p = names[n-1]
		if y {
			*p = p.MadeInYammer()
		}
	}
	d.EachPhoto(rename)
	d.Made = uint32(n - 1)
	return d
}
