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

// slowRules is a rules file whose check never ends but at its bound of
// states: a window of 1 ns counted from the last change, no visit needed,
// keeps a 72 h import waiting behind changes a nanosecond apart (package
// explore, "Bounds"). At the million states of stopServer's bound it takes
// seconds.
const slowRules = `{"name": "slow", "base": "observed", "set": {"sharepoint.window": "1ns", "sharepoint.windowFrom": "last-change", "sharepoint.visit": "never"}}`

// TestCheckAndErasStop: a check or an eras table whose request is
// cancelled, or reaches the time limit, answers at once with why, the
// message every page gives, and its exploration stops within a fraction
// of a second: the goroutines it ran end and its slot is free (run with
// -race), seconds before it would have ended. A stopped table is not
// kept: the next request computes it anew.
func TestCheckAndErasStop(t *testing.T) {
	check := url.Values{"rulesFile": {slowRules}}
	eras := url.Values{"viewers": {"4"}} // not the warm table's 2
	for _, c := range []struct {
		name, path string
		form       url.Values
		timeout    time.Duration
		cancel     time.Duration // 0: never (the time limit ends it)
		status     int
		says       string
	}{
		{"check cancelled", "/api/check", check, time.Minute, 300 * time.Millisecond, 499, "cancelled while computing"},
		{"check time limit", "/api/check", check, 300 * time.Millisecond, 0, 503,
			"stopped after the time limit of 0.3 s while computing (photosync serve --timeout raises it)"},
		{"eras cancelled", "/api/eras", eras, time.Minute, 300 * time.Millisecond, 499, "cancelled while computing the table of every rule set"},
		{"eras time limit", "/api/eras", eras, 300 * time.Millisecond, 0, 503,
			"stopped after the time limit of 0.3 s while computing the table of every rule set (photosync serve --timeout raises it)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := New(Options{Timeout: c.timeout, MaxStates: 1_000_000})
			before := runtime.NumGoroutine()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var ended time.Time
			if c.cancel > 0 {
				time.AfterFunc(c.cancel, func() { ended = time.Now(); cancel() })
			}
			req := httptest.NewRequest("POST", c.path, strings.NewReader(c.form.Encode())).WithContext(ctx)
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
				t.Fatalf("the computation ended in %v, before the request did: it is too quick for this test", answered.Sub(start))
			}
			if msg, _ := out["error"].(string); rec.Code != c.status || msg != c.says {
				t.Fatalf("%d %v, want %d saying %q", rec.Code, out, c.status, c.says)
			}
			// A loaded machine (make test runs packages side by side)
			// delays any goroutine by hundreds of milliseconds.
			if late := answered.Sub(ended); late > 2*time.Second {
				t.Errorf("answered %v after the request ended", late)
			}
			deadline := time.Now().Add(3 * time.Second)
			for (runtime.NumGoroutine() > before || len(s.slots) > 0) && time.Now().Before(deadline) {
				time.Sleep(5 * time.Millisecond)
			}
			if n := runtime.NumGoroutine(); n > before || len(s.slots) > 0 {
				t.Fatalf("%d goroutines, %d before; %d slots taken: the exploration goes on", n, before, len(s.slots))
			}
			s.erasMemo.mu.Lock()
			kept := len(s.erasMemo.m)
			s.erasMemo.mu.Unlock()
			if kept != 0 {
				t.Errorf("%d tables kept after a stop: a stopped table is no answer", kept)
			}
			t.Logf("answered %v after the request ended; the exploration stopped %v after it", answered.Sub(ended), time.Since(ended).Round(time.Millisecond))
		})
	}
}
