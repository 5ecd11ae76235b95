package model

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"photosync/srcpos"
)

// MaxRulesFileBytes is the largest rules file a reader should hand to
// DecodeRules (scenario.FileLoader enforces it while reading): 1 MiB, a
// thousand times a rules file that sets every knob.
const MaxRulesFileBytes = 1 << 20

// DecodeRules reads a rules file (SPEC §5):
//
//	{"name": "...", "description": "...", "base": "observed",
//	 "set": {"sharepoint.window": "24h", "picker.cacheBusting": false}}
//
// base names a built-in rule set (default observed); each value in set is a
// JSON string, or a JSON boolean for an on/off knob. A UTF-8 byte order mark
// before the object is skipped, as in scenarios. Every error is a
// *srcpos.Error, "FILE:LINE: what is wrong (want …)", echoing at most
// srcpos.MaxEcho characters of any piece of the file. file is used only in
// messages and as the default name.
func DecodeRules(file string, data []byte) (Rules, error) {
	if len(data) > MaxRulesFileBytes {
		return Rules{}, srcpos.Errorf(file, 1, "larger than %d bytes (want a rules object of at most %d bytes)", len(data), MaxRulesFileBytes)
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff")) // a byte order mark some editors write; lines do not move
	p := &rulesParser{file: file, data: data, dec: json.NewDecoder(bytes.NewReader(data))}
	p.dec.UseNumber()
	return p.parse()
}

type rulesParser struct {
	file string
	data []byte
	dec  *json.Decoder

	name, desc, base string
	baseOff          int64
	sets             []knobValue     // the knobs of "set", in file order
	fields           map[string]bool // the fields seen
}

// knobValue is one entry of "set", with the offset of its name.
type knobValue struct {
	name, value string
	off         int64
}

// errAt builds an error at the line of byte offset off.
func (p *rulesParser) errAt(off int64, format string, args ...any) error {
	off = max(0, min(off, int64(len(p.data))))
	line := 1 + bytes.Count(p.data[:off], []byte("\n"))
	return srcpos.Errorf(p.file, line, format, args...)
}

func (p *rulesParser) token() (json.Token, int64, error) {
	off := p.dec.InputOffset()
	// Skip whitespace and separators so the offset points at the token itself.
	for off < int64(len(p.data)) && strings.IndexByte(" \t\r\n,:", p.data[off]) >= 0 {
		off++
	}
	tok, err := p.dec.Token()
	if err != nil {
		if syn, ok := err.(*json.SyntaxError); ok {
			return nil, off, p.errAt(syn.Offset, "malformed JSON: %v (want a rules object as in SPEC §5)", syn)
		}
		return nil, off, p.errAt(off, "malformed JSON: %v (want a rules object as in SPEC §5)", err)
	}
	return tok, off, nil
}

// parse reads the whole file: the object, then the rule set it makes.
func (p *rulesParser) parse() (Rules, error) {
	if !utf8.Valid(p.data) {
		return Rules{}, p.errAt(int64(bytes.IndexFunc(p.data, func(r rune) bool { return r == utf8.RuneError })),
			"not UTF-8 text (want a JSON rules object)")
	}
	if err := p.object(); err != nil {
		return Rules{}, err
	}
	return p.rules()
}

// object reads the rules object and what follows it, keeping its fields.
func (p *rulesParser) object() error {
	tok, off, err := p.token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return p.errAt(off, "want a JSON object {\"base\": …, \"set\": {…}}")
	}
	p.fields = map[string]bool{}
	for p.dec.More() {
		if err := p.field(); err != nil {
			return err
		}
	}
	if _, _, err := p.token(); err != nil { // closing brace
		return err
	}
	if off := p.dec.InputOffset(); len(bytes.TrimSpace(p.data[off:])) > 0 {
		return p.errAt(off, "unexpected data after the rules object")
	}
	return nil
}

// field reads one field of the rules object, name and value.
func (p *rulesParser) field() error {
	tok, off, err := p.token()
	if err != nil {
		return err
	}
	key, _ := tok.(string) // the decoder only yields string keys inside an object
	if p.fields[key] {
		return p.errAt(off, "duplicate field %s", srcpos.Quote(key))
	}
	p.fields[key] = true
	switch key {
	case "name", "description", "base":
		return p.stringField(key)
	case "set":
		return p.setField()
	}
	return p.errAt(off, "unknown field %s (want name, description, base, set)", srcpos.Quote(key))
}

// stringField reads the value of a field that holds a string.
func (p *rulesParser) stringField(key string) error {
	tok, off, err := p.token()
	if err != nil {
		return err
	}
	s, ok := tok.(string)
	if !ok {
		return p.errAt(off, "field %q: want a string", key)
	}
	switch key {
	case "name":
		p.name = s
	case "description":
		p.desc = s
	case "base":
		p.base, p.baseOff = s, off
	}
	return nil
}

// setField reads the object of "set": knob names to values.
func (p *rulesParser) setField() error {
	tok, off, err := p.token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return p.errAt(off, "field \"set\": want an object from knob name to value")
	}
	for p.dec.More() {
		ktok, koff, err := p.token()
		if err != nil {
			return err
		}
		k, _ := ktok.(string)
		vtok, voff, err := p.token()
		if err != nil {
			return err
		}
		var v string
		switch x := vtok.(type) {
		case string:
			v = x
		case bool:
			v = fmt.Sprint(x)
		default:
			return p.errAt(voff, "knob %s: want a JSON string (or true/false for an on/off knob)", srcpos.Clip(k))
		}
		p.sets = append(p.sets, knobValue{k, v, koff})
	}
	_, _, err = p.token() // closing brace
	return err
}

// rules makes the rule set the fields say: the base, each knob set on top,
// the name (by default the file's) and the description.
func (p *rulesParser) rules() (Rules, error) {
	base := p.base
	if base == "" {
		base = "observed"
	}
	r, err := Named(base)
	if err != nil {
		return Rules{}, p.errAt(p.baseOff, "base: %v", srcpos.ClipIn(err, base))
	}
	seenKnob := map[string]bool{}
	for _, kv := range p.sets {
		if seenKnob[kv.name] {
			return Rules{}, p.errAt(kv.off, "knob %s set twice", kv.name)
		}
		seenKnob[kv.name] = true
		if err := r.Set(kv.name, kv.value); err != nil {
			return Rules{}, p.errAt(kv.off, "%v", srcpos.ClipIn(err, kv.name, kv.value))
		}
	}
	name := p.name
	if name == "" {
		name = strings.TrimSuffix(filepath.Base(p.file), filepath.Ext(p.file))
	}
	r.Name, r.Description, r.Base = name, p.desc, base
	return r, nil
}
