package explore

import (
	"testing"
	"time"

	"photosync/model"
	"photosync/model/modeltest"
	"photosync/properties"
)

func verdict(t *testing.T, res Result, name string) Verdict {
	t.Helper()
	for _, v := range res.Verdicts {
		if v.Property.Name == name {
			if v.Err != nil {
				t.Fatalf("%s: %v", name, v.Err)
			}
			return v
		}
	}
	t.Fatalf("no verdict for %s", name)
	return Verdict{}
}

func logExample(t *testing.T, v Verdict) {
	t.Helper()
	if v.Example == nil {
		return
	}
	t.Logf("%s: %s (at %s)", v.Property.Name, v.Example.Message, model.FormatDuration(v.Example.At))
	for _, s := range v.Example.Events {
		t.Logf("    at %s %s -> %s", model.FormatDuration(s.At), s.Action, s.Shown)
	}
}

// TestObserved: under observed, complete, every invariant holds and every
// goal is violated with a counterexample that replays on concrete time.
func TestObserved(t *testing.T) {
	res := Explore(Config{Rules: model.Observed()})
	t.Logf("complete=%v states=%d transitions=%d depth=%d groups=%d", res.Complete, res.States, res.Transitions, res.Depth, res.Groups)
	if !res.Complete {
		t.Fatal("exploration under observed did not complete")
	}
	for _, p := range properties.Catalog() {
		v := verdict(t, res, p.Name)
		logExample(t, v)
		want := p.Kind == properties.Invariant
		if !v.Verdict.Decided() || v.Verdict.Held() != want {
			t.Errorf("%s (%s): decided=%v holds=%v, want holds=%v", p.Name, p.Kind, v.Verdict.Decided(), v.Verdict.Held(), want)
		}
		if !v.Verdict.Held() && v.Example == nil {
			t.Errorf("%s: violated without a counterexample", p.Name)
		}
	}
}

// TestDocumented: C16's claim holds under documented.
func TestDocumented(t *testing.T) {
	res := Explore(Config{Rules: model.Documented()})
	if v := verdict(t, res, "sharepoint-follows-without-visit"); !res.Complete || !v.Verdict.Held() {
		logExample(t, v)
		t.Errorf("under documented, sharepoint-follows-without-visit: complete=%v holds=%v; want it to hold", res.Complete, v.Verdict.Held())
	}
}

// TestIdeal: under ideal every goal holds.
func TestIdeal(t *testing.T) {
	res := Explore(Config{Rules: model.Ideal()})
	if !res.Complete {
		t.Fatal("exploration under ideal did not complete")
	}
	for _, p := range properties.Catalog() {
		if v := verdict(t, res, p.Name); p.Kind == properties.Goal && !v.Verdict.Held() {
			logExample(t, v)
			t.Errorf("under ideal, goal %s is violated", p.Name)
		}
	}
}

// TestBrokenInvariantsFound: each invariant is violated under observed with
// its rule broken on purpose, and the explorer finds it.
func TestBrokenInvariantsFound(t *testing.T) {
	for name, r := range modeltest.Broken() {
		p, _ := properties.Lookup(name)
		if p.Kind != properties.Invariant {
			continue
		}
		t.Run(name, func(t *testing.T) {
			res := Explore(Config{Rules: r, Props: []*properties.Property{p}})
			v := verdict(t, res, name)
			logExample(t, v)
			if v.Verdict.Held() || v.Example == nil {
				t.Fatalf("under %s the explorer finds no violation of %s", r.Name, name)
			}
		})
	}
}

// TestLastChangeWindow: counting the window from the last change lets an
// import come less than 72 h after the previous one, through a change made
// after an import and less than a window before the next import (TIME.md);
// counting it from the last import (observed) does not.
func TestLastChangeWindow(t *testing.T) {
	r := model.Observed()
	r.Name, r.Base, r.WindowFrom = "last-change", "observed", model.FromLastChange
	p, _ := properties.Lookup("sharepoint-imports-first-and-last")
	v := verdict(t, Explore(Config{Rules: r, Props: []*properties.Property{p}}), p.Name)
	logExample(t, v)
	if v.Verdict.Held() || v.Example == nil {
		t.Fatal("windowFrom last-change: no violation of sharepoint-imports-first-and-last found")
	}
	var imports []time.Duration
	changeBetween := false
	for _, s := range v.Example.Events {
		if s.Action.Kind == model.Change && len(imports) > 0 && s.At < imports[len(imports)-1]+72*time.Hour {
			changeBetween = true
		}
		if s.Effects.Has(model.EffectImport) {
			imports = append(imports, s.At)
		}
	}
	if !changeBetween {
		t.Errorf("no change after an import and within a window of it in the counterexample")
	}
	if len(imports) < 2 || imports[len(imports)-1]-imports[len(imports)-2] >= 72*time.Hour {
		t.Errorf("the last two imports %v are not less than 72 h apart", imports)
	}
}

// TestConfirmTimerStep: a counterexample whose violating step is a timer
// firing (the import when the window opens) replays on concrete time.
func TestConfirmTimerStep(t *testing.T) {
	r := model.Observed()
	r.Window = 24 * time.Hour
	p, _ := properties.Lookup("sharepoint-imports-first-and-last")
	mysite := model.Action{Kind: model.Change, Source: model.FromMySite}
	ex := &Counterexample{Property: p, At: 24 * time.Hour, Events: []Event{
		{At: 0, Action: mysite},
		{At: time.Hour, Action: mysite},
		{At: 24 * time.Hour, Action: model.Action{Kind: model.Tick}},
	}}
	if err := confirm(&r, 2, ex); err != nil {
		t.Errorf("a counterexample ending with the window's import: %v", err)
	}
	ex.Events = ex.Events[:2]
	if err := confirm(&r, 2, ex); err == nil {
		t.Errorf("without the import, the counterexample should not confirm")
	}
}

// TestNestedZonesStayFew: a short cache TTL next to 72 h clocks makes chains
// of nested zones; dropping included zones keeps the exploration small.
func TestNestedZonesStayFew(t *testing.T) {
	r := model.Observed()
	r.BrowserCacheTTL = 10 * time.Second
	res := Explore(Config{Rules: r, MaxStates: 50000})
	if !res.Complete {
		t.Fatalf("browser.cacheTTL 10s: not complete within 50,000 states (%d)", res.States)
	}
}

// TestUserEditsAdminsOnlyRefusalsChecked: under photo.userEdits
// admins-only (SPEC §6.5), refused-changes-change-nothing is not vacuous:
// it holds, and with the refusal planted to still write Exchange it is
// violated at a change by the subject, which only photo.userEdits refuses.
func TestUserEditsAdminsOnlyRefusalsChecked(t *testing.T) {
	p, _ := properties.Lookup("refused-changes-change-nothing")
	r := rulesWith(t, "admins-only", "photo.userEdits", "admins-only")
	if v := verdict(t, Explore(Config{Rules: r, Props: []*properties.Property{p}}), p.Name); v.Verdict != properties.Holds {
		logExample(t, v)
		t.Fatalf("under admins-only, %s %s, want holds (not vacuously)", p.Name, v.Verdict)
	}
	r.Name, r.Amend = "admins-only-still-writes", modeltest.RefusedStillWrites
	v := verdict(t, Explore(Config{Rules: r, Props: []*properties.Property{p}}), p.Name)
	logExample(t, v)
	if v.Verdict != properties.Violated || v.Example == nil {
		t.Fatalf("under %s the explorer finds no violation of %s: no refused change is reached", r.Name, p.Name)
	}
	last := v.Example.Events[len(v.Example.Events)-1].Action
	if last.Kind != model.Change || !last.Source.BySubject() || r.Refusal(last.Source) != "E9" {
		t.Errorf("the violation is at %s, not at a change by the subject refused by photo.userEdits", last)
	}
}
