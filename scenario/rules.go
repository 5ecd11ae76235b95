package scenario

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"photosync/model"
	"photosync/srcpos"
)

// Loader reads a file by path; the CLI passes FileLoader, tests a map or
// os.ReadFile. Keeping file reading out of the package keeps Parse and Run
// pure.
type Loader func(path string) ([]byte, error)

// FileLoader returns a Loader that reads a file from disk, at most limit
// bytes of it: past the limit it stops reading and says so, so that a huge
// or endless file (a pipe from a program that never stops) costs at most
// limit bytes. It refuses at once a directory and a device (/dev/zero,
// /dev/urandom), which reading would never end or never make sense of;
// pipes and regular files it reads. Use MaxFileBytes for scenarios and
// model.MaxRulesFileBytes for rules files.
func FileLoader(limit int64) Loader {
	return func(path string) ([]byte, error) {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		info, err := f.Stat()
		if err != nil {
			return nil, err
		}
		switch mode := info.Mode(); {
		case mode.IsDir():
			return nil, fmt.Errorf("%s: a directory (want a file)", path)
		case mode&(fs.ModeDevice|fs.ModeCharDevice) != 0:
			return nil, fmt.Errorf("%s: a device, not a file (want a file)", path)
		case mode&fs.ModeSocket != 0:
			return nil, fmt.Errorf("%s: a socket, not a file (want a file)", path)
		}
		data, err := io.ReadAll(io.LimitReader(f, limit+1))
		if err != nil {
			return nil, err
		}
		if int64(len(data)) > limit {
			return nil, fmt.Errorf("%s: larger than %s (want at most %d bytes)", path, byteSize(limit), limit)
		}
		return data, nil
	}
}

// byteSize writes a limit in the largest binary unit that divides it.
func byteSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// LoadRules returns the rule set ref names: a built-in rule set
// (model.Named) or, otherwise, a rules file (SPEC §5) at ref, relative to
// dir unless absolute, decoded by model.DecodeRules.
func LoadRules(ref, dir string, load Loader) (model.Rules, error) {
	if ref == "" { // not dir, which the join below would make it
		return model.Rules{}, fmt.Errorf("an empty rule set (want a rule set's name, %s, or a rules file)", strings.Join(model.NamedRuleSets(), ", "))
	}
	if r, err := model.Named(ref); err == nil {
		return r, nil
	}
	path := ref
	if !filepath.IsAbs(path) {
		path = filepath.Join(dir, ref)
	}
	data, err := load(path)
	if err != nil {
		if (errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENAMETOOLONG)) && !strings.HasSuffix(ref, ".json") {
			_, err = model.Named(ref) // not a file either: say what the names are
			return model.Rules{}, srcpos.ClipIn(err, ref)
		}
		return model.Rules{}, err // it names the path, whole
	}
	return model.DecodeRules(path, data)
}

// ResolveRules returns the rules a scenario runs under: override when it is
// not "" (the CLI's --rules, relative to the working directory), else the
// scenario's rules line (relative to the scenario's directory), else
// observed; then the scenario's set lines on top, in file order. An error
// about a line of the scenario is a *srcpos.Error at that line (wrapping, for
// a bad rules file, the *srcpos.Error at the file's line).
func ResolveRules(sc *Scenario, override string, load Loader) (model.Rules, error) {
	r := model.Observed()
	switch l := sc.Rules(); {
	case override != "":
		var err error
		if r, err = LoadRules(override, ".", load); err != nil {
			return model.Rules{}, fmt.Errorf("rules %s: %w", refEcho(override), err)
		}
	case l != nil:
		ref := l.Directive.(UseRules).Ref
		var err error
		if r, err = LoadRules(ref, filepath.Dir(sc.File), load); err != nil {
			return model.Rules{}, srcpos.Errorf(sc.File, l.Num, "rules %s: %w", refEcho(ref), err)
		}
	}
	for _, l := range sc.Lines {
		if d, ok := l.Directive.(SetKnob); ok {
			if err := r.Set(d.Knob, d.Value); err != nil {
				return model.Rules{}, srcpos.New(sc.File, l.Num, srcpos.ClipIn(err, d.Knob, d.Value))
			}
		}
	}
	return r, nil
}

// refEcho is how an error names a rule set as given: a path (it ends in
// .json or holds a separator) whole, so that an editor can open it;
// anything else, an unknown name, clipped as an echo of input.
func refEcho(ref string) string {
	if strings.HasSuffix(ref, ".json") || strings.ContainsRune(ref, '/') || strings.ContainsRune(ref, filepath.Separator) {
		return ref
	}
	return srcpos.Clip(ref)
}
