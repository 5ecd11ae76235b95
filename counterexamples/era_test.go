package counterexamples

import (
	"bytes"
	"fmt"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"photosync/model"
	"photosync/scenario"
)

// enumName matches what the model writes for a value it has no name for:
// "action(13)", "source(11)", "surface(13)".
var enumName = regexp.MustCompile(`[A-Za-z]+\(\d+\)`)

// checkWords fails unless words are a person's words: not empty, and no
// name of a value the model does not know.
func checkWords(t *testing.T, what, words string) {
	t.Helper()
	if strings.TrimSpace(words) == "" {
		t.Errorf("%s has no words", what)
	}
	if m := enumName.FindString(words); m != "" {
		t.Errorf("%s is written %q, with the unknown value %s", what, words, m)
	}
}

// TestEveryNameHasWords: every source, surface, action kind (those a
// scenario writes, model.Actions, and the model's own: Tick and the takes
// of R18 and R20) and effect has words of its own in the reports, none of
// them empty or a placeholder like "action(13)", and none the scenario
// keyword a switch falls back to.
func TestEveryNameHasWords(t *testing.T) {
	for _, src := range model.Sources() {
		checkWords(t, "source "+src.String(), sourceWords[src])
		e := Event{Action: model.Action{Kind: model.Change, Source: src}, Made: model.V(1)}
		if s := e.sentence(); !strings.HasPrefix(s, sourceWords[src]+" (the new photo is v1)") {
			t.Errorf("a change through %s reads %q", src, s)
		}
	}
	for _, surf := range model.Surfaces() {
		w := surfaceWords[surf]
		checkWords(t, "surface "+surf.String(), w.Label)
		checkWords(t, "surface "+surf.String()+" (where)", w.Where)
		if SurfaceLabel(surf) != w.Label || w.Label == surf.String() {
			t.Errorf("surface %s is labelled %q", surf, SurfaceLabel(surf))
		}
	}
	if got := (Column{model.TeamsClientSurface, model.Observer}).Label(); got != "Teams (observer)" {
		t.Errorf("the Teams column reads %q, want Teams (observer)", got)
	}

	kinds := []model.ActionKind{model.Tick, model.TakeSharePoint, model.TakeYammer}
	for _, a := range model.Actions(2) {
		if !slices.Contains(kinds, a.Kind) {
			kinds = append(kinds, a.Kind)
		}
	}
	for _, k := range kinds {
		a := model.Action{Kind: k, Source: model.FromGraph, Surface: model.TeamsClientSurface, Viewer: model.Observer}
		e := Event{Action: a, Made: model.V(1), Shown: []model.Photo{model.V(1)}}
		if k == model.Tick {
			e.Happened = []string{"SharePoint takes v1 from Exchange by itself"}
		}
		s := e.sentence()
		checkWords(t, "action "+k.String(), s)
		if strings.HasPrefix(s, a.String()) || strings.HasPrefix(s, k.String()) {
			t.Errorf("action %s reads %q: the scenario's keyword, not words", k, s)
		}
		main, _ := e.labels()
		if len(main) == 0 {
			t.Errorf("action %s has no label in the picture", k)
		}
		for _, l := range main {
			checkWords(t, "the picture's label of action "+k.String(), l)
		}
	}
	want := map[model.ActionKind]string{
		model.RestartTeams: "the observer signs out of Teams and signs back in (or clears its cache)",
		model.OpenYammer:   "the subject opens Viva Engage (Yammer)",
	}
	for k, w := range want {
		e := Event{Action: model.Action{Kind: k, Viewer: model.Observer}}
		if s := e.sentence(); s != w {
			t.Errorf("%s reads %q, want %q", k, s, w)
		}
	}

	// Effects: every bit the model defines, up to the last (the model
	// keeps no count of them).
	seen := map[string]model.Effects{}
	for e := model.Effects(1); e != 0 && e <= model.EffectTeamsServiceHit; e <<= 1 {
		w := effectWords[e]
		checkWords(t, fmt.Sprintf("effect %#x", uint16(e)), w)
		if other, ok := seen[w]; ok && w != "" {
			t.Errorf("effects %#x and %#x share the words %q", uint16(other), uint16(e), w)
		}
		seen[w] = e
	}
}

// loadEra reads a scenario of ../scenario/testdata and reports it with two
// viewers.
func loadEra(t *testing.T, name string) *Report {
	t.Helper()
	sc, r := load(t, filepath.Join("..", "scenario", "testdata", name+".scenario"))
	rep, err := NewReport(name, sc, r, 2)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// lineEvent returns the index of the event of scenario line num.
func lineEvent(t *testing.T, rep *Report, num int) int {
	t.Helper()
	for i, e := range rep.Events {
		if e.Line == num {
			return i
		}
	}
	t.Fatalf("no event of line %d", num)
	return -1
}

// scenarioLine returns the number of the first `at` line of rep's
// scenario that begins with text (spaces aside).
func scenarioLine(t *testing.T, rep *Report, text string) int {
	t.Helper()
	words := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	for i, l := range strings.Split(rep.Scenario, "\n") {
		if strings.HasPrefix(words(l), words(text)) {
			return i + 1
		}
	}
	t.Fatalf("no line %q in\n%s", text, rep.Scenario)
	return 0
}

// attr reads an integer attribute.
func attr(t *testing.T, e *element, name string) int {
	t.Helper()
	v, err := strconv.ParseFloat(e.attrs[name], 64)
	if err != nil {
		t.Fatalf("<%s %s=%q>: %v", e.name, name, e.attrs[name], err)
	}
	return int(v)
}

// laneSpan returns the top and bottom of a row of the picture: its
// background, the first rect of its group.
func laneSpan(t *testing.T, ids map[string]*element, c Column) (top, bottom int) {
	t.Helper()
	lane := ids[fmt.Sprintf("lane-%s-%s", c.Surface, c.Viewer)]
	if lane == nil {
		t.Fatalf("no row for %s seen by %s", c.Surface, c.Viewer)
	}
	bg := lane.find("rect")[0]
	return attr(t, bg, "y"), attr(t, bg, "y") + attr(t, bg, "height")
}

// checkBand checks the picture's band of span n of rep: labelled with the
// span's Label, across exactly the rows of the span's store, from right
// after the column of its Open event through that of its Close event.
func checkBand(t *testing.T, rep *Report, n int) {
	t.Helper()
	ids := parseSVG(t, rep.SVG()).byID(map[string]*element{})
	band := ids[fmt.Sprintf("span-%d", n+1)]
	if band == nil {
		t.Fatalf("span %d is not drawn", n+1)
	}
	sp := &rep.Spans[n]
	if !strings.Contains(band.text, sp.Label()) {
		t.Errorf("band %d reads %q, want %q", n+1, band.text, sp.Label())
	}
	rect := band.find("rect")[0]
	if rect.attrs["fill"] != bandColour || rect.attrs["fill-opacity"] == "" {
		t.Errorf("band %d is not a translucent band: %v", n+1, rect.attrs)
	}
	x0, x1 := attr(t, rect, "x"), attr(t, rect, "x")+attr(t, rect, "width")
	y0, y1 := attr(t, rect, "y"), attr(t, rect, "y")+attr(t, rect, "height")
	l := rep.layout()
	for i := range rep.Events {
		in := sp.Open < i && i <= sp.Close
		left, right := l.x[i]+cellInset, l.x[i]+l.w[i]-cellInset // the column's cells
		if covers := x0 <= left && right <= x1; covers != in {
			t.Errorf("band %d [%d, %d] covers the column of event %d (%s, [%d, %d]): %v, want %v",
				n+1, x0, x1, i+1, model.FormatDuration(rep.Events[i].At), left, right, covers, in)
		}
		if !in && !(right < x0 || x1 < left) {
			t.Errorf("band %d [%d, %d] overlaps the column of event %d [%d, %d]", n+1, x0, x1, i+1, left, right)
		}
	}
	for _, c := range rep.Columns {
		top, bottom := laneSpan(t, ids, c)
		reads := model.RouteOf(&rep.Rules, c.Surface).Store == sp.Store()
		if covers := y0 <= top && bottom <= y1; covers != reads {
			t.Errorf("band %d [y %d, %d] covers the row of %s (%s) [%d, %d]: %v, want %v",
				n+1, y0, y1, c.Label(), sp.Store(), top, bottom, covers, reads)
		}
		if !reads && !(bottom < y0 || y1 < top) {
			t.Errorf("band %d [y %d, %d] overlaps the row of %s", n+1, y0, y1, c.Label())
		}
	}
}

// wantSpan checks a span's store, photo, events and deadlines.
func wantSpan(t *testing.T, rep *Report, n int, take model.ActionKind, photo model.Photo, open, close int, began, by []time.Duration) {
	t.Helper()
	if n >= len(rep.Spans) {
		t.Fatalf("%d spans, want at least %d: %+v", len(rep.Spans), n+1, rep.Spans)
	}
	sp := rep.Spans[n]
	if sp.Take != take || sp.Photo != photo || sp.Open != open || sp.Close != close ||
		!slices.Equal(sp.Began, began) || !slices.Equal(sp.By, by) {
		t.Errorf("span %d is %+v, want %s %s from event %d to %d, begun %v, by %v", n+1, sp, take, photo, open+1, close+1, began, by)
	}
}

func contains(t *testing.T, doc string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(doc, w) {
			t.Errorf("the report does not say %q:\n%s", w, doc)
		}
	}
}

// TestSharePointTakeBand: under sharepoint.trigger service (R18) the take
// may happen anywhere from the change that makes SharePoint lack
// Exchange's photo to its deadline; the report's Spans say so, the
// picture draws a band across the SharePoint rows and the Markdown says
// where it begins and ends. Takes before the deadline are no events.
func TestSharePointTakeBand(t *testing.T) {
	rep := loadEra(t, "r18-sharepoint-trigger-service")
	h := time.Hour
	change0 := lineEvent(t, rep, scenarioLine(t, rep, "at 0s change outlook-online"))
	deadline := slices.IndexFunc(rep.Events, func(e Event) bool { return e.At == 24*h && e.Action.Kind == model.Tick })
	if deadline < 0 {
		t.Fatalf("no event for the deadline at 24h: %+v", rep.Events)
	}
	wantSpan(t, rep, 0, model.TakeSharePoint, model.V(1), change0, deadline, []time.Duration{0}, []time.Duration{24 * h})
	if got := rep.Spans[0].Label(); got != "SharePoint may take v1 anywhere in here (by 24h)" {
		t.Errorf("label %q", got)
	}
	// v2 from 25h until the change to v3 at 40h; v3 from then (by 49h,
	// or 64h where v2 was taken first) until the change to v4 at 50h;
	// v4 until the edit-cancel.
	change := func(at string) int { return lineEvent(t, rep, scenarioLine(t, rep, "at "+at)) }
	c25, c40 := change("25h       change"), change("40h       change")
	c50, ec := change("50h       change"), change("50h       edit-cancel")
	wantSpan(t, rep, 1, model.TakeSharePoint, model.V(2), c25, c40, []time.Duration{25 * h}, []time.Duration{49 * h})
	wantSpan(t, rep, 2, model.TakeSharePoint, model.V(3), c40, c50, []time.Duration{25 * h, 40 * h}, []time.Duration{49 * h, 64 * h})
	wantSpan(t, rep, 3, model.TakeSharePoint, model.V(4), c50, ec, []time.Duration{40 * h, 50 * h}, []time.Duration{64 * h, 74 * h})
	if len(rep.Spans) != 4 {
		t.Errorf("%d spans, want 4: %+v", len(rep.Spans), rep.Spans)
	}
	for n := range rep.Spans {
		checkBand(t, rep, n)
	}
	for i, e := range rep.Events {
		if e.Action.Kind == model.Tick && e.At > 0 && e.At < 24*h {
			t.Errorf("event %d at %s: a take that may happen anywhere in its span is an event: %v", i+1, model.FormatDuration(e.At), e.Happened)
		}
	}
	md := rep.Markdown()
	contains(t, md,
		"1. At 0s, the subject changes their photo in Outlook on the web (the new photo is v1); from now on SharePoint may take v1 from Exchange by itself (the Graph photo service) at any instant, by 24h at the latest (24h after it began to lack Exchange's photo, at 0s).",
		"the observer looks at the subject's photo in the SharePoint people picker and may see v0 or v1 (SharePoint may or may not have taken v1 yet)",
		fmt.Sprintf("%d. At 24h, nobody does anything, but SharePoint takes v1 from Exchange by itself (the Graph photo service), if it has not yet: 24h have passed since it began to lack Exchange's photo; from now on SharePoint holds Exchange's photo in every possible run, so no take is pending.", deadline+1),
		"from now on SharePoint may take v3 instead of v2 from Exchange by itself (the Graph photo service) at any instant, by 49h or 64h at the latest, depending on the run (24h after it began to lack Exchange's photo, at 25h or 40h)",
		" pending take |",
		"| SharePoint may take v1 from now on (by 24h) |",
		"| SharePoint holds Exchange's photo: no take pending |",
	)
	if strings.Contains(md, "window has passed") {
		t.Error("a take of R18 is written as R8's import")
	}
}

// TestYammerTakeBand: under yammer.sync on-use (R20) the take may happen
// anywhere from the subject's open-yammer to its deadline; the band is
// drawn across the Yammer rows only.
func TestYammerTakeBand(t *testing.T) {
	rep := loadEra(t, "r20-yammer-on-use")
	h := time.Hour
	open2 := lineEvent(t, rep, scenarioLine(t, rep, "at 2h  open-yammer"))
	at6 := slices.IndexFunc(rep.Events, func(e Event) bool { return e.At == 6*h && e.Action.Kind == model.Tick })
	open21 := lineEvent(t, rep, scenarioLine(t, rep, "at 21h open-yammer"))
	at25 := slices.IndexFunc(rep.Events, func(e Event) bool { return e.At == 25*h && e.Action.Kind == model.Tick })
	wantSpan(t, rep, 0, model.TakeYammer, model.V(1), open2, at6, []time.Duration{2 * h}, []time.Duration{6 * h})
	wantSpan(t, rep, 1, model.TakeYammer, model.V(2), open21, at25, []time.Duration{21 * h}, []time.Duration{25 * h})
	if len(rep.Spans) != 2 {
		t.Errorf("%d spans, want 2: %+v", len(rep.Spans), rep.Spans)
	}
	if got := rep.Spans[0].Label(); got != "Yammer may take v1 anywhere in here (by 6h)" {
		t.Errorf("label %q", got)
	}
	for n := range rep.Spans {
		checkBand(t, rep, n)
	}
	contains(t, rep.Markdown(),
		"At 2h, the subject opens Viva Engage (Yammer); from now on Yammer may take v1 from Exchange at any instant, by 6h at the latest (4h after the subject opened it, at 2h).",
		"Yammer takes v1 from Exchange, if it has not yet: 4h have passed since the subject opened it; from now on Yammer holds Exchange's photo in every possible run",
		"may see v0 or v1 (Yammer may or may not have taken v1 yet)",
	)
}

// TestTeamsRows: a scenario that views teams-client has a Teams column and
// row per viewer, like any other surface; the Teams actions and the
// service cache read as words.
func TestTeamsRows(t *testing.T) {
	rep := loadEra(t, "r19-teams-caches")
	// The Teams rows the scenario views, and the rows of the stores whose
	// violations it shows (Yammer, SharePoint: issue 16).
	want := []Column{{model.TeamsClientSurface, model.Subject}, {model.TeamsClientSurface, model.Observer}}
	for _, c := range rep.Columns {
		if !slices.Contains(want, c) && !slices.ContainsFunc(rep.Violations, func(v Violation) bool {
			return v.Column >= 0 && rep.Columns[v.Column] == c
		}) {
			t.Errorf("column %v: neither viewed nor a violation's row", c)
		}
	}
	for _, c := range want {
		if !slices.Contains(rep.Columns, c) {
			t.Fatalf("columns %v lack %v", rep.Columns, c)
		}
	}
	if len(rep.Spans) != 0 {
		t.Errorf("spans under observed: %+v", rep.Spans)
	}
	ids := parseSVG(t, rep.SVG()).byID(map[string]*element{})
	for _, c := range want {
		lane := ids[fmt.Sprintf("lane-%s-%s", c.Surface, c.Viewer)]
		if lane == nil || !strings.Contains(lane.text, "Teams") || !strings.Contains(lane.text, "seen by "+c.Viewer.String()) {
			t.Errorf("the row of %s reads %v", c.Label(), lane)
		}
	}
	contains(t, rep.Markdown(),
		"| Teams (subject) | Teams (observer) |",
		"At 2h, the observer signs out of Teams and signs back in (or clears its cache).",
		"the observer looks at the subject's photo in Teams and may see v0 or v1 (a cached or a fresh copy); Teams may serve v0 from its service cache, which every viewer shares",
	)
}

// TestRefusedChanges: a refused change says so, why, and that it used up
// its photo number; the changes of §6's sources read as words.
func TestRefusedChanges(t *testing.T) {
	for name, wants := range map[string][]string{
		"r16-set-userphoto-retired": {
			"At 0s, an administrator sets the subject's photo with Set-UserPhoto (the new photo is v1); the change is refused because the Set-UserPhoto cmdlet is retired (setUserPhoto retired, R16): no service takes v1, though the change still uses up its photo number.",
			"At 1h, an administrator sets a new photo through Microsoft Graph with Set-MgUserPhotoContent (the new photo is v2).",
			"At 2h, an administrator sets a new photo in the Microsoft 365 admin center (the new photo is v3).",
		},
		"r17-photo-source-on-premises": {
			"the change is refused because photos can be changed only on premises, in Active Directory (photo.source on-premises, R17): no service takes v1",
			"no service takes v2, it is no visit to the My Site, though the change still uses up its photo number",
		},
		"e09-user-edits-admins-only": {
			"At 0s, the subject changes their photo on the SharePoint My Site (the new photo is v1); the change is refused because your tenant lets only administrators change photos (photo.userEdits admins-only, SPEC §6.5, E9): no service takes v1, it is no visit to the My Site, though the change still uses up its photo number.",
			"the change is refused because your tenant lets only administrators change photos (photo.userEdits admins-only, SPEC §6.5, E9): no service takes v5",
			"At 1m, an administrator sets a new photo through Microsoft Graph with Set-MgUserPhotoContent (the new photo is v7).",
		},
		"r21-yammer-not-editable": {
			"At 0s, the subject changes their photo in Yammer (the new photo is v1); the change is refused because the subject cannot change their photo in Viva Engage (yammer.editable false, R21)",
		},
	} {
		t.Run(name, func(t *testing.T) {
			rep := loadEra(t, name)
			contains(t, rep.Markdown(), wants...)
			ids := parseSVG(t, rep.SVG()).byID(map[string]*element{})
			if step := ids["step-1"]; step == nil || !strings.Contains(step.text, "refused") {
				t.Errorf("the picture's first step does not say it was refused: %v", step)
			}
		})
	}
}

// TestBandWithoutRows: a take of a store no row shows is a bar where its
// rows would be; two stores' bands stay apart.
func TestBandWithoutRows(t *testing.T) {
	text := "set sharepoint.trigger service\nset yammer.sync on-use\n" +
		"at 0s change teams-client\nat 1h open-yammer\nat 2h view yammer observer\nat 3h view teams-client observer\nat 30h view yammer observer\n"
	sc, err := scenario.Parse("both.scenario", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	r, err := scenario.ResolveRules(sc, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := NewReport("both", sc, r, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Spans) != 2 || rep.Spans[0].Take != model.TakeSharePoint || rep.Spans[1].Take != model.TakeYammer {
		t.Fatalf("spans %+v, want SharePoint's and Yammer's", rep.Spans)
	}
	for n := range rep.Spans {
		checkBand(t, rep, n)
	}
	root := parseSVG(t, rep.SVG())
	ids := root.byID(map[string]*element{})
	bar := ids["span-1"].find("rect")[0]
	if h := attr(t, bar, "height"); h < bandBar || h > 3*bandLine+bandBar {
		t.Errorf("SharePoint's bar is %d high", h)
	}
	if ids["legend-band"] == nil {
		t.Error("no key to the bands in the legend")
	}
	renders(t, rep.SVG())
}

// TestEraPicturesRender: the pictures of §6's scenarios are well-formed
// and render.
func TestEraPicturesRender(t *testing.T) {
	for _, name := range []string{"r15-dirsync-conflict-either", "r16-set-userphoto-retired", "r18-sharepoint-trigger-service",
		"r19-teams-caches", "r20-yammer-on-use", "r21-yammer-not-editable", "e09-user-edits-admins-only"} {
		t.Run(name, func(t *testing.T) {
			rep := loadEra(t, name)
			doc := rep.SVG()
			parseSVG(t, doc)
			renders(t, doc)
		})
	}
}

// renders renders a picture with rsvg-convert, when it is installed.
func renders(t *testing.T, doc string) {
	t.Helper()
	tool, err := exec.LookPath("rsvg-convert")
	if err != nil {
		return // TestSVGRenders says whether it must be
	}
	var out, errs bytes.Buffer
	cmd := exec.Command(tool, "--format", "png")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = strings.NewReader(doc), &out, &errs
	if err := cmd.Run(); err != nil || out.Len() == 0 {
		t.Errorf("rsvg-convert: %v\n%s", err, errs.String())
	}
}

// TestBetweenEventsOfEveryRun: an event between two lines shows what
// each surface would show in every possible run at its instant, also
// under rules whose time branches: under dirsync.conflict either, the
// DirSync run at 30m may copy v1 or leave v2.
func TestBetweenEventsOfEveryRun(t *testing.T) {
	rep := loadEra(t, "r15-dirsync-conflict-either")
	i := slices.IndexFunc(rep.Events, func(e Event) bool { return e.Action.Kind == model.Tick && e.At == 30*time.Minute })
	if i < 0 {
		t.Fatalf("no event of the DirSync run at 30m: %+v", rep.Events)
	}
	k := slices.Index(rep.Columns, Column{model.OutlookOnlineContactCard, model.Subject})
	if k < 0 {
		t.Fatalf("no column of the subject's contact card: %v", rep.Columns)
	}
	if got := rep.Events[i].Could[k]; !slices.Equal(got, []model.Photo{model.V(1), model.V(2)}) {
		t.Errorf("at 30m the contact card could show %s, want v1|v2", scenario.JoinPhotos(got))
	}
}
