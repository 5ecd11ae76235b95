package explore

import (
	"testing"

	"photosync/model"
	"photosync/properties"
)

// vacuousBySpec are the properties that hold vacuously under observed or
// ideal because the SPEC says so, each with its reason. Every other
// property of the catalog that holds there must hold with a witness: a
// vacuous proof of it would be a property that speaks of nothing those
// rules do.
var vacuousBySpec = map[string]map[string]string{
	"observed": {
		"refused-changes-change-nothing": "SPEC §4.1: under observed nothing is refused",
	},
	"ideal": {
		"refused-changes-change-nothing": "SPEC §4.1: as under observed, nothing is refused (ideal changes no refusal knob, §3)",
		"sharepoint-stale-only-within-window-or-without-visit": "SPEC §3: ideal has window 0s and visit never, " +
			"so SharePoint imports Exchange's photo at once and never lags it (what §4.1's trigger speaks of)",
	},
}

// TestVacuity: under observed and ideal every property that holds holds
// with a witness that confirms, unless vacuousBySpec names it; the SPEC's
// own examples (§4.1) hold vacuously: refused-changes-change-nothing under
// observed, dirsync-latest-wins with dirsync.thumbnails false; and
// outlook-online-converges does not under observed.
func TestVacuity(t *testing.T) {
	for _, name := range []string{"observed", "ideal"} {
		r, err := model.Named(name)
		if err != nil {
			t.Fatal(err)
		}
		res := Explore(Config{Rules: r})
		if !res.Complete {
			t.Fatalf("%s: not complete", name)
		}
		for _, v := range res.Verdicts {
			why, sanctioned := vacuousBySpec[name][v.Property.Name]
			switch {
			case v.Err != nil:
				t.Errorf("%s: %s: %v", name, v.Property.Name, v.Err)
			case v.Verdict == properties.HoldsVacuously && !sanctioned:
				t.Errorf("%s: %s holds vacuously: no run reaches %s", name, v.Property.Name, v.Property.Trigger.Doc)
			case v.Verdict != properties.HoldsVacuously && sanctioned:
				t.Errorf("%s: %s: %s, want it to hold vacuously (%s)", name, v.Property.Name, v.Verdict, why)
			case v.Verdict == properties.Holds && v.Witness == nil:
				t.Errorf("%s: %s holds without a witness", name, v.Property.Name)
			case v.Verdict != properties.Holds && v.Witness != nil:
				t.Errorf("%s: %s: %s with a witness", name, v.Property.Name, v.Verdict)
			}
		}
		if v := verdict(t, res, "outlook-online-converges"); name == "observed" && v.Verdict != properties.Holds {
			t.Errorf("observed: outlook-online-converges %s, want it to hold with a witness", v.Verdict)
		}
	}
	p, _ := properties.Lookup("dirsync-latest-wins")
	r := rulesWith(t, "no-thumbnails", "dirsync.thumbnails", "false")
	if v := Explore(Config{Rules: r, Props: []*properties.Property{p}}).Verdicts[0]; v.Verdict != properties.HoldsVacuously {
		t.Errorf("dirsync.thumbnails false: dirsync-latest-wins %s, want it to hold vacuously (SPEC §4.1)", v.Verdict)
	}
}

// TestCounterexamplesReachTheTrigger: every counterexample of the named
// rule sets reaches its property's trigger (replayed on concrete time
// with the trigger as the property judged), so that a trigger never
// speaks of less than its monitors judge, and a witness is what a
// counterexample would have been had the check failed.
func TestCounterexamplesReachTheTrigger(t *testing.T) {
	for _, name := range []string{"observed", "ideal", "transition-2023"} {
		r, _ := model.Named(name)
		res := Explore(Config{Rules: r})
		for _, v := range res.Verdicts {
			if v.Example == nil {
				continue
			}
			ex := *v.Example
			ex.Property = v.Property.Reaching()
			if err := confirm(&r, 2, &ex); err != nil {
				t.Errorf("%s: %s: its counterexample does not reach %s: %v", name, v.Property.Name, v.Property.Trigger.Doc, err)
			}
		}
	}
}
