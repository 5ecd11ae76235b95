package explore

import (
	"testing"

	"photosync/model"
	"photosync/properties"
)

// TestProjectionBound: MaxProjectionStates stops each projection at its
// bound on its own. A property of a stopped projection that found no
// violation is unknown, never holds; every other verdict is the unbounded
// one, with a counterexample as long; the projections under the bound are
// decided although others stopped before them (unlike MaxStates, which
// leaves every later projection unexplored); and Result.Stopped says which
// bound stopped how many projections.
func TestProjectionBound(t *testing.T) {
	r := model.Observed()
	const bound = 40
	full := Explore(Config{Rules: r})
	if !full.Complete || len(full.Stopped) != 0 {
		t.Fatalf("observed: complete %v, stopped %v", full.Complete, full.Stopped)
	}
	stopped := 0 // the projections that hold more than the bound unbounded
	for _, g := range groups(&r, properties.Catalog(), 2) {
		if gr := exploreGroup(&Config{Rules: r, Viewers: 2, Props: properties.Catalog()}, g, 0, nil); gr.states > bound {
			stopped++
		}
	}
	res := Explore(Config{Rules: r, MaxProjectionStates: bound})
	if res.Complete || len(res.Stopped) != 1 || res.Stopped[0].Bound != BoundProjectionStates ||
		res.Stopped[0].Limit != bound || res.Stopped[0].Projections == 0 || res.Stopped[0].Projections > stopped {
		t.Fatalf("complete %v, stopped %+v; want one stop of --max-projection-states %d in 1 to %d projections",
			res.Complete, res.Stopped, bound, stopped)
	}
	decided, unknown := 0, 0
	for i, v := range res.Verdicts {
		want := full.Verdicts[i]
		switch {
		case v.Verdict == properties.Unknown:
			unknown++
			if want.Verdict == properties.Violated && len(want.Example.Events) <= 1 {
				t.Errorf("%s: unknown, though a 1-step counterexample lies under any bound", v.Property.Name)
			}
		case v.Verdict != want.Verdict:
			t.Errorf("%s: %s under the bound, %s without", v.Property.Name, v.Verdict, want.Verdict)
		case v.Verdict == properties.Violated && len(v.Example.Events) != len(want.Example.Events):
			t.Errorf("%s: a counterexample of %d events under the bound, %d without", v.Property.Name,
				len(v.Example.Events), len(want.Example.Events))
		default:
			decided++
		}
	}
	if unknown == 0 || decided == 0 {
		t.Errorf("%d verdicts unknown, %d decided: want some of each under a bound of %d states a projection", unknown, decided, bound)
	}
	// The same number in all stops every projection after the first ones.
	all := Explore(Config{Rules: r, MaxStates: bound})
	left := 0
	for _, v := range all.Verdicts {
		if v.Verdict == properties.Unknown {
			left++
		}
	}
	if left <= unknown || len(all.Stopped) != 1 || all.Stopped[0].Bound != BoundStates {
		t.Errorf("MaxStates %d: %d unknown (want more than %d), stopped %+v", bound, left, unknown, all.Stopped)
	}
}
