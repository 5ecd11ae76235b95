package counterexamples

import (
	"photosync/model"
	"photosync/scenario"
)

// ReportJSON is a Report as data: the timeline `photosync serve` draws in
// its workbench (/api/run). Photo sets are written as scenarios write them
// ("v0|v1"; "none" for no photo), times as model.FormatDuration.
type ReportJSON struct {
	Name       string          `json:"name"`
	Title      string          `json:"title"`
	Rules      string          `json:"rules"`
	Changed    [][2]string     `json:"changed"`
	Viewers    int             `json:"viewers"`
	Columns    []ColumnJSON    `json:"columns"`
	Events     []EventJSON     `json:"events"`
	Violations []ViolationJSON `json:"violations"`
	Spans      []SpanJSON      `json:"spans"`
	Failures   []OutcomeJSON   `json:"failures"`
	Stopped    int             `json:"stopped"`
	Scenario   string          `json:"scenario"`
}

// ColumnJSON is one surface and viewer.
type ColumnJSON struct {
	Surface string `json:"surface"`
	Viewer  string `json:"viewer"`
	Label   string `json:"label"`
}

// EventJSON is one row of the timeline.
type EventJSON struct {
	At       string   `json:"at"`
	Line     int      `json:"line"`
	Step     string   `json:"step"`     // the short action: "view yammer observer", "by itself", "wait"
	Sentence string   `json:"sentence"` // the event in plain words, as the Markdown's steps say it
	Check    string   `json:"check"`    // "expect", "observe" or ""
	Wanted   string   `json:"wanted"`   // for expect and observe: the photos the line names
	Column   int      `json:"column"`   // the column a view looks at; -1 for any other event
	Shown    string   `json:"shown"`    // what a view showed
	Happened []string `json:"happened"`
	Could    []string `json:"could"` // per column, the photos it could show right after the event
	// With Bounds.KeepStates: how many states the system may be in right
	// after the event, and the first MaxStatesShown of them
	// (model.State.String).
	StateCount int      `json:"stateCount,omitempty"`
	States     []string `json:"states,omitempty"`
}

// MaxStatesShown is how many of an event's possible states ReportJSON
// writes.
const MaxStatesShown = 50

// ViolationJSON is one violated property.
type ViolationJSON struct {
	Property string `json:"property"`
	Title    string `json:"title"`
	Message  string `json:"message"`
	At       string `json:"at"`
	Event    int    `json:"event"`
	Column   int    `json:"column"`
	Runs     int    `json:"runs"`
	Of       int    `json:"of"`
}

// SpanJSON is a stretch in which a take is pending.
type SpanJSON struct {
	Label string `json:"label"`
	Open  int    `json:"open"`
	Close int    `json:"close"`
}

// OutcomeJSON is a checked line's verdict, as scenario.Outcome.
type OutcomeJSON struct {
	Line    int    `json:"line"`
	Status  string `json:"status"` // "ok", "failed" or "not reached"
	Check   string `json:"check"`
	Message string `json:"message"`
	Text    string `json:"text"` // as photosync run prints it: "FILE:LINE: ok"
}

// NewOutcomeJSON returns a checked line's verdict as data.
func NewOutcomeJSON(o scenario.Outcome) OutcomeJSON {
	return OutcomeJSON{Line: o.Line, Status: o.Status.String(), Check: o.Check, Message: o.Message, Text: o.String()}
}

// JSON returns the report as data.
func (r *Report) JSON() ReportJSON {
	out := ReportJSON{Name: r.Name, Title: r.Title, Rules: r.Rules.Name, Changed: r.Changed, Viewers: r.Viewers,
		Stopped: r.Stopped, Scenario: r.Scenario, Columns: []ColumnJSON{}, Events: []EventJSON{},
		Violations: []ViolationJSON{}, Spans: []SpanJSON{}, Failures: []OutcomeJSON{}}
	if out.Changed == nil {
		out.Changed = [][2]string{}
	}
	for _, c := range r.Columns {
		out.Columns = append(out.Columns, ColumnJSON{Surface: c.Surface.String(), Viewer: c.Viewer.String(), Label: c.Label()})
	}
	for i := range r.Events {
		e := &r.Events[i]
		ej := EventJSON{At: model.FormatDuration(e.At), Line: e.Line, Step: e.step(), Sentence: e.sentence(),
			Check: e.Check.String(), Column: e.Column, Happened: e.Happened, Could: []string{}}
		if ej.Happened == nil {
			ej.Happened = []string{}
		}
		if e.Check != scenario.NoCheck {
			ej.Wanted = scenario.JoinPhotos(e.Wanted)
		}
		if e.Action.Kind == model.View {
			ej.Shown = scenario.JoinPhotos(e.Shown)
		}
		for _, c := range e.Could {
			ej.Could = append(ej.Could, scenario.JoinPhotos(c))
		}
		ej.StateCount = len(e.states)
		for _, s := range e.states[:min(len(e.states), MaxStatesShown)] {
			ej.States = append(ej.States, s.String())
		}
		out.Events = append(out.Events, ej)
	}
	for _, v := range r.Violations {
		out.Violations = append(out.Violations, ViolationJSON{Property: v.Property.Name, Title: v.Property.Title(),
			Message: v.Message, At: model.FormatDuration(v.At), Event: v.Event, Column: v.Column, Runs: v.Runs, Of: v.Of})
	}
	for i := range r.Spans {
		sp := &r.Spans[i]
		out.Spans = append(out.Spans, SpanJSON{Label: sp.Label(), Open: sp.Open, Close: sp.Close})
	}
	for _, o := range r.Failures {
		out.Failures = append(out.Failures, NewOutcomeJSON(o))
	}
	return out
}
