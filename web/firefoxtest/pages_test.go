package firefoxtest

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// The expressions true once a page has drawn what it fetched (the same as
// web/browsertest's).
const (
	ran        = `document.getElementById("summary").textContent.startsWith("Ran under")`
	erasDrawn  = `document.querySelectorAll("#eras-table tbody tr").length > 0`
	checkDrawn = `document.querySelectorAll("#check-table tbody tr").length > 0`
)

// inferRound is the expression true once round n of the diagnosis has
// answered.
func inferRound(n int) string {
	return fmt.Sprintf(`document.getElementById("infer-status").textContent.startsWith("Round %d: done")`, n)
}

// TestPagesInFirefox opens every page at a desktop's size (1280×800) and
// a phone's (390×844): each draws what it fetched, the page itself never
// scrolls sideways, and a screenshot of each is saved to look at.
func TestPagesInFirefox(t *testing.T) {
	for _, pg := range []struct{ name, path, ready, shown string }{
		{"run", "/run", ran, "summary"},
		{"eras", "/eras", erasDrawn, "eras-status"},
		{"check", "/check?rules=modern", checkDrawn, "check-status"},
		{"infer", "/infer", inferRound(1), "infer-status"},
	} {
		for _, v := range []struct {
			name string
			w, h int
		}{{"desktop", 1280, 800}, {"phone", 390, 844}} {
			t.Run(pg.name+"/"+v.name, func(t *testing.T) {
				p := tab(t, v.w, v.h)
				p.open(pg.path)
				p.waitFor(pg.path+" drawn", pg.ready, pg.shown)
				if iw, sw := eval[int](p, `innerWidth`), eval[int](p, `document.documentElement.scrollWidth`); sw > iw {
					t.Errorf("%s at %d×%d scrolls sideways: %d px wide in a viewport of %d", pg.path, v.w, v.h, sw, iw)
				}
				if errs := eval[string](p, `[...document.querySelectorAll(".msg.error:not(.hidden)")].map((e) => e.textContent).join("; ")`); errs != "" {
					t.Errorf("%s shows an error: %s", pg.path, errs)
				}
				p.screenshot(pg.name + "-" + v.name)
			})
		}
	}
}

// card is a change in Outlook on the web seen through the observer's
// cached contact card.
const card = "at 0s view outlook-online-contact-card observer\nat 0s change outlook-online\n"

// choose sets a control as a person would and tells the page it changed.
func choose(id, value string) string {
	return fmt.Sprintf(`(() => { const e = document.getElementById(%q);
  e.value = %q; e.dispatchEvent(new Event("input", {bubbles: true})); e.dispatchEvent(new Event("change", {bubbles: true})); return true; })()`, id, value)
}

// TestWorkbenchInFirefox adds a step with the controls and the mouse and
// sees its row: the expect's cell marked failed with the model's photo.
func TestWorkbenchInFirefox(t *testing.T) {
	p := tab(t, 1280, 800)
	p.open("/run?scenario=" + url.QueryEscape(card))
	p.waitFor("the first run", ran, "summary")
	for _, c := range [][2]string{{"at", "10s"}, {"action", "view"}, {"surface", "outlook-online-contact-card"},
		{"viewer", "observer"}, {"check", "expect"}, {"photo", "v0"}} {
		eval[bool](p, choose(c[0], c[1]))
	}
	p.click("#add")
	p.waitFor("the run with the new step", `document.querySelectorAll("#timeline tr.step").length === 3`, "summary")
	want := card + "at 10s expect outlook-online-contact-card observer = v0\n"
	if got := eval[string](p, `document.getElementById("text").value`); got != want {
		t.Errorf("the editor holds %q, want %q", got, want)
	}
	if got := eval[string](p, text("summary")); got != "Ran under observed: 1 of 1 checked lines do not hold." {
		t.Errorf("summary %q", got)
	}
	k := eval[int](p, `[...document.querySelectorAll("#timeline th.colhead")].findIndex((th) => th.title === "outlook-online-contact-card observer")`)
	cell := fmt.Sprintf(`document.querySelectorAll("#timeline tr.step")[2].querySelectorAll("td.cell")[%d]`, k)
	if got := eval[string](p, cell+`.textContent`); k < 0 || !strings.Contains(got, "model: v1") || !eval[bool](p, cell+`.classList.contains("failed")`) {
		t.Errorf("the expect's cell (column %d) says %q, want failed with the model's v1", k, got)
	}
	p.screenshot("run-added-step")
}

// TestErasCounterexampleInFirefox reaches the first counterexample of
// /eras with Tab, opens it with Enter, and sees the workbench run it.
func TestErasCounterexampleInFirefox(t *testing.T) {
	p := tab(t, 1280, 800)
	p.open("/eras")
	p.waitFor("the eras table", erasDrawn, "eras-status")
	first := eval[string](p, `document.querySelector("#eras-table a.cx").dataset.testid`)
	p.tabTo(fmt.Sprintf(`[data-testid=%q]`, first))
	href := eval[string](p, `document.activeElement.href`)
	p.press(keyEnter)
	p.waitFor("the workbench", `location.pathname === "/run" && `+ran, "summary")
	u, err := url.Parse(href)
	if err != nil {
		t.Fatal(err)
	}
	rules := u.Query().Get("rules")
	if got := eval[string](p, `document.getElementById("text").value`); got != u.Query().Get("scenario") {
		t.Errorf("the workbench holds %q, want the counterexample of %s", got, first)
	}
	if got := eval[string](p, text("summary")); !strings.HasPrefix(got, "Ran under "+rules+": all ") {
		t.Errorf("the counterexample's checked lines do not all hold: %q", got)
	}
	p.screenshot("eras-counterexample-in-run")
}

// TestCheckInFirefox picks another rule set and checks it with the mouse:
// the table follows, beside its base.
func TestCheckInFirefox(t *testing.T) {
	p := tab(t, 1280, 800)
	p.open("/check")
	p.waitFor("the check of observed", checkDrawn, "check-status")
	eval[bool](p, choose("check-rules", "transition-2023"))
	p.click("#check-named")
	p.waitFor("the check of transition-2023",
		`document.getElementById("check-status").textContent.includes("under transition-2023 beside its base observed")`, "check-status")
	if n := eval[int](p, `document.querySelectorAll("#check-table tbody tr[data-property] td.verdict[data-verdict]").length`); n == 0 {
		t.Error("the table shows no verdicts")
	}
	p.screenshot("check-transition-2023")
}

// stay reads how many candidates an outcome's button says stay.
var stay = regexp.MustCompile(`^([0-9,]+) of the ([0-9,]+) fitting candidates stay`)

// TestInferInFirefox diagnoses the example log, reaches the first outcome
// with Tab and presses it with Enter: the count falls to the number the
// button promised.
func TestInferInFirefox(t *testing.T) {
	p := tab(t, 1280, 800)
	p.open("/infer")
	p.waitFor("the first round", inferRound(1), "infer-status")
	choice := `document.querySelector("#infer-choices button")`
	label := eval[string](p, choice+`.querySelector("strong").textContent`)
	m := stay.FindStringSubmatch(eval[string](p, choice+`.querySelector("span").textContent`))
	if m == nil {
		t.Fatalf("the button %q does not say how many candidates stay", label)
	}
	p.tabTo("#infer-choices button")
	p.press(keyEnter)
	p.waitFor("the second round", inferRound(2), "infer-status")
	after := eval[int](p, `Number(document.getElementById("infer-count").dataset.fitting)`)
	if promised, _ := strconv.Atoi(strings.ReplaceAll(m[1], ",", "")); after != promised {
		t.Errorf("after %q %d candidates fit, the button promised %d", label, after, promised)
	}
	p.screenshot("infer-round-2")
}
