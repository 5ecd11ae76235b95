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

// Clause is a defect that breaks one clause of one property's monitor, with
// a scenario that shows it: a property is judged by clauses (every
// rendition, not only the large one; fresh views as well as cached ones),
// and a monitor that lost one still holds everywhere else, so each needs a
// model that violates exactly it.
type Clause struct {
	Property string      // the property
	Clause   string      // the clause, in the SPEC's words
	Rules    model.Rules // observed, or an era's knobs, with the defect planted
	// Scenario is a run that violates the property through this clause
	// (its violates line names the property); its rules line is ignored:
	// run it under Rules.
	Scenario string
}

// Clauses returns, for the clauses of the catalog's monitors that no
// knob reaches, a defect that violates exactly that clause. Each call
// returns fresh values.
func Clauses() []Clause {
	latestWins := func(r *model.Rules) { r.DirSyncConflict, r.Amend = model.LatestWins, ScheduledRunADWins }
	return []Clause{
		{"sharepoint-imports-first-and-last", "every import takes Exchange's photo of that instant (every rendition)",
			with("import-large-only", func(r *model.Rules) { r.Amend = ImportLargeOnly }),
			"rules observed\nviolates sharepoint-imports-first-and-last\nat 0s change outlook-online\nat 1m visit\n"},
		{"teams-converges-within-63-days", "a fresh Teams view shows Exchange's photo",
			with("teams-fresh-stale", func(r *model.Rules) { r.Amend = TeamsFreshShowsV0 }),
			"rules observed\nviolates teams-converges-within-63-days\nat 0s change outlook-online\nat 1m view teams-client observer\n"},
		{"refused-changes-change-nothing", "a refused change leaves every clock as it was",
			with("refused-restarts-clock", func(r *model.Rules) {
				r.SetUserPhoto, r.Amend = model.SetUserPhotoRetired, RefusedRestartsExchangeClock
			}),
			"rules observed\nviolates refused-changes-change-nothing\nat 1h change set-userphoto\n"},
		{"dirsync-latest-wins", "a scheduled DirSync run keeps the later change",
			with("scheduled-run-ad-wins", latestWins),
			"rules observed\nviolates dirsync-latest-wins\nat 1h change active-directory\nat 2h change outlook-online\n" +
				"at 3h view yammer observer\n"},
		{"yammer-isolated", "SharePoint never holds a photo made in Yammer",
			with("yammer-reaches-sharepoint", func(r *model.Rules) { r.Amend = YammerReachesSharePoint }),
			"rules observed\nviolates yammer-isolated\nat 0s change yammer\n"},
	}
}

// TeamsFreshShowsV0 breaks R19: a Teams view that neither cache answers
// shows v0, not Exchange's photo.
func TeamsFreshShowsV0(a model.Action, before *model.State, n *model.Next) {
	if a.Kind == model.View && a.Surface == model.TeamsClientSurface && !n.Effects.Has(model.EffectCacheHit) {
		n.Shown = model.V(0)
	}
}

// RefusedRestartsExchangeClock breaks §6.1's refused change: it restarts
// the clock of Exchange's last change (while it runs, so that only the
// clock's start differs, not which clocks run).
func RefusedRestartsExchangeClock(a model.Action, before *model.State, n *model.Next) {
	if n.Effects.Has(model.EffectRefused) && n.State.Running.Has(model.ClockExchange) {
		n.State.Start[model.ClockExchange] = before.Now
	}
}

// ScheduledRunADWins breaks R15's latest-wins for scheduled runs only: a
// scheduled DirSync run that finds AD changed copies AD's photo even when
// Exchange's change was the later one (the manual dirsync stays right).
func ScheduledRunADWins(a model.Action, before *model.State, n *model.Next) {
	if a.Kind == model.Tick && n.Effects.Has(model.EffectDirSyncRun) && before.ADChanged {
		n.State.Exchange = before.ActiveDirectory
	}
}

// YammerReachesSharePoint breaks C1 towards SharePoint only: a change in
// Yammer also becomes SharePoint's photo (every rendition), while Exchange
// and AD keep theirs.
func YammerReachesSharePoint(a model.Action, before *model.State, n *model.Next) {
	if a.Kind == model.Change && a.Source == model.FromYammer && !n.Effects.Has(model.EffectRefused) {
		n.State.SharePoint = [3]model.Photo{n.State.Yammer, n.State.Yammer, n.State.Yammer}
	}
}
