package model

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"

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
	p := &rulesParser{JSON: srcpos.NewJSON(file, data, "a rules object as in SPEC §5")}
	if err := p.Object(p.field); err != nil {
		return Rules{}, err
	}
	return p.rules()
}

type rulesParser struct {
	*srcpos.JSON

	name, desc, base string
	baseOff          int64
	sets             []knobValue // the knobs of "set", in file order
}

// knobValue is one entry of "set", with the offset of its name.
type knobValue struct {
	name, value string
	off         int64
}

// field reads one field of the rules object: its value.
func (p *rulesParser) field(key string, off int64) error {
	switch key {
	case "name", "description", "base":
		return p.stringField(key)
	case "set":
		return p.setField()
	}
	return p.ErrAt(off, "unknown field %s (want name, description, base, set)", srcpos.Quote(key))
}

// stringField reads the value of a field that holds a string.
func (p *rulesParser) stringField(key string) error {
	s, off, err := p.String(fmt.Sprintf("field %q", key))
	if err != nil {
		return err
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
	tok, off, err := p.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return p.ErrAt(off, "field \"set\": want an object from knob name to value")
	}
	for p.Dec.More() {
		ktok, koff, err := p.Token()
		if err != nil {
			return err
		}
		k, _ := ktok.(string)
		v, _, err := p.Knob(k)
		if err != nil {
			return err
		}
		p.sets = append(p.sets, knobValue{k, v, koff})
	}
	_, _, err = p.Token() // closing brace
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
		// Not Named's error: it offers a rules file, which a base cannot be.
		return Rules{}, p.ErrAt(p.baseOff, "base %s is not a named rule set (want one of %s: a rules file's base is a named rule set, never another file)",
			srcpos.Quote(base), strings.Join(NamedRuleSets(), ", "))
	}
	seenKnob := map[string]bool{}
	for _, kv := range p.sets {
		if seenKnob[kv.name] {
			return Rules{}, p.ErrAt(kv.off, "knob %s set twice", kv.name)
		}
		seenKnob[kv.name] = true
		if err := r.Set(kv.name, kv.value); err != nil {
			return Rules{}, p.ErrAt(kv.off, "%v", srcpos.ClipIn(err, kv.name, kv.value))
		}
	}
	name := p.name
	if name == "" {
		name = strings.TrimSuffix(filepath.Base(p.File), filepath.Ext(p.File))
	}
	r.Name, r.Description, r.Base = name, p.desc, base
	return r, nil
}
