package model

import (
	"math/rand/v2"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestKnobIndices(t *testing.T) {
	want := map[int]string{
		kWindow: "sharepoint.window", kWindowFrom: "sharepoint.windowFrom", kVisit: "sharepoint.visit",
		kOWACacheTTL: "owa.cacheTTL", kLyncCacheTTL: "lync.cacheTTL", kOutlookClientCacheTTL: "outlookClient.cacheTTL",
		kBrowserCacheTTL: "browser.cacheTTL", kLyncOfflineHidesPhoto: "lync.offlineHidesPhoto",
		kHoverSource: "hover.source", kPickerCacheBusting: "picker.cacheBusting",
		kMySiteWritesExchange: "mysite.writesExchange", kVisitQueues: "sharepoint.visitQueues",
		kYammerSync: "yammer.sync", kDirSyncThumbnails: "dirsync.thumbnails", kDirSyncInterval: "dirsync.interval",
		kDirSyncOnce: "dirsync.once", kDirSyncConflict: "dirsync.conflict", kSetUserPhoto: "setUserPhoto",
		kPhotoSource: "photo.source", kTrigger: "sharepoint.trigger", kMaxDelay: "sharepoint.maxDelay",
		kTeamsServiceCacheTTL: "teams.serviceCacheTTL", kTeamsClientCacheTTL: "teams.clientCacheTTL",
		kYammerDelay: "yammer.delay", kYammerEditable: "yammer.editable",
		kUserEdits: "photo.userEdits",
	}
	if len(Knobs()) != numKnobs || len(want) != numKnobs {
		t.Fatalf("%d knobs in the catalog, %d indices, %d checked", len(Knobs()), numKnobs, len(want))
	}
	for i, name := range want {
		if got := Knobs()[i].Name; got != name {
			t.Errorf("index %d is %s in the catalog, %s in reads.go", i, got, name)
		}
	}
}

// TestKnobsReadThroughAccessors fails when a file of the model reads a
// knob's field directly: a tracked rule set would miss the read, and
// photosync infer would take two candidates that differ in it for one.
func TestKnobsReadThroughAccessors(t *testing.T) {
	var fields []string
	for _, f := range []string{"Window", "WindowFrom", "Visit", "VisitQueues", "OWACacheTTL", "LyncCacheTTL",
		"OutlookClientCacheTTL", "BrowserCacheTTL", "LyncOfflineHidesPhoto", "HoverSource", "PickerCacheBusting",
		"MySiteWritesExchange", "YammerSync", "DirSyncThumbnails", "DirSyncInterval", "DirSyncOnce", "DirSyncConflict",
		"SetUserPhoto", "PhotoSource", "Trigger", "MaxDelay", "TeamsServiceCacheTTL", "TeamsClientCacheTTL",
		"YammerDelay", "YammerEditable", "UserEdits"} {
		fields = append(fields, f)
	}
	field := regexp.MustCompile(`\.(` + strings.Join(fields, "|") + `)\b`)
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		name := e.Name()
		// rules.go defines the rule sets and the knobs' text; reads.go the
		// accessors; BranchesInTime and Forget read untracked only when not
		// tracking.
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") || name == "rules.go" || name == "reads.go" || name == "forget.go" {
			continue
		}
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(data), "\n") {
			if field.MatchString(line) && !strings.Contains(line, "r.DirSyncConflict == EitherWins || r.Trigger") {
				t.Errorf("%s:%d reads a knob's field, not its accessor: %s", name, i+1, strings.TrimSpace(line))
			}
		}
	}
}

// TestUnreadKnobsDoNotMatter is what photosync infer rests on: along random
// runs under random rules, a step whose tracked reads miss a knob has the
// same outcomes whatever that knob's value.
func TestUnreadKnobsDoNotMatter(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	durations := []string{"0s", "1s", "10s", "1h", "3h", "24h", "72h", "60d"}
	value := func(k Knob) string {
		if c := k.Choices(); c != nil {
			return c[rng.IntN(len(c))]
		}
		d := durations[rng.IntN(len(durations))]
		if strings.Contains(k.Values, "positive") && d == "0s" {
			d = "1s"
		}
		return d
	}
	actions := Actions(2)
	checked := 0
	for run := range 60 {
		r := Observed()
		for _, k := range Knobs() {
			if err := r.Set(k.Name, value(k)); err != nil {
				t.Fatal(err)
			}
		}
		s := Initial()
		for range 40 {
			var reads Reads
			tracked := r
			tracked.TrackReads(&reads)
			var want []Next
			var what string
			if rng.IntN(4) == 0 {
				to := s.Now + time.Duration(rng.IntN(5*3600))*time.Second
				next, fired := Advance(&tracked, s, to)
				want, what = append(fired, Next{State: next}), "wait to "+FormatDuration(to)
			} else {
				a := actions[rng.IntN(len(actions))]
				want, what = Step(&tracked, s, a), a.String()
			}
			for i, k := range Knobs() {
				if reads.Has(i) {
					continue
				}
				for range 3 {
					alt := r
					if err := alt.Set(k.Name, value(k)); err != nil {
						t.Fatal(err)
					}
					var got []Next
					if strings.HasPrefix(what, "wait to ") {
						next, fired := Advance(&alt, s, want[len(want)-1].State.Now)
						got = append(fired, Next{State: next})
					} else {
						got = Step(&alt, s, mustAction(t, actions, what))
					}
					checked++
					if !sameNexts(got, want) {
						t.Fatalf("run %d: %s in %+v: %s was not read, yet %s gives other outcomes", run, what, s, k.Name, k.Get(alt))
					}
				}
			}
			s = want[rng.IntN(len(want))].State
		}
	}
	if checked == 0 {
		t.Fatal("no unread knob was varied")
	}
}

func mustAction(t *testing.T, actions []Action, text string) Action {
	for _, a := range actions {
		if a.String() == text {
			return a
		}
	}
	t.Fatalf("no action %q", text)
	return Action{}
}

func sameNexts(a, b []Next) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestTrackReadsSeesAChange(t *testing.T) {
	r := Observed()
	var reads Reads
	r.TrackReads(&reads)
	Step(&r, Initial(), Action{Kind: Change, Source: FromMySite})
	for _, name := range []string{"photo.source", "mysite.writesExchange"} {
		k := index(t, name)
		if !reads.Has(k) {
			t.Errorf("change mysite did not read %s (read %v)", name, reads.Knobs())
		}
	}
	if !r.BranchesInTime() {
		t.Error("a tracked rule set says its time never branches")
	}
	r.TrackReads(nil)
	if r.BranchesInTime() {
		t.Error("observed branches in time once untracked")
	}
}

func index(t *testing.T, name string) int {
	for i, k := range Knobs() {
		if k.Name == name {
			return i
		}
	}
	t.Fatalf("no knob %s", name)
	return -1
}

func TestKnobChoices(t *testing.T) {
	n := 0
	for _, k := range Knobs() {
		for _, v := range k.Choices() {
			r := Observed()
			if err := r.Set(k.Name, v); err != nil || k.Get(r) != v {
				t.Errorf("%s: choice %q does not round-trip: %v", k.Name, v, err)
			}
		}
		if c := k.Choices(); c != nil {
			n++
			if k.Get(Observed()) == "" || !contains(c, k.Get(Observed())) {
				t.Errorf("%s: observed's value %q is not a choice of %v", k.Name, k.Get(Observed()), c)
			}
		}
	}
	if n != 16 {
		t.Errorf("%d enumerated and boolean knobs, want 16 (SPEC §3 and §6)", n)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
