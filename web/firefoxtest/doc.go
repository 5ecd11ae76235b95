// Package firefoxtest drives the pages of photosync serve in headless
// Firefox (Debian's firefox-esr), as web/browsertest drives them in
// Chromium: the server runs in the test process, each test opens its
// pages in a tab of one Firefox shared by the test binary and asserts on
// the text of the DOM, never on pixels. Every page is opened at a
// desktop's size (1280×800) and a phone's (390×844) and one interaction of
// each is driven with the mouse or the keyboard: a step added to the
// workbench, a counterexample of /eras opened with Tab and Enter, another
// rule set checked, an outcome of the diagnosis pressed.
//
// Firefox is driven over WebDriver BiDi, which it speaks natively
// (--remote-debugging-port): JSON commands over a websocket, through the
// package's own minimal client (bidi_test.go), so the module needs nothing
// more than chromedp for Chromium.
//
// The tests run only with -firefox (make test-firefox, which installs
// firefox-esr as root when it is missing); without the flag they skip, so
// go test ./... and make test stay quick. Screenshots, artifacts to look
// at and never compared, go to $PHOTOSYNC_SCREENSHOTS, or screenshots/
// here (ignored by git), each named firefox-NAME.png.
package firefoxtest
