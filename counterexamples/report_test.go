package counterexamples

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"photosync/model"
	"photosync/model/modeltest"
	"photosync/properties"
	"photosync/properties/explore"
	"photosync/scenario"
)

// reports returns the report of every scenario in testdata and
// testdata/report, by name.
func reports(t *testing.T) map[string]*Report {
	t.Helper()
	out := map[string]*Report{}
	for _, dir := range []string{"testdata", filepath.Join("testdata", "report")} {
		for _, file := range corpus(t, dir) {
			sc, r := load(t, file)
			rep, err := NewReport(baseName(file), sc, r, 2)
			if err != nil {
				t.Fatalf("%s: %v", file, err)
			}
			out[filepath.Base(dir)+"/"+baseName(file)] = rep
		}
	}
	return out
}

func sortedKeys(m map[string]*Report) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// TestReportAgreesWithRun: the report's replay agrees with scenario.Run: a
// counterexample's headline is the property its violates line names,
// violated in every possible run, and every expect line that holds shows
// in the timeline exactly the photos it names.
func TestReportAgreesWithRun(t *testing.T) {
	all := reports(t)
	for _, name := range sortedKeys(all) {
		rep := all[name]
		t.Run(name, func(t *testing.T) {
			if strings.HasPrefix(name, "testdata/") {
				if !rep.Violated() || rep.Violations[0].Property.Name != rep.Name {
					t.Fatalf("headline %v, want the violation of %s", rep.Violations, rep.Name)
				}
				if v := rep.Violations[0]; v.Runs != v.Of || v.Of == 0 {
					t.Errorf("%s violated in %d of %d runs, want all", rep.Name, v.Runs, v.Of)
				}
				if rep.Title != rep.Violations[0].Property.Title() {
					t.Errorf("title %q, want the property's", rep.Title)
				}
			}
			failed := map[int]bool{}
			for _, o := range rep.Failures {
				failed[o.Line] = true
			}
			for i, e := range rep.Events {
				if e.Check == scenario.Expect && !failed[e.Line] && !samePhotoSet(e.Shown, e.Wanted) {
					t.Errorf("event %d (line %d) shows %s, but the expect line that holds names %s",
						i+1, e.Line, scenario.JoinPhotos(e.Shown), scenario.JoinPhotos(e.Wanted))
				}
				if i > 0 && e.At < rep.Events[i-1].At {
					t.Errorf("event %d at %s comes before event %d at %s", i+1, model.FormatDuration(e.At), i, model.FormatDuration(rep.Events[i-1].At))
				}
			}
			for _, v := range rep.Violations {
				if v.Event < 0 || v.Event >= len(rep.Events) || rep.Events[v.Event].At != v.At {
					t.Errorf("%s at %s is placed at event %d", v.Property.Name, model.FormatDuration(v.At), v.Event)
				}
			}
		})
	}
}

// TestReportStops: an observe the model cannot show ends the timeline, and
// the report says so.
func TestReportStops(t *testing.T) {
	rep := reports(t)["report/mismatch"]
	if rep.Stopped != 7 {
		t.Fatalf("stopped at line %d, want 7", rep.Stopped)
	}
	if last := rep.Events[len(rep.Events)-1]; last.Line != 6 {
		t.Errorf("the timeline ends at line %d, want 6 (the line before the impossible observe)", last.Line)
	}
	md := rep.Markdown()
	for _, want := range []string{
		"The replay stops at line 7 of the scenario: `observe outlook-online-contact-card observer v0`, but the model allows only v1.",
		"- line 6, `expect outlook-online-contact-card observer = v1`: the model allows v0|v1",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the report does not say %q:\n%s", want, md)
		}
	}
}

// TestReportIsDeterministic: the same inputs give the same bytes.
func TestReportIsDeterministic(t *testing.T) {
	a, b := reports(t), reports(t)
	for _, name := range sortedKeys(a) {
		if a[name].Markdown() != b[name].Markdown() || a[name].SVG() != b[name].SVG() {
			t.Errorf("%s: two reports of one scenario differ", name)
		}
	}
}

// element is one element of a parsed SVG: its name, attributes and the
// text inside it (its descendants' included).
type element struct {
	name  string
	attrs map[string]string
	text  string
	kids  []*element
}

// parseSVG decodes the whole document with encoding/xml and returns the
// root.
func parseSVG(t *testing.T, doc string) *element {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(doc))
	var stack []*element
	var root *element
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("the SVG is not well-formed XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			e := &element{name: tok.Name.Local, attrs: map[string]string{}}
			for _, a := range tok.Attr {
				e.attrs[a.Name.Local] = a.Value
			}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.kids = append(p.kids, e)
			} else if root == nil {
				root = e
			}
			stack = append(stack, e)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			for _, e := range stack {
				e.text += string(tok)
			}
		}
	}
	if root == nil {
		t.Fatal("the SVG has no root element")
	}
	return root
}

// byID indexes the elements that have an id.
func (e *element) byID(out map[string]*element) map[string]*element {
	if id := e.attrs["id"]; id != "" {
		out[id] = e
	}
	for _, k := range e.kids {
		k.byID(out)
	}
	return out
}

func (e *element) find(name string) []*element {
	var out []*element
	if e.name == name {
		out = append(out, e)
	}
	for _, k := range e.kids {
		out = append(out, k.find(name)...)
	}
	return out
}

// viewedPhotos returns the photos the views of a report showed that its
// picture draws: in the events it does not fold, the first ones of a cell
// of more than maxCellPhotos.
func viewedPhotos(rep *Report) []model.Photo {
	var ps []model.Photo
	l := rep.layout()
	for i, e := range rep.Events {
		shown := e.Shown
		if len(shown) > maxCellPhotos {
			shown = shown[:maxCellPhotos-1]
		}
		if !l.shown[i] {
			shown = nil
		}
		for _, p := range shown {
			if !containsPhoto(ps, p) {
				ps = append(ps, p)
			}
		}
	}
	return ps
}

// TestSVG: the picture is a self-contained SVG 1.1 document with one
// labelled row per surface and viewer the scenario views, a legend entry
// per photo shown, and each violation outlined in red.
func TestSVG(t *testing.T) {
	all := reports(t)
	for _, name := range sortedKeys(all) {
		rep := all[name]
		t.Run(name, func(t *testing.T) {
			doc := rep.SVG()
			root := parseSVG(t, doc)
			if root.name != "svg" || root.attrs["version"] != "1.1" || root.attrs["xmlns"] != "http://www.w3.org/2000/svg" {
				t.Errorf("root <%s version=%q xmlns=%q>, want an SVG 1.1 document", root.name, root.attrs["version"], root.attrs["xmlns"])
			}
			for _, banned := range []string{"script", "style", "image", "foreignObject", "use"} {
				if len(root.find(banned)) > 0 {
					t.Errorf("the SVG has a <%s> element; it must be self-contained and static", banned)
				}
			}
			if strings.Contains(doc, "href") || strings.Contains(doc, "@font-face") || strings.Contains(doc, "url(") {
				t.Error("the SVG refers to something outside itself")
			}
			ids := root.byID(map[string]*element{})
			lanes := 0
			for id := range ids {
				if strings.HasPrefix(id, "lane-") {
					lanes++
				}
			}
			if lanes != len(rep.Columns) {
				t.Errorf("%d rows, want one per surface and viewer: %d", lanes, len(rep.Columns))
			}
			for _, c := range rep.Columns {
				lane := ids[fmt.Sprintf("lane-%s-%s", c.Surface, c.Viewer)]
				if lane == nil {
					t.Errorf("no row for %s seen by %s", c.Surface, c.Viewer)
					continue
				}
				if !strings.Contains(lane.text, SurfaceLabel(c.Surface)) || !strings.Contains(lane.text, c.Viewer.String()) {
					t.Errorf("the row of %s seen by %s is labelled %q", c.Surface, c.Viewer, lane.text)
				}
			}
			for _, p := range viewedPhotos(rep) {
				entry := ids["legend-"+p.String()]
				if entry == nil || !strings.Contains(entry.text, p.String()) {
					t.Errorf("no legend entry for %s", p)
					continue
				}
				if rects := entry.find("rect"); len(rects) == 0 || rects[0].attrs["fill"] != PhotoColour(p) {
					t.Errorf("the legend entry of %s has no swatch of %s", p, PhotoColour(p))
				}
			}
			for n := range rep.Violations {
				mark := ids[fmt.Sprintf("violation-%d", n+1)]
				if mark == nil {
					t.Errorf("violation %d is not marked", n+1)
					continue
				}
				if rects := mark.find("rect"); len(rects) == 0 || rects[0].attrs["stroke"] != violationColour {
					t.Errorf("violation %d is not outlined in red", n+1)
				}
				if ids[fmt.Sprintf("violation-badge-%d", n+1)] == nil {
					t.Errorf("violation %d has no badge", n+1)
				}
			}
			if !rep.Violated() && strings.Contains(doc, violationColour) {
				t.Error("a report without violations shows the violation colour")
			}
		})
	}
}

// TestSVGRenders renders each picture to PNG with rsvg-convert and checks
// that it is not blank: several colours, the palette colour of every photo
// shown, and red when a property is violated. Without rsvg-convert the test
// fails unless PHOTOSYNC_SKIP_RENDER=1.
func TestSVGRenders(t *testing.T) {
	tool, err := exec.LookPath("rsvg-convert")
	if err != nil {
		if os.Getenv("PHOTOSYNC_SKIP_RENDER") == "1" {
			t.Skip("rsvg-convert is missing and PHOTOSYNC_SKIP_RENDER=1")
		}
		t.Fatal("rsvg-convert is missing: install it with `apt-get install -y librsvg2-bin` (Debian), " +
			"or set PHOTOSYNC_SKIP_RENDER=1 to skip rendering the pictures")
	}
	all := reports(t)
	for _, name := range sortedKeys(all) {
		rep := all[name]
		t.Run(name, func(t *testing.T) {
			var out, errs bytes.Buffer
			cmd := exec.Command(tool, "--format", "png")
			cmd.Stdin, cmd.Stdout, cmd.Stderr = strings.NewReader(rep.SVG()), &out, &errs
			if err := cmd.Run(); err != nil {
				t.Fatalf("rsvg-convert: %v\n%s", err, errs.String())
			}
			img, err := png.Decode(&out)
			if err != nil {
				t.Fatalf("rsvg-convert's PNG does not decode: %v", err)
			}
			colours := map[string]int{}
			bounds := img.Bounds()
			for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
				for x := bounds.Min.X; x < bounds.Max.X; x++ {
					r, g, b, _ := img.At(x, y).RGBA()
					colours[fmt.Sprintf("#%02X%02X%02X", r>>8, g>>8, b>>8)]++
				}
			}
			if len(colours) < 8 {
				t.Errorf("the picture has %d colours: it looks blank", len(colours))
			}
			if colours["#FFFFFF"] == bounds.Dx()*bounds.Dy() {
				t.Error("the picture is all white")
			}
			want := []string{}
			for _, p := range viewedPhotos(rep) {
				want = append(want, PhotoColour(p))
			}
			if rep.Violated() {
				want = append(want, violationColour)
			}
			for _, c := range want {
				if colours[c] < 20 {
					t.Errorf("colour %s has %d pixels, want a visible area of it", c, colours[c])
				}
			}
		})
	}
}

// TestWriteFiles writes a counterexample's scenario, report and picture.
func TestWriteFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	text, err := os.ReadFile(filepath.Join("testdata", "sharepoint-change-sticks.scenario"))
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteFiles(dir, "sticks", string(text), model.Observed(), 2); err != nil {
		t.Fatal(err)
	}
	golden, err := os.ReadFile(filepath.Join("testdata", "sharepoint-change-sticks.md"))
	if err != nil {
		t.Fatal(err)
	}
	for ext, want := range map[string]string{
		".scenario": string(text),
		".md":       strings.ReplaceAll(string(golden), "sharepoint-change-sticks.scenario", "sticks.scenario"),
	} {
		got, err := os.ReadFile(filepath.Join(dir, "sticks"+ext))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != want {
			t.Errorf("sticks%s:\n%s\nwant:\n%s", ext, got, want)
		}
	}
	svg, err := os.ReadFile(filepath.Join(dir, "sticks.svg"))
	if err != nil {
		t.Fatal(err)
	}
	parseSVG(t, string(svg))

	err = WriteFiles(dir, "broken", "at 0s view sharepoint-foo observer\n", model.Observed(), 2)
	if err == nil || !strings.HasPrefix(err.Error(), "broken.scenario:1: unknown surface") {
		t.Errorf("bad scenario: %v, want broken.scenario:1: unknown surface …", err)
	}
}

// TestReportOfEveryCounterexample: for every property, the counterexample
// under the rule set that breaks it (properties.Broken) makes a report
// whose headline is that property, violated in every possible run, with
// the violation outlined in a well-formed picture; WriteFiles writes it.
func TestReportOfEveryCounterexample(t *testing.T) {
	dir := t.TempDir()
	for _, p := range properties.Catalog() {
		t.Run(p.Name, func(t *testing.T) {
			r := modeltest.Breaking(p.Name)
			res := explore.Explore(explore.Config{Rules: r, Props: []*properties.Property{p}})
			ex := res.Verdicts[0].Example
			if ex == nil {
				t.Fatalf("no counterexample under %s", r.Name)
			}
			text := Scenario(r, ex)
			if err := WriteFiles(dir, p.Name, text, r, 2); err != nil {
				t.Fatal(err)
			}
			sc, err := scenario.Parse(p.Name+".scenario", []byte(text))
			if err != nil {
				t.Fatal(err)
			}
			rep, err := NewReport(p.Name, sc, r, 2)
			if err != nil {
				t.Fatal(err)
			}
			if !rep.Violated() || rep.Violations[0].Property.Name != p.Name {
				t.Fatalf("headline %v, want %s\n%s", rep.Violations, p.Name, text)
			}
			if v := rep.Violations[0]; v.Runs != v.Of {
				t.Errorf("violated in %d of %d runs, want all", v.Runs, v.Of)
			}
			if len(rep.Failures) > 0 {
				t.Errorf("the counterexample's lines fail: %v", rep.Failures)
			}
			ids := parseSVG(t, rep.SVG()).byID(map[string]*element{})
			if ids["violation-1"] == nil {
				t.Error("the violation is not marked")
			}
			md := rep.Markdown()
			if !strings.HasPrefix(md, "# "+p.Title()+"\n") || !strings.Contains(md, "`"+p.Name+"`") {
				t.Errorf("the report does not lead with %s:\n%s", p.Name, md)
			}
		})
	}
}
