package main

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// growing is a scenario whose possible states grow by one a line: the
// observer's Outlook desktop may keep any photo it showed. Merged, they
// are one belief; judged apart (a violates line, or a report), one each.
const growing = `at 0s expect outlook-client observer = v0
at 1m change outlook-online
at 1m view outlook-client observer
at 2m change outlook-online
at 2m view outlook-client observer
at 3m change outlook-online
at 3m expect outlook-client observer = v0|v1|v2|v3
`

func TestRunMaxStates(t *testing.T) {
	dir := files(t, map[string]string{
		"growing.scenario":  growing,
		"violates.scenario": "violates lync-always-shows-a-photo\n" + growing,
	})
	for _, c := range []struct {
		name           string
		args           []string
		code           int
		stdout, stderr string
	}{
		{"merged states fit", []string{"run", "--max-states", "1", "growing.scenario"}, 0,
			"growing.scenario:1: ok\ngrowing.scenario:7: ok\n", ""},
		{"judged apart, they do not", []string{"run", "--max-states", "3", "violates.scenario", "growing.scenario"}, 1,
			"violates.scenario:2: ok\nviolates.scenario:8: bounded at 3 possible states\ngrowing.scenario:1: ok\ngrowing.scenario:7: ok\n", ""},
		{"0: no bound", []string{"run", "--max-states", "0", "violates.scenario"}, 1,
			"violates.scenario:1: violates lync-always-shows-a-photo: not violated (in 4 of 4 possible runs it holds)\n" +
				"violates.scenario:2: ok\nviolates.scenario:8: ok\n", ""},
		{"negative", []string{"run", "--max-states", "-1", "growing.scenario"}, 2, "",
			"photosync run: --max-states -1 (want a number ≥ 0)\n"},
		{"report: judged apart", []string{"report", "--max-states", "3", "growing.scenario"}, 1, "",
			"photosync report: growing.scenario:7: bounded at 3 possible states\n"},
		{"report: negative", []string{"report", "--max-states", "-2", "growing.scenario"}, 2, "",
			"photosync report: --max-states -2 (want a number ≥ 0)\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, stdout, stderr := call(t, dir, newJudge(2), c.args...)
			if code != c.code {
				t.Errorf("exit %d, want %d", code, c.code)
			}
			if diff := cmp.Diff(c.stdout, stdout); diff != "" {
				t.Errorf("stdout (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(c.stderr, stderr); diff != "" {
				t.Errorf("stderr (-want +got):\n%s", diff)
			}
		})
	}
	code, stdout, _ := call(t, dir, newJudge(2), "report", "--max-states", "4", "growing.scenario")
	if code != 0 || !strings.Contains(stdout, "growing.md") {
		t.Errorf("report within the bound: exit %d, stdout %q", code, stdout)
	}
}
