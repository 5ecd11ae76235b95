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

// second returns the index of a quiet value the inference compares with
// those at the indices of others: the first whose photo differs from
// theirs (a view that shows the entry's photo tells only those apart from
// a photo shown whatever it holds), when there are three values or more;
// -1 when there is none.
func second(quiet []value, others ...int) int {
	if len(quiet) < 3 {
		return -1
	}
next:
	for j := range quiet {
		for _, k := range others {
			if j == k || quiet[j].photo == quiet[k].photo {
				continue next
			}
		}
		return j
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

// quietAlt is the merged entry e of the quiet values (sorted and unique:
// a part of an entry's values, spPartition), summed once for every belief
// that carries it.
func quietAlt(e entry, quiet []value) alt {
	return alt{e: e, vals: quiet, sum: sumValues(quiet), ready: true}
}

// advanceSP is advanceMerged on a belief whose k-th merged entry is
// SharePoint's: each value it may hold is run on its own, but the quiet
// ones (spPartition), three or more, are inferred from the first and
// the first whose photo differs
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
	if j := second(quiet, 0); j < 0 {
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
	sp := quietAlt(spEntry, quiet)
	for p := range l1 {
		x, y := &l1[p], &l2[p]
		if x.Mask != y.Mask || !x.alts.equal(y.alts) {
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

// lifted is a merged entry whose values actLifted infers from two: the
// entry, and the entry a view fills with the lifted entry's photo when it
// shows it (fills: there is one), and whether the action is a view that
// may show it (reads).
type lifted struct {
	e, fill      entry
	fills, reads bool
}

// actSP is actMerged on a belief whose k-th merged entry is SharePoint's:
// each value it may hold is acted on on its own, but the quiet ones
// (spPartition), three or more, are inferred from two (actLifted).
func (s *Set) actSP(o *Outcomes, i int, b Belief, k int, a model.Action) {
	lf := lifted{e: spEntry, reads: a.Kind == model.View && model.RouteOf(s.rules, a.Surface).Store == model.StoreSharePoint}
	if es, n := s.readEntries(a); n > 0 {
		lf.fill, lf.fills = es[0], true
	}
	quiet, rest := s.spPartition(&b.State, b.alts.list[k].vals, b.State.Now)
	s.actLifted(o, i, b, k, a, lf, quiet, rest)
}

// actService is actMerged for a Teams view by the viewer whose entry is
// client on a belief whose k-th merged entry is the Teams service entry,
// in an unobserved Set that merges it marginally (marginal): each value
// it may hold is acted on on its own, but those filled and unexpired at
// the view's instant, three or more, are inferred from two (actLifted;
// see "Teams views after the last observation" in the package doc).
func (s *Set) actService(o *Outcomes, i int, b Belief, k int, a model.Action, client entry) {
	ttl := s.rules.TeamsServiceCacheTTL
	var quiet, rest []value
	for _, v := range b.alts.list[k].vals {
		if v.photo != model.NoPhoto && (ttl == model.NoExpiry || v.running && expire(v, b.State.Now, ttl) == v) {
			quiet = append(quiet, v)
		} else {
			rest = append(rest, v)
		}
	}
	s.actLifted(o, i, b, k, a, lifted{e: serviceEntry, fill: client, fills: true, reads: true}, quiet, rest)
}

// actLifted acts on belief b, whose k-th merged entry is lf.e, once per
// value of rest and, for the values of quiet, three or more, once with
// the first and once with the first whose photo differs (second),
// inferring the others (liftOutcomes). When the two do not agree as the
// inference needs, it tries the second with a third photo: a view whose
// cached photo is the first's makes two of its outcomes one (showing the
// cached photo, or the same photo filled now), and a value so equal to
// another is no example of the rest, though the rest stand for it (its
// outcomes are theirs, up to such duplicates). When neither pair agrees,
// every value is acted on on its own, which is exact.
func (s *Set) actLifted(o *Outcomes, i int, b Belief, k int, a model.Action, lf lifted, quiet, rest []value) {
	vals := b.alts.list[k].vals
	base := b
	base.alts = b.alts.without(k)
	one := func(v value) {
		c := base
		lf.e.set(&c.State, v)
		s.actMerged(o, i, c, a)
	}
	// The outcomes of the quiet values run so far, by index: two whose
	// photos differ, and a third when a coincidence of the first's photo
	// with one the view shows anyway made outcomes equal, and fewer.
	runs := map[int][]Outcome{}
	run := func(j int) bool {
		from := len(o.List)
		if one(quiet[j]); s.err != nil {
			return false
		}
		runs[j] = slices.Clone(o.List[from:])
		o.List = o.List[:from]
		return true
	}
	lift := func(j, m int) bool {
		for _, x := range [...]int{j, m} {
			if _, ok := runs[x]; !ok && !run(x) {
				return false
			}
		}
		lifted, ok := liftOutcomes(lf, runs[j], runs[m], quiet, j, m)
		if ok {
			o.List = append(o.List, lifted...)
		}
		return ok
	}
	done := false
	if j := second(quiet, 0); j > 0 {
		done = lift(0, j)
		if s.err != nil {
			return
		}
		if m := second(quiet, 0, j); !done && m > 0 {
			done = lift(j, m)
			if s.err != nil {
				return
			}
		}
	}
	if !done {
		rest = vals
	}
	for _, v := range rest {
		if one(v); s.err != nil {
			return
		}
	}
}

// liftOutcomes is liftBeliefs for the outcomes of an action, with the
// j-th quiet value of lf.e in l1 and the m-th in l2 (their photos
// differ): each outcome of l2
// must be the one of l1 at the same place (SharePoint took or imported,
// a fresh Teams read refilled the service entry: alike whichever value it
// held), or that one with the second value where l1 has the first, and,
// for a view that reads lf.e (lf.reads: a SharePoint surface's fresh
// read, R5; a Teams view's relay from the service entry, R19), the
// second value's photo shown and filled into lf.fill where l1 shows and
// fills the first's. Such an outcome stands for one per quiet value: its
// belief holds every quiet value, and lf.fill every photo of them filled
// now, and it shows every one of them (Outcome.shownBy).
func liftOutcomes(lf lifted, l1, l2 []Outcome, quiet []value, j, m int) (out []Outcome, ok bool) {
	if len(l1) != len(l2) {
		return nil, false
	}
	q1, q2 := quiet[j], quiet[m]
	reads, n, fill := lf.reads, 0, lf.fill
	if lf.fills {
		n = 1
	}
	sp := quietAlt(lf.e, quiet)
	for p := range l1 {
		x, y := &l1[p], &l2[p]
		if x.From != y.From || x.shownBy != y.shownBy || x.Effects != y.Effects || x.Belief.Mask != y.Belief.Mask ||
			!x.Belief.alts.equal(y.Belief.alts) {
			return nil, false
		}
		if x.Next == y.Next && x.Belief.State == y.Belief.State {
			out = append(out, *x) // alike whichever value SharePoint held
			continue
		}
		if lf.e.get(&x.Belief.State) != q1 || lf.e.get(&y.Belief.State) != q2 {
			return nil, false
		}
		z := y.Belief.State
		lf.e.set(&z, q1)
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
			c.shownBy = lf.e + 1
		}
		out = append(out, c)
	}
	return out, true
}
