package model

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// DecodeRules reads a rules file (SPEC §5):
//
//	{"name": "...", "description": "...", "base": "observed",
//	 "set": {"sharepoint.window": "24h", "picker.cacheBusting": false}}
//
// base names a built-in rule set (default observed); each value in set is a
// JSON string, or a JSON boolean for an on/off knob. Errors are
// "FILE:LINE: what is wrong (want …)". file is used only in messages and as
// the default name.
func DecodeRules(file string, data []byte) (Rules, error) {
	p := &rulesParser{file: file, data: data, dec: json.NewDecoder(bytes.NewReader(data))}
	p.dec.UseNumber()
	r, err := p.parse()
	if err != nil {
		return Rules{}, err
	}
	return r, nil
}

type rulesParser struct {
	file string
	data []byte
	dec  *json.Decoder
}

// errAt builds an error at the line of byte offset off.
func (p *rulesParser) errAt(off int64, format string, args ...any) error {
	if off > int64(len(p.data)) {
		off = int64(len(p.data))
	}
	line := 1 + bytes.Count(p.data[:off], []byte("\n"))
	return fmt.Errorf("%s:%d: %s", p.file, line, fmt.Sprintf(format, args...))
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

func (p *rulesParser) parse() (Rules, error) {
	if !utf8.Valid(p.data) {
		return Rules{}, p.errAt(int64(bytes.IndexFunc(p.data, func(r rune) bool { return r == utf8.RuneError })),
			"not UTF-8 text (want a JSON rules object)")
	}
	tok, off, err := p.token()
	if err != nil {
		return Rules{}, err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return Rules{}, p.errAt(off, "want a JSON object {\"base\": …, \"set\": {…}}")
	}
	var name, desc, base string
	baseOff := int64(0)
	type knobValue struct {
		name, value string
		off         int64
	}
	var sets []knobValue
	seen := map[string]bool{}
	for p.dec.More() {
		tok, off, err := p.token()
		if err != nil {
			return Rules{}, err
		}
		key, _ := tok.(string) // the decoder only yields string keys inside an object
		if seen[key] {
			return Rules{}, p.errAt(off, "duplicate field %q", key)
		}
		seen[key] = true
		switch key {
		case "name", "description", "base":
			tok, voff, err := p.token()
			if err != nil {
				return Rules{}, err
			}
			s, ok := tok.(string)
			if !ok {
				return Rules{}, p.errAt(voff, "field %q: want a string", key)
			}
			switch key {
			case "name":
				name = s
			case "description":
				desc = s
			case "base":
				base, baseOff = s, voff
			}
		case "set":
			tok, voff, err := p.token()
			if err != nil {
				return Rules{}, err
			}
			if d, ok := tok.(json.Delim); !ok || d != '{' {
				return Rules{}, p.errAt(voff, "field \"set\": want an object from knob name to value")
			}
			for p.dec.More() {
				ktok, koff, err := p.token()
				if err != nil {
					return Rules{}, err
				}
				k, _ := ktok.(string)
				vtok, voff, err := p.token()
				if err != nil {
					return Rules{}, err
				}
				var v string
				switch x := vtok.(type) {
				case string:
					v = x
				case bool:
					v = fmt.Sprint(x)
				default:
					return Rules{}, p.errAt(voff, "knob %s: want a JSON string (or true/false for an on/off knob)", k)
				}
				sets = append(sets, knobValue{k, v, koff})
			}
			if _, _, err := p.token(); err != nil { // closing brace
				return Rules{}, err
			}
		default:
			return Rules{}, p.errAt(off, "unknown field %q (want name, description, base, set)", key)
		}
	}
	if _, _, err := p.token(); err != nil { // closing brace
		return Rules{}, err
	}
	if off := p.dec.InputOffset(); len(bytes.TrimSpace(p.data[off:])) > 0 {
		return Rules{}, p.errAt(off, "unexpected data after the rules object")
	}
	if base == "" {
		base = "observed"
	}
	r, err := Named(base)
	if err != nil {
		return Rules{}, p.errAt(baseOff, "base: %v", err)
	}
	seenKnob := map[string]bool{}
	for _, kv := range sets {
		if seenKnob[kv.name] {
			return Rules{}, p.errAt(kv.off, "knob %s set twice", kv.name)
		}
		seenKnob[kv.name] = true
		if err := r.Set(kv.name, kv.value); err != nil {
			return Rules{}, p.errAt(kv.off, "%v", err)
		}
	}
	if name == "" {
		name = strings.TrimSuffix(filepath.Base(p.file), filepath.Ext(p.file))
	}
	r.Name, r.Description, r.Base = name, desc, base
	return r, nil
}
