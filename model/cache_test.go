package model

import (
	"slices"
	"testing"
)

// TestEmptiedBy checks the one table of which action empties which cache
// against SPEC R5 and R19, and that the transitions follow it: each action
// empties exactly those entries of its viewer, and nothing of the others.
func TestEmptiedBy(t *testing.T) {
	spec := map[ActionKind][]string{ // SPEC R5, R19
		RestartOutlook: {"outlook-client"},
		ClearBrowserCache: {"browser:sharepoint-mysite", "browser:sharepoint-people-search",
			"browser:sharepoint-newsfeed", "browser:sharepoint-people-picker", "browser:sharepoint-search-hover"},
		RestartTeams: {"teams-client"},
	}
	for c := range numCaches {
		var want ActionKind // the action whose list names c, if any
		for k, names := range spec {
			if slices.Contains(names, c.String()) {
				want = k
			}
		}
		if k, ok := c.EmptiedBy(); k != want || ok != (want != 0) {
			t.Errorf("%s.EmptiedBy() = %s, %v; want %s (SPEC R5, R19)", c, k, ok, want)
		}
	}
	r := observed()
	full := Initial()
	for v := range full.Cache {
		for c := range full.Cache[v] {
			full.Cache[v][c] = V(0)
		}
	}
	for k, names := range spec {
		a := Action{Kind: k, Viewer: Observer}
		got := only(t, r, full, a).State
		for _, v := range Viewers(MaxViewers) {
			for c := range numCaches {
				emptied := got.Cache[v.index()][c] == NoPhoto
				if want := v == Observer && slices.Contains(names, c.String()); emptied != want {
					t.Errorf("%s: %s's %s emptied %v, want %v", a, v, c, emptied, want)
				}
			}
		}
	}
}
