package infer

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"photosync/count"
	"photosync/counterexamples"
	"photosync/experiment"
	"photosync/model"
	"photosync/scenario"
)

// WriteText writes the answer for a person, as `photosync infer` prints
// it: the count, what is settled, what is open, the named rule sets, then
// the next experiment (with plan, as steps for a person) or why there is
// none.
func WriteText(w io.Writer, in *Inference, sum Summary, next *Next, nextErr error, plan bool) {
	var files []string
	for _, lg := range in.Logs {
		files = append(files, lg.File)
	}
	fmt.Fprintf(w, "%s of %s candidates fit %s (space: %s).\n", count.N(sum.Fitting),
		count.N(in.Candidates), strings.Join(files, ", "), in.Space.String())
	if sum.Fitting == 0 {
		writeDropped(w, in.Dropped)
		return
	}
	switch {
	case sum.Kinds == 1 && sum.Fitting > 1:
		fmt.Fprintln(w, "They behave alike: no experiment or log of any length tells any two of them apart.")
	case sum.Kinds > 1 && sum.Kinds < sum.Fitting:
		fmt.Fprintf(w, "They behave in %s ways: no experiment or log tells apart two candidates that behave alike.\n", count.N(sum.Kinds))
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	if len(sum.Settled) > 0 {
		fmt.Fprintln(tw, "\nSettled (every fitting candidate agrees):")
		for _, s := range sum.Settled {
			fmt.Fprintf(tw, "  %s\t= %s\n", s.Knob, s.Values[0])
		}
	}
	if len(sum.Open) > 0 {
		fmt.Fprintln(tw, "\nOpen (the values still possible):")
		for _, s := range sum.Open {
			fmt.Fprintf(tw, "  %s\t%s", s.Knob, strings.Join(s.Values, ", "))
			if slices.Contains(sum.Unsettleable, s.Knob) {
				fmt.Fprint(tw, "\t(no experiment can settle it here)")
			}
			fmt.Fprintln(tw)
		}
	}
	tw.Flush()
	if len(in.Space.Named) > 0 {
		if len(sum.Named) == 0 {
			fmt.Fprintf(w, "\nNone of the %s fits.\n", count.Of(len(in.Space.Named), "named rule set"))
		} else {
			fmt.Fprintf(w, "\nNamed rule sets that fit: %s.\n", strings.Join(sum.Named, ", "))
		}
	}
	switch {
	case sum.Fitting == 1:
		fmt.Fprintln(w, "\nOne candidate fits: no experiment is needed.")
	case next != nil && plan:
		fmt.Fprintf(w, "\n%s", Plan(in, sum, next))
	case next != nil:
		fmt.Fprintf(w, "\nNext experiment: %s.\n%s", NextSentence(sum, next), next.Scenario(sum))
	case isSettled(nextErr):
		fmt.Fprintf(w, "\nSettled: %v.\n", nextErr)
	case nextErr != nil:
		fmt.Fprintf(w, "\nNo next experiment: %v.\n", nextErr)
	}
}

// isSettled reports whether err says that the fitting candidates are
// indistinguishable.
func isSettled(err error) bool {
	none, ok := errors.AsType[*NoExperimentError](err)
	return ok && none.Indistinguishable
}

// NextSentence says how good the next experiment is: "1 step; whatever its
// last view shows, at most … of the … fitting candidates stay".
func NextSentence(sum Summary, next *Next) string {
	s := fmt.Sprintf("%s; whatever its last view shows, at most %s of the %s fitting candidates stay",
		count.Of(next.Steps, "step"), count.N(next.Worst), count.N(sum.Fitting))
	if !next.Best {
		s += fmt.Sprintf(" (shortest, but the search stopped following the candidates apart at %s: the next split made %s, more than --max-search-groups %s allows; "+
			"one of as many steps whose worst outcome leaves fewer may exist, and --max-search-groups raises the bound)",
			count.Of(next.Groups, "group"), count.Of(next.Split, "group"), count.N(next.MaxGroups))
	}
	return s
}

// maxDropsShown is how many predictions of dropped candidates the text
// lists.
const maxDropsShown = 20

// writeDropped says where the last candidates dropped out and what they
// predicted, one line a prediction: how many predicted it, the knobs that
// set them apart, the named rule sets among them ("73,729 candidates
// (sharepoint.trigger visit) predicted v0, among them observed and
// documented"); named rule sets alone are named ("ideal predicted v1").
func writeDropped(w io.Writer, drops []Drop) {
	if len(drops) == 0 {
		return
	}
	n := 0
	for _, d := range drops {
		n += d.Count
	}
	d0 := drops[0]
	fmt.Fprintf(w, "\nThe last %s dropped out at %s:%d (%s):\n", count.Of(n, "candidate"), d0.File, d0.Line, d0.Check)
	for i, d := range drops {
		if i == maxDropsShown && len(drops) > maxDropsShown+1 {
			fmt.Fprintf(w, "  - and %s more (--json lists them all)\n", count.Of(len(drops)-i, "prediction"))
			break
		}
		who, among := count.Of(d.Count, "candidate"), ""
		switch {
		case len(d.Named) == d.Count:
			who = counterexamples.List(d.Named, "and")
		case len(d.Named) > 0:
			among = ", among them " + counterexamples.List(d.Named, "and")
		}
		if d.Where != "" {
			who += " (" + d.Where + ")"
		}
		fmt.Fprintf(w, "  - %s predicted %s%s\n", who, scenario.JoinPhotos(d.Shown), among)
	}
}

// Plan writes the next experiment as steps for a person (`infer --plan`).
func Plan(in *Inference, sum Summary, next *Next) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Next experiment: %s.\n\n", NextSentence(sum, next))
	fmt.Fprintf(&b, "Carry on from the end of %s (at %s): follow these steps, each right after the one before unless a step says to wait.\n",
		next.Log, model.FormatDuration(in.End))
	steps := PlanSteps(in, next)
	for i, s := range steps {
		fmt.Fprintf(&b, "%d. %s\n", i+1, s)
	}
	fmt.Fprintf(&b, "\nWhat you see in step %d tells you:\n", len(steps))
	for _, o := range next.Outcomes {
		fmt.Fprintf(&b, "- %s: %s.\n", PhotoWord(o.Photo), OutcomeWords(sum, o))
	}
	b.WriteString("- anything else: no candidate of the space fits.\n")
	last := next.Moves[len(next.Moves)-1].Action
	fmt.Fprintf(&b, "\nThen add the steps to %s, the last as `observe %s %s PHOTO`, and run photosync infer again.\n",
		next.Log, last.Surface, last.Viewer)
	return b.String()
}

// PlanSteps returns the next experiment's steps in words, one a step:
// waits and actions, the deciding view last.
func PlanSteps(in *Inference, next *Next) []string {
	var steps []string
	prev := in.End
	for _, m := range next.Moves {
		if m.At > prev {
			steps = append(steps, fmt.Sprintf("Wait %s.", experiment.HumanDuration(m.At-prev)))
			prev = m.At
		}
		steps = append(steps, experiment.Sentence(m.Action, m.Photo))
	}
	return steps
}

// Observed returns the lines to append to the log the experiment continues
// once its last view showed photo p: every step at its time, the last view
// as an observe line.
func (n *Next) Observed(p model.Photo) string {
	var b strings.Builder
	for i, m := range n.Moves {
		at := model.FormatDuration(m.At)
		if i == len(n.Moves)-1 && m.Action.Kind == model.View {
			fmt.Fprintf(&b, "at %s observe %s %s %s\n", at, m.Action.Surface, m.Action.Viewer, p)
			continue
		}
		fmt.Fprintf(&b, "at %s %s\n", at, m.Action)
	}
	return b.String()
}

// PhotoWord names a photo for a person: "v1", or "no photo".
func PhotoWord(p model.Photo) string {
	if p == model.NoPhoto {
		return "no photo"
	}
	return p.String()
}

// OutcomeWords says what an outcome leaves, in words.
func OutcomeWords(sum Summary, o Outcome) string {
	s := fmt.Sprintf("%s of the %s fitting candidates stay", count.N(o.Fitting), count.N(sum.Fitting))
	var settles []string
	for _, st := range o.Settles(sum) {
		settles = append(settles, st.Knob+" = "+st.Values[0])
	}
	if len(settles) > 0 {
		s += ", and it settles " + strings.Join(settles, ", ")
	}
	if len(o.Named) > 0 {
		s += "; named rule sets that still fit: " + strings.Join(o.Named, ", ")
	}
	return s
}

// JSON is the answer as data, the object `photosync infer --json` prints
// and `photosync serve` answers at /api/infer.
type JSON struct {
	Logs       []string            `json:"logs"`
	Space      string              `json:"space"`
	Candidates int                 `json:"candidates"`
	Fitting    int                 `json:"fitting"`
	Settled    map[string]string   `json:"settled"`
	Open       map[string][]string `json:"open"`
	Named      []string            `json:"named"`
	// Kinds is how many kinds of behaviour the fitting candidates fall
	// into (Summary.Kinds; absent: not counted); Unsettleable the open
	// knobs no experiment can settle.
	Kinds        int      `json:"kinds,omitempty"`
	Unsettleable []string `json:"unsettleable,omitempty"`
	// Indistinguishable: the fitting candidates are one kind, the
	// diagnosis is settled (noNext says so in words).
	Indistinguishable bool       `json:"indistinguishable,omitempty"`
	Next              *string    `json:"next"`
	NextInfo          *NextJSON  `json:"nextInfo,omitempty"`
	NoNext            string     `json:"noNext,omitempty"`
	Dropped           []DropJSON `json:"dropped,omitempty"`
	End               string     `json:"end"`
}

// NextJSON is the next experiment's figures and outcomes.
type NextJSON struct {
	Steps    int           `json:"steps"`
	Worst    int           `json:"worst"`
	Best     bool          `json:"best"`
	Outcomes []OutcomeJSON `json:"outcomes"`
	// Split and MaxSearchGroups are, when best is false, how many groups
	// the split that stopped the search made and the bound it passed
	// (--max-search-groups).
	Split           int `json:"split,omitempty"`
	MaxSearchGroups int `json:"max_search_groups,omitempty"`
}

// OutcomeJSON is one outcome of the next experiment.
type OutcomeJSON struct {
	Photo   string            `json:"photo"`
	Fitting int               `json:"fitting"`
	Settled map[string]string `json:"settled"`
	Named   []string          `json:"named"`
}

// DropJSON is the candidates that dropped out at a line with one
// prediction.
type DropJSON struct {
	File       string   `json:"file"`
	Line       int      `json:"line"`
	Check      string   `json:"check"`
	Predicted  string   `json:"predicted"`
	Candidates int      `json:"candidates"`
	Where      string   `json:"where"`
	Named      []string `json:"named"` // the named rule sets among them
}

// NewJSON returns the answer as data: next is the next experiment or nil,
// nextErr why there is none.
func NewJSON(in *Inference, sum Summary, next *Next, nextErr error) JSON {
	out := JSON{Space: in.Space.String(), Candidates: in.Candidates, Fitting: sum.Fitting,
		Settled: map[string]string{}, Open: map[string][]string{}, Named: sum.Named, End: model.FormatDuration(in.End),
		Kinds: sum.Kinds, Unsettleable: sum.Unsettleable, Indistinguishable: isSettled(nextErr)}
	if out.Named == nil {
		out.Named = []string{}
	}
	for _, lg := range in.Logs {
		out.Logs = append(out.Logs, lg.File)
	}
	if sum.Fitting > 0 {
		for _, s := range sum.Settled {
			out.Settled[s.Knob] = s.Values[0]
		}
		for _, s := range sum.Open {
			out.Open[s.Knob] = s.Values
		}
	} else {
		// No candidate fits: no value of any varied knob is possible.
		for _, a := range in.Space.Axes {
			out.Open[a.Knob] = []string{}
		}
		for _, d := range in.Dropped {
			out.Dropped = append(out.Dropped, DropJSON{File: d.File, Line: d.Line, Check: d.Check,
				Predicted: scenario.JoinPhotos(d.Shown), Candidates: d.Count, Where: d.Where,
				Named: append([]string{}, d.Named...)})
		}
	}
	if next != nil {
		text := next.Scenario(sum)
		out.Next = &text
		info := &NextJSON{Steps: next.Steps, Worst: next.Worst, Best: next.Best, Split: next.Split, MaxSearchGroups: next.MaxGroups}
		for _, o := range next.Outcomes {
			oj := OutcomeJSON{Photo: PhotoWord(o.Photo), Fitting: o.Fitting, Settled: map[string]string{}, Named: o.Named}
			if oj.Named == nil {
				oj.Named = []string{}
			}
			for _, s := range o.Settles(sum) {
				oj.Settled[s.Knob] = s.Values[0]
			}
			info.Outcomes = append(info.Outcomes, oj)
		}
		out.NextInfo = info
	} else if nextErr != nil {
		out.NoNext = nextErr.Error()
	}
	return out
}
