package verdicts

import (
	"fmt"

	"photosync/model"
	"photosync/properties"
	"photosync/properties/explore"
)

// Explorer explores one rule set: explore.Explore, or one with bounds of
// its own (a server's), or a test's fake.
type Explorer func(explore.Config) explore.Result

// Column is one rule set of a table with its exploration.
type Column struct {
	Name   string   // the rule set's name
	Period string   // for a named rule set: the period of the service it describes
	Facts  []string // for a named rule set: the claims or facts it rests on
	Rules  model.Rules
	Result explore.Result // Verdicts in the order of Table.Props
	Base   int            // the column this one is compared with (Delta); -1: none
}

// Table is every property of the catalog under each of its rule sets.
type Table struct {
	Viewers int
	Props   []*properties.Property // the rows, in catalog order
	Columns []Column
	// MaxSteps is the longest counterexample or witness the renderings
	// write whole (0: counterexamples.DefaultMaxSteps, the default of
	// --max-steps); a longer one is summarised (counterexamples.Bounded).
	MaxSteps int
	// Told is what an experiment can tell of column 0 against its base
	// (SPEC §5): Check asks Tell; nil for a rule set without a base.
	// CheckText prints its statement with the delta, CheckReport the
	// whole.
	Told *Told
}

// Eras explores every named rule set (model.RuleSets: observed first, then
// documented, ideal and the eras of SPEC §6) with the viewers and bounds
// of cfg (cfg.MaxStates bounds each rule set's exploration; cfg.Stop,
// asked throughout, leaves the rule sets it stops unknown); cfg.Rules and
// cfg.Props are ignored. Every column but observed's is compared with
// observed. The error is the checker's: an invalid catalog, a
// counterexample that does not confirm.
func Eras(cfg explore.Config, run Explorer) (*Table, error) {
	t := &Table{Viewers: cfg.Viewers, Props: properties.Catalog()}
	if t.Viewers == 0 {
		t.Viewers = 2
	}
	for i, rs := range model.RuleSets() {
		base := 0
		if i == 0 {
			base = -1
		}
		col := Column{Name: rs.Name, Period: rs.Period, Facts: rs.Facts, Rules: rs.Rules(), Base: base}
		if err := t.explore(&col, cfg, run); err != nil {
			return nil, err
		}
		t.Columns = append(t.Columns, col)
	}
	return t, nil
}

// Check explores cfg.Rules (column 0) and, when it has one, its base
// (column 1, see BaseOf), with the same bounds; column 0 is compared with
// column 1. cfg.Props is ignored: the rows are the catalog; cfg.Coverage
// applies to column 0 only; cfg.Stop stops the explorations and the
// search for an experiment (Tell), leaving what it stops unknown or
// undecided. The error is the checker's, as for Eras.
func Check(cfg explore.Config, run Explorer) (*Table, error) {
	t := &Table{Viewers: cfg.Viewers, Props: properties.Catalog()}
	if t.Viewers == 0 {
		t.Viewers = 2
	}
	cols := []Column{{Name: cfg.Rules.Name, Rules: cfg.Rules, Base: -1}}
	if b, ok := BaseOf(cfg.Rules); ok {
		cols[0].Base = 1
		cols = append(cols, Column{Name: b.Name, Rules: b, Base: -1})
	}
	for i := range cols {
		if rs, ok := named(cols[i].Rules.Name); ok && cols[i].Rules.Base == "" {
			cols[i].Period, cols[i].Facts = rs.Period, rs.Facts
		}
		c := cfg
		c.Coverage = cfg.Coverage && i == 0 // coverage is column 0's alone
		if err := t.explore(&cols[i], c, run); err != nil {
			return nil, err
		}
	}
	t.Columns = cols
	if cols[0].Base >= 0 {
		told, err := Tell(cols[cols[0].Base].Rules, cfg.Rules, t.Viewers, cfg.Stop)
		if err != nil {
			return nil, err
		}
		t.Told = told
	}
	return t, nil
}

func named(name string) (model.RuleSet, bool) {
	for _, rs := range model.RuleSets() {
		if rs.Name == name {
			return rs, true
		}
	}
	return model.RuleSet{}, false
}

// explore fills col's result and checks it has a verdict for every row.
func (t *Table) explore(col *Column, cfg explore.Config, run Explorer) error {
	if run == nil {
		run = explore.Explore
	}
	cfg.Rules, cfg.Viewers, cfg.Props = col.Rules, t.Viewers, t.Props
	col.Result = run(cfg)
	if col.Result.Err != nil {
		return fmt.Errorf("%s: %v", col.Name, col.Result.Err)
	}
	if len(col.Result.Verdicts) != len(t.Props) {
		return fmt.Errorf("%s: %d verdicts for %d properties", col.Name, len(col.Result.Verdicts), len(t.Props))
	}
	for i, v := range col.Result.Verdicts {
		switch {
		case v.Property == nil || v.Property.Name != t.Props[i].Name:
			return fmt.Errorf("%s: no verdict for %s", col.Name, t.Props[i].Name)
		case v.Err != nil: // a counterexample that does not replay is the checker's bug, never a finding
			return fmt.Errorf("%s: %s: %v", col.Name, v.Property.Name, v.Err)
		case !v.Verdict.Decided() && v.Verdict != properties.Unknown:
			return fmt.Errorf("%s: %s: verdict %s", col.Name, v.Property.Name, v.Verdict)
		}
	}
	return nil
}

// BaseOf returns the rule set a rule set is judged against: a rules file's
// base, or observed for the other named rule sets; observed itself has
// none.
func BaseOf(r model.Rules) (model.Rules, bool) {
	name := r.Base
	if name == "" && r.Name != "observed" {
		name = "observed"
	}
	if name == "" {
		return model.Rules{}, false
	}
	b, err := model.Named(name)
	return b, err == nil
}

// Verdict returns the verdict of row prop under column col.
func (t *Table) Verdict(col, prop int) explore.Verdict { return t.Columns[col].Result.Verdicts[prop] }

// Differs reports whether row prop's verdict under column col differs
// from its verdict under the column's base (false without a base).
func (t *Table) Differs(col, prop int) bool {
	b := t.Columns[col].Base
	return b >= 0 && t.Verdict(col, prop).Verdict != t.Verdict(b, prop).Verdict
}

// Delta compares column col with its base; false when it has none.
func (t *Table) Delta(col int) (Delta, bool) {
	b := t.Columns[col].Base
	if b < 0 {
		return Delta{}, false
	}
	return Compare(t.Columns[col].Result.Verdicts, t.Columns[b].Result.Verdicts), true
}

// Delta is what a rule set changes against its base, property names in
// catalog order. Every list is non-nil, so that JSON writes [] rather
// than null.
type Delta struct {
	Breaks    []string `json:"breaks_invariants"` // invariants that hold under the base and are violated here
	Gains     []string `json:"makes_goals_hold"`  // goals violated under the base that hold here
	Losses    []string `json:"makes_goals_fail"`  // goals that hold under the base and are violated here
	Undecided []string `json:"undecided"`         // properties unknown here or under the base: no comparison
	// Vacuous lists the properties that hold vacuously here and not under
	// the base: this rule set never does what they speak of, so a goal it
	// "makes hold" among them is no improvement to boast of.
	Vacuous []string `json:"holds_vacuously"`
}

// Compare is the one delta against a base (SPEC §4.1): now and base are
// the verdicts of the same properties, in the same order, under a rule
// set and under its base. It compares decided verdicts only: a property
// unknown on either side is undecided. "Holds" and "holds vacuously" both
// hold: neither is a change of the other; Vacuous says where a verdict
// became vacuous.
func Compare(now, base []explore.Verdict) Delta {
	d := Delta{Breaks: []string{}, Gains: []string{}, Losses: []string{}, Undecided: []string{}, Vacuous: []string{}}
	for i, v := range now {
		p, was, is := v.Property, base[i].Verdict, v.Verdict
		if is == properties.HoldsVacuously && was != properties.HoldsVacuously && was.Decided() {
			d.Vacuous = append(d.Vacuous, p.Name)
		}
		switch {
		case !is.Decided() || !was.Decided():
			d.Undecided = append(d.Undecided, p.Name)
		case was.Held() == is.Held():
		case p.Kind == properties.Invariant && !is.Held():
			d.Breaks = append(d.Breaks, p.Name)
		case p.Kind == properties.Goal && is.Held():
			d.Gains = append(d.Gains, p.Name)
		case p.Kind == properties.Goal:
			d.Losses = append(d.Losses, p.Name)
		}
	}
	return d
}

// Unknown counts the verdicts a bound left unknown.
func (t *Table) Unknown() int {
	n := 0
	for _, col := range t.Columns {
		for _, v := range col.Result.Verdicts {
			if v.Verdict == properties.Unknown {
				n++
			}
		}
	}
	return n
}

// Complete reports whether every verdict is decided.
func (t *Table) Complete() bool { return t.Unknown() == 0 }
