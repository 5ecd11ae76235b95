// Package counterexamples turns a violation into what a person reads: the
// scenario that replays it with `photosync run`, what each surface showed
// over time, a Markdown bug report and a picture.
package counterexamples
