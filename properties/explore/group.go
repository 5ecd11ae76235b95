package explore

import (
	"strings"

	"photosync/model"
	"photosync/properties"
	"photosync/zone"
)

// group is one exploration of the product: a viewer (0: stores only), the
// surfaces whose views it takes, the properties it judges, and what it keeps
// of the state. Properties judge one viewer's views at a time and views only
// fill that viewer's caches, so every other viewer's actions, every other
// surface's views and every clock nobody compares can be left out without
// losing or adding a behaviour that the group's properties can see (a cone
// of influence reduction).
type group struct {
	viewer   model.Viewer
	all      []model.Viewer // for the unprojected group: every viewer (viewer is 0)
	surfaces []model.Surface
	props    []int // indices into Config.Props
	actions  []model.Action
	facts    properties.Facts
	yammer   bool        // Yammer's photo and photos' Yammer origin matter
	teams    bool        // the Teams service cache matters: the group views teams-client
	rules    model.Rules // the rules, simplified where the group cannot tell

	idx    [model.NumClocks]int // zone index of each tracked clock (0: untracked)
	clocks []model.Clock        // clocks[i-1] has zone index i
	max    []int64              // the largest constant each zone index is compared with
	// ageOnly[i-1]: zone index i is a cache's age, which the model asks
	// about only to know whether the entry has expired. With lu set, the
	// extrapolation treats it as a clock with no lower-bound guard and keeps
	// no upper bound of it (package doc, "Abstractions").
	ageOnly []bool
	lu      bool

	// phaseFree: DirSync's phase is not kept while its runs are idle (see
	// idleDirSync and the package doc). False when DirSync is not tracked or
	// a property compares DirSync's clock itself.
	phaseFree bool

	// quiet: the group judges quietMonitor alone, for one viewer, through
	// one cache (the package doc, "One photo everywhere"): it keeps every
	// store a surface shows and takes every action the monitor waits for.
	quiet bool
	// reduce: the reductions of issue 8 that apply (see groupsReduced).
	reduce reduction
	// dirSyncCopies: some DirSync run can copy AD's photo to Exchange
	// under the group's rules (see dirSyncCopies).
	dirSyncCopies bool

	ren *renamer // scratch space of canonical
}

func (g *group) name() string {
	if g.all != nil {
		return "unprojected"
	}
	if g.viewer == 0 {
		return "stores"
	}
	names := make([]string, len(g.surfaces))
	for i, s := range g.surfaces {
		names[i] = s.String()
	}
	return g.viewer.String() + ": " + strings.Join(names, ", ")
}

// groups splits the properties into explorations: one per property, and
// for a property that judges views, one per viewer and per set of surfaces
// whose views it compares (surfaces sharing a cache count as one). Zones grow
// with every clock kept, so exploring each property with only its own clocks
// is far smaller than exploring them together.
func groups(r *model.Rules, props []*properties.Property, viewers int) []*group {
	return groupsReduced(r, props, viewers, allReductions)
}

// reduction is one of the exact reductions of issue 8 (the package doc); a
// set of them is a bit mask. Exploring uses them all; tests switch each
// off, alone or with the others, to show it changes no verdict.
type reduction uint8

// The reductions.
const (
	reduceOneCache    reduction = 1 << iota // all-surfaces-agree-when-quiet one cache at a time
	reduceDirSync                           // what DirSync never copies is not explored
	reduceWindow                            // R18's unread window needs no clock
	reduceLU                                // LU simulation, not inclusion, drops a zone
	reduceTimeOnly                          // transitions that only let time pass are not built
	reduceDeadChoices                       // the monitors' dead choices are pruned
	numReductions     = iota
	allReductions     = reduction(1)<<numReductions - 1
)

// on reports whether reduction x applies to the group.
func (g *group) on(x reduction) bool { return g.reduce&x != 0 }

// groupsReduced is groups, with the reductions of issue 8 in reduce (the
// package doc: one cache at a time, what DirSync never copies, R18's unread
// window, LU simulation, transitions that only let time pass, monitors'
// dead choices): all of them, or for tests fewer.
func groupsReduced(r *model.Rules, props []*properties.Property, viewers int, reduce reduction) []*group {
	var out []*group
	for i, p := range props {
		if len(p.Reads) == 0 {
			out = append(out, &group{props: []int{i}})
			continue
		}
		for _, v := range model.Viewers(viewers) {
			comp := components(r)
			// quietMonitor compares every surface with every other, but
			// every surface can always show the photo its store holds: it
			// is explored one cache at a time (package doc).
			if p.Joint && !(reduce&reduceOneCache != 0 && oneCacheEnough(r, p)) {
				out = append(out, &group{viewer: v, surfaces: closure(comp, p.Reads), props: []int{i}})
				continue
			}
			seen := map[int]bool{}
			for _, s := range p.Reads {
				if c := comp[s]; !seen[c] {
					seen[c] = true
					out = append(out, &group{viewer: v, surfaces: closure(comp, []model.Surface{s}), props: []int{i}})
				}
			}
		}
	}
	for _, g := range out {
		g.reduce = reduce
		g.prepare(r, props)
	}
	return out
}

// components numbers the surfaces so that surfaces reading through the same
// cache share a number: their views cannot be explored apart.
func components(r *model.Rules) map[model.Surface]int {
	comp := map[model.Surface]int{}
	byCache := map[model.Cache]int{}
	for i, s := range model.Surfaces() {
		comp[s] = i
		if c, ok := model.SurfaceCache(r, s); ok {
			if j, seen := byCache[c]; seen {
				comp[s] = j
			} else {
				byCache[c] = i
			}
		}
	}
	return comp
}

func closure(comp map[model.Surface]int, surfs []model.Surface) []model.Surface {
	want := map[int]bool{}
	for _, s := range surfs {
		want[comp[s]] = true
	}
	var out []model.Surface
	for _, s := range model.Surfaces() {
		if want[comp[s]] {
			out = append(out, s)
		}
	}
	return out
}

func (g *group) has(s model.Surface) bool {
	for _, x := range g.surfaces {
		if x == s {
			return true
		}
	}
	return false
}

// fullGroup is the unprojected exploration: every viewer, surface, action
// and clock, the rules as they are, judging the given properties together.
// It is what each projection must agree with (Config.Unprojected).
func fullGroup(r *model.Rules, props []*properties.Property, viewers int) *group {
	g := &group{surfaces: model.Surfaces(), all: model.Viewers(viewers), yammer: true, teams: true, dirSyncCopies: true}
	for i := range props {
		g.props = append(g.props, i)
	}
	g.facts = ^properties.Facts(0)
	g.rules = *r
	g.actions = model.Actions(viewers)
	g.trackClocks(props)
	return g
}

// prepare fixes the group's alphabet, the history and stores it keeps, and
// the clocks it tracks with their largest constants.
func (g *group) prepare(full *model.Rules, props []*properties.Property) {
	for _, i := range g.props {
		g.facts |= props[i].Facts
	}
	for _, s := range g.surfaces {
		if model.RouteOf(full, s).Store == model.StoreSharePoint {
			g.facts |= properties.SharePointPhoto
		}
	}
	g.quiet = g.on(reduceOneCache) && len(g.props) == 1 && g.viewer != 0 && g.all == nil && oneCacheEnough(full, props[g.props[0]])
	if g.quiet {
		// quietMonitor reads every surface, whatever cache the group keeps:
		// every store they show is kept.
		g.facts |= properties.SharePointPhoto | properties.YammerPhoto
	}
	g.yammer = g.has(model.YammerSurface) || g.facts&properties.YammerPhoto != 0
	g.teams = g.has(model.TeamsClientSurface)
	g.simplify(full)
	g.dirSyncCopies = !g.on(reduceDirSync) || full.Amend != nil || dirSyncCopies(&g.rules)
	g.alphabet()
	g.trackClocks(props)
}

// simplify copies the rules, simplified where the group cannot tell.
func (g *group) simplify(full *model.Rules) {
	g.rules = *full
	r := &g.rules
	// SharePoint is a sink: no store reads it. A group that does not read it
	// may let SharePoint follow Exchange at once, which needs no clock.
	if g.facts&properties.SharePointPhoto == 0 {
		r.Window, r.Visit, r.Trigger = 0, model.VisitNever, model.TriggerVisit
	}
	// DirSync's copy to Exchange is a change of Exchange from outside
	// SharePoint, as a direct change at that instant is. A group that does not
	// read Active Directory loses nothing by changing Exchange directly only,
	// as long as some direct change is not refused (R17 on-premises refuses
	// them all: then DirSync is Exchange's only way to change).
	if g.facts&properties.ADPhoto == 0 && !r.Refuses(model.FromGraph) {
		r.DirSyncInterval = 0
	}
	// Under sharepoint.trigger service R8 is not used: no rule reads the
	// window (R18's takes replace it), so it needs no clock.
	if g.on(reduceWindow) && r.Trigger == model.TriggerService {
		r.Window = 0
	}
}

// dirSyncCopies reports whether a DirSync run can ever copy AD's photo to
// Exchange under r: it asks the model to run DirSync once AD has changed
// (AD newer than Exchange, no conflict), in every way the run can go.
func dirSyncCopies(r *model.Rules) bool {
	s := model.Initial()
	s.Made++
	s.ActiveDirectory = model.V(int(s.Made))
	s.ADChanged, s.ADNewer = true, true
	for _, n := range model.Step(r, s, model.Action{Kind: model.DirSync}) {
		if n.Effects.Has(model.EffectDirSyncCopy) {
			return true
		}
	}
	return false
}

// alphabet lists the actions the group takes: every change (AD's only when
// the group reads AD), the visits, and the group's viewer's actions on the
// surfaces and caches it reads.
func (g *group) alphabet() {
	r := &g.rules
	readsAD := g.facts&properties.ADPhoto != 0
	for _, src := range model.Sources() {
		if src != model.FromActiveDirectory || readsAD || r.DirSyncInterval > 0 {
			g.actions = append(g.actions, model.Action{Kind: model.Change, Source: src})
		}
	}
	g.actions = append(g.actions, model.Action{Kind: model.Visit}, model.Action{Kind: model.EditCancel})
	if readsAD || r.DirSyncInterval > 0 {
		g.actions = append(g.actions, model.Action{Kind: model.DirSync})
	}
	if g.yammer && r.YammerSync == model.YammerOnUse {
		g.actions = append(g.actions, model.Action{Kind: model.OpenYammer})
	}
	if g.has(model.LyncClientSurface) || (g.quiet && r.LyncOfflineHidesPhoto) {
		g.actions = append(g.actions, model.Action{Kind: model.LyncSignIn}, model.Action{Kind: model.LyncSignOut})
	}
	if g.viewer == 0 {
		return
	}
	// The actions that empty a cache the group's surfaces read through;
	// quietMonitor judges a viewer only once it has restarted Outlook and
	// Teams and cleared the browser cache: every group of it takes them.
	empties := map[model.ActionKind]bool{}
	for _, s := range g.surfaces {
		if rt := model.RouteOf(r, s); rt.Cached {
			if k, ok := rt.Cache.EmptiedBy(); ok {
				empties[k] = true
			}
		}
	}
	for _, k := range []model.ActionKind{model.RestartOutlook, model.RestartTeams, model.ClearBrowserCache} {
		if empties[k] || g.quiet {
			g.actions = append(g.actions, model.Action{Kind: k, Viewer: g.viewer})
		}
	}
	for _, s := range g.surfaces {
		g.actions = append(g.actions, model.Action{Kind: model.View, Surface: s, Viewer: g.viewer})
	}
}

// viewers returns the viewers whose caches the group keeps.
func (g *group) viewers() []model.Viewer {
	if g.all != nil {
		return g.all
	}
	if g.viewer != 0 {
		return []model.Viewer{g.viewer}
	}
	return nil
}

// trackClocks lists the clocks the group's properties and rules compare,
// each with the largest constant it is compared with.
func (g *group) trackClocks(props []*properties.Property) {
	r := &g.rules
	max := map[model.Clock]int64{}
	bump := func(c model.Clock, d int64) {
		if old, ok := max[c]; !ok || d > old {
			max[c] = d
		}
	}
	for _, i := range g.props {
		for _, dl := range props[i].Deadlines {
			bump(dl.Clock, int64(dl.After))
		}
	}
	if r.DirSyncInterval > 0 {
		bump(model.ClockDirSync, int64(r.DirSyncInterval))
	}
	if r.Trigger == model.TriggerService && g.facts&properties.SharePointPhoto != 0 {
		bump(model.ClockSharePointSpan, int64(r.MaxDelay))
	}
	if r.YammerSync == model.YammerOnUse && g.yammer {
		bump(model.ClockYammerSpan, int64(r.YammerDelay))
	}
	if r.Window > 0 {
		if r.WindowFrom == model.FromLastChange {
			bump(model.ClockPrevExchange, int64(r.Window))
		} else {
			bump(model.ClockImport, int64(r.Window))
		}
	}
	other := map[model.Clock]bool{} // compared by a rule or a monitor's deadline, not only by views
	for c := range max {
		other[c] = true
	}
	for _, v := range g.viewers() {
		for _, s := range g.surfaces {
			rt := model.RouteOf(r, s)
			if !rt.Cached {
				continue
			}
			ttl := r.TTL(rt.Cache)
			if ttl > 0 {
				bump(model.CacheClock(v, rt.Cache), int64(ttl))
			}
			if rt.Service && r.TeamsServiceCacheTTL > 0 {
				bump(model.ClockTeamsService, int64(r.TeamsServiceCacheTTL))
			}
		}
	}
	// A copied clock carries its value on: its source must be tracked as far.
	if d, ok := max[model.ClockPrevImport]; ok {
		bump(model.ClockImport, d)
	}
	if d, ok := max[model.ClockPrevExchange]; ok {
		bump(model.ClockExchange, d)
	}
	for c := model.Clock(0); c < model.NumClocks; c++ {
		if d, ok := max[c]; ok {
			g.clocks = append(g.clocks, c)
			g.idx[c] = len(g.clocks)
			g.max = append(g.max, d)
			_, _, cache := c.CacheOf()
			cache = cache || c == model.ClockTeamsService
			g.ageOnly = append(g.ageOnly, cache && !other[c])
		}
	}
	g.lu = true
	g.phaseFree = g.idx[model.ClockDirSync] != 0
	for _, i := range g.props {
		for _, dl := range props[i].Deadlines {
			if dl.Clock == model.ClockDirSync {
				g.phaseFree = false
			}
		}
	}
}

// idleDirSync reports whether, in canonical discrete part d, a scheduled
// DirSync run would change nothing but DirSync's own clock, so that its
// phase need not be kept (package doc, "DirSync's phase"). It asks the model:
// it fires a DirSync run alone (every other running clock just started, so
// that no other timer is due and no cache has expired) and compares what
// the group keeps of the outcome with d. In the model as it stands that is
// exactly "AD has not changed since the previous run" (R3's delta sync).
func (g *group) idleDirSync(d *model.Discrete) bool {
	if !g.phaseFree {
		return false
	}
	period := g.rules.DirSyncInterval
	s := model.State{Discrete: *d, Now: period}
	for c := model.Clock(0); c < model.NumClocks; c++ {
		if d.Running.Has(c) {
			s.Start[c] = period
		}
	}
	s.Start[model.ClockDirSync] = 0
	n, ok := model.Apply(&g.rules, s, model.Action{Kind: model.Tick}, model.Concrete(nil))
	// A group that does not read SharePoint forgets its photo, so the model
	// sees it lacking and imports on every transition: that is no effect of
	// the run.
	ignore := model.EffectDirSyncRun
	if g.facts&properties.SharePointPhoto == 0 {
		ignore |= model.EffectImport
	}
	if !ok || n.Effects&^ignore != 0 || n.Shown != model.NoPhoto {
		return false
	}
	return g.canonical(n.State.Discrete) == *d
}

// choosePhase gives DirSync's clock, on a transition from a state whose runs
// were idle to one whose next run will act, every phase it can have: the
// time since the latest multiple of the period, anything in [0, period),
// unrelated to the other clocks.
func (g *group) choosePhase(z *zone.Zone) {
	i := g.idx[model.ClockDirSync]
	z.Free(i)
	z.Constrain(i, 0, zone.LT(int64(g.rules.DirSyncInterval)))
}

// quietMonitor is the property that groups explore one cache at a time
// although it compares every surface (the package doc, "One photo
// everywhere"): its monitor judges, for a viewer, whether every surface can
// show one photo only, and every surface can always show the photo its
// store holds.
const quietMonitor = "all-surfaces-agree-when-quiet"

// oneCacheEnough reports whether property p, which reads several surfaces
// jointly, may be explored one cache at a time: p is quietMonitor as the
// catalog declares it (the history of the restarts, clears and visits, the
// last change of any kind), and the rules are the model's own (no
// amendment, which could make a view of one surface change another's).
func oneCacheEnough(r *model.Rules, p *properties.Property) bool {
	facts := properties.VisitedSinceChange | properties.RestartedSinceChange | properties.ClearedSinceChange |
		properties.RestartedTeams
	if r.Amend != nil || p.Name != quietMonitor || p.Facts != facts || !p.Joint || p.Transition != nil {
		return false
	}
	return len(p.Deadlines) == 1 && p.Deadlines[0].Clock == model.ClockAnyChange
}
