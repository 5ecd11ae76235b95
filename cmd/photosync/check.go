package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"photosync/counterexamples"
	"photosync/model"
	"photosync/properties"
	"photosync/properties/explore"
	"photosync/scenario"
)

// check is `photosync check`: every property of the catalog under a rule
// set, explored exhaustively.
func (c cli) check(args []string) int {
	fs := c.flags("check", "[--rules NAME|FILE] [--json] [--out DIR] [--viewers N] [--max-states N] [--max-depth N]")
	rules := fs.String("rules", "observed", "the rule set to check: a name or a rules file")
	asJSON := fs.Bool("json", false, "print one JSON object instead of text")
	viewers := viewersFlag(fs)
	maxStates := fs.Int("max-states", 0, "stop after visiting this many states (0: no bound)")
	maxDepth := fs.Int("max-depth", 0, "do not look deeper than this many steps (0: no bound)")
	out := fs.String("out", "", "write NAME.scenario, NAME.md and NAME.svg for each violated property into this directory")
	if code, done := parse(fs, args, c.stdout); done {
		return code
	}
	switch {
	case fs.NArg() > 0:
		fmt.Fprintf(c.stderr, "photosync check: unexpected argument %q (want only flags)\n", fs.Arg(0))
		return exitUsage
	case c.badViewers("check", *viewers):
		return exitUsage
	case *maxStates < 0 || *maxDepth < 0:
		fmt.Fprintln(c.stderr, "photosync check: --max-states and --max-depth take a number ≥ 0")
		return exitUsage
	}
	r, err := scenario.LoadRules(*rules, ".", c.load)
	if err != nil {
		fmt.Fprintf(c.stderr, "photosync check: %v\n", err)
		return exitUsage
	}
	cfg := explore.Config{Rules: r, Viewers: *viewers, MaxStates: *maxStates, MaxDepth: *maxDepth}
	res := explore.Explore(cfg)
	var base *explore.Result
	if b, ok := baseOf(r); ok {
		cfg.Rules = b
		br := explore.Explore(cfg)
		base = &br
	}
	for _, rs := range []*explore.Result{&res, base} {
		if rs == nil {
			continue
		}
		for _, v := range rs.Verdicts {
			if v.Err != nil { // a counterexample that does not replay is the checker's bug, never a finding
				fmt.Fprintf(c.stderr, "photosync check: internal error: %v\n", v.Err)
				return exitUsage
			}
		}
	}
	if *out != "" {
		if err := writeViolations(*out, r, *viewers, res); err != nil {
			fmt.Fprintf(c.stderr, "photosync check: %v\n", err)
			return exitUsage
		}
	}
	if *asJSON {
		c.checkJSON(r, res, base)
	} else {
		c.checkText(r, *viewers, res, base)
	}
	for _, v := range res.Verdicts {
		if v.Property.Kind == properties.Invariant && !(v.Decided && v.Holds) {
			return exitMismatch
		}
	}
	return exitOK
}

// writeViolations writes, for each violated property, its counterexample as
// a scenario with its bug report and picture.
func writeViolations(dir string, r model.Rules, viewers int, res explore.Result) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, v := range res.Verdicts {
		if v.Example == nil {
			continue
		}
		if err := counterexamples.WriteFiles(dir, v.Property.Name, counterexamples.Scenario(r, v.Example), r, viewers); err != nil {
			return fmt.Errorf("%s: %v", v.Property.Name, err)
		}
	}
	return nil
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

func (c cli) checkText(r model.Rules, viewers int, res explore.Result, base *explore.Result) {
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
	plural := "s"
	if viewers == 1 {
		plural = ""
	}
	fmt.Fprintf(&b, "explored %d states, %d transitions, depth %d, in %d projections for %d viewer%s: %s, %.1f s\n",
		res.States, res.Transitions, res.Depth, res.Groups, viewers, plural, state, res.Elapsed.Seconds())
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
	Seconds     float64          `json:"seconds"`
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

func (c cli) checkJSON(r model.Rules, res explore.Result, base *explore.Result) {
	rep := checkReport{Rules: r.Name, Complete: res.Complete, States: res.States, Transitions: res.Transitions,
		Depth: res.Depth, Seconds: res.Elapsed.Seconds()}
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
