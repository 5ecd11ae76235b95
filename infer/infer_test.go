package infer

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"

	"photosync/engine"
	"photosync/model"
	"photosync/scenario"
	"photosync/scenario/scenariotest"
)

// candidates lists every rule set of a space: the product in the order of
// its axes, then the named rule sets outside it.
func candidates(sp Space) []model.Rules {
	list := []model.Rules{sp.Base}
	for _, a := range sp.Axes {
		var next []model.Rules
		for _, r := range list {
			for _, v := range a.Values {
				c := r
				if err := c.Set(a.Knob, v); err != nil {
					panic(err)
				}
				next = append(next, c)
			}
		}
		list = next
	}
	for _, r := range sp.Named {
		if sp.coordinates(r) == nil {
			list = append(list, r)
		}
	}
	return list
}

// drawSpace draws a small space: a named base, two or three enumerated or
// boolean knobs (each over a few of its values), now and then a duration
// knob over two values, and now and then the named rule sets.
func drawSpace(t *rapid.T) Space { return drawSpaceWith(t, nil) }

// drawSpaceWith draws a small space as drawSpace does, its first axis one
// of the knobs named in first when there are any.
func drawSpaceWith(t *rapid.T, first []string) Space {
	names := model.NamedRuleSets()
	base, _ := model.Named(rapid.SampledFrom(names).Draw(t, "base"))
	sp := Space{Base: base}
	var enums, firsts []model.Knob
	for _, k := range model.Knobs() {
		if k.Choices() != nil {
			enums = append(enums, k)
			if slices.Contains(first, k.Name) {
				firsts = append(firsts, k)
			}
		}
	}
	picked := map[string]bool{}
	for i := range rapid.IntRange(1, 3).Draw(t, "axes") {
		from := enums
		if i == 0 && len(firsts) > 0 {
			from = firsts
		}
		k := rapid.SampledFrom(from).Draw(t, "knob")
		if picked[k.Name] {
			continue
		}
		picked[k.Name] = true
		var vs []string
		for _, v := range k.Choices() {
			if rapid.Bool().Draw(t, "try "+v) {
				vs = append(vs, v)
			}
		}
		if len(vs) == 0 {
			vs = k.Choices()
		}
		sp.Axes = append(sp.Axes, Axis{Knob: k.Name, Values: vs})
	}
	if rapid.IntRange(0, 3).Draw(t, "duration axis") == 0 {
		k := rapid.SampledFrom([]string{"sharepoint.window", "owa.cacheTTL", "dirsync.interval", "teams.clientCacheTTL"}).Draw(t, "duration knob")
		sp.Axes = append(sp.Axes, Axis{Knob: k, Values: []string{"1h", "24h"}})
	}
	if rapid.IntRange(0, 3).Draw(t, "named") == 0 {
		for _, rs := range model.RuleSets() {
			sp.Named = append(sp.Named, rs.Rules())
		}
	}
	if err := sp.init(); err != nil {
		t.Fatal(err)
	}
	return sp
}

// logCase is a random small space, a candidate of it, and an observation
// log made under that candidate.
type logCase struct {
	space Space
	all   []model.Rules // every candidate
	truth model.Rules
	text  string
}

// GoString keeps rapid's log of a drawn case short: the space, the knobs
// the truth sets otherwise than the base, and the log.
func (c logCase) GoString() string {
	return fmt.Sprintf("space %s %v; truth %v\n%s", c.space.Base.Name, c.space.Axes, model.Changed(c.space.Base, c.truth), c.text)
}

// drawCase draws a logCase whose log has up to maxLines lines.
func drawCase(maxLines int) *rapid.Generator[logCase] { return drawLog(2, maxLines, time.Hour, 0, nil) }

// drawLongCase draws a logCase whose log is long enough for the groups'
// Sets to merge cache entries (engine.Options.MergeCaches): 40 to
// maxLines lines, a few minutes apart on average so that caches fill
// between changes, with about one view in four unchecked (its observe line
// made a view line), so that the states a view may leave pile up instead
// of being pruned by what it showed.
func drawLongCase(maxLines int) *rapid.Generator[logCase] {
	return drawLog(40, maxLines, 3*time.Minute, 4, nil)
}

// drawLog draws a logCase whose log has minLines to maxLines lines, about
// perLine apart, with about one observe line in every unchecked made a
// view line (none when 0), over a space whose first axis is one of the
// knobs of first when there are any (drawSpaceWith).
func drawLog(minLines, maxLines int, perLine time.Duration, unchecked int, first []string) *rapid.Generator[logCase] {
	return rapid.Custom(func(t *rapid.T) logCase {
		sp := drawSpaceWith(t, first)
		all := candidates(sp)
		truth := all[rapid.IntRange(0, len(all)-1).Draw(t, "truth")]
		n := rapid.IntRange(minLines, maxLines).Draw(t, "lines")
		seed := rapid.Uint64().Draw(t, "seed")
		text := scenariotest.ObservationLog(truth, n, time.Duration(n)*perLine, seed, true)
		if unchecked > 0 {
			text = uncheck(text, seed, unchecked)
		}
		return logCase{space: sp, all: all, truth: truth, text: text}
	})
}

// uncheck makes about one observe line in every k a view line, the same
// view without its check; seed picks which.
func uncheck(text string, seed uint64, k int) string {
	rng := rand.New(rand.NewPCG(seed, 1))
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		if f := strings.Fields(l); len(f) == 6 && f[2] == "observe" && rng.IntN(k) == 0 {
			lines[i] = strings.Join([]string{f[0], f[1], "view", f[3], f[4]}, " ")
		}
	}
	return strings.Join(lines, "\n")
}

// TestAgainstBruteForce runs random logs, made under a random candidate of
// a random small space, against a run of each candidate alone
// (againstBruteForce): short logs, and long ones with unchecked views, for
// which the groups' Sets merge cache entries.
func TestAgainstBruteForce(t *testing.T) {
	merged := 0
	rapid.Check(t, func(t *rapid.T) {
		if againstBruteForce(t, rapid.OneOf(drawCase(40), drawLongCase(100)).Draw(t, "case")) {
			merged++
		}
	})
	// The long logs are there for the merges: a test whose logs never
	// merged a cache entry would check nothing of them.
	if merged == 0 {
		t.Fatal("no log made a group's Set merge a cache entry")
	}
	t.Logf("%d logs merged cache entries", merged)
}

// TestSharedKnobsAgainstBruteForce is TestAgainstBruteForce over spaces
// that vary a knob of those a representative reads for its group only
// when the group shares it (model.Rules.Fix): dirsync.conflict,
// sharepoint.trigger and yammer.sync, which decide whether time branches,
// and sharepoint.windowFrom, which with the trigger decides which window
// clocks Forget clears. Fixing them in a group whose candidates differ
// there fails it within a few dozen cases.
func TestSharedKnobsAgainstBruteForce(t *testing.T) {
	shared := []string{"dirsync.conflict", "sharepoint.trigger", "yammer.sync", "sharepoint.windowFrom"}
	rapid.Check(t, func(t *rapid.T) {
		againstBruteForce(t, rapid.OneOf(drawLog(2, 40, time.Hour, 0, shared), drawLog(40, 80, 3*time.Minute, 4, shared)).Draw(t, "case"))
	})
}

// againstBruteForce runs the log of case c, a third of the time with one
// observation changed, once lazily over its whole space and once per
// candidate with the scenario runner, unmerged, and fails unless every
// candidate fits in the one exactly when it fits in the other, the counts
// agree, the candidate the log was made under fits it, unaltered, and
// each fitting candidate's group could show, after the log, what the
// candidate alone could. It reports whether a group's Set merged.
func againstBruteForce(t *rapid.T, c logCase) (merged bool) {
	sp, all, truth, text := c.space, c.all, c.truth, c.text
	n := strings.Count(text, "\n")
	altered := rapid.IntRange(0, 2).Draw(t, "alter") == 0
	if altered {
		text = alter(text, rapid.IntRange(0, n).Draw(t, "which"), rapid.IntRange(0, 3).Draw(t, "photo"))
	}
	t.Logf("space %s; truth %v\n%s", sp.String(), model.Changed(sp.Base, truth), text)
	sc, in := inferText(t, sp, text)
	fitting := 0
	for _, r := range all {
		// Unmerged: the slow twin of infer's merged beliefs, one state
		// at a time.
		res, err := scenario.Run(sc, r, scenario.Options{Unmerged: true, MaxStates: bruteForceStates})
		var bounded *scenario.BoundError
		if errors.As(err, &bounded) {
			// A long log of unchecked views can keep tens of thousands
			// of states apart, gigabytes.
			t.Skipf("the brute force is bounded: %v", err)
		}
		if err != nil {
			t.Fatal(err)
		}
		if res.OK() {
			fitting++
		}
		if got := in.Fits(r); got != res.OK() {
			t.Fatalf("%s %v: infer says fits=%v, the scenario runner:\n%s", r.Name, model.Changed(sp.Base, r), got, res)
		}
		if res.OK() {
			if got, want := predictions(r, in.groupOf(r).set.States()), predictions(r, unmergedStates(t, sc, r)); got != want {
				t.Fatalf("%s %v: after the log, infer's group can show\n%s\na run of the candidate alone\n%s",
					r.Name, model.Changed(sp.Base, r), got, want)
			}
		}
	}
	if sum := in.Summary(); sum.Fitting != fitting || in.Candidates != len(all) {
		t.Fatalf("infer counts %d of %d fitting, brute force %d of %d", sum.Fitting, in.Candidates, fitting, len(all))
	}
	if !altered && !in.Fits(truth) {
		t.Fatalf("the candidate the log was made under does not fit it")
	}
	return in.merged > 0
}

// bruteForceStates bounds the states a run of one candidate, unmerged, may
// keep apart in the brute forces.
const bruteForceStates = 3000

// unmergedStates runs log sc under rule set r, which it fits, one state at
// a time (an engine.Set that neither merges nor forgets, each line
// concluded as the scenario runner concludes it) and returns the states it
// ends in.
func unmergedStates(t *rapid.T, sc *scenario.Scenario, r model.Rules) []model.State {
	set := engine.New(&r, engine.Options{MaxStates: bruteForceStates})
	for _, l := range sc.Lines {
		if d, ok := l.Directive.(scenario.At); ok {
			if held, _ := scenario.Conclude(set, d, set.Apply(d.Time, d.Action, nil)); !held || set.Err() != nil {
				t.Fatalf("line %d does not hold (%v), but the scenario runner says the log fits", l.Num, set.Err())
			}
		}
	}
	return set.States()
}

// predictions writes what a view of every surface by every viewer could
// show in the states, under r: what tells possible states apart to a
// tenant. (The states themselves need not be equal: a Set that merges
// drops a Teams value that another covers, engine's "Covered Teams
// values", which no view can tell.)
func predictions(r model.Rules, states []model.State) string {
	r = r.Untracked()
	var b strings.Builder
	for _, v := range model.Viewers(2) {
		for _, surf := range model.Surfaces() {
			fmt.Fprintf(&b, "%s %s %v\n", surf, v, engine.Could(&r, states, surf, v))
		}
	}
	return b.String()
}

// inferText parses a log and runs it over space sp.
func inferText(t interface{ Fatal(...any) }, sp Space, text string) (*scenario.Scenario, *Inference) {
	sc, err := scenario.Parse("log", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	in, err := Run(sp, []*scenario.Scenario{sc}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return sc, in
}

// alter changes the photo of the k-th observe line (counting around) to
// vP, or none for P 0.
func alter(text string, k, p int) string {
	lines := strings.Split(text, "\n")
	var obs []int
	for i, l := range lines {
		if strings.Contains(l, " observe ") {
			obs = append(obs, i)
		}
	}
	if len(obs) == 0 {
		return text
	}
	i := obs[k%len(obs)]
	f := strings.Fields(lines[i])
	f[len(f)-1] = "none"
	if p > 0 {
		f[len(f)-1] = fmt.Sprintf("v%d", p-1)
	}
	lines[i] = strings.Join(f, " ")
	return strings.Join(lines, "\n")
}

// TestSummary checks settled, open and named against the candidates that
// fit, by brute force, on the default space's knobs restricted to a few.
func TestSummaryAgainstBruteForce(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := rapid.OneOf(drawCase(30), drawLongCase(100)).Draw(t, "case")
		sp, all := c.space, c.all
		_, in := inferText(t, sp, c.text)
		values := map[string][]string{}
		var named []string
		for _, r := range all {
			if !in.Fits(r) {
				continue
			}
			for _, a := range sp.Axes {
				k, _ := model.LookupKnob(a.Knob)
				if v := k.Get(r); !slices.Contains(values[a.Knob], v) {
					values[a.Knob] = append(values[a.Knob], v)
				}
			}
		}
		for _, r := range sp.Named {
			if in.Fits(r) {
				named = append(named, r.Name)
			}
		}
		sum := in.Summary()
		for _, s := range sum.Settled {
			if !slices.Equal(values[s.Knob], s.Values) {
				t.Fatalf("settled %s = %v, but the fitting candidates take %v", s.Knob, s.Values, values[s.Knob])
			}
		}
		for _, s := range sum.Open {
			got, want := slices.Sorted(slices.Values(s.Values)), slices.Sorted(slices.Values(values[s.Knob]))
			if !slices.Equal(got, want) || len(s.Values) < 2 {
				t.Fatalf("open %s: %v, but the fitting candidates take %v", s.Knob, s.Values, values[s.Knob])
			}
		}
		if len(sum.Settled)+len(sum.Open) != len(sp.Axes) {
			t.Fatalf("%d settled and %d open of %d varied knobs", len(sum.Settled), len(sum.Open), len(sp.Axes))
		}
		if !slices.Equal(sum.Named, named) {
			t.Fatalf("named %v, brute force %v", sum.Named, named)
		}
	})
}

// TestNextOutcomesAgainstBruteForce: each outcome of the next experiment
// leaves exactly the candidates that fit the log with the experiment and
// that observation appended; and there are at least two outcomes, so the
// experiment tells some candidates apart. Each search takes about a
// second, so it runs a fixed number of cases, not rapid's budget.
func TestNextOutcomesAgainstBruteForce(t *testing.T) {
	cases, long := 10, 3
	if testing.Short() {
		cases, long = 4, 1
	}
	gen, longGen := drawCase(12), drawLongCase(80)
	searched, merged := 0, 0
	for i := range cases + long {
		c := gen.Example(i)
		if i >= cases {
			// Logs long enough for the groups' Sets to merge cache
			// entries, which the experiment continues from.
			c = longGen.Example(i)
		}
		_, in := inferText(t, c.space, c.text)
		if in.merged > 0 {
			merged++
		}
		next, err := in.Next(NextConfig{MaxDepth: 4, MaxWork: 20_000})
		if next == nil {
			t.Logf("case %d: no next experiment (%d fit): %v", i, in.Summary().Fitting, err)
			continue
		}
		searched++
		if len(next.Outcomes) < 2 {
			t.Fatalf("case %d: an experiment with %d outcomes tells nothing apart", i, len(next.Outcomes))
		}
		worst := 0
		for _, o := range next.Outcomes {
			fitting, text := fitAfter(t, c, next, o.Photo)
			if fitting != o.Fitting || fitting == 0 {
				t.Fatalf("case %d, outcome %s: infer says %d stay, brute force %d\n%s", i, o.Photo, o.Fitting, fitting, text)
			}
			if now := in.Summary().Fitting; fitting >= now {
				t.Fatalf("case %d, outcome %s: all %d candidates stay: an experiment must narrow whatever it shows\n%s", i, o.Photo, now, text)
			}
			worst = max(worst, fitting)
		}
		if worst != next.Worst {
			t.Fatalf("case %d: worst outcome %d, brute force %d", i, next.Worst, worst)
		}
	}
	if searched == 0 || merged == 0 {
		t.Fatalf("%d cases had a next experiment, %d merged a cache entry; want some of each", searched, merged)
	}
}

// fitAfter counts, by brute force, the candidates that fit c's log with the
// next experiment appended and its last view showing p.
func fitAfter(t *testing.T, c logCase, next *Next, p model.Photo) (int, string) {
	var b strings.Builder
	b.WriteString(c.text)
	lastAt := len(next.Moves) - 1
	for _, m := range next.Moves[:lastAt] {
		fmt.Fprintf(&b, "at %s %s\n", model.FormatDuration(m.At), m.Action)
	}
	last := next.Moves[lastAt]
	fmt.Fprintf(&b, "at %s observe %s %s %s\n", model.FormatDuration(last.At), last.Action.Surface, last.Action.Viewer, p)
	longer, err := scenario.Parse("log", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	fitting := 0
	for _, r := range c.all {
		res, err := scenario.Run(longer, r, scenario.Options{Unmerged: true})
		if err != nil {
			t.Fatal(err)
		}
		if res.OK() {
			fitting++
		}
	}
	return fitting, b.String()
}

// TestExpectAndSeveralLogs: an expect line keeps the candidates under
// which its set is exactly what the view can show, and several logs keep
// the candidates that fit each.
func TestExpectAndSeveralLogs(t *testing.T) {
	sp := Space{Base: model.Observed(), Axes: []Axis{
		{Knob: "yammer.editable", Values: []string{"true", "false"}},
		{Knob: "yammer.sync", Values: []string{"none", "from-exchange", "two-way"}},
	}}
	if err := sp.init(); err != nil {
		t.Fatal(err)
	}
	yammer := "at 0s change yammer\nat 1s expect yammer observer = v1\n"
	outlook := "at 0s change outlook-online\nat 1m observe yammer observer v1\n"
	_, a := inferText(t, sp, yammer)
	_, b := inferText(t, sp, outlook)
	logs := []*scenario.Scenario{}
	for _, text := range []string{yammer, outlook} {
		sc, err := scenario.Parse("log", []byte(text))
		if err != nil {
			t.Fatal(err)
		}
		logs = append(logs, sc)
	}
	both, err := Run(sp, logs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	fits := 0
	for _, r := range candidates(sp) {
		want := a.Fits(r) && b.Fits(r)
		if both.Fits(r) != want {
			t.Errorf("%v: fits both logs together: %v, each alone: %v and %v", model.Changed(sp.Base, r), both.Fits(r), a.Fits(r), b.Fits(r))
		}
		if want {
			fits++
		}
		if k, _ := model.LookupKnob("yammer.editable"); a.Fits(r) != (k.Get(r) == "true") {
			t.Errorf("%v: the expect line keeps it: %v", model.Changed(sp.Base, r), a.Fits(r))
		}
	}
	// Yammer editable, and Exchange's photo reaching Yammer: from-exchange
	// or two-way.
	if fits != 2 || both.Summary().Fitting != 2 {
		t.Errorf("%d candidates fit both logs (summary %d), want 2", fits, both.Summary().Fitting)
	}
}
