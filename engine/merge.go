package engine

import (
	"cmp"
	"encoding/binary"
	"slices"
	"time"

	"photosync/model"
)

// This file is the merging of cache entries (see "Merging cache entries"
// in the package doc): a belief may stand for several states that differ
// only in what some cache entries hold, each entry independently of the
// others.

// numCaches is how many caches each viewer has.
const numCaches = len(model.State{}.Cache[0])

// numEntries is how many cache entries a state has: one per viewer and
// cache, and the Teams service cache, one for all viewers (R19).
const numEntries = model.MaxViewers*numCaches + 1

// serviceEntry is the Teams service cache's entry.
const serviceEntry = entry(numEntries - 1)

// entry is one viewer's entry in one cache, numbered viewer-major, or the
// Teams service cache (serviceEntry).
type entry uint8

func entryOf(v model.Viewer, c model.Cache) entry { return entry(int(v-1)*numCaches + int(c)) }

func (e entry) viewer() model.Viewer { return model.Viewer(int(e)/numCaches + 1) }
func (e entry) cache() model.Cache   { return model.Cache(int(e) % numCaches) }
func (e entry) clock() model.Clock {
	switch e {
	case serviceEntry:
		return model.ClockTeamsService
	case spEntry:
		return model.ClockSharePointSpan
	}
	return model.CacheClock(e.viewer(), e.cache())
}

// photo returns where entry e keeps its photo in s.
func (e entry) photo(s *model.State) *model.Photo {
	switch e {
	case serviceEntry:
		return &s.TeamsService
	case spEntry:
		return &s.SharePoint[model.Large]
	}
	return &s.Cache[int(e)/numCaches][e.cache()]
}

// value is what one entry holds: its photo and its clock (R5: since it
// was filled), running or not.
type value struct {
	photo   model.Photo
	running bool
	start   time.Duration
}

func compareValues(a, b value) int {
	if c := cmp.Compare(a.photo, b.photo); c != 0 {
		return c
	}
	if a.running != b.running {
		if !a.running {
			return -1
		}
		return 1
	}
	return cmp.Compare(a.start, b.start)
}

// get returns what entry e holds in s.
func (e entry) get(s *model.State) value {
	clk := e.clock()
	return value{photo: *e.photo(s), running: s.Running.Has(clk), start: s.Start[clk]}
}

// set makes entry e hold x in s.
func (e entry) set(s *model.State, x value) {
	clk := e.clock()
	if e == spEntry {
		for r := range s.SharePoint {
			s.SharePoint[r] = x.photo // every rendition (spEntry)
		}
	} else {
		*e.photo(s) = x.photo
	}
	if x.running {
		s.Running = s.Running.With(clk)
	} else {
		s.Running = s.Running.Without(clk)
	}
	s.Start[clk] = x.start
}

// alt is one merged entry of a belief: every value it may hold, sorted,
// at least two; the belief's State holds the first.
type alt struct {
	e    entry
	vals []value // its capacity is its length: an append copies, unless by extend
	sum  uint64  // sumValues(vals), once newAlts has sorted them; see ready
	// ready: vals are sorted and unique and sum is theirs (newAlts made
	// it, or extend); false before
	ready bool
	grow  *tail // the array vals ends in, if it may grow in place (extend)
}

// tail is an array that value lists of one Set grow into (see extend):
// all is its claimed part, the rest of its capacity is free. Lists that
// end where all ends may take the next free values without copying; the
// lists already made end at or before it and never see them.
type tail struct {
	owner *Set // the only Set that appends: Sets may share beliefs (ResetBeliefs)
	all   []value
}

// alts are the merged entries of a belief, by entry. A value of it is
// never changed once built: beliefs share it.
type alts struct {
	list []alt
	sum  uint64 // of the list's sums, for deduplication (equal also compares the values)
}

// hashValue mixes a value into 64 bits (the finaliser of SplitMix64).
func hashValue(x value) uint64 {
	z := uint64(x.photo)*0x9e3779b97f4a7c15 ^ uint64(x.start)*0xc2b2ae3d27d4eb4f
	if x.running {
		z ^= 0x165667b19e3779f9
	}
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// sumValues is the hash of a sorted list of unique values: the sum of its
// values' hashes. The list is the sorted set of its values, so a sum of
// them is a hash of the list, and a list that gains values gains their
// hashes: no step re-reads a list of thousands of values to key it.
func sumValues(vals []value) uint64 {
	var h uint64
	for _, x := range vals {
		h += hashValue(x)
	}
	return h
}

// sumAlt is what entry e with values of sum h adds to its alts' sum.
func sumAlt(e entry, h uint64) uint64 {
	return hashValue(value{photo: model.Photo(e) + 1, start: time.Duration(h)})
}

// newAlts builds alts from entries and their values, sorting and
// deduplicating each entry's values and dropping entries left with one
// value; nil when none is left. It takes ownership of list and of the
// values that are not ready yet (those that are, it only reads: they may
// be another alts' own).
func newAlts(list []alt) *alts {
	out := list[:0]
	for _, a := range list {
		if !a.ready {
			// A ready alt is another alts' own, sorted and summed
			// already: a never-expiring entry's thousands of values
			// pass from step to step unchanged (mapAlts).
			if !slices.IsSortedFunc(a.vals, compareValues) {
				slices.SortFunc(a.vals, compareValues)
			}
			a.vals = slices.Compact(a.vals)
			if len(a.vals) < 2 {
				continue
			}
			a.vals = slices.Clip(a.vals)
			a.sum, a.ready, a.grow = sumValues(a.vals), true, nil
		}
		out = append(out, a)
	}
	if len(out) == 0 {
		return nil
	}
	slices.SortFunc(out, func(a, b alt) int { return cmp.Compare(a.e, b.e) })
	var h uint64
	for _, a := range out {
		h += sumAlt(a.e, a.sum)
	}
	return &alts{list: out, sum: h}
}

// extend returns a, ready, with the values more, sorted and unique and
// each after a's last, appended: in place, in the array a's values end in
// when they end where its claimed part does and it has room (so a run
// that adds a photo to a list of N at every line costs O(1) a line, not
// N), else in a new array with room to grow.
func (s *Set) extend(a alt, more []value) alt {
	n := len(a.vals)
	var h uint64
	for _, x := range more {
		h += hashValue(x)
	}
	if t := a.grow; t != nil && t.owner == s && n > 0 && len(t.all) > 0 &&
		&a.vals[n-1] == &t.all[len(t.all)-1] && len(t.all)+len(more) <= cap(t.all) {
		from := len(t.all) - n
		t.all = append(t.all, more...)
		return alt{e: a.e, vals: t.all[from:len(t.all):len(t.all)], sum: a.sum + h, ready: true, grow: t}
	}
	all := make([]value, 0, 2*(n+len(more))+4)
	all = append(append(all, a.vals...), more...)
	t := &tail{owner: s, all: all}
	return alt{e: a.e, vals: all[:len(all):len(all)], sum: a.sum + h, ready: true, grow: t}
}

// join returns the alt of entry e whose values are those of base (ready,
// or a single value) and those of extra (any order, maybe repeated or in
// base too): extended in place when every extra value sorts after base's
// last (a fresh photo, newer than every photo the entry held), merged
// into a new list otherwise.
func (s *Set) join(e entry, base alt, extra []value) alt {
	slices.SortFunc(extra, compareValues)
	extra = slices.Compact(extra)
	if !base.ready {
		base = alt{e: e, vals: base.vals, sum: sumValues(base.vals), ready: true}
	}
	if len(base.vals) == 0 || compareValues(extra[0], base.vals[len(base.vals)-1]) > 0 {
		return s.extend(base, extra)
	}
	vals := make([]value, 0, len(base.vals)+len(extra))
	i, j := 0, 0
	for i < len(base.vals) || j < len(extra) {
		c := -1
		if i == len(base.vals) {
			c = 1
		} else if j < len(extra) {
			c = compareValues(base.vals[i], extra[j])
		}
		if c <= 0 {
			vals = append(vals, base.vals[i])
			i++
		}
		if c >= 0 {
			if c > 0 {
				vals = append(vals, extra[j])
			}
			j++
		}
	}
	return s.extend(alt{e: e, vals: nil, ready: true}, vals)
}

// appendEncoded appends e and vals as bytes (Belief.AppendKey).
func appendEncoded(b []byte, e entry, vals []value) []byte {
	b = append(b, byte(e))
	b = binary.AppendUvarint(b, uint64(len(vals)))
	for _, x := range vals {
		b = binary.LittleEndian.AppendUint32(b, uint32(x.photo))
		if x.running {
			b = append(b, 1)
		} else {
			b = append(b, 0)
		}
		b = binary.AppendVarint(b, int64(x.start))
	}
	return b
}

// hash is the alts' sum, 0 for none: equal alts have equal hashes.
func (a *alts) hash() uint64 {
	if a == nil {
		return 0
	}
	return a.sum
}

// same reports whether two ready alts hold the same values: by their sums
// and lengths first, then by identity (beliefs share lists), and only then
// value by value.
func (x *alt) same(y *alt) bool {
	if x.sum != y.sum || len(x.vals) != len(y.vals) {
		return false
	}
	return len(x.vals) == 0 || &x.vals[0] == &y.vals[0] || slices.Equal(x.vals, y.vals)
}

// equal reports whether a and b merge the same entries with the same
// values.
func (a *alts) equal(b *alts) bool {
	if a == b {
		return true
	}
	if a.hash() != b.hash() {
		return false
	}
	return sameWhere(a, b, func(entry) bool { return true })
}

// sumWhere is the hash of the alts' entries that keep accepts.
func (a *alts) sumWhere(keep func(entry) bool) uint64 {
	var h uint64
	if a != nil {
		for i := range a.list {
			if keep(a.list[i].e) {
				h += sumAlt(a.list[i].e, a.list[i].sum)
			}
		}
	}
	return h
}

// sameWhere reports whether a and b merge the same entries with the same
// values among the entries keep accepts.
func sameWhere(a, b *alts, keep func(entry) bool) bool {
	var la, lb []alt
	if a != nil {
		la = a.list
	}
	if b != nil {
		lb = b.list
	}
	i, j := 0, 0
	for {
		for i < len(la) && !keep(la[i].e) {
			i++
		}
		for j < len(lb) && !keep(lb[j].e) {
			j++
		}
		if i == len(la) || j == len(lb) {
			return i == len(la) && j == len(lb)
		}
		if la[i].e != lb[j].e || !la[i].same(&lb[j]) {
			return false
		}
		i++
		j++
	}
}

// find returns the index of e's alt, or -1.
func (a *alts) find(e entry) int {
	if a == nil {
		return -1
	}
	for i := range a.list {
		if a.list[i].e == e {
			return i
		}
	}
	return -1
}

// width is the most values an entry has: how many substitutions map every
// value of every entry.
func (a *alts) width() int {
	w := 1
	if a != nil {
		for i := range a.list {
			w = max(w, len(a.list[i].vals))
		}
	}
	return w
}

// substitute makes out s with each entry holding its j-th value, or its
// first when it has fewer.
func (a *alts) substitute(out, s *model.State, j int) {
	*out = *s
	for i := range a.list {
		if x := &a.list[i]; j < len(x.vals) {
			x.e.set(out, x.vals[j])
		}
	}
}

// without returns the alts less entry i.
func (a *alts) without(i int) *alts {
	list := make([]alt, 0, len(a.list)-1)
	list = append(list, a.list[:i]...)
	list = append(list, a.list[i+1:]...)
	return newAlts(list)
}

// bytes estimates the memory the alts hold.
func (a *alts) bytes() int64 {
	if a == nil {
		return 0
	}
	n := int64(48)
	for i := range a.list {
		n += 56 + int64(len(a.list[i].vals))*24
	}
	return n
}

// count returns how many states a belief with these alts stands for,
// saturating at maxInt.
func (a *alts) count() int {
	n := 1
	if a != nil {
		for i := range a.list {
			k := len(a.list[i].vals)
			if n > maxInt/k {
				return maxInt
			}
			n *= k
		}
	}
	return n
}

const maxInt = int(^uint(0) >> 1)

// sameOutside reports whether a and b are equal but for the entries of
// as, and, in a Set that forgets (Options.Forget), but for what it forgets:
// the Set holds its beliefs without it, so two outcomes that differ only
// there become the same belief.
func (s *Set) sameOutside(a, b *model.State, as *alts) bool {
	x := *a
	for i := range as.list {
		e := as.list[i].e
		e.set(&x, e.get(b))
	}
	if x == *b {
		return true
	}
	if !s.forget {
		return false
	}
	y := *b
	model.Forget(s.rules, &x)
	model.Forget(s.rules, &y)
	return x == y
}

// split returns the beliefs b stands for, one per value of its i-th merged
// entry.
func split(b *Belief, i int) []Belief {
	a := &b.alts.list[i]
	rest := b.alts.without(i)
	out := make([]Belief, len(a.vals))
	for k, x := range a.vals {
		out[k] = Belief{State: b.State, Mask: b.Mask, Found: b.Found, alts: rest}
		a.e.set(&out[k].State, x)
	}
	return out
}

// canonical makes s hold the first value of each merged entry.
func (a *alts) canonical(s *model.State) {
	if a == nil {
		return
	}
	for i := range a.list {
		a.list[i].e.set(s, a.list[i].vals[0])
	}
}

// move is a transition a merging Set maps merged beliefs through: time
// passing to an instant, or an action.
type move struct {
	advance bool
	to      time.Duration // for advance
	action  model.Action  // otherwise
}

// outcomes appends the outcomes of m in st to out, without duplicates:
// every state st may be in at m.to (one, unless time branches: see
// branch.go), or every outcome of m.action.
func (s *Set) outcomes(m *move, st *model.State, out []model.Next) []model.Next {
	if m.advance {
		if !s.rules.BranchesInTime() {
			next, _ := model.Advance(s.rules, *st, m.to)
			return append(out, model.Next{State: next})
		}
		s.branched = s.advanceAll(s.branched[:0], -1, Belief{State: *st}, m.to, nil)
		for k := range s.branched {
			if n := (model.Next{State: s.branched[k].State}); !slices.Contains(out, n) {
				out = append(out, n)
			}
		}
		return out
	}
	for more := true; more; more = s.ch.Next() {
		s.ch.Rewind()
		if n, ok := model.Apply(s.rules, *st, m.action, s.env); ok && !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	s.ch.Reset()
	return out
}

// culprit returns which merged entry of b makes m depend on it beyond
// that entry's own value (want is what m gives b's state): the first entry
// whose j-th value alone changes an outcome outside it. When none does
// alone, the first entry with a j-th value is blamed: splitting any entry
// is exact.
func (s *Set) culprit(m *move, b *Belief, j int, want []model.Next) int {
	first := -1
	for i := range b.alts.list {
		a := &b.alts.list[i]
		if j >= len(a.vals) {
			continue
		}
		if first < 0 {
			first = i
		}
		st := b.State
		a.e.set(&st, a.vals[j])
		one := &alts{list: []alt{*a}}
		if !s.sameNexts(s.outcomes(m, &st, nil), want, one) {
			return i
		}
	}
	return first
}

// blame is culprit in a Set that may merge marginally: there, a move
// whose outcomes outside the merged entries depend on a marginal entry
// breaks the fact the marginal merge rests on (see "After the last
// observation" in the package doc), which the model's rules never do; it
// panics rather than answer inexactly.
func (s *Set) blame(m *move, b *Belief, j int, want []model.Next) int {
	i := s.culprit(m, b, j, want)
	if s.unobserved && s.marginal(b.alts.list[i].e) {
		panic("engine: a step depends on what a cache entry holds beyond a view through it, " +
			"which the marginal merge after the last observation rests on it does not (package doc)")
	}
	return i
}

// sameCores panics, in a Set that merges marginally, unless a view
// through entry e has outcomes with the same states outside the marginal
// entries whichever value e holds (got against want, each the outcomes
// of one value): the other half of the fact the marginal merge rests on
// (see "After the last observation" in the package doc).
func (s *Set) sameCores(e entry, got, want []model.Next) {
	if !s.unobserved || !s.marginal(e) {
		return
	}
	core := func(n *model.Next) model.State {
		st := n.State
		for _, e := range s.marginals() {
			e.set(&st, value{})
		}
		if s.forget {
			model.Forget(s.rules, &st)
		}
		return st
	}
	has := func(list []model.Next, st model.State) bool {
		for k := range list {
			if core(&list[k]) == st {
				return true
			}
		}
		return false
	}
	for _, p := range [...][2][]model.Next{{got, want}, {want, got}} {
		for k := range p[0] {
			if !has(p[1], core(&p[0][k])) {
				panic("engine: a view's outcomes outside the marginal cache entries depend on what the entry it reads " +
					"holds, which the marginal merge after the last observation rests on they do not (package doc)")
			}
		}
	}
}

// sameNexts reports whether two outcome lists are equal but for the
// entries of as, and each list's outcomes leave those entries alike
// (whichever choice was made, the entries end the same).
func (s *Set) sameNexts(got, want []model.Next, as *alts) bool {
	if len(got) != len(want) {
		return false
	}
	for p := range got {
		g, w := &got[p], &want[p]
		if g.Shown != w.Shown || g.Effects != w.Effects || !s.sameOutside(&g.State, &w.State, as) {
			return false
		}
		if p > 0 {
			for i := range as.list {
				e := as.list[i].e
				if e.get(&g.State) != e.get(&got[0].State) {
					return false
				}
			}
		}
	}
	return true
}

// mapAlts runs m on a merged belief: on its state (the outcomes returned,
// in s.own) and, to learn what becomes of every other value of its merged
// entries, on one substitution per value (see alts.substitute). Each entry
// must end the same whatever the choice, and every outcome must be the
// same outside the merged entries; if not, ok is false and bad is the
// entry to split. next are the merged entries after m, nil when none is
// left.
func (s *Set) mapAlts(m *move, b *Belief) (outs []model.Next, next *alts, bad int, ok bool) {
	outs = s.outcomes(m, &b.State, s.own[:0])
	s.own = outs
	if b.alts == nil {
		return outs, nil, 0, true
	}
	if !s.sameNexts(outs, outs, b.alts) {
		return nil, nil, s.blame(m, b, 0, outs), false
	}
	if len(outs) == 0 {
		return outs, b.alts, 0, true // the action cannot happen
	}
	at := b.State.Now // the instant after the move, whose expiries it settles
	if m.advance {
		at = m.to
	}
	list := make([]alt, len(b.alts.list))
	width := 1
	for i := range list {
		a := &b.alts.list[i]
		n := len(a.vals)
		if s.timeless(a.e) || s.expiring(a.e, a.vals, at) {
			n = min(n, 2) // the rest follow (see timeless and expiring)
		}
		list[i] = alt{e: a.e, vals: make([]value, n)}
		list[i].vals[0] = a.e.get(&outs[0].State)
		width = max(width, n)
	}
	for j := 1; j < width; j++ {
		b.alts.substitute(&s.sub, &b.State, j)
		s.scratch = s.outcomes(m, &s.sub, s.scratch[:0])
		if !s.sameNexts(s.scratch, outs, b.alts) {
			return nil, nil, s.blame(m, b, j, outs), false
		}
		for i := range list {
			if j < len(list[i].vals) {
				list[i].vals[j] = b.alts.list[i].e.get(&s.scratch[0].State)
			}
		}
	}
	for i := range list {
		a, x := &b.alts.list[i], &list[i]
		if len(x.vals) == len(a.vals) {
			if slices.Equal(x.vals, a.vals) {
				*x = *a // every value as it was: shared, encoded already
			}
			continue
		}
		ttl := s.ttl(a.e)
		switch {
		case ttl == model.NoExpiry && x.vals[0] == a.vals[0] && x.vals[1] == a.vals[1]:
			*x = *a // left as it was: every value is (alts are shared, never changed)
		case x.vals[0] == x.vals[1]:
			x.vals = x.vals[:1] // emptied whatever it held
		case ttl != model.NoExpiry && x.vals[1] == a.vals[1] && x.vals[0] == expire(a.vals[0], at, ttl):
			// Left as it was but for expiry: every value is (see expiring).
			if !expiresAny(a.vals, at, ttl) {
				*x = *a // none expires: shared as it is
				continue
			}
			x.vals = make([]value, len(a.vals))
			for j, v := range a.vals {
				x.vals[j] = expire(v, at, ttl)
			}
		default:
			return nil, nil, i, false // neither: split, which is exact
		}
	}
	same := true
	for i := range list {
		a, x := &b.alts.list[i], &list[i]
		if len(x.vals) != len(a.vals) || &x.vals[0] != &a.vals[0] {
			if !slices.Equal(x.vals, a.vals) {
				same = false
				break
			}
		}
	}
	if same {
		return outs, b.alts, 0, true // every entry as it was (alts are shared, never changed)
	}
	return outs, newAlts(list), 0, true
}

// timeless reports whether entry e is a viewer's entry in a cache that
// never expires under the Set's rules (R5: Outlook desktop until a
// restart, the browser until cleared), so that a move that does not read
// it does one of two things to it whatever it holds: nothing, or empty
// it. Nothing but a view through the entry reads it (the view splits it
// first: readEntries), no clock of its own is compared with a TTL, and
// restart-outlook and clear-browser-cache empty it whatever it holds.
// So mapAlts runs such an entry's first two values through a move and
// infers the rest from them: both unchanged, every value is; both emptied
// alike, every value is; anything else splits the entry. This is what
// makes N changes and views through a never-expiring entry cost linear
// time, not N² (the entry may hold N photos, and every other line would
// run the model on each). The Teams entries have finite TTLs and are not
// timeless.
func (s *Set) timeless(e entry) bool {
	if e == serviceEntry || e.cache() == model.CacheTeamsClient {
		return false
	}
	return s.rules.TTL(e.cache()) == model.NoExpiry
}

// expiring reports whether mapAlts may infer what a move that does not
// read viewer entry e, which may hold vals, makes of every value from its
// first two, at instant at after the move: the entry's cache expires (a
// finite TTL, R5 and R19), its second value is filled and unexpired at
// at, and every filled value's clock runs. As for a timeless entry, only
// a view through e reads it (the view splits it first: readEntries), and
// restart-outlook, clear-browser-cache and restart-teams empty it whatever
// it holds; what else the model does to it is expiry (normalize), which
// empties a value whose clock reads the TTL at at and leaves the others.
// So the second value, filled and unexpired, tells the two apart: kept,
// every value is kept or expires (expire); emptied, every value is
// emptied. The Teams client entry is read too when Exchange changes, to
// start or stop its viewer's staleness clock (teamsStale): outside the
// entry's value, and cleared by model.Forget, so only a Set that forgets
// infers it. The Teams service entry is read jointly with the client
// entry by every Teams view, which splits or lifts it first (actMerged,
// actService), and otherwise only by its expiry and by a change of
// Exchange, for the service's staleness clock (teamsStale, cleared by
// model.Forget): it is inferred likewise in a Set that forgets and whose
// rules do not track their reads. Under rules that track
// their reads (infer) nothing is inferred unless the TTL's knob is fixed
// (model.Rules.Settled), so that no knob is read for speed alone.
func (s *Set) expiring(e entry, vals []value, at time.Duration) bool {
	if len(vals) < 3 {
		return false
	}
	if e == serviceEntry {
		if !s.forget || s.rules.Tracking() {
			return false
		}
	} else if !s.rules.Settled(e.cache()) || e.cache() == model.CacheTeamsClient && !s.forget {
		return false
	}
	ttl := s.ttl(e)
	if ttl == model.NoExpiry || vals[1].photo == model.NoPhoto || expire(vals[1], at, ttl) != vals[1] {
		return false
	}
	for _, v := range vals {
		if v.photo != model.NoPhoto && !v.running {
			return false
		}
	}
	return true
}

// ttl returns how long a filled value of entry e stays valid (R5; R19
// for the Teams service entry, read without tracking: expiring asks only
// where the rules do not track their reads).
func (s *Set) ttl(e entry) time.Duration {
	if e == serviceEntry {
		return s.rules.TeamsServiceCacheTTL
	}
	return s.rules.TTL(e.cache())
}

// expiresAny reports whether a value of vals expires by instant at.
func expiresAny(vals []value, at, ttl time.Duration) bool {
	for _, v := range vals {
		if expire(v, at, ttl) != v {
			return true
		}
	}
	return false
}

// expire returns what a cache entry holding v holds at instant at, by
// expiry alone (R5: a filled entry whose clock reads ttl is empty, as
// the model's normalize makes it).
func expire(v value, at, ttl time.Duration) value {
	if v.photo != model.NoPhoto && at-v.start >= ttl {
		return value{}
	}
	return v
}

// advanceMerged lets time pass to instant to in belief b (the i-th),
// appending what it becomes to out: one belief per state its State may be
// in at to (several when time branches), each with b's merged entries
// mapped through time; more when the passage of time depends on a merged
// entry beyond its own value (then that entry is split). fired is told of
// the firings in b's State.
func (s *Set) advanceMerged(out []Belief, i int, b Belief, to time.Duration, fired Fired) []Belief {
	if fired != nil {
		s.reported = s.advanceAll(s.reported[:0], i, b, to, fired)
	}
	if b.alts == nil {
		return s.advanceAll(out, i, b, to, nil)
	}
	if k := b.alts.find(spEntry); k >= 0 {
		return s.advanceSP(out, i, b, k, to)
	}
	m := move{advance: true, to: to}
	outs, next, bad, ok := s.mapAlts(&m, &b)
	if !ok {
		s.splits++
		for _, c := range split(&b, bad) {
			out = s.advanceMerged(out, i, c, to, nil)
		}
		return out
	}
	for k := range outs {
		c := b
		c.State, c.alts = outs[k].State, next
		next.canonical(&c.State)
		out = append(out, c)
	}
	return out
}

// readEntries returns the cache entries action a reads: the entry of the
// viewer in the cache the view goes through (model.RouteOf), and for a
// Teams view the Teams service cache's too (R19 stacks them). A
// transition that reads another entry is caught by mapAlts.
func (s *Set) readEntries(a model.Action) (es [2]entry, n int) {
	if s.blind || a.Kind != model.View || a.Viewer < 1 || int(a.Viewer) > model.MaxViewers {
		return es, 0
	}
	rt := model.RouteOf(s.rules, a.Surface)
	if !rt.Cached || int(rt.Cache) >= numCaches {
		return es, 0
	}
	es[n] = entryOf(a.Viewer, rt.Cache)
	n++
	if rt.Service {
		es[n] = serviceEntry
		n++
	}
	return es, n
}

// applyMerged is Apply on the i-th belief of a merging Set. A belief that
// stands for one state takes Apply's own way.
func (s *Set) applyMerged(o *Outcomes, i int, at time.Duration, a model.Action, fired Fired) {
	if s.list[i].alts == nil {
		s.apply(o, i, at, a, fired)
		return
	}
	s.advanced = s.advanceMerged(s.advanced[:0], i, s.list[i], at, fired)
	for _, b := range s.advanced {
		s.actMerged(o, i, b, a)
		if s.err != nil {
			return
		}
	}
}

// actMerged applies action a to belief b, which came from the i-th. The
// entry the action reads through is split: each of its values is one
// outcome's own. A Teams view reads the service cache too, after the
// client's (R19): that entry, if merged, is split into beliefs first. The
// other merged entries are mapped once, by mapAlts, and every outcome
// carries them.
func (s *Set) actMerged(o *Outcomes, i int, b Belief, a model.Action) {
	if k := b.alts.find(spEntry); k >= 0 {
		s.actSP(o, i, b, k, a)
		return
	}
	es, n := s.readEntries(a)
	if n > 1 {
		if k := b.alts.find(es[1]); k >= 0 {
			if s.unobserved && s.marginal(es[1]) {
				s.actService(o, i, b, k, a, es[0])
				return
			}
			for _, c := range split(&b, k) {
				if s.actMerged(o, i, c, a); s.err != nil {
					return
				}
			}
			return
		}
	}
	m := move{action: a}
	base := b
	var read []value // the values of the entry a reads, when merged
	e := es[0]
	if k := b.alts.find(e); n > 0 && k >= 0 {
		read = b.alts.list[k].vals
		base.alts = b.alts.without(k)
		e.set(&base.State, read[0])
	}
	outs, next, bad, ok := s.mapAlts(&m, &base)
	if !ok {
		s.splits++
		for _, c := range split(&b, b.alts.find(base.alts.list[bad].e)) {
			if s.actMerged(o, i, c, a); s.err != nil {
				return
			}
		}
		return
	}
	s.outBytes += next.bytes()
	first := len(o.List)
	clear(s.seen)
	// A Teams view reads the service entry too; here it is not merged.
	if len(read) > 2 && !s.blind && (s.timeless(e) || s.liveAfterEmpty(e, read, b.State.Now)) {
		if read[0].photo != model.NoPhoto {
			if s.emitCached(o, i, first, &b, next, e, read, &base.State, outs) {
				return
			}
		} else if len(read) > 3 {
			// The empty value shows no cached photo: its outcomes on
			// their own, then the filled values together.
			if !s.emit(o, i, first, &b, next, &base.State, outs) {
				return
			}
			sub := base.State
			e.set(&sub, read[1])
			own := s.outcomes(&m, &sub, nil)
			s.sameCores(e, own, outs)
			if s.emitCached(o, i, first, &b, next, e, read[1:], &sub, own) {
				return
			}
			o.List = o.List[:first] // not as R5 reads it: every value on its own
			clear(s.seen)
		}
	}
	if !s.emit(o, i, first, &b, next, &base.State, outs) {
		return
	}
	for _, x := range read[min(1, len(read)):] {
		s.sub = base.State
		e.set(&s.sub, x)
		s.scratch = s.outcomes(&m, &s.sub, s.scratch[:0])
		s.sameCores(e, s.scratch, outs)
		if !s.emit(o, i, first, &b, next, &s.sub, s.scratch) {
			return
		}
	}
}

// emitCached is actMerged's way for a view through a timeless entry e
// (see timeless) that may hold any of read, three or more values: the
// view's outcomes for every value are those for the first, but for the
// outcomes that show the cached photo, which leave the entry as it was.
// R5 reads a filled entry only to offer its photo as the cached choice,
// whatever the photo; nothing else of the state depends on which it is.
// So rather than run the model on every value (N views of an entry that
// may hold N photos would cost N²), it runs the first two, checks that
// they differ only so (else it reports false and nothing was added), and
// adds each outcome that does not show the cached photo once and each
// that does as one outcome standing for all the values (Outcome.shownBy):
// its Belief's entry e may hold any of read. Outcomes.Shown and Commit
// with a keep function see it as the outcomes it stands for.
//
// An entry that expires (a finite TTL, R5 and R19: see liveAfterEmpty)
// is read so too, as long as every value in read is filled and unexpired
// at the view's instant; a Teams view reads the service entry as well,
// which is one value here (actMerged splits it first), and its outcomes
// that do not show the client entry's photo fill the entry whatever it
// held.
func (s *Set) emitCached(o *Outcomes, i, first int, b *Belief, next *alts, e entry, read []value, before *model.State, outs []model.Next) bool {
	m := move{action: o.Action}
	s.sub = *before
	e.set(&s.sub, read[1])
	s.scratch = s.outcomes(&m, &s.sub, s.scratch[:0])
	s.sameCores(e, s.scratch, outs)
	if len(s.scratch) != len(outs) {
		return false
	}
	only := &alts{list: []alt{{e: e}}}
	cached := func(n *model.Next, x value) bool { return n.Shown == x.photo && e.get(&n.State) == x }
	for p := range outs {
		g, w := &s.scratch[p], &outs[p]
		if !cached(w, read[0]) {
			if *g != *w {
				return false
			}
			continue
		}
		if !cached(g, read[1]) || g.Effects != w.Effects || !s.sameOutside(&g.State, &w.State, only) {
			return false
		}
	}
	var list []alt
	if next != nil {
		list = append(list, next.list...)
	}
	own := b.alts.list[b.alts.find(e)]
	if n := len(own.vals); n != len(read) {
		if n == len(read)+1 && &own.vals[n-1] == &read[len(read)-1] {
			// The filled values only: own's but its empty first, shared.
			own.vals, own.sum = own.vals[1:], own.sum-hashValue(own.vals[0])
		} else {
			own = alt{e: e, vals: slices.Clone(read)}
		}
	}
	with := newAlts(append(list, own))
	s.outBytes += with.bytes()
	for p := range outs {
		w := outs[p]
		if !cached(&w, read[0]) {
			if !s.emit(o, i, first, b, next, before, outs[p:p+1]) {
				return true
			}
			continue
		}
		with.canonical(&w.State)
		o.List = append(o.List, Outcome{From: i, Before: *before, Next: w, shownBy: e + 1,
			Belief: Belief{State: w.State, Mask: b.Mask, Found: b.Found, alts: with}})
		if !s.boundOutcomes(o) {
			return true
		}
	}
	return true
}

// liveAfterEmpty reports whether a view through viewer entry e, which
// may hold read, may be taken as emitCached takes it: e's cache expires,
// the Set forgets (the Teams client entry's staleness clock, which a
// Teams view sets from the service cache's, is cleared: model.Forget),
// the TTL's knob is settled (model.Rules.Settled), and every value of read but an
// empty first one is filled, its clock running, and unexpired at instant
// at, so that the view may show it as the cached photo (R5, R19).
func (s *Set) liveAfterEmpty(e entry, read []value, at time.Duration) bool {
	if e == serviceEntry || !s.forget || !s.rules.Settled(e.cache()) {
		return false
	}
	ttl := s.rules.TTL(e.cache())
	if ttl == model.NoExpiry {
		return false
	}
	for k, v := range read {
		if v.photo == model.NoPhoto && k == 0 {
			continue
		}
		if v.photo == model.NoPhoto || !v.running || expire(v, at, ttl) != v {
			return false
		}
	}
	return true
}

// each calls f on every outcome out stands for: itself, or, when it shows
// a merged entry's cached photo (shownBy), one outcome per value of the
// entry, each showing that value's photo and its belief holding it.
func (out *Outcome) each(f func(*Outcome)) {
	if out.shownBy == 0 {
		f(out)
		return
	}
	e := out.shownBy - 1
	k := out.Belief.alts.find(e)
	rest := out.Belief.alts.without(k)
	for _, x := range out.Belief.alts.list[k].vals {
		c := *out
		c.shownBy, c.Shown, c.Belief.alts = 0, x.photo, rest
		e.set(&c.Belief.State, x)
		c.Next.State = c.Belief.State
		f(&c)
	}
}

// emit adds the outcomes outs of state before, in belief b (the i-th),
// whose other merged entries become next, to o unless the belief had them
// already (its outcomes begin at first). It reports whether they are
// within the Set's bounds.
func (s *Set) emit(o *Outcomes, i, first int, b *Belief, next *alts, before *model.State, outs []model.Next) bool {
	for _, n := range outs {
		next.canonical(&n.State)
		out := Outcome{From: i, Before: *before, Next: n,
			Belief: Belief{State: n.State, Mask: b.Mask, Found: b.Found, alts: next}}
		if s.seenOutcome(o.List[first:], &out, first) {
			continue
		}
		o.List = append(o.List, out)
		if !s.boundOutcomes(o) {
			return false
		}
	}
	return true
}

// outKey identifies an outcome of one belief, up to its merged entries'
// hash (seenOutcome compares them).
type outKey struct {
	n    model.Next
	alts uint64
}

// seenOutcome reports whether list, the outcomes of one belief so far
// (from index first of the Outcomes), has one equal to out; if not, it
// notes out as the next.
func (s *Set) seenOutcome(list []Outcome, out *Outcome, first int) bool {
	const mapFrom = 8
	has := func(j int) bool { return list[j].Next == out.Next && list[j].Belief.alts.equal(out.Belief.alts) }
	if len(list) < mapFrom {
		for j := range list {
			if has(j) {
				return true
			}
		}
		return false
	}
	k := outKey{out.Next, out.Belief.alts.hash()}
	if len(s.seen) == 0 {
		if s.seen == nil {
			s.seen = map[outKey]int{}
		}
		for j := range list {
			if kj := (outKey{list[j].Next, list[j].Belief.alts.hash()}); s.seen[kj] == 0 {
				s.seen[kj] = first + j + 1
			}
		}
	}
	if j := s.seen[k]; j > 0 {
		if has(j - 1 - first) {
			return true
		}
		// Another outcome with the same hash: look for an equal one.
		return slices.IndexFunc(list, func(x Outcome) bool {
			return x.Next == out.Next && x.Belief.alts.equal(out.Belief.alts)
		}) >= 0
	}
	s.seen[k] = first + len(list) + 1
	return false
}

// mergeKey identifies a belief but for one cache entry.
type mergeKey struct {
	s    model.State // with the entry emptied
	mask uint64
	alts uint64 // the hash of the merged entries kept (mergeMarginal); the groups compare them too
}

// merge merges, in a merging Set, beliefs that differ only in what one
// cache entry holds into one belief, until no two do. It keeps the order
// of the first of each.
func (s *Set) merge() {
	if !s.merging {
		return
	}
	for round := 0; ; round++ {
		n := len(s.list)
		dropped := s.uncover(round == 0)
		if s.unobserved && len(s.list) > 1 {
			s.mergeMarginal()
		}
		if len(s.list) > 1 {
			for e := range entry(numEntries) {
				if !(s.unobserved && s.marginal(e)) && s.varies(e) {
					s.mergeAlong(e)
				}
			}
		}
		if len(s.list) == n && !dropped {
			return
		}
	}
}

// marginal reports whether entry e merges marginally in an unobserved Set
// (see "After the last observation" in the package doc): every viewer's
// entry, and, in a Set that forgets, the Teams entries too. A Teams view
// reads the client and the service entry jointly (R19), which the pairs
// of (core, entry) know up to covered values (see "Covered Teams values");
// a change of Exchange reads the client entry only for the staleness
// clocks, which model.Forget clears.
func (s *Set) marginal(e entry) bool {
	if e == spEntry {
		return s.spMarginal()
	}
	return !teamsEntry(e) || s.dominating()
}

// marginals lists the entries that merge marginally in an unobserved Set
// (marginal), SharePoint's (spEntry) last when it does.
func (s *Set) marginals() []entry {
	if s.marginalList == nil {
		for e := range entry(numEntries + 1) {
			if s.marginal(e) {
				s.marginalList = append(s.marginalList, e)
			}
		}
	}
	return s.marginalList
}

// mergeMarginal merges, in an unobserved Set, the beliefs that are equal
// but for their marginal entries (the state, the mask and the other
// merged entries): into one belief whose every marginal entry may hold
// any value it holds in any of them. It keeps the order of the first of
// each.
func (s *Set) mergeMarginal() {
	if s.groups == nil {
		s.groups = map[mergeKey]int{}
	}
	clear(s.groups)
	type group struct {
		members []int // the indices of its beliefs, in order
		next    int   // the next group with the same key, or -1
	}
	var groups []group
	core := func(e entry) bool { return !s.marginal(e) }
	for i := range s.list {
		b := &s.list[i]
		k := mergeKey{s: b.State, mask: b.Mask, alts: b.alts.sumWhere(core)}
		for _, e := range s.marginals() {
			if e != spEntry || uniformSharePoint(&b.State) {
				e.set(&k.s, value{})
			}
		}
		g, ok := s.groups[k]
		for ok && !sameWhere(s.list[groups[g].members[0]].alts, b.alts, core) {
			g = groups[g].next
			ok = g >= 0
		}
		if !ok {
			next := -1
			if h, ok := s.groups[k]; ok {
				next = h
			}
			g = len(groups)
			s.groups[k] = g
			groups = append(groups, group{next: next})
		}
		groups[g].members = append(groups[g].members, i)
	}
	if len(groups) == len(s.list) {
		return
	}
	s.spare = s.spare[:0]
	for _, g := range groups {
		b := s.list[g.members[0]]
		if len(g.members) > 1 {
			b = s.marginalUnion(b, g.members[1:])
		}
		s.spare = append(s.spare, b)
	}
	s.list, s.spare = s.spare, s.list
}

// marginalUnion returns belief b with every marginal entry holding, as
// well, every value it holds in the beliefs of the Set at others. Where
// they add nothing to an entry, its values are b's own, shared (views
// split a belief into its cached and fresh outcomes, which merge back
// here: a long list of values is then not copied at every line); where
// they add values newer than its last (the fresh photo of a view), they
// are appended to b's (join); and when they add nothing to any, b itself.
func (s *Set) marginalUnion(b Belief, others []int) Belief {
	var list []alt
	changed := false
	for e := range entry(numEntries + 1) {
		k := b.alts.find(e)
		if e == spEntry && !s.spMarginal() {
			continue // never merged (spEntry)
		}
		if !s.marginal(e) {
			if k >= 0 {
				list = append(list, b.alts.list[k])
			}
			continue
		}
		base, extra := s.extra(b, e, others)
		if len(extra) == 0 {
			if k >= 0 {
				list = append(list, b.alts.list[k])
			}
			continue
		}
		changed = true
		list = append(list, s.join(e, base, extra))
	}
	if !changed {
		return b
	}
	b.alts = newAlts(list)
	b.alts.canonical(&b.State)
	return b
}

// extra returns what entry e may hold in belief b, as an alt (b's own, or
// its one value), and the values it may hold in the beliefs of the Set at
// others that b's does not: found by search in b's, sorted, and skipped
// where a belief shares b's list.
func (s *Set) extra(b Belief, e entry, others []int) (alt, []value) {
	var base alt
	if k := b.alts.find(e); k >= 0 {
		base = b.alts.list[k]
	} else {
		base = alt{e: e, vals: []value{e.get(&b.State)}}
	}
	var extra []value
	var two [1]value
	for _, j := range others {
		vs := valuesOf(&s.list[j], e, &two)
		if len(vs) == len(base.vals) && &vs[0] == &base.vals[0] {
			continue // the same values, shared
		}
		for _, v := range vs {
			if _, ok := slices.BinarySearchFunc(base.vals, v, compareValues); !ok {
				extra = append(extra, v)
			}
		}
	}
	return base, extra
}

// valuesOf returns the values entry e may hold in belief b.
func valuesOf(b *Belief, e entry, one *[1]value) []value {
	if k := b.alts.find(e); k >= 0 {
		return b.alts.list[k].vals
	}
	one[0] = e.get(&b.State)
	return one[:]
}

// varies reports whether two beliefs of the Set differ in what entry e may
// hold.
func (s *Set) varies(e entry) bool {
	var a, b [1]value
	first := valuesOf(&s.list[0], e, &a)
	for i := 1; i < len(s.list); i++ {
		if !slices.Equal(valuesOf(&s.list[i], e, &b), first) {
			return true
		}
	}
	return false
}

// mergeAlong merges the beliefs that are equal but for entry e. Beliefs
// are grouped by their state with e emptied and their mask, then by their
// other merged entries, compared entry by entry (beliefs share an entry's
// values, so most compare by identity); a belief merged with none is kept
// as it is.
func (s *Set) mergeAlong(e entry) {
	if s.groups == nil {
		s.groups = map[mergeKey]int{}
	}
	clear(s.groups)
	type group struct {
		first   int // its first belief
		members []int
		next    int // the next group with the same state and mask, or -1
	}
	var groups []group
	for i := range s.list {
		b := &s.list[i]
		k := mergeKey{s: b.State, mask: b.Mask}
		e.set(&k.s, value{})
		g, ok := s.groups[k]
		for ok && !sameBut(s.list[groups[g].first].alts, b.alts, e) {
			g = groups[g].next
			ok = g >= 0
		}
		if !ok {
			g = len(groups)
			next := -1
			if h, ok := s.groups[k]; ok {
				next = h
			}
			s.groups[k] = g
			groups = append(groups, group{first: i, next: next})
		} else {
			groups[g].members = append(groups[g].members, i)
		}
	}
	if len(groups) == len(s.list) {
		return
	}
	s.spare = s.spare[:0]
	for gi := range groups {
		g := &groups[gi]
		b := s.list[g.first]
		if len(g.members) == 0 {
			s.spare = append(s.spare, b)
			continue
		}
		base, extra := s.extra(b, e, g.members)
		if len(extra) > 0 {
			var list []alt
			if b.alts != nil {
				for _, a := range b.alts.list {
					if a.e != e {
						list = append(list, a)
					}
				}
			}
			b.alts = newAlts(append(list, s.join(e, base, extra)))
			b.alts.canonical(&b.State)
		}
		s.spare = append(s.spare, b)
	}
	s.list, s.spare = s.spare, s.list
}

// sameBut reports whether a and b merge the same entries with the same
// values, entry e aside.
func sameBut(a, b *alts, e entry) bool {
	return sameWhere(a, b, func(x entry) bool { return x != e })
}
