package scenario

import (
	"fmt"
	"slices"
	"strings"

	"photosync/count"
	"photosync/engine"
	"photosync/model"
)

// Judge tells which properties a run violates: an engine.Monitor whose
// findings name properties by index (bit i of a mask is the i-th
// property). The property catalog implements it; this package only carries
// masks along each possible run.
type Judge interface {
	engine.Monitor
	// Index returns the bit of a property by name; Names lists every name
	// (for error messages).
	Index(name string) (int, bool)
	Names() []string
}

// Options configure a run.
type Options struct {
	// Judge judges the properties of `violates` lines; a scenario with one
	// needs it.
	Judge Judge
	// Viewers is how many viewers the configuration has (subject, observer,
	// observer2, …); a scenario naming one beyond them is an error. 0 means
	// model.MaxViewers.
	Viewers int
	// MaxStates bounds how many possible states the run tracks at once,
	// and MaxBytes about how much memory they take (engine.Options); 0:
	// no bound. A run that reaches one stops with a *BoundError.
	MaxStates int
	MaxBytes  int64
	// Unmerged tracks every possible state apart and judges each with
	// Judge even without a violates line, as a report's replay does
	// (counterexamples.NewReport); tests compare it with the default. By
	// default a run judges only for a violates line, and when it does not
	// judge it merges states that differ only in cache entries
	// (engine.Options.MergeCaches).
	Unmerged bool

	_ struct{}
}

// BoundError is a run stopped by Options.MaxStates or MaxBytes: at line
// Line, before its verdict, the possible states would have been more than
// the bound allows.
type BoundError struct {
	File string
	Line int
	Err  *engine.BoundError
}

// Error writes "FILE:LINE: bounded at N possible states".
func (e *BoundError) Error() string { return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err) }

// Unwrap returns the engine's error.
func (e *BoundError) Unwrap() error { return e.Err }

// Status is the outcome of one checked line.
type Status uint8

// The statuses.
const (
	_          Status = iota
	Held              // the line holds
	Failed            // the line does not hold
	NotReached        // an earlier observe was impossible, so the run stopped before the line
)

var statusNames = [...]string{"", "ok", "failed", "not reached"}

// String returns "ok", "failed" or "not reached".
func (s Status) String() string {
	if int(s) < len(statusNames) && s != 0 {
		return statusNames[s]
	}
	return fmt.Sprintf("Status(%d)", s)
}

// Outcome is the verdict on one checked line: an expect, observe or
// violates line.
type Outcome struct {
	File    string
	Line    int
	Status  Status
	Check   string // the line as checked, without its time: "expect yammer observer = v0"
	Message string // why it failed: "the model allows v0|v1"; "" when it held
}

// String writes the outcome as `photosync run` prints it:
// "FILE:LINE: ok", "FILE:LINE: CHECK: MESSAGE".
func (o Outcome) String() string {
	if o.Status == Held {
		return fmt.Sprintf("%s:%d: ok", o.File, o.Line)
	}
	return fmt.Sprintf("%s:%d: %s: %s", o.File, o.Line, o.Check, o.Message)
}

// Result is what a run found: one Outcome per checked line, in line order,
// and how many possible states the run tracked (as the engine holds them:
// states merged into one belief count once).
type Result struct {
	Outcomes   []Outcome
	Beliefs    int // possible states at the end (at the stop, after an impossible observe)
	MaxBeliefs int // the largest number of possible states at any line
}

// OK reports whether every checked line held.
func (r Result) OK() bool {
	for _, o := range r.Outcomes {
		if o.Status != Held {
			return false
		}
	}
	return true
}

// String writes one line per outcome, each ending in a newline.
func (r Result) String() string {
	var b strings.Builder
	for _, o := range r.Outcomes {
		b.WriteString(o.String())
		b.WriteByte('\n')
	}
	return b.String()
}

// Run runs a scenario under rules r (see ResolveRules) and checks its
// expect, observe and violates lines. It tracks every state the system may
// be in: views through a filled cache may show the cached photo or a fresh
// one, so one line can lead to several states. The error is for a run that
// cannot start: a violates line without a Judge or naming an unknown
// property, a viewer beyond Options.Viewers, or lines out of order or
// incomplete (see Validate); or, as a *BoundError, for a run that reached
// a bound of Options: then the Result holds the verdicts of the lines
// before it.
func Run(sc *Scenario, r model.Rules, opts Options) (Result, error) {
	if err := sc.check(false); err != nil {
		return Result{}, err
	}
	bits, err := propertyBits(sc, opts)
	if err != nil {
		return Result{}, err
	}
	if err := checkViewers(sc, opts.Viewers); err != nil {
		return Result{}, err
	}
	run := runner{sc: sc}
	eopts := engine.Options{MergeCaches: !opts.Unmerged, Forget: !opts.Unmerged, MaxStates: opts.MaxStates, MaxBytes: opts.MaxBytes}
	// Masks are read only by violates lines: without one, judging would
	// only tell apart states that no verdict does (and forbid merging).
	if opts.Judge != nil && (len(bits) > 0 || opts.Unmerged) {
		eopts.Monitor = opts.Judge
	}
	run.set = engine.New(&r, eopts)
	res := Result{MaxBeliefs: 1}
	stopped := 0 // the line of an impossible observe
	notReached := func(l Line) Outcome {
		return run.outcome(l, NotReached, fmt.Sprintf("not reached (the run stopped at line %d)", stopped))
	}
	// After the last observe line no Commit filters: the Set may keep only
	// what the views that follow can tell apart (engine.Set.Unobserved).
	last := -1
	for i, l := range sc.Lines {
		if d, ok := l.Directive.(At); ok && d.Check == Observe {
			last = i
		}
	}
	if last < 0 {
		run.set.Unobserved()
	}
	for i, l := range sc.Lines {
		d, ok := l.Directive.(At)
		switch {
		case !ok:
			continue
		case stopped != 0:
			if d.Check != NoCheck {
				res.Outcomes = append(res.Outcomes, notReached(l))
			}
			continue
		}
		o := run.line(l, d)
		if err := run.set.Err(); err != nil {
			res.Beliefs = run.set.Len()
			return res, &BoundError{File: sc.File, Line: l.Num, Err: err.(*engine.BoundError)}
		}
		if o != nil {
			res.Outcomes = append(res.Outcomes, *o)
			if d.Check == Observe && o.Status == Failed {
				stopped = l.Num
			}
		}
		res.MaxBeliefs = max(res.MaxBeliefs, run.set.Len())
		if i == last {
			run.set.Unobserved()
		}
	}
	res.Beliefs = run.set.Len()
	// violates lines are judged at the end but come first in the file.
	var verdicts []Outcome
	for _, l := range sc.Lines {
		d, ok := l.Directive.(Violates)
		switch {
		case !ok:
			continue
		case stopped != 0:
			verdicts = append(verdicts, notReached(l))
			continue
		}
		holds := 0
		for _, b := range run.set.Beliefs() {
			if b.Mask&(1<<bits[d.Property]) == 0 {
				holds++
			}
		}
		o := run.outcome(l, Held, "")
		if holds > 0 {
			o = run.outcome(l, Failed, fmt.Sprintf("not violated (in %s of %s possible runs it holds)", count.N(holds), count.N(run.set.Len())))
		}
		verdicts = append(verdicts, o)
	}
	res.Outcomes = append(verdicts, res.Outcomes...)
	return res, nil
}

// propertyBits resolves the properties of the violates lines to mask bits.
func propertyBits(sc *Scenario, opts Options) (map[string]int, error) {
	bits := map[string]int{}
	for _, l := range sc.Lines {
		d, ok := l.Directive.(Violates)
		if !ok {
			continue
		}
		if opts.Judge == nil {
			return nil, fmt.Errorf("%s:%d: violates %s: no property catalog (want a run with a judge of properties)", sc.File, l.Num, d.Property)
		}
		i, ok := opts.Judge.Index(d.Property)
		if !ok {
			return nil, fmt.Errorf("%s:%d: unknown property %q (want one of %s)", sc.File, l.Num, d.Property, strings.Join(opts.Judge.Names(), ", "))
		}
		if i < 0 || i >= 64 {
			return nil, fmt.Errorf("%s:%d: property %s has bit %d (want 0 to 63)", sc.File, l.Num, d.Property, i)
		}
		bits[d.Property] = i
	}
	return bits, nil
}

// checkViewers rejects a viewer beyond the configuration's n.
func checkViewers(sc *Scenario, n int) error {
	if n == 0 {
		return nil
	}
	for _, l := range sc.Lines {
		d, ok := l.Directive.(At)
		if !ok || d.Action.Viewer == 0 || int(d.Action.Viewer) <= n {
			continue
		}
		names := make([]string, 0, n)
		for _, v := range model.Viewers(n) {
			names = append(names, v.String())
		}
		want := "one of " + strings.Join(names, ", ")
		if len(names) == 1 {
			want = names[0]
		}
		return fmt.Errorf("%s:%d: viewer %s is not configured (want %s, or more viewers)",
			sc.File, l.Num, d.Action.Viewer, want)
	}
	return nil
}

// runner carries the possible states along a scenario.
type runner struct {
	sc  *Scenario
	set *engine.Set // the possible states
}

func (run *runner) outcome(l Line, st Status, msg string) Outcome {
	o := Outcome{File: run.sc.File, Line: l.Num, Status: st, Message: msg}
	switch d := l.Directive.(type) {
	case At:
		o.Check = d.Text()
	case Violates:
		o.Check = d.String()
	}
	return o
}

// line runs one `at` line on every possible state: time passes to d.Time
// (timers fire), then the action happens, with every outcome. It returns the
// verdict of a checked line, nil for an unchecked one.
func (run *runner) line(l Line, d At) *Outcome {
	outs := run.set.Apply(d.Time, d.Action, nil)
	if d.Check == NoCheck {
		// Nothing asks what it showed: listing the photos would cost as
		// many as the entry may hold, at every unchecked view (N pairs of
		// a change and a view through a never-expiring entry: N²).
		run.set.Commit(outs, nil)
		return nil
	}
	held, shown := Conclude(run.set, d, outs)
	var o Outcome
	switch {
	case held:
		o = run.outcome(l, Held, "")
	case d.Check == Observe:
		// The run stops here, with the states it had before the line.
		o = run.outcome(l, Failed, "the model allows only "+JoinPhotos(shown))
	default:
		o = run.outcome(l, Failed, "the model allows "+JoinPhotos(shown))
	}
	return &o
}

// Conclude ends an `at` line whose action set.Apply has applied (outs): it
// commits the outcomes as the line's check asks and says whether the check
// held, with the photos the view could show (nil for an action that is not
// a view). An observe keeps the outcomes that showed its photo, and holds
// when one did; when none did, the Set is left as it was before the line.
// An expect holds when the photos the view can show are exactly its set;
// every outcome is kept either way, as for a line that checks nothing
// (which holds). It is the one place that says what a line's check means:
// photosync run and photosync infer both end their lines with it.
func Conclude(set *engine.Set, d At, outs *engine.Outcomes) (held bool, shown []model.Photo) {
	shown = outs.Shown()
	switch d.Check {
	case Observe:
		return set.Commit(outs, engine.Showing(d.Photos[0])) > 0, shown
	case Expect:
		held = slices.Equal(shown, d.Photos)
	default:
		held = true
	}
	set.Commit(outs, nil)
	return held, shown
}
