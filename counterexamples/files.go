package counterexamples

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"photosync/count"
	"photosync/model"
	"photosync/properties/explore"
	"photosync/scenario"
)

// WriteFiles writes a scenario and its bug report into dir, creating it if
// need be: NAME.scenario (the text as given), NAME.md (the Markdown
// report) and NAME.svg (the picture). The text is parsed as NAME.scenario
// and replayed under r for that many viewers; `photosync check --out`
// writes each counterexample this way.
func WriteFiles(dir, name string, scenarioText string, r model.Rules, viewers int) error {
	file := name + ".scenario"
	sc, err := scenario.Parse(file, []byte(scenarioText))
	if err != nil {
		return err
	}
	rep, err := NewReport(name, sc, r, viewers)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, f := range []struct{ ext, text string }{{".scenario", scenarioText}, {".md", rep.Markdown()}, {".svg", rep.SVG()}} {
		path := filepath.Join(dir, name+f.ext)
		if err := os.WriteFile(path, []byte(f.text), 0o644); err != nil {
			return fmt.Errorf("writing the report of %s: %w", file, err)
		}
	}
	return nil
}

// WriteCounterexample writes a counterexample into dir as NAME.scenario,
// NAME.md and NAME.svg, the way `photosync check --out` saves it: one of
// at most maxSteps steps (0: DefaultMaxSteps) whole, with its bug report
// and picture (WriteFiles); a longer one as its summary (Bounded), which
// does not replay, with a Markdown page that says so and no picture (a
// stale NAME.svg is removed), so that no file grows with the
// counterexample.
func WriteCounterexample(dir, name string, r model.Rules, viewers int, ex *explore.Counterexample, maxSteps int) error {
	text, whole := Bounded(r, ex, maxSteps)
	if whole {
		return WriteFiles(dir, name, text, r, viewers)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	p := ex.Property
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", p.Title())
	fmt.Fprintf(&b, "- **What goes wrong:** %s (at %s).\n", ex.Message, model.FormatDuration(ex.At))
	fmt.Fprintf(&b, "- **Property:** `%s`, %s\n", p.Name, kindWords(p.Kind))
	fmt.Fprintf(&b, "- **Rules:** `%s`\n\n", r.Name)
	fmt.Fprintf(&b, "The shortest counterexample has %s steps, more than --max-steps allows, so this page has no "+
		"timeline and no picture, and `%s.scenario` is a summary that does not replay it "+
		"(`photosync check --max-steps %d --out DIR` writes it whole, with its report):\n\n", count.N(Steps(ex)), name, Steps(ex))
	fmt.Fprintf(&b, "```\n%s```\n", text)
	for _, f := range []struct{ ext, text string }{{".scenario", text}, {".md", b.String()}} {
		if err := os.WriteFile(filepath.Join(dir, name+f.ext), []byte(f.text), 0o644); err != nil {
			return fmt.Errorf("writing the report of %s: %w", name, err)
		}
	}
	if err := os.Remove(filepath.Join(dir, name+".svg")); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("removing the stale picture of %s: %w", name, err)
	}
	return nil
}
