package web

import (
	"context"
	"fmt"
	"net/http"

	"photosync/count"
	"photosync/model"
	"photosync/properties/explore"
	"photosync/verdicts"
)

// CheckJSON is the answer of /api/check: the object of `photosync check
// --json` (verdicts.CheckReport), with "bounded" added when a bound left a
// verdict unknown.
type CheckJSON struct {
	verdicts.CheckReport
	Bounded string `json:"bounded,omitempty"`
}

// check answers /api/check: fields rules (a named rule set; default
// observed) or rulesFile (the text of a rules file, which wins), viewers,
// maxStates and maxDepth. The rule set is checked beside its base
// (verdicts.Check), as `photosync check` checks it.
func (s *Server) check(ctx context.Context, q *request) (any, error) {
	viewers, err := q.number("viewers", 2, 1, s.opts.Viewers)
	if err != nil {
		return nil, err
	}
	maxStates, err := q.number("maxStates", s.opts.MaxStates, 1, s.opts.MaxStates)
	if err != nil {
		return nil, err
	}
	maxDepth, err := q.number("maxDepth", 0, 0, 1<<20)
	if err != nil {
		return nil, err
	}
	var r model.Rules
	if text := q.get("rulesFile"); text != "" {
		if r, err = model.DecodeRules(rulesFileName, []byte(text)); err != nil {
			return nil, badInput(rulesFileName, err)
		}
	} else {
		name := q.get("rules")
		if name == "" {
			name = "observed"
		}
		if r, err = model.Named(name); err != nil {
			return nil, badInput("rules", err)
		}
	}
	var out CheckJSON
	err = s.work(ctx, func(stop func() bool) error {
		// The explorer and the search for an experiment ask stop
		// throughout; a check stopped short is no answer (work answers
		// with why it stopped), its unknowns the stop's, not a bound's.
		t, err := verdicts.Check(explore.Config{Rules: r, Viewers: viewers, MaxStates: maxStates, MaxDepth: maxDepth, Stop: stop}, explore.Explore)
		if stop() {
			return errAbandoned
		}
		if err != nil { // the checker's bug, never a finding
			return &apiError{Status: http.StatusInternalServerError, Message: "internal error: " + err.Error()}
		}
		out.CheckReport = t.CheckReport(false)
		if !t.Complete() {
			out.Bounded = boundedStates(maxStates, "the exploration")
			if maxDepth > 0 {
				out.Bounded = fmt.Sprintf("bounded at %s states or depth %d (the request's maxStates and maxDepth): "+
					"the exploration stopped there, so each verdict it cut short is unknown", count.N(maxStates), maxDepth)
			}
		}
		return nil
	})
	return out, err
}
