package model

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"testing"

	"photosync/srcpos"
)

func TestDecodeRules(t *testing.T) {
	r, err := DecodeRules("dir/day.json", []byte(`{"description": "a day", "base": "documented",
		"set": {"sharepoint.window": "1d", "picker.cacheBusting": true}}`))
	if err != nil {
		t.Fatal(err)
	}
	if r.Name != "day" || r.Base != "documented" || r.Description != "a day" || r.Window != 24*3600e9 || !r.PickerCacheBusting {
		t.Errorf("decoded %+v", r)
	}
}

// TestDecodeRulesBOM: a byte order mark before the object is skipped, as in
// scenarios, and lines are still counted from it.
func TestDecodeRulesBOM(t *testing.T) {
	r, err := DecodeRules("bom.json", []byte("\ufeff{\"name\": \"bom\", \"set\": {\"owa.cacheTTL\": \"5s\"}}\n"))
	if err != nil || r.Name != "bom" || r.OWACacheTTL != 5e9 {
		t.Errorf("a rules file with a byte order mark: %+v, %v", r, err)
	}
	_, err = DecodeRules("bom.json", []byte("\ufeff{\n\"set\": {\"owa.cacheTTL\": \"soon\"}}"))
	if err == nil || err.Error() != `bom.json:2: knob owa.cacheTTL: bad value "soon" (want a duration such as 10s)` {
		t.Errorf("a bad value after a byte order mark: %v", err)
	}
}

// TestDecodeRulesErrors: each error is a *srcpos.Error naming the line of
// what is wrong, and echoes at most srcpos.MaxEcho characters of the file.
func TestDecodeRulesErrors(t *testing.T) {
	long := strings.Repeat("k", 300)
	clipped := strings.Repeat("k", 40) + "…"
	for _, c := range []struct {
		data string
		line int
		msg  string
	}{
		{"", 1, "malformed JSON: EOF (want a rules object as in SPEC §5)"},
		{"[1]", 1, "want a JSON object (a rules object as in SPEC §5)"},
		{"{\n\"name\": 1}", 2, `field "name": want a string`},
		{"{\"name\": \"a\",\n \"name\": \"b\"}", 2, `duplicate field "name"`},
		{"{\n\n\"x\": 1}", 3, `unknown field "x" (want name, description, base, set)`},
		{`{"` + long + `": 1}`, 1, `unknown field "` + clipped + `" (want name, description, base, set)`},
		{"{\"set\": [\n]}", 1, `field "set": want an object from knob name to value`},
		{"{\"set\": {\n\"owa.cacheTTL\": 10}}", 2, "knob owa.cacheTTL: want a JSON string (or true/false for an on/off knob)"},
		{"{\"set\": {\"owa.cacheTTL\": \"1s\",\n\"owa.cacheTTL\": \"2s\"}}", 2, "knob owa.cacheTTL set twice"},
		{"{\"set\": {\n\"" + long + "\": \"1s\"}}", 2, `unknown knob "` + clipped + `" (want one of `},
		{"{\"set\": {\n\"owa.cacheTTL\": \"" + long + "\"}}", 2, `knob owa.cacheTTL: bad value "` + clipped + `" (want a duration such as 10s)`},
		{"{\n\"base\": \"wished\"}", 2, `base "wished" is not a named rule set (want one of observed, documented, ideal, sharepoint-2013, exchange-online-2016, transition-2023, modern: a rules file's base is a named rule set, never another file)`},
		{"{\n\"base\": \"" + long + "\"}", 2, `base "` + clipped + `" is not a named rule set (want one of`},
		{"{\n\"base\": \"other.json\"}", 2, `base "other.json" is not a named rule set (want one of observed, documented, ideal, sharepoint-2013, exchange-online-2016, transition-2023, modern: a rules file's base is a named rule set, never another file)`},
		{"{} {}", 1, "unexpected data after the object (want a rules object as in SPEC §5)"},
		{"{\n\"set\": {\"a\": \"\xff\"}}", 2, "not UTF-8 text (want a rules object as in SPEC §5)"},
		{"{\n\"name\" \"a\"}", 2, "malformed JSON: invalid character '\"' after object key (want a rules object as in SPEC §5)"},
	} {
		_, err := DecodeRules("p.json", []byte(c.data))
		e, ok := srcpos.Find(err)
		switch {
		case !ok:
			t.Errorf("%.60q: %v is not a *srcpos.Error", c.data, err)
		case e.File != "p.json" || e.Line != c.line || !strings.HasPrefix(e.Message(), c.msg):
			t.Errorf("%.60q: %s:%d: %s\nwant p.json:%d: %s", c.data, e.File, e.Line, e.Message(), c.line, c.msg)
		case len(e.Message()) > len(c.msg)+700: // the list of knobs or rule sets, not the input
			t.Errorf("%.60q: a message of %d bytes", c.data, len(e.Message()))
		}
	}
}

// TestRulesFileFunctionsShort: the rules-file decoder stays in functions a
// reader can take in, under 100 lines each.
func TestRulesFileFunctionsShort(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "rulesfile.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range f.Decls {
		if fn, ok := d.(*ast.FuncDecl); ok {
			if n := fset.Position(fn.End()).Line - fset.Position(fn.Pos()).Line + 1; n >= 100 {
				t.Errorf("%s is %d lines long (want under 100)", fn.Name.Name, n)
			}
		}
	}
}
