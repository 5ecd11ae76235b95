package properties

import (
	"maps"
	"slices"
	"sync"
	"time"

	"photosync/engine"
	"photosync/model"
)

// Finding is one violation: which property, what went wrong, and when.
type Finding struct {
	Property *Property
	Message  string
	At       time.Duration // the instant, in concrete time
	Instant  bool          // found by the instant monitor (a state), not the step monitor (a transition)
}

// Judge runs monitors on concrete time: the scenario runner and the rapid
// checker call it after every transition and for every quiet interval.
// Bit i of a mask stands for Props[i].
type Judge struct {
	Props   []*Property
	Viewers int
}

// NewJudge returns a judge of the given properties for a run with that many
// viewers.
func NewJudge(props []*Property, viewers int) *Judge { return &Judge{Props: props, Viewers: viewers} }

// Index returns the bit of the named property.
func (j *Judge) Index(name string) (int, bool) {
	for i, p := range j.Props {
		if p.Name == name {
			return i, true
		}
	}
	return 0, false
}

// Names lists the properties' names.
func (j *Judge) Names() []string {
	out := make([]string, len(j.Props))
	for i, p := range j.Props {
		out[i] = p.Name
	}
	return out
}

func (j *Judge) context(r *model.Rules) *Context {
	return &Context{Rules: r, Env: model.Concrete(nil), Viewers: j.Viewers}
}

// Transition reports the properties violated by one transition and at the
// instants just before it (unless it is a timer firing, or a take right
// before the timers due at its instant: that instant belongs to the
// timers, model.TimersDue) and just after it. It makes Judge an
// engine.Monitor.
func (j *Judge) Transition(r *model.Rules, tr *model.Transition, found func(engine.Finding)) {
	c := j.context(r)
	if tr.Action.Kind != model.Tick && !model.TimersDue(r, &tr.Before) {
		j.instant(c, &tr.Before, found)
	}
	for i, p := range j.Props {
		if p.Transition != nil {
			if msg := p.Transition(c, tr); msg != "" {
				found(engine.Finding{Property: i, Message: msg, At: tr.State.Now})
			}
		}
	}
	j.instant(c, &tr.State, found)
}

// Quiet reports the properties violated at some instant in [s.Now, until)
// while nothing happens. An instant monitor compares clocks with constants
// only, so its verdict can change only where a running clock reaches a
// constant: checking s.Now and each such instant covers the interval.
func (j *Judge) Quiet(r *model.Rules, s *model.State, until time.Duration, found func(engine.Finding)) {
	if until <= s.Now {
		return
	}
	c := j.context(r)
	st := *s
	for _, at := range criticalInstants(r, s, until) {
		st.Now = at
		j.instant(c, &st, found)
	}
}

// Instant reports the properties violated in state s at its instant.
func (j *Judge) Instant(r *model.Rules, s *model.State, found func(engine.Finding)) {
	j.instant(j.context(r), s, found)
}

func (j *Judge) instant(c *Context, s *model.State, found func(engine.Finding)) {
	for i, p := range j.Props {
		if p.Instant != nil {
			if msg := p.Instant(c, s); msg != "" {
				found(engine.Finding{Property: i, Message: msg, At: s.Now, Instant: true})
			}
		}
	}
}

// Finding returns f with the property it names.
func (j *Judge) Finding(f engine.Finding) Finding {
	return Finding{Property: j.Props[f.Property], Message: f.Message, At: f.At, Instant: f.Instant}
}

// Bounds returns every constant a property of the catalog compares a clock
// with, sorted, without duplicates: the fixed bounds of SPEC §4 and §6.4.
func Bounds() []time.Duration { return slices.Clone(bounds()) }

var bounds = sync.OnceValue(func() []time.Duration {
	var out []time.Duration
	for _, p := range Catalog() {
		for _, d := range p.Deadlines {
			out = append(out, d.After)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
})

// criticalInstants returns s.Now and every instant in (s.Now, until) at which
// a running clock reaches a constant of the rules or of the properties.
func criticalInstants(r *model.Rules, s *model.State, until time.Duration) []time.Duration {
	consts := append(r.Constants(), bounds()...)
	set := map[time.Duration]bool{s.Now: true}
	for c := model.Clock(0); c < model.NumClocks; c++ {
		if !s.Running.Has(c) {
			continue
		}
		for _, k := range consts {
			if at := s.Start[c] + k; at > s.Now && at < until {
				set[at] = true
			}
		}
	}
	return slices.Sorted(maps.Keys(set))
}
