package infer

import (
	"bytes"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"time"

	"photosync/count"
	"photosync/engine"
	"photosync/model"
	"photosync/scenario"
	"photosync/srcpos"
)

// Options bound a run of logs.
type Options struct {
	// MaxStates bounds how many possible states all groups of candidates
	// hold together, MaxBytes about how much memory (engine.Options, summed
	// over the groups); 0: no bound. Past one, Run stops with a *BoundError.
	MaxStates int
	MaxBytes  int64
	// MaxGroups bounds how many groups of candidates the run keeps apart;
	// 0 means DefaultMaxGroups.
	MaxGroups int
	// Stop, when set, is asked often (at every step of every group, and
	// between the searches of Next) whether to stop; once it reports true
	// it must keep doing so. Run and Next then return ErrStopped. It must
	// be safe for concurrent use (the search asks from its workers).
	Stop func() bool

	_ struct{}
}

// DefaultMaxGroups is how many groups of candidates a run keeps apart by
// default.
const DefaultMaxGroups = 20_000

// BoundError is a run stopped by a bound of Options at a line of a log.
type BoundError struct {
	File string
	Line int
	What string // "bounded at 20000 groups of candidates"
}

// Error writes "FILE:LINE: bounded at …".
func (e *BoundError) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.What) }

// group is a set of candidates that no line so far has told apart: every
// rule set of the product of its picks (or one named rule set), all in the
// same possible states. Its Set runs under one representative, rules; every
// member behaves as the representative until a step reads a knob on which
// the members differ (model.Reads), and then the group splits.
type group struct {
	pick  []uint64 // per axis of the space, the values the group holds (bit j: the axis's j-th value)
	named int      // -1 for a group of the product; else the index in Space.Named of the rule set it is
	rules model.Rules
	reads model.Reads
	set   *engine.Set
	shown []model.Photo // what the last line's view could show, when it was one
}

// Inference is what a run of logs found: the groups of candidates that fit
// every line, and where the others dropped out.
type Inference struct {
	Space *Space
	// Candidates is how many rule sets the space holds: the product and
	// the named rule sets outside it.
	Candidates int
	// Logs are the logs run, in order; the next experiment continues the
	// last (End is its last line's instant).
	Logs []*scenario.Scenario
	End  time.Duration
	// Dropped says where the last candidates to drop out did: at the
	// latest line where any did, each group with what it predicted.
	Dropped []Drop
	// Groups is how many groups of candidates the run kept apart at most.
	Groups int

	groups []*group               // the fitting ones
	spare  []*group               // groups whose Sets a split may reuse
	reps   map[string]model.Rules // representatives by the first value of each axis
	opts   Options
	named  [][]int // per named rule set: where the product holds it (its value index on each axis), or nil
	states int     // the most possible states the groups held together after a line (tally), for benchmarks
	merged int     // the most states merged beliefs stood for beyond themselves after a line, for tests

	kindsOf   []kindOf // the fitting candidates' kinds of behaviour (fittingKinds)
	kindsDone bool
}

// Drop is the candidates that dropped out at a line with one prediction.
type Drop struct {
	File  string
	Line  int
	Check string // the line's check, as the scenario runner writes it
	// Shown is what they predicted: the photos the view could show.
	Shown []model.Photo
	Count int // how many candidates predicted it
	// Where names them by the values they hold of each knob on which they
	// do not hold every value the space tries ("yammer.sync none,
	// photo.source any|cloud"); "" when they are named rule sets outside
	// the product only, or hold every value.
	Where string
	Named []string // the named rule sets among them, in model.RuleSets' order
}

// Run runs the logs one after another, each from the start of R13, over
// every candidate of the space at once, and keeps those under which every
// observe line can show its photo and every expect line's set is exactly
// what its view can show. A log holds actions and checks only: the
// candidates are the rules, so a rules, set or violates line is an error at
// its line. The error is for such input, a bound of opts (*BoundError) or
// ErrStopped.
func Run(sp Space, logs []*scenario.Scenario, opts Options) (*Inference, error) {
	if opts.MaxGroups == 0 {
		opts.MaxGroups = DefaultMaxGroups
	}
	for _, lg := range logs {
		if err := checkLog(lg); err != nil {
			return nil, err
		}
	}
	in := &Inference{Space: &sp, Logs: logs, opts: opts}
	size, _ := sp.size()
	in.Candidates = size
	root := &group{named: -1, pick: make([]uint64, len(sp.Axes))}
	for i, a := range sp.Axes {
		root.pick[i] = 1<<len(a.Values) - 1
	}
	in.groups = append(in.groups, root)
	for i, r := range sp.Named {
		if at := sp.coordinates(r); at != nil {
			in.named = append(in.named, at)
			continue
		}
		in.named = append(in.named, nil)
		g := &group{named: i, pick: make([]uint64, len(sp.Axes))}
		in.groups = append(in.groups, g)
		in.Candidates++
	}
	for i, g := range in.groups {
		in.groups[i] = in.fresh(g, nil)
	}
	in.Groups = len(in.groups)
	for n, lg := range logs {
		if n > 0 {
			for i, g := range in.groups {
				in.groups[i] = in.fresh(g, nil)
			}
		}
		if err := in.log(lg); err != nil {
			if in.opts.stopped() { // a bound the Set reached may be the Stop
				return in, ErrStopped
			}
			return in, err
		}
	}
	return in, nil
}

// checkLog refuses the lines of a scenario that a log of observations
// cannot hold.
func checkLog(lg *scenario.Scenario) error {
	for _, l := range lg.Lines {
		switch d := l.Directive.(type) {
		case scenario.UseRules, scenario.SetKnob:
			return srcpos.Errorf(lg.File, l.Num, "%s: a log names no rules (infer tries every candidate of the space: "+
				"vary the knob in a space file, --space, instead)", srcpos.Clip(d.String()))
		case scenario.Violates:
			return srcpos.Errorf(lg.File, l.Num, "%s: infer reads actions, observe and expect lines (want no violates line in a log)",
				srcpos.Clip(d.String()))
		}
	}
	return nil
}

// coordinates returns where the product holds rule set r (the index of
// its value on each axis), or nil when it does not: r sets a knob no axis
// varies otherwise than Base, sets a varied knob to a value not tried, or
// amends the model.
func (sp *Space) coordinates(r model.Rules) []int {
	if r.Amend != nil || sp.Base.Amend != nil {
		return nil
	}
	at := make([]int, len(sp.Axes))
	for _, kv := range model.Changed(sp.Base, r) {
		if !slices.ContainsFunc(sp.Axes, func(a Axis) bool { return a.Knob == kv[0] }) {
			return nil
		}
	}
	for i, a := range sp.Axes {
		k, _ := model.LookupKnob(a.Knob)
		at[i] = slices.Index(a.Values, k.Get(r))
		if at[i] < 0 {
			return nil
		}
	}
	return at
}

// fresh returns a group of the candidates of g's picks (or g's named rule
// set) in the given states (the start of R13 when none): a new Set under
// the group's representative, which tracks its reads while the group holds
// more than one candidate.
func (in *Inference) fresh(g *group, states []model.State) *group {
	n := &group{named: g.named, pick: g.pick}
	in.retarget(n)
	// Cache merging: a merged belief stands for a set of states whatever
	// the rules, so it stays exact when the group's representative changes
	// (a join, a split); what the engine reads of the rules to step it
	// (a cache's TTL) the representative tracks, and a group whose
	// candidates differ there splits as on any read (see "Merged beliefs"
	// in the package doc). Each Set is bounded too, so that one line
	// cannot run away before the bound over every group is checked after
	// it.
	n.set = engine.New(&n.rules, engine.Options{Forget: true, MergeCaches: true,
		MaxStates: in.opts.MaxStates, MaxBytes: in.opts.MaxBytes, Stop: in.opts.Stop}, states...)
	return n
}

// part returns a group of the candidates of pick, a part of g, in g's
// states as they were before the line: g itself when first (its Set is
// unchanged until the line commits), else a spare group or a new one.
func (in *Inference) part(g *group, pick []uint64, first bool) *group {
	if first {
		g.pick = pick
		in.retarget(g)
		return g
	}
	if n := len(in.spare); n > 0 {
		p := in.spare[n-1]
		in.spare = in.spare[:n-1]
		p.pick, p.named, p.shown = pick, g.named, p.shown[:0]
		in.retarget(p)
		p.set.ResetBeliefs(g.set.Beliefs())
		return p
	}
	p := in.fresh(&group{named: g.named, pick: pick}, nil)
	p.set.ResetBeliefs(g.set.Beliefs())
	return p
}

// retarget makes g's rules the representative of its picks, in place (its
// Set runs under them), tracking reads while it holds more than one
// candidate.
func (in *Inference) retarget(g *group) {
	if g.named >= 0 {
		g.rules = in.Space.Named[g.named]
		return
	}
	at := make([]byte, len(g.pick))
	for i, p := range g.pick {
		at[i] = byte(bits.TrailingZeros64(p))
	}
	r, ok := in.reps[string(at)]
	if !ok {
		r = in.Space.Base
		for i, a := range in.Space.Axes {
			if err := r.Set(a.Knob, a.Values[at[i]]); err != nil {
				panic("infer: a value the space accepted is refused: " + err.Error())
			}
		}
		if in.reps == nil {
			in.reps = map[string]model.Rules{}
		}
		in.reps[string(at)] = r
	}
	if vary := in.undecided(g); vary != 0 {
		// The knobs the candidates share may be read freely: reading them
		// tells none apart (model.Rules.Fix).
		r.TrackReads(&g.reads)
		r.Fix(allKnobs &^ vary)
	}
	g.rules = r
}

// allKnobs is every knob of the catalog, as model.Reads.
var allKnobs = model.Reads(1)<<len(model.Knobs()) - 1

// undecided returns the knobs (as model.Reads) on which g's candidates
// differ.
func (in *Inference) undecided(g *group) model.Reads {
	var rs model.Reads
	if g.named >= 0 {
		return 0
	}
	for i, a := range in.Space.Axes {
		if bits.OnesCount64(g.pick[i]) > 1 {
			rs = rs.Add(a.index)
		}
	}
	return rs
}

// count returns how many candidates g holds.
func (g *group) count() int {
	if g.named >= 0 {
		return 1
	}
	n := 1
	for _, p := range g.pick {
		n *= bits.OnesCount64(p)
	}
	return n
}

// log runs one log over every group.
func (in *Inference) log(lg *scenario.Scenario) error {
	in.End = 0
	for _, l := range lg.Lines {
		d, ok := l.Directive.(scenario.At)
		if !ok {
			continue
		}
		in.End = d.Time
		var next, drops []*group
		var held tally
		for _, g := range in.groups {
			var err error
			first := len(next)
			next, drops, err = in.line(g, lg, l, d, next, drops)
			if err != nil {
				return err
			}
			// What the groups run so far hold, before they join: past a
			// bound the line stops here, before the rest run.
			held.add(next[first:])
			if err := in.bound(lg, l, held); err != nil {
				return err
			}
		}
		in.states, in.merged = max(in.states, held.states), max(in.merged, held.states-held.beliefs)
		if len(drops) > 0 {
			in.Dropped = in.dropped(lg, l, d, drops)
		}
		in.groups = in.merge(next)
		in.Groups = max(in.Groups, len(in.groups))
	}
	return nil
}

// line runs one line on group g: the action on every possible state, then
// the line's check. When the action read a knob on which g's candidates
// differ, g splits by that knob's values and each part runs the line
// afresh. It appends the groups that fit to out and those that dropped out
// to drops, each with what it predicted (shown).
func (in *Inference) line(g *group, lg *scenario.Scenario, l scenario.Line, d scenario.At, out, drops []*group) ([]*group, []*group, error) {
	g.reads = 0
	outs := g.set.Apply(d.Time, d.Action, nil)
	if err := g.set.Err(); err != nil {
		return nil, nil, &BoundError{File: lg.File, Line: l.Num, What: err.Error()}
	}
	if read := g.reads & in.undecided(g); read != 0 {
		ax := in.axis(read.Knobs()[0])
		first, dropped, whole := len(out), len(drops), g.pick
		var parts []*group
		for j := range in.Space.Axes[ax].Values {
			if whole[ax]&(1<<j) != 0 {
				pick := slices.Clone(whole)
				pick[ax] = 1 << j
				parts = append(parts, in.part(g, pick, len(parts) == 0))
			}
		}
		for _, p := range parts {
			var err error
			if out, drops, err = in.line(p, lg, l, d, out, drops); err != nil {
				return nil, nil, err
			}
		}
		if len(drops) == dropped && len(out)-first == len(parts) && in.alike(out[first:]) {
			// The knob was read but made no difference here: one group
			// again (the first part, which is g), the other parts spare.
			kept := out[first]
			in.spare = append(in.spare, out[first+1:]...)
			kept.pick = whole
			in.retarget(kept)
			return append(out[:first], kept), drops, nil
		}
		if len(out) > in.opts.MaxGroups {
			return nil, nil, &BoundError{File: lg.File, Line: l.Num,
				What: fmt.Sprintf("bounded at %s of candidates (a line told more apart; --max-groups raises it)", count.Of(in.opts.MaxGroups, "group"))}
		}
		return out, drops, nil
	}
	held, shown := scenario.Conclude(g.set, d, outs)
	g.shown = append(g.shown[:0], shown...)
	if held {
		return append(out, g), drops, nil
	}
	return out, append(drops, g), nil
}

// dropped merges the groups that dropped out at line l by what they
// predicted: one Drop per prediction, in the order the groups first made
// it, with the knobs that set its candidates apart and the named rule sets
// among them. (The groups are the run's own business: several of them can
// predict one photo.)
func (in *Inference) dropped(lg *scenario.Scenario, l scenario.Line, d scenario.At, groups []*group) []Drop {
	var out []Drop
	var members [][]*group
	for _, g := range groups {
		i := slices.IndexFunc(out, func(dr Drop) bool { return slices.Equal(dr.Shown, g.shown) })
		if i < 0 {
			i = len(out)
			out = append(out, Drop{File: lg.File, Line: l.Num, Check: d.Text(), Shown: slices.Clone(g.shown)})
			members = append(members, nil)
		}
		members[i] = append(members[i], g)
	}
	for i := range out {
		sum := in.summarize(members[i])
		out[i].Count, out[i].Named = sum.Fitting, sum.Named
		if slices.ContainsFunc(members[i], func(g *group) bool { return g.named < 0 }) {
			out[i].Where = in.describe(members[i])
		}
	}
	return out
}

// axis returns the index of the axis of knob k.
func (in *Inference) axis(k int) int {
	return slices.IndexFunc(in.Space.Axes, func(a Axis) bool { return a.index == k })
}

// bound checks the bounds on possible states and memory over every group
// (held: what the groups so far hold; see tally).
func (in *Inference) bound(lg *scenario.Scenario, l scenario.Line, held tally) error {
	switch {
	case in.opts.MaxStates > 0 && held.states > in.opts.MaxStates:
		return &BoundError{File: lg.File, Line: l.Num, What: fmt.Sprintf("bounded at %s over every group of candidates (--max-states raises it)", count.Of(in.opts.MaxStates, "possible state"))}
	case in.opts.MaxBytes > 0 && held.bytes > in.opts.MaxBytes:
		return &BoundError{File: lg.File, Line: l.Num, What: fmt.Sprintf("bounded at %s of possible states over every group of candidates (a fixed memory bound)", count.Of(int(in.opts.MaxBytes), "byte"))}
	}
	return nil
}

// tally is what groups hold, for the bounds: the possible states, a
// merged belief counted by every state it stands for (engine.Set.Count),
// and about how much memory the beliefs take, what their merged entries
// hold included (engine.Set.Bytes). A merged belief is cheap to keep but
// not free: counted once, a group of beliefs that each held thousands of
// photos would pass no bound before the process ran out of memory or
// time.
type tally struct {
	states, beliefs int
	bytes           int64
}

// add adds what the groups hold.
func (t *tally) add(groups []*group) {
	for _, g := range groups {
		t.states = min(t.states+g.set.Count(), math.MaxInt-1)
		t.beliefs += g.set.Len()
		t.bytes += g.set.Bytes()
	}
}

// merge joins groups of the product that hold the same possible states and
// whose picks differ on one axis only: their union is again a product, and
// its members behave alike until a step reads that axis's knob (which
// splits it again). States are compared without their History, which only
// properties read. It repeats until no two groups join, and keeps the
// groups' order (each joined group where its first part was).
func (in *Inference) merge(groups []*group) []*group {
	if len(groups) < 2 {
		return groups
	}
	keys := make([]string, len(groups))
	for i, g := range groups {
		keys[i] = statesKey(g.set)
	}
	for changed := true; changed; {
		changed = false
		for ax := range in.Space.Axes {
			first := map[string]int{}
			for i, g := range groups {
				if g == nil || g.named >= 0 {
					continue
				}
				k := mergeKey(keys[i], g.pick, ax)
				j, ok := first[k]
				if !ok {
					first[k] = i
					continue
				}
				kept := groups[j]
				kept.pick = slices.Clone(kept.pick)
				kept.pick[ax] |= g.pick[ax]
				in.retarget(kept)
				groups[i] = nil
				changed = true
			}
		}
	}
	return slices.DeleteFunc(groups, func(g *group) bool { return g == nil })
}

// alike reports whether groups hold the same possible states and their
// views showed the same photos.
func (in *Inference) alike(groups []*group) bool {
	key := ""
	for _, g := range groups[1:] {
		if !slices.Equal(g.shown, groups[0].shown) {
			return false
		}
		if key == "" {
			key = statesKey(groups[0].set)
		}
		if statesKey(g.set) != key {
			return false
		}
	}
	return true
}

// statesKey identifies a Set's possible states, History aside: the keys
// of its beliefs (engine.Belief.AppendKey: a merged belief by its merged
// entries, without listing the states it stands for), sorted, without
// duplicates. Equal keys mean equal states; unequal keys may still hold
// the same states merged otherwise, which only keeps two groups apart
// that could have joined.
func statesKey(set *engine.Set) string {
	var codes [][]byte
	for _, b := range set.Beliefs() {
		b.State.History = model.History{}
		codes = append(codes, b.AppendKey(nil))
	}
	slices.SortFunc(codes, bytes.Compare)
	codes = slices.CompactFunc(codes, bytes.Equal)
	return string(bytes.Join(codes, nil))
}

// mergeKey is a group's states and picks, but the picks of axis ax.
func mergeKey(states string, pick []uint64, ax int) string {
	b := append(make([]byte, 0, len(states)+9*len(pick)), states...)
	for i, p := range pick {
		if i != ax {
			b = strconv.AppendUint(append(b, '|'), p, 16)
		}
	}
	return string(b)
}

// describe names the candidates of groups by what sets them apart: the
// values they hold (Inference.values) of every axis of which they do not
// hold every value the space tries ("yammer.sync none, photo.source
// any|cloud"); "" when there is no such axis.
func (in *Inference) describe(groups []*group) string {
	values := in.values(groups)
	var parts []string
	for i, a := range in.Space.Axes {
		whole := !slices.ContainsFunc(a.Values, func(v string) bool { return !slices.Contains(values[i], v) })
		if !whole {
			parts = append(parts, a.Knob+" "+strings.Join(values[i], "|"))
		}
	}
	return strings.Join(parts, ", ")
}

// picked lists the values of axis a in pick, in the axis's order.
func picked(a Axis, pick uint64) []string {
	var out []string
	for j, v := range a.Values {
		if pick&(1<<j) != 0 {
			out = append(out, v)
		}
	}
	return out
}
