package engine

import (
	"slices"
	"time"

	"photosync/model"
)

// This file merges SharePoint's photo marginally after the last
// observation under sharepoint.trigger service (see "SharePoint's photo
// after the last observation" in the package doc): a belief may stand for
// every photo SharePoint may hold, with its pending take, as a merged
// entry of its own.

// spEntry is SharePoint's photo with R18's span clock, as a merged entry:
// its value is the photo of every rendition (every rule writes the three
// together: an import, a take and a change through My Site) and the span
// clock, running while a take is pending. It is merged only marginally,
// in an unobserved Set under sharepoint.trigger service (spMarginal), and
// never by mergeAlong: it is not a cache entry, and the steps read it.
const spEntry = entry(numEntries)

// spMarginal reports whether SharePoint's photo merges marginally: the
// Set is unobserved, drops covered values (it merges and forgets, and its
// rules do not track their reads), and SharePoint takes Exchange's photo
// by itself (R18 service), so that R8's window and visit condition are
// not used and the clocks of imports are forgotten (model.Forget).
func (s *Set) spMarginal() bool {
	return s.unobserved && s.dominating() && s.rules.Trigger == model.TriggerService
}

// uniformSharePoint reports whether SharePoint holds one photo in every
// rendition, as every state the model makes does; a state that does not
// keeps SharePoint in its core.
func uniformSharePoint(st *model.State) bool {
	sp := &st.SharePoint
	return sp[model.Small] == sp[model.Large] && sp[model.Medium] == sp[model.Large]
}

// spPartition splits the values SharePoint may hold in a belief whose
// state is st into those quiet up to instant until and the rest: a quiet
// value's take is pending (its span clock runs), its deadline comes after
// until, and its photo is neither Exchange's nor AD's. Exchange takes no
// other old photo (a change makes a new one; DirSync copies AD's, R3), so
// SharePoint lacks Exchange's photo throughout the step, whichever quiet
// value it holds, and no deadline falls in it.
func (s *Set) spPartition(st *model.State, vals []value, until time.Duration) (quiet, rest []value) {
	for _, v := range vals {
		if v.running && v.photo != st.Exchange && v.photo != st.ActiveDirectory && v.start+s.rules.MaxDelay > until {
			quiet = append(quiet, v)
		} else {
			rest = append(rest, v)
		}
	}
	return quiet, rest
}

// second returns the index of the quiet value the inference compares
// with the first: the first whose photo differs from the first's (a
// view that shows SharePoint's photo tells only those apart from a photo
// shown whatever it holds), when there are three values or more; -1
// when there is none.
func second(quiet []value) int {
	if len(quiet) < 3 {
		return -1
	}
	for j := 1; j < len(quiet); j++ {
		if quiet[j].photo != quiet[0].photo {
			return j
		}
	}
	return -1
}

// withSharePoint returns b with SharePoint's entry merged as sp, and
// the entries of extra merged too.
func withSharePoint(b Belief, sp alt, extra ...alt) Belief {
	var list []alt
	if b.alts != nil {
		list = append(list, b.alts.list...)
	}
	list = append(append(list, sp), extra...)
	b.alts = newAlts(list)
	b.alts.canonical(&b.State)
	return b
}

// sharePointAlt is the merged entry of SharePoint's quiet values, encoded
// once for every belief that carries it.
func sharePointAlt(quiet []value) alt {
	return alt{e: spEntry, vals: quiet, key: encodeAlt(spEntry, quiet)}
}

// advanceSP is advanceMerged on a belief whose k-th merged entry is
// SharePoint's: each value it may hold is run on its own, but the quiet
// ones (spPartition), three or more, are inferred from the first two
// (liftBeliefs, second); when the two do not agree as the inference needs, every
// value is run on its own.
func (s *Set) advanceSP(out []Belief, i int, b Belief, k int, to time.Duration) []Belief {
	vals := b.alts.list[k].vals
	base := b
	base.alts = b.alts.without(k)
	one := func(out []Belief, v value) []Belief {
		c := base
		spEntry.set(&c.State, v)
		return s.advanceMerged(out, i, c, to, nil)
	}
	quiet, rest := s.spPartition(&b.State, vals, to)
	if j := second(quiet); j < 0 {
		rest = vals
	} else {
		l1, l2 := one(nil, quiet[0]), one(nil, quiet[j])
		if lifted, ok := liftBeliefs(l1, l2, quiet, j); ok {
			out = append(out, lifted...)
		} else {
			rest = vals
		}
	}
	for _, v := range rest {
		out = one(out, v)
	}
	return out
}

// liftBeliefs infers what time makes of a belief whose SharePoint holds
// any of the quiet values from what it makes with the first (l1) and with
// the second (l2): each belief of l2 must be the one of l1 at the same
// place, or that one with the second value where l1 has the first (the
// take did not happen: the value is kept). Then every quiet value is kept
// alike, and the beliefs returned hold every quiet value where l1 keeps
// the first. ok is false when the two do not agree so.
func liftBeliefs(l1, l2 []Belief, quiet []value, j int) (out []Belief, ok bool) {
	if len(l1) != len(l2) {
		return nil, false
	}
	q1, q2 := quiet[0], quiet[j]
	sp := sharePointAlt(quiet)
	for p := range l1 {
		x, y := &l1[p], &l2[p]
		if x.Mask != y.Mask || x.alts.keyString() != y.alts.keyString() {
			return nil, false
		}
		if x.State == y.State {
			out = append(out, *x) // taken: alike whichever value it held
			continue
		}
		z := y.State
		spEntry.set(&z, q1)
		if spEntry.get(&x.State) != q1 || spEntry.get(&y.State) != q2 || z != x.State {
			return nil, false
		}
		out = append(out, withSharePoint(*x, sp))
	}
	return out, true
}

// actSP is actMerged on a belief whose k-th merged entry is SharePoint's:
// each value it may hold is acted on on its own, but the quiet ones
// (spPartition), three or more, are inferred from the first two
// (liftOutcomes, second); when the two do not agree as the inference needs, every
// value is acted on on its own.
func (s *Set) actSP(o *Outcomes, i int, b Belief, k int, a model.Action) {
	vals := b.alts.list[k].vals
	base := b
	base.alts = b.alts.without(k)
	one := func(v value) {
		c := base
		spEntry.set(&c.State, v)
		s.actMerged(o, i, c, a)
	}
	quiet, rest := s.spPartition(&b.State, vals, b.State.Now)
	if j := second(quiet); j < 0 {
		rest = vals
	} else {
		from := len(o.List)
		if one(quiet[0]); s.err != nil {
			return
		}
		mid := len(o.List)
		if one(quiet[j]); s.err != nil {
			return
		}
		l1 := slices.Clone(o.List[from:mid])
		l2 := slices.Clone(o.List[mid:])
		o.List = o.List[:from]
		if lifted, ok := s.liftOutcomes(a, l1, l2, quiet, j); ok {
			o.List = append(o.List, lifted...)
		} else {
			rest = vals
		}
	}
	for _, v := range rest {
		if one(v); s.err != nil {
			return
		}
	}
}

// liftOutcomes is liftBeliefs for the outcomes of action a: each outcome
// of l2 must be the one of l1 at the same place (SharePoint took or
// imported: alike whichever value it held), or that one with the second
// value where l1 has the first, and, for a view that reads SharePoint
// (a SharePoint surface, R5), the second value's photo shown and filled
// into the entry it reads where l1 shows and fills the first's (a fresh
// read). Such an outcome stands for one per quiet value: its belief holds
// every quiet value, and the entry every photo of them filled now, and it
// shows every one of them (Outcome.shownBy).
func (s *Set) liftOutcomes(a model.Action, l1, l2 []Outcome, quiet []value, j int) (out []Outcome, ok bool) {
	if len(l1) != len(l2) {
		return nil, false
	}
	q1, q2 := quiet[0], quiet[j]
	reads := a.Kind == model.View && model.RouteOf(s.rules, a.Surface).Store == model.StoreSharePoint
	es, n := s.readEntries(a)
	fill := es[0]
	sp := sharePointAlt(quiet)
	for p := range l1 {
		x, y := &l1[p], &l2[p]
		if x.From != y.From || x.shownBy != y.shownBy || x.Effects != y.Effects || x.Belief.Mask != y.Belief.Mask ||
			x.Belief.alts.keyString() != y.Belief.alts.keyString() {
			return nil, false
		}
		if x.Next == y.Next && x.Belief.State == y.Belief.State {
			out = append(out, *x) // alike whichever value SharePoint held
			continue
		}
		if spEntry.get(&x.Belief.State) != q1 || spEntry.get(&y.Belief.State) != q2 {
			return nil, false
		}
		z := y.Belief.State
		spEntry.set(&z, q1)
		var extra []alt
		fresh := x.Shown != y.Shown
		if fresh {
			if !reads || x.shownBy != 0 || x.Shown != q1.photo || y.Shown != q2.photo {
				return nil, false
			}
			if n > 0 {
				fx, fy := fill.get(&x.Belief.State), fill.get(&y.Belief.State)
				if fx.photo != q1.photo || fy != (value{photo: q2.photo, running: fx.running, start: fx.start}) ||
					x.Belief.alts.find(fill) >= 0 {
					return nil, false
				}
				fill.set(&z, fx)
				vals := make([]value, len(quiet))
				for j, q := range quiet {
					vals[j] = value{photo: q.photo, running: fx.running, start: fx.start}
				}
				extra = append(extra, alt{e: fill, vals: vals})
			}
		}
		if z != x.Belief.State || x.Next.State != x.Belief.State || y.Next.State != y.Belief.State {
			return nil, false
		}
		c := *x
		c.Belief = withSharePoint(c.Belief, sp, extra...)
		c.Next.State = c.Belief.State
		if fresh {
			c.shownBy = spEntry + 1
		}
		out = append(out, c)
	}
	return out, true
}
