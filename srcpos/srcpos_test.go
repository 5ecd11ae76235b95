package srcpos

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"testing"
)

func TestError(t *testing.T) {
	err := fmt.Errorf("rules x: %w", Errorf("day.json", 4, "knob %s: %w", "k", fs.ErrInvalid))
	e, ok := Find(err)
	if !ok || e.File != "day.json" || e.Line != 4 || e.Message() != "knob k: invalid argument" {
		t.Fatalf("Find(%v) = %+v, %v", err, e, ok)
	}
	if got, want := err.Error(), "rules x: day.json:4: knob k: invalid argument"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if !errors.Is(err, fs.ErrInvalid) {
		t.Errorf("the cause does not unwrap")
	}
	var pe *Error
	if !errors.As(New("f", 1, errors.New("m")), &pe) || pe.Error() != "f:1: m" {
		t.Errorf("New: %v", pe)
	}
	if _, ok := Find(errors.New("f:1: m")); ok {
		t.Errorf("a string that looks positional is not an *Error")
	}
}

func TestClip(t *testing.T) {
	long := strings.Repeat("é", 100)
	for _, c := range []struct{ in, clip, quote string }{
		{"", "", `""`},
		{"sharepoint-foo", "sharepoint-foo", `"sharepoint-foo"`},
		{strings.Repeat("a", 40), strings.Repeat("a", 40), `"` + strings.Repeat("a", 40) + `"`},
		{strings.Repeat("a", 41), strings.Repeat("a", 40) + "…", `"` + strings.Repeat("a", 40) + `…"`},
		{long, strings.Repeat("é", 40) + "…", `"` + strings.Repeat("é", 40) + `…"`},
	} {
		if got := Clip(c.in); got != c.clip {
			t.Errorf("Clip(%.10q…) = %q, want %q", c.in, got, c.clip)
		}
		if got := Quote(c.in); got != c.quote {
			t.Errorf("Quote(%.10q…) = %q, want %q", c.in, got, c.quote)
		}
	}
}

func TestClipIn(t *testing.T) {
	huge := strings.Repeat("x", 5000)
	cause := fmt.Errorf("unknown surface %q (want one of a, b); open %s: %w", huge, huge, fs.ErrNotExist)
	err := ClipIn(cause, huge)
	want := `unknown surface "` + strings.Repeat("x", 40) + `…" (want one of a, b); open ` + strings.Repeat("x", 40) + "…: file does not exist"
	if err.Error() != want {
		t.Errorf("ClipIn = %q\nwant %q", err, want)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("ClipIn loses the cause")
	}
	short := errors.New(`unknown surface "x"`)
	if ClipIn(short, "x") != short || ClipIn(nil, huge) != nil {
		t.Errorf("ClipIn changes an error that echoes nothing long")
	}
}

// TestClipInKeepsPaths: the place of an error is a whole path, however
// long, even when the caller names it among the echoes (issue 16).
func TestClipInKeepsPaths(t *testing.T) {
	path := "/tmp/a long directory name with a space/tenant-contoso/photo-observations.scenario"
	word := strings.Repeat("w", 60)
	err := Errorf(path, 3, "unknown surface %q", word)
	want := path + `:3: unknown surface "` + strings.Repeat("w", 40) + `…"`
	if got := ClipIn(err, path, word).Error(); got != want {
		t.Errorf("ClipIn(srcpos.Error) = %q\nwant %q", got, want)
	}
	open := fmt.Errorf("rules %s: %w", path, &fs.PathError{Op: "open", Path: path, Err: fs.ErrNotExist})
	if got, want := ClipIn(open, path).Error(), "rules "+path+": open "+path+": file does not exist"; got != want {
		t.Errorf("ClipIn(PathError) = %q\nwant %q", got, want)
	}
	if got := Paths(fmt.Errorf("x: %w", errors.Join(err, open))); len(got) != 1 || got[0] != path {
		t.Errorf("Paths = %q, want the one path once", got)
	}
}
