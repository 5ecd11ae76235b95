package counterexamples

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"photosync/engine"
	"photosync/model"
	"photosync/properties"
	"photosync/scenario"
)

// Report is a bug report of one scenario: what was done, what each surface
// showed, and which properties of the catalog the run violates. NewReport
// builds it; Markdown and SVG render it. Every field is derived from the
// scenario and the rules, so the same inputs give the same report, byte for
// byte.
type Report struct {
	Name    string      // the scenario's name, e.g. "sharepoint-change-sticks"
	Title   string      // the headline violation's title, or Name when nothing is violated
	Rules   model.Rules // the rules the scenario ran under
	Changed [][2]string // the knobs that differ from observed, as model.Changed lists them
	Viewers int         // how many viewers the configuration has

	// Columns are the surface and viewer pairs the scenario views, in the
	// SPEC's surface order, then viewer order.
	Columns []Column
	// Events are the rows of the timeline, in time order: each `at` line,
	// and between them what the model did by itself (a timer fired) or the
	// instant of a violation when nothing happened then.
	Events []Event
	// Violations are the properties some possible run violates: those the
	// scenario's violates lines name first, in file order, then the others
	// in catalog order.
	Violations []Violation
	// Failures are the scenario's expect, observe and violates lines that
	// do not hold, as `photosync run` reports them.
	Failures []scenario.Outcome
	// Stopped is the line of an observe the model cannot show, where the
	// run (and the timeline) stops; 0 when it ran to the end.
	Stopped int
	// Scenario is the scenario's canonical text (scenario.Format).
	Scenario string

	_ struct{}
}

// Column is one surface seen by one viewer: a column of the Markdown table
// and a row of the picture.
type Column struct {
	Surface model.Surface
	Viewer  model.Viewer
}

// Event is one row of the timeline.
type Event struct {
	At time.Duration
	// Line is the scenario line of an `at` step; 0 for what happened by
	// itself (Action.Kind is model.Tick) or a quiet instant at which a
	// property was violated (Action.Kind is 0).
	Line   int
	Action model.Action
	Check  scenario.Check // for a view: expect, observe or a plain view
	Wanted []model.Photo  // for expect and observe: the photos the line names
	Made   model.Photo    // for a change: the photo it made
	// Column is the column a view looks at; -1 for any other event.
	Column int
	// Shown is what a view showed: the observed photo for an observe
	// line, otherwise every photo the model says it can show.
	Shown []model.Photo
	// Happened says what the model did besides the action, in plain
	// words: "SharePoint imports v1 from Exchange".
	Happened []string
	// notes is the same for the picture, shorter: "SharePoint imports v1".
	notes []string
	// Could holds, for each column, the photos that surface would show
	// that viewer right after the event (over every possible run).
	Could [][]model.Photo
}

// Violation is one violated property: where the earliest possible run
// violates it, and in how many of the possible runs at the end.
type Violation struct {
	Property *properties.Property
	Message  string        // what the property's monitor said
	At       time.Duration // the instant of the violation
	Event    int           // the index of the event it happened at
	// Column is the column of the view that violated it; -1 when the
	// violation is a fact of the instant, not of one view.
	Column int
	Runs   int // how many of the possible runs at the end violate it
	Of     int // how many possible runs there are at the end
}

// Violated reports whether the report's headline is a violation.
func (r *Report) Violated() bool { return len(r.Violations) > 0 }

// NewReport replays scenario sc under rules r with the property catalog's
// judge for that many viewers (0: model.MaxViewers), tracking every state
// the system may be in on an engine.Set as scenario.Run does (recording
// where each possible run violates each property), and returns the report.
// name names the report when nothing is violated. The error is for a
// scenario that cannot run (see scenario.Run), never for one whose lines
// fail: the report shows those.
func NewReport(name string, sc *scenario.Scenario, r model.Rules, viewers int) (*Report, error) {
	if viewers <= 0 {
		viewers = model.MaxViewers
	}
	judge := properties.NewJudge(properties.Catalog(), viewers)
	res, err := scenario.Run(sc, r, scenario.Options{Judge: judge, Viewers: viewers})
	if err != nil {
		return nil, err
	}
	rep := &Report{Name: name, Rules: r, Changed: model.Changed(model.Observed(), r), Viewers: viewers,
		Scenario: sc.Format()}
	for _, o := range res.Outcomes {
		if o.Status != scenario.Held {
			rep.Failures = append(rep.Failures, o)
		}
	}
	rep.Columns = columns(sc)
	rp := replay{judge: judge, rep: rep, set: engine.New(&r, engine.Options{Monitor: judge, Record: true})}
	rp.run(sc)
	rp.violations(sc)
	rep.Title = name
	if len(rep.Violations) > 0 {
		rep.Title = rep.Violations[0].Property.Title()
	}
	return rep, nil
}

// columns lists the surface and viewer pairs the scenario views.
func columns(sc *scenario.Scenario) []Column {
	var cols []Column
	for _, l := range sc.Lines {
		if d, ok := l.Directive.(scenario.At); ok && d.Action.Kind == model.View {
			c := Column{d.Action.Surface, d.Action.Viewer}
			if !slices.Contains(cols, c) {
				cols = append(cols, c)
			}
		}
	}
	slices.SortFunc(cols, func(a, b Column) int {
		return cmp.Or(cmp.Compare(a.Surface, b.Surface), cmp.Compare(a.Viewer, b.Viewer))
	})
	return cols
}

func (r *Report) column(a model.Action) int {
	if a.Kind != model.View {
		return -1
	}
	return slices.Index(r.Columns, Column{a.Surface, a.Viewer})
}

// replay runs a scenario on an engine.Set, writing the report's events.
type replay struct {
	judge *properties.Judge
	rep   *Report
	set   *engine.Set // every state the system may be in, with its findings
	// lines tells, for each action applied (each `at` line replayed, by
	// engine.Finding.Action), which events its findings go to.
	lines []placing
}

// placing is where the findings of one `at` line go: found by the line's
// action, to the line's event; found while time passed before it, to the
// event of that instant between the lines, or to the line's event when
// nothing else happened then.
type placing struct {
	event   int                   // the line's event
	column  int                   // the column a view looks at; -1 for any other action
	between map[time.Duration]int // the events before the line, by instant
}

// place returns the event and the column a finding goes to: a view's own
// verdict goes to the view's column; a verdict on an instant, or on time
// passing, to the whole event (-1).
func (rp *replay) place(f *engine.Finding) (event, column int) {
	p := &rp.lines[f.Action]
	if f.Acting {
		if f.Instant {
			return p.event, -1
		}
		return p.event, p.column
	}
	if i, ok := p.between[f.At]; ok {
		return i, -1
	}
	return p.event, -1
}

// run replays every `at` line, stopping at an observe the model cannot
// show, as scenario.Run does; the Set holds the states at the end.
func (rp *replay) run(sc *scenario.Scenario) {
	for _, l := range sc.Lines {
		d, ok := l.Directive.(scenario.At)
		if !ok {
			continue
		}
		if !rp.line(l.Num, d) {
			rp.rep.Stopped = l.Num
			return
		}
	}
}

// line replays one `at` line on every possible state: time passes to its
// instant (timers fire, each firing and quiet interval judged), then its
// action happens with every outcome. It appends the events between the
// lines and the line's own; it reports false for an observe that no
// outcome agrees with, appending nothing.
func (rp *replay) line(num int, d scenario.At) bool {
	act := rp.set.Actions()
	w := waiting{paths: make([][]model.State, rp.set.Len())}
	for i, b := range rp.set.Beliefs() {
		w.paths[i] = []model.State{b.State}
	}
	fired := func(i int, before *model.State, n *model.Next) {
		w.paths[i] = append(w.paths[i], n.State)
		long, short := rp.effects(&model.Transition{Before: *before, Action: model.Action{Kind: model.Tick}, Next: *n})
		if len(long) > 0 {
			b := w.at(n.State.Now)
			b.happened = appendNew(b.happened, long...)
			b.notes = appendNew(b.notes, short...)
		}
	}
	outs := rp.set.Apply(d.Time, d.Action, fired)
	var keep func(*engine.Outcome) bool
	if d.Check == scenario.Observe {
		keep = engine.Showing(d.Photos[0])
	}
	if rp.set.Commit(outs, keep) == 0 {
		return false
	}
	for k := range outs.List {
		for _, f := range outs.List[k].Belief.Found {
			if f.Action == act && !f.Acting {
				w.at(f.At) // a violation while time passed: an event of its instant
			}
		}
	}
	p := placing{column: rp.rep.column(d.Action), between: rp.betweenEvents(d.Time, &w)}
	p.event = len(rp.rep.Events)
	rp.lines = append(rp.lines, p)
	rp.rep.Events = append(rp.rep.Events, rp.lineEvent(num, d, outs, keep))
	return true
}

// lineEvent returns the event of an `at` line whose outcomes are outs, of
// which keep (nil: all) agree with the line, with the Set committed.
func (rp *replay) lineEvent(num int, d scenario.At, outs *engine.Outcomes, keep func(*engine.Outcome) bool) Event {
	e := Event{At: d.Time, Line: num, Action: d.Action, Check: d.Check, Wanted: d.Photos,
		Column: rp.rep.column(d.Action), Shown: slices.Clone(outs.Shown())}
	if d.Action.Kind == model.Change {
		e.Made = model.V(int(outs.List[0].State.Made)) // the same in every outcome
	}
	if d.Check == scenario.Observe {
		e.Shown = d.Photos
	}
	for k := range outs.List {
		o := &outs.List[k]
		if keep != nil && !keep(o) {
			continue
		}
		long, short := rp.effects(&model.Transition{Before: o.Before, Action: d.Action, Next: o.Next})
		e.Happened = appendNew(e.Happened, long...)
		e.notes = appendNew(e.notes, short...)
	}
	e.Could = rp.could(rp.set.States())
	return e
}

// waiting is what happened while time passed to an `at` line, over every
// possible state: each state's path, and the instants at which timers fired
// or a property was violated.
type waiting struct {
	paths [][]model.State // each belief's state, then the state after each timer firing
	bw    []*between
}

// between is what happened before an `at` line at one instant: timers
// fired, or a property was violated while nothing happened.
type between struct {
	at              time.Duration
	happened, notes []string
}

// at returns the instant's entry, adding it if need be.
func (w *waiting) at(t time.Duration) *between {
	for _, b := range w.bw {
		if b.at == t {
			return b
		}
	}
	b := &between{at: t}
	w.bw = append(w.bw, b)
	return b
}

// betweenEvents appends an event for each instant before the line at
// instant now at which something happened, in time order, and returns their
// indices by instant.
func (rp *replay) betweenEvents(now time.Duration, w *waiting) map[time.Duration]int {
	slices.SortFunc(w.bw, func(a, b *between) int { return cmp.Compare(a.at, b.at) })
	events := map[time.Duration]int{}
	for _, b := range w.bw {
		if len(b.happened) == 0 && b.at == now {
			continue // a violation just before the line: the line's event shows it
		}
		e := Event{At: b.at, Action: model.Action{Kind: model.Tick}, Column: -1, Happened: b.happened, notes: b.notes}
		if len(b.happened) == 0 {
			e.Action = model.Action{} // nothing fired: the instant of a violation
		}
		states := make([]model.State, len(w.paths))
		for i, path := range w.paths {
			states[i] = stateAt(path, b.at)
		}
		e.Could = rp.could(states)
		events[b.at] = len(rp.rep.Events)
		rp.rep.Events = append(rp.rep.Events, e)
	}
	return events
}

// could returns what each column would show in any of the states.
func (rp *replay) could(states []model.State) [][]model.Photo {
	out := make([][]model.Photo, len(rp.rep.Columns))
	for i, c := range rp.rep.Columns {
		out[i] = engine.Could(rp.set.Rules(), states, c.Surface, c.Viewer)
	}
	return out
}

// violations gathers, for each property some possible run at the end
// violates, its earliest finding and how many runs violate it.
func (rp *replay) violations(sc *scenario.Scenario) {
	judge, finals := rp.judge, rp.set.Beliefs()
	var named []int
	for _, l := range sc.Lines {
		if d, ok := l.Directive.(scenario.Violates); ok {
			if i, ok := judge.Index(d.Property); ok {
				named = append(named, i)
			}
		}
	}
	order := append([]int(nil), named...)
	for i := range judge.Props {
		if !slices.Contains(order, i) {
			order = append(order, i)
		}
	}
	for _, i := range order {
		var best *engine.Finding
		event, column, runs := 0, 0, 0
		for _, b := range finals {
			if b.Mask&(1<<i) == 0 {
				continue
			}
			runs++
			for k := range b.Found {
				if f := &b.Found[k]; f.Property == i {
					if e, c := rp.place(f); best == nil || e < event {
						best, event, column = f, e, c
					}
				}
			}
		}
		if best == nil {
			continue
		}
		f := judge.Finding(*best)
		rp.rep.Violations = append(rp.rep.Violations, Violation{Property: f.Property, Message: f.Message,
			At: f.At, Event: event, Column: column, Runs: runs, Of: len(finals)})
	}
}

// stateAt returns the state at instant at of a path of states in time
// order: the last one at or before it, at that instant.
func stateAt(path []model.State, at time.Duration) model.State {
	s := path[0]
	for _, p := range path {
		if p.Now <= at {
			s = p
		}
	}
	s.Now = at
	return s
}

func appendNew(list []string, words ...string) []string {
	for _, w := range words {
		if !slices.Contains(list, w) {
			list = append(list, w)
		}
	}
	return list
}

// effects says in plain words what a transition did besides its action,
// at length for the steps and in short for the picture.
func (rp *replay) effects(tr *model.Transition) (long, short []string) {
	e, s := tr.Effects, &tr.State
	if e.Has(model.EffectDirSyncCopy) {
		if tr.Action.Kind == model.Tick {
			long = append(long, fmt.Sprintf("DirSync runs on its schedule and copies %s from Active Directory to Exchange", s.Exchange))
		} else {
			long = append(long, fmt.Sprintf("DirSync copies %s from Active Directory to Exchange", s.Exchange))
		}
		short = append(short, fmt.Sprintf("DirSync copies %s", s.Exchange))
	}
	if e.Has(model.EffectYammerSync) {
		if tr.Action.Kind == model.Change && tr.Action.Source == model.FromYammer {
			long = append(long, fmt.Sprintf("Exchange takes %s from Yammer", s.Exchange))
			short = append(short, fmt.Sprintf("Exchange takes %s", s.Exchange))
		} else {
			long = append(long, fmt.Sprintf("Yammer takes %s from Exchange", s.Yammer))
			short = append(short, fmt.Sprintf("Yammer takes %s", s.Yammer))
		}
	}
	if e.Has(model.EffectImport) {
		p := s.SharePoint[model.Large]
		switch {
		case tr.Action.Kind == model.Tick:
			long = append(long, fmt.Sprintf("SharePoint imports %s from Exchange by itself: its %s window has passed",
				p, model.FormatDuration(rp.set.Rules().Window)))
		case e.Has(model.EffectEditCancel):
			long = append(long, fmt.Sprintf("SharePoint imports %s from Exchange at once", p))
		default:
			long = append(long, fmt.Sprintf("SharePoint imports %s from Exchange", p))
		}
		short = append(short, fmt.Sprintf("SharePoint imports %s", p))
	}
	if tr.Action.Kind == model.View && e.Has(model.EffectVisit) {
		long = append(long, "this view counts as a visit to the My Site")
	}
	if e.Has(model.EffectMySiteCreated) {
		long = append(long, "this creates the subject's My Site")
	}
	return long, short
}
