package explore

import (
	"runtime"
	"testing"
	"time"

	"photosync/model"
)

// benchExplore reports the explorer's speed (states/s) and the memory it
// allocates per state (B/state). Compare runs with benchstat.
func benchExplore(b *testing.B, r model.Rules) {
	var states int
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	for i := 0; i < b.N; i++ {
		res := Explore(Config{Rules: r})
		if !res.Complete {
			b.Fatal("exploration did not complete")
		}
		states += res.States
	}
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(states)/elapsed.Seconds(), "states/s")
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(states), "B/state")
	b.ReportMetric(float64(states)/float64(b.N), "states")
}

func BenchmarkExploreObserved(b *testing.B) { benchExplore(b, model.Observed()) }

// BenchmarkExploreModern is check --rules modern: Teams caches of 60 days
// next to 10 s ones, a 30 min DirSync whose conflicts are a choice, and
// SharePoint's takes anywhere in 24 h (SPEC §6).
func BenchmarkExploreModern(b *testing.B) { benchExplore(b, model.Modern()) }
func BenchmarkExploreIdeal(b *testing.B)  { benchExplore(b, model.Ideal()) }

// BenchmarkExploreFiniteCaches gives every cache a finite TTL and counts the
// window from the last change: more clocks, more zones.
func BenchmarkExploreFiniteCaches(b *testing.B) {
	r := model.Observed()
	r.OutlookClientCacheTTL = time.Hour
	r.BrowserCacheTTL = 24 * time.Hour
	r.WindowFrom = model.FromLastChange
	benchExplore(b, r)
}
