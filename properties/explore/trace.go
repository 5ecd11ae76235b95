package explore

import (
	"fmt"
	"time"

	"photosync/model"
	"photosync/properties"
	"photosync/zone"
)

// Counterexample is a shortest run that violates a property, in concrete
// time.
type Counterexample struct {
	Property *properties.Property
	Message  string        // what the monitor said
	Events   []Event       // the run, timer firings included
	At       time.Duration // when the violation happens
	Instant  bool          // it happens at At while nothing happens, not by the last step
	Viewer   model.Viewer  // the viewer of the projection that found it (0: stores only)
	Viewers  int           // how many viewers the exploration had (0: the default, two)
}

// Event is one event of a counterexample: an action, or the timers that fire, at an instant.
type Event struct {
	At       time.Duration
	Action   model.Action // Kind Tick: timers fired
	Shown    model.Photo  // what a view showed
	CacheHit bool         // the view showed its cached photo
	Effects  model.Effects
}

// units are the time resolutions tried, coarsest first, when turning a
// symbolic path into times: whole seconds read best.
var units = []time.Duration{time.Second, time.Millisecond, time.Microsecond, time.Nanosecond}

// counterexample turns the path to violation v of p into a run in
// concrete time, then replays it on concrete time and checks p is
// violated. (A witness is the counterexample of p.Reaching().)
func (x *explorer) counterexample(p *properties.Property, v violation) (*Counterexample, error) {
	r := &x.g.rules
	var path []int32
	for i := v.node; i > 0; i = x.nodes[i].parent {
		path = append(path, i)
	}
	type step struct {
		a     model.Action
		picks pickSet
	}
	var steps []step
	for i := len(path) - 1; i >= 0; i-- {
		n := x.nodes[path[i]]
		steps = append(steps, step{n.act, n.picks})
	}
	if !v.instant {
		steps = append(steps, step{v.act, v.tpicks})
	}

	rec := &recorder{}
	z := zone.New(len(x.g.clocks))
	st := model.Initial()
	idle := x.g.idleDirSync(ptr(x.g.canonical(st.Discrete)))
	freeStopped(z, x.g, &st.Discrete, idle)
	ex := &Counterexample{Property: p, Instant: v.instant, Viewer: x.g.viewer, Viewers: x.cfg.Viewers}
	at := []int{0} // the instant of each step (0: the start)
	// advance lets time pass to the next step's instant under the invariants
	// of st's timers; an action (not a timer) must also come before they are due.
	advance := func(tick bool) {
		k := rec.instant()
		rec.cs = append(rec.cs, zone.Constraint{I: at[len(at)-1], J: k, B: zone.LE(0)})
		at = append(at, k)
		rec.step = k
		z.Up()
		for _, tm := range x.timers(&st.Discrete, idle) {
			i := x.g.idx[tm.Clock]
			z.Constrain(i, 0, zone.LE(int64(tm.After)))
			rec.atMost(tm.Clock, tm.After)
			if !tick {
				z.Constrain(i, 0, zone.LT(int64(tm.After)))
				rec.before(tm.Clock, tm.After)
			}
		}
	}
	monitor := func(tr *model.Transition, s *model.State) string {
		ch := model.Replay(v.mpicks.unpack())
		env := &symEnv{z: z.Clone(), idx: &x.g.idx, ch: ch, rec: rec}
		ctx := &properties.Context{Rules: r, Env: env, Viewers: x.cfg.Viewers}
		if tr != nil {
			return p.Transition(ctx, tr)
		}
		return p.Instant(ctx, s)
	}
	for k, s := range steps {
		advance(s.a.Kind == model.Tick)
		ch := model.Replay(s.picks.unpack())
		env := &symEnv{z: z, idx: &x.g.idx, ch: ch, rec: rec, idle: idle}
		next, ok := model.Apply(r, st, s.a, env)
		if !ok || env.dead {
			return ex, fmt.Errorf("explore: %s: step %d (%s) does not replay", p.Name, k+1, s.a)
		}
		ex.Events = append(ex.Events, Event{Action: s.a, Shown: next.Shown, CacheHit: next.Effects.Has(model.EffectCacheHit), Effects: next.Effects})
		if !v.instant && k == len(steps)-1 {
			tr := model.Transition{Before: st, Action: s.a, Next: next}
			z = env.z
			ex.Message = monitor(&tr, nil)
		}
		st, z = next.State, env.z
		nowIdle := x.g.idleDirSync(ptr(x.g.canonical(st.Discrete)))
		if idle && !nowIdle {
			x.g.choosePhase(&z)
			rec.phase(x.g.rules.DirSyncInterval)
		}
		idle = nowIdle
	}
	if v.instant {
		advance(false)
		ex.Message = monitor(nil, &st)
	}
	times, ok := solve(rec.count(), rec.cs, rec.multiples)
	if !ok {
		return ex, fmt.Errorf("explore: %s: no times satisfy the counterexample's constraints", p.Name)
	}
	for k := range ex.Events {
		ex.Events[k].At = times[at[k+1]]
	}
	ex.At = times[at[len(at)-1]]
	return ex, confirm(&x.cfg.Rules, x.cfg.Viewers, ex)
}

func ptr[T any](v T) *T { return &v }

func freeStopped(z zone.Zone, g *group, d *model.Discrete, idle bool) {
	for i, c := range g.clocks {
		if !d.Running.Has(c) || (idle && c == model.ClockDirSync) {
			z.Free(i + 1)
		}
	}
}

func solve(n int, cs []zone.Constraint, ms []zone.Multiple) ([]time.Duration, bool) {
	for _, u := range units {
		if ts, ok := zone.SolveMultiples(n, cs, int64(u), ms); ok {
			out := make([]time.Duration, n)
			for i, t := range ts {
				out[i] = time.Duration(t)
			}
			return out, true
		}
	}
	return nil, false
}

// chosen are the effects that tell a transition's outcomes apart where the
// model chooses (a cached photo, the Teams service's, a DirSync run that
// copies or not); the others may differ between a projection's simplified
// rules and the full ones (an import a group lets happen at once).
const chosen = model.EffectCacheHit | model.EffectTeamsServiceHit | model.EffectDirSyncCopy

// confirm replays a counterexample on concrete time, choosing at each view
// the outcome it records, and checks that the property is violated.
func confirm(r *model.Rules, viewers int, ex *Counterexample) error {
	j := properties.NewJudge([]*properties.Property{ex.Property}, viewers)
	m := properties.NewRun(r, j)
	for _, s := range ex.Events {
		if s.Action.Kind == model.Tick {
			m.Wait(s.At) // fires the timers due by then, judging them: the violation may be a timer's
			continue
		}
		m.Wait(s.At)
		// Keep every possible run in which the step does what the path
		// says: under rules whose time branches, the runs that took
		// something by then and those that did not are alike here.
		picked := m.TakeEvery(s.Action, func(n model.Next) bool {
			return n.Shown == s.Shown && n.Effects&chosen == s.Effects&chosen
		})
		if !picked {
			return fmt.Errorf("explore: %s: at %s %s cannot show %s on concrete time",
				ex.Property.Name, model.FormatDuration(s.At), s.Action, s.Shown)
		}
	}
	if ex.Instant {
		m.Wait(ex.At)
		m.Look()
	}
	if m.Violated == 0 {
		return fmt.Errorf("explore: %s: the counterexample does not violate it on concrete time", ex.Property.Name)
	}
	return nil
}
