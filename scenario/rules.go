package scenario

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"photosync/model"
)

// Loader reads a file by path; the CLI passes os.ReadFile, tests a map.
// Keeping file reading out of the package keeps Parse and Run pure.
type Loader func(path string) ([]byte, error)

// LoadRules returns the rule set ref names: a built-in rule set
// (model.Named) or, otherwise, a rules file (SPEC §5) at ref, relative to
// dir unless absolute, decoded by model.DecodeRules.
func LoadRules(ref, dir string, load Loader) (model.Rules, error) {
	if r, err := model.Named(ref); err == nil {
		return r, nil
	}
	path := ref
	if !filepath.IsAbs(path) {
		path = filepath.Join(dir, ref)
	}
	data, err := load(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) && !strings.HasSuffix(ref, ".json") {
			_, err = model.Named(ref) // not a file either: say what the names are
		}
		return model.Rules{}, err
	}
	return model.DecodeRules(path, data)
}

// ResolveRules returns the rules a scenario runs under: override when it is
// not "" (the CLI's --rules, relative to the working directory), else the
// scenario's rules line (relative to the scenario's directory), else
// observed; then the scenario's set lines on top, in file order.
func ResolveRules(sc *Scenario, override string, load Loader) (model.Rules, error) {
	r := model.Observed()
	switch l := sc.Rules(); {
	case override != "":
		var err error
		if r, err = LoadRules(override, ".", load); err != nil {
			return model.Rules{}, fmt.Errorf("rules %s: %w", override, err)
		}
	case l != nil:
		ref := l.Directive.(UseRules).Ref
		var err error
		if r, err = LoadRules(ref, filepath.Dir(sc.File), load); err != nil {
			return model.Rules{}, fmt.Errorf("%s:%d: rules %s: %w", sc.File, l.Num, ref, err)
		}
	}
	for _, l := range sc.Lines {
		if d, ok := l.Directive.(SetKnob); ok {
			if err := r.Set(d.Knob, d.Value); err != nil {
				return model.Rules{}, fmt.Errorf("%s:%d: %w", sc.File, l.Num, err)
			}
		}
	}
	return r, nil
}
