package main

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"photosync/counterexamples"
	"photosync/model"
	"photosync/properties"
	"photosync/properties/explore"
	"photosync/srcpos"
)

// Exit codes as the usage of `photosync eras` states them.
const exitsEras = "0 every verdict is decided, 1 a bound left one unknown, 2 bad input, 3 internal error"

// The files `eras --out DIR` writes besides the counterexamples.
const (
	erasPage    = "eras.md"
	erasPicture = "eras.svg"
)

// eras is `photosync eras`: every property of the catalog under every
// named rule set (the report's three, then the eras of SPEC §6), as one
// table, and what each era changed since the report.
func (c cli) eras(args []string) int {
	fs := c.flags("eras", "[--json] [--out DIR] [--viewers N] [--max-states N] [--timing]", exitsEras)
	asJSON := fs.Bool("json", false, "print one JSON object instead of the table")
	out := fs.String("out", "", "write the table as "+erasPage+" and "+erasPicture+" into the directory `DIR`, "+
		"and each violated cell's counterexample as RULESET/PROPERTY.scenario, .md and .svg there (removing those of "+
		"cells no longer violated; other files are left alone)")
	viewers := viewersFlag(fs)
	maxStates := fs.Int("max-states", 0, "keep at most this many states per rule set (0: no bound); a verdict the bound cuts short is unknown")
	timing := fs.Bool("timing", false, "say how long each exploration took (the output then differs from run to run)")
	if code, done := c.parse(fs, args); done {
		return code
	}
	switch {
	case fs.NArg() > 0:
		return c.fail("eras", exitUsage, "unexpected argument %s (want only flags)", srcpos.Quote(fs.Arg(0)))
	case c.badViewers("eras", *viewers):
		return exitUsage
	case *maxStates < 0:
		return c.fail("eras", exitUsage, "--max-states %d (want a number ≥ 0)", *maxStates)
	}
	if *out != "" {
		if info, err := os.Stat(*out); err == nil && !info.IsDir() {
			return c.fail("eras", exitUsage, "--out %s: not a directory (want a directory, new or not)", *out)
		}
	}
	t, err := c.exploreEras(*viewers, *maxStates)
	if err != nil { // a counterexample that does not replay, an invalid catalog: the checker's bug
		return c.fail("eras", exitInternal, "%v", err)
	}
	if *out != "" {
		if code, err := t.write(*out); err != nil {
			return c.fail("eras", code, "%v", err)
		}
	}
	if *asJSON {
		enc := json.NewEncoder(c.stdout)
		enc.SetIndent("", "  ")
		enc.Encode(t.report(*timing))
	} else {
		fmt.Fprint(c.stdout, t.text(*timing))
	}
	if !t.complete() {
		return exitMismatch
	}
	return exitOK
}

// eraColumn is one rule set of the table with its exploration.
type eraColumn struct {
	set     model.RuleSet
	rules   model.Rules
	res     explore.Result
	verdict map[string]explore.Verdict // by property name
}

// erasTable is every property under every named rule set.
type erasTable struct {
	viewers int
	cols    []eraColumn // model.RuleSets(), in their order: observed first
	props   []*properties.Property
}

// exploreEras explores every named rule set. The error is the checker's:
// an exploration that did not start, a counterexample that does not
// confirm, a verdict missing.
func (c cli) exploreEras(viewers, maxStates int) (*erasTable, error) {
	explorer := c.runExplore
	if explorer == nil {
		explorer = explore.Explore
	}
	t := &erasTable{viewers: viewers, props: properties.Catalog()}
	for _, rs := range model.RuleSets() {
		col := eraColumn{set: rs, rules: rs.Rules(), verdict: map[string]explore.Verdict{}}
		col.res = explorer(explore.Config{Rules: col.rules, Viewers: viewers, MaxStates: maxStates})
		if col.res.Err != nil {
			return nil, fmt.Errorf("%s: %v", rs.Name, col.res.Err)
		}
		for _, v := range col.res.Verdicts {
			if v.Err != nil {
				return nil, fmt.Errorf("%s: %s: %v", rs.Name, v.Property.Name, v.Err)
			}
			col.verdict[v.Property.Name] = v
		}
		for _, p := range t.props {
			if _, ok := col.verdict[p.Name]; !ok {
				return nil, fmt.Errorf("%s: no verdict for %s", rs.Name, p.Name)
			}
		}
		t.cols = append(t.cols, col)
	}
	return t, nil
}

// eraCell is one verdict of the table.
type eraCell uint8

// The verdicts a cell shows.
const (
	cellHolds eraCell = iota
	cellViolated
	cellUnknown // a bound was reached before a verdict
)

var cellWords = [...]string{"holds", "violated", "unknown"}

// String returns the cell's word: holds, violated or unknown.
func (c eraCell) String() string { return cellWords[c] }

func cellOf(v explore.Verdict) eraCell {
	switch {
	case !v.Decided:
		return cellUnknown
	case v.Holds:
		return cellHolds
	}
	return cellViolated
}

// cell returns the verdict of property p under column i.
func (t *erasTable) cell(i int, p *properties.Property) eraCell {
	return cellOf(t.cols[i].verdict[p.Name])
}

// differs reports whether p's verdict under column i differs from its
// verdict under observed, the first column.
func (t *erasTable) differs(i int, p *properties.Property) bool {
	return i > 0 && t.cell(i, p) != t.cell(0, p)
}

// example returns the counterexample of p under column i, if violated.
func (t *erasTable) example(i int, p *properties.Property) *explore.Counterexample {
	return t.cols[i].verdict[p.Name].Example
}

// link is where `--out DIR` writes the report of p's counterexample under
// column i, relative to DIR.
func (t *erasTable) link(i int, p *properties.Property) string {
	return path.Join(t.cols[i].set.Name, p.Name+".md")
}

// complete reports whether every verdict is decided.
func (t *erasTable) complete() bool { return t.unknown() == 0 }

// unknown counts the verdicts a bound left unknown.
func (t *erasTable) unknown() int {
	n := 0
	for i := range t.cols {
		for _, p := range t.props {
			if t.cell(i, p) == cellUnknown {
				n++
			}
		}
	}
	return n
}

// states counts the states explored over every rule set.
func (t *erasTable) states() int {
	n := 0
	for _, col := range t.cols {
		n += col.res.States
	}
	return n
}

// elapsed is the time the explorations took.
func (t *erasTable) elapsed() time.Duration {
	var d time.Duration
	for _, col := range t.cols {
		d += col.res.Elapsed
	}
	return d
}

// eraDelta is what a rule set changes against observed.
type eraDelta struct {
	Breaks  []string `json:"breaks_invariants"` // invariants that hold under observed and not here
	Gains   []string `json:"makes_goals_hold"`  // goals violated under observed that hold here
	Losses  []string `json:"makes_goals_fail"`  // goals that hold under observed and not here
	Unknown []string `json:"unknown"`           // properties a bound left undecided here or under observed
}

// delta compares column i with observed. Every list is non-nil, so that
// JSON writes [] rather than null.
func (t *erasTable) delta(i int) eraDelta {
	d := eraDelta{Breaks: []string{}, Gains: []string{}, Losses: []string{}, Unknown: []string{}}
	for _, p := range t.props {
		now, before := t.cell(i, p), t.cell(0, p)
		switch {
		case now == cellUnknown || before == cellUnknown:
			d.Unknown = append(d.Unknown, p.Name)
		case now == before:
		case p.Kind == properties.Invariant && now == cellViolated:
			d.Breaks = append(d.Breaks, p.Name)
		case p.Kind == properties.Goal && now == cellHolds:
			d.Gains = append(d.Gains, p.Name)
		case p.Kind == properties.Goal && now == cellViolated:
			d.Losses = append(d.Losses, p.Name)
		}
	}
	return d
}

// eras returns the columns of the era rule sets (SPEC §6.3), oldest first.
func (t *erasTable) eras() []int {
	var out []int
	for _, name := range model.Eras() {
		for i, col := range t.cols {
			if col.set.Name == name {
				out = append(out, i)
			}
		}
	}
	return out
}

// facts writes a rule set's facts, "-" when it rests on none.
func facts(rs model.RuleSet, none string) string {
	if len(rs.Facts) == 0 {
		return none
	}
	return strings.Join(rs.Facts, ", ")
}

// changedKnobs writes the knobs r sets differently from observed, "name
// value" joined by ", "; none when there are none.
func changedKnobs(r model.Rules, none string) string {
	var kv []string
	for _, c := range model.Changed(model.Observed(), r) {
		kv = append(kv, c[0]+" "+c[1])
	}
	if len(kv) == 0 {
		return none
	}
	return strings.Join(kv, ", ")
}

// listOr joins names, or says none.
func listOr(names []string, none string) string {
	if len(names) == 0 {
		return none
	}
	return strings.Join(names, ", ")
}

// text is the table as fixed-width text: the rule sets with their
// periods, one row per property with a column per rule set, then what
// each era changed against observed.
func (t *erasTable) text(timing bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "every property under every named rule set, for %s (SPEC §4, §6)\n\n", count(t.viewers, "viewer"))

	nameW, periodW := len("rule set"), len("period")
	for _, col := range t.cols {
		nameW = max(nameW, len(col.set.Name))
		periodW = max(periodW, len(col.set.Period))
	}
	fmt.Fprintf(&b, "%-*s  %-*s  %s\n", nameW, "rule set", periodW, "period", "facts")
	for _, col := range t.cols {
		fmt.Fprintf(&b, "%-*s  %-*s  %s\n", nameW, col.set.Name, periodW, col.set.Period, facts(col.set, "-"))
	}
	b.WriteString("\n")

	propW := len("property")
	for _, p := range t.props {
		propW = max(propW, len(p.Name))
	}
	kindW := len("invariant")
	widths := make([]int, len(t.cols))
	for i, col := range t.cols {
		widths[i] = max(len(col.set.Name), len("violated*"))
	}
	row := func(name, kind string, cells []string) {
		line := fmt.Sprintf("%-*s  %-*s", propW, name, kindW, kind)
		for i, c := range cells {
			line += fmt.Sprintf("  %-*s", widths[i], c)
		}
		b.WriteString(strings.TrimRight(line, " ") + "\n")
	}
	var head []string
	for _, col := range t.cols {
		head = append(head, col.set.Name)
	}
	row("property", "kind", head)
	for _, p := range t.props {
		cells := make([]string, len(t.cols))
		for i := range t.cols {
			cells[i] = t.cell(i, p).String()
			if t.differs(i, p) {
				cells[i] += "*"
			}
		}
		row(p.Name, p.Kind.String(), cells)
	}
	b.WriteString("\n* differs from observed; unknown: a bound (--max-states) was reached before a verdict\n")

	b.WriteString("\nwhat changed since 2014 (each era against observed):\n")
	b.WriteString("  (no era sets photo.source or photo.userEdits: where photos are changed, and who may change them,\n" +
		"  is each tenant's choice, SPEC §6.3 and §6.5; check yours with a rules file that sets them)\n")
	for _, i := range t.eras() {
		col := t.cols[i]
		d := t.delta(i)
		fmt.Fprintf(&b, "  %s (%s; %s): %s\n", col.set.Name, col.set.Period, facts(col.set, "no facts"),
			changedKnobs(col.rules, "no knob changed"))
		fmt.Fprintf(&b, "    breaks invariants:  %s\n", listOr(d.Breaks, "none"))
		fmt.Fprintf(&b, "    makes goals hold:   %s\n", listOr(d.Gains, "none"))
		if len(d.Losses) > 0 {
			fmt.Fprintf(&b, "    makes goals fail:   %s\n", listOr(d.Losses, "none"))
		}
		if len(d.Unknown) > 0 {
			fmt.Fprintf(&b, "    unknown:            %s\n", listOr(d.Unknown, "none"))
		}
	}

	fmt.Fprintf(&b, "\nexplored %s, %s in all, for %s: ", count(len(t.cols), "rule set"), count(t.states(), "state"),
		count(t.viewers, "viewer"))
	if n := t.unknown(); n > 0 {
		fmt.Fprintf(&b, "incomplete: a bound (--max-states) left %s unknown", count(n, "verdict"))
	} else {
		b.WriteString("complete")
	}
	if timing {
		fmt.Fprintf(&b, ", %.1f s", t.elapsed().Seconds())
		var parts []string
		for _, col := range t.cols {
			parts = append(parts, fmt.Sprintf("%s %.1f s", col.set.Name, col.res.Elapsed.Seconds()))
		}
		fmt.Fprintf(&b, " (%s)", strings.Join(parts, ", "))
	}
	b.WriteString("\n")
	return b.String()
}

// erasReport is the --json object of `photosync eras`.
type erasReport struct {
	Viewers    int                 `json:"viewers"`
	Complete   bool                `json:"complete"`
	States     int                 `json:"states"`
	Seconds    *float64            `json:"seconds,omitempty"` // with --timing only, so that reruns print the same bytes
	RuleSets   []eraRuleSetReport  `json:"rule_sets"`
	Properties []eraPropertyReport `json:"properties"`
}

type eraRuleSetReport struct {
	Name        string            `json:"name"`
	Period      string            `json:"period"`
	Facts       []string          `json:"facts"`
	Description string            `json:"description"`
	Changed     map[string]string `json:"changed"` // the knobs it sets differently from observed, with their values
	Complete    bool              `json:"complete"`
	States      int               `json:"states"`
	Seconds     *float64          `json:"seconds,omitempty"`
	// AgainstObserved is what it changes against observed (not for
	// observed itself).
	AgainstObserved *eraDelta `json:"against_observed,omitempty"`
}

type eraPropertyReport struct {
	Name     string            `json:"name"`
	Kind     string            `json:"kind"`
	Title    string            `json:"title"`
	Verdicts map[string]string `json:"verdicts"` // rule set → holds, violated or unknown
}

func seconds(d time.Duration) *float64 {
	s := d.Seconds()
	return &s
}

// report is the table as the --json object.
func (t *erasTable) report(timing bool) erasReport {
	rep := erasReport{Viewers: t.viewers, Complete: t.complete(), States: t.states(),
		RuleSets: []eraRuleSetReport{}, Properties: []eraPropertyReport{}}
	if timing {
		rep.Seconds = seconds(t.elapsed())
	}
	for i, col := range t.cols {
		rs := eraRuleSetReport{Name: col.set.Name, Period: col.set.Period, Facts: append([]string{}, col.set.Facts...),
			Description: col.rules.Description, Changed: map[string]string{}, Complete: true, States: col.res.States}
		for _, kv := range model.Changed(model.Observed(), col.rules) {
			rs.Changed[kv[0]] = kv[1]
		}
		for _, p := range t.props {
			if t.cell(i, p) == cellUnknown {
				rs.Complete = false
			}
		}
		if timing {
			rs.Seconds = seconds(col.res.Elapsed)
		}
		if i > 0 {
			d := t.delta(i)
			rs.AgainstObserved = &d
		}
		rep.RuleSets = append(rep.RuleSets, rs)
	}
	for _, p := range t.props {
		pr := eraPropertyReport{Name: p.Name, Kind: p.Kind.String(), Title: p.Title(), Verdicts: map[string]string{}}
		for i, col := range t.cols {
			pr.Verdicts[col.set.Name] = t.cell(i, p).String()
		}
		rep.Properties = append(rep.Properties, pr)
	}
	return rep
}

// write writes the counterexample of every violated cell into
// dir/RULESET/, then the page and the picture. On error, code says whose
// it is: exitUsage for the directory's, exitInternal for the checker's.
func (t *erasTable) write(dir string) (code int, err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return exitUsage, err
	}
	for _, col := range t.cols {
		sub := filepath.Join(dir, col.set.Name)
		if !hasExample(col.res) {
			if _, err := os.Stat(sub); errors.Is(err, fs.ErrNotExist) {
				continue // nothing to write, nothing stale to remove
			}
		}
		if code, err := writeViolations(sub, col.rules, t.viewers, col.res); err != nil {
			return code, fmt.Errorf("%s: %w", col.set.Name, err)
		}
	}
	for _, f := range []struct{ name, text string }{{erasPage, t.markdown()}, {erasPicture, t.svg()}} {
		if err := os.WriteFile(filepath.Join(dir, f.name), []byte(f.text), 0o644); err != nil {
			return exitUsage, err
		}
	}
	return exitOK, nil
}

func hasExample(res explore.Result) bool {
	for _, v := range res.Verdicts {
		if v.Example != nil {
			return true
		}
	}
	return false
}

// mdCell writes a cell of the Markdown table: the verdict, bold when it
// differs from observed, a link to the report when violated.
func (t *erasTable) mdCell(i int, p *properties.Property) string {
	word := t.cell(i, p).String()
	if t.differs(i, p) {
		word = "**" + word + "**"
	}
	if t.example(i, p) != nil {
		return "[" + word + "](" + t.link(i, p) + ")"
	}
	return word
}

// mdName writes a property's name, linked to its report under column i
// when it is violated there.
func (t *erasTable) mdName(i int, p *properties.Property) string {
	if t.example(i, p) != nil {
		return "[`" + p.Name + "`](" + t.link(i, p) + ")"
	}
	return "`" + p.Name + "`"
}

// mdEscape keeps a table cell's text from breaking the table.
func mdEscape(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

// markdown is the page eras.md: what changed since the report, and what a
// tenant still gets wrong, with the table and how to read it.
func (t *erasTable) markdown() string {
	var b strings.Builder
	byName := map[string]*properties.Property{}
	for _, p := range t.props {
		byName[p.Name] = p
	}
	var names []string
	for _, col := range t.cols {
		names = append(names, "`"+col.set.Name+"`")
	}
	last := -1
	if eras := t.eras(); len(eras) > 0 {
		last = eras[len(eras)-1]
	}

	b.WriteString("# What changed since 2014, and what does my tenant still get wrong?\n\n")
	b.WriteString("The field report behind photosync describes how a profile photo spread across Microsoft 365 " +
		"in early 2014. Microsoft has changed the service since. This page checks every property of the catalog " +
		"under every named rule set: the report's behaviour (`observed`), what Microsoft documented then " +
		"(`documented`), what users wish (`ideal`), and the eras of the service since, oldest first " +
		"(SPEC §6). It answers two questions:\n\n")
	b.WriteString("- **What changed since 2014?** An era that breaks an *invariant* (a behaviour the report " +
		"observed, which holds under `observed`) no longer behaves as the report says in that respect: the " +
		"2014 advice stops applying there. An era that makes a *goal* hold (something users wish, violated " +
		"under `observed`) has fixed it.\n")
	b.WriteString("- **What does my tenant still get wrong?** Find the era your tenant is in by its period. " +
		"Every goal violated in its column is something it still gets wrong, and the cell links to the " +
		"shortest way to see it happen.\n\n")

	b.WriteString("## How to read it\n\n")
	fmt.Fprintf(&b, "- One row per property, one column per rule set (%s). Each verdict comes from exploring "+
		"every reachable state of the model under that rule set, for %s.\n", strings.Join(names, ", "),
		count(t.viewers, "viewer"))
	b.WriteString("- `holds`: no run breaks the property. `violated`: some run does; the cell links to its " +
		"counterexample, a bug report (steps to reproduce, expected, actual, a timeline) beside its picture " +
		"(`RULESET/PROPERTY.svg`) and its scenario (`RULESET/PROPERTY.scenario`, which `photosync run` " +
		"replays). `unknown`: a bound (`--max-states`) was reached before a verdict; run again with a " +
		"larger one.\n")
	b.WriteString("- A **bold** verdict differs from the one under `observed`.\n")
	b.WriteString("- The eras rest on Microsoft's documents (the facts E1–E8 of SPEC §6), not on observations " +
		"of your tenant. No era sets `photo.source` or `photo.userEdits` (E5, E9): where photos are changed, " +
		"and who may change them, is each tenant's choice (SPEC §6.3, §6.5); check yours with a rules file " +
		"that sets them. To tell two eras apart in a real tenant, `photosync diff --plan --rules A --rules B` " +
		"gives the shortest experiment.\n\n")

	b.WriteString("## The rule sets\n\n")
	b.WriteString("| rule set | period | facts | what it says | knobs it sets differently from `observed` |\n")
	b.WriteString("|---|---|---|---|---|\n")
	for _, col := range t.cols {
		var kv []string
		for _, c := range model.Changed(model.Observed(), col.rules) {
			kv = append(kv, "`"+c[0]+" "+c[1]+"`")
		}
		knobs := strings.Join(kv, ", ")
		if knobs == "" {
			knobs = "none"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s |\n", col.set.Name, mdEscape(col.set.Period), facts(col.set, "none"),
			mdEscape(col.rules.Description), knobs)
	}

	b.WriteString("\n## Every property under every rule set\n\n")
	b.WriteString("| property | kind |")
	for _, col := range t.cols {
		fmt.Fprintf(&b, " `%s` |", col.set.Name)
	}
	b.WriteString("\n|---|---|" + strings.Repeat("---|", len(t.cols)) + "\n")
	for _, p := range t.props {
		fmt.Fprintf(&b, "| `%s` | %s |", p.Name, p.Kind)
		for i := range t.cols {
			fmt.Fprintf(&b, " %s |", t.mdCell(i, p))
		}
		b.WriteString("\n")
	}

	b.WriteString("\n## What changed since 2014\n\n")
	b.WriteString("Each era against `observed`: the invariants it breaks (each linked to the run that shows " +
		"the difference) and the goals it makes hold (each linked to the run that shows it failing under " +
		"`observed`).\n")
	for _, i := range t.eras() {
		col := t.cols[i]
		d := t.delta(i)
		fmt.Fprintf(&b, "\n### `%s`: %s (%s)\n\n", col.set.Name, col.set.Period, facts(col.set, "no facts"))
		fmt.Fprintf(&b, "%s\n\n", col.rules.Description)
		var kv []string
		for _, c := range model.Changed(model.Observed(), col.rules) {
			kv = append(kv, "`"+c[0]+" "+c[1]+"`")
		}
		fmt.Fprintf(&b, "- Sets: %s\n", listOr(kv, "no knob"))
		list := func(label string, names []string, item func(p *properties.Property) string) {
			if len(names) == 0 {
				fmt.Fprintf(&b, "- %s: none\n", label)
				return
			}
			fmt.Fprintf(&b, "- %s:\n", label)
			for _, n := range names {
				fmt.Fprintf(&b, "  - %s\n", item(byName[n]))
			}
		}
		here := func(p *properties.Property) string { return t.mdName(i, p) + ": " + p.Title() }
		list("Breaks invariants", d.Breaks, here)
		list("Makes goals hold", d.Gains, func(p *properties.Property) string {
			s := "`" + p.Name + "`: " + p.Title()
			if t.example(0, p) != nil {
				s += " ([how it fails under `observed`](" + t.link(0, p) + "))"
			}
			return s
		})
		if len(d.Losses) > 0 {
			list("Makes goals fail", d.Losses, here)
		}
		if len(d.Unknown) > 0 {
			list("Unknown (a bound was reached)", d.Unknown, here)
		}
	}

	if last >= 0 {
		col := t.cols[last]
		fmt.Fprintf(&b, "\n## What a tenant still gets wrong today (`%s`, %s)\n\n", col.set.Name, col.set.Period)
		var wrong, unknown []*properties.Property
		for _, p := range t.props {
			switch {
			case p.Kind != properties.Goal:
			case t.cell(last, p) == cellViolated:
				wrong = append(wrong, p)
			case t.cell(last, p) == cellUnknown:
				unknown = append(unknown, p)
			}
		}
		if len(wrong) == 0 {
			b.WriteString("No goal is violated.\n")
		} else {
			b.WriteString("The goals still violated, each linked to the shortest run that shows it:\n\n")
			for _, p := range wrong {
				fmt.Fprintf(&b, "- %s: %s\n", t.mdName(last, p), p.Title())
			}
		}
		if len(unknown) > 0 {
			b.WriteString("\nUnknown, a bound was reached first:\n\n")
			for _, p := range unknown {
				fmt.Fprintf(&b, "- `%s`: %s\n", p.Name, p.Title())
			}
		}
	}

	b.WriteString("\n---\n\n")
	fmt.Fprintf(&b, "Written by `photosync eras --out` for %s: %s explored over %s; ", count(t.viewers, "viewer"),
		count(t.states(), "state"), count(len(t.cols), "rule set"))
	if n := t.unknown(); n > 0 {
		fmt.Fprintf(&b, "incomplete, a bound left %s unknown.", count(n, "verdict"))
	} else {
		b.WriteString("every verdict is decided.")
	}
	fmt.Fprintf(&b, " The picture of this table is [%s](%s).\n", erasPicture, erasPicture)
	return b.String()
}

// The matrix picture's geometry, in pixels, and its colours (Okabe and
// Ito's, which stay apart for colour-blind readers; the cells also say
// their verdict in words).
const (
	mxPad       = 16
	mxRow       = 24
	mxLine      = 13 // a header line
	mxPeriodLen = 26 // characters per line of a period
	mxFont      = "DejaVu Sans, Verdana, Arial, Helvetica, sans-serif"
	mxMinWidth  = 640
	mxSwatch    = 14
)

var cellColours = [...]struct{ fill, ink string }{
	cellHolds:    {"#D2EAF8", "#000000"},
	cellViolated: {"#D55E00", "#FFFFFF"},
	cellUnknown:  {"#A0A0A0", "#000000"},
}

// mxLegend says what each cell colour means.
var mxLegend = []struct {
	c    eraCell
	text string
}{
	{cellHolds, "holds: no run breaks it"},
	{cellViolated, "violated: some run does (click for the report)"},
	{cellUnknown, "unknown: a bound was reached first"},
}

// mxKinds says what the two kinds of property mean here.
const mxKinds = "invariants hold under observed (an era that breaks one changed since 2014); goals are what users wish (violated under observed)"

// svg is the picture eras.svg: the table as a matrix, a row per property,
// a column per rule set headed by its name, period and facts, each cell
// coloured by its verdict, a violated one linked to its report, with a
// legend. It is a self-contained SVG 1.1 document.
func (t *erasTable) svg() string {
	const title = "What changed since 2014: every property under every rule set"
	subtitle := fmt.Sprintf("%s; a violated cell links to its counterexample report", count(t.viewers, "viewer"))

	labelW := 0
	for _, p := range t.props {
		labelW = max(labelW, counterexamples.TextWidth(p.Name, 12))
	}
	labelW += 12
	kindW := counterexamples.TextWidth("invariant", 10) + 12
	periods := make([][]string, len(t.cols))
	colW := make([]int, len(t.cols))
	headLines := 0
	for i, col := range t.cols {
		periods[i] = counterexamples.Wrap(col.set.Period, mxPeriodLen)
		headLines = max(headLines, len(periods[i]))
		w := max(counterexamples.TextWidth(col.set.Name, 12), counterexamples.TextWidth("violated", 11), counterexamples.TextWidth(facts(col.set, ""), 10))
		for _, line := range periods[i] {
			w = max(w, counterexamples.TextWidth(line, 10))
		}
		colW[i] = w + 16
	}
	headTop := 68
	headH := 16 + mxLine*(headLines+1) + 8
	rowsTop := headTop + headH
	gridLeft := mxPad + labelW + kindW
	width := gridLeft + mxPad
	for _, w := range colW {
		width += w
	}
	legendW := mxPad + 56
	for _, item := range mxLegend {
		legendW += mxSwatch*2 + 5 + counterexamples.TextWidth(item.text, 11) + 16
	}
	width = max(width, mxMinWidth, mxPad*2+counterexamples.TextWidth(title, 16), mxPad*2+counterexamples.TextWidth(subtitle, 12),
		legendW+mxPad, mxPad*2+56+counterexamples.TextWidth(mxKinds, 11))
	legendTop := rowsTop + len(t.props)*mxRow + 20
	height := legendTop + 3*22 + mxPad

	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" width="%d" height="%d" viewBox="0 0 %d %d" font-family="%s">`+"\n",
		width, height, width, height, mxFont)
	fmt.Fprintf(&b, "<title>%s</title>\n", xmlText(title))
	fmt.Fprintf(&b, `<rect x="0" y="0" width="%d" height="%d" fill="#FFFFFF"/>`+"\n", width, height)
	fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="16" font-weight="bold" fill="#111111">%s</text>`+"\n", mxPad, 28, xmlText(title))
	fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="12" fill="#444444">%s</text>`+"\n", mxPad, 48, xmlText(subtitle))

	// Column heads: name, period, facts.
	x := gridLeft
	for i, col := range t.cols {
		cx := x + colW[i]/2
		fmt.Fprintf(&b, `<g id="head-%s">`+"\n", col.set.Name)
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="12" font-weight="bold" text-anchor="middle" fill="#111111">%s</text>`+"\n",
			cx, headTop+12, xmlText(col.set.Name))
		y := headTop + 12 + mxLine
		for _, line := range periods[i] {
			fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="10" text-anchor="middle" fill="#444444">%s</text>`+"\n", cx, y, xmlText(line))
			y += mxLine
		}
		if f := facts(col.set, ""); f != "" {
			fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="10" font-style="italic" text-anchor="middle" fill="#666666">%s</text>`+"\n",
				cx, headTop+12+mxLine*(headLines+1), xmlText(f))
		}
		b.WriteString("</g>\n")
		x += colW[i]
	}

	// Rows: a band on every other row, the name, the kind, the cells.
	for k, p := range t.props {
		y := rowsTop + k*mxRow
		fmt.Fprintf(&b, `<g id="row-%s">`+"\n", p.Name)
		if k%2 == 0 {
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" fill="#F3F3F3"/>`+"\n", mxPad, y, width-2*mxPad, mxRow)
		}
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="12" fill="#111111">%s</text>`+"\n", mxPad+4, y+16, xmlText(p.Name))
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="10" fill="#555555">%s</text>`+"\n", mxPad+labelW, y+16, xmlText(p.Kind.String()))
		x := gridLeft
		for i, col := range t.cols {
			c := t.cell(i, p)
			colour := cellColours[c]
			stroke := ""
			if t.differs(i, p) {
				stroke = ` stroke="#111111" stroke-width="2"`
			}
			tip := fmt.Sprintf("%s under %s: %s", p.Name, col.set.Name, c)
			if t.differs(i, p) {
				tip += fmt.Sprintf(" (under observed: %s)", t.cell(0, p))
			}
			link := t.example(i, p) != nil
			if link {
				fmt.Fprintf(&b, `<a id="cell-%s-%s" xlink:href="%s" href="%s">`, col.set.Name, p.Name,
					xmlText(t.link(i, p)), xmlText(t.link(i, p)))
				tip += ": the counterexample report is " + t.link(i, p)
			} else {
				fmt.Fprintf(&b, `<g id="cell-%s-%s">`, col.set.Name, p.Name)
			}
			fmt.Fprintf(&b, "<title>%s</title>", xmlText(tip))
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" rx="3" fill="%s"%s/>`, x+3, y+3, colW[i]-6, mxRow-6, colour.fill, stroke)
			decor := ""
			if link {
				decor = ` text-decoration="underline"`
			}
			fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="11" text-anchor="middle" fill="%s"%s>%s</text>`,
				x+colW[i]/2, y+16, colour.ink, decor, xmlText(c.String()))
			if link {
				b.WriteString("</a>\n")
			} else {
				b.WriteString("</g>\n")
			}
			x += colW[i]
		}
		b.WriteString("</g>\n")
	}

	// The legend: the verdicts' colours, the outline, the links.
	y := legendTop
	b.WriteString(`<g id="legend">` + "\n")
	fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="11" font-weight="bold" fill="#111111">Legend</text>`+"\n", mxPad, y+11)
	x = mxPad + 56
	for _, item := range mxLegend {
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" fill="%s"/>`+"\n", x, y, mxSwatch*2, mxSwatch, cellColours[item.c].fill)
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="11" fill="#111111">%s</text>`+"\n", x+mxSwatch*2+5, y+11, xmlText(item.text))
		x += mxSwatch*2 + 5 + counterexamples.TextWidth(item.text, 11) + 16
	}
	y += 22
	fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" fill="#FFFFFF" stroke="#111111" stroke-width="2"/>`+"\n", mxPad+56, y, mxSwatch*2, mxSwatch)
	fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="11" fill="#111111">%s</text>`+"\n", mxPad+56+mxSwatch*2+5, y+11,
		xmlText("outlined: the verdict differs from the one under observed"))
	y += 22
	fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="11" fill="#111111">%s</text>`+"\n", mxPad+56, y+11, xmlText(mxKinds))
	b.WriteString("</g>\n")
	b.WriteString("</svg>\n")
	return b.String()
}

// xmlText escapes text for XML.
func xmlText(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}
