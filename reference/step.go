package reference

import (
	"fmt"
	"time"

	"photosync/model"
)

// world is the rules of SPEC §3 and §6 over State, in concrete time. Each
// method is one rule, named by its id; none looks at the model's step
// code.
type world struct {
	rs rules
	// keepImportInstant writes the instant of every import even under
	// sharepoint.trigger service, where no rule reads it (see doc.go).
	keepImportInstant bool
}

// outcome is one possible result of an action: the state, and what a view
// showed (0: none, or not a view).
type outcome struct {
	s     State
	shown pic
}

// lacks: SharePoint's photo differs from Exchange's (R7, R8, R18). Every
// write of SharePoint writes its three renditions, so the large one speaks
// for all.
func (w *world) lacks(s *State) bool { return s.sharepoint[2] != s.exchange }

// setExchange is Exchange taking photo p at now (R1, R2, R3's copy, R12
// two-way); other says it comes from a source other than DirSync, which
// R15 remembers until DirSync's next run. R12 from-exchange and two-way:
// Yammer takes each Exchange photo as Exchange takes it.
func (w *world) setExchange(s *State, now time.Duration, p pic, other bool) {
	if other {
		s.otherSinceRun = p
	}
	if p == s.exchange {
		return
	}
	s.exchange = p
	s.exchangePrev, s.exchangeLast = s.exchangeLast, now
	s.exchangeChanges = min(s.exchangeChanges+1, 2)
	if w.rs.yammerSync == "from-exchange" || w.rs.yammerSync == "two-way" {
		s.yammer = p
	}
}

// windowOpen is R8's window at now: last-import, open when no import
// happened in the last window; last-change, open when the Exchange change
// before the current photo's change lies at least a window back (or there
// was none).
func (w *world) windowOpen(s *State, now time.Duration) bool {
	if w.rs.windowFromLastChange {
		return s.exchangeChanges < 2 || now-s.exchangePrev >= w.rs.window
	}
	return !s.imported || now-s.lastImport >= w.rs.window
}

// windowOpens is the instant R8's window opens by the passage of time, for
// a closed window.
func (w *world) windowOpens(s *State) time.Duration {
	if w.rs.windowFromLastChange {
		return s.exchangePrev + w.rs.window
	}
	return s.lastImport + w.rs.window
}

// visitCondition is R8's knob sharepoint.visit: after-change, a qualifying
// visit since the last import (that counts: R8 visitQueues); once, My Site
// created at any time; never, no visit needed.
func (w *world) visitCondition(s *State) bool {
	switch w.rs.visit {
	case "after-change":
		return s.visitCounts
	case "once":
		return s.mysiteCreated
	}
	return true
}

// importWaits: R8 but for its window. Under sharepoint.trigger service R8
// is not used (R18).
func (w *world) importWaits(s *State) bool {
	return !w.rs.service && w.lacks(s) && w.visitCondition(s)
}

// importPhoto: SharePoint imports Exchange's photo, all three renditions
// (R8, R9, R18's take).
func (w *world) importPhoto(s *State, now time.Duration) {
	p := s.exchange
	s.sharepoint = [3]pic{p, p, p}
	s.imported = true
	if !w.rs.service || w.keepImportInstant {
		s.lastImport = now
	}
	s.visitCounts = false
}

// visit is R7: any visit creates the My Site; a visit made while
// SharePoint lacks Exchange's photo qualifies. R8: it counts when
// sharepoint.visitQueues is on, or when the window is open at that instant.
// Under sharepoint.trigger service no visit condition is used (R18).
func (w *world) visit(s *State, now time.Duration) {
	s.mysiteCreated = true
	if !w.rs.service && w.lacks(s) && (w.rs.visitQueues || w.windowOpen(s, now)) {
		s.visitCounts = true
	}
}

// settle is what holds at the earliest instant it can, after every event:
// R8's import when SharePoint lacks Exchange's photo, the visit condition
// holds and the window is open; R18's span, which begins when SharePoint
// begins to lack Exchange's photo (not moved by later changes) and ends
// when it no longer lacks it.
func (w *world) settle(s *State, now time.Duration) {
	if w.importWaits(s) && w.windowOpen(s, now) {
		w.importPhoto(s, now)
	}
	if !w.rs.service {
		return
	}
	switch {
	case !w.lacks(s):
		s.spPending = false
	case !s.spPending:
		s.spPending, s.spBegan = true, now
	}
}

// takeSharePoint is R18's take: SharePoint imports Exchange's photo of
// this instant.
func (w *world) takeSharePoint(s State, now time.Duration) State {
	w.importPhoto(&s, now)
	s.spPending = false
	w.settle(&s, now)
	return s
}

// takeYammer is R20's take: Yammer takes Exchange's photo of this instant.
func (w *world) takeYammer(s State, now time.Duration) State {
	s.yammer = s.exchange
	s.yPending = false
	w.settle(&s, now)
	return s
}

// dirSync is one DirSync run at now, scheduled or manual (R3, R14, R15,
// R17): it copies AD's photo to Exchange, as R2 does, only if AD changed
// since the previous run, dirsync.thumbnails is on, dirsync.once is off
// and photo.source is not cloud. When Exchange also took a photo from
// another source since the previous run, dirsync.conflict decides: ad-wins
// copies; either may copy or not; latest-wins keeps the later of the two
// changes (photos are numbered in change order). Every run, copying or not,
// is the previous run of the next one.
func (w *world) dirSync(s State, now time.Duration) []State {
	changed, other := s.adSinceRun, s.otherSinceRun
	s.adSinceRun, s.otherSinceRun = false, 0
	if !changed || !w.rs.thumbnails || w.rs.once || w.rs.photoSource == "cloud" {
		return []State{s}
	}
	copied := s
	w.setExchange(&copied, now, s.ad, false)
	if other == 0 {
		return []State{copied}
	}
	switch w.rs.conflict {
	case "either":
		return []State{copied, s}
	case "latest-wins":
		if s.ad > other {
			return []State{copied}
		}
		return []State{s}
	}
	return []State{copied}
}

// act is one action of SPEC §5 at now in state s: every outcome, settled.
func (w *world) act(s State, now time.Duration, a model.Action) ([]outcome, error) {
	var out []outcome
	one := func(s State) { out = append(out, outcome{s: s}) }
	v := int(a.Viewer) - 1
	if a.Kind.ByViewer() && (v < 0 || v >= model.MaxViewers) {
		return nil, fmt.Errorf("reference: %s: no such viewer", a)
	}
	switch a.Kind.String() {
	case "change":
		if err := w.change(&s, now, a.Source.String()); err != nil {
			return nil, err
		}
		one(s)
	case "visit":
		w.visit(&s, now)
		one(s)
	case "edit-cancel": // R9: a visit, then an import whatever the window
		w.visit(&s, now)
		w.importPhoto(&s, now)
		one(s)
	case "restart-outlook": // R5
		s.viewer[v].outlook = entry{}
		one(s)
	case "clear-browser-cache": // R5
		s.viewer[v].browser = [numBrowser]entry{}
		one(s)
	case "restart-teams": // R19
		s.viewer[v].teams = entry{}
		one(s)
	case "lync-signin": // R10
		s.signedOut = false
		one(s)
	case "lync-signout":
		s.signedOut = true
		one(s)
	case "dirsync": // R3: a run on demand
		for _, n := range w.dirSync(s, now) {
			one(n)
		}
	case "open-yammer": // R20
		if w.rs.yammerSync == "on-use" && s.yammer != s.exchange && !s.yPending {
			s.yPending, s.yOpened = true, now
		}
		one(s)
	case "view":
		var err error
		if out, err = w.view(s, now, a.Surface.String(), v); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("reference: unknown action %q", a.Kind)
	}
	for i := range out {
		w.settle(&out[i].s, now)
	}
	return out, nil
}

// change is `change SOURCE`: the change makes the next photo whether or
// not it is refused (§6.1); a refused change does nothing else.
func (w *world) change(s *State, now time.Duration, src string) error {
	s.made++
	p := pic(s.made + 1)
	if w.rs.refused(src) {
		return nil
	}
	switch src {
	case "sharepoint-mysite": // R1
		if w.rs.mysiteWritesExchange {
			w.setExchange(s, now, p, true)
		} else {
			s.sharepoint = [3]pic{p, p, p}
		}
		w.visit(s, now)
	case "outlook-client", "outlook-online", "lync-client", "set-userphoto", "graph", "admin-center", "teams-client": // R2, §6.1
		w.setExchange(s, now, p, true)
	case "active-directory": // R3
		s.ad = p
		s.adSinceRun = true
	case "yammer": // R4, R12
		s.yammer = p
		if w.rs.yammerSync == "two-way" {
			w.setExchange(s, now, p, true)
		}
	default:
		return fmt.Errorf("reference: unknown source %q", src)
	}
	return nil
}

// view is a view of surf by viewer v (index from 0): R5's caches, R6 (it
// shows first, then fills and visits), R10, R11 and R19.
func (w *world) view(s State, now time.Duration, surf string, v int) ([]outcome, error) {
	rs := &w.rs
	through := func(e func(*State) *entry, t ttl, store pic) []outcome {
		var out []outcome
		if old := *e(&s); old.p != 0 && t.valid(old.at, now) {
			out = append(out, outcome{s: s, shown: old.p})
		}
		fresh := s
		*e(&fresh) = entry{p: store, at: now}
		return append(out, outcome{s: fresh, shown: store})
	}
	browser := func(i int) func(*State) *entry {
		return func(s *State) *entry { return &s.viewer[v].browser[i] }
	}
	owa := func(s *State) *entry { return &s.viewer[v].owa }
	var out []outcome
	switch surf {
	case "sharepoint-mysite":
		out = through(browser(brMySite), rs.browser, s.sharepoint[2])
	case "sharepoint-people-search":
		out = through(browser(brPeopleSearch), rs.browser, s.sharepoint[1])
	case "sharepoint-newsfeed":
		out = through(browser(brNewsfeed), rs.browser, s.sharepoint[0])
	case "sharepoint-people-picker": // C4, R11
		if rs.pickerBusting {
			out = []outcome{{s: s, shown: s.sharepoint[0]}}
		} else {
			out = through(browser(brPicker), rs.browser, s.sharepoint[0])
		}
	case "sharepoint-search-hover": // C10, R11
		if rs.hoverSharePoint {
			out = through(browser(brHover), rs.browser, s.sharepoint[1])
		} else {
			out = through(owa, rs.owa, s.exchange)
		}
	case "outlook-online-contact-card", "outlook-online-email", "outlook-online-draft":
		out = through(owa, rs.owa, s.exchange)
	case "outlook-client":
		out = through(func(s *State) *entry { return &s.viewer[v].outlook }, rs.outlook, s.exchange)
	case "lync-client": // R10
		if s.signedOut && rs.lyncOfflineHides {
			out = []outcome{{s: s}}
		} else {
			out = through(func(s *State) *entry { return &s.viewer[v].lync }, rs.lync, s.exchange)
		}
	case "yammer":
		out = []outcome{{s: s, shown: s.yammer}}
	case "teams-client":
		out = w.viewTeams(s, now, v)
	default:
		return nil, fmt.Errorf("reference: unknown surface %q", surf)
	}
	if surf == "sharepoint-mysite" && v == 0 { // R7: the subject's view of My Site is a visit, after it shows (R6)
		for i := range out {
			w.visit(&out[i].s, now)
		}
	}
	return out, nil
}

// viewTeams is R19: the viewer's Teams client cache by R5, and where R5
// would show the store's photo, the store is the Teams service cache, which
// by R5 shows its own entry or Exchange's photo. Both fill with what was
// shown; a cache that shows its own entry is not refilled.
func (w *world) viewTeams(s State, now time.Duration, v int) []outcome {
	var out []outcome
	if c := s.viewer[v].teams; c.p != 0 && w.rs.teamsClient.valid(c.at, now) {
		out = append(out, outcome{s: s, shown: c.p})
	}
	if sv := s.service; sv.p != 0 && w.rs.teamsService.valid(sv.at, now) {
		n := s
		n.viewer[v].teams = entry{p: sv.p, at: now}
		out = append(out, outcome{s: n, shown: sv.p})
	}
	n := s
	n.service = entry{p: s.exchange, at: now}
	n.viewer[v].teams = entry{p: s.exchange, at: now}
	return append(out, outcome{s: n, shown: s.exchange})
}
