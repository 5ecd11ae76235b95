package scenario

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"photosync/engine"
	"photosync/model"
)

// uncheckedViews writes a scenario of n lines that issue 8 reported
// blowing up: changes from every source that writes Exchange, and visits,
// between unchecked views by the subject and the observer of every surface,
// most of them through the caches that never expire by default (Outlook
// desktop until a restart, the browser until it is cleared), a minute
// apart with a day now and then (so that SharePoint imports). No observe
// narrows the possible states; the last lines expect what each
// never-expiring view can show, so every entry matters to the end. The
// same arguments give the same scenario.
func uncheckedViews(n int, seed uint64) string {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	sources := []model.Source{model.FromOutlookClient, model.FromOutlookOnline, model.FromSetUserPhoto,
		model.FromMySite, model.FromLyncClient}
	surfaces := []model.Surface{model.OutlookClientSurface, model.SharePointMySite, model.SharePointPeopleSearch,
		model.SharePointNewsfeed, model.OutlookOnlineEmail, model.LyncClientSurface, model.YammerSurface,
		model.SharePointPeoplePicker}
	viewers := []model.Viewer{model.Subject, model.Observer}
	var b strings.Builder
	b.WriteString("# unchecked views through never-expiring caches (see uncheckedViews)\n")
	t := time.Duration(0)
	line := func(format string, args ...any) {
		fmt.Fprintf(&b, "at %s "+format+"\n", append([]any{model.FormatDuration(t)}, args...)...)
	}
	for range n - 1 - 2*4 {
		if rng.IntN(10) == 0 {
			t += 24 * time.Hour
		} else {
			t += time.Minute
		}
		switch k := rng.IntN(100); {
		case k < 15:
			line("change %s", sources[rng.IntN(len(sources))])
		case k < 20:
			line("visit")
		default:
			line("view %s %s", surfaces[rng.IntN(len(surfaces))], viewers[rng.IntN(2)])
		}
	}
	for _, surf := range surfaces[:4] {
		for _, v := range viewers {
			line("expect %s %s = v0", surf, v)
		}
	}
	return b.String()
}

// TestUncheckedViewsStaySmall runs a 1,000-line scenario of unchecked views
// through never-expiring caches (issue 8: 71 such lines took 54 s and
// 503 MB, 106 did not finish in 120 s): merged, the possible states stay a
// handful of beliefs, and the run takes well under a second (asserted at
// ten, for slow machines).
func TestUncheckedViewsStaySmall(t *testing.T) {
	sc, err := Parse("unchecked.scenario", []byte(uncheckedViews(1000, 1)))
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	res, err := Run(sc, model.Observed(), Options{MaxStates: 100000})
	took := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	if res.MaxBeliefs > 4 {
		t.Errorf("up to %d beliefs (want at most 4)", res.MaxBeliefs)
	}
	if took > 10*time.Second {
		t.Errorf("took %s (want under 1 s)", took)
	}
	// Every entry may hold many photos: the expect lines fail, naming them.
	for _, o := range res.Outcomes {
		if o.Status != Failed || strings.Count(o.Message, "|") < 5 {
			t.Errorf("%s (want a failure naming many photos)", o)
		}
	}
	t.Logf("%d lines in %s, at most %d beliefs", len(sc.Lines), took, res.MaxBeliefs)
}

// TestUncheckedViewsUnmergedBounded: the same scenario without merging
// reaches the bound instead of running for ever, and says at which line.
func TestUncheckedViewsUnmergedBounded(t *testing.T) {
	sc, err := Parse("unchecked.scenario", []byte(uncheckedViews(1000, 1)))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(sc, model.Observed(), Options{MaxStates: 5000, Unmerged: true})
	var be *BoundError
	if !errors.As(err, &be) {
		t.Fatalf("Run: %v (want a BoundError)", err)
	}
	if be.Line < 2 || be.Line > 1000 || be.File != "unchecked.scenario" {
		t.Errorf("bounded at %s:%d", be.File, be.Line)
	}
	want := fmt.Sprintf("unchecked.scenario:%d: bounded at 5,000 possible states (--max-states raises it)", be.Line)
	if err.Error() != want {
		t.Errorf("error %q (want %q)", err, want)
	}
	var ee *engine.BoundError
	if !errors.As(err, &ee) || ee.MaxStates != 5000 {
		t.Errorf("no engine.BoundError in %v", err)
	}
	if res.MaxBeliefs > 5000 || len(res.Outcomes) != 0 {
		t.Errorf("partial result: %d beliefs, %d outcomes", res.MaxBeliefs, len(res.Outcomes))
	}
}

// TestRunBoundedKeepsVerdicts: a bounded run returns the verdicts of the
// lines before the bound.
func TestRunBoundedKeepsVerdicts(t *testing.T) {
	sc := mustParse(t, `at 0s expect outlook-client observer = v0
at 1m change outlook-online
at 1m view outlook-client observer
at 2m change outlook-online
at 2m view outlook-client observer
at 3m change outlook-online
at 3m expect outlook-client observer = v0|v1|v2|v3
`)
	res, err := Run(sc, model.Observed(), Options{MaxStates: 3, Unmerged: true})
	if err == nil || err.Error() != "s.scenario:7: bounded at 3 possible states (--max-states raises it)" {
		t.Fatalf("Run: %v", err)
	}
	if len(res.Outcomes) != 1 || res.Outcomes[0].Status != Held || res.Outcomes[0].Line != 1 {
		t.Errorf("outcomes %v (want line 1 ok)", res.Outcomes)
	}
	res, err = Run(sc, model.Observed(), Options{MaxStates: 3})
	if err != nil || !res.OK() || res.MaxBeliefs != 1 {
		t.Errorf("merged: %v, %d beliefs:\n%s", err, res.MaxBeliefs, res)
	}
}

// BenchmarkUncheckedViews runs the 1,000-line scenario of unchecked views.
func BenchmarkUncheckedViews(b *testing.B) {
	sc, err := Parse("unchecked.scenario", []byte(uncheckedViews(1000, 1)))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Run(sc, model.Observed(), Options{MaxStates: 100000}); err != nil {
			b.Fatal(err)
		}
	}
}
