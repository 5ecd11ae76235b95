package browsertest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/google/go-cmp/cmp"
)

// erasDrawn is the expression true once /eras shows its table.
const erasDrawn = `document.querySelectorAll("#eras-table tbody tr").length > 0`

// erasCellsJS reads the verdict matrix as the page shows it:
// property → rule set → verdict, and the cells marked as differing.
const erasCellsJS = `(() => {
  const out = {verdicts: {}, differs: []};
  for (const td of document.querySelectorAll("#eras-table td.v")) {
    const p = td.dataset.property, rs = td.dataset.ruleset;
    (out.verdicts[p] = out.verdicts[p] || {})[rs] = td.dataset.verdict;
    if (td.dataset.differs === "true" && td.classList.contains("differs")) out.differs.push(p + " " + rs);
  }
  return out;
})()`

// apiEras returns what /api/eras says: the verdicts and the cells that
// differ from observed.
func apiEras(t *testing.T) (map[string]map[string]string, []string) {
	t.Helper()
	resp, err := http.Get(server.URL + "/api/eras")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		RuleSets []struct {
			Name string `json:"name"`
		} `json:"rule_sets"`
		Properties []struct {
			Name     string            `json:"name"`
			Verdicts map[string]string `json:"verdicts"`
		} `json:"properties"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != 200 {
		t.Fatalf("/api/eras: %d %v", resp.StatusCode, err)
	}
	verdicts := map[string]map[string]string{}
	var differs []string
	for _, p := range out.Properties {
		verdicts[p.Name] = p.Verdicts
		for _, rs := range out.RuleSets {
			if rs.Name != "observed" && p.Verdicts[rs.Name] != p.Verdicts["observed"] {
				differs = append(differs, p.Name+" "+rs.Name)
			}
		}
	}
	return verdicts, differs
}

// TestErasMatrix: /eras shows every verdict of /api/eras (the object of
// photosync eras --json) and marks the cells that differ from observed.
func TestErasMatrix(t *testing.T) {
	ctx := tab(t, 1280, 800, false)
	open(t, ctx, "/eras")
	waitFor(t, ctx, "the eras table", erasDrawn, "eras-status")
	type matrix struct {
		Verdicts map[string]map[string]string `json:"verdicts"`
		Differs  []string                     `json:"differs"`
	}
	page := eval[matrix](t, ctx, erasCellsJS)
	verdicts, differs := apiEras(t)
	if !cmp.Equal(page.Verdicts, verdicts) {
		t.Errorf("the page's verdicts differ from /api/eras (-page +api):\n%s", cmp.Diff(page.Verdicts, verdicts))
	}
	if !cmp.Equal(page.Differs, differs) {
		t.Errorf("the cells marked as differing from observed (-page +api):\n%s", cmp.Diff(page.Differs, differs))
	}
	if got := eval[string](t, ctx, text("eras-status")); !strings.Contains(got, "violated cells") {
		t.Errorf("#eras-status says %q", got)
	}
}

// TestErasCounterexample reaches the first violated cell's link with Tab,
// opens it with Enter, and finds its counterexample in the workbench: the
// rule set chosen, the scenario in the editor, and the run showing the
// property violated.
func TestErasCounterexample(t *testing.T) {
	ctx := tab(t, 1280, 800, false)
	open(t, ctx, "/eras")
	waitFor(t, ctx, "the eras table", erasDrawn, "eras-status")
	first := eval[string](t, ctx, `document.querySelector("#eras-table a.cx").dataset.testid`)
	tabTo(t, ctx, fmt.Sprintf(`[data-testid=%q]`, first))
	href := eval[string](t, ctx, `document.activeElement.href`)
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.KeyEvent(kb.Enter))); err != nil {
		t.Fatalf("pressing Enter on %s: %v", first, err)
	}
	waitFor(t, ctx, "the workbench", `location.pathname === "/run" && `+ran, "summary")
	u, err := url.Parse(href)
	if err != nil {
		t.Fatal(err)
	}
	rules, scenario := u.Query().Get("rules"), u.Query().Get("scenario")
	if got := eval[string](t, ctx, `location.href`); got != href {
		t.Errorf("Enter opened %q, want %q", got, href)
	}
	if got := eval[string](t, ctx, `document.getElementById("rules").value`); got != rules {
		t.Errorf("the workbench's rule set is %q, want %q", got, rules)
	}
	if got := eval[string](t, ctx, `document.getElementById("text").value`); got != scenario {
		t.Errorf("the workbench holds %q, want the counterexample %q", got, scenario)
	}
	property := strings.TrimPrefix(first, "cx-"+rules+"-")
	if got := eval[string](t, ctx, text("violations")); !strings.Contains(got, "("+property+")") {
		t.Errorf("the workbench's violations say %q, want %s", got, property)
	}
	if got := eval[string](t, ctx, text("summary")); !strings.HasPrefix(got, "Ran under "+rules+": all ") {
		t.Errorf("the counterexample's checked lines do not all hold: %q", got)
	}
	screenshot(t, ctx, "eras-counterexample-in-run")
}
