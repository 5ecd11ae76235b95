package model

// Rule coverage (`photosync check --coverage`): which rules of SPEC §3 and
// §6.2 a transition exercised. It is written here, once, from what a
// transition shows of itself: its action, its effects, the state before and
// after, and the knobs the model read while taking it (Rules.TrackReads).
// A checker counts the transitions it explores by the clauses they
// exercise; a clause no transition exercised is a rule the checker's
// verdicts say nothing about.

// SpecRule is one rule of SPEC §3 and §6.2: its id and what it is about.
type SpecRule struct {
	ID    string // "R1" … "R21"
	Title string // a few words, for coverage reports
}

// SpecRules returns the rules R1–R21 in the SPEC's order.
func SpecRules() []SpecRule { return specRules }

var specRules = []SpecRule{
	{"R1", "change sharepoint-mysite"},
	{"R2", "a change that writes Exchange"},
	{"R3", "change active-directory and DirSync"},
	{"R4", "change yammer"},
	{"R5", "cache semantics"},
	{"R6", "a view shows, then has its side effects"},
	{"R7", "visits"},
	{"R8", "SharePoint's import"},
	{"R9", "edit-cancel"},
	{"R10", "Lync while the subject is signed out"},
	{"R11", "hover.source and picker.cacheBusting"},
	{"R12", "yammer.sync from-exchange and two-way"},
	{"R13", "the start, once per exploration"},
	{"R14", "dirsync.once"},
	{"R15", "dirsync.conflict"},
	{"R16", "setUserPhoto retired"},
	{"R17", "photo.source"},
	{"R18", "sharepoint.trigger service"},
	{"R19", "the Teams caches"},
	{"R20", "yammer.sync on-use"},
	{"R21", "yammer.editable false"},
}

// Clause is one thing a rule makes happen that a transition can be seen
// doing: the unit of rule coverage. A rule has one clause or several (R3:
// AD takes a photo; a run finds AD changed; a run copies it), and a rule
// whose knob makes it do nothing under a rule set (yammer.sync none,
// dirsync.once false, photo.source any) has no clause exercised there: its
// mechanism does not run, and the checker's verdicts say nothing about it.
type Clause struct {
	Rule string // the id of its rule (SpecRules)
	Doc  string // what a transition does to exercise it
	// Start says the clause is the start state's (R13): no transition
	// exercises it; every exploration starts there.
	Start bool
	match func(c *cover) bool
}

// Clauses returns every clause, in the SPEC's order of their rules.
// Exercised's sets index it.
func Clauses() []Clause { return clauses }

// ClauseSet is a set of clauses, bit i for Clauses()[i].
type ClauseSet uint64

// Has reports whether the set holds clause i.
func (s ClauseSet) Has(i int) bool { return i >= 0 && i < 64 && s&(1<<i) != 0 }

// cover is what a clause looks at: one transition, under its rules (a copy
// that does not track reads), with the knobs the model read taking it.
type cover struct {
	r            *Rules
	tr           *Transition
	reads        Reads
	before, next *Discrete
}

func (c *cover) kind() ActionKind { return c.tr.Action.Kind }
func (c *cover) eff(e Effects) bool {
	return c.tr.Effects.Has(e)
}

// accepted reports whether the transition is a change through one of
// srcs that was not refused.
func (c *cover) accepted(srcs ...Source) bool {
	if c.kind() != Change || c.eff(EffectRefused) {
		return false
	}
	for _, s := range srcs {
		if c.tr.Action.Source == s {
			return true
		}
	}
	return false
}

// refused reports whether the transition is a change refused by rule id
// (Rules.Refusal).
func (c *cover) refused(id string) bool {
	return c.kind() == Change && c.eff(EffectRefused) && c.r.Refusal(c.tr.Action.Source) == id
}

func (c *cover) view(surf Surface) bool { return c.kind() == View && c.tr.Action.Surface == surf }

// run reports whether a DirSync run happened that found AD changed since
// the previous one (R3's delta): only such a run asks whether to copy.
func (c *cover) run() bool {
	return (c.kind() == DirSync || c.eff(EffectDirSyncRun)) && c.before.ADChanged
}

// lackedBefore reports whether SharePoint lacked Exchange's photo before
// the transition (R7).
func (c *cover) lackedBefore() bool { return c.before.SharePoint[Large] != c.before.Exchange }

// freshView reports whether the transition is a view through a cache that
// showed the store's photo (R5: an empty or expired entry, or the choice of
// a fresh read), refilling the cache.
func (c *cover) freshView() bool {
	if c.kind() != View || c.eff(EffectCacheHit) || c.eff(EffectTeamsServiceHit) {
		return false
	}
	rt := RouteOf(c.r, c.tr.Action.Surface)
	return rt.Cached && !(rt.HidesSignedOut && c.before.LyncSignedOut)
}

// emptied reports whether the transition's action emptied a filled entry of
// its viewer's caches (Cache.EmptiedBy).
func (c *cover) emptied() bool {
	v := c.tr.Action.Viewer
	if !validViewer(v) {
		return false
	}
	for k := Cache(0); k < numCaches; k++ {
		if by, ok := k.EmptiedBy(); ok && by == c.kind() && c.before.Cache[v.index()][k] != NoPhoto {
			return true
		}
	}
	return false
}

func (c *cover) started(k Clock) bool { return !c.before.Running.Has(k) && c.next.Running.Has(k) }

var clauses = []Clause{
	{Rule: "R1", Doc: "a change through sharepoint-mysite",
		match: func(c *cover) bool { return c.accepted(FromMySite) }},
	{Rule: "R2", Doc: "a change through outlook-client, outlook-online, lync-client, set-userphoto, graph, admin-center or teams-client",
		match: func(c *cover) bool {
			return c.accepted(FromOutlookClient, FromOutlookOnline, FromLyncClient, FromSetUserPhoto, FromGraph,
				FromAdminCenter, FromTeamsClient)
		}},
	{Rule: "R3", Doc: "a change through active-directory",
		match: func(c *cover) bool { return c.accepted(FromActiveDirectory) }},
	{Rule: "R3", Doc: "a DirSync run (scheduled or dirsync) finds AD changed",
		match: func(c *cover) bool { return c.run() }},
	{Rule: "R3", Doc: "a DirSync run copies AD's photo to Exchange",
		match: func(c *cover) bool { return c.eff(EffectDirSyncCopy) }},
	{Rule: "R4", Doc: "a change through yammer",
		match: func(c *cover) bool { return c.accepted(FromYammer) }},
	{Rule: "R5", Doc: "a view shows a cached photo",
		match: func(c *cover) bool { return c.eff(EffectCacheHit) }},
	{Rule: "R5", Doc: "a view through a cache shows the store's photo, refilling the cache",
		match: func(c *cover) bool { return c.freshView() }},
	{Rule: "R5", Doc: "restart-outlook or clear-browser-cache empties a filled cache",
		match: func(c *cover) bool {
			return (c.kind() == RestartOutlook || c.kind() == ClearBrowserCache) && c.emptied()
		}},
	{Rule: "R6", Doc: "a view's visit makes SharePoint import after the view showed",
		match: func(c *cover) bool { return c.kind() == View && c.eff(EffectImport) }},
	{Rule: "R7", Doc: "a visit creates the My Site",
		match: func(c *cover) bool { return c.eff(EffectMySiteCreated) }},
	{Rule: "R7", Doc: "a qualifying visit: SharePoint lacks Exchange's photo",
		// A change through My Site makes SharePoint lack Exchange's photo
		// before its visit (R1), whichever store takes the photo.
		match: func(c *cover) bool { return c.eff(EffectVisit) && (c.kind() == Change || c.lackedBefore()) }},
	{Rule: "R8", Doc: "a qualifying visit is remembered until the window opens",
		match: func(c *cover) bool { return !c.before.VisitPending && c.next.VisitPending }},
	{Rule: "R8", Doc: "sharepoint.visitQueues false: a visit while the window is closed does not count",
		match: func(c *cover) bool {
			return c.reads.Has(kVisitQueues) && !c.r.visitQueues() && !c.next.VisitPending && !c.eff(EffectImport)
		}},
	{Rule: "R8", Doc: "SharePoint imports after an action: the visit condition holds and the window is open",
		match: func(c *cover) bool {
			return c.eff(EffectImport) && !c.eff(EffectEditCancel) && !c.eff(EffectSharePointTake) && c.kind() != Tick
		}},
	{Rule: "R8", Doc: "SharePoint imports when a timer fires: the window opens",
		match: func(c *cover) bool {
			return c.eff(EffectImport) && !c.eff(EffectEditCancel) && !c.eff(EffectSharePointTake) && c.kind() == Tick
		}},
	{Rule: "R9", Doc: "edit-cancel imports at once",
		match: func(c *cover) bool { return c.eff(EffectEditCancel) }},
	{Rule: "R10", Doc: "Lync shows none while the subject is signed out",
		match: func(c *cover) bool {
			return c.view(LyncClientSurface) && c.before.LyncSignedOut && c.r.lyncOfflineHidesPhoto()
		}},
	{Rule: "R10", Doc: "the subject signs out of Lync or in again",
		match: func(c *cover) bool {
			return c.kind() == LyncSignOut && !c.before.LyncSignedOut || c.kind() == LyncSignIn && c.before.LyncSignedOut
		}},
	{Rule: "R11", Doc: "a sharepoint-search-hover view, from hover.source's store",
		match: func(c *cover) bool { return c.view(SharePointSearchHover) }},
	{Rule: "R11", Doc: "a sharepoint-people-picker view, through the browser cache or not (picker.cacheBusting)",
		match: func(c *cover) bool { return c.view(SharePointPeoplePicker) }},
	{Rule: "R12", Doc: "Yammer takes Exchange's photo as Exchange takes it",
		match: func(c *cover) bool {
			return c.eff(EffectYammerSync) && !c.eff(EffectYammerTake) && !c.accepted(FromYammer)
		}},
	{Rule: "R12", Doc: "Exchange takes a Yammer photo (two-way)",
		match: func(c *cover) bool { return c.accepted(FromYammer) && c.eff(EffectYammerSync) }},
	{Rule: "R13", Doc: "the start state: every exploration starts there", Start: true},
	{Rule: "R14", Doc: "dirsync.once: a run that finds AD changed copies nothing",
		match: func(c *cover) bool { return c.run() && c.reads.Has(kDirSyncOnce) && c.r.dirSyncOnce() }},
	{Rule: "R15", Doc: "a conflict (a run that would copy finds that Exchange took a photo from another source since the previous run; not told apart from R3's copy under ad-wins), and AD's photo replaces it",
		match: func(c *cover) bool { return c.conflict() && c.eff(EffectDirSyncCopy) }},
	{Rule: "R15", Doc: "a conflict, and Exchange's photo stays",
		match: func(c *cover) bool { return c.conflict() && !c.eff(EffectDirSyncCopy) }},
	{Rule: "R16", Doc: "a change through set-userphoto is refused",
		match: func(c *cover) bool { return c.refused("R16") }},
	{Rule: "R17", Doc: "photo.source cloud: a run that finds AD changed copies nothing",
		match: func(c *cover) bool {
			return c.run() && c.r.dirSyncThumbnails() && !c.r.dirSyncOnce() && c.r.photoSource() == PhotoSourceCloud
		}},
	{Rule: "R17", Doc: "photo.source on-premises: a change is refused",
		match: func(c *cover) bool { return c.refused("R17") }},
	{Rule: "R18", Doc: "SharePoint takes Exchange's photo by itself before the deadline",
		match: func(c *cover) bool { return c.kind() == TakeSharePoint && c.eff(EffectSharePointTake) }},
	{Rule: "R18", Doc: "SharePoint takes Exchange's photo by itself at the deadline",
		match: func(c *cover) bool { return c.kind() == Tick && c.eff(EffectSharePointTake) }},
	{Rule: "R19", Doc: "a Teams view shows the client cache's photo",
		match: func(c *cover) bool { return c.view(TeamsClientSurface) && c.eff(EffectCacheHit) }},
	{Rule: "R19", Doc: "a Teams view shows the service cache's photo",
		match: func(c *cover) bool { return c.eff(EffectTeamsServiceHit) }},
	{Rule: "R19", Doc: "a Teams view shows Exchange's photo, refilling both caches",
		match: func(c *cover) bool { return c.view(TeamsClientSurface) && c.freshView() }},
	{Rule: "R19", Doc: "restart-teams empties a filled client cache",
		match: func(c *cover) bool {
			return c.kind() == RestartTeams && c.emptied()
		}},
	{Rule: "R20", Doc: "open-yammer starts a take",
		match: func(c *cover) bool { return c.kind() == OpenYammer && c.started(ClockYammerSpan) }},
	{Rule: "R20", Doc: "Yammer takes Exchange's photo before the deadline",
		match: func(c *cover) bool { return c.kind() == TakeYammer && c.eff(EffectYammerTake) }},
	{Rule: "R20", Doc: "Yammer takes Exchange's photo at the deadline",
		match: func(c *cover) bool { return c.kind() == Tick && c.eff(EffectYammerTake) }},
	{Rule: "R21", Doc: "a change through yammer is refused",
		match: func(c *cover) bool { return c.refused("R21") }},
}

// conflict reports whether the transition's DirSync run met R15's case: it
// would copy AD's photo, and Exchange took a photo from another source
// since the previous run. The model keeps that only under a conflict rule
// other than ad-wins (setExchangeFromOutside), where it can matter.
func (c *cover) conflict() bool {
	return c.run() && c.before.ExchangeOther && c.before.ActiveDirectory != c.before.Exchange && c.r.DirSyncCopiesPhotos()
}

// ClausesOf returns the clauses of the rule with the given id.
func ClausesOf(rule string) ClauseSet {
	var s ClauseSet
	for i := range clauses {
		if clauses[i].Rule == rule {
			s |= 1 << i
		}
	}
	return s
}

// Exercised returns the clauses transition tr exercised under r, given the
// knobs the model read taking it (reads; see Rules.TrackReads). It reads
// r's knobs without tracking them.
func Exercised(r *Rules, tr *Transition, reads Reads) ClauseSet {
	u := *r
	u.reads = nil
	c := cover{r: &u, tr: tr, reads: reads, before: &tr.Before.Discrete, next: &tr.State.Discrete}
	var s ClauseSet
	for i := range clauses {
		if m := clauses[i].match; m != nil && m(&c) {
			s |= 1 << i
		}
	}
	return s
}
