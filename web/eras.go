package web

import (
	"context"
	"net/http"

	"photosync/properties/explore"
	"photosync/verdicts"
)

// erasEntry is the eras table for one number of viewers: computed once,
// by the first request that asks (or Warm), and kept; done is closed when
// rep or err is set.
type erasEntry struct {
	done chan struct{}
	rep  verdicts.Report
	err  error
}

// erasTable returns the entry for viewers, starting its computation the
// first time. The computation takes a slot like any request's, and runs
// to its end even if every request waiting for it went away: the table is
// deterministic, so the next request finds it done.
func (s *Server) erasTable(viewers int) *erasEntry {
	s.erasMu.Lock()
	defer s.erasMu.Unlock()
	if e, ok := s.eras[viewers]; ok {
		return e
	}
	e := &erasEntry{done: make(chan struct{})}
	s.eras[viewers] = e
	go func() {
		defer close(e.done)
		s.slots <- struct{}{}
		defer func() { <-s.slots }()
		e.err = s.safely(func() error {
			// Each rule set's exploration is bounded as a run of the
			// workbench is; a verdict the bound cuts short is unknown,
			// and the answer says so (complete: false).
			t, err := verdicts.Eras(viewers, s.opts.MaxStates, explore.Explore)
			if err != nil {
				return &apiError{Status: http.StatusInternalServerError, Message: "internal error: " + err.Error()}
			}
			e.rep = t.Report(false)
			return nil
		})
	}()
	return e
}

// Warm starts computing the eras table of two viewers, the pages'
// default, so that the first visit of /eras finds it ready.
func (s *Server) Warm() { s.erasTable(2) }

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
	e := s.erasTable(viewers)
	select {
	case <-e.done:
	case <-ctx.Done():
		return nil, s.stopped(ctx, "computing the table of every rule set (it goes on computing: ask again later)")
	}
	if e.err != nil {
		return nil, e.err
	}
	out := ErasJSON{Report: e.rep}
	if !e.rep.Complete {
		out.Bounded = boundedStates(s.opts.MaxStates, "each rule set's exploration")
	}
	return out, nil
}
