package counterexamples

import (
	"encoding/xml"
	"fmt"
	"slices"
	"strings"

	"photosync/count"
	"photosync/model"
)

// Palette is the fixed colour of each photo in the picture: vk takes
// Palette[k mod len(Palette)]. The colours are Okabe and Ito's, which stay
// apart for colour-blind readers, and two darker ones.
var Palette = []string{"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#F0E442", "#7F3C8D", "#8C564B"}

// NoneColour is the colour of "none", a surface showing no photo.
const NoneColour = "#9E9E9E"

// violationColour outlines what violates a property; no photo has it.
const violationColour = "#D00000"

// PhotoColour returns the colour the picture gives photo p.
func PhotoColour(p model.Photo) string {
	if p == model.NoPhoto {
		return NoneColour
	}
	return Palette[p.ID()%len(Palette)]
}

// The picture's geometry, in pixels.
const (
	svgPad       = 16
	laneHeight   = 34
	laneGap      = 6
	cellInset    = 3  // between a cell and its column's edges
	sameTimeGap  = 4  // between columns at one instant
	timeGap      = 24 // between columns at different instants: the axis breaks there
	minColumn    = 64
	actionLine   = 14 // the action labels' line height
	fontFamily   = "DejaVu Sans, Verdana, Arial, Helvetica, sans-serif"
	minSVGWidth  = 640
	legendSwatch = 14
	bandLine     = 14 // a band label's line height
	bandBar      = 12 // the height of a band across no row
)

// bandColour is the colour of the bands of pending takes: a translucent
// tint with a dashed outline, unlike any photo's solid or pale cell.
const bandColour = "#3F3F8F"

// SVG draws the report's timeline as a self-contained SVG 1.1 picture: one
// row per surface and viewer the scenario views, one column per event
// (columns are evenly spaced, not proportional to time, and labelled with
// their real times; the time axis breaks between instants), the actions
// above the columns, each photo in its own colour from Palette, with a
// legend. A cell a view looked at is solid and names the photo; the other
// cells are pale and show what that surface would have shown then. What
// violates a property is outlined in red with a numbered badge, listed
// under the legend. Each of the report's Spans is a translucent band
// across the rows of its store (drawBands).
func (r *Report) SVG() string {
	l := r.layout()
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="%d" height="%d" viewBox="0 0 %d %d" font-family="%s">`+"\n",
		l.width, l.height, l.width, l.height, fontFamily)
	fmt.Fprintf(&b, "<title>%s</title>\n", EscapeXML(r.Title))
	fmt.Fprintf(&b, `<rect x="0" y="0" width="%d" height="%d" fill="#FFFFFF"/>`+"\n", l.width, l.height)

	// Title and rules.
	fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="16" font-weight="bold" fill="#111111">%s</text>`+"\n", svgPad, 28, EscapeXML(r.Title))
	for i, line := range l.subtitle {
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="12" fill="#444444">%s</text>`+"\n", svgPad, 48+16*i, EscapeXML(line))
	}

	// Lanes: a band, a label, and a cell per event.
	for k, c := range r.Columns {
		y := l.laneY(k)
		fmt.Fprintf(&b, `<g id="lane-%s-%s">`+"\n", c.Surface, c.Viewer)
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" fill="#F3F3F3"/>`+"\n", svgPad, y, l.right-svgPad, laneHeight)
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="12" text-anchor="end" fill="#111111">%s</text>`+"\n",
			l.left-10, y+15, EscapeXML(SurfaceLabel(c.Surface)))
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="10" text-anchor="end" fill="#555555">%s</text>`+"\n",
			l.left-10, y+28, EscapeXML("seen by "+c.Viewer.String()))
		for i := range r.Events {
			e := &r.Events[i]
			if !l.shown[i] {
				continue
			}
			if e.Column == k {
				r.cell(&b, l.x[i], y, l.w[i], e.Shown, true)
			} else if len(e.Could) > k {
				r.cell(&b, l.x[i], y, l.w[i], e.Could[k], false)
			}
		}
		b.WriteString("</g>\n")
	}
	r.drawFolds(&b, l)
	r.drawBands(&b, l)

	// Actions above the columns, with the step numbers of the Markdown.
	for i := range r.Events {
		if !l.shown[i] {
			continue
		}
		cx := l.x[i] + l.w[i]/2
		fmt.Fprintf(&b, `<g id="step-%d">`+"\n", i+1)
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="10" text-anchor="middle" fill="#777777">%d</text>`+"\n", cx, l.actionTop+10, i+1)
		main, notes := r.Events[i].labels()
		y := l.actionTop + 10 + actionLine
		for _, line := range main {
			fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="11" text-anchor="middle" fill="#111111">%s</text>`+"\n", cx, y, EscapeXML(line))
			y += actionLine
		}
		for _, line := range notes {
			fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="11" font-style="italic" text-anchor="middle" fill="#555555">%s</text>`+"\n", cx, y, EscapeXML(line))
			y += actionLine
		}
		b.WriteString("</g>\n")
	}

	r.axis(&b, l)
	r.drawViolations(&b, l)
	r.legend(&b, l)
	b.WriteString("</svg>\n")
	return b.String()
}

// svgLayout is where everything goes.
type svgLayout struct {
	width, height int
	subtitle      []string
	left, right   int   // the columns' first and last x
	x, w          []int // each event's column
	actionTop     int   // the top of the action labels
	lanesTop      int
	axisY         int
	legendY       int
	violations    [][]string  // each violation's text: a heading, then the message wrapped
	failures      []string    // the scenario's lines that do not hold, wrapped
	groups        []bandGroup // the rows the bands are drawn across, in row order
	bands         []bandPlace // where each of the report's Spans is drawn
	shown         []bool      // whether each event has a column of its own: not folded
	folds         []foldPlace // the columns of the folded stretches of events
}

// foldPlace is the column of a folded stretch of events: every event in it
// has the column's x and w.
type foldPlace struct {
	seg    segment
	x, w   int
	labels []string // what it left out, a line each
}

// foldLabels are the lines that say what a fold of the picture left out:
// how many events, which, how often.
func (r *Report) foldLabels(seg segment) []string {
	what, every, _, _ := r.leftOutOf(seg)
	lines := []string{"… " + count.Of(seg.j-seg.i, "event") + " …", seg.steps()}
	kinds := strings.Split(what, ", ")
	if len(kinds) > 3 {
		kinds = append(kinds[:2], fmt.Sprintf("and %d more kinds", len(kinds)-2))
	}
	lines = append(lines, kinds...)
	if every != "" {
		lines = append(lines, strings.TrimPrefix(every, ", "))
	}
	return lines
}

// drawFolds draws each folded stretch of events as a dashed column across
// the rows, what it left out written above it.
func (r *Report) drawFolds(b *strings.Builder, l *svgLayout) {
	for n, f := range l.folds {
		fmt.Fprintf(b, `<g id="fold-%d" class="fold">`+"\n", n+1)
		top, bottom := l.actionTop+10, l.lanesBottom(len(r.Columns))
		fmt.Fprintf(b, `<rect x="%d" y="%d" width="%d" height="%d" rx="3" fill="#FAFAFA" stroke="%s" stroke-width="1" stroke-dasharray="4 3"/>`+"\n",
			f.x+1, top-10, f.w-2, bottom-top+10, NoneColour)
		cx, y := f.x+f.w/2, top+actionLine
		for k, line := range f.labels {
			style := ""
			if k > 0 {
				style = ` font-style="italic"`
			}
			fmt.Fprintf(b, `<text x="%d" y="%d" font-size="11"%s text-anchor="middle" fill="#555555">%s</text>`+"\n", cx, y, style, EscapeXML(line))
			y += actionLine
		}
		b.WriteString("</g>\n")
	}
}

// bandGroup is the rows that show one store, across which the bands of
// its takes are drawn, and the strip above them that holds the bands'
// labels.
type bandGroup struct {
	store       model.Store
	first, last int // the rows that show the store; -1 when none does: the bands are then a bar under their labels
	at          int // the row the strip goes above; len(Columns): under the last
	lines       int // how many lines of labels the strip holds
}

// height is how tall the group's strip is.
func (g *bandGroup) height() int {
	h := g.lines*bandLine + 4
	if g.first < 0 {
		h += bandBar + laneGap
	}
	return h
}

// bandPlace is where one Span is drawn: its group, the line of its label
// in the group's strip, and the band's left and right.
type bandPlace struct {
	group, line int
	x0, x1      int
	hidden      bool // it begins and ends within one fold: not drawn
}

// laneY is the top of row k (of the row that would be k, for k past the
// last): the rows above it and the strips above it or them.
func (l *svgLayout) laneY(k int) int {
	y := l.lanesTop + k*(laneHeight+laneGap)
	for i := range l.groups {
		if l.groups[i].at <= k {
			y += l.groups[i].height()
		}
	}
	return y
}

// stripTop is the top of group i's strip.
func (l *svgLayout) stripTop(i int) int {
	y := l.laneY(l.groups[i].at)
	for j := i; j < len(l.groups); j++ {
		if l.groups[j].at == l.groups[i].at {
			y -= l.groups[j].height()
		}
	}
	return y
}

func (l *svgLayout) lanesBottom(n int) int {
	for i := range l.groups {
		if l.groups[i].at == n {
			return l.laneY(n) // a strip under the last row
		}
	}
	if n == 0 {
		return l.lanesTop
	}
	return l.laneY(n-1) + laneHeight
}

func (r *Report) layout() *svgLayout {
	l := &svgLayout{}
	rules := "Rules: " + r.Rules.Name
	if len(r.Changed) > 0 {
		var kv []string
		for _, c := range r.Changed {
			kv = append(kv, c[0]+" "+c[1])
		}
		rules += ", with " + strings.Join(kv, ", ")
	}
	l.subtitle = []string{rules, "Scenario: " + r.Name + ".scenario. Time runs left to right; columns are steps, not to scale."}

	labelW := 120
	for _, c := range r.Columns {
		labelW = max(labelW, TextWidth(SurfaceLabel(c.Surface), 12), TextWidth("seen by "+c.Viewer.String(), 10))
	}
	l.left = svgPad + labelW + 20
	x := l.left
	lines := 1
	l.x, l.w, l.shown = make([]int, len(r.Events)), make([]int, len(r.Events)), make([]bool, len(r.Events))
	for _, seg := range r.plan(r.pictureLimit()) {
		if seg.folded {
			if seg.i > 0 {
				x += timeGap
			}
			f := foldPlace{seg: seg, x: x, w: minColumn, labels: r.foldLabels(seg)}
			f.w = max(f.w, TextWidth(model.FormatDuration(r.Events[seg.i].At)+" – "+model.FormatDuration(r.Events[seg.j-1].At), 11)+12)
			for _, s := range f.labels {
				f.w = max(f.w, TextWidth(s, 11)+12)
			}
			for i := seg.i; i < seg.j; i++ {
				l.x[i], l.w[i] = f.x, f.w
			}
			l.folds = append(l.folds, f)
			lines = max(lines, len(f.labels))
			x += f.w
			continue
		}
		for i := seg.i; i < seg.j; i++ {
			e := &r.Events[i]
			if i > 0 {
				if e.At == r.Events[i-1].At && i > seg.i {
					x += sameTimeGap
				} else {
					x += timeGap
				}
			}
			w := max(minColumn, TextWidth(model.FormatDuration(e.At), 11)+12)
			main, notes := e.labels()
			for _, s := range slices.Concat(main, notes) {
				w = max(w, TextWidth(s, 11)+12)
			}
			w = max(w, 2*cellInset+26*min(len(e.Shown), maxCellPhotos)) // room for each photo's name in a split cell
			for _, ps := range e.Could {
				w = max(w, 2*cellInset+26*min(len(ps), maxCellPhotos))
			}
			lines = max(lines, len(main)+len(notes))
			l.x[i], l.w[i], l.shown[i] = x, w, true
			x += w
		}
	}
	l.right = max(x, l.left+minColumn)
	l.actionTop = 48 + 16*len(l.subtitle) + 20 // room above the step numbers for the violations' badges
	l.lanesTop = l.actionTop + 10 + lines*actionLine + 10
	labelsEnd := r.placeBands(l)
	l.axisY = l.lanesBottom(len(r.Columns)) + 10
	l.legendY = l.axisY + 44
	// Bold text is about a tenth wider.
	l.width = max(minSVGWidth, l.right+svgPad, labelsEnd+svgPad, svgPad+TextWidth(r.Title, 16)*11/10+svgPad, l.legendWidth(r)+svgPad)
	for _, s := range l.subtitle {
		l.width = max(l.width, svgPad+TextWidth(s, 12)+svgPad)
	}
	heads := make([]string, len(r.Violations))
	for n, v := range r.Violations {
		heads[n] = fmt.Sprintf("%s (%s), at %s, step %d:", v.Property.Name, v.Property.Kind, model.FormatDuration(v.At), v.Event+1)
		l.width = max(l.width, svgPad+26+TextWidth(heads[n], 11)*11/10+svgPad)
	}

	// The violations and the failed lines are wrapped to the width.
	chars := (l.width - 2*svgPad - 30) * 10 / 66 // characters of 11 px a line, about
	for n, v := range r.Violations {
		l.violations = append(l.violations, append([]string{heads[n]}, Wrap(v.Message+". "+r.ruledOut(n), chars)...))
	}
	for _, o := range r.Failures[:min(len(r.Failures), maxFailuresListed)] {
		l.failures = append(l.failures, Wrap(fmt.Sprintf("Line %d, %s: %s.", o.Line, o.Check, o.Message), chars)...)
	}
	if n := len(r.Failures) - maxFailuresListed; n > 0 {
		l.failures = append(l.failures, fmt.Sprintf("… and %s more (photosync run %s lists them all).", count.Of(n, "line"), r.File))
	}
	y := l.legendY + 2*22
	if len(r.Spans) > 0 {
		y += 22 // the key to the bands
	}
	for _, v := range l.violations {
		y += 8 + len(v)*15
	}
	if len(l.failures) > 0 {
		y += 8 + (1+len(l.failures))*15
	}
	l.height = y + svgPad
	return l
}

// placeBands lays out the bands of the report's Spans: a group of rows
// per store whose takes are pending (the rows that show it, as
// model.RouteOf routes their surfaces; with none, a bar where they would
// be), with a strip of labels above it, each label on the first line
// where it overlaps no other. It returns the right end of the labels.
func (r *Report) placeBands(l *svgLayout) int {
	right := 0
	if len(r.Spans) == 0 {
		return right
	}
	group := map[model.Store]int{}
	for n := range r.Spans {
		st := r.Spans[n].Store()
		if _, ok := group[st]; ok {
			continue
		}
		g := bandGroup{store: st, first: -1, last: -1}
		anchor := model.Surface(0) // the last surface that can show the store
		for _, s := range model.Surfaces() {
			if model.RouteOf(&r.Rules, s).Store == st {
				anchor = s
			}
		}
		g.at = len(r.Columns)
		for k, c := range r.Columns {
			if model.RouteOf(&r.Rules, c.Surface).Store == st {
				if g.first < 0 {
					g.first = k
				}
				g.last = k
			}
			if c.Surface > anchor && g.at == len(r.Columns) {
				g.at = k
			}
		}
		if g.first >= 0 {
			g.at = g.first
		}
		group[st] = len(l.groups)
		l.groups = append(l.groups, g)
	}
	order := make([]int, len(l.groups)) // old index to new, in row order
	sorted := slices.Clone(l.groups)
	slices.SortStableFunc(sorted, func(a, b bandGroup) int { return a.at - b.at })
	for i, g := range l.groups {
		order[i] = slices.IndexFunc(sorted, func(h bandGroup) bool { return h.store == g.store })
	}
	l.groups = sorted
	ends := make([][]int, len(l.groups)) // each group's lines: where their last label ends
	for n := range r.Spans {
		sp := &r.Spans[n]
		p := bandPlace{group: order[group[sp.Store()]], x0: l.x[sp.Open] + l.w[sp.Open] + 1, x1: l.right + 2}
		if sp.Close < len(r.Events) {
			p.x1 = l.x[sp.Close] + l.w[sp.Close] - 1
			if !l.shown[sp.Open] && !l.shown[sp.Close] && l.x[sp.Open] == l.x[sp.Close] {
				p.hidden = true
				l.bands = append(l.bands, p)
				continue
			}
		}
		end := p.x0 + 5 + TextWidth(sp.Label(), 10)
		lines := ends[p.group]
		p.line = slices.IndexFunc(lines, func(e int) bool { return e+12 <= p.x0 })
		if p.line < 0 {
			p.line = len(lines)
			lines = append(lines, 0)
		}
		lines[p.line] = end
		ends[p.group] = lines
		l.groups[p.group].lines = len(lines)
		l.bands = append(l.bands, p)
		right = max(right, end)
	}
	return right
}

// drawBands draws each of the report's Spans as a translucent band across
// the rows of its store, labelled at its top: "SharePoint may take v1
// anywhere in here (by 24h)". It begins right after the column of the
// event after which the take is first pending, and ends with the column
// of the first event after which it no longer is: the take may happen at
// that event's instant, before it (a deadline's firing, an edit-cancel,
// the change after which a take would take another photo). So a span
// that follows another one of the same store begins where it ends.
func (r *Report) drawBands(b *strings.Builder, l *svgLayout) {
	for n := range r.Spans {
		p := l.bands[n]
		if p.hidden {
			continue
		}
		g := &l.groups[p.group]
		top := l.stripTop(p.group) + p.line*bandLine
		bottom := l.stripTop(p.group) + g.height() - laneGap
		if g.first >= 0 {
			bottom = l.laneY(g.last) + laneHeight + 2
		}
		fmt.Fprintf(b, `<g id="span-%d" class="take-span">`+"\n", n+1)
		fmt.Fprintf(b, `<rect x="%d" y="%d" width="%d" height="%d" rx="4" fill="%s" fill-opacity="0.13" stroke="%s" stroke-width="1.2" stroke-dasharray="5 3"/>`+"\n",
			p.x0, top, max(p.x1-p.x0, 4), bottom-top, bandColour, bandColour)
		fmt.Fprintf(b, `<text x="%d" y="%d" font-size="10" font-style="italic" fill="%s">%s</text>`+"\n",
			p.x0+5, top+11, bandColour, EscapeXML(r.Spans[n].Label()))
		b.WriteString("</g>\n")
	}
}

// ruledOut says how many runs violate violation n.
func (r *Report) ruledOut(n int) string {
	v := r.Violations[n]
	if v.Runs == v.Of {
		return "In every possible run."
	}
	return fmt.Sprintf("In %s of %s possible runs.", count.N(v.Runs), count.N(v.Of))
}

// labels returns the lines that name an event above its column: the
// action, then what the model did (imports, DirSync copies).
func (e *Event) labels() (main, notes []string) {
	a := e.Action
	switch a.Kind {
	case 0:
		main = []string{"wait"}
	case model.Tick:
		main = []string{"by itself"}
	case model.Change:
		main = []string{"change", a.Source.String(), "makes " + e.Made.String()}
	case model.RestartOutlook, model.ClearBrowserCache, model.RestartTeams:
		main = []string{a.Kind.String(), a.Viewer.String()}
	case model.View:
		main = []string{"view"}
	default:
		main = []string{a.String()}
	}
	for _, n := range e.notes {
		// "SharePoint imports v1" reads better on two lines, broken at
		// the space nearest the middle.
		if cut := middleSpace(n); cut > 0 && TextWidth(n, 11) > 110 {
			notes = append(notes, n[:cut], n[cut+1:])
		} else {
			notes = append(notes, n)
		}
	}
	return main, notes
}

// middleSpace returns the byte index of the space in s nearest its
// middle (the first of two as near), or -1.
func middleSpace(s string) int {
	best := -1
	for i, c := range s {
		if c == ' ' && (best < 0 || abs(2*i-len(s)) < abs(2*best-len(s))) {
			best = i
		}
	}
	return best
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// maxCellPhotos is the most photos a cell shows side by side: one of more
// shows the first ones and counts the rest ("+594").
const maxCellPhotos = 6

// cell draws one lane's cell: the photos side by side, solid when the
// scenario viewed it, pale when it is what the surface would have shown;
// of more than maxCellPhotos, the first ones and how many more.
func (r *Report) cell(b *strings.Builder, x, y, w int, ps []model.Photo, viewed bool) {
	if len(ps) == 0 {
		return
	}
	x0, w0 := x+cellInset, w-2*cellInset
	more := 0 // photos left out of a cell of too many
	if len(ps) > maxCellPhotos {
		more = len(ps) - (maxCellPhotos - 1)
		ps = ps[:maxCellPhotos-1]
	}
	parts := len(ps)
	if more > 0 {
		parts++
	}
	for j, p := range ps {
		px := x0 + j*w0/parts
		pw := x0 + (j+1)*w0/parts - px
		fill, ink, size, weight := pale(PhotoColour(p)), "#444444", 10, "normal"
		if viewed {
			fill, ink, size, weight = PhotoColour(p), inkOn(PhotoColour(p)), 12, "bold"
		}
		fmt.Fprintf(b, `<rect x="%d" y="%d" width="%d" height="%d" fill="%s"/>`+"\n", px, y+cellInset, pw, laneHeight-2*cellInset, fill)
		fmt.Fprintf(b, `<text x="%d" y="%d" font-size="%d" font-weight="%s" text-anchor="middle" fill="%s">%s</text>`+"\n",
			px+pw/2, y+laneHeight/2+size/3+1, size, weight, ink, EscapeXML(p.String()))
	}
	if more > 0 {
		px := x0 + len(ps)*w0/parts
		pw := x0 + w0 - px
		fmt.Fprintf(b, `<rect x="%d" y="%d" width="%d" height="%d" fill="#FFFFFF" stroke="%s" stroke-width="0.5"/>`+"\n", px, y+cellInset, pw, laneHeight-2*cellInset, NoneColour)
		fmt.Fprintf(b, `<text x="%d" y="%d" font-size="10" text-anchor="middle" fill="#444444">+%d</text>`+"\n",
			px+pw/2, y+laneHeight/2+10/3+1, more)
	}
	if viewed {
		fmt.Fprintf(b, `<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="#222222" stroke-width="1.5"/>`+"\n",
			x0, y+cellInset, w0, laneHeight-2*cellInset)
	}
}

// axis draws the time axis: under each instant's columns a bracket and the
// time; between instants a break, since the columns are not to scale.
func (r *Report) axis(b *strings.Builder, l *svgLayout) {
	b.WriteString(`<g id="time-axis">` + "\n")
	y := l.axisY
	for i := 0; i < len(r.Events); {
		j := i
		label := model.FormatDuration(r.Events[i].At)
		if !l.shown[i] { // a fold: its stretch of time
			for j+1 < len(r.Events) && !l.shown[j+1] && l.x[j+1] == l.x[i] {
				j++
			}
			label += " – " + model.FormatDuration(r.Events[j].At)
		}
		for l.shown[i] && j+1 < len(r.Events) && l.shown[j+1] && r.Events[j+1].At == r.Events[i].At {
			j++
		}
		x0, x1 := l.x[i]+cellInset, l.x[j]+l.w[j]-cellInset
		fmt.Fprintf(b, `<path d="M %d %d V %d H %d V %d" fill="none" stroke="#555555" stroke-width="1"/>`+"\n", x0, y-4, y, x1, y-4)
		fmt.Fprintf(b, `<text x="%d" y="%d" font-size="11" text-anchor="middle" fill="#111111">%s</text>`+"\n",
			(x0+x1)/2, y+15, EscapeXML(label))
		if j+1 < len(r.Events) {
			gx := (x1 + l.x[j+1] + cellInset) / 2
			fmt.Fprintf(b, `<path d="M %d %d L %d %d M %d %d L %d %d" stroke="#555555" stroke-width="1.2"/>`+"\n",
				gx-5, y+4, gx-1, y-4, gx+1, y+4, gx+5, y-4)
		}
		i = j + 1
	}
	if len(r.Events) > 0 {
		fmt.Fprintf(b, `<text x="%d" y="%d" font-size="11" text-anchor="end" fill="#555555">time</text>`+"\n", l.left-10, y+15)
	}
	b.WriteString("</g>\n")
}

// drawViolations outlines in red what violates each property: the view's
// cell, or the whole column of the step or instant; a numbered badge on
// the outline's corner refers to the list under the legend. Badges come
// after every outline, so that no outline hides one; badges of one place
// go side by side.
func (r *Report) drawViolations(b *strings.Builder, l *svgLayout) {
	type mark struct{ n, x, y int }
	var badges []mark
	for n, v := range r.Violations {
		if v.Event < 0 || v.Event >= len(r.Events) {
			continue
		}
		shared := 0
		for _, u := range r.Violations[:n] {
			if u.Event == v.Event && u.Column == v.Column {
				shared++
			}
		}
		x, w := l.x[v.Event]+1, l.w[v.Event]-2
		y0, y1 := l.actionTop-12, l.lanesBottom(len(r.Columns))+2
		if v.Column >= 0 {
			y0 = l.laneY(v.Column) + 1
			y1 = y0 + laneHeight - 2
		}
		fmt.Fprintf(b, `<g id="violation-%d" class="violation">`+"\n", n+1)
		fmt.Fprintf(b, `<rect x="%d" y="%d" width="%d" height="%d" rx="3" fill="none" stroke="%s" stroke-width="3"/>`+"\n",
			x, y0, w, y1-y0, violationColour)
		b.WriteString("</g>\n")
		badges = append(badges, mark{n + 1, x + w - 22*shared, y0})
	}
	for _, m := range badges {
		fmt.Fprintf(b, `<g id="violation-badge-%d">`+"\n", m.n)
		badge(b, m.x, m.y, m.n)
		b.WriteString("</g>\n")
	}
}

func badge(b *strings.Builder, cx, cy, n int) {
	fmt.Fprintf(b, `<circle cx="%d" cy="%d" r="9" fill="%s" stroke="#FFFFFF" stroke-width="1.5"/>`+"\n", cx, cy, violationColour)
	fmt.Fprintf(b, `<text x="%d" y="%d" font-size="11" font-weight="bold" text-anchor="middle" fill="#FFFFFF">%d</text>`+"\n", cx, cy+4, n)
}

// legendPhotos returns every photo the picture shows, in order: in the
// cells of the events not folded, of each the photos it draws.
func (r *Report) legendPhotos(l *svgLayout) []model.Photo {
	var ps []model.Photo
	add := func(list []model.Photo) {
		if len(list) > maxCellPhotos { // the cell shows the first ones only
			list = list[:maxCellPhotos-1]
		}
		for _, p := range list {
			if !containsPhoto(ps, p) {
				ps = append(ps, p)
			}
		}
	}
	for i := range r.Events {
		e := &r.Events[i]
		if !l.shown[i] {
			continue
		}
		add(e.Shown)
		for _, c := range e.Could {
			add(c)
		}
	}
	sortPhotos(ps)
	return ps
}

func sortPhotos(ps []model.Photo) {
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && ps[j].ID() < ps[j-1].ID(); j-- {
			ps[j], ps[j-1] = ps[j-1], ps[j]
		}
	}
}

// legendWidth is how wide the legend's rows are.
func (l *svgLayout) legendWidth(r *Report) int {
	w := svgPad + 56
	for _, p := range r.legendPhotos(l) {
		w += legendSwatch + 5 + TextWidth(legendName(p), 11) + 16
	}
	w = max(w, svgPad+28+TextWidth(keySolid, 11)+18+28+TextWidth(keyPale, 11))
	if len(r.Spans) > 0 {
		w = max(w, svgPad+28+TextWidth(keyBand, 11))
	}
	return w
}

// The legend's key to the cells.
const (
	keySolid = "a view the scenario made: what it showed"
	keyPale  = "what the surface would show then"
	keyBand  = "a pending take: the model may make it at any instant in the band (R18, R20)"
)

func legendName(p model.Photo) string {
	if p == model.NoPhoto {
		return "none (no photo)"
	}
	return p.String()
}

// legend draws the photos' colours, what solid, pale and red mean, and
// the violations.
func (r *Report) legend(b *strings.Builder, l *svgLayout) {
	y := l.legendY
	x := svgPad
	fmt.Fprintf(b, `<text x="%d" y="%d" font-size="11" font-weight="bold" fill="#111111">Photos</text>`+"\n", x, y+11)
	x += 56
	for _, p := range r.legendPhotos(l) {
		name := legendName(p)
		fmt.Fprintf(b, `<g id="legend-%s">`+"\n", p)
		fmt.Fprintf(b, `<rect x="%d" y="%d" width="%d" height="%d" fill="%s" stroke="#222222" stroke-width="0.5"/>`+"\n",
			x, y, legendSwatch, legendSwatch, PhotoColour(p))
		fmt.Fprintf(b, `<text x="%d" y="%d" font-size="11" fill="#111111">%s</text>`+"\n", x+legendSwatch+5, y+11, EscapeXML(name))
		b.WriteString("</g>\n")
		x += legendSwatch + 5 + TextWidth(name, 11) + 16
	}

	// The key: solid and pale cells, in the colour of the first photo.
	key := NoneColour
	if ps := r.legendPhotos(l); len(ps) > 0 {
		key = PhotoColour(ps[0])
	}
	y += 22
	x = svgPad
	fmt.Fprintf(b, `<g id="legend-key">`+"\n")
	fmt.Fprintf(b, `<rect x="%d" y="%d" width="%d" height="%d" fill="%s" stroke="#222222" stroke-width="1.5"/>`+"\n",
		x, y, 22, legendSwatch, key)
	fmt.Fprintf(b, `<text x="%d" y="%d" font-size="11" fill="#111111">%s</text>`+"\n", x+28, y+11, EscapeXML(keySolid))
	x += 28 + TextWidth(keySolid, 11) + 18
	fmt.Fprintf(b, `<rect x="%d" y="%d" width="%d" height="%d" fill="%s"/>`+"\n", x, y, 22, legendSwatch, pale(key))
	fmt.Fprintf(b, `<text x="%d" y="%d" font-size="11" fill="#111111">%s</text>`+"\n", x+28, y+11, EscapeXML(keyPale))
	b.WriteString("</g>\n")

	if len(r.Spans) > 0 {
		y += 22
		b.WriteString(`<g id="legend-band">` + "\n")
		fmt.Fprintf(b, `<rect x="%d" y="%d" width="%d" height="%d" rx="3" fill="%s" fill-opacity="0.13" stroke="%s" stroke-width="1.2" stroke-dasharray="5 3"/>`+"\n",
			svgPad, y, 22, legendSwatch, bandColour, bandColour)
		fmt.Fprintf(b, `<text x="%d" y="%d" font-size="11" fill="#111111">%s</text>`+"\n", svgPad+28, y+11, EscapeXML(keyBand))
		b.WriteString("</g>\n")
	}
	y += 22
	for n, lines := range l.violations {
		y += 8
		badge(b, svgPad+9, y+5, n+1)
		fmt.Fprintf(b, `<text x="%d" y="%d" font-size="11" fill="#111111">`, svgPad+26, y+9)
		for k, line := range lines {
			if k == 0 {
				fmt.Fprintf(b, `<tspan x="%d" font-weight="bold">%s</tspan>`, svgPad+26, EscapeXML(line))
				continue
			}
			fmt.Fprintf(b, `<tspan x="%d" dy="15">%s</tspan>`, svgPad+26, EscapeXML(line))
		}
		b.WriteString("</text>\n")
		y += len(lines) * 15
	}
	if len(l.failures) > 0 {
		y += 8
		fmt.Fprintf(b, `<text x="%d" y="%d" font-size="11" fill="#111111">`, svgPad, y+9)
		fmt.Fprintf(b, `<tspan x="%d" font-weight="bold">The scenario's own lines that do not hold:</tspan>`, svgPad)
		for _, line := range l.failures {
			fmt.Fprintf(b, `<tspan x="%d" dy="15">%s</tspan>`, svgPad+26, EscapeXML(line))
		}
		b.WriteString("</text>\n")
	}
}

// TextWidth estimates how wide text is in pixels at a font size, from the
// widths of DejaVu Sans's glyphs (the widest of the usual sans fonts), so
// that labels never overlap whichever font renders them. Every picture of
// photosync measures its labels with it.
func TextWidth(s string, size int) int {
	w := 0.0
	for _, c := range s {
		switch {
		case strings.ContainsRune("il.,:;'|!", c):
			w += 0.32
		case strings.ContainsRune("fjrt()- ", c):
			w += 0.42
		case c == 'm' || c == 'w' || c == 'M' || c == 'W':
			w += 0.95
		case c >= 'A' && c <= 'Z':
			w += 0.72
		default:
			w += 0.63
		}
	}
	return int(w*float64(size) + 0.999)
}

// pale mixes a colour with white: 30 % colour.
func pale(hex string) string {
	r, g, b := rgb(hex)
	mix := func(c int) int { return (c*30 + 255*70 + 50) / 100 }
	return fmt.Sprintf("#%02X%02X%02X", mix(r), mix(g), mix(b))
}

// inkOn returns black or white, whichever reads better on the colour.
func inkOn(hex string) string {
	r, g, b := rgb(hex)
	if 299*r+587*g+114*b > 140*1000 {
		return "#000000"
	}
	return "#FFFFFF"
}

func rgb(hex string) (r, g, b int) {
	fmt.Sscanf(hex, "#%02x%02x%02x", &r, &g, &b)
	return r, g, b
}

// EscapeXML escapes text for XML: the text and attributes of an SVG picture.
func EscapeXML(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}
