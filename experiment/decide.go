package experiment

import (
	"bytes"
	"fmt"
	"reflect"
	"slices"
	"time"

	"photosync/model"
	"photosync/zone"
)

// DefaultMaxBeliefs bounds how many symbolic belief states Decide keeps.
const DefaultMaxBeliefs = 20_000

// DecideConfig is what Decide tells apart, and how far it may look.
type DecideConfig struct {
	A, B model.Rules
	// StartA and StartB are the states A and B may be in, every state of
	// both at one instant (the end of a log: engine.Set.States); nil: the
	// start of R13 (model.Initial). Decide then decides whether any
	// experiment continuing from there tells them apart (see the package
	// doc, "From given states").
	StartA, StartB []model.State
	// Viewers is how many viewers take part; 0 means 2.
	Viewers int
	// MaxBeliefs bounds how many symbolic belief states the decision keeps
	// (photosync diff --max-beliefs); 0 means DefaultMaxBeliefs.
	MaxBeliefs int

	_ struct{}
}

// Decision is the answer of the exact decision (Decide): exactly one of
// Indistinguishable, Distinguishable and Bounded is set.
type Decision struct {
	// Indistinguishable: no experiment of any length, with actions at any
	// instants, gives any view a different set of possible photos under A
	// than under B (SPEC §5). Every belief state was explored.
	Indistinguishable bool
	// Distinguishable: some experiment does; Depth is the number of
	// symbolic steps (actions and timers firing) before its last view.
	Distinguishable bool
	Depth           int
	// Bounded: the bound on belief states (MaxBeliefs) stopped the search
	// before either answer: undecided.
	Bounded bool
	// Beliefs is how many symbolic belief states were kept; MaxBeliefs the
	// bound the decision ran with.
	Beliefs, MaxBeliefs int
	// Projections is how many parts the system was decided in (see the
	// package doc, "One cache at a time"); Reduced how many of them the
	// reductions alone decided: A and B reduce to one rule set there.
	Projections, Reduced int
	// Elapsed is how long the decision took (never printed in output).
	Elapsed time.Duration

	_ struct{}
}

// world is one state a rule set may be in, within a belief state: its
// discrete part, and for each tracked running clock the event clock it
// reads (an index into the belief's zone; 0 for a clock not tracked or not
// running).
type world struct {
	d model.Discrete
	m [model.NumClocks]int8
}

// belief is a symbolic belief state: the worlds under A and under B after
// the same experiment, and one zone over the event clocks they read. Event
// clocks 1..n−1 are instants of the experiment in order of recency (1 the
// latest); clock n is the ancient clock, read by every clock past its
// largest constant.
type belief struct {
	key   string // the worlds of both sides, encoded (decide.encode)
	z     zone.Zone
	depth int32
}

// decider is one decision under way.
type decider struct {
	rules   [2]model.Rules
	bound   [2][model.NumClocks]int64 // the largest constant each clock is compared with; −1: never
	age     [model.NumClocks]bool     // a cache's age: a younger one does all an older one does
	maxAll  int64
	actions []model.Action
	seen    map[string][]int32
	nodes   []belief
	ch      model.Choices
	max     int  // the bound on belief states, over every projection
	total   *int // belief states kept, over every projection
	head    int  // the next belief state to expand
	buf     []byte
	proj    projection
}

// numCaches is how many caches each viewer has.
const numCaches = int(model.CacheTeamsClient) + 1

// projection is the part of the system one search decides (see the
// package doc, "One cache at a time"): the stores, and the caches kept; the
// views compared are those whose surface reads a kept cache under A or
// under B (or no cache under either, for the stores' projection).
type projection struct {
	cache   [model.MaxViewers][numCaches]bool
	service bool // the Teams service cache
	compare [model.MaxViewers][]model.Surface
	// sinks[k] is what the projection forgets under rule set k (reduce):
	// the stores no compared view reads, and Active Directory where
	// DirSync copies nothing.
	sinks [2]sinks
}

// sinks are the parts of a state a projection forgets under one rule set.
type sinks struct {
	sharePoint, yammer, activeDirectory    bool
	visitPending, mySiteCreated, signedOut bool
}

// reduce returns rule set r (the k-th) as the projection decides it, and
// records in p.sinks[k] what forget then clears. Each change leaves what
// every compared view can show, after any experiment, as it was (the
// package doc, "Reductions", argues each):
//
//   - where no compared view reads SharePoint, SharePoint follows Exchange
//     at once (visits, sharepoint.window 0, sharepoint.visit never): it is
//     a sink;
//   - where none reads Yammer, Yammer follows nothing (yammer.sync none,
//     unless two-way, whose Yammer changes also change Exchange);
//   - where DirSync copies no photo, it has no schedule, and Active
//     Directory, with R15's flags, is forgotten;
//   - every knob the rules no longer read given the others takes one fixed
//     value (canonical), so that two rule sets that differ only there are
//     the same rule set.
//
// A rule set that amends the model's outcomes is left whole.
func (p *projection) reduce(r model.Rules, k int) model.Rules {
	if r.Amend != nil {
		return r
	}
	reads := map[model.Store]bool{}
	compared := map[model.Surface]bool{}
	for v := range p.compare {
		for _, surf := range p.compare[v] {
			rt := model.RouteOf(&r, surf)
			reads[rt.Store] = true
			compared[surf] = true
		}
	}
	sk := &p.sinks[k]
	if !reads[model.StoreSharePoint] {
		r.Trigger, r.Window, r.Visit = model.TriggerVisit, 0, model.VisitNever
	}
	if !reads[model.StoreYammer] && r.YammerSync != model.YammerTwoWay {
		r.YammerSync = model.YammerNone
	}
	if !reads[model.StoreYammer] {
		sk.yammer = true
	}
	def := model.Observed()
	// Caches the projection keeps for no viewer: their TTLs are read by
	// nobody.
	kept := func(cs ...model.Cache) bool {
		for v := range p.cache {
			for _, c := range cs {
				if p.cache[v][c] {
					return true
				}
			}
		}
		return false
	}
	if !kept(model.CacheOutlookOnline) {
		r.OWACacheTTL = def.OWACacheTTL
	}
	if !kept(model.CacheOutlookClient) {
		r.OutlookClientCacheTTL = def.OutlookClientCacheTTL
	}
	if !kept(model.CacheLync) {
		r.LyncCacheTTL = def.LyncCacheTTL
	}
	if !kept(model.CacheBrowserMySite, model.CacheBrowserPeopleSearch, model.CacheBrowserNewsfeed,
		model.CacheBrowserPeoplePicker, model.CacheBrowserHover) {
		r.BrowserCacheTTL = def.BrowserCacheTTL
	}
	if !kept(model.CacheTeamsClient) {
		r.TeamsClientCacheTTL = def.TeamsClientCacheTTL
	}
	if !p.service {
		r.TeamsServiceCacheTTL = def.TeamsServiceCacheTTL
	}
	// Surfaces no view compares: their routes are read by nobody.
	if !compared[model.LyncClientSurface] {
		r.LyncOfflineHidesPhoto = def.LyncOfflineHidesPhoto
	}
	if !compared[model.SharePointPeoplePicker] {
		r.PickerCacheBusting = def.PickerCacheBusting
	}
	if !compared[model.SharePointSearchHover] {
		r.HoverSource = def.HoverSource
	}
	r = canonical(r)
	sk.sharePoint = !reads[model.StoreSharePoint]
	sk.activeDirectory = !r.DirSyncCopiesPhotos()
	sk.visitPending = r.Trigger != model.TriggerVisit || r.Visit != model.VisitAfterChange
	sk.mySiteCreated = r.Trigger != model.TriggerVisit || r.Visit != model.VisitOnce
	sk.signedOut = !(compared[model.LyncClientSurface] && r.LyncOfflineHidesPhoto)
	return r
}

// canonical returns r with every knob that the model does not read given
// r's other knobs set to one fixed value, and DirSync's schedule off where
// it copies nothing. The model then behaves as under r, but for the state
// it no longer reads (forget clears it: Active Directory and R15's flags
// where DirSync copies nothing, R8's pending visit where it is not read,
// whether My Site exists where visits are not counted):
//
//   - DirSync copies no photo (dirsync.thumbnails off, dirsync.once, or
//     photo.source cloud): a run changes only R3's and R15's flags, which
//     only a run reads; so dirsync.interval (no schedule), dirsync.thumbnails,
//     dirsync.once and dirsync.conflict are unread, and photo.source is read
//     only for R17's refusals (on-premises or not);
//   - sharepoint.trigger service: R8 is not used, so sharepoint.window,
//     windowFrom, visit and visitQueues are unread; visit: maxDelay is;
//   - sharepoint.visit other than after-change: visitQueues decides only
//     the pending visit, which only after-change reads;
//   - sharepoint.window 0: the window is always open, so windowFrom is
//     unread;
//   - yammer.sync other than on-use: yammer.delay is unread.
func canonical(r model.Rules) model.Rules {
	if r.Amend != nil {
		return r
	}
	def := model.Observed()
	if !r.DirSyncCopiesPhotos() {
		r.DirSyncInterval, r.DirSyncThumbnails, r.DirSyncOnce, r.DirSyncConflict = 0, false, false, def.DirSyncConflict
		if r.PhotoSource == model.PhotoSourceCloud {
			r.PhotoSource = model.PhotoSourceAny
		}
	}
	if r.Trigger == model.TriggerService {
		r.Window, r.WindowFrom, r.Visit, r.VisitQueues = def.Window, def.WindowFrom, def.Visit, def.VisitQueues
	} else {
		r.MaxDelay = def.MaxDelay
	}
	if r.Visit != model.VisitAfterChange {
		r.VisitQueues = def.VisitQueues
	}
	if r.Window == 0 {
		r.WindowFrom = def.WindowFrom
	}
	if r.YammerSync != model.YammerOnUse {
		r.YammerDelay = def.YammerDelay
	}
	return r
}

// projections splits the system into the parts that can be decided apart:
// the caches of each viewer linked when a surface reads them under A or B
// (the Teams service cache links every viewer's Teams client), one
// projection per linked set, and one for the surfaces that read no cache
// under either rule set. A set of the caches of observer or later alone is
// the same system as the subject's (observer2's or later, for a set that
// holds My Site: observer's), up to the viewer's name, and is left out,
// while both viewers' caches of the set are empty in every start state
// (starts; nil: the start of R13, where every cache is empty).
func projections(rules *[2]model.Rules, viewers int, starts *[2][]model.State) []projection {
	const service = model.MaxViewers * numCaches // the node of the Teams service cache
	parent := make([]int, service+1)
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			i = parent[i]
		}
		return i
	}
	union := func(a, b int) { parent[find(a)] = find(b) }
	node := func(v model.Viewer, c model.Cache) int { return (int(v)-1)*numCaches + int(c) }
	// reads[v][s]: the nodes viewer v's view of s reads under A or B.
	type vs struct {
		v model.Viewer
		s model.Surface
	}
	reads := map[vs][]int{}
	for _, v := range model.Viewers(viewers) {
		for _, surf := range model.Surfaces() {
			for k := range rules {
				rt := model.RouteOf(&rules[k], surf)
				if rt.Cached {
					reads[vs{v, surf}] = append(reads[vs{v, surf}], node(v, rt.Cache))
				}
				if rt.Service {
					reads[vs{v, surf}] = append(reads[vs{v, surf}], service)
				}
			}
			ns := reads[vs{v, surf}]
			for _, n := range ns {
				union(n, ns[0])
			}
		}
	}
	var out []projection
	var stores projection
	byRoot := map[int]int{}
	for _, v := range model.Viewers(viewers) {
		for _, surf := range model.Surfaces() {
			ns := reads[vs{v, surf}]
			if len(ns) == 0 {
				stores.compare[v-1] = append(stores.compare[v-1], surf)
				continue
			}
			root := find(ns[0])
			i, ok := byRoot[root]
			if !ok {
				i = len(out)
				byRoot[root] = i
				out = append(out, projection{})
			}
			out[i].compare[v-1] = append(out[i].compare[v-1], surf)
		}
	}
	for i := range out {
		p := &out[i]
		for n := range service + 1 {
			if find(n) != find(byRootKey(byRoot, i)) {
				continue
			}
			if n == service {
				p.service = true
			} else {
				p.cache[n/numCaches][n%numCaches] = true
			}
		}
	}
	var kept []projection
	for _, p := range out {
		if v, u, ok := p.twin(); ok && p.emptyIn(starts, v) && p.emptyIn(starts, u) {
			// Another viewer's caches, empty as the twin viewer's: the
			// same system as the twin's, up to the viewer's name.
			continue
		}
		kept = append(kept, p)
	}
	return append([]projection{stores}, kept...)
}

// twin returns, for a projection of one viewer v's caches other than the
// first of its kind, the viewer u whose projection of the same caches is
// the same system up to the viewer's name while both are empty: the
// subject, or observer for a projection that compares My Site (the
// subject's view of My Site is also a visit). ok is false for the Teams
// service cache's projection (every viewer's), the subject's, and
// observer's of My Site.
func (p *projection) twin() (v, u model.Viewer, ok bool) {
	if p.service {
		return 0, 0, false
	}
	for i := range p.compare {
		if len(p.compare[i]) > 0 {
			v = model.Viewer(i + 1)
			break
		}
	}
	u = model.Subject
	if slices.Contains(p.compare[v-1], model.SharePointMySite) {
		u = model.Observer
	}
	return v, u, v > u
}

// emptyIn reports whether viewer v's caches that p keeps (in the pattern
// of p's own viewer) are empty in every start state; nil starts are the
// start of R13.
func (p *projection) emptyIn(starts *[2][]model.State, v model.Viewer) bool {
	if starts == nil {
		return true
	}
	var pattern [numCaches]bool
	for i := range p.cache {
		for c, kept := range p.cache[i] {
			pattern[c] = pattern[c] || kept
		}
	}
	for k := range starts {
		for i := range starts[k] {
			for c, kept := range pattern {
				if kept && starts[k][i].Cache[v-1][c] != model.NoPhoto {
					return false
				}
			}
		}
	}
	return true
}

// reduceAlike reports whether a and b reduce to one rule set in every
// projection (Decide then needs no search: Decision.Reduced equals
// Decision.Projections).
func reduceAlike(a, b model.Rules, viewers int) bool {
	rules := [2]model.Rules{a, b}
	if a.Amend != nil || b.Amend != nil {
		return false
	}
	for _, p := range projections(&rules, viewers, nil) {
		if !sameRules(p.reduce(a, 0), p.reduce(b, 1)) {
			return false
		}
	}
	return true
}

// whole is the projection that keeps every cache and compares every view:
// the system undivided, for rule sets that amend the model's outcomes
// (an amendment may make a cache change what it likes).
func whole(viewers int) projection {
	var p projection
	p.service = true
	for _, v := range model.Viewers(viewers) {
		p.compare[v-1] = model.Surfaces()
		for c := range p.cache[v-1] {
			p.cache[v-1][c] = true
		}
	}
	return p
}

// sameRules reports whether a and b are one rule set: equal in every
// field but their names, descriptions and bases, and amending nothing.
func sameRules(a, b model.Rules) bool {
	if a.Amend != nil || b.Amend != nil {
		return false
	}
	for _, r := range []*model.Rules{&a, &b} {
		r.Name, r.Description, r.Base = "", "", ""
		r.TrackReads(nil)
	}
	return reflect.DeepEqual(a, b)
}

// byRootKey returns the root whose projection is the i-th.
func byRootKey(byRoot map[int]int, i int) int {
	for root, j := range byRoot {
		if j == i {
			return root
		}
	}
	return -1
}

// compares reports whether the projection compares viewer v's view of surf.
func (p *projection) compares(a model.Action) bool {
	return slices.Contains(p.compare[a.Viewer-1], a.Surface)
}

// forget empties the caches the projection does not keep, and clears the
// sinks of rule set k (reduce).
func (p *projection) forget(w *world, k int) {
	sk := p.sinks[k]
	if sk.sharePoint {
		w.d.SharePoint = [3]model.Photo{w.d.Exchange, w.d.Exchange, w.d.Exchange}
	}
	if sk.visitPending {
		w.d.VisitPending = false
	}
	if sk.mySiteCreated {
		w.d.MySiteCreated = false
	}
	if sk.signedOut {
		w.d.LyncSignedOut = false
	}
	if sk.yammer {
		w.d.Yammer = model.NoPhoto
	}
	if sk.activeDirectory {
		w.d.ActiveDirectory = model.NoPhoto
		w.d.ADChanged, w.d.ADNewer, w.d.ExchangeOther = false, false, false
	}
	for v := range w.d.Cache {
		for c := range w.d.Cache[v] {
			if !p.cache[v][c] && w.d.Cache[v][c] != model.NoPhoto {
				w.d.Cache[v][c] = model.NoPhoto
				cl := model.CacheClock(model.Viewer(v+1), model.Cache(c))
				w.d.Running = w.d.Running.Without(cl)
				w.m[cl] = 0
			}
		}
	}
	if !p.service && w.d.TeamsService != model.NoPhoto {
		w.d.TeamsService = model.NoPhoto
		w.d.Running = w.d.Running.Without(model.ClockTeamsService)
		w.m[model.ClockTeamsService] = 0
	}
}

// Decide decides exactly whether A and B are indistinguishable for
// cfg.Viewers viewers, by a breadth-first search over symbolic belief
// states (see the package doc, "Deciding indistinguishability"). The error
// is for a bad configuration, or a model step whose outcome the decision
// cannot represent (never a wrong answer).
func Decide(cfg DecideConfig) (Decision, error) {
	start := time.Now()
	if cfg.Viewers == 0 {
		cfg.Viewers = 2
	}
	if cfg.MaxBeliefs == 0 {
		cfg.MaxBeliefs = DefaultMaxBeliefs
	}
	if cfg.Viewers < 1 || cfg.Viewers > model.MaxViewers {
		return Decision{}, fmt.Errorf("experiment: %d viewers (want 1 to %d)", cfg.Viewers, model.MaxViewers)
	}
	if cfg.MaxBeliefs < 1 {
		return Decision{}, fmt.Errorf("experiment: a bound of %d belief states (want at least 1)", cfg.MaxBeliefs)
	}
	var rules [2]model.Rules
	rules[0], rules[1] = cfg.A, cfg.B
	for k := range rules {
		rules[k].TrackReads(nil)
	}
	starts, given, err := startStates(cfg.StartA, cfg.StartB)
	if err != nil {
		return Decision{}, err
	}
	var age [model.NumClocks]bool
	for c := model.Clock(0); c < model.NumClocks; c++ {
		_, _, cache := c.CacheOf()
		age[c] = cache || c == model.ClockTeamsService
	}
	// Each projection is decided on its own; the rule sets are
	// indistinguishable when they are in every one. The searches advance
	// in turns, a slice of belief states each, so that a view that tells
	// the rule sets apart in any projection is met early, and the bound is
	// shared.
	var parts []*decider
	total, nproj, reduced := 0, 0, 0
	projs := projections(&rules, cfg.Viewers, &starts)
	if rules[0].Amend != nil || rules[1].Amend != nil {
		projs = []projection{whole(cfg.Viewers)}
	}
	for _, p := range projs {
		pd := &decider{age: age, max: cfg.MaxBeliefs, proj: p, seen: map[string][]int32{}, total: &total}
		for k := range rules {
			pd.rules[k] = pd.proj.reduce(rules[k], k)
			pd.bound[k] = clockBounds(&pd.rules[k], cfg.Viewers)
			for _, b := range pd.bound[k] {
				pd.maxAll = max(pd.maxAll, b)
			}
		}
		nproj++
		one := sameRules(pd.rules[0], pd.rules[1])
		if one && !given {
			// One rule set twice from the start of R13: the worlds under A
			// and under B are the same after every experiment.
			reduced++
			continue
		}
		for _, a := range model.Actions(cfg.Viewers) {
			if a.Kind != model.View || p.compares(a) || a.Viewer == model.Subject && a.Surface == model.SharePointMySite {
				pd.actions = append(pd.actions, a)
			}
		}
		same, err := pd.start(&starts)
		if err != nil {
			return Decision{}, err
		}
		if one && same {
			// One rule set twice, in the same worlds: the same after every
			// experiment too.
			reduced++
			total--
			continue
		}
		parts = append(parts, pd)
	}
	dec := Decision{MaxBeliefs: cfg.MaxBeliefs, Projections: nproj, Reduced: reduced}
	for {
		active := 0
		for _, pd := range parts {
			if pd.head >= len(pd.nodes) {
				continue
			}
			active++
			differ, depth, err := pd.advance(256)
			if err != nil {
				return Decision{}, err
			}
			if differ {
				dec.Distinguishable, dec.Depth = true, depth
				dec.Beliefs, dec.Elapsed = total, time.Since(start)
				return dec, nil
			}
		}
		if active == 0 {
			dec.Indistinguishable = true
			break
		}
		if total >= cfg.MaxBeliefs {
			dec.Bounded = true
			break
		}
	}
	dec.Beliefs, dec.Elapsed = total, time.Since(start)
	return dec, nil
}

// startStates returns the start states of A and B (model.Initial for
// nil), and whether any were given; an error when they are not all at one
// instant, or one list is empty but not nil.
func startStates(a, b []model.State) (starts [2][]model.State, given bool, err error) {
	starts = [2][]model.State{a, b}
	for k := range starts {
		switch {
		case starts[k] == nil:
			starts[k] = []model.State{model.Initial()}
		case len(starts[k]) == 0:
			return starts, false, fmt.Errorf("experiment: no start state for rule set %s (nil: the start of R13)", "AB"[k:k+1])
		default:
			given = true
		}
	}
	now := starts[0][0].Now
	for k := range starts {
		for _, s := range starts[k] {
			if s.Now != now {
				return starts, false, fmt.Errorf("experiment: start states at %s and at %s (want one instant)",
					model.FormatDuration(now), model.FormatDuration(s.Now))
			}
		}
	}
	return starts, given, nil
}

// clockBounds returns, for each clock, the largest constant the model
// compares it with under r (−1: the model never compares it): DirSync's
// period, R8's window (on the clock it is counted from, and on Exchange's,
// which the previous change's clock copies), R18's and R20's delays, and
// each cache's TTL. TestClockBounds checks it against every comparison the
// model makes along random runs.
func clockBounds(r *model.Rules, viewers int) [model.NumClocks]int64 {
	var b [model.NumClocks]int64
	for c := range b {
		b[c] = -1
	}
	bump := func(c model.Clock, d time.Duration) { b[c] = max(b[c], int64(max(d, 0))) }
	if r.DirSyncInterval > 0 {
		bump(model.ClockDirSync, r.DirSyncInterval)
	}
	if r.Trigger == model.TriggerVisit && r.Window > 0 {
		if r.WindowFrom == model.FromLastChange {
			bump(model.ClockPrevExchange, r.Window)
			bump(model.ClockExchange, r.Window)
		} else {
			bump(model.ClockImport, r.Window)
		}
	}
	// The takes' clocks are tracked whenever they run: whether one runs is
	// whether a take is pending.
	bump(model.ClockSharePointSpan, r.MaxDelay)
	bump(model.ClockYammerSpan, r.YammerDelay)
	if r.TeamsServiceCacheTTL > 0 {
		bump(model.ClockTeamsService, r.TeamsServiceCacheTTL)
	}
	for _, v := range model.Viewers(viewers) {
		for c := model.CacheOutlookOnline; c <= model.CacheTeamsClient; c++ {
			if ttl := r.TTL(c); ttl > 0 {
				bump(model.CacheClock(v, c), ttl)
			}
		}
	}
	return b
}

// start adds the first belief state: the worlds of the start states,
// each running clock reading the event of its exact age (one event per
// age, the zone the point of those ages), closed under the pending takes
// and projected as every belief is (finish). It reports whether the first
// belief's worlds are the same under A and under B.
func (d *decider) start(starts *[2][]model.State) (same bool, err error) {
	var ages []int64
	for k := range starts {
		for _, s := range starts[k] {
			for cl := model.Clock(0); cl < model.NumClocks; cl++ {
				if s.Running.Has(cl) && d.bound[k][cl] >= 0 {
					ages = append(ages, int64(s.Now-s.Start[cl]))
				}
			}
		}
	}
	slices.Sort(ages)
	ages = slices.Compact(ages)
	// Events 1..n the ages, youngest first; n+1 the ancient clock; n+2 the
	// instant now, which finish expects after the ancient one.
	n := len(ages)
	z := zone.New(n + 2)
	for i, a := range ages {
		if a < 0 {
			return false, fmt.Errorf("experiment: a start state's clock started %s after its instant", time.Duration(-a))
		}
		z.Free(i + 1)
		z.Constrain(i+1, 0, zone.LE(a))
		z.Constrain(0, i+1, zone.LE(-a))
	}
	z.Free(n + 1)
	z.Constrain(0, n+1, zone.LT(-d.maxAll))
	var c cell
	c.z = z
	for k := range c.out {
		for _, s := range starts[k] {
			w := world{d: s.Discrete}
			for cl := model.Clock(0); cl < model.NumClocks; cl++ {
				if w.d.Running.Has(cl) && d.bound[k][cl] >= 0 {
					i, _ := slices.BinarySearch(ages, int64(s.Now-s.Start[cl]))
					w.m[cl] = int8(i + 1)
				}
			}
			// The caches the projection does not keep go before the
			// pending takes are taken: a viewer past Viewers has no
			// tracked clock.
			d.proj.forget(&w, k)
			c.out[k] = append(c.out[k], w)
		}
	}
	key, nz, m, err := d.finish(&c, n+2)
	if err != nil {
		return false, err
	}
	d.add(key, nz, m, 0)
	return slices.Equal(c.out[0], c.out[1]), nil
}

// advance expands up to n belief states, breadth first; it reports
// whether some view tells the rule sets apart, and the depth of the belief
// state it follows.
func (d *decider) advance(n int) (bool, int, error) {
	for ; n > 0 && d.head < len(d.nodes) && *d.total < d.max; n-- {
		b := d.nodes[d.head]
		d.head++
		differ, err := d.expand(b)
		if err != nil || differ {
			return differ, int(b.depth), err
		}
	}
	return false, 0, nil
}

// cell is a part of a zone on which every world's step answers every time
// question alike, with the worlds that follow under each rule set and the
// photos the step's view showed.
type cell struct {
	z     zone.Zone
	out   [2][]world
	shown [2][]model.Photo
	fired bool // Tick: some world's timer was due
}

// expand takes every action from belief n, and the timers due; it reports
// whether some view shows different photos under A and under B.
func (d *decider) expand(n belief) (bool, error) {
	sets := d.decode(n.key)
	na := n.z.Clocks() // the ancient clock
	quiet := n.z.Clone()
	for k := range sets {
		for _, w := range sets[k] {
			ts, cnt := model.Timers(&d.rules[k], &w.d)
			for _, tm := range ts[:cnt] {
				if w.m[tm.Clock] == 0 {
					return false, fmt.Errorf("experiment: internal error: timer %s on an untracked clock", tm.Clock)
				}
				quiet.Constrain(int(w.m[tm.Clock]), 0, zone.LT(int64(tm.After)))
			}
		}
	}
	keep := make([]int, na+1)
	for i := range na {
		keep[i] = i + 1
	}
	now := na + 1
	step := func(base zone.Zone, a model.Action) (bool, error) {
		if base.Empty() {
			return false, nil
		}
		cells := []cell{{z: base.Project(keep)}}
		for k := range sets {
			for _, w := range sets[k] {
				cells = d.refine(cells, k, w, a, now)
			}
		}
		for i := range cells {
			c := &cells[i]
			if a.Kind == model.Tick && !c.fired {
				continue
			}
			if len(c.out[0]) == 0 && len(c.out[1]) == 0 {
				continue
			}
			if len(c.out[0]) == 0 || len(c.out[1]) == 0 {
				return true, nil // the action can happen under one rule set only
			}
			if a.Kind == model.View && d.proj.compares(a) && !slices.Equal(photoSet(c.shown[0]), photoSet(c.shown[1])) {
				return true, nil
			}
			key, z, m, err := d.finish(c, now)
			if err != nil {
				return false, err
			}
			d.add(key, z, m, n.depth+1)
		}
		return false, nil
	}
	if !quiet.Empty() {
		for _, a := range d.actions {
			if differ, err := step(quiet, a); differ || err != nil {
				return differ, err
			}
		}
	}
	return step(n.z, model.Action{Kind: model.Tick})
}

func photoSet(ps []model.Photo) []model.Photo {
	slices.Sort(ps)
	return slices.Compact(ps)
}

// run is one way a world takes a step on a zone.
type run struct {
	z     zone.Zone
	ok    bool
	next  world
	shown model.Photo
}

// runs enumerates every way world w takes action a under rule set k on
// zone z, its time questions answered by splitting z; dead runs are
// dropped.
func (d *decider) runs(k int, w world, a model.Action, z zone.Zone, now int) []run {
	var out []run
	d.ch.Reset()
	for {
		d.ch.Rewind()
		env := worldEnv{z: z.Clone(), m: w.m, now: int8(now), ch: &d.ch, bound: &d.bound[k]}
		next, ok := model.Apply(&d.rules[k], model.State{Discrete: w.d}, a, &env)
		if !env.dead {
			out = append(out, run{z: env.z, ok: ok, next: world{d: next.State.Discrete, m: env.m}, shown: next.Shown})
		}
		if !d.ch.Next() {
			return out
		}
	}
}

// refine splits every cell by the answers world w's step gives to its time
// questions, adding what follows to each part.
func (d *decider) refine(cells []cell, k int, w world, a model.Action, now int) []cell {
	var out []cell
	for _, c := range cells {
		rs := d.runs(k, w, a, c.z, now)
		first := len(out)
		for _, r := range rs {
			i := first
			for ; i < len(out); i++ {
				if out[i].z.Equal(r.z) {
					break
				}
			}
			if i == len(out) {
				nc := cell{z: r.z, fired: c.fired}
				for s := range nc.out {
					nc.out[s] = slices.Clone(c.out[s])
					nc.shown[s] = slices.Clone(c.shown[s])
				}
				out = append(out, nc)
			}
			p := &out[i]
			switch {
			case r.ok:
				p.out[k] = append(p.out[k], r.next)
				if a.Kind == model.View {
					p.shown[k] = append(p.shown[k], r.shown)
				}
				if a.Kind == model.Tick {
					p.fired = true
				}
			case a.Kind == model.Tick:
				p.out[k] = append(p.out[k], w) // nothing was due: the world stays
			}
		}
	}
	return out
}

// takes are the model's own actions of a pending take, and takeClock the
// clock that runs while each is pending.
var (
	takes     = [...]model.Action{{Kind: model.TakeSharePoint}, {Kind: model.TakeYammer}}
	takeClock = [...]model.Clock{model.ClockSharePointSpan, model.ClockYammerSpan}
)

// finish makes the belief that follows a cell: the worlds closed under the
// pending takes, made canonical, time let pass under the timers'
// invariants, the zone extrapolated. now is the event clock of the step's
// instant (the clock after the ancient one of the zone the step came from).
func (d *decider) finish(c *cell, now int) (string, zone.Zone, []int64, error) {
	z := c.z
	ancient := z.Clocks() - 1
	// A pending take may happen at any instant of its span: from now until
	// the next step nothing it reads changes, so taking now stands for
	// every instant until then.
	for k := range c.out {
		list := c.out[k]
		for i := 0; i < len(list); i++ {
			for t, a := range takes {
				if !list[i].d.Running.Has(takeClock[t]) {
					continue
				}
				for _, r := range d.runs(k, list[i], a, z, now) {
					if !r.ok {
						continue
					}
					if !r.z.Equal(z) {
						return "", zone.Zone{}, nil, fmt.Errorf("experiment: internal error: a take asked the time")
					}
					list = append(list, r.next)
				}
			}
		}
		c.out[k] = list
	}
	// Clocks past their largest constant read the ancient clock; clocks
	// nobody compares are forgotten, with the history (properties read it,
	// the rules do not).
	used := make([]bool, z.Clocks()+1)
	for k := range c.out {
		for i := range c.out[k] {
			w := &c.out[k][i]
			d.proj.forget(w, k)
			w.d.History = model.History{}
			for cl := model.Clock(0); cl < model.NumClocks; cl++ {
				b := d.bound[k][cl]
				if b < 0 || !w.d.Running.Has(cl) {
					w.d.Running = w.d.Running.Without(cl)
					w.m[cl] = 0
					continue
				}
				e := int(w.m[cl])
				if e == 0 {
					return "", zone.Zone{}, nil, fmt.Errorf("experiment: internal error: running clock %s has no event clock", cl)
				}
				if e != ancient && z.Bound(0, e) <= zone.LT(-b) {
					e = ancient
				}
				w.m[cl] = int8(e)
				used[e] = true
			}
		}
	}
	// The event clocks in order of recency, equal ones merged, the ancient
	// one last.
	order := []int{now}
	for e := 1; e < ancient; e++ {
		order = append(order, e)
	}
	rename := make([]int8, z.Clocks()+1)
	var keep []int
	for _, e := range order {
		if !used[e] {
			continue
		}
		if len(keep) > 0 {
			last := keep[len(keep)-1]
			if z.Bound(last, e) <= zone.LE(0) && z.Bound(e, last) <= zone.LE(0) {
				rename[e] = int8(len(keep))
				continue
			}
		}
		keep = append(keep, e)
		rename[e] = int8(len(keep))
	}
	keep = append(keep, ancient)
	rename[ancient] = int8(len(keep))
	if len(keep) > 120 {
		return "", zone.Zone{}, nil, fmt.Errorf("experiment: internal error: %d event clocks", len(keep))
	}
	nz := z.Project(keep)
	for k := range c.out {
		for i := range c.out[k] {
			w := &c.out[k][i]
			for cl := range w.m {
				if w.m[cl] != 0 {
					w.m[cl] = rename[w.m[cl]]
				}
			}
		}
	}
	renamePhotos(&c.out)
	for k := range c.out {
		c.out[k] = d.prune(c.out[k])
	}
	if d.mergeDead(&c.out) {
		renamePhotos(&c.out)
		for k := range c.out {
			c.out[k] = d.prune(c.out[k])
		}
	}
	// Time passes, up to the first timer due in some world.
	nz.Up()
	for k := range c.out {
		for _, w := range c.out[k] {
			ts, cnt := model.Timers(&d.rules[k], &w.d)
			for _, tm := range ts[:cnt] {
				if w.m[tm.Clock] == 0 {
					return "", zone.Zone{}, nil, fmt.Errorf("experiment: internal error: timer %s on an untracked clock", tm.Clock)
				}
				if !nz.Constrain(int(w.m[tm.Clock]), 0, zone.LE(int64(tm.After))) {
					return "", zone.Zone{}, nil, fmt.Errorf("experiment: internal error: timer %s overdue", tm.Clock)
				}
			}
		}
	}
	m := d.constants(&c.out, len(keep))
	nz.ExtrapolateLU(m, m)
	return d.encode(&c.out), nz, m, nil
}

// constants returns the largest constant each event clock is compared
// with, over every world that reads it (the ancient clock: every constant).
func (d *decider) constants(sets *[2][]world, n int) []int64 {
	m := make([]int64, n+1)
	for i := range m {
		m[i] = -1
	}
	m[n] = d.maxAll
	for k := range sets {
		for _, w := range sets[k] {
			for cl, e := range w.m {
				if e != 0 {
					m[e] = max(m[e], d.bound[k][cl])
				}
			}
		}
	}
	m[0] = 0
	return m
}

// renamePhotos numbers the photos in use over both rule sets' worlds in
// order, keeping their Yammer origin: only which stores and caches hold the
// same photo matters, and each change makes a photo no store holds.
func renamePhotos(sets *[2][]world) {
	var ids []int
	for k := range sets {
		for i := range sets[k] {
			sets[k][i].d.EachPhoto(func(p *model.Photo) {
				if *p != model.NoPhoto {
					ids = append(ids, p.ID())
				}
			})
		}
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	for k := range sets {
		for i := range sets[k] {
			w := &sets[k][i]
			w.d.EachPhoto(func(p *model.Photo) {
				if *p == model.NoPhoto {
					return
				}
				r, _ := slices.BinarySearch(ids, p.ID())
				q := model.V(r)
				if p.FromYammer() {
					q = q.MadeInYammer()
				}
				*p = q
			})
			w.d.Made = uint32(max(len(ids)-1, 0))
		}
	}
}

// mergeDead merges dead photos that play the same part, and reports
// whether it merged any. A photo is dead when no store of any world holds
// it: only caches do, and no step ever puts it back in a store or in a
// cache that lacks it (a view fills a cache with what a store or the Teams
// service cache holds). Two dead photos p and q play the same part when
// swapping them maps each rule set's worlds onto themselves, and no world
// holds both. Then every experiment gives each view sets of photos that the
// swap maps onto themselves too (its steps never name a dead photo), under
// A and under B, and two such sets are equal exactly when they are equal
// once q is written p; and writing q as p commutes with every step. So
// replacing q by p everywhere keeps every answer of the decision, and the
// number of dead photos, which cached-or-fresh views would otherwise let
// grow with every change, stays bounded.
func (d *decider) mergeDead(sets *[2][]world) bool {
	inStore := map[model.Photo]bool{}
	inCache := map[model.Photo]bool{}
	for k := range sets {
		for i := range sets[k] {
			w := &sets[k][i]
			for _, p := range []model.Photo{w.d.ActiveDirectory, w.d.Exchange, w.d.SharePoint[0], w.d.SharePoint[1], w.d.SharePoint[2], w.d.Yammer} {
				inStore[p.Plain()] = true
			}
			w.d.EachPhoto(func(p *model.Photo) { inCache[p.Plain()] = true })
		}
	}
	var dead []model.Photo
	for p := range inCache {
		if p != model.NoPhoto && !inStore[p] {
			dead = append(dead, p)
		}
	}
	slices.Sort(dead)
	merged := false
	for i := 0; i < len(dead); i++ {
		for j := i + 1; j < len(dead); j++ {
			p, q := dead[i], dead[j]
			if !d.symmetric(sets, p, q) {
				continue
			}
			for k := range sets {
				for w := range sets[k] {
					sets[k][w].d.EachPhoto(func(x *model.Photo) {
						if x.Plain() == q {
							*x = like(p, *x)
						}
					})
				}
			}
			dead = slices.Delete(dead, j, j+1)
			j--
			merged = true
		}
	}
	return merged
}

// like returns photo p with x's Yammer origin.
func like(p, x model.Photo) model.Photo {
	if x.FromYammer() {
		return p.MadeInYammer()
	}
	return p
}

// symmetric reports whether swapping photos p and q maps each rule set's
// worlds onto themselves, no world holding both.
func (d *decider) symmetric(sets *[2][]world, p, q model.Photo) bool {
	swap := func(x *model.Photo) {
		switch x.Plain() {
		case p:
			*x = like(q, *x)
		case q:
			*x = like(p, *x)
		}
	}
	for k := range sets {
		have := map[string]bool{}
		for i := range sets[k] {
			w := &sets[k][i]
			hp, hq := false, false
			w.d.EachPhoto(func(x *model.Photo) {
				hp = hp || x.Plain() == p
				hq = hq || x.Plain() == q
			})
			if hp && hq {
				return false
			}
			have[string(d.worldKey(w))] = true
		}
		for i := range sets[k] {
			v := sets[k][i]
			v.d.EachPhoto(swap)
			if !have[string(d.worldKey(&v))] {
				return false
			}
		}
	}
	return true
}

// prune sorts a rule set's worlds, drops duplicates, and drops every world
// that another of the same belief simulates: the same but for caches'
// ages, each at most as old (a lower event clock is a later instant; the
// ancient clock is the oldest). A younger cache entry can do all an older
// one can (show the cached photo or the store's, or be refilled), so the
// photos a view can show are the same without it, now and after any steps.
func (d *decider) prune(ws []world) []world {
	slices.SortFunc(ws, func(a, b world) int { return bytes.Compare(d.worldKey(&a), d.worldKey(&b)) })
	ws = slices.CompactFunc(ws, func(a, b world) bool { return a == b })
	out := ws[:0]
	for i, w := range ws {
		dominated := false
		for j, v := range ws {
			if i != j && v.d == w.d && d.simulates(&v, &w) {
				dominated = true
				break
			}
		}
		if !dominated {
			out = append(out, w)
		}
	}
	return out
}

// simulates reports whether v's clocks are w's but for caches' ages, each
// of v's at most as old; v ≠ w.
func (d *decider) simulates(v, w *world) bool {
	for c := range v.m {
		switch {
		case v.m[c] == w.m[c]:
		case d.age[c] && v.m[c] != 0 && w.m[c] != 0 && v.m[c] < w.m[c]:
		default:
			return false
		}
	}
	return true
}

// worldKey encodes a world: its discrete part, then its clocks' event
// clocks. The slice is reused by the next call.
func (d *decider) worldKey(w *world) []byte {
	d.buf = model.AppendState(d.buf[:0], &model.State{Discrete: w.d})
	for _, e := range w.m {
		d.buf = append(d.buf, byte(e))
	}
	return slices.Clone(d.buf)
}

// encode writes both rule sets' worlds (each list sorted) as one key.
func (d *decider) encode(sets *[2][]world) string {
	var key []byte
	for k := range sets {
		key = append(key, byte(len(sets[k])>>8), byte(len(sets[k])))
		for i := range sets[k] {
			key = append(key, d.worldKey(&sets[k][i])...)
		}
	}
	return string(key)
}

// decode reads the worlds back from a key.
func (d *decider) decode(key string) [2][]world {
	var sets [2][]world
	rest := []byte(key)
	for k := range sets {
		n := int(rest[0])<<8 | int(rest[1])
		rest = rest[2:]
		for range n {
			var st model.State
			st, rest = model.ReadState(rest)
			w := world{d: st.Discrete}
			for c := range w.m {
				w.m[c] = int8(rest[c])
			}
			rest = rest[len(w.m):]
			sets[k] = append(sets[k], w)
		}
	}
	return sets
}

// add keeps a belief unless one already kept with the same worlds
// simulates its zone (every valuation of it is LU-simulated by one of the
// older zone, with the same constants: every view reachable from the new
// one is reachable from the older).
func (d *decider) add(key string, z zone.Zone, m []int64, depth int32) {
	if *d.total >= d.max {
		return
	}
	for _, id := range d.seen[key] {
		if d.nodes[id].z.SimulatesLU(z, m, m) {
			return
		}
	}
	d.seen[key] = append(d.seen[key], int32(len(d.nodes)))
	d.nodes = append(d.nodes, belief{key: key, z: z, depth: depth})
	*d.total++
}

// worldEnv answers one world's time questions on a cell's zone: its
// clocks read the event clocks its map names; a clock it starts reads the
// step's instant.
type worldEnv struct {
	z     zone.Zone
	m     [model.NumClocks]int8
	now   int8
	ch    *model.Choices
	bound *[model.NumClocks]int64
	dead  bool
}

func (e *worldEnv) clock(c model.Clock) int {
	i := int(e.m[c])
	if i == 0 {
		panic(fmt.Sprintf("experiment: the model compared clock %s, which the decision does not track", c))
	}
	return i
}

func (e *worldEnv) Elapsed(s *model.State, c model.Clock, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	i := e.clock(c)
	if e.dead {
		return false
	}
	yes := e.ch.Choose(2) == 0
	ok := false
	if yes {
		ok = e.z.Constrain(0, i, zone.LE(-int64(d))) // x ≥ d
	} else {
		ok = e.z.Constrain(i, 0, zone.LT(int64(d))) // x < d
	}
	e.dead = !ok
	return yes
}

func (e *worldEnv) Surely(s *model.State, c model.Clock, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	if e.dead {
		return false
	}
	always, _ := e.z.Satisfies(0, e.clock(c), zone.LE(-int64(d)))
	return always
}

func (e *worldEnv) Reset(s *model.State, c model.Clock) {
	e.m[c] = 0
	if e.bound[c] >= 0 {
		e.m[c] = e.now
	}
}

func (e *worldEnv) Assign(s *model.State, dst, src model.Clock) {
	e.m[dst] = 0
	if e.bound[dst] >= 0 {
		e.m[dst] = int8(e.clock(src))
	}
}

func (e *worldEnv) Stop(s *model.State, c model.Clock) { e.m[c] = 0 }

func (e *worldEnv) Choose(n int) int {
	if e.dead {
		return 0
	}
	return e.ch.Choose(n)
}
