package engine

import (
	"time"

	"photosync/model"
)

// This file lets time pass under rules whose time branches
// (model.Rules.BranchesInTime): a timer firing may have several outcomes
// (R15 either: DirSync copies AD's photo or leaves Exchange's), and a take
// of R18 or R20 may happen at any instant of its span, not only at its
// deadline. The loop over the timers is the model's (model.Pass, which
// model.Advance is the first way of): which timers are due, in which order
// they fire at one instant (§6.2), and where a take is tried. The engine
// only follows every way it tells, judging and reporting each step, so
// there is one order of timers, and a change to it shows in every run
// (pin-s62-timers-order-deadline-after-dirsync). The package doc says why
// the ends of the quiet intervals are enough instants for a take.

// takes are the model's own actions of a pending take.
var takes = [...]model.Action{{Kind: model.TakeSharePoint}, {Kind: model.TakeYammer}}

// advanceAll lets time pass to instant to in belief b (the i-th),
// appending to out every belief it may become: model.Pass, the one loop
// over the timers, with every way where time branches (each outcome of a
// firing, and with Options.OnlyDeadlines off each take at the ends of the
// quiet intervals: see "Where a take may happen" in the package doc).
func (s *Set) advanceAll(out []Belief, i int, b Belief, to time.Duration, fired Fired) []Belief {
	if !s.rules.BranchesInTime() || fired == nil && s.still(&b.State, to) {
		s.advance(i, &b, to, fired)
		return append(out, b)
	}
	model.Pass(s.rules, b.State, to, model.Branching{Choices: true, Takes: !s.opts.OnlyDeadlines},
		way{s: s, i: i, b: b, fired: fired, out: &out})
	return out
}

// way is one way time passes in belief b (the i-th), as model.Pass tells
// it: each quiet interval and each step judged by the Monitor, each step
// told to fired, and the belief at the end appended to out. Pass forks it
// as a value; beliefs that branched share the prefix of Found (record
// clips it).
type way struct {
	s     *Set
	i     int
	b     Belief
	fired Fired
	out   *[]Belief
}

func (w way) Quiet(st *model.State, until time.Duration) way {
	w.s.quiet(&w.b, st, until)
	return w
}

func (w way) Step(before *model.State, a model.Action, n *model.Next) way {
	w.s.step(w.i, &w.b, before, a, n, w.fired)
	return w
}

func (w way) End(st *model.State) {
	w.b.State = *st
	*w.out = append(*w.out, w.b)
}

// still reports whether time cannot branch in state st up to instant to:
// no take is pending and no timer is due on the way (DirSync runs that
// would change nothing aside, model.SkipIdle), so no take can become
// pending either, and letting time pass has the one outcome model.Advance
// gives. Under rules that may branch (or whose knobs are not known yet,
// model.Rules.TrackReads) this spares the common case the branching. It
// is false whenever a Monitor or a Fired must see the interval's ends.
func (s *Set) still(st *model.State, to time.Duration) bool {
	if s.opts.Monitor != nil || s.opts.OnlyDeadlines {
		return false
	}
	if at, ok := model.NextDue(s.rules, model.SkipIdle(s.rules, *st, to)); ok && at <= to {
		return false
	}
	for _, a := range takes {
		if _, ok := model.Apply(s.rules, *st, a, s.env); ok {
			return false
		}
	}
	return true
}

// step makes belief b take outcome n of the model's own action a in state
// before: judged, told to fired.
func (s *Set) step(i int, b *Belief, before *model.State, a model.Action, n *model.Next, fired Fired) {
	if s.opts.Monitor != nil {
		tr := model.Transition{Before: *before, Action: a, Next: *n}
		s.judge(b, &tr, false)
	}
	if fired != nil {
		st := *before
		fired(i, &st, n)
	}
	b.State = n.State
}
