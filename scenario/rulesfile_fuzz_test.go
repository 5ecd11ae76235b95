package scenario

import (
	"strings"
	"testing"

	"photosync/model"
)

// FuzzDecodeRules checks that model.DecodeRules never panics and that every
// error starts with the file's name, as "FILE:LINE: …". It lives here
// rather than in model, which this package does not change.
func FuzzDecodeRules(f *testing.F) {
	addFiles(f, "testdata/rules/*.json")
	for _, s := range []string{
		`{}`, `{"base": "ideal"}`, `{"set": {"picker.cacheBusting": false, "yammer.sync": "two-way"}}`,
		`{"set": {"dirsync.interval": "0s"}}`, `{"name": 1}`, `[1]`, `{"set": {"a": {}}}`, `{"x": 1}} `,
		"{\n\"set\": {\n\"owa.cacheTTL\": \"1d2h\"}}", `{"set": {"owa.cacheTTL": "1.5s", "owa.cacheTTL": "2s"}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := model.DecodeRules("p.json", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "p.json:") {
				t.Fatalf("error without the file name: %v", err)
			}
			return
		}
		// A rule set that decodes has every knob readable.
		for _, k := range model.Knobs() {
			if k.Get(r) == "" {
				t.Fatalf("knob %s reads empty", k.Name)
			}
		}
	})
}
