package browsertest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// focusablesJS numbers the controls a person can reach with Tab, in the
// document's order (data-kbd), and returns a name for each: every link,
// button, input, select, textarea and summary that shows and is enabled.
const focusablesJS = `(() => {
  const all = [...document.querySelectorAll("a[href], button, input, select, textarea, summary, [tabindex]")].filter((e) =>
    !e.disabled && e.tabIndex >= 0 && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== "hidden");
  return all.map((e, i) => { e.dataset.kbd = i;
    return e.tagName.toLowerCase() + (e.id ? "#" + e.id : e.dataset.testid ? "[" + e.dataset.testid + "]" : " " + e.textContent.trim().slice(0, 30)); });
})()`

// recordFocusJS records, at every focus, the control's number (-1 for
// another element) and whether it shows its focus: an outline or a ring
// of box-shadow, its own or, for an editor's textarea, the editor's
// (which holds the line numbers too).
const recordFocusJS = `(() => {
  const shows = (e) => { const cs = getComputedStyle(e);
    return (cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) > 0) || cs.boxShadow !== "none"; };
  window.focused = [];
  document.addEventListener("focusin", (ev) => {
    const e = ev.target, editor = e.closest(".editor");
    window.focused.push({k: Number(e.dataset.kbd ?? -1), shows: shows(e) || (editor !== null && shows(editor))});
  });
})()`

// A focus is what recordFocusJS records.
type focus struct {
	K     int  `json:"k"`
	Shows bool `json:"shows"`
}

// TestKeyboard: on every page, Tab reaches every control once, in the
// document's order (no tabindex reorders them), each showing its focus.
func TestKeyboard(t *testing.T) {
	for _, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			ctx := tab(t, 1280, 800, false)
			open(t, ctx, p.path)
			waitFor(t, ctx, p.path+" drawn", p.ready, p.shown)
			controls := eval[[]string](t, ctx, focusablesJS)
			if len(controls) == 0 {
				t.Fatal("no control to reach")
			}
			eval[any](t, ctx, recordFocusJS)
			presses := make([]chromedp.Action[chromedp.Void], len(controls))
			for i := range presses {
				presses[i] = chromedp.KeyEvent(kb.Tab)
			}
			do(t, ctx, "pressing Tab", presses...)
			var unseen []string
			for i, f := range eval[[]focus](t, ctx, `window.focused`) {
				switch {
				case f.K != i:
					got := "an element that is no control"
					if f.K >= 0 {
						got = controls[f.K]
					}
					t.Fatalf("Tab's press %d focused %s, want %s: the controls in order are %q", i+1, got, controls[i], controls)
				case !f.Shows:
					unseen = append(unseen, controls[i])
				}
			}
			if len(unseen) > 0 {
				t.Errorf("focused, these show no outline: %s", strings.Join(unseen, ", "))
			}
		})
	}
}

// TestKeyboardOperates: on the workbench, Space presses Add step, the
// arrow keys pick another rule set, and Enter presses Run.
func TestKeyboardOperates(t *testing.T) {
	ctx := tab(t, 1280, 800, false)
	open(t, ctx, "/run")
	waitFor(t, ctx, "the first run", ran, "summary")
	rows := eval[int](t, ctx, `document.querySelectorAll("#timeline tr.step").length`)
	do(t, ctx, "a step after the example's last", choose("at", "2m"))
	tabTo(t, ctx, "#add")
	do(t, ctx, "pressing Space on Add step", chromedp.KeyEvent(" "))
	waitFor(t, ctx, "the run with the new step", fmt.Sprintf(`document.querySelectorAll("#timeline tr.step").length === %d`, rows+1), "summary")

	open(t, ctx, "/run")
	waitFor(t, ctx, "the first run", ran, "summary")
	tabTo(t, ctx, "#rules")
	before := eval[string](t, ctx, `document.getElementById("rules").value`)
	do(t, ctx, "pressing ArrowDown on the rule sets", chromedp.KeyEvent(kb.ArrowDown))
	picked := eval[string](t, ctx, `document.getElementById("rules").value`)
	if picked == before {
		t.Fatalf("ArrowDown left the rule set at %q", before)
	}
	tabTo(t, ctx, "#run")
	do(t, ctx, "pressing Enter on Run", chromedp.KeyEvent(kb.Enter))
	waitFor(t, ctx, "the run under "+picked, fmt.Sprintf(`document.getElementById("summary").textContent.startsWith("Ran under %s:")`, picked), "summary")
}
