package infer

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"photosync/scenario"
)

// TestNewRound: a round is Run, the summary and, when more than one
// candidate fits, Next, the same as calling them one after another; NoNext
// skips the search, a search that finds nothing is no error of the round,
// and a Stop that reports true stops it with ErrStopped.
func TestNewRound(t *testing.T) {
	sp, err := ReadSpace("space.json", []byte(`{"base": "observed", "vary": {"photo.source": ["on-premises"], "yammer.editable": "all", "owa.cacheTTL": ["10s", "11s"]}}`), nil)
	if err != nil {
		t.Fatal(err)
	}
	lg, in := inferText(t, sp, threeLines)
	logs := []*scenario.Scenario{lg}
	want, err := in.Next(NextConfig{})
	if err != nil || want == nil {
		t.Fatalf("Next: %v, %v", want, err)
	}
	sum := in.Summary()

	r, err := NewRound(sp, logs, RoundOptions{})
	if err != nil || r.Next == nil || r.NextErr != nil {
		t.Fatalf("NewRound: %+v, %v", r, err)
	}
	if got := r.Next.Scenario(r.Summary); r.Summary.Fitting != sum.Fitting || got != want.Scenario(sum) {
		t.Errorf("the round's %d fitting and next experiment\n%s\ndiffer from Run and Next's %d and\n%s", r.Summary.Fitting, got, sum.Fitting, want.Scenario(sum))
	}
	if got := r.Steps(); !slices.Equal(got, PlanSteps(in, want)) || !strings.HasPrefix(r.Plan(), "Next experiment: ") {
		t.Errorf("steps %q, plan %q", got, r.Plan())
	}
	choices := r.Choices()
	if len(choices) != len(want.Outcomes) {
		t.Fatalf("%d choices for %d outcomes", len(choices), len(want.Outcomes))
	}
	for i, c := range choices {
		o := want.Outcomes[i]
		if c.Photo != o.Photo.String() || c.Label != "I saw "+PhotoWord(o.Photo) || c.Append != want.Observed(o.Photo) || c.Words != OutcomeWords(sum, o) {
			t.Errorf("choice %d: %+v for outcome %v", i, c, o.Photo)
		}
	}

	r, err = NewRound(sp, logs, RoundOptions{NoNext: true})
	if err != nil || r.Next != nil || r.NextErr != nil || r.Plan() != "" || r.Steps() != nil || r.Choices() != nil {
		t.Errorf("with NoNext: %v, next %v, %v", err, r.Next, r.NextErr)
	}

	r, err = NewRound(sp, logs, RoundOptions{Next: NextConfig{MaxWork: 2}})
	var none *NoExperimentError
	if err != nil || r.Next != nil || !errors.As(r.NextErr, &none) {
		t.Errorf("with a search bounded to nothing: %v, next %v, %v (want a NoExperimentError in NextErr)", err, r, err)
	}

	r, err = NewRound(sp, logs, RoundOptions{Options: Options{Stop: func() bool { return true }}})
	if !errors.Is(err, ErrStopped) || r != nil {
		t.Errorf("stopped: %v, %v (want ErrStopped)", r, err)
	}
}
