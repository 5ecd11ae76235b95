package web

import (
	"context"
	"net/http/httptest"
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
	if len(s.eras) != 0 {
		t.Errorf("bad requests started %d computations", len(s.eras))
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

// TestErasWaitsAndCancels: requests that arrive while the table is
// computed wait for the one computation, and one that gives up is told
// so, while the computation goes on for the next.
func TestErasWaitsAndCancels(t *testing.T) {
	s := New(Options{Workers: 1, MaxStates: 1}) // a table bounded at once
	s.slots <- struct{}{}                       // the only slot is taken: the computation waits
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req := httptest.NewRequestWithContext(ctx, "GET", "/api/eras", nil)
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if rec.Code != 499 || !strings.Contains(rec.Body.String(), "goes on computing") {
		t.Fatalf("cancelled: %d %s", rec.Code, rec.Body)
	}
	if len(s.eras) != 1 {
		t.Fatalf("%d computations, want 1", len(s.eras))
	}
	e := s.erasTable(2)
	select {
	case <-e.done:
		t.Fatal("computed without a slot")
	default:
	}
	if s.erasTable(2) != e {
		t.Error("a second request started a second computation")
	}
	<-s.slots // free the slot: the computation runs, for the next request
	<-e.done
	if code, out := call(t, s, "/api/eras", nil); code != 200 || out["complete"] != false {
		t.Errorf("after: %d %v", code, out["complete"])
	}
}
