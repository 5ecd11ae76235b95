package counterexamples

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"photosync/engine"
	"photosync/model"
	"photosync/properties"
	"photosync/properties/explore"
	"photosync/scenario"
)

// RulesHeader writes the rules line and the set lines that make r: the named
// rule set it derives from and every knob that differs from it.
func RulesHeader(r model.Rules) string {
	base := r.Base
	if base == "" {
		base = r.Name
	}
	named, err := model.Named(base)
	if err != nil {
		base, named = "observed", model.Observed()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "rules %s\n", base)
	for _, kv := range model.Changed(named, r) {
		fmt.Fprintf(&b, "set %s %s\n", kv[0], kv[1])
	}
	return b.String()
}

// Scenario writes a counterexample as a scenario that replays it with
// `photosync run` under r for the exploration's viewers (ex.Viewers; 0:
// two): the rules, a violates line, each action at its time; a
// view that could have shown more than one photo becomes an observe line
// pinning what it showed, one that could show only one an expect line;
// then, at the instant of the violation, expect lines showing what the
// surfaces involved show (Involved). What the model did by itself on the
// way (an import, a DirSync copy) appears as comments.
func Scenario(r model.Rules, ex *explore.Counterexample) string {
	var b strings.Builder
	p := ex.Property
	fmt.Fprintf(&b, "# %s (%s)\n", p.Title(), p.Kind)
	fmt.Fprintf(&b, "# %s\n", ex.Message)
	b.WriteString(RulesHeader(r))
	fmt.Fprintf(&b, "violates %s\n", p.Name)

	w := writer{b: &b, set: engine.New(&r, engine.Options{OnlyDeadlines: true})}
	for _, s := range ex.Events {
		if s.Action.Kind == model.Tick {
			if s.Effects.Has(model.EffectDirSyncRun) && r.DirSyncConflict == model.EitherWins {
				// Follow the path's choice: keep the runs in which the
				// run copied, or did not, as the path's did.
				w.set.Advance(s.At, w.fired)
				w.keepCopy(s.Effects.Has(model.EffectDirSyncCopy))
				w.pin(&r, ex, s.At, true)
			}
			continue
		}
		if s.Action.Kind == model.TakeSharePoint || s.Action.Kind == model.TakeYammer {
			w.take(s)
			w.pin(&r, ex, s.At, false)
			continue
		}
		outs := w.apply(s.At, s.Action)
		at := model.FormatDuration(s.At)
		shown := outs.Shown()
		var keep func(*engine.Outcome) bool
		switch {
		case s.Action.Kind == model.Change:
			made := model.V(int(outs.List[0].State.Made)) // the same in every outcome
			fmt.Fprintf(&b, "at %s %s  # %s\n", at, s.Action, made)
		case s.Action.Kind != model.View:
			fmt.Fprintf(&b, "at %s %s\n", at, s.Action)
		case len(shown) > 1 || r.BranchesInTime():
			// Under rules whose time branches the replay may show more
			// than the path: a take may have happened by then. An observe
			// keeps it on the path.
			fmt.Fprintf(&b, "at %s observe %s %s %s\n", at, s.Action.Surface, s.Action.Viewer, s.Shown)
			keep = engine.Showing(s.Shown)
		default:
			fmt.Fprintf(&b, "at %s expect %s %s = %s\n", at, s.Action.Surface, s.Action.Viewer, scenario.JoinPhotos(shown))
		}
		if s.Action.Kind == model.DirSync && r.DirSyncConflict == model.EitherWins {
			copied := s.Effects.Has(model.EffectDirSyncCopy)
			keep = func(o *engine.Outcome) bool { return o.Effects.Has(model.EffectDirSyncCopy) == copied }
		}
		w.set.Commit(outs, keep)
		w.pin(&r, ex, s.At, s.Action.Kind == model.DirSync)
	}
	w.set.Advance(ex.At, w.fired)
	w.flush()
	w.pin(&r, ex, ex.At, false)
	at := model.FormatDuration(ex.At)
	for _, a := range Involved(&r, ex) {
		if last := ex.Events[len(ex.Events)-1]; !ex.Instant && last.Action == a {
			continue // the violating view itself already shows it
		}
		outs := w.apply(ex.At, a)
		if shown := outs.Shown(); r.BranchesInTime() && len(shown) > 0 {
			fmt.Fprintf(&b, "at %s observe %s %s %s\n", at, a.Surface, a.Viewer, shown[0])
			w.set.Commit(outs, engine.Showing(shown[0]))
			continue
		}
		fmt.Fprintf(&b, "at %s expect %s %s = %s\n", at, a.Surface, a.Viewer, scenario.JoinPhotos(outs.Shown()))
		w.set.Commit(outs, nil)
	}
	return b.String()
}

// writer carries every state the system may be in along a counterexample
// as scenario.Run replays it, writing what the model does by itself as
// comments.
type writer struct {
	b        *strings.Builder
	set      *engine.Set
	comments []comment // of the timers fired since the last flush
}

// comment is one comment line on a timer firing.
type comment struct {
	at   time.Duration
	text string
}

// fired notes what a timer firing did in any possible state, once. A
// take of R18 or R20 before its deadline is no timer's: it may happen at
// any instant of its span, and the counterexample's own take steps say
// where it does (take).
func (w *writer) fired(_ int, before *model.State, n *model.Next) {
	if before != nil && w.set != nil && firing(w.set.Rules(), before, n) != model.Tick {
		return
	}
	c := comment{n.State.Now, tickComment(n)}
	if c.text != "" && !slices.Contains(w.comments, c) {
		w.comments = append(w.comments, c)
	}
}

// flush writes the comments noted, in time order.
func (w *writer) flush() {
	slices.SortStableFunc(w.comments, func(a, b comment) int { return cmp.Compare(a.at, b.at) })
	for _, c := range w.comments {
		fmt.Fprintf(w.b, "# at %s %s\n", model.FormatDuration(c.at), c.text)
	}
	w.comments = w.comments[:0]
}

// take writes a take of R18 or R20, which a scenario cannot write: the
// model may make it at any instant of its span. The writer follows the
// explorer's path, whose takes are steps of their own; pin, after it, says
// in the scenario that it has happened by then.
func (w *writer) take(s explore.Event) {
	outs := w.apply(s.At, s.Action)
	w.set.Commit(outs, nil)
	what := "SharePoint takes Exchange's photo by itself (R18)"
	if s.Action.Kind == model.TakeYammer {
		what = "Yammer takes Exchange's photo after the subject opened it (R20)"
	}
	fmt.Fprintf(w.b, "# at %s %s\n", model.FormatDuration(s.At), what)
}

// pin writes, under rules whose time branches, observe lines that keep the
// replay on the explorer's path at instant at: for each store a take may
// change (SharePoint, Yammer), what it holds on the path, seen through a
// surface that shows it uncached; and after a DirSync run that chose
// (R15 either), Exchange's photo, seen through a surface whose cache is
// empty for its viewer in every possible state. The views change nothing
// the path reads: an uncached view fills no cache, and a view through an
// empty cache fills one that the path's own views of that viewer would
// have filled the same way.
func (w *writer) pin(r *model.Rules, ex *explore.Counterexample, at time.Duration, exchange bool) {
	if !r.BranchesInTime() || w.set.Len() == 0 {
		return
	}
	v := model.Observer
	if ex.Viewers == 1 {
		v = model.Subject
	}
	st := w.set.Beliefs()[0].State
	stores := []model.Store{model.StoreSharePoint, model.StoreYammer}
	if exchange {
		stores = append(stores, model.StoreExchange)
	}
	for _, store := range stores {
		photo := st.Photo(store, model.Large)
		for _, surf := range model.Surfaces() {
			rt := model.RouteOf(r, surf)
			if rt.Store != store || rt.HidesSignedOut || (surf == model.SharePointMySite && v == model.Subject) ||
				(rt.Cached && !w.empty(v, surf)) || (store != model.StoreExchange && rt.Cached) {
				continue
			}
			outs := w.apply(at, model.Action{Kind: model.View, Surface: surf, Viewer: v})
			fmt.Fprintf(w.b, "at %s observe %s %s %s\n", model.FormatDuration(at), surf, v, photo.Plain())
			w.set.Commit(outs, engine.Showing(photo))
			break
		}
	}
}

// keepCopy keeps the possible states in which DirSync's last run copied
// AD's photo (copied) or left Exchange's (not): a run that copies leaves
// Exchange holding AD's photo.
func (w *writer) keepCopy(copied bool) {
	var keep []model.State
	for _, b := range w.set.Beliefs() {
		if (b.State.Exchange == b.State.ActiveDirectory) == copied {
			keep = append(keep, b.State)
		}
	}
	if len(keep) > 0 {
		w.set.Reset(keep...)
	}
}

// empty reports whether viewer v's view of surf can show only the store's
// photo in every possible state: its cache holds nothing valid.
func (w *writer) empty(v model.Viewer, surf model.Surface) bool {
	env := model.Concrete(nil)
	for _, b := range w.set.Beliefs() {
		if o := model.ViewOptions(w.set.Rules(), &b.State, surf, v, env); o.Cached != model.NoPhoto || o.Relay != model.NoPhoto {
			return false
		}
	}
	return true
}

// apply lets time pass to instant at, writing a comment for each thing the
// model did by itself meanwhile, and returns every outcome of action a.
func (w *writer) apply(at time.Duration, a model.Action) *engine.Outcomes {
	outs := w.set.Apply(at, a, w.fired)
	w.flush()
	return outs
}

// Involved returns the views that show what a violation is about, by a
// viewer of the exploration's configuration (ex.Viewers; 0: two). For a property
// of views: the surfaces it judges, seen by the counterexample's viewer,
// the subject's view of My Site last, since it is a visit (R7) and could
// change what the others show. For a property of stores: for each store it
// reads, a view that shows that store (storeViews), by the observer, whose
// views are never visits, or by the subject when the configuration has no
// observer.
func Involved(r *model.Rules, ex *explore.Counterexample) []model.Action {
	p := ex.Property
	v := ex.Viewer
	if v == 0 {
		v = model.Observer
		if ex.Viewers == 1 {
			v = model.Subject
		}
	}
	surfs := p.Reads
	if len(surfs) == 0 {
		surfs = storeSurfaces(r, p)
	}
	var out []model.Action
	visit := false
	for _, s := range surfs {
		if s == model.SharePointMySite && v == model.Subject {
			visit = true // look at it last, when it can change nothing shown
			continue
		}
		out = append(out, model.Action{Kind: model.View, Surface: s, Viewer: v})
	}
	if visit {
		out = append(out, model.Action{Kind: model.View, Surface: model.SharePointMySite, Viewer: v})
	}
	return out
}

// storeViews are the surfaces that show a store most plainly, best first:
// the people picker (its URL defeats the browser cache, C4), Outlook on the
// web's contact card (a cache of seconds, C6) and Yammer (no cache, C1).
// None is My Site, so none is a visit, whoever looks.
var storeViews = []model.Surface{model.SharePointPeoplePicker, model.OutlookOnlineContactCard, model.YammerSurface}

// storeSurfaces returns, for each store a property of stores reads (in
// model.Store order), the first of storeViews whose route under r
// (model.RouteOf) reads it. Exchange is read always: it is the master every
// other store is compared with.
func storeSurfaces(r *model.Rules, p *properties.Property) []model.Surface {
	stores := []model.Store{model.StoreExchange}
	if p.Facts&properties.SharePointPhoto != 0 {
		stores = append(stores, model.StoreSharePoint)
	}
	if p.Facts&properties.YammerPhoto != 0 {
		stores = append(stores, model.StoreYammer)
	}
	var out []model.Surface
	for _, st := range stores {
		for _, s := range storeViews {
			if model.RouteOf(r, s).Store == st {
				out = append(out, s)
				break
			}
		}
	}
	return out
}

func tickComment(n *model.Next) string {
	var parts []string
	if n.Effects.Has(model.EffectDirSyncCopy) {
		parts = append(parts, fmt.Sprintf("DirSync copies %s to Exchange", n.State.Exchange))
	}
	switch {
	case n.Effects.Has(model.EffectSharePointTake):
		parts = append(parts, fmt.Sprintf("SharePoint takes %s from Exchange by itself, if it has not yet (R18: sharepoint.maxDelay is up)",
			n.State.SharePoint[model.Large]))
	case n.Effects.Has(model.EffectImport):
		parts = append(parts, fmt.Sprintf("SharePoint imports %s (the window opens)", n.State.SharePoint[model.Large]))
	}
	if n.Effects.Has(model.EffectYammerTake) && n.Effects.Has(model.EffectYammerSync) {
		parts = append(parts, fmt.Sprintf("Yammer takes %s from Exchange, if it has not yet (R20: yammer.delay is up)", n.State.Yammer))
	}
	return strings.Join(parts, "; ")
}

// containsPhoto reports whether ps holds p, the mark of a photo made in
// Yammer aside.
func containsPhoto(ps []model.Photo, p model.Photo) bool {
	return slices.ContainsFunc(ps, func(x model.Photo) bool { return x.Plain() == p.Plain() })
}
