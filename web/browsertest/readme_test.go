package browsertest

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
)

var readme = flag.Bool("readme", false, "write the README's screenshot of the workbench, docs/serve.png")

// TestReadmeScreenshot writes the README's picture of photosync serve: the
// workbench with its example run, the step at 9 s selected (the cached
// card may show either photo). It runs only under -readme:
//
//	go test ./web/browsertest -run TestReadmeScreenshot -readme
func TestReadmeScreenshot(t *testing.T) {
	if !*readme {
		t.Skip("writes docs/serve.png only under -readme")
	}
	ctx := tab(t, 1100, 860, false)
	open(t, ctx, "/run")
	waitFor(t, ctx, "the example's run", ran, "summary")
	do(t, ctx, "selecting the step at 9 s",
		chromedp.Click(chromedp.CSS(`#timeline tr.step[data-step="2"] th`)))
	waitFor(t, ctx, "the step at 9 s", `document.getElementById("where").textContent === "step 3 of 5"`, "where")
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join("..", "..", "docs", "serve.png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}
