package infer

import (
	"errors"
	"fmt"
	"io"

	"photosync/scenario"
)

// Round is one round of a diagnosis: the logs run over every candidate,
// what the fitting candidates settle, and the next experiment or why there
// is none. `photosync infer` prints one round; `photosync serve` answers
// one at every request of /api/infer, and shows it (Plan, Steps, Choices).
type Round struct {
	In      *Inference
	Summary Summary
	// Next is the next experiment: nil when fewer than two candidates fit,
	// with RoundOptions.NoNext, or when the search found none (NextErr, a
	// *NoExperimentError, says why).
	Next    *Next
	NextErr error
}

// RoundOptions bound a round.
type RoundOptions struct {
	// Options bound the run of the logs; their Stop stops the search too.
	Options
	// Next bounds the search for the next experiment.
	Next NextConfig
	// NoNext skips the search (photosync infer --next=false): the round is
	// only the answer.
	NoNext bool
}

// SearchError is a failure of the search for the next experiment other
// than finding none: the checker's own error, not bad input.
type SearchError struct{ Err error }

func (e *SearchError) Error() string { return fmt.Sprintf("the next experiment: %v", e.Err) }

// Unwrap returns the search's error.
func (e *SearchError) Unwrap() error { return e.Err }

// NewRound runs one round: Run over the logs, their Summary, then, when
// more than one candidate fits, Next. Its error is Run's (bad input, a
// *BoundError), ErrStopped when Options.Stop stopped it, or a
// *SearchError; a search that finds no experiment is no error of the round
// (Round.NextErr).
func NewRound(sp Space, logs []*scenario.Scenario, opts RoundOptions) (*Round, error) {
	in, err := Run(sp, logs, opts.Options)
	if err != nil {
		return nil, err
	}
	r := &Round{In: in, Summary: in.Summary()}
	if opts.NoNext || r.Summary.Fitting <= 1 {
		return r, nil
	}
	if opts.stopped() {
		return nil, ErrStopped
	}
	r.Next, r.NextErr = in.Next(opts.Next)
	switch _, none := errors.AsType[*NoExperimentError](r.NextErr); {
	case errors.Is(r.NextErr, ErrStopped):
		return nil, ErrStopped
	case r.NextErr != nil && !none:
		return nil, &SearchError{Err: r.NextErr}
	}
	return r, nil
}

// JSON is the round as data: the object of `photosync infer --json`.
func (r *Round) JSON() JSON { return NewJSON(r.In, r.Summary, r.Next, r.NextErr) }

// WriteText writes the round for a person, as `photosync infer` prints it
// (with plan, the next experiment as steps: `infer --plan`).
func (r *Round) WriteText(w io.Writer, plan bool) {
	WriteText(w, r.In, r.Summary, r.Next, r.NextErr, plan)
}

// Plan is the next experiment as `photosync infer --plan` writes it, or ""
// when there is none.
func (r *Round) Plan() string {
	if r.Next == nil {
		return ""
	}
	return Plan(r.In, r.Summary, r.Next)
}

// Steps are the next experiment's steps in words, one a step (PlanSteps),
// or nil when there is none.
func (r *Round) Steps() []string {
	if r.Next == nil {
		return nil
	}
	return PlanSteps(r.In, r.Next)
}

// Choice is one outcome of the next experiment as a person picks it: "I
// saw v1", what it would leave, and the lines it appends to the log.
type Choice struct {
	Label  string `json:"label"`
	Photo  string `json:"photo"`
	Words  string `json:"words"`
	Append string `json:"append"`
}

// Choices are the next experiment's outcomes in its order, each as a
// person picks it; nil when there is no next experiment.
func (r *Round) Choices() []Choice {
	if r.Next == nil {
		return nil
	}
	var out []Choice
	for _, o := range r.Next.Outcomes {
		out = append(out, Choice{Label: "I saw " + PhotoWord(o.Photo), Photo: o.Photo.String(),
			Words: OutcomeWords(r.Summary, o), Append: r.Next.Observed(o.Photo)})
	}
	return out
}

// ErrStopped is the error of a run, a search or a round that Options.Stop
// stopped before its end: its caller says why (cancelled, a time limit);
// it is never an answer.
var ErrStopped = errors.New("stopped before the end")

// stopped reports whether Stop says to stop.
func (o *Options) stopped() bool { return o.Stop != nil && o.Stop() }
