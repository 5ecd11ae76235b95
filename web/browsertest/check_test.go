package browsertest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/google/go-cmp/cmp"

	"photosync/properties"
)

// checkDrawn is the expression true once /check shows its table.
const checkDrawn = `document.querySelectorAll("#check-table tbody tr").length > 0`

// checkPageJS reads /check as it shows: each property's verdict and its
// base's, and the delta's lists (key → the names it lists).
const checkPageJS = `(() => {
  const out = {verdicts: {}, base: {}, delta: {}};
  for (const tr of document.querySelectorAll("#check-table tbody tr")) {
    out.verdicts[tr.dataset.property] = tr.querySelector("td.verdict").dataset.verdict;
    out.base[tr.dataset.property] = tr.querySelector("td.base").dataset.verdict;
  }
  for (const li of document.querySelectorAll("#check-delta li[data-delta]")) {
    out.delta[li.dataset.delta] = li.querySelector(".mono").textContent.split(", ");
  }
  return out;
})()`

// checkPage is what checkPageJS reads.
type checkPage struct {
	Verdicts map[string]string   `json:"verdicts"`
	Base     map[string]string   `json:"base"`
	Delta    map[string][]string `json:"delta"`
}

// erasColumns returns what /api/eras says of rules: each property's
// verdict under it and under observed, and its delta against observed.
func erasColumns(t *testing.T, rules string) checkPage {
	t.Helper()
	resp, err := http.Get(server.URL + "/api/eras")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		RuleSets []struct {
			Name  string              `json:"name"`
			Delta map[string][]string `json:"against_observed"`
		} `json:"rule_sets"`
		Properties []struct {
			Name     string            `json:"name"`
			Verdicts map[string]string `json:"verdicts"`
		} `json:"properties"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != 200 {
		t.Fatalf("/api/eras: %d %v", resp.StatusCode, err)
	}
	want := checkPage{Verdicts: map[string]string{}, Base: map[string]string{}, Delta: map[string][]string{}}
	for _, p := range out.Properties {
		want.Verdicts[p.Name], want.Base[p.Name] = p.Verdicts[rules], p.Verdicts["observed"]
	}
	for _, rs := range out.RuleSets {
		if rs.Name != rules {
			continue
		}
		for k, list := range rs.Delta {
			if len(list) > 0 {
				want.Delta[k] = list
			}
		}
	}
	return want
}

// TestCheckDelta: /check?rules=modern shows every verdict beside its base,
// observed, and the delta: the same as the modern column of /eras, which
// the server computes apart.
func TestCheckDelta(t *testing.T) {
	ctx := tab(t, 1280, 800, false)
	open(t, ctx, "/check?rules=modern")
	waitFor(t, ctx, "the check of modern", checkDrawn, "check-status")
	got := eval[checkPage](t, ctx, checkPageJS)
	want := erasColumns(t, "modern")
	if len(want.Delta) == 0 {
		t.Fatal("/api/eras has no delta for modern: nothing to compare")
	}
	if !cmp.Equal(got, want) {
		t.Errorf("/check?rules=modern differs from the modern column of /api/eras (-check +eras):\n%s", cmp.Diff(got, want))
	}
	// The rows whose verdict differs from the base are marked.
	for p, v := range got.Verdicts {
		marked := eval[bool](t, ctx, `document.querySelector('#check-table tr[data-property="`+p+`"]').dataset.differs === "true"`)
		if marked != (v != got.Base[p]) {
			t.Errorf("%s: %s beside %s, marked as differing: %v", p, v, got.Base[p], marked)
		}
	}
	if s := eval[string](t, ctx, text("check-status")); !strings.Contains(s, "under modern beside its base observed") {
		t.Errorf("#check-status says %q", s)
	}
	screenshot(t, ctx, "check-modern")
}

// TestCheckRulesFile: a proposed rules file is checked beside its base;
// a bad one shows the message with its line, marked in the editor.
func TestCheckRulesFile(t *testing.T) {
	ctx := tab(t, 1280, 800, false)
	open(t, ctx, "/check")
	waitFor(t, ctx, "the check of observed", checkDrawn, "check-status")

	bad := "{\n  \"name\": \"mine\",\n  \"base\": \"observed\",\n  \"set\": {\"owa.cacheTTL\": \"soon\"}\n}\n"
	do(t, ctx, "checking a bad rules file", choose("check-file", bad), chromedp.Click(chromedp.ID("check-file-run")))
	waitFor(t, ctx, "the rules file's error", `!document.getElementById("check-error").classList.contains("hidden")`, "check-status")
	msg := eval[string](t, ctx, text("check-error"))
	if !strings.HasPrefix(msg, "rules.json:4:") || !strings.Contains(msg, "owa.cacheTTL") {
		t.Errorf("the error says %q, want rules.json:4 and the knob", msg)
	}
	if got := eval[string](t, ctx, `[...document.querySelectorAll("#check-gutter span.bad")].map((s) => s.textContent).join(",")`); got != "4" {
		t.Errorf("the editor marks lines %q, want 4", got)
	}
	// The verdicts of observed, checked before, are gone.
	if n := eval[int](t, ctx, `document.querySelectorAll("#check-table tr, #check-delta li").length`); n != 0 {
		t.Errorf("below %q the last check's table and delta still show (%d rows)", eval[string](t, ctx, text("check-status")), n)
	}
	screenshot(t, ctx, "check-bad-file")

	good := "{\n  \"name\": \"slow-owa\",\n  \"base\": \"observed\",\n  \"set\": {\"owa.cacheTTL\": \"30s\"}\n}\n"
	do(t, ctx, "checking a rules file", choose("check-file", good), chromedp.Click(chromedp.ID("check-file-run")))
	waitFor(t, ctx, "the check of slow-owa",
		`document.getElementById("check-status").textContent.includes("under slow-owa beside its base observed")`, "check-status")
	if !eval[bool](t, ctx, `document.getElementById("check-error").classList.contains("hidden")`) {
		t.Errorf("the error of the bad file still shows: %q", eval[string](t, ctx, text("check-error")))
	}
	if n := eval[int](t, ctx, `document.querySelectorAll("#check-table tbody tr").length`); n != len(properties.Catalog()) {
		t.Errorf("%d properties checked, want %d", n, len(properties.Catalog()))
	}
	// What experiments tell of it against its base, as /api/check says.
	want := "Experiments: " + apiCheckStatement(t, good) + "."
	if got := eval[string](t, ctx, text("check-told")); got != want {
		t.Errorf("#check-told says %q, want %q", got, want)
	}
	screenshot(t, ctx, "check-file")
}

// apiCheckStatement is what /api/check says experiments tell of a rules
// file against its base.
func apiCheckStatement(t *testing.T, file string) string {
	t.Helper()
	body, err := json.Marshal(map[string]string{"rulesFile": file})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Post(server.URL+"/api/check", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		Experiments *struct {
			Statement string `json:"statement"`
		} `json:"experiments"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != 200 || out.Experiments == nil {
		t.Fatalf("/api/check: %d %v %+v", resp.StatusCode, err, out)
	}
	return out.Experiments.Statement
}
