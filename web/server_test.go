package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// call posts a form to the server and decodes the JSON answer.
func call(t *testing.T, h http.Handler, path string, form url.Values) (int, map[string]any) {
	t.Helper()
	req := httptest.NewRequest("POST", path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var out map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		t.Fatalf("%s: not JSON (%d): %v\n%s", path, rec.Code, err, rec.Body)
	}
	return rec.Code, out
}

const quick = "at 0s view outlook-online-contact-card observer\nat 0s change outlook-online\n" +
	"at 9s expect outlook-online-contact-card observer = v0|v1\nat 10s expect outlook-online-contact-card observer = v1\n"

func TestPagesAndStatic(t *testing.T) {
	s := New(Options{})
	for _, path := range []string{"/run", "/eras", "/check", "/infer", "/static/app.css", "/static/common.js", "/static/run.js", "/static/eras.js", "/static/check.js", "/static/infer.js"} {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if rec.Code != 200 || rec.Body.Len() == 0 {
			t.Errorf("GET %s: %d, %d bytes", path, rec.Code, rec.Body.Len())
		}
		if strings.Contains(rec.Body.String(), "http://") || strings.Contains(rec.Body.String(), "https://") {
			t.Errorf("GET %s loads something from the network", path)
		}
	}
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Code != http.StatusFound {
		t.Errorf("GET /: %d, want a redirect", rec.Code)
	}
	rec = httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("GET", "/nothing", nil))
	if rec.Code != 404 {
		t.Errorf("GET /nothing: %d", rec.Code)
	}
}

func TestVocab(t *testing.T) {
	code, out := call(t, New(Options{}), "/api/vocab", nil)
	if code != 200 || len(out["ruleSets"].([]any)) < 7 || len(out["surfaces"].([]any)) < 12 {
		t.Fatalf("%d %v", code, out)
	}
}

func TestRun(t *testing.T) {
	s := New(Options{})
	code, out := call(t, s, "/api/run", url.Values{"scenario": {quick}})
	if code != 200 || out["ok"] != true || out["rules"] != "observed" {
		t.Fatalf("%d %v", code, out)
	}
	rep := out["report"].(map[string]any)
	events := rep["events"].([]any)
	if len(events) != 4 {
		t.Fatalf("%d events, want 4", len(events))
	}
	third := events[2].(map[string]any)
	if got := third["could"].([]any)[0]; got != "v0|v1" {
		t.Errorf("at 9s the card could show %v, want v0|v1", got)
	}
	if third["stateCount"].(float64) < 1 || len(third["states"].([]any)) < 1 {
		t.Errorf("no states at 9s: %v", third)
	}
	// A failing line is marked with the model's set; a rules override wins.
	code, out = call(t, s, "/api/run", url.Values{"scenario": {"at 0s change outlook-online\nat 1m expect sharepoint-mysite observer = v1\n"}, "rules": {"observed"}})
	outs := out["outcomes"].([]any)
	if code != 200 || out["ok"] != false || len(outs) != 1 || !strings.Contains(outs[0].(map[string]any)["text"].(string), "the model allows v0") {
		t.Fatalf("%d %v", code, out)
	}
}

func TestRunBadInput(t *testing.T) {
	s := New(Options{})
	for _, c := range []struct {
		form  url.Values
		input string
		line  float64
		says  string
	}{
		{url.Values{"scenario": {"at 0s change outlook-online\nat 1s fly away\n"}}, "scenario", 2, "unknown action"},
		{url.Values{"scenario": {"rules /etc/passwd\nat 0s visit\n"}}, "scenario", 1, "reads no files"},
		{url.Values{"scenario": {"at 0s visit\n"}, "rules": {"nonsense"}}, "rules", 0, "reads no files"},
		{url.Values{"scenario": {"rules rules.json\nat 0s visit\n"}, "rulesFile": {"{\"base\": \"observed\",\n \"set\": {\"no.such\": 1}}"}}, "scenario", 1, "no.such"},
		{url.Values{"scenario": {"at 0s visit\n"}, "viewers": {"9"}}, "", 0, "viewers"},
		{url.Values{"scenario": {"at 0s visit\n"}, "maxStates": {"x"}}, "", 0, "maxStates"},
	} {
		code, out := call(t, s, "/api/run", c.form)
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

func TestRunRulesFile(t *testing.T) {
	code, out := call(t, New(Options{}), "/api/run", url.Values{"scenario": {"rules rules.json\nat 0s change outlook-online\nat 1s expect outlook-online-contact-card observer = v1\n"},
		"rulesFile": {`{"name": "mine", "base": "observed", "set": {"owa.cacheTTL": "1s"}}`}})
	if code != 200 || out["rules"] != "mine" {
		t.Fatalf("%d %v", code, out)
	}
}

func TestRunBounded(t *testing.T) {
	code, out := call(t, New(Options{MaxStates: 1}), "/api/run", url.Values{"scenario": {quick}})
	if code != 200 || out["ok"] != false || out["bounded"] == nil {
		t.Fatalf("%d %v", code, out)
	}
}

func TestBodyTooLarge(t *testing.T) {
	s := New(Options{})
	for _, path := range []string{"/api/run", "/api/infer", "/api/check", "/api/eras", "/api/vocab"} {
		body := `{"scenario": "` + strings.Repeat("#", MaxBodyBytes) + `"}`
		req := httptest.NewRequest("POST", path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != http.StatusRequestEntityTooLarge || !strings.Contains(rec.Body.String(), "over 1 MB") {
			t.Errorf("%s: %d %s", path, rec.Code, rec.Body)
		}
	}
	// A body of exactly the limit is read.
	form := "rules=observed&x=" + strings.Repeat("a", MaxBodyBytes-len("rules=observed&x="))
	req := httptest.NewRequest("POST", "/api/check", strings.NewReader(form))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if rec.Code != 200 {
		t.Errorf("a body of 1 MB: %d %.200s", rec.Code, rec.Body)
	}
}

func TestJSONBodyAndMethods(t *testing.T) {
	s := New(Options{})
	req := httptest.NewRequest("POST", "/api/run", strings.NewReader(`{"scenario": "at 0s visit\n", "viewers": 1}`))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if rec.Code != 200 {
		t.Errorf("JSON body: %d %s", rec.Code, rec.Body)
	}
	for _, c := range []struct {
		method, ct, body string
		code             int
	}{
		{"POST", "application/json", `[1]`, 400},
		{"POST", "application/json", `{"scenario": [1]}`, 400},
		{"POST", "text/csv", `a,b`, 415},
		{"DELETE", "", ``, 405},
	} {
		req := httptest.NewRequest(c.method, "/api/run", strings.NewReader(c.body))
		if c.ct != "" {
			req.Header.Set("Content-Type", c.ct)
		}
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != c.code || !strings.Contains(rec.Body.String(), `"error"`) {
			t.Errorf("%s %s %q: %d %s, want %d", c.method, c.ct, c.body, rec.Code, rec.Body, c.code)
		}
	}
	// GET with the query, as the pages' links carry it.
	rec = httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("GET", "/api/run?scenario="+url.QueryEscape(quick), nil))
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"ok": true`) {
		t.Errorf("GET: %d %s", rec.Code, rec.Body)
	}
}

// TestTimeLimit: a request past the time limit is answered with the limit,
// and one whose client went away is not computed further on its behalf.
func TestTimeLimit(t *testing.T) {
	s := New(Options{Timeout: 20 * time.Millisecond, Workers: 1})
	block := make(chan struct{})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	err := s.work(ctx, func(func() bool) error { <-block; return nil }) // as the explorer: it never asks stop
	if e, ok := err.(*apiError); !ok || e.Status != 503 || !strings.Contains(e.Message, "stopped after the time limit of 0.02 s") {
		t.Fatalf("past the limit: %v", err)
	}
	// The slot is still taken by the abandoned computation: the next
	// request waits, and says so at its limit.
	ctx2, cancel2 := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel2()
	err = s.work(ctx2, func(func() bool) error { return nil })
	if e, ok := err.(*apiError); !ok || !strings.Contains(e.Message, "free slot") {
		t.Fatalf("waiting: %v", err)
	}
	close(block)
	ctx3, cancel3 := context.WithCancel(context.Background())
	cancel3()
	if err := s.work(ctx3, func(func() bool) error { return nil }); err == nil || !strings.Contains(err.Error(), "cancelled") {
		// a cancelled request may also have found the slot free and run
		if err != nil {
			t.Fatalf("cancelled: %v", err)
		}
	}
	if err := s.work(context.Background(), func(func() bool) error { panic("boom") }); err == nil || !strings.Contains(err.Error(), "internal error: panic: boom") {
		t.Fatalf("panic: %v", err)
	}
}

// TestConcurrent runs requests of every endpoint at once (go test -race
// covers the handlers).
func TestConcurrent(t *testing.T) {
	s := erasServer()
	var wg sync.WaitGroup
	for i := range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var code int
			switch i % 5 {
			case 0:
				code, _ = call(t, s, "/api/run", url.Values{"scenario": {quick}})
			case 1:
				code, _ = call(t, s, "/api/infer", url.Values{"log": {"at 0s change outlook-online\nat 1m observe outlook-online-contact-card observer v1\nat 1m observe sharepoint-mysite observer v0\n"}})
			case 2:
				code, _ = call(t, s, "/api/eras", nil)
			case 3:
				code, _ = call(t, s, "/api/check", url.Values{"rulesFile": {`{"base": "observed", "set": {"owa.cacheTTL": "30s"}}`}})
			default:
				code, _ = call(t, s, "/api/vocab", nil)
			}
			if code != 200 {
				t.Errorf("request %d: %d", i, code)
			}
		}()
	}
	wg.Wait()
}
