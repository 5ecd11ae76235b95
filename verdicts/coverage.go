package verdicts

import (
	"fmt"
	"strings"

	"photosync/count"
	"photosync/model"
	"photosync/properties/explore"
)

// CountsOf says what rule coverage counts: the one wording of the text and
// the JSON.
const CountsOf = "transitions of the reduced model the explorer took: each projection takes only the actions its properties can see and keeps only what they read, so a behaviour explored by several projections counts in each, and a rule no property can see is not reached"

// CoverageReport is rule coverage as JSON (`check --coverage --json`,
// "coverage").
type CoverageReport struct {
	CountsOf     string `json:"counts_of"`
	Transitions  int    `json:"transitions"`
	Explorations int    `json:"explorations"`
	// Bounded says a bound cut an exploration short: a rule not reached
	// may be reached beyond it.
	Bounded bool                 `json:"bounded"`
	Rules   []RuleCoverageReport `json:"rules"`
	// NotReached names the rules no transition exercised;
	// ClausesNotReached the clauses not exercised of the other rules.
	NotReached        []string               `json:"not_reached"`
	ClausesNotReached []ClauseCoverageReport `json:"clauses_not_reached"`
	Knobs             []KnobCoverageReport   `json:"knobs"`
}

// RuleCoverageReport is one rule of R1–R21 and its clauses.
type RuleCoverageReport struct {
	ID          string                 `json:"id"`
	Title       string                 `json:"title"`
	Transitions int                    `json:"transitions"`
	Clauses     []ClauseCoverageReport `json:"clauses"`
}

// ClauseCoverageReport is one clause of a rule (model.Clause).
type ClauseCoverageReport struct {
	Rule        string `json:"rule"`
	Doc         string `json:"doc"`
	Transitions int    `json:"transitions"`
}

// KnobCoverageReport is one knob value read.
type KnobCoverageReport struct {
	Knob        string `json:"knob"`
	Value       string `json:"value"`
	Transitions int    `json:"transitions"`
	// Simplified: the value is a projection's, not the rule set's.
	Simplified bool `json:"simplified,omitempty"`
}

// NewCoverageReport returns c as JSON; nil for nil.
func NewCoverageReport(c *explore.Coverage) *CoverageReport {
	if c == nil {
		return nil
	}
	rep := &CoverageReport{CountsOf: CountsOf, Transitions: c.Transitions, Explorations: c.Explorations,
		Bounded: c.Bounded, NotReached: []string{}, ClausesNotReached: []ClauseCoverageReport{},
		Knobs: []KnobCoverageReport{}}
	cs := model.Clauses()
	clause := func(i int) ClauseCoverageReport {
		return ClauseCoverageReport{Rule: cs[i].Rule, Doc: cs[i].Doc, Transitions: c.Clauses[i]}
	}
	for ri, r := range model.SpecRules() {
		rr := RuleCoverageReport{ID: r.ID, Title: r.Title, Transitions: c.Rules[ri], Clauses: []ClauseCoverageReport{}}
		for i := range cs {
			if cs[i].Rule == r.ID {
				rr.Clauses = append(rr.Clauses, clause(i))
			}
		}
		rep.Rules = append(rep.Rules, rr)
	}
	rules, clauses := c.Unreached()
	for _, ri := range rules {
		rep.NotReached = append(rep.NotReached, model.SpecRules()[ri].ID)
	}
	for _, i := range clauses {
		rep.ClausesNotReached = append(rep.ClausesNotReached, clause(i))
	}
	for _, k := range c.Knobs {
		rep.Knobs = append(rep.Knobs, KnobCoverageReport{Knob: model.Knobs()[k.Knob].Name, Value: k.Value,
			Transitions: k.Transitions, Simplified: k.Simplified})
	}
	return rep
}

// CoverageText is rule coverage as check's text writes it: each rule with
// the transitions that exercised it, and each of its clauses when it has
// several; the rules and clauses not reached; the knob values read.
func CoverageText(c *explore.Coverage) string {
	var b strings.Builder
	head := fmt.Sprintf("rule coverage: how many of the %s explored exercised each rule of SPEC §3 and §6.2 (%s)",
		count.Of(c.Transitions, "transition"), CountsOf)
	if c.Bounded {
		head += "; bounded: a bound (--max-states, --max-depth) cut an exploration short, so a rule not reached may be reached beyond it"
	}
	b.WriteString(wrap(head+":", 100, "  "))
	width := len(count.N(c.Transitions))
	cs := model.Clauses()
	for ri, r := range model.SpecRules() {
		fmt.Fprintf(&b, "  %-4s %*s  %s\n", r.ID, width, count.N(c.Rules[ri]), r.Title)
		mine := model.ClausesOf(r.ID)
		if mine&(mine-1) == 0 {
			continue // one clause: the rule's line says it all
		}
		for i := range cs {
			if mine.Has(i) {
				fmt.Fprintf(&b, "       %*s    %s\n", width, count.N(c.Clauses[i]), cs[i].Doc)
			}
		}
	}
	rules, clauses := c.Unreached()
	var names []string
	for _, ri := range rules {
		r := model.SpecRules()[ri]
		names = append(names, fmt.Sprintf("%s (%s)", r.ID, r.Title))
	}
	fmt.Fprintf(&b, "not reached: %s\n", listOr(names, "none"))
	names = names[:0]
	for _, i := range clauses {
		names = append(names, fmt.Sprintf("%s (%s)", cs[i].Rule, cs[i].Doc))
	}
	if len(names) > 0 {
		fmt.Fprintf(&b, "clauses not reached of the rules reached: %s\n", strings.Join(names, "; "))
	}
	b.WriteString("knob values read (transitions that read each):\n")
	kw := 0
	for _, k := range c.Knobs {
		kw = max(kw, len(model.Knobs()[k.Knob].Name)+3+len(k.Value))
	}
	for _, k := range c.Knobs {
		fmt.Fprintf(&b, "  %-*s  %*s", kw, model.Knobs()[k.Knob].Name+" = "+k.Value, width, count.N(k.Transitions))
		if k.Simplified {
			b.WriteString("  (a projection's simplification: its properties cannot tell)")
		}
		b.WriteString("\n")
	}
	return b.String()
}

// wrap breaks text into lines of at most width bytes at spaces, every line
// after the first indented; each line ends with a newline.
func wrap(text string, width int, indent string) string {
	var b strings.Builder
	line := ""
	for _, w := range strings.Fields(text) {
		if line != "" && len(line)+1+len(w) > width {
			b.WriteString(line + "\n")
			line = indent + w
			continue
		}
		if line != "" && line != indent {
			line += " "
		}
		line += w
	}
	b.WriteString(line + "\n")
	return b.String()
}
