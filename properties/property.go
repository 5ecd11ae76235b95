package properties

import (
	"fmt"
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

	// Transition judges one transition; Instant judges a state at an instant when
	// nothing happens. Either may be nil. They return "" when the property
	// holds and otherwise say what went wrong. They ask every time question
	// through c, so they run on concrete time and on zones alike.
	Transition func(c *Context, tr *model.Transition) string
	Instant    func(c *Context, s *model.State) string

	_ struct{}
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
// unique and well-formed, docs present with a title line, kinds set, sources
// cited, and at least one monitor.
func Validate(ps []*Property) error {
	seen := map[string]bool{}
	for _, p := range ps {
		switch {
		case p.Name == "" || strings.ToLower(p.Name) != p.Name || strings.ContainsAny(p.Name, " \t_"):
			return fmt.Errorf("property %q: name must be lower-case words joined by '-'", p.Name)
		case seen[p.Name]:
			return fmt.Errorf("property %q: duplicate name", p.Name)
		case p.Kind != Invariant && p.Kind != Goal:
			return fmt.Errorf("property %q: kind not set", p.Name)
		case strings.TrimSpace(p.Title()) == "":
			return fmt.Errorf("property %q: doc has no title line", p.Name)
		case len(p.Sources) == 0:
			return fmt.Errorf("property %q: no claims or rules cited", p.Name)
		case p.Transition == nil && p.Instant == nil:
			return fmt.Errorf("property %q: no monitor", p.Name)
		}
		for _, src := range p.Sources {
			if !validSource(src) {
				return fmt.Errorf("property %q: source %q is not a claim C1–C17 or rule R1–R13", p.Name, src)
			}
		}
		seen[p.Name] = true
	}
	return nil
}

func validSource(s string) bool {
	var kind byte
	var n int
	if _, err := fmt.Sscanf(s, "%c%d", &kind, &n); err != nil || fmt.Sprintf("%c%d", kind, n) != s {
		return false
	}
	return (kind == 'C' && n >= 1 && n <= 17) || (kind == 'R' && n >= 1 && n <= 13)
}
