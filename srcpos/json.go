package srcpos

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"
)

// JSON reads one JSON object from a file token by token, so that every
// error names the line it is on: the rules files of SPEC §5 and the spaces
// of photosync infer are read with it.
type JSON struct {
	File string
	Data []byte
	Dec  *json.Decoder
	want string // what the file should hold, for messages: "a rules object as in SPEC §5"
}

// NewJSON starts reading data, the contents of file, which should hold
// want (for messages). A UTF-8 byte order mark before the object is
// skipped; lines do not move.
func NewJSON(file string, data []byte, want string) *JSON {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	j := &JSON{File: file, Data: data, Dec: json.NewDecoder(bytes.NewReader(data)), want: want}
	j.Dec.UseNumber()
	return j
}

// ErrAt builds an error at the line of byte offset off.
func (j *JSON) ErrAt(off int64, format string, args ...any) error {
	off = max(0, min(off, int64(len(j.Data))))
	line := 1 + bytes.Count(j.Data[:off], []byte("\n"))
	return Errorf(j.File, line, format, args...)
}

// Token returns the next token and the offset where it starts.
func (j *JSON) Token() (json.Token, int64, error) {
	off := j.Dec.InputOffset()
	// Skip whitespace and separators so the offset points at the token itself.
	for off < int64(len(j.Data)) && strings.IndexByte(" \t\r\n,:", j.Data[off]) >= 0 {
		off++
	}
	tok, err := j.Dec.Token()
	if err != nil {
		if syn, ok := err.(*json.SyntaxError); ok {
			return nil, off, j.ErrAt(syn.Offset, "malformed JSON: %v (want %s)", syn, j.want)
		}
		return nil, off, j.ErrAt(off, "malformed JSON: %v (want %s)", err, j.want)
	}
	return tok, off, nil
}

// Object reads the whole file as one object: it checks that the file is
// UTF-8, calls field with each key (and its offset) to read the value, and
// refuses a key given twice and anything after the object.
func (j *JSON) Object(field func(key string, off int64) error) error {
	if !utf8.Valid(j.Data) {
		return j.ErrAt(int64(bytes.IndexFunc(j.Data, func(r rune) bool { return r == utf8.RuneError })),
			"not UTF-8 text (want %s)", j.want)
	}
	tok, off, err := j.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return j.ErrAt(off, "want a JSON object (%s)", j.want)
	}
	seen := map[string]bool{}
	for j.Dec.More() {
		tok, off, err := j.Token()
		if err != nil {
			return err
		}
		key, _ := tok.(string) // the decoder only yields string keys inside an object
		if seen[key] {
			return j.ErrAt(off, "duplicate field %s", Quote(key))
		}
		seen[key] = true
		if err := field(key, off); err != nil {
			return err
		}
	}
	if _, _, err := j.Token(); err != nil { // closing brace
		return err
	}
	if off := j.Dec.InputOffset(); len(bytes.TrimSpace(j.Data[off:])) > 0 {
		return j.ErrAt(off, "unexpected data after the object (want %s)", j.want)
	}
	return nil
}

// String reads a value that must be a string; what names it in messages.
func (j *JSON) String(what string) (string, int64, error) {
	tok, off, err := j.Token()
	if err != nil {
		return "", off, err
	}
	s, ok := tok.(string)
	if !ok {
		return "", off, j.ErrAt(off, "%s: want a string", what)
	}
	return s, off, nil
}

// Knob reads a knob's value: a JSON string, or true or false for an on/off
// knob, as text; name is the knob's, for messages.
func (j *JSON) Knob(name string) (string, int64, error) {
	tok, off, err := j.Token()
	if err != nil {
		return "", off, err
	}
	switch x := tok.(type) {
	case string:
		return x, off, nil
	case bool:
		return strconv.FormatBool(x), off, nil
	}
	return "", off, j.ErrAt(off, "knob %s: want a JSON string (or true/false for an on/off knob)", Clip(name))
}
