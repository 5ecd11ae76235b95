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
	// idle: DirSync's runs change nothing in the state the transition
	// starts from, and its phase is not kept (package doc): the model's
	// question "is DirSync's run due?" is answered no, without a choice
	// point, so that an idle run is never taken.
	idle bool
	// prune: once the zone is empty, later questions are answered without
	// a choice point, so that the runs sharing a dead prefix are not
	// enumerated (monitors only: their dead runs are dropped; a
	// transition's branches are replayed on other zones, see transCache,
	// and must all be enumerated).
	prune bool

	// When rec is set, every answer and every reset is also written down as
	// a constraint on the instants of a path.
	rec *recorder
	// When log is set, every operation the transition asks of the zone is
	// appended to it, applied or not (see transCache).
	log *[]zop
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
	if e.idle && c == model.ClockDirSync {
		return false
	}
	i := e.index(c)
	if e.dead && e.prune {
		return false
	}
	yes := e.ch.Choose(2) == 0
	op := zop{kind: opConstrain, i: int16(i), b: zone.LT(int64(d))} // x < d
	if yes {
		op = zop{kind: opConstrain, j: int16(i), b: zone.LE(-int64(d))} // x ≥ d
	}
	if e.log != nil {
		*e.log = append(*e.log, op)
	}
	if e.dead {
		return yes
	}
	if !e.z.Constrain(int(op.i), int(op.j), op.b) {
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
	i := e.index(c)
	always, _ := e.z.Satisfies(0, i, zone.LE(-int64(d)))
	if e.log != nil {
		*e.log = append(*e.log, zop{kind: opSurely, j: int16(i), b: zone.LE(-int64(d)), yes: always})
	}
	return always
}

func (e *symEnv) Reset(s *model.State, c model.Clock) {
	if i := e.idx[c]; i != 0 {
		e.z.Reset(i)
		if e.log != nil {
			*e.log = append(*e.log, zop{kind: opReset, i: int16(i)})
		}
	}
	if e.rec != nil {
		e.rec.reset(c)
	}
}

func (e *symEnv) Assign(s *model.State, dst, src model.Clock) {
	if i := e.idx[dst]; i != 0 {
		j := e.index(src)
		e.z.Assign(i, j)
		if e.log != nil {
			*e.log = append(*e.log, zop{kind: opAssign, i: int16(i), j: int16(j)})
		}
	}
	if e.rec != nil {
		e.rec.assign(dst, src)
	}
}

func (e *symEnv) Stop(s *model.State, c model.Clock) {
	if i := e.idx[c]; i != 0 {
		e.z.Free(i)
		if e.log != nil {
			*e.log = append(*e.log, zop{kind: opFree, i: int16(i)})
		}
	}
}

func (e *symEnv) Choose(n int) int {
	if e.dead && e.prune {
		return 0
	}
	return e.ch.Choose(n)
}

// recorder turns a path's answers into difference constraints on the
// instants t0 = 0 ≤ t1 ≤ … of its steps: clock c at step k reads
// t_k − t_{reset(c)}. Besides the steps' instants it may hold the instants
// at which DirSync's schedule was taken up again (phase): the latest
// multiple of the period before a step after which a run will act.
type recorder struct {
	step      int                  // the instant of the step being replayed
	n         int                  // instants allocated so far, the start's included
	lastReset [model.NumClocks]int // the instant each clock was last reset
	cs        []zone.Constraint
	multiples []zone.Multiple // instants that lie on DirSync's schedule
}

// instant allocates a new instant; the first is the start, t0 = 0.
func (r *recorder) instant() int {
	if r.n == 0 {
		r.n = 1
	}
	r.n++
	return r.n - 1
}

// count is the number of instants allocated, the start's included.
func (r *recorder) count() int { return max(r.n, 1) }

// phase records that DirSync's clock, at the current step, reads the time
// since its latest scheduled run, a multiple of period, not after the step
// and less than a period before it.
func (r *recorder) phase(period time.Duration) {
	p := r.instant()
	r.cs = append(r.cs, zone.Constraint{I: p, J: r.step, B: zone.LE(0)},
		zone.Constraint{I: r.step, J: p, B: zone.LT(int64(period))})
	r.multiples = append(r.multiples, zone.Multiple{I: p, Period: int64(period)})
	r.lastReset[model.ClockDirSync] = p
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
