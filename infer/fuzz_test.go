package infer

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"testing"

	"photosync/scenario"
	"photosync/srcpos"
)

// FuzzReadSpace checks that ReadSpace never panics, that every error is
// a *srcpos.Error in the space file (or a base rules file it names), and
// that a space it accepts holds a countable number of candidates, each axis
// with its knob and at least one value.
func FuzzReadSpace(f *testing.F) {
	for _, s := range []string{
		`{}`, `{"base": "modern", "vary": {"sharepoint.window": ["24h", "72h"], "sharepoint.trigger": ["visit", "service"]}, "named": true}`,
		`{"vary": {"yammer.sync": "all", "picker.cacheBusting": [true, false]}}`, `{"vary": {"sharepoint.window": "all"}}`,
		`{"vary": {"owa.cacheTTL": ["1s", "1s"]}}`, `{"base": "p.json"}`, `{"named": 1}`, "{\n\"vary\": {\n\"x\": []}}",
		`{"vary": {}} {}`, "\ufeff{}",
	} {
		f.Add([]byte(s))
	}
	load := func(path string) ([]byte, error) {
		if path == "p.json" {
			return []byte(`{"base": "ideal", "set": {"sharepoint.window": "1h"}}`), nil
		}
		return nil, fmt.Errorf("open %s: %w", path, fs.ErrNotExist)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sp, err := ReadSpace("s.json", data, load)
		if err != nil {
			var pos *srcpos.Error
			if !errors.As(err, &pos) || !strings.HasPrefix(err.Error(), "s.json:") {
				t.Fatalf("error not at a line of the space: %v", err)
			}
			return
		}
		n, ok := sp.size()
		if !ok || n < 1 {
			t.Fatalf("a space of %d candidates (ok %v)", n, ok)
		}
		for _, a := range sp.Axes {
			if len(a.Values) == 0 || a.index < 0 {
				t.Fatalf("axis %+v", a)
			}
		}
	})
}

// FuzzInfer parses a log and runs it over a space of three knobs with
// small bounds: it never panics, a bad log is an error at its line, and a
// run that ends counts no more fitting candidates than the space holds.
func FuzzInfer(f *testing.F) {
	for _, s := range []string{
		inferSeed, "at 0s change yammer\nat 1s observe yammer subject v1\n", "rules modern\n",
		"at 0s change outlook-online\nat 0s lync-signout\nat 1h observe lync-client observer none\n",
	} {
		f.Add([]byte(s))
	}
	sp := Space{Base: Default().Base, Axes: []Axis{
		{Knob: "yammer.sync", Values: []string{"none", "from-exchange", "two-way", "on-use"}},
		{Knob: "lync.offlineHidesPhoto", Values: []string{"true", "false"}},
		{Knob: "sharepoint.trigger", Values: []string{"visit", "service"}},
	}}
	if err := sp.init(); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sc, err := scenario.Parse("f.log", data)
		if err != nil {
			return
		}
		in, err := Run(sp, []*scenario.Scenario{sc}, Options{MaxStates: 2000, MaxGroups: 16})
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.log:") {
				t.Fatalf("error not at a line of the log: %v", err)
			}
			return
		}
		if sum := in.Summary(); sum.Fitting > in.Candidates {
			t.Fatalf("%d of %d fit", sum.Fitting, in.Candidates)
		}
	})
}

const inferSeed = `at 0s change outlook-online
at 1m observe outlook-online-contact-card observer v1
at 1m observe sharepoint-mysite observer v0
at 2m observe yammer observer v0
`
