package web

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"net/http"

	"photosync/infer"
	"photosync/scenario"
)

// InferJSON is the answer of /api/infer: the object of `photosync infer
// --json`, and for the page the next experiment as steps (the words of
// `infer --plan`) and one choice per outcome with the lines it appends to
// the log.
type InferJSON struct {
	infer.JSON
	// Plan is the next experiment as `photosync infer --plan` writes it;
	// Steps are its steps, one a step.
	Plan  string   `json:"plan,omitempty"`
	Steps []string `json:"steps,omitempty"`
	// Choices are the next experiment's outcomes, in its order.
	Choices []infer.Choice `json:"choices,omitempty"`
	// Bounded is where a bound stopped the run ("tenant.log:LINE:
	// bounded at …"), or "".
	Bounded string `json:"bounded,omitempty"`
	// NoNextBounded reports that a bound stopped the search for the next
	// experiment (NoNext names it): one may still exist.
	NoNextBounded bool `json:"noNextBounded,omitempty"`
}

// logFile is the file name of the log a request carries.
const logFile = "tenant.log"

// infer answers /api/infer: fields log (the text), space (the text of a
// space file; default infer.Default), viewers and maxStates.
func (s *Server) infer(ctx context.Context, q *request) (any, error) {
	viewers, err := q.number("viewers", 2, 1, s.opts.Viewers)
	if err != nil {
		return nil, err
	}
	maxStates, err := q.number("maxStates", s.opts.MaxInferStates, 1, s.opts.MaxInferStates)
	if err != nil {
		return nil, err
	}
	sp := infer.Default()
	if text := q.get("space"); text != "" {
		if sp, err = infer.ReadSpace("space.json", []byte(text), noFiles("")); err != nil {
			return nil, badInput("space.json", err)
		}
	}
	lg, err := scenario.Parse(logFile, []byte(q.get("log")))
	if err != nil {
		return nil, badInput(logFile, err)
	}
	key := fmt.Sprintf("%d\x00%d\x00%s\x00%s", viewers, maxStates, q.get("space"), q.get("log"))
	sum := sha256.Sum256([]byte(key))
	v, err := s.roundMemo.get(ctx, string(sum[:]), "computing the round", func(wanted func() bool) (any, error) {
		return s.round(sp, lg, viewers, maxStates, func() bool { return !wanted() })
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

// round is one round of the diagnosis (infer.NewRound): the log over
// every candidate, then the next experiment. The engine and the search
// stop when nobody wants the round any more (stop).
func (s *Server) round(sp infer.Space, lg *scenario.Scenario, viewers, maxStates int, stop func() bool) (InferJSON, error) {
	var out InferJSON
	r, err := infer.NewRound(sp, []*scenario.Scenario{lg}, infer.RoundOptions{
		Options: infer.Options{MaxStates: maxStates, MaxBytes: s.opts.MaxBytes, Stop: stop},
		Next:    infer.NextConfig{Viewers: viewers}})
	var bound *infer.BoundError
	var search *infer.SearchError
	switch {
	case errors.Is(err, infer.ErrStopped):
		return out, errAbandoned
	case errors.As(err, &bound):
		out.Bounded = bound.Error()
		return out, nil
	case errors.As(err, &search):
		return out, &apiError{Status: http.StatusInternalServerError, Message: "internal error: " + search.Err.Error()}
	case err != nil:
		return out, badInput(logFile, err)
	}
	out.JSON = r.JSON()
	if none, ok := errors.AsType[*infer.NoExperimentError](r.NextErr); ok {
		out.NoNextBounded = none.Bounded
	}
	out.Plan, out.Steps, out.Choices = r.Plan(), r.Steps(), r.Choices()
	return out, nil
}
