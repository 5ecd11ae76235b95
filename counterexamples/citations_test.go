package counterexamples

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"photosync/properties"
)

// TestCitations holds how a report cites each property's sources, checked
// by hand against SPEC §2 (claims), §3 (rules) and §6 (E facts, R14–R21):
// what supports the expectation, and what says the service does otherwise
// (issue 16: a report cited C11, "SharePoint never shows such a change
// until the subject visits", as the support of a goal that SharePoint
// follows without visits). An invariant describes the service as observed:
// everything it cites supports it. A goal is violated under observed:
// the claims of what the report saw, and the rules that model them, are
// cited as what it does otherwise.
func TestCitations(t *testing.T) {
	type cites struct{ Support, Otherwise []string }
	want := map[string]cites{
		"outlook-online-converges":                             {Support: []string{"C6", "C9", "C10", "R5", "R11"}},
		"outlook-client-fresh-after-restart":                   {Support: []string{"C5", "R5"}},
		"lync-converges":                                       {Support: []string{"C7", "C9", "R5", "R10"}},
		"sharepoint-stale-only-within-window-or-without-visit": {Support: []string{"C11", "C12", "R7", "R8"}},
		"sharepoint-change-reaches-exchange":                   {Support: []string{"C3", "R1"}},
		"search-hover-matches-outlook-online":                  {Support: []string{"C10", "R11"}},
		"people-picker-shows-sharepoint":                       {Support: []string{"C4", "R11"}},
		"sharepoint-imports-first-and-last":                    {Support: []string{"C12", "C13", "R8", "R9"}},
		"yammer-isolated":                                      {Support: []string{"C1", "R4", "R12"}},
		"sharepoint-renditions-agree":                          {Support: []string{"R8"}},
		"no-phantom-photos":                                    {Support: []string{"R5", "R13"}},
		"teams-converges-within-63-days":                       {Support: []string{"E7", "R19"}},
		"refused-changes-change-nothing":                       {Support: []string{"E4", "E5", "E8", "E9", "R16", "R17", "R21"}},
		// C16: Microsoft's documentation says so; C11, R7, R8: a visit after each change.
		"sharepoint-follows-without-visit": {Support: []string{"C16"}, Otherwise: []string{"C11", "R7", "R8"}},
		// C8, C15: it may not stick; C14: only edit-and-cancel makes it; R1, R8 model that.
		"sharepoint-change-sticks": {Otherwise: []string{"C8", "C14", "C15", "R1", "R8"}},
		// C11, R7: the qualifying visit is the premise; C13, R8: the photos between are skipped.
		"every-change-reaches-sharepoint": {Support: []string{"C11", "R7"}, Otherwise: []string{"C13", "R8"}},
		"yammer-agrees":                   {Otherwise: []string{"C1", "R4", "R12"}},
		"lync-always-shows-a-photo":       {Otherwise: []string{"C7", "R10"}},
		// C4, C5, C11, E7: the cleared caches, restarts and visit it asks for;
		// C1 (Yammer), C2 (SharePoint) and C7 (Lync) disagree all the same.
		"all-surfaces-agree-when-quiet": {Support: []string{"C4", "C5", "C11", "E7"}, Otherwise: []string{"C1", "C2", "C7"}},
		"teams-fresh-within-a-day":      {Otherwise: []string{"E7", "R19"}},
		// E6, R18: the photo service of 2024 takes the photo within 24 h.
		"sharepoint-follows-within-a-day": {Support: []string{"E6", "R18"}},
		// R3: when DirSync runs; E3: the latest photo is not guaranteed; R15 models it.
		"dirsync-latest-wins": {Support: []string{"R3"}, Otherwise: []string{"E3", "R15"}},
	}
	got := map[string]cites{}
	for _, p := range properties.Catalog() {
		s, o := citations(p)
		got[p.Name] = cites{s, o}
		if p.Kind == properties.Invariant && len(o) > 0 {
			t.Errorf("invariant %s: cites %v as what the service does otherwise", p.Name, o)
		}
		for _, src := range p.Sources {
			if claims[src] == "" && rules[src] == "" {
				t.Errorf("%s: cites %s, which the reports have no words for", p.Name, src)
			}
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("citations (-want +got):\n%s", diff)
	}
	for name, srcs := range against {
		p, ok := properties.Lookup(name)
		if !ok || p.Kind != properties.Goal {
			t.Errorf("against names %s, not a goal of the catalog", name)
			continue
		}
		for _, src := range srcs {
			if !slices.Contains(p.Sources, src) {
				t.Errorf("against: %s does not cite %s", name, src)
			}
		}
	}
}
