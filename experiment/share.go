package experiment

import (
	"bytes"
	"slices"
	"time"

	"photosync/model"
)

// This file lets the rule sets of a situation share what a step computed.
//
// Among many rule sets (photosync infer's kinds of behaviour), most
// situations hold only a few distinct lists of states: the rule sets
// differ in knobs that what came before left unread, so they are in the
// same states (issue 18's round 10: 17 rule sets, about 2 distinct lists
// per situation). The model decides everything from the state, the action
// and the knobs it reads (model.Reads), so a rule set in the same states
// as another that took a step, and that agrees with it on every knob the
// step read, has the same outcome of that step: it takes the other's
// instead of computing it again. The step's reads are noted by a tracker
// of the worker's own copy of the rules; the copy fixes every knob
// (model.Rules.Fix), so that tracking changes nothing the model does (a
// tracked rule set otherwise lets time branch to read no knob for
// nothing). A step on the Set as loaded reuses the passing of time of its
// first one (engine.Set reuses it), so its reads include the first step's
// (all of them: the passing of time is not told apart, and noting only it
// would share no more in infer's rounds).
// The fixed knobs let model.Rules.BranchesInTime choose how time passes
// from the three knobs of time that branches without noting them; that
// choice changes no outcome (enumerating the outcomes of time is exact
// under any rules, a firing or a take that cannot branch having one), so
// two rule sets that choose differently still share a step that read
// none of those knobs (with no take pending and no DirSync run that could
// go either way, nothing reads them). A rule set that amends the model (a
// planted defect) or tracks its reads for its caller (infer's groups,
// which split on them: AmongResult.Reads) shares nothing.
// The package doc (Sharing steps among rule sets) argues that sharing is
// exact. TestSharingIsExact checks searches with and without sharing on
// random rule sets that differ in a few knobs; TestSharedStepsReadAll
// checks each step, shared or taken, against the same step on a fresh Set:
// its outcome, and that the reads it notes hold the fresh Set's, which
// outcomes alone do not show (the test says why).

// noSharing turns sharing off: for TestSharingIsExact, the slow twin.
var noSharing bool

// shareKnobs returns, for each pair of rule sets, the knobs on which they
// differ, or all knobs where either cannot share.
func shareKnobs(rules []*model.Rules) [][]model.Reads {
	knobs := model.Knobs()
	all := ^model.Reads(0)
	out := make([][]model.Reads, len(rules))
	for j, a := range rules {
		out[j] = make([]model.Reads, len(rules))
		for k, b := range rules {
			if noSharing || !shares(a) || !shares(b) {
				out[j][k] = all
				continue
			}
			var d model.Reads
			for i, kn := range knobs {
				if kn.Get(*a) != kn.Get(*b) {
					d = d.Add(i)
				}
			}
			out[j][k] = d
		}
	}
	return out
}

// shares reports whether a rule set may share steps with another.
func shares(r *model.Rules) bool { return !r.Tracking() && r.Amend == nil }

// allKnobs is every knob of the catalog, as Reads.
func allKnobs() model.Reads {
	var rs model.Reads
	for i := range model.Knobs() {
		rs = rs.Add(i)
	}
	return rs
}

// track makes the worker's copy of a rule set that shares note its reads
// in w.track, changing nothing it does.
func (w *worker) track(i int) {
	if shares(w.s.rules[i]) && !noSharing {
		w.rules[i].Fix(allKnobs())
		w.rules[i].TrackReads(&w.tracked[i])
	}
}

// alike finds, after load, which rule sets are in the same states: w.same[k]
// is the first rule set whose part of the key is k's, or -1 when k shares
// nothing.
func (w *worker) alike() {
	for k := range w.sets {
		w.same[k] = -1
		if noSharing || !shares(w.s.rules[k]) {
			continue
		}
		lo := 0
		if k > 0 {
			lo = w.ends[k-1]
		}
		w.same[k] = k
		for j := range k {
			jlo := 0
			if j > 0 {
				jlo = w.ends[j-1]
			}
			if w.same[j] == j && bytes.Equal(w.key[jlo:w.ends[j]], w.key[lo:w.ends[k]]) {
				w.same[k] = j
				break
			}
		}
		w.firstDone[k] = false
	}
}

// stepKind is what one step shared among the rule sets is.
type stepKind uint8

const (
	stepView   stepKind = iota // the photos a view shows (w.shown)
	stepAction                 // the states after an action (w.next)
	stepWait                   // the states after a wait (w.next), from a Reset
)

// each takes one step under every rule set of the situation loaded, in
// order: a rule set in the same states as an earlier one that took it, and
// agreeing with it on every knob it read, takes that one's result;
// otherwise it takes the step and notes what it read.
func (w *worker) each(kind stepKind, a model.Action, d time.Duration) {
	for k := range w.sets {
		w.took[k] = false
		if j := w.donor(k); j >= 0 {
			if kind == stepView {
				w.shown[k] = append(w.shown[k][:0], w.shown[j]...)
			} else {
				w.next.sets[k] = append(w.next.sets[k][:0], w.next.sets[j]...)
			}
			continue
		}
		w.tracked[k] = 0
		set := w.sets[k]
		switch kind {
		case stepView:
			// The situation's states are at Now 0: Apply fires the timers
			// due then, as the scenario runner does before an action.
			w.shown[k] = append(w.shown[k][:0], set.Shows(0, a)...)
		case stepAction:
			w.next.sets[k] = appendOutcomes(w.next.sets[k][:0], set.Apply(0, a, nil))
		case stepWait:
			w.next.sets[k] = advance(w.next.sets[k][:0], set, w.sit.sets[k], d)
		}
		read := w.tracked[k]
		switch {
		case kind == stepWait:
			// advance resets the Set and lets time pass anew, noting all
			// it reads; only waits follow (children), so nothing reuses it.
		case !w.firstDone[k]:
			w.first[k], w.firstDone[k] = read, true
		default:
			read |= w.first[k]
		}
		w.read[k], w.took[k] = read, true
	}
}

// donor returns an earlier rule set whose result of the step k may take,
// or -1.
func (w *worker) donor(k int) int {
	if w.same[k] < 0 {
		return -1
	}
	for j := range k {
		if w.took[j] && w.same[j] == w.same[k] && w.read[j]&w.s.share[j][k] == 0 {
			return j
		}
	}
	return -1
}

// sharingScratch makes a worker's scratch for sharing.
func (w *worker) sharingScratch(n int) {
	w.tracked, w.read, w.first = make([]model.Reads, n), make([]model.Reads, n), make([]model.Reads, n)
	w.same, w.firstDone, w.took = make([]int, n), make([]bool, n), make([]bool, n)
	w.ends = slices.Grow(w.ends, n)
}
