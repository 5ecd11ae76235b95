package explore

import (
	"fmt"
	"slices"

	"photosync/model"
	"photosync/zone"
)

// zop is one operation a transition asked of its zone.
type zop struct {
	kind opKind
	yes  bool // opSurely: the answer given
	i, j int16
	b    zone.Bound
}

type opKind uint8

const (
	opConstrain opKind = iota // x_i − x_j ⋈ b
	opSurely                  // was x_j ≥ −b everywhere? (a question that does not branch)
	opReset                   // x_i := 0
	opAssign                  // x_i := x_j
	opFree                    // forget x_i
)

// transCache remembers, for a discrete state and an action, every way the
// model took the action: the choices, the operations on the zone in order,
// and the outcome. The model answers from the discrete state and the
// choices alone; time enters only through the answers (choice points, the
// same whatever the zone: see symEnv) and through Surely, which does not
// branch and is recorded with its answer. So on another zone of the same
// discrete state the transition is the recorded operations replayed, as long
// as every Surely answers alike; if one does not, the model is asked again.
// States of one discrete part with many zones (long chains of nested zones)
// then cost a replay instead of a run of the model each.
//
// It is a direct-mapped table: an entry is replaced by the next one that
// hashes to its slot.
type transCache struct {
	slots []*transEntry
}

const transCacheSlots = 1 << 14

type transEntry struct {
	disc int32
	act  int32
	ops  []zop
	brs  []transBranch
}

// transBranch is one way the action was taken: ops[from:to] of its entry.
type transBranch struct {
	from, to int32
	ok       bool // the model took the action (model.Apply's ok)
	picks    pickSet
	next     model.Discrete
	shown    model.Photo
	effects  model.Effects
	canon    int32 // the canonical successor's discrete part, or -1 until known
	// touched: the zone indices of the clocks the branch resets, assigns
	// or frees (bit i: index i).
	touched uint64
	// With Config.Coverage: the knobs the model read taking the branch,
	// and the clauses it exercised (once covered).
	reads   model.Reads
	clauses model.ClauseSet
	covered bool
}

func (c *transCache) slot(disc, act int32) *(*transEntry) {
	if c.slots == nil {
		c.slots = make([]*transEntry, transCacheSlots)
	}
	h := uint32(disc)*0x9e3779b1 ^ uint32(act)*0x85ebca6b
	h ^= h >> 15
	return &c.slots[h&(transCacheSlots-1)]
}

// expand takes action a (act: its index among the group's actions, or -1
// for the timers) from node from in every way the zone allows, judges each
// transition and adds each successor.
func (x *explorer) expand(from int32, st *model.State, disc int32, idle bool, z zone.Zone, a model.Action, act int32) {
	slot := x.tc.slot(disc, act)
	if e := *slot; e != nil && e.disc == disc && e.act == act && x.replay(e, from, st, idle, z, a) {
		return
	}
	e := *slot // evicted, or replaced: its memory is reused
	if e == nil {
		e = &transEntry{}
		*slot = e
	}
	e.disc, e.act, e.ops, e.brs = disc, act, e.ops[:0], e.brs[:0]
	r := &x.g.rules
	x.stepCh.Reset()
	x.step.log = &e.ops
	defer func() { x.step.log = nil }()
	for {
		x.stepCh.Rewind()
		x.step.z.CopyFrom(z)
		x.step.dead = false
		x.step.idle = idle
		start := int32(len(e.ops))
		if x.cov != nil {
			x.cov.reads = 0 // r tracks into it: what this Apply reads (the monitors' reads come after)
		}
		next, ok := model.Apply(r, *st, a, &x.step)
		tpicks := packPicks(x.stepCh.Picks())
		var touched uint64
		for _, op := range e.ops[start:] {
			if op.kind == opReset || op.kind == opAssign || op.kind == opFree {
				touched |= 1 << op.i
			}
		}
		e.brs = append(e.brs, transBranch{from: start, to: int32(len(e.ops)), ok: ok, picks: tpicks,
			next: next.State.Discrete, shown: next.Shown, effects: next.Effects, canon: -1, touched: touched})
		if x.cov != nil {
			e.brs[len(e.brs)-1].reads = x.cov.reads
		}
		if ok && !x.step.dead {
			x.take(from, st, idle, x.step.z, a, &e.brs[len(e.brs)-1])
		}
		if !x.stepCh.Next() {
			return
		}
	}
}

// replay takes the transitions of entry e on zone z, or reports false, having
// taken none, when a Surely answers otherwise on z.
func (x *explorer) replay(e *transEntry, from int32, st *model.State, idle bool, z zone.Zone, a model.Action) bool {
	for len(x.bz) < len(e.brs) {
		x.bz = append(x.bz, zone.Zone{})
	}
	live := x.live[:0]
	for k := range e.brs {
		b := &e.brs[k]
		bz := &x.bz[k]
		bz.CopyFrom(z)
		dead := false
		for _, op := range e.ops[b.from:b.to] {
			switch op.kind {
			case opConstrain:
				dead = !bz.Constrain(int(op.i), int(op.j), op.b)
			case opSurely:
				if always, _ := bz.Satisfies(0, int(op.j), op.b); always != op.yes {
					return false
				}
			case opReset:
				bz.Reset(int(op.i))
			case opAssign:
				bz.Assign(int(op.i), int(op.j))
			case opFree:
				bz.Free(int(op.i))
			}
			if dead {
				break
			}
		}
		if b.ok && !dead {
			live = append(live, int32(k))
		}
	}
	x.live = live
	if checkReplays {
		x.checkReplay(e, st, idle, z, a, live)
	}
	for _, k := range live {
		x.take(from, st, idle, x.bz[k], a, &e.brs[k])
	}
	return true
}

// take judges the transition of branch b, which led to zone z (scratch
// space), and adds its successor.
func (x *explorer) take(from int32, st *model.State, idle bool, z zone.Zone, a model.Action, b *transBranch) {
	x.transitions++
	if b.canon < 0 {
		b.canon = x.intern(x.canonical(b.next))
	}
	x.tr = model.Transition{Before: *st, Action: a,
		Next: model.Next{State: model.State{Discrete: b.next}, Shown: b.shown, Effects: b.effects}}
	x.checkStep(from, z, a, b.picks)
	if x.cov != nil {
		if !b.covered {
			b.clauses, b.covered = model.Exercised(&x.g.rules, &x.tr, b.reads), true
		}
		x.cov.count(b.clauses, b.reads)
	}
	// A transition back to the discrete part it starts from that starts,
	// copies or stops no clock its successor keeps only lets time pass
	// under guards: every valuation it reaches is LU-simulated by one of
	// the state it starts from (the package doc), which is no deeper. Its
	// successor is dropped, as add would drop it, without being built.
	if x.g.on(reduceTimeOnly) && b.canon == x.nodes[from].disc && b.touched&x.kept(b.canon) == 0 {
		x.selfLoops++
		return
	}
	x.add(b.canon, z, from, idle, a, b.picks, x.nodes[from].depth+1)
}

// kept returns the zone indices (bit i: index i) of the clocks that states
// of discrete part id keep: those running, DirSync's not where its runs
// are idle.
func (x *explorer) kept(id int32) uint64 {
	var m uint64
	d := &x.discs[id]
	for i, c := range x.g.clocks {
		if d.Running.Has(c) && !(x.idle[id] && c == model.ClockDirSync) {
			m |= 1 << (i + 1)
		}
	}
	return m
}

// checkReplays makes every replay check itself against the model (tests).
var checkReplays = false

// checkReplay runs the model on every branch of entry e from zone z and
// panics unless each is taken exactly when the replay took it, to the same
// outcome and zone.
func (x *explorer) checkReplay(e *transEntry, st *model.State, idle bool, z zone.Zone, a model.Action, live []int32) {
	for k := range e.brs {
		b := &e.brs[k]
		env := symEnv{idx: &x.g.idx, ch: model.Replay(b.picks.unpack()), idle: idle, z: z.Clone()}
		n, ok := model.Apply(&x.g.rules, *st, a, &env)
		taken := ok && !env.dead
		replayed := slices.Contains(live, int32(k))
		if taken != replayed || (taken && (n.State.Discrete != b.next || n.Shown != b.shown ||
			n.Effects != b.effects || !env.z.Equal(x.bz[k]))) {
			panic(fmt.Sprintf("explore: the replay of %s (choices %v) differs from the model's: taken %v, replayed %v; zone %v, replayed %v",
				a, b.picks.unpack(), taken, replayed, env.z, x.bz[k]))
		}
	}
}
