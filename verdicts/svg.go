package verdicts

import (
	"fmt"
	"strings"

	"photosync/count"
	"photosync/counterexamples"
	"photosync/properties"
)

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
	properties.Holds:          {"#D2EAF8", "#000000"},
	properties.HoldsVacuously: {"#F0E442", "#000000"},
	properties.Violated:       {"#D55E00", "#FFFFFF"},
	properties.Unknown:        {"#A0A0A0", "#000000"},
}

// mxLegend says what each cell colour means.
var mxLegend = []struct {
	c    properties.Verdict
	text string
}{
	{properties.Holds, "holds: no run breaks it"},
	{properties.HoldsVacuously, "holds vacuously: no run reaches what it speaks of"},
	{properties.Violated, "violated: some run does (click for the report)"},
	{properties.Unknown, "unknown: a bound was reached first"},
}

// mxKinds says what the two kinds of property mean here.
const mxKinds = "invariants hold under observed (an era that breaks one changed since 2014); goals are what users wish (violated under observed)"

// SVG is the picture eras.svg: the table as a matrix, a row per property,
// a column per rule set headed by its name, period and facts, each cell
// coloured by its verdict, a violated one linked to its report, with a
// legend. It is a self-contained SVG 1.1 document.
func (t *Table) SVG() string {
	const title = "What changed since 2014: every property under every rule set"
	subtitle := fmt.Sprintf("%s; a violated cell links to its counterexample report", count.Of(t.Viewers, "viewer"))

	labelW := 0
	for _, p := range t.Props {
		labelW = max(labelW, counterexamples.TextWidth(p.Name, 12))
	}
	labelW += 12
	kindW := counterexamples.TextWidth("invariant", 10) + 12
	periods := make([][]string, len(t.Columns))
	colW := make([]int, len(t.Columns))
	headLines := 0
	for i, col := range t.Columns {
		periods[i] = counterexamples.Wrap(col.Period, mxPeriodLen)
		headLines = max(headLines, len(periods[i]))
		w := max(counterexamples.TextWidth(col.Name, 12), t.widestVerdict(i), counterexamples.TextWidth(facts(&t.Columns[i], ""), 10))
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
	legendTop := rowsTop + len(t.Props)*mxRow + 20
	height := legendTop + 3*22 + mxPad

	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" width="%d" height="%d" viewBox="0 0 %d %d" font-family="%s">`+"\n",
		width, height, width, height, mxFont)
	fmt.Fprintf(&b, "<title>%s</title>\n", counterexamples.EscapeXML(title))
	fmt.Fprintf(&b, `<rect x="0" y="0" width="%d" height="%d" fill="#FFFFFF"/>`+"\n", width, height)
	fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="16" font-weight="bold" fill="#111111">%s</text>`+"\n", mxPad, 28, counterexamples.EscapeXML(title))
	fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="12" fill="#444444">%s</text>`+"\n", mxPad, 48, counterexamples.EscapeXML(subtitle))

	// Column heads: name, period, facts.
	x := gridLeft
	for i, col := range t.Columns {
		cx := x + colW[i]/2
		fmt.Fprintf(&b, `<g id="head-%s">`+"\n", col.Name)
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="12" font-weight="bold" text-anchor="middle" fill="#111111">%s</text>`+"\n",
			cx, headTop+12, counterexamples.EscapeXML(col.Name))
		y := headTop + 12 + mxLine
		for _, line := range periods[i] {
			fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="10" text-anchor="middle" fill="#444444">%s</text>`+"\n", cx, y, counterexamples.EscapeXML(line))
			y += mxLine
		}
		if f := facts(&t.Columns[i], ""); f != "" {
			fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="10" font-style="italic" text-anchor="middle" fill="#666666">%s</text>`+"\n",
				cx, headTop+12+mxLine*(headLines+1), counterexamples.EscapeXML(f))
		}
		b.WriteString("</g>\n")
		x += colW[i]
	}

	// Rows: a band on every other row, the name, the kind, the cells.
	for k, p := range t.Props {
		y := rowsTop + k*mxRow
		fmt.Fprintf(&b, `<g id="row-%s">`+"\n", p.Name)
		if k%2 == 0 {
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" fill="#F3F3F3"/>`+"\n", mxPad, y, width-2*mxPad, mxRow)
		}
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="12" fill="#111111">%s</text>`+"\n", mxPad+4, y+16, counterexamples.EscapeXML(p.Name))
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="10" fill="#555555">%s</text>`+"\n", mxPad+labelW, y+16, counterexamples.EscapeXML(p.Kind.String()))
		x := gridLeft
		for i, col := range t.Columns {
			c := t.cell(i, p)
			colour := cellColours[c]
			stroke := ""
			if t.differs(i, p) {
				stroke = ` stroke="#111111" stroke-width="2"`
			}
			tip := fmt.Sprintf("%s under %s: %s", p.Name, col.Name, c)
			if t.differs(i, p) {
				tip += fmt.Sprintf(" (under observed: %s)", t.cell(0, p))
			}
			link := t.example(i, p) != nil
			if link {
				fmt.Fprintf(&b, `<a id="cell-%s-%s" xlink:href="%s" href="%s">`, col.Name, p.Name,
					counterexamples.EscapeXML(t.link(i, p)), counterexamples.EscapeXML(t.link(i, p)))
				tip += ": the counterexample report is " + t.link(i, p)
			} else {
				fmt.Fprintf(&b, `<g id="cell-%s-%s">`, col.Name, p.Name)
			}
			fmt.Fprintf(&b, "<title>%s</title>", counterexamples.EscapeXML(tip))
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" rx="3" fill="%s"%s/>`, x+3, y+3, colW[i]-6, mxRow-6, colour.fill, stroke)
			decor := ""
			if link {
				decor = ` text-decoration="underline"`
			}
			fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="11" text-anchor="middle" fill="%s"%s>%s</text>`,
				x+colW[i]/2, y+16, colour.ink, decor, counterexamples.EscapeXML(c.String()))
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
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="11" fill="#111111">%s</text>`+"\n", x+mxSwatch*2+5, y+11, counterexamples.EscapeXML(item.text))
		x += mxSwatch*2 + 5 + counterexamples.TextWidth(item.text, 11) + 16
	}
	y += 22
	fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" fill="#FFFFFF" stroke="#111111" stroke-width="2"/>`+"\n", mxPad+56, y, mxSwatch*2, mxSwatch)
	fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="11" fill="#111111">%s</text>`+"\n", mxPad+56+mxSwatch*2+5, y+11,
		counterexamples.EscapeXML("outlined: the verdict differs from the one under observed"))
	y += 22
	fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="11" fill="#111111">%s</text>`+"\n", mxPad+56, y+11, counterexamples.EscapeXML(mxKinds))
	b.WriteString("</g>\n")
	b.WriteString("</svg>\n")
	return b.String()
}

// widestVerdict is the width of the widest verdict in column i, at least
// that of violated.
func (t *Table) widestVerdict(i int) int {
	w := counterexamples.TextWidth(properties.Violated.String(), 11)
	for k := range t.Props {
		w = max(w, counterexamples.TextWidth(t.Verdict(i, k).Verdict.String(), 11))
	}
	return w
}
