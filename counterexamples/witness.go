package counterexamples

import (
	"fmt"
	"strings"

	"photosync/model"
	"photosync/properties/explore"
)

// Witness writes a witness (a shortest run that reaches what a property
// that holds speaks of, its trigger: explore.Verdict.Witness) as a
// scenario that `photosync run` replays under r: the rules, then each
// action at its time. What the model did by itself (a take of R18 or R20)
// and the instant at which the trigger is reached appear as comments. It
// checks nothing: a witness shows the property is not vacuous, not what
// the surfaces show.
func Witness(r model.Rules, ex *explore.Counterexample) string {
	var b strings.Builder
	p := ex.Property
	fmt.Fprintf(&b, "# %s (%s) holds; a shortest run that %s\n", p.Title(), p.Kind, ex.Message)
	b.WriteString(RulesHeader(r))
	for _, s := range ex.Events {
		at := model.FormatDuration(s.At)
		switch {
		case s.Action.Kind == model.Tick:
		case !s.Action.Kind.Written():
			fmt.Fprintf(&b, "# at %s %s\n", at, s.Action)
		default:
			fmt.Fprintf(&b, "at %s %s\n", at, s.Action)
		}
	}
	what := "the last step reaches it"
	if ex.Instant {
		what = "it is reached while nothing happens"
	}
	fmt.Fprintf(&b, "# at %s %s: %s\n", model.FormatDuration(ex.At), what, p.Trigger.Doc)
	return b.String()
}
