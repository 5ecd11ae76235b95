package main

import (
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestReport(t *testing.T) {
	sticks := "violates sharepoint-change-sticks\nat 0s change sharepoint-mysite\nat 0s change sharepoint-mysite\n" +
		"at 0s expect sharepoint-people-picker observer = v1\n"
	dir := files(t, map[string]string{
		"sticks.scenario":       sticks,
		"plain.txt":             "at 0s change outlook-online\nat 0s expect outlook-online-contact-card observer = v1\n",
		"broken.scenario":       "# a typo\nat 0s view sharepoint-foo observer\n",
		"viewers.scenario":      "at 0s expect yammer observer2 = v0\n",
		"sub/window.scenario":   "rules day.json\nat 0s change outlook-online\nat 0s visit\n",
		"sub/day.json":          `{"name": "day", "description": "a one-day window", "set": {"sharepoint.window": "24h"}}`,
		"documented.scenario":   "at 0s visit\nat 0s change outlook-online\nat 72h expect sharepoint-people-picker observer = v1\n",
		"badrules.scenario":     "rules absent.json\nat 0s visit\n",
		"mismatch.scenario":     "at 0s change outlook-online\nat 0s expect yammer observer = v1\n",
		"out-of-order.scenario": "at 1h visit\nat 0s visit\n",
	})
	for _, c := range []struct {
		name           string
		args           []string
		code           int
		stdout, stderr string
		md             map[string]string // a report written, and a line it must contain
	}{
		{"beside the scenario", []string{"report", "sticks.scenario"}, 0, "sticks.md\nsticks.svg\n", "",
			map[string]string{"sticks.md": "# A My Site change sticks in SharePoint\n"}},
		{"any extension", []string{"report", "plain.txt"}, 0, "plain.md\nplain.svg\n", "",
			map[string]string{"plain.md": "# plain\n"}},
		{"--out", []string{"report", "--out", "reports/new", "sticks.scenario", "sub/window.scenario"}, 0,
			"reports/new/sticks.md\nreports/new/sticks.svg\nreports/new/window.md\nreports/new/window.svg\n", "",
			map[string]string{"reports/new/window.md": "- **Rules:** `day`: a one-day window\n"}},
		{"rules file relative to the scenario", []string{"report", "sub/window.scenario"}, 0,
			"sub/window.md\nsub/window.svg\n", "", map[string]string{"sub/window.md": "  - `sharepoint.window` is `24h`"}},
		{"--rules replaces the rules line", []string{"report", "--rules", "documented", "--out", "doc", "documented.scenario"}, 0,
			"doc/documented.md\ndoc/documented.svg\n", "", map[string]string{"doc/documented.md": "  - `sharepoint.visit` is `once`"}},
		{"a mismatch is reported, not an error", []string{"report", "--out", "mm", "mismatch.scenario"}, 0,
			"mm/mismatch.md\nmm/mismatch.svg\n", "",
			map[string]string{"mm/mismatch.md": "- line 2, `expect yammer observer = v1`: the model allows v0\n"}},
		{"--viewers", []string{"report", "--viewers", "3", "--out", "v3", "viewers.scenario"}, 0,
			"v3/viewers.md\nv3/viewers.svg\n", "", map[string]string{"v3/viewers.md": "- **Viewers:** subject, observer, observer2\n"}},
		{"bad input wins, every file is reported", []string{"report", "--out", "mixed", "broken.scenario", "sticks.scenario"}, 2,
			"mixed/sticks.md\nmixed/sticks.svg\n",
			`photosync report: broken.scenario:2: unknown surface "sharepoint-foo" (want one of sharepoint-mysite, sharepoint-people-search, sharepoint-newsfeed, sharepoint-people-picker, sharepoint-search-hover, outlook-online-contact-card, outlook-online-email, outlook-online-draft, outlook-client, lync-client, yammer, teams-client)` + "\n",
			nil},
		{"two viewers by default", []string{"report", "viewers.scenario"}, 2, "",
			"photosync report: viewers.scenario:1: viewer observer2 is not configured (want one of subject, observer, or more viewers)\n", nil},
		{"times out of order", []string{"report", "out-of-order.scenario"}, 2, "",
			"photosync report: out-of-order.scenario:2: time 0s is before the previous 1h on line 1 (want times that never decrease)\n", nil},
		{"missing rules file", []string{"report", "badrules.scenario"}, 2, "",
			"photosync report: badrules.scenario:1: rules absent.json: open absent.json: no such file or directory\n", nil},
		{"missing file", []string{"report", "absent.scenario"}, 2, "", "photosync report: open absent.scenario: no such file or directory\n", nil},
		{"no files", []string{"report"}, 2, "", "photosync report: no scenario files (want at least one FILE.scenario)\n", nil},
		{"bad --viewers", []string{"report", "--viewers", "0", "sticks.scenario"}, 2, "", "photosync report: --viewers 0 (want 1 to 4)\n", nil},
		{"unknown --rules", []string{"report", "--rules", "wished", "sticks.scenario"}, 2, "",
			`photosync report: rules wished: unknown rule set "wished" (want one of observed, documented, ideal, sharepoint-2013, exchange-online-2016, transition-2023, modern, or a rules file ending in .json)` + "\n", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, stdout, stderr := call(t, dir, nil, c.args...)
			if code != c.code {
				t.Errorf("exit %d, want %d", code, c.code)
			}
			if diff := cmp.Diff(c.stdout, stdout); diff != "" {
				t.Errorf("stdout (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(c.stderr, stderr); diff != "" {
				t.Errorf("stderr (-want +got):\n%s", diff)
			}
			for path, want := range c.md {
				got, err := os.ReadFile(filepath.Join(dir, path))
				if err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(string(got), want) {
					t.Errorf("%s does not contain %q:\n%s", path, want, got)
				}
			}
			for _, path := range strings.Fields(stdout) {
				if strings.HasSuffix(path, ".svg") {
					wellFormed(t, filepath.Join(dir, path))
				}
			}
		})
	}
}

func wellFormed(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	d := xml.NewDecoder(strings.NewReader(string(data)))
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			t.Fatalf("%s is not well-formed XML: %v", path, err)
		}
	}
}

func TestReportHelp(t *testing.T) {
	code, stdout, _ := call(t, t.TempDir(), nil, "report", "-h")
	if code != 0 || !strings.HasPrefix(stdout, "usage: photosync report [--rules NAME|FILE] [--viewers N] [--max-states N] [--out DIR] FILE.scenario...\n") {
		t.Errorf("report -h: exit %d, stdout %q", code, stdout)
	}
}

// TestReportRefusesOverwritingInput: a report that would overwrite one of
// the inputs, or another report of the same run, is refused with exit 2,
// and the other scenarios are still reported.
func TestReportRefusesOverwritingInput(t *testing.T) {
	scen := "at 0s change outlook-online\nat 0s expect outlook-online-contact-card observer = v1\n"
	dir := files(t, map[string]string{
		"notes.md":          scen,
		"a.scenario":        scen,
		"a.md":              scen,
		"real/x.md":         scen,
		"sub/a.scenario":    scen,
		"ok.scenario":       scen,
		"rules/ok.md":       `{"name": "md"}`,
		"rules/ok.scenario": scen,
	})
	if err := os.Symlink("real", filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name           string
		args           []string
		stdout, stderr string
	}{
		{"its own input", []string{"report", "notes.md", "ok.scenario"}, "ok.md\nok.svg\n",
			"photosync report: notes.md: the report notes.md would overwrite the input notes.md (want a FILE.scenario, or --out DIR)\n"},
		{"another input", []string{"report", "a.scenario", "a.md"}, "",
			"photosync report: a.scenario: the report a.md would overwrite the input a.md (want a FILE.scenario, or --out DIR)\n" +
				"photosync report: a.md: the report a.md would overwrite the input a.md (want a FILE.scenario, or --out DIR)\n"},
		{"the same file by another path", []string{"report", "--out", "link", "real/x.md"}, "",
			"photosync report: real/x.md: the report link/x.md would overwrite the input real/x.md (want a FILE.scenario, or --out DIR)\n"},
		{"the rules file", []string{"report", "--rules", "rules/ok.md", "rules/ok.scenario"}, "",
			"photosync report: rules/ok.scenario: the report rules/ok.md would overwrite the input rules/ok.md (want a FILE.scenario, or --out DIR)\n"},
		{"two reports of one name", []string{"report", "--out", "out", "a.scenario", "sub/a.scenario"}, "out/a.md\nout/a.svg\n",
			"photosync report: sub/a.scenario: the report out/a.md would overwrite the report of a.scenario (want scenarios of different names, or reports beside each)\n"},
		{"--rules twice", []string{"report", "--rules", "observed", "--rules", "ideal", "ok.scenario"}, "",
			"photosync report: --rules given twice (want at most once)\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, stdout, stderr := call(t, dir, nil, c.args...)
			if code != exitUsage {
				t.Errorf("exit %d, want 2", code)
			}
			if diff := cmp.Diff(c.stdout, stdout); diff != "" {
				t.Errorf("stdout (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(c.stderr, stderr); diff != "" {
				t.Errorf("stderr (-want +got):\n%s", diff)
			}
		})
	}
	for _, f := range []string{"notes.md", "a.md", "real/x.md"} {
		if data, err := os.ReadFile(filepath.Join(dir, f)); err != nil || string(data) != scen {
			t.Errorf("%s was overwritten: %q, %v", f, data, err)
		}
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "rules/ok.md")); string(data) != `{"name": "md"}` {
		t.Errorf("the rules file was overwritten: %q", data)
	}
}
