package experiment

import (
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"photosync/count"
	"photosync/counterexamples"
	"photosync/model"
	"photosync/scenario"
)

// Experiment is a distinguishing experiment: actions at times, after which
// the last step, a view, can show a different set of photos under A than
// under B. It is decisive when no photo that view can show is possible
// under both: whatever it shows then tells which rule set the tenant
// follows. Every view before the last of a shortest experiment shows the
// same set under both; a decisive experiment longer than the shortest may
// pass through views that differ (none decisive), which it asks only to
// look at.
type Experiment struct {
	A, B  model.Rules // the rule sets it tells apart; it is written under A
	Moves []Move      // the actions in time order; the last is the distinguishing view

	// Decisive reports that the last view can show no photo under both
	// rule sets (Undeciding is empty).
	Decisive bool
	// Shortest is the length of a shortest experiment that tells A from B,
	// decisive or not: Length, or less for a decisive experiment that is
	// longer than the shortest.
	Shortest int
	// NoDecisive, for an experiment that is not decisive found by a search
	// for a decisive one (Config.Decisive), says in one sentence how far
	// that search looked: bounded, or no decisive experiment of any
	// length. "" otherwise.
	NoDecisive string

	// Length is the experiment's length in search steps: its actions and
	// the waits between them.
	Length int
	// Situations is how many situations the search looked at before it.
	Situations int
	// RulesRef, when set, is how the user named A: a built-in rule set or a
	// rules file's path. Scenario then writes `rules RulesRef` instead of A's
	// knobs as set lines, so that `photosync run --rules B` replaces A whole
	// (set lines would still apply on top of B).
	RulesRef string

	_ struct{}
}

// Move is one action of an experiment, at its instant, with what each rule
// set predicts when it is a view.
type Move struct {
	At     time.Duration // from the start of the experiment
	Action model.Action
	Photo  model.Photo   // for a change, the photo it makes (v1, v2, …)
	A, B   []model.Photo // for a view, the photos it can show under A and under B, sorted

	_ struct{}
}

// Last returns the distinguishing view.
func (e *Experiment) Last() Move { return e.Moves[len(e.Moves)-1] }

// Undeciding returns the photos the last view can show under both rule
// sets, sorted: seeing one of them decides nothing. It is empty for a
// decisive experiment.
func (e *Experiment) Undeciding() []model.Photo {
	var out []model.Photo
	last := e.Last()
	for _, p := range last.A {
		if slices.Contains(last.B, p) {
			out = append(out, p)
		}
	}
	return out
}

// replay runs a path found by the search from the start, in absolute time
// and without normalization, as the scenario runner will, and records what
// each view shows under each rule set. It fails when the last view does not
// tell the rule sets apart: the normalization would then be wrong.
func replay(cfg Config, path []step) (*Experiment, error) {
	e := &Experiment{A: cfg.A, B: cfg.B}
	start := pair([]model.State{model.Initial()}, []model.State{model.Initial()})
	for _, m := range replayAmong([]Group{{Rules: cfg.A}, {Rules: cfg.B}}, start, 0, path) {
		s := Move{At: m.At, Action: m.Action, Photo: m.Photo}
		if m.Action.Kind == model.View {
			s.A, s.B = m.Shown[0], m.Shown[1]
		}
		e.Moves = append(e.Moves, s)
	}
	if len(e.Moves) == 0 || e.Last().Action.Kind != model.View || slices.Equal(e.Last().A, e.Last().B) {
		return nil, errNoReplay
	}
	e.Decisive = disjoint(e.Last().A, e.Last().B)
	return e, nil
}

// Scenario writes the experiment in the scenario language of SPEC §5: a
// comment header saying what it tells apart, the rules and set lines of A
// (self-contained: no file paths), then every action at its time, every
// view as an expect line with A's prediction, the last followed by a comment
// with B's. `photosync run` passes on it; run under B, its last line fails.
func (e *Experiment) Scenario() string {
	var b strings.Builder
	last := e.Last()
	an, bn := label(e.A), label(e.B)
	fmt.Fprintf(&b, "# Distinguishing experiment (photosync diff): %s vs %s.\n", an, bn)
	if d := differences(e.A, e.B); len(d) > 0 {
		b.WriteString("# They differ in:\n")
		for _, line := range d {
			fmt.Fprintf(&b, "#   %s\n", line)
		}
	}
	fmt.Fprintf(&b, "# After these %d lines, the %s's %s can show %s under %s but %s under %s.\n",
		len(e.Moves), last.Action.Viewer, last.Action.Surface, scenario.JoinPhotos(last.A), an,
		scenario.JoinPhotos(last.B), bn)
	b.WriteString(comment(e.decisiveness()))
	switch {
	case e.Length > e.Shortest && e.Shortest > 0:
		fmt.Fprintf(&b, "# Shortest decisive: no decisive experiment of at most %s (actions and waits to the deadlines of the running clocks) "+
			"tells them apart; a shorter one, of %s, can show a photo both allow; %s situations explored.\n",
			stepsOf(e.Length-1), stepsOf(e.Shortest), count.N(e.Situations))
	case e.Length > 1:
		fmt.Fprintf(&b, "# Shortest: no experiment of at most %s (actions and waits to the deadlines of the running clocks) "+
			"tells them apart; %s situations explored.\n", stepsOf(e.Length-1), count.N(e.Situations))
	}
	b.WriteString(e.howToRun())
	b.WriteString(e.body())
	sc, err := scenario.Parse("experiment.scenario", []byte(b.String()))
	if err != nil {
		panic("experiment: writing an unreadable scenario: " + err.Error())
	}
	return sc.Format()
}

// decisiveness says whether the experiment is decisive, in a sentence or
// two: "Decisive: whatever that view shows tells them apart." or which
// photos decide nothing, and how far the search for a decisive experiment
// looked.
func (e *Experiment) decisiveness() string {
	if e.Decisive {
		return "Decisive: whatever that view shows tells them apart."
	}
	u := e.Undeciding()
	verb := "is"
	if len(u) > 1 {
		verb = "are"
	}
	text := fmt.Sprintf("Not decisive: %s %s possible under both, and seeing it decides nothing.", photos(u, "and"), verb)
	if e.NoDecisive != "" {
		text += " " + upper(e.NoDecisive) + "."
	}
	return text
}

// upper returns s with its first letter in upper case.
func upper(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// comment writes text as comment lines of a scenario.
func comment(text string) string { return "# " + text + "\n" }

// body is the scenario without its header comments.
func (e *Experiment) body() string {
	var b strings.Builder
	if e.RulesRef != "" {
		fmt.Fprintf(&b, "rules %s\n", e.RulesRef)
	} else {
		b.WriteString(counterexamples.RulesHeader(e.A))
	}
	for i, s := range e.Moves {
		at := model.FormatDuration(s.At)
		switch {
		case s.Action.Kind == model.Change:
			fmt.Fprintf(&b, "at %s %s  # %s\n", at, s.Action, s.Photo)
		case s.Action.Kind == model.View && i < len(e.Moves)-1 && !slices.Equal(s.A, s.B):
			// A view on the way to a decisive one that predicts differently
			// but decides nothing for sure: looked at, not checked.
			fmt.Fprintf(&b, "at %s view %s %s  # %s under A, %s under B\n", at, s.Action.Surface, s.Action.Viewer,
				scenario.JoinPhotos(s.A), scenario.JoinPhotos(s.B))
		case s.Action.Kind == model.View:
			fmt.Fprintf(&b, "at %s expect %s %s = %s\n", at, s.Action.Surface, s.Action.Viewer, scenario.JoinPhotos(s.A))
		default:
			fmt.Fprintf(&b, "at %s %s\n", at, s.Action)
		}
		if i == len(e.Moves)-1 {
			fmt.Fprintf(&b, "# B (%s) predicts %s instead\n", label(e.B), scenario.JoinPhotos(s.B))
		}
	}
	return b.String()
}

// howToRun says how to check the experiment with photosync run. A scenario's
// set lines apply on top of --rules, so when A's set lines also set the
// knobs B differs in, --rules B does not run it under B: the header says so.
func (e *Experiment) howToRun() string {
	bn := label(e.B)
	ref := "--rules " + bn
	if e.B.Base != "" {
		ref = "--rules with " + bn + "'s rules file"
	}
	run := "photosync run"
	if vs := e.viewers(); vs[len(vs)-1] > model.Observer {
		run = fmt.Sprintf("photosync run --viewers %d", vs[len(vs)-1])
		ref = fmt.Sprintf("--viewers %d %s", vs[len(vs)-1], ref)
	}
	if e.maskedUnderB() {
		return fmt.Sprintf("# %s passes on it. Its set lines apply on top of --rules, so photosync run %s\n"+
			"# does not run it under %s: run it under %s's knobs in place of the set lines below.\n", run, ref, bn, bn)
	}
	return fmt.Sprintf("# %s passes on it; photosync run %s fails on its last expect.\n", run, ref)
}

// maskedUnderB reports whether B with A's set lines on top behaves like A
// on this experiment.
func (e *Experiment) maskedUnderB() bool {
	sc, err := scenario.Parse("experiment.scenario", []byte(e.body()))
	if err != nil {
		return false
	}
	b := e.B
	for _, l := range sc.Lines {
		if d, ok := l.Directive.(scenario.SetKnob); ok {
			if b.Set(d.Knob, d.Value) != nil {
				return false
			}
		}
	}
	res, err := scenario.Run(sc, b, scenario.Options{})
	return err == nil && res.OK()
}

// label is a rule set's name as a comment or a sentence can carry it: one
// line of printable text, not too long.
func label(r model.Rules) string {
	name := strings.Map(func(c rune) rune {
		if unicode.IsControl(c) {
			return -1
		}
		return c
	}, r.Name)
	if utf8.RuneCountInString(name) > 60 {
		name = string([]rune(name)[:59]) + "…"
	}
	if strings.TrimSpace(name) == "" {
		name = "(unnamed)"
	}
	return name
}

// differences names the knobs in which a and b differ, with both values,
// one a line.
func differences(a, b model.Rules) []string {
	var lines []string
	for _, kv := range model.Changed(a, b) {
		k, _ := model.LookupKnob(kv[0])
		lines = append(lines, fmt.Sprintf("%s: %s under %s, %s under %s", kv[0], k.Get(a), label(a), kv[1], label(b)))
	}
	return lines
}

// Check replays the experiment's scenario with the scenario runner: under
// the rules its own lines name (A's) every line must hold, and under B
// every line but the last must hold and the last must fail. It is how a
// found experiment is known to be real. load reads a rules file the
// scenario names (RulesRef); nil reads none.
func (e *Experiment) Check(load scenario.Loader) error {
	text := e.Scenario()
	sc, err := scenario.Parse("experiment.scenario", []byte(text))
	if err != nil {
		return err
	}
	if load == nil {
		load = func(path string) ([]byte, error) { return nil, fmt.Errorf("open %s: %w", path, fs.ErrNotExist) }
	}
	a, err := scenario.ResolveRules(sc, "", load)
	if err != nil {
		return err
	}
	if d := model.Changed(e.A, a); len(d) > 0 {
		return fmt.Errorf("experiment: the scenario's rules differ from %s in %v\n%s", e.A.Name, d, text)
	}
	res, err := scenario.Run(sc, a, scenario.Options{})
	if err != nil {
		return err
	}
	if !res.OK() {
		return fmt.Errorf("experiment: under %s:\n%s%s", e.A.Name, res, text)
	}
	res, err = scenario.Run(sc, e.B, scenario.Options{})
	if err != nil {
		return err
	}
	for i, o := range res.Outcomes {
		if (o.Status == scenario.Held) != (i < len(res.Outcomes)-1) {
			return fmt.Errorf("experiment: under %s, want only the last line to fail:\n%s%s", e.B.Name, res, text)
		}
	}
	return nil
}
