package explore

import (
	"fmt"
	"time"

	"photosync/model"
	"photosync/zone"
)

// symEnv answers the model's time questions on a zone. Every question
// "has clock c reached d?" is a binary choice point, even when the zone
// already decides it: the branch the zone rules out dies at once. That keeps
// a transition's sequence of answers the same whether it is replayed on an
// extrapolated zone (exploring) or on the exact zone of a path (building a
// counterexample).
type symEnv struct {
	z    zone.Zone
	idx  *[model.NumClocks]int // zone index of each tracked clock; 0: untracked
	ch   *model.Choices
	dead bool

	// When rec is set, every answer and every reset is also written down as
	// a constraint on the instants of a path.
	rec *recorder
}

func (e *symEnv) index(c model.Clock) int {
	i := e.idx[c]
	if i == 0 {
		panic(fmt.Sprintf("explore: the model compared clock %s, which is not tracked", c))
	}
	return i
}

func (e *symEnv) Elapsed(s *model.State, c model.Clock, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	i := e.index(c)
	yes := e.ch.Choose(2) == 0
	if e.dead {
		return yes
	}
	var ok bool
	if yes {
		ok = e.z.Constrain(0, i, zone.LE(-int64(d))) // x ≥ d
	} else {
		ok = e.z.Constrain(i, 0, zone.LT(int64(d))) // x < d
	}
	if !ok {
		e.dead = true
	}
	if e.rec != nil {
		e.rec.elapsed(c, d, yes)
	}
	return yes
}

func (e *symEnv) Surely(s *model.State, c model.Clock, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	always, _ := e.z.Satisfies(0, e.index(c), zone.LE(-int64(d)))
	return always
}

func (e *symEnv) Reset(s *model.State, c model.Clock) {
	if i := e.idx[c]; i != 0 {
		e.z.Reset(i)
	}
	if e.rec != nil {
		e.rec.reset(c)
	}
}

func (e *symEnv) Assign(s *model.State, dst, src model.Clock) {
	if i := e.idx[dst]; i != 0 {
		e.z.Assign(i, e.index(src))
	}
	if e.rec != nil {
		e.rec.assign(dst, src)
	}
}

func (e *symEnv) Stop(s *model.State, c model.Clock) {
	if i := e.idx[c]; i != 0 {
		e.z.Free(i)
	}
}

func (e *symEnv) Choose(n int) int { return e.ch.Choose(n) }

// recorder turns a path's answers into difference constraints on the
// instants t0 = 0 ≤ t1 ≤ … of its steps: clock c at step k reads
// t_k − t_{reset(c)}.
type recorder struct {
	step      int                  // the instant index of the step being replayed
	lastReset [model.NumClocks]int // the instant each clock was last reset
	cs        []zone.Constraint
}

func (r *recorder) elapsed(c model.Clock, d time.Duration, yes bool) {
	from := r.lastReset[c]
	if yes { // t_k − t_from ≥ d
		r.cs = append(r.cs, zone.Constraint{I: from, J: r.step, B: zone.LE(-int64(d))})
	} else { // t_k − t_from < d
		r.cs = append(r.cs, zone.Constraint{I: r.step, J: from, B: zone.LT(int64(d))})
	}
}

func (r *recorder) reset(c model.Clock)         { r.lastReset[c] = r.step }
func (r *recorder) assign(dst, src model.Clock) { r.lastReset[dst] = r.lastReset[src] }
func (r *recorder) atMost(c model.Clock, d time.Duration) {
	r.cs = append(r.cs, zone.Constraint{I: r.step, J: r.lastReset[c], B: zone.LE(int64(d))})
}
func (r *recorder) before(c model.Clock, d time.Duration) {
	r.cs = append(r.cs, zone.Constraint{I: r.step, J: r.lastReset[c], B: zone.LT(int64(d))})
}
