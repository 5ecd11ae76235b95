package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/google/go-cmp/cmp"
)

// card is the scenario the workbench tests start from: a change in
// Outlook on the web, seen through the observer's cached contact card.
const card = "at 0s view outlook-online-contact-card observer\nat 0s change outlook-online\n"

// ran is the expression true once the workbench has shown a run.
const ran = `document.getElementById("summary").textContent.startsWith("Ran under")`

// cellsJS reads the timeline as the page shows it: per step, per column,
// the photos of the cell's chips joined by "|" ("" for a dash).
const cellsJS = `[...document.querySelectorAll("#timeline tr.step")].map((tr) =>
  [...tr.querySelectorAll("td.cell")].map((td) =>
    [...td.querySelectorAll(".photos .chip")].map((c) => c.textContent).join("|")))`

// apiCells returns what /api/run says each cell can show.
func apiCells(t *testing.T, scenario string) [][]string {
	t.Helper()
	resp, err := http.PostForm(server.URL+"/api/run", url.Values{"scenario": {scenario}})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		Report struct {
			Events []struct {
				Could []string `json:"could"`
			} `json:"events"`
		} `json:"report"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != 200 {
		t.Fatalf("/api/run: %d %v", resp.StatusCode, err)
	}
	var cells [][]string
	for _, e := range out.Report.Events {
		cells = append(cells, e.Could)
	}
	return cells
}

// choose sets a control as a person would and tells the page it changed.
func choose(id, value string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => { const e = document.getElementById(%q);
  e.value = %q; e.dispatchEvent(new Event("input", {bubbles: true})); e.dispatchEvent(new Event("change", {bubbles: true})); })()`, id, value))
}

// column returns the index of the timeline's column of surface and viewer.
func column(t *testing.T, ctx context.Context, surfaceViewer string) int {
	t.Helper()
	k := eval[int](t, ctx, fmt.Sprintf(`[...document.querySelectorAll("#timeline th.colhead")].findIndex((th) => th.title === %q)`, surfaceViewer))
	if k < 0 {
		t.Fatalf("the timeline has no column %q", surfaceViewer)
	}
	return k
}

// TestWorkbenchAddStep opens a scenario from its link, adds a step with
// the controls, and sees the new row: its cell marked failed with the
// model's photo, every cell the same set as /api/run.
func TestWorkbenchAddStep(t *testing.T) {
	ctx := tab(t, 1280, 800, false)
	open(t, ctx, "/run?scenario="+url.QueryEscape(card))
	waitFor(t, ctx, "the first run", ran, "summary")
	if got := eval[string](t, ctx, `document.getElementById("text").value`); got != card {
		t.Fatalf("the editor holds %q, want the link's scenario %q", got, card)
	}
	if got, want := eval[[][]string](t, ctx, cellsJS), apiCells(t, card); !cmp.Equal(got, want) {
		t.Fatalf("the timeline differs from /api/run (-page +api):\n%s", cmp.Diff(got, want))
	}
	k := column(t, ctx, "outlook-online-contact-card observer")
	before := eval[[][]string](t, ctx, cellsJS)

	do(t, ctx, "adding a step",
		choose("at", "10s"), choose("action", "view"), choose("surface", "outlook-online-contact-card"),
		choose("viewer", "observer"), choose("check", "expect"), choose("photo", "v0"),
		chromedp.Click(chromedp.ID("add")))
	want := card + "at 10s expect outlook-online-contact-card observer = v0\n"
	waitFor(t, ctx, "the run with the new step", `document.querySelectorAll("#timeline tr.step").length === 3`, "summary")
	if got := eval[string](t, ctx, `document.getElementById("text").value`); got != want {
		t.Errorf("the editor holds %q, want %q", got, want)
	}
	after := eval[[][]string](t, ctx, cellsJS)
	if !cmp.Equal(after[:2], before) {
		t.Errorf("adding a step changed the rows before it (-before +after):\n%s", cmp.Diff(before, after[:2]))
	}
	if got := after[2][k]; got != "v1" {
		t.Errorf("at 10s the contact card can show %q, want v1 (the cache expired)", got)
	}
	if got, want := after, apiCells(t, want); !cmp.Equal(got, want) {
		t.Errorf("the timeline differs from /api/run (-page +api):\n%s", cmp.Diff(got, want))
	}
	cell := fmt.Sprintf(`document.querySelectorAll("#timeline tr.step")[2].querySelectorAll("td.cell")[%d]`, k)
	if !eval[bool](t, ctx, cell+`.classList.contains("failed")`) {
		t.Errorf("the expect's cell is not marked failed")
	}
	if got := eval[string](t, ctx, cell+`.textContent`); !strings.Contains(got, "model: v1") {
		t.Errorf("the expect's cell says %q, want the model's v1", got)
	}
	if got := eval[string](t, ctx, text("summary")); got != "Ran under observed: 1 of 1 checked lines do not hold." {
		t.Errorf("summary %q", got)
	}
	if got := eval[string](t, ctx, text("where")); got != "step 3 of 3" {
		t.Errorf("the stepper says %q, want the new step selected", got)
	}
	screenshot(t, ctx, "run-added-step")
}

// TestWorkbenchBadInput: a bad line shows the message with its line, and
// the editor marks that line and selects it.
func TestWorkbenchBadInput(t *testing.T) {
	ctx := tab(t, 1280, 800, false)
	open(t, ctx, "/run")
	waitFor(t, ctx, "the example's run", ran, "summary")
	bad := card + "at 1m view nowhere observer\n"
	do(t, ctx, "running a bad scenario", choose("text", bad), chromedp.Click(chromedp.ID("run")))
	waitFor(t, ctx, "the error", `!document.getElementById("error").classList.contains("hidden")`, "summary")
	msg := eval[string](t, ctx, text("error"))
	if !strings.HasPrefix(msg, `scenario:3: unknown surface "nowhere"`) {
		t.Errorf("the error says %q, want its line 3 and what is wrong", msg)
	}
	if got := eval[string](t, ctx, `[...document.querySelectorAll("#gutter span.bad")].map((s) => s.textContent).join(",")`); got != "3" {
		t.Errorf("the editor marks lines %q, want 3", got)
	}
	sel := eval[string](t, ctx, `(() => { const e = document.getElementById("text"); return e.value.slice(e.selectionStart, e.selectionEnd); })()`)
	if sel != "at 1m view nowhere observer" {
		t.Errorf("the editor selects %q, want the bad line", sel)
	}
	if got := eval[string](t, ctx, text("summary")); got != "The scenario did not run." {
		t.Errorf("summary %q", got)
	}
	// The example's result is gone: no outcome, step or state of a run
	// whose text the editor no longer holds.
	stale := eval[map[string]int](t, ctx, `({outcomes: document.querySelectorAll("#outcomes li").length,
  violations: document.querySelectorAll("#violations li").length,
  steps: document.querySelectorAll("#timeline tr").length,
  states: document.getElementById("states").textContent.length})`)
	if want := map[string]int{"outcomes": 0, "violations": 0, "steps": 0, "states": 0}; !cmp.Equal(stale, want) {
		t.Errorf("after the bad run the Result panel still shows the last run's %v", stale)
	}
	if got := eval[string](t, ctx, text("where")); got != "—" {
		t.Errorf("after the bad run the stepper says %q", got)
	}
	screenshot(t, ctx, "run-bad-input")

	// Editing the text clears the mark.
	do(t, ctx, "typing", chromedp.Focus(chromedp.ID("text")), chromedp.KeyEvent("#"))
	if n := eval[int](t, ctx, `document.querySelectorAll("#gutter span.bad").length`); n != 0 {
		t.Errorf("after an edit %d lines are still marked", n)
	}
}

// TestWorkbenchLink: the Link button puts the scenario and the rule set in
// the address, and that address reopens both in a new tab.
func TestWorkbenchLink(t *testing.T) {
	ctx := tab(t, 1280, 800, false)
	open(t, ctx, "/run")
	waitFor(t, ctx, "the example's run", ran, "summary")
	do(t, ctx, "choosing the scenario and the rules", choose("text", card), choose("rules", "ideal"))
	waitFor(t, ctx, "the run under ideal", `document.getElementById("summary").textContent.startsWith("Ran under ideal")`, "summary")
	do(t, ctx, "pressing Link", chromedp.Click(chromedp.ID("link")))
	href := eval[string](t, ctx, `location.href`)
	u, err := url.Parse(href)
	if err != nil || u.Path != "/run" || u.Query().Get("scenario") != card || u.Query().Get("rules") != "ideal" {
		t.Fatalf("the link is %q, want /run with the scenario and rules=ideal", href)
	}

	again := tab(t, 1280, 800, false)
	do(t, again, "opening the link", chromedp.Navigate(href))
	waitFor(t, again, "the linked run", `document.getElementById("summary").textContent.startsWith("Ran under ideal")`, "summary")
	if got := eval[string](t, again, `document.getElementById("text").value`); got != card {
		t.Errorf("the link reopens %q, want %q", got, card)
	}
	if got := eval[string](t, again, `document.getElementById("rules").value`); got != "ideal" {
		t.Errorf("the link reopens rules %q, want ideal", got)
	}
}

// TestWorkbenchKeyboard: from the editor, Tab reaches Run, its focus is
// visible, and Enter runs the edited scenario.
func TestWorkbenchKeyboard(t *testing.T) {
	ctx := tab(t, 1280, 800, false)
	open(t, ctx, "/run")
	waitFor(t, ctx, "the example's run", ran, "summary")
	edited := card + "at 10s expect outlook-online-contact-card observer = v1\n"
	do(t, ctx, "editing and tabbing", choose("text", edited), chromedp.Focus(chromedp.ID("text")), chromedp.KeyEvent(kb.Tab))
	if got := eval[string](t, ctx, `document.activeElement.id`); got != "run" {
		t.Fatalf("Tab from the editor focuses %q, want the Run button", got)
	}
	if got := eval[string](t, ctx, `getComputedStyle(document.activeElement).outlineStyle`); got == "none" {
		t.Errorf("the focused Run button shows no outline")
	}
	do(t, ctx, "pressing Enter", chromedp.KeyEvent(kb.Enter))
	waitFor(t, ctx, "the run of the edited scenario",
		`document.getElementById("summary").textContent === "Ran under observed: all 1 checked lines hold."`, "summary")
}

// TestWorkbenchStepper: Forward and Back, the arrow keys on the timeline
// and hovering a row each show that step's sentence and possible states.
func TestWorkbenchStepper(t *testing.T) {
	ctx := tab(t, 1280, 800, false)
	open(t, ctx, "/run?scenario="+url.QueryEscape(card+"at 10s view outlook-online-contact-card observer\n"))
	waitFor(t, ctx, "the run", ran, "summary")
	where := func(want string) {
		t.Helper()
		if got := eval[string](t, ctx, text("where")); got != want {
			t.Errorf("the stepper says %q, want %q", got, want)
		}
	}
	sentence := func(want string) {
		t.Helper()
		if got := eval[string](t, ctx, text("sentence")); !strings.HasPrefix(got, want) {
			t.Errorf("the sentence is %q, want it to start %q", got, want)
		}
	}
	where("step 1 of 3")
	sentence("Step 1, at 0s (line 1):")
	do(t, ctx, "pressing Forward twice", chromedp.Click(chromedp.ID("fwd")), chromedp.Click(chromedp.ID("fwd")))
	where("step 3 of 3")
	sentence("Step 3, at 10s (line 3):")
	if !eval[bool](t, ctx, `document.getElementById("fwd").disabled`) {
		t.Error("Forward is enabled at the last step")
	}
	if got := eval[string](t, ctx, text("states")); !strings.HasPrefix(got, "1 possible state right after this step:") {
		t.Errorf("the states at 10s: %q", got)
	}
	do(t, ctx, "pressing Back", chromedp.Click(chromedp.ID("back")))
	where("step 2 of 3")
	do(t, ctx, "pressing ArrowUp on the timeline", chromedp.Focus(chromedp.ID("timeline")), chromedp.KeyEvent(kb.ArrowUp))
	where("step 1 of 3")

	// Hovering a row shows its step without selecting it.
	x := eval[float64](t, ctx, `(() => { const r = document.querySelectorAll("#timeline tr.step")[2].getBoundingClientRect(); return r.left + 20; })()`)
	y := eval[float64](t, ctx, `(() => { const r = document.querySelectorAll("#timeline tr.step")[2].getBoundingClientRect(); return r.top + r.height / 2; })()`)
	do(t, ctx, "hovering the third row", chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, x, y))
	sentence("Step 3, at 10s (line 3):")
	where("step 1 of 3")
}

// TestWorkbenchUpload: a scenario file opened with the file input replaces
// the editor's text and runs.
func TestWorkbenchUpload(t *testing.T) {
	ctx := tab(t, 1280, 800, false)
	open(t, ctx, "/run")
	waitFor(t, ctx, "the example's run", ran, "summary")
	file := filepath.Join(t.TempDir(), "card.scenario")
	uploaded := card + "at 10s expect outlook-online-contact-card observer = v1\n"
	if err := os.WriteFile(file, []byte(uploaded), 0o644); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, "opening a file", chromedp.SetUploadFiles(chromedp.ID("upload"), []string{file}))
	waitFor(t, ctx, "the uploaded scenario's run",
		`document.getElementById("summary").textContent === "Ran under observed: all 1 checked lines hold."`, "summary")
	if got := eval[string](t, ctx, `document.getElementById("text").value`); got != uploaded {
		t.Errorf("the editor holds %q, want the file's %q", got, uploaded)
	}
}
