package experiment

import (
	"testing"

	"photosync/model"
)

// BenchmarkSearch measures the search on a pair it tells apart in three
// steps and on a rule set against itself, where it tries every experiment
// of at most four steps. Compare runs with benchstat; situations/s is the
// figure to watch.
func BenchmarkSearch(b *testing.B) {
	for _, c := range []struct {
		name     string
		a, b     model.Rules
		maxDepth int
	}{
		{"observed-documented", model.Observed(), model.Documented(), 0},
		{"observed-observed-4", model.Observed(), model.Observed(), 4},
	} {
		b.Run(c.name, func(b *testing.B) {
			var situations int
			for b.Loop() {
				res, err := Search(Config{A: c.a, B: c.b, MaxDepth: c.maxDepth})
				if err != nil {
					b.Fatal(err)
				}
				situations = res.Situations
			}
			b.ReportMetric(float64(situations), "situations")
			b.ReportMetric(float64(situations)*float64(b.N)/b.Elapsed().Seconds(), "situations/s")
		})
	}
}
