package verdicts

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"photosync/counterexamples"
	"photosync/model"
	"photosync/properties/explore"
)

// The files WriteFiles writes besides the counterexamples.
const (
	Page    = "eras.md"
	Picture = "eras.svg"
)

// OutputExts are the files WriteViolations writes for a violated property.
var OutputExts = []string{".scenario", ".md", ".svg"}

// WriteFiles writes the counterexample of every violated cell into
// dir/RULESET/ (see WriteViolations), then the page (Markdown) and the
// picture (SVG) of the table. An error that is a *fs.PathError is the
// directory's (it cannot be written); any other is the checker's (a
// counterexample it cannot report).
func (t *Table) WriteFiles(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, col := range t.Columns {
		sub := filepath.Join(dir, col.Name)
		if !hasExample(col.Result) {
			if _, err := os.Stat(sub); errors.Is(err, fs.ErrNotExist) {
				continue // nothing to write, nothing stale to remove
			}
		}
		if err := WriteViolations(sub, col.Rules, t.Viewers, t.MaxSteps, col.Result); err != nil {
			return fmt.Errorf("%s: %w", col.Name, err)
		}
	}
	for _, f := range []struct{ name, text string }{{Page, t.Markdown()}, {Picture, t.SVG()}} {
		if err := os.WriteFile(filepath.Join(dir, f.name), []byte(f.text), 0o644); err != nil {
			return err
		}
	}
	return nil
}

func hasExample(res explore.Result) bool {
	for _, v := range res.Verdicts {
		if v.Example != nil {
			return true
		}
	}
	return false
}

// WriteViolations writes, for each violated property, its counterexample
// as a scenario with its bug report and picture (NAME.scenario, NAME.md,
// NAME.svg), and removes the files an earlier run wrote for the properties
// that are not violated now. Files of other names are left alone. A
// counterexample longer than maxSteps steps (0:
// counterexamples.DefaultMaxSteps) is written as its summary, without a
// picture (counterexamples.WriteCounterexample). An error that is a
// *fs.PathError is the directory's; any other is the checker's.
func WriteViolations(dir string, r model.Rules, viewers, maxSteps int, res explore.Result) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, v := range res.Verdicts {
		if v.Example == nil {
			for _, ext := range OutputExts {
				if err := os.Remove(filepath.Join(dir, v.Property.Name+ext)); err != nil && !errors.Is(err, fs.ErrNotExist) {
					return fmt.Errorf("removing the stale report of %s: %w", v.Property.Name, err)
				}
			}
			continue
		}
		if err := counterexamples.WriteCounterexample(dir, v.Property.Name, r, viewers, v.Example, maxSteps); err != nil {
			if _, ok := errors.AsType[*fs.PathError](err); ok {
				return err
			}
			return fmt.Errorf("%s: %v", v.Property.Name, err)
		}
	}
	return nil
}
