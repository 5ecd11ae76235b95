package engine

import (
	"slices"

	"photosync/model"
)

// This file drops what another possible state covers in the Teams caches
// (see "Covered Teams values" in the package doc): a Teams entry that holds
// a photo filled earlier, or nothing, can do no more than one that holds
// the same photo filled later, so a state that differs from another only
// so adds no photo to any view, ever.

// teamsEntry reports whether e is a Teams entry: a viewer's Teams client
// entry or the Teams service entry (R19).
func teamsEntry(e entry) bool {
	return e == serviceEntry || e < serviceEntry && e.cache() == model.CacheTeamsClient
}

// covers reports whether a Teams entry holding y can do, from now on,
// whatever one holding x can: x is y; or x is empty; or both hold the
// same photo, timed, y filled no earlier than x (so y expires no earlier).
func covers(y, x value) bool {
	return x == y || x.photo == model.NoPhoto ||
		x.photo == y.photo && x.running && y.running && x.start <= y.start
}

// dominating reports whether the Set drops covered Teams values: it merges
// and forgets (the staleness clocks, which a Teams entry's value starts and
// stops, are cleared: model.Forget), and its rules do not track their
// reads (infer: a state dropped might have read a knob the one kept does
// not).
func (s *Set) dominating() bool {
	return s.merging && s.forget && !s.rules.Tracking()
}

// uncovered returns vals, sorted by compareValues, without the values
// another of them covers; vals itself when none is.
func uncovered(vals []value) []value {
	drop := func(k int) bool {
		x := vals[k]
		if x.photo == model.NoPhoto {
			// Covered by any filled value; of several empty ones, the
			// first is kept.
			return vals[len(vals)-1].photo != model.NoPhoto || k > 0
		}
		// Sorted: the same photo's timed values in order of fill, the
		// last filled last.
		return x.running && k+1 < len(vals) && vals[k+1].photo == x.photo && vals[k+1].running
	}
	k := 0
	for k < len(vals) && !drop(k) {
		k++
	}
	if k == len(vals) {
		return vals
	}
	out := slices.Clone(vals[:k])
	for ; k < len(vals); k++ {
		if !drop(k) {
			out = append(out, vals[k])
		}
	}
	return out
}

// uncoverAlts drops from b's merged Teams entries every value another
// value of the same entry covers, reporting whether it dropped any. Each
// merged entry varies independently of the others, so a state holding the
// covered value is covered by the state holding the other, alike in all
// else.
func uncoverAlts(b *Belief) bool {
	if b.alts == nil {
		return false
	}
	var list []alt
	for i, a := range b.alts.list {
		if !teamsEntry(a.e) {
			continue
		}
		vals := uncovered(a.vals)
		if len(vals) == len(a.vals) {
			continue
		}
		if list == nil {
			list = slices.Clone(b.alts.list)
		}
		list[i] = alt{e: a.e, vals: vals}
		if len(vals) == 1 {
			a.e.set(&b.State, vals[0])
		}
	}
	if list == nil {
		return false
	}
	b.alts = newAlts(list)
	b.alts.canonical(&b.State)
	return true
}

// coversBelief reports whether belief y covers belief x, which are alike
// but in their Teams entries: every value x's Teams entries may hold is
// covered by one y's same entry may hold.
func coversBelief(y, x *Belief) bool {
	var a, b [1]value
	for _, e := range teamsEntries {
		if !coveredBy(valuesOf(y, e, &a), valuesOf(x, e, &b)) {
			return false
		}
	}
	return true
}

// teamsEntries lists the Teams entries, the service entry first (it tells
// beliefs apart most often).
var teamsEntries = func() []entry {
	es := []entry{serviceEntry}
	for _, v := range model.Viewers(model.MaxViewers) {
		es = append(es, entryOf(v, model.CacheTeamsClient))
	}
	return es
}()

// coveredBy reports whether every value of xs is covered by one of ys;
// both are sorted by compareValues, so the values of one photo are
// together, ordered by fill.
func coveredBy(ys, xs []value) bool {
	if len(xs) == 1 && len(ys) == 1 {
		return covers(ys[0], xs[0])
	}
	k := 0
	for _, x := range xs {
		if x.photo == model.NoPhoto {
			continue // covered by any value, and ys has one
		}
		for k < len(ys) && ys[k].photo < x.photo {
			k++
		}
		ok := false
		for m := k; m < len(ys) && ys[m].photo == x.photo; m++ {
			if covers(ys[m], x) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// uncover drops, in a dominating Set, covered Teams values: those of a
// merged entry another value of it covers, and, when beliefs is true,
// beliefs another belief, alike but in its Teams entries, covers (merge
// asks for those once per merge: they cost a pass over every value, and
// what it leaves is dropped at the next). It keeps the order of the
// beliefs kept and reports whether it dropped anything.
func (s *Set) uncover(beliefs bool) bool {
	if !s.dominating() {
		return false
	}
	changed := false
	for i := range s.list {
		if uncoverAlts(&s.list[i]) {
			changed = true
		}
	}
	if beliefs && len(s.list) > 1 {
		if s.uncoverBeliefs() {
			changed = true
		}
	}
	if changed {
		s.spare = s.spare[:0]
		clear(s.index)
		for _, b := range s.list {
			s.add(&s.spare, b)
		}
		s.list, s.spare = s.spare, s.list
	}
	return changed
}

// outsideTeams identifies a belief but for its Teams entries.
type outsideTeams struct {
	s    model.State // with the Teams entries emptied
	mask uint64
	alts uint64 // the hash of the merged entries but the Teams ones (uncoverBeliefs compares them too)
}

// uncoverBeliefs drops every belief that another, alike but in its Teams
// entries, covers (coversBelief), reporting whether it dropped any. A
// belief whose Teams entry e may hold photo p is covered only by one
// whose entry e may hold p too, so the candidates of each belief are
// those that hold the photo of its first filled value: in the service
// entry (one value, mostly: a Teams view splits it), or, when that is
// empty, in the client entry where the fewest do.
func (s *Set) uncoverBeliefs() bool {
	type photoIn struct {
		group int
		e     entry
		p     model.Photo
	}
	groups := map[outsideTeams]int{}
	group := make([]int, len(s.list))
	size := []int{}
	var first, next []int // each group's first belief, and the next group of its key or -1
	outside := func(e entry) bool { return !teamsEntry(e) }
	for i := range s.list {
		x := &s.list[i]
		k := outsideTeams{s: x.State, mask: x.Mask, alts: x.alts.sumWhere(outside)}
		for _, e := range teamsEntries {
			e.set(&k.s, value{})
		}
		g, ok := groups[k]
		for ok && !sameWhere(s.list[first[g]].alts, x.alts, outside) {
			g = next[g]
			ok = g >= 0
		}
		if !ok {
			h, ok := groups[k]
			if !ok {
				h = -1
			}
			g = len(size)
			groups[k] = g
			size, first, next = append(size, 0), append(first, i), append(next, h)
		}
		group[i] = g
		size[g]++
	}
	if len(size) == len(s.list) {
		return false
	}
	var one [1]value
	holding := map[photoIn][]int{}
	indexed := [numEntries]bool{}
	index := func(e entry) {
		indexed[e] = true
		for i := range s.list {
			if size[group[i]] < 2 {
				continue
			}
			var last model.Photo
			for _, v := range valuesOf(&s.list[i], e, &one) {
				if v.photo != model.NoPhoto && v.photo != last {
					last = v.photo
					h := photoIn{group[i], e, v.photo}
					holding[h] = append(holding[h], i)
				}
			}
		}
	}
	firstFilled := func(x *Belief, e entry) model.Photo {
		for _, v := range valuesOf(x, e, &one) {
			if v.photo != model.NoPhoto {
				return v.photo
			}
		}
		return model.NoPhoto
	}
	dropped := make([]bool, len(s.list))
	any := false
	for i := range s.list {
		x := &s.list[i]
		if size[group[i]] < 2 {
			continue
		}
		var cands []int
		all := true
		for _, e := range teamsEntries {
			p := firstFilled(x, e)
			if p == model.NoPhoto {
				continue
			}
			if !indexed[e] {
				index(e)
			}
			if c := holding[photoIn{group[i], e, p}]; all || len(c) < len(cands) {
				cands, all = c, false
			}
			if e == serviceEntry {
				break // few hold it: enough
			}
		}
		if all { // x's Teams entries are all empty: any of its group may cover it
			cands = cands[:0]
			for j := range s.list {
				if group[j] == group[i] {
					cands = append(cands, j)
				}
			}
		}
		for _, j := range cands {
			if i != j && !dropped[j] && coversBelief(&s.list[j], x) {
				dropped[i], any = true, true
				break
			}
		}
	}
	if !any {
		return false
	}
	out := s.list[:0]
	for i := range s.list {
		if !dropped[i] {
			out = append(out, s.list[i])
		}
	}
	s.list = out
	return true
}
