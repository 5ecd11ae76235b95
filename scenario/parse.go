package scenario

import (
	"bytes"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"unicode/utf8"

	"photosync/model"
	"photosync/srcpos"
)

// MaxLineLength is the longest line Parse accepts, in bytes.
const MaxLineLength = 4096

// MaxFileBytes is the largest scenario file FileLoader reads for a
// scenario: 256 MiB, some sixty times a 100,000-line observation log.
const MaxFileBytes = 256 << 20

// Parse reads a scenario (see the package doc for the grammar). file is used
// in messages and to find rules files. Every error is a *srcpos.Error about
// the first bad line, reading "FILE:LINE: what is wrong (want …)"; a piece
// of input it echoes is clipped to srcpos.MaxEcho characters. Parse never
// panics, whatever data holds.
func Parse(file string, data []byte) (*Scenario, error) {
	sc := &Scenario{File: file}
	data = bytes.TrimPrefix(data, []byte("\ufeff")) // a byte order mark some editors write
	var c checker
	for num := 1; len(data) > 0; num++ {
		var text []byte
		text, data, _ = bytes.Cut(data, []byte("\n"))
		l, err := parseLine(num, text)
		if err == nil {
			err = c.add(l)
		}
		if err != nil {
			return nil, srcpos.New(file, num, err)
		}
		sc.Lines = append(sc.Lines, l)
	}
	return sc, nil
}

// Validate checks what Parse checks, for a Scenario built by a program: the
// order of directives, non-decreasing times, knob values, and that every
// `at` line is one Parse could have produced, so that Format writes it
// faithfully.
func (sc *Scenario) Validate() error { return sc.check(true) }

// check runs the checker over the lines; strict adds the read-back check
// of `at` lines, which lines from Parse pass by construction.
func (sc *Scenario) check(strict bool) error {
	c := checker{strict: strict}
	for i, l := range sc.Lines {
		err := c.add(l)
		if err == nil && strict {
			err = checkLine(l, i+1)
		}
		if err != nil {
			return srcpos.New(sc.File, l.Num, err)
		}
	}
	return nil
}

// checkLine checks what Parse guarantees of a line built by a program: its
// number is its place, and its comment is one comment on one line.
func checkLine(l Line, num int) error {
	switch {
	case l.Num != num:
		return fmt.Errorf("line numbered %d is line %d (want Append to number lines)", l.Num, num)
	case l.Comment != "" && (l.Comment[0] != '#' || strings.TrimRight(l.Comment, " \t") != l.Comment):
		return fmt.Errorf("comment %q (want # and text, without trailing blanks)", l.Comment)
	}
	return checkText([]byte(l.Comment))
}

// IsToken reports whether s can stand as one token of a line: a rules
// file's path on a rules line, a property name on a violates line.
func IsToken(s string) bool {
	return s != "" && !strings.ContainsAny(s, " \t#") && checkText([]byte(s)) == nil
}

// parseLine splits one line into its directive and comment.
func parseLine(num int, text []byte) (Line, error) {
	text = bytes.TrimSuffix(text, []byte("\r"))
	if err := checkText(text); err != nil {
		return Line{}, err
	}
	l := Line{Num: num}
	code := string(text)
	if i := strings.IndexByte(code, '#'); i >= 0 {
		code, l.Comment = code[:i], strings.TrimRight(code[i:], " \t")
	}
	f := strings.FieldsFunc(code, func(r rune) bool { return r == ' ' || r == '\t' })
	if len(f) == 0 {
		return l, nil
	}
	d, err := parseDirective(f)
	l.Directive = d
	return l, err
}

// checkText rejects what is not a line of text: overlong lines, bytes that
// are not UTF-8, and control characters other than tab.
func checkText(text []byte) error {
	if len(text) > MaxLineLength {
		return fmt.Errorf("line too long (%d bytes; want at most %d)", len(text), MaxLineLength)
	}
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRune(text[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			return fmt.Errorf("invalid UTF-8 at byte %d (want text)", i+1)
		case r == 0:
			return fmt.Errorf("NUL byte at byte %d (want text)", i+1)
		case r < 0x20 && r != '\t', r == 0x7f:
			return fmt.Errorf("control character %U at byte %d (want text)", r, i+1)
		}
		i += size
	}
	return nil
}

var (
	directiveNames = "rules, set, violates, at"
	actionNames    = "change, visit, edit-cancel, restart-outlook, clear-browser-cache, lync-signin, lync-signout, dirsync, restart-teams, open-yammer, view, expect, observe"
)

// parseDirective parses the fields of a line that has a directive.
func parseDirective(f []string) (Directive, error) {
	switch f[0] {
	case "rules":
		if err := arity(f, "rules NAME|FILE"); err != nil {
			return nil, err
		}
		return UseRules{Ref: f[1]}, nil
	case "set":
		if err := arity(f, "set KNOB VALUE"); err != nil {
			return nil, err
		}
		return SetKnob{Knob: f[1], Value: f[2]}, nil
	case "violates":
		if err := arity(f, "violates PROPERTY"); err != nil {
			return nil, err
		}
		return Violates{Property: f[1]}, nil
	case "at":
		if len(f) < 3 {
			return nil, missing(f, "at TIME ACTION")
		}
		t, err := model.ParseDuration(f[1])
		if err != nil {
			return nil, srcpos.ClipIn(err, f[1])
		}
		d, err := parseAction(f[2:])
		if err != nil {
			return nil, err
		}
		d.Time = t
		return d, nil
	}
	return nil, fmt.Errorf("unknown directive %s (want one of %s)", srcpos.Quote(f[0]), directiveNames)
}

// parseAction parses the action of an `at` line and its arguments.
func parseAction(f []string) (At, error) {
	var d At
	a := &d.Action
	var err error
	switch f[0] {
	case "change":
		if err = arity(f, "change SOURCE"); err == nil {
			a.Kind = model.Change
			a.Source, err = model.ParseSource(f[1])
			err = srcpos.ClipIn(err, f[1])
		}
	case "visit", "edit-cancel", "lync-signin", "lync-signout", "dirsync", "open-yammer":
		if err = arity(f, f[0]); err == nil {
			a.Kind = map[string]model.ActionKind{"visit": model.Visit, "edit-cancel": model.EditCancel,
				"lync-signin": model.LyncSignIn, "lync-signout": model.LyncSignOut, "dirsync": model.DirSync,
				"open-yammer": model.OpenYammer}[f[0]]
		}
	case "restart-outlook", "clear-browser-cache", "restart-teams":
		if err = arity(f, f[0]+" VIEWER"); err == nil {
			a.Kind = map[string]model.ActionKind{"restart-outlook": model.RestartOutlook,
				"clear-browser-cache": model.ClearBrowserCache, "restart-teams": model.RestartTeams}[f[0]]
			a.Viewer, err = model.ParseViewer(f[1], model.MaxViewers)
			err = srcpos.ClipIn(err, f[1])
		}
	case "view":
		if err = arity(f, "view SURFACE VIEWER"); err == nil {
			err = parseView(a, f)
		}
	case "observe":
		if err = arity(f, "observe SURFACE VIEWER PHOTO"); err == nil {
			if err = parseView(a, f); err == nil {
				d.Check = Observe
				var p model.Photo
				p, err = model.ParsePhoto(f[3])
				err = srcpos.ClipIn(err, f[3])
				if err != nil && strings.Contains(f[3], "|") {
					err = fmt.Errorf("observe names one photo, not the set %s (want observe SURFACE VIEWER PHOTO)", srcpos.Quote(f[3]))
				}
				d.Photos = []model.Photo{p}
			}
		}
	case "expect":
		err = parseExpect(&d, f)
	default:
		err = fmt.Errorf("unknown action %s (want one of %s)", srcpos.Quote(f[0]), actionNames)
	}
	return d, err
}

func parseView(a *model.Action, f []string) error {
	var err error
	a.Kind = model.View
	if a.Surface, err = model.ParseSurface(f[1]); err != nil {
		return srcpos.ClipIn(err, f[1])
	}
	a.Viewer, err = model.ParseViewer(f[2], model.MaxViewers)
	return srcpos.ClipIn(err, f[2])
}

// parseExpect parses `expect SURFACE VIEWER = SET`.
func parseExpect(d *At, f []string) error {
	const usage = "expect SURFACE VIEWER = SET"
	if len(f) < 3 {
		return missing(f, usage)
	}
	if err := parseView(&d.Action, f); err != nil {
		return err
	}
	d.Check = Expect
	switch {
	case len(f) == 3:
		return missing(f, usage)
	case f[3] != "=":
		return fmt.Errorf("found %s where = belongs (want %s)", srcpos.Quote(f[3]), usage)
	case len(f) == 4:
		return fmt.Errorf("empty set (want photos joined by |, e.g. v0|v1, or none)")
	case len(f) > 5 && (strings.Contains(strings.Join(f[4:], ""), "|")):
		return fmt.Errorf("malformed set %s (want photos joined by | without spaces, e.g. v0|v1)", srcpos.Quote(strings.Join(f[4:], " ")))
	case len(f) > 5:
		return trailing(f[:5], f[5])
	}
	set, err := ParseSet(f[4])
	d.Photos = set
	return err
}

// ParseSet parses a SET: photos joined by "|", without duplicates, e.g.
// "v0|v1" or "none". It returns them in ascending order, none first.
func ParseSet(s string) ([]model.Photo, error) {
	var out []model.Photo
	for name := range strings.SplitSeq(s, "|") {
		if name == "" {
			return nil, fmt.Errorf("malformed set %s (want photos joined by |, e.g. v0|v1, or none)", srcpos.Quote(s))
		}
		p, err := model.ParsePhoto(name)
		if err != nil {
			return nil, fmt.Errorf("set %s: %w", srcpos.Quote(s), srcpos.ClipIn(err, name))
		}
		if slices.Contains(out, p) {
			return nil, fmt.Errorf("set %s names %s twice (want each photo once)", srcpos.Quote(s), p)
		}
		out = append(out, p)
	}
	sortPhotos(out)
	return out, nil
}

// sortPhotos orders photos as sets are written: none, v0, v1, …
func sortPhotos(ps []model.Photo) {
	slices.SortFunc(ps, func(a, b model.Photo) int { return a.ID() - b.ID() })
}

// arity checks that f has exactly the arguments usage names.
func arity(f []string, usage string) error {
	n := len(strings.Fields(usage))
	switch {
	case len(f) < n:
		return missing(f, usage)
	case len(f) > n:
		return trailing(f[:n], f[n])
	}
	return nil
}

// missing says which arguments of usage f lacks. f starts at usage's keyword.
func missing(f []string, usage string) error {
	want := strings.Fields(usage)
	return fmt.Errorf("%s: missing %s (want %s)", f[0], strings.Join(want[len(f):], " "), usage)
}

// trailing says that junk follows the complete directive f.
func trailing(f []string, junk string) error {
	var done []string
	for _, s := range f {
		done = append(done, srcpos.Clip(s))
	}
	return fmt.Errorf("unexpected %s after %s (want end of line or a # comment)", srcpos.Quote(junk), strings.Join(done, " "))
}

// checker checks what a line means in its place: the order of directives,
// times that never decrease, knobs and properties named once, knob values,
// and complete actions. Parse and Validate share it.
type checker struct {
	strict                bool           // check that at lines read back as built
	first, firstAt, rules int            // line numbers: first directive, first at, rules
	last                  *Line          // the last at line
	knobs, props          map[string]int // line of each knob set, property named
}

func (c *checker) add(l Line) error {
	if l.Directive == nil {
		return nil
	}
	if c.first == 0 {
		c.first = l.Num
	}
	switch d := l.Directive.(type) {
	case UseRules:
		if c.rules != 0 {
			return fmt.Errorf("second rules line (want one, first on line %d)", c.rules)
		}
		if c.first != l.Num {
			return fmt.Errorf("rules after other directives (want it first, before line %d)", c.first)
		}
		if !IsToken(d.Ref) {
			return fmt.Errorf("bad rules name %s (want a rule set name or a file path)", srcpos.Quote(d.Ref))
		}
		c.rules = l.Num
	case SetKnob:
		if c.firstAt != 0 {
			return fmt.Errorf("set after the first at (want every set before line %d)", c.firstAt)
		}
		var r model.Rules
		if err := r.Set(d.Knob, d.Value); err != nil {
			return srcpos.ClipIn(err, d.Knob, d.Value)
		}
		if c.knobs == nil {
			c.knobs = map[string]int{}
		}
		if n, ok := c.knobs[d.Knob]; ok {
			return fmt.Errorf("knob %s set twice (want once, first on line %d)", d.Knob, n)
		}
		c.knobs[d.Knob] = l.Num
	case Violates:
		if c.firstAt != 0 {
			return fmt.Errorf("violates after the first at (want every violates before line %d)", c.firstAt)
		}
		if !IsToken(d.Property) {
			return fmt.Errorf("bad property name %s (want a property name)", srcpos.Quote(d.Property))
		}
		if c.props == nil {
			c.props = map[string]int{}
		}
		if n, ok := c.props[d.Property]; ok {
			return fmt.Errorf("violates %s twice (want once, first on line %d)", srcpos.Clip(d.Property), n)
		}
		c.props[d.Property] = l.Num
	case At:
		if c.firstAt == 0 {
			c.firstAt = l.Num
		}
		if last := c.last; last != nil && d.Time < last.Directive.(At).Time {
			return fmt.Errorf("time %s is before the previous %s on line %d (want times that never decrease)",
				model.FormatDuration(d.Time), model.FormatDuration(last.Directive.(At).Time), last.Num)
		}
		if err := checkAt(d, c.strict); err != nil {
			return err
		}
		c.last = &l
	default:
		return fmt.Errorf("unknown directive %T", d)
	}
	return nil
}

// checkAt checks that an `at` line is complete enough to run: a time from
// the start, an action a scenario can write with its arguments in range, and
// the photos its check needs. strict also checks that the line is one Parse
// could have produced: its text reads back as the same value.
func checkAt(d At, strict bool) error {
	a := d.Action
	bad := func(what string) error { return fmt.Errorf("action %q: %s", d.Text(), what) }
	inRange := func(v model.Viewer) bool { return v >= 1 && int(v) <= model.MaxViewers }
	switch {
	case d.Time < 0:
		return fmt.Errorf("negative time %s (want a time from the start)", model.FormatDuration(d.Time))
	case !a.Kind.Written():
		return bad("not an action a scenario can write")
	case a.Kind == model.Change && (a.Source == 0 || int(a.Source) > len(model.Sources())):
		return bad("no such source")
	case a.Kind.ByViewer() && !inRange(a.Viewer):
		return bad("no such viewer")
	case a.Kind == model.View && (a.Surface == 0 || int(a.Surface) > len(model.Surfaces())):
		return bad("no such surface")
	case d.Check > Observe || (d.Check != NoCheck && a.Kind != model.View):
		return bad("a check of something that is not a view")
	case d.Check == Expect && len(d.Photos) == 0, d.Check == Observe && len(d.Photos) != 1:
		return bad("the wrong number of photos")
	}
	if !strict {
		return nil
	}
	back, err := parseAction(strings.Fields(d.Text()))
	if err != nil {
		return fmt.Errorf("action %q: %w", d.Text(), err)
	}
	back.Time = d.Time
	if !reflect.DeepEqual(back, d) {
		return bad("does not read back as built (want the fields Parse sets, photos without the Yammer mark)")
	}
	return nil
}
