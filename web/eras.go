package web

import (
	"context"
	"net/http"
	"strconv"

	"photosync/properties/explore"
	"photosync/verdicts"
)

// erasTable computes the eras table for viewers. Each rule set's
// exploration is bounded as a run of the workbench is; a verdict the bound
// cuts short is unknown, and the answer says so (complete: false). The
// explorer asks stop throughout: a table nobody waits for any more stops
// within milliseconds, and is no answer (errAbandoned).
func (s *Server) erasTable(viewers int) func(func() bool) (any, error) {
	return func(stop func() bool) (any, error) {
		t, err := verdicts.Eras(explore.Config{Viewers: viewers, MaxStates: s.opts.MaxStates, Stop: stop}, explore.Explore)
		if stop() {
			return nil, errAbandoned // its unknowns are the stop's, not a bound's
		}
		if err != nil {
			return nil, &apiError{Status: http.StatusInternalServerError, Message: "internal error: " + err.Error()}
		}
		return t.Report(false), nil
	}
}

// Warm starts computing the eras table of two viewers, the pages'
// default, so that the first visit of /eras finds it ready.
func (s *Server) Warm() { s.erasMemo.start("2", s.erasTable(2)) }

// ErasJSON is the answer of /api/eras: the object of `photosync eras
// --json` (verdicts.Report), with "bounded" added when a bound left a
// verdict unknown.
type ErasJSON struct {
	verdicts.Report
	Bounded string `json:"bounded,omitempty"`
}

// erasAPI answers /api/eras: field viewers (default 2).
func (s *Server) erasAPI(ctx context.Context, q *request) (any, error) {
	viewers, err := q.number("viewers", 2, 1, s.opts.Viewers)
	if err != nil {
		return nil, err
	}
	v, err := s.erasMemo.get(ctx, strconv.Itoa(viewers), "computing the table of every rule set", s.erasTable(viewers))
	if err != nil {
		return nil, err
	}
	out := ErasJSON{Report: v.(verdicts.Report)}
	if !out.Complete {
		out.Bounded = boundedStates(s.opts.MaxStates, "each rule set's exploration")
	}
	return out, nil
}
