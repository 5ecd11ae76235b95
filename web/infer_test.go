package web

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strings"
	"testing"
	"time"
)

const notes = "at 0s change outlook-online\nat 1m observe outlook-online-contact-card observer v1\n" +
	"at 1m observe sharepoint-mysite observer v0\nat 2m observe yammer observer v0\n"

// TestInferRounds: a round answers what fits and the next experiment,
// each outcome a choice whose lines, appended to the log, give the next
// round that outcome's count.
func TestInferRounds(t *testing.T) {
	s := New(Options{})
	code, out := call(t, s, "/api/infer", url.Values{"log": {notes}})
	if code != 200 || out["fitting"].(float64) < 2 || out["candidates"].(float64) <= out["fitting"].(float64) {
		t.Fatalf("%d %v", code, out)
	}
	choices, _ := out["choices"].([]any)
	outcomes := out["nextInfo"].(map[string]any)["outcomes"].([]any)
	steps, _ := out["steps"].([]any)
	if len(choices) < 2 || len(choices) != len(outcomes) || len(steps) == 0 || !strings.HasPrefix(out["plan"].(string), "Next experiment: ") {
		t.Fatalf("next experiment: choices %v, steps %v, plan %v", choices, steps, out["plan"])
	}
	for i, c := range choices {
		c := c.(map[string]any)
		o := outcomes[i].(map[string]any)
		if c["photo"] != o["photo"] || c["label"] != "I saw "+c["photo"].(string) || !strings.Contains(c["append"].(string), " observe ") {
			t.Fatalf("choice %d: %v for outcome %v", i, c, o)
		}
		_, next := call(t, s, "/api/infer", url.Values{"log": {notes + c["append"].(string)}})
		if next["fitting"] != o["fitting"] {
			t.Errorf("after %s: %v fit, the outcome said %v", c["label"], next["fitting"], o["fitting"])
		}
	}
}

func TestInferNoFit(t *testing.T) {
	s := New(Options{})
	// No candidate fits: where the last ones dropped out.
	code, out := call(t, s, "/api/infer", url.Values{"log": {"at 0s change outlook-online\nat 1m observe outlook-online-contact-card observer v7\n"}})
	if code != 200 || out["fitting"].(float64) != 0 || out["choices"] != nil {
		t.Fatalf("%d %v", code, out)
	}
	if d := out["dropped"].([]any); len(d) == 0 || d[0].(map[string]any)["line"].(float64) != 2 {
		t.Errorf("dropped %v, want line 2", d)
	}
}

func TestInferBadInput(t *testing.T) {
	s := New(Options{})
	for _, c := range []struct {
		form  url.Values
		input string
		line  float64
		says  string
	}{
		{url.Values{"log": {"at 0s change outlook-online\nat 1m look around\n"}}, "tenant.log", 2, "unknown action"},
		{url.Values{"log": {"at 0s change outlook-online\nrules modern\n"}}, "tenant.log", 2, "rules"},
		{url.Values{"log": {notes}, "space": {"{\"base\": \"nowhere\"}"}}, "space.json", 1, "nowhere"},
		{url.Values{"log": {notes}, "viewers": {"0"}}, "", 0, "viewers"},
		{url.Values{"log": {notes}, "maxStates": {"1e9"}}, "", 0, "maxStates"},
	} {
		code, out := call(t, s, "/api/infer", c.form)
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

func TestInferBounded(t *testing.T) {
	code, out := call(t, New(Options{MaxInferStates: 1}), "/api/infer", url.Values{"log": {notes}})
	if code != 200 || !strings.Contains(out["bounded"].(string), "tenant.log:") || !strings.Contains(out["bounded"].(string), "bounded at") {
		t.Fatalf("%d %v", code, out)
	}
}

// slowRound is a log whose round takes seconds (most of it the search for
// the next experiment among 9,217 fitting candidates, three viewers).
const slowRound = "at 0s change outlook-online\nat 1m observe outlook-online-contact-card observer v1\n" +
	"at 1m observe sharepoint-mysite observer v0\nat 2m observe yammer observer v0\n" +
	"at 2m observe sharepoint-search-hover observer v1\nat 2m observe sharepoint-people-search observer v1\n" +
	"at 2m lync-signout\nat 2m observe lync-client observer none\nat 2m change yammer\nat 2m observe yammer observer v0\n"

// TestInferStops: a round whose request is cancelled, or reaches the time
// limit, answers at once with why, and its computation stops within a
// fraction of a second: the goroutines it ran end and its slot is free
// (run with -race), seconds before the round would have ended.
func TestInferStops(t *testing.T) {
	for _, c := range []struct {
		name    string
		timeout time.Duration
		cancel  time.Duration // 0: never (the time limit ends it)
		status  int
		says    string
	}{
		{"cancelled", time.Minute, 300 * time.Millisecond, 499, "cancelled while computing the round"},
		{"time limit", 300 * time.Millisecond, 0, 503, "stopped after the time limit of 0.3 s while computing the round (photosync serve --timeout raises it)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := New(Options{Timeout: c.timeout})
			before := runtime.NumGoroutine()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var ended time.Time
			if c.cancel > 0 {
				time.AfterFunc(c.cancel, func() { ended = time.Now(); cancel() })
			}
			form := url.Values{"log": {slowRound}, "viewers": {"3"}}
			req := httptest.NewRequest("POST", "/api/infer", strings.NewReader(form.Encode())).WithContext(ctx)
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			rec := httptest.NewRecorder()
			start := time.Now()
			s.ServeHTTP(rec, req)
			answered := time.Now()
			if c.cancel == 0 {
				ended = start.Add(c.timeout)
			}
			var out map[string]any
			json.Unmarshal(rec.Body.Bytes(), &out)
			if rec.Code == 200 {
				t.Fatalf("the round ended in %v, before the request did: slowRound is too quick for this test", answered.Sub(start))
			}
			if rec.Code != c.status || out["error"] != c.says && !strings.HasPrefix(out["error"].(string), c.says) {
				t.Fatalf("%d %v, want %d saying %q", rec.Code, out, c.status, c.says)
			}
			// Alone on two cores both take a few milliseconds (the log
			// says); a loaded machine (make test runs packages side by
			// side) delays any goroutine by hundreds. The round itself
			// takes seconds.
			if late := answered.Sub(ended); late > 2*time.Second {
				t.Errorf("answered %v after the request ended", late)
			}
			// The computation stops: its goroutines end and the slot is free.
			deadline := time.Now().Add(3 * time.Second)
			for (runtime.NumGoroutine() > before || len(s.slots) > 0) && time.Now().Before(deadline) {
				time.Sleep(5 * time.Millisecond)
			}
			if n := runtime.NumGoroutine(); n > before || len(s.slots) > 0 {
				t.Fatalf("%d goroutines, %d before; %d slots taken: the round goes on", n, before, len(s.slots))
			}
			t.Logf("answered %v after the request ended; the round stopped %v after it", answered.Sub(ended), time.Since(ended).Round(time.Millisecond))
		})
	}
}
