package properties_test

import (
	"flag"
	"maps"
	"slices"
	"strconv"
	"testing"
	"time"

	"pgregory.net/rapid"

	"photosync/engine"
	"photosync/model"
	"photosync/model/modeltest"
	"photosync/properties"
	"photosync/properties/explore"
)

// The monitors of the catalog (catalog.go, run by properties.Judge) are the
// fast path: each judges one transition or one instant, from the state's
// bookkeeping and clocks. TestMonitorsRecomputed is their slow twin: for a
// random rule set, a random defect planted in the model (or none) and a
// random concrete run, it decides every property of the catalog straight
// from its SPEC wording over the whole trace (the actions, the states
// before and after each, what each view showed, the instant of each step
// and timer firing), at every instant at which a state can be seen, and
// requires the set of violated properties to be the monitors'. The
// definitions below read no clock and no History of the model: times come
// from the trace, "since" is arithmetic on the instants of its events.
//
// The defects are those of model/modeltest (a model broken on purpose so
// that one clause of one monitor is violated), so that a monitor that lost
// a clause, while agreeing with the model everywhere the model is right,
// disagrees here with the brute force.

// bruteDefects are the defects drawn, each once as a subtest of its own
// (so that each gets the rapid budget): none, and those that violate one
// clause of a monitor, each with the properties compared under it. Without
// a defect every property is compared. A defect edits a transition's
// outcome behind the model's back, so the bookkeeping the other monitors
// trust (a clock, a photo's Yammer origin) may no longer be the model's:
// under a defect only the properties it breaks are compared (the
// bookkeeping itself is TestHistoryRecomputed's, on the model unbroken). modeltest.TeamsFreshShowsV0 is left out: a fresh
// Teams view that shows v0 a minute after Exchange left it is allowed by
// SPEC §6.4's words ("a photo Exchange held at some instant in the last 63
// days") though the monitor, stricter, rejects any fresh view that does
// not show Exchange's photo; teamsFreshShowsPhantom breaks the same clause
// the way the words forbid.
var bruteDefects = []struct {
	name    string
	amend   model.Amendment
	compare []string // nil: every property
}{
	{"none", nil, nil},
	{"import-large-only", modeltest.ImportLargeOnly,
		[]string{"sharepoint-imports-first-and-last", "sharepoint-renditions-agree"}},
	{"teams-fresh-phantom", teamsFreshShowsPhantom, []string{"teams-converges-within-63-days", "no-phantom-photos"}},
	{"refused-restarts-clock", modeltest.RefusedRestartsExchangeClock, []string{"refused-changes-change-nothing"}},
	{"refused-still-writes", modeltest.RefusedStillWrites, []string{"refused-changes-change-nothing"}},
	{"scheduled-run-ad-wins", modeltest.ScheduledRunADWins, []string{"dirsync-latest-wins"}},
	{"yammer-reaches-sharepoint", modeltest.YammerReachesSharePoint, []string{"yammer-isolated"}},
	{"restart-keeps-cache", modeltest.RestartKeepsCache, []string{"outlook-client-fresh-after-restart"}},
	{"phantom", modeltest.PhantomPhoto, []string{"no-phantom-photos"}},
}

// teamsFreshShowsPhantom breaks R19: a Teams view that neither cache
// answers shows a photo no store ever held (the next change's).
func teamsFreshShowsPhantom(a model.Action, before *model.State, n *model.Next) {
	if a.Kind == model.View && a.Surface == model.TeamsClientSurface && !n.Effects.Has(model.EffectCacheHit) &&
		!n.Effects.Has(model.EffectTeamsServiceHit) {
		n.Shown = model.V(int(before.Made) + 1)
	}
}

// brute is a finished run and what it needs to judge it.
type brute struct {
	r       *model.Rules
	viewers int
	ev      []event
	final   model.State // the state at the end of the run, at its instant
}

// SPEC §4's and §6.4's bounds, written again from the SPEC.
const (
	tenSeconds = 10 * time.Second
	aDay       = 24 * time.Hour
	aWindow    = 72 * time.Hour
	teamsDays  = 63 * 24 * time.Hour
)

func (b *brute) knob(name string) string {
	k, err := model.LookupKnob(name)
	if err != nil {
		return ""
	}
	return k.Get(*b.r)
}

// last returns the index of the last event at or before index upto for
// which f holds, or -1.
func (b *brute) last(upto int, f func(*event) bool) int {
	for j := min(upto, len(b.ev)-1); j >= 0; j-- {
		if f(&b.ev[j]) {
			return j
		}
	}
	return -1
}

// lastExchange returns the instant of Exchange's last change at or before
// event upto, or the start.
func (b *brute) lastExchange(upto int) time.Duration {
	if j := b.last(upto, (*event).exchangeChanged); j >= 0 {
		return b.ev[j].at
	}
	return 0
}

// changes counts the `change` lines among events 0..upto: the k-th change
// makes vk (SPEC §1), refused or not (§6.1).
func (b *brute) changes(upto int) int {
	n := 0
	for j := 0; j <= upto && j < len(b.ev); j++ {
		if b.ev[j].action.Kind == model.Change {
			n++
		}
	}
	return n
}

func isViewOf(e *event, surfaces ...model.Surface) bool {
	return e.action.Kind == model.View && slices.Contains(surfaces, e.action.Surface)
}

func isChangeVia(e *event, src model.Source) bool {
	return e.action.Kind == model.Change && e.action.Source == src
}

// isRun: a DirSync run, the action dirsync or a scheduled one (R3).
func isRun(e *event) bool {
	return e.action.Kind == model.DirSync || e.action.Kind == model.Tick && e.effects.Has(model.EffectDirSyncRun)
}

// stepProps decide the properties judged at a step: each reports whether
// event i violates it.
var stepProps = map[string]func(b *brute, i int) bool{
	// "a view of an Outlook on the web surface or of the search hover, at
	// least 10 s after Exchange's last change, shows Exchange's photo."
	"outlook-online-converges": func(b *brute, i int) bool {
		e := &b.ev[i]
		return isViewOf(e, model.OutlookOnlineContactCard, model.OutlookOnlineEmail, model.OutlookOnlineDraft,
			model.SharePointSearchHover) && e.at-b.lastExchange(i-1) >= tenSeconds && e.shown != e.after.Exchange
	},
	// "the first Outlook desktop view after a restart shows Exchange's photo."
	"outlook-client-fresh-after-restart": func(b *brute, i int) bool {
		e := &b.ev[i]
		if !isViewOf(e, model.OutlookClientSurface) {
			return false
		}
		v := e.action.Viewer
		restart := b.last(i-1, func(o *event) bool { return o.action.Kind == model.RestartOutlook && o.action.Viewer == v })
		view := b.last(i-1, func(o *event) bool { return isViewOf(o, model.OutlookClientSurface) && o.action.Viewer == v })
		return restart >= 0 && restart > view && e.shown != e.before.Exchange
	},
	// "with the subject signed in, a Lync view at least 10 s after
	// Exchange's last change shows Exchange's photo; signed out, it shows
	// none."
	"lync-converges": func(b *brute, i int) bool {
		e := &b.ev[i]
		if !isViewOf(e, model.LyncClientSurface) {
			return false
		}
		sign := b.last(i-1, func(o *event) bool {
			return o.action.Kind == model.LyncSignIn || o.action.Kind == model.LyncSignOut
		})
		if sign >= 0 && b.ev[sign].action.Kind == model.LyncSignOut {
			return e.shown != model.NoPhoto
		}
		return e.at-b.lastExchange(i-1) >= tenSeconds && e.shown != e.after.Exchange
	},
	// "right after a change via sharepoint-mysite, Exchange holds that photo."
	"sharepoint-change-reaches-exchange": func(b *brute, i int) bool {
		e := &b.ev[i]
		return isChangeVia(e, model.FromMySite) && e.after.Exchange != model.V(b.changes(i))
	},
	// "the people picker always shows SharePoint's photo" (its small
	// rendition, SPEC §1).
	"people-picker-shows-sharepoint": func(b *brute, i int) bool {
		e := &b.ev[i]
		return isViewOf(e, model.SharePointPeoplePicker) && e.shown != e.before.SharePoint[model.Small]
	},
	// "an import that is not an edit-cancel comes at least 72 h after the
	// import before it (edit-cancels included), and every import takes
	// Exchange's photo of that instant" (all three renditions, R8).
	"sharepoint-imports-first-and-last": func(b *brute, i int) bool {
		e := &b.ev[i]
		if !e.isImport() {
			return false
		}
		for _, p := range e.after.SharePoint {
			if p != e.after.Exchange {
				return true
			}
		}
		prev := b.last(i-1, (*event).isImport)
		return e.action.Kind != model.EditCancel && prev >= 0 && e.at-b.ev[prev].at < aWindow
	},
	// "Yammer's photo changes only by change yammer, and no other store
	// ever holds a photo made in Yammer."
	"yammer-isolated": func(b *brute, i int) bool {
		e := &b.ev[i]
		if e.after.Yammer != e.before.Yammer && !isChangeVia(e, model.FromYammer) {
			return true
		}
		made := map[int]bool{}
		k := 0
		for j := 0; j <= i; j++ {
			if b.ev[j].action.Kind == model.Change {
				k++
				if isChangeVia(&b.ev[j], model.FromYammer) {
					made[k] = true
				}
			}
		}
		s := &e.after
		for _, p := range append([]model.Photo{s.Exchange, s.ActiveDirectory}, s.SharePoint[:]...) {
			if p != model.NoPhoto && made[p.ID()] {
				return true
			}
		}
		return false
	},
	// "every view shows none, v0 or a photo that a change made before it."
	"no-phantom-photos": func(b *brute, i int) bool {
		e := &b.ev[i]
		return e.action.Kind == model.View && e.shown != model.NoPhoto && e.shown.ID() > b.changes(i-1)
	},
	// "a change made on My Site is SharePoint's photo right after it."
	"sharepoint-change-sticks": func(b *brute, i int) bool {
		e := &b.ev[i]
		return isChangeVia(e, model.FromMySite) && e.after.SharePoint[model.Large] != model.V(b.changes(i))
	},
	// "no photo leaves Exchange unseen by SharePoint once a qualifying
	// visit was made while Exchange held it."
	"every-change-reaches-sharepoint": func(b *brute, i int) bool {
		e := &b.ev[i]
		if !e.exchangeChanged() {
			return false
		}
		p := e.before.Exchange
		took := b.last(i-1, (*event).exchangeChanged) // -1: Exchange has held it since the start
		qualified, held := false, took < 0            // at the start SharePoint holds v0, as Exchange does
		for j := max(took, 0); j < i; j++ {
			qualified = qualified || b.ev[j].qualifying(b.r)
			held = held || b.ev[j].after.SharePoint[model.Large] == p
		}
		return qualified && !held
	},
	// "no Lync view shows none."
	"lync-always-shows-a-photo": func(b *brute, i int) bool {
		e := &b.ev[i]
		return isViewOf(e, model.LyncClientSurface) && e.shown == model.NoPhoto
	},
	// "every Teams view shows Exchange's photo or a photo Exchange held at
	// some instant in the last 63 days."
	"teams-converges-within-63-days": func(b *brute, i int) bool {
		e := &b.ev[i]
		if !isViewOf(e, model.TeamsClientSurface) || e.shown == e.before.Exchange {
			return false
		}
		// Exchange held before.Exchange of each change until it; the
		// view's photo must be one it left less than 63 days ago.
		for j := 0; j < i; j++ {
			if o := &b.ev[j]; o.exchangeChanged() && o.before.Exchange == e.shown && e.at-o.at < teamsDays {
				return false
			}
		}
		return true
	},
	// "a refused change leaves every store, cache and clock as it was"
	// (§6.1: "nothing else happens", but its photo number).
	"refused-changes-change-nothing": func(b *brute, i int) bool {
		e := &b.ev[i]
		if !refused(b.r, e.action) {
			return false
		}
		after := e.after
		after.Made = e.before.Made
		return after != e.before
	},
	// "a Teams view at least 24 h after Exchange's last change shows
	// Exchange's photo."
	"teams-fresh-within-a-day": func(b *brute, i int) bool {
		e := &b.ev[i]
		return isViewOf(e, model.TeamsClientSurface) && e.at-b.lastExchange(i-1) >= aDay && e.shown != e.before.Exchange
	},
	// "right after a DirSync run that finds AD changed, Exchange holds the
	// later of AD's last photo and the last photo Exchange took from
	// another source" (a run that carries photos: §4.1 makes the property
	// vacuous where DirSync carries none).
	"dirsync-latest-wins": func(b *brute, i int) bool {
		e := &b.ev[i]
		if !isRun(e) || b.knob("dirsync.thumbnails") != "true" || b.knob("dirsync.once") == "true" ||
			b.knob("photo.source") == "cloud" {
			return false
		}
		prevRun := b.last(i-1, isRun)
		ad := b.last(i-1, func(o *event) bool { return isChangeVia(o, model.FromActiveDirectory) && !o.refused })
		if ad <= prevRun {
			return false // AD did not change since the previous run
		}
		other := b.last(i-1, func(o *event) bool { return o.exchangeChanged() && !isRun(o) })
		want := b.ev[ad].after.ActiveDirectory
		if other > ad {
			want = b.ev[other].after.Exchange
		}
		return e.after.Exchange != want
	},
}

// seen is a state as it can be seen at instant t, after event i (-1: the
// start).
type seen struct {
	s model.State
	i int
}

// instantProps decide the properties judged at an instant: each reports
// whether the state is a violation.
var instantProps = map[string]func(b *brute, at seen) bool{
	// "whenever SharePoint's photo differs from Exchange's, either no
	// qualifying visit (R7) has been made since the last import, or the
	// last import (edit-cancels included) lies less than 72 h back."
	"sharepoint-stale-only-within-window-or-without-visit": func(b *brute, at seen) bool {
		s := &at.s
		if s.SharePoint[model.Large] == s.Exchange {
			return false
		}
		imp := b.last(at.i, (*event).isImport)
		qualified := false
		for j := imp + 1; j <= at.i; j++ { // an importing visit visits before it imports (R1, R9)
			qualified = qualified || b.ev[j].qualifying(b.r)
		}
		return qualified && (imp < 0 || s.Now-b.ev[imp].at >= aWindow)
	},
	// "the hover can show exactly what the viewer's Outlook on the web
	// contact card can show at the same instant."
	"search-hover-matches-outlook-online": func(b *brute, at seen) bool {
		for _, v := range model.Viewers(b.viewers) {
			hover := photoSet(b.r, &at.s, model.SharePointSearchHover, v)
			card := photoSet(b.r, &at.s, model.OutlookOnlineContactCard, v)
			if !maps.Equal(hover, card) {
				return true
			}
		}
		return false
	},
	// "the three SharePoint renditions always hold one photo."
	"sharepoint-renditions-agree": func(b *brute, at seen) bool {
		sp := at.s.SharePoint
		return sp[0] != sp[1] || sp[1] != sp[2]
	},
	// "once My Site is created, a photo that Exchange has held for 72 h
	// (counted from the later of its change and the My Site's creation) is
	// in SharePoint, visit or not." My Site is created by the first visit
	// (R7).
	"sharepoint-follows-without-visit": func(b *brute, at seen) bool {
		first := -1
		for j := 0; j <= at.i; j++ {
			if b.ev[j].isVisit() {
				first = j
				break
			}
		}
		if first < 0 {
			return false
		}
		from := max(b.ev[first].at, b.lastExchange(at.i))
		return at.s.Now-from >= aWindow && at.s.SharePoint[model.Large] != at.s.Exchange
	},
	// "72 h after Exchange's last change (or after the start), Yammer
	// shows Exchange's photo."
	"yammer-agrees": func(b *brute, at seen) bool {
		return at.s.Now-b.lastExchange(at.i) >= aWindow && at.s.Yammer != at.s.Exchange
	},
	// "72 h after the last change of any kind, once the subject has
	// visited, the viewer has restarted Outlook and cleared the browser
	// cache, every surface shows that viewer one photo" (§6.4: Teams too,
	// and the viewer has restarted Teams).
	"all-surfaces-agree-when-quiet": func(b *brute, at seen) bool {
		change := b.last(at.i, (*event).isChange)
		if change >= 0 && at.s.Now-b.ev[change].at < aWindow {
			return false
		}
		did := func(k model.ActionKind, v model.Viewer) bool {
			for j := change + 1; j <= at.i; j++ {
				if b.ev[j].action.Kind == k && b.ev[j].action.Viewer == v {
					return true
				}
			}
			return false
		}
		visited := false
		for j := max(change, 0); j <= at.i; j++ { // a My Site change is a visit after its change (R1)
			visited = visited || b.ev[j].isVisit()
		}
		for _, v := range model.Viewers(b.viewers) {
			if !visited || !did(model.RestartOutlook, v) || !did(model.ClearBrowserCache, v) || !did(model.RestartTeams, v) {
				continue
			}
			all := map[model.Photo]bool{}
			for _, surf := range model.Surfaces() {
				maps.Copy(all, photoSet(b.r, &at.s, surf, v))
			}
			if len(all) > 1 {
				return true
			}
		}
		return false
	},
	// "whenever Exchange has held its photo for 24 h or more, SharePoint
	// holds it too."
	"sharepoint-follows-within-a-day": func(b *brute, at seen) bool {
		return at.s.Now-b.lastExchange(at.i) >= aDay && at.s.SharePoint[model.Large] != at.s.Exchange
	},
}

// photoSet is what a view of surf by v can show in s: the model's answer
// (R5), which the properties speak of.
func photoSet(r *model.Rules, s *model.State, surf model.Surface, v model.Viewer) map[model.Photo]bool {
	out := map[model.Photo]bool{}
	for _, p := range model.ViewOptions(r, s, surf, v, model.Concrete(nil)).Photos() {
		out[p] = true
	}
	return out
}

// violated decides every property over the whole run: each step for the
// step properties; for the instant ones every state at every instant at
// which it can be seen that matters, found from the trace: the instant it
// began, each instant a bound of the SPEC or a constant of the rules after
// the start or an event (where a "since" turns true or a cache entry
// expires), and the instant of the next action (an action's instant shows
// the state before it; a timer's does not: timers are urgent).
func (b *brute) violated() map[string]bool {
	out := map[string]bool{}
	for name, f := range stepProps {
		for i := range b.ev {
			if f(b, i) {
				out[name] = true
				break
			}
		}
	}
	consts := append([]time.Duration{tenSeconds, aDay, aWindow, teamsDays}, b.r.Constants()...)
	starts := []time.Duration{0}
	for _, e := range b.ev {
		starts = append(starts, e.at)
	}
	judge := func(s model.State, i int, t time.Duration) {
		s.Now = t
		for name, f := range instantProps {
			if !out[name] && f(b, seen{s, i}) {
				out[name] = true
			}
		}
	}
	for i := -1; i < len(b.ev); i++ {
		s, from, to, closed := model.Initial(), time.Duration(0), b.final.Now, true
		if i >= 0 {
			s, from = b.ev[i].after, b.ev[i].at
		}
		if i+1 < len(b.ev) {
			to, closed = b.ev[i+1].at, b.ev[i+1].action.Kind != model.Tick
		}
		judge(s, i, from)
		for _, st := range starts[:i+2] {
			for _, k := range consts {
				if t := st + k; t > from && (t < to || closed && t == to) {
					judge(s, i, t)
				}
			}
		}
		if closed && to > from {
			judge(s, i, to)
		}
	}
	return out
}

// judgedRun is one concrete run judged two ways as it goes: by the
// monitors (every transition, every quiet interval) and, at its end, by
// the brute force over its trace.
type judgedRun struct {
	log   func(format string, args ...any)
	r     *model.Rules
	j     *properties.Judge
	found map[string]string // property → the monitor's first message
	b     *brute
	s     model.State // the state now
	last  model.State // the state after the last event, at its instant
}

func newJudgedRun(r *model.Rules, viewers int, log func(string, ...any)) *judgedRun {
	s := model.Initial()
	return &judgedRun{log: log, r: r, j: properties.NewJudge(properties.Catalog(), viewers), found: map[string]string{},
		b: &brute{r: r, viewers: viewers}, s: s, last: s}
}

func (m *judgedRun) note(f engine.Finding) {
	if p := m.j.Props[f.Property].Name; m.found[p] == "" {
		m.found[p] = f.Message
	}
}

func (m *judgedRun) record(e event) {
	e.refused = refused(m.r, e.action)
	m.j.Quiet(m.r, &m.last, e.at, m.note)
	tr := model.Transition{Before: e.before, Action: e.action,
		Next: model.Next{State: e.after, Shown: e.shown, Effects: e.effects}}
	m.j.Transition(m.r, &tr, m.note)
	m.b.ev = append(m.b.ev, e)
	m.last = e.after
}

// advance lets time pass to instant to, recording every timer firing.
func (m *judgedRun) advance(to time.Duration) {
	prev := m.s
	var fired []model.Next
	m.s, fired = model.Advance(m.r, m.s, to)
	for _, n := range fired {
		before := prev
		before.Now = n.State.Now
		m.record(event{at: n.State.Now, action: model.Action{Kind: model.Tick}, before: before, after: n.State,
			shown: n.Shown, effects: n.Effects})
		m.log("# at %s timers fired", model.FormatDuration(n.State.Now))
		prev = n.State
	}
}

// act takes action a now with the outcome pick chooses among model.Step's
// (after the timers due now); false when a cannot happen.
func (m *judgedRun) act(a model.Action, pick func([]model.Next) int) bool {
	m.advance(m.s.Now)
	outs := model.Step(m.r, m.s, a)
	k := -1
	if len(outs) > 0 {
		k = pick(outs)
	}
	if k < 0 {
		return false
	}
	n := outs[k]
	m.log("at %s %s (shows %s)", model.FormatDuration(m.s.Now), a, n.Shown)
	m.record(event{at: m.s.Now, action: a, before: m.s, after: n.State, shown: n.Shown, effects: n.Effects})
	m.s = n.State
	return true
}

// finish judges the last quiet interval and instant, and returns what the
// brute force finds violated.
func (m *judgedRun) finish() map[string]bool {
	m.j.Quiet(m.r, &m.last, m.s.Now, m.note)
	m.j.Instant(m.r, &m.s, m.note)
	m.b.final = m.s
	return m.b.violated()
}

// monitorsRun drives one random concrete run under r as historyRun does
// and compares the properties of compare (nil: all) the monitors found
// violated with the brute force's, counting in tally each property's runs
// held and violated.
func monitorsRun(rt *rapid.T, r *model.Rules, viewers int, compare []string, tally map[string][2]int) {
	m := newJudgedRun(r, viewers, rt.Logf)
	actions := append(model.Actions(viewers), model.Action{Kind: model.TakeSharePoint}, model.Action{Kind: model.TakeYammer})
	var changes []model.Action
	for _, a := range actions {
		if a.Kind == model.Change {
			changes = append(changes, a)
		}
	}
	act := func(rt *rapid.T, from []model.Action, label string) {
		a := rapid.SampledFrom(from).Draw(rt, label)
		m.act(a, func(outs []model.Next) int { return rapid.IntRange(0, len(outs)-1).Draw(rt, "outcome") })
	}
	// The preconditions of the properties that need several steps of one
	// viewer (a restart before a view; a visit, restarts and a clear before
	// a quiet spell; a Lync view while signed out), drawn more often.
	o := model.Observer
	aimed := []model.Action{{Kind: model.View, Surface: model.OutlookClientSurface, Viewer: o},
		{Kind: model.View, Surface: model.TeamsClientSurface, Viewer: o}, {Kind: model.RestartOutlook, Viewer: o},
		{Kind: model.ClearBrowserCache, Viewer: o}, {Kind: model.RestartTeams, Viewer: o}, {Kind: model.Visit},
		{Kind: model.LyncSignOut}, {Kind: model.View, Surface: model.LyncClientSurface, Viewer: o}}
	rt.Repeat(map[string]func(*rapid.T){
		"action": func(rt *rapid.T) { act(rt, actions, "action") },
		"aimed":  func(rt *rapid.T) { act(rt, aimed, "aimed") },
		"change": func(rt *rapid.T) { act(rt, changes, "change") },
		"wait": func(rt *rapid.T) {
			ds := properties.Deadlines(r, &m.s)
			m.advance(ds[rapid.IntRange(0, len(ds)-1).Draw(rt, "wait")])
		},
	})
	want := m.finish()
	for _, p := range properties.Catalog() {
		if compare != nil && !slices.Contains(compare, p.Name) {
			continue
		}
		n := tally[p.Name]
		if want[p.Name] {
			n[1]++
		} else {
			n[0]++
		}
		tally[p.Name] = n
		switch msg := m.found[p.Name]; {
		case msg != "" && !want[p.Name]:
			rt.Fatalf("%s: the monitor finds it violated (%s), the brute force does not", p.Name, msg)
		case msg == "" && want[p.Name]:
			rt.Fatalf("%s: the brute force finds it violated, the monitor does not", p.Name)
		}
	}
}

// replayCounterexamples: the brute force can say "violated" of every
// property, whatever random runs reach: each property's shortest
// counterexample under modeltest.Breaking (a goal under observed, an
// invariant with its rule broken), replayed, is a violation for the brute
// force and for the monitors alike; each counts in tally.
func replayCounterexamples(t *testing.T, tally map[string][2]int) {
	for _, p := range properties.Catalog() {
		t.Run(p.Name, func(t *testing.T) {
			r := modeltest.Breaking(p.Name)
			res := explore.Explore(explore.Config{Rules: r, Props: []*properties.Property{p}})
			ex := res.Verdicts[0].Example
			if ex == nil {
				t.Skipf("no counterexample under %s (%s)", r.Name, res.Verdicts[0].Verdict)
			}
			m := newJudgedRun(&r, 2, t.Logf)
			for _, e := range ex.Events {
				if e.Action.Kind == model.Tick {
					continue // model.Advance fires the timers
				}
				m.advance(e.At)
				// The outcome the counterexample took: the one with its
				// effects, else the first that shows what it showed.
				if !m.act(e.Action, func(outs []model.Next) int {
					if k := slices.IndexFunc(outs, func(n model.Next) bool { return n.Shown == e.Shown && n.Effects == e.Effects }); k >= 0 {
						return k
					}
					return slices.IndexFunc(outs, func(n model.Next) bool { return n.Shown == e.Shown })
				}) {
					t.Fatalf("at %s %s: no outcome shows %s", model.FormatDuration(e.At), e.Action, e.Shown)
				}
			}
			m.advance(ex.At)
			want := m.finish()
			if !want[p.Name] || m.found[p.Name] == "" {
				t.Errorf("the counterexample under %s: brute force violated %v, monitor %q", r.Name, want[p.Name], m.found[p.Name])
			}
			n := tally[p.Name]
			n[1]++
			tally[p.Name] = n
		})
	}
}

// TestMonitorsRecomputed: for every defect of bruteDefects (and none),
// under random rule sets (every knob drawn), on random concrete runs, the
// properties the monitors find violated are those the brute force finds
// from the SPEC's words; and on each property's shortest counterexample
// both find it violated (replayCounterexamples). Every property of the
// catalog has a brute-force definition; with a full budget, each was
// compared both held and violated in some run (a counterexample's
// included), so that neither answer went untested.
func TestMonitorsRecomputed(t *testing.T) {
	tally := map[string][2]int{} // property → runs compared where it held, where it was violated
	t.Run("counterexamples", func(t *testing.T) { replayCounterexamples(t, tally) })
	for _, p := range properties.Catalog() {
		_, step := stepProps[p.Name]
		_, inst := instantProps[p.Name]
		if step == inst {
			t.Errorf("%s: want one brute-force definition, a step's or an instant's", p.Name)
		}
	}
	for _, d := range bruteDefects {
		t.Run(d.name, func(t *testing.T) {
			rapid.Check(t, func(rt *rapid.T) {
				r := randomRules(rt)
				r.Amend = d.amend
				for _, kv := range model.Changed(model.Observed(), r) {
					rt.Logf("set %s %s", kv[0], kv[1])
				}
				monitorsRun(rt, &r, 2, d.compare, tally)
			})
		})
	}
	if checks, _ := strconv.Atoi(flag.Lookup("rapid.checks").Value.String()); checks < 100 || testing.Short() || t.Failed() {
		return
	}
	for _, p := range properties.Catalog() {
		if n := tally[p.Name]; n[0] == 0 || n[1] == 0 {
			t.Errorf("%s: held in %d runs, violated in %d: the comparison did not try both answers", p.Name, n[0], n[1])
		}
	}
	t.Logf("runs where each property held and was violated: %v", tally)
}
