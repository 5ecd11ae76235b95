package properties

import (
	"flag"
	"fmt"
	"strings"
	"sync"
	"testing"

	"pgregory.net/rapid"

	"photosync/model"
	"photosync/model/modeltest"
)

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
	for i, p := range Catalog() {
		if p.Kind != Invariant {
			continue
		}
		t.Run(p.Name, func(t *testing.T) {
			failed, out := rapidFinds(t, modeltest.Breaking(p.Name), i)
			if !failed {
				t.Fatalf("rapid found no violation of %s under %s", p.Name, modeltest.Breaking(p.Name).Name)
			}
			if !strings.Contains(out, "violates "+p.Name+"\n") {
				t.Errorf("rapid's report does not print a scenario that violates %s:\n%s", p.Name, out)
			}
		})
	}
}
