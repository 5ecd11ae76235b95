package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"photosync/model"
	"photosync/scenario"
)

// Exit codes.
const (
	exitOK       = 0 // every checked line holds
	exitMismatch = 1 // some checked line does not hold
	exitUsage    = 2 // bad input: a bad flag, file, scenario or rules file
)

const usage = `photosync checks how a user's profile photo spreads across Microsoft 365.

Usage:
  photosync check [--rules NAME|FILE] [--json] [--out DIR] [--viewers N] [--max-states N] [--max-depth N]
        check every property of the catalog exhaustively under a rule set
        (default observed); print each with holds or violated and, under each
        violation, its shortest counterexample as a scenario; a rules file is
        judged beside its base rule set; --out DIR writes NAME.scenario,
        NAME.md and NAME.svg for each violation
        (exit 0: every invariant holds, 1: one does not, 2: bad input)
  photosync diff [--plan] [--viewers N] [--max-depth N] [--max-situations N] --rules A --rules B
        the shortest experiment after which some view can show a photo under
        one rule set that it cannot under the other, as a scenario that
        passes under A and fails under B (--plan: as steps for a real tenant)
        (exit 0: found, 1: none within the bound, 2: bad input)
  photosync report [--rules NAME|FILE] [--viewers N] [--out DIR] FILE.scenario...
        write a bug report of each scenario: FILE.md (steps, expected,
        actual, timeline) and FILE.svg (the timeline as a picture)
  photosync properties
        list the property catalog: names, kinds, docs, claims and rules
  photosync run [--rules NAME|FILE] [--viewers N] FILE...
        run scenarios; print one line per expect, observe and violates line
        (exit 0: all hold, 1: some do not, 2: bad input)
  photosync rules [NAME|FILE]
        print a rule set (default observed): its name, base, description
        and every knob with its value
  photosync help
        print this help

Rule sets: observed, documented, ideal, or a rules file (SPEC §5).
`

// cli is the command line with what it reads from the world: files and
// the judge of violates lines. Tests replace them.
type cli struct {
	stdout, stderr io.Writer
	load           scenario.Loader
	judge          func(viewers int) scenario.Judge
}

// run is main without the process: it returns the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	c := cli{stdout: stdout, stderr: stderr, load: os.ReadFile, judge: newJudge}
	return c.main(args)
}

func (c cli) main(args []string) int {
	if len(args) == 0 {
		fmt.Fprint(c.stderr, usage)
		return exitUsage
	}
	switch args[0] {
	case "run":
		return c.run(args[1:])
	case "rules":
		return c.rules(args[1:])
	case "check":
		return c.check(args[1:])
	case "diff":
		return c.diff(args[1:])
	case "report":
		return c.report(args[1:])
	case "properties":
		return c.properties(args[1:])
	case "help", "-h", "-help", "--help":
		fmt.Fprint(c.stdout, usage)
		return exitOK
	}
	fmt.Fprintf(c.stderr, "photosync: unknown command %q (want check, run, diff, report, properties, rules or help)\n", args[0])
	return exitUsage
}

// viewersFlag adds --viewers, which every command that runs the model takes.
func viewersFlag(fs *flag.FlagSet) *int {
	return fs.Int("viewers", 2, fmt.Sprintf("how many viewers take part (1 to %d: subject, observer, observer2, …)", model.MaxViewers))
}

// badViewers reports a --viewers value out of range on stderr.
func (c cli) badViewers(cmd string, n int) bool {
	if n >= 1 && n <= model.MaxViewers {
		return false
	}
	fmt.Fprintf(c.stderr, "photosync %s: --viewers %d (want 1 to %d)\n", cmd, n, model.MaxViewers)
	return true
}

// flags returns a flag set for a subcommand that reports to the cli's
// writers.
func (c cli) flags(name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: photosync %s %s\n", name, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses a subcommand's flags; done reports that the command is over,
// with that exit code (after -h, or on a bad flag).
func parse(fs *flag.FlagSet, args []string, stdout io.Writer) (code int, done bool) {
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fs.SetOutput(stdout)
		fs.Usage()
		return exitOK, true
	case err != nil:
		return exitUsage, true
	}
	return 0, false
}

// run is `photosync run`: every file is run, whatever the others did; the
// exit code is the worst.
func (c cli) run(args []string) int {
	fs := c.flags("run", "[--rules NAME|FILE] [--viewers N] FILE...")
	rules := fs.String("rules", "", "run under this rule set (a name or a rules file) instead of each scenario's `rules` line")
	viewers := viewersFlag(fs)
	if code, done := parse(fs, args, c.stdout); done {
		return code
	}
	if c.badViewers("run", *viewers) {
		return exitUsage
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(c.stderr, "photosync run: no scenario files (want at least one FILE)")
		return exitUsage
	}
	opts := scenario.Options{Judge: c.judge(*viewers), Viewers: *viewers}
	code := exitOK
	for _, file := range fs.Args() {
		res, err := c.runFile(file, *rules, opts)
		if err != nil {
			fmt.Fprintln(c.stderr, err)
			code = max(code, exitUsage)
			continue
		}
		fmt.Fprint(c.stdout, res)
		if !res.OK() {
			code = max(code, exitMismatch)
		}
	}
	return code
}

func (c cli) runFile(file, rules string, opts scenario.Options) (scenario.Result, error) {
	data, err := c.load(file)
	if err != nil {
		return scenario.Result{}, err
	}
	sc, err := scenario.Parse(file, data)
	if err != nil {
		return scenario.Result{}, err
	}
	r, err := scenario.ResolveRules(sc, rules, c.load)
	if err != nil {
		return scenario.Result{}, err
	}
	return scenario.Run(sc, r, opts)
}

// rules is `photosync rules`: the effective knobs of a rule set.
func (c cli) rules(args []string) int {
	fs := c.flags("rules", "[NAME|FILE]")
	if code, done := parse(fs, args, c.stdout); done {
		return code
	}
	if fs.NArg() > 1 {
		fmt.Fprintf(c.stderr, "photosync rules: %d rule sets (want at most one NAME|FILE)\n", fs.NArg())
		return exitUsage
	}
	ref := "observed"
	if fs.NArg() == 1 {
		ref = fs.Arg(0)
	}
	r, err := scenario.LoadRules(ref, ".", c.load)
	if err != nil {
		fmt.Fprintf(c.stderr, "photosync rules: %v\n", err)
		return exitUsage
	}
	fmt.Fprint(c.stdout, describeRules(r))
	return exitOK
}

// describeRules writes a rule set: its name, base and description, then
// each knob in catalog order with its value, "default" when it equals
// observed's, and its doc.
func describeRules(r model.Rules) string {
	var b strings.Builder
	base := r.Base
	if base == "" {
		base = "(built in)"
	}
	fmt.Fprintf(&b, "rules:       %s\nbase:        %s\ndescription: %s\n\n", r.Name, base, r.Description)
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	observed := model.Observed()
	for _, k := range model.Knobs() {
		mark := ""
		if k.Get(r) == k.Get(observed) {
			mark = "default"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", k.Name, k.Get(r), mark, k.Doc)
	}
	tw.Flush()
	return b.String()
}
