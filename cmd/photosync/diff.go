package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"

	"photosync/count"
	"photosync/experiment"
	"photosync/model"
	"photosync/scenario"
	"photosync/srcpos"
)

// diff is `photosync diff`: the shortest experiment that tells two rule sets
// apart, as a scenario that passes under the first and fails under the
// second, or with --plan as steps for a real tenant: the shortest decisive
// one (whatever its last view shows decides) when the search finds one
// within its bounds (--max-decisive), else the shortest, saying which
// photos of its last view decide nothing; or that no experiment of
// any length tells them apart (indistinguishable, decided exactly); or that
// a bound left it undecided. Exit 0: found; 1: indistinguishable or
// undecided, with a sentence saying which; 2: bad input; 3: an experiment
// that does not replay, or another error of the search.
func (c cli) diff(args []string) int {
	fs := c.flags("diff", "[--plan] [--json] [--viewers N] [--max-depth N] [--max-situations N] [--max-decisive N] [--max-beliefs N] --rules A --rules B", exitsDiff)
	var rules rulesList
	fs.Var(&rules, "rules", "a rule set `NAME|FILE` to tell apart (a name or a rules file); give it exactly twice: A, then B")
	plan := fs.Bool("plan", false, "print the experiment as numbered steps for a real tenant instead of a scenario")
	viewers := viewersFlag(fs)
	maxDepth := fs.Int("max-depth", experiment.DefaultMaxDepth, "try experiments of at most this many steps (actions and waits)")
	maxSituations := fs.Int("max-situations", experiment.DefaultMaxSituations, "stop after this many distinct situations")
	maxDecisive := fs.Int("max-decisive", experiment.DefaultMaxDecisive, "once the shortest experiment is found, look for a decisive one (whatever its last view shows decides) among at most this many distinct situations in all")
	maxBeliefs := fs.Int("max-beliefs", experiment.DefaultMaxBeliefs, "the exact decision of indistinguishability keeps at most this many symbolic belief states")
	asJSON := fs.Bool("json", false, "print the answer as JSON: experiment (scenario text or null), indistinguishable, bounded, statement")
	if code, done := c.parse(fs, args); done {
		return code
	}
	switch {
	case fs.NArg() > 0:
		return c.fail("diff", exitUsage, "unexpected argument %s (want only flags)", srcpos.Quote(fs.Arg(0)))
	case len(rules) != 2:
		return c.fail("diff", exitUsage, "--rules given %s (want twice: --rules A --rules B)", count.Times(len(rules)))
	case c.badViewers("diff", *viewers):
		return exitUsage
	case *maxDepth < 1:
		return c.fail("diff", exitUsage, "--max-depth %d (want at least 1)", *maxDepth)
	case *maxSituations < 1:
		return c.fail("diff", exitUsage, "--max-situations %d (want at least 1)", *maxSituations)
	case *maxDecisive < 1:
		return c.fail("diff", exitUsage, "--max-decisive %d (want at least 1)", *maxDecisive)
	case *maxBeliefs < 1:
		return c.fail("diff", exitUsage, "--max-beliefs %d (want at least 1)", *maxBeliefs)
	case *asJSON && *plan:
		return c.fail("diff", exitUsage, "--json and --plan together (want one: the JSON carries the experiment as a scenario)")
	}
	var sets [2]model.Rules
	for i, ref := range rules {
		r, err := scenario.LoadRules(ref, ".", c.rulesLoader())
		if err != nil {
			return c.fail("diff", exitUsage, "%v", err)
		}
		sets[i] = r
	}
	ans, err := experiment.Compare(experiment.Config{A: sets[0], B: sets[1], Viewers: *viewers,
		MaxDepth: *maxDepth, MaxSituations: *maxSituations, MaxBeliefs: *maxBeliefs,
		Decisive: true, MaxDecisive: *maxDecisive}, c.runSearch)
	if err != nil { // the flags were checked above: the search's own error
		return c.fail("diff", exitInternal, "%v", err)
	}
	e := ans.Experiment()
	if e == nil {
		if *asJSON {
			return c.diffJSON(ans, nil, nil)
		}
		fmt.Fprintln(c.stdout, ans.Statement())
		return exitMismatch
	}
	ref, note := rulesRef(rules[0])
	if note != "" && !*plan { // a plan names the rule sets, not files
		fmt.Fprintf(c.stderr, "photosync diff: %s\n", note)
	}
	e.RulesRef = ref
	// An experiment is printed only once the scenario runner agrees with it.
	if err := e.Check(c.rulesLoader()); err != nil {
		return c.fail("diff", exitInternal, "%v", err)
	}
	switch {
	case *asJSON:
		text := e.Scenario()
		return c.diffJSON(ans, &text, e)
	case *plan:
		fmt.Fprint(c.stdout, e.Plan())
	default:
		fmt.Fprint(c.stdout, e.Scenario())
	}
	return exitOK
}

// diffJSON is the answer of diff --json: the experiment as scenario text
// (null when none), its steps, whether it is decisive, which photos of its
// last view decide nothing, whether a bound stopped the search for a
// decisive one, the length of the shortest experiment (decisive or not),
// whether the rule sets are indistinguishable,
// whether a bound left it undecided, and the sentence the text output
// prints.
func (c cli) diffJSON(ans experiment.Answer, scenarioText *string, e *experiment.Experiment) int {
	out := struct {
		A                 string   `json:"a"`
		B                 string   `json:"b"`
		Experiment        *string  `json:"experiment"`
		Steps             int      `json:"steps"`
		Decisive          bool     `json:"decisive"`
		DecidesNothing    []string `json:"decides_nothing"`
		DecisiveBounded   bool     `json:"decisive_bounded"`
		Shortest          int      `json:"shortest"`
		Indistinguishable bool     `json:"indistinguishable"`
		Bounded           bool     `json:"bounded"`
		Statement         string   `json:"statement"`
		Beliefs           int      `json:"beliefs"`
	}{A: ans.A, B: ans.B, Experiment: scenarioText, DecidesNothing: []string{}, DecisiveBounded: ans.Result.DecisiveBounded(),
		Indistinguishable: ans.Indistinguishable(), Bounded: ans.Bounded(), Statement: ans.Statement(), Beliefs: ans.Decision.Beliefs}
	if e != nil {
		out.Steps, out.Decisive, out.Shortest = e.Length, e.Decisive, e.Shortest
		for _, p := range e.Undeciding() {
			out.DecidesNothing = append(out.DecidesNothing, p.String())
		}
	}
	data, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return c.fail("diff", exitInternal, "%v", err)
	}
	fmt.Fprintf(c.stdout, "%s\n", data)
	if scenarioText == nil {
		return exitMismatch
	}
	return exitOK
}

// rulesRef returns how the experiment's rules line names A, given as ref:
// a built-in rule set by its name; a rules file by its absolute path, since
// a scenario resolves a rules file relative to its own directory and the
// experiment may be saved anywhere. A path that cannot stand on a rules
// line (a space, a #) gives "", so that the experiment writes A's knobs as
// set lines, and a note that says so.
func rulesRef(ref string) (string, string) {
	if _, err := model.Named(ref); err == nil {
		return ref, ""
	}
	abs, err := filepath.Abs(ref)
	if err == nil && scenario.IsToken(abs) {
		return abs, ""
	}
	return "", fmt.Sprintf("note: the path of %s cannot stand on a scenario's rules line; the experiment sets its knobs instead "+
		"(under photosync run --rules B they apply on top of B)", srcpos.Clip(ref))
}
