package reference

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"
	"time"

	"photosync/model"
	"photosync/scenario"
)

// Options bound a reference run. The zero value takes the defaults.
type Options struct {
	// MaxStates is how many possible states the run may hold at once
	// (default 200,000); MaxWork how many state steps (an event or a take
	// slot applied to one state) it may take in all (default 20,000,000).
	// A run past either stops with a *TooBigError.
	MaxStates int
	MaxWork   int
	// KeepImportInstant writes the instant of every import even where no
	// rule reads it (under sharepoint.trigger service); see doc.go.
	KeepImportInstant bool

	_ struct{}
}

// TooBigError is a run the reference refused to finish: it would have held
// more states, or taken more steps, than Options allow. It is never an
// answer about the rules.
type TooBigError struct {
	At    time.Duration // the instant the run had reached
	What  string        // "possible states" or "steps of work"
	Limit int
}

// Error writes "reference: too big at 5h: more than 200000 possible states".
func (e *TooBigError) Error() string {
	return fmt.Sprintf("reference: too big at %s: more than %d %s", model.FormatDuration(e.At), e.Limit, e.What)
}

// Runner runs actions one by one on the set of every state the system may
// be in.
type Runner struct {
	w    world
	opts Options
	now  time.Duration
	set  map[State]struct{}
	last []outcome // the outcomes of the last view, for Observe
	work int
}

// New starts a run under rule set r at time 0 (R13).
func New(r model.Rules, opts Options) (*Runner, error) {
	rs, err := readRules(r)
	if err != nil {
		return nil, err
	}
	if opts.MaxStates <= 0 {
		opts.MaxStates = 200_000
	}
	if opts.MaxWork <= 0 {
		opts.MaxWork = 20_000_000
	}
	return &Runner{w: world{rs: rs, keepImportInstant: opts.KeepImportInstant}, opts: opts,
		set: map[State]struct{}{initial(): {}}}, nil
}

// Apply lets time pass to instant at (which must not be before the last
// one), then makes action a happen in every possible state. For a view it
// returns the photos the view can show, in order (none first, then v0, v1,
// …); after a view, Observe may narrow the states to those that showed one
// photo.
func (x *Runner) Apply(at time.Duration, a model.Action) ([]model.Photo, error) {
	if at < x.now {
		return nil, fmt.Errorf("reference: time goes back from %s to %s", model.FormatDuration(x.now), model.FormatDuration(at))
	}
	if err := x.pass(at); err != nil {
		return nil, err
	}
	var outs []outcome
	for s := range x.set {
		o, err := x.w.act(s, x.now, a)
		if err != nil {
			return nil, err
		}
		outs = append(outs, o...)
	}
	x.set = map[State]struct{}{}
	shown := map[pic]bool{}
	for _, o := range outs {
		x.set[o.s] = struct{}{}
		shown[o.shown] = true
	}
	if err := x.charge(len(outs)); err != nil {
		return nil, err
	}
	x.last = nil
	if a.Kind != model.View {
		return nil, nil
	}
	x.last = outs
	ps := make([]model.Photo, 0, len(shown))
	for p := range shown {
		ps = append(ps, p.photo())
	}
	slices.SortFunc(ps, func(a, b model.Photo) int { return cmp.Compare(a.ID(), b.ID()) })
	return ps, nil
}

// Observe keeps the states in which the last view showed p (an `observe`
// line) and reports whether there was one; when there was none, the states
// stay as they were.
func (x *Runner) Observe(p model.Photo) bool {
	keep := map[State]struct{}{}
	for _, o := range x.last {
		if o.shown.photo() == p.Plain() {
			keep[o.s] = struct{}{}
		}
	}
	if len(keep) == 0 {
		return false
	}
	x.set = keep
	return true
}

// States returns the possible states, in a fixed order.
func (x *Runner) States() []State {
	out := slices.Collect(maps.Keys(x.set))
	slices.SortFunc(out, func(a, b State) int { return cmp.Compare(a.String(), b.String()) })
	return out
}

// charge counts n state steps against Options.
func (x *Runner) charge(n int) error {
	x.work += n
	switch {
	case x.work > x.opts.MaxWork:
		return &TooBigError{At: x.now, What: "steps of work", Limit: x.opts.MaxWork}
	case len(x.set) > x.opts.MaxStates:
		return &TooBigError{At: x.now, What: "possible states", Limit: x.opts.MaxStates}
	}
	return nil
}

// each replaces every state by what f makes of it. (When f leaves every
// state as it is, the set is kept rather than copied: only speed.)
func (x *Runner) each(f func(State) []State) error {
	var out map[State]struct{}
	var same []State // the states f left as they were, before the first it changed
	n := 0
	for s := range x.set {
		ts := f(s)
		n += len(ts)
		if out == nil && len(ts) == 1 && ts[0] == s {
			same = append(same, s)
			continue
		}
		if out == nil {
			out = make(map[State]struct{}, len(x.set)+len(ts))
			for _, u := range same {
				out[u] = struct{}{}
			}
		}
		for _, t := range ts {
			out[t] = struct{}{}
		}
	}
	if out != nil {
		x.set = out
	}
	return x.charge(n)
}

// slot is a take slot at instant t: every take pending in a state may
// happen now, or not (R18, R20); both may, in either order (they touch
// different stores and read only Exchange, so one order stands for both).
func (x *Runner) slot(t time.Duration) error {
	w := &x.w
	if !x.any(func(s *State) bool { return s.spPending || s.yPending }) {
		return nil // no take pending: the slot changes nothing (only speed)
	}
	return x.each(func(s State) []State {
		out := []State{s}
		if s.spPending {
			out = append(out, w.takeSharePoint(s, t))
		}
		if s.yPending {
			for _, u := range out {
				if u.yPending {
					out = append(out, w.takeYammer(u, t))
				}
			}
		}
		return out
	})
}

// any reports whether some possible state satisfies f.
func (x *Runner) any(f func(*State) bool) bool {
	for s := range x.set {
		if f(&s) {
			return true
		}
	}
	return false
}

// nextTimer is the first instant after now at which a timer of s is due:
// DirSync's next scheduled run (every multiple of dirsync.interval after
// time 0), R8's window opening while an import waits for it, the deadlines
// of R18 and R20.
func (w *world) nextTimer(s *State, now time.Duration) time.Duration {
	next := time.Duration(math.MaxInt64)
	if k := now/w.rs.interval + 1; k <= math.MaxInt64/w.rs.interval {
		next = k * w.rs.interval
	}
	if w.importWaits(s) && !w.windowOpen(s, now) {
		next = min(next, w.windowOpens(s))
	}
	if s.spPending {
		next = min(next, s.spBegan+w.rs.maxDelay)
	}
	if s.yPending {
		next = min(next, s.yOpened+w.rs.yammerDelay)
	}
	return next
}

// pass lets time pass from x.now to instant to. The instants at which
// something happens are the scenario's own and every timer's (of any
// possible state); at each, the timers due fire in §6.2's order, with a
// take slot before, between and after them, and one more take slot lies
// strictly between each two consecutive instants (see doc.go for why these
// are enough).
func (x *Runner) pass(to time.Duration) error {
	w := &x.w
	if runs := (to - x.now) / w.rs.interval; runs > time.Duration(x.opts.MaxWork) {
		return &TooBigError{At: x.now, What: "steps of work (DirSync runs to fire)", Limit: x.opts.MaxWork}
	}
	for {
		if err := x.slot(x.now); err != nil { // right after the events of this instant
			return err
		}
		next := time.Duration(math.MaxInt64)
		for s := range x.set {
			next = min(next, w.nextTimer(&s, x.now))
		}
		end := min(next, to)
		if end-x.now >= 2 {
			if err := x.slot(x.now + (end-x.now)/2); err != nil { // strictly between
				return err
			}
		}
		if next > to {
			if to > x.now {
				x.now = to
				return x.slot(to) // right before the scenario's action
			}
			return nil
		}
		x.now = next
		if err := x.fire(next); err != nil {
			return err
		}
	}
}

// fire fires the timers due at instant t in every state, in §6.2's order:
// DirSync's run, R8's window opening, then the deadlines of R18 and R20;
// a take slot comes before each.
func (x *Runner) fire(t time.Duration) error {
	w := &x.w
	steps := []func(State) []State{
		func(s State) []State { // R3: a scheduled run
			if t%w.rs.interval != 0 {
				return []State{s}
			}
			out := w.dirSync(s, t)
			for i := range out {
				w.settle(&out[i], t)
			}
			return out
		},
		func(s State) []State { // R8: the window opens
			if w.importWaits(&s) && w.windowOpen(&s, t) {
				w.importPhoto(&s, t)
				w.settle(&s, t)
			}
			return []State{s}
		},
		func(s State) []State { // R18: the deadline
			if s.spPending && s.spBegan+w.rs.maxDelay <= t {
				return []State{w.takeSharePoint(s, t)}
			}
			return []State{s}
		},
		func(s State) []State { // R20: the deadline
			if s.yPending && s.yOpened+w.rs.yammerDelay <= t {
				return []State{w.takeYammer(s, t)}
			}
			return []State{s}
		},
	}
	// Whether each timer is due in some state (only speed: a step due in
	// no state leaves every state as it is).
	due := []func(*State) bool{
		func(*State) bool { return t%w.rs.interval == 0 },
		func(s *State) bool { return w.importWaits(s) && w.windowOpen(s, t) },
		func(s *State) bool { return s.spPending && s.spBegan+w.rs.maxDelay <= t },
		func(s *State) bool { return s.yPending && s.yOpened+w.rs.yammerDelay <= t },
	}
	for i, f := range steps {
		if err := x.slot(t); err != nil {
			return err
		}
		if !x.any(due[i]) {
			continue
		}
		if err := x.each(f); err != nil {
			return err
		}
	}
	return nil
}

// View is what the reference says of one view line of a scenario.
type View struct {
	Line   int
	Check  scenario.Check
	Photos []model.Photo // the photos the view can show
	Held   bool          // the line's check holds (true for a plain view)
}

// Result is a reference run of a scenario.
type Result struct {
	Views   []View  // one per view line (view, expect, observe) reached, in order
	Stopped int     // the line of an impossible observe, where the run stopped; 0 for none
	Final   []State // the possible states after the last line reached
}

// Run runs the `at` lines of sc under rule set r (rules and set lines are
// the caller's: scenario.ResolveRules), line by line, and says for each
// view line what it can show.
func Run(sc *scenario.Scenario, r model.Rules, opts Options) (Result, error) {
	x, err := New(r, opts)
	if err != nil {
		return Result{}, err
	}
	var res Result
	for _, l := range sc.Lines {
		d, ok := l.Directive.(scenario.At)
		if !ok {
			continue
		}
		ps, err := x.Apply(d.Time, d.Action)
		if err != nil {
			return res, fmt.Errorf("%s:%d: %w", sc.File, l.Num, err)
		}
		if d.Action.Kind != model.View {
			continue
		}
		v := View{Line: l.Num, Check: d.Check, Photos: ps, Held: true}
		switch d.Check {
		case scenario.Expect:
			v.Held = slices.Equal(ps, d.Photos)
		case scenario.Observe:
			v.Held = x.Observe(d.Photos[0])
		}
		res.Views = append(res.Views, v)
		if !v.Held && d.Check == scenario.Observe {
			res.Stopped = l.Num
			break
		}
	}
	res.Final = x.States()
	return res, nil
}
