package experiment

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"photosync/model"
)

// TestDecisiveAgainstReference checks the search for a shortest decisive
// experiment against the brute force (refDecisive: a plain depth-first
// search that merges nothing) on small configurations: pairs whose
// shortest experiment is not decisive, pairs with no decisive experiment
// within reach, and random pairs of knob-varied rule sets (fixed seed).
// Every experiment the search calls shortest decisive is decisive on
// replay, through the scenario runner too, and the brute force finds none
// shorter; where the search finds none, the brute force finds none within
// what the search covered.
func TestDecisiveAgainstReference(t *testing.T) {
	if testing.Short() {
		t.Skip("a few seconds")
	}
	type pair struct {
		a, b    model.Rules
		viewers int
	}
	tm, _ := model.Named("transition-2023")
	mo, _ := model.Named("modern")
	pairs := []pair{{tm, mo, 2}, {mo, tm, 1}}
	for _, kv := range [][2]string{
		{"picker.cacheBusting", "false"}, {"lync.cacheTTL", "0s"}, {"sharepoint.visit", "once"}, {"dirsync.interval", "1h"},
	} {
		pairs = append(pairs, pair{model.Observed(), rulesWith(t, "observed", kv[0], kv[1]), 1})
	}
	// Random pairs that differ in some knob (a redrawn knob may keep its
	// value).
	rng := rand.New(rand.NewPCG(18, 5))
	n := 2
	if *long {
		n = 40
	}
	for i := 0; n > 0; i++ {
		if p := randomPair(rng, i); len(model.Changed(p[0], p[1])) > 0 {
			pairs = append(pairs, pair{p[0], p[1], 1})
			n--
		}
	}
	const depth = 3
	var decisive, weak int
	for _, p := range pairs {
		what := fmt.Sprintf("%s vs %s, %d viewers (%v)", p.a.Name, p.b.Name, p.viewers, model.Changed(p.a, p.b))
		res, err := Search(Config{A: p.a, B: p.b, Viewers: p.viewers, MaxDepth: depth + 1, Decisive: true})
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		want := refDecisive(&p.a, &p.b, p.viewers, depth)
		switch e := res.Decisive; {
		case e != nil:
			decisive++
			if !e.Decisive || len(e.Undeciding()) > 0 {
				t.Errorf("%s: the decisive experiment is not decisive:\n%s", what, e.Scenario())
			}
			if err := e.Check(nil); err != nil {
				t.Errorf("%s: %v", what, err)
			}
			if e.Length <= depth && want != e.Length || e.Length > depth && want != 0 {
				t.Errorf("%s: the search's shortest decisive experiment has %d steps, the brute force's %d (0: none within %d)\n%s",
					what, e.Length, want, depth, e.Scenario())
			}
			if res.Experiment == nil || res.Experiment.Length > e.Length || e.Shortest != res.Experiment.Length {
				t.Errorf("%s: a decisive experiment of %d steps, a shortest one %v", what, e.Length, res.Experiment)
			}
		case res.Experiment != nil:
			weak++
			if want != 0 && want <= res.DecisiveCovered {
				t.Errorf("%s: no decisive experiment of at most %d steps, but the brute force finds one of %d", what, res.DecisiveCovered, want)
			}
			if e := res.Experiment; e.Decisive || len(e.Undeciding()) == 0 || e.NoDecisive == "" {
				t.Errorf("%s: decisive %v, undeciding %v, no decisive %q", what, e.Decisive, e.Undeciding(), e.NoDecisive)
			}
		default:
			if want != 0 && want <= res.DecisiveCovered {
				t.Errorf("%s: no experiment, but the brute force finds a decisive one of %d steps", what, want)
			}
		}
	}
	t.Logf("%d pairs: %d with a decisive experiment, %d with only one that may not decide", len(pairs), decisive, weak)
	if decisive == 0 || weak == 0 {
		t.Errorf("the pairs test one answer only")
	}
}

// TestDecisiveNamed records, for each pair of named rule sets, the length
// of the shortest experiment diff finds and of the shortest decisive one,
// as photosync diff asks for them (Compare with Config.Decisive), in
// testdata/decisive-named.txt; every experiment replays.
func TestDecisiveNamed(t *testing.T) {
	var b strings.Builder
	names := model.NamedRuleSets()
	for i, an := range names {
		for _, bn := range names[i+1:] {
			a, _ := model.Named(an)
			r, _ := model.Named(bn)
			ans, err := Compare(Config{A: a, B: r, Decisive: true}, nil)
			if err != nil {
				t.Fatalf("%s vs %s: %v", an, bn, err)
			}
			e := ans.Experiment()
			if e == nil {
				t.Fatalf("%s vs %s: %s", an, bn, ans.Statement())
			}
			if err := e.Check(nil); err != nil {
				t.Errorf("%s vs %s: %v", an, bn, err)
			}
			line := fmt.Sprintf("%s vs %s: shortest %s", an, bn, stepsOf(e.Shortest))
			if e.Decisive {
				line += fmt.Sprintf(", decisive %s", stepsOf(e.Length))
			} else {
				line += fmt.Sprintf(", not decisive (%s decides nothing); %s", photos(e.Undeciding(), "or"), e.NoDecisive)
			}
			b.WriteString(line + "\n")
		}
	}
	golden(t, "decisive-named.txt", b.String())
}

// TestIssue18Files: the rules files scripts/bench-diff.sh measures diff
// and check on (testdata/rules/issue18) say what the benchmark's rows say
// of them: the five pairs and modern-no-queue against modern are
// indistinguishable, decided without a search.
func TestIssue18Files(t *testing.T) {
	dir := "testdata/rules/issue18/"
	for _, p := range [][2]string{{"vq-false", "vq-true"}, {"cloud", "once"}, {"cloud", "thumbs"}, {"once", "thumbs"},
		{"settled", "settled-open"}, {"modern-no-queue", "modern"}} {
		a := load(t, dir+p[0]+".json")
		b, err := model.Named(p[1])
		if err != nil {
			b = load(t, dir+p[1]+".json")
		}
		ans, err := Compare(Config{A: a, B: b, Decisive: true}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !ans.Indistinguishable() || ans.Ran || ans.Decision.Reduced != ans.Decision.Projections {
			t.Errorf("%s vs %s: %s", p[0], p[1], ans.Statement())
		}
	}
}

// TestDecisiveViewLines: a decisive experiment that passes through a view
// predicting differently without deciding writes it as a view line (looked
// at, not checked), so that the scenario runner passes it under A and,
// under B, fails on its last line only.
func TestDecisiveViewLines(t *testing.T) {
	a, _ := model.Named("transition-2023")
	b, _ := model.Named("modern")
	path := []step{
		{action: model.Action{Kind: model.Change, Source: model.FromOutlookClient}},
		{action: model.Action{Kind: model.View, Surface: model.SharePointPeopleSearch, Viewer: model.Subject}},
		{wait: 24 * time.Hour},
		{action: model.Action{Kind: model.View, Surface: model.SharePointMySite, Viewer: model.Subject}},
	}
	e, err := replay(Config{A: a, B: b}, path)
	if err != nil {
		t.Fatal(err)
	}
	e.Length, e.Shortest = len(path), 2
	text := e.Scenario()
	if !e.Decisive || !strings.Contains(text, "\nat 0s view sharepoint-people-search subject  # v0 under A, v0|v1 under B\n") {
		t.Errorf("decisive %v:\n%s", e.Decisive, text)
	}
	if err := e.Check(nil); err != nil {
		t.Error(err)
	}
}
