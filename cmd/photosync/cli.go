package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"photosync/counterexamples"
	"runtime/debug"
	"strings"
	"text/tabwriter"
	"time"

	"photosync/count"
	"photosync/experiment"
	"photosync/model"
	"photosync/properties/explore"
	"photosync/scenario"
	"photosync/srcpos"
	"photosync/verdicts"
)

// Exit codes, the same for every command.
const (
	exitOK       = 0 // every checked line holds; every invariant holds; an experiment was found
	exitMismatch = 1 // a checked line does not hold, an invariant is violated or left unproven by a bound, no experiment within the bounds
	exitUsage    = 2 // bad input: a bad flag, file, scenario or rules file, an output that would overwrite an input
	exitInternal = 3 // the checker's own error: a counterexample that does not confirm, an experiment that does not replay
)

const usage = `photosync checks how a user's profile photo spreads across Microsoft 365.

Usage:
  photosync check [--rules NAME|FILE] [--json] [--timing] [--scenario-only] [--out DIR] [--viewers N] [--max-states N] [--max-projection-states N] [--max-depth N] [--max-steps N] [--timeout D]
        check every property of the catalog exhaustively under a rule set
        (default observed); print each with holds or violated and, under each
        violation, its shortest counterexample as a scenario; a rules file is
        judged beside its base rule set; --scenario-only prints only the
        counterexamples, bare, ready for photosync run; --out DIR writes
        NAME.scenario, NAME.md and NAME.svg for each violation and removes
        those of properties that are no longer violated; a counterexample
        of more than --max-steps steps (default 1000) is summarised, its
        repeated blocks written once with their count (the summary does not
        replay, and says so); --max-projection-states (default 1000000)
        stops a projection that holds that many states, its properties
        unknown, and says so; --timeout D stops the exploration after D,
        what it left unexplored unknown, and says so; --timing adds the time
        taken (without it, reruns print the same bytes)
        (exit 0: every invariant holds, 1: one does not or a bound left it
        unproven, 2: bad input, 3: internal error)
  photosync diff [--plan] [--viewers N] [--max-depth N] [--max-situations N] --rules A --rules B
        the shortest experiment after which some view can show a photo under
        one rule set that it cannot under the other, as a scenario that
        passes under A and fails under B (--plan: as steps for a real tenant);
        a rules file A is named by its absolute path, so that the scenario
        finds it wherever it is saved
        (exit 0: found, 1: none within the bound, 2: bad input, 3: internal error)
  photosync infer [--space FILE] [--json] [--plan] [--max-depth N] [--viewers N] [--max-states N] [--max-groups N] LOG...
        which candidate rule sets fit observation logs (scenarios of actions
        and observe lines, each from the start): how many fit, the knobs they
        all agree on (settled), the values still possible (open), the named
        rule sets that fit, or where the last ones dropped out; then the next
        experiment: among the shortest that the fitting candidates predict
        differently, the one whose worst outcome leaves the fewest, as lines
        to append to the last log (--plan: as steps for a person). The
        default space is observed with every enumerated and boolean knob
        over all its values, and the named rule sets; a space file reads
        {"base": "modern", "vary": {"sharepoint.window": ["24h", "72h"]},
        "named": true}; --json gives candidates, fitting, settled, open,
        named and next as data; --max-states (default 20000) bounds the
        possible states of every group of candidates together
        (exit 0: some candidate fits, 1: none does or a bound stopped it,
        2: bad input, 3: internal error)
  photosync report [--rules NAME|FILE] [--viewers N] [--max-states N] [--out DIR] FILE.scenario...
        write a bug report of each scenario: FILE.md (steps, expected,
        actual, timeline) and FILE.svg (the timeline as a picture); a report
        that would overwrite an input is refused; a scenario whose possible
        states, each judged apart, pass --max-states (default 100000) or
        1 GiB is not reported: "FILE:LINE: bounded at N possible states"
        (exit 0: written, 1: bounded, 2: bad input, 3: internal error)
  photosync properties
        list the property catalog: names, kinds, docs, claims and rules
        (exit 0, or 2 on a bad flag)
  photosync run [--rules NAME|FILE] [--viewers N] [--max-states N] FILE...
        run scenarios; print one line per expect, observe and violates line
        ("FILE: 0 checks" for a scenario without one); a run whose possible
        states pass --max-states (default 100000; 0: no bound) or 1 GiB
        stops there: "FILE:LINE: bounded at N possible states"
        (exit 0: all hold, 1: some do not or a run was bounded,
        2: bad input, 3: internal error)
  photosync eras [--json] [--out DIR] [--viewers N] [--max-states N] [--max-steps N] [--timeout D] [--timing]
        one table of every property of the catalog under every named rule
        set (observed, documented, ideal and the eras of the service since
        the report), holds, violated or unknown, then what each era changed
        since 2014: the invariants it breaks, the goals it makes hold;
        --out DIR writes the table as eras.md and eras.svg, each violated
        cell linked to its counterexample, written as
        DIR/RULESET/PROPERTY.scenario, .md and .svg; --max-states N bounds
        each rule set's exploration; --timeout D stops them all after D,
        leaving what they left unexplored unknown; --timing adds the time
        taken (exit 0: every verdict decided, 1: a bound left one unknown,
        2: bad input, 3: internal error)
  photosync rules [--list] [NAME|FILE]
        print a rule set (default observed): its name, base, description,
        for a named one its period and the facts it rests on, and every
        knob with its value; --list: one line per named rule set with its
        period, facts and the knobs it sets differently from observed
        (exit 0, or 2 on bad input)
  photosync serve [--addr HOST:PORT] [--timeout D] [--max-states N]
        the workbench and the JSON API in a browser, on
        http://127.0.0.1:8080/ (the first line printed is the address)
  photosync help [COMMAND]
        print this help, or that command's

Flags may come before or after file names; "--" ends them.

Rule sets: observed, documented, ideal, the eras sharepoint-2013,
exchange-online-2016, transition-2023 and modern (photosync rules --list),
or a rules file (SPEC §5) of at most 1 MiB. Scenario files are read up to
256 MiB; devices are refused.
Exit codes: 0 success, 1 a failed check, violation or bound, 2 bad input,
3 an internal error of the checker (a bug: please report it).
`

// cli is the command line with what it reads from the world: files and
// the judge of violates lines, and the engines it runs. Tests replace them.
type cli struct {
	stdout, stderr io.Writer
	load           scenario.Loader // reads a scenario file
	loadRules      scenario.Loader // reads a rules file; nil: load
	judge          func(viewers int) scenario.Judge
	runExplore     func(explore.Config) explore.Result                // nil: explore.Explore
	runSearch      func(experiment.Config) (experiment.Result, error) // nil: experiment.Search
}

// run is main without the process: it returns the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	c := cli{stdout: stdout, stderr: stderr, judge: newJudge,
		load:      scenario.FileLoader(scenario.MaxFileBytes),
		loadRules: scenario.FileLoader(model.MaxRulesFileBytes)}
	return c.main(args)
}

// rulesLoader returns the loader of rules files.
func (c cli) rulesLoader() scenario.Loader {
	if c.loadRules != nil {
		return c.loadRules
	}
	return c.load
}

// main runs a command and returns its exit code. A panic is the checker's
// bug: it is reported with its stack and exit 3, not Go's exit 2, which
// would read as bad input.
func (c cli) main(args []string) (code int) {
	defer func() {
		if p := recover(); p != nil {
			cmd := "photosync"
			if len(args) > 0 {
				cmd += " " + srcpos.Clip(args[0])
			}
			fmt.Fprintf(c.stderr, "%s: internal error: panic: %v\n%s", cmd, p, debug.Stack())
			code = exitInternal
		}
	}()
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
	case "eras":
		return c.eras(args[1:])
	case "infer":
		return c.infer(args[1:])
	case "serve":
		return c.serve(args[1:])
	case "help", "-h", "-help", "--help":
		if len(args) == 2 && args[0] == "help" && args[1] != "help" && !strings.HasPrefix(args[1], "-") {
			return c.main([]string{args[1], "-h"}) // that command's usage, or "unknown command"
		}
		fmt.Fprint(c.stdout, usage)
		return exitOK
	}
	fmt.Fprintf(c.stderr, "photosync: unknown command %s (want check, run, diff, infer, report, eras, properties, rules, serve or help)\n", srcpos.Quote(args[0]))
	return exitUsage
}

// fail reports an error of command cmd on stderr, "photosync CMD: …", and
// returns code.
func (c cli) fail(cmd string, code int, format string, args ...any) int {
	msg := fmt.Sprintf(format, args...)
	if code == exitInternal {
		msg = "internal error: " + msg
	}
	fmt.Fprintf(c.stderr, "photosync %s: %s\n", cmd, msg)
	return code
}

// viewersFlag adds --viewers, which every command that runs the model takes.
func viewersFlag(fs *flag.FlagSet) *int {
	return fs.Int("viewers", 2, fmt.Sprintf("how many viewers take part (1 to %d: subject, observer, observer2, …)", model.MaxViewers))
}

// maxStepsFlag is --max-steps: how long a counterexample, witness or
// timeline may be before it is summarised.
func maxStepsFlag(fs *flag.FlagSet, what string) *int {
	return fs.Int("max-steps", counterexamples.DefaultMaxSteps, "write "+what+" of at most this many steps whole; summarise a longer one (repeated blocks written once with their count)")
}

// timeoutFlag is --timeout of check, eras and infer: the command stops
// after D and says so, a bound, never an answer.
func timeoutFlag(fs *flag.FlagSet) *time.Duration {
	return fs.Duration("timeout", 0, "stop after `D`, a duration (30s, 5m; 0: no limit), and say so: a bound, never an answer")
}

// stopAfter is the Stop of a --timeout of d: nil for 0 (no limit), else
// true from d after now on.
func stopAfter(d time.Duration) func() bool {
	if d <= 0 {
		return nil
	}
	deadline := time.Now().Add(d)
	return func() bool { return !time.Now().Before(deadline) }
}

// badViewers reports a --viewers value out of range on stderr.
func (c cli) badViewers(cmd string, n int) bool {
	if n >= 1 && n <= model.MaxViewers {
		return false
	}
	c.fail(cmd, exitUsage, "--viewers %d (want 1 to %d)", n, model.MaxViewers)
	return true
}

// rulesList is a repeatable --rules flag: each use adds one rule set.
type rulesList []string

// String joins the rule sets given so far.
func (l *rulesList) String() string { return strings.Join(*l, ", ") }

// Set adds one rule set; "" is neither a name nor a file.
func (l *rulesList) Set(ref string) error {
	if ref == "" {
		return fmt.Errorf("want a rule set's name (%s) or a rules file", strings.Join(model.NamedRuleSets(), ", "))
	}
	*l = append(*l, ref)
	return nil
}

// one returns the one rule set given, or def when none was; ok is false
// when --rules was given more than once, which c has reported.
func (l rulesList) one(c cli, cmd, def string) (ref string, ok bool) {
	switch len(l) {
	case 0:
		return def, true
	case 1:
		return l[0], true
	}
	c.fail(cmd, exitUsage, "--rules given %s (want at most once)", count.Times(len(l)))
	return "", false
}

// flags returns a flag set for a subcommand; its usage is the synopsis, the
// flags and the exit codes.
func (c cli) flags(name, synopsis, exits string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: %s\n", strings.TrimSpace("photosync "+name+" "+synopsis))
		fs.PrintDefaults()
		fmt.Fprintf(fs.Output(), "exit: %s\n", exits)
	}
	return fs
}

// Exit codes as each command's usage states them.
const (
	exitsCheck  = "0 every invariant holds, 1 one is violated or a bound left it unproven, 2 bad input, 3 internal error"
	exitsRun    = "0 every checked line holds, 1 one does not or a run reached a bound, 2 bad input, 3 internal error"
	exitsDiff   = "0 an experiment was found, 1 indistinguishable, or undecided within the bounds, 2 bad input, 3 internal error"
	exitsReport = "0 every report was written, 1 a scenario reached a bound, 2 bad input, 3 internal error"
	exitsOther  = "0 done, 2 bad input"
)

// parse parses a subcommand's flags, which may come before, between and
// after its file names (as go test, git and kubectl take them), "--" ending
// them; fs.Args() then holds the file names. done reports that the command
// is over, with that exit code: after -h, which prints the usage on stdout,
// or on a bad flag, which prints one line on stderr.
func (c cli) parse(fs *flag.FlagSet, args []string) (code int, done bool) {
	fs.SetOutput(io.Discard) // the flag package's own message and usage
	flags, files := splitFlags(fs, args)
	err := fs.Parse(flags)
	if err == nil {
		err = fs.Parse(append([]string{"--"}, files...)) // flags stay set; Args becomes files
	}
	switch {
	case errors.Is(err, flag.ErrHelp):
		fs.SetOutput(c.stdout)
		fs.Usage()
		return exitOK, true
	case err != nil:
		return c.fail(fs.Name(), exitUsage, "%v (see photosync %s -h)", srcpos.ClipIn(err, args...), fs.Name()), true
	}
	return 0, false
}

// splitFlags splits args into flags, each with its value, and the other
// arguments, in order. A flag takes the next argument as its value unless
// it is boolean or written -name=value; "--" ends the flags; "-" alone is
// an argument. An unknown flag goes with the flags, for fs.Parse to refuse.
func splitFlags(fs *flag.FlagSet, args []string) (flags, rest []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return flags, append(rest, args[i+1:]...)
		case len(a) < 2 || a[0] != '-':
			rest = append(rest, a)
			continue
		}
		flags = append(flags, a)
		name := strings.TrimLeft(a, "-")
		if strings.Contains(name, "=") {
			continue
		}
		f := fs.Lookup(name)
		if f == nil {
			continue
		}
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
			continue
		}
		if i+1 < len(args) {
			i++
			flags = append(flags, args[i])
		}
	}
	return flags, rest
}

// Bounds of the possible states `run` and `report` track: --max-states by
// default, and the memory they may take.
const (
	defaultMaxStates = 100000
	maxStateBytes    = 1 << 30
)

// maxStatesFlag adds --max-states, the bound of run and report.
func maxStatesFlag(fs *flag.FlagSet) *int {
	return fs.Int("max-states", defaultMaxStates, "stop a scenario at the line where it would track more than this many possible states (0: no bound but memory's, 1 GiB)")
}

// run is `photosync run`: every file is run, whatever the others did; the
// exit code is the worst.
func (c cli) run(args []string) int {
	fs := c.flags("run", "[--rules NAME|FILE] [--viewers N] [--max-states N] FILE...", exitsRun)
	var rulesFlag rulesList
	fs.Var(&rulesFlag, "rules", "run under the rule set `NAME|FILE` (a name or a rules file) instead of each scenario's rules line; at most once")
	viewers := viewersFlag(fs)
	maxStates := maxStatesFlag(fs)
	if code, done := c.parse(fs, args); done {
		return code
	}
	rules, ok := rulesFlag.one(c, "run", "")
	switch {
	case !ok:
		return exitUsage
	case c.badViewers("run", *viewers):
		return exitUsage
	case *maxStates < 0:
		return c.fail("run", exitUsage, "--max-states %d (want a number ≥ 0)", *maxStates)
	case fs.NArg() == 0:
		return c.fail("run", exitUsage, "no scenario files (want at least one FILE)")
	}
	opts := scenario.Options{Judge: c.judge(*viewers), Viewers: *viewers, MaxStates: *maxStates, MaxBytes: maxStateBytes}
	code := exitOK
	for _, file := range fs.Args() {
		res, err := c.runFile(file, rules, opts)
		var bound *scenario.BoundError
		if errors.As(err, &bound) {
			// The verdicts of the lines before, then where it stopped.
			fmt.Fprint(c.stdout, res)
			fmt.Fprintln(c.stdout, bound)
			code = max(code, exitMismatch)
			continue
		}
		if err != nil {
			code = max(code, c.fail("run", exitUsage, "%v", err))
			continue
		}
		if len(res.Outcomes) == 0 {
			fmt.Fprintf(c.stdout, "%s: 0 checks (no expect, observe or violates line)\n", file)
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
	r, err := scenario.ResolveRules(sc, rules, c.rulesLoader())
	if err != nil {
		return scenario.Result{}, err
	}
	return scenario.Run(sc, r, opts)
}

// rules is `photosync rules`: the effective knobs of a rule set, or with
// --list the named rule sets.
func (c cli) rules(args []string) int {
	fs := c.flags("rules", "[--list] [NAME|FILE]", exitsOther)
	list := fs.Bool("list", false, "list the named rule sets, one a line: name, period, the facts it rests on, and the knobs it sets differently from observed")
	if code, done := c.parse(fs, args); done {
		return code
	}
	switch {
	case *list && fs.NArg() > 0:
		return c.fail("rules", exitUsage, "--list and a rule set %s (want one of them)", srcpos.Quote(fs.Arg(0)))
	case *list:
		fmt.Fprint(c.stdout, listRuleSets())
		return exitOK
	case fs.NArg() > 1:
		return c.fail("rules", exitUsage, "%s (want at most one NAME|FILE)", count.Of(fs.NArg(), "rule set"))
	}
	ref := "observed"
	if fs.NArg() == 1 {
		ref = fs.Arg(0)
	}
	r, err := scenario.LoadRules(ref, ".", c.rulesLoader())
	if err != nil {
		return c.fail("rules", exitUsage, "%v", err)
	}
	var named *model.RuleSet
	for _, rs := range model.RuleSets() {
		if rs.Name == ref {
			named = &rs
		}
	}
	fmt.Fprint(c.stdout, describeRules(r, named))
	return exitOK
}

// knobHelp is a knob's meaning and the values it takes.
func knobHelp(k model.Knob) string { return k.Doc + " (values: " + k.Values + ")" }

// durationSyntax is how a duration knob's value is written.
const durationSyntax = "Durations are written as scenarios write times: numbers with units d, h, m, s (or ms, µs, ns),\n" +
	"largest first, no spaces: 10s, 1h30m, 72h, 3d, 1d12h, 0.5s."

// listRuleSets writes one line per named rule set: its name, its period,
// the facts it rests on ("-": none) and the knobs it sets differently from
// observed.
func listRuleSets() string {
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	for _, rs := range model.RuleSets() {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", rs.Name, rs.Period, verdicts.Facts(rs.Facts, "-"),
			verdicts.ChangedKnobs(rs.Rules(), "", "(the defaults)"))
	}
	tw.Flush()
	return b.String()
}

// describeRules writes a rule set: its name, base and description (for a
// named rule set, its period and the facts it rests on), then each knob in
// catalog order with its value, "default" when it equals observed's, and
// its doc.
func describeRules(r model.Rules, named *model.RuleSet) string {
	var b strings.Builder
	base := r.Base
	if base == "" {
		base = "(built in)"
	}
	fmt.Fprintf(&b, "rules:       %s\nbase:        %s\ndescription: %s\n", r.Name, base, r.Description)
	if named != nil {
		fmt.Fprintf(&b, "period:      %s\nfacts:       %s\n", named.Period, verdicts.Facts(named.Facts, "none"))
	}
	b.WriteString("\n")
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	observed := model.Observed()
	for _, k := range model.Knobs() {
		mark := ""
		if k.Get(r) == k.Get(observed) {
			mark = "default"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", k.Name, k.Get(r), mark, knobHelp(k))
	}
	tw.Flush()
	b.WriteString("\n" + durationSyntax + "\n")
	return b.String()
}
