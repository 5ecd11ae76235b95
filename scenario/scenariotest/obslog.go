// Package scenariotest writes scenarios for tests and benchmarks: the
// observation logs an administrator might keep of a tenant. It is imported
// by tests only.
package scenariotest

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"photosync/model"
)

// ObservationLog writes an observation log of n lines over about span of
// simulated time under rules r, as a tenant's administrator might keep one:
// mostly observe lines, of every surface by the subject and the observer,
// between changes from several sources, visits, restarts, cache clears,
// Lync sign-ins and outs and DirSync runs; with all, also the sources,
// surfaces and actions of SPEC §6. It follows one concrete run of the model
// (each view shows one of the photos the model allows, drawn at random), so
// every observation is possible under r. The same arguments give the same
// log.
func ObservationLog(r model.Rules, n int, span time.Duration, seed uint64, all bool) string {
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	s := model.Initial()
	// Mostly seconds apart, around the caches' 10 s; now and then a long
	// pause, around the 3 h of DirSync and the 72 h window, as often as it
	// takes to fill the span.
	short := []time.Duration{0, time.Second, 2 * time.Second, 5 * time.Second, 9 * time.Second, 10 * time.Second,
		11 * time.Second, 30 * time.Second, time.Minute}
	long := []time.Duration{5 * time.Minute, 20 * time.Minute, time.Hour, 3 * time.Hour, 6 * time.Hour, 24 * time.Hour, 72 * time.Hour}
	pLong := (float64(span)/float64(n) - float64(mean(short))) / float64(mean(long))
	sources := []model.Source{model.FromMySite, model.FromOutlookClient, model.FromOutlookOnline,
		model.FromLyncClient, model.FromSetUserPhoto, model.FromActiveDirectory, model.FromYammer}
	viewers := []model.Viewer{model.Subject, model.Observer}
	var surfaces []model.Surface
	for _, surf := range model.Surfaces() {
		if all || !surf.Era() {
			surfaces = append(surfaces, surf)
		}
	}
	if all {
		for _, src := range model.Sources() {
			if src.Era() {
				sources = append(sources, src)
			}
		}
	}
	var b strings.Builder
	b.WriteString("# a generated observation log (see scenariotest.ObservationLog)\n")
	t := time.Duration(0)
	for line := 1; line < n; line++ {
		if rng.Float64() < pLong {
			t += long[rng.IntN(len(long))]
		} else {
			t += short[rng.IntN(len(short))]
		}
		var a model.Action
		switch k := rng.IntN(100); {
		case k < 85:
			a = model.Action{Kind: model.View, Surface: surfaces[rng.IntN(len(surfaces))], Viewer: viewers[rng.IntN(2)]}
		case k < 89:
			a = model.Action{Kind: model.Change, Source: sources[rng.IntN(len(sources))]}
		case k < 91:
			a = model.Action{Kind: model.Visit}
		case k < 92:
			a = model.Action{Kind: model.EditCancel}
		case k < 94:
			a = model.Action{Kind: model.RestartOutlook, Viewer: viewers[rng.IntN(2)]}
			if all && rng.IntN(2) == 0 {
				a.Kind = model.RestartTeams
			}
		case k < 96:
			a = model.Action{Kind: model.ClearBrowserCache, Viewer: viewers[rng.IntN(2)]}
		case k < 97:
			a = model.Action{Kind: model.LyncSignOut}
			if all && rng.IntN(2) == 0 {
				a = model.Action{Kind: model.OpenYammer}
			}
		case k < 99:
			a = model.Action{Kind: model.LyncSignIn}
		default:
			a = model.Action{Kind: model.DirSync}
		}
		s, _ = model.Advance(&r, s, t)
		outs := model.Step(&r, s, a)
		o := outs[rng.IntN(len(outs))]
		s = o.State
		if a.Kind == model.View {
			fmt.Fprintf(&b, "at %s observe %s %s %s\n", model.FormatDuration(t), a.Surface, a.Viewer, o.Shown.Plain())
		} else {
			fmt.Fprintf(&b, "at %s %s\n", model.FormatDuration(t), a)
		}
	}
	return b.String()
}

func mean(ds []time.Duration) time.Duration {
	var sum time.Duration
	for _, d := range ds {
		sum += d
	}
	return sum / time.Duration(len(ds))
}
