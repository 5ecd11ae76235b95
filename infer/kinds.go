package infer

import (
	"slices"

	"photosync/experiment"
	"photosync/model"
)

// MaxKindCandidates bounds how many fitting candidates Summary sorts into
// kinds of behaviour; past it, Summary.Kinds is 0 (not counted). Sorting
// takes about 20 µs a candidate (two cores): 0.2 s at the bound.
const MaxKindCandidates = 10_000

// kindOf is one kind of behaviour among the fitting candidates: those that
// are one system from the end of the logs on (experiment.Behaviour), with
// the values they hold of each axis.
type kindOf struct {
	count  int
	values []map[string]bool // per axis of the space
	// One of its candidates, tracking no reads, and its states: the
	// kind's behaviour.
	rules  model.Rules
	states []model.State
}

// kinds sorts the candidates of groups into kinds of behaviour: every
// candidate (each member of each group of the product, each named rule
// set) with the states its group is in, by experiment.Behaviour for every
// viewer a log can name. Candidates of one kind are indistinguishable from
// the end of the logs on: no experiment and no log, of any length, tells
// them apart; candidates of two kinds may be too (the key decides only
// that much). It returns nil when more than MaxKindCandidates candidates
// fit, or one of them amends the model.
func (in *Inference) kinds(groups []*group) []kindOf {
	total := 0
	for _, g := range groups {
		total += g.count()
		if total > MaxKindCandidates {
			return nil
		}
	}
	var out []kindOf
	index := map[string]int{}
	add := func(key string, r *model.Rules, states []model.State) {
		i, ok := index[key]
		if !ok {
			i = len(out)
			index[key] = i
			k := kindOf{values: make([]map[string]bool, len(in.Space.Axes)), rules: *r, states: states}
			for ax := range k.values {
				k.values[ax] = map[string]bool{}
			}
			out = append(out, k)
		}
		out[i].count++
		for ax, a := range in.Space.Axes {
			knob, _ := model.LookupKnob(a.Knob)
			out[i].values[ax][knob.Get(*r)] = true
		}
	}
	for _, g := range groups {
		states := g.set.States()
		if g.named >= 0 {
			r := in.Space.Named[g.named]
			key, ok := experiment.Behaviour(r, states, model.MaxViewers)
			if !ok {
				return nil
			}
			add(key, &r, states)
			continue
		}
		// The members of the group: every combination of its picks,
		// counted like a number whose digits are the axes; keys by the
		// rules' reduction, which many members share.
		var axes []int
		for ax, p := range g.pick {
			if p&(p-1) != 0 {
				axes = append(axes, ax)
			}
		}
		r := g.rules
		r.TrackReads(nil)
		byRules := map[string]string{}
		for {
			rk, ok := experiment.RulesKey(r, model.MaxViewers)
			if !ok {
				return nil
			}
			key, ok := byRules[rk]
			if !ok {
				key, _ = experiment.Behaviour(r, states, model.MaxViewers)
				byRules[rk] = key
			}
			add(key, &r, states)
			if !in.nextMember(&r, g.pick, axes) {
				break
			}
		}
	}
	return out
}

// nextMember makes r the next member of a group of picks pick, varying
// the axes listed (those where the group holds several values), the first
// fastest; false after the last.
func (in *Inference) nextMember(r *model.Rules, pick []uint64, axes []int) bool {
	for _, ax := range axes {
		a := in.Space.Axes[ax]
		knob, _ := model.LookupKnob(a.Knob)
		j := slices.Index(a.Values, knob.Get(*r))
		// the next value the group holds on this axis, or the first again
		next := -1
		for jj := j + 1; jj < len(a.Values); jj++ {
			if pick[ax]&(1<<jj) != 0 {
				next = jj
				break
			}
		}
		carry := next < 0
		if carry {
			for jj := range a.Values {
				if pick[ax]&(1<<jj) != 0 {
					next = jj
					break
				}
			}
		}
		if err := r.Set(a.Knob, a.Values[next]); err != nil {
			panic("infer: a value the space accepted is refused: " + err.Error())
		}
		if !carry {
			return true
		}
	}
	return false
}

// unsettleable returns the open knobs (of sum) whose values no experiment
// can settle: every kind of behaviour holds every value of the knob still
// possible, so whatever an experiment shows leaves candidates of each (an
// outcome leaves whole kinds).
func (in *Inference) unsettleable(ks []kindOf, sum Summary) []string {
	var out []string
	for _, o := range sum.Open {
		ax := slices.IndexFunc(in.Space.Axes, func(a Axis) bool { return a.Knob == o.Knob })
		all := true
		for _, k := range ks {
			for _, v := range o.Values {
				all = all && k.values[ax][v]
			}
		}
		if all {
			out = append(out, o.Knob)
		}
	}
	return out
}
