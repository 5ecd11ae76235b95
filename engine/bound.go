package engine

import (
	"fmt"

	"photosync/count"
)

// BoundError says that a Set stopped because it would have held more
// possible states, or more memory, than its Options allow.
type BoundError struct {
	States    int   // the beliefs it held or would have held
	Bytes     int64 // about how much memory they would have taken
	MaxStates int   // Options.MaxStates
	MaxBytes  int64 // Options.MaxBytes
}

// Error says which bound was reached: "bounded at 100,000 possible states".
func (e *BoundError) Error() string {
	if e.MaxStates > 0 && e.States > e.MaxStates {
		return "bounded at " + count.Of(e.MaxStates, "possible state")
	}
	return fmt.Sprintf("bounded at %s (about %s, over the bound of %s)",
		count.Of(e.States, "possible state"), size(e.Bytes), size(e.MaxBytes))
}

// size writes a number of bytes in KiB, MiB or GiB.
func size(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
}

// Err returns a *BoundError once the Set has reached one of its bounds,
// else nil. From then on the Set does nothing (Apply returns no more
// outcomes, Commit and Advance change nothing) until Reset, and what it
// holds is not to be relied on: the caller stops.
func (s *Set) Err() error {
	if s.err == nil {
		return nil
	}
	return s.err
}

// bound records a BoundError when n beliefs taking about bytes of memory
// are over a bound, and reports whether they are within both.
func (s *Set) bound(n int, bytes int64) bool {
	if s.err != nil {
		return false
	}
	if (s.opts.MaxStates > 0 && n > s.opts.MaxStates) || (s.opts.MaxBytes > 0 && bytes > s.opts.MaxBytes) {
		s.err = &BoundError{States: n, Bytes: bytes, MaxStates: s.opts.MaxStates, MaxBytes: s.opts.MaxBytes}
		return false
	}
	return true
}

// boundOutcomes bounds the memory of an action's outcomes (their number
// is bounded through the beliefs they come from and become: a view has at
// most a few outcomes per value it can read).
func (s *Set) boundOutcomes(o *Outcomes) bool {
	if s.opts.MaxBytes <= 0 {
		return s.err == nil
	}
	return s.bound(len(s.list), s.outcomeBytes(o))
}

// bytes estimates the memory of a list of beliefs.
func (s *Set) bytes(list []Belief) int64 {
	if s.opts.MaxBytes <= 0 {
		return 0
	}
	n := int64(len(list)) * beliefBytes
	for i := range list {
		n += list[i].alts.bytes()
	}
	return n
}

// outcomeBytes estimates the memory of the Set's beliefs and the outcomes
// found so far (s.outBytes: the beliefs' and the outcomes' merged
// entries).
func (s *Set) outcomeBytes(o *Outcomes) int64 {
	if s.opts.MaxBytes <= 0 {
		return 0
	}
	return s.outBytes + int64(len(o.List))*outcomeBytes
}
