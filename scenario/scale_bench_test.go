package scenario_test

import (
	"testing"

	"photosync/scenario"
	"photosync/scenario/scenariotest"
)

// benchRun parses text, resolves its rules and runs it once per loop, as
// photosync run does (MaxStates 100,000).
func benchRun(b *testing.B, text string) {
	sc, err := scenario.Parse("scale.scenario", []byte(text))
	if err != nil {
		b.Fatal(err)
	}
	r, err := scenario.ResolveRules(sc, "", nil)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := scenario.Run(sc, r, scenario.Options{MaxStates: 100000, MaxBytes: 1 << 30}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPairs is issue 15's N pairs of change and unchecked view
// through the Outlook desktop cache: linear in N.
func BenchmarkPairs(b *testing.B) {
	for _, n := range []int{1000, 4000} {
		b.Run(itoa(n), func(b *testing.B) { benchRun(b, scenariotest.Pairs("observed", n)) })
	}
}

// BenchmarkUncheckedTeams is issue 15's 1,000-line scenario of changes and
// unchecked views, half of them Teams views, under each era and with each
// knob whose time branches.
func BenchmarkUncheckedTeams(b *testing.B) {
	cases := []struct {
		name, rules string
		set         [][2]string
	}{
		{"observed", "observed", nil},
		{"transition-2023", "transition-2023", nil},
		{"modern", "modern", nil},
		{"either", "observed", [][2]string{{"dirsync.conflict", "either"}}},
		{"on-use", "observed", [][2]string{{"yammer.sync", "on-use"}}},
		{"service", "observed", [][2]string{{"sharepoint.trigger", "service"}, {"sharepoint.maxDelay", "1ns"}}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) { benchRun(b, scenariotest.Unchecked(c.rules, c.set, 1000, true, 1)) })
	}
}

// BenchmarkUnchecked is issue 15's 1,000-line scenario of changes and
// unchecked views without Teams views, under each era, under observed with
// SharePoint's own takes of a 24 h span (where SharePoint may hold any
// photo Exchange held, and the browser entries hold what it held: see the
// engine's "After the last observation"), and with the knobs whose time
// branches together.
func BenchmarkUnchecked(b *testing.B) {
	cases := []struct {
		name, rules string
		set         [][2]string
	}{
		{"observed", "observed", nil},
		{"transition-2023", "transition-2023", nil},
		{"modern", "modern", nil},
		{"service-24h", "observed", [][2]string{{"sharepoint.trigger", "service"}}},
		{"knobs", "observed", [][2]string{{"dirsync.conflict", "either"}, {"yammer.sync", "on-use"},
			{"sharepoint.trigger", "service"}, {"sharepoint.maxDelay", "1ns"}}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) { benchRun(b, scenariotest.Unchecked(c.rules, c.set, 1000, false, 1)) })
	}
}

func itoa(n int) string {
	const digits = "0123456789"
	if n < 10 {
		return digits[n : n+1]
	}
	return itoa(n/10) + digits[n%10:n%10+1]
}
