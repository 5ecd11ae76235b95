package infer

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"photosync/count"
	"photosync/experiment"
	"photosync/model"
	"photosync/scenario"
)

// NextConfig bounds the search for the next experiment.
type NextConfig struct {
	// Viewers is how many viewers the experiment may use; 0 means 2.
	Viewers int
	// MaxDepth bounds its length in steps (actions and waits); 0 means
	// experiment.DefaultMaxDepth, as photosync diff.
	MaxDepth int
	// MaxWork bounds the search's situations times its groups at each
	// depth; 0 means DefaultMaxWork (photosync infer --max-situations).
	MaxWork int
	// MaxGroups bounds how many groups of candidates the search splits
	// the fitting ones into; 0 means DefaultMaxSearchGroups (photosync
	// infer --max-search-groups).
	MaxGroups int

	_ struct{}
}

// Defaults of NextConfig.
const (
	DefaultMaxWork         = 400_000
	DefaultMaxSearchGroups = 256
)

// Next is the next experiment: actions that continue the last log, the
// last a view that the fitting candidates predict differently.
type Next struct {
	// Moves are the experiment's steps in absolute time (they continue the
	// last log), the deciding view last.
	Moves []experiment.Step
	// Log is the log the experiment continues.
	Log string
	// Outcomes are, for each photo the last view can show under some
	// fitting candidate (in photo order), the candidates that would fit
	// after observing it.
	Outcomes []Outcome
	// Worst is the most candidates one outcome leaves.
	Worst int
	// Best reports that the search could follow every fitting candidate
	// apart (no group split past NextConfig.MaxGroups): none of as many
	// steps has a worst outcome that leaves fewer. Without it the
	// experiment is real, its outcomes exact and it is still a shortest
	// (the search deepens a step at a time and follows the candidates apart
	// exactly at every depth before), but a sharper one may exist.
	Best bool
	// Steps is the experiment's length in search steps (actions and
	// waits); Groups how many groups the search ran; Situations how many
	// situations it explored.
	Steps, Groups, Situations int
	// Split is, when Best is false, how many groups the split that would
	// have followed the candidates further apart made, and MaxGroups the
	// bound it passed (NextConfig.MaxGroups, infer --max-search-groups).
	Split, MaxGroups int
}

// Outcome is one photo the next experiment's last view can show, and what
// observing it would leave.
type Outcome struct {
	Photo model.Photo
	Summary
}

// Next finds the next experiment (nil when fewer than two candidates fit),
// or says why it found none: a bound stopped the search first (a
// *NoExperimentError that names the bound and the flag that raises it), or
// no experiment exists (see NoExperimentError.Bounded); or ErrStopped when
// the run's Options.Stop stopped it.
//
// The search deepens one step at a time. At each depth it runs among the
// groups, splits every group on the knobs the search read on which its
// candidates differ, and runs again, until no group splits: then the groups
// are exact for experiments of that many steps (a group's candidates behave
// as its representative on every step the search took), so an experiment
// found is the best of the shortest, and none found proves that no
// experiment of that many steps tells the candidates apart. Deepening keeps
// the groups few: a search of one step reads few knobs, and the groups an
// experiment needs are split before deeper searches would read (and split
// on) everything at once.
func (in *Inference) Next(cfg NextConfig) (*Next, error) {
	if cfg.MaxGroups == 0 {
		cfg.MaxGroups = DefaultMaxSearchGroups
	}
	if cfg.MaxWork == 0 {
		cfg.MaxWork = DefaultMaxWork
	}
	if cfg.MaxDepth == 0 {
		cfg.MaxDepth = experiment.DefaultMaxDepth
	}
	fitting := in.summarize(in.groups).Fitting
	if fitting < 2 {
		return nil, nil
	}
	if ks := in.fittingKinds(); len(ks) == 1 {
		return nil, &NoExperimentError{Indistinguishable: true, Reason: fmt.Sprintf("the %s candidates left are indistinguishable: "+
			"from the end of the logs on they are one system (they differ only in knobs that what is settled leaves unread), "+
			"so no experiment and no log of any length tells any two of them apart", count.N(fitting))}
	}
	if ks := in.fittingKinds(); ks != nil && len(ks) <= cfg.MaxGroups {
		// Each kind is one system: a search among them, each under one of
		// its candidates, is exact at every depth, with no group to split.
		ac := experiment.AmongConfig{Viewers: cfg.Viewers, MaxDepth: cfg.MaxDepth,
			MaxSituations: max(1, cfg.MaxWork/len(ks)), Consts: in.Space.constants()}
		for _, k := range ks {
			ac.Groups = append(ac.Groups, experiment.Group{Rules: k.rules, Start: k.states, Weight: k.count})
		}
		res, err := experiment.Among(ac)
		if err != nil {
			return nil, err
		}
		if res.Moves == nil {
			return nil, in.noExperiment(cfg, res, true, res.Covered, fitting, len(ks), res.Situations, "distinct behaviour")
		}
		return in.found(res, true, 0, cfg, len(ks), res.Situations)
	}
	groups := slices.Clone(in.groups)
	best, split := true, 0
	var res experiment.AmongResult
	covered := 0 // experiments of at most covered steps were all tried among exact groups
	situations := 0
	for depth := 1; depth <= cfg.MaxDepth && best; depth++ {
		step := cfg
		step.MaxDepth = depth
		for {
			var err error
			res, err = in.among(groups, step)
			if err != nil {
				return nil, err
			}
			if res.Stopped || in.opts.stopped() {
				return nil, ErrStopped
			}
			situations += res.Situations
			var parts []*group
			for i, g := range groups {
				if read := res.Reads[i] & in.undecided(g); read != 0 {
					parts = append(parts, in.splitAll(g, read)...)
				} else {
					parts = append(parts, g)
				}
			}
			if len(parts) == len(groups) {
				break // no group read a knob its candidates differ in: the search was exact
			}
			if len(parts) > cfg.MaxGroups {
				best, split = false, len(parts) // keep the experiment found among the groups as they were
				break
			}
			groups = parts
		}
		if best && res.Covered > covered {
			covered = res.Covered
		}
		if res.Moves != nil || res.OutOfBudget || res.Exhausted {
			break
		}
		if best {
			covered = depth
		}
	}
	if res.Moves == nil {
		return nil, in.noExperiment(cfg, res, best, covered, fitting, len(groups), situations, "group")
	}
	return in.found(res, best, split, cfg, len(groups), situations)
}

// found makes the Next of the experiment a search found among groups
// (groups of candidates, or kinds of behaviour), with its outcomes.
func (in *Inference) found(res experiment.AmongResult, best bool, split int, cfg NextConfig, groups, situations int) (*Next, error) {
	n := &Next{Moves: res.Moves, Best: best, Groups: groups, Situations: situations, Log: "a new log"}
	if !best {
		n.Split, n.MaxGroups = split, cfg.MaxGroups
	}
	if len(in.Logs) > 0 {
		n.Log = in.Logs[len(in.Logs)-1].File
	}
	n.Steps = len(res.Moves)
	var last time.Duration = in.End
	for _, m := range res.Moves {
		if m.At > last {
			n.Steps++
			last = m.At
		}
	}
	if err := in.outcomes(n); err != nil {
		if in.opts.stopped() {
			return nil, ErrStopped
		}
		var bound *BoundError
		if errors.As(err, &bound) {
			return nil, &NoExperimentError{Bounded: true, Reason: fmt.Sprintf("bounded, none counted: the experiment found (%d steps) tells apart more groups of candidates "+
				"than the bounds allow to count its outcomes: %s", n.Steps, bound.What)}
		}
		return nil, err
	}
	return n, nil
}

// noExperiment says why the search found no experiment: which bound
// stopped it, what it had shown by then, and the flag that raises the
// bound. Only a search that ran out of situations among exact groups
// shows that none exists.
func (in *Inference) noExperiment(cfg NextConfig, res experiment.AmongResult, best bool, covered, fitting, groups, situations int, unit string) error {
	shown := "no experiment of fewer steps narrows them whatever its last view shows"
	if covered > 0 {
		shown = fmt.Sprintf("no experiment of at most %s (actions and waits to the deadlines of the running clocks) narrows them whatever its last view shows", stepsText(covered))
	}
	what := fmt.Sprintf("the %s fitting candidates (explored %s, %s)",
		count.N(fitting), count.Of(situations, "situation"), count.Of(groups, unit))
	switch {
	case !best:
		return &NoExperimentError{Bounded: true, Reason: fmt.Sprintf("bounded, none found within %s of candidates: "+
			"the search would split %s into more groups than that to follow them apart at %s; %s "+
			"(--max-search-groups raises the bound)", count.Of(cfg.MaxGroups, "group"), what, stepsText(covered+1), shown)}
	case res.OutOfBudget:
		return &NoExperimentError{Bounded: true, Reason: fmt.Sprintf("bounded, none found within %s situations times groups: "+
			"the search of %s stopped short of %s; %s (--max-situations raises the bound)",
			count.N(cfg.MaxWork), what, stepsText(covered+1), shown)}
	case res.Exhausted:
		return &NoExperimentError{Reason: fmt.Sprintf("no experiment of any length (actions and waits to the deadlines of the running clocks) "+
			"narrows %s whatever its last view shows: the search met every situation they reach", what)}
	}
	return &NoExperimentError{Bounded: true, Reason: fmt.Sprintf("bounded, none found within %s: %s; for %s (--max-depth raises the bound)",
		stepsText(cfg.MaxDepth), shown, what)}
}

// stepsText writes "1 step", "3 steps".
func stepsText(n int) string { return count.Of(n, "step") }

// NoExperimentError says why Next found no experiment.
type NoExperimentError struct {
	Reason string
	// Bounded reports that a bound stopped the search: an experiment may
	// still exist, and Reason names the bound and the flag that raises it.
	Bounded bool
	// Indistinguishable reports that the fitting candidates are one kind
	// of behaviour (Summary.Kinds): the diagnosis is settled, no search
	// was needed.
	Indistinguishable bool
}

func (e *NoExperimentError) Error() string { return e.Reason }

// among runs the search among groups, each under its representative from
// its states.
func (in *Inference) among(groups []*group, cfg NextConfig) (experiment.AmongResult, error) {
	ac := experiment.AmongConfig{Viewers: cfg.Viewers, MaxDepth: cfg.MaxDepth,
		MaxSituations: max(1, cfg.MaxWork/len(groups)), Consts: in.Space.constants(), Stop: in.opts.Stop}
	for _, g := range groups {
		ac.Groups = append(ac.Groups, experiment.Group{Rules: g.rules, Start: g.set.States(), Weight: g.count()})
	}
	return experiment.Among(ac)
}

// constants returns every duration a candidate of the space may compare a
// clock with.
func (sp *Space) constants() []time.Duration {
	var out []time.Duration
	for _, a := range sp.Axes {
		for _, v := range a.Values {
			r := sp.Base
			if r.Set(a.Knob, v) == nil {
				out = append(out, r.Constants()...)
			}
		}
	}
	for _, r := range sp.Named {
		out = append(out, r.Constants()...)
	}
	return out
}

// splitAll splits g on every knob of read, into one group per combination
// of their values, each in g's states.
func (in *Inference) splitAll(g *group, read model.Reads) []*group {
	parts := []*group{g}
	states := g.set.States()
	for _, k := range read.Knobs() {
		ax := in.axis(k)
		var next []*group
		for _, p := range parts {
			for j := range in.Space.Axes[ax].Values {
				if p.pick[ax]&(1<<j) == 0 {
					continue
				}
				part := *p
				part.pick = slices.Clone(p.pick)
				part.pick[ax] = 1 << j
				next = append(next, &part)
			}
		}
		parts = next
	}
	for i, p := range parts {
		parts[i] = in.fresh(p, states)
	}
	return parts
}

// outcomes runs the experiment's moves over the fitting groups as lines of
// the log, splitting groups as any line does, and records, for each photo
// its last view can show, the candidates that would fit after it: exact
// whatever the search's groups were.
func (in *Inference) outcomes(n *Next) error {
	work := &Inference{Space: in.Space, opts: in.opts, named: in.named}
	for _, g := range in.groups {
		work.groups = append(work.groups, in.fresh(g, g.set.States()))
	}
	lg := &scenario.Scenario{File: "the next experiment"}
	for i, m := range n.Moves {
		l := scenario.Line{Num: i + 1, Directive: scenario.At{Time: m.At, Action: m.Action}}
		lg.Lines = append(lg.Lines, l)
	}
	for _, l := range lg.Lines {
		var next []*group
		for _, g := range work.groups {
			var err error
			if next, _, err = work.line(g, lg, l, l.Directive.(scenario.At), next, nil); err != nil {
				return err
			}
		}
		work.groups = next
	}
	var all []model.Photo
	for _, g := range work.groups {
		for _, p := range g.shown {
			if !slices.Contains(all, p) {
				all = append(all, p)
			}
		}
	}
	slices.Sort(all)
	for _, p := range all {
		var left []*group
		for _, g := range work.groups {
			if slices.Contains(g.shown, p) {
				left = append(left, g)
			}
		}
		o := Outcome{Photo: p, Summary: work.summarize(left)}
		n.Outcomes = append(n.Outcomes, o)
		n.Worst = max(n.Worst, o.Fitting)
	}
	return nil
}

// Scenario writes the experiment as lines to append to the log it
// continues: its actions at their times, the earlier views unchecked with
// what every fitting candidate predicts, and the last view followed by a
// comment for each outcome.
func (n *Next) Scenario(fitting Summary) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Next experiment (photosync infer): append these lines to %s, do in the tenant what they say\n", n.Log)
	b.WriteString("# (photosync infer --plan says it in words), and write what the last view showed as an observe line.\n")
	for i, m := range n.Moves {
		at := model.FormatDuration(m.At)
		switch {
		case m.Action.Kind == model.Change:
			fmt.Fprintf(&b, "at %s %s  # %s\n", at, m.Action, m.Photo)
		case m.Action.Kind == model.View && i < len(n.Moves)-1:
			fmt.Fprintf(&b, "at %s %s  # every fitting candidate: %s\n", at, m.Action, scenario.JoinPhotos(m.Shown[0]))
		default:
			fmt.Fprintf(&b, "at %s %s\n", at, m.Action)
		}
	}
	last := n.Moves[len(n.Moves)-1].Action
	for _, o := range n.Outcomes {
		fmt.Fprintf(&b, "# observe %s %s %s: %s\n", last.Surface, last.Viewer, o.Photo, o.says(fitting))
	}
	return b.String()
}

// Settles returns the knobs the outcome settles that are open now, each
// with its value.
func (o Outcome) Settles(now Summary) []Setting {
	var out []Setting
	for _, st := range o.Settled {
		if !slices.ContainsFunc(now.Settled, func(x Setting) bool { return x.Knob == st.Knob }) {
			out = append(out, st)
		}
	}
	return out
}

// says tells what an outcome leaves, against the candidates that fit now:
// "576 of 1,152 stay; settles yammer.sync = none; fits observed".
func (o Outcome) says(now Summary) string {
	s := fmt.Sprintf("%s of %s stay", count.N(o.Fitting), count.N(now.Fitting))
	if settles := o.Settles(now); len(settles) > 0 {
		s += "; settles " + joinSettings(settles)
	}
	if len(o.Named) > 0 {
		s += "; fits " + strings.Join(o.Named, ", ")
	}
	return s
}

// joinSettings writes settled knobs: "yammer.sync = none, hover.source = sharepoint".
func joinSettings(list []Setting) string {
	parts := make([]string, len(list))
	for i, st := range list {
		parts[i] = st.Knob + " = " + st.Values[0]
	}
	return strings.Join(parts, ", ")
}
