package scenario

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"photosync/model"
	"photosync/srcpos"
)

// TestErrorsArePositional: every error about a line, from Parse, Validate,
// ResolveRules and a rules file a scenario names, is a *srcpos.Error with
// the file and the line, the rules file's own inside the scenario's.
func TestErrorsArePositional(t *testing.T) {
	files := map[string]string{
		"d/bad.json": "{\n  \"set\": {\n    \"owa.cacheTTL\": \"soon\"}}",
	}
	load := func(path string) ([]byte, error) {
		if s, ok := files[filepath.ToSlash(path)]; ok {
			return []byte(s), nil
		}
		return nil, os.ErrNotExist
	}
	_, err := Parse("p.scenario", []byte("# fine\nat 0s visit\nat 0s jump\n"))
	checkPlace(t, err, "p.scenario", 3)
	sc := &Scenario{File: "v.scenario"}
	sc.Append(At{Time: time.Hour, Action: model.Action{Kind: model.Visit}}, "")
	sc.Append(At{Time: 0, Action: model.Action{Kind: model.Visit}}, "")
	checkPlace(t, sc.Validate(), "v.scenario", 2)

	sc, err = Parse("d/s.scenario", []byte("# a bad rules file\nrules bad.json\nat 0s visit\n"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = ResolveRules(sc, "", load)
	checkPlace(t, err, "d/s.scenario", 2)
	var e *srcpos.Error
	errors.As(err, &e)
	checkPlace(t, e.Err, "d/bad.json", 3)

	sc = &Scenario{File: "s.scenario", Lines: []Line{ // built, not parsed: Parse would refuse line 2
		{Num: 1, Directive: SetKnob{Knob: "owa.cacheTTL", Value: "10s"}},
		{Num: 2, Directive: SetKnob{Knob: "lync.cacheTTL", Value: "soon"}},
	}}
	_, err = ResolveRules(sc, "observed", load)
	checkPlace(t, err, "s.scenario", 2)
}

// checkPlace checks that err is a *srcpos.Error at file:line, first in its
// chain.
func checkPlace(t *testing.T, err error, file string, line int) {
	t.Helper()
	e, ok := srcpos.Find(err)
	switch {
	case !ok:
		t.Errorf("%v: not a *srcpos.Error", err)
	case e.File != file || e.Line != line:
		t.Errorf("%v: at %s:%d, want %s:%d", err, e.File, e.Line, file, line)
	case !strings.HasPrefix(err.Error(), e.Error()) && !strings.Contains(err.Error(), e.Error()):
		t.Errorf("%v does not say %v", err, e)
	}
}

// TestFileLoader: a file is read up to the limit and refused past it, at
// once for a device that never ends.
func TestFileLoader(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "s.scenario")
	if err := os.WriteFile(small, []byte("at 0s visit\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if data, err := FileLoader(12)(small); err != nil || string(data) != "at 0s visit\n" {
		t.Errorf("12 bytes under a 12-byte limit: %q, %v", data, err)
	}
	if _, err := FileLoader(11)(small); err == nil || err.Error() != small+": larger than 11 bytes (want at most 11 bytes)" {
		t.Errorf("12 bytes under an 11-byte limit: %v", err)
	}
	for _, c := range []struct{ path, want string }{
		{"/dev/zero", "/dev/zero: a device, not a file (want a file)"},
		{dir, dir + ": a directory (want a file)"},
	} {
		if _, err := os.Stat(c.path); err != nil {
			t.Logf("%s: %v", c.path, err)
			continue
		}
		if _, err := FileLoader(MaxFileBytes)(c.path); err == nil || err.Error() != c.want {
			t.Errorf("%s: %v, want %s", c.path, err, c.want)
		}
	}
	if _, err := FileLoader(MaxFileBytes)(filepath.Join(dir, "absent")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a missing file: %v", err)
	}
	// A pipe that never ends stops at the limit.
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	go func() {
		buf := make([]byte, 4096)
		for {
			if _, err := w.Write(buf); err != nil {
				return
			}
		}
	}()
	defer w.Close()
	_, err = FileLoader(1 << 20)("/dev/fd/" + strconv.Itoa(int(r.Fd())))
	if err == nil || !strings.HasSuffix(err.Error(), ": larger than 1 MiB (want at most 1048576 bytes)") {
		t.Errorf("an endless pipe: %v", err)
	}
}
