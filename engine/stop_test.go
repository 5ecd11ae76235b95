package engine_test

import (
	"errors"
	"testing"
	"time"

	countof "photosync/count"
	"photosync/engine"
	"photosync/model"
)

// TestStop: Options.Stop is asked at every step and every 64 beliefs
// stepped; once it reports true the Set stops as at a bound, with
// BoundError.Stopped, in the middle of an action that steps many beliefs,
// and changes nothing more until Reset.
func TestStop(t *testing.T) {
	r := model.Observed()
	asked, stop := 0, false
	set := engine.New(&r, engine.Options{Stop: func() bool { asked++; return stop }})
	view := model.Action{Kind: model.View, Surface: model.OutlookClientSurface}
	for k := 1; set.Len() < 1000; k++ {
		set.Commit(set.Apply(time.Duration(k)*time.Minute, model.Action{Kind: model.Change, Source: model.FromOutlookOnline}, nil), nil)
		for _, v := range model.Viewers(3) {
			view.Viewer = v
			set.Commit(set.Apply(time.Duration(k)*time.Minute, view, nil), nil)
		}
	}
	if set.Err() != nil || asked == 0 {
		t.Fatalf("Err() = %v after %d questions, want none", set.Err(), asked)
	}
	n, acts := set.Len(), set.Actions()
	asked = 0
	outs := set.Apply(time.Hour, view, nil)
	if want := n / 64; asked < want {
		t.Errorf("Stop asked %d times while an action stepped %d beliefs (want at least %d)", asked, n, want)
	}
	set.Commit(outs, nil)
	stop, asked = true, 0
	outs = set.Apply(2*time.Hour, view, nil)
	if len(outs.List) >= n || asked != 1 {
		t.Errorf("stopped in the middle of an action on %d beliefs: %d outcomes, %d questions", n, len(outs.List), asked)
	}
	var be *engine.BoundError
	if !errors.As(set.Err(), &be) || !be.Stopped {
		t.Fatalf("Err() = %v (want a BoundError that says Stopped)", set.Err())
	}
	if got := be.Error(); got != "stopped at "+countof.Of(set.Len(), "possible state")+" (cancelled, or past a time limit)" {
		t.Errorf("Error() = %q", got)
	}
	n, acts = set.Len(), set.Actions()
	set.Commit(set.Apply(3*time.Hour, view, nil), nil)
	set.Advance(4*time.Hour, nil)
	if set.Len() != n || set.Actions() != acts {
		t.Errorf("a stopped Set changed: %d beliefs after %d actions, then %d after %d", n, acts, set.Len(), set.Actions())
	}
	stop = false
	set.Reset()
	if set.Err() != nil || set.Len() != 1 {
		t.Errorf("after Reset: Err %v, %d beliefs", set.Err(), set.Len())
	}
}
