package explore

import (
	"slices"
	"strings"
	"testing"

	"photosync/model"
)

// coverageCfg explores r with coverage, one viewer, to depth 3: a clause
// reached within a bound is reached, so the tests below that ask what is
// reached hold unbounded too; those that ask what is not reached compare
// two rule sets under the same bound.
func coverageCfg(r model.Rules) Config {
	return Config{Rules: r, Viewers: 1, MaxDepth: 3, Coverage: true}
}

// clause returns the index of the clause of rule whose doc starts with doc.
func clause(t *testing.T, rule, doc string) int {
	t.Helper()
	for i, c := range model.Clauses() {
		if c.Rule == rule && strings.HasPrefix(c.Doc, doc) {
			return i
		}
	}
	t.Fatalf("no clause of %s starting %q", rule, doc)
	return -1
}

func reachedSet(c *Coverage) map[int]bool {
	out := map[int]bool{}
	for i := range c.Clauses {
		if c.Reached(i) {
			out[i] = true
		}
	}
	return out
}

// TestCoverageOfDisabledMechanism: a knob that switches a mechanism off
// shows as exactly that mechanism's clauses not reached, and the clause of
// the rule that switched it off reached.
func TestCoverageOfDisabledMechanism(t *testing.T) {
	base := Explore(coverageCfg(model.Observed()))
	copyClause := clause(t, "R3", "a DirSync run copies")
	cases := []struct {
		knob, value string
		lost        []int // clauses reached under observed, not under the change
		gained      []int // clauses reached under the change, not under observed
	}{
		{"photo.source", "cloud", []int{copyClause}, []int{clause(t, "R17", "photo.source cloud")}},
		{"dirsync.thumbnails", "false", []int{copyClause}, nil},
		{"dirsync.once", "true", []int{copyClause}, []int{clause(t, "R14", "dirsync.once")}},
		{"yammer.editable", "false", []int{clause(t, "R4", "a change through yammer")},
			[]int{clause(t, "R21", "a change through yammer is refused")}},
		{"sharepoint.visitQueues", "false", []int{clause(t, "R8", "a qualifying visit is remembered")},
			[]int{clause(t, "R8", "sharepoint.visitQueues false")}},
	}
	was := reachedSet(base.Coverage)
	for _, tc := range cases {
		r := model.Observed()
		if err := r.Set(tc.knob, tc.value); err != nil {
			t.Fatal(err)
		}
		now := reachedSet(Explore(coverageCfg(r)).Coverage)
		var lost, gained []int
		for i := range model.Clauses() {
			switch {
			case was[i] && !now[i]:
				lost = append(lost, i)
			case now[i] && !was[i]:
				gained = append(gained, i)
			}
		}
		if !slices.Equal(lost, tc.lost) || !slices.Equal(gained, tc.gained) {
			t.Errorf("%s %s: lost %s, gained %s (want lost %s, gained %s)", tc.knob, tc.value,
				docs(lost), docs(gained), docs(tc.lost), docs(tc.gained))
		}
	}
}

func docs(is []int) string {
	var out []string
	for _, i := range is {
		c := model.Clauses()[i]
		out = append(out, c.Rule+" ("+c.Doc+")")
	}
	return "[" + strings.Join(out, "; ") + "]"
}

// unreachedByNamed lists the clauses no named rule set reaches, each with
// why, and the rule set that reaches it instead.
var unreachedByNamed = map[string]struct {
	why  string
	knob string
	val  string
}{
	"photo.source cloud":       {"photo.source is a tenant's choice, never an era's (SPEC §6.3)", "photo.source", "cloud"},
	"photo.source on-premises": {"photo.source is a tenant's choice, never an era's (SPEC §6.3)", "photo.source", "on-premises"},
}

// TestEveryRuleReached: every clause of every rule R1–R21 is reached under
// some named rule set, or is listed in unreachedByNamed with why, and is
// then reached under observed with the knob that reaches it; and a clause
// listed is indeed reached by no named rule set, so the list stays true.
func TestEveryRuleReached(t *testing.T) {
	reached := map[int]string{}
	for _, name := range model.NamedRuleSets() {
		r, err := model.Named(name)
		if err != nil {
			t.Fatal(err)
		}
		for i := range reachedSet(Explore(coverageCfg(r)).Coverage) {
			if _, ok := reached[i]; !ok {
				reached[i] = name
			}
		}
	}
	for i, c := range model.Clauses() {
		var listed string
		for prefix := range unreachedByNamed {
			if strings.HasPrefix(c.Doc, prefix) {
				listed = prefix
			}
		}
		switch by, ok := reached[i]; {
		case ok && listed != "":
			t.Errorf("%s (%s) is listed as reached by no named rule set, yet %s reaches it", c.Rule, c.Doc, by)
		case !ok && listed == "":
			t.Errorf("%s (%s): no named rule set reaches it (reach it, or list it with why)", c.Rule, c.Doc)
		case !ok:
			u := unreachedByNamed[listed]
			r := model.Observed()
			if err := r.Set(u.knob, u.val); err != nil {
				t.Fatal(err)
			}
			if !Explore(coverageCfg(r)).Coverage.Reached(i) {
				t.Errorf("%s (%s): not reached under observed with %s %s either", c.Rule, c.Doc, u.knob, u.val)
			}
		}
	}
	for _, sr := range model.SpecRules() {
		if model.ClausesOf(sr.ID) == 0 {
			t.Errorf("%s has no clause", sr.ID)
		}
	}
}

// TestCoverageKeepsVerdicts: counting coverage (and exploring each
// projection to its end) changes no verdict and no counterexample's or
// witness's length; the counts are of the transitions the result reports.
func TestCoverageKeepsVerdicts(t *testing.T) {
	for _, cfg := range []Config{{Rules: model.Ideal()}, {Rules: model.Observed(), MaxDepth: 4}, {Rules: model.Modern(), Viewers: 1, MaxDepth: 4}} {
		plain := Explore(cfg)
		cfg.Coverage = true
		cov := Explore(cfg)
		if plain.Coverage != nil || cov.Coverage == nil {
			t.Fatalf("%s: coverage %v without, %v with", cfg.Rules.Name, plain.Coverage, cov.Coverage)
		}
		if cov.Coverage.Transitions != cov.Transitions || cov.Coverage.Bounded != (cfg.MaxDepth > 0) {
			t.Errorf("%s: coverage of %d transitions, bounded %v; the result took %d", cfg.Rules.Name,
				cov.Coverage.Transitions, cov.Coverage.Bounded, cov.Transitions)
		}
		// Every transition but a refused change settles, which reads
		// sharepoint.trigger: where nothing is refused, its rows count
		// every transition, replayed ones included.
		refuses := false
		for _, src := range model.Sources() {
			refuses = refuses || cfg.Rules.Refuses(src)
		}
		trig := 0
		for _, k := range cov.Coverage.Knobs {
			if model.Knobs()[k.Knob].Name == "sharepoint.trigger" {
				trig += k.Transitions
			}
		}
		if !refuses && trig != cov.Transitions {
			t.Errorf("%s: %d transitions read sharepoint.trigger, of %d", cfg.Rules.Name, trig, cov.Transitions)
		}
		for i, v := range plain.Verdicts {
			w := cov.Verdicts[i]
			if v.Verdict != w.Verdict || lenOf(v.Example) != lenOf(w.Example) || lenOf(v.Witness) != lenOf(w.Witness) {
				t.Errorf("%s: %s: %s (%d, %d) without coverage, %s (%d, %d) with", cfg.Rules.Name, v.Property.Name,
					v.Verdict, lenOf(v.Example), lenOf(v.Witness), w.Verdict, lenOf(w.Example), lenOf(w.Witness))
			}
		}
	}
}

func lenOf(ex *Counterexample) int {
	if ex == nil {
		return -1
	}
	return len(ex.Events)
}
