// Package browsertest drives the pages of photosync serve in a real
// browser, a headless Chromium (Debian's chromium), from Go with chromedp:
// the server runs in the test process (httptest with web.New), each test
// opens its pages in a tab of one browser shared by the test binary and
// asserts on the text of the DOM, never on pixels, through the element ids
// of the page contract in the web package's doc. What a page shows is
// compared with what the API answers: the workbench's cells with /api/run,
// the eras matrix with /api/eras, /check's verdicts and delta with the
// same rule set's column of /api/eras, and a diagnosis round's count with
// what the outcome's button promised. The package holds only tests; the
// web package's own tests stay fast and need no browser.
//
// The tests open each page at a desktop's size (1280×800) and a phone's
// (390×844): the page itself never scrolls sideways (a wide table scrolls
// in its own box), its controls work from the keyboard (TestKeyboard: Tab
// reaches every control in the document's order, each showing its focus;
// Space and Enter press buttons, the arrows change a select), and each test
// saves screenshots to look at (artifacts, never compared) in
// $PHOTOSYNC_SCREENSHOTS, or screenshots/ here (ignored by git).
//
// Without Chromium the tests fail and say how to install it (make test
// installs it when run as root), unless PHOTOSYNC_SKIP_BROWSER=1, under
// which they skip.
package browsertest
