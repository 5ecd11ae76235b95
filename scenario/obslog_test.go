package scenario

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"photosync/model"
)

// observationLog writes an observation log of n lines over about span of
// simulated time, as a tenant's administrator might keep one: mostly
// observe lines, of every surface by the subject and the observer, between
// changes from several sources, visits, restarts, cache clears, Lync
// sign-ins and outs and DirSync runs. It follows one concrete run of the
// model (each view shows one of the photos the model allows, drawn at
// random), so every observation is possible. The same arguments give the
// same log.
func observationLog(n int, span time.Duration, seed uint64) string {
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	r := model.Observed()
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
	surfaces := model.Surfaces()
	var b strings.Builder
	b.WriteString("# a generated observation log (see observationLog)\n")
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
		case k < 96:
			a = model.Action{Kind: model.ClearBrowserCache, Viewer: viewers[rng.IntN(2)]}
		case k < 97:
			a = model.Action{Kind: model.LyncSignOut}
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
			fmt.Fprintf(&b, "at %s observe %s %s %s\n", model.FormatDuration(t), a.Surface, a.Viewer, o.Shown)
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

// TestObservationLogBounded runs a 5,000-line observation log: every
// observation holds, and the set of possible states stays small, because
// each observe keeps only the runs that agree with it.
func TestObservationLogBounded(t *testing.T) {
	log := observationLog(5000, 10*7*24*time.Hour, 1)
	sc, err := Parse("obs.log", []byte(log))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(sc, model.Observed(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !res.OK() {
		t.Errorf("the log of a run of the model has impossible observations:\n%s", res)
	}
	if res.MaxBeliefs > 64 {
		t.Errorf("up to %d possible states (want at most 64)", res.MaxBeliefs)
	}
	t.Logf("%d lines (%d observations) over %s of simulated time: at most %d possible states",
		len(sc.Lines), len(res.Outcomes), model.FormatDuration(sc.Lines[len(sc.Lines)-1].Directive.(At).Time), res.MaxBeliefs)
}

// BenchmarkObservationLog parses and runs a 100,000-line observation log.
func BenchmarkObservationLog(b *testing.B) {
	log := []byte(observationLog(100000, 10*7*24*time.Hour, 1))
	maxBeliefs := 0
	lines := 0
	b.ResetTimer()
	for b.Loop() {
		sc, err := Parse("obs.log", log)
		if err != nil {
			b.Fatal(err)
		}
		res, err := Run(sc, model.Observed(), Options{})
		if err != nil || !res.OK() {
			b.Fatalf("run failed: %v\n%s", err, res)
		}
		maxBeliefs = max(maxBeliefs, res.MaxBeliefs)
		lines += len(sc.Lines)
	}
	b.ReportMetric(float64(lines)/b.Elapsed().Seconds(), "lines/s")
	b.ReportMetric(float64(maxBeliefs), "max-beliefs")
}
