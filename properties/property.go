package properties

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"photosync/model"
)

// Kind says whether a property describes the system as observed (an
// invariant: it must hold under observed) or what users would wish (a goal:
// violated under observed).
type Kind uint8

// The kinds of property.
const (
	_         Kind = iota
	Invariant      // holds under observed; a proposal that breaks one makes something worse
	Goal           // violated under observed; a proposal that makes one hold improves something
)

// String returns "invariant" or "goal".
func (k Kind) String() string {
	switch k {
	case Invariant:
		return "invariant"
	case Goal:
		return "goal"
	}
	return fmt.Sprintf("Kind(%d)", k)
}

// The fixed requirement bounds of SPEC §4. They are not knobs: a proposed
// rule change is judged against them.
const (
	Settle = 10 * time.Second // the Outlook on the web and Lync caches' bound
	Window = 72 * time.Hour   // "a window"
)

// Facts are the parts of model.History a property reads; the explorer
// forgets the others.
type Facts uint16

// The history facts.
const (
	QualifiedSinceImport Facts = 1 << iota
	QualifiedWhileHeld
	SharePointHeld
	VisitedSinceChange
	RestartedSinceChange
	ClearedSinceChange
	RestartedNotViewed
	RestartedTeams
	YammerPhoto     // Yammer's store and the origin of photos made in Yammer
	SharePointPhoto // SharePoint's renditions, its imports and the My Site's creation
	ADPhoto         // Active Directory's photo
)

// Deadline is a clock a monitor compares with a constant.
type Deadline struct {
	Clock model.Clock
	After time.Duration
}

// Property is one named property of SPEC §4: a safety property over a timed
// trace, judged step by step by its monitors.
type Property struct {
	Name    string   // public name, e.g. "outlook-online-converges"
	Kind    Kind     // invariant or goal
	Doc     string   // first line: a title in plain words; then what it requires
	Sources []string // the claims and rules it comes from

	// Reads lists the surfaces whose views the property judges (nil: it
	// judges stores only). Joint says it compares those surfaces with each
	// other; otherwise each surface's views are judged on their own.
	Reads []model.Surface
	Joint bool
	// Deadlines lists the clocks the monitors compare and the constant each
	// is compared with.
	Deadlines []Deadline
	// Facts lists the history the monitors read.
	Facts Facts

	// Trigger is what the property speaks of (SPEC §4.1): a property that
	// no run violates holds when some run reaches its trigger, and holds
	// vacuously when none does. The monitors judge nothing but a
	// transition or state at which the trigger is reached: each asks its
	// trigger first.
	Trigger Trigger

	// Transition judges one transition; Instant judges a state at an instant when
	// nothing happens. Either may be nil. They return "" when the property
	// holds and otherwise say what went wrong. They ask every time question
	// through c, so they run on concrete time and on zones alike.
	Transition func(c *Context, tr *model.Transition) string
	Instant    func(c *Context, s *model.State) string

	_ struct{}
}

// Trigger is what a property speaks of, as data: words for people and the
// predicates the monitors and the explorer ask. It is reached by a
// transition for which Transition answers true or at an instant at which
// Instant does (either may be nil). The predicates read only what the
// property reads (its surfaces, history facts and deadlines) and compare
// photos only for equality, so that the explorer's projections and
// renamings keep them; they ask every time question through c, as
// monitors do.
type Trigger struct {
	Doc        string // e.g. "a view of Outlook on the web 10 s or more after Exchange's last change"
	Transition func(c *Context, tr *model.Transition) bool
	Instant    func(c *Context, s *model.State) bool
}

// Reaching returns a property violated exactly where p's trigger is
// reached, with p's name, kind, reads, deadlines and facts: its shortest
// counterexample is p's shortest witness, and confirming one confirms the
// other. nil when p declares no trigger.
func (p *Property) Reaching() *Property {
	t := p.Trigger
	if t.Transition == nil && t.Instant == nil {
		return nil
	}
	q := &Property{Name: p.Name, Kind: p.Kind, Doc: p.Doc, Sources: p.Sources, Reads: p.Reads, Joint: p.Joint,
		Deadlines: p.Deadlines, Facts: p.Facts, Trigger: t}
	msg := "reaches " + t.Doc
	if t.Transition != nil {
		q.Transition = func(c *Context, tr *model.Transition) string {
			if t.Transition(c, tr) {
				return msg
			}
			return ""
		}
	}
	if t.Instant != nil {
		q.Instant = func(c *Context, s *model.State) string {
			if t.Instant(c, s) {
				return msg
			}
			return ""
		}
	}
	return q
}

// Title returns the first line of the doc.
func (p *Property) Title() string {
	title, _, _ := strings.Cut(p.Doc, "\n")
	return title
}

// Context is what a monitor may consult besides the transition or state.
type Context struct {
	Rules   *model.Rules
	Env     model.Env
	Viewers int // how many viewers the run has
}

// Since reports whether clock c reads at least d in s; a clock that never
// started reads infinitely much.
func (c *Context) Since(s *model.State, clk model.Clock, d time.Duration) bool {
	return !s.Running.Has(clk) || c.Env.Elapsed(s, clk, d)
}

// Options returns what a view of surf by v could show in s.
func (c *Context) Options(s *model.State, surf model.Surface, v model.Viewer) model.Options {
	return model.ViewOptions(c.Rules, s, surf, v, c.Env)
}

// Validate checks a catalog the way go/analysis validates analyzers: names
// unique and well-formed (lower-case words joined by '-'), kinds set, docs
// present with a title line, a trigger with a doc and a predicate, sources cited and each a claim or rule the
// SPEC defines, every surface read and every deadline's clock one the model
// has, and at least one monitor (a property that reads surfaces needs one
// to judge their views). The explorer and the tests run it before judging.
func Validate(ps []*Property) error {
	seen := map[string]bool{}
	for i, p := range ps {
		if p == nil {
			return fmt.Errorf("property %d: nil", i)
		}
		switch {
		case !validName(p.Name):
			return fmt.Errorf("property %q: name must be lower-case words joined by '-'", p.Name)
		case seen[p.Name]:
			return fmt.Errorf("property %q: duplicate name", p.Name)
		case p.Kind != Invariant && p.Kind != Goal:
			return fmt.Errorf("property %q: kind not set", p.Name)
		case strings.TrimSpace(p.Title()) == "":
			return fmt.Errorf("property %q: doc has no title line", p.Name)
		case len(p.Sources) == 0:
			return fmt.Errorf("property %q: no claims or rules cited", p.Name)
		case p.Transition == nil && p.Instant == nil && len(p.Reads) > 0:
			return fmt.Errorf("property %q: reads surfaces but has no Transition or Instant monitor to judge them", p.Name)
		case p.Transition == nil && p.Instant == nil:
			return fmt.Errorf("property %q: no monitor", p.Name)
		case strings.TrimSpace(p.Trigger.Doc) == "":
			return fmt.Errorf("property %q: its trigger has no doc (SPEC §4.1: every property names its trigger)", p.Name)
		case p.Trigger.Transition == nil && p.Trigger.Instant == nil:
			return fmt.Errorf("property %q: its trigger has no predicate", p.Name)
		}
		for _, src := range p.Sources {
			if !validSource(src) {
				return fmt.Errorf("property %q: source %q is not a claim C1–C17, rule R1–R21 or era fact E1–E9", p.Name, src)
			}
		}
		for _, surf := range p.Reads {
			if !slices.Contains(model.Surfaces(), surf) {
				return fmt.Errorf("property %q: reads %s, not a surface", p.Name, surf)
			}
		}
		for _, d := range p.Deadlines {
			if d.Clock >= model.NumClocks {
				return fmt.Errorf("property %q: deadline on %s, not a clock", p.Name, d.Clock)
			}
			if d.After <= 0 {
				return fmt.Errorf("property %q: deadline on %s after %s: want a positive duration", p.Name, d.Clock, d.After)
			}
		}
		seen[p.Name] = true
	}
	return nil
}

// validName reports whether name is lower-case words (letters and digits)
// joined by single '-'.
func validName(name string) bool {
	if name == "" {
		return false
	}
	for _, w := range strings.Split(name, "-") {
		if w == "" {
			return false
		}
		for _, r := range w {
			if (r < 'a' || r > 'z') && (r < '0' || r > '9') {
				return false
			}
		}
	}
	return true
}

// validSource reports whether s names a claim (C1–C17), a rule (R1–R13, and
// the era rules R14–R21 of SPEC §6.2) or an era fact (E1–E9, §6) of the
// SPEC, written exactly so: a letter and a number without leading zeros.
func validSource(s string) bool {
	if len(s) < 2 || s[1] == '0' {
		return false
	}
	n, err := strconv.Atoi(s[1:])
	if err != nil || strconv.Itoa(n) != s[1:] {
		return false
	}
	switch s[0] {
	case 'C':
		return n >= 1 && n <= 17
	case 'R':
		return n >= 1 && n <= 21
	case 'E':
		return n >= 1 && n <= 9
	}
	return false
}
