package counterexamples

import (
	"fmt"
	"os"
	"path/filepath"

	"photosync/model"
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
