package experiment

import (
	"bytes"
	"encoding/binary"
	"slices"
	"time"

	"photosync/model"
)

// situation is a node of the search: what the system may be in under each
// rule set after the same experiment, one list of states per rule set, in
// the order of the search's rule sets. Its states are normalized (see
// normalizer), so Now is 0 in every one of them.
type situation struct {
	sets [][]model.State
}

// pair is the situation of two rule sets.
func pair(a, b []model.State) situation { return situation{sets: [][]model.State{a, b}} }

// normalizer makes situations that have the same future compare equal, so
// that the search meets each once. Every change it makes is exact: nothing
// the rules, the views or properties.Deadlines read tells a situation from
// its normal form.
//
//   - Time is relative to Now: a running clock is kept as its age (a state
//     at 3h with a clock started at 1h is a state at 0s with the clock
//     started at -2h). The model reads time only through clocks, and
//     DirSync's phase is the age of its own clock, so this loses nothing.
//   - An age beyond limit is limit: the rules compare ages only with their
//     constants and properties.Deadlines aims only at the constants of the
//     rules and of the properties (properties.Bounds), so once a clock is
//     older than all of them by more than a second, how much older cannot
//     matter.
//   - The History is dropped: only properties read it.
//   - Photos are renumbered in order, over every rule set's states at once,
//     so that only which stores and caches hold the same photo counts, not
//     how many changes made them. Made becomes the highest number left, so
//     the next change still makes a photo no store holds.
//
// A normal form is kept as its key: each rule set's states encoded by
// model.AppendState (the one encoding of a State, every field included),
// sorted and without duplicates; decodeKey reads it back with
// model.ReadState.
//
// # Why the normal form is not smaller
//
// Exact means more here than the same views: the normal form must have the
// same waits too (TestNormalizationIsExact checks both), since the search
// tries the waits of the situation it keeps and the replay follows them
// from the start. properties.Deadlines aims a wait at a second before, at
// and after every instant where a running clock reaches a constant, so two
// situations whose clocks differ in age below the longest constant and a
// second have different waits (the one that brings the clock there, for
// one): those ages must be kept exactly, and no normal form that is exact
// in this sense can be smaller there. (limit keeps one second more than
// that needs; tightening it merges a few situations and changes counts
// that the tests pin.)
//
// That is why a search of rule sets that nothing tells apart ends on its
// bounds and not Exhausted. Exchange's clock runs from the start and never
// stops, a wait of one second is always among the waits, and the longest
// constant is at least 72 h (properties.Window), so every whole second of
// that clock's age up to 72 h is a situation of its own: more than 259,200
// of them whatever the rule sets, more than DefaultMaxSituations, and the
// chain of one-second waits finds a new situation at every level up to any
// MaxDepth. Exhausted, which needs every situation the rule sets reach to
// have been met, stays correct but is out of reach of any practical bound.
// Rule sets that set every knob alike are answered without a search
// instead (Result.Equivalent).
//
// Two smaller forms were weighed and left out. Clocks that only the
// properties read (the previous import, any change, settled) could be
// dropped for the views, but properties.Deadlines aims waits at them, so
// the waits would change. Active Directory's photo could be forgotten while
// no change of AD is pending (DirSync reads it only then, and no view
// shows it), exactly; but that merges only about 1% of the situations of
// four steps of observed against itself, and it changes the counts of
// situations that the tests and the experiments' headers pin. Neither
// bounds the clocks' ages, so neither would make a search exhaust.
type normalizer struct {
	limit time.Duration // the age every older clock is given
	ids   []int         // scratch: the photo numbers in use
	buf   []byte        // scratch: the encodings of one rule set's states
	spans []span        // scratch: where each encoding lies in buf
}

// span is one state's encoding in normalizer.buf.
type span struct{ lo, hi int }

func newNormalizer(rules []*model.Rules, consts []time.Duration) *normalizer {
	var longest time.Duration
	for _, d := range consts {
		longest = max(longest, d)
	}
	for _, r := range rules {
		for _, d := range r.Constants() {
			longest = max(longest, d)
		}
	}
	return &normalizer{limit: longest + 2*time.Second}
}

// normalize rewrites a situation's states in place into their normal form
// (relative time, capped ages, no history, photos renumbered) and returns
// the key that identifies it: each rule set's states sorted by their
// encoding, without duplicates. The situation's lists keep their order and
// their duplicates.
func (n *normalizer) normalize(s *situation) string {
	n.ids = n.ids[:0]
	for _, list := range s.sets {
		for i := range list {
			st := &list[i]
			for c := model.Clock(0); c < model.NumClocks; c++ {
				if !st.Running.Has(c) {
					st.Start[c] = 0
					continue
				}
				st.Start[c] = -min(st.Now-st.Start[c], n.limit)
			}
			st.Now = 0
			st.History = model.History{}
			st.EachPhoto(func(p *model.Photo) {
				if *p != model.NoPhoto {
					n.ids = append(n.ids, p.ID())
				}
			})
		}
	}
	slices.Sort(n.ids)
	n.ids = slices.Compact(n.ids)
	for _, list := range s.sets {
		for i := range list {
			st := &list[i]
			st.EachPhoto(func(p *model.Photo) {
				if *p == model.NoPhoto {
					return
				}
				q := model.V(rank(n.ids, p.ID()))
				if p.FromYammer() {
					q = q.MadeInYammer()
				}
				*p = q
			})
			st.Made = uint32(max(len(n.ids)-1, 0))
		}
	}
	var key []byte
	for _, list := range s.sets {
		key = n.appendStates(key, list)
	}
	return string(key)
}

func rank(ids []int, id int) int {
	i, _ := slices.BinarySearch(ids, id)
	return i
}

// appendStates appends to key the count of distinct states in list, then
// their encodings in sorted order. model.AppendState is self-delimiting, so
// the encodings need no lengths.
func (n *normalizer) appendStates(key []byte, list []model.State) []byte {
	n.buf, n.spans = n.buf[:0], n.spans[:0]
	for i := range list {
		lo := len(n.buf)
		n.buf = model.AppendState(n.buf, &list[i])
		n.spans = append(n.spans, span{lo, len(n.buf)})
	}
	code := func(s span) []byte { return n.buf[s.lo:s.hi] }
	slices.SortFunc(n.spans, func(x, y span) int { return bytes.Compare(code(x), code(y)) })
	n.spans = slices.CompactFunc(n.spans, func(x, y span) bool { return bytes.Equal(code(x), code(y)) })
	key = binary.AppendUvarint(key, uint64(len(n.spans)))
	for _, s := range n.spans {
		key = append(key, code(s)...)
	}
	return key
}

// decodeKey reads a situation of n rule sets back from its key.
func decodeKey(key string, n int) situation {
	return situation{sets: decodeInto([]byte(key), make([][]model.State, n))}
}

// decodeInto reads a situation back from its key, appending each rule
// set's states to its list in sets.
func decodeInto(key []byte, sets [][]model.State) [][]model.State {
	sets, _ = decodeEnds(key, sets, nil)
	return sets
}

// decodeEnds is decodeInto that also appends to ends where each rule
// set's part of the key ends: two rule sets whose parts are alike are in
// the same states.
func decodeEnds(key []byte, sets [][]model.State, ends []int) ([][]model.State, []int) {
	rest := key
	for i := range sets {
		count, k := binary.Uvarint(rest)
		rest = rest[k:]
		for range count {
			var st model.State
			st, rest = model.ReadState(rest)
			sets[i] = append(sets[i], st)
		}
		ends = append(ends, len(key)-len(rest))
	}
	return sets, ends
}
