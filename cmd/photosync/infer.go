package main

import (
	"errors"
	"fmt"
	"time"

	"photosync/experiment"
	"photosync/infer"
	"photosync/model"
	"photosync/scenario"
	"photosync/verdicts"
)

// defaultInferStates bounds the possible states of every group together.
// It is lower than run's: each group keeps a Set of its own, and a log
// without observations keeps thousands of groups, each with the states no
// observation narrowed (a 1,000-line log of unchecked changes and views
// reached 20,000 at its 38th line in 2 s and 390 MB; 100,000 took 3 GB).
const defaultInferStates = 20_000

const exitsInfer = "0 a candidate fits every log, 1 none does or a bound stopped the run, 2 bad input, 3 internal error"

// inferFlags are the options of `photosync infer`.
type inferFlags struct {
	space               string
	json, plan, next    bool
	viewers, maxDepth   int
	maxStates, maxGroup int
	// the next experiment's bounds
	maxSituations, maxSearchGroups int
	timeout                        *time.Duration
}

// infer is `photosync infer`: which candidate rule sets fit the logs, what
// they settle, and the next experiment.
func (c cli) infer(args []string) int {
	fs := c.flags("infer", "[--space FILE] [--json] [--plan] [--max-depth N] [--viewers N] [--max-states N] [--max-groups N] [--max-situations N] [--max-search-groups N] [--timeout D] LOG...", exitsInfer)
	var f inferFlags
	fs.StringVar(&f.space, "space", "", "the candidates, a space `FILE` ({\"base\": …, \"vary\": {…}, \"named\": true}); default: observed, every enumerated and boolean knob over all its values, and the named rule sets")
	fs.BoolVar(&f.json, "json", false, "print the answer as JSON")
	fs.BoolVar(&f.plan, "plan", false, "write the next experiment as steps for a person, each outcome with what it would settle")
	fs.BoolVar(&f.next, "next", true, "search for the next experiment (--next=false: only the answer)")
	fs.IntVar(&f.viewers, "viewers", 2, fmt.Sprintf("how many viewers the next experiment may use (1 to %d)", model.MaxViewers))
	fs.IntVar(&f.maxDepth, "max-depth", experiment.DefaultMaxDepth, "the next experiment has at most this many steps (actions and waits)")
	fs.IntVar(&f.maxStates, "max-states", defaultInferStates, "stop at the line where every group of candidates together would track more than this many possible states (0: no bound but memory's, 1 GiB)")
	fs.IntVar(&f.maxGroup, "max-groups", infer.DefaultMaxGroups, "stop at the line where the logs would keep more than this many groups of candidates apart")
	fs.IntVar(&f.maxSituations, "max-situations", infer.DefaultMaxWork, "the search for the next experiment explores at most this many situations times groups of candidates at each depth")
	fs.IntVar(&f.maxSearchGroups, "max-search-groups", infer.DefaultMaxSearchGroups, "the search for the next experiment keeps at most this many groups of candidates apart")
	f.timeout = timeoutFlag(fs)
	if code, done := c.parse(fs, args); done {
		return code
	}
	switch {
	case fs.NArg() == 0:
		return c.fail("infer", exitUsage, "no log files (want at least one LOG: actions and observe lines)")
	case c.badViewers("infer", f.viewers):
		return exitUsage
	case f.maxDepth < 1:
		return c.fail("infer", exitUsage, "--max-depth %d (want at least 1)", f.maxDepth)
	case f.maxStates < 0:
		return c.fail("infer", exitUsage, "--max-states %d (want a number ≥ 0)", f.maxStates)
	case f.maxGroup < 1:
		return c.fail("infer", exitUsage, "--max-groups %d (want at least 1)", f.maxGroup)
	case f.maxSituations < 1:
		return c.fail("infer", exitUsage, "--max-situations %d (want at least 1)", f.maxSituations)
	case f.maxSearchGroups < 1:
		return c.fail("infer", exitUsage, "--max-search-groups %d (want at least 1)", f.maxSearchGroups)
	case *f.timeout < 0:
		return c.fail("infer", exitUsage, "--timeout %s (want a duration ≥ 0)", *f.timeout)
	case f.json && f.plan:
		return c.fail("infer", exitUsage, "--json and --plan together (want one: the JSON carries the experiment as a scenario)")
	}
	sp := infer.Default()
	if f.space != "" {
		data, err := c.rulesLoader()(f.space)
		if err == nil {
			sp, err = infer.ReadSpace(f.space, data, c.rulesLoader())
		}
		if err != nil {
			return c.fail("infer", exitUsage, "%v", err)
		}
	}
	var logs []*scenario.Scenario
	for _, file := range fs.Args() {
		data, err := c.load(file)
		if err != nil {
			return c.fail("infer", exitUsage, "%v", err)
		}
		sc, err := scenario.Parse(file, data)
		if err != nil {
			return c.fail("infer", exitUsage, "%v", err)
		}
		logs = append(logs, sc)
	}
	stop := stopAfter(*f.timeout)
	r, err := infer.NewRound(sp, logs, infer.RoundOptions{
		Options: infer.Options{MaxStates: f.maxStates, MaxBytes: maxStateBytes, MaxGroups: f.maxGroup, Stop: stop},
		Next: infer.NextConfig{Viewers: f.viewers, MaxDepth: f.maxDepth,
			MaxWork: f.maxSituations, MaxGroups: f.maxSearchGroups},
		NoNext: !f.next})
	var bound *infer.BoundError
	var search *infer.SearchError
	switch {
	case errors.Is(err, infer.ErrStopped):
		fmt.Fprintf(c.stdout, "stopped after the time limit of %s (--timeout raises it)\n", *f.timeout)
		return exitMismatch
	case errors.As(err, &bound):
		fmt.Fprintln(c.stdout, bound)
		return exitMismatch
	case errors.As(err, &search):
		return c.fail("infer", exitInternal, "%v", search.Err)
	case err != nil:
		return c.fail("infer", exitUsage, "%v", err)
	}
	if f.json {
		if err := verdicts.WriteJSON(c.stdout, r.JSON()); err != nil {
			return c.fail("infer", exitInternal, "%v", err)
		}
	} else {
		r.WriteText(c.stdout, f.plan)
	}
	if r.Summary.Fitting == 0 {
		return exitMismatch
	}
	return exitOK
}
