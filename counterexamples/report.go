package counterexamples

import (
	"cmp"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
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
	Name string // the scenario's name, e.g. "sharepoint-change-sticks"
	// File is the name of the scenario's file, without its directory, as
	// the report cites it ("sticks.scenario", "notes.txt"): sc.File's base,
	// or Name + ".scenario" when the scenario has no file.
	File string
	// Title is the headline: the title of the property the scenario's
	// first violates line names; without one, the scenario's own subject
	// (the first sentence of its leading comment), or Name.
	Title string
	// Picked says why Violations[0] leads when no violates line names it:
	// the first property of the catalog the steps violate; "" when a
	// violates line names it or nothing is violated.
	Picked string

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
	// Spans are the stretches of the timeline in which a take of R18
	// (sharepoint.trigger service) or R20 (yammer.sync on-use) is pending
	// in some possible state. The model may make such a take at any
	// instant of its span, not only at its deadline, so no one event shows
	// it: the picture draws each Span as a band across the rows of its
	// store, and the Markdown says in words where each begins and ends. In
	// order of their Open events, then Take, then Photo.
	Spans []Span
	// Failures are the scenario's expect, observe and violates lines that
	// do not hold, as `photosync run` reports them; Outcomes are the
	// verdicts on every checked line, held ones too.
	Failures []scenario.Outcome
	Outcomes []scenario.Outcome
	// Stopped is the line of an observe the model cannot show, where the
	// run (and the timeline) stops; 0 when it ran to the end.
	Stopped int
	// Scenario is the scenario's canonical text (scenario.Format).
	Scenario string
	// MaxSteps is how many events the renderings show before they fold
	// the rest (0: DefaultMaxSteps; the picture shows fewer, see "A long
	// run's timeline" in fold.go).
	MaxSteps int

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
	// pending are the takes pending right after the event in any possible
	// state, from which the report's Spans are made.
	pending []pendingTake
	// because says why a view may show several photos, when not only
	// because of a cache (see Report.because).
	because string
	// states are the possible states right after the event, kept with
	// Bounds.KeepStates only.
	states []model.State
}

// Span is one stretch of the timeline in which some possible state has a
// take pending that would take Photo, Exchange's photo of that instant: a
// take of R18 (SharePoint, by itself, through the Graph photo service) or
// R20 (Yammer, after the subject opened it). It lasts from the event after
// which some possible state first has it pending (Open) to the first event
// after which none has (Close), and the take may happen at any instant in
// between. A span of the model whose Exchange photo changes meanwhile
// becomes two Spans, one per photo: a take after the change takes the new
// one.
type Span struct {
	Take  model.ActionKind // model.TakeSharePoint (R18) or model.TakeYammer (R20)
	Photo model.Photo      // what the take would take: Exchange's photo
	Open  int              // the event after which the take is first pending
	// Close is the first event after which no possible state has it
	// pending; len(Events) when one still has at the end.
	Close int
	// Began lists the instants at which the model's spans began, over the
	// possible states (SharePoint began to lack Exchange's photo; the
	// subject opened Yammer: the start of model.ClockSharePointSpan or
	// model.ClockYammerSpan), sorted, once each; By lists their deadlines,
	// each Began plus sharepoint.maxDelay (yammer.delay), in the same order.
	Began, By []time.Duration
}

// Store returns the store the take writes: SharePoint or Yammer.
func (s *Span) Store() model.Store { return takeStore(s.Take) }

// takeStore returns the store a take writes: Yammer for model.TakeYammer,
// SharePoint for model.TakeSharePoint.
func takeStore(take model.ActionKind) model.Store {
	if take == model.TakeYammer {
		return model.StoreYammer
	}
	return model.StoreSharePoint
}

// Label is the band's label in the picture: "SharePoint may take v1
// anywhere in here (by 24h)".
func (s *Span) Label() string {
	return fmt.Sprintf("%s may take %s anywhere in here (by %s)", storeWords(s.Store()), s.Photo, durations(s.By, "or"))
}

// pendingTake is a take pending in one possible state after an event.
type pendingTake struct {
	take  model.ActionKind
	photo model.Photo
	began time.Duration
}

// pendingIn lists the takes pending in any of the states, each once, in
// order.
func pendingIn(states []model.State) []pendingTake {
	var out []pendingTake
	for i := range states {
		s := &states[i]
		for _, c := range [...]struct {
			clock model.Clock
			take  model.ActionKind
		}{{model.ClockSharePointSpan, model.TakeSharePoint}, {model.ClockYammerSpan, model.TakeYammer}} {
			if !s.Running.Has(c.clock) {
				continue
			}
			p := pendingTake{c.take, s.Exchange.Plain(), s.Start[c.clock]}
			if !slices.Contains(out, p) {
				out = append(out, p)
			}
		}
	}
	slices.SortFunc(out, func(a, b pendingTake) int {
		return cmp.Or(cmp.Compare(a.take, b.take), cmp.Compare(a.photo, b.photo), cmp.Compare(a.began, b.began))
	})
	return out
}

// spans gathers the report's Spans from what each event left pending.
func (rp *replay) spans() {
	rep := rp.rep
	type key struct {
		take  model.ActionKind
		photo model.Photo
	}
	open := map[key]int{} // the index in rep.Spans of each span open now
	for i := range rep.Events {
		now := map[key]bool{}
		for _, p := range rep.Events[i].pending {
			k := key{p.take, p.photo}
			now[k] = true
			j, ok := open[k]
			if !ok {
				j = len(rep.Spans)
				open[k] = j
				rep.Spans = append(rep.Spans, Span{Take: p.take, Photo: p.photo, Open: i, Close: -1})
			}
			if sp := &rep.Spans[j]; !slices.Contains(sp.Began, p.began) {
				sp.Began = append(sp.Began, p.began)
			}
		}
		for k, j := range open {
			if !now[k] {
				rep.Spans[j].Close = i
				delete(open, k)
			}
		}
	}
	r := rp.set.Rules()
	for j := range rep.Spans {
		sp := &rep.Spans[j]
		if sp.Close < 0 {
			sp.Close = len(rep.Events)
		}
		slices.Sort(sp.Began)
		delay := r.MaxDelay
		if sp.Take == model.TakeYammer {
			delay = r.YammerDelay
		}
		for _, b := range sp.Began {
			sp.By = append(sp.By, b+delay)
		}
	}
}

// because says why view i may show several photos, when a take pending
// before it is a reason (the store it reads may or may not have taken
// the photo yet): "a cached or a fresh copy, and SharePoint may or may
// not have taken v1 yet"; "" for any other event, or when the only
// reason is the view's cache.
func (r *Report) because(i int) string {
	e := &r.Events[i]
	if e.Action.Kind != model.View {
		return ""
	}
	rt := model.RouteOf(&r.Rules, e.Action.Surface)
	var taken []string
	for k := range r.Spans {
		if sp := &r.Spans[k]; sp.Store() == rt.Store && sp.Open < i && i <= sp.Close {
			taken = append(taken, sp.Photo.String())
		}
	}
	if len(taken) == 0 {
		return ""
	}
	why := fmt.Sprintf("%s may or may not have taken %s yet", storeWords(rt.Store), List(taken, "or"))
	if rt.Cached {
		why = "a cached or a fresh copy, and " + why
	}
	return why
}

// Violation is one violated property: where the earliest possible run
// violates it, and in how many of the possible runs at the end.
type Violation struct {
	Property *properties.Property
	Message  string        // what the property's monitor said
	At       time.Duration // the instant of the violation
	Event    int           // the index of the event it happened at
	// Column is the column of the view that violated it, or for a
	// property of one store's photo, the first column of a surface that
	// shows that store (NewReport adds one when the scenario views none);
	// -1 when the violation is a fact of the instant across surfaces.
	Column int
	Runs   int // how many of the possible runs at the end violate it
	Of     int // how many possible runs there are at the end
}

// Violated reports whether the report's headline is a violation.
func (r *Report) Violated() bool { return len(r.Violations) > 0 }

// Bounds limit the possible states a report follows (0: no bound), as
// scenario.Options' do; past one, NewReport returns a *scenario.BoundError.
type Bounds struct {
	MaxStates int
	MaxBytes  int64
	// KeepStates keeps, for each event, the possible states right after it
	// (ReportJSON's states), for a reader that shows them; without it a
	// report holds only what each column could show.
	KeepStates bool
}

// NewReport replays scenario sc under rules r with the property catalog's
// judge for that many viewers (0: model.MaxViewers), tracking every state
// the system may be in on an engine.Set as scenario.Run does (recording
// where each possible run violates each property), and returns the report.
// name names the report when nothing is violated. The error is for a
// scenario that cannot run (see scenario.Run) or that passes the bounds
// given (at most one Bounds), never for one whose lines fail: the report
// shows those.
func NewReport(name string, sc *scenario.Scenario, r model.Rules, viewers int, bounds ...Bounds) (*Report, error) {
	if viewers <= 0 {
		viewers = model.MaxViewers
	}
	var b Bounds
	if len(bounds) > 0 {
		b = bounds[0]
	}
	judge := properties.NewJudge(properties.Catalog(), viewers)
	// Unmerged: the replay below judges every possible state apart, so
	// the bounds hold for it if they hold here.
	res, err := scenario.Run(sc, r, scenario.Options{Judge: judge, Viewers: viewers,
		MaxStates: b.MaxStates, MaxBytes: b.MaxBytes, Unmerged: true})
	if err != nil {
		return nil, err
	}
	file := filepath.Base(sc.File)
	if sc.File == "" {
		file = name + ".scenario"
	}
	rep := &Report{Name: name, File: file, Rules: r, Changed: model.Changed(model.Observed(), r), Viewers: viewers,
		Scenario: sc.Format(), Outcomes: res.Outcomes}
	for _, o := range res.Outcomes {
		if o.Status != scenario.Held {
			rep.Failures = append(rep.Failures, o)
		}
	}
	cols := columns(sc)
	for pass := 0; pass < 2; pass++ {
		rep.Columns, rep.Events, rep.Spans, rep.Violations, rep.Stopped = cols, nil, nil, nil, 0
		rp := replay{judge: judge, rep: rep, keep: b.KeepStates, set: engine.New(&r, engine.Options{Monitor: judge, Record: true})}
		rp.run(sc)
		rp.spans()
		for i := range rep.Events {
			rep.Events[i].because = rep.because(i)
		}
		rp.violations(sc)
		// A violation of a store goes on a row of a surface that shows the
		// store: when the scenario views none, the replay runs again with
		// one more row, so that the picture and the table have it.
		more := rep.missingRows()
		if len(more) == 0 {
			break
		}
		cols = sortColumns(append(cols, more...))
	}
	rep.placeOnRows()
	rep.Title = cmp.Or(subject(sc), name)
	if len(rep.Violations) > 0 {
		if p := rep.Violations[0].Property; violatesLine(sc, p.Name) {
			rep.Title = p.Title()
		} else {
			rep.Picked = "the scenario has no violates line; of the properties its steps violate, the first in the catalog's order leads"
		}
	}
	return rep, nil
}

// violatesLine reports whether a violates line of sc names the property.
func violatesLine(sc *scenario.Scenario, property string) bool {
	for _, l := range sc.Lines {
		if d, ok := l.Directive.(scenario.Violates); ok && d.Property == property {
			return true
		}
	}
	return false
}

// subject is what a scenario says it is about: the first sentence of the
// comment lines before its first directive, without the final period;
// "" when it starts with a directive.
func subject(sc *scenario.Scenario) string {
	var words []string
	for _, l := range sc.Lines {
		if l.Directive != nil {
			break
		}
		words = append(words, strings.Fields(strings.TrimPrefix(l.Comment, "#"))...)
	}
	text := strings.Join(words, " ")
	if i := strings.Index(text, ". "); i >= 0 {
		text = text[:i]
	}
	return strings.TrimSuffix(text, ".")
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
	return sortColumns(cols)
}

// sortColumns sorts columns in the SPEC's surface order, then viewer order.
func sortColumns(cols []Column) []Column {
	slices.SortFunc(cols, func(a, b Column) int {
		return cmp.Or(cmp.Compare(a.Surface, b.Surface), cmp.Compare(a.Viewer, b.Viewer))
	})
	return cols
}

// surfacesOf returns the surfaces a violation of p is seen on: those it
// judges, or, for a property of a store's photo, the surfaces that read
// that store under r (model.RouteOf). nil for a property that compares
// several surfaces (Joint) or whose store no surface shows: its violation
// is a fact of the instant, drawn across every row.
func surfacesOf(p *properties.Property, r *model.Rules) []model.Surface {
	if p.Joint {
		return nil
	}
	if len(p.Reads) > 0 {
		return p.Reads
	}
	var store model.Store
	switch {
	case p.Facts&properties.YammerPhoto != 0:
		store = model.StoreYammer
	case p.Facts&properties.SharePointPhoto != 0:
		store = model.StoreSharePoint
	case p.Facts&properties.ADPhoto != 0: // what DirSync brings to Exchange
		store = model.StoreExchange
	default:
		return nil
	}
	var out []model.Surface
	for _, s := range model.Surfaces() {
		if model.RouteOf(r, s).Store == store {
			out = append(out, s)
		}
	}
	return out
}

// missingRows returns a column for each violation of a store or surface
// that no column shows: its first surface, seen by the observer (the
// subject when there is one viewer).
func (r *Report) missingRows() []Column {
	var more []Column
	for _, v := range r.Violations {
		surfs := surfacesOf(v.Property, &r.Rules)
		if len(surfs) == 0 || slices.ContainsFunc(r.Columns, func(c Column) bool { return slices.Contains(surfs, c.Surface) }) {
			continue
		}
		c := Column{Surface: surfs[0], Viewer: model.Viewers(r.Viewers)[min(1, r.Viewers-1)]}
		if !slices.Contains(more, c) {
			more = append(more, c)
		}
	}
	return more
}

// placeOnRows puts each violation of a fact of the instant (of a store's
// photo) on the row of a surface that shows it, at its own event.
func (r *Report) placeOnRows() {
	for n := range r.Violations {
		v := &r.Violations[n]
		surfs := surfacesOf(v.Property, &r.Rules)
		if v.Column >= 0 || len(surfs) == 0 {
			continue
		}
		if c := slices.IndexFunc(r.Columns, func(c Column) bool { return slices.Contains(surfs, c.Surface) }); c >= 0 {
			v.Column = c
		}
	}
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
	keep  bool // keep each event's states (Bounds.KeepStates)
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
//
// A take of R18 or R20 that may happen at any instant of its span is not
// an event of its own (the report's Spans show it), unless a property is
// violated at its instant: then that instant is an event, which says the
// take may happen then. A take at its deadline is a timer firing.
func (rp *replay) line(num int, d scenario.At) bool {
	act := rp.set.Actions()
	start := rp.set.States()
	var w waiting
	fired := func(_ int, before *model.State, n *model.Next) {
		a := model.Action{Kind: firing(rp.set.Rules(), before, n)}
		long, short := rp.effects(&model.Transition{Before: *before, Action: a, Next: *n})
		if len(long) == 0 {
			return
		}
		b := w.at(n.State.Now)
		if a.Kind != model.Tick {
			b.takes = append(b.takes, maybeTake{a.Kind, long, short})
			return
		}
		b.happened = appendNew(b.happened, long...)
		b.notes = appendNew(b.notes, short...)
		if n.Effects.Has(model.EffectSharePointTake) {
			b.deadline = append(b.deadline, model.TakeSharePoint)
		}
		if n.Effects.Has(model.EffectYammerTake) {
			b.deadline = append(b.deadline, model.TakeYammer)
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
				w.at(f.At).found = true // a violation while time passed: an event of its instant
			}
		}
	}
	p := placing{column: rp.rep.column(d.Action), between: rp.betweenEvents(d.Time, start, &w)}
	p.event = len(rp.rep.Events)
	rp.lines = append(rp.lines, p)
	rp.rep.Events = append(rp.rep.Events, rp.lineEvent(num, d, outs, keep))
	return true
}

// firing returns what a firing told to engine.Fired under rules r is: a
// take of R18 or R20 before its deadline (model.TakeSharePoint,
// model.TakeYammer), which may or may not happen then, or the timers due
// (model.Tick), a take at its deadline among them.
func firing(r *model.Rules, before *model.State, n *model.Next) model.ActionKind {
	for _, t := range [...]struct {
		effect model.Effects
		clock  model.Clock
		delay  time.Duration
		take   model.ActionKind
	}{{model.EffectSharePointTake, model.ClockSharePointSpan, r.MaxDelay, model.TakeSharePoint},
		{model.EffectYammerTake, model.ClockYammerSpan, r.YammerDelay, model.TakeYammer}} {
		if n.Effects.Has(t.effect) && before.Running.Has(t.clock) && before.Now < before.Start[t.clock]+t.delay {
			return t.take
		}
	}
	return model.Tick
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
	var relayed []model.Photo // what the Teams service cache served
	served, all := 0, 0
	for k := range outs.List {
		o := &outs.List[k]
		if keep != nil && !keep(o) {
			continue
		}
		all++
		if o.Next.Effects.Has(model.EffectTeamsServiceHit) {
			served++
			if p := o.Next.Shown.Plain(); !slices.Contains(relayed, p) {
				relayed = append(relayed, p)
			}
		}
		long, short := rp.effects(&model.Transition{Before: o.Before, Action: d.Action, Next: o.Next})
		e.Happened = appendNew(e.Happened, long...)
		e.notes = appendNew(e.notes, short...)
	}
	if served > 0 {
		sortPhotos(relayed)
		if served == all {
			e.Happened = append(e.Happened, effectWords[model.EffectTeamsServiceHit])
			e.notes = append(e.notes, "Teams service cache")
		} else {
			e.Happened = append(e.Happened, fmt.Sprintf("Teams may serve %s from its service cache, which every viewer shares", photos(relayed)))
			e.notes = append(e.notes, "service cache may answer")
		}
	}
	states := rp.set.States()
	e.Could = rp.could(states)
	e.pending = pendingIn(states)
	if rp.keep {
		e.states = states
	}
	return e
}

// waiting is what happened while time passed to an `at` line, over every
// possible state: the instants at which timers fired, a take may have
// happened or a property was violated.
type waiting struct {
	bw []*between
}

// between is what happened before an `at` line at one instant: timers
// fired, a take of R18 or R20 may have happened before its deadline, or a
// property was violated.
type between struct {
	at              time.Duration
	happened, notes []string           // timers fired
	deadline        []model.ActionKind // the takes among them, at their deadlines
	takes           []maybeTake        // takes that may have happened before their deadlines
	found           bool               // a property was violated
}

// maybeTake is a take that may have happened before its deadline, in
// words.
type maybeTake struct {
	take        model.ActionKind
	long, short []string
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
// indices by instant. start are the states before the line; the states of
// an event are theirs as time passes to its instant (in every way it can).
func (rp *replay) betweenEvents(now time.Duration, start []model.State, w *waiting) map[time.Duration]int {
	slices.SortFunc(w.bw, func(a, b *between) int { return cmp.Compare(a.at, b.at) })
	events := map[time.Duration]int{}
	for _, b := range w.bw {
		happened, notes := b.happened, b.notes
		for _, t := range b.takes {
			// A take that may happen at the instant of a violation is
			// worth saying, unless one at its deadline is said: it may be
			// why.
			if b.found && !slices.Contains(b.deadline, t.take) {
				happened, notes = appendNew(slices.Clip(happened), t.long...), appendNew(slices.Clip(notes), t.short...)
			}
		}
		if len(happened) == 0 && (!b.found || b.at == now) {
			continue // a take that may happen anywhere in its span, or a violation just before the line: the line's event shows it
		}
		e := Event{At: b.at, Action: model.Action{Kind: model.Tick}, Column: -1, Happened: happened, notes: notes}
		if len(happened) == 0 {
			e.Action = model.Action{} // nothing fired: the instant of a violation
		}
		states := rp.statesAt(start, b.at)
		e.Could = rp.could(states)
		e.pending = pendingIn(states)
		if rp.keep {
			e.states = states
		}
		events[b.at] = len(rp.rep.Events)
		rp.rep.Events = append(rp.rep.Events, e)
	}
	return events
}

// statesAt returns every state the system may be in at instant at, from
// the states start as time passes (every timer due by then fired, and
// under rules whose time branches, in every way it can).
func (rp *replay) statesAt(start []model.State, at time.Duration) []model.State {
	set := engine.New(rp.set.Rules(), engine.Options{}, start...)
	set.Advance(at, nil)
	return set.States()
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

func appendNew(list []string, words ...string) []string {
	for _, w := range words {
		if !slices.Contains(list, w) {
			list = append(list, w)
		}
	}
	return list
}

// effects says in plain words what a transition did besides its action,
// at length for the steps and in short for the picture. The model's own
// transitions come as a Tick (the timers due, a take at its deadline among
// them) or as a take before its deadline (model.TakeSharePoint,
// model.TakeYammer), which may or may not happen at that instant.
func (rp *replay) effects(tr *model.Transition) (long, short []string) {
	r := rp.set.Rules()
	e, s, kind := tr.Effects, &tr.State, tr.Action.Kind
	if e.Has(model.EffectRefused) {
		visit := ""
		if tr.Action.Source == model.FromMySite {
			visit = ", it is no visit to the My Site,"
		}
		long = append(long, fmt.Sprintf("%s because %s: no service takes %s%s though the change still uses up its photo number",
			effectWords[model.EffectRefused], Refusal(r, tr.Action.Source), model.V(int(s.Made)), cmp.Or(visit, ",")))
		short = append(short, "refused")
	}
	if e.Has(model.EffectDirSyncCopy) {
		if kind == model.Tick {
			long = append(long, fmt.Sprintf("DirSync runs on its schedule and copies %s from Active Directory to Exchange", s.Exchange))
		} else {
			long = append(long, fmt.Sprintf("DirSync copies %s from Active Directory to Exchange", s.Exchange))
		}
		short = append(short, fmt.Sprintf("DirSync copies %s", s.Exchange))
	}
	if e.Has(model.EffectYammerSync) && !e.Has(model.EffectYammerTake) {
		if kind == model.Change && tr.Action.Source == model.FromYammer {
			long = append(long, fmt.Sprintf("Exchange takes %s from Yammer", s.Exchange))
			short = append(short, fmt.Sprintf("Exchange takes %s", s.Exchange))
		} else {
			long = append(long, fmt.Sprintf("Yammer takes %s from Exchange", s.Yammer))
			short = append(short, fmt.Sprintf("Yammer takes %s", s.Yammer))
		}
	}
	switch p := s.SharePoint[model.Large]; {
	case e.Has(model.EffectSharePointTake) && kind == model.TakeSharePoint:
		long = append(long, fmt.Sprintf("SharePoint may take %s from Exchange by itself at this instant (the Graph photo service)", p))
		short = append(short, fmt.Sprintf("SharePoint may take %s", p))
	case e.Has(model.EffectSharePointTake):
		long = append(long, fmt.Sprintf("SharePoint takes %s from Exchange by itself (the Graph photo service), if it has not yet: %s have passed since it began to lack Exchange's photo",
			p, model.FormatDuration(r.MaxDelay)))
		short = append(short, fmt.Sprintf("SharePoint takes %s", p))
	case e.Has(model.EffectImport) && kind == model.Tick:
		long = append(long, fmt.Sprintf("SharePoint imports %s from Exchange by itself: its %s window has passed",
			p, model.FormatDuration(r.Window)))
		short = append(short, fmt.Sprintf("SharePoint imports %s", p))
	case e.Has(model.EffectImport) && e.Has(model.EffectEditCancel):
		long = append(long, fmt.Sprintf("SharePoint imports %s from Exchange at once", p))
		short = append(short, fmt.Sprintf("SharePoint imports %s", p))
	case e.Has(model.EffectImport):
		long = append(long, fmt.Sprintf("SharePoint imports %s from Exchange", p))
		short = append(short, fmt.Sprintf("SharePoint imports %s", p))
	}
	switch p := s.Yammer; {
	case !e.Has(model.EffectYammerTake) || !e.Has(model.EffectYammerSync):
		// no take, or one that found Yammer holding Exchange's photo already
	case kind == model.TakeYammer:
		long = append(long, fmt.Sprintf("Yammer may take %s from Exchange at this instant", p))
		short = append(short, fmt.Sprintf("Yammer may take %s", p))
	default:
		long = append(long, fmt.Sprintf("Yammer takes %s from Exchange, if it has not yet: %s have passed since the subject opened it",
			p, model.FormatDuration(r.YammerDelay)))
		short = append(short, fmt.Sprintf("Yammer takes %s", p))
	}
	if kind == model.View && e.Has(model.EffectVisit) {
		long = append(long, "this view counts as "+effectWords[model.EffectVisit])
	}
	if e.Has(model.EffectMySiteCreated) {
		long = append(long, effectWords[model.EffectMySiteCreated])
	}
	return long, short
}

// Refusal says in words why rules r refuse a change through src, by the
// rule that refuses it (Rules.Refusal), for reports and plans.
func Refusal(r *model.Rules, src model.Source) string {
	switch r.Refusal(src) {
	case "R16":
		return "the Set-UserPhoto cmdlet is retired (setUserPhoto retired, R16)"
	case "R21":
		return "the subject cannot change their photo in Viva Engage (yammer.editable false, R21)"
	case "R17":
		return "photos can be changed only on premises, in Active Directory (photo.source on-premises, R17)"
	case "E9":
		return "your tenant lets only administrators change photos (photo.userEdits admins-only, SPEC §6.5, E9)"
	}
	return "these rules refuse changes through " + src.String()
}
