package infer

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"photosync/count"
	"photosync/model"
	"photosync/scenario"
	"photosync/srcpos"
)

// Axis is one knob a space varies, with the values it tries.
type Axis struct {
	Knob   string   // the knob's name (model.Knobs)
	Values []string // the values tried, each as `photosync rules` writes it, without duplicates

	index int // the knob's index in model.Knobs(), for model.Reads
}

// Space is a set of candidate rule sets: every rule set Base becomes when
// each axis's knob takes one of its values (the product), and the Named
// rule sets, each a candidate of its own unless the product holds it.
type Space struct {
	Base  model.Rules
	Axes  []Axis // in catalog order, each knob once
	Named []model.Rules
}

// MaxCandidates bounds how many rule sets a space may hold: counts stay
// exact in an int, and far beyond any space a person writes (the default
// space holds 442,368).
const MaxCandidates = 1 << 50

// Default is the space photosync infer searches without --space: base
// observed, every enumerated and boolean knob of SPEC §3 and §6 over all its
// values, the duration knobs at observed's values, and every built-in rule
// set (the eras included) as a candidate of its own.
func Default() Space {
	sp := Space{Base: model.Observed()}
	for _, k := range model.Knobs() {
		if c := k.Choices(); c != nil {
			sp.Axes = append(sp.Axes, Axis{Knob: k.Name, Values: slices.Clone(c)})
		}
	}
	for _, rs := range model.RuleSets() {
		sp.Named = append(sp.Named, rs.Rules())
	}
	if err := sp.init(); err != nil {
		panic("infer: the default space is wrong: " + err.Error())
	}
	return sp
}

// init resolves each axis's knob, puts the axes in catalog order and
// checks the space's size.
func (sp *Space) init() error {
	for i := range sp.Axes {
		a := &sp.Axes[i]
		a.index = -1
		for k, knob := range model.Knobs() {
			if knob.Name == a.Knob {
				a.index = k
			}
		}
		if a.index < 0 {
			_, err := model.LookupKnob(a.Knob)
			return err
		}
	}
	slices.SortFunc(sp.Axes, func(a, b Axis) int { return a.index - b.index })
	if _, ok := sp.size(); !ok {
		return fmt.Errorf("more than %s (want fewer values to try)", count.Of(MaxCandidates, "candidate"))
	}
	return nil
}

// size returns how many rule sets the product holds, and false past
// MaxCandidates.
func (sp *Space) size() (int, bool) {
	n := 1
	for _, a := range sp.Axes {
		if n > MaxCandidates/len(a.Values) {
			return 0, false
		}
		n *= len(a.Values)
	}
	return n, true
}

// maxValues is how many values an axis may try: a group of candidates keeps
// the values of each axis as the bits of a uint64.
const maxValues = 64

// MaxSpaceFileBytes is the largest space file ReadSpace reads.
const MaxSpaceFileBytes = 1 << 20

// ReadSpace reads a space file:
//
//	{"base": "modern", "vary": {"sharepoint.window": ["24h", "72h"],
//	 "sharepoint.trigger": ["visit", "service"], "yammer.sync": "all"},
//	 "named": true}
//
// base is a built-in rule set or a rules file relative to the space file
// (default observed); vary maps a knob to the values to try (strings, or
// true/false for an on/off knob), or to "all" for every value of an
// enumerated or boolean knob; named (default false) adds the built-in rule
// sets as candidates. Every error is a *srcpos.Error at the line at fault.
func ReadSpace(file string, data []byte, load scenario.Loader) (Space, error) {
	if len(data) > MaxSpaceFileBytes {
		return Space{}, srcpos.Errorf(file, 1, "larger than %d bytes (want a space of at most %d bytes)", len(data), MaxSpaceFileBytes)
	}
	p := &spaceParser{JSON: srcpos.NewJSON(file, data, `a space {"base": …, "vary": {…}, "named": true}`)}
	if err := p.Object(p.field); err != nil {
		return Space{}, err
	}
	sp := Space{Base: model.Observed()}
	if p.base != "" {
		r, err := scenario.LoadRules(p.base, filepath.Dir(file), load)
		if err != nil {
			return Space{}, p.ErrAt(p.baseOff, "base: %w", srcpos.ClipIn(err, p.base))
		}
		sp.Base = r
	}
	for _, a := range p.axes {
		sp.Axes = append(sp.Axes, a.Axis)
	}
	if p.named {
		for _, rs := range model.RuleSets() {
			sp.Named = append(sp.Named, rs.Rules())
		}
	}
	if err := sp.init(); err != nil {
		return Space{}, p.ErrAt(p.varyOff, "vary: %v", err)
	}
	return sp, nil
}

type spaceParser struct {
	*srcpos.JSON
	base             string
	baseOff, varyOff int64
	axes             []axisAt
	named            bool
}

// axisAt is an axis with the offset of its knob's name.
type axisAt struct {
	Axis
	off int64
}

func (p *spaceParser) field(key string, off int64) error {
	switch key {
	case "base":
		s, off, err := p.String(`field "base"`)
		p.base, p.baseOff = s, off
		return err
	case "vary":
		p.varyOff = off
		return p.vary()
	case "named":
		tok, off, err := p.Token()
		if err != nil {
			return err
		}
		b, ok := tok.(bool)
		if !ok {
			return p.ErrAt(off, `field "named": want true or false`)
		}
		p.named = b
		return nil
	}
	return p.ErrAt(off, "unknown field %s (want base, vary, named)", srcpos.Quote(key))
}

// vary reads the object of "vary": knob names to lists of values.
func (p *spaceParser) vary() error {
	tok, off, err := p.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return p.ErrAt(off, `field "vary": want an object from knob name to a list of values`)
	}
	seen := map[string]int64{}
	for p.Dec.More() {
		ktok, koff, err := p.Token()
		if err != nil {
			return err
		}
		name, _ := ktok.(string)
		knob, err := model.LookupKnob(name)
		if err != nil {
			return p.ErrAt(koff, "%v", srcpos.ClipIn(err, name))
		}
		if _, dup := seen[name]; dup {
			return p.ErrAt(koff, "knob %s varied twice", name)
		}
		seen[name] = koff
		values, err := p.values(knob)
		if err != nil {
			return err
		}
		p.axes = append(p.axes, axisAt{Axis{Knob: name, Values: values}, koff})
	}
	_, _, err = p.Token() // closing brace
	return err
}

// values reads the values of one knob: a list, or "all".
func (p *spaceParser) values(knob model.Knob) ([]string, error) {
	tok, off, err := p.Token()
	if err != nil {
		return nil, err
	}
	if s, ok := tok.(string); ok && s == "all" {
		if knob.Choices() == nil {
			return nil, p.ErrAt(off, "knob %s: \"all\" of a duration (want a list such as [\"24h\", \"72h\"])", knob.Name)
		}
		return slices.Clone(knob.Choices()), nil
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return nil, p.ErrAt(off, "knob %s: want a list of values (%s), or \"all\"", knob.Name, knob.Values)
	}
	var out []string
	for p.Dec.More() {
		v, voff, err := p.Knob(knob.Name)
		if err != nil {
			return nil, err
		}
		r := model.Observed()
		if err := r.Set(knob.Name, v); err != nil {
			return nil, p.ErrAt(voff, "%v", srcpos.ClipIn(err, knob.Name, v))
		}
		v = knob.Get(r) // the spelling photosync rules uses: 3d is 72h
		if slices.Contains(out, v) {
			return nil, p.ErrAt(voff, "knob %s: value %s twice", knob.Name, v)
		}
		if len(out) == maxValues {
			return nil, p.ErrAt(voff, "knob %s: more than %d values", knob.Name, maxValues)
		}
		out = append(out, v)
	}
	if _, _, err := p.Token(); err != nil { // closing bracket
		return nil, err
	}
	if len(out) == 0 {
		return nil, p.ErrAt(off, "knob %s: no values (want at least one)", knob.Name)
	}
	return out, nil
}

// String describes the space in one line: "observed, varying 16 knobs,
// and 7 named rule sets".
func (sp *Space) String() string {
	var parts []string
	parts = append(parts, sp.Base.Name)
	switch len(sp.Axes) {
	case 0:
	case 1:
		parts = append(parts, "varying "+sp.Axes[0].Knob)
	default:
		parts = append(parts, "varying "+count.Of(len(sp.Axes), "knob"))
	}
	if len(sp.Named) > 0 {
		parts = append(parts, count.Of(len(sp.Named), "named rule set"))
	}
	return strings.Join(parts, ", ")
}
