package model

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestSpecRulesAreTheSpecs: SpecRules are the rules docs/SPEC.md lists, in
// its order, and every clause belongs to one of them.
func TestSpecRulesAreTheSpecs(t *testing.T) {
	data, err := os.ReadFile("../docs/SPEC.md")
	if err != nil {
		t.Fatal(err)
	}
	var spec, ours []string
	for _, m := range regexp.MustCompile(`(?m)^- (R\d+) `).FindAllStringSubmatch(string(data), -1) {
		spec = append(spec, m[1])
	}
	for _, r := range SpecRules() {
		ours = append(ours, r.ID)
	}
	if !slices.Equal(spec, ours) {
		t.Errorf("SPEC lists %v, SpecRules %v", spec, ours)
	}
	for _, c := range Clauses() {
		if !slices.Contains(ours, c.Rule) || c.Doc == "" || (c.match == nil) != c.Start {
			t.Errorf("clause %+v: want a rule of SpecRules, a doc, and a match unless it is the start's", c)
		}
	}
	if len(Clauses()) > 64 {
		t.Errorf("%d clauses: a ClauseSet holds 64", len(Clauses()))
	}
}

// TestExercised: transitions taken with Step exercise the clauses their
// rules make happen, and only those.
func TestExercised(t *testing.T) {
	change := func(src Source) Action { return Action{Kind: Change, Source: src} }
	cases := []struct {
		rules func() Rules
		steps []Action // taken in order from the start, each with its first outcome
		want  []string // the clauses of the last step, by rule and the start of the doc
	}{
		{Observed, []Action{change(FromOutlookOnline)}, []string{"R2 a change through outlook-client"}},
		{Observed, []Action{change(FromMySite)}, []string{"R1 a change", "R7 a visit creates", "R7 a qualifying",
			"R8 SharePoint imports after an action"}},
		{Observed, []Action{change(FromActiveDirectory), {Kind: DirSync}},
			[]string{"R3 a DirSync run (", "R3 a DirSync run copies"}},
		{ExchangeOnline2016, []Action{change(FromActiveDirectory), {Kind: DirSync}},
			[]string{"R3 a DirSync run (", "R14 dirsync.once"}},
		{Transition2023, []Action{change(FromActiveDirectory), change(FromGraph), {Kind: DirSync}},
			[]string{"R3 a DirSync run (", "R3 a DirSync run copies", "R15 a conflict ("}},
		{Transition2023, []Action{change(FromSetUserPhoto)}, []string{"R16 a change"}},
		{Transition2023, []Action{change(FromYammer)}, []string{"R21 a change"}},
		{Ideal, []Action{change(FromYammer)}, []string{"R4 a change", "R12 Exchange takes a Yammer photo", "R8 SharePoint imports after"}},
		{Ideal, []Action{change(FromGraph)}, []string{"R2 a change", "R12 Yammer takes Exchange's photo", "R8 SharePoint imports after"}},
		{Observed, []Action{{Kind: View, Surface: OutlookOnlineEmail, Viewer: Observer}},
			[]string{"R5 a view through a cache"}},
		{Observed, []Action{{Kind: LyncSignOut}, {Kind: View, Surface: LyncClientSurface, Viewer: Observer}},
			[]string{"R10 Lync shows none"}},
		{Observed, []Action{{Kind: View, Surface: TeamsClientSurface, Viewer: Observer}},
			[]string{"R5 a view through a cache", "R19 a Teams view shows Exchange's"}},
		{Transition2023, []Action{change(FromGraph), {Kind: OpenYammer}}, []string{"R20 open-yammer"}},
		{Modern, []Action{change(FromGraph), {Kind: TakeSharePoint}}, []string{"R18 SharePoint takes Exchange's photo by itself before"}},
	}
	for _, tc := range cases {
		r := tc.rules()
		var reads Reads
		r.TrackReads(&reads)
		s := Initial()
		var tr Transition
		for _, a := range tc.steps {
			reads = 0
			ns := Step(&r, s, a)
			if len(ns) == 0 {
				t.Fatalf("%s: %s cannot happen", r.Name, a)
			}
			tr = Transition{Before: s, Action: a, Next: ns[0]}
			s = ns[0].State
		}
		got := Exercised(&r, &tr, reads)
		var want ClauseSet
		for _, w := range tc.want {
			if w == "" {
				continue
			}
			id, doc, _ := strings.Cut(w, " ")
			found := false
			for i, c := range Clauses() {
				if c.Rule == id && strings.HasPrefix(c.Doc, doc) {
					want |= 1 << i
					found = true
				}
			}
			if !found {
				t.Fatalf("no clause %q", w)
			}
		}
		if got != want {
			t.Errorf("%s, %v: exercised %s, want %s", r.Name, tc.steps, clauseNames(got), clauseNames(want))
		}
	}
}

func clauseNames(s ClauseSet) string {
	var out []string
	for i, c := range Clauses() {
		if s.Has(i) {
			out = append(out, c.Rule+" ("+c.Doc+")")
		}
	}
	return strings.Join(out, "; ")
}
