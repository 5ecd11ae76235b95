package properties

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"photosync/engine"
	"photosync/model"
)

// Run is a concrete run of the model judged by properties: one path
// through the engine (a Set of one belief, each action committed with one
// chosen outcome), used by the rapid checker and to confirm the explorer's
// counterexamples. It logs every step in the scenario language, so a
// failing run prints as a scenario that `photosync run` replays.
type Run struct {
	Rules    *model.Rules
	Judge    *Judge
	State    model.State
	Violated uint64    // the properties violated so far
	Findings []Finding // the first finding of each violated property
	Lines    []string  // the run so far, as scenario lines
	lastAt   time.Duration
	set      *engine.Set
	outs     *engine.Outcomes
}

// NewRun starts a run at the initial state.
func NewRun(r *model.Rules, j *Judge) *Run {
	m := &Run{Rules: r, Judge: j, State: model.Initial()}
	m.set = engine.New(r, engine.Options{Monitor: j, Record: true})
	return m
}

// sync copies the state and findings out of the engine. Under rules whose
// time branches (a DirSync run that may or may not copy, a take anywhere
// in its span) waiting leaves several possible runs: State is the first,
// and a property counts as violated when any of them violates it (each is
// a real run; a later Take keeps only the runs that agree with it).
func (m *Run) sync() {
	bs := m.set.Beliefs()
	m.State = bs[0].State
	for _, b := range bs {
		for _, f := range b.Found {
			if bit := uint64(1) << f.Property; m.Violated&bit == 0 {
				m.Violated |= bit
				m.Findings = append(m.Findings, m.Judge.Finding(f))
			}
		}
	}
}

// Wait lets time pass to instant to, judging every timer that fires and every
// quiet interval.
func (m *Run) Wait(to time.Duration) {
	m.set.Advance(to, nil)
	m.sync()
}

// Look judges the current instant, as a view would before it happens.
func (m *Run) Look() {
	for _, b := range m.set.Beliefs() {
		m.Judge.Instant(m.Rules, &b.State, func(f engine.Finding) {
			if bit := uint64(1) << f.Property; m.Violated&bit == 0 {
				m.Violated |= bit
				m.Findings = append(m.Findings, m.Judge.Finding(f))
			}
		})
	}
}

// Outcomes returns the possible outcomes of a now, in model.Step's order.
func (m *Run) Outcomes(a model.Action) []model.Next {
	m.outs = m.set.Apply(m.State.Now, a, nil)
	out := make([]model.Next, len(m.outs.List))
	for i := range m.outs.List {
		out[i] = m.outs.List[i].Next
	}
	return out
}

// TakeEvery applies action a, keeping every outcome keep accepts (in every
// possible run), and logs it as Take does with the first one kept; it
// reports whether any was kept. The explorer's confirmation uses it where
// a path's step is one of several outcomes alike in all it records.
func (m *Run) TakeEvery(a model.Action, keep func(model.Next) bool) bool {
	if m.outs == nil || m.outs.Action != a {
		m.Outcomes(a)
	}
	var first *model.Next
	for i := range m.outs.List {
		if n := &m.outs.List[i].Next; keep(*n) {
			first = n
			break
		}
	}
	if first == nil {
		return false
	}
	n := *first
	m.set.Commit(m.outs, func(o *engine.Outcome) bool { return keep(o.Next) })
	m.log(a, n)
	return true
}

// log writes an action and the outcome taken as a scenario line, and
// syncs the run with the engine.
func (m *Run) log(a model.Action, n model.Next) {
	m.outs = nil
	at := model.FormatDuration(m.State.Now)
	switch {
	case !a.Kind.Written(): // a take: the model's own, which a scenario cannot write
		m.Lines = append(m.Lines, fmt.Sprintf("# at %s %s", at, a))
	case a.Kind == model.View:
		m.Lines = append(m.Lines, fmt.Sprintf("at %s observe %s %s %s", at, a.Surface, a.Viewer, n.Shown))
	default:
		m.Lines = append(m.Lines, fmt.Sprintf("at %s %s", at, a))
	}
	m.sync()
	m.lastAt = m.State.Now
}

// Take applies outcome n of action a, judging it, and logs it: a view as an
// observe line that pins what it showed. n must be one of Outcomes(a).
func (m *Run) Take(a model.Action, n model.Next) {
	if m.outs == nil || m.outs.Action != a {
		m.Outcomes(a)
	}
	if m.set.Commit(m.outs, func(o *engine.Outcome) bool { return o.Next == n }) == 0 {
		panic(fmt.Sprintf("properties.Run.Take: %v is not an outcome of %s", n.State, a))
	}
	m.log(a, n)
}

// Scenario returns the run as a scenario: the rules, the knobs that differ
// from the base, a violates line for each property in the list, and the
// steps; when one of them was violated after the last step, while nothing
// happened, a last line looks at that instant so that a replay reaches it.
func (m *Run) Scenario(violates ...string) string {
	var b strings.Builder
	base := m.Rules.Base
	if base == "" {
		base = m.Rules.Name
	}
	fmt.Fprintf(&b, "rules %s\n", base)
	if br, err := model.Named(base); err == nil {
		for _, kv := range model.Changed(br, *m.Rules) {
			fmt.Fprintf(&b, "set %s %s\n", kv[0], kv[1])
		}
	}
	for _, v := range violates {
		fmt.Fprintf(&b, "violates %s\n", v)
	}
	for _, l := range m.Lines {
		b.WriteString(l + "\n")
	}
	var look time.Duration = -1
	for _, f := range m.Findings {
		for _, v := range violates {
			if f.Property.Name == v && f.At > m.lastAt && f.At > look {
				look = f.At
			}
		}
	}
	if look >= 0 {
		fmt.Fprintf(&b, "at %s view yammer observer  # look at the instant of the violation\n", model.FormatDuration(look))
	}
	return b.String()
}

// Deadlines returns the instants after now worth waiting for: a little
// while, and for every running clock each instant where it reaches a
// constant of the rules or of the properties, a second before, at and after.
// Sorted, so that drawing an index shrinks towards the earliest.
func Deadlines(r *model.Rules, s *model.State) []time.Duration {
	consts := append(r.Constants(), bounds()...)
	set := map[time.Duration]bool{s.Now + time.Second: true, s.Now + 5*time.Second: true}
	for c := model.Clock(0); c < model.NumClocks; c++ {
		if !s.Running.Has(c) {
			continue
		}
		for _, k := range consts {
			for _, d := range []time.Duration{-time.Second, 0, time.Second} {
				if at := s.Start[c] + k + d; at > s.Now {
					set[at] = true
				}
			}
		}
	}
	return slices.Sorted(maps.Keys(set))
}
