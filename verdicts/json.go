package verdicts

import (
	"encoding/json"
	"io"

	"photosync/counterexamples"
	"photosync/model"
	"photosync/properties"
	"photosync/properties/explore"
)

// WriteJSON writes v as indented JSON and a newline: the one encoder of
// the command line's --json and of the server's /api/, so both print the
// same bytes for the same value.
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// Report is the table as one JSON object (`photosync eras --json`).
type Report struct {
	Viewers    int              `json:"viewers"`
	Complete   bool             `json:"complete"`
	States     int              `json:"states"`
	Seconds    *float64         `json:"seconds,omitempty"` // with timing only, so that reruns print the same bytes
	RuleSets   []RuleSetReport  `json:"rule_sets"`
	Properties []PropertyReport `json:"properties"`
}

// RuleSetReport is one column of the table.
type RuleSetReport struct {
	Name        string            `json:"name"`
	Period      string            `json:"period"`
	Facts       []string          `json:"facts"`
	Description string            `json:"description"`
	Changed     map[string]string `json:"changed"` // the knobs it sets differently from observed, with their values
	Complete    bool              `json:"complete"`
	States      int               `json:"states"`
	Seconds     *float64          `json:"seconds,omitempty"`
	// AgainstObserved is what it changes against its base, observed (not
	// for observed itself).
	AgainstObserved *Delta `json:"against_observed,omitempty"`
}

// PropertyReport is one row of the table.
type PropertyReport struct {
	Name     string                        `json:"name"`
	Kind     string                        `json:"kind"`
	Title    string                        `json:"title"`
	Trigger  string                        `json:"trigger"`  // what it speaks of (SPEC §4.1)
	Verdicts map[string]properties.Verdict `json:"verdicts"` // rule set → verdict
	// Counterexamples holds, for each rule set under which the property
	// is violated, its shortest counterexample as a scenario.
	Counterexamples map[string]string `json:"counterexamples"`
	// Witnesses holds, for each rule set under which the property holds
	// (not vacuously), a shortest run reaching its trigger as a scenario.
	Witnesses map[string]string `json:"witnesses"`
}

func seconds(s float64) *float64 { return &s }

// Report returns the table as the --json object; timing adds the
// explorations' wall-clock time.
func (t *Table) Report(timing bool) Report {
	rep := Report{Viewers: t.Viewers, Complete: t.Complete(), States: t.states(),
		RuleSets: []RuleSetReport{}, Properties: []PropertyReport{}}
	if timing {
		rep.Seconds = seconds(t.seconds())
	}
	for i := range t.Columns {
		col := &t.Columns[i]
		rs := RuleSetReport{Name: col.Name, Period: col.Period, Facts: append([]string{}, col.Facts...),
			Description: col.Rules.Description, Changed: map[string]string{}, Complete: true, States: col.Result.States}
		for _, kv := range model.Changed(model.Observed(), col.Rules) {
			rs.Changed[kv[0]] = kv[1]
		}
		for _, v := range col.Result.Verdicts {
			if v.Verdict == properties.Unknown {
				rs.Complete = false
			}
		}
		if timing {
			rs.Seconds = seconds(col.Result.Elapsed.Seconds())
		}
		if d, ok := t.Delta(i); ok {
			rs.AgainstObserved = &d
		}
		rep.RuleSets = append(rep.RuleSets, rs)
	}
	for k, p := range t.Props {
		pr := PropertyReport{Name: p.Name, Kind: p.Kind.String(), Title: p.Title(), Trigger: p.Trigger.Doc,
			Verdicts: map[string]properties.Verdict{}, Counterexamples: map[string]string{}, Witnesses: map[string]string{}}
		for i := range t.Columns {
			col := &t.Columns[i]
			v := t.Verdict(i, k)
			pr.Verdicts[col.Name] = v.Verdict
			if v.Example != nil {
				pr.Counterexamples[col.Name], _ = counterexamples.Bounded(col.Rules, v.Example, t.MaxSteps)
			}
			if v.Witness != nil {
				pr.Witnesses[col.Name], _ = counterexamples.BoundedWitness(col.Rules, v.Witness, t.MaxSteps)
			}
		}
		rep.Properties = append(rep.Properties, pr)
	}
	return rep
}

// CheckReport is `photosync check --json`: column 0's rule set against its
// base.
type CheckReport struct {
	Rules    string `json:"rules"`
	Base     string `json:"base,omitempty"`
	Complete bool   `json:"complete"`
	// Bounded says, when not complete, which bounds stopped the
	// exploration and the flags that raise them (StoppedWords).
	Bounded     string                `json:"bounded,omitempty"`
	States      int                   `json:"states"`
	Transitions int                   `json:"transitions"`
	Depth       int                   `json:"depth"`
	Seconds     *float64              `json:"seconds,omitempty"` // with timing only, so that reruns print the same bytes
	Properties  []CheckPropertyReport `json:"properties"`
	AgainstBase *Delta                `json:"against_base,omitempty"`
	// Experiments is what experiments tell of the rule set against its
	// base (Table.Told), when asked.
	Experiments *Told           `json:"experiments,omitempty"`
	Coverage    *CoverageReport `json:"coverage,omitempty"` // with --coverage only
}

// CheckPropertyReport is one property of a CheckReport.
type CheckPropertyReport struct {
	Name           string              `json:"name"`
	Kind           string              `json:"kind"`
	Title          string              `json:"title"`
	Trigger        string              `json:"trigger"` // what it speaks of (SPEC §4.1)
	Verdict        properties.Verdict  `json:"verdict"`
	BaseVerdict    *properties.Verdict `json:"base_verdict,omitempty"`
	Counterexample string              `json:"counterexample,omitempty"` // a shortest counterexample as a scenario, when violated
	Witness        string              `json:"witness,omitempty"`        // a shortest run reaching the trigger as a scenario, when it holds (not vacuously)
}

// CheckReport returns column 0 against its base as the --json object;
// timing adds the exploration's wall-clock time.
func (t *Table) CheckReport(timing bool) CheckReport {
	col := &t.Columns[0]
	res := &col.Result
	rep := CheckReport{Rules: col.Name, Complete: res.Complete, Bounded: StoppedWords(res.Stopped), States: res.States, Transitions: res.Transitions,
		Depth: res.Depth, Properties: []CheckPropertyReport{}, Coverage: NewCoverageReport(res.Coverage)}
	if timing {
		rep.Seconds = seconds(res.Elapsed.Seconds())
	}
	var base []explore.Verdict
	if col.Base >= 0 {
		rep.Base = t.Columns[col.Base].Name
		base = t.Columns[col.Base].Result.Verdicts
		d, _ := t.Delta(0)
		rep.AgainstBase = &d
		rep.Experiments = t.Told
	}
	for k, v := range res.Verdicts {
		pr := CheckPropertyReport{Name: v.Property.Name, Kind: v.Property.Kind.String(), Title: v.Property.Title(),
			Trigger: v.Property.Trigger.Doc, Verdict: v.Verdict}
		if base != nil {
			bv := base[k].Verdict
			pr.BaseVerdict = &bv
		}
		if v.Example != nil {
			pr.Counterexample, _ = counterexamples.Bounded(col.Rules, v.Example, t.MaxSteps)
		}
		if v.Witness != nil {
			pr.Witness, _ = counterexamples.BoundedWitness(col.Rules, v.Witness, t.MaxSteps)
		}
		rep.Properties = append(rep.Properties, pr)
	}
	return rep
}
