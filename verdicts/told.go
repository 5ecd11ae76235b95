package verdicts

import (
	"fmt"

	"photosync/count"
	"photosync/experiment"
	"photosync/model"
)

// Told is what experiments tell of a rule set against its base (SPEC §5):
// that none of any length does (indistinguishable), the shortest one, or
// that the bounds left it undecided (bounded), with or without knowing
// that one exists.
type Told struct {
	// Indistinguishable: no experiment of any length tells them apart.
	Indistinguishable bool `json:"indistinguishable"`
	// Distinguishable: some experiment does, shown by the one found or by
	// the exact decision (when the search for the shortest was bounded).
	Distinguishable bool `json:"distinguishable"`
	// Bounded: no experiment was found and none was shown not to exist.
	Bounded bool `json:"bounded"`
	// Steps is the length of the shortest experiment found (actions and
	// waits); 0 when none was.
	Steps int `json:"steps,omitempty"`
	// Decisive: whatever the found experiment's last view shows decides.
	Decisive bool `json:"decisive,omitempty"`
	// Experiment is the shortest experiment found, as a scenario that
	// passes under the base and fails on its last line under the rule
	// set; "" when none was.
	Experiment string `json:"experiment,omitempty"`
	// Statement says it in one sentence, as check's text prints it.
	Statement string `json:"statement"`
	// Diff, when the caller sets it, is the photosync diff command that
	// answers further ("photosync diff --rules observed --rules p.json"),
	// and Next what it does ("prints it"): the text adds them; the JSON,
	// which the server prints too, does not.
	Diff string `json:"-"`
	Next string `json:"-"`
}

// The bounds of check's question "does any experiment tell the rules from
// their base?": diff's defaults are for a question asked alone.
const (
	TellSituations = 5_000
	TellBeliefs    = 5_000
)

// Tell says whether an experiment tells r from its base, within check's
// bounds (experiment.Compare): indistinguishable, the shortest experiment
// (its length and scenario, replayed by the scenario runner), or
// undecided. stop (nil: never) stops the search as Config.Stop does
// (experiment.Config.Stop): an answer it cuts short is undecided, saying
// so. The error is the search's (an experiment that does not replay).
func Tell(base, r model.Rules, viewers int, stop func() bool) (*Told, error) {
	stopped := &Told{Bounded: true, Statement: "undecided: the time limit (--timeout) was reached first"}
	if stop != nil && stop() {
		return stopped, nil
	}
	ans, err := experiment.Compare(experiment.Config{A: base, B: r, Viewers: viewers,
		MaxSituations: TellSituations, MaxBeliefs: TellBeliefs, Stop: stop}, nil)
	if err != nil {
		return nil, err
	}
	if ans.Bounded() && !ans.Decision.Distinguishable && (ans.Result.Stopped || stop != nil && stop()) {
		return stopped, nil
	}
	told := &Told{Indistinguishable: ans.Indistinguishable(), Bounded: ans.Bounded(),
		Distinguishable: ans.Result.Experiment != nil || ans.Decision.Distinguishable}
	switch e := ans.Result.Experiment; {
	case ans.Indistinguishable():
		told.Statement = fmt.Sprintf("indistinguishable from %s: no experiment of any length tells them apart", base.Name)
	case e != nil:
		// A is the base, a named rule set: its scenario needs no loader.
		if err := e.Check(nil); err != nil {
			return nil, err
		}
		told.Steps, told.Decisive, told.Experiment = e.Length, e.Decisive, e.Scenario()
		told.Statement = fmt.Sprintf("an experiment of %s tells them apart, whatever it shows", count.Of(e.Length, "step"))
		told.Next = "prints it"
		if !e.Decisive {
			told.Statement = fmt.Sprintf("an experiment of %s can tell them apart, but may show a photo both allow", count.Of(e.Length, "step"))
			told.Next = "prints the shortest decisive one it finds"
		}
	case ans.Decision.Distinguishable:
		told.Statement = fmt.Sprintf("an experiment tells them apart, beyond %s of the search for the shortest",
			count.Of(TellSituations, "situation"))
		told.Next = "finds it"
	default:
		told.Statement = fmt.Sprintf("undecided within %s and %s",
			count.Of(TellSituations, "situation"), count.Of(TellBeliefs, "symbolic belief state"))
		told.Next = "looks further"
	}
	return told, nil
}

// text is the statement as check's text prints it: with the photosync diff
// command that answers further, when the caller named it.
func (t *Told) text() string {
	if t.Diff == "" || t.Next == "" {
		return t.Statement
	}
	return fmt.Sprintf("%s (%s %s)", t.Statement, t.Diff, t.Next)
}
