package reference

import (
	"errors"
	"math/rand/v2"
	"slices"
	"testing"

	"photosync/model"
	"photosync/scenario"
)

func parse(t *testing.T, text string) (*scenario.Scenario, model.Rules) {
	t.Helper()
	sc, err := scenario.Parse("t.scenario", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	r, err := scenario.ResolveRules(sc, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	return sc, r
}

// TestTooBig: a 1 ns DirSync schedule over hours is billions of runs; the
// reference says it is too big, at once, rather than hang.
func TestTooBig(t *testing.T) {
	sc, r := parse(t, "set dirsync.interval 1ns\nat 0s change active-directory\nat 5h expect yammer observer = v0\n")
	_, err := Run(sc, r, Options{})
	var big *TooBigError
	if !errors.As(err, &big) {
		t.Fatalf("Run = %v, want a *TooBigError", err)
	}
	if want := "t.scenario:3: reference: too big at 0s: more than 20000000 steps of work (DirSync runs to fire)"; err.Error() != want {
		t.Errorf("error %q\nwant %q", err, want)
	}
}

// TestImportInstantUnread: under sharepoint.trigger service no rule reads
// the instant of the last import (R18), so writing it (and so telling apart
// takes at different instants of one quiet interval) changes no view. See
// doc.go.
func TestImportInstantUnread(t *testing.T) {
	rng := rand.New(rand.NewPCG(18, 18))
	for i := range 100 {
		tc := randomCase(rng, 8)
		tc.knobs = append(tc.knobs, [2]string{"sharepoint.trigger", "service"})
		r := tc.rules()
		var views [2][][]model.Photo
		for k, keep := range []bool{false, true} {
			x, err := New(r, Options{KeepImportInstant: keep, MaxStates: 5_000, MaxWork: 300_000})
			if err != nil {
				t.Fatal(err)
			}
			for _, st := range tc.steps {
				ps, err := x.Apply(st.at, st.a)
				if err != nil {
					break
				}
				views[k] = append(views[k], ps)
			}
		}
		n := min(len(views[0]), len(views[1]))
		for j := range n {
			if !slices.Equal(views[0][j], views[1][j]) {
				t.Fatalf("case %d, line %d: %v without the instant, %v with it", i, j, views[0][j], views[1][j])
			}
		}
	}
}

// TestR15IdleRunEndsSincePreviousRun is issue 14's R15 case: a DirSync run
// that finds AD unchanged is still a run (R3: every multiple of the
// interval), so it ends R15's "since the previous run"; the Outlook change
// at 1h is long before the run at 5h, and the 5h30m run copies v2 with no
// conflict.
func TestR15IdleRunEndsSincePreviousRun(t *testing.T) {
	sc, r := parse(t, `rules transition-2023
at 1h    change outlook-online      # v1
at 5h    change active-directory    # v2
at 5h30m expect outlook-online-contact-card observer = v2
`)
	res, err := Run(sc, r, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Views) != 1 || !res.Views[0].Held {
		t.Fatalf("the reference allows %v, want v2", res.Views)
	}
	fast, err := scenario.Run(sc, r, scenario.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !fast.OK() {
		t.Errorf("scenario.Run:\n%s", fast)
	}
}

// TestDirSyncEveryRun: the reference fires each run: with AD changed at
// 2h59m and a 3h interval, the run at 3h copies, and one at 6h finds AD
// unchanged.
func TestDirSyncEveryRun(t *testing.T) {
	sc, r := parse(t, `at 2h59m change active-directory
at 2h59m59s expect outlook-online-contact-card subject = v0
at 3h expect outlook-online-contact-card observer = v1
at 6h expect outlook-online-contact-card observer = v1
`)
	res, err := Run(sc, r, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range res.Views {
		if !v.Held {
			t.Errorf("line %d: the reference allows %s", v.Line, scenario.JoinPhotos(v.Photos))
		}
	}
	if n := len(res.Final); n != 1 {
		t.Errorf("%d final states, want 1: %v", n, res.Final)
	}
}
