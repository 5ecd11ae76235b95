package web

import (
	"context"
	"errors"

	"photosync/counterexamples"
	"photosync/model"
	"photosync/properties"
	"photosync/scenario"
)

// RunJSON is the answer of /api/run: a scenario run as `photosync run`
// runs it, with its timeline.
type RunJSON struct {
	// Rules is the rule set the scenario ran under.
	Rules string `json:"rules"`
	// OK reports that every checked line held and no bound was reached.
	OK bool `json:"ok"`
	// Outcomes are the verdicts of the checked lines, each with the line
	// `photosync run` prints for it.
	Outcomes []counterexamples.OutcomeJSON `json:"outcomes"`
	// Bounded is where a bound stopped the run ("scenario:LINE: bounded
	// at N possible states"), or "".
	Bounded string `json:"bounded,omitempty"`
	// Report is the timeline (null when a bound stopped the run).
	Report *counterexamples.ReportJSON `json:"report"`
}

// scenarioFile is the file name of the scenario a request carries.
const scenarioFile = "scenario"

// run answers /api/run: fields scenario (the text), rules (a named rule
// set or rules.json, overriding the scenario's rules line), rulesFile (the
// text of rules.json), viewers and maxStates.
func (s *Server) run(ctx context.Context, q *request) (any, error) {
	viewers, err := q.number("viewers", 2, 1, s.opts.Viewers)
	if err != nil {
		return nil, err
	}
	maxStates, err := q.number("maxStates", s.opts.MaxStates, 1, s.opts.MaxStates)
	if err != nil {
		return nil, err
	}
	sc, err := scenario.Parse(scenarioFile, []byte(q.get("scenario")))
	if err != nil {
		return nil, badInput(scenarioFile, err)
	}
	r, err := scenario.ResolveRules(sc, q.get("rules"), noFiles(q.get("rulesFile")))
	if err != nil {
		if q.get("rules") != "" {
			return nil, badInput("rules", err)
		}
		return nil, badInput(scenarioFile, err)
	}
	var out RunJSON
	err = s.work(ctx, func(stop func() bool) error {
		out, err = runScenario(sc, r, viewers, maxStates, s.opts.MaxBytes, stop)
		return err
	})
	return out, err
}

// runScenario runs sc under r for the timeline; past a bound, it runs it as
// photosync run does for the verdicts of the lines before.
func runScenario(sc *scenario.Scenario, r model.Rules, viewers, maxStates int, maxBytes int64, stop func() bool) (RunJSON, error) {
	out := RunJSON{Rules: r.Name, Outcomes: []counterexamples.OutcomeJSON{}}
	rep, err := counterexamples.NewReport(scenarioFile, sc, r, viewers,
		counterexamples.Bounds{MaxStates: maxStates, MaxBytes: maxBytes, KeepStates: true, Stop: stop})
	var bound *scenario.BoundError
	if errors.As(err, &bound) {
		res, err := scenario.Run(sc, r, scenario.Options{Judge: properties.NewJudge(properties.Catalog(), viewers),
			Viewers: viewers, MaxStates: maxStates, MaxBytes: maxBytes, Stop: stop})
		if errors.As(err, &bound) {
			out.Bounded = bound.Error()
		} else if err == nil {
			// The report tracks every state apart and the run merges some:
			// the run's bound is the one a person can raise.
			out.Bounded = "the timeline would track more than the bound of possible states; the run itself fits in it"
		}
		for _, o := range res.Outcomes {
			out.Outcomes = append(out.Outcomes, counterexamples.NewOutcomeJSON(o))
		}
		return out, nil
	}
	if err != nil {
		return out, badInput(scenarioFile, err)
	}
	out.OK = true
	for _, o := range rep.Outcomes {
		out.Outcomes = append(out.Outcomes, counterexamples.NewOutcomeJSON(o))
		out.OK = out.OK && o.Status == scenario.Held
	}
	js := rep.JSON()
	out.Report = &js
	return out, nil
}

// VocabJSON is what the controls of the pages offer: the named rule sets,
// the actions a scenario can write with what each takes, the surfaces,
// the viewers and the knobs of a rules file.
type VocabJSON struct {
	RuleSets []RuleSetJSON `json:"ruleSets"`
	Actions  []ActionJSON  `json:"actions"`
	Sources  []string      `json:"sources"`
	Surfaces []SurfaceJSON `json:"surfaces"`
	Viewers  []string      `json:"viewers"`
	Knobs    []KnobJSON    `json:"knobs"`
}

// KnobJSON is a knob a rules file can set: what it decides, the values it
// takes and its value under observed.
type KnobJSON struct {
	Name     string `json:"name"`
	Doc      string `json:"doc"`
	Values   string `json:"values"`
	Observed string `json:"observed"`
}

// RuleSetJSON is a named rule set.
type RuleSetJSON struct {
	Name   string   `json:"name"`
	Period string   `json:"period"`
	Facts  []string `json:"facts"`
}

// ActionJSON is an action a scenario can write and what it takes.
type ActionJSON struct {
	Name    string `json:"name"`
	Source  bool   `json:"source,omitempty"`  // change SOURCE
	Surface bool   `json:"surface,omitempty"` // view SURFACE VIEWER
	Viewer  bool   `json:"viewer,omitempty"`
}

// SurfaceJSON is a surface with its name in words.
type SurfaceJSON struct {
	Name  string `json:"name"`
	Label string `json:"label"`
}

func (s *Server) vocab(ctx context.Context, q *request) (any, error) {
	var v VocabJSON
	for _, rs := range model.RuleSets() {
		facts := rs.Facts
		if facts == nil {
			facts = []string{}
		}
		v.RuleSets = append(v.RuleSets, RuleSetJSON{Name: rs.Name, Period: rs.Period, Facts: facts})
	}
	for k := model.ActionKind(1); k < 64; k++ { // Written bounds them
		if !k.Written() {
			continue
		}
		v.Actions = append(v.Actions, ActionJSON{Name: k.String(), Source: k == model.Change,
			Surface: k == model.View, Viewer: k.ByViewer()})
	}
	for _, src := range model.Sources() {
		v.Sources = append(v.Sources, src.String())
	}
	for _, sf := range model.Surfaces() {
		v.Surfaces = append(v.Surfaces, SurfaceJSON{Name: sf.String(), Label: counterexamples.SurfaceLabel(sf)})
	}
	for _, k := range model.Knobs() {
		v.Knobs = append(v.Knobs, KnobJSON{Name: k.Name, Doc: k.Doc, Values: k.Values, Observed: k.Get(model.Observed())})
	}
	for _, vw := range model.Viewers(s.opts.Viewers) {
		v.Viewers = append(v.Viewers, vw.String())
	}
	return v, nil
}
