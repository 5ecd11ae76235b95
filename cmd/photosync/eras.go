package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"photosync/properties/explore"
	"photosync/srcpos"
	"photosync/verdicts"
)

// Exit codes as the usage of `photosync eras` states them.
const exitsEras = "0 every verdict is decided, 1 a bound left one unknown, 2 bad input, 3 internal error"

// eras is `photosync eras`: every property of the catalog under every
// named rule set (the report's three, then the eras of SPEC §6), as one
// table (verdicts.Eras), and what each era changed since the report.
func (c cli) eras(args []string) int {
	fs := c.flags("eras", "[--json] [--out DIR] [--viewers N] [--max-states N] [--max-steps N] [--timeout D] [--timing]", exitsEras)
	asJSON := fs.Bool("json", false, "print one JSON object instead of the table")
	out := fs.String("out", "", "write the table as "+verdicts.Page+" and "+verdicts.Picture+" into the directory `DIR`, "+
		"and each violated cell's counterexample as RULESET/PROPERTY.scenario, .md and .svg there (removing those of "+
		"cells no longer violated; other files are left alone)")
	viewers := viewersFlag(fs)
	maxStates := fs.Int("max-states", 0, "keep at most this many states per rule set (0: no bound); a verdict the bound cuts short is unknown")
	maxSteps := maxStepsFlag(fs, "a counterexample or witness")
	timeout := timeoutFlag(fs)
	timing := fs.Bool("timing", false, "say how long each exploration took (the output then differs from run to run)")
	if code, done := c.parse(fs, args); done {
		return code
	}
	switch {
	case fs.NArg() > 0:
		return c.fail("eras", exitUsage, "unexpected argument %s (want only flags)", srcpos.Quote(fs.Arg(0)))
	case c.badViewers("eras", *viewers):
		return exitUsage
	case *maxStates < 0:
		return c.fail("eras", exitUsage, "--max-states %d (want a number ≥ 0)", *maxStates)
	case *maxSteps < 1:
		return c.fail("eras", exitUsage, "--max-steps %d (want a number ≥ 1)", *maxSteps)
	case *timeout < 0:
		return c.fail("eras", exitUsage, "--timeout %s (want a duration ≥ 0)", *timeout)
	}
	if *out != "" {
		if info, err := os.Stat(*out); err == nil && !info.IsDir() {
			return c.fail("eras", exitUsage, "--out %s: not a directory (want a directory, new or not)", *out)
		}
	}
	t, err := verdicts.Eras(explore.Config{Viewers: *viewers, MaxStates: *maxStates, Stop: stopAfter(*timeout)}, c.explorer())
	if err != nil { // a counterexample that does not replay, an invalid catalog: the checker's bug
		return c.fail("eras", exitInternal, "%v", err)
	}
	t.MaxSteps = *maxSteps
	if *out != "" {
		if err := t.WriteFiles(*out); err != nil {
			return c.fail("eras", writeCode(err), "%v", err)
		}
	}
	if *asJSON {
		verdicts.WriteJSON(c.stdout, t.Report(*timing))
	} else {
		fmt.Fprint(c.stdout, t.Text(*timing))
	}
	if !t.Complete() {
		return exitMismatch
	}
	return exitOK
}

// writeCode says whose a write's error is: the directory's (exitUsage)
// or the checker's (exitInternal, a counterexample it cannot report).
func writeCode(err error) int {
	if _, ok := errors.AsType[*fs.PathError](err); ok {
		return exitUsage
	}
	return exitInternal
}
