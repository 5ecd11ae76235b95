package explore

import (
	"photosync/model"
)

// Coverage is rule coverage, as TLC and P report it: of the transitions the
// explorer took, how many exercised each clause of the rules
// (model.Clauses) and how many read each knob, with the value it had.
//
// The counts are of the reduced model's transitions: each projection takes
// only the actions its properties can see and keeps only the part of the
// state they read (the package doc), so the same behaviour explored by
// several projections counts once per projection, and a rule that no
// property of the catalog can see is not reached even where the whole
// model would reach it. An exploration with coverage does not stop when
// every property of a projection is violated (as one without does): each
// projection runs to its end, or to a bound (Bounded).
type Coverage struct {
	Transitions  int   // the transitions counted: Result.Transitions
	Explorations int   // the projections explored, each from R13's start (attempts included)
	Rules        []int // per rule of model.SpecRules: the transitions that exercised a clause of it (R13's: Explorations)
	Clauses      []int // per clause of model.Clauses: the transitions that exercised it (R13's: Explorations)
	Knobs        []KnobCount
	// Bounded says a bound (MaxStates, MaxDepth) cut an exploration short:
	// a clause not reached may be reached beyond it.
	Bounded bool
}

// KnobCount is how many transitions read one knob with one value.
type KnobCount struct {
	Knob        int    // index in model.Knobs()
	Value       string // its value, as a rules file writes it
	Transitions int
	// Simplified says the value is not the rule set's: a projection changed
	// the knob where its properties cannot tell (the package doc; e.g. a
	// projection that does not read SharePoint imports at once).
	Simplified bool
}

// starts are the clauses of the start state (model.Clause.Start).
var starts = func() model.ClauseSet {
	var s model.ClauseSet
	for i, cl := range model.Clauses() {
		if cl.Start {
			s |= 1 << i
		}
	}
	return s
}()

// Reached reports whether clause i was exercised at least once.
func (c *Coverage) Reached(i int) bool { return c.Clauses[i] > 0 }

// Unreached returns the indices of the rules of model.SpecRules of which
// no clause was reached, and, apart, the clauses not reached of the rules
// otherwise reached.
func (c *Coverage) Unreached() (rules, clauses []int) {
	cs := model.Clauses()
	for ri, r := range model.SpecRules() {
		var mine []int
		some := false
		for i, cl := range cs {
			if cl.Rule != r.ID {
				continue
			}
			if c.Reached(i) {
				some = true
			} else {
				mine = append(mine, i)
			}
		}
		if !some {
			rules = append(rules, ri)
		} else {
			clauses = append(clauses, mine...)
		}
	}
	return rules, clauses
}

// ruleClauses holds the clauses of each rule of model.SpecRules.
var ruleClauses = func() []model.ClauseSet {
	var out []model.ClauseSet
	for _, r := range model.SpecRules() {
		out = append(out, model.ClausesOf(r.ID))
	}
	return out
}()

func newCounting() *counting {
	return &counting{rules: make([]int, len(model.SpecRules())), clauses: make([]int, len(model.Clauses()))}
}

// counting is one exploration's counts, under its group's rules.
type counting struct {
	reads   model.Reads // where the group's rules note their reads (see expand)
	rules   []int
	clauses []int
	knobs   [32]int // per knob index: transitions that read it
}

// count adds transition x.tr, exercising clauses cs and reading knobs rs.
func (k *counting) count(cs model.ClauseSet, rs model.Reads) {
	for i, m := range ruleClauses {
		if cs&m != 0 {
			k.rules[i]++
		}
	}
	for i := range k.clauses {
		if cs.Has(i) {
			k.clauses[i]++
		}
	}
	for _, i := range rs.Knobs() {
		k.knobs[i]++
	}
}

// addCoverage adds one exploration's counts, under the group's rules g, to
// the total, full being the rule set explored.
func (c *Coverage) add(k *counting, g, full *model.Rules) {
	if c.Clauses == nil {
		c.Rules, c.Clauses = make([]int, len(model.SpecRules())), make([]int, len(model.Clauses()))
	}
	c.Explorations++
	for i := range c.Rules {
		c.Rules[i] += k.rules[i]
		if ruleClauses[i]&starts != 0 {
			c.Rules[i]++
		}
	}
	for i, cl := range model.Clauses() {
		c.Clauses[i] += k.clauses[i]
		if cl.Start {
			c.Clauses[i]++
		}
	}
	knobs := model.Knobs()
	for i, n := range k.knobs {
		if n == 0 {
			continue
		}
		v := knobs[i].Get(*g)
		j := 0
		for j < len(c.Knobs) && (c.Knobs[j].Knob < i || c.Knobs[j].Knob == i && c.Knobs[j].Value < v) {
			j++
		}
		if j < len(c.Knobs) && c.Knobs[j].Knob == i && c.Knobs[j].Value == v {
			c.Knobs[j].Transitions += n
			continue
		}
		kc := KnobCount{Knob: i, Value: v, Transitions: n, Simplified: v != knobs[i].Get(*full)}
		c.Knobs = append(c.Knobs[:j], append([]KnobCount{kc}, c.Knobs[j:]...)...)
	}
}
