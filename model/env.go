package model

import "time"

// Env is what a transition may ask of the world: how long a clock has run
// and which of several possibilities happens. The model asks every question
// about time through an Env, so the same rules run on concrete time (Step,
// Advance: scenarios and rapid) and on clock zones (the exhaustive
// explorer), where a question can have both answers and each answer narrows
// the zone.
//
// The model calls Elapsed, Surely and the clock operations only for clocks
// it knows are running; it keeps the running set in Discrete.Running itself.
type Env interface {
	// Elapsed reports whether running clock c reads at least d now. An Env
	// may answer either way when both are possible, remembering the answer.
	Elapsed(s *State, c Clock, d time.Duration) bool
	// Surely reports whether running clock c reads at least d whatever the
	// choices so far: it never branches.
	Surely(s *State, c Clock, d time.Duration) bool
	// Reset starts clock c at 0 now.
	Reset(s *State, c Clock)
	// Assign makes clock dst read what running clock src reads.
	Assign(s *State, dst, src Clock)
	// Stop forgets clock c.
	Stop(s *State, c Clock)
	// Choose returns one of 0 … n-1: which of n possibilities happens.
	Choose(n int) int
}

// Choices enumerates every sequence of answers to the choice points of a
// run: run once, then call Next to move to the next unexplored sequence and
// run again, until Next returns false. Replaying a recorded prefix makes the
// enumeration depth-first and allocation-light.
type Choices struct {
	picks, sizes []int
	pos          int
}

// Replay returns Choices that answer a run's choice points with picks, in
// order, as a recorded run answered them.
func Replay(picks []int) *Choices {
	return &Choices{picks: append([]int(nil), picks...), sizes: make([]int, len(picks))}
}

// Reset forgets every recorded answer, keeping the memory for reuse.
func (c *Choices) Reset() { c.picks, c.sizes, c.pos = c.picks[:0], c.sizes[:0], 0 }

// Rewind starts a new run with the current prefix.
func (c *Choices) Rewind() { c.pos = 0 }

// Choose answers a choice point with n possibilities.
func (c *Choices) Choose(n int) int {
	if c.pos < len(c.picks) {
		p := c.picks[c.pos]
		c.pos++
		return p
	}
	c.picks = append(c.picks, 0)
	c.sizes = append(c.sizes, n)
	c.pos++
	return 0
}

// Next moves to the next sequence of answers after a run; false when every
// sequence has been tried. Choice points after the run's last are dropped, so
// a run cut short does not leave stale answers behind.
func (c *Choices) Next() bool {
	c.picks, c.sizes = c.picks[:c.pos], c.sizes[:c.pos]
	for len(c.picks) > 0 {
		last := len(c.picks) - 1
		if c.picks[last]+1 < c.sizes[last] {
			c.picks[last]++
			c.pos = 0
			return true
		}
		c.picks, c.sizes = c.picks[:last], c.sizes[:last]
	}
	return false
}

// Picks returns the answers of the last run, for logging.
func (c *Choices) Picks() []int { return c.picks[:c.pos] }

// Concrete returns an Env for concrete time that answers choice points from
// ch; nil ch always chooses 0. The Env answers one transaction at a time
// and keeps its memory (newTx): it is not safe for concurrent use.
func Concrete(ch *Choices) Env {
	if ch == nil {
		ch = &Choices{}
	}
	return &concrete{ch: ch}
}

// concrete answers time questions from the state's own instants.
type concrete struct {
	ch *Choices
	t  *tx // the transaction it answers (newTx)
}

func (e *concrete) Elapsed(s *State, c Clock, d time.Duration) bool { return s.Now-s.Start[c] >= d }
func (e *concrete) Surely(s *State, c Clock, d time.Duration) bool  { return s.Now-s.Start[c] >= d }
func (e *concrete) Reset(s *State, c Clock)                         { s.Start[c] = s.Now }
func (e *concrete) Assign(s *State, dst, src Clock)                 { s.Start[dst] = s.Start[src] }
func (e *concrete) Stop(s *State, c Clock)                          { s.Start[c] = 0 }
func (e *concrete) Choose(n int) int                                { return e.ch.Choose(n) }
