package counterexamples

import (
	"fmt"
	"strings"
	"time"

	"photosync/model"
	"photosync/properties"
	"photosync/properties/explore"
)

// beliefs is the set of states the system may be in, as the scenario runner
// tracks it: views that may show a cached or a fresh photo branch.
type beliefs []model.State

func (b beliefs) advance(r *model.Rules, to time.Duration) (beliefs, []model.Next) {
	var out beliefs
	var fired []model.Next
	for _, s := range b {
		next, f := model.Advance(r, s, to)
		out = out.add(next)
		if len(fired) == 0 {
			fired = f
		}
	}
	return out, fired
}

func (b beliefs) add(s model.State) beliefs {
	for _, x := range b {
		if x == s {
			return b
		}
	}
	return append(b, s)
}

// wait lets time pass to instant to and writes a comment line for each
// thing the model did by itself meanwhile (an import, a DirSync copy).
func (b beliefs) wait(w *strings.Builder, r *model.Rules, to time.Duration) beliefs {
	next, fired := b.advance(r, to)
	for _, f := range fired {
		if c := tickComment(f); c != "" {
			fmt.Fprintf(w, "# at %s %s\n", model.FormatDuration(f.State.Now), c)
		}
	}
	return next
}

// step applies a to every belief and returns the outcomes, with the photos
// a view could show, in order of first appearance.
func (b beliefs) step(r *model.Rules, a model.Action) ([]model.Next, []model.Photo) {
	var outs []model.Next
	var shown []model.Photo
	for _, s := range b {
		for _, n := range model.Step(r, s, a) {
			outs = append(outs, n)
			if !containsPhoto(shown, n.Shown) {
				shown = append(shown, n.Shown)
			}
		}
	}
	return outs, shown
}

func containsPhoto(ps []model.Photo, p model.Photo) bool {
	for _, x := range ps {
		if x.String() == p.String() {
			return true
		}
	}
	return false
}

func keep(outs []model.Next, photo model.Photo) beliefs {
	var b beliefs
	for _, n := range outs {
		if n.Shown.String() == photo.String() {
			b = b.add(n.State)
		}
	}
	return b
}

func all(outs []model.Next) beliefs {
	var b beliefs
	for _, n := range outs {
		b = b.add(n.State)
	}
	return b
}

func photoSet(ps []model.Photo) string {
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.String()
	}
	return strings.Join(names, "|")
}

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
// `photosync run`: the rules, a violates line, each action at its time; a
// view that could have shown more than one photo becomes an observe line
// pinning what it showed, one that could show only one an expect line; then,
// at the instant of the violation, expect lines showing what the surfaces
// involved show. Timer firings appear as comments.
func Scenario(r model.Rules, ex *explore.Counterexample) string {
	var b strings.Builder
	p := ex.Property
	fmt.Fprintf(&b, "# %s (%s)\n", p.Title(), p.Kind)
	fmt.Fprintf(&b, "# %s\n", ex.Message)
	b.WriteString(RulesHeader(r))
	fmt.Fprintf(&b, "violates %s\n", p.Name)

	bs := beliefs{model.Initial()}
	for _, s := range ex.Steps {
		if s.Action.Kind == model.Tick {
			continue
		}
		bs = bs.wait(&b, &r, s.At)
		at := model.FormatDuration(s.At)
		outs, shown := bs.step(&r, s.Action)
		switch {
		case s.Action.Kind == model.Change:
			fmt.Fprintf(&b, "at %s %s  # %s\n", at, s.Action, model.V(photosMade(bs)+1))
			bs = all(outs)
		case s.Action.Kind != model.View:
			fmt.Fprintf(&b, "at %s %s\n", at, s.Action)
			bs = all(outs)
		case len(shown) > 1:
			fmt.Fprintf(&b, "at %s observe %s %s %s\n", at, s.Action.Surface, s.Action.Viewer, s.Shown)
			bs = keep(outs, s.Shown)
		default:
			fmt.Fprintf(&b, "at %s expect %s %s = %s\n", at, s.Action.Surface, s.Action.Viewer, photoSet(shown))
			bs = all(outs)
		}
	}
	bs = bs.wait(&b, &r, ex.At)
	at := model.FormatDuration(ex.At)
	for _, a := range Involved(ex) {
		if last := ex.Steps[len(ex.Steps)-1]; !ex.Instant && last.Action == a {
			continue // the violating view itself already shows it
		}
		outs, shown := bs.step(&r, a)
		fmt.Fprintf(&b, "at %s expect %s %s = %s\n", at, a.Surface, a.Viewer, photoSet(shown))
		bs = all(outs)
	}
	return b.String()
}

// Involved returns the views that show what a violation is about: the
// surfaces the property judges, seen by the counterexample's viewer, or for
// a property of stores, a surface showing each store it reads, seen by the
// observer (whose views are never visits).
func Involved(ex *explore.Counterexample) []model.Action {
	p := ex.Property
	v := ex.Viewer
	if v == 0 {
		v = model.Observer
	}
	var surfs []model.Surface
	if len(p.Reads) > 0 {
		surfs = p.Reads
	} else {
		surfs = []model.Surface{model.OutlookOnlineContactCard}
		if p.Facts&properties.SharePointPhoto != 0 {
			surfs = append(surfs, model.SharePointPeoplePicker)
		}
		if p.Facts&properties.YammerPhoto != 0 {
			surfs = append(surfs, model.YammerSurface)
		}
	}
	var out []model.Action
	visit := false
	for _, s := range surfs {
		if s == model.SharePointMySite && v == model.Subject {
			visit = true // the subject's view of My Site is a visit: look at it last, when it can change nothing shown
			continue
		}
		out = append(out, model.Action{Kind: model.View, Surface: s, Viewer: v})
	}
	if visit {
		out = append(out, model.Action{Kind: model.View, Surface: model.SharePointMySite, Viewer: v})
	}
	return out
}

// photosMade returns how many changes have been made: the same in every
// belief, since changes happen only by actions.
func photosMade(bs beliefs) int { return int(bs[0].Made) }

func tickComment(n model.Next) string {
	var parts []string
	if n.Effects.Has(model.EffectDirSyncCopy) {
		parts = append(parts, fmt.Sprintf("DirSync copies %s to Exchange", n.State.Exchange))
	}
	if n.Effects.Has(model.EffectImport) {
		parts = append(parts, fmt.Sprintf("SharePoint imports %s (the window opens)", n.State.SharePoint[model.Large]))
	}
	return strings.Join(parts, "; ")
}
