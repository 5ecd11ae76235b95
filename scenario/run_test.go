package scenario

import (
	"io/fs"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"photosync/model"
)

func mustParse(t *testing.T, text string) *Scenario {
	t.Helper()
	sc, err := Parse("s.scenario", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func TestRunResult(t *testing.T) {
	sc := mustParse(t, `# every kind of verdict
violates test-cache-hit
violates sharepoint-change-sticks
at 0s  expect outlook-client observer = v0
at 1m  change outlook-online
at 2m  expect outlook-client observer = v1
at 3m  observe outlook-client observer v2
at 4m  expect outlook-client observer = v1
at 5m  view yammer subject
`)
	got, err := Run(sc, model.Observed(), Options{Judge: testJudge()})
	if err != nil {
		t.Fatal(err)
	}
	want := Result{
		Outcomes: []Outcome{
			{File: "s.scenario", Line: 2, Status: NotReached, Check: "violates test-cache-hit", Message: "not reached (the run stopped at line 7)"},
			{File: "s.scenario", Line: 3, Status: NotReached, Check: "violates sharepoint-change-sticks", Message: "not reached (the run stopped at line 7)"},
			{File: "s.scenario", Line: 4, Status: Held, Check: "expect outlook-client observer = v0"},
			{File: "s.scenario", Line: 6, Status: Failed, Check: "expect outlook-client observer = v1", Message: "the model allows v0|v1"},
			{File: "s.scenario", Line: 7, Status: Failed, Check: "observe outlook-client observer v2", Message: "the model allows only v0|v1"},
			{File: "s.scenario", Line: 8, Status: NotReached, Check: "expect outlook-client observer = v1", Message: "not reached (the run stopped at line 7)"},
		},
		Beliefs:    2,
		MaxBeliefs: 2,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Run (-want +got):\n%s", diff)
	}
	wantText := `s.scenario:2: violates test-cache-hit: not reached (the run stopped at line 7)
s.scenario:3: violates sharepoint-change-sticks: not reached (the run stopped at line 7)
s.scenario:4: ok
s.scenario:6: expect outlook-client observer = v1: the model allows v0|v1
s.scenario:7: observe outlook-client observer v2: the model allows only v0|v1
s.scenario:8: expect outlook-client observer = v1: not reached (the run stopped at line 7)
`
	if diff := cmp.Diff(wantText, got.String()); diff != "" {
		t.Errorf("String (-want +got):\n%s", diff)
	}
	if got.OK() {
		t.Error("OK() with failures")
	}
}

func TestRunViolates(t *testing.T) {
	sc := mustParse(t, `violates test-cache-hit
violates sharepoint-change-sticks
violates lync-always-shows-a-photo
at 0s  expect outlook-client observer = v0
at 1m  change sharepoint-mysite
at 1h  change sharepoint-mysite
at 2h  expect outlook-client observer = v0|v2
`)
	got, err := Run(sc, model.Observed(), Options{Judge: testJudge()})
	if err != nil {
		t.Fatal(err)
	}
	want := Result{
		Outcomes: []Outcome{
			{File: "s.scenario", Line: 1, Status: Failed, Check: "violates test-cache-hit", Message: "not violated (in 1 of 2 possible runs it holds)"},
			{File: "s.scenario", Line: 2, Status: Held, Check: "violates sharepoint-change-sticks"},
			{File: "s.scenario", Line: 3, Status: Failed, Check: "violates lync-always-shows-a-photo", Message: "not violated (in 2 of 2 possible runs it holds)"},
			{File: "s.scenario", Line: 4, Status: Held, Check: "expect outlook-client observer = v0"},
			{File: "s.scenario", Line: 7, Status: Held, Check: "expect outlook-client observer = v0|v2"},
		},
		Beliefs:    2,
		MaxBeliefs: 2,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Run (-want +got):\n%s", diff)
	}
}

// TestRunJudgeCalls checks what the runner asks the judge: each quiet
// interval up to a timer or an action, each timer's firing, each action's
// outcome.
func TestRunJudgeCalls(t *testing.T) {
	sc := mustParse(t, `violates anything
at 1h  change active-directory
at 3h  view outlook-online-contact-card observer
at 3h5s  view outlook-online-contact-card observer
at 5h  visit
`)
	var j recorder
	if _, err := Run(sc, model.Observed(), Options{Judge: &j}); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"wait 0s to 1h",
		"step change active-directory at 1h (before at 1h) shows none",
		"wait 1h to 3h",
		"step tick at 3h (before at 3h) shows none", // DirSync's run carries v1 to Exchange
		"step view outlook-online-contact-card observer at 3h (before at 3h) shows v1",
		"wait 3h to 3h5s",
		"step view outlook-online-contact-card observer at 3h5s (before at 3h5s) shows v1", // the cached v1
		"step view outlook-online-contact-card observer at 3h5s (before at 3h5s) shows v1", // a fresh v1
		"wait 3h5s to 5h", // from the state of each of the two beliefs
		"step visit at 5h (before at 5h) shows none",
		"wait 3h5s to 5h",
		"step visit at 5h (before at 5h) shows none",
	}
	if diff := cmp.Diff(want, j.calls); diff != "" {
		t.Errorf("judge calls (-want +got):\n%s", diff)
	}
}

func TestRunErrors(t *testing.T) {
	for _, c := range []struct {
		text string
		opts Options
		want string
	}{
		{"violates yammer-agrees\nat 0s visit\n", Options{},
			"s.scenario:1: violates yammer-agrees: no property catalog (want a run with a judge of properties)"},
		{"# c\nviolates yammer-agrees\n", Options{Judge: testJudge()},
			`s.scenario:2: unknown property "yammer-agrees" (want one of sharepoint-change-sticks, lync-always-shows-a-photo, test-cache-hit, test-cache-lingers, test-stale-72h)`},
		{"at 0s restart-outlook observer2\n", Options{Viewers: 2},
			"s.scenario:1: viewer observer2 is not configured (want one of subject, observer, or more viewers)"},
		{"at 0s view yammer observer\n", Options{Viewers: 1},
			"s.scenario:1: viewer observer is not configured (want subject, or more viewers)"},
	} {
		_, err := Run(mustParse(t, c.text), model.Observed(), c.opts)
		if err == nil || err.Error() != c.want {
			t.Errorf("Run(%q) = %v\nwant %s", c.text, err, c.want)
		}
	}
	// A program-built scenario Parse would reject.
	bad := &Scenario{File: "b", Lines: []Line{{Num: 1, Directive: At{Time: -time.Second, Action: model.Action{Kind: model.Visit}}}}}
	if _, err := Run(bad, model.Observed(), Options{}); err == nil || err.Error() != "b:1: negative time -1s (want a time from the start)" {
		t.Errorf("Run(negative time) = %v", err)
	}
}

// mapLoader reads files from a map, as os.ReadFile would.
func mapLoader(files map[string]string) Loader {
	return func(path string) ([]byte, error) {
		if s, ok := files[path]; ok {
			return []byte(s), nil
		}
		return nil, &fs.PathError{Op: "open", Path: path, Err: fs.ErrNotExist}
	}
}

func TestResolveRules(t *testing.T) {
	load := mapLoader(map[string]string{
		"dir/p.json":   `{"name": "p", "base": "documented", "set": {"sharepoint.window": "24h"}}`,
		"dir/bad.json": "{\n  \"set\": {\n    \"sharepoint.windw\": \"1h\"}}",
		"q.json":       `{"set": {"owa.cacheTTL": "1m"}}`,
	})
	observed, documented := model.Observed(), model.Documented()
	withSet := func(r model.Rules, kv ...string) model.Rules {
		for i := 0; i < len(kv); i += 2 {
			if err := r.Set(kv[i], kv[i+1]); err != nil {
				t.Fatal(err)
			}
		}
		return r
	}
	p := withSet(documented, "sharepoint.window", "24h")
	p.Name, p.Base, p.Description = "p", "documented", ""
	q := withSet(observed, "owa.cacheTTL", "1m")
	q.Name, q.Base, q.Description = "q", "observed", ""
	for _, c := range []struct {
		text, override string
		want           model.Rules
		err            string
	}{
		{text: "at 0s visit\n", want: observed},
		{text: "rules documented\n", want: documented},
		{text: "rules documented\nset lync.cacheTTL 1m\n", want: withSet(documented, "lync.cacheTTL", "1m")},
		{text: "rules p.json\n", want: p},
		{text: "rules p.json\nset sharepoint.window 1h\n", want: withSet(p, "sharepoint.window", "1h")},
		{text: "rules p.json\nset sharepoint.window 1h\n", override: "ideal", want: withSet(model.Ideal(), "sharepoint.window", "1h")},
		{text: "rules documented\n", override: "q.json", want: q},
		{text: "rules bad.json\n", err: `dir/s.scenario:1: rules bad.json: dir/bad.json:3: unknown knob "sharepoint.windw" (want one of sharepoint.window, sharepoint.windowFrom, sharepoint.visit, owa.cacheTTL, lync.cacheTTL, outlookClient.cacheTTL, browser.cacheTTL, lync.offlineHidesPhoto, hover.source, picker.cacheBusting, mysite.writesExchange, sharepoint.visitQueues, yammer.sync, dirsync.thumbnails, dirsync.interval, dirsync.once, dirsync.conflict, setUserPhoto, photo.source, sharepoint.trigger, sharepoint.maxDelay, teams.serviceCacheTTL, teams.clientCacheTTL, yammer.delay, yammer.editable, photo.userEdits)`},
		{text: "rules absent.json\n", err: "dir/s.scenario:1: rules absent.json: open dir/absent.json: file does not exist"},
		{text: "rules wished\n", err: `dir/s.scenario:1: rules wished: unknown rule set "wished" (want one of observed, documented, ideal, sharepoint-2013, exchange-online-2016, transition-2023, modern, or a rules file ending in .json)`},
		{text: "at 0s visit\n", override: "wished", err: `rules wished: unknown rule set "wished" (want one of observed, documented, ideal, sharepoint-2013, exchange-online-2016, transition-2023, modern, or a rules file ending in .json)`},
	} {
		sc, err := Parse("dir/s.scenario", []byte(c.text))
		if err != nil {
			t.Fatal(err)
		}
		got, err := ResolveRules(sc, c.override, load)
		if c.err != "" {
			if err == nil || err.Error() != c.err {
				t.Errorf("ResolveRules(%q, %q) = %v\nwant %s", c.text, c.override, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("ResolveRules(%q, %q): %v", c.text, c.override, err)
			continue
		}
		if diff := cmp.Diff(c.want, got, cmpopts.IgnoreUnexported(model.Rules{})); diff != "" {
			t.Errorf("ResolveRules(%q, %q) (-want +got):\n%s", c.text, c.override, diff)
		}
	}
}

// TestRunAgainstBruteForce checks the belief-state runner against a simple
// reference: follow every branch of every view separately, with no
// deduplication and no forgetting of clocks, and collect what each view can
// show and which properties every run violates. Random short scenarios
// under several rule sets must agree.
func TestRunAgainstBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	short := model.Observed()
	short.Name = "short"
	for _, kv := range [][2]string{{"browser.cacheTTL", "1h"}, {"outlookClient.cacheTTL", "30s"}, {"sharepoint.window", "5m"},
		{"dirsync.interval", "1h"}, {"sharepoint.windowFrom", "last-change"}} {
		if err := short.Set(kv[0], kv[1]); err != nil {
			t.Fatal(err)
		}
	}
	ruleSets := []model.Rules{model.Observed(), model.Documented(), model.Ideal(), short}
	n := 1000
	if testing.Short() {
		n = 100
	}
	for i := range n {
		r := ruleSets[i%len(ruleSets)]
		sc := randomScenario(rng, r, 14, testJudge())
		res, err := Run(sc, r, Options{Judge: testJudge(), Viewers: 2})
		if err != nil {
			t.Fatalf("%v\n%s", err, sc.Format())
		}
		if !res.OK() {
			t.Fatalf("under %s the runner disagrees with the reference:\n%s\n%s", r.Name, res, sc.Format())
		}
	}
}

// randomScenario draws a scenario of n actions and views, then asks the
// reference what each view can show: views become expect lines (or, one
// time in four, observe lines of a photo drawn from the possible ones), and
// the violates lines name what every run violates, as j judges.
func randomScenario(rng *rand.Rand, r model.Rules, n int, j Judge) *Scenario {
	gaps := []time.Duration{0, 0, time.Second, 2 * time.Second, 5 * time.Second, 9 * time.Second, 9 * time.Second,
		10 * time.Second, 29 * time.Second, 30 * time.Second, 5 * time.Minute, time.Hour, 3 * time.Hour, 72 * time.Hour}
	kinds := []model.ActionKind{model.Visit, model.EditCancel, model.RestartOutlook, model.ClearBrowserCache,
		model.LyncSignIn, model.LyncSignOut, model.DirSync}
	// Three surfaces per scenario, mostly one viewer, so that views often
	// meet the caches earlier views filled.
	all := model.Surfaces()
	surfaces := []model.Surface{all[rng.IntN(len(all))], all[rng.IntN(len(all))], all[rng.IntN(len(all))]}
	viewer := func() model.Viewer { return model.Viewer(1 + min(rng.IntN(4), 1)) }
	var steps []At
	now := time.Duration(0)
	for range n {
		now += gaps[rng.IntN(len(gaps))]
		var a model.Action
		switch k := rng.IntN(10); {
		case k < 6:
			a = model.Action{Kind: model.View, Surface: surfaces[rng.IntN(len(surfaces))], Viewer: viewer()}
		case k < 9:
			a = model.Action{Kind: model.Change, Source: model.Sources()[rng.IntN(len(model.Sources()))]}
		default:
			a = model.Action{Kind: kinds[rng.IntN(len(kinds))]}
			if a.Kind == model.RestartOutlook || a.Kind == model.ClearBrowserCache {
				a.Viewer = viewer()
			}
		}
		steps = append(steps, At{Time: now, Action: a})
	}
	paths := []refPath{{s: model.Initial()}}
	for i := range steps {
		d := &steps[i]
		var outs []refPath
		shown := map[string]bool{}
		for _, p := range paths {
			p, s := p.advance(&r, j, d.Time)
			for _, o := range model.Step(&r, s, d.Action) {
				shown[o.Shown.String()] = true
				mask := p.mask | stepMask(j, &r, model.Transition{Before: s, Action: d.Action, Next: o})
				outs = append(outs, refPath{o.State, mask, o.Shown})
			}
		}
		if d.Action.Kind == model.View {
			var set []model.Photo // the reference's own way to a set: by name
			for name := range shown {
				p, err := model.ParsePhoto(name)
				if err != nil {
					panic(err)
				}
				set = append(set, p)
			}
			slices.SortFunc(set, func(a, b model.Photo) int { return a.ID() - b.ID() })
			d.Check, d.Photos = Expect, set
			if rng.IntN(4) == 0 {
				seen := set[rng.IntN(len(set))]
				d.Check, d.Photos = Observe, []model.Photo{seen}
				outs = slices.DeleteFunc(outs, func(p refPath) bool { return p.shown.String() != seen.String() })
			}
		}
		paths = outs
	}
	sc := &Scenario{File: "random"}
	sc.Append(nil, "# under "+r.Name)
	for i, name := range j.Names() {
		all := true
		for _, q := range paths {
			all = all && q.mask&(1<<i) != 0
		}
		if all {
			sc.Append(Violates{Property: name}, "")
		}
	}
	for _, d := range steps {
		sc.Append(d, "")
	}
	return sc
}

// refPath is one run of the reference: its state, what it violated, and
// what its last step showed.
type refPath struct {
	s     model.State
	mask  uint64
	shown model.Photo
}

// advance lets time pass to instant to, judging every timer and quiet
// interval, and returns the path and the state at to.
func (p refPath) advance(r *model.Rules, j Judge, to time.Duration) (refPath, model.State) {
	s, fired := model.Advance(r, p.s, to)
	prev := p.s
	for _, f := range fired {
		if f.State.Now > prev.Now {
			p.mask |= waitMask(j, r, prev, f.State.Now)
		}
		before := prev
		before.Now = f.State.Now
		p.mask |= stepMask(j, r, model.Transition{Before: before, Action: model.Action{Kind: model.Tick}, Next: f})
		prev = f.State
	}
	if to > prev.Now {
		p.mask |= waitMask(j, r, prev, to)
	}
	return p, s
}
