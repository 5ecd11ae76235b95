package reference

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"photosync/scenario"
)

// corpus lists the scenarios the reference replays: every scenario of the
// scenario package's corpus that TestScenarios runs (testdata/*.scenario
// and testdata/judge/*.scenario; their expect and observe lines hold under
// the fast runner).
func corpus(t *testing.T) []string {
	t.Helper()
	var files []string
	for _, pattern := range []string{"../scenario/testdata/*.scenario", "../scenario/testdata/judge/*.scenario"} {
		m, err := filepath.Glob(pattern)
		if err != nil || len(m) == 0 {
			t.Fatalf("no files match %s (%v)", pattern, err)
		}
		files = append(files, m...)
	}
	return files
}

// TestCorpus replays every corpus scenario on the reference: each expect
// line must get exactly its set, each observe line must be possible. The
// corpus was written from the SPEC by hand, so this checks the reference
// as much as the model; a scenario too big for the reference is named and
// skipped.
func TestCorpus(t *testing.T) {
	for _, file := range corpus(t) {
		name := strings.TrimSuffix(strings.TrimPrefix(file, "../scenario/testdata/"), ".scenario")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			sc, err := scenario.Parse(file, data)
			if err != nil {
				t.Fatal(err)
			}
			r, err := scenario.ResolveRules(sc, "", os.ReadFile)
			if err != nil {
				t.Fatal(err)
			}
			res, err := Run(sc, r, Options{})
			var big *TooBigError
			if errors.As(err, &big) {
				t.Skipf("too big for the reference: %v", err)
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range res.Views {
				if !v.Held {
					t.Errorf("%s:%d: the reference allows %s", file, v.Line, scenario.JoinPhotos(v.Photos))
				}
			}
		})
	}
}
