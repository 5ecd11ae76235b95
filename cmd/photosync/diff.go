package main

import (
	"fmt"
	"strings"

	"photosync/experiment"
	"photosync/model"
	"photosync/scenario"
)

// rulesList is a repeatable --rules flag: each use adds one rule set.
type rulesList []string

// String joins the rule sets given so far.
func (l *rulesList) String() string { return strings.Join(*l, ", ") }

// Set adds one rule set.
func (l *rulesList) Set(ref string) error {
	*l = append(*l, ref)
	return nil
}

// diff is `photosync diff`: the shortest experiment that tells two rule sets
// apart, as a scenario that passes under the first and fails under the
// second, or with --plan as steps for a real tenant. Exit 0: found; 1: none
// within the bounds, with a sentence saying what was tried; 2: bad input.
func (c cli) diff(args []string) int {
	fs := c.flags("diff", "[--plan] [--viewers N] [--max-depth N] [--max-situations N] --rules A --rules B")
	var rules rulesList
	fs.Var(&rules, "rules", "a rule set to tell apart (a name or a rules file); give it exactly twice: A, then B")
	plan := fs.Bool("plan", false, "print the experiment as numbered steps for a real tenant instead of a scenario")
	viewers := viewersFlag(fs)
	maxDepth := fs.Int("max-depth", experiment.DefaultMaxDepth, "try experiments of at most this many steps (actions and waits)")
	maxSituations := fs.Int("max-situations", experiment.DefaultMaxSituations, "stop after this many distinct situations")
	if code, done := parse(fs, args, c.stdout); done {
		return code
	}
	switch {
	case fs.NArg() > 0:
		fmt.Fprintf(c.stderr, "photosync diff: unexpected argument %q (want only flags)\n", fs.Arg(0))
		return exitUsage
	case len(rules) != 2:
		fmt.Fprintf(c.stderr, "photosync diff: --rules given %d times (want exactly two: --rules A --rules B)\n", len(rules))
		return exitUsage
	case c.badViewers("diff", *viewers):
		return exitUsage
	case *maxDepth < 1:
		fmt.Fprintf(c.stderr, "photosync diff: --max-depth %d (want at least 1)\n", *maxDepth)
		return exitUsage
	case *maxSituations < 1:
		fmt.Fprintf(c.stderr, "photosync diff: --max-situations %d (want at least 1)\n", *maxSituations)
		return exitUsage
	}
	var sets [2]model.Rules
	for i, ref := range rules {
		r, err := scenario.LoadRules(ref, ".", c.load)
		if err != nil {
			fmt.Fprintf(c.stderr, "photosync diff: %v\n", err)
			return exitUsage
		}
		sets[i] = r
	}
	res, err := experiment.Search(experiment.Config{A: sets[0], B: sets[1], Viewers: *viewers,
		MaxDepth: *maxDepth, MaxSituations: *maxSituations})
	if err != nil {
		fmt.Fprintf(c.stderr, "photosync diff: %v\n", err)
		return exitUsage
	}
	e := res.Experiment
	if e == nil {
		fmt.Fprintln(c.stdout, res.Statement())
		return exitMismatch
	}
	e.RulesRef = rules[0] // `rules A` as the user named it, so that run --rules B replaces it whole
	// An experiment is printed only once the scenario runner agrees with it.
	if err := e.Check(c.load); err != nil {
		fmt.Fprintf(c.stderr, "photosync diff: internal error: %v\n", err)
		return exitUsage
	}
	if *plan {
		fmt.Fprint(c.stdout, e.Plan())
	} else {
		fmt.Fprint(c.stdout, e.Scenario())
	}
	return exitOK
}
