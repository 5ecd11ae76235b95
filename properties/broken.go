package properties

import (
	"time"

	"photosync/model"
)

// Broken returns, for each property, a rule set under which it must be
// violated: for an invariant, observed with the rule it guards broken on
// purpose (a knob where one exists, else a planted fault); for a goal,
// observed itself. Tests of every checker use it for the "violated where it
// should" half of each property's test.
func Broken() map[string]model.Rules {
	with := func(name string, f func(*model.Rules)) model.Rules {
		r := model.Observed()
		r.Name, r.Base = name, "observed"
		f(&r)
		return r
	}
	out := map[string]model.Rules{
		"outlook-online-converges":                             with("owa-ttl-30s", func(r *model.Rules) { r.OWACacheTTL = 30 * time.Second }),
		"outlook-client-fresh-after-restart":                   with("restart-keeps-cache", func(r *model.Rules) { r.Faults |= model.FaultRestartKeepsCache }),
		"lync-converges":                                       with("lync-ttl-30s", func(r *model.Rules) { r.LyncCacheTTL = 30 * time.Second }),
		"sharepoint-stale-only-within-window-or-without-visit": with("visit-not-queued", func(r *model.Rules) { r.VisitQueues = false }),
		"sharepoint-change-reaches-exchange":                   with("mysite-local", func(r *model.Rules) { r.MySiteWritesExchange = false }),
		"search-hover-matches-outlook-online":                  with("hover-from-sharepoint", func(r *model.Rules) { r.HoverSource = model.HoverSharePoint }),
		"people-picker-shows-sharepoint":                       with("picker-cached", func(r *model.Rules) { r.PickerCacheBusting = false }),
		"sharepoint-imports-first-and-last":                    with("window-24h", func(r *model.Rules) { r.Window = 24 * time.Hour }),
		"yammer-isolated":                                      with("yammer-two-way", func(r *model.Rules) { r.YammerSync = model.YammerTwoWay }),
		"sharepoint-renditions-agree":                          with("import-large-only", func(r *model.Rules) { r.Faults |= model.FaultImportLargeOnly }),
		"no-phantom-photos":                                    with("phantom", func(r *model.Rules) { r.Faults |= model.FaultPhantomPhoto }),
	}
	for _, p := range Catalog() {
		if p.Kind == Goal {
			out[p.Name] = model.Observed()
		}
	}
	return out
}
