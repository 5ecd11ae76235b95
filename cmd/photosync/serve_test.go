package main

import (
	"bytes"
	"encoding/json"
	"net"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"photosync/model"
	"photosync/scenario"
	"photosync/web"
)

// The server answers as the command line does: these tests run both in
// the process on the same input and compare what they print.

// cliMain runs the command line in dir with the real judge and explorer.
func cliMain(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	t.Chdir(dir)
	var stdout, stderr bytes.Buffer
	c := cli{stdout: &stdout, stderr: &stderr, judge: newJudge,
		load: scenario.FileLoader(scenario.MaxFileBytes), loadRules: scenario.FileLoader(model.MaxRulesFileBytes)}
	code := c.main(args)
	return code, stdout.String(), stderr.String()
}

var server = sync.OnceValue(func() *web.Server { return web.New(web.Options{}) })

// api posts a form to the server and returns the status and the body.
func api(t *testing.T, path string, form url.Values) (int, string) {
	t.Helper()
	req := httptest.NewRequest("POST", path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	server().ServeHTTP(rec, req)
	return rec.Code, rec.Body.String()
}

// TestServeErasSameAsCLI: /api/eras prints the bytes of eras --json.
func TestServeErasSameAsCLI(t *testing.T) {
	code, want, stderr := cliMain(t, t.TempDir(), "eras", "--json")
	if code != exitOK || stderr != "" {
		t.Fatalf("eras --json: exit %d, %s", code, stderr)
	}
	status, got := api(t, "/api/eras", nil)
	if status != 200 || got != want {
		t.Fatalf("/api/eras (%d) differs from eras --json:\n%.2000s\nwant:\n%.2000s", status, got, want)
	}
}

// TestServeCheckSameAsCLI: /api/check prints the bytes of check --json,
// for a named rule set and for a rules file.
func TestServeCheckSameAsCLI(t *testing.T) {
	file := `{"name": "slow-owa", "base": "observed", "set": {"owa.cacheTTL": "30s"}}`
	dir := files(t, map[string]string{"p.json": file})
	for _, c := range []struct {
		flag string
		form url.Values
	}{
		{"ideal", url.Values{"rules": {"ideal"}}},
		{"observed", nil},
		{"p.json", url.Values{"rulesFile": {file}}},
	} {
		_, want, stderr := cliMain(t, dir, "check", "--json", "--rules", c.flag)
		if stderr != "" {
			t.Fatalf("check --rules %s: %s", c.flag, stderr)
		}
		status, got := api(t, "/api/check", c.form)
		if status != 200 || got != want {
			t.Errorf("/api/check %v (%d) differs from check --json --rules %s:\n%.1500s\nwant:\n%.1500s", c.form, status, got, c.flag, want)
		}
	}
}

// TestServeRunSameAsCLI: /api/run judges every line as photosync run
// does, with the same sets, for every shipped example and a scenario
// whose lines fail.
func TestServeRunSameAsCLI(t *testing.T) {
	cases := map[string]string{"fails.scenario": "at 0s change outlook-online\nat 1s expect outlook-online-contact-card observer = v1\n" +
		"at 1m expect sharepoint-mysite observer = v1\nat 1m observe yammer observer v1\nat 2m view lync-client subject\n"}
	examples, _ := filepath.Glob("../../examples/*.scenario")
	for _, path := range examples {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		cases[filepath.Base(path)] = string(data)
	}
	if len(cases) < 3 {
		t.Fatalf("%d scenarios", len(cases))
	}
	dir := files(t, cases)
	for name, text := range cases {
		_, stdout, stderr := cliMain(t, dir, "run", name)
		if stderr != "" {
			t.Fatalf("run %s: %s", name, stderr)
		}
		status, body := api(t, "/api/run", url.Values{"scenario": {text}})
		var out web.RunJSON
		if err := json.Unmarshal([]byte(body), &out); status != 200 || err != nil {
			t.Fatalf("/api/run %s: %d %v %s", name, status, err, body)
		}
		var lines []string
		for _, o := range out.Outcomes {
			lines = append(lines, name+strings.TrimPrefix(o.Text, "scenario"))
		}
		got := strings.Join(lines, "\n") + "\n"
		if len(lines) == 0 {
			got = name + ": 0 checks (no expect, observe or violates line)\n"
		}
		if got != stdout {
			t.Errorf("%s: /api/run says\n%swant (photosync run)\n%s", name, got, stdout)
		}
		// The timeline shows, at a failed line's view, the set the run
		// names.
		for _, o := range out.Outcomes {
			if o.Status != "failed" || out.Report == nil {
				continue
			}
			for _, e := range out.Report.Events {
				if e.Line == o.Line && e.Column >= 0 && !strings.Contains(o.Message, e.Shown) {
					t.Errorf("%s:%d: the timeline shows %s, the run says %q", name, o.Line, e.Shown, o.Message)
				}
			}
		}
	}
}

// TestServeInferSameAsCLI: /api/infer carries the object of infer --json,
// the same counts, settled and open knobs and next experiment.
func TestServeInferSameAsCLI(t *testing.T) {
	data, err := os.ReadFile("../../examples/notes.log")
	if err != nil {
		t.Fatal(err)
	}
	for _, log := range []string{string(data), "at 0s change outlook-online\nat 1m observe outlook-online-contact-card observer v7\n"} {
		dir := files(t, map[string]string{"tenant.log": log})
		_, stdout, stderr := cliMain(t, dir, "infer", "--json", "tenant.log")
		if stderr != "" {
			t.Fatalf("infer: %s", stderr)
		}
		var want, got map[string]any
		if err := json.Unmarshal([]byte(stdout), &want); err != nil {
			t.Fatal(err)
		}
		status, body := api(t, "/api/infer", url.Values{"log": {log}})
		if err := json.Unmarshal([]byte(body), &got); status != 200 || err != nil {
			t.Fatalf("/api/infer: %d %v %s", status, err, body)
		}
		for _, k := range []string{"plan", "steps", "choices", "bounded", "noNextBounded"} { // the page's own
			delete(got, k)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("/api/infer differs from infer --json:\n%s\nwant:\n%s", body, stdout)
		}
	}
}

// TestServeCommand: serve prints its address first, stops cleanly when
// its socket closes, and refuses bad flags.
func TestServeCommand(t *testing.T) {
	warm, listen = false, func(network, addr string) (net.Listener, error) {
		ln, err := net.Listen(network, addr)
		if err == nil {
			ln.Close() // Serve returns at once: the test sees the start and the stop
		}
		return ln, err
	}
	defer func() { warm, listen = true, net.Listen }()
	code, stdout, stderr := cliMain(t, t.TempDir(), "serve", "--addr", "127.0.0.1:0")
	if code != exitOK || !strings.HasPrefix(stdout, "http://127.0.0.1:") || stderr != "" {
		t.Errorf("serve: exit %d, %q, %q", code, stdout, stderr)
	}
	for _, args := range [][]string{{"serve", "x"}, {"serve", "--timeout", "0s"}, {"serve", "--max-states", "0"}, {"serve", "--addr", "nowhere:-1"}} {
		if code, _, stderr := cliMain(t, t.TempDir(), args...); code != exitUsage || !strings.HasPrefix(stderr, "photosync serve: ") {
			t.Errorf("%v: exit %d, %q", args, code, stderr)
		}
	}
}
