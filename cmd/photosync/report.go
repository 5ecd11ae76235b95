package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"photosync/counterexamples"
	"photosync/model"
	"photosync/scenario"
)

// report is `photosync report`: a bug report of any scenario, FILE.md and
// FILE.svg beside FILE.scenario or in --out DIR. Every file is reported,
// whatever the others did; the exit code is the worst. A report that would
// overwrite one of the inputs (a scenario named, the --rules file) or
// another report of the same run is refused.
func (c cli) report(args []string) int {
	fs := c.flags("report", "[--rules NAME|FILE] [--viewers N] [--max-states N] [--out DIR] FILE.scenario...", exitsReport)
	var rulesFlag rulesList
	fs.Var(&rulesFlag, "rules", "report under the rule set `NAME|FILE` (a name or a rules file) instead of each scenario's rules line; at most once")
	viewers := viewersFlag(fs)
	maxStates := maxStatesFlag(fs)
	out := fs.String("out", "", "write the reports into the directory `DIR` (created if need be) instead of beside each scenario")
	if code, done := c.parse(fs, args); done {
		return code
	}
	rules, ok := rulesFlag.one(c, "report", "")
	switch {
	case !ok:
		return exitUsage
	case c.badViewers("report", *viewers):
		return exitUsage
	case *maxStates < 0:
		return c.fail("report", exitUsage, "--max-states %d (want a number ≥ 0)", *maxStates)
	case fs.NArg() == 0:
		return c.fail("report", exitUsage, "no scenario files (want at least one FILE.scenario)")
	}
	inputs := append([]string(nil), fs.Args()...)
	if _, err := model.Named(rules); rules != "" && err != nil {
		inputs = append(inputs, rules)
	}
	written := map[string]string{} // each report path written, cleaned and absolute → the scenario it reports
	code := exitOK
	for _, file := range fs.Args() {
		paths, err := c.reportFile(file, rules, *out, *viewers, *maxStates, inputs, written)
		var bound *scenario.BoundError
		if errors.As(err, &bound) {
			code = max(code, c.fail("report", exitMismatch, "%v", bound))
			continue
		}
		if err != nil {
			code = max(code, c.fail("report", exitUsage, "%v", err))
			continue
		}
		for _, p := range paths {
			fmt.Fprintln(c.stdout, p)
		}
	}
	return code
}

// reportFile writes the report of one scenario file and returns the paths
// written. It refuses to write over one of inputs or over a report written
// before in the same run (in written, which it adds to), and to report a
// scenario that passes maxStates possible states (a *scenario.BoundError).
func (c cli) reportFile(file, rules, out string, viewers, maxStates int, inputs []string, written map[string]string) ([]string, error) {
	name := strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
	stem := strings.TrimSuffix(file, filepath.Ext(file))
	if out != "" {
		stem = filepath.Join(out, name)
	}
	paths := []string{stem + ".md", stem + ".svg"}
	for _, path := range paths {
		for _, in := range inputs {
			if samePath(path, in) {
				return nil, fmt.Errorf("%s: the report %s would overwrite the input %s (want a FILE.scenario, or --out DIR)", file, path, in)
			}
		}
		if prev, ok := written[absClean(path)]; ok {
			return nil, fmt.Errorf("%s: the report %s would overwrite the report of %s (want scenarios of different names, or reports beside each)", file, path, prev)
		}
	}
	data, err := c.load(file)
	if err != nil {
		return nil, err
	}
	sc, err := scenario.Parse(file, data)
	if err != nil {
		return nil, err
	}
	r, err := scenario.ResolveRules(sc, rules, c.rulesLoader())
	if err != nil {
		return nil, err
	}
	rep, err := counterexamples.NewReport(name, sc, r, viewers,
		counterexamples.Bounds{MaxStates: maxStates, MaxBytes: maxStateBytes})
	if err != nil {
		return nil, err
	}
	if out != "" {
		if err := os.MkdirAll(out, 0o755); err != nil {
			return nil, err
		}
	}
	for i, text := range []string{rep.Markdown(), rep.SVG()} {
		if err := os.WriteFile(paths[i], []byte(text), 0o644); err != nil {
			return paths[:i], err
		}
		written[absClean(paths[i])] = file
	}
	return paths, nil
}

// absClean returns path absolute and cleaned, or only cleaned when the
// working directory is unknown.
func absClean(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		return abs
	}
	return filepath.Clean(path)
}

// samePath reports whether two paths name the same file: the same path once
// absolute and cleaned, or, when both exist, the same file (a link, a
// bind mount, a case-insensitive file system).
func samePath(a, b string) bool {
	if absClean(a) == absClean(b) {
		return true
	}
	ia, errA := os.Stat(a)
	ib, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(ia, ib)
}
