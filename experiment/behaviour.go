package experiment

import (
	"bytes"
	"encoding/binary"
	"slices"
	"strings"

	"photosync/model"
)

// Behaviour returns a key of what rule set r does from states on (every
// state at one instant: the end of a log), for viewers viewers: two rule
// sets, each in its states, with one key are one system from then on. Every
// step of every experiment has the same outcomes under both, each view
// showing the same photo, so no experiment and no log of observations, of
// any length, tells them apart. The key is r reduced over the whole system
// (every cache kept and every view compared: of the reductions of the
// package doc, "Reductions", those that need no projection, canonical's
// unread knobs and the forgotten state of DirSync where it copies nothing,
// R8's pending visit where it is not read, My Site's existence where visits
// are not counted, Lync's sign-out where it hides nothing), with each
// state as those rules read it: the parts they forget cleared, the history
// dropped (only properties read it), the clocks they never compare
// stopped, and every running clock as its age. ok is false for a rule set
// that amends the model: its amendment is a function, which no key
// compares.
//
// The key decides nothing by itself: rule sets with different keys may
// still be indistinguishable (Decide answers that, from the start of R13).
// TestBehaviourIsExact checks along random experiments from random states
// that rule sets with one key show the same photos at every view.
func Behaviour(r model.Rules, states []model.State, viewers int) (key string, ok bool) {
	if r.Amend != nil {
		return "", false
	}
	p := whole(viewers)
	red := p.reduce(r, 0)
	bound := clockBounds(&red, viewers)
	var b strings.Builder
	b.WriteString(rulesKey(red))
	b.WriteByte('|')
	codes := make([][]byte, 0, len(states))
	for _, s := range states {
		w := world{d: s.Discrete}
		p.forget(&w, 0)
		w.d.History = model.History{}
		for c := model.Clock(0); c < model.NumClocks; c++ {
			if bound[c] < 0 {
				w.d.Running = w.d.Running.Without(c)
			}
		}
		code := model.AppendState(nil, &model.State{Discrete: w.d})
		for c := model.Clock(0); c < model.NumClocks; c++ {
			if w.d.Running.Has(c) {
				code = binary.AppendVarint(code, int64(s.Now-s.Start[c]))
			}
		}
		codes = append(codes, code)
	}
	slices.SortFunc(codes, bytes.Compare)
	codes = slices.CompactFunc(codes, bytes.Equal)
	for _, c := range codes {
		b.WriteString(string(binary.AppendUvarint(nil, uint64(len(c)))))
		b.Write(c)
	}
	return b.String(), true
}

// RulesKey returns the rules part of Behaviour's key: r reduced over the
// whole system, its knobs written out. Rule sets with one RulesKey whose
// states read alike (the rest of the key) are one system; callers that key
// many rule sets in the same states compute that rest once per RulesKey.
// ok is false for a rule set that amends the model.
func RulesKey(r model.Rules, viewers int) (key string, ok bool) {
	if r.Amend != nil {
		return "", false
	}
	p := whole(viewers)
	return rulesKey(p.reduce(r, 0)), true
}

// rulesKey writes a rule set's knobs, those that differ from observed.
func rulesKey(r model.Rules) string {
	var b strings.Builder
	for _, kv := range model.Changed(model.Observed(), r) {
		b.WriteString(kv[0])
		b.WriteByte('=')
		b.WriteString(kv[1])
		b.WriteByte(';')
	}
	return b.String()
}
