package experiment

import (
	"strings"
	"sync/atomic"
	"testing"

	"photosync/model"
)

// TestSearchStops: a search whose Config.Stop reports true, from the
// start or from its k-th question on, finds nothing, says Stopped and
// nothing it has not shown; one whose Stop never does finds what the
// search without it finds.
func TestSearchStops(t *testing.T) {
	a, b := model.Observed(), model.Observed()
	b.Name = "other"
	if err := b.Set("lync.offlineHidesPhoto", "false"); err != nil {
		t.Fatal(err)
	}
	want, err := Search(Config{A: a, B: b})
	if err != nil || want.Experiment == nil {
		t.Fatalf("Search: %v, %v", want.Statement(), err)
	}
	var asked atomic.Int64
	got, err := Search(Config{A: a, B: b, Stop: func() bool { asked.Add(1); return false }})
	if err != nil || got.Experiment == nil || got.Experiment.Scenario() != want.Experiment.Scenario() || asked.Load() == 0 {
		t.Fatalf("with a Stop that never stops: %v, %v after %d questions", got.Statement(), err, asked.Load())
	}
	total := asked.Load()
	for _, k := range []int64{1, total / 2} {
		asked.Store(0)
		got, err := Search(Config{A: a, B: b, Stop: func() bool { return asked.Add(1) >= k }})
		if err != nil || !got.Stopped || got.Experiment != nil || got.Exhausted || !strings.HasPrefix(got.Statement(), "stopped (cancelled, or past a time limit)") {
			t.Errorf("stopped at question %d of %d: %+v, %v: %s", k, total, got, err, got.Statement())
		}
	}
}
