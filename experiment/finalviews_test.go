package experiment

import (
	"testing"

	"photosync/model"
)

// TestFinalViewsUncachedFirst: the search tries as the last step first the
// observers' views of the surfaces that no rule set of the search reads
// through a cache, as model.RouteOf says: the people picker only while
// every rule set busts its cache (C4), Yammer always (C1).
func TestFinalViewsUncachedFirst(t *testing.T) {
	observed := model.Observed()
	cached := model.Observed()
	cached.PickerCacheBusting = false
	actions := model.Actions(2)
	for _, c := range []struct {
		rules []*model.Rules
		want  []model.Surface
	}{
		{[]*model.Rules{&observed, &observed}, []model.Surface{model.SharePointPeoplePicker, model.YammerSurface, model.SharePointMySite}},
		{[]*model.Rules{&observed, &cached}, []model.Surface{model.YammerSurface, model.SharePointMySite}},
	} {
		views := finalViews(c.rules, actions)
		for i, want := range c.want {
			if a := actions[views[i]]; a.Kind != model.View || a.Viewer != model.Observer || a.Surface != want {
				t.Errorf("picker.cacheBusting %v, %v: final view %d is %s, want view %s observer",
					c.rules[0].PickerCacheBusting, c.rules[1].PickerCacheBusting, i, a, want)
			}
		}
	}
}
