package experiment

import (
	"testing"
	"time"

	"photosync/model"
	"photosync/model/modeltest"
)

// TestEquivalentRules: a rules file that restates observed's defaults
// cannot be told from observed, and the search says so at once, without
// exploring a situation, whatever its bounds.
func TestEquivalentRules(t *testing.T) {
	a, b := load(t, "observed"), load(t, "testdata/rules/restated.json")
	if d := model.Changed(a, b); len(d) > 0 {
		t.Fatalf("restated.json changes %v", d)
	}
	for _, cfg := range []Config{{A: a, B: b}, {A: b, B: a, Viewers: 4, MaxDepth: 30, MaxSituations: 1 << 30}} {
		res, err := Search(cfg)
		if err != nil {
			t.Fatal(err)
		}
		want := "no experiment of any length tells " + cfg.A.Name + " from " + cfg.B.Name + ": they set every knob alike"
		if got := res.Statement(); got != want {
			t.Errorf("statement\n%s\nwant\n%s", got, want)
		}
		if res.Experiment != nil || !res.Equivalent || !res.Exhausted || res.OutOfBudget || res.Situations != 0 {
			t.Errorf("%+v", res)
		}
		if res.Elapsed > 100*time.Millisecond {
			t.Errorf("took %s", res.Elapsed)
		}
	}
	// A bad configuration is still an error.
	if _, err := Search(Config{A: a, B: b, Viewers: 5}); err == nil {
		t.Error("5 viewers: no error")
	}
}

// TestNotEquivalent: rule sets that set every knob alike but one of which
// plants a defect (model.Rules.Amend) behave differently, and are searched.
func TestNotEquivalent(t *testing.T) {
	faulty := model.Observed()
	faulty.Name, faulty.Amend = "faulty", modeltest.RestartKeepsCache
	res, err := Search(Config{A: model.Observed(), B: faulty, MaxDepth: 5})
	if err != nil {
		t.Fatal(err)
	}
	if res.Equivalent || res.Experiment == nil {
		t.Fatalf("observed and a rule set that keeps the Outlook cache on restart: %s", res.Statement())
	}
	if err := res.Experiment.Check(nil); err != nil {
		t.Error(err)
	}
}
