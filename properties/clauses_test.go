package properties_test

import (
	"testing"

	"photosync/model/modeltest"
	"photosync/properties"
	"photosync/scenario"
)

// TestClausesViolated: for each clause of modeltest.Clauses, the model
// with that clause's defect planted violates the property in every
// possible run of the clause's scenario, and the same scenario under
// observed (nothing planted) does not: so a monitor that lost the clause
// fails here.
func TestClausesViolated(t *testing.T) {
	for _, c := range modeltest.Clauses() {
		t.Run(c.Property+"/"+c.Rules.Name, func(t *testing.T) {
			sc, err := scenario.Parse(c.Rules.Name+".scenario", []byte(c.Scenario))
			if err != nil {
				t.Fatal(err)
			}
			run := func(amended bool) []scenario.Outcome {
				r := c.Rules
				if !amended {
					r.Amend = nil
				}
				res, err := scenario.Run(sc, r, scenario.Options{Judge: properties.NewJudge(properties.Catalog(), 2), Viewers: 2})
				if err != nil {
					t.Fatal(err)
				}
				return res.Outcomes
			}
			for _, o := range run(true) {
				if o.Status != scenario.Held {
					t.Errorf("with the defect planted (%s): %s", c.Clause, o)
				}
			}
			if o := run(false)[0]; o.Status == scenario.Held {
				t.Errorf("without the defect: %s", o)
			}
		})
	}
}
