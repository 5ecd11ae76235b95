package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"photosync/counterexamples"
	"photosync/model"
	"photosync/properties"
	"photosync/properties/explore"
	"photosync/scenario"
	"photosync/srcpos"
	"photosync/verdicts"
)

// check is `photosync check`: every property of the catalog under a rule
// set, explored exhaustively.
func (c cli) check(args []string) int {
	fs := c.flags("check", "[--rules NAME|FILE] [--json] [--timing] [--coverage] [--scenario-only] [--out DIR] [--viewers N] [--max-states N] [--max-projection-states N] [--max-depth N] [--max-steps N] [--timeout D]", exitsCheck)
	var rulesFlag rulesList
	fs.Var(&rulesFlag, "rules", "check the rule set `NAME|FILE`: a name or a rules file; at most once (default observed)")
	asJSON := fs.Bool("json", false, "print one JSON object instead of text")
	coverage := fs.Bool("coverage", false, "also print rule coverage: how many explored transitions exercised each rule R1–R21 (and each of its clauses) and read each knob value, and which rules none reached; each projection then explores to its end, which takes longer")
	timing := fs.Bool("timing", false, "say how long the exploration took (the output then differs from run to run)")
	scenarioOnly := fs.Bool("scenario-only", false, "print only the counterexamples, bare, one scenario per violated property, separated by a blank line (replay one with photosync run; --out writes each to its own file)")
	viewers := viewersFlag(fs)
	maxStates := fs.Int("max-states", 0, "keep at most this many states in all (0: no bound)")
	maxProjection := fs.Int("max-projection-states", explore.DefaultMaxProjectionStates, "keep at most this many states in each projection (0: no bound); a projection stopped there leaves its properties unknown, the others go on")
	maxDepth := fs.Int("max-depth", 0, "do not look deeper than this many steps (0: no bound)")
	maxSteps := maxStepsFlag(fs, "a counterexample or witness")
	timeout := timeoutFlag(fs)
	out := fs.String("out", "", "write NAME.scenario, NAME.md and NAME.svg for each violated property into the directory `DIR`, and remove those of the properties that are not violated (other files are left alone)")
	if code, done := c.parse(fs, args); done {
		return code
	}
	rules, ok := rulesFlag.one(c, "check", "observed")
	switch {
	case !ok:
		return exitUsage
	case fs.NArg() > 0:
		return c.fail("check", exitUsage, "unexpected argument %s (want only flags)", srcpos.Quote(fs.Arg(0)))
	case c.badViewers("check", *viewers):
		return exitUsage
	case *maxStates < 0 || *maxDepth < 0 || *maxProjection < 0:
		return c.fail("check", exitUsage, "--max-states, --max-projection-states and --max-depth take a number ≥ 0")
	case *maxSteps < 1:
		return c.fail("check", exitUsage, "--max-steps %d (want a number ≥ 1)", *maxSteps)
	case *timeout < 0:
		return c.fail("check", exitUsage, "--timeout %s (want a duration ≥ 0)", *timeout)
	case *coverage && *scenarioOnly:
		return c.fail("check", exitUsage, "--coverage and --scenario-only: --scenario-only prints only the counterexamples (want one of them)")
	case *asJSON && *scenarioOnly:
		return c.fail("check", exitUsage, "--json and --scenario-only both say what to print (want one of them)")
	}
	r, err := scenario.LoadRules(rules, ".", c.rulesLoader())
	if err != nil {
		return c.fail("check", exitUsage, "%v", err)
	}
	if *out != "" {
		if err := checkOutDir(*out, rules); err != nil {
			return c.fail("check", exitUsage, "%v", err)
		}
	}
	cfg := explore.Config{Rules: r, Viewers: *viewers, MaxStates: *maxStates, MaxProjectionStates: *maxProjection,
		MaxDepth: *maxDepth, Coverage: *coverage, Stop: stopAfter(*timeout)}
	t, err := verdicts.Check(cfg, c.explorer())
	if err != nil { // an invalid catalog, a counterexample that does not replay: the checker's bug, never a finding
		return c.fail("check", exitInternal, "%v", err)
	}
	t.MaxSteps = *maxSteps
	if t.Told != nil {
		t.Told.Diff = fmt.Sprintf("photosync diff --rules %s --rules %s", t.Columns[t.Columns[0].Base].Name, srcpos.Clip(rules))
	}
	res := t.Columns[0].Result
	if *out != "" {
		if err := verdicts.WriteViolations(*out, r, *viewers, *maxSteps, res); err != nil {
			return c.fail("check", writeCode(err), "%v", err)
		}
	}
	switch {
	case *asJSON:
		verdicts.WriteJSON(c.stdout, t.CheckReport(*timing))
	case *scenarioOnly:
		c.checkScenarios(r, res, *maxSteps)
	default:
		fmt.Fprint(c.stdout, t.CheckText(*timing))
	}
	for _, v := range res.Verdicts {
		if v.Property.Kind == properties.Invariant && !v.Verdict.Held() {
			return exitMismatch
		}
	}
	return exitOK
}

// explorer is the explorer the commands use: a test's, or explore.Explore.
func (c cli) explorer() verdicts.Explorer {
	if c.runExplore != nil {
		return c.runExplore
	}
	return explore.Explore
}

// checkOutDir checks that --out DIR can take the files of every property:
// it is a directory if it exists, and none of the files check writes or
// removes there is the rules file it reads.
func checkOutDir(dir, rules string) error {
	if info, err := os.Stat(dir); err == nil && !info.IsDir() {
		return fmt.Errorf("--out %s: not a directory (want a directory, new or not)", dir)
	}
	if _, err := model.Named(rules); err == nil {
		return nil
	}
	for _, p := range properties.Catalog() {
		for _, ext := range verdicts.OutputExts {
			if out := filepath.Join(dir, p.Name+ext); samePath(out, rules) {
				return fmt.Errorf("--out %s would overwrite or remove %s, the rules file read (want another directory)", dir, rules)
			}
		}
	}
	return nil
}

// checkScenarios prints the counterexamples alone, bare, a blank line
// between two; one longer than maxSteps steps as its summary.
func (c cli) checkScenarios(r model.Rules, res explore.Result, maxSteps int) {
	var b strings.Builder
	for _, v := range res.Verdicts {
		if v.Example == nil {
			continue
		}
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		text, _ := counterexamples.Bounded(r, v.Example, maxSteps)
		b.WriteString(text)
	}
	fmt.Fprint(c.stdout, b.String())
}
