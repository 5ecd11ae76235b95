package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"photosync/model"
	"photosync/properties"
	"photosync/properties/explore"
	"photosync/scenario"
	"photosync/verdicts"
)

// Counterexamples for the fake explorer, each a real run of the model (the
// tests replay the scenarios eras --out writes for them). The explorer is
// tested on its own and these tests must not wait for a whole exploration:
// one comes from the explorer on a two-action model, the others are made
// by hand.

// sticksExample: two My Site changes at once; the second does not stick
// (the window the first import started is closed). The explorer finds it
// under observed with only My Site changes and visits to take.
func sticksExample(t *testing.T) *explore.Counterexample {
	t.Helper()
	p, _ := properties.Lookup("sharepoint-change-sticks")
	res := explore.Explore(explore.Config{Rules: model.Observed(), Props: []*properties.Property{p},
		Alphabet: []model.Action{{Kind: model.Change, Source: model.FromMySite}, {Kind: model.Visit}}})
	v := res.Verdicts[0]
	if v.Verdict != properties.Violated || v.Example == nil || v.Err != nil {
		t.Fatalf("the explorer finds no counterexample of %s on a small model: %+v", p.Name, v)
	}
	return v.Example
}

// yammerExample: Yammer never follows a My Site change.
func yammerExample(t *testing.T) *explore.Counterexample {
	p, _ := properties.Lookup("yammer-agrees")
	return &explore.Counterexample{Property: p, Message: "Yammer shows v0, 72 h or more after Exchange took v1",
		Events: []explore.Event{{At: 0, Action: model.Action{Kind: model.Change, Source: model.FromMySite}}},
		At:     72 * time.Hour, Instant: true}
}

// windowExample: under a 24 h window, SharePoint imports twice within 72 h.
func windowExample(t *testing.T) *explore.Counterexample {
	p, _ := properties.Lookup("sharepoint-imports-first-and-last")
	change := model.Action{Kind: model.Change, Source: model.FromOutlookOnline}
	visit := model.Action{Kind: model.Visit}
	return &explore.Counterexample{Property: p, Message: "an import 24 h after the one before",
		Events: []explore.Event{{At: 0, Action: change}, {At: 0, Action: visit}, {At: time.Hour, Action: change},
			{At: time.Hour, Action: visit}, {At: 24 * time.Hour, Action: model.Action{Kind: model.Tick}}},
		At: 24 * time.Hour}
}

// fakeCell is one verdict the fake explorer gives.
type fakeCell struct {
	rules, prop string
	cell        properties.Verdict
	example     func(*testing.T) *explore.Counterexample
}

// fakeVerdicts: every property holds everywhere but here.
var fakeVerdicts = []fakeCell{
	{"observed", "sharepoint-change-sticks", properties.Violated, sticksExample},
	{"observed", "yammer-agrees", properties.Violated, yammerExample},
	{"documented", "sharepoint-change-sticks", properties.Violated, sticksExample},
	{"documented", "yammer-agrees", properties.Violated, yammerExample},
	{"sharepoint-2013", "sharepoint-change-sticks", properties.Violated, sticksExample},
	{"sharepoint-2013", "yammer-agrees", properties.Violated, yammerExample},
	{"exchange-online-2016", "sharepoint-change-sticks", properties.Violated, sticksExample},
	{"exchange-online-2016", "yammer-agrees", properties.Violated, yammerExample},
	{"transition-2023", "sharepoint-change-sticks", properties.Violated, sticksExample},
	{"transition-2023", "sharepoint-imports-first-and-last", properties.Violated, windowExample},
	{"modern", "yammer-agrees", properties.Unknown, nil},
}

// fakeExplorer answers with fakeVerdicts (all decided when decided is
// true), records the configurations it was given, and counts 10 states
// per exploration.
func fakeExplorer(t *testing.T, decided bool, configs *[]explore.Config) func(explore.Config) explore.Result {
	return func(cfg explore.Config) explore.Result {
		if configs != nil {
			*configs = append(*configs, cfg)
		}
		res := explore.Result{Complete: true, States: 10, Transitions: 20, Groups: 1, Elapsed: 1500 * time.Millisecond}
		props := cfg.Props
		if props == nil {
			props = properties.Catalog()
		}
		for _, p := range props {
			v := explore.Verdict{Property: p, Verdict: properties.Holds}
			for _, f := range fakeVerdicts {
				if f.rules != cfg.Rules.Name || f.prop != p.Name {
					continue
				}
				switch {
				case f.cell == properties.Unknown && decided:
				case f.cell == properties.Unknown:
					v.Verdict, res.Complete = properties.Unknown, false
				default:
					v.Verdict = properties.Violated
					v.Example = f.example(t)
					v.Example.Property = p
					v.Example.Viewers = cfg.Viewers
				}
			}
			res.Verdicts = append(res.Verdicts, v)
		}
		return res
	}
}

// callEras runs the command line in dir with an explorer.
func callEras(t *testing.T, dir string, explorer func(explore.Config) explore.Result, args ...string) (int, string, string) {
	t.Helper()
	t.Chdir(dir)
	var stdout, stderr bytes.Buffer
	c := cli{stdout: &stdout, stderr: &stderr, judge: newJudge, runExplore: explorer,
		load: scenario.FileLoader(scenario.MaxFileBytes), loadRules: scenario.FileLoader(model.MaxRulesFileBytes)}
	code := c.main(append([]string{"eras"}, args...))
	return code, stdout.String(), stderr.String()
}

// tableCells reads the text table: property → rule set → cell.
func tableCells(t *testing.T, text string) map[string]map[string]string {
	t.Helper()
	_, rest, ok := strings.Cut(text, "\nproperty ")
	if !ok {
		t.Fatalf("no table header in:\n%s", text)
	}
	lines := strings.Split(rest, "\n")
	head := strings.Fields("property " + lines[0])
	if want := append([]string{"property", "kind"}, model.NamedRuleSets()...); !slices.Equal(head, want) {
		t.Fatalf("table header %q, want %q", head, want)
	}
	out := map[string]map[string]string{}
	for _, line := range lines[1:] {
		if line == "" {
			break
		}
		f := strings.Fields(line)
		if len(f) != len(head) {
			t.Fatalf("row %q: %d fields, want %d", line, len(f), len(head))
		}
		row := map[string]string{"kind": f[1]}
		for i, name := range head[2:] {
			row[name] = f[i+2]
		}
		out[f[0]] = row
	}
	return out
}

func TestErasText(t *testing.T) {
	var configs []explore.Config
	code, stdout, stderr := callEras(t, t.TempDir(), fakeExplorer(t, false, &configs), "--viewers", "3", "--max-states", "500")
	if code != exitMismatch || stderr != "" {
		t.Fatalf("exit %d (want 1: a verdict is unknown), stderr %q\n%s", code, stderr, stdout)
	}
	var names []string
	for _, cfg := range configs {
		names = append(names, cfg.Rules.Name)
		if cfg.Viewers != 3 || cfg.MaxStates != 500 {
			t.Errorf("%s explored with %d viewers, %d states; want 3, 500", cfg.Rules.Name, cfg.Viewers, cfg.MaxStates)
		}
	}
	if want := model.NamedRuleSets(); !slices.Equal(names, want) || len(want) != 7 {
		t.Errorf("explored %v, want every named rule set in order, %v", names, want)
	}

	cells := tableCells(t, stdout)
	if len(cells) != len(properties.Catalog()) {
		t.Errorf("%d rows, want one per property (%d)", len(cells), len(properties.Catalog()))
	}
	for _, c := range []struct{ prop, rules, want string }{
		{"outlook-online-converges", "kind", "invariant"},
		{"yammer-agrees", "kind", "goal"},
		{"sharepoint-change-sticks", "observed", "violated"},
		{"sharepoint-change-sticks", "documented", "violated"},
		{"sharepoint-change-sticks", "ideal", "holds*"},
		{"sharepoint-change-sticks", "modern", "holds*"},
		{"yammer-agrees", "modern", "unknown*"},
		{"yammer-agrees", "transition-2023", "holds*"},
		{"sharepoint-imports-first-and-last", "observed", "holds"},
		{"sharepoint-imports-first-and-last", "transition-2023", "violated*"},
		{"teams-fresh-within-a-day", "modern", "holds"},
	} {
		if got := cells[c.prop][c.rules]; got != c.want {
			t.Errorf("%s under %s: %q, want %q", c.prop, c.rules, got, c.want)
		}
	}
	for _, want := range []string{
		"every property under every named rule set, for 3 viewers",
		"\nrule set              period                                  facts\n",
		"\nobserved              early 2014 (the field report)           C1-C17\n",
		"\nideal                 what users wish                         -\n",
		"\nmodern                mid-2024 on                             E3, E4, E5, E6, E7, E8\n",
		"\nwhat changed since 2014 (each era against observed):\n",
		"  sharepoint-2013 (SharePoint 2013 on premises; E1): sharepoint.visitQueues false\n" +
			"    breaks invariants:  none\n    makes goals hold:   none\n",
		"  transition-2023 (2023-03 - mid-2024; E3, E4, E6, E8): sharepoint.window 24h, yammer.sync on-use, " +
			"dirsync.interval 30m, dirsync.conflict either, setUserPhoto retired, yammer.editable false\n" +
			"    breaks invariants:  sharepoint-imports-first-and-last\n    makes goals hold:   yammer-agrees\n  modern (",
		"sharepoint.trigger service, yammer.editable false\n    breaks invariants:  none\n" +
			"    makes goals hold:   sharepoint-change-sticks\n    undecided:          yammer-agrees\n",
		"\nexplored 7 rule sets, 70 states in all, for 3 viewers: incomplete: a bound (--max-states) left 1 verdict unknown\n",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("eras output lacks %q:\n%s", want, stdout)
		}
	}
	if strings.Contains(stdout, "documented (") || strings.Contains(stdout, "  ideal (") {
		t.Errorf("the summary names a rule set that is not an era:\n%s", stdout)
	}

	// Decided everywhere: exit 0; the same bytes twice; time only with --timing.
	_, first, _ := callEras(t, t.TempDir(), fakeExplorer(t, true, nil))
	code, second, _ := callEras(t, t.TempDir(), fakeExplorer(t, true, nil))
	if code != exitOK || first != second || strings.Contains(first, " s\n") || strings.Contains(first, " s)") {
		t.Errorf("exit %d (want 0); two runs differ or show a time:\n%s\nthen\n%s", code, first, second)
	}
	if !strings.HasSuffix(first, "for 2 viewers: complete\n") {
		t.Errorf("the last line does not say complete:\n%s", first)
	}
	_, timed, _ := callEras(t, t.TempDir(), fakeExplorer(t, true, nil), "--timing")
	if !strings.HasSuffix(timed, ": complete, 10.5 s (observed 1.5 s, documented 1.5 s, ideal 1.5 s, sharepoint-2013 1.5 s, "+
		"exchange-online-2016 1.5 s, transition-2023 1.5 s, modern 1.5 s)\n") {
		t.Errorf("--timing: no times at the end:\n%s", timed)
	}
}

func TestErasJSON(t *testing.T) {
	code, stdout, stderr := callEras(t, t.TempDir(), fakeExplorer(t, false, nil), "--json")
	if code != exitMismatch || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	var rep verdicts.Report
	dec := json.NewDecoder(strings.NewReader(stdout))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&rep); err != nil || dec.More() {
		t.Fatalf("not one JSON object (%v):\n%s", err, stdout)
	}
	if rep.Viewers != 2 || rep.Complete || rep.States != 70 || rep.Seconds != nil {
		t.Errorf("header: viewers %d, complete %v, states %d, seconds %v", rep.Viewers, rep.Complete, rep.States, rep.Seconds)
	}
	if len(rep.RuleSets) != len(model.RuleSets()) {
		t.Fatalf("%d rule sets, want %d", len(rep.RuleSets), len(model.RuleSets()))
	}
	for i, rs := range model.RuleSets() {
		got := rep.RuleSets[i]
		r := rs.Rules()
		if got.Name != rs.Name || got.Period != rs.Period || !slices.Equal(got.Facts, rs.Facts) ||
			got.Description != r.Description || len(got.Changed) != len(model.Changed(model.Observed(), r)) || got.Seconds != nil {
			t.Errorf("rule set %d: %+v, want %s", i, got, rs.Name)
		}
		if (got.AgainstObserved == nil) != (rs.Name == "observed") {
			t.Errorf("%s: against_observed %v", rs.Name, got.AgainstObserved)
		}
		if got.Complete != (rs.Name != "modern") {
			t.Errorf("%s: complete %v", rs.Name, got.Complete)
		}
	}
	modern := rep.RuleSets[6]
	if modern.Changed["sharepoint.trigger"] != "service" || modern.Changed["setUserPhoto"] != "retired" {
		t.Errorf("modern's changed knobs: %v", modern.Changed)
	}
	if d := modern.AgainstObserved; !slices.Equal(d.Gains, []string{"sharepoint-change-sticks"}) ||
		!slices.Equal(d.Undecided, []string{"yammer-agrees"}) || len(d.Breaks) != 0 {
		t.Errorf("modern against observed: %+v", d)
	}
	if d := rep.RuleSets[5].AgainstObserved; !slices.Equal(d.Breaks, []string{"sharepoint-imports-first-and-last"}) {
		t.Errorf("transition-2023 against observed: %+v", d)
	}
	if len(rep.Properties) != len(properties.Catalog()) {
		t.Fatalf("%d properties, want %d", len(rep.Properties), len(properties.Catalog()))
	}
	for i, p := range properties.Catalog() {
		got := rep.Properties[i]
		if got.Name != p.Name || got.Kind != p.Kind.String() || got.Title != p.Title() || len(got.Verdicts) != 7 {
			t.Errorf("property %d: %+v, want %s", i, got, p.Name)
		}
	}
	byName := map[string]verdicts.PropertyReport{}
	for _, p := range rep.Properties {
		byName[p.Name] = p
	}
	for _, c := range []struct{ prop, rules, want string }{
		{"sharepoint-change-sticks", "observed", "violated"},
		{"sharepoint-change-sticks", "modern", "holds"},
		{"yammer-agrees", "modern", "unknown"},
		{"sharepoint-imports-first-and-last", "transition-2023", "violated"},
	} {
		if got := byName[c.prop].Verdicts[c.rules].String(); got != c.want {
			t.Errorf("%s under %s: %q, want %q", c.prop, c.rules, got, c.want)
		}
	}
	// Empty lists are [], not null; ideal rests on no facts.
	for _, want := range []string{`"facts": []`, `"breaks_invariants": []`, `"changed": {}`} {
		if !strings.Contains(stdout, want) {
			t.Errorf("the JSON lacks %s", want)
		}
	}
	// Deterministic bytes; seconds only with --timing.
	_, again, _ := callEras(t, t.TempDir(), fakeExplorer(t, false, nil), "--json")
	if again != stdout {
		t.Errorf("two runs differ")
	}
	_, timed, _ := callEras(t, t.TempDir(), fakeExplorer(t, false, nil), "--json", "--timing")
	var trep verdicts.Report
	if err := json.Unmarshal([]byte(timed), &trep); err != nil || trep.Seconds == nil || *trep.Seconds != 10.5 ||
		trep.RuleSets[0].Seconds == nil || *trep.RuleSets[0].Seconds != 1.5 {
		t.Errorf("--json --timing: %v\n%s", err, timed)
	}
}

// svgElement is an element of a parsed SVG.
type svgElement struct {
	name  string
	attrs map[string]string // by local name, and by "local@namespace"
	text  string
	kids  []*svgElement
}

func (e *svgElement) find(name string) []*svgElement {
	var out []*svgElement
	if e.name == name {
		out = append(out, e)
	}
	for _, k := range e.kids {
		out = append(out, k.find(name)...)
	}
	return out
}

// parseXML decodes a whole document with encoding/xml: it fails the test
// unless the document is well-formed.
func parseXML(t *testing.T, doc string) *svgElement {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(doc))
	var stack []*svgElement
	var root *svgElement
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			e := &svgElement{name: tok.Name.Local, attrs: map[string]string{}}
			for _, a := range tok.Attr {
				if a.Name.Space == "xmlns" || a.Name.Local == "xmlns" {
					continue
				}
				e.attrs[a.Name.Local+"@"+a.Name.Space] = a.Value
				e.attrs[a.Name.Local] = a.Value
			}
			if len(stack) > 0 {
				stack[len(stack)-1].kids = append(stack[len(stack)-1].kids, e)
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
	if root == nil || root.name != "svg" {
		t.Fatalf("the root is not svg")
	}
	return root
}

func TestErasOut(t *testing.T) {
	dir := files(t, map[string]string{
		"out/ideal/yammer-agrees.md":       "stale",
		"out/ideal/yammer-agrees.scenario": "stale",
		"out/ideal/notes.txt":              "mine",
	})
	code, stdout, stderr := callEras(t, dir, fakeExplorer(t, false, nil), "--out", "out")
	if code != exitMismatch || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if !strings.Contains(stdout, "\nproperty ") {
		t.Errorf("--out does not print the table:\n%s", stdout)
	}
	out := filepath.Join(dir, "out")
	// A report for every violated cell, and only for those.
	var want []string
	for _, f := range fakeVerdicts {
		if f.cell == properties.Violated {
			want = append(want, f.rules+"/"+f.prop)
		}
	}
	var got []string
	filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".scenario") {
			rel, _ := filepath.Rel(out, p)
			got = append(got, strings.TrimSuffix(filepath.ToSlash(rel), ".scenario"))
		}
		return nil
	})
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("counterexamples written: %v\nwant %v", got, want)
	}
	for _, cell := range want {
		for _, ext := range []string{".scenario", ".md", ".svg"} {
			if data, err := os.ReadFile(filepath.Join(out, cell+ext)); err != nil || len(data) == 0 {
				t.Errorf("%s%s: %v", cell, ext, err)
			}
		}
	}
	if data, err := os.ReadFile(filepath.Join(out, "ideal/notes.txt")); err != nil || string(data) != "mine" {
		t.Errorf("ideal/notes.txt: %q, %v (want it left alone)", data, err)
	}
	if _, err := os.Stat(filepath.Join(out, "modern")); err == nil {
		t.Errorf("a directory was made for modern, which has no violation")
	}
	// The scenarios are real runs: each replays with photosync run, under
	// the rule set it names.
	scenarios := []string{"run"}
	for _, cell := range want {
		scenarios = append(scenarios, filepath.Join("out", cell+".scenario"))
	}
	if code, stdout, stderr := call(t, dir, newJudge(2), scenarios...); code != exitOK {
		t.Errorf("the counterexamples do not replay: exit %d\n%s%s", code, stdout, stderr)
	}
	data, _ := os.ReadFile(filepath.Join(out, "transition-2023/sharepoint-imports-first-and-last.scenario"))
	if !strings.Contains(string(data), "rules transition-2023\nviolates sharepoint-imports-first-and-last\n") {
		t.Errorf("the counterexample under transition-2023 is not under its rules:\n%s", data)
	}

	// The page: the question, how to read it, every violated cell linked,
	// every link relative and to a file that exists.
	page, err := os.ReadFile(filepath.Join(out, "eras.md"))
	if err != nil {
		t.Fatal(err)
	}
	md := string(page)
	for _, w := range []string{
		"# What changed since 2014, and what does my tenant still get wrong?\n",
		"## How to read it\n",
		"| property | kind | `observed` | `documented` | `ideal` | `sharepoint-2013` | `exchange-online-2016` | `transition-2023` | `modern` |\n",
		"| `sharepoint-change-sticks` | goal | [violated](observed/sharepoint-change-sticks.md) | [violated](documented/sharepoint-change-sticks.md) | **holds** |",
		"| `sharepoint-imports-first-and-last` | invariant | holds | holds | holds | holds | holds | [**violated**](transition-2023/sharepoint-imports-first-and-last.md) | holds |\n",
		"| **unknown** |\n",
		"| `modern` | mid-2024 on | E3, E4, E5, E6, E7, E8 |",
		"### `transition-2023`: 2023-03 - mid-2024 (E3, E4, E6, E8)\n",
		"- Breaks invariants:\n  - [`sharepoint-imports-first-and-last`](transition-2023/sharepoint-imports-first-and-last.md): ",
		"- Makes goals hold:\n  - `yammer-agrees`: Yammer shows Exchange's photo ([how it fails under `observed`](observed/yammer-agrees.md))\n",
		"## What a tenant still gets wrong today (`modern`, mid-2024 on)\n",
		"Unknown, a bound was reached first:\n\n- `yammer-agrees`: ",
		"incomplete, a bound left 1 verdict unknown.",
		"[eras.svg](eras.svg)",
	} {
		if !strings.Contains(md, w) {
			t.Errorf("eras.md lacks %q:\n%s", w, md)
		}
	}
	links := regexp.MustCompile(`\]\(([^)]+)\)`).FindAllStringSubmatch(md, -1)
	if len(links) < len(want) {
		t.Errorf("%d links in eras.md, want at least one per violated cell (%d)", len(links), len(want))
	}
	for _, l := range links {
		if filepath.IsAbs(l[1]) || strings.Contains(l[1], "..") {
			t.Errorf("link %q is not relative to the page", l[1])
		}
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(l[1]))); err != nil {
			t.Errorf("link %q: %v", l[1], err)
		}
	}

	// The picture: well-formed, self-contained, a legend, a link per
	// violated cell to its report.
	pic, err := os.ReadFile(filepath.Join(out, "eras.svg"))
	if err != nil {
		t.Fatal(err)
	}
	root := parseXML(t, string(pic))
	var hrefs []string
	for _, a := range root.find("a") {
		href := a.attrs["href@http://www.w3.org/1999/xlink"]
		if href == "" || a.attrs["href@"] != href {
			t.Errorf("link %v: want xlink:href and href alike", a.attrs)
		}
		hrefs = append(hrefs, href)
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(href))); err != nil {
			t.Errorf("link %q: %v", href, err)
		}
		if !strings.Contains(a.text, "violated") {
			t.Errorf("link %q on a cell that does not say violated: %q", href, a.text)
		}
	}
	var wantLinks []string
	for _, cell := range want {
		wantLinks = append(wantLinks, cell+".md")
	}
	slices.Sort(hrefs)
	if !slices.Equal(hrefs, wantLinks) {
		t.Errorf("links in the picture: %v\nwant %v", hrefs, wantLinks)
	}
	ids := map[string]*svgElement{}
	var index func(*svgElement)
	index = func(e *svgElement) {
		if id := e.attrs["id"]; id != "" {
			ids[id] = e
		}
		for _, k := range e.kids {
			index(k)
		}
	}
	index(root)
	if lg := ids["legend"]; lg == nil || !strings.Contains(lg.text, "holds") || !strings.Contains(lg.text, "violated") ||
		!strings.Contains(lg.text, "unknown") {
		t.Errorf("no legend naming the three verdicts")
	}
	if c := ids["cell-modern-yammer-agrees"]; c == nil || !strings.Contains(c.text, "unknown") {
		t.Errorf("the cell of yammer-agrees under modern does not say unknown")
	}
	for _, name := range model.NamedRuleSets() {
		if ids["head-"+name] == nil {
			t.Errorf("no column head for %s", name)
		}
	}
	for _, tag := range []string{"image", "use", "style", "script", "foreignObject"} {
		if len(root.find(tag)) > 0 {
			t.Errorf("the picture has a <%s>: not self-contained", tag)
		}
	}
	if _, ok := root.attrs["viewBox"]; !ok {
		t.Errorf("no viewBox")
	}

	// Bytes are the same on a rerun, and independent of --timing.
	code, _, _ = callEras(t, dir, fakeExplorer(t, false, nil), "--out", "out", "--timing")
	again, _ := os.ReadFile(filepath.Join(out, "eras.md"))
	againPic, _ := os.ReadFile(filepath.Join(out, "eras.svg"))
	if code != exitMismatch || string(again) != md || string(againPic) != string(pic) {
		t.Errorf("a rerun with --timing wrote other files (exit %d)", code)
	}
}

func TestErasBadInput(t *testing.T) {
	dir := files(t, map[string]string{"file": ""})
	explorer := fakeExplorer(t, true, nil)
	for _, c := range []struct {
		args   []string
		stderr string
	}{
		{[]string{"extra"}, "photosync eras: unexpected argument \"extra\" (want only flags)\n"},
		{[]string{"--viewers", "9"}, "photosync eras: --viewers 9 (want 1 to 4)\n"},
		{[]string{"--max-states", "-1"}, "photosync eras: --max-states -1 (want a number ≥ 0)\n"},
		{[]string{"--out", "file"}, "photosync eras: --out file: not a directory (want a directory, new or not)\n"},
		{[]string{"--bogus"}, "photosync eras: flag provided but not defined: -bogus (see photosync eras -h)\n"},
	} {
		code, stdout, stderr := callEras(t, dir, explorer, c.args...)
		if code != exitUsage || stdout != "" || stderr != c.stderr {
			t.Errorf("%v: exit %d, stdout %q, stderr %q\nwant %q", c.args, code, stdout, stderr, c.stderr)
		}
	}
	// A directory in the way of a rule set's reports.
	dir = files(t, map[string]string{"out/observed": "a file"})
	code, _, stderr := callEras(t, dir, explorer, "--out", "out")
	if code != exitUsage || !strings.HasPrefix(stderr, "photosync eras: observed: ") {
		t.Errorf("a file in the way: exit %d, stderr %q", code, stderr)
	}
	code, stdout, _ := callEras(t, dir, explorer, "-h")
	if code != exitOK || !strings.HasPrefix(stdout, "usage: photosync eras [--json] [--out DIR] [--viewers N] [--max-states N] [--max-steps N] [--timeout D] [--timing]\n") ||
		!strings.HasSuffix(stdout, "exit: "+exitsEras+"\n") {
		t.Errorf("-h: exit %d\n%s", code, stdout)
	}
}

// TestErasInternalError: a counterexample that does not confirm, or an
// exploration that did not start, is the checker's error: exit 3, nothing
// printed or written.
func TestErasInternalError(t *testing.T) {
	for _, c := range []struct {
		name   string
		spoil  func(*explore.Result)
		stderr string
	}{
		{"a counterexample", func(r *explore.Result) { r.Verdicts[1].Err = errors.New("does not confirm") },
			"photosync eras: internal error: modern: " + properties.Catalog()[1].Name + ": does not confirm\n"},
		{"the exploration", func(r *explore.Result) { r.Err = errors.New("invalid catalog") },
			"photosync eras: internal error: modern: invalid catalog\n"},
	} {
		fake := fakeExplorer(t, true, nil)
		spoilt := func(cfg explore.Config) explore.Result {
			res := fake(cfg)
			if cfg.Rules.Name == "modern" {
				c.spoil(&res)
			}
			return res
		}
		dir := t.TempDir()
		code, stdout, stderr := callEras(t, dir, spoilt, "--out", "out")
		if code != exitInternal || stdout != "" || stderr != c.stderr {
			t.Errorf("%s: exit %d, stdout %q, stderr %q\nwant %q", c.name, code, stdout, stderr, c.stderr)
		}
		if _, err := os.Stat(filepath.Join(dir, "out")); err == nil {
			t.Errorf("%s: files were written", c.name)
		}
	}
	// A panic in the explorer is the checker's too.
	code, _, stderr := callEras(t, t.TempDir(), func(explore.Config) explore.Result { panic("explored") })
	if code != exitInternal || !strings.HasPrefix(stderr, "photosync eras: internal error: panic: explored\n") {
		t.Errorf("a panic: exit %d, stderr %q", code, stderr)
	}
}

// TestErasREADME: the README's command table has eras, with its exit
// codes.
func TestErasREADME(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, row, ok := strings.Cut(string(readme), "| `photosync eras ")
	row, _, _ = strings.Cut(row, "\n")
	if !ok || !strings.Contains(row, "1 when a bound left one unknown") || !strings.Contains(row, "2 on bad input") ||
		!strings.Contains(row, "3 on an internal error") {
		t.Errorf("README's row of eras: %q", row)
	}
	if !strings.Contains(usage, "\n  photosync eras [--json] [--out DIR] [--viewers N] [--max-states N] [--max-steps N] [--timeout D] [--timing]\n") {
		t.Errorf("the usage lacks eras")
	}
}
