package main

import (
	"strings"
	"testing"
)

// TestWholePaths: every error names its file by the whole path, however
// long and with spaces, so that an editor can jump to it (issue 16); only
// echoes of input text are clipped.
func TestWholePaths(t *testing.T) {
	long := "tenant-contoso with a long directory name/photo-observations of the pilot"
	q := "at 0s view outlook-online-contact-card observer\n"
	dir := files(t, map[string]string{
		long + "/bad.scenario":      "at 0s bogus\n",
		long + "/q.scenario":        q,
		long + "/b/q.scenario":      q,
		long + "/rules.scenario":    "rules nope.json\nat 0s visit\n",
		long + "/space.json":        `{"vary": {"bogus": "all"}}`,
		long + "/base.json":         `{"base": "other.json"}`,
		long + "/set.scenario":      "set owa.cacheTTL forever\nat 0s visit\n",
		long + "/observe.log":       "at 0s observe yammer observer v7\n",
		long + "/violates.scenario": "violates no-such-property\nat 0s visit\n",
	})
	for _, c := range []struct {
		name string
		args []string
		path string // the whole path the error must name
	}{
		{"run: a parse error", []string{"run", long + "/bad.scenario"}, long + "/bad.scenario:1:"},
		{"report: a parse error", []string{"report", long + "/bad.scenario"}, long + "/bad.scenario:1:"},
		{"run: a missing file", []string{"run", long + "/missing.scenario"}, long + "/missing.scenario"},
		{"report: a missing file", []string{"report", long + "/missing.scenario"}, long + "/missing.scenario"},
		{"infer: a missing log", []string{"infer", long + "/missing.log"}, long + "/missing.log"},
		{"infer: a missing --space", []string{"infer", "--space", long + "/missing.json", long + "/observe.log"}, long + "/missing.json"},
		{"run: a missing --rules", []string{"run", "--rules", long + "/missing.json", long + "/q.scenario"}, long + "/missing.json"},
		{"check: a missing --rules", []string{"check", "--rules", long + "/missing.json"}, long + "/missing.json"},
		{"infer: --space content", []string{"infer", "--space", long + "/space.json", long + "/observe.log"}, long + "/space.json:1:"},
		{"rules: a base that is a file", []string{"rules", long + "/base.json"}, long + "/base.json:1:"},
		{"run: a rules line", []string{"run", long + "/rules.scenario"}, long + "/rules.scenario:1: rules nope.json: open " + long + "/nope.json"},
		{"run: a set line", []string{"run", long + "/set.scenario"}, long + "/set.scenario:1:"},
		{"run: --viewers 1", []string{"run", "--viewers", "1", long + "/q.scenario"}, long + "/q.scenario:1:"},
		{"report: --viewers 1", []string{"report", "--viewers", "1", long + "/q.scenario"}, long + "/q.scenario:1:"},
		{"infer: an impossible observation", []string{"infer", long + "/violates.scenario"}, long + "/violates.scenario:1:"},
		{"report: two inputs of one name", []string{"report", "--out", "out", long + "/q.scenario", long + "/b/q.scenario"},
			long + "/b/q.scenario: the report out/q.md would overwrite the report of " + long + "/q.scenario"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, _, stderr := call(t, dir, nil, c.args...)
			if code != exitUsage || !strings.Contains(stderr, c.path) || strings.Contains(stderr, "…") {
				t.Errorf("exit %d, stderr:\n%s\nwant exit 2 and the whole path %q, nothing clipped", code, stderr, c.path)
			}
		})
	}
}
