package engine

import (
	"fmt"
	"runtime/debug"
	"runtime/metrics"
	"sync"

	"photosync/count"
)

// BoundError says that a Set stopped because it would have held more
// possible states, or more memory, than its Options allow.
type BoundError struct {
	States    int   // the beliefs it held or would have held
	Bytes     int64 // about how much memory they would have taken
	MaxStates int   // Options.MaxStates
	MaxBytes  int64 // Options.MaxBytes
	// Process says that the bytes are the process's memory, measured,
	// near MaxBytes (see processOver), not the Set's estimate over it.
	Process bool
}

// Error says which bound was reached and how to raise it: "bounded at
// 100,000 possible states (--max-states raises it)". The memory bound is
// not a flag, and the message says so.
func (e *BoundError) Error() string {
	if e.MaxStates > 0 && e.States > e.MaxStates {
		return "bounded at " + count.Of(e.MaxStates, "possible state") + " (--max-states raises it)"
	}
	if e.Process {
		return fmt.Sprintf("bounded at %s (the process holds about %s, near its fixed bound of %s)",
			count.Of(e.States, "possible state"), size(e.Bytes), size(e.MaxBytes))
	}
	return fmt.Sprintf("bounded at %s (about %s, over the fixed memory bound of %s)",
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
// are over a bound, or the process's memory is (see processOver), and
// reports whether they are within both.
func (s *Set) bound(n int, bytes int64) bool {
	if s.err != nil {
		return false
	}
	if s.opts.MaxBytes >= processBound && (s.opts.MaxBytes <= 0 || bytes <= s.opts.MaxBytes) {
		if held, over := processOver(s.opts.MaxBytes); over {
			s.err = &BoundError{States: n, Bytes: held, MaxStates: s.opts.MaxStates, MaxBytes: s.opts.MaxBytes, Process: true}
			return false
		}
	}
	if (s.opts.MaxStates > 0 && n > s.opts.MaxStates) || (s.opts.MaxBytes > 0 && bytes > s.opts.MaxBytes) {
		s.err = &BoundError{States: n, Bytes: bytes, MaxStates: s.opts.MaxStates, MaxBytes: s.opts.MaxBytes}
		return false
	}
	return true
}

// measure stops the Set, in the middle of a step that makes many beliefs
// or outcomes (n so far), when the process's memory is over the bound.
func (s *Set) measure(n int) {
	if s.err != nil || s.opts.MaxBytes < processBound {
		return
	}
	if held, over := processOver(s.opts.MaxBytes); over {
		s.err = &BoundError{States: max(n, len(s.list)), Bytes: held, MaxStates: s.opts.MaxStates,
			MaxBytes: s.opts.MaxBytes, Process: true}
	}
}

// processBound is the smallest Options.MaxBytes that bounds the process's
// memory too: a smaller figure cannot be meant for a whole process (the Go
// runtime alone takes a few MiB) and bounds the Set's own estimate only,
// as tests use it.
const processBound = 64 << 20

// The memory a Set's estimate does not see (the outcomes' states, maps,
// spare lists, what the collector has not reclaimed yet, other Sets of the
// process) made a run told "about 1.0 GiB" reach 3.5 GB resident. So a
// Set whose MaxBytes is a process's figure also measures the process: the
// bytes the Go runtime holds from the system and has not returned (what
// the user sees as the resident size, less what lies outside Go), and the
// live heap as of the last collection, at every line and every 1,024
// beliefs or outcomes made. limitOnce sets the collector's
// soft limit to the bound, unless the program set one, so that garbage
// alone does not carry the process past it: the collector works harder as
// the heap nears the limit. The Set stops when what the runtime holds
// passes 15/16 of the bound, or the live heap passes 3/4 of it (past that
// the collector would spend most of its time at the limit, and one line,
// which may copy every belief, would pass it).
var limitOnce sync.Once

var memSamples = []metrics.Sample{{Name: "/memory/classes/total:bytes"},
	{Name: "/memory/classes/heap/released:bytes"}, {Name: "/gc/heap/live:bytes"}}

var memMu sync.Mutex

// processOver reports whether the process's memory is over max, and how
// much it holds.
func processOver(max int64) (held int64, over bool) {
	limitOnce.Do(func() {
		if debug.SetMemoryLimit(-1) == 1<<63-1 {
			debug.SetMemoryLimit(max)
		}
	})
	memMu.Lock()
	metrics.Read(memSamples)
	total, released, live := memSamples[0].Value.Uint64(), memSamples[1].Value.Uint64(), memSamples[2].Value.Uint64()
	memMu.Unlock()
	held = int64(total - released)
	switch {
	case held > max/16*15:
		return held, true
	case int64(live) > max/4*3:
		return int64(live), true
	}
	return held, false
}

// boundOutcomes bounds the memory of an action's outcomes (their number
// is bounded through the beliefs they come from and become: a view has at
// most a few outcomes per value it can read).
func (s *Set) boundOutcomes(o *Outcomes) bool {
	if s.opts.MaxBytes <= 0 {
		return s.err == nil
	}
	if s.opts.MaxBytes >= processBound && len(o.List)%1024 != 0 {
		// Measuring the process costs a microsecond: once per 1,024
		// outcomes, and at every line (Commit, Advance).
		if s.err == nil && s.outcomeBytes(o) > s.opts.MaxBytes {
			return s.bound(len(s.list), s.outcomeBytes(o))
		}
		return s.err == nil
	}
	return s.bound(len(s.list), s.outcomeBytes(o))
}

// Bytes estimates the memory of the Set's beliefs, what their merged
// cache entries hold included, as Options.MaxBytes counts it: a caller
// that bounds many Sets together (photosync infer's groups) sums it.
func (s *Set) Bytes() int64 { return beliefsBytes(s.list) }

// Count returns how many states the Set's beliefs stand for, a merged
// belief counted by every state it stands for (Belief.Count), at most the
// largest int.
func (s *Set) Count() int {
	n := 0
	for i := range s.list {
		c := s.list[i].Count()
		if n > maxInt-c {
			return maxInt
		}
		n += c
	}
	return n
}

// bytes estimates the memory of a list of beliefs, when the Set is bounded
// by it.
func (s *Set) bytes(list []Belief) int64 {
	if s.opts.MaxBytes <= 0 {
		return 0
	}
	return beliefsBytes(list)
}

// beliefsBytes estimates the memory of a list of beliefs.
func beliefsBytes(list []Belief) int64 {
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
