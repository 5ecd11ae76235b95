package infer

import (
	"strings"
	"testing"
)

// TestObservedLeavesTheOutcome: appending Observed(p) to the log and
// running infer again leaves exactly the candidates the outcome of p
// promised, and the plan has one step a move or wait.
func TestObservedLeavesTheOutcome(t *testing.T) {
	sp := Default()
	log := "at 0s change outlook-online\nat 1m observe outlook-online-contact-card observer v1\n"
	_, in := inferText(t, sp, log)
	sum := in.Summary()
	next, err := in.Next(NextConfig{})
	if next == nil {
		t.Fatalf("no next experiment for %d fitting: %v", sum.Fitting, err)
	}
	if got := len(PlanSteps(in, next)); got != next.Steps {
		t.Errorf("%d plan steps, the experiment has %d", got, next.Steps)
	}
	for _, o := range next.Outcomes {
		more := next.Observed(o.Photo)
		if !strings.Contains(more, " observe ") {
			t.Fatalf("Observed(%s) has no observe line:\n%s", o.Photo, more)
		}
		_, after := inferText(t, sp, log+more)
		if got := after.Summary().Fitting; got != o.Fitting {
			t.Errorf("after observing %s: %d fit, the outcome said %d\n%s", o.Photo, got, o.Fitting, log+more)
		}
	}
}
