package model

import "slices"

// Store is one of the server-side stores of SPEC §1.
type Store uint8

// The stores. The zero value is unset.
const (
	_                    Store = iota
	StoreActiveDirectory       // active-directory: the on-premises thumbnailPhoto
	StoreExchange              // exchange: the mailbox photo behind Outlook and Lync
	StoreSharePoint            // sharepoint: the user profile photo, in three renditions
	StoreYammer                // yammer: Yammer's own photo
	numStores
)

var storeNames = [...]string{"", "active-directory", "exchange", "sharepoint", "yammer"}

// String returns the SPEC's name of the store.
func (st Store) String() string { return enumName(storeNames[:], int(st), "store") }

// Route is where a view of a surface reads its photo under a rule set: the
// store (and SharePoint's rendition), and the viewer's cache it goes
// through. It is the one description of SPEC §1's surface table: views,
// the explorer's projections, the reports and the plans all read it.
type Route struct {
	Store     Store
	Rendition Rendition // for StoreSharePoint
	Cache     Cache     // the viewer's cache, when Cached
	Cached    bool      // the view goes through Cache (R5)
	// HidesSignedOut says the surface shows none while the subject is
	// signed out of Lync (R10, lync.offlineHidesPhoto).
	HidesSignedOut bool
	// Service says the view reads the store through the Teams service
	// cache, one for all viewers, before the viewer's Cache (R19).
	Service bool
}

// RouteOf returns the route of a view of surf under r (SPEC §1, R5, R10,
// R11).
func RouteOf(r *Rules, surf Surface) Route {
	switch surf {
	case SharePointMySite:
		return Route{Store: StoreSharePoint, Rendition: Large, Cache: CacheBrowserMySite, Cached: true}
	case SharePointPeopleSearch:
		return Route{Store: StoreSharePoint, Rendition: Medium, Cache: CacheBrowserPeopleSearch, Cached: true}
	case SharePointNewsfeed:
		return Route{Store: StoreSharePoint, Rendition: Small, Cache: CacheBrowserNewsfeed, Cached: true}
	case SharePointPeoplePicker:
		// C4: the picker's URL carries a timestamp, so no browser cache.
		return Route{Store: StoreSharePoint, Rendition: Small, Cache: CacheBrowserPeoplePicker, Cached: !r.pickerCacheBusting()}
	case SharePointSearchHover:
		// C10, R11: the hover is Outlook on the web's panel and shares its
		// cache; read from SharePoint it has a browser entry of its own.
		if r.hoverSource() == HoverSharePoint {
			return Route{Store: StoreSharePoint, Rendition: Medium, Cache: CacheBrowserHover, Cached: true}
		}
		return Route{Store: StoreExchange, Cache: CacheOutlookOnline, Cached: true}
	case OutlookOnlineContactCard, OutlookOnlineEmail, OutlookOnlineDraft:
		return Route{Store: StoreExchange, Cache: CacheOutlookOnline, Cached: true}
	case OutlookClientSurface:
		return Route{Store: StoreExchange, Cache: CacheOutlookClient, Cached: true}
	case LyncClientSurface:
		return Route{Store: StoreExchange, Cache: CacheLync, Cached: true, HidesSignedOut: r.lyncOfflineHidesPhoto()}
	case YammerSurface:
		return Route{Store: StoreYammer} // no cache (C1)
	case TeamsClientSurface:
		return Route{Store: StoreExchange, Cache: CacheTeamsClient, Cached: true, Service: true}
	}
	return Route{}
}

// Photo returns the photo store st holds (SharePoint's in rendition rd).
func (d *Discrete) Photo(st Store, rd Rendition) Photo {
	switch st {
	case StoreActiveDirectory:
		return d.ActiveDirectory
	case StoreExchange:
		return d.Exchange
	case StoreSharePoint:
		return d.SharePoint[rd]
	case StoreYammer:
		return d.Yammer
	}
	return NoPhoto
}

// source says where a view of surf by v reads its photo: the store's photo
// and the cache it goes through (cached false: no cache), or hidden when the
// surface shows none (R10).
func (t *tx) source(surf Surface, v Viewer) (store Photo, cache Cache, cached, hidden bool) {
	rt := RouteOf(t.r, surf)
	if rt.HidesSignedOut && t.s.LyncSignedOut {
		return NoPhoto, 0, false, true
	}
	return t.s.Photo(rt.Store, rt.Rendition), rt.Cache, rt.Cached, false
}

// valid reports whether viewer v's entry in cache c is filled and unexpired
// (R5). It may branch on time.
func (t *tx) valid(v Viewer, c Cache) bool {
	if t.s.Cache[v.index()][c] == NoPhoto {
		return false
	}
	if !t.expires(c) {
		return true
	}
	return !t.since(CacheClock(v, c), t.r.TTL(c))
}

// expires reports whether entries of cache c expire by themselves.
func (t *tx) expires(c Cache) bool {
	return t.r.TTL(c) != NoExpiry
}

// Options is what a view can show at an instant: the store's photo through
// an empty or expired cache, the cached photo if the cache is valid, and
// for Teams the service cache's photo if it is valid (R19).
type Options struct {
	Fresh  Photo // what a fresh read shows (NoPhoto: none)
	Cached Photo // the valid cached photo, or NoPhoto
	Relay  Photo // the valid Teams service cache's photo, or NoPhoto
}

// Has reports whether the view can show p.
func (o Options) Has(p Photo) bool {
	return p == o.Fresh || (p != NoPhoto && (p == o.Cached || p == o.Relay))
}

// Photos lists what the view can show, each once: the cached photo first,
// then the service cache's, then the store's.
func (o Options) Photos() []Photo {
	out := make([]Photo, 0, 3)
	for _, p := range [...]Photo{o.Cached, o.Relay} {
		if p != NoPhoto && p != o.Fresh && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return append(out, o.Fresh)
}

// ViewOptions returns what a view of surf by v can show in s, asking env
// whether caches have expired (so it may branch in the explorer).
func ViewOptions(r *Rules, s *State, surf Surface, v Viewer, env Env) Options {
	t := tx{r: r, s: *s, env: env}
	o := t.options(surf, v)
	return o
}

func (t *tx) options(surf Surface, v Viewer) Options {
	store, cache, cached, hidden := t.source(surf, v)
	if hidden {
		return Options{}
	}
	o := Options{Fresh: store}
	if cached && t.valid(v, cache) {
		o.Cached = t.s.Cache[v.index()][cache]
	}
	if surf == TeamsClientSurface && t.serviceValid() {
		o.Relay = t.s.TeamsService
	}
	return o
}

// serviceValid reports whether the Teams service cache is filled and
// unexpired (R5 for the one shared entry of R19). It may branch on time.
func (t *tx) serviceValid() bool {
	if t.s.TeamsService == NoPhoto {
		return false
	}
	return t.r.teamsServiceCacheTTL() == NoExpiry || !t.since(ClockTeamsService, t.r.teamsServiceCacheTTL())
}

// viewTeams is R19 (E7: the service caches for days, the client for
// weeks): a Teams view reads the viewer's client cache; where R5
// would show the store's photo, the store is the service cache, which by R5
// shows its own entry or Exchange's photo. Both caches fill with what was
// shown. Each choice is binary, as the explorer records choices.
func (t *tx) viewTeams(v Viewer, o Options) {
	if o.Cached != NoPhoto && t.env.Choose(2) == 0 {
		t.shown = o.Cached
		t.eff |= EffectCacheHit
		return
	}
	if o.Relay != NoPhoto && t.env.Choose(2) == 0 {
		t.shown = o.Relay
		t.eff |= EffectTeamsServiceHit
		t.fill(v, CacheTeamsClient, o.Relay)
		t.assign(TeamsStaleClock(v), ClockTeamsServiceStale)
		return
	}
	t.shown = o.Fresh
	t.s.TeamsService = o.Fresh
	if t.r.teamsServiceCacheTTL() != NoExpiry {
		t.start(ClockTeamsService)
	}
	t.stop(ClockTeamsServiceStale)
	t.fill(v, CacheTeamsClient, o.Fresh)
	t.stop(TeamsStaleClock(v))
}

// fill puts p in viewer v's entry of cache c, timing it if it can expire.
func (t *tx) fill(v Viewer, c Cache, p Photo) {
	t.s.Cache[v.index()][c] = p
	// Only an entry that can expire needs to know when it was filled;
	// timing one that never does would tell equal states apart.
	if t.expires(c) {
		t.start(CacheClock(v, c))
	}
}

// teamsStale keeps the Teams caches' stale clocks as Exchange's photo goes
// from old to p: an entry holding old starts counting since its photo
// stopped being Exchange's; an entry holding p stops (its photo is
// Exchange's again). teams-converges-within-63-days reads them.
func (t *tx) teamsStale(old, p Photo) {
	keep := func(entry Photo, c Clock) {
		switch {
		case entry == NoPhoto:
		case entry == p:
			t.stop(c)
		case entry == old && !t.running(c):
			t.start(c)
		}
	}
	keep(t.s.TeamsService, ClockTeamsServiceStale)
	for _, v := range Viewers(MaxViewers) {
		keep(t.s.Cache[v.index()][CacheTeamsClient], TeamsStaleClock(v))
	}
}

// view is R5, R6 and R10: the view shows the cached photo (if the cache is
// valid, as one possibility) or the store's photo, refilling the cache; then
// its side effects: the subject's view of My Site is a visit (R7).
func (t *tx) view(surf Surface, v Viewer) {
	o := t.options(surf, v)
	_, cache, cached, hidden := t.source(surf, v)
	switch {
	case hidden:
		t.shown = NoPhoto
	case surf == TeamsClientSurface:
		t.viewTeams(v, o)
	case o.Cached != NoPhoto && t.env.Choose(2) == 0:
		t.shown = o.Cached
		t.eff |= EffectCacheHit
	default:
		t.shown = o.Fresh
		if cached {
			t.fill(v, cache, o.Fresh)
		}
	}
	if surf == OutlookClientSurface {
		t.s.History.RestartedNotViewed &^= uint8(1) << v.index()
	}
	if surf == SharePointMySite && v == Subject {
		t.visit()
	}
}

// normalize empties every cache entry that has surely expired: an expired
// entry behaves exactly as an empty one (R5), so forgetting it keeps the
// state space small without changing any behaviour.
func (t *tx) normalize() {
	for vi := 0; vi < MaxViewers; vi++ {
		v := Viewer(vi + 1)
		for c := Cache(0); c < numCaches; c++ {
			if t.s.Cache[vi][c] == NoPhoto {
				continue
			}
			if !t.expires(c) {
				continue
			}
			if t.env.Surely(&t.s, CacheClock(v, c), t.r.TTL(c)) {
				t.empty(v, c)
			}
		}
	}
	if t.s.TeamsService != NoPhoto && t.r.teamsServiceCacheTTL() != NoExpiry &&
		t.env.Surely(&t.s, ClockTeamsService, t.r.teamsServiceCacheTTL()) {
		t.s.TeamsService = NoPhoto
		t.stop(ClockTeamsService)
		t.stop(ClockTeamsServiceStale)
	}
}

// SurfaceCache returns the cache a view of surf goes through under r; ok is
// false when it goes through none (R5, R11). It is RouteOf's cache.
func SurfaceCache(r *Rules, surf Surface) (c Cache, ok bool) {
	rt := RouteOf(r, surf)
	return rt.Cache, rt.Cached
}
