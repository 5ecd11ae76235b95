package infer

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

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
	// MaxWork bounds the search's situations times its groups; 0 means
	// DefaultMaxWork.
	MaxWork int
	// MaxGroups bounds how many groups of candidates the search splits
	// the fitting ones into; 0 means DefaultMaxSearchGroups.
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
	// apart (no group split past NextConfig.MaxGroups): no experiment of
	// fewer steps tells any two fitting candidates apart (with the waits
	// photosync diff tries), and none of as many has a worst outcome that
	// leaves fewer. Without it the experiment is real and its outcomes
	// exact, but a shorter or sharper one may exist.
	Best bool
	// Steps is the experiment's length in search steps (actions and
	// waits); Groups how many groups the search ran; Situations how many
	// situations it explored.
	Steps, Groups, Situations int
}

// Outcome is one photo the next experiment's last view can show, and what
// observing it would leave.
type Outcome struct {
	Photo model.Photo
	Summary
}

// Next finds the next experiment (nil when fewer than two candidates fit),
// or says why it found none: no experiment within the bounds, or more
// groups than the search may keep apart.
func (in *Inference) Next(cfg NextConfig) (*Next, error) {
	if cfg.MaxGroups == 0 {
		cfg.MaxGroups = DefaultMaxSearchGroups
	}
	if cfg.MaxWork == 0 {
		cfg.MaxWork = DefaultMaxWork
	}
	if in.summarize(in.groups).Fitting < 2 {
		return nil, nil
	}
	groups := slices.Clone(in.groups)
	best := true
	var res experiment.AmongResult
	for {
		var err error
		res, err = in.among(groups, cfg)
		if err != nil {
			return nil, err
		}
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
			best = false // keep the experiment found among the groups as they were
			break
		}
		groups = parts
	}
	if res.Moves == nil {
		reason := fmt.Sprintf("no experiment of at most %d steps tells the %d fitting candidates apart "+
			"(explored %d situations of %d groups)", res.Covered, in.summarize(in.groups).Fitting, res.Situations, len(groups))
		if !best {
			reason = fmt.Sprintf("bounded at %d groups: the fitting candidates differ in too many knobs to search them apart "+
				"(--max-groups raises it); %s", cfg.MaxGroups, reason)
		}
		return nil, &NoExperimentError{Reason: reason}
	}
	n := &Next{Moves: res.Moves, Best: best, Groups: len(groups), Situations: res.Situations, Log: "a new log"}
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
		var bound *BoundError
		if errors.As(err, &bound) {
			return nil, &NoExperimentError{Reason: fmt.Sprintf("the experiment found (%d steps) tells apart more groups of candidates "+
				"than the bounds allow to count its outcomes: %s", n.Steps, bound.What)}
		}
		return nil, err
	}
	return n, nil
}

// NoExperimentError says why Next found no experiment.
type NoExperimentError struct{ Reason string }

func (e *NoExperimentError) Error() string { return e.Reason }

// among runs the search among groups, each under its representative from
// its states.
func (in *Inference) among(groups []*group, cfg NextConfig) (experiment.AmongResult, error) {
	ac := experiment.AmongConfig{Viewers: cfg.Viewers, MaxDepth: cfg.MaxDepth,
		MaxSituations: max(1, cfg.MaxWork/len(groups)), Consts: in.Space.constants()}
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
	s := fmt.Sprintf("%s of %s stay", experiment.Thousands(o.Fitting), experiment.Thousands(now.Fitting))
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
