package infer

import (
	"slices"

	"photosync/model"
)

// Summary is what a set of groups of candidates says about the knobs.
type Summary struct {
	// Fitting is how many candidates the groups hold.
	Fitting int
	// Settled are the varied knobs on which every candidate agrees, each
	// with its value, in catalog order.
	Settled []Setting
	// Open are the other varied knobs, each with the values still
	// possible, in the space's order (a named rule set's value the space
	// does not try comes last).
	Open []Setting
	// Named are the named rule sets among the candidates, in
	// model.RuleSets' order.
	Named []string
	// Kinds is, for the candidates that fit the logs (Inference.Summary),
	// how many kinds of behaviour they fall into: candidates of one kind
	// are one system from the end of the logs on (experiment.Behaviour),
	// and no experiment or log of any length tells them apart; 0 when not
	// counted (more than MaxKindCandidates fit). One kind: the candidates
	// are indistinguishable, and the diagnosis is settled.
	Kinds int
	// Unsettleable are the open knobs whose values no experiment can
	// settle given what is settled: every kind holds every value still
	// possible (in Open's order).
	Unsettleable []string
}

// Setting is a knob and one value, or the values still possible.
type Setting struct {
	Knob   string
	Values []string
}

// summarize describes the candidates of groups.
func (in *Inference) summarize(groups []*group) Summary {
	var sum Summary
	for _, g := range groups {
		sum.Fitting += g.count()
	}
	values := in.values(groups)
	for i, a := range in.Space.Axes {
		switch vs := values[i]; len(vs) {
		case 0:
		case 1:
			sum.Settled = append(sum.Settled, Setting{a.Knob, vs})
		default:
			sum.Open = append(sum.Open, Setting{a.Knob, vs})
		}
	}
	for i, r := range in.Space.Named {
		if in.holds(groups, i) {
			sum.Named = append(sum.Named, r.Name)
		}
	}
	return sum
}

// values returns, per axis of the space, the values the candidates of
// groups hold: the space's order first, then values only named rule sets
// hold.
func (in *Inference) values(groups []*group) [][]string {
	values := make([][]string, len(in.Space.Axes))
	for _, g := range groups {
		for i, a := range in.Space.Axes {
			if g.named >= 0 {
				k, _ := model.LookupKnob(a.Knob)
				if v := k.Get(in.Space.Named[g.named]); !slices.Contains(values[i], v) {
					values[i] = append(values[i], v)
				}
				continue
			}
			for _, v := range picked(a, g.pick[i]) {
				if !slices.Contains(values[i], v) {
					values[i] = append(values[i], v)
				}
			}
		}
	}
	for i, a := range in.Space.Axes {
		slices.SortStableFunc(values[i], func(x, y string) int { return order(a, x) - order(a, y) })
	}
	return values
}

// order is v's place among the values of axis a; past them for a value it
// does not try.
func order(a Axis, v string) int {
	if i := slices.Index(a.Values, v); i >= 0 {
		return i
	}
	return len(a.Values)
}

// holds reports whether the groups hold the i-th named rule set.
func (in *Inference) holds(groups []*group, i int) bool {
	at := in.named[i]
	for _, g := range groups {
		switch {
		case g.named == i:
			return true
		case g.named >= 0 || at == nil:
			continue
		}
		inside := true
		for ax, j := range at {
			if g.pick[ax]&(1<<j) == 0 {
				inside = false
				break
			}
		}
		if inside {
			return true
		}
	}
	return false
}

// Summary describes the candidates that fit every log, with their kinds
// of behaviour.
func (in *Inference) Summary() Summary {
	sum := in.summarize(in.groups)
	if ks := in.fittingKinds(); ks != nil {
		sum.Kinds = len(ks)
		sum.Unsettleable = in.unsettleable(ks, sum)
	}
	return sum
}

// fittingKinds returns the kinds of behaviour of the fitting candidates
// (kinds), computed once.
func (in *Inference) fittingKinds() []kindOf {
	if !in.kindsDone {
		in.kindsOf, in.kindsDone = in.kinds(in.groups), true
	}
	return in.kindsOf
}

// Fits reports whether rule set r, a candidate of the space, fits every
// log: whether a fitting group holds it.
func (in *Inference) Fits(r model.Rules) bool { return in.groupOf(r) != nil }

// groupOf returns the fitting group that holds candidate r, or nil.
func (in *Inference) groupOf(r model.Rules) *group {
	for i, n := range in.Space.Named {
		if n.Name == r.Name && len(model.Changed(n, r)) == 0 && in.named[i] == nil {
			for _, g := range in.groups {
				if g.named == i {
					return g
				}
			}
			return nil
		}
	}
	at := in.Space.coordinates(r)
	if at == nil {
		return nil
	}
	for _, g := range in.groups {
		if g.named >= 0 {
			continue
		}
		inside := true
		for ax, j := range at {
			inside = inside && g.pick[ax]&(1<<j) != 0
		}
		if inside {
			return g
		}
	}
	return nil
}
