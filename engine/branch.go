package engine

import (
	"time"

	"photosync/model"
)

// This file lets time pass under rules whose time branches
// (model.Rules.BranchesInTime): a timer firing may have several outcomes
// (R15 either: DirSync copies AD's photo or leaves Exchange's), and a take
// of R18 or R20 may happen at any instant of its span, not only at its
// deadline.
//
// A take changes the state at the instant it happens; between two events
// (an action or a timer firing) nothing else changes, so a take anywhere
// in that quiet interval leaves the stores as a take at either end does.
// What differs is the instant itself: the import's clock (R18 counts a
// take as an import) and what the Monitor sees during the interval. The
// engine branches at both ends of every quiet interval of the span: right
// after the event that opens it and right before the event that closes it
// (the action, or the timers due next, before they fire). A property whose
// verdict depends on the take's instant compares a clock with a constant;
// between the two ends its verdict is one of theirs, so the masks of the
// two branches cover what a take in between gives (see "Where a take may
// happen" in the package doc).

// takes are the model's own actions of a pending take.
var takes = [...]model.Action{{Kind: model.TakeSharePoint}, {Kind: model.TakeYammer}}

// advanceAll lets time pass to instant to in belief b (the i-th),
// appending to out every belief it may become.
func (s *Set) advanceAll(out []Belief, i int, b Belief, to time.Duration, fired Fired) []Belief {
	if !s.rules.BranchesInTime() || fired == nil && s.still(&b.State, to) {
		s.advance(i, &b, to, fired)
		return append(out, b)
	}
	return s.branch(out, i, b, to, fired, true)
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

// branch is advanceAll under rules whose time branches. early says the
// pending takes may happen now, at b's instant, right after the event that
// led to it.
func (s *Set) branch(out []Belief, i int, b Belief, to time.Duration, fired Fired, early bool) []Belief {
	if early {
		out = s.takeNow(out, i, &b, to, fired)
	}
	st := model.SkipIdle(s.rules, b.State, to)
	at, due := model.NextDue(s.rules, st)
	if !due || at > to {
		// Quiet to the end; the takes may also happen at its very end.
		s.quiet(&b, &st, to)
		b.State, _ = model.Advance(s.rules, st, to)
		out = s.takeNow(out, i, &b, to, fired)
		return append(out, b)
	}
	s.quiet(&b, &st, at)
	st.Now = at
	// The takes may also happen at the interval's very end, right before
	// the timers due now fire (see the package doc).
	c := b
	c.State = st
	out = s.takeNow(out, i, &c, to, fired)
	var ch model.Choices
	env := model.Concrete(&ch)
	for more := true; more; more = ch.Next() {
		ch.Rewind()
		n, ok := model.Apply(s.rules, st, model.Action{Kind: model.Tick}, env)
		if !ok {
			continue
		}
		c := b
		s.step(i, &c, &st, model.Action{Kind: model.Tick}, &n, fired)
		out = s.branch(out, i, c, to, fired, true)
	}
	return out
}

// takeNow appends, for each take pending in b, the beliefs b becomes when
// it happens now (and time then passes to instant to).
func (s *Set) takeNow(out []Belief, i int, b *Belief, to time.Duration, fired Fired) []Belief {
	if s.opts.OnlyDeadlines {
		return out
	}
	for _, a := range takes {
		n, ok := model.Apply(s.rules, b.State, a, s.env)
		if !ok {
			continue
		}
		c := *b
		before := b.State
		s.step(i, &c, &before, a, &n, fired)
		out = s.branch(out, i, c, to, fired, false)
	}
	return out
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
