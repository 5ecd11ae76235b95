package web

import (
	"net/url"
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	s := New(Options{})
	code, out := call(t, s, "/api/check", url.Values{"rules": {"ideal"}})
	if code != 200 || out["rules"] != "ideal" || out["base"] != "observed" || out["complete"] != true || out["bounded"] != nil {
		t.Fatalf("%d %v", code, out)
	}
	props := out["properties"].([]any)
	violated := 0
	for _, p := range props {
		p := p.(map[string]any)
		if p["base_verdict"] == nil {
			t.Errorf("%s: no base verdict", p["name"])
		}
		if (p["verdict"] == "violated") != (p["counterexample"] != nil) {
			t.Errorf("%s: %v, counterexample %v", p["name"], p["verdict"], p["counterexample"] != nil)
		}
		if p["verdict"] == "violated" {
			violated++
		}
	}
	delta := out["against_base"].(map[string]any)
	if violated == 0 || len(delta["breaks_invariants"].([]any)) == 0 {
		t.Errorf("ideal breaks no invariant of observed: %v", delta)
	}
	// observed has no base; the default is observed.
	code, out = call(t, s, "/api/check", nil)
	if code != 200 || out["rules"] != "observed" || out["base"] != nil || out["against_base"] != nil {
		t.Fatalf("observed: %d %v", code, out)
	}
}

func TestCheckRulesFile(t *testing.T) {
	code, out := call(t, New(Options{}), "/api/check", url.Values{"rules": {"ideal"},
		"rulesFile": {`{"name": "slow-owa", "base": "observed", "set": {"owa.cacheTTL": "30s"}}`}})
	if code != 200 || out["rules"] != "slow-owa" || out["base"] != "observed" {
		t.Fatalf("%d %v", code, out)
	}
	// A counterexample under a rules file replays without it: its rules
	// and set lines say what the file sets.
	n := 0
	for _, p := range out["properties"].([]any) {
		if cx, ok := p.(map[string]any)["counterexample"].(string); ok {
			n++
			if !strings.Contains(cx, "\nrules observed\nset owa.cacheTTL 30s\n") {
				t.Errorf("counterexample without the file's rules:\n%s", cx)
			}
		}
	}
	if n == 0 {
		t.Error("no counterexample")
	}
}

func TestCheckBadInput(t *testing.T) {
	s := New(Options{})
	for _, c := range []struct {
		form  url.Values
		input string
		line  float64
		says  string
	}{
		{url.Values{"rules": {"nonsense"}}, "rules", 0, "nonsense"},
		{url.Values{"rulesFile": {"{\"base\": \"observed\",\n \"set\": {\"no.such\": \"1\"}}"}}, "rules.json", 2, "no.such"},
		{url.Values{"rulesFile": {"{\"base\": \"observed\",\n\n \"set\": {\"owa.cacheTTL\": \"soon\"}}"}}, "rules.json", 3, "owa.cacheTTL"},
		{url.Values{"rulesFile": {"{\"base\": \"observed\"\n \"set\": {}}"}}, "rules.json", 2, "rules.json:2"},
		{url.Values{"rulesFile": {"not json"}}, "rules.json", 1, "rules.json:1"},
		{url.Values{"viewers": {"0"}}, "", 0, "viewers"},
		{url.Values{"maxStates": {"-1"}}, "", 0, "maxStates"},
		{url.Values{"maxDepth": {"x"}}, "", 0, "maxDepth"},
	} {
		code, out := call(t, s, "/api/check", c.form)
		msg, _ := out["error"].(string)
		if code != 400 || !strings.Contains(msg, c.says) {
			t.Errorf("%v: %d %v, want 400 saying %q", c.form, code, out, c.says)
			continue
		}
		if line, _ := out["line"].(float64); line != c.line || (c.input != "" && out["input"] != c.input) {
			t.Errorf("%v: input %v line %v, want %s line %v", c.form, out["input"], out["line"], c.input, c.line)
		}
	}
}

// TestCheckBounded: a request's bound that cuts the exploration short is
// an answer that names it, its verdicts unknown.
func TestCheckBounded(t *testing.T) {
	s := New(Options{})
	code, out := call(t, s, "/api/check", url.Values{"maxStates": {"10"}})
	if code != 200 || out["complete"] != false || !strings.Contains(out["bounded"].(string), "bounded at 10 states") {
		t.Fatalf("%d %v", code, out["bounded"])
	}
	code, out = call(t, s, "/api/check", url.Values{"maxDepth": {"2"}})
	if code != 200 || out["complete"] != false || !strings.Contains(out["bounded"].(string), "depth 2") {
		t.Fatalf("%d %v", code, out["bounded"])
	}
}
