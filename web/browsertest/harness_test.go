package browsertest

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"photosync/web"
)

// The server and the browser every test of the package shares: one
// browser per test binary, a new tab per test.
var (
	server *httptest.Server

	browserOnce sync.Once
	browserCtx  context.Context
	browserStop func() // ends the browser
	browserErr  error  // why there is no browser
	browserSkip string // why the tests skip
)

// installHint says how to get the browser the tests drive.
const installHint = "install Debian's Chromium with `apt-get install -y chromium` (scripts/test.sh does so as root), " +
	"or set PHOTOSYNC_SKIP_BROWSER=1 to skip the browser tests"

func TestMain(m *testing.M) {
	s := web.New(web.Options{})
	s.Warm() // the eras table, while the browser starts
	server = httptest.NewServer(s)
	code := m.Run()
	if browserStop != nil {
		browserStop()
	}
	server.Close()
	os.Exit(code)
}

// findBrowser returns the path of Chromium: Debian's chromium, or the
// chromium-browser of other distributions.
func findBrowser() (string, error) {
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("chromium is missing")
}

// startBrowser starts the one headless Chromium of the test binary.
func startBrowser() {
	path, err := findBrowser()
	if err != nil {
		if os.Getenv("PHOTOSYNC_SKIP_BROWSER") == "1" {
			browserSkip = "chromium is missing and PHOTOSYNC_SKIP_BROWSER=1"
			return
		}
		browserErr = fmt.Errorf("%v: %s", err, installHint)
		return
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.WindowSize(1280, 800),
		// The tests run many at once on small machines: no GPU, one
		// renderer process is enough.
		chromedp.DisableGPU,
		chromedp.Flag("hide-scrollbars", true),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	// The first run starts the browser, which lives as long as the
	// context of that run: ctx itself. A browser that cannot start in a
	// minute (a loaded machine) is an error, not a hang.
	slow := time.AfterFunc(time.Minute, cancel)
	err = chromedp.Do(ctx, chromedp.Navigate("about:blank"))
	slow.Stop()
	if err != nil {
		cancel()
		cancelAlloc()
		browserErr = fmt.Errorf("starting %s: %v", path, err)
		return
	}
	browserCtx, browserStop = ctx, func() { cancel(); cancelAlloc() }
}

// tab opens a new tab of the shared browser, with a viewport of w×h CSS
// pixels (a phone's when mobile), closed when t ends. Without Chromium the
// test fails with how to install it, or skips under
// PHOTOSYNC_SKIP_BROWSER=1.
func tab(t *testing.T, w, h int64, mobile bool) context.Context {
	t.Helper()
	browserOnce.Do(startBrowser)
	switch {
	case browserSkip != "":
		t.Skip(browserSkip)
	case browserErr != nil:
		t.Fatal(browserErr)
	}
	ctx, cancel := chromedp.NewContext(browserCtx)
	ctx, cancelTime := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(func() { cancelTime(); cancel() })
	var vopts []chromedp.EmulateViewportOption
	if mobile {
		vopts = append(vopts, chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(w, h, vopts...)); err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	return ctx
}

// do runs actions in the tab and fails the test on the first error, with
// what the test was doing.
func do(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// eval evaluates a JavaScript expression in the tab and returns its value.
func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// waitFor waits until the JavaScript expression is true; past 20 s the test
// fails with what it waited for and the text of the element whose id is
// shown (the page's message, say).
func waitFor(t *testing.T, ctx context.Context, what, expr, shown string) {
	t.Helper()
	_, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](expr,
		chromedp.WithPollingTimeout(20*time.Second), chromedp.WithPollingInterval(20*time.Millisecond)))
	if err != nil {
		got := ""
		if shown != "" {
			got, _ = chromedp.Run(ctx, chromedp.Evaluate[string](text(shown)))
		}
		t.Fatalf("waiting for %s: %v; #%s says %q", what, err, shown, got)
	}
}

// text is the expression of the text of the element with id.
func text(id string) string {
	return fmt.Sprintf(`(document.getElementById(%q) || {textContent: "(no element #%s)"}).textContent.trim()`, id, id)
}

// open navigates the tab to path on the test server.
func open(t *testing.T, ctx context.Context, path string) {
	t.Helper()
	do(t, ctx, "opening "+path, chromedp.Navigate(server.URL+path))
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

// screenshot saves the whole page as DIR/NAME.png.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	dir := screenshotDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, strings.ReplaceAll(name, "/", "-")+".png")
	if err := os.WriteFile(file, png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// tabTo presses Tab until the focus is on the element that matches the CSS
// selector, at most 300 times, and checks that the focus shows.
func tabTo(t *testing.T, ctx context.Context, selector string) {
	t.Helper()
	for i := 0; ; i++ {
		if i == 300 {
			t.Fatalf("300 presses of Tab never reach %s", selector)
		}
		do(t, ctx, "pressing Tab", chromedp.KeyEvent(kb.Tab))
		if eval[bool](t, ctx, fmt.Sprintf(`document.activeElement.matches(%q)`, selector)) {
			break
		}
	}
	if got := eval[string](t, ctx, `getComputedStyle(document.activeElement).outlineStyle`); got == "none" {
		t.Errorf("the focused %s shows no outline", selector)
	}
}
