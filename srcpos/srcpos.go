// Package srcpos is errors as data for every reader of input files: an
// error at a line of a file, and the way errors echo a piece of input.
//
// The scenario parser, the rules-file decoder and the scenario runner return
// *Error for what is wrong at a line; callers find it with errors.As and read
// its File, Line and Err instead of taking its text apart.
package srcpos

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Error is what is wrong at a line of a file. Error() reads
// "FILE:LINE: message", the message being Err's text.
type Error struct {
	File string
	Line int   // from 1
	Err  error // what is wrong, without the place
}

// New returns the error err at line of file.
func New(file string, line int, err error) *Error {
	return &Error{File: file, Line: line, Err: err}
}

// Errorf returns an error at line of file whose message is formatted as by
// fmt.Errorf (%w wraps).
func Errorf(file string, line int, format string, args ...any) *Error {
	return &Error{File: file, Line: line, Err: fmt.Errorf(format, args...)}
}

// Error returns "FILE:LINE: message".
func (e *Error) Error() string {
	return e.File + ":" + strconv.Itoa(e.Line) + ": " + e.Message()
}

// Message returns the message without the place.
func (e *Error) Message() string {
	if e.Err == nil {
		return "error"
	}
	return e.Err.Error()
}

// Unwrap returns the error without its place.
func (e *Error) Unwrap() error { return e.Err }

// Find returns the first positional error in err's chain: the place of an
// error about a line, however it was wrapped.
func Find(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// MaxEcho is how many characters of input an error message echoes: a longer
// piece is clipped, with "…" in place of the rest.
const MaxEcho = 40

// Clip returns s, or its first MaxEcho characters and "…" when it is longer.
func Clip(s string) string {
	if utf8.RuneCountInString(s) <= MaxEcho {
		return s
	}
	n := 0
	for i := range s {
		if n == MaxEcho {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// Quote returns s clipped to MaxEcho characters and quoted as %q does: the
// way an error message echoes a piece of input ("aaaa…").
func Quote(s string) string {
	return strconv.Quote(Clip(s))
}

// ClipIn returns err with each piece of input in echoes clipped where its
// message repeats it, quoted or bare: for errors made by code that echoes
// whole what it was given. A path is never clipped, even when it is one of
// echoes: the file of every *Error and the path of every *fs.PathError in
// err's chain stay whole, so that an editor can jump to the place. Errors
// that echo nothing long are returned as they are; the result unwraps to
// err.
func ClipIn(err error, echoes ...string) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	// Each path becomes a placeholder that no echo can match, and comes
	// back whole after the echoes are clipped.
	paths := Paths(err)
	out := msg
	for i, p := range paths {
		out = strings.ReplaceAll(out, p, placeholder(i))
	}
	for _, s := range echoes {
		if Clip(s) == s {
			continue
		}
		out = strings.ReplaceAll(out, strconv.Quote(s), Quote(s))
		out = strings.ReplaceAll(out, s, Clip(s))
	}
	for i, p := range paths {
		out = strings.ReplaceAll(out, placeholder(i), p)
	}
	if out == msg {
		return err
	}
	return &clipped{msg: out, err: err}
}

// placeholder stands for the i-th path while ClipIn clips echoes: control
// characters that no input echoed through Quote or Clip holds.
func placeholder(i int) string { return "\x00" + strconv.Itoa(i) + "\x00" }

// Paths returns the paths that err's chain names, longest first: the File
// of every *Error and the Path of every *fs.PathError. They are the places
// of errors, which messages print whole.
func Paths(err error) []string {
	var paths []string
	var walk func(error)
	walk = func(err error) {
		switch e := err.(type) {
		case nil:
			return
		case *Error:
			paths = append(paths, e.File)
		case *fs.PathError:
			paths = append(paths, e.Path)
		}
		switch u := err.(type) {
		case interface{ Unwrap() error }:
			walk(u.Unwrap())
		case interface{ Unwrap() []error }:
			for _, e := range u.Unwrap() {
				walk(e)
			}
		}
	}
	walk(err)
	paths = slices.DeleteFunc(paths, func(p string) bool { return p == "" })
	slices.SortFunc(paths, func(a, b string) int { return cmp.Or(len(b)-len(a), strings.Compare(a, b)) })
	return slices.Compact(paths)
}

type clipped struct {
	msg string
	err error
}

func (c *clipped) Error() string { return c.msg }
func (c *clipped) Unwrap() error { return c.err }
