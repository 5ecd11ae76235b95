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
	Choices []ChoiceJSON `json:"choices,omitempty"`
	// Bounded is where a bound stopped the run ("tenant.log:LINE:
	// bounded at …"), or "".
	Bounded string `json:"bounded,omitempty"`
	// NoNextBounded reports that a bound stopped the search for the next
	// experiment (NoNext names it): one may still exist.
	NoNextBounded bool `json:"noNextBounded,omitempty"`
}

// ChoiceJSON is one outcome of the next experiment for a person: "I saw
// v1", what it would leave, and the lines to append to the log.
type ChoiceJSON struct {
	Label  string `json:"label"`
	Photo  string `json:"photo"`
	Words  string `json:"words"`
	Append string `json:"append"`
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
		return s.round(sp, lg, viewers, maxStates, wanted)
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

// round is one round of the diagnosis: the log over every candidate, then
// the next experiment. The engine cannot stop midway; the search for the
// next experiment, most of a round, does not start once nobody wants the
// round (wanted).
func (s *Server) round(sp infer.Space, lg *scenario.Scenario, viewers, maxStates int, wanted func() bool) (InferJSON, error) {
	var out InferJSON
	in, err := infer.Run(sp, []*scenario.Scenario{lg}, infer.Options{MaxStates: maxStates, MaxBytes: s.opts.MaxBytes})
	var bound *infer.BoundError
	switch {
	case errors.As(err, &bound):
		out.Bounded = bound.Error()
		return out, nil
	case err != nil:
		return out, badInput(logFile, err)
	}
	sum := in.Summary()
	var next *infer.Next
	var nextErr error
	if sum.Fitting > 1 {
		if !wanted() {
			return out, errAbandoned
		}
		next, nextErr = in.Next(infer.NextConfig{Viewers: viewers})
		var none *infer.NoExperimentError
		if nextErr != nil && !errors.As(nextErr, &none) {
			return out, &apiError{Status: http.StatusInternalServerError, Message: "internal error: " + nextErr.Error()}
		}
	}
	out.JSON = infer.NewJSON(in, sum, next, nextErr)
	if none, ok := errors.AsType[*infer.NoExperimentError](nextErr); ok {
		out.NoNextBounded = none.Bounded
	}
	if next != nil {
		out.Plan = infer.Plan(in, sum, next)
		out.Steps = infer.PlanSteps(in, next)
		for _, o := range next.Outcomes {
			word := infer.PhotoWord(o.Photo)
			out.Choices = append(out.Choices, ChoiceJSON{Label: "I saw " + word, Photo: o.Photo.String(),
				Words: infer.OutcomeWords(sum, o), Append: next.Observed(o.Photo)})
		}
	}
	return out, nil
}
