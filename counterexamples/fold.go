package counterexamples

import (
	"fmt"
	"strings"
	"time"

	"photosync/count"
	"photosync/model"
)

// A long run's timeline is folded for its reader: Markdown and SVG show at
// most so many of its events (Report.MaxSteps; the picture fewer, see
// pictureLimit) and fold the rest. A stretch of events that repeats a
// block of at most maxBlock events (the same actions, views and columns
// at other instants, with other photos: a change every 2 s for a day) is
// shown as its first and last repetitions with one fold between them
// that counts the rest ("… 99,996 events left out here (99,996 × change
// outlook-online), one every 2s, from 4s to 55h33m16s …"), as a summary
// of a counterexample folds its steps (foldPlan); if that still leaves
// too many, the events between the first and the last ones shown, those
// where a property is violated aside, fold into one stretch (capPlan).

// pictureColumns is the most columns of events the picture draws, with few
// rows; with many rows, fewer (pictureLimit), so that its size stays a
// few hundred kilobytes.
const pictureColumns = 150

// pictureLimit is how many events the picture shows before it folds: at
// most Report.MaxSteps and pictureColumns, and about 3,000 cells.
func (r *Report) pictureLimit() int {
	return min(r.maxSteps(), pictureColumns, max(30, 3000/max(1, len(r.Columns))))
}

// maxSteps is Report.MaxSteps, or DefaultMaxSteps.
func (r *Report) maxSteps() int {
	if r.MaxSteps > 0 {
		return r.MaxSteps
	}
	return DefaultMaxSteps
}

// plan folds the report's events to show at most limit of them, and every
// event at which a property is violated.
func (r *Report) plan(limit int) []segment {
	n := len(r.Events)
	if n <= limit {
		if n == 0 {
			return nil
		}
		return []segment{{i: 0, j: n}}
	}
	pinned := map[int]bool{}
	for _, v := range r.Violations {
		pinned[v.Event] = true
	}
	keys := make([]string, n)
	at := make([]time.Duration, n)
	for i := range r.Events {
		at[i] = r.Events[i].At
		if pinned[i] {
			keys[i] = fmt.Sprintf("violation at event %d", i) // never part of a repeated block
			continue
		}
		keys[i] = r.Events[i].key()
	}
	return capPlan(foldPlan(keys, at), n, limit, func(i int) bool { return pinned[i] })
}

// key is an event's shape: what it does and shows, without its instant and
// its photos' numbers. Two events of one key look alike in the timeline,
// at other instants, with other photos.
func (e *Event) key() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d %s|%d|%d|%d|%s|%s|%d", e.Action.Kind, e.Action, e.Check, e.Column, len(e.Shown),
		strings.Join(e.notes, ";"), e.because, len(e.pending))
	for _, c := range e.Could {
		fmt.Fprintf(&b, "|%d", len(c))
	}
	return plainPhotos(b.String())
}

// leftOutOf says what a fold of events [s.i, s.j) left out, as leftOut
// words it, and the instants of its first and last events: what foldWords
// and the picture's foldLabels both write.
func (r *Report) leftOutOf(s segment) (what, every string, first, last time.Duration) {
	names := make([]string, 0, s.j-s.i)
	at := make([]time.Duration, 0, s.j-s.i)
	for i := s.i; i < s.j; i++ {
		names = append(names, r.Events[i].foldName())
		at = append(at, r.Events[i].At)
	}
	what, every = leftOut(names, at, s.size)
	return what, every, at[0], at[len(at)-1]
}

// foldWords says what a fold of events [s.i, s.j) left out: "99,996 events
// left out here (99,996 × change outlook-online), one every 2s, from 4s to
// 55h33m16s".
func (r *Report) foldWords(s segment) string {
	what, every, first, last := r.leftOutOf(s)
	return fmt.Sprintf("%s left out here (%s)%s, from %s to %s", count.Of(s.j-s.i, "event"), what, every,
		model.FormatDuration(first), model.FormatDuration(last))
}

// foldName is an event as a fold counts it: its action ("change
// outlook-online", "view outlook-client observer"), or what the model did
// by itself.
func (e *Event) foldName() string {
	switch e.Action.Kind {
	case 0:
		return "wait"
	case model.Tick:
		return "by itself"
	}
	return e.Action.String()
}

// steps names the events of a fold by their numbers: "steps 5–99,998".
func (s segment) steps() string {
	if s.j-s.i == 1 {
		return "step " + count.N(s.i+1)
	}
	return fmt.Sprintf("steps %s–%s", count.N(s.i+1), count.N(s.j))
}
