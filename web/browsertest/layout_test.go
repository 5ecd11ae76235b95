package browsertest

import (
	"fmt"
	"testing"
)

// A pageCase is a page the layout tests open: its path and the expression true once it
// has drawn what it fetched, with the id of its message for failures.
type pageCase struct {
	name, path, ready, shown string
}

// pages are the pages of photosync serve.
var pages = []pageCase{
	{"run", "/run", ran, "summary"},
	{"eras", "/eras", erasDrawn, "eras-status"},
	{"check", "/check?rules=modern", checkDrawn, "check-status"},
	{"infer", "/infer", inferRound(1), "infer-status"},
}

// A viewport the layout tests use.
type viewport struct {
	name   string
	w, h   int64
	mobile bool
}

var viewports = []viewport{
	{"desktop", 1280, 800, false},
	{"phone", 390, 844, true},
}

// TestLayout opens every page at a desktop's and a phone's size: no
// horizontal scrolling of the page itself (a wide table scrolls in its own
// box), and a screenshot of each to look at.
func TestLayout(t *testing.T) {
	for _, p := range pages {
		for _, v := range viewports {
			t.Run(p.name+"/"+v.name, func(t *testing.T) {
				ctx := tab(t, v.w, v.h, v.mobile)
				open(t, ctx, p.path)
				waitFor(t, ctx, p.path+" drawn", p.ready, p.shown)
				// A phone widens its layout viewport to the page's
				// content: there a wide page shows as innerWidth.
				iw := eval[int](t, ctx, `innerWidth`)
				sw := eval[int](t, ctx, `document.documentElement.scrollWidth`)
				if iw != int(v.w) || sw > iw {
					wide := eval[string](t, ctx, fmt.Sprintf(widest, v.w))
					t.Errorf("%s at %d×%d scrolls sideways: %d px wide in a viewport of %d (too wide: %s)", p.path, v.w, v.h, sw, iw, wide)
				}
				screenshot(t, ctx, fmt.Sprintf("%s-%s", p.name, v.name))
			})
		}
	}
}

// widest names the elements that reach past the right edge of a viewport
// %d px wide, not clipped by a box that scrolls or hides its overflow (an
// absolutely positioned element escapes such a box unless the box is
// positioned), and whose parent does not: the culprits, not their
// ancestors.
const widest = `(() => {
  const width = %d;
  const clips = (cs) => ["auto", "scroll", "hidden", "clip"].includes(cs.overflowX);
  const out = (e) => e.getBoundingClientRect().right > width + 0.5;
  const clipped = (e) => {
    let abs = ["absolute", "fixed"].includes(getComputedStyle(e).position);
    for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
      const cs = getComputedStyle(p);
      if ((!abs || cs.position !== "static") && clips(cs)) return true;
      if (abs && cs.position !== "static") abs = ["absolute", "fixed"].includes(cs.position);
    }
    return false;
  };
  const escapes = (e) => e && e !== document.body && out(e) && !clipped(e);
  const found = [];
  for (const e of document.querySelectorAll("body *")) {
    if (!escapes(e) || escapes(e.parentElement)) continue;
    found.push(e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") +
      (e.className ? "." + String(e.className).trim().split(/\s+/).join(".") : "") + " " + Math.round(e.getBoundingClientRect().right) + "px");
  }
  return found.length ? found.slice(0, 5).join(", ") + (found.length > 5 ? " and " + (found.length - 5) + " more" : "") : "none found";
})()`

// apartJS names each visible control of the workbench's "Add a step" whose
// label's words are not on the line of the control itself.
const apartJS = `[...document.querySelectorAll("fieldset input, fieldset select")].filter((c) => c.offsetParent !== null).map((c) => {
  const l = c.labels && c.labels[0];
  const words = l && [...l.childNodes].find((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim() !== "");
  if (!words) return null;
  const r = document.createRange();
  r.selectNodeContents(words);
  const a = r.getBoundingClientRect(), b = c.getBoundingClientRect();
  return a.bottom > b.top && a.top < b.bottom ? null : words.textContent.trim() + " apart from #" + c.id;
}).filter(Boolean)`

// TestWorkbenchLabelsBesideControls: in "Add a step", every label stays on
// the line of its control at a desktop's and a phone's size, whichever
// controls the action shows.
func TestWorkbenchLabelsBesideControls(t *testing.T) {
	for _, v := range viewports {
		t.Run(v.name, func(t *testing.T) {
			ctx := tab(t, v.w, v.h, v.mobile)
			open(t, ctx, "/run")
			waitFor(t, ctx, "the example's run", ran, "summary")
			actions := eval[[]string](t, ctx, `[...document.getElementById("action").options].map((o) => o.value)`)
			if len(actions) < 2 {
				t.Fatalf("the action menu offers %v", actions)
			}
			for _, action := range actions {
				do(t, ctx, "choosing "+action, choose("action", action))
				if apart := eval[[]string](t, ctx, apartJS); len(apart) > 0 {
					t.Errorf("at %d×%d with action %s: %v", v.w, v.h, action, apart)
				}
			}
			do(t, ctx, "choosing a check", choose("action", "view"), choose("check", "observe"))
			if apart := eval[[]string](t, ctx, apartJS); len(apart) > 0 {
				t.Errorf("at %d×%d with a check: %v", v.w, v.h, apart)
			}
			screenshot(t, ctx, "run-add-step-"+v.name)
		})
	}
}
