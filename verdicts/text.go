package verdicts

import (
	"cmp"
	"fmt"
	"strings"

	"photosync/count"
	"photosync/counterexamples"
	"photosync/model"
	"photosync/properties"
	"photosync/properties/explore"
)

// facts writes a column's facts, none when it rests on none.
func facts(col *Column, none string) string { return Facts(col.Facts, none) }

// Facts writes a rule set's facts joined by ", ", none when it rests on
// none.
func Facts(fs []string, none string) string {
	if len(fs) == 0 {
		return none
	}
	return strings.Join(fs, ", ")
}

// ChangedKnobs writes the knobs r sets differently from observed, "name
// value" joined by ", ", each wrapped in quote; none when there are none.
func ChangedKnobs(r model.Rules, quote, none string) string {
	var kv []string
	for _, c := range model.Changed(model.Observed(), r) {
		kv = append(kv, quote+c[0]+" "+c[1]+quote)
	}
	return listOr(kv, none)
}

// listOr joins names, or says none.
func listOr(names []string, none string) string {
	if len(names) == 0 {
		return none
	}
	return strings.Join(names, ", ")
}

// states counts the states explored over every column.
func (t *Table) states() int {
	n := 0
	for _, col := range t.Columns {
		n += col.Result.States
	}
	return n
}

// seconds is the time the explorations took, in seconds.
func (t *Table) seconds() float64 {
	s := 0.0
	for _, col := range t.Columns {
		s += col.Result.Elapsed.Seconds()
	}
	return s
}

// eraColumns returns the columns of the era rule sets (SPEC §6.3), oldest
// first.
func (t *Table) eraColumns() []int {
	var out []int
	for _, name := range model.Eras() {
		for i, col := range t.Columns {
			if col.Name == name {
				out = append(out, i)
			}
		}
	}
	return out
}

// Text is the table as fixed-width text (`photosync eras`): the rule sets
// with their periods, one row per property with a column per rule set
// (a cell that differs from its base's starred), then what each era
// changed against its base.
func (t *Table) Text(timing bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "every property under every named rule set, for %s (SPEC §4, §6)\n\n", count.Of(t.Viewers, "viewer"))

	nameW, periodW := len("rule set"), len("period")
	for _, col := range t.Columns {
		nameW = max(nameW, len(col.Name))
		periodW = max(periodW, len(col.Period))
	}
	fmt.Fprintf(&b, "%-*s  %-*s  %s\n", nameW, "rule set", periodW, "period", "facts")
	for i := range t.Columns {
		col := &t.Columns[i]
		fmt.Fprintf(&b, "%-*s  %-*s  %s\n", nameW, col.Name, periodW, col.Period, facts(col, "-"))
	}
	b.WriteString("\n")

	propW := len("property")
	for _, p := range t.Props {
		propW = max(propW, len(p.Name))
	}
	kindW := len("invariant")
	cellW := len("violated*")
	for i := range t.Columns {
		for k := range t.Props {
			cellW = max(cellW, len(t.Verdict(i, k).Verdict.String())+1)
		}
	}
	widths := make([]int, len(t.Columns))
	for i, col := range t.Columns {
		widths[i] = max(len(col.Name), cellW)
	}
	row := func(name, kind string, cells []string) {
		line := fmt.Sprintf("%-*s  %-*s", propW, name, kindW, kind)
		for i, c := range cells {
			line += fmt.Sprintf("  %-*s", widths[i], c)
		}
		b.WriteString(strings.TrimRight(line, " ") + "\n")
	}
	var head []string
	for _, col := range t.Columns {
		head = append(head, col.Name)
	}
	row("property", "kind", head)
	for k, p := range t.Props {
		cells := make([]string, len(t.Columns))
		for i := range t.Columns {
			cells[i] = t.Verdict(i, k).Verdict.String()
			if t.Differs(i, k) {
				cells[i] += "*"
			}
		}
		row(p.Name, p.Kind.String(), cells)
	}
	b.WriteString("\n* differs from observed; unknown: a bound (--max-states) was reached before a verdict\n")
	if t.vacuous() {
		b.WriteString("holds vacuously: no run reaches what the property speaks of (photosync properties names each trigger)\n")
	}

	b.WriteString("\nwhat changed since 2014 (each era against observed):\n")
	b.WriteString("  (no era sets photo.source or photo.userEdits: where photos are changed, and who may change them,\n" +
		"  is each tenant's choice, SPEC §6.3 and §6.5; check yours with a rules file that sets them)\n")
	for _, i := range t.eraColumns() {
		col := &t.Columns[i]
		d, _ := t.Delta(i)
		fmt.Fprintf(&b, "  %s (%s; %s): %s\n", col.Name, col.Period, facts(col, "no facts"),
			ChangedKnobs(col.Rules, "", "no knob changed"))
		fmt.Fprintf(&b, "    breaks invariants:  %s\n", listOr(d.Breaks, "none"))
		fmt.Fprintf(&b, "    makes goals hold:   %s\n", listOr(d.Gains, "none"))
		if len(d.Losses) > 0 {
			fmt.Fprintf(&b, "    makes goals fail:   %s\n", listOr(d.Losses, "none"))
		}
		if len(d.Undecided) > 0 {
			fmt.Fprintf(&b, "    undecided:          %s\n", listOr(d.Undecided, "none"))
		}
		if len(d.Vacuous) > 0 {
			fmt.Fprintf(&b, "    holds vacuously:    %s (no run reaches what it speaks of)\n", listOr(d.Vacuous, "none"))
		}
	}

	fmt.Fprintf(&b, "\nexplored %s, %s in all, for %s: ", count.Of(len(t.Columns), "rule set"), count.Of(t.states(), "state"),
		count.Of(t.Viewers, "viewer"))
	if n := t.Unknown(); n > 0 {
		fmt.Fprintf(&b, "incomplete: a bound (%s) left %s unknown", t.boundFlags(), count.Of(n, "verdict"))
	} else {
		b.WriteString("complete")
	}
	if timing {
		fmt.Fprintf(&b, ", %.1f s", t.seconds())
		var parts []string
		for _, col := range t.Columns {
			parts = append(parts, fmt.Sprintf("%s %.1f s", col.Name, col.Result.Elapsed.Seconds()))
		}
		fmt.Fprintf(&b, " (%s)", strings.Join(parts, ", "))
	}
	b.WriteString("\n")
	return b.String()
}

// vacuous reports whether some cell holds vacuously.
func (t *Table) vacuous() bool {
	for i := range t.Columns {
		for k := range t.Props {
			if t.Verdict(i, k).Verdict == properties.HoldsVacuously {
				return true
			}
		}
	}
	return false
}

// boundFlags are the flags of photosync check that set each bound of
// explore.Config.
var boundFlags = map[explore.Bound]string{explore.BoundStates: "--max-states", explore.BoundDepth: "--max-depth",
	explore.BoundProjectionStates: "--max-projection-states"}

// boundFlags names the flags of photosync eras whose bounds cut the
// table's explorations short: --max-states, --timeout or both.
func (t *Table) boundFlags() string {
	var states, timeout bool
	for _, col := range t.Columns {
		for _, s := range col.Result.Stopped {
			timeout = timeout || s.Bound == explore.BoundStop
			states = states || s.Bound != explore.BoundStop
		}
	}
	switch {
	case timeout && states:
		return "--max-states, --timeout"
	case timeout:
		return "--timeout"
	}
	return "--max-states"
}

// StoppedWords says which bounds cut an exploration short, with the flag
// that raises each: "--max-projection-states 1,000,000 was reached in 1
// projection (a larger value explores further; 0: no bound)"; "" for none.
func StoppedWords(stops []explore.Stop) string {
	var parts []string
	for _, s := range stops {
		if s.Bound == explore.BoundStop { // the caller's time limit: its value is the caller's
			parts = append(parts, fmt.Sprintf("the time limit (--timeout) was reached in %s", count.Of(s.Projections, "projection")))
			continue
		}
		parts = append(parts, fmt.Sprintf("%s %s was reached in %s", boundFlags[s.Bound], count.N(s.Limit), count.Of(s.Projections, "projection")))
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, "; ") + " (a larger value explores further; 0: no bound)"
}

// checkWord is a verdict as check's text writes it.
func checkWord(v explore.Verdict) string {
	if v.Verdict == properties.Unknown {
		return "unknown (a bound was reached first)"
	}
	return v.Verdict.String()
}

// blankLine ends b with one blank line: a counterexample ends with one
// already, and two in a row read as the end of the report.
func blankLine(b *strings.Builder) {
	if !strings.HasSuffix(b.String(), "\n\n") {
		b.WriteString("\n")
	}
}

// CheckText is `photosync check`'s text: column 0's rule set, each
// property's verdict (beside its base's) with its counterexample as a
// scenario, the delta against the base, and what was explored.
func (t *Table) CheckText(timing bool) string {
	col := &t.Columns[0]
	r, res := col.Rules, &col.Result
	var b strings.Builder
	if r.Description != "" {
		fmt.Fprintf(&b, "rules %s: %s\n", r.Name, r.Description)
	} else {
		fmt.Fprintf(&b, "rules %s\n", r.Name)
	}
	if changed := ChangedKnobs(r, "", ""); changed != "" {
		fmt.Fprintf(&b, "differs from observed in: %s\n", changed)
	}
	b.WriteString("\n")
	width := 0
	for _, p := range t.Props {
		width = max(width, len(p.Name))
	}
	held := map[properties.Kind][2]int{}
	for k, v := range res.Verdicts {
		p := v.Property
		n := held[p.Kind]
		n[1]++
		if v.Verdict.Held() {
			n[0]++
		}
		held[p.Kind] = n
		if col.Base >= 0 {
			base := &t.Columns[col.Base]
			fmt.Fprintf(&b, "%-9s  %-*s  %-8s  (%s: %s)\n", p.Kind, width, p.Name, checkWord(v),
				base.Name, checkWord(base.Result.Verdicts[k]))
		} else {
			fmt.Fprintf(&b, "%-9s  %-*s  %s\n", p.Kind, width, p.Name, checkWord(v))
		}
		if v.Verdict == properties.HoldsVacuously {
			fmt.Fprintf(&b, "    holds vacuously: no run reaches %s\n", p.Trigger.Doc)
		}
		if v.Example != nil {
			fmt.Fprintf(&b, "    %s: %s\n", p.Title(), v.Example.Message)
			text, _ := counterexamples.Bounded(r, v.Example, t.MaxSteps)
			for _, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
				fmt.Fprintf(&b, "    | %s\n", line)
			}
			b.WriteString("\n")
		}
	}
	if d, ok := t.Delta(0); ok {
		base := &t.Columns[col.Base]
		list := func(xs []string) string { return listOr(xs, "none") }
		blankLine(&b)
		fmt.Fprintf(&b, "against %s, %s:\n", base.Name, r.Name)
		fmt.Fprintf(&b, "  breaks invariants:  %s\n", list(d.Breaks))
		fmt.Fprintf(&b, "  makes goals hold:   %s\n", list(d.Gains))
		fmt.Fprintf(&b, "  makes goals fail:   %s\n", list(d.Losses))
		if len(d.Undecided) > 0 {
			fmt.Fprintf(&b, "  undecided:          %s (unknown here or under %s: a bound was reached first)\n",
				list(d.Undecided), base.Name)
		}
		if len(d.Vacuous) > 0 {
			fmt.Fprintf(&b, "  holds vacuously:    %s (no run reaches what it speaks of)\n", list(d.Vacuous))
		}
		if t.Told != nil {
			fmt.Fprintf(&b, "  experiments:        %s\n", t.Told.text())
		}
	}
	inv, goal := held[properties.Invariant], held[properties.Goal]
	blankLine(&b)
	fmt.Fprintf(&b, "%d of %d invariants hold; %d of %d goals hold\n", inv[0], inv[1], goal[0], goal[1])
	if res.Coverage != nil {
		b.WriteString("\n" + CoverageText(res.Coverage) + "\n")
	}
	state := "complete"
	if !res.Complete {
		state = "incomplete: " + cmp.Or(StoppedWords(res.Stopped), "a bound (--max-states, --max-depth) was reached")
	}
	fmt.Fprintf(&b, "explored %s, %s, depth %d, in %s for %s: %s",
		count.Of(res.States, "state"), count.Of(res.Transitions, "transition"), res.Depth,
		count.Of(res.Groups, "projection"), count.Of(t.Viewers, "viewer"), state)
	if timing {
		fmt.Fprintf(&b, ", %.1f s", res.Elapsed.Seconds())
	}
	b.WriteString("\n")
	return b.String()
}
