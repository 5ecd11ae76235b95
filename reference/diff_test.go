package reference

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"photosync/model"
	"photosync/scenario"
)

var long = flag.Bool("long", false, "run the differential check on many more random cases (make fuzz)")

// Budget of TestDifferential: cases in make test, and with -long.
const (
	diffCases     = 1500
	diffCasesLong = 60000
	diffSeed      = 14 // issue 14

	// Cases shaped around the timers (randomTimerCase), besides.
	timerCases     = 400
	timerCasesLong = 16000

	// Cases shaped around the Teams caches (randomTeamsCase), besides.
	teamsCases     = 400
	teamsCasesLong = 16000

	// Cases shaped around SharePoint's own takes (randomServiceCase), besides.
	serviceCases     = 300
	serviceCasesLong = 12000

	// Cases shaped around the Teams views after the last observation
	// (randomTeamsTailCase), besides.
	teamsTailCases     = 100
	teamsTailCasesLong = 4000

	// Cases of long runs of views between changes (randomViewRunCase).
	viewRunCases     = 100
	viewRunCasesLong = 6000
)

// step is one `at` line of a random scenario. For a view, check says
// whether it becomes an expect line (the reference's set) or an observe
// line (the pick-th photo of that set).
type step struct {
	at    time.Duration
	a     model.Action
	check scenario.Check
	pick  int
}

// testCase is a random rule set (knobs set on observed) and scenario.
type testCase struct {
	knobs [][2]string
	steps []step
}

// durations lie around every meaningful duration of SPEC §3 and §6: the
// caches' 10 s, DirSync's 30 min and 3 h, the 24 h and 72 h windows and
// delays, Teams' 3 and 60 days.
var durations = []time.Duration{0, 1, 9 * time.Second, 10*time.Second - 1, 10 * time.Second, 10*time.Second + 1,
	11 * time.Second, 30 * time.Minute, 3 * time.Hour, 4 * time.Hour, 24 * time.Hour, 72 * time.Hour,
	72*time.Hour + time.Second, 60 * 24 * time.Hour}

// intervals are the values drawn for dirsync.interval. The reference fires
// every run one by one, so the generator keeps the number of runs in a
// scenario below maxRuns by taking a longer interval where needed (the fast
// path's idle-run skip is what makes 1ns intervals cheap; the reference
// cannot follow it there).
var intervals = []time.Duration{time.Minute, 30 * time.Minute, 3 * time.Hour, 24 * time.Hour, 72 * time.Hour}

const maxRuns = 4000

// gaps are the waits between two lines.
var gaps = []time.Duration{0, 0, 0, 1, time.Second, 9 * time.Second, 10 * time.Second, 11 * time.Second, time.Minute,
	30*time.Minute - time.Second, 30 * time.Minute, time.Hour, 3 * time.Hour, 4 * time.Hour,
	24*time.Hour - time.Second, 24 * time.Hour, 24*time.Hour + 1, 72 * time.Hour, 72*time.Hour + time.Second}

// randomRules draws a value for every knob of model.Knobs on top of a named
// rule set: each knob is redrawn with probability 1/3.
func randomRules(rng *rand.Rand) [][2]string {
	names := model.NamedRuleSets()
	base, err := model.Named(names[rng.IntN(len(names))])
	if err != nil {
		panic(err)
	}
	r := base
	for _, k := range model.Knobs() {
		if rng.IntN(3) != 0 {
			continue
		}
		var v string
		switch ch := k.Choices(); {
		case ch != nil:
			v = ch[rng.IntN(len(ch))]
		case k.Name == "dirsync.interval":
			v = model.FormatDuration(intervals[rng.IntN(len(intervals))])
		default:
			d := durations[rng.IntN(len(durations))]
			v = model.FormatDuration(d)
			if d == 0 && (k.Name == "sharepoint.maxDelay" || k.Name == "yammer.delay") {
				v = "1ns"
			}
			if rng.IntN(6) == 0 {
				switch k.Name {
				case "outlookClient.cacheTTL":
					v = "until-restart"
				case "browser.cacheTTL":
					v = "until-cleared"
				}
			}
		}
		if err := r.Set(k.Name, v); err != nil {
			panic(fmt.Sprintf("%s %s: %v", k.Name, v, err))
		}
	}
	return model.Changed(model.Observed(), r)
}

func (tc *testCase) rules() model.Rules {
	r := model.Observed()
	r.Name = "random"
	for _, kv := range tc.knobs {
		if err := r.Set(kv[0], kv[1]); err != nil {
			panic(err)
		}
	}
	return r
}

// knobDurations are the rule set's durations, around which the generator
// places instants.
func knobDurations(r model.Rules) []time.Duration {
	var ds []time.Duration
	for _, k := range model.Knobs() {
		if k.Choices() != nil {
			continue
		}
		if d, err := model.ParseDuration(k.Get(r)); err == nil && d > 0 && d < 100*24*time.Hour {
			ds = append(ds, d)
		}
	}
	return ds
}

// randomCase draws a rule set and a scenario of up to n lines: every
// source, surface, action and viewer, at instants drawn from gaps or placed
// around a knob's duration after an earlier instant.
func randomCase(rng *rand.Rand, n int) testCase {
	tc := testCase{knobs: randomRules(rng)}
	r := tc.rules()
	ds := knobDurations(r)
	all := model.Surfaces()
	surfaces := []model.Surface{all[rng.IntN(len(all))], all[rng.IntN(len(all))], all[rng.IntN(len(all))]}
	if rng.IntN(4) == 0 {
		surfaces = all
	}
	viewer := func() model.Viewer { return model.Viewer(1 + rng.IntN(2)) }
	kinds := []model.ActionKind{model.Visit, model.EditCancel, model.RestartOutlook, model.ClearBrowserCache,
		model.LyncSignIn, model.LyncSignOut, model.DirSync, model.RestartTeams, model.OpenYammer}
	now := time.Duration(0)
	for range 1 + rng.IntN(n) {
		switch k := rng.IntN(10); {
		case k < 5:
			now += gaps[rng.IntN(len(gaps))]
		case k < 9 && len(ds) > 0:
			from := time.Duration(0)
			if len(tc.steps) > 0 {
				from = tc.steps[rng.IntN(len(tc.steps))].at
			}
			at := from + ds[rng.IntN(len(ds))] + []time.Duration{-time.Second, -1, 0, 0, 1, time.Second}[rng.IntN(6)]
			now = max(now, at)
		default:
			now += []time.Duration{5 * 24 * time.Hour, 30 * 24 * time.Hour, 60 * 24 * time.Hour}[rng.IntN(3)]
		}
		var a model.Action
		switch k := rng.IntN(20); {
		case k < 9:
			a = model.Action{Kind: model.View, Surface: surfaces[rng.IntN(len(surfaces))], Viewer: viewer()}
		case k < 15:
			a = model.Action{Kind: model.Change, Source: model.Sources()[rng.IntN(len(model.Sources()))]}
		default:
			a = model.Action{Kind: kinds[rng.IntN(len(kinds))]}
			if a.Kind.ByViewer() {
				a.Viewer = viewer()
			}
		}
		tc.steps = append(tc.steps, drawStep(rng, now, a, 3, 3))
	}
	tc.saneInterval()
	return tc
}

// drawStep is the step of action a at instant at; a view gets an expect
// with a pick drawn in [0, picks) and, one time in observeOneIn, an observe
// instead (never when observeOneIn is 0, and then nothing is drawn for it).
func drawStep(rng *rand.Rand, at time.Duration, a model.Action, picks, observeOneIn int) step {
	st := step{at: at, a: a}
	if a.Kind == model.View {
		st.check, st.pick = scenario.Expect, rng.IntN(picks)
		if observeOneIn > 0 && rng.IntN(observeOneIn) == 0 {
			st.check = scenario.Observe
		}
	}
	return st
}

// randomTimerCase draws a case shaped around the timers that close a
// quiet interval while a take may be pending: the shape where the engine's
// take slots, the order of §6.2 and the settling of a take (it fires no
// timer) show. A random rule set, with one of the knobs whose time
// branches set half the time (R15 either, R18 service, R20 on-use); then a
// few episodes, each ending at a timer's instant T (a DirSync run, or a
// knob's duration after the episode's start: R8's window, R18's and R20's
// deadlines): before T, some of a change through Exchange, a visit, an
// edit-cancel, an open-yammer (a take becomes pending) and an AD change
// just before T (for the run at T to copy); at T and right after it, views
// of the surfaces that show the stores.
func randomTimerCase(rng *rand.Rand) testCase {
	tc := testCase{knobs: randomRules(rng)}
	switch rng.IntN(6) {
	case 0:
		tc.set("sharepoint.trigger", "service")
	case 1:
		tc.set("yammer.sync", "on-use")
	case 2:
		tc.set("dirsync.conflict", "either")
	}
	r := tc.rules()
	ds := knobDurations(r)
	surfaces := []model.Surface{model.SharePointPeoplePicker, model.YammerSurface, model.OutlookOnlineContactCard,
		model.Surfaces()[rng.IntN(len(model.Surfaces()))]}
	exchange := []model.Source{model.FromOutlookOnline, model.FromMySite, model.FromGraph, model.FromYammer}
	add := func(at time.Duration, a model.Action) { tc.steps = append(tc.steps, drawStep(rng, at, a, 3, 4)) }
	view := func(at time.Duration) {
		add(at, model.Action{Kind: model.View, Surface: surfaces[rng.IntN(len(surfaces))], Viewer: model.Viewer(1 + rng.IntN(2))})
	}
	now := time.Duration(0)
	for range 1 + rng.IntN(3) {
		switch rng.IntN(4) {
		case 0:
			now = windowMeetsRun(rng, r, now, add, view)
			continue
		case 1:
			now = deadlineMeetsRun(rng, r, now, add, view)
			continue
		}
		end := (now/r.DirSyncInterval + 1 + time.Duration(rng.IntN(3))) * r.DirSyncInterval
		if len(ds) > 0 && rng.IntN(2) == 0 {
			// A knob's duration after an earlier line: R8's window after
			// an import, a deadline after the line that began its span.
			from := time.Duration(0)
			if len(tc.steps) > 0 {
				from = tc.steps[rng.IntN(len(tc.steps))].at
			}
			if e := from + ds[rng.IntN(len(ds))]; e > now {
				end = e
			}
		}
		at := func() time.Duration {
			switch rng.IntN(3) {
			case 0:
				return now
			case 1:
				return max(now, end-[]time.Duration{1, time.Second, time.Minute, time.Hour}[rng.IntN(4)])
			}
			return now + time.Duration(rng.Int64N(int64(end-now)))
		}
		var before []step
		for _, a := range []model.Action{{Kind: model.Change, Source: exchange[rng.IntN(len(exchange))]},
			{Kind: model.Visit}, {Kind: model.EditCancel}, {Kind: model.OpenYammer}} {
			if rng.IntN(2) == 0 {
				before = append(before, step{at: at(), a: a})
			}
		}
		if rng.IntN(4) != 0 {
			d := []time.Duration{1, time.Second, time.Minute}[rng.IntN(3)]
			before = append(before, step{at: max(now, end-d), a: model.Action{Kind: model.Change, Source: model.FromActiveDirectory}})
		}
		slices.SortStableFunc(before, func(a, b step) int { return cmp.Compare(a.at, b.at) })
		for _, st := range before {
			add(st.at, st.a)
		}
		last := end
		for range 1 + rng.IntN(3) {
			last = max(last, end+[]time.Duration{0, 0, 1, time.Second}[rng.IntN(4)])
			view(last)
		}
		now = tc.steps[len(tc.steps)-1].at
	}
	tc.saneInterval()
	return tc
}

// randomTeamsCase draws a case shaped around the Teams caches (R19),
// where the engine drops covered Teams values (engine's "Covered Teams
// values"): a random rule set with short, finite Teams TTLs most of the
// time (a service entry that outlives the client's refills the client with
// an old photo, and one that dies first makes fills expire out of order);
// then many Teams views by both viewers, between changes through Exchange,
// restart-teams and a few other views, at gaps of 1 ns to a TTL, and steps
// placed at, just before and just after a TTL after an earlier line, so
// that entries filled at different instants expire one by one.
func randomTeamsCase(rng *rand.Rand) testCase {
	tc := testCase{knobs: randomRules(rng)}
	ttls := []string{"10s", "30s", "1m", "3d", "60d", "0s"}
	if rng.IntN(5) != 0 {
		tc.set("teams.clientCacheTTL", ttls[rng.IntN(3)])
	}
	if rng.IntN(5) != 0 {
		tc.set("teams.serviceCacheTTL", ttls[rng.IntN(len(ttls))])
	}
	r := tc.rules()
	var ds []time.Duration
	for _, name := range []string{"teams.clientCacheTTL", "teams.serviceCacheTTL"} {
		if d := knobDuration(r, name); d > 0 && d < 100*24*time.Hour {
			ds = append(ds, d)
		}
	}
	others := []model.Action{{Kind: model.Change, Source: model.FromOutlookOnline}, {Kind: model.Change, Source: model.FromGraph},
		{Kind: model.Change, Source: model.FromTeamsClient}, {Kind: model.RestartTeams, Viewer: model.Subject},
		{Kind: model.RestartTeams, Viewer: model.Observer}, {Kind: model.View, Surface: model.OutlookOnlineContactCard, Viewer: model.Observer}}
	now := time.Duration(0)
	for range 4 + rng.IntN(13) {
		switch k := rng.IntN(4); {
		case k < 2 || len(ds) == 0 || len(tc.steps) == 0:
			now += []time.Duration{0, 1, 1, 2, time.Second, 5 * time.Second, 10 * time.Second, time.Minute}[rng.IntN(8)]
		default:
			from := tc.steps[rng.IntN(len(tc.steps))].at
			at := from + ds[rng.IntN(len(ds))] + []time.Duration{-time.Second, -1, 0, 1, time.Second}[rng.IntN(5)]
			now = max(now, at)
		}
		a := model.Action{Kind: model.View, Surface: model.TeamsClientSurface, Viewer: model.Viewer(1 + rng.IntN(2))}
		if rng.IntN(3) == 0 {
			a = others[rng.IntN(len(others))]
		}
		tc.steps = append(tc.steps, drawStep(rng, now, a, 3, 4))
	}
	tc.saneInterval()
	return tc
}

// randomServiceCase draws a case shaped around SharePoint's own takes
// (R18, sharepoint.trigger service), where the engine merges the photos
// SharePoint may hold after the last observation (engine's "SharePoint's
// photo after the last observation"): a random rule set with service
// takes of 1 ns to 24 h; then many changes (from Exchange's sources, My
// Site and AD, with DirSync runs that may copy an old photo back) and
// views of SharePoint's surfaces through the browser entries of both
// viewers, with a few other lines (Teams views, edit-cancel, clearing the
// browser cache), at gaps of 0 to an hour and at, just before and just
// after the deadline after an earlier line, so that takes of many photos
// are pending at once and fall due one by one. Observations come only in
// the first lines, so that most of the case runs unobserved.
func randomServiceCase(rng *rand.Rand) testCase {
	tc := testCase{knobs: randomRules(rng)}
	tc.set("sharepoint.trigger", "service")
	tc.set("sharepoint.maxDelay", []string{"1ns", "1s", "10s", "1m", "30m", "1h", "24h"}[rng.IntN(7)])
	r := tc.rules()
	delay := knobDuration(r, "sharepoint.maxDelay")
	changes := []model.Source{model.FromOutlookOnline, model.FromGraph, model.FromMySite, model.FromActiveDirectory,
		model.FromTeamsClient}
	views := []model.Surface{model.SharePointMySite, model.SharePointPeopleSearch, model.SharePointNewsfeed,
		model.SharePointPeoplePicker, model.SharePointSearchHover}
	others := []model.Action{{Kind: model.DirSync}, {Kind: model.EditCancel}, {Kind: model.ClearBrowserCache, Viewer: model.Observer},
		{Kind: model.View, Surface: model.TeamsClientSurface, Viewer: model.Observer}, {Kind: model.Visit},
		{Kind: model.View, Surface: model.OutlookClientSurface, Viewer: model.Subject}}
	observed := rng.IntN(4)
	now := time.Duration(0)
	for i := range 6 + rng.IntN(14) {
		switch k := rng.IntN(5); {
		case k < 3 || len(tc.steps) == 0:
			now += []time.Duration{0, 0, 1, time.Second, 10 * time.Second, time.Minute, 30 * time.Minute, time.Hour}[rng.IntN(8)]
		default:
			from := tc.steps[rng.IntN(len(tc.steps))].at
			now = max(now, from+delay+[]time.Duration{-time.Second, -1, 0, 1, time.Second}[rng.IntN(5)])
		}
		var a model.Action
		switch k := rng.IntN(10); {
		case k < 4:
			a = model.Action{Kind: model.Change, Source: changes[rng.IntN(len(changes))]}
		case k < 8:
			a = model.Action{Kind: model.View, Surface: views[rng.IntN(len(views))], Viewer: model.Viewer(1 + rng.IntN(2))}
		default:
			a = others[rng.IntN(len(others))]
		}
		observeOneIn := 0 // only the first lines may observe
		if i < observed {
			observeOneIn = 2
		}
		tc.steps = append(tc.steps, drawStep(rng, now, a, 3, observeOneIn))
	}
	tc.saneInterval()
	return tc
}

// randomTeamsTailCase draws a case shaped around the Teams views after
// the last observation, where the engine infers a Teams view's outcomes
// for every photo the service entry may hold from two (engine's "Teams
// views after the last observation"): randomTeamsCase's rule sets and
// lines, longer, with observations only in the first lines, so that
// after many changes the service entry may hold several photos, filled
// at several instants, or none.
func randomTeamsTailCase(rng *rand.Rand) testCase {
	tc := randomTeamsCase(rng)
	more := randomTeamsCase(rng)
	shift := tc.steps[len(tc.steps)-1].at
	for _, st := range more.steps {
		st.at += shift
		tc.steps = append(tc.steps, st)
	}
	observed := rng.IntN(4)
	for i := range tc.steps {
		if i >= observed && tc.steps[i].check == scenario.Observe {
			tc.steps[i].check = scenario.Expect
		}
	}
	tc.saneInterval()
	return tc
}

// randomViewRunCase draws a case of long runs of views between changes,
// through caches that never expire (the Outlook desktop client until a
// restart, the browser until cleared) most of the time: the shape in which
// a merged entry comes to hold a photo per change, its list of values
// grown in place from line to line and shared between beliefs (the
// engine's join and extend), and merged back after each view's cached and
// fresh outcomes part. A random rule set, SharePoint taking by visits or,
// half the time, by the service within a few seconds (a longer span grows
// the reference's states as the takes' instants times the entries'
// photos; randomTimerCase has those), and dirsync.conflict either half the
// time; then a few episodes, each a change (mostly through Exchange),
// now and then a change in AD and one in the cloud and a DirSync run (under
// either, beliefs that differ in Exchange's photo share an entry's values
// and add different fresh photos to them), and a run of views, most of
// them through one entry (the observer's of one surface), at gaps of 0 to
// 2 s, with now and then a restart-outlook, a clear-browser-cache, a
// DirSync run or an observe line (which keeps the beliefs whose entry held
// the photo: so an entry that lost a value to another belief's shows).
func randomViewRunCase(rng *rand.Rand) testCase {
	tc := testCase{knobs: randomRules(rng)}
	if rng.IntN(4) != 0 {
		tc.set("outlookClient.cacheTTL", "until-restart")
	}
	if rng.IntN(4) != 0 {
		tc.set("browser.cacheTTL", "until-cleared")
	}
	if rng.IntN(2) == 0 {
		// Beliefs that differ in SharePoint's photo while a take is
		// pending share an entry's values and add different fresh
		// photos to them: a short span, so the reference's states stay
		// few.
		tc.set("sharepoint.trigger", "service")
		tc.set("sharepoint.maxDelay", []string{"1ns", "1s", "2s", "5s"}[rng.IntN(4)])
	} else {
		tc.set("sharepoint.trigger", "visit")
	}
	if rng.IntN(2) == 0 {
		tc.set("dirsync.conflict", "either")
	}
	surfaces := []model.Surface{model.OutlookClientSurface, model.OutlookClientSurface, model.SharePointMySite,
		model.SharePointPeopleSearch, model.OutlookOnlineEmail, model.OutlookOnlineContactCard}
	sources := []model.Source{model.FromOutlookOnline, model.FromOutlookOnline, model.FromOutlookClient,
		model.FromMySite, model.FromSetUserPhoto, model.FromGraph, model.FromActiveDirectory}
	viewer := func() model.Viewer { return model.Viewer(1 + rng.IntN(2)) }
	main := surfaces[rng.IntN(3)] // most views go through one entry: the observer's for this surface
	now := time.Duration(0)
	next := func() time.Duration {
		now += []time.Duration{0, 0, 1, time.Second, 2 * time.Second}[rng.IntN(5)]
		return now
	}
	for range 2 + rng.IntN(5) {
		tc.steps = append(tc.steps, step{at: next(), a: model.Action{Kind: model.Change, Source: sources[rng.IntN(len(sources))]}})
		if rng.IntN(3) == 0 {
			// A change in AD and one in the cloud, then a DirSync run:
			// under dirsync.conflict either, beliefs that differ in
			// Exchange's photo, which add different fresh photos to the
			// values they share.
			tc.steps = append(tc.steps, step{at: next(), a: model.Action{Kind: model.Change, Source: model.FromActiveDirectory}},
				step{at: next(), a: model.Action{Kind: model.Change, Source: model.FromOutlookOnline}},
				step{at: next(), a: model.Action{Kind: model.DirSync}})
		}
		for range 2 + rng.IntN(8) {
			a := model.Action{Kind: model.View, Surface: main, Viewer: model.Observer}
			if rng.IntN(4) == 0 {
				a = model.Action{Kind: model.View, Surface: surfaces[rng.IntN(len(surfaces))], Viewer: viewer()}
			}
			switch rng.IntN(12) {
			case 0:
				a = model.Action{Kind: model.RestartOutlook, Viewer: viewer()}
			case 1:
				a = model.Action{Kind: model.ClearBrowserCache, Viewer: viewer()}
			case 2:
				a = model.Action{Kind: model.DirSync}
			}
			tc.steps = append(tc.steps, drawStep(rng, next(), a, 2, 6))
		}
	}
	tc.saneInterval()
	return tc
}

// windowMeetsRun adds an episode, from instant now on, in which R8's
// window opens at the instant of a DirSync run that copies AD's photo
// while a take of Yammer may be pending (with yammer.sync on-use): an
// import at a run's instant T0, a change and a visit after it, so that an
// import waits for the window at T0 plus sharepoint.window; an open-yammer
// and an AD change shortly before; views at that instant. (The window may
// count from the last change, and a run may not fall on it: then the
// episode is merely random.) It returns the last instant.
func windowMeetsRun(rng *rand.Rand, r model.Rules, now time.Duration,
	add func(time.Duration, model.Action), view func(time.Duration)) time.Duration {
	w := knobDuration(r, "sharepoint.window")
	iv := r.DirSyncInterval
	t0 := (now/iv + 1) * iv
	src := []model.Source{model.FromOutlookOnline, model.FromGraph, model.FromOutlookClient}
	add(t0, model.Action{Kind: model.Change, Source: src[rng.IntN(len(src))]})
	add(t0, model.Action{Kind: model.Visit})
	t1 := t0 + []time.Duration{1, time.Second, time.Hour}[rng.IntN(3)]
	add(t1, model.Action{Kind: model.Change, Source: src[rng.IntN(len(src))]})
	add(t1, model.Action{Kind: model.Visit})
	end := max(t0+w, t1+1)
	late := []step{
		{at: max(t1, end-[]time.Duration{time.Second, time.Hour, 3 * time.Hour}[rng.IntN(3)]), a: model.Action{Kind: model.OpenYammer}},
		{at: max(t1, end-[]time.Duration{1, time.Second, time.Minute}[rng.IntN(3)]), a: model.Action{Kind: model.Change, Source: model.FromActiveDirectory}},
	}
	slices.SortStableFunc(late, func(a, b step) int { return cmp.Compare(a.at, b.at) })
	for _, st := range late {
		add(st.at, st.a)
	}
	for range 1 + rng.IntN(3) {
		view(end)
	}
	return end
}

// deadlineMeetsRun adds an episode, from instant now on, in which the
// deadlines of R18 and R20 fall on the instant T of a DirSync run that
// copies AD's photo (§6.2 orders the run first): a change through
// Exchange sharepoint.maxDelay before T, an open-yammer yammer.delay
// before T (each where that is not before now), an AD change shortly
// before T, and views at T. It returns the last instant.
func deadlineMeetsRun(rng *rand.Rand, r model.Rules, now time.Duration,
	add func(time.Duration, model.Action), view func(time.Duration)) time.Duration {
	iv := r.DirSyncInterval
	maxDelay, yammerDelay := knobDuration(r, "sharepoint.maxDelay"), knobDuration(r, "yammer.delay")
	end := (max(now+maxDelay, now+yammerDelay)/iv + 1 + time.Duration(rng.IntN(2))) * iv
	src := []model.Source{model.FromOutlookOnline, model.FromGraph, model.FromOutlookClient}
	steps := []step{
		{at: end - maxDelay, a: model.Action{Kind: model.Change, Source: src[rng.IntN(len(src))]}},
		{at: end - yammerDelay, a: model.Action{Kind: model.OpenYammer}},
		{at: end - []time.Duration{1, time.Second, time.Minute}[rng.IntN(3)], a: model.Action{Kind: model.Change, Source: model.FromActiveDirectory}},
	}
	slices.SortStableFunc(steps, func(a, b step) int { return cmp.Compare(a.at, b.at) })
	for _, st := range steps {
		add(max(now, st.at), st.a)
	}
	for range 1 + rng.IntN(3) {
		view(end)
	}
	return end
}

// knobDuration returns the duration knob name has in r.
func knobDuration(r model.Rules, name string) time.Duration {
	k, err := model.LookupKnob(name)
	if err != nil {
		panic(err)
	}
	d, err := model.ParseDuration(k.Get(r))
	if err != nil {
		panic(fmt.Sprintf("%s: %v", name, err))
	}
	return d
}

// set makes knob name take value v in the case's rule set.
func (tc *testCase) set(name, v string) {
	tc.knobs = slices.DeleteFunc(tc.knobs, func(kv [2]string) bool { return kv[0] == name })
	tc.knobs = append(tc.knobs, [2]string{name, v})
}

// saneInterval lengthens dirsync.interval until the scenario has at most
// maxRuns scheduled runs, for the reference's sake.
func (tc *testCase) saneInterval() {
	if len(tc.steps) == 0 {
		return
	}
	span := tc.steps[len(tc.steps)-1].at
	r := tc.rules()
	for _, d := range intervals {
		if r.DirSyncInterval*maxRuns >= span {
			return
		}
		if d > r.DirSyncInterval {
			tc.set("dirsync.interval", model.FormatDuration(d))
			r = tc.rules()
		}
	}
}

// build writes the case as a scenario whose expect and observe lines say
// what the reference says: rules observed, a set line per knob, then the
// steps.
func (tc *testCase) build() (*scenario.Scenario, model.Rules, error) {
	r := tc.rules()
	x, err := New(r, Options{MaxStates: 50_000, MaxWork: 5_000_000})
	if err != nil {
		return nil, r, err
	}
	sc := &scenario.Scenario{File: "diff.scenario"}
	sc.Append(nil, "# the reference's answer at every view (reference.TestDifferential)")
	sc.Append(scenario.UseRules{Ref: "observed"}, "")
	for _, kv := range model.Changed(model.Observed(), r) {
		sc.Append(scenario.SetKnob{Knob: kv[0], Value: kv[1]}, "")
	}
	for _, st := range tc.steps {
		ps, err := x.Apply(st.at, st.a)
		if err != nil {
			return nil, r, err
		}
		d := scenario.At{Time: st.at, Action: st.a}
		if st.a.Kind == model.View {
			d.Check, d.Photos = scenario.Expect, ps
			if st.check == scenario.Observe {
				p := ps[st.pick%len(ps)]
				x.Observe(p)
				d.Check, d.Photos = scenario.Observe, []model.Photo{p}
			}
		}
		sc.Append(d, "")
	}
	return sc, r, nil
}

// disagreement runs the case on the fast path (scenario.Run, merged and
// unmerged) and returns what differs from the reference, "" when nothing
// does, and whether the reference could run it at all.
func (tc *testCase) disagreement() (string, bool) {
	sc, r, err := tc.build()
	var big *TooBigError
	if errors.As(err, &big) {
		return "", false
	}
	if err != nil {
		panic(err)
	}
	var b strings.Builder
	for _, opts := range []scenario.Options{{Viewers: 2}, {Viewers: 2, Unmerged: true}} {
		res, err := scenario.Run(sc, r, opts)
		if err != nil {
			fmt.Fprintf(&b, "scenario.Run (unmerged %v): %v\n", opts.Unmerged, err)
			continue
		}
		for _, o := range res.Outcomes {
			if o.Status != scenario.Held {
				fmt.Fprintf(&b, "scenario.Run (unmerged %v): %s\n", opts.Unmerged, o)
			}
		}
	}
	if b.Len() == 0 {
		return "", true
	}
	return b.String() + "in:\n" + sc.Format(), true
}

// shrink makes a failing case smaller while it still fails: fewer lines,
// fewer knobs, observe lines as expect lines, earlier instants.
func (tc testCase) shrink() testCase {
	fails := func(c testCase) bool { d, _ := c.disagreement(); return d != "" }
	for again := true; again; {
		again = false
		for i := len(tc.steps) - 1; i >= 0; i-- {
			c := tc
			c.steps = slices.Delete(slices.Clone(tc.steps), i, i+1)
			if fails(c) {
				tc, again = c, true
			}
		}
		for i := len(tc.knobs) - 1; i >= 0; i-- {
			c := tc
			c.knobs = slices.Delete(slices.Clone(tc.knobs), i, i+1)
			if fails(c) {
				tc, again = c, true
			}
		}
		if len(tc.steps) > 0 && tc.steps[0].at > 0 {
			// Earlier instants: the same scenario moved to start at 0s,
			// then at a multiple of every interval drawn.
			for _, unit := range []time.Duration{tc.steps[0].at, 72 * time.Hour, 24 * time.Hour, 3 * time.Hour} {
				shift := tc.steps[0].at / unit * unit
				if shift == 0 {
					continue
				}
				c := tc
				c.steps = slices.Clone(tc.steps)
				for j := range c.steps {
					c.steps[j].at -= shift
				}
				if fails(c) {
					tc, again = c, true
					break
				}
			}
		}
		for i := range tc.steps {
			if tc.steps[i].check == scenario.Observe {
				c := tc
				c.steps = slices.Clone(tc.steps)
				c.steps[i].check = scenario.Expect
				if fails(c) {
					tc, again = c, true
				}
			}
		}
	}
	return tc
}

// TestDifferential is the differential check of issue 14: random rule sets
// over every knob of SPEC §3 and §6 and random scenarios, each run by the
// reference and by scenario.Run (the engine with its merges, forgetting,
// the idle DirSync skip and takes at the ends of quiet intervals, and
// without merges or forgetting); at every view both must allow the same
// photos, and every observe line (of a photo the reference allows) must be
// possible on the fast path. Seeded: diffCases cases of randomCase,
// timerCases of randomTimerCase, teamsCases of randomTeamsCase,
// serviceCases of randomServiceCase, teamsTailCases of
// randomTeamsTailCase and viewRunCases of randomViewRunCase in make test,
// more with -long. A failing case is shrunk and printed as a scenario: add
// it to the corpus (scenario/testdata) with a comment saying what it pins.
func TestDifferential(t *testing.T) {
	n, m, k, l, u, v := diffCases, timerCases, teamsCases, serviceCases, teamsTailCases, viewRunCases
	if *long {
		n, m, k, l, u, v = diffCasesLong, timerCasesLong, teamsCasesLong, serviceCasesLong, teamsTailCasesLong, viewRunCasesLong
	}
	if testing.Short() {
		n, m, k, l, u, v = n/10, m/10, k/10, l/10, u/10, v/10
	}
	t.Run("random", func(t *testing.T) {
		differential(t, n, diffSeed, func(rng *rand.Rand) testCase { return randomCase(rng, 14) })
	})
	t.Run("timers", func(t *testing.T) { differential(t, m, diffSeed+1, randomTimerCase) })
	t.Run("teams", func(t *testing.T) { differential(t, k, diffSeed+2, randomTeamsCase) })
	t.Run("service", func(t *testing.T) { differential(t, l, diffSeed+3, randomServiceCase) })
	t.Run("teams-tail", func(t *testing.T) { differential(t, u, diffSeed+4, randomTeamsTailCase) })
	t.Run("viewruns", func(t *testing.T) { differential(t, v, diffSeed+5, randomViewRunCase) })
}

// differential runs n cases drawn by gen from seed on the reference and
// the fast path, failing on the first disagreement, shrunk.
func differential(t *testing.T, n int, seed uint64, gen func(*rand.Rand) testCase) {
	rng := rand.New(rand.NewPCG(seed, seed))
	ran, tooBig := 0, 0
	for i := range n {
		tc := gen(rng)
		d, ok := tc.disagreement()
		if !ok {
			tooBig++
			continue
		}
		ran++
		if d != "" {
			small := tc.shrink()
			ds, _ := small.disagreement()
			t.Fatalf("case %d (seed %d): the fast path and the reference disagree; shrunk:\n%s", i, seed, ds)
		}
	}
	t.Logf("%d cases ran, %d too big for the reference", ran, tooBig)
	if tooBig > n/20 {
		t.Errorf("%d of %d cases were too big for the reference: keep the generator's scenarios smaller", tooBig, n)
	}
}
