package model

import (
	"fmt"
	"strings"
	"time"
)

// Rendition is one of the three sizes SharePoint keeps of a photo.
type Rendition uint8

// The SharePoint renditions.
const (
	Small Rendition = iota
	Medium
	Large
	numRenditions
)

// Cache is one kind of per-viewer cache (R5). Every cache is the same
// mechanism: a photo, the instant it was filled, a TTL and a reset.
type Cache uint8

// The caches each viewer has.
const (
	CacheOutlookOnline       Cache = iota // Outlook on the web (owa.cacheTTL); the search hover shares it (C10)
	CacheOutlookClient                    // the Outlook desktop client (outlookClient.cacheTTL; restart-outlook empties it)
	CacheLync                             // the Lync client (lync.cacheTTL)
	CacheBrowserMySite                    // the browser entry for sharepoint-mysite (browser.cacheTTL; clear-browser-cache empties it)
	CacheBrowserPeopleSearch              // the browser entry for sharepoint-people-search
	CacheBrowserNewsfeed                  // the browser entry for sharepoint-newsfeed
	CacheBrowserPeoplePicker              // the browser entry for sharepoint-people-picker (only without cache busting)
	CacheBrowserHover                     // the browser entry for sharepoint-search-hover (only with hover.source sharepoint)
	CacheTeamsClient                      // the Teams client (teams.clientCacheTTL; restart-teams empties it) (R19)
	numCaches
)

var cacheNames = [...]string{"outlook-online", "outlook-client", "lync", "browser:sharepoint-mysite",
	"browser:sharepoint-people-search", "browser:sharepoint-newsfeed", "browser:sharepoint-people-picker",
	"browser:sharepoint-search-hover", "teams-client"}

// String names the cache.
func (c Cache) String() string {
	if int(c) < len(cacheNames) {
		return cacheNames[c]
	}
	return fmt.Sprintf("Cache(%d)", c)
}

// EmptiedBy returns the action that empties a viewer's entry of cache c
// (R5, R19): restart-outlook the Outlook desktop cache, clear-browser-cache
// every browser entry, restart-teams the Teams client cache. ok is false for
// a cache that no action empties: Outlook on the web's and Lync's only
// expire. It is the one place that knows which action empties which cache:
// the transitions, the explorer's alphabets and the plans ask it.
func (c Cache) EmptiedBy() (k ActionKind, ok bool) {
	switch c {
	case CacheOutlookClient:
		return RestartOutlook, true
	case CacheBrowserMySite, CacheBrowserPeopleSearch, CacheBrowserNewsfeed, CacheBrowserPeoplePicker,
		CacheBrowserHover:
		return ClearBrowserCache, true
	case CacheTeamsClient:
		return RestartTeams, true
	}
	return 0, false
}

// TTL returns how long a filled entry of cache c stays valid under r.
func (r *Rules) TTL(c Cache) time.Duration {
	switch c {
	case CacheOutlookOnline:
		return r.owaCacheTTL()
	case CacheOutlookClient:
		return r.outlookClientCacheTTL()
	case CacheLync:
		return r.lyncCacheTTL()
	case CacheTeamsClient:
		return r.teamsClientCacheTTL()
	}
	return r.browserCacheTTL()
}

// Clock is one of the clocks the model starts and compares with constants.
// A clock that is not running has never been started (or was stopped): the
// model treats it as started infinitely long ago.
type Clock uint8

// The clocks. The first few are global; then one clock per viewer and cache.
const (
	ClockExchange          Clock = iota // since Exchange's photo last changed (since the start before any change)
	ClockPrevExchange                   // since the Exchange change before the current photo's change (R8, last-change)
	ClockImport                         // since SharePoint's last import, edit-cancels included (R8, R9)
	ClockPrevImport                     // since the import before the last one (for sharepoint-imports-first-and-last)
	ClockAnyChange                      // since the last change of any kind (for all-surfaces-agree-when-quiet)
	ClockSettled                        // since the later of Exchange's last change and My Site's creation
	ClockDirSync                        // since DirSync's last scheduled run (since the start before the first)
	ClockTeamsService                   // since the Teams service cache was filled (R19)
	ClockTeamsServiceStale              // since the Teams service cache's photo stopped being Exchange's (teams-converges-within-63-days)
	ClockSharePointSpan                 // since SharePoint began to lack Exchange's photo, while a take is pending (R18)
	ClockYammerSpan                     // since the open-yammer that started a pending take (R20)
	clockCaches                         // the first clock of a viewer: its caches', then its Teams stale clock
	NumClocks              = clockCaches + MaxViewers*Clock(clocksPerViewer)
)

// clocksPerViewer is how many clocks each viewer has: one per cache and
// one for the Teams client entry's staleness.
const clocksPerViewer = int(numCaches) + 1

var clockNames = [...]string{"exchange-change", "previous-exchange-change", "import", "previous-import",
	"any-change", "settled", "dirsync", "teams-service", "teams-service-stale", "sharepoint-span", "yammer-span"}

// CacheClock returns the clock of viewer v's cache c: since it was filled.
func CacheClock(v Viewer, c Cache) Clock {
	return clockCaches + Clock(v.index()*clocksPerViewer+int(c))
}

// TeamsStaleClock returns the clock of viewer v's Teams client entry: since
// its photo stopped being Exchange's (teams-converges-within-63-days).
func TeamsStaleClock(v Viewer) Clock {
	return clockCaches + Clock(v.index()*clocksPerViewer+int(numCaches))
}

// CacheOf returns the viewer and cache of a cache clock, ok false for
// another clock.
func (c Clock) CacheOf() (v Viewer, k Cache, ok bool) {
	if c < clockCaches || c >= NumClocks {
		return 0, 0, false
	}
	i := int(c - clockCaches)
	if i%clocksPerViewer == int(numCaches) {
		return 0, 0, false
	}
	return Viewer(i/clocksPerViewer + 1), Cache(i % clocksPerViewer), true
}

// String names the clock.
func (c Clock) String() string {
	if int(c) < len(clockNames) {
		return clockNames[c]
	}
	if v, k, ok := c.CacheOf(); ok {
		return v.String() + "/" + k.String()
	}
	if c >= clockCaches && c < NumClocks {
		return Viewer(int(c-clockCaches)/clocksPerViewer+1).String() + "/teams-client-stale"
	}
	return fmt.Sprintf("Clock(%d)", c)
}

// ClockSet is a set of clocks.
type ClockSet uint64

// Has reports whether c is in the set.
func (s ClockSet) Has(c Clock) bool { return s&(1<<c) != 0 }

// With returns the set with c added.
func (s ClockSet) With(c Clock) ClockSet { return s | 1<<c }

// Without returns the set with c removed.
func (s ClockSet) Without(c Clock) ClockSet { return s &^ (1 << c) }

// Discrete is everything in a state but time: the stores, the caches, the
// flags of R3, R7, R8 and R10, which clocks run, and the history the
// properties read. It is a comparable value.
type Discrete struct {
	Running ClockSet // the clocks that are running

	ActiveDirectory Photo                        // on-premises thumbnailPhoto (R3)
	Exchange        Photo                        // the mailbox photo behind Outlook and Lync
	SharePoint      [numRenditions]Photo         // the user profile photo: small, medium, large
	Yammer          Photo                        // Yammer's own photo (C1)
	Made            uint32                       // the number of the newest photo: vMade
	Cache           [MaxViewers][numCaches]Photo // each viewer's caches; NoPhoto when empty
	TeamsService    Photo                        // the Teams service cache, one for all viewers (R19); NoPhoto when empty

	ADChanged       bool // AD changed since DirSync's previous run (R3 delta sync)
	ExchangeChanged bool // Exchange's photo changed at least once
	MySiteCreated   bool // a visit happened at some time (R7)
	VisitPending    bool // a qualifying visit is remembered since the last import (R8, after-change)
	LyncSignedOut   bool // the subject is signed out of Lync (R10)
	ADNewer         bool // AD's last change came after Exchange's last change from another source (R15)
	ExchangeOther   bool // Exchange took a photo from another source since DirSync's previous run (R15)

	History History // facts about the past that the properties judge
}

// History records facts about the past that properties need and the rules do
// not. The model keeps it the same way under every rule set.
type History struct {
	QualifiedSinceImport bool  // a qualifying visit was made since the last import (remembered or not)
	QualifiedWhileHeld   bool  // a qualifying visit was made while Exchange held its current photo
	SharePointHeld       bool  // SharePoint has held Exchange's current photo since Exchange took it
	VisitedSinceChange   bool  // the subject visited since the last change of any kind
	RestartedSinceChange uint8 // viewers (bit v-1) who restarted Outlook since the last change
	ClearedSinceChange   uint8 // viewers who cleared the browser cache since the last change
	RestartedNotViewed   uint8 // viewers who restarted Outlook and have not viewed outlook-client since
	RestartedTeams       uint8 // viewers who restarted Teams since the last change (§6.4)
}

// State is the whole system at one instant: the discrete part plus the
// instant each running clock started (concrete time). It is a comparable
// value; transitions return new values and never change their input. The
// exhaustive explorer uses only the Discrete part and keeps clocks as zones.
type State struct {
	Now   time.Duration            // time since the start
	Start [NumClocks]time.Duration // when each running clock started
	Discrete
}

// Initial returns the start state of R13: every store holds v0, no import has
// happened, My Site not created, the subject signed in to Lync, every cache
// empty, time 0. The clocks that count from the start run.
func Initial() State {
	var s State
	v0 := V(0)
	s.ActiveDirectory, s.Exchange, s.Yammer = v0, v0, v0
	s.SharePoint = [numRenditions]Photo{v0, v0, v0}
	s.Running = s.Running.With(ClockExchange).With(ClockDirSync)
	s.History.SharePointHeld = true
	return s
}

// EachPhoto calls f on every place a photo is kept, in a fixed order: Active
// Directory, Exchange, SharePoint's renditions, Yammer, then each viewer's
// caches. Canonical renamings of photos walk the state this way.
func (d *Discrete) EachPhoto(f func(*Photo)) {
	f(&d.ActiveDirectory)
	f(&d.Exchange)
	for i := range d.SharePoint {
		f(&d.SharePoint[i])
	}
	f(&d.Yammer)
	f(&d.TeamsService)
	for v := range d.Cache {
		for c := range d.Cache[v] {
			f(&d.Cache[v][c])
		}
	}
}

// Rendition returns the photo SharePoint holds in rendition r.
func (d *Discrete) Rendition(r Rendition) Photo { return d.SharePoint[r] }

// String is a compact, deterministic description for logs and test failures.
func (s State) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "t=%s AD=%s EX=%s SP=%s/%s/%s YA=%s", FormatDuration(s.Now), s.ActiveDirectory, s.Exchange,
		s.SharePoint[Small], s.SharePoint[Medium], s.SharePoint[Large], s.Yammer)
	if s.TeamsService != NoPhoto {
		fmt.Fprintf(&b, " teams-service=%s", s.TeamsService)
	}
	for v := 0; v < MaxViewers; v++ {
		for c := Cache(0); c < numCaches; c++ {
			if p := s.Cache[v][c]; p != NoPhoto {
				fmt.Fprintf(&b, " %s/%s=%s@%s", Viewer(v+1), c, p, FormatDuration(s.Start[CacheClock(Viewer(v+1), c)]))
			}
		}
	}
	flags := []struct {
		on   bool
		name string
	}{{s.ADChanged, "ad-changed"}, {s.MySiteCreated, "mysite"}, {s.VisitPending, "visit-pending"},
		{s.LyncSignedOut, "lync-signed-out"}, {s.ADNewer, "ad-newer"}, {s.ExchangeOther, "exchange-other"},
		{s.Running.Has(ClockSharePointSpan), "sharepoint-take-pending"}, {s.Running.Has(ClockYammerSpan), "yammer-take-pending"}}
	for _, f := range flags {
		if f.on {
			b.WriteString(" " + f.name)
		}
	}
	if s.Running.Has(ClockImport) {
		fmt.Fprintf(&b, " imported@%s", FormatDuration(s.Start[ClockImport]))
	}
	return b.String()
}
