package model

import (
	"fmt"
	"time"
)

// ActionKind is what happens in one step (SPEC §5's actions).
type ActionKind uint8

// The actions. Tick is the model's own: the timers due now fire (DirSync's
// schedule, R8's window opening); scenarios never write it.
const (
	_                 ActionKind = iota
	Change                       // change SOURCE
	Visit                        // visit: the subject visits their My Site
	EditCancel                   // edit-cancel: the subject edits the photo on My Site and cancels
	RestartOutlook               // restart-outlook VIEWER
	ClearBrowserCache            // clear-browser-cache VIEWER
	LyncSignIn                   // lync-signin: the subject signs in to Lync
	LyncSignOut                  // lync-signout: the subject signs out of Lync
	DirSync                      // dirsync: an administrator runs DirSync now
	View                         // view SURFACE VIEWER
	Tick                         // the timers due now fire
	RestartTeams                 // restart-teams VIEWER: sign out of Teams and in, or clear its cache (R19)
	OpenYammer                   // open-yammer: the subject opens Yammer / Viva Engage (R20)
	TakeSharePoint               // SharePoint's pending take happens now, before its deadline (R18); the model's own
	TakeYammer                   // Yammer's pending take happens now, before its deadline (R20); the model's own
	numActionKinds
)

var actionNames = [...]string{"", "change", "visit", "edit-cancel", "restart-outlook", "clear-browser-cache",
	"lync-signin", "lync-signout", "dirsync", "view", "tick", "restart-teams", "open-yammer", "take-sharepoint", "take-yammer"}

// String returns the action's scenario keyword.
func (k ActionKind) String() string { return enumName(actionNames[:], int(k), "action") }

// Written reports whether a scenario can write the action: every one but
// the model's own (Tick, TakeSharePoint, TakeYammer).
func (k ActionKind) Written() bool {
	return k > 0 && k < numActionKinds && k != Tick && k != TakeSharePoint && k != TakeYammer
}

// ByViewer reports whether the action names a viewer.
func (k ActionKind) ByViewer() bool {
	return k == View || k == RestartOutlook || k == ClearBrowserCache || k == RestartTeams
}

// Action is one step's action with its arguments. It is a comparable value.
type Action struct {
	Kind    ActionKind
	Source  Source  // for Change
	Surface Surface // for View
	Viewer  Viewer  // for View, RestartOutlook, ClearBrowserCache, RestartTeams
}

// String writes the action as a scenario writes it ("change outlook-online",
// "view sharepoint-mysite subject").
func (a Action) String() string {
	switch a.Kind {
	case Change:
		return "change " + a.Source.String()
	case RestartOutlook, ClearBrowserCache, RestartTeams:
		return a.Kind.String() + " " + a.Viewer.String()
	case View:
		return "view " + a.Surface.String() + " " + a.Viewer.String()
	}
	return a.Kind.String()
}

// Effects are what a step did besides its action, for properties and reports.
type Effects uint16

// The effects.
const (
	EffectImport          Effects = 1 << iota // SharePoint imported Exchange's photo (R8, R9)
	EffectEditCancel                          // the import was an edit-cancel's (R9)
	EffectDirSyncRun                          // a scheduled DirSync run happened (R3)
	EffectDirSyncCopy                         // DirSync copied AD's photo to Exchange (R3)
	EffectYammerSync                          // Yammer and Exchange exchanged a photo (R12)
	EffectVisit                               // the subject visited their My Site (R7)
	EffectMySiteCreated                       // that visit created the My Site (R7)
	EffectCacheHit                            // the view showed a cached photo (R5)
	EffectExchangeChanged                     // Exchange took a new photo
	EffectChange                              // a change of any kind happened
	EffectRefused                             // the change was refused: it made its photo number and nothing else (§6.1)
	EffectSharePointTake                      // SharePoint took Exchange's photo by itself (R18)
	EffectYammerTake                          // Yammer took Exchange's photo after an open-yammer (R20)
	EffectTeamsServiceHit                     // a Teams view showed the service cache's photo (R19)
)

// Has reports whether every effect in f happened.
func (e Effects) Has(f Effects) bool { return e&f == f }

// Next is one possible outcome of a step.
type Next struct {
	State   State
	Shown   Photo   // what a view showed (NoPhoto: none, or not a view)
	Effects Effects // what else happened
}

// Step returns every possible outcome of action a in state s under rules r,
// in concrete time, without duplicates, in a fixed order (a cached photo
// before a fresh one). It does not let time pass: call Advance first, so that
// the timers due at s.Now have fired. A Tick with nothing due has no outcome.
func Step(r *Rules, s State, a Action) []Next {
	var ch Choices
	var out []Next
	env := Concrete(&ch)
	for {
		ch.Rewind()
		if n, ok := Apply(r, s, a, env); ok && !containsNext(out, n) {
			out = append(out, n)
		}
		if !ch.Next() {
			return out
		}
	}
}

func containsNext(ns []Next, n Next) bool {
	for _, m := range ns {
		if m == n {
			return true
		}
	}
	return false
}

// Apply runs action a once, asking env every question about time and every
// choice. ok is false when the action cannot happen: a Tick with no timer
// due, a viewer beyond MaxViewers, or an unset argument.
func Apply(r *Rules, s State, a Action, env Env) (n Next, ok bool) {
	t := newTx(env)
	*t = tx{r: r, s: s, env: env}
	switch a.Kind {
	case Change:
		if a.Source == 0 || a.Source >= numSources {
			return Next{}, false
		}
		if r.Refuses(a.Source) {
			return t.refuse(a, &s)
		}
		t.changed() // first, so the visit a My Site change makes counts as after it
		switch a.Source {
		case FromMySite:
			t.changeMySite()
		case FromOutlookClient, FromOutlookOnline, FromLyncClient, FromSetUserPhoto, FromGraph, FromAdminCenter,
			FromTeamsClient:
			t.changeExchange()
		case FromActiveDirectory:
			t.changeActiveDirectory()
		case FromYammer:
			t.changeYammer()
		default:
			return Next{}, false
		}
	case Visit:
		t.visit()
	case EditCancel:
		t.editCancel()
	case RestartOutlook:
		if !validViewer(a.Viewer) {
			return Next{}, false
		}
		t.restartOutlook(a.Viewer)
	case ClearBrowserCache:
		if !validViewer(a.Viewer) {
			return Next{}, false
		}
		t.clearBrowserCache(a.Viewer)
	case LyncSignIn:
		t.s.LyncSignedOut = false
	case LyncSignOut:
		t.s.LyncSignedOut = true
	case DirSync:
		t.dirSyncRun()
	case View:
		if !validViewer(a.Viewer) || a.Surface == 0 || a.Surface >= numSurfaces {
			return Next{}, false
		}
		t.view(a.Surface, a.Viewer)
	case Tick:
		if !t.tick() {
			return Next{}, false
		}
	case RestartTeams:
		if !validViewer(a.Viewer) {
			return Next{}, false
		}
		t.restartTeams(a.Viewer)
	case OpenYammer:
		t.openYammer()
	case TakeSharePoint:
		if !t.running(ClockSharePointSpan) {
			return Next{}, false
		}
		t.takeSharePoint()
	case TakeYammer:
		if !t.running(ClockYammerSpan) {
			return Next{}, false
		}
		t.takeYammer()
	default:
		return Next{}, false
	}
	t.settle()
	t.normalize()
	return t.done(a, &s), true
}

// done is the outcome of a transition, amended if the rules say so.
func (t *tx) done(a Action, before *State) Next {
	n := Next{State: t.s, Shown: t.shown, Effects: t.eff}
	if t.r.Amend != nil {
		n = amend(t.r.Amend, a, *before, n)
	}
	return n
}

// amend runs an Amendment on copies: handing the transition's own values
// to a function value would move them to the heap on every transition,
// amended or not (the explorer's hot path).
func amend(f Amendment, a Action, before State, n Next) Next {
	f(a, &before, &n)
	return n
}

// DirSyncCopiesPhotos reports whether DirSync carries photos to Exchange
// at all: dirsync.thumbnails on (R3), not dirsync.once (R14), photo.source
// not cloud (R17, E5). Where it does not, a run copies nothing whatever AD
// holds.
func (r *Rules) DirSyncCopiesPhotos() bool {
	return r.dirSyncThumbnails() && !r.dirSyncOnce() && r.photoSource() != PhotoSourceCloud
}

// Refuses reports whether a change through src is refused (§6.1).
func (r *Rules) Refuses(src Source) bool { return r.Refusal(src) != "" }

// Refusal names the rule that refuses a change through src: "R16"
// (Set-UserPhoto retired), "R21" (Yammer cannot be edited), "R17"
// (photo.source on-premises, E5: every source but active-directory and
// yammer), "E9" (photo.userEdits admins-only: every source by the subject,
// §6.5); "" when the change is not refused. Of two rules that both refuse, the
// first of that list is named.
func (r *Rules) Refusal(src Source) string {
	switch {
	case src == FromSetUserPhoto && r.setUserPhoto() == SetUserPhotoRetired:
		return "R16"
	case src == FromYammer && !r.yammerEditable():
		return "R21"
	case r.photoSource() == PhotoSourceOnPremises && src != FromActiveDirectory && src != FromYammer:
		return "R17"
	case src.BySubject() && r.userEdits() == UserEditsAdminsOnly:
		return "E9"
	}
	return ""
}

// refuse is a refused change (§6.1): it makes its photo number, and
// nothing else happens: no store takes the photo, it is not a visit, no
// clock starts.
func (t *tx) refuse(a Action, before *State) (Next, bool) {
	t.newPhoto()
	t.eff |= EffectRefused
	return t.done(a, before), true
}

func validViewer(v Viewer) bool { return v >= 1 && v <= MaxViewers }

// newTx returns the memory of a transaction under env: a concrete Env's
// own, which it answers one at a time (see Concrete), or else new. A
// transaction hands its state to the Env's methods, so Go cannot keep it
// on the stack, and Apply is the hot path of every run and search: a new
// one at each transition was a third of their time.
func newTx(env Env) *tx {
	if c, ok := env.(*concrete); ok {
		if c.t == nil {
			c.t = new(tx)
		}
		return c.t
	}
	return new(tx)
}

// tx is one transition under way: a copy of the state being changed.
type tx struct {
	r     *Rules
	s     State
	env   Env
	eff   Effects
	shown Photo
}

func (t *tx) running(c Clock) bool { return t.s.Running.Has(c) }

func (t *tx) start(c Clock) {
	t.s.Running = t.s.Running.With(c)
	t.env.Reset(&t.s, c)
}

func (t *tx) stop(c Clock) {
	if t.running(c) {
		t.s.Running = t.s.Running.Without(c)
		t.env.Stop(&t.s, c)
	}
}

func (t *tx) assign(dst, src Clock) {
	if !t.running(src) {
		t.stop(dst)
		return
	}
	t.s.Running = t.s.Running.With(dst)
	t.env.Assign(&t.s, dst, src)
}

// since reports whether clock c reads at least d; a clock that never
// started reads infinitely much.
func (t *tx) since(c Clock, d time.Duration) bool {
	return !t.running(c) || t.env.Elapsed(&t.s, c, d)
}

func (t *tx) newPhoto() Photo {
	t.s.Made++
	return V(int(t.s.Made))
}

// changed records a change of any kind: the clock and the history of
// all-surfaces-agree-when-quiet start over.
func (t *tx) changed() {
	t.start(ClockAnyChange)
	t.s.History.VisitedSinceChange = false
	t.s.History.RestartedSinceChange = 0
	t.s.History.ClearedSinceChange = 0
	t.s.History.RestartedTeams = 0
	t.eff |= EffectChange
}

// changeMySite is R1: Exchange takes the new photo at once (C3), the change
// is a visit (R7), and R8 decides whether SharePoint shows it (C8, C15).
// With mysite.writesExchange off, SharePoint takes the photo instead and
// Exchange keeps its own; the change is still a visit, one made while
// SharePoint lacks Exchange's photo, so by R7 and R8 it qualifies and
// SharePoint imports Exchange's photo back as soon as the window allows.
func (t *tx) changeMySite() {
	p := t.newPhoto()
	if t.r.mySiteWritesExchange() {
		t.setExchangeFromOutside(p)
	} else {
		t.s.SharePoint = [numRenditions]Photo{p, p, p}
	}
	t.visit()
}

// changeExchange is R2: Outlook, Lync and Set-UserPhoto write Exchange (C9);
// SharePoint follows only through R8 (C2, C11).
func (t *tx) changeExchange() { t.setExchangeFromOutside(t.newPhoto()) }

// setExchangeFromOutside makes Exchange take p from a source other than
// DirSync: R15 remembers it, for DirSync's next run.
func (t *tx) setExchangeFromOutside(p Photo) {
	t.setExchange(p)
	// Only a conflict rule other than ad-wins asks whether Exchange took
	// a photo since DirSync's previous run: keeping it under ad-wins would
	// tell apart states no rule can.
	t.s.ExchangeOther = t.r.dirSyncConflict() != ADWins
	t.s.ADNewer = false
}

// changeActiveDirectory is R3's first half: AD takes the new photo; DirSync
// carries it on later.
func (t *tx) changeActiveDirectory() {
	t.s.ActiveDirectory = t.newPhoto()
	t.s.ADChanged = true
	t.s.ADNewer = true
}

// dirSyncRun is R3's second half: a run copies AD's photo to Exchange, as a
// change from outside SharePoint, only if AD changed since the previous run
// (delta sync) and dirsync.thumbnails is on (C17); never with dirsync.once
// (R14) or photo.source cloud (R17). When Exchange also took a photo from
// another source since the previous run, R15 decides (exchangeStays).
// Every run, scheduled or manual, copying or not, is the previous run of
// the next: it ends R15's "since the previous run" (ExchangeOther) and R3's
// delta (ADChanged); skipIdleDirSync keeps that for the runs it skips.
func (t *tx) dirSyncRun() {
	other := t.s.ExchangeOther
	t.s.ExchangeOther = false
	if !t.s.ADChanged {
		return
	}
	t.s.ADChanged = false
	if !t.r.DirSyncCopiesPhotos() || t.s.ActiveDirectory == t.s.Exchange {
		return
	}
	if other && t.exchangeStays() {
		return
	}
	t.setExchange(t.s.ActiveDirectory)
	t.eff |= EffectDirSyncCopy
	t.changed()
}

// exchangeStays is R15, dirsync.conflict: a DirSync run that would copy
// AD's photo finds that Exchange also took a photo from another source
// since the previous run; it reports whether Exchange's photo stays.
// ad-wins: never (AD's photo replaces it, R3 as it stands); either: it may
// or may not (a choice; E3: "we do not guarantee that the latest photo will
// be served"); latest-wins: when Exchange's change came after AD's last
// change (ADNewer false).
func (t *tx) exchangeStays() bool {
	switch t.r.dirSyncConflict() {
	case EitherWins:
		return t.env.Choose(2) == 1
	case LatestWins:
		return !t.s.ADNewer
	}
	return false
}

// changeYammer is R4 and R12: Yammer takes the new photo and nothing else
// changes (C1), unless yammer.sync is two-way: then Exchange takes it as a
// change from outside SharePoint.
func (t *tx) changeYammer() {
	p := t.newPhoto().MadeInYammer()
	t.s.Yammer = p
	if t.r.yammerSync() == YammerTwoWay {
		t.setExchangeFromOutside(p)
		t.eff |= EffectYammerSync
	}
}

// setExchange makes Exchange hold p, keeping the clocks R8 and the
// properties count from, and R12's from-exchange sync.
func (t *tx) setExchange(p Photo) {
	if p == t.s.Exchange {
		return
	}
	old := t.s.Exchange
	if t.s.ExchangeChanged {
		t.assign(ClockPrevExchange, ClockExchange)
	}
	t.s.ExchangeChanged = true
	t.start(ClockExchange)
	t.s.Exchange = p
	if t.s.MySiteCreated {
		t.start(ClockSettled)
	}
	t.s.History.QualifiedWhileHeld = false
	t.s.History.SharePointHeld = false
	t.eff |= EffectExchangeChanged
	t.teamsStale(old, p)
	t.yammerFollows(p)
}

// yammerFollows is R12's Exchange-to-Yammer half: with yammer.sync
// from-exchange or two-way, Yammer takes each Exchange photo as Exchange
// takes it (p, just taken). The other half, Yammer to Exchange under
// two-way, is changeYammer's; on-use (R20) copies only by takeYammer.
func (t *tx) yammerFollows(p Photo) {
	if (t.r.yammerSync() == YammerFromExchange || t.r.yammerSync() == YammerTwoWay) && t.s.Yammer != p {
		t.s.Yammer = p
		t.eff |= EffectYammerSync
	}
}

// lacks reports whether SharePoint lacks Exchange's photo (R7, R8).
func (t *tx) lacks() bool { return t.s.SharePoint[Large] != t.s.Exchange }

// visit is R7: any visit creates the My Site; a visit while SharePoint lacks
// Exchange's photo qualifies, and R8 remembers it unless
// sharepoint.visitQueues is off and the window is closed.
func (t *tx) visit() {
	t.eff |= EffectVisit
	if !t.s.MySiteCreated {
		t.s.MySiteCreated = true
		t.start(ClockSettled)
		t.eff |= EffectMySiteCreated
	}
	t.s.History.VisitedSinceChange = true
	if t.lacks() {
		t.s.History.QualifiedSinceImport = true
		t.s.History.QualifiedWhileHeld = true
		if t.r.trigger() == TriggerVisit && (t.r.visitQueues() || t.windowOpen()) {
			t.s.VisitPending = true
		}
	}
}

// editCancel is R9: a visit, then an import at once whatever the window
// (C14); it counts as an import for the next window.
func (t *tx) editCancel() {
	t.visit()
	t.importPhoto(true)
}

// visitCondition is R8's visit condition (sharepoint.visit).
func (t *tx) visitCondition() bool {
	switch t.r.visit() {
	case VisitOnce:
		return t.s.MySiteCreated
	case VisitNever:
		return true
	}
	return t.s.VisitPending
}

// windowClock is the clock R8's window is counted from.
func (t *tx) windowClock() Clock {
	if t.r.windowFrom() == FromLastChange {
		return ClockPrevExchange
	}
	return ClockImport
}

// windowOpen is R8's window: open when no import happened in the last
// window (last-import), or when the change before the current photo's lies
// at least a window back (last-change).
func (t *tx) windowOpen() bool { return t.since(t.windowClock(), t.r.window()) }

// importWaiting is R8 without its window: SharePoint lacks Exchange's photo
// and the visit condition holds, so an import happens as soon as the window
// is open. It is the one place R8's import condition is written: settle,
// tick and Timers all ask it.
//
// With sharepoint.trigger service (R18) R8 is not used: takes within
// sharepoint.maxDelay replace it.
func (t *tx) importWaiting() bool {
	return t.r.trigger() == TriggerVisit && t.lacks() && t.visitCondition()
}

// importDue is R8 whole: an import waits and the window is open now.
func (t *tx) importDue() bool { return t.importWaiting() && t.windowOpen() }

// settle is R8: SharePoint imports Exchange's photo as soon as it differs,
// the visit condition holds and the window is open.
//
// With sharepoint.trigger service it keeps R18's span instead: the span
// starts when SharePoint begins to lack Exchange's photo, and ends when it
// no longer lacks it; a take must happen within sharepoint.maxDelay of its
// start (tick, Take).
func (t *tx) settle() {
	if t.importDue() {
		t.importPhoto(false)
	}
	switch {
	case t.r.trigger() != TriggerService || !t.lacks():
		t.stop(ClockSharePointSpan)
	case !t.running(ClockSharePointSpan):
		t.start(ClockSharePointSpan)
	}
	if !t.lacks() {
		t.s.History.SharePointHeld = true
	}
}

// importPhoto copies Exchange's photo into all three renditions (R8, R9).
func (t *tx) importPhoto(editCancel bool) {
	p := t.s.Exchange
	t.s.SharePoint = [numRenditions]Photo{p, p, p}
	t.assign(ClockPrevImport, ClockImport)
	t.start(ClockImport)
	t.s.VisitPending = false
	t.s.History.QualifiedSinceImport = false
	t.eff |= EffectImport
	if editCancel {
		t.eff |= EffectEditCancel
	}
}

// restartOutlook is R5's restart-outlook: the viewer's Outlook desktop
// cache empties.
func (t *tx) restartOutlook(v Viewer) {
	t.emptyBy(RestartOutlook, v)
	bit := uint8(1) << v.index()
	t.s.History.RestartedSinceChange |= bit
	t.s.History.RestartedNotViewed |= bit
}

// clearBrowserCache is R5's clear-browser-cache: the viewer's browser
// entries empty.
func (t *tx) clearBrowserCache(v Viewer) {
	t.emptyBy(ClearBrowserCache, v)
	t.s.History.ClearedSinceChange |= uint8(1) << v.index()
}

// emptyBy empties viewer v's entries of every cache that action k empties
// (Cache.EmptiedBy).
func (t *tx) emptyBy(k ActionKind, v Viewer) {
	for c := range numCaches {
		if by, ok := c.EmptiedBy(); ok && by == k {
			t.empty(v, c)
		}
	}
}

func (t *tx) empty(v Viewer, c Cache) {
	t.s.Cache[v.index()][c] = NoPhoto
	t.stop(CacheClock(v, c))
	if c == CacheTeamsClient {
		t.stop(TeamsStaleClock(v))
	}
}

// Timer is a pending timer: when Clock reads After, something happens.
type Timer struct {
	Clock Clock
	After time.Duration
}

// Timers returns the timers pending in a settled state, in firing order for
// timers due at the same instant: DirSync's schedule (R3), R8's window when
// an import waits only for it, then the deadlines of the takes pending
// under R18 and R20 (SPEC §6.2's order). A take may also happen at any
// instant before its deadline (TakeSharePoint, TakeYammer); its timer is
// the instant by which it must have happened.
func Timers(r *Rules, d *Discrete) (ts [4]Timer, n int) {
	if r.dirSyncInterval() > 0 {
		ts[n] = Timer{ClockDirSync, r.dirSyncInterval()}
		n++
	}
	t := tx{r: r, s: State{Discrete: *d}}
	if r.window() > 0 && t.importWaiting() && t.running(t.windowClock()) {
		ts[n] = Timer{t.windowClock(), r.window()}
		n++
	}
	if t.running(ClockSharePointSpan) {
		ts[n] = Timer{ClockSharePointSpan, r.maxDelay()}
		n++
	}
	if t.running(ClockYammerSpan) {
		ts[n] = Timer{ClockYammerSpan, r.yammerDelay()}
		n++
	}
	return ts, n
}

// tick fires the timers due now: DirSync's scheduled run (at every multiple
// of dirsync.interval after time 0), then R8's import if the window has just
// opened, then the takes of R18 and R20 still pending at their deadlines.
// It reports whether anything was due.
func (t *tx) tick() bool {
	fired := false
	if t.r.dirSyncInterval() > 0 && t.env.Elapsed(&t.s, ClockDirSync, t.r.dirSyncInterval()) {
		t.start(ClockDirSync)
		t.eff |= EffectDirSyncRun
		t.dirSyncRun()
		fired = true
	}
	if t.importDue() {
		t.importPhoto(false)
		fired = true
	}
	if t.running(ClockSharePointSpan) && t.env.Elapsed(&t.s, ClockSharePointSpan, t.r.maxDelay()) {
		t.takeSharePoint()
		fired = true
	}
	if t.running(ClockYammerSpan) && t.env.Elapsed(&t.s, ClockYammerSpan, t.r.yammerDelay()) {
		t.takeYammer()
		fired = true
	}
	return fired
}

// takeSharePoint is R18's take: SharePoint imports Exchange's photo of this
// instant, all three renditions (it counts as an import, as R8's does), as
// the Graph photo service does by itself (E6).
func (t *tx) takeSharePoint() {
	t.importPhoto(false)
	t.eff |= EffectSharePointTake
	t.stop(ClockSharePointSpan)
}

// openYammer is R20's start (E8: the sync starts when the subject opens
// Viva Engage): with yammer.sync on-use, if Yammer lacks Exchange's photo,
// a take becomes pending, due within yammer.delay; an open while one is
// pending does not move its deadline.
func (t *tx) openYammer() {
	if t.r.yammerSync() == YammerOnUse && t.s.Yammer != t.s.Exchange && !t.running(ClockYammerSpan) {
		t.start(ClockYammerSpan)
	}
}

// takeYammer is R20's take: Yammer takes Exchange's photo of this instant.
func (t *tx) takeYammer() {
	t.stop(ClockYammerSpan)
	if t.s.Yammer != t.s.Exchange {
		t.s.Yammer = t.s.Exchange
		t.eff |= EffectYammerSync
	}
	t.eff |= EffectYammerTake
}

// restartTeams is R19's restart: the viewer's Teams client cache empties.
func (t *tx) restartTeams(v Viewer) {
	t.emptyBy(RestartTeams, v)
	t.s.History.RestartedTeams |= uint8(1) << v.index()
}

// TimersDue reports whether timers are due at s's own instant and have not
// fired (DirSync runs that would change nothing aside, SkipIdle): s is the
// state right before them, which nobody sees at that instant, since the
// instant belongs to the timers (SPEC §5, §6.2). A take may happen in such
// a state (engine/doc.go); a monitor judges the instant after the timers.
func TimersDue(r *Rules, s *State) bool {
	at, ok := NextDue(r, skipIdleDirSync(r, *s, s.Now))
	return ok && at <= s.Now
}

// NextDue returns the earliest instant after or at s.Now at which a timer
// fires, in concrete time; ok is false when none is pending.
func NextDue(r *Rules, s State) (at time.Duration, ok bool) {
	ts, n := Timers(r, &s.Discrete)
	for _, tm := range ts[:n] {
		due := s.Start[tm.Clock] + tm.After
		if !ok || due < at {
			at, ok = due, true
		}
	}
	if ok && at < s.Now {
		at = s.Now
	}
	return at, ok
}

// Branching says which ways of letting time pass Pass follows besides the
// first (each firing's first outcome, each take at its deadline).
type Branching struct {
	// Choices follows every outcome of a firing that has several (R15
	// either: DirSync copies AD's photo or leaves Exchange's).
	Choices bool
	// Takes lets a pending take of R18 or R20 happen before its deadline:
	// at the ends of every quiet interval, right after the event that
	// opens it and right before the one that closes it (the instant's
	// actions, or the timers due there, before them); each pending take
	// or not, both in one order. The engine's package doc argues why those
	// instants are enough.
	Takes bool
}

// A Way follows one way time passes in Pass, event by event. Pass forks it
// as a value where time branches: each method returns the Way that goes
// on after what it was told, and each branch goes on from its own copy.
type Way[W any] interface {
	// Quiet: nothing happens in state s from s.Now until instant until
	// (an empty interval when until is s.Now).
	Quiet(s *State, until time.Duration) W
	// Step: the model's own action a happened in state before, at
	// before.Now, with outcome n: Tick (the timers due then fired) or a
	// take of R18 or R20 before its deadline.
	Step(before *State, a Action, n *Next) W
	// End: time has passed to the instant asked for; s is the state then.
	End(s *State)
}

// Pass lets time pass in state s to instant to under r and tells w of every
// way it may, as b says: the one loop over the timers. The timers due at
// one instant fire as one Tick, in §6.2's order (tick: DirSync's run, R8's
// window, then the deadlines of R18 and R20), before the instant's actions
// (SPEC §5); DirSync runs that would change nothing are passed over at
// once (skipIdleDirSync). Advance is Pass's first way; the engine follows
// every way where time branches.
func Pass[W Way[W]](r *Rules, s State, to time.Duration, b Branching, w W) {
	if to < s.Now {
		panic(fmt.Sprintf("model.Pass: time going backwards from %s to %s", FormatDuration(s.Now), FormatDuration(to)))
	}
	p := passer[W]{r: r, to: to, b: b, env: Concrete(nil)}
	p.slot(s, w, 0, thenPass, false) // right after the event that led to s
}

// passer is one Pass under way.
type passer[W Way[W]] struct {
	r   *Rules
	to  time.Duration
	b   Branching
	env Env // for the takes, which choose nothing
}

// then is what comes after a take slot.
type then uint8

const (
	thenPass then = iota // time passes on
	thenFire             // the timers due now fire
	thenEnd              // time has reached the instant asked for
)

// takeActions are the model's own actions of a pending take, in the order
// a slot tries them.
var takeActions = [...]Action{{Kind: TakeSharePoint}, {Kind: TakeYammer}}

// slot is a take slot in state s: with Branching.Takes, each pending take
// from the k-th on may happen now or not; then next. took says a take
// happened in this slot already.
func (p *passer[W]) slot(s State, w W, k int, next then, took bool) {
	if p.b.Takes {
		for ; k < len(takeActions); k++ {
			if n, ok := Apply(p.r, s, takeActions[k], p.env); ok {
				p.slot(n.State, w.Step(&s, takeActions[k], &n), k+1, next, true)
			}
		}
	}
	switch next {
	case thenPass:
		p.pass(s, w)
	case thenFire:
		p.fire(s, w, took)
	default:
		w.End(&s)
	}
}

// pass lets time pass from s to the next instant at which timers are due
// and fires them there, or, when none is due by p.to, to p.to.
func (p *passer[W]) pass(s State, w W) {
	q := skipIdleDirSync(p.r, s, p.to)
	at, due := NextDue(p.r, q)
	if !due || at > p.to {
		p.end(q, w)
		return
	}
	w = w.Quiet(&q, at)
	q.Now = at
	p.slot(q, w, 0, thenFire, false) // right before the timers
}

// end lets time pass quietly from s to p.to.
func (p *passer[W]) end(s State, w W) {
	w = w.Quiet(&s, p.to)
	t := newTx(p.env)
	*t = tx{r: p.r, s: s, env: p.env}
	t.s.Now = p.to
	t.normalize()
	p.slot(t.s, w, 0, thenEnd, false) // right before the instant's actions
}

// fire fires the timers due in s, at its instant: every outcome with
// Branching.Choices, else the first. took says a take happened right
// before them, which may have left none due (a take due now is also a
// deadline).
func (p *passer[W]) fire(s State, w W, took bool) {
	var ch Choices
	env := Concrete(&ch)
	fired := false
	for more := true; more; more = p.b.Choices && ch.Next() {
		ch.Rewind()
		n, ok := Apply(p.r, s, Action{Kind: Tick}, env)
		if !ok {
			continue
		}
		fired = true
		c := w.Step(&s, Action{Kind: Tick}, &n)
		if n.State == s {
			p.end(n.State, c) // a firing that changes nothing would fire again
			continue
		}
		p.slot(n.State, c, 0, thenPass, false) // right after the timers
	}
	switch {
	case fired:
	case took:
		p.pass(s, w) // the take right before them left none due
	default:
		p.end(s, w) // due, yet nothing fired: the rest is quiet
	}
}

// advanced collects Advance's way.
type advanced struct {
	fired *[]Next
	end   *State
}

func (a advanced) Quiet(*State, time.Duration) advanced { return a }
func (a advanced) Step(_ *State, _ Action, n *Next) advanced {
	*a.fired = append(*a.fired, *n)
	return a
}
func (a advanced) End(s *State) { *a.end = *s }

// Advance lets time pass from s.Now to instant to, firing every timer due at
// or before it in time order (Pass's first way: each firing's first
// outcome, each take at its deadline). It returns the state at to and the
// outcome of each firing, whose State.Now is the instant it fired.
func Advance(r *Rules, s State, to time.Duration) (State, []Next) {
	var fired []Next
	var end State
	Pass(r, s, to, Branching{}, advanced{&fired, &end})
	return end, fired
}

// BranchesInTime reports whether letting time pass can have more than one
// outcome under r: a DirSync run that may or may not copy (R15 either), or
// a take that may happen at any instant of its span (R18 service, R20
// on-use). Advance takes the first outcome only; the engine enumerates
// them under such rules.
//
// While r tracks its reads (TrackReads) and one of the three knobs is not
// fixed (Fix), it answers true without reading a knob: enumerating the
// outcomes of time is exact under any rules (a firing or a take that
// cannot branch has one outcome), so a caller that does not know the
// three knobs yet loses nothing but speed, and the choice reads none of
// them. When all three are fixed it answers from them, as untracked.
func (r *Rules) BranchesInTime() bool {
	if r.varies(kDirSyncConflict) || r.varies(kTrigger) || r.varies(kYammerSync) {
		return true
	}
	return r.DirSyncConflict == EitherWins || r.Trigger == TriggerService || r.YammerSync == YammerOnUse
}

// SkipIdle lets time pass over the DirSync runs due up to instant to that
// would change nothing (see skipIdleDirSync); every other timer stays due.
func SkipIdle(r *Rules, s State, to time.Duration) State { return skipIdleDirSync(r, s, to) }

// skipIdleDirSync moves DirSync's schedule over the runs that would copy
// nothing: while AD has not changed since the previous run, a run only
// restarts DirSync's clock (R3's delta sync) and ends R15's "since the
// previous run" (ExchangeOther), so every such run due up to
// the earlier of to and the next other timer can be taken at once. A run due
// at that other timer's instant is taken too: it would fire first (§6.2's
// order) and do nothing. This makes a 1 s or 1 ns schedule cost nothing
// while AD is quiet, instead of one firing per period.
func skipIdleDirSync(r *Rules, s State, to time.Duration) State {
	if r.dirSyncInterval() <= 0 || s.ADChanged {
		return s
	}
	until := to
	ts, n := Timers(r, &s.Discrete)
	for _, tm := range ts[:n] {
		if tm.Clock != ClockDirSync {
			until = min(until, max(s.Start[tm.Clock]+tm.After, s.Now))
		}
	}
	start := s.Start[ClockDirSync]
	if until-start < r.dirSyncInterval() {
		return s
	}
	runs := (until - start) / r.dirSyncInterval()
	s.Start[ClockDirSync] = start + runs*r.dirSyncInterval()
	// A skipped run is still a run (R3: every multiple of the interval):
	// it ends R15's "since the previous run", as dirSyncRun does.
	s.ExchangeOther = false
	return s
}

// Transition is one step of a run: the state before, the action, and one of
// its outcomes. Property monitors judge transitions.
type Transition struct {
	Before State
	Action Action
	Next
}

// Actions returns every action a scenario can take with the given number of
// viewers (Tick and Take excluded), in a fixed order: the actions of SPEC
// §3 first, in the order they had before §6, so that a breadth-first search
// meets them as it did; then the sources, surfaces and actions of §6.
func Actions(viewers int) []Action {
	var as []Action
	for _, src := range Sources() {
		if !src.Era() {
			as = append(as, Action{Kind: Change, Source: src})
		}
	}
	as = append(as, Action{Kind: Visit}, Action{Kind: EditCancel}, Action{Kind: LyncSignIn},
		Action{Kind: LyncSignOut}, Action{Kind: DirSync})
	for _, v := range Viewers(viewers) {
		as = append(as, Action{Kind: RestartOutlook, Viewer: v}, Action{Kind: ClearBrowserCache, Viewer: v})
		for _, surf := range Surfaces() {
			if !surf.Era() {
				as = append(as, Action{Kind: View, Surface: surf, Viewer: v})
			}
		}
	}
	for _, src := range Sources() {
		if src.Era() {
			as = append(as, Action{Kind: Change, Source: src})
		}
	}
	as = append(as, Action{Kind: OpenYammer})
	for _, v := range Viewers(viewers) {
		as = append(as, Action{Kind: RestartTeams, Viewer: v})
		for _, surf := range Surfaces() {
			if surf.Era() {
				as = append(as, Action{Kind: View, Surface: surf, Viewer: v})
			}
		}
	}
	return as
}
