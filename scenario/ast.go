package scenario

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"photosync/model"
)

// Scenario is a parsed scenario file: every line of it, in order, so that
// Format gives back the same lines (blank lines and comments included) and
// a line number means the same line in the text and in the value.
type Scenario struct {
	File  string // the file name used in messages; rules files are relative to its directory
	Lines []Line // every line of the file, in order
}

// Line is one line of a scenario: a directive, a comment, both or neither.
type Line struct {
	Num       int       // 1-based line number
	Directive Directive // nil for a blank or comment-only line
	Comment   string    // from '#' to the end of the line, trailing blanks removed; "" for none
}

// Directive is one of UseRules, SetKnob, Violates and At.
type Directive interface {
	// String writes the directive in canonical form, without its comment.
	String() string
	directive()
}

// UseRules is `rules NAME|FILE`: the rule set the scenario runs under, a
// built-in name or a rules file relative to the scenario's directory.
type UseRules struct {
	Ref string // a name of model.NamedRuleSets, or a path
}

// SetKnob is `set KNOB VALUE`: a knob override applied on top of the rule set.
type SetKnob struct {
	Knob  string // a name of model.Knobs
	Value string // as written; model.Rules.Set accepts it
}

// Violates is `violates PROPERTY`: every possible run of the scenario must end
// with PROPERTY violated.
type Violates struct {
	Property string // a property name, resolved against the Judge at run time
}

// Check says what an `at` line checks about the view it makes.
type Check uint8

// The checks. The zero value is a plain action (or an unchecked view).
const (
	NoCheck Check = iota // change, visit, …, view: nothing is checked
	Expect               // expect SURFACE VIEWER = SET: the photos the view can show are exactly SET
	Observe              // observe SURFACE VIEWER PHOTO: the view can show PHOTO; keep only the runs that did
)

var checkNames = [...]string{"", "expect", "observe"}

// String returns the check's keyword ("" for NoCheck).
func (c Check) String() string {
	if int(c) < len(checkNames) {
		return checkNames[c]
	}
	return "Check(" + strconv.Itoa(int(c)) + ")"
}

// At is `at TIME ACTION`: at instant Time (from the start), Action happens.
// expect and observe lines are views (Action.Kind is model.View) with a
// Check.
type At struct {
	Time   time.Duration
	Action model.Action
	Check  Check
	// Photos is, for Expect, the expected set in ascending order (none
	// first, then v0, v1, …) without duplicates; for Observe, the one photo
	// observed; nil otherwise.
	Photos []model.Photo
}

func (UseRules) directive() {}
func (SetKnob) directive()  {}
func (Violates) directive() {}
func (At) directive()       {}

// String returns "rules REF".
func (d UseRules) String() string { return "rules " + d.Ref }

// String returns "set KNOB VALUE".
func (d SetKnob) String() string { return "set " + d.Knob + " " + d.Value }

// String returns "violates PROPERTY".
func (d Violates) String() string { return "violates " + d.Property }

// String returns "at TIME ACTION".
func (d At) String() string { return "at " + model.FormatDuration(d.Time) + " " + d.Text() }

// Text returns the line without its time: "visit", "view yammer subject",
// "expect yammer subject = v0|v1", "observe yammer subject v1". Results quote
// it.
func (d At) Text() string {
	a := d.Action
	switch d.Check {
	case Expect:
		return "expect " + a.Surface.String() + " " + a.Viewer.String() + " = " + JoinPhotos(d.Photos)
	case Observe:
		return "observe " + a.Surface.String() + " " + a.Viewer.String() + " " + JoinPhotos(d.Photos)
	}
	return a.String()
}

// JoinPhotos writes photos as a scenario's SET does: names joined by "|".
func JoinPhotos(ps []model.Photo) string {
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.String()
	}
	return strings.Join(names, "|")
}

// Format returns the scenario's canonical text: one line per Line, tokens
// separated by one space, and the trailing comments of consecutive lines
// aligned two spaces after the longest directive. Parse(Format()) gives back
// an equal Scenario.
func (sc *Scenario) Format() string {
	var b strings.Builder
	for i := 0; i < len(sc.Lines); {
		// A block: consecutive lines with both a directive and a comment.
		j := i
		width := 0
		for j < len(sc.Lines) && sc.Lines[j].Directive != nil && sc.Lines[j].Comment != "" {
			width = max(width, utf8.RuneCountInString(sc.Lines[j].Directive.String()))
			j++
		}
		if j == i {
			b.WriteString(sc.Lines[i].String())
			b.WriteByte('\n')
			i++
			continue
		}
		for ; i < j; i++ {
			d := sc.Lines[i].Directive.String()
			b.WriteString(d)
			b.WriteString(strings.Repeat(" ", width-utf8.RuneCountInString(d)+2))
			b.WriteString(sc.Lines[i].Comment)
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// String writes the line in canonical form, its comment two spaces after
// the directive.
func (l Line) String() string {
	switch {
	case l.Directive == nil:
		return l.Comment
	case l.Comment == "":
		return l.Directive.String()
	}
	return l.Directive.String() + "  " + l.Comment
}

// Append adds a line after the last one, numbering it, and returns it:
// the way a program (the explorer, a distinguishing experiment) writes a
// scenario. d may be nil for a comment-only line.
func (sc *Scenario) Append(d Directive, comment string) *Line {
	sc.Lines = append(sc.Lines, Line{Num: len(sc.Lines) + 1, Directive: d, Comment: comment})
	return &sc.Lines[len(sc.Lines)-1]
}

// Rules returns the scenario's rules line, or nil when it has none.
func (sc *Scenario) Rules() *Line {
	for i := range sc.Lines {
		if _, ok := sc.Lines[i].Directive.(UseRules); ok {
			return &sc.Lines[i]
		}
	}
	return nil
}
