package scenario

import (
	"testing"
	"time"

	"photosync/model"
	"photosync/scenario/scenariotest"
)

// observationLog is the log the tests and the benchmark of this file run:
// under observed, with the sources and surfaces of SPEC §3.
func observationLog(n int, span time.Duration, seed uint64) string {
	return scenariotest.ObservationLog(model.Observed(), n, span, seed, false)
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
