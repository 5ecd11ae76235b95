package verdicts

import (
	"fmt"
	"path"
	"strings"

	"photosync/count"
	"photosync/properties"
	"photosync/properties/explore"
)

// row returns the row of p.
func (t *Table) row(p *properties.Property) int {
	for k, q := range t.Props {
		if q.Name == p.Name {
			return k
		}
	}
	panic("verdicts: " + p.Name + " is not a row of the table")
}

// cell returns the verdict of p under column i.
func (t *Table) cell(i int, p *properties.Property) properties.Verdict {
	return t.Verdict(i, t.row(p)).Verdict
}

// differs reports whether p's verdict under column i differs from its
// base's.
func (t *Table) differs(i int, p *properties.Property) bool { return t.Differs(i, t.row(p)) }

// example returns the counterexample of p under column i, if violated.
func (t *Table) example(i int, p *properties.Property) *explore.Counterexample {
	return t.Verdict(i, t.row(p)).Example
}

// link is where WriteFiles writes the report of p's counterexample under
// column i, relative to its directory.
func (t *Table) link(i int, p *properties.Property) string {
	return path.Join(t.Columns[i].Name, p.Name+".md")
}

// mdCell writes a cell of the Markdown table: the verdict, bold when it
// differs from observed, a link to the report when violated.
func (t *Table) mdCell(i int, p *properties.Property) string {
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
func (t *Table) mdName(i int, p *properties.Property) string {
	if t.example(i, p) != nil {
		return "[`" + p.Name + "`](" + t.link(i, p) + ")"
	}
	return "`" + p.Name + "`"
}

// mdEscape keeps a table cell's text from breaking the table.
func mdEscape(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

// Markdown is the page eras.md: what changed since the report, and what a
// tenant still gets wrong, with the table and how to read it.
func (t *Table) Markdown() string {
	var b strings.Builder
	byName := map[string]*properties.Property{}
	for _, p := range t.Props {
		byName[p.Name] = p
	}
	var names []string
	for _, col := range t.Columns {
		names = append(names, "`"+col.Name+"`")
	}
	last := -1
	if eras := t.eraColumns(); len(eras) > 0 {
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
		count.Of(t.Viewers, "viewer"))
	b.WriteString("- `holds`: no run breaks the property, and some run reaches what it speaks of (its trigger). " +
		"`holds vacuously`: no run breaks it because no run reaches its trigger (`photosync properties` names " +
		"each): the rule set never does what the property is about, so it says nothing there. " +
		"`violated`: some run does; the cell links to its " +
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
	for i := range t.Columns {
		col := &t.Columns[i]
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s |\n", col.Name, mdEscape(col.Period), facts(col, "none"),
			mdEscape(col.Rules.Description), ChangedKnobs(col.Rules, "`", "none"))
	}

	b.WriteString("\n## Every property under every rule set\n\n")
	b.WriteString("| property | kind |")
	for _, col := range t.Columns {
		fmt.Fprintf(&b, " `%s` |", col.Name)
	}
	b.WriteString("\n|---|---|" + strings.Repeat("---|", len(t.Columns)) + "\n")
	for _, p := range t.Props {
		fmt.Fprintf(&b, "| `%s` | %s |", p.Name, p.Kind)
		for i := range t.Columns {
			fmt.Fprintf(&b, " %s |", t.mdCell(i, p))
		}
		b.WriteString("\n")
	}

	b.WriteString("\n## What changed since 2014\n\n")
	b.WriteString("Each era against `observed`: the invariants it breaks (each linked to the run that shows " +
		"the difference) and the goals it makes hold (each linked to the run that shows it failing under " +
		"`observed`).\n")
	for _, i := range t.eraColumns() {
		col := t.Columns[i]
		d, _ := t.Delta(i)
		fmt.Fprintf(&b, "\n### `%s`: %s (%s)\n\n", col.Name, col.Period, facts(&t.Columns[i], "no facts"))
		fmt.Fprintf(&b, "%s\n\n", col.Rules.Description)
		fmt.Fprintf(&b, "- Sets: %s\n", ChangedKnobs(col.Rules, "`", "no knob"))
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
		if len(d.Vacuous) > 0 {
			list("Holds vacuously (no run reaches what it speaks of)", d.Vacuous, here)
		}
		if len(d.Undecided) > 0 {
			list("Undecided (a bound was reached here or under `observed`)", d.Undecided, here)
		}
	}

	if last >= 0 {
		col := t.Columns[last]
		fmt.Fprintf(&b, "\n## What a tenant still gets wrong today (`%s`, %s)\n\n", col.Name, col.Period)
		var wrong, unknown []*properties.Property
		for _, p := range t.Props {
			switch {
			case p.Kind != properties.Goal:
			case t.cell(last, p) == properties.Violated:
				wrong = append(wrong, p)
			case t.cell(last, p) == properties.Unknown:
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
	fmt.Fprintf(&b, "Written by `photosync eras --out` for %s: %s explored over %s; ", count.Of(t.Viewers, "viewer"),
		count.Of(t.states(), "state"), count.Of(len(t.Columns), "rule set"))
	if n := t.Unknown(); n > 0 {
		fmt.Fprintf(&b, "incomplete, a bound left %s unknown.", count.Of(n, "verdict"))
	} else {
		b.WriteString("every verdict is decided.")
	}
	fmt.Fprintf(&b, " The picture of this table is [%s](%s).\n", Picture, Picture)
	return b.String()
}
