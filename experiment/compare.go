package experiment

import (
	"fmt"
	"time"

	"photosync/count"
)

// Answer is the answer to "can any experiment tell A from B?": the
// shortest experiment when the search finds one, "indistinguishable" when
// the exact decision (Decide) shows that none exists, or a bound. It is
// what photosync diff prints and what photosync check says of a rules file
// beside its base.
type Answer struct {
	// Result is the search for a shortest experiment; it did not run
	// (Result.Experiment nil, Ran false) when the decision showed the rule
	// sets indistinguishable.
	Result Result
	Ran    bool
	// Decision is the exact decision; Skipped when the rule sets set every
	// knob alike (Result.Equivalent), which needs none.
	Decision Decision
	Skipped  bool

	A, B    string
	Elapsed time.Duration

	_ struct{}
}

// Indistinguishable reports that no experiment of any length, with
// actions at any instants, tells A from B: the decision showed it, or the
// rule sets set every knob alike.
func (a Answer) Indistinguishable() bool {
	return a.Result.Equivalent || a.Decision.Indistinguishable && a.Result.Experiment == nil
}

// Experiment is the experiment to give: the shortest decisive one when
// the search found one (Config.Decisive), else the shortest; nil when
// none was found.
func (a Answer) Experiment() *Experiment {
	if a.Result.Decisive != nil {
		return a.Result.Decisive
	}
	return a.Result.Experiment
}

// Bounded reports that neither an experiment nor a proof that none exists
// was found within the bounds: undecided.
func (a Answer) Bounded() bool { return a.Result.Experiment == nil && !a.Indistinguishable() }

// Compare decides whether an experiment tells cfg.A from cfg.B and finds a
// shortest one when it does. The exact decision runs first (with
// cfg.MaxBeliefs) after a short search (quickSituations) has found no
// experiment; when it shows the rule sets indistinguishable the full search
// does not run; otherwise search (Search when nil) looks for a shortest
// experiment within cfg's bounds.
func Compare(cfg Config, search func(Config) (Result, error)) (Answer, error) {
	start := time.Now()
	if search == nil {
		search = Search
	}
	ans := Answer{A: label(cfg.A), B: label(cfg.B)}
	if equivalent(cfg.A, cfg.B) {
		res, err := search(cfg)
		ans.Result, ans.Ran, ans.Skipped, ans.Elapsed = res, true, true, time.Since(start)
		return ans, err
	}
	if cfg.Viewers == 0 {
		cfg.Viewers = 2
	}
	if reduceAlike(cfg.A, cfg.B, cfg.Viewers) {
		// The decision needs no search: no experiment to look for.
		dec, err := Decide(DecideConfig{A: cfg.A, B: cfg.B, Viewers: cfg.Viewers, MaxBeliefs: cfg.MaxBeliefs})
		ans.Decision, ans.Elapsed = dec, time.Since(start)
		return ans, err
	}
	// A short search first: most pairs that differ differ within a few
	// steps, and a search cut short by its bound still finds only shortest
	// experiments (the levels it completes, then the one it probes).
	quick := cfg
	if quick.MaxSituations == 0 || quick.MaxSituations > quickSituations {
		quick.MaxSituations = quickSituations
	}
	res, err := search(quick)
	if err != nil {
		return Answer{}, err
	}
	if res.Experiment != nil || !res.OutOfBudget || quick.MaxSituations == cfg.MaxSituations {
		ans.Result, ans.Ran = res, true
	}
	if res.Experiment != nil && cfg.Decisive && res.Decisive == nil && res.OutOfBudget && quick.MaxSituations != cfg.MaxSituations {
		// The short search's bound stopped the search for a decisive
		// experiment: the full one looks further.
		res, err = search(cfg)
		if err != nil {
			return Answer{}, err
		}
		ans.Result = res
	}
	if res.Experiment != nil {
		ans.Elapsed = time.Since(start)
		return ans, nil
	}
	dec, err := Decide(DecideConfig{A: cfg.A, B: cfg.B, Viewers: cfg.Viewers, MaxBeliefs: cfg.MaxBeliefs})
	if err != nil {
		return Answer{}, err
	}
	ans.Decision = dec
	if !dec.Indistinguishable && !ans.Ran {
		ans.Result, err = search(cfg)
		ans.Ran = true
		if err != nil {
			return Answer{}, err
		}
	}
	ans.Elapsed = time.Since(start)
	return ans, nil
}

// quickSituations bounds the search Compare runs before the decision.
const quickSituations = 5_000

// Statement says in one sentence what the answer is when no experiment
// was found (with one, Result.Statement): indistinguishable, or bounded
// and undecided, naming the bound and the flag that raises it.
func (a Answer) Statement() string {
	switch {
	case a.Result.Experiment != nil:
		return a.Result.Statement() + "; " + decisiveStatement(a.Experiment())
	case a.Result.Equivalent:
		return "indistinguishable: " + a.Result.Statement()
	case a.Indistinguishable() && a.Decision.Reduced == a.Decision.Projections:
		return fmt.Sprintf("indistinguishable: no experiment of any length tells %s from %s "+
			"(decided exactly: the knobs they differ in are read by no view, given the others)", a.A, a.B)
	case a.Indistinguishable():
		return fmt.Sprintf("indistinguishable: no experiment of any length tells %s from %s "+
			"(decided exactly over %s)", a.A, a.B, count.Of(a.Decision.Beliefs, "symbolic belief state"))
	case a.Decision.Distinguishable:
		return fmt.Sprintf("undecided: an experiment tells %s from %s (the exact decision meets a view they predict differently "+
			"after %d symbolic steps, actions and timers), but the search for it is %s", a.A, a.B, a.Decision.Depth, a.Result.Statement())
	}
	return fmt.Sprintf("bounded at %s, undecided: the exact decision stopped at its bound (--max-beliefs raises it), "+
		"and the search for an experiment is %s", count.Of(a.Decision.MaxBeliefs, "symbolic belief state"), a.Result.Statement())
}

// decisiveStatement says whether e is decisive, and when it is not, which
// photos decide nothing and how far the search for a decisive one looked.
func decisiveStatement(e *Experiment) string {
	switch {
	case e.Decisive && e.Length == e.Shortest:
		return "it is decisive: whatever its last view shows tells them apart"
	case e.Decisive:
		return fmt.Sprintf("it may show a photo both allow; the shortest decisive one, whatever its last view shows, has %s", stepsOf(e.Length))
	}
	text := fmt.Sprintf("it is not decisive: %s, possible under both, decides nothing", photos(e.Undeciding(), "or"))
	if e.NoDecisive != "" {
		text += "; " + e.NoDecisive
	}
	return text
}
