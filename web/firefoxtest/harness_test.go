package firefoxtest

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"photosync/web"
)

var firefoxFlag = flag.Bool("firefox", false, "drive the pages in headless Firefox (make test-firefox); without it the tests skip")

// The server and the browser every test of the package shares: one
// Firefox per test binary, a new tab per test.
var (
	server *httptest.Server

	browserOnce sync.Once
	session     *bidi
	browserStop func()
	browserErr  error
)

func TestMain(m *testing.M) {
	flag.Parse()
	if !*firefoxFlag {
		os.Exit(m.Run()) // every test skips
	}
	s := web.New(web.Options{})
	s.Warm()
	server = httptest.NewServer(s)
	code := m.Run()
	if browserStop != nil {
		browserStop()
	}
	server.Close()
	os.Exit(code)
}

// installHint says how to get the browser the tests drive.
const installHint = "install Debian's Firefox ESR with `apt-get install -y firefox-esr` (make test-firefox does so as root)"

// findFirefox returns the path of Firefox: Debian's firefox-esr, or
// firefox.
func findFirefox() (string, error) {
	for _, name := range []string{"firefox-esr", "firefox"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("firefox is missing: %s", installHint)
}

// listening is the line Firefox prints once its WebDriver BiDi server
// listens.
var listening = regexp.MustCompile(`WebDriver BiDi listening on (ws://\S+)`)

// startFirefox starts the one headless Firefox of the test binary, with a
// fresh profile, and opens a BiDi session.
func startFirefox() {
	path, err := findFirefox()
	if err != nil {
		browserErr = err
		return
	}
	profile, err := os.MkdirTemp("", "photosync-firefox-")
	if err != nil {
		browserErr = err
		return
	}
	// Port 0: Firefox picks a free one and prints it.
	cmd := exec.Command(path, "--headless", "--no-remote", "--profile", profile, "--remote-debugging-port", "0", "about:blank")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		browserErr = err
		return
	}
	cmd.Stdout = nil
	if err := cmd.Start(); err != nil {
		browserErr = fmt.Errorf("starting %s: %v", path, err)
		return
	}
	stop := func() {
		cmd.Process.Kill()
		cmd.Wait()
		os.RemoveAll(profile)
	}
	addr := make(chan string, 1)
	var printed strings.Builder
	var mu sync.Mutex
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			mu.Lock()
			printed.WriteString(sc.Text() + "\n")
			mu.Unlock()
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
	}()
	// A loaded machine takes tens of seconds to start Firefox.
	var ws string
	select {
	case ws = <-addr:
	case <-time.After(2 * time.Minute):
		stop()
		mu.Lock()
		browserErr = fmt.Errorf("%s did not start its WebDriver BiDi server in 2 minutes; it printed:\n%s", path, printed.String())
		mu.Unlock()
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := dialWS(ctx, ws+"/session")
	if err != nil {
		stop()
		browserErr = fmt.Errorf("connecting to Firefox at %s: %v", ws, err)
		return
	}
	b := newBidi(conn)
	if err := b.call(ctx, "session.new", map[string]any{"capabilities": map[string]any{}}, nil); err != nil {
		conn.close()
		stop()
		browserErr = err
		return
	}
	session = b
	browserStop = func() {
		b.call(context.Background(), "session.end", nil, nil)
		conn.close()
		stop()
	}
}

// A page is one tab of the shared Firefox.
type page struct {
	t       *testing.T
	ctx     context.Context
	context string // the tab's browsing context
}

// tab opens a new tab of the shared Firefox with a viewport of w×h CSS
// pixels, closed when t ends. Without -firefox the test skips; without
// Firefox it fails with how to install it.
func tab(t *testing.T, w, h int) *page {
	t.Helper()
	if !*firefoxFlag {
		t.Skip("the Firefox tests run with -firefox (make test-firefox)")
	}
	browserOnce.Do(startFirefox)
	if browserErr != nil {
		t.Fatal(browserErr)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	var created struct {
		Context string `json:"context"`
	}
	if err := session.call(ctx, "browsingContext.create", map[string]any{"type": "tab"}, &created); err != nil {
		cancel()
		t.Fatal(err)
	}
	p := &page{t: t, ctx: ctx, context: created.Context}
	t.Cleanup(func() {
		session.call(context.Background(), "browsingContext.close", map[string]any{"context": p.context}, nil)
		cancel()
	})
	p.call("browsingContext.setViewport", map[string]any{"context": p.context, "viewport": map[string]int{"width": w, "height": h}}, nil)
	return p
}

// call runs a BiDi command and fails the test on its error.
func (p *page) call(method string, params, out any) {
	p.t.Helper()
	if err := session.call(p.ctx, method, params, out); err != nil {
		p.t.Fatal(err)
	}
}

// open navigates the tab to path on the test server and waits for the
// page to load.
func (p *page) open(path string) {
	p.t.Helper()
	p.call("browsingContext.navigate", map[string]any{"context": p.context, "url": server.URL + path, "wait": "complete"}, nil)
}

// evalInto evaluates a JavaScript expression in the tab (a promise is
// awaited) and decodes its value, passed through JSON, into out.
func (p *page) evalInto(expr string, out any) error {
	var res struct {
		Type   string `json:"type"`
		Result struct {
			Type  string `json:"type"`
			Value any    `json:"value"`
		} `json:"result"`
		ExceptionDetails struct {
			Text string `json:"text"`
		} `json:"exceptionDetails"`
	}
	err := session.call(p.ctx, "script.evaluate", map[string]any{
		"expression":   "(async () => JSON.stringify(await (" + expr + ")))()",
		"target":       map[string]any{"context": p.context},
		"awaitPromise": true,
	}, &res)
	if err != nil {
		return err
	}
	if res.Type == "exception" {
		return fmt.Errorf("%w: %s", errException, res.ExceptionDetails.Text)
	}
	s, ok := res.Result.Value.(string)
	if !ok { // undefined
		s = "null"
	}
	return json.Unmarshal([]byte(s), out)
}

// eval evaluates a JavaScript expression in the tab and returns its value.
func eval[T any](p *page, expr string) T {
	p.t.Helper()
	var v T
	if err := p.evalInto(expr, &v); err != nil {
		p.t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// waitFor waits until the JavaScript expression is true; past 30 s the
// test fails with what it waited for and the text of the element whose id
// is shown.
func (p *page) waitFor(what, expr, shown string) {
	p.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var ok bool
		err := p.evalInto(expr, &ok)
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			var got string
			p.evalInto(text(shown), &got)
			p.t.Fatalf("waiting for %s (%v): #%s says %q", what, err, shown, got)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// text is the expression of the text of the element with id.
func text(id string) string {
	return fmt.Sprintf(`(document.getElementById(%q) || {textContent: "(no element #%s)"}).textContent.trim()`, id, id)
}

// WebDriver's key values of the keys the tests press.
const (
	keyTab   = "\uE004"
	keyEnter = "\uE007"
)

// press presses and releases a key, as a person at the keyboard does.
func (p *page) press(key string) {
	p.t.Helper()
	p.call("input.performActions", map[string]any{"context": p.context, "actions": []any{
		map[string]any{"type": "key", "id": "keyboard", "actions": []any{
			map[string]any{"type": "keyDown", "value": key}, map[string]any{"type": "keyUp", "value": key}}},
	}}, nil)
}

// click scrolls the element that matches the CSS selector into view and
// clicks its middle with the mouse.
func (p *page) click(selector string) {
	p.t.Helper()
	at := eval[struct{ X, Y float64 }](p, fmt.Sprintf(`(() => { const e = document.querySelector(%q);
  e.scrollIntoView({block: "center"}); const r = e.getBoundingClientRect();
  return {X: r.left + r.width / 2, Y: r.top + r.height / 2}; })()`, selector))
	p.call("input.performActions", map[string]any{"context": p.context, "actions": []any{
		map[string]any{"type": "pointer", "id": "mouse", "parameters": map[string]string{"pointerType": "mouse"}, "actions": []any{
			map[string]any{"type": "pointerMove", "x": int(at.X), "y": int(at.Y)},
			map[string]any{"type": "pointerDown", "button": 0}, map[string]any{"type": "pointerUp", "button": 0}}},
	}}, nil)
}

// tabTo presses Tab until the focus is on the element that matches the
// CSS selector, at most 300 times, and checks that the focus shows.
func (p *page) tabTo(selector string) {
	p.t.Helper()
	for i := 0; !eval[bool](p, fmt.Sprintf(`document.activeElement.matches(%q)`, selector)); i++ {
		if i == 300 {
			p.t.Fatalf("300 presses of Tab never reach %s", selector)
		}
		p.press(keyTab)
	}
	if got := eval[string](p, `getComputedStyle(document.activeElement).outlineStyle`); got == "none" {
		p.t.Errorf("the focused %s shows no outline", selector)
	}
}

// screenshotDir is where the screenshots go: $PHOTOSYNC_SCREENSHOTS, or
// screenshots/ beside this file (ignored by git). They are artifacts to
// look at, never compared.
func screenshotDir() string {
	if d := os.Getenv("PHOTOSYNC_SCREENSHOTS"); d != "" {
		return d
	}
	return "screenshots"
}

// screenshot saves the whole page as DIR/firefox-NAME.png.
func (p *page) screenshot(name string) {
	p.t.Helper()
	var shot struct {
		Data string `json:"data"`
	}
	p.call("browsingContext.captureScreenshot", map[string]any{"context": p.context, "origin": "document"}, &shot)
	png, err := base64.StdEncoding.DecodeString(shot.Data)
	if err != nil {
		p.t.Fatalf("screenshot %s: %v", name, err)
	}
	dir := screenshotDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		p.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "firefox-"+name+".png"), png, 0o644); err != nil {
		p.t.Fatal(err)
	}
}
