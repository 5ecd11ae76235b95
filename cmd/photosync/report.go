package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"photosync/counterexamples"
	"photosync/scenario"
)

// report is `photosync report`: a bug report of any scenario, FILE.md and
// FILE.svg beside FILE.scenario or in --out DIR. Every file is reported,
// whatever the others did; the exit code is the worst.
func (c cli) report(args []string) int {
	fs := c.flags("report", "[--rules NAME|FILE] [--viewers N] [--out DIR] FILE.scenario...")
	rules := fs.String("rules", "", "report under this rule set (a name or a rules file) instead of each scenario's `rules` line")
	viewers := viewersFlag(fs)
	out := fs.String("out", "", "write the reports into this directory (created if need be) instead of beside each scenario")
	if code, done := parse(fs, args, c.stdout); done {
		return code
	}
	if c.badViewers("report", *viewers) {
		return exitUsage
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(c.stderr, "photosync report: no scenario files (want at least one FILE.scenario)")
		return exitUsage
	}
	code := exitOK
	for _, file := range fs.Args() {
		paths, err := c.reportFile(file, *rules, *out, *viewers)
		if err != nil {
			fmt.Fprintln(c.stderr, err)
			code = exitUsage
			continue
		}
		for _, p := range paths {
			fmt.Fprintln(c.stdout, p)
		}
	}
	return code
}

// reportFile writes the report of one scenario file and returns the paths
// written.
func (c cli) reportFile(file, rules, out string, viewers int) ([]string, error) {
	data, err := c.load(file)
	if err != nil {
		return nil, err
	}
	sc, err := scenario.Parse(file, data)
	if err != nil {
		return nil, err
	}
	r, err := scenario.ResolveRules(sc, rules, c.load)
	if err != nil {
		return nil, err
	}
	name := strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
	rep, err := counterexamples.NewReport(name, sc, r, viewers)
	if err != nil {
		return nil, err
	}
	stem := strings.TrimSuffix(file, filepath.Ext(file))
	if out != "" {
		if err := os.MkdirAll(out, 0o755); err != nil {
			return nil, fmt.Errorf("photosync report: %w", err)
		}
		stem = filepath.Join(out, name)
	}
	var paths []string
	for _, f := range []struct{ ext, text string }{{".md", rep.Markdown()}, {".svg", rep.SVG()}} {
		path := stem + f.ext
		if err := os.WriteFile(path, []byte(f.text), 0o644); err != nil {
			return paths, fmt.Errorf("photosync report: %w", err)
		}
		paths = append(paths, path)
	}
	return paths, nil
}
