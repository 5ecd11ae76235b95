package explore

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"runtime/metrics"
	"slices"
	"strings"
	"sync/atomic"
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

// randomRulesSeed and randomRulesCount fix the rule sets of
// BenchmarkRandomRules, so that runs compare.
const (
	randomRulesSeed  = 20240601
	randomRulesCount = 60
	randomRulesBound = 500_000 // MaxStates: the benchmark always ends
)

// randomRules draws n valid rule sets: every knob of model.Knobs() set, with
// model.Rules.Set, to one of the values it accepts. A knob that takes a
// duration gets one drawn log-uniformly from 1ns to 10000d, or, one time in
// four, one of its words (0s, until-restart …); any other knob gets one of
// its words. Each rule set is returned with the settings that made it, as a
// rules file would write them.
func randomRules(seed uint64, n int) ([]model.Rules, [][]string) {
	return randomRulesWithin(seed, n, time.Nanosecond, 10000*24*time.Hour)
}

// randomRulesWithin is randomRules with durations drawn log-uniformly from
// shortest to longest, in whole seconds when shortest is a second or more.
func randomRulesWithin(seed uint64, n int, shortest, longest time.Duration) ([]model.Rules, [][]string) {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	var out []model.Rules
	var settings [][]string
	for i := 0; i < n; i++ {
		r := model.Observed()
		var set []string
		for _, k := range model.Knobs() {
			words := knobWords(k)
			takesDuration := r.Set(k.Name, "1ns") == nil
			var v string
			switch {
			case takesDuration && (len(words) == 0 || rng.IntN(4) != 0):
				lo, hi := math.Log(float64(shortest)), math.Log(float64(longest))
				d := time.Duration(math.Exp(lo + rng.Float64()*(hi-lo)))
				if shortest >= time.Second {
					d = d.Round(time.Second)
				}
				v = model.FormatDuration(max(d, shortest))
			default:
				v = words[rng.IntN(len(words))]
			}
			if err := r.Set(k.Name, v); err != nil {
				panic(fmt.Sprintf("knob %s: drawn value %q: %v", k.Name, v, err))
			}
			set = append(set, k.Name+" "+v)
		}
		r.Name = fmt.Sprintf("random-%d", i)
		out = append(out, r)
		settings = append(settings, set)
	}
	return out, settings
}

// knobWords lists the values of a knob's help text that the knob accepts
// and that are not durations: the words of an enumeration, true and false,
// until-restart, and 0s where a duration may be zero.
func knobWords(k model.Knob) []string {
	var words []string
	for _, part := range strings.Split(strings.ReplaceAll(k.Values, " or ", ", "), ", ") {
		for _, w := range strings.Fields(part) {
			r := model.Observed()
			if d, err := model.ParseDuration(w); err == nil && d != 0 {
				continue // a duration given as an example: drawn instead
			}
			if r.Set(k.Name, w) == nil && !slices.Contains(words, w) {
				words = append(words, w)
			}
		}
	}
	if r := model.Observed(); r.Set(k.Name, "1ns") == nil && r.Set(k.Name, "0s") == nil && !slices.Contains(words, "0s") {
		words = append(words, "0s")
	}
	return words
}

// peakHeap samples the heap in use until stop is called and returns the
// largest amount seen, in bytes.
func peakHeap() (stop func() uint64) {
	var peak atomic.Uint64
	done := make(chan struct{})
	finished := make(chan struct{})
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() {
		metrics.Read(sample)
		if v := sample[0].Value.Uint64(); v > peak.Load() {
			peak.Store(v)
		}
	}
	go func() {
		defer close(finished)
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				read()
			}
		}
	}()
	return func() uint64 {
		close(done)
		<-finished
		read()
		return peak.Load()
	}
}

// BenchmarkRandomRules runs check's exploration (the whole catalog, two
// viewers) on randomRulesCount random valid rule sets and reports the worst
// and the median time and the worst peak heap of one exploration.
func BenchmarkRandomRules(b *testing.B) {
	rules, settings := randomRules(randomRulesSeed, randomRulesCount)
	var worst, median time.Duration
	var worstMB float64
	for i := 0; i < b.N; i++ {
		times := make([]time.Duration, len(rules))
		for j, r := range rules {
			runtime.GC()
			stop := peakHeap()
			start := time.Now()
			res := Explore(Config{Rules: r, MaxStates: randomRulesBound})
			times[j] = time.Since(start)
			mb := float64(stop()) / (1 << 20)
			worstMB = max(worstMB, mb)
			if !res.Complete {
				b.Logf("%s: not complete within %d states (%s)", r.Name, randomRulesBound, strings.Join(settings[j], ", "))
			}
			for _, v := range res.Verdicts {
				if v.Err != nil {
					b.Errorf("%s: %s: %v (%s)", r.Name, v.Property.Name, v.Err, strings.Join(settings[j], ", "))
				}
			}
			if testing.Verbose() {
				b.Logf("%s: %v, %d states, depth %d, %.0f MB", r.Name, times[j].Round(time.Millisecond), res.States, res.Depth, mb)
			}
		}
		slices.Sort(times)
		worst = max(worst, times[len(times)-1])
		median = max(median, times[len(times)/2])
	}
	b.ReportMetric(worst.Seconds(), "worst-s")
	b.ReportMetric(median.Seconds(), "median-s")
	b.ReportMetric(worstMB, "worst-MB")
}
