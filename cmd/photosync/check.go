package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"photosync/count"
	"photosync/counterexamples"
	"photosync/model"
	"photosync/properties"
	"photosync/properties/explore"
	"photosync/scenario"
	"photosync/srcpos"
)

// check is `photosync check`: every property of the catalog under a rule
// set, explored exhaustively.
func (c cli) check(args []string) int {
	fs := c.flags("check", "[--rules NAME|FILE] [--json] [--timing] [--scenario-only] [--out DIR] [--viewers N] [--max-states N] [--max-depth N]", exitsCheck)
	var rulesFlag rulesList
	fs.Var(&rulesFlag, "rules", "check the rule set `NAME|FILE`: a name or a rules file; at most once (default observed)")
	asJSON := fs.Bool("json", false, "print one JSON object instead of text")
	timing := fs.Bool("timing", false, "say how long the exploration took (the output then differs from run to run)")
	scenarioOnly := fs.Bool("scenario-only", false, "print only the counterexamples, bare, one scenario per violated property, separated by a blank line (replay one with photosync run; --out writes each to its own file)")
	viewers := viewersFlag(fs)
	maxStates := fs.Int("max-states", 0, "keep at most this many states in all (0: no bound)")
	maxDepth := fs.Int("max-depth", 0, "do not look deeper than this many steps (0: no bound)")
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
	case *maxStates < 0 || *maxDepth < 0:
		return c.fail("check", exitUsage, "--max-states and --max-depth take a number ≥ 0")
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
	cfg := explore.Config{Rules: r, Viewers: *viewers, MaxStates: *maxStates, MaxDepth: *maxDepth}
	explorer := c.runExplore
	if explorer == nil {
		explorer = explore.Explore
	}
	res := explorer(cfg)
	var base *explore.Result
	if b, ok := baseOf(r); ok {
		cfg.Rules = b
		br := explorer(cfg)
		base = &br
	}
	for _, rs := range []*explore.Result{&res, base} {
		if rs == nil {
			continue
		}
		if rs.Err != nil { // an invalid catalog is the checker's bug
			return c.fail("check", exitInternal, "%v", rs.Err)
		}
		for _, v := range rs.Verdicts {
			if v.Err != nil { // a counterexample that does not replay is the checker's bug, never a finding
				return c.fail("check", exitInternal, "%s: %v", v.Property.Name, v.Err)
			}
		}
	}
	if *out != "" {
		if code, err := writeViolations(*out, r, *viewers, res); err != nil {
			return c.fail("check", code, "%v", err)
		}
	}
	switch {
	case *asJSON:
		c.checkJSON(r, res, base, *timing)
	case *scenarioOnly:
		c.checkScenarios(r, res)
	default:
		c.checkText(r, *viewers, res, base, *timing)
	}
	for _, v := range res.Verdicts {
		if v.Property.Kind == properties.Invariant && !(v.Decided && v.Holds) {
			return exitMismatch
		}
	}
	return exitOK
}

// outputExts are the files `check --out` writes for a violated property.
var outputExts = []string{".scenario", ".md", ".svg"}

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
		for _, ext := range outputExts {
			if out := filepath.Join(dir, p.Name+ext); samePath(out, rules) {
				return fmt.Errorf("--out %s would overwrite or remove %s, the rules file read (want another directory)", dir, rules)
			}
		}
	}
	return nil
}

// writeViolations writes, for each violated property, its counterexample as
// a scenario with its bug report and picture, and removes the files an
// earlier run wrote for the properties that are not violated now. Files of
// other names are left alone. On error, code says whose it is: exitUsage
// for the directory's (it cannot be written), exitInternal for the
// checker's (a counterexample it cannot report).
func writeViolations(dir string, r model.Rules, viewers int, res explore.Result) (code int, err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return exitUsage, err
	}
	for _, v := range res.Verdicts {
		if v.Example == nil {
			for _, ext := range outputExts {
				if err := os.Remove(filepath.Join(dir, v.Property.Name+ext)); err != nil && !errors.Is(err, fs.ErrNotExist) {
					return exitUsage, fmt.Errorf("removing the stale report of %s: %w", v.Property.Name, err)
				}
			}
			continue
		}
		if err := counterexamples.WriteFiles(dir, v.Property.Name, counterexamples.Scenario(r, v.Example), r, viewers); err != nil {
			if _, ok := errors.AsType[*fs.PathError](err); ok {
				return exitUsage, err
			}
			return exitInternal, fmt.Errorf("%s: %v", v.Property.Name, err)
		}
	}
	return exitOK, nil
}

// baseOf returns the rule set a proposal is judged against: a rules file's
// base, or observed for the other named rule sets; observed itself has none.
func baseOf(r model.Rules) (model.Rules, bool) {
	name := r.Base
	if name == "" && r.Name != "observed" {
		name = "observed"
	}
	if name == "" {
		return model.Rules{}, false
	}
	b, err := model.Named(name)
	return b, err == nil
}

func verdictWord(v explore.Verdict) string {
	switch {
	case !v.Decided:
		return "unknown (a bound was reached first)"
	case v.Holds:
		return "holds"
	}
	return "violated"
}

// checkScenarios prints the counterexamples alone, bare, a blank line
// between two.
func (c cli) checkScenarios(r model.Rules, res explore.Result) {
	var b strings.Builder
	for _, v := range res.Verdicts {
		if v.Example == nil {
			continue
		}
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		b.WriteString(counterexamples.Scenario(r, v.Example))
	}
	fmt.Fprint(c.stdout, b.String())
}

func (c cli) checkText(r model.Rules, viewers int, res explore.Result, base *explore.Result, timing bool) {
	var b strings.Builder
	fmt.Fprintf(&b, "rules %s: %s\n", r.Name, r.Description)
	if changed := model.Changed(model.Observed(), r); len(changed) > 0 {
		var kv []string
		for _, c := range changed {
			kv = append(kv, c[0]+" "+c[1])
		}
		fmt.Fprintf(&b, "differs from observed in: %s\n", strings.Join(kv, ", "))
	}
	b.WriteString("\n")
	width := 0
	for _, v := range res.Verdicts {
		width = max(width, len(v.Property.Name))
	}
	held := map[properties.Kind][2]int{}
	for i, v := range res.Verdicts {
		p := v.Property
		n := held[p.Kind]
		n[1]++
		if v.Decided && v.Holds {
			n[0]++
		}
		held[p.Kind] = n
		if base != nil {
			fmt.Fprintf(&b, "%-9s  %-*s  %-8s  (%s: %s)\n", p.Kind, width, p.Name, verdictWord(v),
				baseName(r), verdictWord(base.Verdicts[i]))
		} else {
			fmt.Fprintf(&b, "%-9s  %-*s  %s\n", p.Kind, width, p.Name, verdictWord(v))
		}
		if v.Example != nil {
			fmt.Fprintf(&b, "    %s: %s\n", p.Title(), v.Example.Message)
			for _, line := range strings.Split(strings.TrimSuffix(counterexamples.Scenario(r, v.Example), "\n"), "\n") {
				fmt.Fprintf(&b, "    | %s\n", line)
			}
			b.WriteString("\n")
		}
	}
	if base != nil {
		b.WriteString(compareWithBase(r, res, *base))
	}
	inv, goal := held[properties.Invariant], held[properties.Goal]
	fmt.Fprintf(&b, "\n%d of %d invariants hold; %d of %d goals hold\n", inv[0], inv[1], goal[0], goal[1])
	state := "complete"
	if !res.Complete {
		state = "incomplete: a bound (--max-states, --max-depth) was reached"
	}
	fmt.Fprintf(&b, "explored %s, %s, depth %d, in %s for %s: %s",
		count.Of(res.States, "state"), count.Of(res.Transitions, "transition"), res.Depth,
		count.Of(res.Groups, "projection"), count.Of(viewers, "viewer"), state)
	if timing {
		fmt.Fprintf(&b, ", %.1f s", res.Elapsed.Seconds())
	}
	b.WriteString("\n")
	fmt.Fprint(c.stdout, b.String())
}

func baseName(r model.Rules) string {
	if r.Base != "" {
		return r.Base
	}
	return "observed"
}

// compareWithBase says what a proposal changes against its base: invariants
// it breaks, goals it makes hold, goals it makes fail.
func compareWithBase(r model.Rules, res, base explore.Result) string {
	var breaks, gains, losses []string
	for i, v := range res.Verdicts {
		now, before := v.Decided && v.Holds, base.Verdicts[i].Decided && base.Verdicts[i].Holds
		switch {
		case v.Property.Kind == properties.Invariant && before && !now:
			breaks = append(breaks, v.Property.Name)
		case v.Property.Kind == properties.Goal && !before && now:
			gains = append(gains, v.Property.Name)
		case v.Property.Kind == properties.Goal && before && !now:
			losses = append(losses, v.Property.Name)
		}
	}
	list := func(xs []string) string {
		if len(xs) == 0 {
			return "none"
		}
		return strings.Join(xs, ", ")
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\nagainst %s, %s:\n", baseName(r), r.Name)
	fmt.Fprintf(&b, "  breaks invariants:  %s\n", list(breaks))
	fmt.Fprintf(&b, "  makes goals hold:   %s\n", list(gains))
	fmt.Fprintf(&b, "  makes goals fail:   %s\n", list(losses))
	return b.String()
}

// checkReport is the --json object of `photosync check`.
type checkReport struct {
	Rules       string           `json:"rules"`
	Base        string           `json:"base,omitempty"`
	Complete    bool             `json:"complete"`
	States      int              `json:"states"`
	Transitions int              `json:"transitions"`
	Depth       int              `json:"depth"`
	Seconds     *float64         `json:"seconds,omitempty"` // with --timing only, so that reruns print the same bytes
	Properties  []propertyReport `json:"properties"`
}

type propertyReport struct {
	Name           string `json:"name"`
	Kind           string `json:"kind"`
	Holds          bool   `json:"holds"`
	Decided        bool   `json:"decided"`
	BaseHolds      *bool  `json:"base_holds,omitempty"`
	Counterexample string `json:"counterexample,omitempty"`
}

func (c cli) checkJSON(r model.Rules, res explore.Result, base *explore.Result, timing bool) {
	rep := checkReport{Rules: r.Name, Complete: res.Complete, States: res.States, Transitions: res.Transitions,
		Depth: res.Depth}
	if timing {
		s := res.Elapsed.Seconds()
		rep.Seconds = &s
	}
	if base != nil {
		rep.Base = baseName(r)
	}
	for i, v := range res.Verdicts {
		pr := propertyReport{Name: v.Property.Name, Kind: v.Property.Kind.String(), Holds: v.Decided && v.Holds, Decided: v.Decided}
		if base != nil {
			bh := base.Verdicts[i].Decided && base.Verdicts[i].Holds
			pr.BaseHolds = &bh
		}
		if v.Example != nil {
			pr.Counterexample = counterexamples.Scenario(r, v.Example)
		}
		rep.Properties = append(rep.Properties, pr)
	}
	enc := json.NewEncoder(c.stdout)
	enc.SetIndent("", "  ")
	enc.Encode(rep)
}
