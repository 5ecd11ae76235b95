// Package modeltest holds the defects tests plant in the model on purpose:
// for each invariant of the property catalog, a rule set under which it
// must be violated, so that every checker's test can show the property
// "violated where it should". Only tests import it: the photosync command
// and the product packages never do, so no defect can reach a real check.
package modeltest

import (
	"time"

	"photosync/model"
)

// Broken returns, for each invariant of SPEC §4 by name, observed with the
// rule it guards broken on purpose: a knob where one exists, else a defect
// planted with model.Rules.Amend. Each call returns fresh values.
func Broken() map[string]model.Rules {
	return map[string]model.Rules{
		"outlook-online-converges":                             with("owa-ttl-30s", func(r *model.Rules) { r.OWACacheTTL = 30 * time.Second }),
		"outlook-client-fresh-after-restart":                   with("restart-keeps-cache", func(r *model.Rules) { r.Amend = RestartKeepsCache }),
		"lync-converges":                                       with("lync-ttl-30s", func(r *model.Rules) { r.LyncCacheTTL = 30 * time.Second }),
		"sharepoint-stale-only-within-window-or-without-visit": with("visit-not-queued", func(r *model.Rules) { r.VisitQueues = false }),
		"sharepoint-change-reaches-exchange":                   with("mysite-local", func(r *model.Rules) { r.MySiteWritesExchange = false }),
		"search-hover-matches-outlook-online":                  with("hover-from-sharepoint", func(r *model.Rules) { r.HoverSource = model.HoverSharePoint }),
		"people-picker-shows-sharepoint":                       with("picker-cached", func(r *model.Rules) { r.PickerCacheBusting = false }),
		"sharepoint-imports-first-and-last":                    with("window-24h", func(r *model.Rules) { r.Window = 24 * time.Hour }),
		"yammer-isolated":                                      with("yammer-two-way", func(r *model.Rules) { r.YammerSync = model.YammerTwoWay }),
		"sharepoint-renditions-agree":                          with("import-large-only", func(r *model.Rules) { r.Amend = ImportLargeOnly }),
		"no-phantom-photos":                                    with("phantom", func(r *model.Rules) { r.Amend = PhantomPhoto }),
		"teams-converges-within-63-days":                       with("teams-client-90d", func(r *model.Rules) { r.TeamsClientCacheTTL = 90 * 24 * time.Hour }),
		"refused-changes-change-nothing": with("refused-still-writes", func(r *model.Rules) {
			r.SetUserPhoto, r.Amend = model.SetUserPhotoRetired, RefusedStillWrites
		}),
	}
}

// Breaking returns the rule set under which the named property must be
// violated: Broken's for an invariant, observed itself for a goal (goals
// are violated under observed) or any other name.
func Breaking(name string) model.Rules {
	if r, ok := Broken()[name]; ok {
		return r
	}
	return model.Observed()
}

func with(name string, f func(*model.Rules)) model.Rules {
	r := model.Observed()
	r.Name, r.Base = name, "observed"
	f(&r)
	return r
}

// RestartKeepsCache breaks R5's restart: restart-outlook leaves the Outlook
// desktop cache as it was.
func RestartKeepsCache(a model.Action, before *model.State, n *model.Next) {
	if a.Kind == model.RestartOutlook {
		v := int(a.Viewer) - 1
		n.State.Cache[v][model.CacheOutlookClient] = before.Cache[v][model.CacheOutlookClient]
	}
}

// ImportLargeOnly breaks R8: an import writes only the large rendition.
func ImportLargeOnly(a model.Action, before *model.State, n *model.Next) {
	if n.Effects.Has(model.EffectImport) {
		n.State.SharePoint[model.Small] = before.SharePoint[model.Small]
		n.State.SharePoint[model.Medium] = before.SharePoint[model.Medium]
	}
}

// PhantomPhoto breaks the photo numbering of SPEC §1: a newsfeed view shows
// the photo the next change will make.
func PhantomPhoto(a model.Action, before *model.State, n *model.Next) {
	if a.Kind == model.View && a.Surface == model.SharePointNewsfeed {
		n.Shown = model.V(int(before.Made) + 1)
	}
}

// RefusedStillWrites breaks §6.1's refused change: a refused change still
// writes Exchange.
func RefusedStillWrites(a model.Action, before *model.State, n *model.Next) {
	if n.Effects.Has(model.EffectRefused) {
		n.State.Exchange = model.V(int(n.State.Made))
	}
}
