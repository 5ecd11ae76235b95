package counterexamples

import (
	"fmt"
	"slices"
	"strings"

	"photosync/count"
	"photosync/model"
	"photosync/properties"
	"photosync/scenario"
)

// Markdown writes the report as a bug report a tenant administrator or a
// Microsoft engineer can read without knowing photosync: the title, the
// rules, numbered steps to reproduce in plain words, what is expected
// (the property and the claims and rules behind it), what happens instead,
// a timeline table (one row per step, one column per surface and viewer,
// each cell the photo that view showed, and a column of the takes of R18
// and R20 pending after each step when there are any), and the scenario
// that replays it. ⚠N marks where violation N happens.
func (r *Report) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", r.Title)
	fmt.Fprintf(&b, "A bug report written by photosync from the scenario `%s`.\n\n", r.File)
	if r.Violated() {
		v := r.Violations[0]
		fmt.Fprintf(&b, "- **What goes wrong:** %s (at %s).\n", v.Message, model.FormatDuration(v.At))
		fmt.Fprintf(&b, "- **Property:** `%s`, %s\n", v.Property.Name, kindWords(v.Property.Kind))
		if r.Picked != "" {
			fmt.Fprintf(&b, "- **Why this property:** %s\n", r.Picked)
		}
	}
	desc := ""
	if r.Rules.Description != "" {
		desc = ": " + r.Rules.Description
	}
	fmt.Fprintf(&b, "- **Rules:** `%s`%s\n", r.Rules.Name, desc)
	if len(r.Changed) == 0 {
		b.WriteString("- **Differs from `observed`:** in no knob\n")
	} else {
		b.WriteString("- **Differs from `observed`:**\n")
		for _, kv := range r.Changed {
			doc := ""
			if k, err := model.LookupKnob(kv[0]); err == nil {
				doc = " (" + k.Doc + ")"
			}
			fmt.Fprintf(&b, "  - `%s` is `%s`%s\n", kv[0], kv[1], doc)
		}
	}
	var vs []string
	for _, v := range model.Viewers(r.Viewers) {
		vs = append(vs, v.String())
	}
	fmt.Fprintf(&b, "- **Viewers:** %s\n\n", strings.Join(vs, ", "))

	b.WriteString("## Steps to reproduce\n\n")
	b.WriteString("The subject is the user whose photo changes; the observer is another user who looks at it. " +
		"v0 is the photo every service holds at the start; the first change makes v1, the second v2, and so on. " +
		"Times count from the start.\n\n")
	if len(r.Events) == 0 {
		b.WriteString("The scenario has no steps.\n")
	}
	segs := r.plan(r.maxSteps())
	for _, seg := range segs {
		if seg.folded {
			fmt.Fprintf(&b, "\n*… %s, %s …*\n\n", seg.steps(), r.foldWords(seg))
			continue
		}
		for i := seg.i; i < seg.j; i++ {
			e := &r.Events[i]
			s := e.sentence()
			if w := r.spanWords(i); w != "" {
				s += "; " + w
			}
			fmt.Fprintf(&b, "%d. At %s, %s.%s\n", i+1, model.FormatDuration(e.At), s, r.marks(i, -2))
		}
	}
	if r.Stopped != 0 {
		why := "the model cannot show what it observed"
		for _, o := range r.Failures {
			if o.Line == r.Stopped {
				why = fmt.Sprintf("`%s`, but %s", o.Check, o.Message)
			}
		}
		fmt.Fprintf(&b, "\nThe replay stops at line %d of the scenario: %s.\n", r.Stopped, why)
	}

	b.WriteString("\n## Expected\n\n")
	r.expected(&b, segs)
	b.WriteString("\n## Actual\n\n")
	r.actual(&b)
	b.WriteString("\n## Timeline\n\n")
	r.table(&b, segs)
	b.WriteString("\n## Scenario\n\n")
	text := r.Scenario
	if lines := strings.Count(text, "\n"); lines > r.maxSteps() {
		text = foldScenario(text, r.maxSteps())
		fmt.Fprintf(&b, "The scenario has %s lines, more than this page shows: below, runs of lines alike are folded into comments, "+
			"so the text does not replay it; replay the file itself with `photosync run %s`:\n\n", count.N(lines), r.File)
	} else {
		fmt.Fprintf(&b, "Replay it with `photosync run %s`:\n\n", r.File)
	}
	fence := "```"
	for strings.Contains(text, fence) {
		fence += "`"
	}
	fmt.Fprintf(&b, "%s\n%s%s\n", fence, text, fence)
	return b.String()
}

// foldScenario folds a scenario's text to at most limit lines shown: runs
// of lines of one shape (shape: other instants, other photos) as their
// first and last with a comment between that counts the rest, and, if
// that shows too many still, every line between the first and the last
// ones shown in one comment.
func foldScenario(text string, limit int) string {
	lines := strings.SplitAfter(strings.TrimSuffix(text, "\n"), "\n")
	keys := make([]string, len(lines))
	for i, l := range lines {
		keys[i] = strings.TrimSuffix(strings.TrimPrefix(shape(l), "at T "), "\n")
	}
	var b strings.Builder
	for _, s := range capPlan(foldPlan(keys, nil), len(lines), limit, nil) {
		if !s.folded {
			for _, l := range lines[s.i:s.j] {
				b.WriteString(strings.TrimSuffix(l, "\n") + "\n")
			}
			continue
		}
		what, _ := leftOut(keys[s.i:s.j], nil, 0)
		fmt.Fprintf(&b, "# … %s left out here (%s) …\n", count.Of(s.j-s.i, "line"), what)
	}
	return b.String()
}

func kindWords(k properties.Kind) string {
	if k == properties.Goal {
		return "a goal: what users would wish, which the service as the field report observed it does not do"
	}
	return "an invariant: how the field report observed the service to behave"
}

// marks returns " ⚠N" for each violation at event i: in column col, or
// with col -1 at the instant, or with col -2 anywhere in the event.
func (r *Report) marks(i, col int) string {
	var s string
	for n, v := range r.Violations {
		if v.Event == i && (col == -2 || v.Column == col) {
			s += fmt.Sprintf(" ⚠%d", n+1)
		}
	}
	return s
}

func (r *Report) expected(b *strings.Builder, segs []segment) {
	if !r.Violated() {
		var any bool
		head := func() {
			if !any {
				b.WriteString("What the scenario says each view shows:\n\n")
				any = true
			}
		}
		for _, seg := range segs {
			if seg.folded {
				n := 0
				for i := seg.i; i < seg.j; i++ {
					if r.Events[i].Check != scenario.NoCheck {
						n++
					}
				}
				if n > 0 {
					head()
					fmt.Fprintf(b, "- %s: %s, left out here.\n", upper(seg.steps()), count.Of(n, "checked view"))
				}
				continue
			}
			for i := seg.i; i < seg.j; i++ {
				e := &r.Events[i]
				if e.Check == scenario.NoCheck {
					continue
				}
				head()
				c := r.Columns[e.Column]
				sees := "sees " + photos(e.Wanted)
				if len(e.Wanted) > 1 {
					sees = "may see " + photos(e.Wanted) + " (" + e.why() + ")"
				}
				fmt.Fprintf(b, "- Step %d, at %s: %s %s %s.\n", i+1, model.FormatDuration(e.At), Person(c.Viewer),
					sees, surfaceWords[c.Surface].Where)
			}
		}
		if !any {
			b.WriteString("The scenario checks no view.\n")
		}
		return
	}
	p := r.Violations[0].Property
	_, body, _ := strings.Cut(p.Doc, "\n")
	fmt.Fprintf(b, "%s\n\n", strings.TrimSpace(body))
	support, otherwise := citations(p)
	cite := func(srcs []string) {
		for _, src := range srcs {
			text := claims[src]
			if text == "" {
				text = rules[src]
			}
			fmt.Fprintf(b, "- %s: %s\n", src, text)
		}
	}
	if len(support) > 0 {
		fmt.Fprintf(b, "This rests on %s:\n\n", restsOn(support))
		cite(support)
	}
	if len(otherwise) > 0 {
		if len(support) > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(b, "It is a goal, what users would wish: %s say the service does otherwise:\n\n", restsOn(otherwise))
		cite(otherwise)
	}
}

// citations splits the sources a property cites into those that support
// what it expects and those that say the service does otherwise (a
// goal's, from the table against), each in the property's order.
func citations(p *properties.Property) (support, otherwise []string) {
	for _, src := range p.Sources {
		if slices.Contains(against[p.Name], src) {
			otherwise = append(otherwise, src)
		} else {
			support = append(support, src)
		}
	}
	return support, otherwise
}

// restsOn names the kinds of sources a property cites: the field
// report's claims (C), Microsoft's documents since (E), the model's rules
// (R).
func restsOn(sources []string) string {
	var kinds []string
	for _, k := range []struct{ prefix, words string }{
		{"C", "the field report's claims"}, {"E", "Microsoft's documents since the report"}, {"R", "the model's rules"}} {
		if slices.ContainsFunc(sources, func(s string) bool { return strings.HasPrefix(s, k.prefix) }) {
			kinds = append(kinds, k.words)
		}
	}
	return List(kinds, "and")
}

// spanWords says which of the report's Spans event i begins or ends: "from
// now on SharePoint may take v1 from Exchange by itself (the Graph photo
// service) at any instant, by 24h at the latest (24h after it began to
// lack Exchange's photo, at 0s)"; "" when none.
func (r *Report) spanWords(i int) string {
	var parts []string
	for _, take := range []model.ActionKind{model.TakeSharePoint, model.TakeYammer} {
		var opened []*Span
		var gone []string // the photos of the spans that close at i
		for k := range r.Spans {
			sp := &r.Spans[k]
			switch {
			case sp.Take != take:
			case sp.Open == i:
				opened = append(opened, sp)
			case sp.Close == i:
				gone = append(gone, sp.Photo.String())
			}
		}
		for _, sp := range opened {
			parts = append(parts, r.opens(sp, gone))
		}
		if len(opened) == 0 && len(gone) > 0 {
			parts = append(parts, fmt.Sprintf("from now on %s holds Exchange's photo in every possible run, so no take is pending",
				storeWords(takeStore(take))))
		}
	}
	return strings.Join(parts, "; ")
}

// opens says that span sp begins, in place of the spans of photos gone.
func (r *Report) opens(sp *Span, gone []string) string {
	instead := ""
	if len(gone) > 0 {
		instead = " instead of " + List(gone, "or")
	}
	what := fmt.Sprintf("SharePoint may take %s%s from Exchange by itself (the Graph photo service)", sp.Photo, instead)
	delay, since := r.Rules.MaxDelay, "it began to lack Exchange's photo"
	if sp.Take == model.TakeYammer {
		what = fmt.Sprintf("Yammer may take %s%s from Exchange", sp.Photo, instead)
		delay, since = r.Rules.YammerDelay, "the subject opened it"
	}
	by := fmt.Sprintf("by %s at the latest", durations(sp.By, "or"))
	if len(sp.By) > 1 {
		by += ", depending on the run"
	}
	return fmt.Sprintf("from now on %s at any instant, %s (%s after %s, at %s)", what, by,
		model.FormatDuration(delay), since, durations(sp.Began, "or"))
}

// spanCell says, for the timeline table, which takes are pending after
// event i: "SharePoint may take v1 from now on (by 24h)".
func (r *Report) spanCell(i int) string {
	var parts []string
	closed := map[model.ActionKind]bool{}
	open := map[model.ActionKind]bool{}
	for k := range r.Spans {
		sp := &r.Spans[k]
		switch {
		case sp.Open == i:
			open[sp.Take] = true
			parts = append(parts, fmt.Sprintf("%s may take %s from now on (by %s)", storeWords(sp.Store()), sp.Photo, durations(sp.By, "or")))
		case sp.Open < i && i < sp.Close:
			open[sp.Take] = true
			parts = append(parts, fmt.Sprintf("%s may take %s (by %s)", storeWords(sp.Store()), sp.Photo, durations(sp.By, "or")))
		case sp.Close == i:
			closed[sp.Take] = true
		}
	}
	for _, take := range []model.ActionKind{model.TakeSharePoint, model.TakeYammer} {
		if closed[take] && !open[take] {
			parts = append(parts, storeWords(takeStore(take))+" holds Exchange's photo: no take pending")
		}
	}
	return strings.Join(parts, "; ")
}

func (r *Report) actual(b *strings.Builder) {
	if !r.Violated() {
		fmt.Fprintf(b, "No property of the catalog is violated (%d checked).", len(properties.Catalog()))
		if len(r.Failures) == 0 {
			b.WriteString(" ")
		} else {
			b.WriteString("\n")
		}
	}
	for n, v := range r.Violations {
		if n == 1 {
			b.WriteString("\nThe same steps also violate:\n\n")
		}
		where := fmt.Sprintf("at %s, in step %d", model.FormatDuration(v.At), v.Event+1)
		how := "This happens in every possible run of these steps."
		if v.Runs < v.Of {
			how = fmt.Sprintf("This happens in %s of the %s possible runs of these steps (views may show a cached or a fresh photo).", count.N(v.Runs), count.N(v.Of))
		}
		if n == 0 {
			fmt.Fprintf(b, "⚠1 %s: %s. %s\n", upper(where), v.Message, how)
			continue
		}
		fmt.Fprintf(b, "- ⚠%d **%s** (`%s`, %s): %s: %s. %s\n", n+1, v.Property.Title(), v.Property.Name,
			v.Property.Kind, where, v.Message, how)
	}
	if len(r.Failures) > 0 {
		b.WriteString("\nThe scenario's own lines do not all hold under these rules:\n\n")
		for _, o := range r.Failures[:min(len(r.Failures), maxFailuresListed)] {
			fmt.Fprintf(b, "- line %d, `%s`: %s\n", o.Line, o.Check, o.Message)
		}
		if n := len(r.Failures) - maxFailuresListed; n > 0 {
			fmt.Fprintf(b, "- … and %s more (`photosync run %s` lists them all)\n", count.Of(n, "line"), r.File)
		}
	} else if r.Violated() {
		b.WriteString("\nEvery line of the scenario holds under these rules.\n")
	} else {
		b.WriteString("Every line of the scenario holds under these rules.\n")
	}
}

// maxFailuresListed is how many of the scenario's lines that do not hold
// a report lists; it counts the others.
const maxFailuresListed = 50

func upper(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func (r *Report) table(b *strings.Builder, segs []segment) {
	b.WriteString("| step | time | action |")
	for _, c := range r.Columns {
		fmt.Fprintf(b, " %s |", c.Label())
	}
	if len(r.Spans) > 0 {
		b.WriteString(" pending take |")
	}
	b.WriteString("\n|---:|---|---|")
	for range r.Columns {
		b.WriteString("---|")
	}
	if len(r.Spans) > 0 {
		b.WriteString("---|")
	}
	b.WriteString("\n")
	for _, seg := range segs {
		if seg.folded {
			fmt.Fprintf(b, "| %s–%s | %s – %s | … %s … |%s", count.N(seg.i+1), count.N(seg.j),
				model.FormatDuration(r.Events[seg.i].At), model.FormatDuration(r.Events[seg.j-1].At), r.foldWords(seg),
				strings.Repeat(" |", len(r.Columns)))
			if len(r.Spans) > 0 {
				b.WriteString(" |")
			}
			b.WriteString("\n")
			continue
		}
		for i := seg.i; i < seg.j; i++ {
			e := &r.Events[i]
			fmt.Fprintf(b, "| %d | %s%s | `%s` |", i+1, model.FormatDuration(e.At), r.marks(i, -1), e.step())
			for k := range r.Columns {
				cell := ""
				if e.Column == k {
					cell = "**" + e.cell() + "**"
				}
				fmt.Fprintf(b, " %s%s |", cell, r.marks(i, k))
			}
			if len(r.Spans) > 0 {
				fmt.Fprintf(b, " %s |", r.spanCell(i))
			}
			b.WriteString("\n")
		}
	}
	if r.Violated() {
		b.WriteString("\n")
		for n, v := range r.Violations {
			view := v.Column >= 0 && v.Event >= 0 && v.Event < len(r.Events) && r.Events[v.Event].Column == v.Column
			switch {
			case view:
				fmt.Fprintf(b, "⚠%d marks the view that violates `%s`", n+1, v.Property.Name)
			case v.Column >= 0: // a store's photo, on the row of a surface that shows it
				fmt.Fprintf(b, "⚠%d marks the step or instant at which `%s` is violated, in the column of %s, which shows that photo",
					n+1, v.Property.Name, r.Columns[v.Column].Label())
			default:
				fmt.Fprintf(b, "⚠%d marks the step or instant at which `%s` is violated", n+1, v.Property.Name)
			}
			b.WriteString(".")
			if n < len(r.Violations)-1 {
				b.WriteString(" ")
			}
		}
		b.WriteString("\n")
	}
}
