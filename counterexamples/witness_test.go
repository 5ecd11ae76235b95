package counterexamples

import (
	"strings"
	"testing"

	"photosync/model"
	"photosync/properties/explore"
	"photosync/scenario"
)

// TestWitness: every witness under observed is written as a scenario that
// parses and replays under observed, naming what it reaches.
func TestWitness(t *testing.T) {
	r := model.Observed()
	res := explore.Explore(explore.Config{Rules: r})
	n := 0
	for _, v := range res.Verdicts {
		if v.Witness == nil {
			continue
		}
		n++
		text := Witness(r, v.Witness)
		if !strings.Contains(text, v.Property.Trigger.Doc) || !strings.HasPrefix(text, "# "+v.Property.Title()) {
			t.Errorf("%s: the witness does not say what it reaches:\n%s", v.Property.Name, text)
		}
		sc, err := scenario.Parse(v.Property.Name+".scenario", []byte(text))
		if err != nil {
			t.Errorf("%s: %v\n%s", v.Property.Name, err, text)
			continue
		}
		if _, err := NewReport(v.Property.Name, sc, r, 2); err != nil {
			t.Errorf("%s: the witness does not replay: %v\n%s", v.Property.Name, err, text)
		}
	}
	if n == 0 {
		t.Fatalf("no witness under observed")
	}
}
