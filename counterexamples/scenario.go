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
// view that the replay could see show more than one photo becomes an
// observe line pinning what it showed, one that could show only one an
// expect line; then, at the instant of the violation, the same for the
// surfaces involved (Involved). What the model did by itself on the way
// (an import, a DirSync copy) appears as comments. Under rules whose time
// branches, an observe line pins a store (pin) only where the replay could
// have left the path there, so a counterexample is as long as the same
// one under rules that do not branch.
func Scenario(r model.Rules, ex *explore.Counterexample) string {
	text, _ := draft(r, ex)
	return withoutNeedlessPins(r, ex, text)
}

// draft writes the counterexample as Scenario does, every pin kept
// (ended with pinMark), and returns with it where the text of each step
// begins: starts[k] is the offset of the k-th event that is no timers'
// firing, and the last offset is that of the lines at the instant of the
// violation.
func draft(r model.Rules, ex *explore.Counterexample) (text string, starts []int) {
	var b strings.Builder
	p := ex.Property
	fmt.Fprintf(&b, "# %s (%s)\n", p.Title(), p.Kind)
	fmt.Fprintf(&b, "# %s\n", ex.Message)
	b.WriteString(RulesHeader(r))
	fmt.Fprintf(&b, "violates %s\n", p.Name)

	w := writer{b: &b, set: engine.New(&r, engine.Options{OnlyDeadlines: true}), replay: engine.New(&r, engine.Options{})}
	for _, s := range ex.Events {
		if s.Action.Kind != model.Tick {
			starts = append(starts, b.Len())
		}
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
		if s.Action.Kind == model.View {
			w.view(s.At, s.Action, s.Shown)
			w.pin(&r, ex, s.At, false)
			continue
		}
		outs := w.apply(s.At, s.Action)
		at := model.FormatDuration(s.At)
		if s.Action.Kind == model.Change {
			made := model.V(int(outs.List[0].State.Made)) // the same in every outcome
			fmt.Fprintf(&b, "at %s %s  # %s\n", at, s.Action, made)
		} else {
			fmt.Fprintf(&b, "at %s %s\n", at, s.Action)
		}
		var keep func(*engine.Outcome) bool
		if s.Action.Kind == model.DirSync && r.DirSyncConflict == model.EitherWins {
			copied := s.Effects.Has(model.EffectDirSyncCopy)
			keep = func(o *engine.Outcome) bool { return o.Effects.Has(model.EffectDirSyncCopy) == copied }
		}
		w.set.Commit(outs, keep)
		w.replay.Commit(w.replay.Apply(s.At, s.Action, nil), nil)
		w.pin(&r, ex, s.At, s.Action.Kind == model.DirSync)
	}
	starts = append(starts, b.Len())
	w.set.Advance(ex.At, w.fired)
	w.flush()
	w.pin(&r, ex, ex.At, false)
	for _, a := range Involved(&r, ex) {
		if last := ex.Events[len(ex.Events)-1]; !ex.Instant && last.Action == a {
			continue // the violating view itself already shows it
		}
		w.view(ex.At, a, model.NoPhoto)
	}
	return b.String(), starts
}

// pinMark ends, while a counterexample is written, each observe line that
// pin wrote: withoutNeedlessPins may remove them.
const pinMark = "\x00"

// withoutNeedlessPins removes, from the last to the first, each observe
// line of pin that the scenario does not need: one without which it still
// replays, every line and its violates line holding, as scenario.Run
// replays it with the property catalog. Between two lines at one instant a
// take may happen (R18, R20), so pin writes one after every line; most
// change nothing the verdict reads. A scenario that does not replay whole
// keeps every pin, for the caller's confirmation to report.
func withoutNeedlessPins(r model.Rules, ex *explore.Counterexample, text string) string {
	lines := strings.SplitAfter(text, "\n")
	viewers := ex.Viewers
	if viewers == 0 {
		viewers = 2
	}
	judge := properties.NewJudge(properties.Catalog(), viewers)
	replays := func(lines []string) bool {
		sc, err := scenario.Parse(ex.Property.Name+".scenario", []byte(strings.ReplaceAll(strings.Join(lines, ""), pinMark, "")))
		if err != nil {
			return false
		}
		res, err := scenario.Run(sc, r, scenario.Options{Judge: judge, Viewers: viewers})
		return err == nil && res.OK()
	}
	if strings.Contains(text, pinMark) && replays(lines) {
		for i := len(lines) - 1; i >= 0; i-- {
			if !strings.HasSuffix(lines[i], pinMark+"\n") {
				continue
			}
			without := slices.Delete(slices.Clone(lines), i, i+1)
			if replays(without) {
				lines = without
				continue
			}
			// A later view of one photo may pin as well as this line did.
			for k := i; k < len(without); k++ {
				without[k] = observing(without[k])
			}
			if replays(without) {
				lines = without
			}
		}
	}
	return strings.ReplaceAll(strings.Join(lines, ""), pinMark, "")
}

// observing returns an expect line of one photo as the observe line of
// that photo; any other line as it is.
func observing(line string) string {
	head, photo, ok := strings.Cut(line, " = ")
	at, view, isExpect := strings.Cut(head, " expect ")
	if !ok || !isExpect || strings.ContainsAny(photo, "|#") {
		return line
	}
	return at + " observe " + view + " " + photo
}

// view writes a view of the path at instant at: an expect line when the
// replay can see it show one photo only, else an observe line pinning
// photo, what the path's view showed (NoPhoto: after the path's end, the
// first photo the path's states can show).
func (w *writer) view(at time.Duration, a model.Action, photo model.Photo) {
	outs := w.apply(at, a)
	if photo == model.NoPhoto {
		if shown := outs.Shown(); len(shown) > 0 {
			photo = shown[0]
		}
	}
	routs := w.replay.Apply(at, a, nil)
	when := model.FormatDuration(at)
	if shown := routs.Shown(); len(shown) == 1 {
		fmt.Fprintf(w.b, "at %s expect %s %s = %s\n", when, a.Surface, a.Viewer, scenario.JoinPhotos(shown))
		w.set.Commit(outs, nil)
		w.replay.Commit(routs, nil)
		return
	}
	fmt.Fprintf(w.b, "at %s observe %s %s %s\n", when, a.Surface, a.Viewer, photo)
	w.set.Commit(outs, engine.Showing(photo))
	w.replay.Commit(routs, engine.Showing(photo))
}

// writer carries every state the system may be in along a counterexample
// as scenario.Run replays it, writing what the model does by itself as
// comments.
type writer struct {
	b   *strings.Builder
	set *engine.Set // the states on the explorer's path: takes happen at its own steps only
	// replay is every state scenario.Run can be in at the same line of
	// the scenario written so far: takes anywhere in their spans, DirSync's
	// choices both ways. Where it holds one photo for a view or a store,
	// no observe line is needed to stay on the path.
	replay   *engine.Set
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
	w.replay.Advance(at, nil)
	for _, store := range stores {
		photo := st.Photo(store, model.Large)
		if w.replayHolds(store, photo) {
			continue // the replay cannot have left the path here
		}
		for _, surf := range model.Surfaces() {
			rt := model.RouteOf(r, surf)
			if rt.Store != store || rt.HidesSignedOut || (surf == model.SharePointMySite && v == model.Subject) ||
				(rt.Cached && !w.empty(v, surf)) || (store != model.StoreExchange && rt.Cached) {
				continue
			}
			a := model.Action{Kind: model.View, Surface: surf, Viewer: v}
			outs := w.apply(at, a)
			fmt.Fprintf(w.b, "at %s observe %s %s %s%s\n", model.FormatDuration(at), surf, v, photo.Plain(), pinMark)
			w.set.Commit(outs, engine.Showing(photo))
			w.replay.Commit(w.replay.Apply(at, a, nil), engine.Showing(photo))
			break
		}
	}
}

// replayHolds reports whether store holds photo in every state the
// replay can be in.
func (w *writer) replayHolds(store model.Store, photo model.Photo) bool {
	for _, b := range w.replay.Beliefs() {
		if b.State.Photo(store, model.Large).Plain() != photo.Plain() {
			return false
		}
	}
	return true
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
