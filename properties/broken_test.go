package properties

import (
	"flag"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"pgregory.net/rapid"

	"photosync/model"
)

// Broken returns, for each property, a rule set under which it must be
// violated: for an invariant, observed with the rule it guards broken on
// purpose (a knob where one exists, else a planted fault); for a goal,
// observed itself. It is the "violated where it should" half of every
// property's test.
func Broken() map[string]model.Rules {
	with := func(name string, f func(*model.Rules)) model.Rules {
		r := model.Observed()
		r.Name = name
		r.Base = "observed"
		f(&r)
		return r
	}
	out := map[string]model.Rules{
		"outlook-online-converges":                             with("owa-ttl-30s", func(r *model.Rules) { r.OWACacheTTL = 30 * time.Second }),
		"outlook-client-fresh-after-restart":                   with("restart-keeps-cache", func(r *model.Rules) { r.Faults |= model.FaultRestartKeepsCache }),
		"lync-converges":                                       with("lync-ttl-30s", func(r *model.Rules) { r.LyncCacheTTL = 30 * time.Second }),
		"sharepoint-stale-only-within-window-or-without-visit": with("visit-not-queued", func(r *model.Rules) { r.VisitQueues = false }),
		"sharepoint-change-reaches-exchange":                   with("mysite-local", func(r *model.Rules) { r.MySiteWritesExchange = false }),
		"search-hover-matches-outlook-online":                  with("hover-from-sharepoint", func(r *model.Rules) { r.HoverSource = model.HoverSharePoint }),
		"people-picker-shows-sharepoint":                       with("picker-cached", func(r *model.Rules) { r.PickerCacheBusting = false }),
		"sharepoint-imports-first-and-last":                    with("window-24h", func(r *model.Rules) { r.Window = 24 * time.Hour }),
		"yammer-isolated":                                      with("yammer-two-way", func(r *model.Rules) { r.YammerSync = model.YammerTwoWay }),
		"sharepoint-renditions-agree":                          with("import-large-only", func(r *model.Rules) { r.Faults |= model.FaultImportLargeOnly }),
		"no-phantom-photos":                                    with("phantom", func(r *model.Rules) { r.Faults |= model.FaultPhantomPhoto }),
	}
	for _, p := range Catalog() {
		if p.Kind == Goal {
			out[p.Name] = model.Observed()
		}
	}
	return out
}

// recorder is a rapid.TB that keeps a failure instead of failing the test,
// so a test can assert that rapid finds a violation.
type recorder struct {
	testing.TB
	mu     sync.Mutex
	failed bool
	out    strings.Builder
}

func (r *recorder) Helper()                           {}
func (r *recorder) Logf(format string, args ...any)   { r.log(fmt.Sprintf(format, args...)) }
func (r *recorder) Log(args ...any)                   { r.log(fmt.Sprint(args...)) }
func (r *recorder) Errorf(format string, args ...any) { r.fail(fmt.Sprintf(format, args...)) }
func (r *recorder) Error(args ...any)                 { r.fail(fmt.Sprint(args...)) }
func (r *recorder) Fatalf(format string, args ...any) { r.fail(fmt.Sprintf(format, args...)) }
func (r *recorder) Fatal(args ...any)                 { r.fail(fmt.Sprint(args...)) }
func (r *recorder) FailNow()                          { r.fail("") }
func (r *recorder) Failed() bool                      { r.mu.Lock(); defer r.mu.Unlock(); return r.failed }
func (r *recorder) log(s string)                      { r.mu.Lock(); r.out.WriteString(s + "\n"); r.mu.Unlock() }
func (r *recorder) fail(s string) {
	r.mu.Lock()
	r.failed = true
	r.out.WriteString(s + "\n")
	r.mu.Unlock()
}

// rapidFinds runs the rapid checker on property bit under r with enough
// checks to find a short violation every time, without writing fail files.
func rapidFinds(t *testing.T, r model.Rules, bit int) (bool, string) {
	t.Helper()
	for name, value := range map[string]string{"rapid.nofailfile": "true", "rapid.checks": "2000"} {
		old := flag.Lookup(name).Value.String()
		if err := flag.Set(name, value); err != nil {
			t.Fatal(err)
		}
		defer flag.Set(name, old)
	}
	rec := &recorder{TB: t}
	rapid.Check(rec, func(rt *rapid.T) { drive(rt, &r, 2, bit) })
	return rec.failed, rec.out.String()
}

// TestRapidFindsBrokenInvariants shows each invariant's rapid check can
// fail: under observed with its rule broken on purpose, rapid finds a
// violation and prints a scenario naming it.
func TestRapidFindsBrokenInvariants(t *testing.T) {
	broken := Broken()
	for i, p := range Catalog() {
		if p.Kind != Invariant {
			continue
		}
		t.Run(p.Name, func(t *testing.T) {
			failed, out := rapidFinds(t, broken[p.Name], i)
			if !failed {
				t.Fatalf("rapid found no violation of %s under %s", p.Name, broken[p.Name].Name)
			}
			if !strings.Contains(out, "violates "+p.Name+"\n") {
				t.Errorf("rapid's report does not print a scenario that violates %s:\n%s", p.Name, out)
			}
		})
	}
}
