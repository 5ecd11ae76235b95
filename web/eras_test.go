package web

import (
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"photosync/model"
	"photosync/properties"
)

// erasServer is one server for every test of /api/eras: the table is
// computed once per server, and the tests share it.
var erasServer = sync.OnceValue(func() *Server { return New(Options{}) })

func TestEras(t *testing.T) {
	s := erasServer()
	code, out := call(t, s, "/api/eras", nil)
	if code != 200 || out["complete"] != true || out["viewers"].(float64) != 2 || out["bounded"] != nil {
		t.Fatalf("%d %v", code, out)
	}
	sets := out["rule_sets"].([]any)
	if len(sets) != len(model.RuleSets()) || sets[0].(map[string]any)["name"] != "observed" {
		t.Fatalf("rule sets %v", sets)
	}
	props := out["properties"].([]any)
	if len(props) != len(properties.Catalog()) {
		t.Fatalf("%d properties, want %d", len(props), len(properties.Catalog()))
	}
	violated := 0
	for _, p := range props {
		p := p.(map[string]any)
		cx := p["counterexamples"].(map[string]any)
		for name, v := range p["verdicts"].(map[string]any) {
			if (v == "violated") != (cx[name] != nil) {
				t.Errorf("%s under %s: %v with counterexample %v", p["name"], name, v, cx[name] != nil)
			}
			if v == "violated" {
				violated++
				if !strings.HasPrefix(cx[name].(string), "# ") || !strings.Contains(cx[name].(string), "\nrules ") {
					t.Errorf("%s under %s: the counterexample is not a scenario:\n%s", p["name"], name, cx[name])
				}
			}
		}
	}
	if violated == 0 {
		t.Error("no violated cell: nothing for the page to open in the workbench")
	}
	// The second request finds the table computed, at once.
	start := time.Now()
	if code, _ := call(t, s, "/api/eras", url.Values{"viewers": {"2"}}); code != 200 || time.Since(start) > time.Second {
		t.Errorf("second request: %d in %s", code, time.Since(start))
	}
}

func TestErasBadInput(t *testing.T) {
	s := New(Options{})
	for _, v := range []string{"0", "9", "two"} {
		code, out := call(t, s, "/api/eras", url.Values{"viewers": {v}})
		if code != 400 || !strings.Contains(out["error"].(string), "viewers") {
			t.Errorf("viewers %s: %d %v", v, code, out)
		}
	}
	if len(s.erasMemo.m) != 0 {
		t.Errorf("bad requests started %d computations", len(s.erasMemo.m))
	}
}

// TestErasBounded: a bound that cuts the table short says so, and the
// verdicts it cut short are unknown.
func TestErasBounded(t *testing.T) {
	code, out := call(t, New(Options{MaxStates: 50}), "/api/eras", nil)
	if code != 200 || out["complete"] != false || !strings.Contains(out["bounded"].(string), "bounded at 50 states") {
		t.Fatalf("%d %v", code, out["bounded"])
	}
}

// TestErasWarm: Warm computes the table with nobody waiting, and the
// first request finds it.
func TestErasWarm(t *testing.T) {
	s := New(Options{MaxStates: 1}) // a table bounded at once
	s.Warm()
	s.erasMemo.mu.Lock()
	e := s.erasMemo.m["2"]
	s.erasMemo.mu.Unlock()
	<-e.done
	if code, out := call(t, s, "/api/eras", nil); code != 200 || out["complete"] != false {
		t.Errorf("after: %d %v", code, out["complete"])
	}
}
