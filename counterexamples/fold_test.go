package counterexamples

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"photosync/model"
)

// TestFoldPlan: on random sequences of steps (a few shapes, runs of
// repeated blocks between them), a plan covers every step once, in
// order; a fold of a block's repetitions leaves out only steps of the
// shapes of the block shown before it, in its order; capped, the plan
// shows at most the limit and every pinned step, and no more than it must.
func TestFoldPlan(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 2))
	for c := 0; c < 300; c++ {
		var keys []string
		var at []time.Duration
		now := time.Duration(0)
		for len(keys) < 50+rng.IntN(400) {
			block := make([]string, 1+rng.IntN(4))
			for k := range block {
				block[k] = string(rune('a' + rng.IntN(3)))
			}
			gap := time.Duration(1+rng.IntN(3)) * time.Second
			for range 1 + rng.IntN(12) {
				for _, k := range block {
					keys, at = append(keys, k), append(at, now)
					now += gap * time.Duration(rng.IntN(2))
				}
				now += gap
			}
		}
		n := len(keys)
		pinned := map[int]bool{rng.IntN(n): true, rng.IntN(n): true}
		for i := range pinned {
			keys[i] = fmt.Sprint("pinned ", i) // as Report.plan keys an event where a property is violated
		}
		plan := foldPlan(keys, at)
		checkCover(t, plan, n)
		for x, s := range plan {
			if !s.folded {
				continue
			}
			if s.size < 1 || (s.j-s.i)%s.size != 0 || x == 0 || plan[x-1].folded || plan[x-1].j-plan[x-1].i < s.size {
				t.Fatalf("case %d: fold %+v after %+v", c, s, plan[max(x-1, 0)])
			}
			for k := s.i; k < s.j; k++ {
				if keys[k] != keys[s.i-s.size+(k-s.i)%s.size] {
					t.Fatalf("case %d: fold %+v leaves out step %d (%s), not its block's", c, s, k, keys[k])
				}
			}
		}
		limit := 10 + rng.IntN(40)
		capped := capPlan(plan, n, limit, func(i int) bool { return pinned[i] })
		checkCover(t, capped, n)
		shown := shownSteps(capped)
		if shown > limit+len(pinned) || shown < min(limit, shownSteps(plan)) {
			t.Fatalf("case %d: capped at %d, the plan shows %d steps (uncapped %d)", c, limit, shown, shownSteps(plan))
		}
		for i := range pinned {
			if !isShown(capped, i) {
				t.Fatalf("case %d: pinned step %d is folded", c, i)
			}
		}
	}
}

// checkCover fails unless the segments cover steps [0, n) once, in order,
// none empty, no two shown ones side by side.
func checkCover(t *testing.T, segs []segment, n int) {
	t.Helper()
	next := 0
	for x, s := range segs {
		if s.i != next || s.j <= s.i || x > 0 && !s.folded && !segs[x-1].folded {
			t.Fatalf("segment %d %+v does not follow %d", x, s, next)
		}
		next = s.j
	}
	if next != n {
		t.Fatalf("the segments end at %d of %d steps", next, n)
	}
}

func isShown(segs []segment, i int) bool {
	for _, s := range segs {
		if s.i <= i && i < s.j {
			return !s.folded
		}
	}
	return false
}

// longReport is the report of n changes of Outlook on the web one every
// 2 s, then the observer's view of the contact card: its events built as
// NewReport builds them for that scenario (replaying 100,000 lines takes
// a minute), with the view's column.
func longReport(n int) *Report {
	rep := &Report{Name: "long", File: "long.scenario", Title: "A hundred thousand changes", Rules: model.Observed(),
		Viewers: 2, Columns: []Column{{model.OutlookOnlineContactCard, model.Observer}}}
	var sc strings.Builder
	sc.WriteString("rules observed\n")
	for k := range n {
		at := time.Duration(2*k) * time.Second
		rep.Events = append(rep.Events, Event{At: at, Line: k + 2, Action: model.Action{Kind: model.Change, Source: model.FromOutlookOnline},
			Made: model.V(k + 1), Column: -1, Could: [][]model.Photo{{model.V(k + 1)}}})
		fmt.Fprintf(&sc, "at %s change outlook-online\n", model.FormatDuration(at))
	}
	at := time.Duration(2*n) * time.Second
	rep.Events = append(rep.Events, Event{At: at, Line: n + 2, Action: model.Action{Kind: model.View,
		Surface: model.OutlookOnlineContactCard, Viewer: model.Observer}, Column: 0,
		Shown: []model.Photo{model.V(n)}, Could: [][]model.Photo{{model.V(n)}}})
	fmt.Fprintf(&sc, "at %s view outlook-online-contact-card observer\n", model.FormatDuration(at))
	rep.Scenario = sc.String()
	return rep
}

var foldedEvents = regexp.MustCompile(`([\d,]+) events left out here \(([\d,]+) × change outlook-online\), one every 2s, from `)

// TestLongReportIsSmall is issue 15's report of 100,000 changes: its
// picture and its Markdown stay under 2 MB (they were 107 MB and 20 MB),
// fold the changes into one stretch that says how many and how often,
// and show the first and last changes and the view; the picture is a
// valid SVG that rsvg-convert renders.
func TestLongReportIsSmall(t *testing.T) {
	const n = 100_000
	rep := longReport(n)
	svg, md := rep.SVG(), rep.Markdown()
	for _, f := range []struct{ name, text string }{{"SVG", svg}, {"Markdown", md}} {
		if len(f.text) > 2<<20 {
			t.Fatalf("the %s of %d changes has %d bytes, want at most 2 MB", f.name, n, len(f.text))
		}
	}
	m := foldedEvents.FindStringSubmatch(md)
	if m == nil || m[1] != m[2] {
		t.Fatalf("the Markdown folds no stretch of changes, one every 2s:\n%.3000s", md)
	}
	if left, _ := strconv.Atoi(strings.ReplaceAll(m[1], ",", "")); left < n-DefaultMaxSteps || left > n-2 {
		t.Errorf("the Markdown leaves out %d of %d changes", left, n)
	}
	for _, want := range []string{"1. At 0s, ", "| 1 | 0s |", fmt.Sprintf("| %d | %s |", n+1, model.FormatDuration(2*n*time.Second)),
		"| `view outlook-online-contact-card observer` | **v100000** |", "The scenario has 100,002 lines, more than this page shows",
		"# … 99,99"} {
		if !strings.Contains(md, want) {
			t.Errorf("the Markdown lacks %q", want)
		}
	}
	root := parseSVG(t, svg)
	ids := root.byID(map[string]*element{})
	if f := ids["fold-1"]; f == nil || !strings.Contains(f.text, "99,9") || !strings.Contains(f.text, "one every 2s") {
		t.Errorf("the picture has no fold of the changes: %v", f)
	}
	if ids["step-1"] == nil || ids[fmt.Sprintf("step-%d", n+1)] == nil || ids["step-5000"] != nil {
		t.Error("the picture does not show the first and last steps, or shows one from the middle")
	}
	if ids["legend-v100000"] == nil || ids["legend-v5000"] != nil {
		t.Error("the legend does not have the photo viewed, or has one of a fold")
	}
	tool, err := exec.LookPath("rsvg-convert")
	if err != nil {
		t.Skip("rsvg-convert is missing (TestSVGRenders says how to install it)")
	}
	var out, errs bytes.Buffer
	cmd := exec.Command(tool, "--format", "png")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = strings.NewReader(svg), &out, &errs
	if err := cmd.Run(); err != nil || out.Len() == 0 {
		t.Fatalf("rsvg-convert: %v\n%s", err, errs.String())
	}
}

// TestManyPhotosStaySmall: a view that may show any of thousands of
// photos (a cache that never expires) names the first and last and counts
// the others, in the Markdown and in the picture's cells.
func TestManyPhotosStaySmall(t *testing.T) {
	ps := make([]model.Photo, 5000)
	for k := range ps {
		ps[k] = model.V(k)
	}
	if got, want := photos(ps), "v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, 4,988 other photos or v4999"; got != want {
		t.Errorf("photos(5,000) = %q, want %q", got, want)
	}
	rep := longReport(3)
	rep.Events[3].Shown, rep.Events[3].Could = ps, [][]model.Photo{ps}
	svg := rep.SVG()
	if len(svg) > 100<<10 || !strings.Contains(svg, ">+4995<") {
		t.Errorf("a cell of 5,000 photos: %d bytes, without its count of the others", len(svg))
	}
	if !slices.Contains(rep.legendPhotos(rep.layout()), model.V(4)) || slices.Contains(rep.legendPhotos(rep.layout()), model.V(4999)) {
		t.Error("the legend lists photos no cell shows, or not those it shows")
	}
}
