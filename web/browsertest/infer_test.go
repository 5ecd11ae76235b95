package browsertest

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// inferRound is the expression true once round n of the diagnosis has
// answered.
func inferRound(n int) string {
	return fmt.Sprintf(`document.getElementById("infer-status").textContent.startsWith("Round %d: done")`, n)
}

// stay reads how many candidates an outcome's button says stay.
var stay = regexp.MustCompile(`^([0-9,]+) of the ([0-9,]+) fitting candidates stay`)

// TestInferOutcome diagnoses the example log, reaches the first outcome
// button with Tab and presses it with Enter, and sees the log grow by its observe line and the fitting
// candidates fall to the number the button promised; the history keeps
// both rounds.
func TestInferOutcome(t *testing.T) {
	ctx := tab(t, 1280, 800, false)
	open(t, ctx, "/infer")
	waitFor(t, ctx, "the first round", inferRound(1), "infer-status")
	if got := eval[string](t, ctx, `document.getElementById("infer-state").dataset.state`); got != "open" {
		t.Fatalf("after the example log the diagnosis is %q, want open: %s", got, eval[string](t, ctx, text("infer-state")))
	}
	before := eval[int](t, ctx, `Number(document.getElementById("infer-count").dataset.fitting)`)
	if n := eval[int](t, ctx, `document.querySelectorAll("#infer-steps li").length`); n == 0 {
		t.Error("the next experiment has no steps")
	}
	choice := `document.querySelector("#infer-choices button")`
	label := eval[string](t, ctx, choice+`.querySelector("strong").textContent`)
	words := eval[string](t, ctx, choice+`.querySelector("span").textContent`)
	m := stay.FindStringSubmatch(words)
	if m == nil {
		t.Fatalf("the button %q says %q, not how many candidates stay", label, words)
	}
	promised := number(t, m[1])
	if number(t, m[2]) != before || promised >= before {
		t.Fatalf("the button %q promises %s of %s, with %d fitting", label, m[1], m[2], before)
	}
	logBefore := eval[string](t, ctx, `document.getElementById("infer-log").value`)
	photo := eval[string](t, ctx, choice+`.dataset.photo`)

	// The person reaches the button with Tab and presses Enter.
	tabTo(t, ctx, "#infer-choices button")
	do(t, ctx, "pressing "+label, chromedp.KeyEvent(kb.Enter))
	waitFor(t, ctx, "the second round", inferRound(2), "infer-status")
	after := eval[int](t, ctx, `Number(document.getElementById("infer-count").dataset.fitting)`)
	if after != promised {
		t.Errorf("after %q %d candidates fit, the button promised %d (of %d)", label, after, promised, before)
	}
	logAfter := eval[string](t, ctx, `document.getElementById("infer-log").value`)
	added := strings.TrimPrefix(logAfter, logBefore)
	if added == logAfter || !strings.Contains(added, " observe ") || !strings.HasSuffix(added, " "+photo+"\n") {
		t.Errorf("pressing %q appended %q to the log, want its observe line", label, added)
	}
	history := eval[[]string](t, ctx, `[...document.querySelectorAll("#infer-history li")].map((li) => li.textContent)`)
	want := fmt.Sprintf("Round 2: %s → %s fit", label, m[1])
	if len(history) != 2 || history[1] != want {
		t.Errorf("the history is %q, want its second round %q", history, want)
	}
	screenshot(t, ctx, "infer-round-2")
}

// TestInferBadLog: a log with a bad line says so with its line and marks it.
func TestInferBadLog(t *testing.T) {
	ctx := tab(t, 1280, 800, false)
	open(t, ctx, "/infer?log="+strings.ReplaceAll("at 0s change outlook-online\nat 1m observe nowhere observer v1\n", "\n", "%0A"))
	waitFor(t, ctx, "the error", `!document.getElementById("infer-error").classList.contains("hidden")`, "infer-status")
	if msg := eval[string](t, ctx, text("infer-error")); !strings.Contains(msg, ":2: ") || !strings.Contains(msg, "nowhere") {
		t.Errorf("the error says %q, want line 2 and the bad surface", msg)
	}
	if got := eval[string](t, ctx, `[...document.querySelectorAll("#infer-gutter span.bad")].map((s) => s.textContent).join(",")`); got != "2" {
		t.Errorf("the editor marks lines %q, want 2", got)
	}
}

// number reads a count written with thousands separators.
func number(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(strings.ReplaceAll(s, ",", ""))
	if err != nil {
		t.Fatalf("%q is not a count", s)
	}
	return n
}
