package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"photosync/experiment"
	"photosync/infer"
	"photosync/model"
	"photosync/scenario"
)

// defaultInferStates bounds the possible states of every group together.
// It is lower than run's: each group keeps a Set of its own, and a log
// without observations keeps thousands of groups, each with the states no
// observation narrowed (a 1,000-line log of unchecked changes and views
// reached 20,000 at its 38th line in 2 s and 390 MB; 100,000 took 3 GB).
const defaultInferStates = 20_000

const exitsInfer = "0 a candidate fits every log, 1 none does or a bound stopped the run, 2 bad input, 3 internal error"

// inferFlags are the options of `photosync infer`.
type inferFlags struct {
	space               string
	json, plan, next    bool
	viewers, maxDepth   int
	maxStates, maxGroup int
}

// infer is `photosync infer`: which candidate rule sets fit the logs, what
// they settle, and the next experiment.
func (c cli) infer(args []string) int {
	fs := c.flags("infer", "[--space FILE] [--json] [--plan] [--max-depth N] [--viewers N] [--max-states N] [--max-groups N] LOG...", exitsInfer)
	var f inferFlags
	fs.StringVar(&f.space, "space", "", "the candidates, a space `FILE` ({\"base\": …, \"vary\": {…}, \"named\": true}); default: observed, every enumerated and boolean knob over all its values, and the named rule sets")
	fs.BoolVar(&f.json, "json", false, "print the answer as JSON")
	fs.BoolVar(&f.plan, "plan", false, "write the next experiment as steps for a person, each outcome with what it would settle")
	fs.BoolVar(&f.next, "next", true, "search for the next experiment (--next=false: only the answer)")
	fs.IntVar(&f.viewers, "viewers", 2, fmt.Sprintf("how many viewers the next experiment may use (1 to %d)", model.MaxViewers))
	fs.IntVar(&f.maxDepth, "max-depth", experiment.DefaultMaxDepth, "the next experiment has at most this many steps (actions and waits)")
	fs.IntVar(&f.maxStates, "max-states", defaultInferStates, "stop at the line where every group of candidates together would track more than this many possible states (0: no bound but memory's, 1 GiB)")
	fs.IntVar(&f.maxGroup, "max-groups", infer.DefaultMaxGroups, "stop at the line where the logs would keep more than this many groups of candidates apart")
	if code, done := c.parse(fs, args); done {
		return code
	}
	switch {
	case fs.NArg() == 0:
		return c.fail("infer", exitUsage, "no log files (want at least one LOG: actions and observe lines)")
	case c.badViewers("infer", f.viewers):
		return exitUsage
	case f.maxDepth < 1:
		return c.fail("infer", exitUsage, "--max-depth %d (want at least 1)", f.maxDepth)
	case f.maxStates < 0:
		return c.fail("infer", exitUsage, "--max-states %d (want a number ≥ 0)", f.maxStates)
	case f.maxGroup < 1:
		return c.fail("infer", exitUsage, "--max-groups %d (want at least 1)", f.maxGroup)
	case f.json && f.plan:
		return c.fail("infer", exitUsage, "--json and --plan together (want one: the JSON carries the experiment as a scenario)")
	}
	sp := infer.Default()
	if f.space != "" {
		data, err := c.rulesLoader()(f.space)
		if err == nil {
			sp, err = infer.ReadSpace(f.space, data, c.rulesLoader())
		}
		if err != nil {
			return c.fail("infer", exitUsage, "%v", err)
		}
	}
	var logs []*scenario.Scenario
	for _, file := range fs.Args() {
		data, err := c.load(file)
		if err != nil {
			return c.fail("infer", exitUsage, "%v", err)
		}
		sc, err := scenario.Parse(file, data)
		if err != nil {
			return c.fail("infer", exitUsage, "%v", err)
		}
		logs = append(logs, sc)
	}
	in, err := infer.Run(sp, logs, infer.Options{MaxStates: f.maxStates, MaxBytes: maxStateBytes, MaxGroups: f.maxGroup})
	var bound *infer.BoundError
	switch {
	case errors.As(err, &bound):
		fmt.Fprintln(c.stdout, bound)
		return exitMismatch
	case err != nil:
		return c.fail("infer", exitUsage, "%v", err)
	}
	sum := in.Summary()
	var next *infer.Next
	var nextErr error
	if f.next && sum.Fitting > 1 {
		next, nextErr = in.Next(infer.NextConfig{Viewers: f.viewers, MaxDepth: f.maxDepth})
		var none *infer.NoExperimentError
		if nextErr != nil && !errors.As(nextErr, &none) {
			return c.fail("infer", exitInternal, "%v", nextErr)
		}
	}
	switch {
	case f.json:
		if err := writeInferJSON(c.stdout, in, sum, next, nextErr); err != nil {
			return c.fail("infer", exitInternal, "%v", err)
		}
	default:
		writeInfer(c.stdout, in, sum, next, nextErr, f.plan)
	}
	if sum.Fitting == 0 {
		return exitMismatch
	}
	return exitOK
}

// writeInfer writes the answer for a person: the count, what is settled,
// what is open, the named rule sets, then the next experiment.
func writeInfer(w io.Writer, in *infer.Inference, sum infer.Summary, next *infer.Next, nextErr error, plan bool) {
	var files []string
	for _, lg := range in.Logs {
		files = append(files, lg.File)
	}
	fmt.Fprintf(w, "%s of %s candidates fit %s (space: %s).\n", experiment.Thousands(sum.Fitting),
		experiment.Thousands(in.Candidates), strings.Join(files, ", "), in.Space)
	if sum.Fitting == 0 {
		writeDropped(w, in.Dropped)
		return
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
			fmt.Fprintf(tw, "  %s\t%s\n", s.Knob, strings.Join(s.Values, ", "))
		}
	}
	tw.Flush()
	if len(in.Space.Named) > 0 {
		if len(sum.Named) == 0 {
			fmt.Fprintf(w, "\nNone of the %d named rule sets fits.\n", len(in.Space.Named))
		} else {
			fmt.Fprintf(w, "\nNamed rule sets that fit: %s.\n", strings.Join(sum.Named, ", "))
		}
	}
	switch {
	case sum.Fitting == 1:
		fmt.Fprintln(w, "\nOne candidate fits: no experiment is needed.")
	case next != nil && plan:
		fmt.Fprintf(w, "\n%s", planOf(in, sum, next))
	case next != nil:
		fmt.Fprintf(w, "\nNext experiment: %s.\n%s", nextSentence(sum, next), next.Scenario(sum))
	case nextErr != nil:
		fmt.Fprintf(w, "\nNo next experiment: %v.\n", nextErr)
	}
}

// nextSentence says how good the next experiment is.
func nextSentence(sum infer.Summary, next *infer.Next) string {
	s := fmt.Sprintf("%d steps; whatever its last view shows, at most %s of the %s fitting candidates stay",
		next.Steps, experiment.Thousands(next.Worst), experiment.Thousands(sum.Fitting))
	if next.Steps == 1 {
		s = strings.Replace(s, "1 steps", "1 step", 1)
	}
	if !next.Best {
		s += fmt.Sprintf(" (the search kept %d groups of candidates apart and stopped there: a shorter or sharper experiment may exist)", next.Groups)
	}
	return s
}

// maxDropsShown is how many groups of dropped candidates the text lists.
const maxDropsShown = 20

// writeDropped says where the last candidates dropped out.
func writeDropped(w io.Writer, drops []infer.Drop) {
	if len(drops) == 0 {
		return
	}
	n := 0
	for _, d := range drops {
		n += d.Count
	}
	d0 := drops[0]
	fmt.Fprintf(w, "\nThe last %s dropped out at %s:%d (%s):\n", plural(n, "candidate"), d0.File, d0.Line, d0.Check)
	for i, d := range drops {
		if i == maxDropsShown && len(drops) > maxDropsShown+1 {
			fmt.Fprintf(w, "  - and %d more groups of candidates (--json lists them all)\n", len(drops)-i)
			break
		}
		fmt.Fprintf(w, "  - %s (%s) predicted %s\n", d.Where, plural(d.Count, "candidate"), scenario.JoinPhotos(d.Shown))
	}
}

// plural writes "1 candidate", "3,456 candidates".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return experiment.Thousands(n) + " " + word + "s"
}

// planOf writes the next experiment as steps for a person.
func planOf(in *infer.Inference, sum infer.Summary, next *infer.Next) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Next experiment: %s.\n\n", nextSentence(sum, next))
	fmt.Fprintf(&b, "Carry on from the end of %s (at %s): follow these steps, each right after the one before unless a step says to wait.\n",
		next.Log, model.FormatDuration(in.End))
	n := 0
	prev := in.End
	for _, m := range next.Moves {
		if m.At > prev {
			n++
			fmt.Fprintf(&b, "%d. Wait %s.\n", n, experiment.HumanDuration(m.At-prev))
			prev = m.At
		}
		n++
		fmt.Fprintf(&b, "%d. %s\n", n, experiment.Sentence(m.Action, m.Photo))
	}
	fmt.Fprintf(&b, "\nWhat you see in step %d tells you:\n", n)
	for _, o := range next.Outcomes {
		fmt.Fprintf(&b, "- %s: %s.\n", photoWord(o.Photo), outcomeWords(sum, o))
	}
	b.WriteString("- anything else: no candidate of the space fits.\n")
	last := next.Moves[len(next.Moves)-1].Action
	fmt.Fprintf(&b, "\nThen add the steps to %s, the last as `observe %s %s PHOTO`, and run photosync infer again.\n",
		next.Log, last.Surface, last.Viewer)
	return b.String()
}

func photoWord(p model.Photo) string {
	if p == model.NoPhoto {
		return "no photo"
	}
	return p.String()
}

// outcomeWords says what an outcome leaves, in words.
func outcomeWords(sum infer.Summary, o infer.Outcome) string {
	s := fmt.Sprintf("%s of the %s fitting candidates stay", experiment.Thousands(o.Fitting), experiment.Thousands(sum.Fitting))
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

// inferJSON is the answer as data.
type inferJSON struct {
	Logs       []string            `json:"logs"`
	Space      string              `json:"space"`
	Candidates int                 `json:"candidates"`
	Fitting    int                 `json:"fitting"`
	Settled    map[string]string   `json:"settled"`
	Open       map[string][]string `json:"open"`
	Named      []string            `json:"named"`
	Next       *string             `json:"next"`
	NextInfo   *nextJSON           `json:"nextInfo,omitempty"`
	NoNext     string              `json:"noNext,omitempty"`
	Dropped    []dropJSON          `json:"dropped,omitempty"`
	End        string              `json:"end"`
}

type nextJSON struct {
	Steps    int           `json:"steps"`
	Worst    int           `json:"worst"`
	Best     bool          `json:"best"`
	Outcomes []outcomeJSON `json:"outcomes"`
}

type outcomeJSON struct {
	Photo   string            `json:"photo"`
	Fitting int               `json:"fitting"`
	Settled map[string]string `json:"settled"`
	Named   []string          `json:"named"`
}

type dropJSON struct {
	File       string `json:"file"`
	Line       int    `json:"line"`
	Check      string `json:"check"`
	Predicted  string `json:"predicted"`
	Candidates int    `json:"candidates"`
	Where      string `json:"where"`
}

func writeInferJSON(w io.Writer, in *infer.Inference, sum infer.Summary, next *infer.Next, nextErr error) error {
	out := inferJSON{Space: in.Space.String(), Candidates: in.Candidates, Fitting: sum.Fitting,
		Settled: map[string]string{}, Open: map[string][]string{}, Named: sum.Named, End: model.FormatDuration(in.End)}
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
			out.Dropped = append(out.Dropped, dropJSON{File: d.File, Line: d.Line, Check: d.Check,
				Predicted: scenario.JoinPhotos(d.Shown), Candidates: d.Count, Where: d.Where})
		}
	}
	if next != nil {
		text := next.Scenario(sum)
		out.Next = &text
		info := &nextJSON{Steps: next.Steps, Worst: next.Worst, Best: next.Best}
		for _, o := range next.Outcomes {
			oj := outcomeJSON{Photo: photoWord(o.Photo), Fitting: o.Fitting, Settled: map[string]string{}, Named: o.Named}
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
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
