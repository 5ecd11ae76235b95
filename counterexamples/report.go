package counterexamples

import (
	"cmp"
	"fmt"
	"slices"
	"time"

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
// the system may be in as scenario.Run does, and returns the report. name
// names the report when nothing is violated. The error is for a scenario that cannot run (see
// scenario.Run), never for one whose lines fail: the report shows those.
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
	rp := replay{r: &r, judge: judge, rep: rep}
	finals := rp.run(sc)
	rep.violations(sc, judge, finals)
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

// Where an event's findings go before the event has its index.
const (
	slotLine    = -1 // the `at` line being replayed
	slotBetween = -2 // an event before it, at the finding's instant
)

// finding is one property's first violation in one possible run.
type finding struct {
	prop   int
	f      properties.Finding
	event  int // an index into Report.Events, or a slot while the line is replayed
	column int
}

// track is one state the system may be in, with the properties the run to
// it violated (as scenario.Run's mask) and where each was first violated.
type track struct {
	state model.State
	mask  uint64
	found []finding
}

// record notes property i's finding unless the track violated it before;
// it reports whether the finding is new.
func (t *track) record(i int, f properties.Finding, event, column int) bool {
	if t.mask&(1<<i) != 0 {
		return false
	}
	t.mask |= 1 << i
	// Clip: tracks that branched from one share the prefix of found.
	t.found = append(slices.Clip(t.found), finding{i, f, event, column})
	return true
}

// tracks is a set of tracks in insertion order, merged on (state, mask) as
// scenario.Run merges: a merged track keeps the first one's findings.
type tracks struct {
	list []track
	seen map[trackKey]bool
}

type trackKey struct {
	s    model.State
	mask uint64
}

func (ts *tracks) add(t track) {
	k := trackKey{t.state, t.mask}
	if ts.seen[k] {
		return
	}
	if ts.seen == nil {
		ts.seen = map[trackKey]bool{}
	}
	ts.seen[k] = true
	ts.list = append(ts.list, t)
}

// between is what happened before an `at` line at one instant: timers
// fired, or a property was violated while nothing happened.
type between struct {
	at              time.Duration
	happened, notes []string
}

// replay runs a scenario, writing the report's events.
type replay struct {
	r     *model.Rules
	judge *properties.Judge
	rep   *Report
}

// run replays every `at` line and returns the tracks at the end (before an
// observe the model cannot show, as scenario.Run stops there).
func (rp *replay) run(sc *scenario.Scenario) []track {
	var now tracks
	now.add(track{state: model.Initial()})
	for _, l := range sc.Lines {
		d, ok := l.Directive.(scenario.At)
		if !ok {
			continue
		}
		next, stop := rp.line(l.Num, d, now.list)
		if stop {
			rp.rep.Stopped = l.Num
			break
		}
		now = next
	}
	return now.list
}

// line replays one `at` line on every track: time passes to its instant,
// judging timer firings and quiet intervals, then its action happens with
// every outcome. It appends the line's events; stop reports an observe that
// no outcome agrees with.
func (rp *replay) line(num int, d scenario.At, now []track) (next tracks, stop bool) {
	var bw []*between
	at := func(t time.Duration) *between {
		for _, b := range bw {
			if b.at == t {
				return b
			}
		}
		b := &between{at: t}
		bw = append(bw, b)
		return b
	}
	var outs []track
	var shown []model.Photo
	var happened, notes []string
	var made model.Photo
	var paths [][]model.State // each track's states as time passes to the line
	col := rp.rep.column(d.Action)
	for _, t0 := range now {
		t := t0
		s, fired := model.Advance(rp.r, t.state, d.Time)
		path := []model.State{t.state}
		prev := t.state
		wait := func(i int, f properties.Finding) {
			if t.record(i, f, slotBetween, -1) {
				at(f.At)
			}
		}
		for _, n := range fired {
			rp.judge.WaitFindings(rp.r, prev, n.State.Now, wait)
			before := withNow(prev, n.State.Now)
			tick := model.Transition{Before: before, Action: model.Action{Kind: model.Tick}, Next: n}
			rp.judge.StepFindings(rp.r, tick, func(i int, f properties.Finding) {
				if t.record(i, f, slotBetween, -1) {
					at(f.At)
				}
			})
			if long, short := rp.effects(tick); len(long) > 0 {
				b := at(n.State.Now)
				b.happened = appendNew(b.happened, long...)
				b.notes = appendNew(b.notes, short...)
			}
			prev = n.State
			path = append(path, n.State)
		}
		paths = append(paths, path)
		rp.judge.WaitFindings(rp.r, prev, d.Time, wait)
		for _, n := range model.Step(rp.r, s, d.Action) {
			o := t
			tr := model.Transition{Before: s, Action: d.Action, Next: n}
			rp.judge.StepFindings(rp.r, tr, func(i int, f properties.Finding) {
				c := -1
				if !f.Instant && d.Action.Kind == model.View {
					c = col // a view's own verdict; an instant's is the whole column
				}
				o.record(i, f, slotLine, c)
			})
			o.state = n.State
			p := n.Shown.Plain()
			if d.Action.Kind == model.View && !slices.Contains(shown, p) {
				shown = append(shown, p)
			}
			if d.Action.Kind == model.Change {
				made = model.V(int(n.State.Made))
			}
			if d.Check == scenario.Observe && p != d.Photos[0] {
				continue
			}
			long, short := rp.effects(tr)
			happened = appendNew(happened, long...)
			notes = appendNew(notes, short...)
			outs = append(outs, o)
		}
	}
	if len(outs) == 0 && d.Check == scenario.Observe {
		return tracks{}, true
	}
	slices.SortFunc(bw, func(a, b *between) int { return cmp.Compare(a.at, b.at) })
	events := map[time.Duration]int{} // where a finding between lines goes
	for _, b := range bw {
		if len(b.happened) == 0 && b.at == d.Time {
			continue // a violation just before the line: the line's event shows it
		}
		e := Event{At: b.at, Action: model.Action{Kind: model.Tick}, Column: -1, Happened: b.happened, notes: b.notes}
		if len(b.happened) == 0 {
			e.Action = model.Action{} // nothing fired: the instant of a violation
		}
		var states []model.State
		for _, path := range paths {
			states = appendState(states, stateAt(path, b.at))
		}
		e.Could = rp.could(states)
		events[b.at] = len(rp.rep.Events)
		rp.rep.Events = append(rp.rep.Events, e)
	}
	slices.SortFunc(shown, func(a, b model.Photo) int { return a.ID() - b.ID() })
	e := Event{At: d.Time, Line: num, Action: d.Action, Check: d.Check, Wanted: d.Photos, Made: made,
		Column: col, Shown: shown, Happened: happened, notes: notes}
	if d.Check == scenario.Observe {
		e.Shown = d.Photos
	}
	self := len(rp.rep.Events)
	for _, o := range outs {
		for k := range o.found {
			switch f := &o.found[k]; f.event {
			case slotLine:
				f.event = self
			case slotBetween:
				if i, ok := events[f.f.At]; ok {
					f.event = i
				} else {
					f.event = self
				}
			}
		}
		next.add(o)
	}
	var states []model.State
	for _, o := range next.list {
		states = appendState(states, o.state)
	}
	e.Could = rp.could(states)
	rp.rep.Events = append(rp.rep.Events, e)
	return next, false
}

// could returns what each column would show in any of the states.
func (rp *replay) could(states []model.State) [][]model.Photo {
	out := make([][]model.Photo, len(rp.rep.Columns))
	env := model.Concrete(nil)
	for i, c := range rp.rep.Columns {
		for _, s := range states {
			for _, p := range model.ViewOptions(rp.r, &s, c.Surface, c.Viewer, env).Photos() {
				if p = p.Plain(); !slices.Contains(out[i], p) {
					out[i] = append(out[i], p)
				}
			}
		}
		slices.SortFunc(out[i], func(a, b model.Photo) int { return a.ID() - b.ID() })
	}
	return out
}

// violations gathers, for each property some final track violates, its
// earliest finding and how many tracks violate it.
func (r *Report) violations(sc *scenario.Scenario, judge *properties.Judge, finals []track) {
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
		var best *finding
		runs := 0
		for _, t := range finals {
			if t.mask&(1<<i) == 0 {
				continue
			}
			runs++
			for k := range t.found {
				if f := &t.found[k]; f.prop == i && (best == nil || f.event < best.event) {
					best = f
				}
			}
		}
		if best == nil {
			continue
		}
		r.Violations = append(r.Violations, Violation{Property: best.f.Property, Message: best.f.Message,
			At: best.f.At, Event: best.event, Column: best.column, Runs: runs, Of: len(finals)})
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
	return withNow(s, at)
}

func withNow(s model.State, now time.Duration) model.State {
	s.Now = now
	return s
}

func appendState(ss []model.State, s model.State) []model.State {
	if slices.Contains(ss, s) {
		return ss
	}
	return append(ss, s)
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
func (rp *replay) effects(tr model.Transition) (long, short []string) {
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
				p, model.FormatDuration(rp.r.Window)))
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
