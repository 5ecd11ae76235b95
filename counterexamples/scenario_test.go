package counterexamples

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"photosync/model"
	"photosync/model/modeltest"
	"photosync/properties"
	"photosync/properties/explore"
	"photosync/scenario"
)

// replays runs a counterexample scenario under r with the property catalog
// and fails unless every line holds, its violates line included.
func replays(t *testing.T, name, text string, r model.Rules) {
	t.Helper()
	sc, err := scenario.Parse(name, []byte(text))
	if err != nil {
		t.Fatalf("counterexample does not parse: %v\n%s", err, text)
	}
	res, err := scenario.Run(sc, r, scenario.Options{Judge: properties.NewJudge(properties.Catalog(), 2), Viewers: 2})
	if err != nil {
		t.Fatalf("counterexample does not run: %v\n%s", err, text)
	}
	if !res.OK() {
		t.Fatalf("counterexample does not replay:\n%s\n%s", res, text)
	}
}

// TestCounterexamplesReplay: every counterexample the explorer gives, under
// the named rule sets and every rule set broken on purpose, written as a
// scenario, replays with the scenario runner: each expect and observe holds
// and the property is violated in every possible run.
func TestCounterexamplesReplay(t *testing.T) {
	sets := map[string]model.Rules{}
	for _, n := range model.NamedRuleSets() {
		sets[n], _ = model.Named(n)
	}
	for _, r := range modeltest.Broken() {
		sets[r.Name] = r
	}
	for name, r := range sets {
		res := explore.Explore(explore.Config{Rules: r})
		for _, v := range res.Verdicts {
			if v.Example == nil {
				continue
			}
			t.Run(name+"/"+v.Property.Name, func(t *testing.T) {
				text := Scenario(r, v.Example)
				if !strings.Contains(text, "violates "+v.Property.Name+"\n") {
					t.Errorf("no violates line:\n%s", text)
				}
				replays(t, v.Property.Name+".scenario", text, r)
			})
		}
	}
}

// TestOneViewerCounterexamples: with one viewer configured (`check
// --viewers 1`), every counterexample under observed, written as a
// scenario, names no viewer but the subject and replays under a run with
// one viewer, its violates line included; its report (what `check --out`
// writes) shows the violation. The counterexamples of the other named rule
// sets and of every rule set broken on purpose replay too.
func TestOneViewerCounterexamples(t *testing.T) {
	sets := []model.Rules{model.Observed()}
	for _, n := range model.NamedRuleSets() {
		if r, _ := model.Named(n); n != "observed" {
			sets = append(sets, r)
		}
	}
	broken := modeltest.Broken()
	for _, name := range slices.Sorted(maps.Keys(broken)) {
		sets = append(sets, broken[name])
	}
	for _, r := range sets {
		res := explore.Explore(explore.Config{Rules: r, Viewers: 1})
		violated := 0
		for _, v := range res.Verdicts {
			if v.Err != nil {
				t.Errorf("%s/%s: %v", r.Name, v.Property.Name, v.Err)
			}
			if v.Example == nil {
				continue
			}
			violated++
			t.Run(r.Name+"/"+v.Property.Name, func(t *testing.T) {
				oneViewer(t, r, v.Example)
			})
		}
		if r.Name == "observed" && violated == 0 {
			t.Error("nothing is violated under observed with one viewer: the test checks nothing")
		}
	}
}

// oneViewer checks one counterexample of an exploration with one viewer.
func oneViewer(t *testing.T, r model.Rules, ex *explore.Counterexample) {
	t.Helper()
	name := ex.Property.Name
	text := Scenario(r, ex)
	sc, err := scenario.Parse(name+".scenario", []byte(text))
	if err != nil {
		t.Fatalf("counterexample does not parse: %v\n%s", err, text)
	}
	for _, l := range sc.Lines {
		if d, ok := l.Directive.(scenario.At); ok && d.Action.Viewer != 0 && d.Action.Viewer != model.Subject {
			t.Errorf("line %d names viewer %s:\n%s", l.Num, d.Action.Viewer, text)
		}
	}
	opts := scenario.Options{Judge: properties.NewJudge(properties.Catalog(), 1), Viewers: 1}
	run, err := scenario.Run(sc, r, opts)
	if err != nil {
		t.Fatalf("counterexample does not run with one viewer: %v\n%s", err, text)
	}
	if !run.OK() {
		t.Fatalf("counterexample does not replay with one viewer:\n%s\n%s", run, text)
	}
	rep, err := NewReport(name, sc, r, 1)
	if err != nil {
		t.Fatalf("no report with one viewer: %v", err)
	}
	if !rep.Violated() || rep.Violations[0].Property.Name != name {
		t.Errorf("the report's headline is not %s: %+v", name, rep.Violations)
	}
}

// TestInvolvedViewer: a property of stores is shown by the observer, whose
// views are never visits, when there is one, and by the subject otherwise;
// the subject's view of My Site, a visit, comes last.
func TestInvolvedViewer(t *testing.T) {
	r := model.Observed()
	stores, views := propertyOfStores(t), propertyReading(t, model.SharePointMySite)
	for _, c := range []struct {
		viewers int
		want    model.Viewer
	}{{0, model.Observer}, {1, model.Subject}, {2, model.Observer}, {3, model.Observer}} {
		acts := Involved(&r, &explore.Counterexample{Property: stores, Viewers: c.viewers})
		if len(acts) == 0 {
			t.Fatalf("%s: nothing involved", stores.Name)
		}
		for _, a := range acts {
			if a.Viewer != c.want || a.Surface == model.SharePointMySite {
				t.Errorf("%d viewers: %s involves %v (want views by %s, none of My Site)", c.viewers, stores.Name, a, c.want)
			}
		}
	}
	acts := Involved(&r, &explore.Counterexample{Property: views, Viewer: model.Subject, Viewers: 1})
	for i, a := range acts {
		if a.Viewer != model.Subject {
			t.Errorf("%s involves %v (want the subject's views)", views.Name, a)
		}
		if mysite := a.Surface == model.SharePointMySite; mysite != (i == len(acts)-1) {
			t.Errorf("%s: the subject's view of My Site is at %d of %d (want it last)", views.Name, i, len(acts))
		}
	}
}

// propertyOfStores returns a property of the catalog that judges stores
// only and reads SharePoint's photo.
func propertyOfStores(t *testing.T) *properties.Property {
	t.Helper()
	for _, p := range properties.Catalog() {
		if len(p.Reads) == 0 && p.Facts&properties.SharePointPhoto != 0 {
			return p
		}
	}
	t.Fatal("no property of stores in the catalog")
	return nil
}

// propertyReading returns a property of the catalog that judges views of
// surf and other surfaces.
func propertyReading(t *testing.T, surf model.Surface) *properties.Property {
	t.Helper()
	for _, p := range properties.Catalog() {
		if len(p.Reads) > 1 && slices.Contains(p.Reads, surf) {
			return p
		}
	}
	t.Fatalf("no property of the catalog reads %s", surf)
	return nil
}

// TestTimerCommentsOfEveryState: what a timer did in any possible state is
// written, once, in time order.
func TestTimerCommentsOfEveryState(t *testing.T) {
	var b strings.Builder
	w := writer{b: &b}
	imp := func(at time.Duration, p model.Photo) *model.Next {
		n := &model.Next{Effects: model.EffectImport}
		n.State.Now = at
		n.State.SharePoint = [3]model.Photo{p, p, p}
		return n
	}
	w.fired(0, nil, imp(72*time.Hour, model.V(1)))
	w.fired(1, nil, imp(3*time.Hour, model.V(2)))
	w.fired(1, nil, imp(72*time.Hour, model.V(1)))
	w.fired(2, nil, &model.Next{}) // nothing to say
	w.flush()
	want := "# at 3h SharePoint imports v2 (the window opens)\n# at 72h SharePoint imports v1 (the window opens)\n"
	if b.String() != want {
		t.Errorf("comments:\n%s\nwant:\n%s", b.String(), want)
	}
}

// TestBranchingCounterexamplesMinimal: under the named rule sets whose
// time branches (transition-2023, modern: takes anywhere in a span,
// DirSync's either), every counterexample, written as a scenario, replays,
// never repeats an observe line where nothing but views happened since
// (such a line pins nothing new), and is no longer, in `at` lines, than
// the same property's counterexample under observed when both take the
// same actions (the same mechanism): pinning a branch costs no line that
// the rules without branching do not need.
func TestBranchingCounterexamplesMinimal(t *testing.T) {
	base := map[string]*explore.Counterexample{}
	for _, v := range explore.Explore(explore.Config{Rules: model.Observed()}).Verdicts {
		if v.Example != nil {
			base[v.Property.Name] = v.Example
		}
	}
	branching := 0
	for _, name := range model.NamedRuleSets() {
		r, _ := model.Named(name)
		if !r.BranchesInTime() {
			continue
		}
		branching++
		for _, v := range explore.Explore(explore.Config{Rules: r}).Verdicts {
			if v.Example == nil {
				continue
			}
			t.Run(name+"/"+v.Property.Name, func(t *testing.T) {
				text := Scenario(r, v.Example)
				replays(t, v.Property.Name+".scenario", text, r)
				seen := map[string]bool{}
				for _, l := range strings.Split(text, "\n") {
					f := strings.Fields(l)
					switch {
					case len(f) < 3 || f[0] != "at":
						continue
					case f[2] != "observe" && f[2] != "expect" && f[2] != "view":
						clear(seen) // an action: what a view shows may change
					case f[2] == "observe" && seen[l]:
						t.Errorf("%q again, with only views since:\n%s", l, text)
					}
					seen[l] = true
				}
				ex, ok := base[v.Property.Name]
				if !ok || actionsOf(ex) != actionsOf(v.Example) {
					return // violated by other means under observed
				}
				if got, want := atLines(text), atLines(Scenario(model.Observed(), ex)); got > want {
					t.Errorf("%d at lines, under observed %d, by the same actions:\n%s", got, want, text)
				}
			})
		}
	}
	if branching < 2 {
		t.Errorf("%d named rule sets branch in time, want transition-2023 and modern", branching)
	}
}

// actionsOf writes a counterexample's actions but views and timers, in order.
func actionsOf(ex *explore.Counterexample) string {
	var b strings.Builder
	for _, e := range ex.Events {
		if k := e.Action.Kind; k != model.View && k != model.Tick && k.Written() {
			b.WriteString(e.Action.String() + ";")
		}
	}
	return b.String()
}

// atLines counts a scenario's `at` lines.
func atLines(text string) int {
	n := 0
	for _, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(l, "at ") {
			n++
		}
	}
	return n
}
