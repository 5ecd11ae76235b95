package scenariotest

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"photosync/model"
)

// This file writes the inputs of issue 15's benchmarks: long logs of
// changes and unchecked views, as a user who noted down weeks of a tenant
// would feed photosync run (scalegen prints them for whole-process
// measurements).

// Pairs writes n pairs of `change outlook-online` and an unchecked `view
// outlook-client observer`, two seconds apart, under rules: the Outlook
// desktop cache never expires, so after k pairs it may hold any of k+1
// photos.
func Pairs(rules string, n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "rules %s\n", rules)
	for i := range n {
		t := model.FormatDuration(time.Duration(2*i) * time.Second)
		fmt.Fprintf(&b, "at %s change outlook-online\nat %s view outlook-client observer\n", t, t)
	}
	return b.String()
}

// Unchecked writes a scenario of n lines under rules, with the knob
// overrides set (pairs of knob and value): changes through the sources
// that write Exchange (no active-directory change, no open-yammer) and
// unchecked views of every surface by both viewers, a second or a few
// apart; with teams, half the views are of teams-client. The same
// arguments give the same scenario.
func Unchecked(rules string, set [][2]string, n int, teams bool, seed uint64) string {
	rng := rand.New(rand.NewPCG(seed, 15))
	var b strings.Builder
	fmt.Fprintf(&b, "rules %s\n", rules)
	for _, kv := range set {
		fmt.Fprintf(&b, "set %s %s\n", kv[0], kv[1])
	}
	var surfaces []model.Surface
	for _, surf := range model.Surfaces() {
		if !surf.Era() {
			surfaces = append(surfaces, surf)
		}
	}
	sources := []model.Source{model.FromOutlookClient, model.FromOutlookOnline, model.FromLyncClient,
		model.FromMySite, model.FromGraph, model.FromAdminCenter, model.FromTeamsClient}
	viewers := []model.Viewer{model.Subject, model.Observer}
	steps := []time.Duration{0, time.Second, 2 * time.Second, 5 * time.Second, 11 * time.Second}
	t := time.Duration(0)
	for range n {
		t += steps[rng.IntN(len(steps))]
		at := model.FormatDuration(t)
		if rng.IntN(5) == 0 {
			fmt.Fprintf(&b, "at %s change %s\n", at, sources[rng.IntN(len(sources))])
			continue
		}
		surf := surfaces[rng.IntN(len(surfaces))]
		if teams && rng.IntN(2) == 0 {
			surf = model.TeamsClientSurface
		}
		fmt.Fprintf(&b, "at %s view %s %s\n", at, surf, viewers[rng.IntN(2)])
	}
	return b.String()
}
