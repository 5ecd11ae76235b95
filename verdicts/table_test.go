package verdicts

import (
	"slices"
	"testing"

	"photosync/properties"
	"photosync/properties/explore"
)

// TestCompare: the delta against a base compares decided verdicts only
// (SPEC §4.1): unknown on either side is undecided, holds and holds
// vacuously are alike, an invariant violated on both sides is no change.
func TestCompare(t *testing.T) {
	inv := &properties.Property{Name: "inv", Kind: properties.Invariant}
	goal := &properties.Property{Name: "goal", Kind: properties.Goal}
	const (
		H = properties.Holds
		V = properties.HoldsVacuously
		X = properties.Violated
		U = properties.Unknown
	)
	cases := []struct {
		p         *properties.Property
		now, base properties.Verdict
		want      string // the list it lands in, "" for none
	}{
		{inv, X, H, "breaks"}, {inv, X, V, "breaks"}, {inv, H, X, ""}, {inv, X, X, ""}, {inv, V, H, ""},
		{inv, U, H, "undecided"}, {inv, H, U, "undecided"}, {inv, X, U, "undecided"}, {inv, U, U, "undecided"},
		{goal, H, X, "gains"}, {goal, V, X, "gains"}, {goal, X, H, "losses"}, {goal, X, V, "losses"},
		{goal, H, V, ""}, {goal, X, X, ""}, {goal, U, X, "undecided"}, {goal, X, U, "undecided"},
	}
	for _, c := range cases {
		d := Compare([]explore.Verdict{{Property: c.p, Verdict: c.now}}, []explore.Verdict{{Property: c.p, Verdict: c.base}})
		lists := map[string][]string{"breaks": d.Breaks, "gains": d.Gains, "losses": d.Losses, "undecided": d.Undecided}
		if in := slices.Contains(d.Vacuous, c.p.Name); in != (c.now == V && c.base != V && c.base != U) {
			t.Errorf("%s %s against %s: in vacuous %v", c.p.Kind, c.now, c.base, in)
		}
		if d.Vacuous == nil {
			t.Errorf("vacuous list is nil")
		}
		for name, l := range lists {
			if in := slices.Contains(l, c.p.Name); in != (name == c.want) {
				t.Errorf("%s %s against %s: in %s %v, want it in %q", c.p.Kind, c.now, c.base, name, in, c.want)
			}
			if l == nil {
				t.Errorf("%s list is nil (JSON would write null)", name)
			}
		}
	}
}
