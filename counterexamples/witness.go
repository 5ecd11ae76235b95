package counterexamples

import (
	"fmt"
	"strings"

	"photosync/count"
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
	head, steps, tail := witness(r, ex)
	return head + strings.Join(steps, "") + tail
}

// BoundedWitness writes a witness as Witness does when it has at most
// maxSteps steps (0: DefaultMaxSteps); a longer one folded as Bounded
// folds a counterexample, saying that it is summarised and does not
// replay, or, when folding leaves more than maxSteps lines, the length
// alone.
func BoundedWitness(r model.Rules, ex *explore.Counterexample, maxSteps int) (text string, whole bool) {
	if maxSteps <= 0 {
		maxSteps = DefaultMaxSteps
	}
	head, steps, tail := witness(r, ex)
	n := len(steps)
	if n <= maxSteps {
		return head + strings.Join(steps, "") + tail, true
	}
	long := fmt.Sprintf("the shortest run that reaches it has %s steps, longer than --max-steps %s", count.N(n), count.N(maxSteps))
	body := foldSteps(actions(ex), steps)
	if strings.Count(body, "\n") > maxSteps {
		return fmt.Sprintf("%s# %s (--max-steps %d writes it whole)\n", head[:strings.Index(head, "\n")+1], long, n), false
	}
	first, rest, _ := strings.Cut(head, "\n")
	return fmt.Sprintf("%s\n# summarised: %s; the lines below leave out repeated blocks of steps, so they do not replay it (--max-steps %d writes it whole)\n%s%s%s",
		first, long, n, rest, body, tail), false
}

// witness writes a witness's lines: the head (a comment and the rules),
// one text per step (no timers' firings), and the closing comment.
func witness(r model.Rules, ex *explore.Counterexample) (head string, steps []string, tail string) {
	p := ex.Property
	head = fmt.Sprintf("# %s (%s) holds; a shortest run that %s\n", p.Title(), p.Kind, ex.Message) + RulesHeader(r)
	for _, s := range ex.Events {
		at := model.FormatDuration(s.At)
		switch {
		case s.Action.Kind == model.Tick:
		case !s.Action.Kind.Written():
			steps = append(steps, fmt.Sprintf("# at %s %s\n", at, s.Action))
		default:
			steps = append(steps, fmt.Sprintf("at %s %s\n", at, s.Action))
		}
	}
	what := "the last step reaches it"
	if ex.Instant {
		what = "it is reached while nothing happens"
	}
	tail = fmt.Sprintf("# at %s %s: %s\n", model.FormatDuration(ex.At), what, p.Trigger.Doc)
	return head, steps, tail
}
